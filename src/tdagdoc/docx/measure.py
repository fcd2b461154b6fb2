"""Column widths from the measured widths of the texts, so that no word breaks inside.

Each column gets at least its longest unbreakable piece (a word; an amount or a
date, whole; in Chinese a character, a Latin word or number with its unit, a
bracket with its neighbour, a short heading whole) plus the cell margins; what
is left goes first to the columns that then fit their longest text on one line,
then to the columns with the longest texts (partner names), which wrap between
words. Texts are measured with the fonts the reference document's styles name,
as fontconfig substitutes them (:mod:`tdagdoc.docx.fonts`); without a font file
the widths are estimated by script, never failing the build.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from docx.document import Document as DocxDocument
from lxml import etree

from tdagdoc import blocks as b
from tdagdoc import styles
from tdagdoc.docx import fonts
from tdagdoc.docx.oxml import qn

SAMPLE_ROWS = 400  # rows measured in a long table: evenly spread, plus the total rows
SLACK = 1.04  # measured widths grow by this much: kerning, shaping and rounding in renderers
AUTOSPACE = 0.25
"""Em that Word and LibreOffice add where Chinese meets Latin letters or digits
(``w:autoSpaceDE``/``w:autoSpaceDN``, on by default): "2024年10月10日" is wider
than its characters."""
CJK_TERM = 8  # a Chinese heading of up to this many characters is a term, kept on one line

# Where a line may break inside a space-separated word: after a hyphen or a slash
# between letters ("non-|governmental", "Name/|Organization").
_WORD_BREAK = re.compile(r"(?<=[^\W\d_][-/])(?=[^\W\d_])")
# Spaces that break (no-break spaces do not).
_SPACES = re.compile(r"[ \t\n\u1680\u2000-\u200a\u205f\u3000]+")
# In Chinese: Latin words and numbers (a number with its units: 2024年1月15日), a
# bracket with what it touches, or one character.
_CJK_UNIT = re.compile(
    r"[(\[（【「“《]*"
    r"(?:(?:[0-9][0-9.,\u00a0\u202f\u2060%]*[年月日号万亿]?)+|[A-Za-z][A-Za-z0-9.\-/&@_]*|\S)"
    r"[)\]）】」”》，。、：；％%]*"
)


@dataclass(frozen=True)
class TextStyle:
    """The fonts and size of a paragraph style, as the reference document sets them."""

    latin: str
    east_asia: str
    complex: str
    size: float  # points
    bold: bool


class Measurer:
    """Measures text in twentieths of a point (cached per text: long lists repeat)."""

    def __init__(self, text: TextStyle, head: TextStyle, margins: int,
                 normal: TextStyle | None = None) -> None:
        self.styles = {styles.TABLE_TEXT: text, styles.TABLE_HEAD: head,
                       styles.NORMAL: normal or text}
        self.margins = margins
        self._cache: dict[tuple[str, str, bool], int] = {}
        # Per style and weight, each character's advance in em: a long list has a few
        # hundred characters, measured again in thousands of texts.
        self._ems: dict[tuple[TextStyle, bool], dict[str, float]] = {}

    def width(self, text: str, style: str, bold: bool) -> int:
        """The width of ``text`` on one line, in twentieths of a point."""
        key = (text, style, bold)
        found = self._cache.get(key)
        if found is None:
            st = self.styles.get(style, self.styles[styles.TABLE_TEXT])
            bold = bold or st.bold
            ems = self._ems.setdefault((st, bold), {})
            em = 0.0
            for c in text:
                advance = ems.get(c)
                if advance is None:
                    advance = ems[c] = _advance(c, st, bold)
                em += advance
            em += AUTOSPACE * _script_changes(text)
            found = self._cache[key] = round(em * st.size * 20 * SLACK)
        return found


# Per font and weight, the faces found so far for characters the font lacks (Arabic
# letters drawn with Arial's substitute): asked first, before asking fontconfig again.
_FALLBACKS: dict[tuple[str, bool], list[tuple[str, int]]] = {}


def _advance(char: str, st: TextStyle, bold: bool) -> float:
    if fonts.is_zero_width(char):
        return 0.0
    family = st.east_asia if fonts.is_cjk(char) else st.complex if fonts.is_rtl(char) \
        else st.latin
    return _family_advance(char, family, bold)


@functools.cache
def _family_advance(char: str, family: str, bold: bool) -> float:
    """The advance in em of ``char`` in ``family``, or in the face fontconfig falls back to."""
    known = _FALLBACKS.setdefault((family, bold), [])
    primary = fonts.font_file(family, bold)
    for candidate in ([primary] if primary else []) + known:
        width = _width(candidate, char)
        if width is not None:
            return width
    found = fonts.font_file(family, bold, char)
    if found is not None and found not in known:
        known.append(found)
        width = _width(found, char)
        if width is not None:
            return width
    return fonts.estimate(char)


def _width(candidate: tuple[str, int], char: str) -> float | None:
    face = fonts.face(*candidate)
    return None if face is None else face.advance(char)


def _script_changes(text: str) -> int:
    """How many times ``text`` passes between Chinese (full-width punctuation included)
    and Latin letters or digits.

    >>> _script_changes("2024年10月10日"), _script_changes("（UNESCO）"), _script_changes("Total")
    (5, 2, 0)
    """
    if not _may_be_cjk(text):
        return 0
    kinds = [fonts.is_cjk(c) for c in text if c.isalnum() or fonts.is_cjk(c)]
    return sum(a != b for a, b in itertools.pairwise(kinds))


def _may_be_cjk(text: str) -> bool:
    """Whether ``text`` may hold wide (East-Asian) characters: none comes before U+0378
    (Python's Unicode data counts unassigned Greek code points as wide).

    >>> _may_be_cjk("12\u00a0de\u00a0septiembre"), _may_be_cjk("2024年"), _may_be_cjk("")
    (False, True, False)
    >>> any(fonts.is_cjk(chr(c)) for c in range(ord(_FIRST_WIDE)))
    False
    """
    return bool(text) and max(text) >= _FIRST_WIDE


_FIRST_WIDE = "\u0378"


def units(text: str, cjk_term: bool = False) -> list[str]:
    """The pieces of ``text`` a line must not break inside.

    >>> units("Total agreements 12\\u00a0345")
    ['Total', 'agreements', '12\\xa0345']
    >>> units("non-governmental")
    ['non-', 'governmental']
    >>> units("资金捐助（美元）由BDT于2024年1月15日")
    ['资', '金', '捐', '助', '（美', '元）', '由', 'BDT', '于', '2024年1月15日']
    """
    if _may_be_cjk(text) and any(fonts.is_cjk(c) for c in text):
        squeezed = _SPACES.sub("", text)
        if cjk_term and len(squeezed) <= CJK_TERM:
            return [squeezed]
        return _CJK_UNIT.findall(text.replace(" ", ""))
    return [piece for word in _SPACES.split(text) if word
            for piece in _WORD_BREAK.split(word)]


def column_widths(table: b.Table, measure: Measurer, total: int) -> tuple[int, ...]:
    """Widths (twentieths of a point) adding up to ``total``: see the module's docstring."""
    n = len(table.widths)
    least = [0] * n  # the longest piece that must not break, per column
    whole = [0] * n  # the longest text on one line, per column
    for head, row in _sample(table):
        for i, cell in enumerate(row[:n]):
            for para in cell.paragraphs:
                text = para.plain
                if not text.strip():
                    continue
                bold = cell.bold or head
                one_line = measure.width(text.strip(), para.style, bold)
                keep = one_line if cell.align == "end" else max(
                    (measure.width(u, para.style, bold) for u in units(text, head)), default=0)
                least[i] = max(least[i], keep)
                whole[i] = max(whole[i], one_line)
    least = [w + measure.margins for w in least]
    whole = [max(w + measure.margins, m) for w, m in zip(whole, least, strict=True)]
    if sum(least) >= total:  # the words cannot all fit: shrink them alike
        return _scaled(least, total)
    widths = list(least)
    spare = total - sum(widths)
    open_ = set(range(n))
    # Water-filling: an equal share to each column still short of its longest text,
    # columns that need less than the share taking only what they need.
    while spare > 0 and open_:
        share = spare / len(open_)
        done = {i for i in open_ if whole[i] - widths[i] <= share}
        if not done:
            need = {i: whole[i] - widths[i] for i in open_}
            scale = spare / sum(need.values())
            for i in open_:
                widths[i] += int(need[i] * scale)
            spare = total - sum(widths)
            break
        for i in done:
            spare -= whole[i] - widths[i]
            widths[i] = whole[i]
        open_ -= done
    if spare > 0:  # every text fits on one line: the rest goes as the table's proportions
        hints = table.widths
        extra = [int(spare * h / sum(hints)) for h in hints]
        widths = [w + e for w, e in zip(widths, extra, strict=True)]
    widths[-1] += total - sum(widths)
    return tuple(widths)


def _sample(table: b.Table) -> Iterable[tuple[bool, Sequence[b.Cell]]]:
    """The header rows, and the rows or an even sample of a long table's rows."""
    for row in table.header:
        yield True, row
    rows = table.rows
    count = len(rows)
    step = max(1, count // SAMPLE_ROWS)
    indices = list(range(0, count, step))
    if indices and indices[-1] != count - 1:
        indices.append(count - 1)
    for i in indices:
        yield False, rows[i]


def _scaled(widths: Sequence[int], total: int) -> tuple[int, ...]:
    scaled = [round(w * total / sum(widths)) for w in widths[:-1]]
    return (*scaled, total - sum(scaled))


def measurer(docx_doc: DocxDocument, style_ids: dict[str, str]) -> Measurer:
    """A :class:`Measurer` for the reference document's table styles."""
    root = docx_doc.styles.element
    text = _text_style(root, style_ids[styles.TABLE_TEXT])
    head = _text_style(root, style_ids[styles.TABLE_HEAD])
    margins = _cell_margins(root, style_ids[styles.DATA_TABLE])
    return Measurer(text, head, margins, _text_style(root, style_ids[styles.NORMAL]))


def _chain(root: etree._Element, style_id: str) -> list[etree._Element]:
    """The style and its bases, nearest first."""
    chain: list[etree._Element] = []
    seen: set[str] = set()
    style = root.find(f"{qn('w:style')}[@{qn('w:styleId')}='{style_id}']")
    while style is not None and style_id not in seen:
        seen.add(style_id)
        chain.append(style)
        based = style.find(qn("w:basedOn"))
        if based is None:
            break
        style_id = based.get(qn("w:val")) or ""
        style = root.find(f"{qn('w:style')}[@{qn('w:styleId')}='{style_id}']")
    return chain


def _text_style(root: etree._Element, style_id: str) -> TextStyle:
    """Fonts, size and weight of a paragraph style, from it, its bases and the defaults."""
    found = [s.find(qn("w:rPr")) for s in _chain(root, style_id)]
    found.append(root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}"))
    rprs = [r for r in found if r is not None]

    def first(tag: str, attr: str) -> str | None:
        for rpr in rprs:
            el = rpr.find(qn(tag))
            if el is not None and el.get(qn(attr)) is not None:
                return el.get(qn(attr))
        return None

    def on(tag: str) -> bool:
        for rpr in rprs:
            el = rpr.find(qn(tag))
            if el is not None:
                return el.get(qn("w:val"), "true") not in ("0", "false", "off")
        return False

    size = first("w:sz", "w:val")
    return TextStyle(
        latin=first("w:rFonts", "w:ascii") or "Calibri",
        east_asia=first("w:rFonts", "w:eastAsia") or "SimSun",
        complex=first("w:rFonts", "w:cs") or "Arial",
        size=int(size) / 2 if size else 12.0,
        bold=on("w:b"),
    )


def _cell_margins(root: etree._Element, style_id: str) -> int:
    """Left plus right cell margins of a table style (Word's default: 108 + 108)."""
    for style in _chain(root, style_id):
        mar = style.find(f"{qn('w:tblPr')}/{qn('w:tblCellMar')}")
        if mar is not None:
            sides = [mar.find(qn(f"w:{side}")) for side in ("left", "right", "start", "end")]
            found = [int(s.get(qn("w:w")) or 0) for s in sides if s is not None]
            if found:
                return sum(found[:2])
    return 216
