"""What a screen reader needs, in the .docx (Word's checker rules) and in the tagged PDF.

The Word-side rules run on every report and INF document of the six languages;
the PDF checks read the structure trees of the PDFs ``--pdf`` writes, all made
in the session's one LibreOffice run (``tagged_pdfs`` in conftest).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import cast

import pytest
from lxml import etree

import tdagdoc
from accessibility import (
    heading_levels,
    pdf_heading_levels,
    pdf_problems,
    structure,
    word_problems,
)
from conftest import LOGO_ALT, NS, SMALL, Docx
from tdagdoc import cli
from tdagdoc.docx import pdf
from tdagdoc.languages import LANGUAGE_CODES

KINDS = ("report", "inf")


def _doc(built: dict[str, Path], infs: dict[str, Path], lang: str, kind: str) -> Path:
    return (built if kind == "report" else infs)[lang]


def _data_tables(path: Path) -> int:
    """Tables whose first row repeats as a header: what the PDF must tag as tables."""
    body = Docx(path).body
    tables = cast("list[etree._Element]",
                  body.xpath(".//w:tbl[w:tr[1]/w:trPr/w:tblHeader]", namespaces=NS))
    return len(tables)


# --- the .docx: Word's Accessibility Checker rules --------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_word_rules_pass(built, infs, lang, kind):
    assert word_problems(_doc(built, infs, lang, kind)) == []


def _rewrite(path: Path, target: Path, part: str, change) -> Path:
    """A copy of the package at ``path`` with one part's XML tree changed by ``change``."""
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == part:
                root = etree.fromstring(data)
                change(root)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                      standalone=True)
            dst.writestr(info, data)
    return target


def _w(tag: str) -> str:
    return f"{{{NS['w']}}}{tag}"


def _drop_descriptions(root):
    for doc_pr in root.iter(f"{{{NS['wp']}}}docPr"):
        del doc_pr.attrib["descr"]


def _drop_header_rows(root):
    for header in root.iter(_w("tblHeader")):
        header.getparent().remove(header)


def _blank_paragraphs(root):
    body = root.find("w:body", NS)
    body.insert(3, etree.Element(_w("p")))
    body.insert(3, etree.Element(_w("p")))


def _skip_a_level(root):
    first = root.find(".//w:pStyle[@w:val='Heading1']", NS)
    first.set(_w("val"), "Heading2")


def _vague_link(root):
    link = root.find(".//w:hyperlink", NS)
    for t in link.iter(_w("t")):
        t.text = ""
    next(link.iter(_w("t"))).text = "click here"


def _no_language(root):
    lang = root.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    lang.getparent().remove(lang)


def _no_title(root):
    root.find("{http://purl.org/dc/elements/1.1/}title").text = ""


@pytest.mark.parametrize(("part", "change", "expected"), [
    ("word/document.xml", _drop_descriptions, r"drawing 'Chart 1' has no alternative text"),
    ("word/document.xml", _drop_header_rows, r"is a data table without a header row"),
    ("word/document.xml", _blank_paragraphs, r"body paragraph 4 is blank, used for spacing"),
    ("word/document.xml", _skip_a_level, r"\(level 2\) skips a level after level 0"),
    ("word/document.xml", _vague_link, r"hyperlink text 'click here' does not say"),
    ("word/styles.xml", _no_language, r"has no default language"),
    ("docProps/core.xml", _no_title, r"has no title"),
])
def test_each_word_rule_catches_its_fault(built, tmp_path, part, change, expected):
    broken = _rewrite(built["en"], tmp_path / "broken.docx", part, change)
    problems = word_problems(broken)
    assert any(re.search(expected, p) for p in problems), problems


def test_data_tables_carry_their_title_in_schema_order(docs):
    """w:tblCaption / w:tblDescription: the caption, or the sentence that introduces the table."""
    tables = docs["en"].body.xpath(".//w:tbl[w:tr[1]/w:trPr/w:tblHeader]", namespaces=NS)
    titles = [t.find("w:tblPr/w:tblCaption", NS).get(_w("val")).replace("\xa0", " ")
              for t in tables]  # a count keeps with its word: read its no-break space so
    assert titles == ["In 2024, BDT's top 10 financial partners were:",
                      "Table 1 – Partnership agreements signed in 2024, by ITU region",
                      "Table 2 – Partnership agreements signed in 2024, by ITU-D priority",
                      "Table 3 – Partnership agreements and financial contributions signed, "
                      "2020-2024"]
    for t in tables:
        names = [etree.QName(c).localname for c in t.find("w:tblPr", NS)]
        assert names[-3:] == ["tblLook", "tblCaption", "tblDescription"]
    # Layout tables (header block, summary box, contact box) have neither.
    layout = docs["en"].body.xpath(".//w:tbl[not(w:tr[1]/w:trPr/w:tblHeader)]", namespaces=NS)
    assert len(layout) == 3
    assert all(t.find("w:tblPr/w:tblCaption", NS) is None for t in layout)


