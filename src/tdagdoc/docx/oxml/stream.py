"""Big tables written as text, straight into ``word/document.xml`` when it is saved.

A table of 100 000 rows built as lxml elements holds some ten million nodes
(gigabytes) and spends most of its time creating them. Here such a table is
a marker in the tree (a processing instruction) and a generator of its XML;
when the package is saved, the serialized part is cut at each marker and the
table's rows are written in their place, a batch at a time, so memory stays
flat however long the table is.

This is the one serializer of data tables, from plain values (:class:`TableXml`;
:mod:`tdagdoc.docx.data_tables` reads the blocks for it): a short table's XML is
parsed back into the tree (:func:`element`) instead. Its runs are :func:`.text.runs`,
the run writer of prose too, written as libxml2 serializes elements (same
attributes, order and escaping), so a table saved either way gives the same bytes;
tests hold them to it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from docx.oxml.ns import nsdecls
from docx.oxml.parser import parse_xml
from lxml import etree

from tdagdoc.docx.oxml.text import JC, Direction, attr, runs
from tdagdoc.process import collector_paused

MARKER = "tdagdoc-stream"
BATCH = 512  # rows joined per write: large enough to amortize, small enough to stay flat

Piece = tuple[str, bool, bool, bool]
"""A run of a table's paragraph: its text, bold, italic, superscript."""


class TableXml:
    """One table's XML from plain values: the ``w:tbl`` start, paragraphs, rows, the end.

    Fragments that repeat on every row (cell and paragraph properties) are made once.
    """

    def __init__(self, style_ids: Mapping[str, str], widths: Sequence[int],
                 direction: Direction) -> None:
        self.style_ids = style_ids
        self.widths = tuple(widths)
        self.direction = direction
        self._bidi = "<w:bidi/>" if direction.rtl else ""
        self._ppr: dict[tuple[str, str | None, bool], str] = {}
        center = '<w:vAlign w:val="center"/>'
        self._cells = {
            header: tuple(f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/>'
                          f'{center if header else ""}</w:tcPr>' for w in self.widths)
            for header in (False, True)
        }
        # A whole row as one format string, a field per cell: one call writes a row.
        self._rows = {
            header: "".join([
                "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if header
                else "<w:tr><w:trPr><w:cantSplit/></w:trPr>",
                *(start.replace("{", "{{").replace("}", "}}") + "{}</w:tc>"
                  for start in self._cells[header]),
                "</w:tr>"])
            for header in (False, True)
        }

    def start(self, style_id: str | None, description: str = "", caption: str = "") -> str:
        """``<w:tbl>``, its properties and grid."""
        style = f'<w:tblStyle w:val="{attr(style_id)}"/>' if style_id else ""
        bidi = "<w:bidiVisual/>" if self.direction.rtl else ""
        desc = f'<w:tblDescription w:val="{attr(description)}"/>' if description else ""
        if caption:
            desc = f'<w:tblCaption w:val="{attr(caption)}"/>{desc}'
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in self.widths)
        return (
            f'<w:tbl><w:tblPr>{style}{bidi}<w:tblW w:w="{sum(self.widths)}" w:type="dxa"/>'
            '<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" '
            'w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
            f"{desc}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
        )

    @staticmethod
    def end() -> str:
        return "</w:tbl>"

    def row(self, cells: Sequence[str], header: bool = False) -> str:
        """One ``w:tr`` of cells given as their paragraphs' XML: rows never split; header
        rows repeat on every page."""
        if len(cells) != len(self.widths):
            raise ValueError(f"a row of {len(cells)} cells in a table of "
                             f"{len(self.widths)} columns")
        return self._rows[header].format(*cells)

    def _start(self, style: str, align: str | None, keep: bool) -> str:
        key = (style, align, keep)
        ppr = self._ppr.get(key)
        if ppr is None:
            jc = f'<w:jc w:val="{JC[align]}"/>' if align else ""
            kept = "<w:keepNext/>" if keep else ""
            ppr = self._ppr[key] = (f'<w:p><w:pPr><w:pStyle w:val="'
                                    f'{attr(self.style_ids[style])}"/>{kept}{self._bidi}'
                                    f'{jc}</w:pPr>')
        return ppr

    def text(self, style: str, align: str | None, keep: bool, text: str, bold: bool,
             italic: bool, superscript: bool = False) -> str:
        """A paragraph of one run of text (the common case, made short).

        ``keep`` keeps it with the next row (a table's first rows).
        """
        run = runs(text, self.direction, bold, italic, superscript=superscript)
        return f"{self._start(style, align, keep)}{run}</w:p>"

    def paragraph(self, style: str, align: str | None, keep: bool,
                  pieces: Iterable[Piece | str | None]) -> str:
        """A paragraph of runs, each (text, bold, italic, superscript), None for a tab, or
        run-level XML made by :mod:`tdagdoc.docx.oxml.text` (a cross-reference)."""
        parts = [self._start(style, align, keep)]
        for piece in pieces:
            parts.append("<w:r><w:tab/></w:r>" if piece is None else piece
                         if isinstance(piece, str)
                         else runs(piece[0], self.direction, piece[1], piece[2],
                                   superscript=piece[3]))
        parts.append("</w:p>")
        return "".join(parts)


