"""SCORM 1.2 and 2004 packages: the player (player.py, suspend.py) and the packaging (manifest, package, checks, xsd)."""
