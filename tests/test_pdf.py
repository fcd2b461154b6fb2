"""``--pdf``: PDFs through LibreOffice, checked, written atomically; clear errors otherwise."""

from __future__ import annotations

import os
import stat
import sys
import time
from pathlib import Path

import pytest

import tdagdoc
from conformance import pdf_text, require_tool
from conftest import SMALL
from tdagdoc import cli
from tdagdoc.docx import pdf


def fake_soffice(tmp_path: Path, body: str) -> str:
    """A stand-in ``soffice``: a Python script doing ``body`` with ``outdir`` and ``inputs``."""
    script = tmp_path / "soffice"
    script.write_text(
        f"#!{sys.executable}\n"
        "import sys, time\nfrom pathlib import Path\n"
        "args = sys.argv[1:]\n"
        "outdir = Path(args[args.index('--outdir') + 1])\n"
        "inputs = [Path(a) for a in args if a.endswith('.docx')]\n"
        "outdir.mkdir(parents=True, exist_ok=True)\n"
        + body + "\n",
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


@pytest.fixture(scope="module")
def documents() -> dict[str, bytes]:
    report = tdagdoc.load(SMALL)
    return {b.filename: b.data for b in (tdagdoc.build(report, lang) for lang in ("en", "ar"))}


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# --- without LibreOffice: fast, deterministic -------------------------------------------------


def test_missing_libreoffice_is_a_clear_error_and_nothing_is_written(tmp_path, monkeypatch,
                                                                      capsys):
    monkeypatch.delenv(pdf.ENV_VAR, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(pdf, "_FALLBACKS", ())
    out = tmp_path / "out"
    status = cli.main(["build", str(SMALL), "--pdf", "--out", str(out), "-q"])
    assert status == 2
    assert capsys.readouterr().err == (
        "tdagdoc: --pdf needs LibreOffice: LibreOffice (soffice) is not installed, or not on "
        f"the PATH; {pdf.INSTALL_HINT}\n")
    assert not out.exists()


def test_a_configured_soffice_that_is_not_there(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(pdf.ENV_VAR, str(tmp_path / "nowhere" / "soffice"))
    status = cli.main(["build", str(SMALL), "--pdf", "--out", str(tmp_path / "out"), "-q"])
    assert status == 2
    assert f"{pdf.ENV_VAR}={tmp_path / 'nowhere' / 'soffice'} is not a program" in \
        capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_soffice_exiting_0_without_a_pdf_is_caught(tmp_path, documents):
    soffice = fake_soffice(tmp_path, "print('source file could not be loaded')")
    with pytest.raises(pdf.PdfError) as caught:
        pdf.convert(documents, soffice=soffice)
    assert str(caught.value) == ("LibreOffice wrote no PDF for TDAG-25-7-E.docx, "
                                 "TDAG-25-7-A.docx; it said:\nsource file could not be loaded")


def test_an_empty_or_false_pdf_is_caught(tmp_path, documents):
    soffice = fake_soffice(tmp_path, "(outdir / 'TDAG-25-7-E.pdf').write_bytes(b'')\n"
                                     "(outdir / 'TDAG-25-7-A.pdf').write_bytes(b'<html>')")
    with pytest.raises(pdf.PdfError, match=r"no PDF for TDAG-25-7-E\.docx, TDAG-25-7-A\.docx"):
        pdf.convert(documents, soffice=soffice)


def test_a_hung_libreoffice_is_stopped(tmp_path, documents):
    soffice = fake_soffice(tmp_path, "time.sleep(60)")
    start = time.monotonic()
    with pytest.raises(pdf.PdfError, match="did not finish converting in 1 s"):
        pdf.convert(documents, soffice=soffice, timeout=1)
    assert time.monotonic() - start < 30


def test_pdfs_are_written_next_to_the_documents_only_when_all_converted(tmp_path, monkeypatch,
                                                                        capsys):
    """One PDF fails: the command stops with status 2 and writes no file at all."""
    soffice = fake_soffice(tmp_path, "(outdir / 'TDAG-25-7-E.pdf').write_bytes(b'%PDF-1.7 ok')")
    monkeypatch.setenv(pdf.ENV_VAR, soffice)
    out = tmp_path / "out"
    status = cli.main(["build", str(SMALL), "--lang", "en,fr", "--pdf", "--out", str(out), "-q"])
    assert status == 2
    assert "LibreOffice wrote no PDF for TDAG-25-7-F.docx" in capsys.readouterr().err
    assert listing(out) == []

    soffice = fake_soffice(tmp_path, "for i in inputs:\n"
                                     "    (outdir / (i.stem + '.pdf')).write_bytes(b'%PDF-1.7')")
    monkeypatch.setenv(pdf.ENV_VAR, soffice)
    assert cli.main(["build", str(SMALL), "--lang", "en,fr", "--pdf", "--out", str(out)]) == 0
    assert capsys.readouterr().out.split() == [
        str(out / "TDAG-25-7-E.docx"), str(out / "TDAG-25-7-E.pdf"),
        str(out / "TDAG-25-7-F.docx"), str(out / "TDAG-25-7-F.pdf")]
    assert listing(out) == ["TDAG-25-7-E.docx", "TDAG-25-7-E.pdf", "TDAG-25-7-F.docx",
                            "TDAG-25-7-F.pdf"]  # no temporary file left behind


def test_find_soffice_prefers_the_configured_program(tmp_path, monkeypatch):
    soffice = fake_soffice(tmp_path, "")
    monkeypatch.setenv(pdf.ENV_VAR, soffice)
    assert pdf.find_soffice() == soffice


# --- with LibreOffice ---------------------------------------------------------------------------


@pytest.mark.conformance
def test_libreoffice_makes_real_pdfs(tmp_path, monkeypatch):
    require_tool("libreoffice")
    monkeypatch.delenv(pdf.ENV_VAR, raising=False)
    out = tmp_path / "out"
    assert cli.main(["build", str(SMALL), "--lang", "en,ar", "--pdf", "--out", str(out),
                     "-q"]) == 0
    assert listing(out) == ["TDAG-25-7-A.docx", "TDAG-25-7-A.pdf", "TDAG-25-7-E.docx",
                            "TDAG-25-7-E.pdf"]
    english = pdf_text(out / "TDAG-25-7-E.pdf")
    assert "Document TDAG-25/7-E" in english
    assert "AT&T <Labs> *Fund* {{ x }}" in english
    assert "TDAG-25/7-A" in pdf_text(out / "TDAG-25-7-A.pdf", strip_bidi_controls=True)
    assert oct(os.stat(out / "TDAG-25-7-E.pdf").st_mode & 0o777) == "0o644"