def element(xml: str) -> etree._Element:
    """A table's XML (from :func:`tdagdoc.docx.data_tables.table`) as an element, for a tree.

    Parsed with python-docx's parser, so its element classes apply; appended to a
    part, it sheds its own namespace declaration for the part's.
    """
    return parse_xml(f'<w:tbl {nsdecls("w")}{xml[len("<w:tbl"):]}')


class Deferred:
    """The tables of one part that are written when the part is saved.

    :meth:`place` leaves a marker where a table goes; :meth:`splice` turns the
    part's serialized bytes into the final ones, table rows in place of markers.
    """

    def __init__(self) -> None:
        self._chunks: list[Callable[[], Iterable[str]]] = []

    def __bool__(self) -> bool:
        return bool(self._chunks)

    def place(self, parent: etree._Element, chunks: Callable[[], Iterable[str]]) -> None:
        """Append a marker to ``parent``; ``chunks`` makes the XML that replaces it."""
        parent.append(etree.ProcessingInstruction(MARKER, str(len(self._chunks))))
        self._chunks.append(chunks)

    def splice(self, xml: bytes,
               on_rows: Callable[[int], None] | None = None) -> Iterator[bytes]:
        """The part's bytes with each marker replaced by its table, in batches.

        ``on_rows`` is told how many rows (table pieces) each batch wrote, for
        a progress bar: this layer knows nothing of how progress is shown.

        The cyclic garbage collector is paused meanwhile, when the command line
        owns the process: rows make no cycles, so reference counting frees them,
        and the profiler showed the collector walking the whole heap (the data's
        models) again and again, for more time than the rows took to make.
        """
        with collector_paused():
            yield from self._splice(xml, on_rows or _ignore)

    def _splice(self, xml: bytes, on_rows: Callable[[int], None]) -> Iterator[bytes]:
        pos = 0
        for i, chunks in enumerate(self._chunks):
            marker = f"<?{MARKER} {i}?>".encode()
            at = xml.find(marker, pos)
            if at < 0:
                raise ValueError(f"marker {marker!r} is missing from the part")
            yield xml[pos:at]
            batch: list[str] = []
            for chunk in chunks():
                batch.append(chunk)
                if len(batch) == BATCH:
                    yield "".join(batch).encode("utf-8")
                    on_rows(BATCH)
                    batch.clear()
            yield "".join(batch).encode("utf-8")
            on_rows(len(batch))
            pos = at + len(marker)
        yield xml[pos:]


def _ignore(rows: int) -> None:
    """The ``on_rows`` of a build that shows no progress."""
