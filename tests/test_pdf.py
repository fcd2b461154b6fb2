"""``--pdf``: PDFs through LibreOffice, checked, written atomically; clear errors otherwise."""

from __future__ import annotations

import io
import json
import os
import stat
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import pikepdf
import pytest

import tdagdoc
from conformance import pdf_text, require_tool
from conftest import SMALL
from tdagdoc import cli
from tdagdoc.docx import pdf


def blank_pdf() -> bytes:
    """A real, untagged one-page PDF, as a stand-in soffice writes it."""
    out = io.BytesIO()
    with pikepdf.new() as doc:
        doc.add_blank_page()
        doc.save(out)
    return out.getvalue()


BLANK = blank_pdf()


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
    soffice = fake_soffice(tmp_path, f"(outdir / 'TDAG-25-7-E.pdf').write_bytes({blank_pdf()!r})")
    monkeypatch.setenv(pdf.ENV_VAR, soffice)
    out = tmp_path / "out"
    status = cli.main(["build", str(SMALL), "--lang", "en,fr", "--pdf", "--out", str(out), "-q"])
    assert status == 2
    assert "LibreOffice wrote no PDF for TDAG-25-7-F.docx" in capsys.readouterr().err
    assert listing(out) == []

    soffice = fake_soffice(tmp_path, "for i in inputs:\n"
                                     f"    (outdir / (i.stem + '.pdf')).write_bytes({BLANK!r})")
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


def test_libreoffice_is_asked_for_a_tagged_pdf_ua(tmp_path, documents):
    """The filter options go on the command line as JSON, as LibreOffice 7.4+ reads them."""
    record = tmp_path / "argv.json"
    soffice = fake_soffice(tmp_path, "import json\n"
                                     f"Path({str(record)!r}).write_text(json.dumps(args))\n"
                                     "for i in inputs:\n"
                                     f"    (outdir / (i.stem + '.pdf')).write_bytes({BLANK!r})")
    pdf.convert(documents, soffice=soffice)
    args = json.loads(record.read_text())
    assert args[args.index("--convert-to") + 1] == pdf.FILTER
    name, export, options = pdf.FILTER.split(":", 2)
    assert (name, export) == ("pdf", "writer_pdf_Export")
    assert json.loads(options) == {"UseTaggedPDF": {"type": "boolean", "value": "true"},
                                   "PDFUACompliance": {"type": "boolean", "value": "true"}}


def _docx(*descriptions: str) -> bytes:
    """A package whose body holds drawings with these alternative texts, nothing else."""
    drawings = "".join(f'<w:p><w:r><w:drawing><wp:inline><wp:docPr id="{i}" name="d" '
                       f'descr="{d}"/></wp:inline></w:drawing></w:r></w:p>'
                       for i, d in enumerate(descriptions, 1))
    xml = ('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
           'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
           f"<w:body>{drawings}<w:tbl/></w:body></w:document>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/document.xml", xml)
    return out.getvalue()


def _tagged(*, figures: int) -> bytes:
    """A PDF tagged as LibreOffice 7.4 tags our documents, faults included.

    A paragraph in the style "Figure" role-mapped to P holds each real Figure (with a
    layout box, no /Alt); a header-block table has only TD cells; a data table has TH.
    """
    with pikepdf.new() as doc:
        doc.add_blank_page()
        root = doc.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot,
                                                    RoleMap=pikepdf.Dictionary(Figure="/P")))
        def el(kind: str, *kids: pikepdf.Object, **extra: Any) -> pikepdf.Object:
            return doc.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem,
                                                        S=pikepdf.Name("/" + kind),
                                                        K=pikepdf.Array(kids), **extra))
        box = pikepdf.Dictionary(O=pikepdf.Name.Layout, BBox=pikepdf.Array([0, 0, 9, 9]))
        layout = el("Table", el("TR", el("TD", el("P")), el("TD", el("P"))))
        data = el("Table", el("TR", el("TH", el("P"))), el("TR", el("TD", el("P"))))
        paras = [el("Figure", el("Figure", A=box)) for _ in range(figures)]
        root.K = pikepdf.Array([el("Document", layout, *paras, data)])
        doc.Root.StructTreeRoot = root
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()


def _tree(data: bytes) -> list[tuple[str, str | None]]:
    with pikepdf.open(io.BytesIO(data)) as doc:
        assert "/Figure" not in doc.Root.StructTreeRoot.RoleMap
        return [(str(e.S), str(e.Alt) if "/Alt" in e else None)
                for e in pdf._elements(doc.Root.StructTreeRoot)]


def test_finish_describes_figures_fixes_the_role_map_and_unmarks_layout_tables():
    fixed = pdf.finish(_tagged(figures=2), _docx("Partners: 21", "Trend: 89"))
    assert fixed is not None
    assert _tree(fixed) == [
        ("/Document", None),
        ("/Div", None), ("/Div", None), ("/Div", None), ("/P", None), ("/Div", None),
        ("/P", None),
        ("/P", None), ("/Figure", "Partners: 21"),
        ("/P", None), ("/Figure", "Trend: 89"),
        ("/Table", None), ("/TR", None), ("/TH", None), ("/P", None),
        ("/TR", None), ("/TD", None), ("/P", None),
    ]


def test_finish_guesses_no_description_when_figures_and_drawings_differ():
    fixed = pdf.finish(_tagged(figures=2), _docx("only one"))
    assert fixed is not None
    assert [alt for kind, alt in _tree(fixed) if kind == "/Figure"] == [None, None]


def test_finish_refuses_what_is_not_a_pdf():
    assert pdf.finish(b"%PDF-1.7 but nothing else", _docx()) is None


def test_drawing_descriptions_read_in_document_order(documents):
    descriptions = pdf.drawing_descriptions(documents["TDAG-25-7-E.docx"])
    assert descriptions and all(d.strip() for d in descriptions)
    assert pdf.drawing_descriptions(_docx("a &amp; b", "")) == ["a & b", ""]


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


def test_finish_mends_the_twice_escaped_xmp_title():
    """LibreOffice 7.4 writes "l&amp;apos;UIT-D" into the XMP title a PDF/UA viewer shows."""
    title = "Partenariats et mobilisation de ressources à l'UIT-D"
    with pikepdf.new() as doc:
        doc.add_blank_page()
        doc.docinfo["/Title"] = title
        with doc.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
            xmp["dc:title"] = title.replace("'", "&apos;")
            xmp["pdfuaid:part"] = "1"
        out = io.BytesIO()
        doc.save(out)
    fixed = pdf.finish(out.getvalue(), _docx())
    assert fixed is not None
    with pikepdf.open(io.BytesIO(fixed)) as doc:
        xmp = doc.open_metadata()
        assert xmp["dc:title"] == title
        assert xmp["pdfuaid:part"] == "1"
