"""Column widths from measured texts: every word fits its column, amounts stay whole."""

from __future__ import annotations

import docx
import pytest

from tdagdoc import blocks as b
from tdagdoc import styles
from tdagdoc.document.cells import cell, header_row
from tdagdoc.docx import fonts, measure
from tdagdoc.docx.writer import _style_ids
from tdagdoc.resources import reference_docx


@pytest.fixture(scope="module")
def measurer() -> measure.Measurer:
    document = docx.Document(str(reference_docx()))
    return measure.measurer(document, _style_ids(document, reference_docx()))


def _table() -> b.Table:
    header = header_row("Partner", "Intergouvernementales", "Financial contributions (USD)")
    rows = tuple(
        (cell(name), cell(kind), cell(amount, "end"))
        for name, kind, amount in (
            ("European Union represented by the European Commission", "Organisations",
             "19\u00a0820\u00a0000"),
            ("UNICEF", "United Nations", "1\u00a0820\u00a0000"),
        ))
    return b.Table(header, rows, (5000, 2000, 2638))


def test_reference_styles_are_read(measurer: measure.Measurer):
    assert measurer.styles[styles.TABLE_HEAD].bold
    assert measurer.styles[styles.TABLE_TEXT].size == 10
    assert measurer.margins == 216


def test_every_word_fits_and_the_rest_goes_to_long_texts(measurer: measure.Measurer):
    table = _table()
    widths = measure.column_widths(table, measurer, 9638)
    assert sum(widths) == 9638
    for i, row in enumerate((*table.header, *table.rows)):
        for col, c in enumerate(row):
            bold = i == 0
            for word in measure.units(c.paragraphs[0].plain):
                need = measurer.width(word, c.paragraphs[0].style, bold) + measurer.margins
                assert widths[col] >= need, (word, widths)
    assert widths[2] >= measurer.width("19\u00a0820\u00a0000", styles.TABLE_TEXT, False)
    assert widths[0] == max(widths)  # the partner names, which wrap, get what is left


def test_bold_words_are_wider(measurer: measure.Measurer):
    plain = measurer.width("Intergouvernementales", styles.TABLE_TEXT, False)
    assert measurer.width("Intergouvernementales", styles.TABLE_HEAD, False) > plain


def test_no_font_files_still_gives_widths(monkeypatch: pytest.MonkeyPatch,
                                          measurer: measure.Measurer):
    monkeypatch.setattr(fonts, "font_file", lambda *args: None)
    monkeypatch.setattr(measure, "_FALLBACKS", {})
    measure._family_advance.cache_clear()
    try:
        st = measurer.styles
        fresh = measure.Measurer(st[styles.TABLE_TEXT], st[styles.TABLE_HEAD], measurer.margins)
        widths = measure.column_widths(_table(), fresh, 9638)
        assert sum(widths) == 9638 and min(widths) > 0
        assert fresh.width("abc", styles.TABLE_TEXT, False) == round(
            3 * fonts.ESTIMATE_EM["latin"] * 10 * 20 * measure.SLACK)
    finally:
        measure._family_advance.cache_clear()


def test_chinese_units_keep_latin_numbers_and_brackets():
    assert measure.units("含资金捐助的协议", cjk_term=True) == ["含资金捐助的协议"]
    assert "（美" in measure.units("资金捐助（美元）")
    assert "2024年1月15日" in measure.units("签署于2024年1月15日")
    assert "ITU-D" in measure.units("国际电联ITU-D优先事项")


def test_words_too_long_for_the_page_shrink_alike(measurer: measure.Measurer):
    long = "x" * 200
    table = b.Table(header_row(long, long), ((cell("a"), cell("b")),), (4819, 4819))
    assert measure.column_widths(table, measurer, 9638) == (4819, 4819)


# Characters of the six languages' tables: Latin with accents, Cyrillic, Arabic, Chinese,
# punctuation, no-break and narrow spaces, and characters fonts often lack.
_SAMPLE = ("Aa Zz 0123456789 éÉçÀœ ёЁжЩ ابتثحخ لا 资金捐助合作伙伴（美元），。 "
           "\u00a0\u202f\u2011\u2013\u2014 € ₽ ﷼ \U0001f600 \U00020000")


@pytest.mark.parametrize(("family", "bold"), [("Calibri", False), ("Calibri", True),
                                             ("SimSun", False), ("Arial", True),
                                             ("DejaVu Sans", False)])
def test_faces_read_the_widths_fonttools_reads(family: str, bold: bool):
    """The font tables read in place give the advances fontTools gives, character by
    character, in every face the documents use (collections included)."""
    ttlib = pytest.importorskip("fontTools.ttLib")
    found = fonts.font_file(family, bold)
    if found is None:
        pytest.skip(f"fontconfig finds no {family}")
    face = fonts.Face(*found)
    font = ttlib.TTFont(found[0], fontNumber=found[1], lazy=True)
    cmap, hmtx, upem = font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm
    for char in _SAMPLE:
        glyph = cmap.get(ord(char))
        expected = None if glyph in (None, ".notdef") else hmtx[glyph][0] / upem
        assert face.advance(char) == expected, (family, char)


def test_a_map_in_another_format_is_read_with_fonttools(monkeypatch: pytest.MonkeyPatch):
    pytest.importorskip("fontTools.ttLib")
    found = fonts.font_file("Calibri", False)
    if found is None:
        pytest.skip("fontconfig finds no Calibri")
    expected = fonts.Face(*found).advance("W")
    monkeypatch.setattr(fonts, "_cmap_lookup", lambda cmap: None)
    assert fonts.Face(*found).advance("W") == expected


def test_a_file_that_is_no_font_gives_estimates(tmp_path):
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"ttcf" + bytes(8))
    assert fonts.face(str(broken), 0) is None
