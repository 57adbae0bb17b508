"""The handbook builder's options: the `handbook` section of course.yaml and the command line's flags. Light on
purpose: the command line reads it for every build, and WeasyPrint loads only when handbooks are built."""

from __future__ import annotations

from builder.builders.options import Option
from builder.loader.schema import Choice

SECTION = "handbook"
EDITIONS = ("participant", "facilitator", "printables")
PAPERS = ("a4", "letter")
SIDES = ("double", "single")  # double: lessons start on right-hand pages; single: no blank pages

OPTIONS = (
    Option("editions", Choice(*EDITIONS), default=(), flag="--edition", multiple=True,
           help="Handbook edition; repeat. Default: all (printables when the course has some)."),
    Option("paper", Choice(*PAPERS), default="a4", flag="--paper", key="paper",
           help="Handbook paper size (overrides the course)."),
    Option("sides", Choice(*SIDES), default="double", flag="--sides", key="sides",
           help="Handbooks printed on both sides of the paper (lessons open on the right) or on one side "
                "(no blank pages); overrides the course."),
)
