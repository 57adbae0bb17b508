"""SCORM 1.2 and 2004 packages of the runtime (builder/runtime): the packaging (package, manifest, checks, xsd,
moodle)."""
