"""Markdown to blocks: markdown-it's tokens become the blocks the narrative makes.

The parser is markdown-it-py (CommonMark) with pipe tables, footnotes and block
attributes (``{.annex}`` on the line before a heading). Raw HTML is off, so
``<b>`` prints as written: Markdown text is data and never reaches the XML as
markup. What ITU layout has no place for is refused with its line, all
problems at once:

- links other than http(s) and mailto;
- a footnote inside a footnote (one that refers to itself included), a
  footnote referenced twice, or defined and never referenced;
- a heading deeper than ``###``, or one that skips a level;
- an image that is not a PNG or JPEG file inside the contribution's folder,
  has no alternative text, or shares its paragraph with text.

Headings are numbered as ITU numbers them ("1", "1.1", "1.1.1"), numbering
starting again in each annex; ``- item`` is an ITU en-dash list, ``1. item``
an ``1)`` list, a list inside an item its second level (``a)``); ``{#id}`` on a
heading, an annex, a captioned table or a titled image bookmarks its number and
``[](#id)`` refers to it with a REF field; a thematic break (``***``) starts a
new page; a block quote is an indented ``Call`` paragraph. Fenced ``table`` and
``chart`` blocks are data from files (:mod:`tdagdoc.document.datafiles`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.token import Token

from tdagdoc import blocks as b
from tdagdoc import styles
from tdagdoc.document import captions, datafiles
from tdagdoc.document.captions import numbered
from tdagdoc.document.cells import proportional_widths
from tdagdoc.errors import DataError, Problem
from tdagdoc.input.contribution import MAX_NESTING, parser, read_image, token_marks
from tdagdoc.l10n.localizer import Localizer

MAX_HEADING = 3
MAX_LIST_DEPTH = 2
"""ITU sets lists to two levels (``enumlev1``, ``enumlev2``)."""
_ARABIC_LETTERS = "أبجدهوزحطيكلمنسعفصقرشتثخذضظغ"
"""The abjad order in which Arabic ITU texts letter a sub-list (أ) ب) ج) …)."""
SCHEMES = ("http", "https", "mailto")
_SPACE = re.compile(r"\s*\n\s*")
_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_NOTE_DEF = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:")
ANNEX_WORDS = ("annex", "annexe", "anexo", "приложение", "الملحق", "附件")
"""How each language begins an annex's title: a heading that begins so is an annex the
writer forgot to mark (or, marked, one that would print its number twice)."""
_ANNEX_START = re.compile(rf"^\s*(?i:{'|'.join(ANNEX_WORDS)})\s*(?:\d+|[IVXLC]+\b|[A-Z]\b|$)")
DATA_FENCES = ("table", "chart")
_ANCHOR = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,29}")
"""A cross-reference target's id (``{#regions}``): Word's bookmark names are short."""
_WIDTH = re.compile(r"(\d+(?:\.\d+)?)\s*(cm|mm|in|pt)")
_EMU_PER = {"cm": 360_000, "mm": 36_000, "in": 914_400, "pt": 12_700}
MAX_IMAGE_WIDTH = 17 * 360_000
"""The widest image asked for, in EMU: an A4 page's text width at ITU's margins."""
_ALIGN: dict[str, Literal["start", "center", "end"]] = {
    "text-align:left": "start", "text-align:center": "center", "text-align:right": "end"}

Translate = Callable[[str, str], str | None]
"""(source text, place) -> its translation in Markdown, or None to keep the source."""
DataBlock = Callable[[str, str, str], Sequence[b.Block]]
"""(kind, fence body, place) -> blocks: the ``table`` and ``chart`` fences."""


def key(text: str) -> str:
    r"""A paragraph's source with its line breaks folded: the catalog's msgid.

    >>> key("Two\n  lines ")
    'Two lines'
    >>> key("One\n\nTwo")
    'One\n\nTwo'
    """
    chunks = _BLANK_LINE.split(text.strip())
    return "\n\n".join(_SPACE.sub(" ", c.strip()) for c in chunks if c.strip())


def units(body: str) -> list[tuple[str, int]]:
    """The translatable texts of a body, in order, with their line (from 0): the catalog.

    Paragraphs, headings, list items, quotes, table cells and footnotes, as
    Markdown source (emphasis, links and ``[^notes]`` in place).
    """
    out: list[tuple[str, int]] = []
    tokens = parser().parse(body, {})
    line = 0
    for token in tokens:
        if token.map:
            line = token.map[0]
        if token.type == "table_open" and str(token.attrs.get("caption", "")).strip():
            out.append((key(str(token.attrs["caption"])), line))
        if token.type == "inline" and token.content.strip():
            out.append((key(token.content), line))
        elif token.type == "fence" and token.info.strip() in ("table", "chart"):
            out.extend((key(text), line) for text in datafiles.texts(token.info.strip(),
                                                                      token.content))
    return out


def fences(body: str) -> list[tuple[str, str, int]]:
    """The ``table`` and ``chart`` fences of a body: (kind, YAML, line from 0)."""
    return [(t.info.strip(), t.content, t.map[0] if t.map else 0)
            for t in parser().parse(body, {})
            if t.type == "fence" and t.info.strip() in ("table", "chart")]


def list_mark(lang: str, number: int, depth: int) -> str:
    """An ordered list item's mark: ``1)`` at the first level, ``a)`` at the second
    (Arabic ``أ)``), as ITU letters the items of a sub-list; past the letters, numbers.

    >>> [list_mark("en", n, 2) for n in (1, 2, 26, 27)]
    ['a)', 'b)', 'z)', '27)']
    >>> list_mark("ar", 3, 2), list_mark("fr", 3, 1)
    ('ج)', '3)')
    """
    letters = _ARABIC_LETTERS if lang == "ar" else "abcdefghijklmnopqrstuvwxyz"
    if depth == 1 or not 1 <= number <= len(letters):
        return f"{number})"
    return f"{letters[number - 1]})"


def annex_title(loc: Localizer, number: int) -> str:
    """``Annex 2`` in the document's language: the line above the annex's title."""
    return loc._("Annex {number}", number=number)


def appendix_title(loc: Localizer, number: int, annex: int, anchor: str
                   ) -> tuple[b.Inline, ...]:
    """``Appendix 1`` (to the text) or ``Appendix 1 to Annex 2`` (inside an annex), as
    ITU titles an appendix; its own number bookmarked, wherever the language puts it
    ("附件2的附录1")."""
    def title(shown: str) -> str:
        return (loc._("Appendix {number} to Annex {annex}", number=shown, annex=annex)
                if annex else loc._("Appendix {number}", number=shown))

    text = title(str(number))
    if not anchor:
        return (b.Text(text),)
    before, _, after = title("\x00").partition("\x00")
    return tuple(i for i in (b.Text(before), b.Bookmark(anchor, str(number)), b.Text(after))
                 if not isinstance(i, b.Text) or i.text)


@dataclass
class Converter:
    """Turns one Markdown body into blocks for one language.

    ``place(line)`` names a body line (``contribution.md:12``); ``translate``
    gives a paragraph's translation; ``data`` makes the blocks of data fences.
    Problems collect in ``problems``; the caller raises them with the rest.
    """

    loc: Localizer
    folder: Path
    place: Callable[[int], str]
    translate: Translate | None = None
    data: DataBlock | None = None
    problems: list[Problem] = field(default_factory=list)
    numbering: datafiles.Numbering = field(default_factory=datafiles.Numbering)
    tables: int = 0
    md: MarkdownIt = field(default_factory=parser)
    _env: dict[str, object] = field(default_factory=dict)
    _notes: dict[int, list[Token]] = field(default_factory=dict)
    _used: set[int] = field(default_factory=set)
    _in_note: bool = False
    _line: int = 0
    _sections: list[int] = field(default_factory=lambda: [0, 0, 0])
    _annexes: int = 0
    _appendices: int = 0
    """Appendices so far: numbered afresh in each annex."""
    _depth: int = 0
    _targets: dict[str, str] = field(default_factory=dict)
    """Cross-reference ids (``{#regions}``) and the numbers they print."""
    _refs: list[tuple[str, int]] = field(default_factory=list)
    """The cross-references made, with their lines: resolved at the end."""

    def problem(self, message: str, line: int | None = None) -> None:
        self.problems.append(Problem(self.place(self._line if line is None else line), "",
                                     message))

    def convert(self, body: str) -> list[b.Block]:
        tokens = self.md.parse(body, self._env)
        deep = next((t for t in tokens if t.level >= MAX_NESTING - 1), None)
        if deep is not None:
            line = max((t.map[0] for t in tokens[:tokens.index(deep) + 1] if t.map), default=0)
            self.problem(f"lists or quotes nested more than {MAX_NESTING // 3} deep: ITU "
                         "documents use two levels", line)
            return []
        self._twice_defined(body, tokens)
        end = next((i for i, t in enumerate(tokens) if t.type == "footnote_block_open"),
                   len(tokens))
        self._collect_notes(tokens[end:])
        out = self._blocks(tokens[:end])
        refs = self._env.get("footnotes", {})
        never = [k[1:] for k, v in (refs.get("refs", {}) if isinstance(refs, dict) else {}
                                    ).items() if v == -1]  # markdown-it drops those notes
        for label in never:
            m = re.search(rf"^ {{0,3}}\[\^{re.escape(label)}\]:", body, re.MULTILINE)
            line = body.count("\n", 0, m.start()) if m else 0
            self.problem(f"footnote [^{label}] is never referenced", line)
        for anchor, line in self._refs:
            if bookmark_name(anchor) not in self._targets:
                self.problem(f"the cross-reference [](#{anchor}) points to nothing: put "
                             f"{{#{anchor}}} on the line before a heading, an annex, a "
                             "table's caption or a ```table or ```chart fence, or after a "
                             "figure's image", line)
        return [resolve(block, self._targets) for block in out] if self._refs else out

    def _twice_defined(self, body: str, tokens: list[Token]) -> None:
        """A footnote defined twice: markdown-it would keep one silently."""
        code = {k for t in tokens if t.type in ("fence", "code_block") and t.map
                for k in range(t.map[0], t.map[1])}
        seen: dict[str, int] = {}
        for k, row in enumerate(body.split("\n")):
            m = _NOTE_DEF.match(row)
            if m is None or k in code:
                continue
            if m[1] in seen:
                self.problem(f"footnote [^{m[1]}] is defined twice (also at "
                             f"{self.place(seen[m[1]])}): keep one", k)
            else:
                seen[m[1]] = k

    # --- blocks ------------------------------------------------------------------

    def _collect_notes(self, tokens: list[Token]) -> None:
        current: int | None = None
        for t in tokens:
            if t.type == "footnote_open":
                current = int(t.meta["id"])
                self._notes[current] = []
            elif t.type == "footnote_close":
                current = None
            elif current is not None and t.type != "footnote_anchor":
                self._notes[current].append(t)

    def _blocks(self, tokens: list[Token], style: str = styles.NORMAL) -> list[b.Block]:
        out: list[b.Block] = []
        i = 0
        while i < len(tokens):
            t = tokens[i]
            if t.map:
                self._line = t.map[0]
            for mark in ("annex", "appendix"):
                if t.type != "heading_open" and mark in str(t.attrs.get("class", "")).split():
                    self.problem(f"{{.{mark}}} goes on the line before an {mark}'s '# Title'")
            if t.type == "heading_open":
                out.extend(self._heading(t, tokens[i + 1]))
                i += 3
            elif t.type == "paragraph_open":
                out.extend(self._paragraph(tokens[i + 1], style))
                i += 3
            elif t.type in ("bullet_list_open", "ordered_list_open"):
                j = _close(tokens, i)
                out.extend(self._list(tokens[i + 1:j], t.type == "ordered_list_open",
                                      int(t.attrs.get("start", 1) or 1)))
                i = j + 1
            elif t.type == "blockquote_open":
                j = _close(tokens, i)
                out.extend(self._blocks(tokens[i + 1:j], styles.CALL))
                i = j + 1
            elif t.type == "table_open":
                j = _close(tokens, i)
                out.append(self._table(tokens[i + 1:j], str(t.attrs.get("caption", "")),
                                       self._anchor(t)))
                i = j + 1
            elif t.type in ("fence", "code_block"):
                out.extend(self._fence(t, style))
                i += 1
            elif t.type == "hr":
                out.append(b.PageBreak())
                i += 1
            else:  # html_block cannot occur (HTML is off); anything else is a bug
                raise AssertionError(f"unexpected Markdown token {t.type}")
        return out

    def _heading(self, t: Token, inline: Token) -> list[b.Block]:
        level = int(t.tag[1])
        inlines = self._inlines(inline)
        text = "".join(i.text for i in inlines if isinstance(i, b.Text))
        classes = str(t.attrs.get("class", "")).split()
        annex = "annex" in classes
        appendix = "appendix" in classes and not annex
        anchor = self._anchor(t)
        if annex and "appendix" in classes:
            self.problem("a heading is an annex or an appendix, not both: keep {.annex} "
                         "or {.appendix}")
        if _ANNEX_START.match(text):
            self.problem(f"the heading {_short(text)} " + (
                "repeats what tdagdoc writes: give the annex's title only (tdagdoc writes "
                "'Annex 1' above it)" if annex else "looks like an annex: put {.annex} on the line "
                "before it and give its title only (tdagdoc numbers the annexes)"))
        if annex:
            if level != 1:
                self.problem("an annex heading is a level-1 heading ('# Title')")
            self._annexes += 1
            self._appendices = 0
            self._sections = [0, 0, 0]
            self._target(anchor, str(self._annexes))
            # As ITU sets an annex: its number on one line, its title under it.
            lead = numbered(annex_title(self.loc, self._annexes), self._annexes, anchor)
            return [b.PageBreak(), b.Paragraph(lead, styles.ANNEX_NO, align="center"),
                    b.Paragraph(inlines, styles.TITLE, align="center")]
        if appendix:
            if level != 1:
                self.problem("an appendix heading is a level-1 heading ('# Title')")
            self._appendices += 1
            self._sections = [0, 0, 0]
            self._target(anchor, str(self._appendices))
            # Set as an annex is: "Appendix 1 to Annex 2" on one line, the title under it.
            lead = appendix_title(self.loc, self._appendices, self._annexes, anchor)
            return [b.PageBreak(), b.Paragraph(lead, styles.ANNEX_NO, align="center"),
                    b.Paragraph(inlines, styles.TITLE, align="center")]
        if level > MAX_HEADING:
            self.problem(f"a level-{level} heading: ITU numbers sections to three levels "
                         "(#, ##, ###)")
            return [b.Paragraph(inlines, styles.HEADINGB)]
        if level > 1 and self._sections[level - 2] == 0:
            self.problem(f"a level-{level} heading needs a level-{level - 1} heading before it")
        self._sections[level - 1] += 1
        for k in range(level, MAX_HEADING):
            self._sections[k] = 0
        number = ".".join(str(n) for n in self._sections[:level])
        self._target(anchor, number)
        return [b.Heading(number, inlines, level, anchor)]

    def _paragraph(self, inline: Token, style: str) -> list[b.Block]:
        children = inline.children or []
        images = [c for c in children if c.type == "image"]
        if images:
            if len(images) > 1 or any(c.type not in ("image", "softbreak") and c.content.strip()
                                      for c in children if c is not images[0]):
                self.problem("an image stands alone in its paragraph")
                return []
            image = self._image(images[0])
            return [image] if image else []
        return [b.Paragraph(self._inlines(inline), style)]

    def _list(self, tokens: list[Token], ordered: bool, start: int) -> list[b.Block]:
        """A list's items, as ITU sets them: ``–`` or ``1)`` in ``enumlev1``; a list
        inside an item one level further in (``enumlev2``), ``–`` or ``a)``."""
        depth = self._depth + 1
        if depth > MAX_LIST_DEPTH:
            self.problem(f"a list inside a list inside a list: ITU documents use "
                         f"{MAX_LIST_DEPTH} levels (indent the inner list under its item)")
            return []
        style = (styles.ENUMLEV1, styles.ENUMLEV2)[depth - 1]
        out: list[b.Block] = []
        number = start
        i = 0
        self._depth = depth
        try:
            while i < len(tokens):
                if tokens[i].type != "list_item_open":
                    i += 1
                    continue
                j = _close(tokens, i)
                first = True
                for block in self._blocks(tokens[i + 1:j], style):
                    if isinstance(block, b.Paragraph) and block.style in (style, styles.NORMAL):
                        mark = list_mark(self.loc.lang.code, number, depth) if ordered else "–"
                        lead: tuple[b.Inline, ...] = ((b.Text(mark), b.Tab()) if first
                                                      else (b.Tab(),))
                        block = b.Paragraph((*lead, *block.inlines), style)
                        first = False
                    out.append(block)
                number += 1
                i = j + 1
        finally:
            self._depth = depth - 1
        return out

    def _table(self, tokens: list[Token], caption: str = "", anchor: str = "") -> b.Table:
        """A pipe table; ``{caption="…"}`` on the line before gives it "Table n – …"."""
        title = None
        if anchor and not caption.strip():
            self.problem(f"the table {{#{anchor[5:]}}} needs a caption to be referred to: "
                         f"{{#{anchor[5:]} caption=\"…\"}}")
        if caption.strip():
            self.numbering.tables += 1
            found = self.translate(key(caption), self.place(self._line)) if self.translate \
                else None
            self._target(anchor, str(self.numbering.tables))
            title = captions.caption(self.loc, "table", self.numbering.tables,
                                     key(found if found is not None else caption), anchor)
        header: list[b.Row] = []
        rows: list[b.Row] = []
        row: list[b.Cell] = []
        in_head = False
        for i, t in enumerate(tokens):
            if t.type == "thead_open":
                in_head = True
            elif t.type == "thead_close":
                in_head = False
            elif t.type == "tr_open":
                row = []
            elif t.type == "tr_close":
                (header if in_head else rows).append(tuple(row))
            elif t.type in ("th_open", "td_open"):
                align = _ALIGN.get(str(t.attrs.get("style", "")), "center" if in_head else
                                   "start")
                style = styles.TABLE_HEAD if in_head else styles.TABLE_TEXT
                para = b.Paragraph(self._inlines(tokens[i + 1]), style)
                row.append(b.Cell((para,), align))
        widths = _widths([*header, *rows])
        self.tables += 1
        return b.Table(tuple(header), tuple(rows), widths, title, name=f"table-{self.tables}")

    def _fence(self, t: Token, style: str) -> list[b.Block]:
        kind = t.info.strip().split(" ")[0] if t.type == "fence" else ""
        close = difflib.get_close_matches(kind.lower(), DATA_FENCES, n=1, cutoff=0.6)
        if kind not in DATA_FENCES and (close or re.match(r"\s*file\s*:", t.content)):
            # Else a misspelt ```chrat prints its YAML as text.
            hint = f"```{close[0]}" if close else "```table or ```chart"
            self.problem(f"```{kind} is not a kind of data block: write {hint}")
            return []
        if kind in DATA_FENCES:
            if self.data is None:
                self.problem(f"a {kind} from a data file cannot be placed here")
                return []
            anchor = self._anchor(t)
            try:
                made = list(self.data(kind, t.content, self.place(self._line)))
            except DataError as exc:  # reported with the others; the reading goes on
                self.problems.extend(exc.problems)
                return []
            return [self._data_target(block, anchor) for block in made] if anchor else made
        # Code or preformatted text: printed as it is, line by line.
        lines = t.content.rstrip("\n")
        return [b.Paragraph((b.Text(lines),), style)] if lines else []

    def _data_target(self, block: b.Block, anchor: str) -> b.Block:
        """A data table or chart made a cross-reference target: ``{#id}`` on the line
        before its fence bookmarks the number of its caption, as for a pipe table."""
        if isinstance(block, b.Table):
            if block.caption is None:
                self.problem(f"the table {{#{anchor[5:]}}} needs a caption to be referred "
                             "to: caption: … in its fence")
                return block
            number = self.numbering.tables
            self._target(anchor, str(number))
            return replace(block, caption=replace(
                block.caption, inlines=numbered(block.caption.plain, number, anchor)))
        if isinstance(block, b.Chart) and block.caption is not None:
            number = self.numbering.figures
            self._target(anchor, str(number))
            return replace(block, caption=replace(
                block.caption, inlines=numbered(block.caption.plain, number, anchor)))
        return block

    def _image(self, t: Token) -> b.Image | None:
        src = str(t.attrs.get("src", ""))
        alt = key(t.content)
        if not alt:
            self.problem(f"the image {src} needs a description: ![what it shows]({src})")
        data, message = read_image(self.folder, src)
        if data is None:
            self.problem(message)
            return None
        width = self._width(t)
        anchor = self._anchor(t)
        caption = None
        title = str(t.attrs.get("title", "") or "")
        if anchor and not title:
            self.problem(f"the image {src} needs a title to be referred to: "
                         f"![…]({src} \"Its title\"){{#{anchor[5:]}}}")
        if title:
            self.numbering.figures += 1
            self._target(anchor, str(self.numbering.figures))
            caption = captions.caption(self.loc, "figure", self.numbering.figures, title,
                                       anchor)
        return b.Image(data, alt, caption, width)

    def _width(self, t: Token) -> int | None:
        """``{width=8cm}`` after an image, in EMU: cm, mm, in or pt, from 1 cm to the
        page (the writer keeps it within the text width); anything else is refused."""
        others = sorted(k for k in t.attrs if k not in ("src", "alt", "title", "width", "id"))
        if others:
            self.problem(f"an image takes {{width=8cm}} and {{#id}} only, not "
                         f"{', '.join(others)}")
        if "width" not in t.attrs:
            return None
        asked = str(t.attrs["width"])
        m = _WIDTH.fullmatch(asked.strip())
        emu = round(float(m[1]) * _EMU_PER[m[2]]) if m else 0
        if not _EMU_PER["cm"] <= emu <= MAX_IMAGE_WIDTH:
            self.problem(f"the image width {asked!r} is not a width from 1cm to 17cm: write "
                         "it as 8cm, 80mm, 3in or 220pt")
            return None
        return emu

    def paragraphs(self, text: str, place: str) -> list[b.Paragraph]:
        """A front matter text (already in its language) read as Markdown inlines."""
        saved = self.place, self.translate
        self.place, self.translate = (lambda line: place), None
        try:
            tokens = self.md.parseInline(text, self._env)
            return [b.Paragraph(self._inlines(tokens[0]))] if tokens else []
        finally:
            self.place, self.translate = saved

    # --- inlines --------------------------------------------------------------------

    def _inlines(self, inline: Token) -> tuple[b.Inline, ...]:
        children = inline.children or []
        if self.translate is not None and inline.content.strip():
            translated = self.translate(key(inline.content), self.place(self._line))
            if translated is not None:
                parsed = self.md.parseInline(translated, self._env)
                mine = parsed[0].children or [] if parsed else []
                kept = token_marks(children)
                if token_marks(mine) != kept:
                    self.problem(f"the translation of {_short(key(inline.content))} must keep "
                                 f"its footnotes and links: {_describe(kept)}")
                else:
                    children = mine
        out: list[b.Inline] = []
        bold = italic = 0
        i = 0
        while i < len(children):
            c = children[i]
            if c.type in ("text", "code_inline") and c.content:
                out.append(b.Text(c.content, bold > 0, italic > 0))
            elif c.type == "softbreak":
                out.append(b.Text(" ", bold > 0, italic > 0))
            elif c.type == "hardbreak":
                out.append(b.Text("\n", bold > 0, italic > 0))
            elif c.type == "strong_open":
                bold += 1
            elif c.type == "strong_close":
                bold -= 1
            elif c.type == "em_open":
                italic += 1
            elif c.type == "em_close":
                italic -= 1
            elif c.type == "link_open":
                j = next((k for k in range(i + 1, len(children))
                          if children[k].type == "link_close"), len(children))
                # A link's text may wrap onto the next source line: that break is a space.
                text = "".join(" " if k.type == "softbreak" else k.content
                               for k in children[i + 1:j]
                               if k.type in ("text", "code_inline", "softbreak"))
                out.extend(self._link(str(c.attrs.get("href", "")), text))
                i = j
            elif c.type == "footnote_ref":
                out.extend(self._footnote(c))
            elif c.type == "image":
                self.problem("an image stands alone in its paragraph")
            i += 1
        return tuple(_merge(out))

    def _link(self, href: str, text: str) -> list[b.Inline]:
        if href.startswith("#"):
            return self._ref(href[1:], text)
        text = text or href
        m = _SCHEME.match(href)
        if m is None or m[1].lower() not in SCHEMES:
            self.problem(f"the link to {href!r} is not allowed: links are http://, https:// "
                         "or mailto: addresses")
            return [b.Text(text)]
        return [b.Link(href, text)]

    def _ref(self, anchor: str, text: str) -> list[b.Inline]:
        """``[](#regions)``: the number of what ``{#regions}`` marks, as a field Word
        updates. The text around it names the kind, as the language declines it
        ("see Table [](#regions)", "voir le tableau [](#regions)")."""
        if text.strip():
            self.problem(f"a cross-reference prints its target's number: write [](#{anchor}), "
                         f"not [{text}](#{anchor})")
        if not _ANCHOR.fullmatch(anchor):
            self.problem(f"#{anchor} is not a cross-reference id: a letter, then up to 29 "
                         "letters, digits, '-' or '_'")
            return []
        self._refs.append((anchor, self._line))
        return [b.Ref(bookmark_name(anchor), "")]

    def _anchor(self, t: Token) -> str:
        """The bookmark of the ``{#id}`` a heading, table or image carries ("" if none)."""
        anchor = str(t.attrs.get("id", "") or "")
        if not anchor:
            return ""
        if not _ANCHOR.fullmatch(anchor):
            self.problem(f"{{#{anchor}}} is not a cross-reference id: a letter, then up to 29 "
                         "letters, digits, '-' or '_'")
            return ""
        return bookmark_name(anchor)

    def _target(self, anchor: str, number: str) -> None:
        if not anchor:
            return
        if anchor in self._targets:
            self.problem(f"{{#{anchor[5:]}}} marks two places: give each its own id")
        self._targets[anchor] = number

    def _footnote(self, ref: Token) -> list[b.Inline]:
        note_id = int(ref.meta["id"])
        label = ref.meta.get("label", note_id)
        if self._in_note:
            self.problem(f"footnote [^{label}] is inside a footnote: a footnote cannot "
                         "hold another (or itself)")
            return []
        if note_id in self._used:
            self.problem(f"footnote [^{label}] is referenced twice: give each note once")
            return []
        self._used.add(note_id)
        line = self._line
        self._in_note = True
        try:
            paras = []
            for block in self._blocks(self._notes.get(note_id, [])):
                if isinstance(block, b.Paragraph):
                    paras.append(block)
                else:
                    self.problem(f"footnote [^{label}] holds a {type(block).__name__.lower()}: "
                                 "a footnote holds text only")
        finally:
            self._in_note = False
            self._line = line
        return [b.Footnote(tuple(b.Paragraph(p.inlines, styles.FOOTNOTE_TEXT) for p in paras))]


def bookmark_name(anchor: str) -> str:
    """A cross-reference id's bookmark: hidden in Word's list (``_Ref``, as Word names
    the bookmarks of its own cross-references), ``-`` as Word allows it (``_``).

    >>> bookmark_name("sec-2")
    '_Ref_sec_2'
    """
    return "_Ref_" + anchor.replace("-", "_")


def resolve(block: b.Block, targets: dict[str, str]) -> b.Block:
    """``block`` with each cross-reference's text its target's number."""
    def inlines(items: tuple[b.Inline, ...]) -> tuple[b.Inline, ...]:
        return tuple(b.Ref(i.name, targets.get(i.name, "?")) if isinstance(i, b.Ref)
                     else b.Footnote(tuple(para(p) for p in i.blocks))
                     if isinstance(i, b.Footnote) else i for i in items)

    def para(p: b.Paragraph) -> b.Paragraph:
        return replace(p, inlines=inlines(p.inlines))

    match block:
        case b.Paragraph():
            return para(block)
        case b.Heading():
            return replace(block, inlines=inlines(block.inlines))
        case b.Table() if isinstance(block.rows, tuple):  # a pipe table, not a data file's
            def row(r: b.Row) -> b.Row:
                return tuple(replace(c, paragraphs=tuple(map(para, c.paragraphs))) for c in r)
            return replace(block, header=tuple(map(row, block.header)),
                           rows=tuple(map(row, block.rows)))
    return block


def _close(tokens: list[Token], i: int) -> int:
    """The index of the token that closes ``tokens[i]``."""
    depth = 0
    for j in range(i, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1


def _describe(marks: list[str]) -> str:
    return ", ".join(marks) if marks else "none"


def _short(text: str, limit: int = 50) -> str:
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


def _merge(inlines: list[b.Inline]) -> list[b.Inline]:
    """Adjacent runs of the same formatting as one: fewer, larger ``w:r`` elements."""
    out: list[b.Inline] = []
    for item in inlines:
        last = out[-1] if out else None
        if (isinstance(item, b.Text) and isinstance(last, b.Text)
                and (last.bold, last.italic) == (item.bold, item.italic)):
            out[-1] = b.Text(last.text + item.text, item.bold, item.italic)
        else:
            out.append(item)
    while out and isinstance(out[-1], b.Text) and not out[-1].text.strip():
        out.pop()
    return out


def _widths(rows: list[b.Row]) -> tuple[int, ...]:
    """Column widths in proportion to each column's longest text (within limits).

    >>> from tdagdoc.document.cells import cell
    >>> _widths([(cell("Region"), cell("12")), (cell("Asia and the Pacific"), cell("1"))])
    (6425, 3213)
    """
    n = max((len(r) for r in rows), default=1)
    longest = [4] * n
    for row in rows:
        for k, c in enumerate(row):
            size = max((len(p.plain) for p in c.paragraphs), default=0)
            longest[k] = min(max(longest[k], size), 40)
    return proportional_widths([max(w, 10) for w in longest])
