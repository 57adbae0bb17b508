"""The SCORM builders' options: the `packaging` section of course.yaml and the command line's flags."""

from __future__ import annotations

from builder.builders.options import Option
from builder.builders.scorm.manifest import Gating, Sequencing
from builder.loader.schema import Choice
from builder.runtime.units import PackagingMode

SECTION = "packaging"

OPTIONS = (
    Option("mode", Choice(*(m.value for m in PackagingMode)), default="single", flag="--mode", key="mode",
           help="SCORM packaging: one SCO for the course, or one per lesson (overrides the course)."),
    Option("sequencing", Choice(*(s.value for s in Sequencing)), default="linear", key="sequencing"),
    Option("scorm2004_edition", Choice(3, 4), default=4, flag="--scorm2004-edition", key="scorm2004_edition",
           help="SCORM 2004 edition (overrides the course)."),
    Option("scorm2004_gating", Choice(*(g.value for g in Gating)), default="objectives", flag="--scorm2004-gating",
           help="How linear per-lesson SCORM 2004 keeps lessons in order: objectives (default; a lesson opens once "
                "the one before is passed) or flow (Continue/Previous only, no objective maps). See docs/scorm.md.",
           fixed_by_preset="SCORM 2004 lessons"),
)
