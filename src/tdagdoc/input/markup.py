"""The small inline markup of the data's own paragraphs (the year's highlights).

Three marks, and nothing else: ``*emphasis*``, ``[text](https://address)`` and
``[^name]``, a footnote whose text is the paragraph's note ``name``. Everything
else is literal text: ``<b>``, ``{{ x }}`` or ``&amp;`` print as written, since
the narrative escapes every piece before it becomes the templates' markup. A
``*`` or ``[`` that does not make one of the marks prints as itself.

>>> for piece in parse("See *the* [report](https://www.itu.int/x)[^src], 5 * 3 <b>."):
...     print(piece)
Plain(text='See ')
Emphasis(text='the')
Plain(text=' ')
Link(text='report', url='https://www.itu.int/x')
NoteRef(name='src')
Plain(text=', 5 * 3 <b>.')
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import urlsplit

NOTE_NAME = r"[A-Za-z0-9][A-Za-z0-9_-]*"
_MARK = re.compile(
    rf"\[\^(?P<note>{NOTE_NAME})\]"
    # an address may hold balanced parentheses (".../Resolution_(2022)"), one level deep
    r"|\[(?P<label>[^\[\]]+)\]\((?P<url>[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)\)"
    r"|\*(?P<em>[^*\s](?:[^*]*[^*\s])?)\*"
)


@dataclass(frozen=True)
class Plain:
    """Literal text."""

    text: str


@dataclass(frozen=True)
class Emphasis:
    """``*text*``: italics, as ITU texts emphasize."""

    text: str


@dataclass(frozen=True)
class Link:
    """``[text](url)``: a hyperlink to an http(s) address."""

    text: str
    url: str


@dataclass(frozen=True)
class NoteRef:
    """``[^name]``: a footnote, the paragraph's note ``name``."""

    name: str


Inline = Plain | Emphasis | Link | NoteRef


class MarkupError(ValueError):
    """A mark that cannot be honoured: a link to no http(s) address."""


def parse(text: str) -> tuple[Inline, ...]:
    """The text as literal pieces and marks; raises :class:`MarkupError` for a bad link."""
    out: list[Inline] = []
    at = 0
    for m in _MARK.finditer(text):
        if m.start() > at:
            out.append(Plain(text[at:m.start()]))
        if m["note"] is not None:
            out.append(NoteRef(m["note"]))
        elif m["label"] is not None:
            url = m["url"].strip()
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.netloc or " " in url:
                raise MarkupError(f"the link [{m['label']}] goes to {url!r}, which is not an "
                                  "http:// or https:// address")
            out.append(Link(m["label"], url))
        else:
            out.append(Emphasis(m["em"]))
        at = m.end()
    if at < len(text):
        out.append(Plain(text[at:]))
    return tuple(out)


def problems(text: str, notes: Collection[str], *, in_note: bool = False) -> list[str]:
    """What is wrong with a text's marks, given the names of its paragraph's notes.

    >>> problems("As said[^a][^b].", {"a"})
    ['the footnote [^b] has no note: add it under notes']
    >>> problems("See[^a].", {"a"}, in_note=True)
    ['a note cannot hold a footnote ([^a])']
    """
    try:
        parsed = parse(text)
    except MarkupError as exc:
        return [str(exc)]
    out = []
    for piece in parsed:
        if isinstance(piece, NoteRef):
            if in_note:
                out.append(f"a note cannot hold a footnote ([^{piece.name}])")
            elif piece.name not in notes:
                out.append(f"the footnote [^{piece.name}] has no note: add it under notes")
    return out


def note_refs(text: str) -> set[str]:
    """The names of the notes a text refers to (empty when its marks are bad)."""
    try:
        return {p.name for p in parse(text) if isinstance(p, NoteRef)}
    except MarkupError:
        return set()
