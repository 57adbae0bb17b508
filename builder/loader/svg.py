"""SVG images rebuilt from an allow-list, so that nothing in a package can run or reach out.

An SVG is a document, not a picture: opened on its own from the LMS's domain, a `<script>`, an `onload=`
or a `javascript:` link in it runs there. No well-kept SVG sanitiser exists for Python, so the file is
parsed by lxml with everything that reaches outside switched off (no DTD, no entities, no network), and a
new tree is built holding only the drawing: known SVG elements, their presentation and geometry
attributes, links inside the file (`#id`) and embedded raster pictures. Everything else is left behind and
named, so the author can be told what went. The same bytes always give the same result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.etree

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"

# What drawing programs (Inkscape, Illustrator, Sketch, Affinity) add for themselves: dropped without a word.
_EDITOR_NAMESPACES = (
    "http://www.inkscape.org/namespaces/", "http://sodipodi.sourceforge.net/", "http://www.w3.org/1999/02/22-rdf",
    "http://creativecommons.org/ns", "http://purl.org/dc/", "http://ns.adobe.com/", "http://www.bohemiancoding.com/",
    "http://www.serif.com/", "http://svgjs.", "&ns_",
)
_SILENT_ELEMENTS = {"metadata"}

_ELEMENTS = {
    "svg", "g", "defs", "symbol", "use", "title", "desc", "switch",
    "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
    "text", "tspan", "textPath",
    "linearGradient", "radialGradient", "stop", "pattern", "clipPath", "mask", "marker", "style", "image",
    "filter", "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite", "feConvolveMatrix",
    "feDiffuseLighting", "feDisplacementMap", "feDistantLight", "feDropShadow", "feFlood", "feFuncA", "feFuncB",
    "feFuncG", "feFuncR", "feGaussianBlur", "feMerge", "feMergeNode", "feMorphology", "feOffset",
    "fePointLight", "feSpecularLighting", "feSpotLight", "feTile", "feTurbulence",
}
_ATTRIBUTES = {
    # core, accessibility
    "id", "class", "lang", "style", "role", "aria-label", "aria-labelledby", "aria-describedby", "aria-hidden",
    "focusable", "version", "baseProfile", "requiredFeatures", "requiredExtensions", "systemLanguage",
    # geometry
    "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "fr", "width", "height", "d",
    "points", "dx", "dy", "rotate", "textLength", "lengthAdjust", "viewBox", "preserveAspectRatio", "pathLength",
    "transform", "offset", "startOffset", "method", "spacing", "side",
    # paint servers, clipping, markers
    "gradientUnits", "gradientTransform", "spreadMethod", "patternUnits", "patternContentUnits",
    "patternTransform", "clipPathUnits", "maskUnits", "maskContentUnits", "markerUnits", "markerWidth",
    "markerHeight", "refX", "refY", "orient",
    # filters
    "filterUnits", "primitiveUnits", "in", "in2", "result", "stdDeviation", "mode", "operator", "k1", "k2", "k3",
    "k4", "values", "type", "tableValues", "slope", "intercept", "amplitude", "exponent", "baseFrequency",
    "numOctaves", "seed", "stitchTiles", "scale", "xChannelSelector", "yChannelSelector", "radius",
    "kernelMatrix", "kernelUnitLength", "order", "divisor", "bias", "targetX", "targetY", "edgeMode",
    "preserveAlpha", "surfaceScale", "diffuseConstant", "specularConstant", "specularExponent", "azimuth",
    "elevation", "z", "pointsAtX", "pointsAtY", "pointsAtZ", "limitingConeAngle",
    # presentation
    "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin",
    "stroke-dasharray", "stroke-dashoffset", "stroke-miterlimit", "stroke-opacity", "opacity", "clip-path",
    "clip-rule", "mask", "filter", "marker-start", "marker-mid", "marker-end", "color", "display", "visibility",
    "overflow", "clip", "font-family", "font-size", "font-size-adjust", "font-weight", "font-style",
    "font-variant", "font-stretch", "text-anchor", "dominant-baseline", "alignment-baseline", "baseline-shift",
    "letter-spacing", "word-spacing", "text-decoration", "writing-mode", "direction", "unicode-bidi",
    "stop-color", "stop-opacity", "flood-color", "flood-opacity", "lighting-color", "color-interpolation",
    "color-interpolation-filters", "shape-rendering", "text-rendering", "image-rendering", "paint-order",
    "vector-effect", "mix-blend-mode", "isolation", "enable-background",
}
# Raster pictures embedded in the file are kept; anything an <image> would fetch is not.
_EMBEDDED_PICTURE = re.compile(r"^data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*$")
# CSS that fetches (url() to anything but #id, @import, fonts) or runs (old IE and Firefox hooks); escapes
# (\75 rl) would hide all of these, so any backslash refuses the CSS too.
_UNSAFE_CSS = re.compile(r"@import|@font-face|url\s*\(\s*(?![\"']?#)|expression\s*\(|javascript:|behavior\s*:|"
                         r"-moz-binding|\\", re.I)


class SvgProblem(Exception):
    """The file cannot be an SVG picture at all (not XML, or not <svg>)."""


@dataclass
class Sanitised:
    data: bytes
    removed: list[str] = field(default_factory=list)  # what was left out, in words, first occurrence first


def sanitise_svg(data: bytes) -> Sanitised:
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                                  huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        root = lxml.etree.fromstring(data, parser)
    except lxml.etree.XMLSyntaxError as exc:
        raise SvgProblem("is not well-formed XML") from exc
    if _namespace(root.tag) not in (SVG, "") or _local(root.tag) != "svg":
        raise SvgProblem("is not an SVG image (its outermost element is not <svg>)")
    cleaner = _Cleaner()
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        cleaner.note("entity declarations (<!ENTITY …>)")
    clean = lxml.etree.Element(f"{{{SVG}}}svg", nsmap={None: SVG, "xlink": XLINK})
    cleaner.copy_attributes(root, clean)
    cleaner.copy_children(root, clean)
    return Sanitised(lxml.etree.tostring(clean, encoding="utf-8"), cleaner.removed)


def _namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _from_editor(namespace: str) -> bool:
    return namespace.startswith(_EDITOR_NAMESPACES)


class _Cleaner:
    def __init__(self) -> None:
        self.removed: list[str] = []

    def note(self, what: str) -> None:
        if what not in self.removed:
            self.removed.append(what)

    def copy_children(self, source: lxml.etree._Element, target: lxml.etree._Element) -> None:
        """Copy the allowed children of `source` into `target`, keeping text where it stands."""
        _append_text(target, source.text)
        for child in source:
            kept = self.copy_element(child, target)
            _append_text(kept if kept is not None else target, child.tail, after=kept is not None)

    def copy_element(self, source: lxml.etree._Element, parent: lxml.etree._Element) -> lxml.etree._Element | None:
        if isinstance(source, lxml.etree._Entity):
            self.note(f"the entity reference {source.text}")
            return None
        if not isinstance(source.tag, str):
            return None  # comments and processing instructions (already dropped by the parser)
        namespace, name = _namespace(source.tag), _local(source.tag)
        if namespace not in (SVG, ""):
            if not _from_editor(namespace):
                self.note(f"<{name}> from another XML vocabulary ({namespace})")
            return None
        if name in _SILENT_ELEMENTS:
            return None
        if name == "a":
            self.note("links (<a>); their content is kept")
            self.copy_children(source, parent)
            return None
        if name not in _ELEMENTS:
            self.note(f"<{name}>")
            return None
        if name == "style" and _UNSAFE_CSS.search(source.text or ""):
            self.note("<style> that loads files or runs code (@import, url(), expression())")
            return None
        href = _href(source)
        if name == "image" and not (href and _EMBEDDED_PICTURE.match(href)):
            self.note("<image> that refers to a file or address outside the SVG")
            return None
        if name == "use" and not (href and href.startswith("#")):
            self.note("<use> that refers to another file or address")
            return None
        element = lxml.etree.SubElement(parent, f"{{{SVG}}}{name}")
        self.copy_attributes(source, element)
        if name == "style":
            element.text = source.text
        else:
            self.copy_children(source, element)
        return element

    def copy_attributes(self, source: lxml.etree._Element, target: lxml.etree._Element) -> None:
        element = _local(source.tag)
        for qualified, value in source.attrib.items():
            namespace, name = _namespace(qualified), _local(qualified)
            if namespace == XML and name in ("space", "lang"):
                target.set(qualified, value)
            elif name == "href" and namespace in (XLINK, ""):
                if value.startswith("#") or (element == "image" and _EMBEDDED_PICTURE.match(value)):
                    target.set(qualified, value)
                else:
                    self.note(f"links to other files or addresses ({name}=\"{value[:40]}\")")
            elif (namespace and _from_editor(namespace)) or (not namespace and name.startswith("data-")):
                continue
            elif namespace:
                self.note(f"the attribute {name} from another XML vocabulary ({namespace})")
            elif name.lower().startswith("on"):
                self.note(f"the event handler {name}=")
            elif name not in _ATTRIBUTES:
                self.note(f"the attribute {name}=")
            elif "javascript:" in value.lower().replace(" ", "") or (
                    _UNSAFE_CSS.search(value) and (name == "style" or "url" in value.lower())):
                self.note(f"the attribute {name}= that loads files or runs code")
            else:
                target.set(name, value)


def _href(element: lxml.etree._Element) -> str | None:
    return element.get(f"{{{XLINK}}}href", element.get("href"))


def _append_text(element: lxml.etree._Element, text: str | None, *, after: bool = False) -> None:
    """Add `text` inside `element` (at its end) or, with `after`, just after it."""
    if not text:
        return
    if after:
        element.tail = (element.tail or "") + text
    elif len(element):
        last = element[-1]
        last.tail = (last.tail or "") + text
    else:
        element.text = (element.text or "") + text
