"""The writer on its own: blocks in, WordprocessingML out, reference documents honoured."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from conftest import NS
from tdagdoc import blocks as b
from tdagdoc import styles
from tdagdoc.docx.oxml.package import normalize_zip
from tdagdoc.docx.writer import Writer
from tdagdoc.input.reference import ReferenceDocError
from tdagdoc.languages import get_lang
from tdagdoc.resources import reference_docx


def _doc(lang: str, *blocks: b.Block) -> b.Document:
    meta = b.Meta(lang=get_lang(lang), title="T", subject="S", author="ITU", keywords="K",
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
    docx.Document().save(str(bare))
    with pytest.raises(ReferenceDocError, match="Headingb"):
        Writer(bare).write(_doc("en", b.Paragraph((b.Text("x"),))))


def test_style_names_match_without_case_as_in_word(tmp_path: Path):
    """A template saved by Word names its footnote styles in lower case."""
    ref = tmp_path / "word-saved.docx"
    shutil.copy(reference_docx(), ref)
    document = docx.Document(str(ref))
    style = document.styles["Footnote Text"].element
    style.find(f"{{{NS['w']}}}name").set(f"{{{NS['w']}}}val", "footnote text")
    style.set(f"{{{NS['w']}}}styleId", "MyFootnoteText")  # as Word may rename it
    document.save(str(ref))
    note = b.Footnote((b.Paragraph((b.Text("n"),), styles.FOOTNOTE_TEXT),))
    data = Writer(ref).write(_doc("en", b.Paragraph((b.Text("x"), note))))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        notes = etree.fromstring(z.read("word/footnotes.xml"))
    used = notes.xpath("//w:footnote[not(@w:type)]//w:pStyle/@w:val", namespaces=NS)
    assert used == ["MyFootnoteText"]


def test_zip_entries_have_the_document_date_and_fixed_permissions():
    """The writer's own output, not normalized a second time: same data, same bytes."""
    meta = b.Meta(lang=get_lang("en"), title="T", subject="S", author="ITU", keywords="K",
                  date="2023-11-07", running_header="TDAG-25/7-E")
    data = Writer().write(b.Document(meta, ()))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        infos = z.infolist()
    assert {i.date_time for i in infos} == {(2023, 11, 7, 0, 0, 0)}
    assert {i.external_attr >> 16 for i in infos} == {0o644}
    assert Writer().write(b.Document(meta, ())) == data


def test_normalize_zip_splices_and_clamps_dates_before_1980():
    source = io.BytesIO()
    with zipfile.ZipFile(source, "w") as z:
        z.writestr(zipfile.ZipInfo("a.xml", (2020, 5, 6, 7, 8, 10)), b"<a><?m?></a>")
        z.writestr("b.txt", b"kept")
    data = normalize_zip(source.getvalue(), dt.date(1975, 3, 4),
                         {"a.xml": lambda xml: [xml.replace(b"<?m?>", b"<b/>")]})
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.read("a.xml") == b"<a><b/></a>" and z.read("b.txt") == b"kept"
        assert {i.date_time for i in z.infolist()} == {(1980, 3, 4, 0, 0, 0)}


def test_spliced_parts_are_deflated_fast_the_others_as_usual():
    """A streamed table's part (megabytes of repetitive XML) is deflated at the fast
    level, every other part at zlib's default: their sizes are those of each level."""
    import zlib

    from tdagdoc.docx.oxml.package import SPLICED_LEVEL

    rows = b"".join(b"<w:tr><w:tc><w:p><w:r><w:t>%d</w:t></w:r></w:p></w:tc></w:tr>" % i
                    for i in range(20_000))
    source = io.BytesIO()
    with zipfile.ZipFile(source, "w") as z:
        z.writestr("a.xml", b"<a><?m?></a>")
        z.writestr("b.xml", rows)
    data = normalize_zip(source.getvalue(), dt.date(2025, 1, 1),
                         {"a.xml": lambda xml: [b"<a>", rows, b"</a>"]})

    def deflated(raw: bytes, level: int) -> int:
        packer = zlib.compressobj(level, zlib.DEFLATED, -15)
        return len(packer.compress(raw) + packer.flush())

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.read("a.xml") == b"<a>" + rows + b"</a>"
        spliced, other = z.getinfo("a.xml"), z.getinfo("b.xml")
    assert spliced.compress_size == deflated(b"<a>" + rows + b"</a>", SPLICED_LEVEL)
    assert other.compress_size == deflated(rows, zlib.Z_DEFAULT_COMPRESSION)
    assert spliced.compress_size > other.compress_size


def test_a_reference_document_without_page_size_is_refused(tmp_path: Path):
    """No ``w:pgSz``: a listed problem naming the part, not a TypeError."""
    ref = tmp_path / "no-page-size.docx"
    document = docx.Document(str(reference_docx()))
    for size in document.element.body.iter(f"{{{NS['w']}}}pgSz"):
        size.getparent().remove(size)
    document.save(str(ref))
    with pytest.raises(ReferenceDocError) as caught:
        Writer(ref)
    assert "word/document.xml: has no page size (w:sectPr/w:pgSz)" in str(caught.value)


@given(st.text(alphabet=st.sampled_from(list("ab -&<>\t\n\r\u00a0\u2011\u2003\x0b\ufffe é字")),
               max_size=8))
def test_a_plain_runs_shortcut_writes_what_the_run_writer_writes(text: str):
    """The one-search shortcut for a plain left-to-right run gives the same XML (or
    the same refusal) as the run writer's general path."""
    from tdagdoc.docx.oxml import text as oxml_text

    def general() -> str:
        return oxml_text._run(text, False, False, False, False, None, False)

    try:
        expected = general()
    except ValueError:
        with pytest.raises(ValueError):
            oxml_text.runs(text, oxml_text.Direction())
        return
    assert oxml_text.runs(text, oxml_text.Direction()) == expected
