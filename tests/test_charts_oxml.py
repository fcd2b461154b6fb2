"""Native Word charts (tdagdoc.docx.oxml.charts), checked by reading the saved .docx back.

Each document holds a pie, a bar and a column chart with a secondary line, in English,
Arabic and Chinese; the cached numbers, the embedded workbooks, the package wiring and the
drawing are compared with the Chart blocks they came from.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path, PurePosixPath

import docx
import openpyxl
import pytest
from lxml import etree

from tdagdoc.blocks import Chart
from tdagdoc.docx.oxml.charts import CHART_URI, EXTENT, ChartData, add_chart
from tdagdoc.languages import get_lang
from tdagdoc.resources import reference_docx

D = Decimal
NS = {
    "c": CHART_URI,
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
}
RT_CHART = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
RT_PACKAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package"
CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CT_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CODES = ("en", "ar", "zh")

# (categories, series name, USD, the two column series, three titles) per language
WORDS = {
    "en": (("Private sector", "Government", "Academia", "International organization"),
           "Partners", "USD million",
           ("Partnership agreements signed", "Agreements with financial contributions"),
           ("Partners by type, 2024",
            "Financial contributions by type of partner, 2024 (USD million)",
            "Partnership agreements and financial contributions, 2020-2024")),
    "ar": (("القطاع الخاص", "الحكومات", "الأوساط الأكاديمية", "المنظمات الدولية"),
           "الشركاء", "مليون دولار",
           ("اتفاقات الشراكة الموقعة", "اتفاقات بمساهمات مالية"),
           ("الشركاء حسب النوع، 2024", "المساهمات المالية حسب نوع الشريك، 2024 (مليون دولار)",
            "اتفاقات الشراكة والمساهمات المالية، 2020-2024")),
    "zh": (("私营部门", "政府", "学术界", "国际组织"),
           "合作伙伴", "百万美元",
           ("签署的伙伴关系协议", "有资金捐助的协议"),
           ("按类型分列的合作伙伴，2024年", "按合作伙伴类型分列的资金捐助，2024年（百万美元）",
            "伙伴关系协议和资金捐助，2020-2024年")),
}


def charts_for(code: str) -> tuple[Chart, ...]:
    """The three kinds of chart tdagdoc draws, with words in language ``code``."""
    cats, partners, usd, (signed, financial), (t_pie, t_bar, t_col) = WORDS[code]
    years = ("2020", "2021", "2022", "2023", "2024")
    return (
        Chart("partners-by-type", "pie", t_pie, cats,
              ((partners, (D(42), D(17), D(9), D(6))),), "0", alt_text=f"{t_pie}: 42, 17, 9, 6"),
        Chart("financial-by-type", "bar", t_bar, cats,
              ((usd, (D("19.82"), D("7.50"), D("1.25"), D("3.10"))),), "0.00",
              alt_text=f"{t_bar}: 19.82, 7.50, 1.25, 3.10"),
        Chart("trend", "column", t_col, years,
              ((signed, (D(31), D(35), D(40), D(38), D(44))),
               (financial, (D(12), D(14), D(18), D(15), D(21)))), "0",
              alt_text=f"{t_col}: ...",
              secondary=(usd, (D("12.5"), D("15.0"), D("22.3"), D("18.9"), D("27.4")))),
    )


def _png() -> bytes:
    """A 1x1 white PNG, so python-docx adds a picture with its own docPr id."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b""))


def build(path: Path, codes: tuple[str, ...] = CODES, *, pictures: bool = True) -> Path:
    """A document with every chart kind per language, pictures before and after."""
    document = docx.Document(str(reference_docx()))
    if pictures:
        document.add_picture(io.BytesIO(_png()))
    for code in codes:
        for chart in charts_for(code):
            add_chart(document.part, document.add_paragraph()._p, chart, get_lang(code))
    if pictures:
        document.add_picture(io.BytesIO(_png()))
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


# --- reading the package back ------------------------------------------------------------


@dataclass
class SavedChart:
    """One chart as found in the saved package, by following relationships from the drawing."""

    partname: str
    xml: bytes
    root: etree._Element
    xlsx_name: str
    xlsx: bytes
    inline: etree._Element


