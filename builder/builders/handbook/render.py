"""Course model → HTML (Jinja2) → laid-out WeasyPrint Document → PDF bytes that never vary.

Reproducibility: WeasyPrint 70 with `pdf/ua-1` writes no dates and no random document id
(only PDF/X-4 does), so the variable parts are ours to control: the base URL (a fixed,
invalid https address instead of a file:// path of the build folder), the file identifier
(a hash of what was rendered: the HTML, the CSS and the bytes of every asset) and the cover
date (course.date or SOURCE_DATE_EPOCH).

WeasyPrint does not raise on a picture it cannot load or a CSS rule it ignores: it logs them
on the `weasyprint` logger and goes on. `weasyprint_messages` collects those lines so that
the build can report them.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import weasyprint
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from lxml import etree
from lxml import html as lxml_html
from lxml.builder import E

from builder.builders.handbook import classroom, content, scenarios
from builder.builders.handbook.crossref import CrossRefs
from builder.builders.handbook.fonts import stack_for
from builder.builders.handbook.scenariomap import data_uri, dot_source, render_svg
from builder.builders.handbook.strings import Strings, css_string
from builder.builders.handbook.typeset import keep_words_in_headers
from builder.collation import in_dictionary_order
from builder.questions import kind_of
from builder.scenario.rules import lesson_shares
from builder.structure import Course, GlossaryEntry, Material
from builder.termlinks import link_terms
from builder.writer import source_date_epoch

PACKAGE = Path(__file__).resolve().parent.parent.parent
TEMPLATES = PACKAGE / "templates" / "handbook"
STYLESHEET = PACKAGE / "static" / "handbook" / "handbook.css"
# The scenarios' print style, a file of its own beside the handbook's (the workbook's paper game, the guide's map).
SCENARIO_STYLESHEET = PACKAGE / "static" / "handbook" / "scenarios.css"
# Relative hrefs (the lesson media) resolve against this and are served from the model by AssetFetcher;
# a fixed address keeps the build folder's path out of the PDF.
BASE_URL = "https://handbook.coursebuild.invalid/"
SVG_DATA = "data:image/svg+xml;base64,"
PAPER = {"a4": "A4", "letter": "letter"}  # each of options.PAPERS as CSS names it
# Two cards fit a page of the printables: its height less the margins (2 × 12 mm) and a cut gap, halved.
CARD_HEIGHT = {"a4": ("128mm", "262mm"), "letter": ("119mm", "244mm")}  # two a page, one a page


@dataclass(frozen=True)
class HandbookSpec:
    language: str
    edition: str  # participant | facilitator | printables
    paper: str  # a4 | letter
    sides: str = "double"  # double | single (the printables are always single-sided)


def file_name(course: Course, spec: HandbookSpec) -> str:
    return f"{course.id}-{course.version}-{spec.language}-{spec.edition}.pdf"


@cache
def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(agenda=content.agenda, activity_anchor=content.activity_anchor, letter=content.letter,
                       ordering_items=content.ordering_items, matching_right=content.matching_right,
                       page_parts=content.page_parts,
                       answers=content.answers, reasons=content.reasons, kind_of=kind_of,
                       day_schedule=classroom.day_schedule, printable_anchor=classroom.printable_anchor,
                       page_range=classroom.page_range, copies=classroom.copies, lesson_of=classroom.lesson_of,
                       printed_scenario=scenarios.printed_scenario, scenario_anchor=scenarios.scenario_anchor,
                       page_phrase=scenarios.page_phrase, condition_text=scenarios.condition_text,
                       effects_text=scenarios.effects_text, speaker=scenarios.speaker,
                       pause_points=scenarios.pause_points, model_steps=scenarios.model_steps,
                       section_mark=scenarios.section_mark, points_mark=scenarios.points_mark,
                       lesson_shares=lesson_shares)
    return env


def cover_date(course: Course, strings: Strings) -> str:
    """The course's own date, else SOURCE_DATE_EPOCH's day: never the clock."""
    if course.date:
        year, month, day = (int(part) for part in course.date[:10].split("-"))
    else:
        stamp = time.gmtime(source_date_epoch())
        year, month, day = stamp.tm_year, stamp.tm_mon, stamp.tm_mday
    return strings("date", year=year, month=strings.raw("months")[month - 1], month_number=month, day=day)


def document_title(course: Course, spec: HandbookSpec) -> str:
    return f"{course.title[spec.language]} — {Strings(spec.language)(f'edition.{spec.edition}')}"


def handbook_html(course: Course, spec: HandbookSpec, refs: CrossRefs, proof: bool = False) -> str:
    """The handbook's HTML; a `proof` (the preview's print proof) holds only the lessons' pages."""
    strings = Strings(spec.language)

    def materials(items: tuple[Material, ...]) -> list[str]:
        if spec.edition == "participant":  # learners see what they will be handed, not print-shop details
            return [m.text[spec.language] if m.text else course.printable(m.printable or "").title[spec.language]
                    for m in items]
        return [classroom.material_line(m, course, spec.language, strings, refs.printables) for m in items]

    def scenario_map(printed: scenarios.PrintedScenario) -> str:
        return data_uri(render_svg(printed, spec.language, stack_for(spec.language), strings))

    def map_alt(printed: scenarios.PrintedScenario) -> str:
        path = [section.number for section, _, _ in scenarios.model_steps(printed)]
        path.append(printed.of_node(printed.scenario.facts.model_ending).number)
        return strings("scenario.map.alt", title=printed.scenario.title[spec.language],
                       nodes=len(printed.sections), endings=len(printed.endings),
                       path=strings("list_sep").join(str(n) for n in path))

    template = "printables.html" if spec.edition == "printables" else "handbook.html"
    return keep_words_in_headers(_environment().get_template(template).render(
        course=course, lang=spec.language, edition=spec.edition, t=strings, proof=proof,
        glossary=in_dictionary_order(course.glossary, spec.language, lambda e: e.term[spec.language], lambda e: e.id),
        cover_date=cover_date(course, strings), document_title=document_title(course, spec),
        refs=refs, materials=materials, printed=content.printed_choices(course), scenario_map=scenario_map,
        map_alt=map_alt, terms=lambda html: link_terms(html, course.glossary, spec.language, _print_term)),
        spec.language)


