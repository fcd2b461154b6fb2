"""Blocks to ``.docx`` bytes: python-docx for the package, the oxml layer for the XML.

The reference document supplies page setup and styles; the writer empties its
body and appends each block, marking direction and language as it goes.
Output is reproducible: zip entry times and core properties come from the
document's date, never from the clock.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.image.exceptions import UnrecognizedImageError
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Cm
from lxml import etree

from tdagdoc import blocks as b
from tdagdoc import styles
from tdagdoc.docx import data_tables, measure
from tdagdoc.docx.oxml import charts as oxml_charts
from tdagdoc.docx.oxml import document as oxml_document
from tdagdoc.docx.oxml import footnotes as oxml_footnotes
from tdagdoc.docx.oxml import qn, sub
from tdagdoc.docx.oxml import revisions as oxml_revisions
from tdagdoc.docx.oxml import stream as oxml_stream
from tdagdoc.docx.oxml import tables as oxml_tables
from tdagdoc.docx.oxml import text as oxml_text
from tdagdoc.docx.oxml.package import normalize_zip
from tdagdoc.errors import Problem, TdagdocError
from tdagdoc.input import images
from tdagdoc.input import reference as reference_doc
from tdagdoc.input.reference import ReferenceDocError
from tdagdoc.languages import Lang
from tdagdoc.resources import reference_docx

HEADER_WIDTHS = (1500, 4138, 4000)
INTRODUCING = (":", "：")
"""How a sentence that introduces what follows ends, in the six languages."""
CONTACT_WIDTHS = (1500, 3100, 5038)
LOGO_WIDTH = Cm(2.2)
LOGO_HEIGHT = Cm(3)  # the most a logo may take down the header, however tall
# Tables longer than this are written as text when the document is saved (oxml.stream):
# their memory stays flat and they take a fraction of the time lxml elements would.
STREAM_ROWS = 200
KEEP_ROWS = 2  # body rows kept with the header: no table starts with fewer than three rows
KEEP_LINES = 12
"""At most this many lines (estimated from the measured texts) of header and body rows
are kept together at the start of a table, but always the header and one row."""


@dataclass(frozen=True)
class _Context:
    """What stays the same while one document is written."""

    lang: Lang
    direction: oxml_text.Direction
    style_ids: dict[str, str]
    text_width: int = styles.TEXT_WIDTH  # twentieths of a point between the margins
    measure: measure.Measurer | None = None  # sizes the data tables' columns


class Writer:
    """Writes one :class:`~tdagdoc.blocks.Document` into a copy of the reference document."""

    def __init__(self, reference: Path | None = None) -> None:
        self.reference = Path(reference) if reference else reference_docx()
        # Checked and cleaned once: only styles, page setup, headers and footers remain.
        self._reference = reference_doc.load(self.reference)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """What was dropped from the reference document (external links, macros...)."""
        return self._reference.warnings

    def write(self, document: b.Document,
              on_rows: Callable[[int], None] | None = None) -> bytes:
        """The finished ``.docx`` as bytes; ``on_rows`` counts the streamed table rows written."""
        lang = document.meta.lang
        try:
            docx_doc = docx.Document(io.BytesIO(self._reference.package))
        except Exception as exc:  # not a zip, not a Word document, a broken part...
            raise ReferenceDocError([Problem(str(self.reference), "", "is not a readable Word "
                                             f"document ({type(exc).__name__}: {exc})")]
                                    ) from None
        if document.meta.landscape:
            _landscape(docx_doc)
        ctx = _Context(
            lang=lang,
            direction=oxml_text.Direction(rtl=lang.rtl, east_asian=lang.script == "eastAsia"),
            style_ids=(style_ids := _style_ids(docx_doc, self.reference)),
            text_width=_text_width(docx_doc),
            measure=measure.measurer(docx_doc, style_ids),
        )
        visitor = _Visitor(docx_doc, ctx)
        visitor.write(document)
        _properties(docx_doc, document.meta)
        buf = io.BytesIO()
        docx_doc.save(buf)
        splice = ({"word/document.xml": functools.partial(visitor.deferred.splice,
                                                           on_rows=on_rows)}
                  if visitor.deferred else {})
        return normalize_zip(buf.getvalue(), dt.date.fromisoformat(document.meta.date), splice)


def _landscape(docx_doc: DocxDocument) -> None:
    """Turn the pages sideways, for lists too wide for a portrait page."""
    for section in docx_doc.sections:
        if section.orientation != WD_ORIENT.LANDSCAPE:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = section.page_height, section.page_width


def _text_width(docx_doc: DocxDocument) -> int:
    """The width between the margins of the last section, in twentieths of a point."""
    section = docx_doc.sections[-1]
    page, left, right = section.page_width, section.left_margin, section.right_margin
    if page is None or left is None or right is None:  # no w:pgSz or w:pgMar: Word's A4
        return styles.TEXT_WIDTH
    return round((page - left - right) / 635)  # EMU to twentieths of a point


def fit(widths: tuple[int, ...], total: int) -> tuple[int, ...]:
    """Column widths scaled to add up to ``total`` (the rounding goes to the last).

    >>> fit((1800, 4638, 3200), 9638), fit((100, 100, 100), 200)
    ((1800, 4638, 3200), (67, 67, 66))
    """
    if sum(widths) == total:
        return widths
    scaled = [round(w * total / sum(widths)) for w in widths[:-1]]
    return (*scaled, total - sum(scaled))


def _style_ids(docx_doc: DocxDocument, reference: Path) -> dict[str, str]:
    """Style name -> style id.

    Names are matched without regard to case, as Word does: a template saved by
    Word names its built-ins "footnote text", python-docx says "Footnote Text".
    That every style is there, of the right type, is checked once, where the
    reference document is read (:func:`tdagdoc.input.reference.load`).
    """
    by_name = {(s.name or "").casefold(): s.style_id for s in docx_doc.styles}
    return {name: by_name[name.casefold()] for name in styles.ALL_STYLES
            if name.casefold() in by_name}


class _Visitor:
    """Appends blocks to the body; holds the state that changes while writing."""

    def __init__(self, docx_doc: DocxDocument, ctx: _Context) -> None:
        self.doc = docx_doc
        self.ctx = ctx
        self.part = docx_doc.part
        self.body = docx_doc.element.body
        self._footnotes: oxml_footnotes.Footnotes | None = None
        self.last_was_table = False
        self.lead = ""  # the last paragraph's text: it introduces a table that has no caption
        self.deferred = oxml_stream.Deferred()
        self.bookmarks = 0  # the last bookmark's id
        self.changes = oxml_revisions.Changes("ITU", "2000-01-01")  # write() sets the meta's
        self.revising = False  # writing a block that a revision inserted or deleted
        self.tracking: oxml_revisions.Kind | None = None  # writing words inserted or deleted

    # --- the document ---------------------------------------------------------

    def write(self, document: b.Document) -> None:
        sect_pr = self.body.find(qn("w:sectPr"))
        for child in list(self.body):
            if child is not sect_pr:
                self.body.remove(child)
        lang = self.ctx.lang
        oxml_document.set_language(
            self.doc, lang.word_lang,
            lang.word_lang if lang.script == "eastAsia" else "zh-CN",
            lang.word_lang if lang.rtl else "ar-SA",
        )
        if lang.rtl:
            oxml_document.set_section_rtl(self.doc)
        if lang.script == "eastAsia":
            oxml_document.set_chinese_line_breaks(self.doc, lang.word_lang)
        self.changes = oxml_revisions.Changes(document.meta.changes_by, document.meta.date)
        blocks = document.blocks
        for i, block in enumerate(blocks):
            self.block(block, blocks[i + 1] if i + 1 < len(blocks) else None)
        if sect_pr is not None:
            self.body.remove(sect_pr)
            self.body.append(sect_pr)
        self.running_header(document.meta.running_header)

    def block(self, block: b.Block, following: b.Block | None = None) -> None:
        if isinstance(block, b.Revised):  # written as it is, then marked as a tracked change
            start, self.revising = len(self.body), True
            self.block(block.block, following)
            self.revising = False
            self.changes.mark(self.body[start:], block.kind)
            return
        if isinstance(following, b.Revised):
            following = following.block
        is_table = isinstance(block, b.Table | b.SummaryBox | b.ContactBox | b.HeaderBlock)
        if is_table and self.last_was_table:
            # Word merges two adjacent tables into one; a paragraph keeps them apart.
            self.paragraph(b.Paragraph((), styles.NORMAL))
        match block:
            case b.Paragraph():
                # The sentence that introduces a table or a figure ("…as follows:") stays
                # on its page; a paragraph that only precedes one may be parted from it.
                # The closing rule stays with the contact box under it.
                self.paragraph(block, keep_next=isinstance(following, b.ContactBox) or (
                    isinstance(following, b.Table | b.Chart)
                    and block.plain.rstrip().endswith(INTRODUCING)))
                self.lead = block.plain.strip()
            case b.Heading():
                self.heading(block)
            case b.Table():
                self.table(block)
                is_table = block.note is None
            case b.Chart():
                self.chart(block)
            case b.HeaderBlock():
                self.header_block(block)
            case b.SummaryBox():
                self.summary_box(block)
            case b.ContactBox():
                self.contact_box(block)
            case b.Image():
                self.image(block)
            case b.PageBreak():
                p = oxml_text.paragraph(self.body, self.sid(styles.NORMAL), self.ctx.direction)
                sub(sub(p, "w:r"), "w:br", {"w:type": "page"})
        self.last_was_table = is_table

    # --- paragraphs and inlines ----------------------------------------------------

    def sid(self, name: str) -> str:
        return self.ctx.style_ids[name]

    def paragraph(
        self, para: b.Paragraph, parent: etree._Element | None = None, keep_next: bool = False
    ) -> etree._Element:
        p = oxml_text.paragraph(
            self.body if parent is None else parent, self.sid(para.style), self.ctx.direction,
            para.align, keep_next,
        )
        self.tracking, saved = para.mark or self.tracking, self.tracking
        self.inlines(p, para.inlines)
        self.tracking = saved
        if para.mark is not None:  # inserted or deleted whole, its mark with it
            self.changes.wrap(p, 0, para.mark)
            self.changes.mark_paragraph(p, para.mark)
        return p

    def inlines(self, p: etree._Element, inlines: tuple[b.Inline, ...], in_note: bool = False,
                bold: bool = False) -> None:
        d = self.ctx.direction
        for inline in inlines:
            match inline:
                case b.Text():
                    oxml_text.run(p, inline.text, d, bold or inline.bold, inline.italic,
                                  superscript=inline.superscript)
                case b.Tab():
                    oxml_text.tab(p)
                case b.Link():
                    part = self.footnotes.part if in_note else self.part
                    r_id = part.relate_to(inline.href, RT.HYPERLINK, is_external=True)
                    oxml_text.hyperlink(p, r_id, inline.text, d, self.sid(styles.HYPERLINK))
                case b.Footnote():
                    self.footnote(p, inline)
                case b.Bookmark():
                    self.bookmarks += 1
                    oxml_text.append(p, oxml_text.bookmark(inline.name, self.bookmarks,
                                                           inline.text, d))
                case b.Ref():
                    oxml_text.append(p, oxml_text.ref(inline.name, inline.text, d))
                case b.Tracked():
                    start, saved, self.tracking = len(p), self.tracking, inline.kind
                    self.inlines(p, inline.inlines, in_note, bold)
                    self.tracking = saved
                    self.changes.wrap(p, start, inline.kind)

    @property
    def footnotes(self) -> oxml_footnotes.Footnotes:
        if self._footnotes is None:
            self._footnotes = oxml_footnotes.Footnotes(self.part, self.ctx.lang.rtl)
        return self._footnotes

    def footnote(self, p: etree._Element, note: b.Footnote) -> None:
        ref_style = self.sid(styles.FOOTNOTE_REFERENCE)
        note_id, element = self.footnotes.add()
        oxml_footnotes.reference(p, note_id, ref_style)
        for i, para in enumerate(note.blocks):
            fp = oxml_text.paragraph(element, self.sid(para.style), self.ctx.direction)
            if i == 0:
                oxml_footnotes.mark(fp, ref_style)
            self.inlines(fp, para.inlines, in_note=True)
            if self.tracking is not None:  # a footnote a revision added or removed
                self.changes.mark([fp], self.tracking)

    def heading(self, heading: b.Heading) -> None:
        style = (styles.HEADING_1, styles.HEADING_2, styles.HEADING_3)[min(heading.level, 3) - 1]
        p = oxml_text.paragraph(self.body, self.sid(style), self.ctx.direction)
        self.tracking, saved = heading.mark or self.tracking, self.tracking
        number: b.Inline = b.Bookmark(heading.anchor, heading.number) if heading.anchor \
            else b.Text(heading.number)
        self.inlines(p, (number, b.Tab(), *heading.inlines))
        self.tracking = saved
        if heading.mark is not None:  # inserted or deleted whole, its number with it
            self.changes.wrap(p, 0, heading.mark)
            self.changes.mark_paragraph(p, heading.mark)

    # --- tables -------------------------------------------------------------------

    def table(self, table: b.Table) -> None:
        if table.caption is not None:
            # In its own style (ITU's Table_title), which stands it on its table: 6 pt
            # after, not the two lines a figure's title leaves under its figure.
            self.paragraph(table.caption, keep_next=True)
        d = self.ctx.direction
        # Its title for a screen reader: the caption, or the sentence that introduces it.
        description = table.caption.plain if table.caption else self.lead
        # As wide as the table asks, but no wider than the page (a landscape list in a
        # portrait document); its columns sized from the measured texts.
        total = min(sum(table.widths), self.ctx.text_width)
        widths = measure.column_widths(table, self.ctx.measure, total) \
            if self.ctx.measure is not None else fit(table.widths, total)
        # A table starts at a page's foot with its header and KEEP_ROWS rows, or moves on.
        kept = self.kept_rows(table, widths)
        # A revision's changed cells are written empty by the serializer, then filled here.
        tracked = _tracked_cells(table)
        header, rows = table.header, table.rows
        if tracked:
            header, rows = (tuple(tuple(_untracked(c) for c in r) for r in rs)
                            for rs in (table.header, table.rows))

        # One serializer for every data table (oxml.stream): a long one is written into
        # the saved part row by row; a short one is parsed back into the tree here.
        def xml() -> Iterable[str]:
            return data_tables.table(self.ctx.style_ids, self.sid(styles.DATA_TABLE), widths,
                                     d, description, header, rows,
                                     caption=description, kept=kept, count=len(table.rows))

        # A table a revision changed is marked in the tree: not streamed.
        if len(table.rows) > STREAM_ROWS and not (self.revising or tracked):
            self.deferred.place(self.body, xml)
        else:
            tbl = oxml_stream.element("".join(xml()))
            self.body.append(tbl)
            if tracked:
                self.tracked_cells(tbl, table)
        if table.note is not None:
            self.paragraph(table.note)

    def tracked_cells(self, tbl: etree._Element, table: b.Table) -> None:
        """Fill the cells a revision changed with their tracked words; mark the rows it
        inserted or deleted."""
        marks = table.marks or (None,) * (len(table.header) + len(table.rows))
        for tr, row, mark in zip(tbl.iterfind(qn("w:tr")), (*table.header, *table.rows),
                                 marks, strict=True):
            for tc, cell in zip(tr.iterfind(qn("w:tc")), row, strict=True):
                for p, para in zip(tc.iterfind(qn("w:p")), cell.paragraphs, strict=True):
                    if _has_tracked(para):
                        self.inlines(p, para.inlines, bold=cell.bold)
            if mark is not None:
                self.changes.mark([tr], mark)

    def kept_rows(self, table: b.Table, widths: Sequence[int]) -> int:
        """How many body rows start a page with the header: KEEP_ROWS, or fewer when
        they would take more than KEEP_LINES lines (a list of tall rows, such as the INF
        list in Russian or Arabic, then starts under its title instead of on the next
        page, which would leave the first half empty)."""
        if len(table.rows) <= KEEP_ROWS:
            return 0
        measurer = self.ctx.measure
        if measurer is None:
            return KEEP_ROWS

        def wrapped(text: str, style: str, bold: bool, room: int) -> int:
            """Lines of ``text`` wrapped at its spaces into ``room`` (greedy, as Word does)."""
            count, line = 1, 0
            space = measurer.width(" ", style, bold)
            for word in text.split(" "):
                w = measurer.width(word, style, bold)
                if line and line + space + w > room:
                    count, line = count + 1, w
                else:
                    line += (space if line else 0) + w
            return count

        def lines(row: b.Row) -> int:
            return max((sum(wrapped(para.plain, para.style, cell.bold,
                                    max(1, width - measurer.margins))
                            for para in cell.paragraphs)
                        for cell, width in zip(row, widths, strict=False)), default=1)

        used = sum(lines(row) for row in table.header)
        kept = 0
        for row in table.rows[:KEEP_ROWS]:
            used += lines(row)
            if kept and used > KEEP_LINES:
                break
            kept += 1
        return kept

    def header_block(self, hb: b.HeaderBlock) -> None:
        d = self.ctx.direction
        widths = fit(HEADER_WIDTHS, self.ctx.text_width)
        if not hb.logo:  # no empty logo cell: its width goes to the group's
            widths = (widths[0] + widths[1], widths[2])
        tbl = oxml_tables.table(self.body, self.sid(styles.PLAIN_TABLE), widths, d)
        tr = oxml_tables.row(tbl)
        *logo_cell, group_cell, doc_cell = (oxml_tables.cell(tr, w, "top") for w in widths)
        if logo_cell and hb.logo is not None:
            p = oxml_text.paragraph(logo_cell[0], self.sid(styles.HEADER_BLOCK), d)
            logo = images.check(hb.logo, "the logo")
            cx, cy = images.fit(logo.width, logo.height, LOGO_WIDTH, LOGO_HEIGHT)
            try:
                inline = self.part.new_pic_inline(io.BytesIO(logo.data), cx, cy)
            except UnrecognizedImageError:
                raise TdagdocError("the logo is not an image Word can show "
                                   "(PNG, JPEG, GIF, BMP or TIFF)") from None
            # Its alternative text: Word shows and LibreOffice exports ``descr`` (a title
            # would be read out before it, twice the same words).
            inline.docPr.set("descr", hb.logo_alt or hb.group)
            sub(sub(p, "w:r"), "w:drawing").append(inline)
        block = self.sid(styles.HEADER_BLOCK)
        p = oxml_text.paragraph(group_cell, block, d)
        oxml_text.run(p, hb.group, d, bold=True)
        p = oxml_text.paragraph(group_cell, block, d)
        for r in hb.meeting:
            oxml_text.run(p, r.text, d, superscript=r.superscript)
        lines: list[str | tuple[b.Text, ...]] = [hb.revision_line or hb.document, hb.date,
                                                 hb.original]
        if hb.agenda_item:
            lines.append(hb.agenda_item)
        for i, line in enumerate(lines):
            p = oxml_text.paragraph(doc_cell, block, d)
            for r in (b.Text(line),) if isinstance(line, str) else line:
                oxml_text.run(p, r.text, d, bold=i == 0, keep_hyphens=i == 0,
                              superscript=r.superscript)

    def summary_box(self, box: b.SummaryBox) -> None:
        d = self.ctx.direction
        width = self.ctx.text_width
        tbl = oxml_tables.table(self.body, self.sid(styles.BOX_TABLE), (width,), d)
        tc = oxml_tables.cell(oxml_tables.row(tbl), width)
        for label, paras in box.parts:
            p = oxml_text.paragraph(tc, self.sid(styles.HEADINGB), d)
            oxml_text.run(p, label, d)
            for para in paras:
                self.paragraph(para, parent=tc)

    def contact_box(self, box: b.ContactBox) -> None:
        d = self.ctx.direction
        widths = self.contact_widths(box)
        tbl = oxml_tables.table(self.body, self.sid(styles.PLAIN_TABLE), widths, d)
        for i, row in enumerate(box.rows):
            tr = oxml_tables.row(tbl)  # a row never splits; each keeps with the next
            for width, text in zip(widths, row, strict=True):
                p = oxml_text.paragraph(oxml_tables.cell(tr, width), self.sid(styles.NORMAL), d,
                                        keep_next=i + 1 < len(box.rows))
                if text:
                    oxml_text.run(p, text, d)

    def contact_widths(self, box: b.ContactBox) -> tuple[int, ...]:
        """The box's columns: each label column as wide as its longest label on one line
        ("Nombre/Organización/Entidad:", "Для контактов:" wrapped in the fixed widths),
        at least its default width; the values take the rest."""
        widths = fit(CONTACT_WIDTHS, self.ctx.text_width)
        if self.ctx.measure is None:
            return widths
        m = self.ctx.measure
        labels = [max((m.width(row[i], styles.NORMAL, False) + m.margins for row in box.rows),
                      default=0) for i in range(len(widths) - 1)]
        fitted = [max(w, need) for w, need in zip(widths[:-1], labels, strict=True)]
        rest = self.ctx.text_width - sum(fitted)
        if rest < widths[-1] // 2:  # labels that long would crowd out the values
            return widths
        return (*fitted, rest)

    # --- charts and the page header ----------------------------------------------------

    def chart(self, chart: b.Chart) -> None:
        # The chart lays out its own text; LibreOffice mirrors a chart's text in a bidi
        # paragraph, so the paragraph that only holds the drawing stays left-to-right.
        p = self.drawing_paragraph(keep_next=True)
        oxml_charts.add_chart(self.part, p, chart, self.ctx.lang)
        # A note stands between the chart and its title, as ITU's figure legends do, and
        # keeps with both: under the title it stood apart, past the title's 24 pt.
        if chart.note is not None:
            self.paragraph(chart.note, keep_next=chart.caption is not None)
        if chart.caption is not None:
            self.paragraph(chart.caption)

    def drawing_paragraph(self, keep_next: bool) -> etree._Element:
        """The left-to-right paragraph that holds a chart or picture, explicitly so in a
        right-to-left document, whose default paragraph style is right-to-left."""
        p = oxml_text.paragraph(self.body, self.sid(styles.FIGURE), oxml_text.Direction(),
                                "center", keep_next=keep_next)
        if self.ctx.direction.rtl:
            oxml_footnotes.bidi(p, rtl=False)
        return p

    def image(self, image: b.Image) -> None:
        """A picture at the width asked for or its own size, shrunk to the text width
        if wider, its proportions kept."""
        p = self.drawing_paragraph(keep_next=image.caption is not None)
        inline = self.part.new_pic_inline(io.BytesIO(image.data), None, None)
        text_width = self.ctx.text_width * 635  # EMU
        cx, cy = int(inline.extent.cx), int(inline.extent.cy)
        most = min(image.width or cx, text_width)
        if cx != most:
            for ext in inline.iter(qn("wp:extent"), qn("a:ext")):
                ext.set("cx", str(most))
                ext.set("cy", str(cy * most // cx))
        inline.docPr.set("descr", image.alt_text)
        sub(sub(p, "w:r"), "w:drawing").append(inline)
        if image.caption is not None:
            self.paragraph(image.caption)

    def running_header(self, text: str) -> None:
        """Later pages: the document number and the page number (a real PAGE field)."""
        d = self.ctx.direction
        for section in self.doc.sections:
            section.different_first_page_header_footer = True
            hdr = section.header._element
            for child in list(hdr):
                hdr.remove(child)
            # Page number centred, document number at the end margin (the left one in a
            # right-to-left paragraph), whatever the page's orientation.
            width = self.ctx.text_width
            tabs = _tabs_replacing(_style_tabs(self.doc, self.sid(styles.HEADER)),
                                   {width // 2: "center", width: "right"})
            p = oxml_text.paragraph(hdr, self.sid(styles.HEADER), d, tabs=tabs)
            oxml_text.tab(p)
            oxml_text.run(p, "- ", d)
            oxml_text.field(p, "PAGE", "2", d)
            oxml_text.run(p, " -", d)
            oxml_text.tab(p)
            oxml_text.run(p, text, d)
            first = section.first_page_header._element
            for child in list(first):
                first.remove(child)
            oxml_text.paragraph(first, self.sid(styles.HEADER), d)


def _has_tracked(para: b.Paragraph) -> bool:
    return any(isinstance(i, b.Tracked) for i in para.inlines)


def _tracked_cells(table: b.Table) -> bool:
    """Whether a revision changed the table (rows marked, or words in its cells)."""
    return bool(table.marks) or (isinstance(table.rows, tuple) and any(
        _has_tracked(p) for row in (*table.header, *table.rows) for c in row
        for p in c.paragraphs))


def _untracked(cell: b.Cell) -> b.Cell:
    """A cell with its changed paragraphs empty, for the serializer (text and tabs only)."""
    if not any(_has_tracked(p) for p in cell.paragraphs):
        return cell
    return dataclasses.replace(cell, paragraphs=tuple(
        dataclasses.replace(p, inlines=()) if _has_tracked(p) else p for p in cell.paragraphs))


def _style_tabs(docx_doc: DocxDocument, style_id: str) -> dict[int, str]:
    """The tab stops a paragraph of style ``style_id`` has, after its base styles'.

    A style inherits its base style's stops and may clear some, as the shipped
    Header style clears Normal's; a reference document may do otherwise.
    """
    chain = []
    seen: set[str] = set()
    style = docx_doc.styles.element.get_by_id(style_id)
    while style is not None and style.get(qn("w:styleId")) not in seen:
        seen.add(style.get(qn("w:styleId")))
        chain.append(style)
        based = style.find(qn("w:basedOn"))
        style = None if based is None else \
            docx_doc.styles.element.get_by_id(based.get(qn("w:val")))
    stops: dict[int, str] = {}
    for style in reversed(chain):
        for tab in style.iterfind(f"{qn('w:pPr')}/{qn('w:tabs')}/{qn('w:tab')}"):
            pos, kind = int(tab.get(qn("w:pos"))), tab.get(qn("w:val"))
            if kind == "clear":
                stops.pop(pos, None)
            else:
                stops[pos] = kind
    return stops


def _tabs_replacing(
    inherited: dict[int, str], wanted: dict[int, str]
) -> tuple[tuple[str, int], ...]:
    """Paragraph tab stops that leave exactly ``wanted``: none when the style has them.

    >>> _tabs_replacing({4819: "center", 9638: "right"}, {4819: "center", 9638: "right"})
    ()
    >>> _tabs_replacing({794: "left", 4819: "center"}, {7285: "center"})
    (('clear', 794), ('clear', 4819), ('center', 7285))
    """
    if inherited == wanted:
        return ()
    clear = [("clear", pos) for pos in sorted(inherited) if wanted.get(pos) != inherited[pos]]
    add = [(kind, pos) for pos, kind in sorted(wanted.items()) if inherited.get(pos) != kind]
    return (*clear, *add)


def _properties(docx_doc: DocxDocument, meta: b.Meta) -> None:
    """Core properties from the data, so two builds give the same bytes."""
    props = docx_doc.core_properties
    when = dt.datetime.combine(dt.date.fromisoformat(meta.date), dt.time(12, 0))
    # Word holds 255 characters in a property; the data's title is checked on loading,
    # a title a template makes up is cut here rather than failing the build.
    props.title = _clip(meta.title)
    props.subject = _clip(meta.subject)
    props.author = meta.author
    props.last_modified_by = meta.author
    props.keywords = meta.keywords
    props.language = meta.lang.code
    props.created = when
    props.modified = when
    props.last_printed = when
    props.revision = 1
    props.comments = ""


def _clip(text: str, limit: int = 255) -> str:
    """``text`` cut to ``limit`` characters, with an ellipsis when cut.

    >>> len(_clip("x" * 300)), _clip("short")
    (255, 'short')
    """
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
