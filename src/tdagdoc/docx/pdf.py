"""PDF copies of built documents, through LibreOffice (``tdagdoc build --pdf``).

LibreOffice is an optional, external program: tdagdoc looks for it only when
PDFs are asked for, and says how to install it when it is missing. All
documents of a build go through ONE headless LibreOffice run (starting it
costs seconds), with a private profile in a temporary directory so that runs
in parallel, or an officer's open LibreOffice window, do not clash.
``soffice`` exits 0 even when it could not convert a file, so every PDF is
checked: it must exist and start like a PDF.

The PDFs are tagged (PDF/UA): headings, tables and figures reach a screen
reader, in the document's language (LibreOffice takes ``/Lang`` from the
document's ``w:lang`` and the title from its core properties). Three things
LibreOffice 7 gets wrong are put right in its structure tree afterwards (see
:func:`finish`): a chart's alternative text, which it drops when it reads a
.docx; a paragraph style named like a standard structure type ("Figure"),
which it role-maps and so hides every real Figure; and layout tables (the
header block, the boxes), which it tags as data tables.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import tempfile
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from lxml import etree

from tdagdoc.docx import fonts
from tdagdoc.errors import TdagdocError

ENV_VAR = "TDAGDOC_SOFFICE"
"""Set it to the ``soffice`` program when LibreOffice is installed off the PATH."""

_FALLBACKS = (
    "/usr/bin/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
)
INSTALL_HINT = (
    "install LibreOffice (Debian/Ubuntu: apt-get install libreoffice-writer-nogui; "
    "macOS and Windows: https://www.libreoffice.org/download/), or set "
    f"{ENV_VAR} to its soffice program"
)


# LibreOffice's PDF export options (7.4 reads them as JSON on the command line): tagged
# PDF, and PDF/UA, which also writes the document title and language into the metadata.
EXPORT_OPTIONS = {"UseTaggedPDF": True, "PDFUACompliance": True}
FILTER = "pdf:writer_pdf_Export:" + json.dumps(
    {k: {"type": "boolean", "value": str(v).lower()} for k, v in EXPORT_OPTIONS.items()},
    separators=(",", ":"))


class PdfError(TdagdocError):
    """PDFs were asked for but LibreOffice is missing or failed."""


def find_soffice() -> str | None:
    """LibreOffice's ``soffice`` program: ``$TDAGDOC_SOFFICE``, the PATH, usual places."""
    configured = os.environ.get(ENV_VAR)
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return next((p for p in _FALLBACKS if os.access(p, os.X_OK)), None)


def require_soffice() -> str:
    """``soffice``, or a :class:`PdfError` saying how to install it (before any work)."""
    found = find_soffice()
    if found is None:
        configured = os.environ.get(ENV_VAR)
        where = f"{ENV_VAR}={configured} is not a program" if configured else \
            "LibreOffice (soffice) is not installed, or not on the PATH"
        raise PdfError(f"--pdf needs LibreOffice: {where}; {INSTALL_HINT}")
    return found


def convert(
    documents: Mapping[str, bytes],
    *,
    soffice: str | None = None,
    timeout: float | None = None,
) -> dict[str, bytes]:
    """PDF bytes for each ``{"TDAG-25-7-E.docx": docx bytes}``, keyed ``TDAG-25-7-E.pdf``.

    Raises :class:`PdfError` naming the documents LibreOffice did not convert.
    """
    if not documents:
        return {}
    program = soffice or require_soffice()
    if timeout is None:
        timeout = 120 + 30 * len(documents)
    with tempfile.TemporaryDirectory(prefix="tdagdoc-pdf-") as tmp:
        work = Path(tmp)
        (work / "in").mkdir()
        inputs = []
        for name, data in documents.items():
            path = work / "in" / Path(name).name
            path.write_bytes(data)
            inputs.append(str(path))
        out_dir = work / "out"
        command = [
            program,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless", "--norestore", "--nolockcheck", "--nodefault",
            "--infilter=MS Word 2007 XML",
            "--convert-to", FILTER,
            "--outdir", str(out_dir),
            *inputs,
        ]
        log = _run(command, work, timeout)
        pdfs: dict[str, bytes] = {}
        failed = []
        for name in documents:
            pdf_name = f"{Path(name).stem}.pdf"
            pdf = out_dir / pdf_name
            data = pdf.read_bytes() if pdf.is_file() else b""
            finished = finish(data, documents[name]) if data.startswith(b"%PDF-") else None
            if finished is None:
                failed.append(name)
            else:
                pdfs[pdf_name] = finished
    if failed:
        raise PdfError(f"LibreOffice wrote no PDF for {', '.join(failed)}"
                       + (f"; it said:\n{log.strip()}" if log.strip() else ""))
    return pdfs


def _run(command: list[str], work: Path, timeout: float) -> str:
    """Run LibreOffice in its own process group, so a hung one is ended with all its children."""
    env = dict(os.environ, HOME=str(work))  # LibreOffice writes into HOME even with a profile
    env = fonts.fontconfig_env(env)  # the project's font rules (Simplified Chinese faces)
    try:
        proc = subprocess.Popen(
            command, cwd=work, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, errors="replace", start_new_session=True,
        )
    except OSError as exc:
        raise PdfError(f"cannot run LibreOffice ({command[0]}): {exc.strerror or exc}; "
                       f"{INSTALL_HINT}") from None
    try:
        output, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        proc.communicate()
        raise PdfError(f"LibreOffice did not finish converting in {timeout:.0f} s") from None
    return output


