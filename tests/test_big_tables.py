"""Tables that scale: streamed into the saved file in one pass, the same XML as small ones.

Sizes stay small (2 000 rows); scaling is shown by element counts and traced
memory, never by timings.
"""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from pathlib import Path
from typing import cast

import pytest
from lxml import etree

from conftest import NS
from tdagdoc import blocks as b
from tdagdoc import progress, styles
from tdagdoc.docx import data_tables, writer
from tdagdoc.docx.oxml.text import Direction
from tdagdoc.languages import get_lang
from tdagdoc.resources import reference_docx
from tdagdoc.styles import ALL_STYLES

W = f"{{{NS['w']}}}"
WIDTHS = (1200, 3000, 2438, 3000)


def cell(text: str, align: str = "start", bold: bool = False, italic: bool = False,
         style: str = styles.TABLE_TEXT) -> b.Cell:
    return b.Cell((b.Paragraph((b.Text(text, bold=bold, italic=italic),), style),),
                  align, bold)  # type: ignore[arg-type]


HEADER = ((cell("No.", "center", style=styles.TABLE_HEAD), cell("Partner", "center"),
           cell("Region", "center"), cell("USD", "center")),)


def numbered(i: int) -> b.Row:
    """Row ``i`` of a big table: a number, a partner, a region, an amount."""
    return (cell(f"{i:06d}"), cell(f"Partner {i:06d}"), cell("Africa"),
            cell(f"{i * 7:09,d}", "end"))


def big_table(n: int) -> b.Table:
    caption = b.Paragraph((b.Text("Table 1 – Agreements"),), styles.FIGURE_TITLE)
    return b.Table(HEADER, b.Rows(range(n), numbered), WIDTHS, caption=caption)


def document(*blocks: b.Block, lang: str = "en", landscape: bool = False) -> b.Document:
    meta = b.Meta(get_lang(lang), "Big", "Big", "ITU", "TDAG-25/INF/1", "2025-04-22",
                  "TDAG-25/INF/1-E", landscape=landscape)
    return b.Document(meta, blocks)


def part(data: bytes, name: str = "word/document.xml") -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(name)


def hostile_table() -> b.Table:
    """Everything a run can hold: markup characters, spaces, tabs, breaks, scripts, styles."""
    rows = tuple(
        (cell(f"A{i} & <b>“x”</b>" if i else ""), cell(" lead\ttab\nline ", "end", bold=True),
         cell("مرحبا abc", "center", italic=True),
         b.Cell((b.Paragraph((b.Text("x"), b.Tab(), b.Text("中文", bold=True)),
                             styles.TABLE_TEXT),
                 b.Paragraph((b.Text("q\"'\r ]]>"),), styles.TABLE_HEAD))))
        for i in range(3)
    )
    caption = b.Paragraph((b.Text('Caption "x" & <y>\ttab'),), styles.FIGURE_TITLE)
    return b.Table(HEADER, rows, WIDTHS, caption=caption)


def conformance_documents(out: Path) -> dict[str, Path]:
    """The documents of this module's kinds, for the one validator run in test_inf."""
    paths = {}
    for lang in ("en", "ar", "zh"):
        data = writer.Writer().write(document(big_table(300), hostile_table(), lang=lang))
        paths[f"streamed-{lang}"] = out / f"streamed-{lang}.docx"
        paths[f"streamed-{lang}"].write_bytes(data)
    return paths


# --------------------------------------------------------------------------- the rows


def test_rows_are_made_when_read():
    made = []

    def make(i: int) -> b.Row:
        made.append(i)
        return (cell(str(i)),)

    rows = b.Rows(range(5), make, tail=((cell("total"),),))
    assert made == []
    assert len(rows) == 6
    assert rows[2] == (cell("2"),) and rows[-1] == (cell("total"),) and rows[-2] == (cell("4"),)
    assert rows[4:] == ((cell("4"),), (cell("total"),))
    assert [r[0].paragraphs[0].plain for r in rows] == ["0", "1", "2", "3", "4", "total"]
    with pytest.raises(IndexError):
        rows[6]


# --------------------------------------------------------------------------- the XML


