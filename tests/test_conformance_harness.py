"""Tests of the conformance harness itself (tests/conformance.py), on small handmade .docx files.

The validator is loaded once for the module (it takes seconds), and LibreOffice runs once.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn

from conformance import (
    docx_to_pdf,
    format_validation_errors,
    pdf_fonts,
    pdf_text,
    require_tool,
    validate_docx,
)

pytestmark = pytest.mark.conformance

VALID_TEXT = "Harness check: the quick brown fox"
SECOND_TEXT = "Second document in the same directory stem"
ARABIC_TEXT = "مرحبا بالعالم"
CHINESE_TEXT = "你好，世界"


def _make_docx(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    document = docx.Document()
    document.add_heading("Conformance harness", level=1)
    document.add_paragraph(text)
    document.save(str(path))
    return path


def _make_multiscript_docx(path: Path) -> Path:
    """Arabic (right-to-left, Noto Naskh Arabic) and Chinese (Noto Sans CJK SC) paragraphs."""
    document = docx.Document()
    for text, fonts, rtl in (
        (ARABIC_TEXT, {"w:cs": "Noto Naskh Arabic"}, True),
        (CHINESE_TEXT, {"w:eastAsia": "Noto Sans CJK SC"}, False),
    ):
        paragraph = document.add_paragraph()
        run = paragraph.add_run(text)
        r_fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
        for attr, font in fonts.items():
            r_fonts.set(qn(attr), font)
        if rtl:
            paragraph._p.get_or_add_pPr().insert(0, paragraph._p.makeelement(qn("w:bidi"), {}))
            run.font.rtl = True
            run.font.complex_script = True
    document.save(str(path))
    return path


def _rewrite_part(src: Path, dst: Path, part: str, old: bytes, new: bytes) -> Path:
    """Copy the package ``src`` to ``dst``, replacing ``old`` by ``new`` once in ``part``."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == part:
                assert old in data, f"{old!r} not in {part}"
                data = data.replace(old, new, 1)
            zout.writestr(info, data)
    return dst


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("harness")
    valid = _make_docx(root / "valid.docx", VALID_TEXT)
    # Same stem as ``valid`` in another folder: docx_to_pdf must not overwrite one PDF.
    other = _make_docx(root / "other" / "valid.docx", SECOND_TEXT)
    # An element WordprocessingML does not have.
    unknown = _rewrite_part(
        valid, root / "unknown_element.docx", "word/document.xml", b"<w:body>", b"<w:body><w:foo/>"
    )
    # Known elements out of schema order: w:rPr must come before w:t inside w:r.
    misordered = _rewrite_part(
        valid,
        root / "misordered.docx",
        "word/document.xml",
        b"</w:t></w:r>",
        b"</w:t><w:rPr><w:b/></w:rPr></w:r>",
    )
    multiscript = _make_multiscript_docx(root / "multiscript.docx")
    not_a_zip = root / "not_a_zip.docx"
    not_a_zip.write_text("this is not an Office Open XML package\n")
    return {
        "valid": valid,
        "other": other,
        "unknown": unknown,
        "misordered": misordered,
        "multiscript": multiscript,
        "not_a_zip": not_a_zip,
    }


@pytest.fixture(scope="module")
def validation(docs: dict[str, Path]) -> dict[Path, list[dict[str, Any]]]:
    require_tool("validator")
    return validate_docx(list(docs.values()))


def test_validator_accepts_valid_docx(docs, validation):
    assert set(validation) == set(docs.values())
    assert validation[docs["valid"]] == [], format_validation_errors(validation)
    assert validation[docs["other"]] == [], format_validation_errors(validation)
    assert validation[docs["multiscript"]] == [], format_validation_errors(validation)


def test_validator_reports_unknown_element(docs, validation):
    errors = validation[docs["unknown"]]
    assert errors, "an unknown w:foo element must be reported"
    err = errors[0]
    assert err["errorTypeName"] == "Schema"
    assert err["part"] == "/word/document.xml"
    assert err["xpath"].startswith("/w:document[1]/w:body[1]")
    assert "foo" in err["description"]
    assert {"id", "description", "errorType", "part", "xpath", "path"} <= set(err)
    assert "unknown_element.docx" in format_validation_errors(validation)


def test_validator_reports_schema_order(docs, validation):
    errors = validation[docs["misordered"]]
    assert errors, "w:rPr after w:t must be reported"
    assert any("rPr" in e["description"] for e in errors), format_validation_errors(validation)
    assert all(e["part"] == "/word/document.xml" for e in errors)


def test_validator_reports_unopenable_package(docs, validation):
    errors = validation[docs["not_a_zip"]]
    assert [e["id"] for e in errors] == ["tdagdoc.OpenFailed"]


