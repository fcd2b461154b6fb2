"""The writer on its own: blocks in, WordprocessingML out, reference documents honoured."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from conftest import NS
from tdagdoc import blocks as b
from tdagdoc import styles
from tdagdoc.docx.writer import ReferenceDocError, Writer, normalize_zip
from tdagdoc.resources import reference_docx


def _doc(lang: str, *blocks: b.Block) -> b.Document:
    meta = b.Meta(lang=lang, title="T", subject="S", author="ITU", keywords="K",
                  date="2025-04-22", running_header="TDAG-25/7-E")
    return b.Document(meta, blocks)


@pytest.fixture(autouse=True)
def _validated(monkeypatch, tmp_path, conformant):
    """Every document these tests write goes to the session's validator batch."""
    write = Writer.write

    def write_and_register(self, document):
        data = write(self, document)
        path = tmp_path / f"doc{len(list(tmp_path.iterdir()))}.docx"
        path.write_bytes(data)
        conformant(path)
        return data

    monkeypatch.setattr(Writer, "write", write_and_register)


def _body(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read("word/document.xml")).find("w:body", NS)


def test_arabic_paragraphs_tables_and_section_are_right_to_left():
    table = b.Table(
        header=((b.Cell((b.Paragraph((b.Text("عنوان"),), styles.TABLE_HEAD),)),),),
        rows=((b.Cell((b.Paragraph((b.Text("12,5"),), styles.TABLE_TEXT),), align="end"),),),
        widths=(3000,),
    )
    body = _body(Writer().write(_doc("ar", b.Paragraph((b.Text("نص TDAG"),)), table)))
    assert all(p.find("w:pPr/w:bidi", NS) is not None for p in body.iter(f"{{{NS['w']}}}p"))
    assert body.find("w:tbl/w:tblPr/w:bidiVisual", NS) is not None
    assert body.find("w:sectPr/w:bidi", NS) is not None
    run = body.find("w:p/w:r", NS)
    assert run.find("w:rPr/w:rtl", NS) is not None


def test_chinese_runs_carry_the_east_asian_hint_and_language():
    data = Writer().write(_doc("zh", b.Paragraph((b.Text("原文：英文"),))))
    run = _body(data).find("w:p/w:r", NS)
    assert run.find("w:rPr/w:rFonts", NS).get(f"{{{NS['w']}}}hint") == "eastAsia"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        lang = etree.fromstring(z.read("word/styles.xml")).find(
            "w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert lang.get(f"{{{NS['w']}}}eastAsia") == "zh-CN"


def test_adjacent_tables_are_kept_apart():
    cell = b.Cell((b.Paragraph((b.Text("x"),), styles.TABLE_TEXT),))
    table = b.Table(header=(), rows=((cell,),), widths=(2000,))
    body = _body(Writer().write(_doc("en", table, table)))
    kinds = [etree.QName(el).localname for el in body]
    assert kinds[:3] == ["tbl", "p", "tbl"]


def test_a_reference_document_missing_styles_is_refused(tmp_path: Path):
    bare = tmp_path / "bare.docx"
    docx.Document().save(bare)
    with pytest.raises(ReferenceDocError, match="Headingb"):
        Writer(bare).write(_doc("en", b.Paragraph((b.Text("x"),))))


def test_style_names_match_without_case_as_in_word(tmp_path: Path):
    """A template saved by Word names its footnote styles in lower case."""
    ref = tmp_path / "word-saved.docx"
    shutil.copy(reference_docx(), ref)
    document = docx.Document(str(ref))
    document.styles["Footnote Text"].element.find(
        f"{{{NS['w']}}}name").set(f"{{{NS['w']}}}val", "footnote text")
    document.save(ref)
    note = b.Footnote((b.Paragraph((b.Text("n"),), styles.FOOTNOTE_TEXT),))
    Writer(ref).write(_doc("en", b.Paragraph((b.Text("x"), note))))


def test_zip_entries_have_fixed_times():
    data = normalize_zip(Writer().write(_doc("en")), dt.date(2025, 4, 22))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert {i.date_time for i in z.infolist()} == {(2025, 4, 22, 0, 0, 0)}
