"""The options a builder declares on its class, in the manner of MkDocs' config options: each one is a
command-line flag, a key of the builder's section of course.yaml, or both, with its type (which checks
course.yaml, presets.yaml and the flag's values alike), its default and its help. The command line and the
loader collect them from every builder; a builder reads the value that applies with `Builder.setting(name)`:
the command line's (or a preset's), else course.yaml's, else the default.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import click

from builder.loader.schema import Bool, Choice, Field, Record, Type


@dataclass(frozen=True)
class Option:
    name: str  # what the builder and presets.yaml call it
    type: Type  # its values
    default: Any = None
    flag: str | None = None  # e.g. "--paper"; None: course.yaml only
    key: str | None = None  # its key in the builder's section of course.yaml; None: the command line only
    help: str = ""
    multiple: bool = False  # the flag may be given several times (the value is a tuple; empty: the default)
    # Non-empty: a preset's value for it is what the LMS can take, and the command line may not say otherwise;
    # the text names what it governs, for the message ("SCORM 2004 lessons").
    fixed_by_preset: str = ""

    def click_option(self) -> Any:
        """The click decorator of its flag."""
        assert self.flag
        if isinstance(self.type, Bool):
            return click.option(self.flag, self.name, is_flag=True, default=None, help=self.help)
        assert isinstance(self.type, Choice), f"{self.name}: a flag takes one of a few values"
        return click.option(self.flag, self.name, type=click.Choice([str(v) for v in self.type.values]),
                            multiple=self.multiple, help=self.help)

    def from_flag(self, given: Any) -> Any:
        """The flag's text as the option's value (`--scorm2004-edition 3` is the number 3, as in course.yaml)."""
        if isinstance(self.type, Choice):
            values = {str(v): v for v in self.type.values}
            return tuple(values[g] for g in given) if self.multiple else values[given]
        return given


def section_record(options: Iterable[Option]) -> Record:
    """A builder's section of course.yaml: its options that have a key."""
    return Record([Field(o.key, o.type, default=o.default) for o in options if o.key])


def resolve(option: Option, given: Mapping[str, Any], section: Mapping[str, Any] | None) -> Any:
    """The value that applies: given on the command line (or by a preset), else in course.yaml, else the default."""
    if given.get(option.name) not in (None, ()):
        return given[option.name]
    if option.key and section is not None and section.get(option.key) is not None:
        return section[option.key]
    return option.default
