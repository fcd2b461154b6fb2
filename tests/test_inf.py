"""The INF document: every agreement and every financial partner, in the six languages."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import cast

import pytest

import tdagdoc
from conftest import EXAMPLE, NS, SMALL, Docx
from tdagdoc.cli import main
from tdagdoc.document.inf import NIL
from tdagdoc.errors import DataError, TdagdocError
from tdagdoc.figures import agreement_usd
from tdagdoc.input import sample
from tdagdoc.input.models import Agreement
from tdagdoc.input.sources import validate
from tdagdoc.l10n.formatting import Formatter
from tdagdoc.languages import get_lang

W = f"{{{NS['w']}}}"
MONEY = Formatter(get_lang("en")).money



def year_agreements(report: tdagdoc.Report) -> list[Agreement]:
    """The year's agreements in the order the INF document lists them, computed here."""
    return sorted((a for a in report.agreements if a.signed.year == report.year),
                  key=lambda a: (a.signed, a.id))


def rows(doc: Docx, index: int) -> list[list[str]]:
    """A table's cells as text, the paragraphs of a cell joined by " | "."""
    tbl = doc.body.findall("w:tbl", NS)[index]
    return [[" | ".join(doc.paragraphs(tc)) for tc in tr.findall("w:tc", NS)]
            for tr in tbl.findall("w:tr", NS)]


@pytest.fixture(scope="module")
def en(infs: dict[str, Path]) -> Docx:
    return Docx(infs["en"])


@pytest.fixture(scope="module")
def streamed(tmp_path_factory: pytest.TempPathFactory) -> tuple[tdagdoc.Report, Path]:
    """A 250-agreement sample: its list is long enough to be streamed."""
    report = validate(sample.generate(250, seed=5))
    out = tmp_path_factory.mktemp("streamed")
    return report, tdagdoc.save(tdagdoc.build(report, "en", inf=True), out)


def test_named_and_headed_as_an_inf_document(infs: dict[str, Path], en: Docx):
    assert {p.name for p in infs.values()} == {
        f"TDAG-25-INF-1-{letter}.docx" for letter in "EFSRAC"}
    header = "\n".join(en.paragraphs(en.body.find("w:tbl", NS))).replace("\xa0", " ")
    assert "Document TDAG-25/INF/1-E" in header
    assert "22 April 2025" in header and "Original: English" in header
    assert [t.replace("\xa0", " ") for t in en.styled("Title1")] == [
        "List of partnership agreements signed in 2024 and of financial partners"]
    assert "as reported in Document TDAG-25/7." in en.text()
    texts = ["".join(map(str, en.xml(n).itertext())) for n in en.names
             if n.startswith("word/header")]
    assert any("TDAG-25/INF/1-E" in t for t in texts)


def test_landscape_pages(en: Docx):
    size = en.body.find("w:sectPr/w:pgSz", NS)
    assert (size.get(f"{W}orient"), size.get(f"{W}w"), size.get(f"{W}h")) == (
        "landscape", "16838", "11906")
    header_block = en.body.find("w:tbl", NS)
    assert sum(int(w) for w in cast("list[str]", header_block.xpath(
        "w:tblGrid/w:gridCol/@w:w", namespaces=NS))) == 14570


def test_every_agreement_by_date_then_number(en: Docx, example: tdagdoc.Report):
    table = rows(en, 1)
    assert table[0] == ["Agreement", "Date signed", "Partners", "Type of partner",
                        "ITU regions", "ITU-D priorities", "Financial contributions (USD)"]
    body, total = table[1:-1], table[-1]
    expected = year_agreements(example)
    assert len(body) == len(expected) == 89
    assert [r[0] for r in body] == [a.id for a in expected]
    assert [a.signed for a in expected] == sorted(a.signed for a in expected)
    first = expected[0]
    assert body[0][1] == "15\u00a0January\u00a02024"  # a date never wraps
    assert body[0][2] == " | ".join(example.partners_by_id[p].name.en for p in first.partners)
    assert body[0][6].split(" | ")[0] == MONEY(agreement_usd(first))
    # Contributions signed in another currency are also shown as signed, under the USD.
    foreign = [(r[6], a) for r, a in zip(body, expected, strict=True)
               if any(c.currency != "USD" for c in a.contributions)]
    assert foreign and all(
        cell == " | ".join([MONEY(agreement_usd(a)), *(
            f"({Formatter(get_lang('en')).currency(c.amount, c.currency)})"
            for c in a.contributions if c.currency != "USD")])
        for cell, a in foreign)
    assert "(EUR\xa018,100,000)" in [cell.split(" | ")[1] for cell, _ in foreign]
    assert sum(r[6] == NIL for r in body) == 89 - 53  # agreements without money
    assert total[0] == "Total"
    assert total[6] == MONEY(tdagdoc.compute(example).total_usd) == "33,812,874"


def test_multi_valued_cells_hold_a_paragraph_per_value(en: Docx, example: tdagdoc.Report):
    tbl = en.body.findall("w:tbl", NS)[1]
    several = next(a for a in year_agreements(example) if len(a.regions) > 1)
    index = [a.id for a in year_agreements(example)].index(several.id) + 1
    regions_cell = tbl.findall("w:tr", NS)[index].findall("w:tc", NS)[4]
    assert len(regions_cell.findall("w:p", NS)) == len(several.regions)


