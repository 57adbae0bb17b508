"""XLIFF 2.0 written with lxml, and read back.

One `<file>` per course source file (its `original` is the source language's path), one `<unit>` per text,
notes with file:line and context, `slr:sizeRestriction` where an output limits the length, inline markup as
`<ph>` / `<pc>` with the exact source characters in `<originalData>`. translate-toolkit's writer is not used:
it puts `xml:space` on `<segment>`, which the XLIFF 2.0 schema rejects.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from builder.translation.content import Code, Content, Span

NS = "urn:oasis:names:tc:xliff:document:2.0"
SLR = "urn:oasis:names:tc:xliff:sizerestriction:2.0"
# coursebuild's own attributes (allowed by the schema's ##other wildcards): which course a file belongs to.
CB = "urn:coursebuild:translation:1"
_X = f"{{{NS}}}"
_NSMAP = {None: NS, "slr": SLR, "cb": CB}


@dataclass
class ExportUnit:
    id: str
    source: Content
    target: Content | None
    notes: list[tuple[str, str]]  # (category, text)
    max_length: int = 0
    state: str = "initial"  # initial | translated | reviewed | final
    sub_state: str = ""


@dataclass
class ExportFile:
    id: str
    original: str
    units: list[ExportUnit] = field(default_factory=list)


def write(source_lang: str, target_lang: str, course_id: str, files: list[ExportFile]) -> bytes:
    root = etree.Element(f"{_X}xliff", nsmap=_NSMAP, version="2.0", srcLang=source_lang, trgLang=target_lang)
    root.set(f"{{{CB}}}course", course_id)
    for export in files:
        element = etree.SubElement(root, f"{_X}file", id=export.id, original=export.original)
        if any(unit.max_length for unit in export.units):
            # Lengths are counted in Unicode code points, as the loader counts them.
            etree.SubElement(element, f"{{{SLR}}}profiles", generalProfile="xliff:codepoints")
        for unit in export.units:
            _unit(element, unit)
    _indent(root, 0)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


# Elements that hold only other elements; texts (source, target, note, data) are never re-spaced.
_STRUCTURE = {f"{_X}{name}" for name in ("xliff", "file", "unit", "notes", "originalData", "segment")}


def _indent(element: etree._Element, level: int) -> None:
    """Line breaks and indentation between structural elements only: lxml's pretty_print would also indent
    inside a <source> that starts with an inline code, which changes the text."""
    if element.tag not in _STRUCTURE or not len(element):
        return
    inner = "\n" + "  " * (level + 1)
    element.text = inner
    for child in element:
        _indent(child, level + 1)
        child.tail = inner
    element[-1].tail = "\n" + "  " * level


def _unit(parent: etree._Element, unit: ExportUnit) -> None:
    element = etree.SubElement(parent, f"{_X}unit", id=unit.id)
    if unit.max_length:
        element.set(f"{{{SLR}}}sizeRestriction", str(unit.max_length))
    if unit.notes:
        notes = etree.SubElement(element, f"{_X}notes")
        for category, text in unit.notes:
            etree.SubElement(notes, f"{_X}note", category=category).text = text
    data: dict[str, str] = {}
    _collect_data(unit.source, data)
    if data:
        original = etree.SubElement(element, f"{_X}originalData")
        for data_id, text in data.items():
            node = etree.SubElement(original, f"{_X}data", id=data_id)
            node.text = text
            if text != text.strip() or "\n" in text:
                node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    segment = etree.SubElement(element, f"{_X}segment", state=unit.state if unit.target is not None else "initial")
    if unit.sub_state and unit.target is not None:
        segment.set("subState", unit.sub_state)
    source = etree.SubElement(segment, f"{_X}source")
    _inline(source, unit.source)
    _preserve_if_needed(source, unit.source)
    if unit.target is not None:
        target = etree.SubElement(segment, f"{_X}target")
        _inline(target, unit.target)
        _preserve_if_needed(target, unit.target)


def _data_ids(part: Code | Span) -> tuple[str, ...]:
    return (f"d{part.id}",) if isinstance(part, Code) else (f"d{part.id}s", f"d{part.id}e")


def _collect_data(content: Content, data: dict[str, str]) -> None:
    for part in content:
        if isinstance(part, Code):
            data[f"d{part.id}"] = part.data
        elif isinstance(part, Span):
            data[f"d{part.id}s"], data[f"d{part.id}e"] = part.start, part.end
            _collect_data(part.children, data)


def _inline(element: etree._Element, content: Content) -> None:
    last: etree._Element | None = None
    for part in content:
        if isinstance(part, str):
            if last is None:
                element.text = (element.text or "") + part
            else:
                last.tail = (last.tail or "") + part
            continue
        if isinstance(part, Code):
            last = etree.SubElement(element, f"{_X}ph", id=part.id, dataRef=f"d{part.id}")
            if part.disp:
                last.set("disp", part.disp)
        else:
            last = etree.SubElement(element, f"{_X}pc", id=part.id, dataRefStart=f"d{part.id}s",
                                    dataRefEnd=f"d{part.id}e")
            _inline(last, part.children)
        last.set("canCopy", "no")
        if not part.deletable:
            last.set("canDelete", "no")
        last.set("type", part.kind)
        if part.sub:
            last.set("subType", part.sub)


def _preserve_if_needed(element: etree._Element, content: Content) -> None:
    text = "".join(element.itertext())
    if text != text.strip() or "  " in text or "\n" in text:
        element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


# --- reading --------------------------------------------------------------------------------------------------


@dataclass
class ImportUnit:
    file_original: str
    id: str
    target: etree._Element | None  # the <target>, read against the source's codes by `target_content`
    state: str
    line: int
    source: etree._Element | None = None
    data: dict[str, str] = field(default_factory=dict)  # originalData by id

    def source_text(self) -> str:
        """The source text the translator saw, markup as written: its hash says what was translated."""
        return "" if self.source is None else _plain(self.source, self.data)


@dataclass
class ImportFile:
    source_lang: str
    target_lang: str
    course_id: str
    units: list[ImportUnit]


class XliffError(ValueError):
    pass


def read(data: bytes) -> ImportFile:
    parser = etree.XMLParser(no_network=True, load_dtd=False, resolve_entities=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise XliffError(f"line {exc.lineno}: not well-formed XML: {exc.msg}") from None
    if root.tag != f"{_X}xliff" or not root.get("version", "").startswith("2."):
        raise XliffError("this is not an XLIFF 2 file (its root is not <xliff version=\"2.x\">)")
    units: list[ImportUnit] = []
    for file_element in root.iter(f"{_X}file"):
        original = file_element.get("original", "")
        for unit in file_element.iter(f"{_X}unit"):
            segments = unit.findall(f"{_X}segment")
            if len(segments) != 1:
                raise XliffError(f"line {unit.sourceline}: unit '{unit.get('id')}' has {len(segments)} segments; "
                                 "coursebuild writes one per unit (do not split or join segments)")
            segment = segments[0]
            target = segment.find(f"{_X}target")
            data = {d.get("id", ""): "".join(d.itertext()) for d in unit.iterfind(f"{_X}originalData/{_X}data")}
            units.append(ImportUnit(original, unit.get("id", ""), target, segment.get("state", "initial"),
                                    unit.sourceline or 0, segment.find(f"{_X}source"), data))
    return ImportFile(root.get("srcLang", ""), root.get("trgLang", ""), root.get(f"{{{CB}}}course", ""), units)


def _plain(element: etree._Element, data: dict[str, str]) -> str:
    out = [element.text or ""]
    for child in element:
        name = etree.QName(child).localname if isinstance(child.tag, str) else ""
        if name == "ph":
            out.append(data.get(child.get("dataRef", ""), ""))
        elif name == "pc":
            out.append(data.get(child.get("dataRefStart", ""), "") + _plain(child, data)
                       + data.get(child.get("dataRefEnd", ""), ""))
        elif name == "mrk":
            out.append(_plain(child, data))
        out.append(child.tail or "")
    return "".join(out)


def target_content(target: etree._Element, source: Content, current: Content | None = None) -> Content:
    """The translation as content, its codes matched to the source's by id. Raises XliffError for a code the
    source does not have, one given twice, one the source does not allow deleting that is missing, or
    overlapping start and end codes. Markup the current translation has and the source lacks (the two
    language files differ) is accepted under the ids the export gave it."""
    codes = _codes(source)
    for identifier, part in _codes(current or ()).items():
        mine = codes.get(identifier)
        if mine is None or (type(mine) is type(part) and mine.kind == part.kind):
            codes[identifier] = part  # the translation's own markup, e.g. its language's picture
    used: set[str] = set()
    result = _read_inline(target, codes, used)
    missing = [c for c, part in _codes(source).items() if c not in used and not part.deletable]
    if missing:
        names = ", ".join(f"{c} ({_describe(codes[c])})" for c in missing)
        raise XliffError(f"the translation lacks the inline code{'s' * (len(missing) > 1)} {names}, "
                         "which cannot be left out")
    return result


def _codes(content: Content) -> dict[str, Code | Span]:
    found: dict[str, Code | Span] = {}
    for part in content:
        if isinstance(part, (Code, Span)):
            found[part.id] = part
            if isinstance(part, Span):
                found.update(_codes(part.children))
    return found


def _describe(part: Code | Span) -> str:
    return part.data.strip() or "line break" if isinstance(part, Code) else f"{part.start}…{part.end}"


def _read_inline(element: etree._Element, codes: dict[str, Code | Span], used: set[str]) -> Content:
    out: list = []
    text = element.text or ""
    if text:
        out.append(text)
    children = list(element)
    index = 0
    while index < len(children):
        child = children[index]
        name = etree.QName(child).localname if isinstance(child.tag, str) else ""
        if name in ("ph", "pc", "sc"):
            identifier = child.get("id", "")
            part = codes.get(identifier)
            if part is None:
                raise XliffError(f"the translation has an inline code '{identifier}' that the source does not have")
            if identifier in used:
                raise XliffError(f"the translation uses the inline code '{identifier}' twice")
            used.add(identifier)
            if name == "ph":
                if not isinstance(part, Code):
                    raise XliffError(f"inline code '{identifier}' encloses text in the source (<pc>), not a <ph>")
                out.append(part)
            elif name == "pc":
                if not isinstance(part, Span):
                    raise XliffError(f"inline code '{identifier}' is a placeholder (<ph>) in the source")
                out.append(Span(part.id, part.start, part.end, _read_inline(child, codes, used), part.kind,
                                part.sub, part.deletable))
            else:  # <sc/> … <ec/> written by a tool instead of <pc>: the same, if the pair is well nested here
                end = _matching_end(children, index, identifier)
                if end < 0 or not isinstance(part, Span):
                    raise XliffError(f"inline code '{identifier}' starts (<sc>) but does not end (<ec>) in the "
                                     "same place; keep bold, links and other paired codes closed")
                holder = etree.Element("holder")
                holder.text = child.tail
                for inner in children[index + 1:end]:
                    holder.append(_copy(inner))
                tail = children[end].tail
                out.append(Span(part.id, part.start, part.end, _read_inline(holder, codes, used), part.kind,
                                part.sub, part.deletable))
                if tail:
                    out.append(tail)
                index = end + 1
                continue
        elif name == "mrk":
            out.extend(_read_inline(child, codes, used))  # annotations (terms, comments) keep their text only
        elif name == "cp":
            try:
                out.append(chr(int(child.get("hex", ""), 16)))
            except ValueError:
                raise XliffError(f"<cp hex=\"{child.get('hex')}\"> is not a character") from None
        elif name in ("sm", "em"):
            pass
        elif name == "ec":
            raise XliffError(f"an end code <ec> (startRef '{child.get('startRef')}') has no start code before it")
        if child.tail:
            out.append(child.tail)
        index += 1
    return _merge(out)


def _matching_end(children: list, start: int, identifier: str) -> int:
    for index in range(start + 1, len(children)):
        child = children[index]
        if isinstance(child.tag, str) and etree.QName(child).localname == "ec" and child.get("startRef") == identifier:
            return index
    return -1


def _copy(element: etree._Element) -> etree._Element:
    copy = etree.fromstring(etree.tostring(element))
    copy.tail = element.tail
    return copy


def _merge(parts: list) -> Content:
    merged: list = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        elif part != "":
            merged.append(part)
    return tuple(merged)