def _rels(z: zipfile.ZipFile, partname: str) -> dict[str, tuple[str, str]]:
    """``{rId: (type, absolute target)}`` of a part."""
    part = PurePosixPath(partname)
    rels_name = f"{part.parent}/_rels/{part.name}.rels".lstrip("/")
    root = etree.fromstring(z.read(rels_name))
    out = {}
    for rel in root.findall("pr:Relationship", NS):
        target = PurePosixPath(part.parent, rel.get("Target"))
        parts: list[str] = []
        for piece in target.parts:
            if piece == "..":
                parts.pop()
            else:
                parts.append(piece)
        out[rel.get("Id")] = (rel.get("Type"), "/".join(parts).replace("//", "/"))
    return out


def read_charts(path: Path) -> list[SavedChart]:
    with zipfile.ZipFile(path) as z:
        doc = etree.fromstring(z.read("word/document.xml"))
        doc_rels = _rels(z, "/word/document.xml")
        found = []
        for inline in doc.iterfind(".//wp:inline", NS):
            ref = inline.find("a:graphic/a:graphicData/c:chart", NS)
            if ref is None:
                continue
            rel_type, target = doc_rels[ref.get(f"{{{NS['r']}}}id")]
            assert rel_type == RT_CHART
            xml = z.read(target.lstrip("/"))
            root = etree.fromstring(xml)
            ext = root.find("c:externalData", NS)
            x_type, x_target = _rels(z, target)[ext.get(f"{{{NS['r']}}}id")]
            assert x_type == RT_PACKAGE
            found.append(SavedChart(target, xml, root, x_target, z.read(x_target.lstrip("/")),
                                    inline))
        return found


def _cache(ref: etree._Element) -> list[str]:
    """The cached ``c:v`` texts of a strRef/numRef, checking ptCount and idx."""
    cache = ref.find("c:strCache", NS)
    if cache is None:
        cache = ref.find("c:numCache", NS)
    pts = cache.findall("c:pt", NS)
    assert cache.find("c:ptCount", NS).get("val") == str(len(pts))
    assert [p.get("idx") for p in pts] == [str(i) for i in range(len(pts))]
    return [p.findtext("c:v", namespaces=NS) for p in pts]


def _sheet_cells(xlsx: bytes, formula: str) -> list[object]:
    """The values of the workbook cells a chart formula names (``Sheet1!$B$2:$B$5``)."""
    sheet, _, ref = formula.partition("!")
    ws = openpyxl.load_workbook(io.BytesIO(xlsx))[sheet]
    cells = ws[ref.replace("$", "")]
    if not isinstance(cells, tuple):
        return [cells.value]
    return [c.value for row in cells for c in (row if isinstance(row, tuple) else (row,))]


def _all_series(chart: Chart) -> list[tuple[str, tuple[Decimal, ...]]]:
    return list(chart.series) + ([chart.secondary] if chart.secondary else [])


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("charts") / "charts.docx")


@pytest.fixture(scope="module")
def saved_charts(saved: Path) -> list[tuple[str, Chart, SavedChart]]:
    blocks = [(code, chart) for code in CODES for chart in charts_for(code)]
    found = read_charts(saved)
    assert len(found) == len(blocks)
    return [(code, chart, s) for (code, chart), s in zip(blocks, found, strict=True)]


# --- the data ----------------------------------------------------------------------------


def test_cached_categories_names_and_values_equal_the_block(saved_charts) -> None:
    for _, chart, s in saved_charts:
        sers = s.root.findall(".//c:ser", NS)
        expected = _all_series(chart)
        assert len(sers) == len(expected), chart.name
        for ser, (name, values) in zip(sers, expected, strict=True):
            assert _cache(ser.find("c:tx/c:strRef", NS)) == [name]
            assert _cache(ser.find("c:cat/c:strRef", NS)) == list(chart.categories)
            cached = _cache(ser.find("c:val/c:numRef", NS))
            assert [D(v) for v in cached] == list(values)
            assert all(v.replace(".", "").replace("-", "").isdigit() for v in cached), cached


