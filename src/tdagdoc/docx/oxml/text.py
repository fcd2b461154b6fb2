"""Paragraphs and runs, written in one pass with their direction and language hints.

:func:`runs` is the one run writer: prose parses its text into the part's tree
(:func:`run`), the streamed tables (:mod:`.stream`) write it as it is.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from docx.oxml.ns import nsdecls
from docx.oxml.parser import parse_xml
from lxml import etree

from tdagdoc.docx.oxml import qn, sub
from tdagdoc.xmlchars import NOT_XML

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
    superscript: bool = False,
) -> etree._Element:
    """Append the runs of ``text`` (see :func:`runs`) to ``parent``; return the first.

    The runs are the run writer's text parsed into elements, so that prose and the
    streamed tables cannot drift apart.
    """
    xml = runs(text, direction, bold, italic, style_id, keep_hyphens, superscript)
    made = list(parse_xml(f"<w:p {_W_DECL}>{xml}</w:p>"))
    parent.extend(made)
    return made[0]


def runs(text: str, direction: Direction, bold: bool = False, italic: bool = False,
         style_id: str | None = None, keep_hyphens: bool = False,
         superscript: bool = False) -> str:
    """The one run writer: ``text`` as the XML of its ``w:r`` elements.

    Arabic text is marked right-to-left, CJK text East-Asian (:func:`pieces`);
    tabs, line breaks and non-breaking hyphens (U+2011) become Word's elements.
    ``keep_hyphens`` writes every hyphen as a non-breaking one, so that a document
    number (``TDAG-25/7-A``) never breaks across lines; ``superscript`` raises the
    text (French "1er"). Written as libxml2 would
    serialize the elements (same attribute order and escaping), so that a part
    holds the same bytes whichever path wrote it.

    >>> runs("a\\tb & c", Direction(), bold=True)
    '<w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t>a</w:t><w:tab/><w:t>b &amp; c</w:t></w:r>'
    >>> runs("WTDC-22", Direction(), keep_hyphens=True)
    '<w:r><w:t>WTDC</w:t><w:noBreakHyphen/><w:t>22</w:t></w:r>'
    """
    # Most table cells: a run with no properties at all, written after one search.
    if not (bold or italic or style_id or keep_hyphens or superscript or direction.rtl
            or direction.east_asian) and _PLAIN_RUN(text):
        return f"<w:r><w:t>{text}</w:t></w:r>"
    if direction.rtl or direction.east_asian:
        return "".join([_run(piece, rtl, hint, bold, italic, style_id, keep_hyphens,
                             latin_in_cjk(piece, hint, direction), superscript)
                        for piece, rtl, hint in pieces(text, direction)])
    return _run(text, False, False, bold, italic, style_id, keep_hyphens,
                superscript=superscript)


def _run(text: str, rtl: bool, hint: bool, bold: bool, italic: bool,
         style_id: str | None, keep_hyphens: bool, latin: bool = False,
         superscript: bool = False) -> str:
    rpr = ""
    if style_id or hint or bold or italic or rtl or latin or superscript:
        rpr = "".join((
            "<w:rPr>", f'<w:rStyle w:val="{attr(style_id)}"/>' if style_id else "",
            '<w:rFonts w:hint="eastAsia"/>' if hint else "",
            "<w:b/><w:bCs/>" if bold else "", "<w:i/><w:iCs/>" if italic else "",
            '<w:vertAlign w:val="superscript"/>' if superscript else "",
            "<w:rtl/>" if rtl else "",
            f'<w:lang w:val="{LATIN_IN_CJK}"/>' if latin else "", "</w:rPr>"))
    content = _text(text.replace("-", NB_HYPHEN) if keep_hyphens else text)
    return f"<w:r>{rpr}{content}</w:r>" if rpr or content else "<w:r/>"


_W_DECL = nsdecls("w")
_SPECIAL = re.compile("[&<>\r\n\t\u2011]")
# A text that :func:`_text` writes as one bare ``w:t``: no character to escape, split or
# refuse, and no space at either end (which would need ``xml:space``).
_PLAIN_RUN = re.compile(rf"(?!\s)[^{_SPECIAL.pattern[1:-1]}{NOT_XML.pattern[1:-1]}]+(?<!\s)"
                        ).fullmatch
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTR_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                               "\r": "&#13;", "\n": "&#10;", "\t": "&#9;"})


def _check(text: str) -> None:
    """Refuse what lxml refuses, with lxml's message, so that every path fails alike."""
    if NOT_XML.search(text):
        raise ValueError("All strings must be XML compatible: Unicode or ASCII, "
                         "no NULL bytes or control characters")


def attr(value: str) -> str:
    """An attribute value escaped as libxml2 escapes it.

    >>> attr('AT&T "Labs"\\n')
    'AT&amp;T &quot;Labs&quot;&#10;'
    """
    _check(value)
    return value.translate(_ATTR_ESCAPES)