def _kill_group(proc: subprocess.Popen[str]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (AttributeError, ProcessLookupError, PermissionError):  # Windows, or already gone
        proc.kill()


# --- the structure tree, put right ---------------------------------------------------------

_DOC_PR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DROP = (f"{_W}p", f"{_W}tbl")
# PDF 1.7's standard structure types (14.8.4): a role map must not redefine them.
STANDARD_TYPES = frozenset({
    "Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index",
    "NonStruct", "Private", "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Lbl",
    "LBody", "Table", "TR", "TH", "TD", "THead", "TBody", "TFoot", "Span", "Quote", "Note",
    "Reference", "BibEntry", "Code", "Link", "Annot", "Ruby", "RB", "RT", "RP", "Warichu", "WT",
    "WP", "Figure", "Formula", "Form"})
# Types that LibreOffice gives a layout bounding box whenever it makes one of them itself.
_BOXED = frozenset({"Figure", "Formula", "Form", "Table"})


def drawing_descriptions(docx: bytes) -> list[str]:
    """The alternative text (``wp:docPr/@descr``) of each drawing in the body, in order.

    Read as a stream, each paragraph and table dropped once read: a document may
    hold a 100 000-row table.
    """
    with zipfile.ZipFile(io.BytesIO(docx)) as z, z.open("word/document.xml") as part:
        found = []
        for _, element in etree.iterparse(part, events=("end",), tag=(_DOC_PR, *_DROP)):
            if element.tag == _DOC_PR:
                found.append(element.get("descr", ""))
            else:
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]
        return found


def finish(pdf: bytes, docx: bytes) -> bytes | None:
    """``pdf`` (LibreOffice's tagged export of ``docx``) with its structure tree put right.

    None when ``pdf`` cannot be read as a PDF. The XMP title is mended too (see
    :func:`_metadata`). In the structure tree:

    * Each Figure gets the alternative text of its drawing in the .docx when it has
      none (LibreOffice 7 keeps a picture's, drops a chart's), matched in reading
      order; when the Figures and the drawings do not pair up, none is guessed at.
    * Elements named after a paragraph style that is also a standard type ("Figure")
      become the type the role map gives them, and the role map no longer redefines
      a standard type.
    * A Table with no TH cell is a layout table (LibreOffice makes TH of exactly the
      rows that repeat as headers): it and its rows and cells become Divs, so that a
      reader does not announce the header block or a box as data.
    """
    import pikepdf

    try:
        doc = pikepdf.open(io.BytesIO(pdf))
    except pikepdf.PdfError:
        return None
    with doc:
        _metadata(doc)
        root = doc.Root.get("/StructTreeRoot")
        if isinstance(root, pikepdf.Dictionary):
            _structure(root, docx)
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()


def _metadata(doc: Any) -> None:
    """The XMP title and description as the document info has them.

    LibreOffice 7.4 escapes them twice in the XMP packet ("l&amp;apos;UIT-D"), and
    a PDF/UA viewer shows the XMP title: "à l&apos;UIT-D" in French.
    """
    with doc.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        for key, info in (("dc:title", "/Title"), ("dc:description", "/Subject")):
            if info in doc.docinfo:
                xmp[key] = str(doc.docinfo[info])


def _structure(root: Any, docx: bytes) -> None:
    """Put right the structure tree under ``root`` (see :func:`finish`)."""
    import pikepdf

    role_map = root.get("/RoleMap")
    if not isinstance(role_map, pikepdf.Dictionary):
        role_map = pikepdf.Dictionary()
    remapped = {k[1:]: v for k, v in role_map.items() if k[1:] in STANDARD_TYPES}
    figures: list[pikepdf.Dictionary] = []
    tables: list[pikepdf.Dictionary] = []
    for element in _elements(root):
        kind = str(element.get("/S", ""))[1:]
        if kind in remapped and not (kind in _BOXED and _has_box(element)):
            element.S = remapped[kind]
        elif kind == "Figure":
            figures.append(element)
        elif kind == "Table":
            tables.append(element)
    for kind in remapped:
        del role_map[f"/{kind}"]
    descriptions = drawing_descriptions(docx)
    if len(descriptions) == len(figures):
        for figure, text in zip(figures, descriptions, strict=True):
            if text and not str(figure.get("/Alt", "")):
                figure.Alt = pikepdf.String(text)
    for table in tables:
        if not any(str(e.get("/S")) == "/TH" for e in _elements(table)):
            for element in (table, *_elements(table)):
                if str(element.get("/S")) in ("/Table", "/TR", "/TD"):
                    element.S = pikepdf.Name.Div


def _has_box(element: Any) -> bool:
    """Whether ``element`` carries a layout bounding box (an ``/A`` dictionary or array)."""
    import pikepdf

    attributes = element.get("/A")
    if isinstance(attributes, pikepdf.Dictionary):
        attributes = [attributes]
    return isinstance(attributes, list | pikepdf.Array) and any(
        isinstance(a, pikepdf.Dictionary) and "/BBox" in a for a in attributes)


def _elements(parent: Any) -> Iterator[Any]:
    """The structure elements under ``parent``, depth first in reading order.

    Marked-content ids and object references among the kids are left out.
    """
    import pikepdf

    kids = parent.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _elements(kid)
