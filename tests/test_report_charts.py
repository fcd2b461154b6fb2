"""The report's three charts hold the computed figures, in chart XML and workbook alike."""

from __future__ import annotations

import io
import posixpath
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from lxml import etree

import tdagdoc
from conformance import pdf_text, require_tool
from conftest import EXAMPLE, NS, Docx
from tdagdoc.numbers import millions


def _charts(doc: Docx) -> list[tuple[etree._Element, openpyxl.Workbook]]:
    """Each chart of the body in order: its XML and its embedded workbook."""
    rels = etree.fromstring(doc.blob("word/_rels/document.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    out = []
    for ref in doc.body.iter(f"{{{NS['c']}}}chart"):
        part = posixpath.join("word", targets[ref.get(f"{{{NS['r']}}}id")])
        chart = doc.xml(part)
        chart_rels = etree.fromstring(doc.blob(posixpath.join(
            posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")))
        (embedded,) = [r.get("Target") for r in chart_rels]
        xlsx = doc.blob(posixpath.normpath(posixpath.join(posixpath.dirname(part), embedded)))
        out.append((chart, openpyxl.load_workbook(io.BytesIO(xlsx))))
    return out


def _series(chart: etree._Element) -> list[tuple[list[str], list[Decimal], str]]:
    found = []
    for ser in chart.iter(f"{{{NS['c']}}}ser"):
        cats = [v.text for v in ser.findall("c:cat//c:pt/c:v", NS)]
        vals = [Decimal(v.text) for v in ser.findall("c:val//c:pt/c:v", NS)]
        formula = ser.find("c:val/c:numRef/c:f", NS).text
        found.append((cats, vals, formula))
    return found


def _cells(book: openpyxl.Workbook, formula: str) -> list[Decimal]:
    sheet, cells = formula.split("!")
    rows = book[sheet.strip("'")][cells.replace("$", "")]
    return [Decimal(str(row[0].value)) for row in rows]


@pytest.mark.parametrize("lang", ["en", "ar", "zh"])
def test_charts_hold_the_figures(docs: dict[str, Docx], example: tdagdoc.Report, lang: str):
    f = tdagdoc.compute(example)
    charts = _charts(docs[lang])
    assert len(charts) == 3
    (pie, pie_book), (bar, bar_book), (trend, trend_book) = charts

    ((_, values, formula),) = _series(pie)
    assert values == [Decimal(n) for n in f.partners_by_type.values()]
    assert sum(values) == f.partners == 73
    assert _cells(pie_book, formula) == values

    ((_, usd, formula),) = _series(bar)
    # Half up (the private sector's 1.085 is 1.09, not 1.08), then apportioned so the
    # bars add up to the financial partners' total as printed with two decimals: the
    # foundations' 0.255 gives way (0.25) so that the seven bars make 31.10.
    assert [t.value for t in f.financial_partners_by_type] == [
        "government", "un-entity", "intergovernmental", "private-sector", "academia",
        "foundation-ngo", "financial-institution"]
    assert usd == [Decimal(v) for v in ("4.45", "4.99", "19.97", "1.09", "0.05", "0.25", "0.30")]
    assert sum(usd) == millions(f.financial_partners_usd, 2)
    assert _cells(bar_book, formula) == usd

    agreements, financial, amounts = _series(trend)
    assert [Decimal(y.agreements) for y in f.series] == agreements[1]
    assert [Decimal(y.financial_agreements) for y in f.series] == financial[1]
    assert agreements[0] == [str(y.year) for y in f.series]
    assert amounts[1][-1] == Decimal("33.8")
    for _, values, formula in (agreements, financial, amounts):
        assert _cells(trend_book, formula) == values


def test_chart_text_is_in_the_document_language(docs: dict[str, Docx]):
    (pie, _), *_ = _charts(docs["ar"])
    assert pie.find("c:lang", NS).get("val") == "ar-SA"
    cats = [v.text for v in pie.findall(".//c:cat//c:pt/c:v", NS)]
    assert all(any("\u0600" <= ch <= "\u06ff" for ch in c) for c in cats), cats


def test_charts_have_alternative_text(docs: dict[str, Docx]):
    descrs = [d.get("descr") for d in docs["en"].body.iter(f"{{{NS['wp']}}}docPr")]
    charts = [d for d in descrs if d and d.startswith(("Partners by type", "Financial", "Partner"))]
    assert len(charts) == 3
    assert "Private sector" in charts[0]


def _labels(chart: etree._Element) -> list[str]:
    return [t.text for t in chart.iterfind(".//c:dLbl/c:tx/c:rich/a:p/a:r/a:t", NS)]


@pytest.mark.parametrize(("lang", "bar", "pie"), [
    ("en", "4.45", "21 (29%)"),
    ("fr", "4,45", "21 (29\u00a0%)"),
    ("es", "4,45", "21 (29%)"),
    ("ru", "4,45", "21 (29%)"),
    ("ar", "4,45", "21 (29%)"),
    ("zh", "4.45", "21（29%）"),
])
def test_charts_write_numbers_as_the_language_does(docs: dict[str, Docx], lang: str, bar: str,
                                                   pie: str):
    (pie_xml, _), (bar_xml, _), (trend, _) = _charts(docs[lang])
    assert pie in _labels(pie_xml)
    # Percentages of the pie add up to 100.
    assert sum(int(re.search(r"(\d+)\D*%", label).group(1))
               for label in _labels(pie_xml)) == 100
    assert bar in _labels(bar_xml)
    # Axis formats carry a locale with the language's decimal sign, for LibreOffice; steps
    # are whole, so an axis of counts has no decimals at all.
    lcid = {"en": "809", "fr": "40C", "es": "419", "ru": "419", "ar": "419", "zh": "804"}[lang]
    formats = [f.get("formatCode") for f in trend.iterfind(".//c:valAx/c:numFmt", NS)]
    assert formats[0] == f"[$-{lcid}]#,##0"
    assert all(f.startswith(f"[$-{lcid}]") for f in formats)
    # Both value axes and the category axis of the combined chart have titles.
    titled = [ax for ax in trend.iterfind(".//c:plotArea/*", NS)
              if ax.tag.endswith(("valAx", "catAx")) and ax.find("c:title", NS) is not None]
    assert len(titled) == 3


@pytest.mark.conformance
def test_french_pdf_draws_french_numbers_in_charts(tmp_path: Path):
    """LibreOffice draws number formats by their locale, not the document's: the labels and
    axes of the French charts must still read 4,45 and 0 5 10, never 4.45 or 5.00."""
    require_tool("libreoffice")
    from tdagdoc import cli

    out = tmp_path / "out"
    assert cli.main(["build", str(EXAMPLE), "--lang", "fr", "--pdf", "--out", str(out),
                     "-q"]) == 0
    text = pdf_text(out / "TDAG-25-7-F.pdf")
    assert "4,45" in text and "19,97" in text and "21 (29 %)" in text.replace("\u00a0", " ")
    # What the charts drew before: labels and axes with an English decimal point.
    english = re.findall(r"\b(?:4\.45|19\.97|1\.09|\d+\.00|\d\d?\.0)\b", text)
    assert not english, english