def test_validator_harness_failure_raises(tmp_path):
    require_tool("validator")
    with pytest.raises(RuntimeError, match="no such file"):
        validate_docx([tmp_path / "missing.docx"])


def test_validate_empty_batch_starts_nothing():
    assert validate_docx([]) == {}


def test_libreoffice_converts_and_extracts_text(docs, tmp_path):
    require_tool("libreoffice")
    pdfs = docx_to_pdf([docs["valid"], docs["other"]], tmp_path / "pdf")
    assert set(pdfs) == {docs["valid"], docs["other"]}
    assert pdfs[docs["valid"]] != pdfs[docs["other"]]
    assert all(p.parent == (tmp_path / "pdf").resolve() for p in pdfs.values())
    text = pdf_text(pdfs[docs["valid"]])
    assert VALID_TEXT in text
    assert "Conformance harness" in text
    assert SECOND_TEXT in pdf_text(pdfs[docs["other"]])

    fonts = pdf_fonts(pdfs[docs["valid"]])
    assert fonts, "a PDF with text uses at least one font"
    for font in fonts:
        assert set(font) >= {"name", "base_name", "type", "embedded", "subset", "unicode"}
        assert isinstance(font["embedded"], bool)
    assert all(f["embedded"] for f in fonts), fonts


def test_libreoffice_embeds_arabic_and_cjk_fonts(docs, tmp_path):
    require_tool("libreoffice")
    pdf = docx_to_pdf([docs["multiscript"]], tmp_path)[docs["multiscript"]]
    raw = pdf_text(pdf)
    assert "\u202b" in raw  # pdftotext marks right-to-left runs with RLE ... PDF
    text = pdf_text(pdf, strip_bidi_controls=True)
    assert ARABIC_TEXT in text
    assert CHINESE_TEXT in text
    assert "\u202b" not in text
    embedded = {f["base_name"] for f in pdf_fonts(pdf) if f["embedded"]}
    assert any(name.startswith("NotoNaskhArabic") for name in embedded), embedded
    assert any(name.startswith("NotoSansCJK") for name in embedded), embedded


def test_libreoffice_reports_unloadable_file(docs, tmp_path):
    require_tool("libreoffice")
    with pytest.raises(AssertionError, match=r"not_a_zip\.docx") as excinfo:
        docx_to_pdf([docs["valid"], docs["not_a_zip"]], tmp_path / "pdf")
    assert "valid.docx" not in str(excinfo.value).split("stdout:")[0]
    # The good file of the batch was still converted.
    assert (tmp_path / "pdf" / "valid.pdf").stat().st_size > 0


def test_pdf_fonts_parses_pdffonts_types(monkeypatch, tmp_path):
    """Parse a canned pdffonts listing with multi-word types and a Type 3 font."""
    listing = (
        "name                                 type              encoding         emb sub uni object ID\n"  # noqa: E501
        "------------------------------------ ----------------- ---------------- --- --- --- ---------\n"  # noqa: E501
        "BAAAAA+NotoNaskhArabic-Regular       CID TrueType      Identity-H       yes yes yes     12  0\n"  # noqa: E501
        "CAAAAA+NotoSansCJKsc-Regular         CID Type 0C (OT)  Identity-H       yes yes yes     17  0\n"  # noqa: E501
        "Helvetica                            Type 1            WinAnsi          no  no  no       5  0\n"  # noqa: E501
        "[none]                               Type 3            Custom           yes no  no      21  0\n"  # noqa: E501
    )

    class Done:
        returncode = 0
        stdout = listing.encode()
        stderr = b""

    monkeypatch.setattr("conformance.subprocess.run", lambda *a, **k: Done())
    fonts = pdf_fonts(tmp_path / "x.pdf")
    assert [f["type"] for f in fonts] == ["CID TrueType", "CID Type 0C (OT)", "Type 1", "Type 3"]
    assert [f["embedded"] for f in fonts] == [True, True, False, True]
    assert fonts[0]["base_name"] == "NotoNaskhArabic-Regular"
    assert fonts[1]["subset"] is True
    assert fonts[2]["name"] == "Helvetica"
    assert fonts[3]["name"] == "[none]"
    assert fonts[3]["object_id"] == 21


def test_require_tool_rejects_unknown_name():
    with pytest.raises(ValueError, match="unknown tool"):
        require_tool("word")


def test_require_tool_fails_under_ci_and_skips_otherwise(monkeypatch):
    monkeypatch.setattr("conformance.shutil.which", lambda name: None)
    monkeypatch.setattr("conformance._SOFFICE_FALLBACKS", ())
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="apt-get install"):
        require_tool("libreoffice")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="npm ci"):
        require_tool("validator")
