"""The English report read back from the .docx with lxml, as an independent reader."""

from __future__ import annotations

import re

import pytest

import tdagdoc
from conftest import NS, SMALL, Docx


@pytest.fixture(scope="module")
def en(docs: dict[str, Docx]) -> Docx:
    return docs["en"]


def test_file_name_follows_the_document_number(built):
    assert built["en"].name == "TDAG-25-7-E.docx"
    assert built["zh"].name == "TDAG-25-7-C.docx"


def test_header_block(en: Docx):
    header = en.body.find("w:tbl", NS)
    text = "\n".join(en.paragraphs(header)).replace("\xa0", " ")
    assert "Telecommunication Development Advisory Group (TDAG)" in text
    # The range never breaks: non-breaking hyphen and spaces.
    assert "32nd Meeting, Geneva, Switzerland, 19-22 May 2025" in text
    assert "Document TDAG-25/7-E" in text
    assert "22 April 2025" in text
    assert "Original: English" in text


def test_source_title_and_summary_box(en: Docx):
    assert en.styled("Source") == ["Director, Telecommunication Development Bureau"]
    assert en.styled("Title1") == ["Partnerships and resource mobilization in ITU-D"]
    box = en.body.findall("w:tbl", NS)[1]
    labels = [p for p in en.paragraphs(box)
              if p in ("Summary", "Action required", "References")]
    assert labels == ["Summary", "Action required", "References"]
    assert box.find("w:tblPr/w:tblStyle", NS).get(f"{{{NS['w']}}}val") == "ITUBox"


def test_five_numbered_sections(en: Docx):
    headings = en.styled("Heading1")
    assert [h.split("\t")[0] for h in headings] == ["1", "2", "3", "4", "5"]
    assert headings[2] == "3\tPartnership and resource mobilization results in 2024"


def test_four_real_footnotes_in_order(en: Docx):
    refs = [int(r.get(f"{{{NS['w']}}}id")) for r in en.body.iter(f"{{{NS['w']}}}footnoteReference")]
    assert refs == [1, 2, 3, 4]
    notes = en.xml("word/footnotes.xml")
    ids = [int(n.get(f"{{{NS['w']}}}id")) for n in notes.findall("w:footnote", NS)]
    assert ids == [-1, 0, 1, 2, 3, 4]
    texts = [en.paragraphs(n)[0] for n in notes.findall("w:footnote", NS)[2:]]
    assert texts[0] == "\tFor the full list of agreements, see Document TDAG-25/INF/1."
    assert "our-members" in texts[1]
    assert texts[2] == "\tFor the full list of financial partners, see Document TDAG-25/INF/1."
    assert "List-of-Partners" in texts[3]
    rels = en.blob("word/_rels/document.xml.rels").decode()
    assert "relationships/footnotes" in rels


def test_figures_in_the_text(en: Docx):
    text = en.text().replace("\xa0", " ")  # amounts and dates never break: no-break spaces
    assert ("signed 89 partnership agreements, 53 of which included financial contributions "
            "totalling about USD 33.8 million. Of these funds, 92% were provided by BDT partners "
            "and 8% by ITU.") in text
    assert "signed with 73 partners of various types" in text
    assert ("these 73 partners included 19 Member States, 7 ITU-D Sector Members, "
            "3 academic institutions and 2 regional and other international organizations") in text
    assert "Of the 73 BDT partners, 33 signed" in text
    assert "totalling about USD 31.1 million" in text


def _table_rows(doc: Docx, index: int) -> list[list[str]]:
    tbl = doc.body.findall("w:tbl", NS)[index]
    return [[doc.paragraphs(tc)[0].replace("\xa0", " ") for tc in tr.findall("w:tc", NS)]
            for tr in tbl.findall("w:tr", NS)]


def test_top_ten_table(en: Docx):
    rows = _table_rows(en, 2)
    assert rows[0][0] == "Partner"
    assert rows[1] == ["European Union represented by the European Commission",
                       "USD 19.82 million"]
    assert rows[10][1] == "USD 0.37 million"
    assert len(rows) == 11


def test_data_tables_repeat_their_header_row(en: Docx):
    tables = en.body.findall("w:tbl", NS)[2:-1]
    assert len(tables) == 4
    for tbl in tables:
        first = tbl.find("w:tr", NS)
        assert first.find("w:trPr/w:tblHeader", NS) is not None


def test_region_priority_and_series_tables(en: Docx):
    region, priority, series = (_table_rows(en, i) for i in (3, 4, 5))
    assert region[0][0] == "ITU region" and region[-1][0] == "Total"
    assert region[-1][1:] == ["53", "36", "89", "33,812,874"]
    assert priority[0][0] == "ITU-D priority"
    assert [r[0] for r in series[1:]] == ["2020", "2021", "2022", "2023", "2024"]
    assert series[-1][1:] == ["89", "53", "USD 33.8 million"]


def test_closing_line_and_contact_box(en: Docx):
    paras = en.paragraphs()
    assert "______________" in paras
    contact = _table_rows(en, -1)
    assert contact[0][:2] == ["Contact:", "Name/Organization/Entity:"]
    assert contact[0][2].startswith("Ms Eun Ju Kim, ")
    assert contact[1][1:] == ["Phone number:", "+41 22 730 5900"]
    assert contact[2][1:] == ["E-mail:", "eun-ju.kim@itu.int"]


def test_later_pages_carry_number_and_page_field(en: Docx):
    headers = [n for n in en.names if re.fullmatch(r"word/header\d+\.xml", n)]
    texts = ["".join(map(str, en.xml(n).itertext())) for n in headers]
    assert any("TDAG-25/7-E" in t for t in texts)
    assert any(b'w:instr=" PAGE "' in en.blob(n) for n in headers)
    sect = en.body.find("w:sectPr", NS)
    assert sect.find("w:titlePg", NS) is not None


def test_a4_page(en: Docx):
    size = en.body.find("w:sectPr/w:pgSz", NS)
    assert (size.get(f"{{{NS['w']}}}w"), size.get(f"{{{NS['w']}}}h")) == ("11906", "16838")


def test_hostile_names_print_literally(tmp_path, conformant):
    report = tdagdoc.load(SMALL)
    doc = Docx(conformant(tdagdoc.save(tdagdoc.build(report, "en"), tmp_path)))
    assert "AT&T <Labs> *Fund* {{ x }}" in doc.text()


def test_same_input_same_bytes(example):
    assert tdagdoc.build(example, "ar").data == tdagdoc.build(example, "ar").data