def _text(text: str) -> str:
    """A run's content: ``w:t`` elements, with tabs, line breaks and non-breaking hyphens
    made Word's elements (``w:tab``, ``w:br``, ``w:noBreakHyphen``)."""
    _check(text)
    if not _SPECIAL.search(text) and text and not text[0].isspace() and not text[-1].isspace():
        return f"<w:t>{text}</w:t>"  # the common case: nothing to escape or split
    out = []
    for i, line in enumerate(text.split("\n")):
        if i:
            out.append("<w:br/>")
        for j, chunk in enumerate(line.split("\t")):
            if j:
                out.append("<w:tab/>")
            for k, piece in enumerate(chunk.split(NB_HYPHEN)):
                if k:
                    out.append("<w:noBreakHyphen/>")
                if piece:
                    space = ' xml:space="preserve"' if piece[0].isspace() or piece[-1].isspace() \
                        else ""
                    out.append(f"<w:t{space}>{piece.translate(_TEXT_ESCAPES)}</w:t>")
    return "".join(out)


LRM = "\u200e"  # LEFT-TO-RIGHT MARK: a strong left-to-right character, invisible
NB_HYPHEN = "\u2011"  # non-breaking hyphen as text ("WTDC‑22"), written as w:noBreakHyphen
# Words of Arabic script, or runs of anything else that is not a space.
_RTL_CHARS = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff"
_TOKENS = re.compile(f"[{_RTL_CHARS}]+|[^\\s{_RTL_CHARS}]+")
_LTR_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f\u0370-\u052f\u1e00-\u1fff]")
_LATIN_OR_DIGIT = re.compile(r"[0-9A-Za-z\u00c0-\u024f]")
_PLAIN_NUMBER = re.compile(r"[0-9][0-9.,\u00a0\u202f]*%?")
_OPEN, _CLOSE = "([{", ")]}"
_CJK_RUNS = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+")
_DIGIT_HYPHEN = re.compile(r"(?<=[0-9])-(?=[0-9])")


@functools.lru_cache(maxsize=8192)  # long lists repeat their texts
def pieces(text: str, direction: Direction) -> tuple[tuple[str, bool, bool], ...]:
    """The runs a text is written as: ``(text, right-to-left, East-Asian hint)``.

    In right-to-left text, left-to-right islands (phone numbers, e-mail addresses,
    URLs, Latin names, bracketed acronyms, ranges) become runs of their own,
    between left-to-right marks where their ends are not strongly left-to-right,
    so that Word (which reads the run's direction) and LibreOffice (which reads
    only the characters) both show them in logical order. The marks are the only
    invisible characters written, always at the ends of a run, never inside a number
    or a word; a hyphen between digits (19-22) is non-breaking. In Chinese, Latin
    words and numbers are runs without the East-Asian hint, tagged as Latin
    (:data:`LATIN_IN_CJK`), so that LibreOffice never breaks inside them.

    >>> pieces("الهاتف +41 22 730 5900", Direction(rtl=True))
    (('الهاتف ', True, False), ('\u200e+41 22 730 5900\u200e', False, False))
    >>> pieces("مكتب تنمية الاتصالات (BDT)، و89 اتفاقا", Direction(rtl=True))[1]
    ('\u200e(BDT)\u200e', False, False)
    >>> pieces("19-22\u00a0مايو\u00a02025", Direction(rtl=True))
    (('\u200e19‑22\u200e', False, False), (' مايو\xa02025', True, False))
    >>> pieces("由BDT签署", Direction(east_asian=True))
    (('由', False, True), ('BDT', False, False), ('签署', False, True))
    """
    if direction.rtl:
        out: list[tuple[str, bool, bool]] = []
        pos = 0
        islands = ltr_islands(text)
        text = _open_edges(text, islands)
        for start, end in islands:
            if start > pos:
                out.append((text[pos:start], True, False))
            island = _DIGIT_HYPHEN.sub(NB_HYPHEN, text[start:end])
            lead = "" if unicodedata.bidirectional(island[0]) == "L" else LRM
            trail = "" if unicodedata.bidirectional(island[-1]) == "L" else LRM
            out.append((lead + island + trail, False, False))
            pos = end
        if pos < len(text):
            out.append((text[pos:], bool(ARABIC.search(text[pos:])), False))
        return tuple(out) or ((text, False, False),)
    if direction.east_asian and CJK.search(text):
        out, pos = [], 0
        for m in _CJK_RUNS.finditer(text):
            if m.start() > pos:
                out.append((text[pos:m.start()], False, False))
            out.append((m.group(), False, True))
            pos = m.end()
        if pos < len(text):
            out.append((text[pos:], False, False))
        return tuple(out)
    return ((text, False, False),)


_NO_BREAK_SPACES = "\u00a0\u202f"


