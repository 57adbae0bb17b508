"""The handbook builder's options: the `handbook` section of course.yaml and the command line's flags. Light on
purpose: the command line reads it for every build, and WeasyPrint loads only when handbooks are built."""

from __future__ import annotations

from builder.builders.options import Option
from builder.loader.schema import Choice

SECTION = "handbook"
EDITIONS = ("participant", "facilitator")
PAPERS = ("a4", "letter")

OPTIONS = (
    Option("editions", Choice(*EDITIONS), default=(), flag="--edition", multiple=True,
           help="Handbook edition; repeat. Default: both."),
    Option("paper", Choice(*PAPERS), default="a4", flag="--paper", key="paper",
           help="Handbook paper size (overrides the course)."),
)
