"""Data tables' blocks read for the oxml table writer, which takes plain values.

A table maker shares the cell object of a recurring value (a date, a partner, a
region), so the XML of a cell is kept by identity and written once: hashing
cells by value would cost more than writing them. The memo holds the cells it
knows, so an identity cannot be reused while it is remembered.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence

from tdagdoc import blocks as b
from tdagdoc.docx.oxml.stream import Piece, TableXml
from tdagdoc.docx.oxml.text import Direction, ref

__all__ = ["TableWriter", "table"]

MEMO = 1024  # cells whose XML is kept for reuse; emptied when full, so memory stays flat


class TableWriter:
    """Writes one table's rows of cells (blocks) through :class:`TableXml`."""

    def __init__(self, style_ids: Mapping[str, str], widths: Sequence[int],
                 direction: Direction) -> None:
        self.xml = TableXml(style_ids, widths, direction)
        self._memo: dict[int, tuple[b.Cell, str]] = {}

    def row(self, cells: Sequence[b.Cell], header: bool = False, keep: bool = False) -> str:
        """One ``w:tr``; ``keep`` keeps the row's paragraphs with the next row."""
        if len(cells) != len(self.xml.widths):
            raise ValueError(f"a row of {len(cells)} cells in a table of "
                             f"{len(self.xml.widths)} columns")
        memo = self._memo
        out = []
        for cell in cells:
            known = None if keep else memo.get(id(cell))
            if known is not None and known[0] is cell:
                out.append(known[1])
                continue
            paras = cell.paragraphs
            xml = (self._paragraph(paras[0], cell.align, cell.bold, keep) if len(paras) == 1
                   else "".join([self._paragraph(p, cell.align, cell.bold, keep)
                                 for p in paras]))
            if not keep:
                if len(memo) >= MEMO:
                    memo.clear()
                memo[id(cell)] = (cell, xml)
            out.append(xml)
        return self.xml.row(out, header)

    def _paragraph(self, para: b.Paragraph, align: str | None, bold: bool,
                   keep: bool = False) -> str:
        inlines = para.inlines
        if len(inlines) == 1 and type(inlines[0]) is b.Text:  # the common case, made short
            text = inlines[0]
            return self.xml.text(para.style, align, keep, text.text, bold or text.bold,
                                 text.italic, text.superscript)
        pieces: list[Piece | str | None] = []
        for inline in inlines:
            if isinstance(inline, b.Text):
                pieces.append((inline.text, bold or inline.bold, inline.italic,
                               inline.superscript))
            elif isinstance(inline, b.Tab):
                pieces.append(None)
            elif isinstance(inline, b.Ref):
                pieces.append(ref(inline.name, inline.text, self.xml.direction))
            else:
                raise TypeError(f"a streamed table holds text, tabs and references only, not "
                                f"{type(inline).__name__}")
        return self.xml.paragraph(para.style, align, keep, pieces)


def table(style_ids: Mapping[str, str], style_id: str | None, widths: Sequence[int],
          direction: Direction, description: str, header: Iterable[Sequence[b.Cell]],
          rows: Iterable[Sequence[b.Cell]], caption: str = "", kept: int = 0,
          count: int = 0) -> Iterator[str]:
    """A whole table's XML, one string per row (between the start and the end).

    The paragraphs of the first ``kept - 1`` rows keep with the next row, so that the
    header and ``kept`` rows start a page together (as :meth:`Writer.table` does); of
    ``count`` rows, the last two keep together, so that a total never stands alone
    under a repeated header.
    """
    writer = TableWriter(style_ids, widths, direction)
    yield writer.xml.start(style_id, description, caption)
    for cells in header:
        yield writer.row(cells, header=True, keep=True)  # the header keeps with the rows
    for n, cells in enumerate(rows):
        yield writer.row(cells, keep=n < kept - 1 or n == count - 2)
    yield writer.xml.end()