def _open_edges(text: str, islands: list[tuple[int, int]]) -> str:
    """``text`` with a no-break space at either edge of a left-to-right island made a
    plain space.

    LibreOffice cannot lay out a left-to-right run joined to the Arabic text around it:
    when the joined chunk does not fit the line it breaks inside the run ("19-2 | 2 مايو")
    rather than before the chunk. Left free, the run keeps whole and moves on.
    """
    chars = list(text)
    for start, end in islands:
        if start and chars[start - 1] in _NO_BREAK_SPACES:
            chars[start - 1] = " "
        if end < len(chars) and chars[end] in _NO_BREAK_SPACES:
            chars[end] = " "
    return "".join(chars)


LATIN_IN_CJK = "en-GB"
"""The language of Latin words and numbers in a Chinese document: tagged so, LibreOffice
breaks a line before "（UNESCO）" or "49", never inside, as it does when they carry the
document's language, zh-CN."""


def latin_in_cjk(piece: str, hint: bool, direction: Direction) -> bool:
    """Whether a run of an East-Asian document holds Latin words or digits (no East-Asian
    hint), which must not break inside.

    >>> cjk = Direction(east_asian=True)
    >>> latin_in_cjk("UNESCO", False, cjk), latin_in_cjk("49", False, cjk)
    (True, True)
    >>> latin_in_cjk("UNESCO", False, Direction())
    False
    """
    return direction.east_asian and not hint and bool(_LATIN_OR_DIGIT.search(piece))


def ltr_islands(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` that read left to right inside right-to-left text.

    Latin words next to each other form one island (a partner's name); a number
    next to a Latin word is an island of its own ("2022 (WTDC-22)" is two items of
    an Arabic sentence), unless it sits inside a Latin name. A plain number needs
    no island: digits keep their order by themselves.

    >>> t = "لعام 2022 (WTDC-22) مع Cisco Systems, Inc."
    >>> [t[a:b] for a, b in ltr_islands(t)]
    ['(WTDC-22)', 'Cisco Systems, Inc.']
    >>> t = "https://www.itu.int/hub/ و eun-ju.kim@itu.int، 19-22 مايو"
    >>> [t[a:b] for a, b in ltr_islands(t)]
    ['https://www.itu.int/hub/', 'eun-ju.kim@itu.int', '19-22']
    """
    if not _LTR_LETTER.search(text) and not re.search(r"[0-9][^0-9.,\u00a0\u202f%]+[0-9]", text):
        return []  # no Latin letter, and numbers only alone: nothing to isolate
    tokens = [(m.start(), m.end(), _kind(m.group())) for m in _TOKENS.finditer(text)]
    groups: list[list[tuple[int, int, str]]] = []
    if not any(kind == "a" for _, _, kind in tokens):
        groups = [tokens] if tokens else []
    else:
        current: list[tuple[int, int, str]] = []
        for token in tokens:
            if token[2] == "a":
                groups.append(current)
                current = []
            else:
                current.append(token)
        groups.append(current)
        groups = [part for group in groups for part in _split_numbers(group)]
    spans = []
    for group in groups:
        span = _trim(text, group[0][0], group[-1][1], at_end=not text[group[-1][1]:].strip())
        if span is not None:
            spans.append(span)
    return spans


def _kind(token: str) -> str:
    """``a`` Arabic script, ``l`` with a Latin (or other left-to-right) letter, ``d`` digits,
    ``n`` punctuation only."""
    if ARABIC.match(token):
        return "a"
    if any(unicodedata.bidirectional(c) == "L" and not c.isdigit() for c in token):
        return "l"
    return "d" if any(c.isdigit() for c in token) else "n"


def _split_numbers(group: list[tuple[int, int, str]]) -> list[list[tuple[int, int, str]]]:
    """Numbers before the first and after the last Latin word are items of their own."""
    letters = [i for i, (_, _, kind) in enumerate(group) if kind == "l"]
    if not letters:
        return [group] if group else []
    head, body, tail = group[:letters[0]], group[letters[0]:letters[-1] + 1], \
        group[letters[-1] + 1:]
    return [part for part in (head, body, tail) if part]


def _trim(text: str, start: int, end: int, at_end: bool) -> tuple[int, int] | None:
    """The island without the punctuation around it that belongs to the sentence."""
    def balanced(a: int, b: int) -> bool:
        piece = text[a:b]
        return all(piece.count(o) == piece.count(c) for o, c in zip(_OPEN, _CLOSE, strict=True))

    while start < end:
        c = text[start]
        if c.isalnum() or c == "+" or (c in _OPEN and balanced(start, end)):
            break
        start += 1
    while end > start:
        c = text[end - 1]
        if c.isalnum() or c == "/" or (c in _CLOSE and balanced(start, end)) or \
                (c == "." and at_end and end == len(text.rstrip()) and text[end - 2].isalpha()):
            break
        end -= 1
    if end <= start or _PLAIN_NUMBER.fullmatch(text, start, end):
        return None
    return start, end


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
