"""coursebuild: plain-text courses to SCORM packages and printable handbooks."""

__version__ = "0.1.0"
