"""The public API end to end: languages, fallbacks, logo, file names."""

from __future__ import annotations

import struct
import zlib

import pytest

import tdagdoc
from conftest import NS, SMALL, Docx


def _png(width: int = 4, height: int = 2) -> bytes:
    """A tiny valid PNG, made here so the tests ship no binary."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    raw = b"".join(b"\x00" + b"\x00\x66\xcc" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                                            0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def test_missing_translations_fall_back_to_english_with_a_warning():
    report = tdagdoc.load(SMALL)  # names in English only
    built = tdagdoc.build(report, "fr")
    where = {w.where for w in built.warnings}
    assert "partners[eu].name" in where
    assert "document.title" in where
    assert all("no fr text; English used" in w.message for w in built.warnings)
    assert len(built.warnings) == len(set(built.warnings))


def test_strict_refuses_missing_translations():
    report = tdagdoc.load(SMALL)
    with pytest.raises(tdagdoc.DataError) as caught:
        tdagdoc.build(report, "ru", strict=True)
    assert any(p.where == "partners[eu].name" for p in caught.value.problems)


def test_logo_goes_into_the_header_cell(example, tmp_path, conformant):
    doc = Docx(conformant(tdagdoc.save(tdagdoc.build(example, "ar", logo=_png()), tmp_path)))
    first_cell = doc.body.find("w:tbl/w:tr/w:tc", NS)
    assert first_cell.find(".//w:drawing", NS) is not None
    assert any(n.startswith("word/media/") for n in doc.names)


def test_unknown_language_is_a_clear_error(example):
    with pytest.raises(ValueError, match="valid codes: en, fr, es, ru, ar, zh"):
        tdagdoc.build(example, "de")


def test_the_api_is_short_and_prints_short(example: tdagdoc.Report) -> None:
    built = tdagdoc.build(example, tdagdoc.Lang("en", "en_GB", "E", False, "en-GB", "latin"))
    assert repr(built) == (f"Built(lang='en', filename='TDAG-25-7-E.docx', "
                           f"{len(built.data):,} bytes, 0 warnings)")
    assert len(str(built)) < 100
    assert {"load", "build", "save", "compute", "Lang"} <= set(tdagdoc.__all__)
    assert not hasattr(tdagdoc.pipeline, "build_inf")  # one way: build(..., inf=True)
