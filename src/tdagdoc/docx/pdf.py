"""PDF copies of built documents, through LibreOffice (``tdagdoc build --pdf``).

LibreOffice is an optional, external program: tdagdoc looks for it only when
PDFs are asked for, and says how to install it when it is missing. All
documents of a build go through ONE headless LibreOffice run (starting it
costs seconds), with a private profile in a temporary directory so that runs
in parallel, or an officer's open LibreOffice window, do not clash.
``soffice`` exits 0 even when it could not convert a file, so every PDF is
checked: it must exist and start like a PDF.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

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
            "--convert-to", "pdf:writer_pdf_Export",
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
            if data.startswith(b"%PDF-"):
                pdfs[pdf_name] = data
            else:
                failed.append(name)
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
