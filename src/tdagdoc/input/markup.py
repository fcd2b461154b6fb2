r"""The small inline markup of the data's own paragraphs (the year's highlights).

The contributions' Markdown dialect (markdown-it, CommonMark), restricted to a
paragraph's few marks: ``*emphasis*`` (or ``_emphasis_``), ``**strong**``,
nested as Markdown nests them, ``[text](https://address)``, ``[^name]`` (a
footnote whose text is the paragraph's note ``name``) and backslash escapes
(``\*`` is an asterisk). Everything else is literal text: ``<b>``, ``{{ x }}``,
``&amp;``, ``# title`` or ``- item`` print as written, since the narrative
escapes every piece before it becomes the templates' markup; so does a ``*``
that opens nothing, as in ``5 * 3``.

>>> for piece in parse(r"See *the **new** site* [report](https://www.itu.int/x)[^src], 5 * 3 \*<b>."):
...     print(piece)
Text(text='See ', bold=False, italic=False)
Text(text='the ', bold=False, italic=True)
Text(text='new', bold=True, italic=True)
Text(text=' site', bold=False, italic=True)
Text(text=' ', bold=False, italic=False)
Link(text='report', url='https://www.itu.int/x')
NoteRef(name='src')
Text(text=', 5 * 3 *<b>.', bold=False, italic=False)
"""  # noqa: E501

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

NOTE_NAME = r"[A-Za-z0-9][A-Za-z0-9_-]*"
_NOTE_REF = re.compile(rf"\[\^({NOTE_NAME})\]")


@dataclass(frozen=True)
class Text:
    """A run of literal text, in italics (emphasis) or bold (strong) or both."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Link:
    """``[text](url)``: a hyperlink to an http(s) address; its text is shown as written."""

    text: str
    url: str


@dataclass(frozen=True)
class NoteRef:
    """``[^name]``: a footnote, the paragraph's note ``name``."""

    name: str


Inline = Text | Link | NoteRef


class MarkupError(ValueError):
    """A mark that cannot be honoured: a link to no http(s) address."""


def _note_ref(state: StateInline, silent: bool) -> bool:
    """``[^name]``: the paragraph's notes are data beside the text, not definitions in it."""
    found = _NOTE_REF.match(state.src, state.pos)
    if found is None:
        return False
    if not silent:
        state.push("note_ref", "", 0).meta = {"name": found[1]}
    state.pos = found.end()
    return True


@cache
def _parser() -> MarkdownIt:
    """markdown-it with nothing but the marks above: no blocks, HTML, entities or code."""
    md = MarkdownIt("zero").enable(["emphasis", "link", "escape"])
    md.inline.ruler.before("link", "note_ref", _note_ref)
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # refused below, by name
    return md


def parse(text: str) -> tuple[Inline, ...]:
    """The text as literal runs and marks; raises :class:`MarkupError` for a bad link."""
    tokens = _parser().parseInline(text)
    children = (tokens[0].children or []) if tokens else []
    out: list[Inline] = []
    bold = italic = 0
    link: tuple[str, list[str]] | None = None  # the address and the text of an open link
    for token in children:
        kind = token.type
        if kind in ("text", "hardbreak"):
            piece = token.content if kind == "text" else "\n"
            if not piece:
                continue  # markdown-it leaves the text of a delimiter it used empty
            if link is not None:
                link[1].append(piece)
            elif out and isinstance(last := out[-1], Text) and last.bold == (bold > 0) \
                    and last.italic == (italic > 0):
                out[-1] = Text(last.text + piece, last.bold, last.italic)
            else:
                out.append(Text(piece, bold > 0, italic > 0))
        elif kind in ("strong_open", "strong_close"):
            bold += 1 if kind == "strong_open" else -1
        elif kind in ("em_open", "em_close"):
            italic += 1 if kind == "em_open" else -1
        elif kind == "link_open":
            link = (str(token.attrs.get("href", "")), [])
        elif kind == "link_close" and link is not None:
            out.append(_link("".join(link[1]), link[0]))
            link = None
        elif kind == "note_ref":
            out.append(NoteRef(token.meta["name"]))
    return tuple(out)


def _link(text: str, url: str) -> Link:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in url:
        raise MarkupError(f"the link [{text}] goes to {url!r}, which is not an "
                          "http:// or https:// address")
    return Link(text, url)


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