# Texts that exercise every rule of the run writer: escaping, spaces kept, tabs, line
# breaks, non-breaking hyphens (U+2011, an INF period within one month), Arabic with
# Latin and digit islands, Chinese with Latin words and digits, Cyrillic.
RUN_TEXTS = (
    "A & <b>“x”</b> ]]> \"q\" 'r'", " lead\ttab\nline ", "19\u201122\u00a0May\u00a02025",
    "TDAG-25/INF/1", "WTDC\u201122 and ITU\u2011D", "1\u2011\u20112", "\u2011",
    "Période\u00a0: du 1er avril au 30 juin 2025", "Сектор МСЭ\u2011D, 19\u201122 мая",
    "الهاتف +41 22 730 5900 والبريد eun-ju.kim@itu.int",
    "لعام 2022 (WTDC\u201122) و19\u201122 مايو",
    "وثيقة TDAG-25/INF/1 و3\u00a0380\u00a0000 دولار\tثم\nسطر",
    "总额约3\u00a0380万美元，由BDT签署（UNESCO）", "2025年5月19\u201122日\t第32次\n49个",
    "", " ", "\t", "\n",
)


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ru", "ar", "zh"])
@pytest.mark.parametrize("bold", [False, True])
def test_prose_and_table_runs_are_the_same_bytes(lang: str, bold: bool):
    """One run writer: a text written in prose (elements in the part's tree) and in a
    streamed table cell (text) gives the same runs, byte for byte."""
    from docx.oxml.parser import parse_xml

    from tdagdoc.docx.oxml import text as oxml_text

    lang_ = get_lang(lang)
    direction = Direction(rtl=lang_.rtl, east_asian=lang_.script == "eastAsia")
    table = data_tables.TableWriter({s: s for s in ALL_STYLES}, (1000,), direction)
    for text in RUN_TEXTS:
        body = parse_xml(f'<w:body xmlns:w="{NS["w"]}"><w:p/></w:body>')
        oxml_text.run(body[0], text, direction, bold=bold, italic=not bold)
        prose = etree.tostring(body, encoding="unicode")
        row = table.row((cell(text, bold=bold, italic=not bold),))
        runs = row[row.index("</w:pPr>") + len("</w:pPr>"):row.rindex("</w:p>")]
        assert prose == f'<w:body xmlns:w="{NS["w"]}"><w:p>{runs}</w:p></w:body>', text


@pytest.mark.parametrize("lang", ["en", "ar", "zh"])
def test_spliced_and_parsed_tables_write_the_same_bytes(monkeypatch, lang: str):
    """A long table spliced into the saved part and a short one parsed into the tree."""
    doc = document(hostile_table(), lang=lang)
    monkeypatch.setattr(writer, "STREAM_ROWS", 10**9)
    as_elements = part(writer.Writer().write(doc))
    monkeypatch.setattr(writer, "STREAM_ROWS", 0)
    streamed = part(writer.Writer().write(doc))
    assert streamed == as_elements
    assert b"tdagdoc-stream" not in streamed


@pytest.fixture(scope="module")
def big() -> etree._Element:
    """A 2 000-row table, streamed, read back."""
    assert len(big_table(2000).rows) > writer.STREAM_ROWS
    return etree.fromstring(part(writer.Writer().write(document(big_table(2000)))))


def test_big_table_rows_header_and_text(big: etree._Element):
    tables = big.findall(".//w:tbl", NS)
    assert len(tables) == 1
    rows = tables[0].findall("w:tr", NS)
    assert len(rows) == 2001
    texts = ["".join(t.text for t in tc.iter(f"{W}t")) for tc in rows[1500].findall("w:tc", NS)]
    assert texts == ["001499", "Partner 001499", "Africa", "0,010,493"]
    desc = tables[0].find("w:tblPr/w:tblDescription", NS).get(f"{W}val")
    assert desc == "Table 1 – Agreements"
    assert big.xpath("//processing-instruction()") == []


def test_header_row_repeats_and_no_row_splits(big: etree._Element):
    rows = big.findall(".//w:tbl/w:tr", NS)
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
    assert all(r.find("w:trPr/w:tblHeader", NS) is None for r in rows[1:])
    assert all(r.find("w:trPr/w:cantSplit", NS) is not None for r in rows)


def test_widths_are_set_on_grid_and_cells(big: etree._Element):
    tbl = big.find(".//w:tbl", NS)
    grid = [int(c.get(f"{W}w")) for c in tbl.findall("w:tblGrid/w:gridCol", NS)]
    assert sum(grid) == sum(WIDTHS) and len(grid) == len(WIDTHS)  # measured, as wide as asked
    assert tbl.find("w:tblPr/w:tblLayout", NS).get(f"{W}type") == "fixed"
    assert tbl.find("w:tblPr/w:tblW", NS).get(f"{W}w") == str(sum(WIDTHS))
    for tr in tbl.findall("w:tr", NS)[::250]:
        got = [int(w) for w in cast("list[str]", tr.xpath("w:tc/w:tcPr/w:tcW/@w:w",
                                                          namespaces=NS))]
        assert got == grid