def test_the_logo_is_described_by_the_group_or_the_given_text(example, with_logo, tmp_path):
    def logo_descr(path: Path) -> str:
        return Docx(path).body.find(".//w:tbl//wp:docPr", NS).get("descr")

    assert logo_descr(with_logo) == LOGO_ALT
    png = Docx(with_logo).blob(next(n for n in Docx(with_logo).names
                                    if n.startswith("word/media/")))
    plain = tdagdoc.save(tdagdoc.build(example, "fr", logo=png), tmp_path)
    assert logo_descr(plain) == "Groupe consultatif pour le développement des " \
                                "télécommunications (GCDT)"
    assert word_problems(plain) == []


def test_logo_alt_from_the_command_line(tmp_path, with_logo):
    logo = tmp_path / "logo.png"
    docx = Docx(with_logo)
    logo.write_bytes(docx.blob(next(n for n in docx.names if n.startswith("word/media/"))))
    out = tmp_path / "out"
    assert cli.main(["build", str(SMALL), "--logo", str(logo), "--logo-alt", "Emblème",
                     "--out", str(out), "-q"]) == 0
    first = Docx(out / "TDAG-25-7-E.docx").body.find(".//wp:docPr", NS)
    assert first.get("descr") == "Emblème"


# --- the PDF: its structure tree --------------------------------------------------------------


@pytest.mark.conformance
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_tagged_pdf_structure(built, infs, tagged_pdfs, lang, kind):
    """Marked, in the document's language, every figure described, H1s, tables with TH."""
    docx = _doc(built, infs, lang, kind)
    drawings = pdf.drawing_descriptions(docx.read_bytes())
    result = tagged_pdfs[docx]
    assert pdf_problems(result, lang, figures=len(drawings),
                        tables=_data_tables(docx)) == []
    # Each Figure says what its chart's alt text says, in the document's language.
    alts = [attrs["/Alt"] for _, kind_, attrs in structure(result) if kind_ == "/Figure"]
    assert alts == drawings
    # The title a viewer shows is the Word document's.
    import pikepdf

    with pikepdf.open(result) as doc:
        title = str(doc.docinfo["/Title"])
    core = Docx(docx).xml("docProps/core.xml")
    assert title == core.findtext("{http://purl.org/dc/elements/1.1/}title")
    # The Word headings, level for level (H2 wherever there is a subsection).
    assert pdf_heading_levels(result) == heading_levels(docx)
    assert heading_levels(docx)


@pytest.mark.conformance
def test_the_pdf_describes_the_logo_has_h2_and_tags_layout_tables_as_blocks(with_logo, tagged_pdfs):
    tree = structure(tagged_pdfs[with_logo])
    figures = [attrs["/Alt"] for _, kind, attrs in tree if kind == "/Figure"]
    assert figures[0] == LOGO_ALT
    # The header block comes first, as Divs (not a Table), with the logo inside.
    first_table = next(i for i, (_, kind, _) in enumerate(tree) if kind in ("/Table", "/Div"))
    assert tree[first_table][1] == "/Div"
    assert pdf_problems(tagged_pdfs[with_logo], "en", figures=4,
                        tables=_data_tables(with_logo)) == []
    # A subsection comes out as H2 under its H1.
    assert heading_levels(with_logo)[:2] == [1, 2]
    assert pdf_heading_levels(tagged_pdfs[with_logo]) == heading_levels(with_logo)


@pytest.mark.conformance
def test_pdf_checks_catch_an_untagged_pdf(built, tmp_path):
    """The checks are real: LibreOffice's plain export fails them."""
    from conformance import docx_to_pdf, require_tool

    require_tool("libreoffice")
    plain = docx_to_pdf([built["en"]], tmp_path)[built["en"]]
    problems = pdf_problems(plain, "en", figures=3, tables=4)
    assert any("MarkInfo/Marked" in p for p in problems), problems


def test_pdf_checks_catch_missing_alt_and_layout_tables(tmp_path):
    """Without a LibreOffice run: a tagged PDF as LibreOffice leaves it fails the checks."""
    import pikepdf

    with pikepdf.new() as doc:
        doc.add_blank_page()
        root = doc.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))

        def el(kind: str, *kids: pikepdf.Object) -> pikepdf.Object:
            return doc.make_indirect(pikepdf.Dictionary(
                Type=pikepdf.Name.StructElem, S=pikepdf.Name("/" + kind), K=pikepdf.Array(kids)))

        root.K = pikepdf.Array([el("Document", el("H2"), el("Figure"),
                                   el("Table", el("TR", el("TD"))))])
        doc.Root.StructTreeRoot = root
        doc.Root.Lang = pikepdf.String("fr-FR")
        out = io.BytesIO()
        doc.save(out)
    path = tmp_path / "bad.pdf"
    path.write_bytes(out.getvalue())
    problems = "\n".join(pdf_problems(path, "en", figures=1, tables=0))
    for expected in ("MarkInfo/Marked is None", "/Lang is 'fr-FR', not the document's 'en'",
                     "no document title", "Figure 1 has no /Alt", "the first heading is not H1",
                     "table 1 has no header cell (TH)", "1 Table elements, 0 data tables"):
        assert expected in problems
