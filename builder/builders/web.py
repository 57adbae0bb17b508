"""`coursebuild build -f web`: the course as an offline web site, one zip (and, asked for, one folder).

It opens from index.html, on a laptop (file://) or an intranet server, with no LMS: the same player as the
SCORM packages, with the runtime's adapter for no LMS, so progress is kept in the browser (localStorage). Every
built language is in the one site, each in a folder of its own (`en/index.html`); index.html lists them and
opens the one the browser prefers (or the learner chose before), and each player links back to that list.
"""

from __future__ import annotations

from functools import cache
from typing import ClassVar

import jinja2

from builder.builders.base import Builder
from builder.builders.options import Option
from builder.loader.schema import Bool
from builder.localization import resolve_in
from builder.runtime.files import STRINGS, TEMPLATES, Delivery, delivery_files, ui_strings
from builder.runtime.units import text_in
from builder.writer import Stage

CHOOSER_TEMPLATES = TEMPLATES.parent.parent / "templates" / "web"
LANGUAGES_ANCHOR = "languages"  # index.html#languages shows the list instead of opening a language


class WebBuilder(Builder):
    name: ClassVar[str] = "web"
    description: ClassVar[str] = "offline web site of the course, every language in one (index.html chooses)"
    section = "web"
    options = (
        Option("web_folder", Bool(), default=False, flag="--web-folder", key="folder",
               help="Also write the web site as a folder beside its zip, ready to copy to a server."),
    )

    def init(self) -> None:
        self.warn_untranslated("player", STRINGS)

    def write(self, staging: Stage) -> None:
        entries = self.site()
        name = f"{self.course.id}-{self.course.version}-web"
        languages = ",".join(self.languages)
        description = f"web site, {len(self.languages)} language{'s' if len(self.languages) != 1 else ''}"
        staging.write_zip(self.name, languages, f"{name}.zip", entries.items(), description=description)
        if self.setting("web_folder"):
            staging.write_folder(self.name, languages, name, entries.items(), description=description)

    def site(self) -> dict[str, bytes]:
        """Every file of the site by path: the language list at the top, each language's player in its folder."""
        several = len(self.languages) > 1
        delivery = Delivery("none", languages_href=f"../index.html#{LANGUAGES_ANCHOR}" if several else "")
        files = {"index.html": self.chooser()}
        for language in self.languages:
            files.update({f"{language}/{path}": data
                          for path, data in delivery_files(self.course, language, delivery).items()})
        return files

    def chooser(self) -> bytes:
        first = self.languages[0]
        choices = [{"tag": language, "title": text_in(self.course.title, language, self.course),
                    "name": language_name(language)} for language in self.languages]
        # Which folder a browser language opens: each built language by its tag, then by its shorter forms
        # (zh-Hant also for zh), the first built language first.
        matches: dict[str, str] = {}
        for language in self.languages:
            parts = language.lower().split("-")
            for size in range(len(parts), 0, -1):
                matches.setdefault("-".join(parts[:size]), language)
        html = _environment().get_template("index.html").render(
            language=first, title=text_in(self.course.title, first, self.course), choices=choices,
            matches=matches, only=None if len(self.languages) > 1 else first, anchor=LANGUAGES_ANCHOR,
            key=f"coursebuild:{self.course.id}:language", stylesheet=f"{first}/player/player.css")
        return html.encode("utf-8")


def language_name(language: str) -> str:
    """The language's name in itself, from the player's words; the tag when coursebuild has no words in it."""
    return language if resolve_in(STRINGS, language).untranslated else ui_strings(language)["languageName"]


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(CHOOSER_TEMPLATES), autoescape=True,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