def test_financial_partners_largest_first_with_total(en: Docx, example: tdagdoc.Report):
    f = tdagdoc.compute(example)
    table = rows(en, 2)
    assert table[0][0] == "Partner"
    body = table[1:-1]
    assert len(body) == len(f.financial_partners) == 33
    assert body[0] == ["European Union represented by the European Commission",
                       "Intergovernmental and regional organizations", "1", "19,820,000"]
    amounts = [int(r[3].replace(",", "")) for r in body]
    assert amounts == sorted(amounts, reverse=True)
    assert table[-1][0] == "Total" and table[-1][3] == MONEY(f.financial_partners_usd)


def test_list_tables_repeat_their_header_and_align_numbers(en: Docx):
    for index, amount_column in ((1, 6), (2, 3)):
        tbl = en.body.findall("w:tbl", NS)[index]
        trs = tbl.findall("w:tr", NS)
        assert trs[0].find("w:trPr/w:tblHeader", NS) is not None
        jc = {tr.xpath(f"string(w:tc[{amount_column + 1}]/w:p/w:pPr/w:jc/@w:val)",
                       namespaces=NS) for tr in trs[1:]}
        assert jc == {"right"}
        assert tbl.find("w:tblPr/w:tblLayout", NS).get(f"{W}type") == "fixed"


def test_right_to_left_and_chinese(infs: dict[str, Path]):
    ar, zh = Docx(infs["ar"]), Docx(infs["zh"])
    assert "TDAG-25/INF/1-A" in ar.text()
    lists = ar.body.findall("w:tbl", NS)[1:3]
    assert all(t.find("w:tblPr/w:bidiVisual", NS) is not None for t in lists)
    assert "الاتحاد الأوروبي" in ar.text()
    tbl = zh.body.findall("w:tbl", NS)[1]
    assert tbl.xpath(".//w:rFonts[@w:hint='eastAsia']", namespaces=NS)


def test_streamed_list_reads_like_a_small_one(streamed: tuple[tdagdoc.Report, Path]):
    report, path = streamed
    doc = Docx(path)
    table = rows(doc, 1)
    expected = year_agreements(report)
    assert len(table) == len(expected) + 2 == 252
    assert [r[0] for r in table[1:-1]] == [a.id for a in expected]
    assert table[-1][6] == MONEY(sum(map(agreement_usd, expected), Decimal(0)))
    assert b"tdagdoc-stream" not in doc.blob("word/document.xml")


def test_data_never_becomes_markup(tmp_path: Path):
    report = tdagdoc.load(SMALL)
    doc = Docx(tdagdoc.save(tdagdoc.build(report, "en", inf=True), tmp_path))
    assert "AT&T <Labs> *Fund* {{ x }}" in doc.text()


def test_missing_names_are_reported_once_per_partner(tmp_path: Path):
    report = tdagdoc.load(SMALL)  # partner names in English only
    built = tdagdoc.build(report, "fr", inf=True)
    where = [w.where for w in built.warnings if "name" in w.where]
    assert sorted(where) == sorted(set(where))
    assert {"partners[eu].name", "partners[att].name", "partners[ke].name"} <= set(where)
    with pytest.raises(DataError):
        tdagdoc.build(report, "fr", inf=True, strict=True)


def test_a_revised_report_leaves_the_inf_document_alone(example: tdagdoc.Report):
    revised = example.model_copy(update={
        "document": example.document.model_copy(update={"revision": 1})})
    built = tdagdoc.build(revised, "en", inf=True)
    assert built.filename == "TDAG-25-INF-1-E.docx"
    assert tdagdoc.build(revised, "en").filename == "TDAG-25-7(Rev.1)-E.docx"


def test_no_inf_number_no_inf_document(example: tdagdoc.Report, tmp_path: Path, capsys):
    bare = example.model_copy(update={
        "document": example.document.model_copy(update={"inf_document": None})})
    with pytest.raises(TdagdocError, match="inf_document"):
        tdagdoc.build(bare, "en", inf=True)


def test_build_with_inf_writes_both_documents(tmp_path: Path, capsys):
    status = main(["build", str(EXAMPLE), "--inf", "--lang", "en,ar", "--out", str(tmp_path)])
    assert status == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "TDAG-25-7-A.docx", "TDAG-25-7-E.docx", "TDAG-25-INF-1-A.docx", "TDAG-25-INF-1-E.docx"]
    report = Docx(tmp_path / "TDAG-25-7-E.docx")
    notes = "".join(report.paragraphs(report.xml("word/footnotes.xml")))
    assert "see Document TDAG-25/INF/1." in notes
    captured = capsys.readouterr()
    assert "TDAG-25-INF-1-E.docx" in captured.out
    assert "[" not in captured.err  # not a terminal: no progress bar


@pytest.mark.conformance
def test_open_xml_sdk_and_libreoffice(infs: dict[str, Path],
                                      streamed: tuple[tdagdoc.Report, Path], tmp_path: Path):
    """Every kind of document these tests and test_big_tables make, in one validator run;
    the streamed list through LibreOffice, whose PDF repeats the header on every page."""
    import conformance
    from test_big_tables import conformance_documents

    conformance.require_tool("validator")
    report, path = streamed
    paths = [*infs.values(), path, *conformance_documents(tmp_path).values()]
    results = conformance.validate_docx(paths)
    assert not any(results.values()), conformance.format_validation_errors(results)

    conformance.require_tool("libreoffice")
    pdf = conformance.docx_to_pdf([path], tmp_path / "pdf")[path]
    pages = conformance.pdf_text(pdf).split("\f")
    text = " ".join(" ".join(p.split()) for p in pages)
    assert "List of partnership agreements signed in 2024 and of financial partners" in text
    expected = year_agreements(report)
    assert expected[0].id in text and expected[-1].id in text
    list_pages = [p for p in pages if expected[100].id in p or expected[200].id in p]
    assert list_pages and all("Date signed" in p for p in list_pages)