def test_workbook_holds_the_cached_data_where_the_formulas_point(saved_charts) -> None:
    for _, chart, s in saved_charts:
        for ser, (name, values) in zip(s.root.findall(".//c:ser", NS), _all_series(chart),
                                       strict=True):
            f_name = ser.findtext("c:tx/c:strRef/c:f", namespaces=NS)
            f_cats = ser.findtext("c:cat/c:strRef/c:f", namespaces=NS)
            f_vals = ser.findtext("c:val/c:numRef/c:f", namespaces=NS)
            assert _sheet_cells(s.xlsx, f_name) == [name]
            assert _sheet_cells(s.xlsx, f_cats) == list(chart.categories)
            assert [D(str(v)) for v in _sheet_cells(s.xlsx, f_vals)] == list(values)


def test_workbook_layout() -> None:
    chart = charts_for("en")[2]
    data = ChartData.of(chart)
    assert data.categories_ref == "Sheet1!$A$2:$A$6"
    assert [data.name_ref(i) for i in range(3)] == ["Sheet1!$B$1", "Sheet1!$C$1", "Sheet1!$D$1"]
    assert data.values_ref(2) == "Sheet1!$D$2:$D$6"
    assert data.formats == ("0", "0", "0.0")  # the secondary keeps its one decimal
    ws = openpyxl.load_workbook(io.BytesIO(data.xlsx())).active
    assert ws.title == "Sheet1"
    assert ws["A1"].value is None
    assert ws["D3"].value == 15 and ws["D3"].number_format == "0.0"


def test_workbook_keeps_texts_numbers_and_formats_as_given() -> None:
    """The workbook is written as text: markup characters, edge spaces, exact digits."""
    data = ChartData(("R&D <lab>", " Europe ", "Asia"),
                     (("USD \"m\"", (D(1), D("2.50"), D("1E+3"))),
                      ("Share", (D("0.125"), D("3.25"), D(7)))), ("#,##0", "0.000"))
    xlsx = data.xlsx()
    assert xlsx == data.xlsx()  # reproducible: no clock in the package
    ws = openpyxl.load_workbook(io.BytesIO(xlsx))["Sheet1"]
    assert [ws[f"A{r}"].value for r in (2, 3, 4)] == ["R&D <lab>", " Europe ", "Asia"]
    assert [ws["B1"].value, ws["C1"].value] == ['USD "m"', "Share"]
    assert [D(str(ws[f"B{r}"].value)) for r in (2, 3, 4)] == [D(1), D("2.5"), D(1000)]
    assert D(str(ws["C2"].value)) == D("0.125")
    assert ws["B2"].number_format == "#,##0" and ws["C4"].number_format == "0.000"
    assert ws.column_dimensions["A"].width == len("R&D <lab>") + 2


def test_series_shorter_than_categories_is_refused() -> None:
    chart = Chart("x", "bar", "X", ("a", "b"), (("s", (D(1),)),), "0")
    with pytest.raises(ValueError, match="1 values for 2 categories"):
        ChartData.of(chart)


# --- the chart XML -----------------------------------------------------------------------


