"""The document model: a small, closed set of blocks and inlines.

The narrative stage produces these, the writer consumes them; neither side
knows the other. Nothing here imports python-docx, so a document can be built,
printed and tested without Word.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Generic, Literal, TypeVar, overload

from tdagdoc.languages import Lang

# --- inlines -----------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """A run of text with character formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    superscript: bool = False
    """Raised, as French writes the letters of an ordinal ("32e", "1er")."""


@dataclass(frozen=True)
class Link:
    """A hyperlink; its text is shown, its target opened."""

    href: str
    text: str


@dataclass(frozen=True)
class Footnote:
    """A footnote: a reference mark in the text, its own paragraphs at the foot."""

    blocks: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Tab:
    """A tab character (ITU separates numbers from headings with one)."""


@dataclass(frozen=True)
class Tracked:
    """Inlines inserted or deleted since the previous version: a revision's tracked change
    (Word shows it as its Compare does, and can accept or reject it)."""

    kind: Literal["ins", "del"]
    inlines: tuple[Inline, ...]


Inline = Text | Link | Footnote | Tab | Tracked


# --- blocks ------------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    """A paragraph in a named style (see :mod:`tdagdoc.styles`)."""

    inlines: tuple[Inline, ...]
    style: str = "Normal"
    align: Literal["start", "center", "end"] | None = None
    mark: Literal["ins", "del"] | None = None
    """The whole paragraph was inserted or deleted since the previous version."""

    @property
    def plain(self) -> str:
        """The paragraph's text without footnotes (and as revised), for tests and alt text."""
        return plain(self.inlines) if self.mark != "del" else ""


def plain(inlines: tuple[Inline, ...]) -> str:
    """Inlines as text: footnotes left out, tracked deletions too (the text as revised)."""
    return "".join(
        i.text if isinstance(i, Text | Link) else "\t" if isinstance(i, Tab)
        else plain(i.inlines) if isinstance(i, Tracked) and i.kind == "ins" else ""
        for i in inlines
    )


@dataclass(frozen=True)
class Heading:
    """A numbered section heading: ITU writes "1", a tab, then the heading."""

    number: str
    inlines: tuple[Inline, ...]
    level: int = 1
    mark: Literal["ins", "del"] | None = None
    """The whole heading, its number too, was inserted or deleted since the previous
    version."""


@dataclass(frozen=True)
class Cell:
    """A table cell: paragraphs, plus how the text sits."""

    paragraphs: tuple[Paragraph, ...]
    align: Literal["start", "center", "end"] = "start"
    bold: bool = False


T = TypeVar("T")
Row = tuple[Cell, ...]


class Rows(Sequence[Row], Generic[T]):
    """Table rows made when they are read, one from each item, then ``tail`` rows.

    A list of 100 000 agreements becomes a table without 700 000 cells ever
    being held at once: the writer streams the rows as it reads them.
    """

    __slots__ = ("_items", "_make", "_tail")

    def __init__(self, items: Sequence[T], make: Callable[[T], Row], tail: tuple[Row, ...] = ()):
        self._items, self._make, self._tail = items, make, tail

    def __len__(self) -> int:
        return len(self._items) + len(self._tail)

    @overload
    def __getitem__(self, index: int) -> Row: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Row, ...]: ...
    def __getitem__(self, index: int | slice) -> Row | tuple[Row, ...]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        n = len(self._items)
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._make(self._items[index]) if index < n else self._tail[index - n]

    def __iter__(self) -> Iterator[Row]:
        yield from map(self._make, self._items)
        yield from self._tail


@dataclass(frozen=True)
class Table:
    """A data table: header rows repeat on every page, widths in twentieths of a point."""

    header: tuple[tuple[Cell, ...], ...]
    rows: Sequence[Row]
    widths: tuple[int, ...]
    caption: Paragraph | None = None
    note: Paragraph | None = None
    name: str = ""
    marks: tuple[Literal["ins", "del"] | None, ...] = ()
    """Rows (the header's, then the body's) inserted or deleted since the previous version;
    empty when none is. Their cells' paragraphs may hold :class:`Tracked` words."""