def language_css(course: Course, spec: HandbookSpec) -> str:
    strings = Strings(spec.language)
    stack = stack_for(spec.language)
    return _environment().get_template("language.css").render(
        paper=PAPER[spec.paper], serif=stack.css("serif"), sans=stack.css("sans"), edition=spec.edition,
        single=spec.sides == "single" or spec.edition == "printables", card_height=CARD_HEIGHT[spec.paper],
        course_title=css_string(course.title[spec.language]), blank=css_string(strings("blank")),
        page_of=strings.css_pieces("page_of", page="counter(page)", pages="counter(pages)"),
        term_ref=strings.css_pieces("term_ref", page="target-counter(attr(href), page)"),
        primary=course.theme.primary if course.theme else None)


def _print_term(entry: GlossaryEntry, written: str) -> list[etree._Element]:
    """A glossary term in printed text: the term as written, then an inline link to its glossary entry, whose
    ::after prints the entry's page (language.css, "term_ref"): a plain inline link, as target-counter() needs
    (FIELD-NOTES: no footnotes, no flex links)."""
    return [E.span(written, {"class": "term"}), E.a({"class": "term-ref", "href": f"#glossary-{entry.id}"})]


def printed_text(course: Course, spec: HandbookSpec) -> list[str]:
    """Every character the handbook can print: its HTML's text and the words of its page furniture."""
    tree = lxml_html.document_fromstring(handbook_html(course, spec, CrossRefs()))
    body = tree.find("body")
    strings = Strings(spec.language)
    # The guide's scenario maps are pictures whose labels the HTML does not hold: their DOT text does.
    maps = [dot_source(scenarios.printed_scenario(scenario), spec.language, stack_for(spec.language), strings)
            for lesson in course.lessons for scenario in lesson.scenarios] if spec.edition == "facilitator" else []
    return [*body.itertext(), *maps, course.title[spec.language], strings("blank"), strings.raw("page_of"),
            "0123456789.·"]


class AssetFetcher(weasyprint.URLFetcher):
    """Serves the course's media from the model; nothing is read from disk or the network."""

    def __init__(self, course: Course) -> None:
        super().__init__(allowed_protocols=("https",))
        lesson_assets = (asset for lesson in course.lessons for asset in lesson.assets)
        self._assets = {BASE_URL + asset.href: asset for asset in (*course.assets, *lesson_assets)}

    def fingerprint(self) -> list[bytes]:
        """Every asset it can serve, as its address and a digest of its bytes: a replaced picture changes it."""
        return [url.encode() + b"\0" + hashlib.sha256(asset.data).digest() for url, asset in sorted(self._assets.items())]

    def fetch(self, url: str, headers: object = None) -> weasyprint.urls.URLFetcherResponse:
        if url.startswith(SVG_DATA):  # a scenario map, drawn for this handbook and carried in its HTML
            return weasyprint.urls.URLFetcherResponse(url, base64.b64decode(url[len(SVG_DATA):]),
                                                      {"Content-Type": "image/svg+xml"})
        asset = self._assets.get(url)
        if asset is None:
            raise ValueError(f"not a course asset: {url}")
        return weasyprint.urls.URLFetcherResponse(url, asset.data, {"Content-Type": asset.media_type})


@dataclass
class Laidout:
    document: weasyprint.Document
    identifier: bytes  # the PDF file identifier: a digest of what was rendered, the same for the same sources

    def pdf_bytes(self) -> bytes:
        return self.document.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=self.identifier)


def layout(course: Course, spec: HandbookSpec, refs: CrossRefs, proof: bool = False) -> Laidout:
    fetcher = AssetFetcher(course)
    stylesheet = STYLESHEET.read_text(encoding="utf-8") + SCENARIO_STYLESHEET.read_text(encoding="utf-8")
    page_css = language_css(course, spec)
    source = handbook_html(course, spec, refs, proof)
    digest = hashlib.sha256()
    for part in (stylesheet.encode(), page_css.encode(), source.encode(), *fetcher.fingerprint()):
        digest.update(part + b"\0")
    document = weasyprint.HTML(string=source, base_url=BASE_URL, url_fetcher=fetcher).render(stylesheets=[
        weasyprint.CSS(string=stylesheet, base_url=BASE_URL, url_fetcher=fetcher),
        weasyprint.CSS(string=page_css, base_url=BASE_URL, url_fetcher=fetcher)])
    return Laidout(document, digest.hexdigest()[:32].encode())


class _Collector(logging.Handler):
    def __init__(self, messages: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.messages = messages

    def emit(self, record: logging.LogRecord) -> None:
        # Addresses of course media are shown as the path the pages use, not our made-up base URL.
        message = record.getMessage().replace(BASE_URL, "")
        if message not in self.messages:
            self.messages.append(message)


@contextmanager
def weasyprint_messages() -> Iterator[list[str]]:
    """The warnings and errors WeasyPrint logs while the block runs, each once, in order."""
    messages: list[str] = []
    collector = _Collector(messages)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collector)
    try:
        yield messages
    finally:
        logger.removeHandler(collector)