def test_chart_structure_per_kind(saved_charts) -> None:
    for code, chart, s in saved_charts:
        root = s.root
        assert [etree.QName(el).localname for el in root][:4] == [
            "date1904", "lang", "roundedCorners", "chart"]
        assert root.find("c:externalData/c:autoUpdate", NS).get("val") == "0"
        assert root.findtext("c:chart/c:title/c:tx/c:rich/a:p/a:r/a:t",
                             namespaces=NS) == chart.title
        legend = root.find("c:chart/c:legend/c:legendPos", NS)
        if chart.kind == "pie" or len(_all_series(chart)) > 1:
            assert legend.get("val") == "b"
        else:  # one series of bars: its name is the caption's and the axis title's
            assert legend is None
        plot = root.find("c:chart/c:plotArea", NS)
        kinds = [etree.QName(el).localname for el in plot if el.tag.endswith("Chart")]
        if chart.kind == "pie":
            assert kinds == ["pieChart"]
            assert plot.find("c:pieChart/c:varyColors", NS).get("val") == "1"
            labels = plot.find("c:pieChart/c:ser/c:dLbls", NS)
            assert labels.find("c:showVal", NS).get("val") == "1"
            assert labels.find("c:showPercent", NS).get("val") == "1"
            assert plot.find("c:valAx", NS) is None
            continue
        bar_dir = plot.find("c:barChart/c:barDir", NS).get("val")
        assert bar_dir == {"bar": "bar", "column": "col"}[chart.kind]
        formats = [f.get("formatCode") for f in plot.findall("c:valAx/c:numFmt", NS)]
        assert formats[0] == chart.number_format
        if chart.secondary is None:
            assert kinds == ["barChart"]
            continue
        assert kinds == ["barChart", "lineChart"]
        line_axes = [a.get("val") for a in plot.findall("c:lineChart/c:axId", NS)]
        secondary = next(ax for ax in plot.findall("c:valAx", NS)
                         if ax.find("c:axId", NS).get("val") == line_axes[1])
        # On the right in both directions: the last category is on the right unless the
        # categories are mirrored (Arabic), where the first one is.
        expected = "autoZero" if code == "ar" else "max"
        assert secondary.find("c:crosses", NS).get("val") == expected
        assert secondary.find("c:axPos", NS).get("val") == "r"
        assert formats == [chart.number_format, "0.0"]


def test_text_is_marked_with_the_document_language(saved_charts) -> None:
    for code, _, s in saved_charts:
        lang = get_lang(code)
        assert s.root.find("c:lang", NS).get("val") == lang.word_lang
        props = [el for el in s.root.iter()
                 if etree.QName(el).localname in ("rPr", "defRPr", "endParaRPr")]
        assert props and all(p.get("lang") == lang.word_lang for p in props)
        for p in props:
            assert [etree.QName(f).localname for f in p] == ["latin", "ea", "cs"]
        # the reference document's defaults: Calibri, SimSun, Arial
        assert {p.find("a:ea", NS).get("typeface") for p in props} == {"SimSun"}
        if code == "zh":
            assert {p.get("altLang") for p in props} == {"en-US"}
        paras = s.root.findall(".//a:pPr", NS)
        assert paras
        assert all(p.get("rtl") == ("1" if lang.rtl else None) for p in paras)


def test_arabic_axes_run_right_to_left(saved_charts) -> None:
    orientation = {}
    for code, chart, s in saved_charts:
        if chart.kind == "pie":
            continue
        plot = s.root.find("c:chart/c:plotArea", NS)
        cat = plot.find("c:catAx/c:scaling/c:orientation", NS).get("val")
        val = plot.find("c:valAx/c:scaling/c:orientation", NS).get("val")
        orientation[code, chart.kind] = (cat, val)
        # every category axis of the column chart mirrors, or the line would not meet its year
        cats = {o.get("val") for o in plot.findall("c:catAx/c:scaling/c:orientation", NS)}
        assert len(cats) == 1
    assert orientation["en", "bar"] == ("maxMin", "minMax")  # first category on top
    assert orientation["ar", "bar"] == ("maxMin", "maxMin")  # bars grow leftwards
    assert orientation["en", "column"] == ("minMax", "minMax")
    assert orientation["ar", "column"] == ("maxMin", "minMax")


# --- the package and the drawing -----------------------------------------------------------


def test_parts_relationships_and_content_types(saved: Path, saved_charts) -> None:
    with zipfile.ZipFile(saved) as z:
        types = etree.fromstring(z.read("[Content_Types].xml"))
        names = set(z.namelist())
    overrides = {o.get("PartName"): o.get("ContentType")
                 for o in types.findall("ct:Override", NS)}
    defaults = {d.get("Extension"): d.get("ContentType") for d in types.findall("ct:Default", NS)}
    charts = [s.partname for _, _, s in saved_charts]
    xlsxs = [s.xlsx_name for _, _, s in saved_charts]
    assert charts == [f"/word/charts/chart{n}.xml" for n in range(1, len(charts) + 1)]
    assert len(set(xlsxs)) == len(xlsxs)
    for chart, xlsx in zip(charts, xlsxs, strict=True):
        assert overrides[chart] == CT_CHART
        assert chart.lstrip("/") in names and xlsx.lstrip("/") in names
        assert xlsx.startswith("/word/embeddings/Microsoft_Excel_Worksheet")
        assert overrides.get(xlsx, defaults.get("xlsx")) == CT_XLSX