@dataclass(frozen=True)
class Chart:
    """A native chart, drawn by Word from the numbers it carries."""

    name: str
    kind: Literal["pie", "bar", "column"]
    title: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[Decimal, ...]], ...]
    number_format: str
    caption: Paragraph | None = None
    alt_text: str = ""
    secondary: tuple[str, tuple[Decimal, ...]] | None = None
    labels: tuple[tuple[str, ...], ...] = ()
    """Data labels as printed, one tuple per series (the formatter's strings, so a chart
    shows the language's number style whatever the reader's locale); empty: none."""
    axis_titles: tuple[str, ...] = ()
    """Titles of the category axis, the value axis and the secondary value axis, if any."""
    axes: tuple[tuple[str, Decimal], ...] = ()
    """Number format and major step of the value axis, then of the secondary one, if set:
    whole steps, and a format that draws the language's decimal sign."""
    note: Paragraph | None = None
    """A note under the chart's title (the pie's shares that miss 100 by rounding)."""


@dataclass(frozen=True)
class HeaderBlock:
    """The first-page header: logo, group and meeting; number, date and original."""

    group: str
    meeting: tuple[Text, ...]  # runs: French raises the ordinal's letters ("32e réunion")
    document: str
    revision_line: str | None
    date: tuple[Text, ...]  # runs, like the meeting line ("1er mai 2025")
    original: str
    agenda_item: str | None = None
    logo: bytes | None = None
    logo_alt: str = ""  # what a screen reader says for the logo (the group's name if empty)


@dataclass(frozen=True)
class SummaryBox:
    """The boxed Summary / Action required / References part."""

    parts: tuple[tuple[str, tuple[Paragraph, ...]], ...]


@dataclass(frozen=True)
class ContactBox:
    """The three-column contact table that closes the document."""

    rows: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class Image:
    """A picture (PNG or JPEG, already checked) in its own centred paragraph."""

    data: bytes
    alt_text: str
    caption: Paragraph | None = None


@dataclass(frozen=True)
class PageBreak:
    """The next block starts a new page (an annex, a Markdown thematic break)."""


@dataclass(frozen=True)
class Revised:
    """A table, chart, picture or page break inserted or deleted since the previous
    version: everything it writes is a tracked change."""

    kind: Literal["ins", "del"]
    block: Table | Chart | Image | PageBreak | ContactBox


Block = (Paragraph | Heading | Table | Chart | HeaderBlock | SummaryBox | ContactBox | Image
         | PageBreak | Revised)


@dataclass(frozen=True)
class Meta:
    """What the writer needs besides the blocks: language, page header, properties."""

    lang: Lang  # its direction, script and Word language tags, not just a code
    title: str
    subject: str
    author: str
    keywords: str
    date: str  # ISO date, used for core properties so builds are reproducible
    running_header: str  # "TDAG-25/7-E" on later pages
    landscape: bool = False  # pages turned sideways, for wide lists (the INF document)
    changes_by: str = "ITU"  # the author Word shows for the tracked changes of a revision


@dataclass(frozen=True)
class Document:
    """A whole document: metadata and its blocks in order."""

    meta: Meta
    blocks: tuple[Block, ...] = field(default_factory=tuple)

    def footnotes(self) -> list[Footnote]:
        """The footnotes in reading order (Word numbers them so)."""
        notes: list[Footnote] = []

        def visit(inlines: tuple[Inline, ...]) -> None:
            for i in inlines:
                if isinstance(i, Footnote):
                    notes.append(i)
                elif isinstance(i, Tracked):
                    visit(i.inlines)

        for block in self.blocks:
            if isinstance(block, Paragraph | Heading):
                visit(block.inlines)
            elif isinstance(block, SummaryBox):
                for _, paras in block.parts:
                    for p in paras:
                        visit(p.inlines)
        return notes
