"""The publisher ids of a cmi5 package: IRIs made only from the course id, version and package language.

cmi5 wants every id in cmi5.xml (course, blocks, AUs, objectives) to be a fully qualified IRI, unique in the
course structure (spec 3.0, 13.1). LMSs and LRS reports follow these ids across uploads, so they must never
depend on anything but what names the content:

    {base}{course id}{sep}{version}[{sep}{language}]          the course
    …{sep}lesson{sep}{lesson id}                              a lesson (a <block>)
    …{sep}lesson{sep}{lesson id}{sep}au                       a lesson's unit (per-lesson packaging)
    …{sep}au                                                  the whole course as one unit (single packaging)
    …{sep}assessment                                          the final assessment's unit (per-lesson)
    …{sep}objective{sep}{objective id}                        a lesson objective

`sep` is ':' under a URN base and '/' under an http(s) base. The default base is `urn:coursebuild:`; an
organisation that wants resolvable ids sets an https base it controls (for example
`https://learning.example.com/courses/`). The language is part of the ids of a one-language package of a
multilingual course: the English and the Chinese zips are different packages, and an LMS that keys uploads by
course id must not take one for a new version of the other (the SCORM manifests' identifiers do the same).
Lesson, objective and course ids are lowercase letters, digits and hyphens, and versions letters, digits, '.',
'+' and '-' (the loader's patterns), so nothing needs escaping.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from builder.structure import Course

DEFAULT_BASE = "urn:coursebuild:"

# RFC 3986 scheme; an IRI may hold any Unicode character except these (RFC 3987 excludes them from every part).
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*\Z")
_NOT_IN_IRI = re.compile(r"[\x00-\x20\x7f-\x9f<>\"{}|\\^`]")
_URN_NID = re.compile(r"urn:[A-Za-z0-9][A-Za-z0-9-]{0,30}[A-Za-z0-9]:", re.IGNORECASE)


class BadBase(ValueError):
    """An id base that cannot prefix cmi5 ids; the message says what to write instead."""


def check_base(base: str) -> str:
    """The base as given, or BadBase: a URN namespace ending in ':' or an http(s) URL ending in '/'."""
    if _NOT_IN_IRI.search(base):
        raise BadBase(f"the cmi5 id base {base!r} holds a space or a character IRIs do not allow")
    if base.lower().startswith("urn:"):
        if not _URN_NID.match(base) or not base.endswith(":"):
            raise BadBase(f"the cmi5 id base {base!r} is not a URN prefix such as 'urn:coursebuild:' (end it with ':')")
        return base
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc or not base.endswith("/") or parts.query or parts.fragment:
        raise BadBase(f"the cmi5 id base {base!r} must be a URN prefix ending in ':' or an http(s) URL ending in '/', "
                      "such as 'https://learning.example.com/courses/'")
    return base


def is_absolute_iri(text: str) -> bool:
    """Whether `text` is a fully qualified IRI (a scheme, then something), not an IRI reference (spec 3.0)."""
    scheme, colon, rest = text.partition(":")
    return bool(colon and rest and _SCHEME.match(scheme) and not _NOT_IN_IRI.search(text))


@dataclass(frozen=True)
class PackageIris:
    """The ids of one package; `root` is the course's IRI."""

    root: str
    separator: str

    def _join(self, *parts: str) -> str:
        return self.separator.join((self.root, *parts))

    @property
    def course(self) -> str:
        return self.root

    def lesson(self, lesson_id: str) -> str:
        return self._join("lesson", lesson_id)

    def lesson_unit(self, lesson_id: str) -> str:
        return self._join("lesson", lesson_id, "au")

    @property
    def course_unit(self) -> str:
        return self._join("au")

    @property
    def assessment_unit(self) -> str:
        return self._join("assessment")

    def objective(self, objective_id: str) -> str:
        return self._join("objective", objective_id)


def package_iris(course: Course, languages: tuple[str, ...], base: str = DEFAULT_BASE) -> PackageIris:
    """The ids of a package holding `languages`: the language is named when the package holds one language
    of a course written in several."""
    base = check_base(base)
    separator = ":" if base.lower().startswith("urn:") else "/"
    parts = [course.id, course.version]
    if len(languages) == 1 and len(course.languages) > 1:
        parts.append(languages[0])
    return PackageIris(base + separator.join(parts), separator)
