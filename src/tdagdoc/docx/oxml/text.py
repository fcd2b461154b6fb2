"""Paragraphs and runs, written in one pass with their direction and language hints."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from tdagdoc.docx.oxml import qn, sub

ARABIC = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


@dataclass(frozen=True)
class Direction:
    """How text of one document language is marked: right-to-left, East-Asian."""

    rtl: bool = False
    east_asian: bool = False


def paragraph(
    parent: etree._Element,
    style_id: str | None,
    direction: Direction,
    align: str | None = None,
    keep_next: bool = False,
    tabs: tuple[tuple[str, int], ...] = (),
) -> etree._Element:
    """Append an empty ``w:p`` with its properties in schema order.

    ``align`` is ``start``, ``center`` or ``end``: logical, so right-to-left
    paragraphs mirror without special cases. ``tabs`` are (kind, position) stops
    that replace the style's, e.g. ``("center", 4819)``.
    """
    p = sub(parent, "w:p")
    ppr = sub(p, "w:pPr")
    if style_id:
        sub(ppr, "w:pStyle", {"w:val": style_id})
    if keep_next:
        sub(ppr, "w:keepNext")
    if tabs:
        tab_stops = sub(ppr, "w:tabs")
        for kind, position in tabs:
            sub(tab_stops, "w:tab", {"w:val": kind, "w:pos": str(position)})
    if direction.rtl:
        sub(ppr, "w:bidi")
    if align:
        sub(ppr, "w:jc", {"w:val": JC[align]})
    return p


# Transitional WordprocessingML names sides, but Word reads them as start and end
# relative to the paragraph's direction, so a bidi paragraph mirrors by itself.
JC = {"start": "left", "center": "center", "end": "right"}


def run(
    parent: etree._Element,
    text: str,
    direction: Direction,
    bold: bool = False,
    italic: bool = False,
    style_id: str | None = None,
    keep_hyphens: bool = False,
) -> etree._Element:
    """Append a run; Arabic text is marked right-to-left, CJK text East-Asian.

    ``keep_hyphens`` writes hyphens as Word's non-breaking hyphens, so that a
    document number (``TDAG-25/7-A``) never breaks across lines.
    """
    r = sub(parent, "w:r")
    rtl = direction.rtl and bool(ARABIC.search(text))
    hint = direction.east_asian and bool(CJK.search(text))
    if style_id or hint or bold or italic or rtl:
        rpr = sub(r, "w:rPr")
        if style_id:
            sub(rpr, "w:rStyle", {"w:val": style_id})
        if hint:
            sub(rpr, "w:rFonts", {"w:hint": "eastAsia"})
        if bold:
            sub(rpr, "w:b")
            sub(rpr, "w:bCs")
        if italic:
            sub(rpr, "w:i")
            sub(rpr, "w:iCs")
        if rtl:
            sub(rpr, "w:rtl")
    _text(r, text, keep_hyphens)
    return r


NB_HYPHEN = "\u2011"
"""Non-breaking hyphen as text ("WTDC‑22"), written as ``w:noBreakHyphen``."""


def _text(r: etree._Element, text: str, keep_hyphens: bool = False) -> None:
    """Write text into a run, turning tabs, line breaks (and kept hyphens) into elements."""
    for i, line in enumerate(text.split("\n")):
        if i:
            sub(r, "w:br")
        for j, chunk in enumerate(line.split("\t")):
            if j:
                sub(r, "w:tab")
            hyphen = "-" if keep_hyphens and "-" in chunk else NB_HYPHEN
            if hyphen in chunk:  # U+2011 too: Word's own non-breaking hyphen renders it
                for k, piece in enumerate(chunk.split(hyphen)):
                    if k:
                        sub(r, "w:noBreakHyphen")
                    _text(r, piece)
            elif chunk:
                t = sub(r, "w:t")
                t.text = chunk
                if chunk[0].isspace() or chunk[-1].isspace():
                    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def tab(parent: etree._Element) -> None:
    """Append a run holding one tab."""
    sub(sub(parent, "w:r"), "w:tab")


def field(parent: etree._Element, instruction: str, shown: str, direction: Direction) -> None:
    """Append a simple field (PAGE, NUMPAGES…) that Word updates; ``shown`` is its cache."""
    fld = sub(parent, "w:fldSimple", {"w:instr": f" {instruction} "})
    run(fld, shown, direction)


def hyperlink(parent: etree._Element, r_id: str, text: str, direction: Direction,
              style_id: str | None) -> None:
    """Append an external hyperlink whose relationship ``r_id`` the caller made."""
    link = etree.SubElement(parent, qn("w:hyperlink"))
    link.set(qn("r:id"), r_id)
    link.set(qn("w:history"), "1")
    run(link, text, direction, style_id=style_id)
