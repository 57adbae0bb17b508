"""SVG images are rebuilt from an allow-list: nothing that runs or reaches outside survives, what was removed
is named, the drawing itself is kept, and the same file always gives the same bytes."""

from __future__ import annotations

from pathlib import Path

import lxml.etree
import pytest

from builder.loader import load_course
from builder.loader.svg import SVG, XLINK, SvgProblem, sanitise_svg
from tests.edits import ASSETS, PAGE, line_of, write

HOSTILE = b"""<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY lol "lol">]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10"
     onload="alert(1)">
  <script>alert(2)</script>
  <script xlink:href="https://evil.example/x.js"/>
  <foreignObject width="5" height="5"><iframe xmlns="http://www.w3.org/1999/xhtml" src="javascript:alert(3)"/></foreignObject>
  <html:script xmlns:html="http://www.w3.org/1999/xhtml">alert(4)</html:script>
  <a href="javascript:alert(5)"><text x="1" y="5">Label</text></a>
  <a xlink:href="https://evil.example/"><rect width="1" height="1"/></a>
  <use href="https://evil.example/sprite.svg#icon"/>
  <use xlink:href="#local"/>
  <image href="https://evil.example/track.png" width="1" height="1"/>
  <image xlink:href="file:///etc/passwd" width="1" height="1"/>
  <image href="data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDgpPC9zY3JpcHQ+PC9zdmc+" width="1" height="1"/>
  <image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>
  <style>@import url(https://evil.example/x.css); rect { fill: red }</style>
  <style>rect { background: url(http://evil.example/t.png) }</style>
  <style>rect { stroke: blue }</style>
  <style>rect { background: u\\72l(http://evil.example/t.png) }</style>
  <rect id="local" width="2" height="2" style="fill: url(https://evil.example/p)" onclick="x()" ONMOUSEOVER="y()"/>
  <rect width="3" height="3" fill="url(http://evil.example/paint)" filter="url(#blur)"/>
  <animate attributeName="href" to="javascript:alert(6)"/>
  <set attributeName="onclick" to="alert(7)"/>
  <text x="1" y="9">&xxe;&lol;</text>
  <iframe src="https://evil.example"/>
  <embed src="https://evil.example"/>
  <filter id="blur"><feGaussianBlur stdDeviation="1"/><feImage href="https://evil.example/i.png"/></filter>
  <linearGradient id="grad"><stop offset="0" stop-color="red"/></linearGradient>
  <circle r="1" fill="url(#grad)"/>
  <text x="2" y="2">Before <tspan font-weight="bold">bold</tspan> after</text>
</svg>
"""

RUNS_OR_FETCHES = {"script", "foreignObject", "animate", "set", "animateTransform", "animateMotion", "iframe",
                   "embed", "object", "feImage", "a", "handler", "discard"}


def _elements(data: bytes) -> list[lxml.etree._Element]:
    return list(lxml.etree.fromstring(data).iter())


def test_nothing_that_runs_or_fetches_survives() -> None:
    clean = sanitise_svg(HOSTILE).data
    for element in _elements(clean):
        namespace, name = element.tag[1:].split("}")
        assert namespace == SVG, element.tag
        assert name not in RUNS_OR_FETCHES, name
        for attribute, value in element.attrib.items():
            assert not attribute.lower().startswith("on"), attribute
            if attribute in ("href", f"{{{XLINK}}}href"):
                assert value.startswith(("#", "data:image/png;")), value
            assert "url(" not in value or "url(#" in value, value
        if name == "style":
            assert "@import" not in element.text and "http" not in element.text and "\\" not in element.text
    for word in (b"javascript", b"evil.example", b"ENTITY", b"passwd", b"alert", b"xxe", b"svg+xml", b"DOCTYPE"):
        assert word not in clean, word


def test_the_drawing_is_kept() -> None:
    clean = sanitise_svg(HOSTILE).data
    root = lxml.etree.fromstring(clean)
    names = [element.tag.split("}")[1] for element in root.iter()]
    for kept in ("rect", "circle", "linearGradient", "stop", "filter", "feGaussianBlur", "use", "image", "style",
                 "tspan"):
        assert kept in names, kept
    texts = [" ".join(element.itertext()) for element in root.iter(f"{{{SVG}}}text")]
    assert "Label" in texts[0], "a link's content stays, without the link"
    assert "Before bold after" in " ".join(texts).replace("  ", " ")
    assert root.get("viewBox") == "0 0 10 10"
    assert any(style.text.strip() == "rect { stroke: blue }" for style in root.iter(f"{{{SVG}}}style"))


def test_what_was_removed_is_named() -> None:
    removed = " | ".join(sanitise_svg(HOSTILE).removed)
    for named in ("<script>", "<foreignObject>", "the event handler onload=", "the event handler onclick=",
                  "entity declarations", "links (<a>)", "<use> that refers", "<image> that refers", "<style> that",
                  "<animate>", "<set>", "<iframe>", "<embed>", "<feImage>", "the entity reference &xxe;"):
        assert named in removed, named


def test_same_file_same_bytes_and_a_clean_file_stays_as_it_is() -> None:
    once = sanitise_svg(HOSTILE)
    assert sanitise_svg(HOSTILE).data == once.data
    again = sanitise_svg(once.data)
    assert again.data == once.data and again.removed == []


def test_drawing_program_data_is_dropped_without_a_word() -> None:
    inkscape = (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"'
                b' xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" data-name="Layer 1">'
                b'<sodipodi:namedview pagecolor="#fff"/><metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf'
                b'-syntax-ns#"/></metadata><!-- made by hand --><rect width="1" height="1" inkscape:label="box"/></svg>')
    clean = sanitise_svg(inkscape)
    assert clean.removed == []
    assert b"inkscape" not in clean.data and b"sodipodi" not in clean.data and b"rect" in clean.data


def test_an_entity_bomb_is_never_expanded() -> None:
    laughs = "".join(f'<!ENTITY l{n} "{("&l" + str(n - 1) + ";") * 10}">' for n in range(1, 10))
    bomb = (f'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY l0 "lol">{laughs}]>'
            '<svg xmlns="http://www.w3.org/2000/svg"><text>&l9;</text></svg>').encode()
    try:
        clean = sanitise_svg(bomb)
    except SvgProblem:
        return  # libxml2 refuses the file outright: as safe an answer as any
    assert len(clean.data) < 200 and b"lol" not in clean.data
    assert "entity declarations (<!ENTITY …>)" in clean.removed


@pytest.mark.parametrize("data", [b"<svg><g></svg>", b"<html/>", b"not xml", b""])
def test_what_is_not_an_svg_is_refused(data: bytes) -> None:
    with pytest.raises(SvgProblem):
        sanitise_svg(data)


def test_the_model_holds_the_sanitised_bytes_and_the_author_is_told(course_copy: Path) -> None:
    write(course_copy, f"{ASSETS}/headset.svg", HOSTILE)
    course, report = load_course(course_copy)
    assert course is not None, report.render()
    (asset,) = course.lessons[0].assets
    assert asset.data == sanitise_svg(HOSTILE).data
    (warning,) = [d for d in report.warnings if d.code == "svg-sanitised" and d.file == PAGE]
    assert warning.line == line_of(course_copy, PAGE, "headset.svg")
    assert "<script>" in warning.message and "scripts" in warning.hint