def test_drawing_is_inline_with_alt_text_and_unique_ids(saved: Path, saved_charts) -> None:
    with zipfile.ZipFile(saved) as z:
        doc = etree.fromstring(z.read("word/document.xml"))
    ids = [d.get("id") for d in doc.iterfind(".//wp:docPr", NS)]
    assert len(ids) == len(saved_charts) + 2  # two pictures around the charts
    assert len(set(ids)) == len(ids)
    for _, chart, s in saved_charts:
        inline = s.inline
        assert {inline.get(k) for k in ("distT", "distB", "distL", "distR")} == {"0"}
        extent = inline.find("wp:extent", NS)
        assert (int(extent.get("cx")), int(extent.get("cy"))) == EXTENT
        doc_pr = inline.find("wp:docPr", NS)
        assert doc_pr.get("descr") == chart.alt_text
        number = s.partname.removeprefix("/word/charts/chart").removesuffix(".xml")
        assert doc_pr.get("name") == f"Chart {number}"
        assert [etree.QName(el).localname for el in inline] == [
            "extent", "effectExtent", "docPr", "cNvGraphicFramePr", "graphic"]
        assert inline.getparent().getparent().tag == f"{{{NS['w']}}}r"


def test_two_builds_give_the_same_bytes(tmp_path: Path, saved_charts) -> None:
    again = read_charts(build(tmp_path / "again.docx"))
    for (_, _, first), second in zip(saved_charts, again, strict=True):
        assert first.xml == second.xml
        assert first.xlsx == second.xlsx
    with zipfile.ZipFile(io.BytesIO(again[0].xlsx)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert core.count("2000-01-01T00:00:00Z") == 2  # created and modified


def test_part_numbers_continue_after_existing_charts(tmp_path: Path) -> None:
    first = build(tmp_path / "one.docx", ("en",), pictures=False)
    document = docx.Document(str(first))  # reopened: charts now come from the package
    add_chart(document.part, document.add_paragraph()._p, charts_for("en")[0], get_lang("en"))
    document.save(str(tmp_path / "two.docx"))
    found = read_charts(tmp_path / "two.docx")
    assert [s.partname for s in found][-1] == "/word/charts/chart4.xml"
    assert len({s.xlsx_name for s in found}) == 4


def test_theme_fonts_when_the_document_names_none(tmp_path: Path) -> None:
    document = docx.Document()  # python-docx's own template: theme fonts in docDefaults
    add_chart(document.part, document.add_paragraph()._p, charts_for("zh")[0], get_lang("zh"))
    document.save(str(tmp_path / "theme.docx"))
    (chart,) = read_charts(tmp_path / "theme.docx")
    ea = {el.get("typeface") for el in chart.root.iterfind(".//a:ea", NS)}
    assert ea == {"+mn-ea"}


# --- external checkers ---------------------------------------------------------------------


@pytest.mark.conformance
def test_open_xml_sdk_finds_no_errors(saved: Path, tmp_path: Path) -> None:
    from conformance import format_validation_errors, require_tool, validate_docx

    require_tool("validator")
    xlsx = tmp_path / "embedded.xlsx"
    xlsx.write_bytes(read_charts(saved)[-1].xlsx)
    results = validate_docx([saved, xlsx])
    assert not any(results.values()), format_validation_errors(results)


@pytest.mark.conformance
def test_libreoffice_draws_the_charts(saved: Path, tmp_path: Path) -> None:
    from conformance import docx_to_pdf, pdf_text, require_tool

    require_tool("libreoffice")
    text = pdf_text(docx_to_pdf([saved], tmp_path)[saved])
    for title in ("Partners by type, 2024", "USD million", "2020", "19.82", "42; 57%"):
        assert title in text
    assert "私营部门" in text

