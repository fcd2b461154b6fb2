"""A revision against its previous version: the blocks with tracked changes, as Compare.

ITU issues a revised document ("Revision 1 to Document TDAG-25/12") with its
changes marked, so that a reader sees what changed. :func:`compare` takes the
blocks of the previous version and of the revision, in one language, and
returns the revision's blocks where

* a paragraph or heading that is new is marked inserted whole (its mark too),
  one that is gone is kept, marked deleted;
* a paragraph that changed keeps its unchanged words and marks the words
  deleted and inserted (a word-level diff with :mod:`difflib`; Chinese and
  Japanese characters count one by one, as they have no spaces; a link or a
  footnote is one word);
* the summary box compares its parts (by their label) paragraph by paragraph;
* a table with the columns it had compares its rows (a row added or removed is
  marked whole) and, in a row that changed, the words of each cell; its caption
  is compared as a paragraph;
* a chart or picture that changed, or a table with other columns, is shown
  deleted, then inserted;
* the header block is the revision's, unmarked: its revision line says what it is.

Nothing here knows Word: the writer turns :class:`~tdagdoc.blocks.Tracked`,
``mark`` and :class:`~tdagdoc.blocks.Revised` into ``w:ins`` and ``w:del``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Hashable, Sequence
from difflib import SequenceMatcher
from typing import Literal, TypeVar

from tdagdoc import blocks as b

SIMILAR = 0.5
"""How alike two paragraphs in the same place must be (difflib's ratio of their words)
to be shown as one paragraph changed, not as one deleted and another inserted."""

LIMIT = 250_000
"""The most pairs of items difflib compares at once (its time grows with their product):
a longer stretch that changed is shown deleted and inserted whole."""

LONGEST = 200_000
"""Paragraphs longer than this (in characters, both versions) are shown deleted and
inserted whole, not compared word by word."""

_MARKS = "\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670" \
         "\u06d6-\u06ed\u08d3-\u08ff\u200c\u200d"
"""Combining marks (Arabic vowels and tanwin, accents) and joiners: part of their word."""
_WORDS = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]"
                    rf"|[\w{_MARKS}]+|\s+|[^\w\s{_MARKS}]")

_STOPS = {".", "!", "?", ";", "؟", "؛"}  # end a sentence before a space
_CJK_STOPS = {"。", "！", "？", "；"}  # end a sentence where they stand

Kind = Literal["ins", "del"]
Opcode = tuple[str, int, int, int, int]
Text = TypeVar("Text", b.Paragraph, b.Heading)


def compare(old: Sequence[b.Block], new: Sequence[b.Block]) -> tuple[b.Block, ...]:
    """The blocks of ``new`` with what changed since ``old`` marked (see the module).

    >>> p = lambda text: b.Paragraph((b.Text(text),))
    >>> out = compare([p("One fine day."), p("Gone.")], [p("One bright day."), p("Added text")])
    >>> [(type(i).__name__, getattr(i, "kind", ""), _text(i)) for i in out[0].inlines]
    [('Text', '', 'One '), ('Tracked', 'del', 'fine'), ('Tracked', 'ins', 'bright'), \
('Text', '', ' day.')]
    >>> [(blk.mark, blk.plain) for blk in out[1:]]
    [('del', ''), ('ins', 'Added text')]
    """
    out: list[b.Block] = []
    for op, i1, i2, j1, j2 in _opcodes([_key(x) for x in old], [_key(x) for x in new]):
        if op == "equal":
            out.extend(new[j1:j2])
            continue
        gone, added = list(old[i1:i2]), list(new[j1:j2])
        while gone and added:  # in the same place and alike: one block changed
            paired = _pair(gone[0], added[0])
            if paired is None:
                break
            out.append(paired)
            del gone[0], added[0]
        out.extend(_whole(x, "del") for x in gone if not isinstance(x, b.HeaderBlock))
        out.extend(_whole(x, "ins") for x in added)
    return tuple(out)


def _key(block: b.Block) -> Hashable:
    """What makes two blocks the same: their whole content; the header block is always
    the revision's (its revision line differs by design)."""
    if isinstance(block, b.HeaderBlock):
        return "header"
    try:
        hash(block)
    except TypeError:  # a table whose rows are made when read
        return id(block)
    return block


def _pair(old: b.Block, new: b.Block) -> b.Block | None:
    """``new`` with its changes from ``old`` marked in place, or None when the two are
    not one block changed (not of one kind, or too unlike)."""
    if isinstance(old, b.HeaderBlock) and isinstance(new, b.HeaderBlock):
        return new
    if isinstance(old, b.Paragraph) and isinstance(new, b.Paragraph) and old.style == new.style:
        return _changed(old, new)
    if isinstance(old, b.Heading) and isinstance(new, b.Heading) and old.level == new.level:
        return _changed(old, new)
    if isinstance(old, b.Table) and isinstance(new, b.Table) and \
            len(old.widths) == len(new.widths) and not old.marks and not new.marks:
        return _table(old, new)
    if isinstance(old, b.SummaryBox) and isinstance(new, b.SummaryBox):
        # Parts by their label (References may come or go); a new part's text is inserted.
        before = dict(old.parts)
        return b.SummaryBox(tuple((label, _paragraphs(before.get(label, ()), after))
                                  for label, after in new.parts))
    return None


def _table(old: b.Table, new: b.Table) -> b.Table:
    """``new`` with the rows added and removed since ``old``, and the words changed in
    the rows that are alike; header rows compared with header rows."""
    header, head_marks = _rows(old.header, new.header)
    rows, marks = _rows(old.rows, new.rows)
    caption = new.caption
    if old.caption is not None and new.caption is not None:
        caption = _changed(old.caption, new.caption) or new.caption
    all_marks = (*head_marks, *marks)
    return dataclasses.replace(new, header=tuple(header), rows=tuple(rows), caption=caption,
                               marks=all_marks if any(all_marks) else ())


def _rows(old: Sequence[b.Row], new: Sequence[b.Row]) -> tuple[list[b.Row], list[Kind | None]]:
    """Rows of ``new`` and the rows removed since ``old``, each with its mark."""
    rows: list[b.Row] = []
    marks: list[Kind | None] = []
    for op, i1, i2, j1, j2 in _opcodes([_row_key(r) for r in old], [_row_key(r) for r in new]):
        gone, added = list(old[i1:i2]), list(new[j1:j2])
        if op == "equal":
            rows.extend(added)
            marks.extend([None] * len(added))
            continue
        while gone and added:  # in the same place and alike: one row changed
            cells = _cells(gone[0], added[0])
            if cells is None:
                break
            rows.append(cells)
            marks.append(None)
            del gone[0], added[0]
        rows.extend(gone)
        marks.extend(["del"] * len(gone))
        rows.extend(added)
        marks.extend(["ins"] * len(added))
    return rows, marks


def _row_key(row: b.Row) -> Hashable:
    return tuple(tuple(p.plain for p in cell.paragraphs) for cell in row)


def _cells(old: b.Row, new: b.Row) -> b.Row | None:
    """A row changed in place: each cell's words compared, or None if the row is not
    alike (another row, not this one changed)."""
    cells = []
    alike = 0
    for was, cell in zip(old, new, strict=True):
        if was == cell:
            cells.append(cell)
            alike += 1
            continue
        if len(was.paragraphs) != len(cell.paragraphs):
            cells.append(cell)
            continue
        paras = [(_changed(a, p) if a.style == p.style else None, p)
                 for a, p in zip(was.paragraphs, cell.paragraphs, strict=True)]
        alike += all(changed is not None for changed, _ in paras)
        cells.append(dataclasses.replace(cell, paragraphs=tuple(
            changed if changed is not None else _replaced(a, p)
            for (changed, p), a in zip(paras, was.paragraphs, strict=True))))
    return tuple(cells) if alike * 2 >= len(new) else None


def _replaced(old: Text, new: Text) -> Text:
    """A paragraph (or heading) whose words are all new: the old deleted, the new inserted."""
    return dataclasses.replace(new, inlines=(b.Tracked("del", old.inlines),
                                             b.Tracked("ins", new.inlines)))


def _paragraphs(old: tuple[b.Paragraph, ...], new: tuple[b.Paragraph, ...]
                ) -> tuple[b.Paragraph, ...]:
    """A box part's paragraphs compared as the body's are."""
    return tuple(p for p in compare(old, new) if isinstance(p, b.Paragraph))


def _changed(old: Text, new: Text) -> Text | None:
    """``new`` with its words deleted and inserted since ``old``, if they are alike."""
    if len(b.plain(old.inlines)) + len(b.plain(new.inlines)) > LONGEST:
        return _replaced(old, new)  # no reader compares such paragraphs word by word
    before, after = _tokens(old.inlines), _tokens(new.inlines)
    # Sentences first, then the words of the sentences that changed: Compare's result,
    # in a time that does not grow with the square of a long paragraph's words.
    was, now = _sentences(before), _sentences(after)
    inlines: list[b.Inline] = []
    same = 0
    for op, i1, i2, j1, j2 in _opcodes(was, now):
        gone = [t for sentence in was[i1:i2] for t in sentence]
        added = [t for sentence in now[j1:j2] for t in sentence]
        for op2, k1, k2, m1, m2 in ([("equal", 0, len(gone), 0, len(added))]
                                    if op == "equal" else _opcodes(gone, added)):
            if op2 == "equal":
                same += m2 - m1
                inlines.extend(_join(added[m1:m2]))
                continue
            if k2 > k1:
                inlines.append(b.Tracked("del", tuple(_join(gone[k1:k2]))))
            if m2 > m1:
                inlines.append(b.Tracked("ins", tuple(_join(added[m1:m2]))))
    if 2 * same < SIMILAR * (len(before) + len(after)):
        return None
    # A heading keeps the revision's number unmarked, as Word's own numbering would.
    return dataclasses.replace(new, inlines=tuple(inlines))


def _opcodes(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[Opcode]:
    """difflib's opcodes from ``a`` to ``b``, the common head and tail taken first; a
    middle too long to compare in a moment (:data:`LIMIT`) is one replacement.

    >>> _opcodes("abcd", "abxd")
    [('equal', 0, 2, 0, 2), ('replace', 2, 3, 2, 3), ('equal', 3, 4, 3, 4)]
    """
    n = min(len(a), len(b))
    head = 0
    while head < n and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < n - head and a[len(a) - 1 - tail] == b[len(b) - 1 - tail]:
        tail += 1
    i2, j2 = len(a) - tail, len(b) - tail
    ops: list[Opcode] = [("equal", 0, head, 0, head)] if head else []
    if (i2 - head) * (j2 - head) > LIMIT:
        ops.append(("replace", head, i2, head, j2))
    elif i2 > head or j2 > head:
        matcher = SequenceMatcher(None, a[head:i2], b[head:j2], autojunk=False)
        ops.extend((op, x1 + head, x2 + head, y1 + head, y2 + head)
                   for op, x1, x2, y1, y2 in matcher.get_opcodes())
    if tail:
        ops.append(("equal", i2, len(a), j2, len(b)))
    return ops


def _sentences(tokens: list[b.Inline]) -> list[tuple[b.Inline, ...]]:
    """Tokens grouped in sentences (a stop and the space after it end one)."""
    out: list[tuple[b.Inline, ...]] = []
    current: list[b.Inline] = []
    for token in tokens:
        current.append(token)
        text = token.text if isinstance(token, b.Text) else ""
        ends = text in _CJK_STOPS or (text.isspace() and len(current) > 1 and
                                      isinstance(current[-2], b.Text) and
                                      current[-2].text in _STOPS)
        if ends:
            out.append(tuple(current))
            current = []
    if current:
        out.append(tuple(current))
    return out


def _tokens(inlines: tuple[b.Inline, ...]) -> list[b.Inline]:
    """Words, spaces and punctuation, each a Text with its formatting; links, footnotes
    and tabs whole."""
    out: list[b.Inline] = []
    for inline in inlines:
        if isinstance(inline, b.Text):
            out.extend(b.Text(m.group(), inline.bold, inline.italic)
                       for m in _WORDS.finditer(inline.text))
        else:
            out.append(inline)
    return out


def _join(tokens: Sequence[b.Inline]) -> list[b.Inline]:
    """Tokens back into as few runs as their formatting allows."""
    out: list[b.Inline] = []
    texts: list[str] = []
    style: tuple[bool, bool] | None = None
    for token in [*tokens, None]:
        if isinstance(token, b.Text) and (token.bold, token.italic) == style:
            texts.append(token.text)
            continue
        if style is not None:
            out.append(b.Text("".join(texts), *style))
        style, texts = None, []
        if isinstance(token, b.Text):
            style, texts = (token.bold, token.italic), [token.text]
        elif token is not None:
            out.append(token)
    return out


def _whole(block: b.Block, kind: Kind) -> b.Block:
    """A block inserted or deleted whole."""
    if isinstance(block, b.Paragraph | b.Heading):
        return dataclasses.replace(block, mark=kind)
    if isinstance(block, b.SummaryBox):
        return b.SummaryBox(tuple((label, tuple(dataclasses.replace(p, mark=kind)
                                                for p in paras))
                                  for label, paras in block.parts))
    if isinstance(block, b.Table | b.Chart | b.Image | b.PageBreak | b.ContactBox):
        return b.Revised(kind, block)
    return block


def _text(inline: b.Inline) -> str:
    """An inline's text, for the doctests."""
    if isinstance(inline, b.Tracked):
        return "".join(_text(i) for i in inline.inlines)
    return inline.text if isinstance(inline, b.Text | b.Link) else ""