def test_numbers_are_aligned_to_the_end(big: etree._Element):
    rows = big.findall(".//w:tbl/w:tr", NS)[1:]
    jc = {tr.xpath("string(w:tc[4]/w:p/w:pPr/w:jc/@w:val)", namespaces=NS) for tr in rows}
    assert jc == {"right"}  # "end": a bidi paragraph mirrors it


def test_a_streamed_table_never_becomes_elements():
    """The visitor's tree holds a marker for the table, not its 2 000 rows of elements."""
    import docx

    doc = docx.Document(str(reference_docx()))
    ctx = writer._Context(get_lang("en"), Direction(), writer._style_ids(doc, Path("ref")))
    visitor = writer._Visitor(doc, ctx)
    visitor.write(document(big_table(2000)))
    body = doc.element.body
    assert body.findall(".//w:tr", NS) == []
    assert len(body.xpath("//processing-instruction('tdagdoc-stream')")) == 1
    assert sum(1 for _ in body.iter()) < 100


def test_writing_memory_stays_flat():
    """Python memory while writing 8 000 rows is about that of 1 000 (the rows are lazy)."""
    peaks = {}
    for n in (1000, 8000):
        table = big_table(n)
        tracemalloc.start()
        writer.Writer().write(document(table))
        peaks[n] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert peaks[8000] < 1.5 * peaks[1000], peaks


def test_a_table_wider_than_the_page_shrinks_to_fit():
    wide = b.Table(HEADER, (numbered(1),), (2000, 6000, 3000, 3570))  # 14 570: landscape
    portrait = etree.fromstring(part(writer.Writer().write(document(wide))))
    grid = [int(c) for c in cast("list[str]", portrait.xpath("//w:gridCol/@w:w", namespaces=NS))]
    assert sum(grid) == 9638
    landscape = etree.fromstring(part(writer.Writer().write(document(wide, landscape=True))))
    assert sum(int(c) for c in cast("list[str]", landscape.xpath("//w:gridCol/@w:w",
                                                                 namespaces=NS))) == 14570
    size = landscape.find(".//w:body/w:sectPr/w:pgSz", NS)
    assert (size.get(f"{W}orient"), size.get(f"{W}w"), size.get(f"{W}h")) == (
        "landscape", "16838", "11906")


def test_streamed_cells_hold_text_only():
    link = b.Cell((b.Paragraph((b.Link("https://itu.int", "ITU"),), styles.TABLE_TEXT),))
    writer_ = data_tables.TableWriter({s: s for s in ALL_STYLES}, (100,), Direction())
    with pytest.raises(TypeError, match="text, tabs and references only"):
        writer_.row((link,))
    with pytest.raises(ValueError, match="XML compatible"):
        writer_.row((cell("bad \x0b character"),))
    with pytest.raises(ValueError, match="2 cells in a table of 1 columns"):
        writer_.row((cell("a"), cell("b")))


# --------------------------------------------------------------------------- progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class _Clock:
    """A clock that moves a fifth of a second each time it is read."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 0.2
        return self.now


def test_streaming_reports_progress_on_a_terminal():
    screen = _Terminal()
    bar = progress.Bar(2010, stream=screen, clock=_Clock())
    with progress.reporting(bar):
        writer.Writer().write(document(big_table(2000)), on_rows=bar.advance)
        assert bar.done == 2000 + 3  # the rows, the header row, the table's start and end
    drawn = screen.getvalue()
    assert "[" in drawn and "100%" in drawn
    assert drawn.endswith("\r")  # the line is cleared at the end


def test_no_bar_when_not_a_terminal_or_quiet():
    for bar in (progress.Bar(10, stream=io.StringIO(), clock=_Clock()),
                progress.Bar(10, stream=_Terminal(), enabled=False, clock=_Clock())):
        with progress.reporting(bar):
            for _ in range(100):
                bar.advance()
        assert bar.stream.getvalue() == ""


def test_a_quick_job_draws_nothing():
    screen = _Terminal()
    bar = progress.Bar(10, stream=screen, clock=lambda: 0.0)  # all within the delay
    with progress.reporting(bar):
        bar.advance(10)
    assert screen.getvalue() == ""
