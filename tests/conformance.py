"""Conformance-checking harness for generated .docx files (a helper module, not a test file).

Two external checkers are wrapped here as plain functions; each is started ONCE per batch,
so tests should collect every document they generate (e.g. in a session-scoped fixture)
and make one call:

* the Open XML SDK validator (npm ``@ooxml-tools/validate``, run by ``tests/node/validate.mjs``)
  -> :func:`validate_docx`;
* LibreOffice (``soffice --headless --convert-to pdf``) and poppler-utils
  -> :func:`docx_to_pdf`, :func:`pdf_text`, :func:`pdf_fonts`.

Call :func:`require_tool` first: it skips the test when a tool is missing, except under CI
(``CI`` set in the environment), where a missing tool is a failure.

Typical use::

    require_tool("validator")
    results = validate_docx(paths)
    assert not any(results.values()), format_validation_errors(results)
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

__all__ = [
    "NODE_DIR",
    "docx_to_pdf",
    "format_validation_errors",
    "pdf_fonts",
    "pdf_text",
    "require_tool",
    "validate_docx",
]

NODE_DIR = Path(__file__).resolve().parent / "node"
VALIDATE_SCRIPT = NODE_DIR / "validate.mjs"
VALIDATOR_PACKAGE = NODE_DIR / "node_modules" / "@ooxml-tools" / "validate"

_SOFFICE_FALLBACKS = ("/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice")

_INSTALL_HINTS = {
    "validator": (
        "install Node.js >= 20, then run `npm ci` in tests/node "
        "(`cd tests/node && npm ci --no-audit --no-fund`)"
    ),
    "libreoffice": (
        "install LibreOffice and poppler-utils, e.g. on Debian/Ubuntu "
        "`apt-get install libreoffice-writer-nogui poppler-utils fonts-noto-core "
        "fonts-noto-cjk fonts-crosextra-carlito fonts-liberation2`"
    ),
}


# --------------------------------------------------------------------------- tools


def _node() -> str | None:
    return shutil.which("node")


def _soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in _SOFFICE_FALLBACKS:
        if os.access(candidate, os.X_OK):
            return candidate
    return None


def _missing(name: str) -> list[str]:
    """What is missing for tool ``name`` (empty list: available)."""
    missing: list[str] = []
    if name == "validator":
        if _node() is None:
            missing.append("`node` is not on PATH")
        if not VALIDATOR_PACKAGE.is_dir():
            missing.append(f"{VALIDATOR_PACKAGE} does not exist")
    elif name == "libreoffice":
        if _soffice() is None:
            missing.append("`soffice` (LibreOffice) is not on PATH")
        for prog in ("pdftotext", "pdffonts"):
            if shutil.which(prog) is None:
                missing.append(f"`{prog}` (poppler-utils) is not on PATH")
    else:
        raise ValueError(f"unknown tool {name!r}; expected 'validator' or 'libreoffice'")
    return missing


def require_tool(name: str) -> None:
    """Skip the calling test when tool ``name`` is unavailable (fail instead under CI).

    ``name`` is ``"validator"`` (Node.js + ``tests/node/node_modules/@ooxml-tools/validate``)
    or ``"libreoffice"`` (``soffice`` + poppler's ``pdftotext`` and ``pdffonts``).
    """
    missing = _missing(name)
    if not missing:
        return
    reason = f"{name} unavailable: {'; '.join(missing)}. To install: {_INSTALL_HINTS[name]}"
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so a missing tool is a failure, not a skip)")
    pytest.skip(reason)


# --------------------------------------------------------------------------- validator


def validate_docx(
    paths: Sequence[Path],
    *,
    office_version: str = "Microsoft365",
    timeout: float | None = None,
) -> dict[Path, list[dict[str, Any]]]:
    """Validate ``paths`` with the Open XML SDK in ONE Node.js process.

    Returns ``{path: errors}`` keyed by the given paths; an empty list means valid. Each
    error is a dict with keys ``id`` (e.g. ``"Sch_UnexpectedElementContentExpectingComplex"``),
    ``description``, ``errorType`` (int) and ``errorTypeName`` (``"Schema"``, ``"Semantic"``,
    ``"Package"`` or ``"MarkupCompatibility"``), ``part`` (e.g. ``"/word/document.xml"``),
    ``xpath`` (of the offending element or, for a bad child, of its PARENT) and ``path``
    (the library's own ``{"partUri", "xpath"}``). A package the SDK cannot open at all
    gets a single error with id ``"tdagdoc.OpenFailed"``.

    Loading the validator takes a few seconds and each document about one more, so batch.
    Raises :class:`RuntimeError` (with node's stderr) if the harness itself fails.
    """
    paths = list(paths)
    if not paths:
        return {}
    node = _node()
    if node is None:
        raise RuntimeError("node is not on PATH; " + _INSTALL_HINTS["validator"])
    keys: dict[str, Path] = {}
    for p in paths:
        keys.setdefault(str(Path(p).resolve()), p)
    if timeout is None:
        timeout = 120 + 30 * len(keys)
    cmd = [node, str(VALIDATE_SCRIPT), f"--office-version={office_version}"]
    try:
        proc = subprocess.run(
            cmd,
            input=json.dumps(list(keys)),
            capture_output=True,
            text=True,
            encoding="utf-8",
            cwd=NODE_DIR,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise RuntimeError(
            f"Open XML SDK validator timed out after {timeout:.0f}s on {len(keys)} file(s); "
            f"stderr:\n{_text(exc.stderr)}"
        ) from exc
    if proc.returncode != 0:
        raise RuntimeError(
            f"Open XML SDK validator failed (exit {proc.returncode}): {' '.join(cmd)}\n"
            f"stderr:\n{proc.stderr}"
        )
    try:
        raw = json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        raise RuntimeError(
            f"Open XML SDK validator printed no JSON ({exc}); stdout:\n{proc.stdout[:2000]}\n"
            f"stderr:\n{proc.stderr}"
        ) from exc
    absent = [k for k in keys if not isinstance(raw.get(k), list)]
    if absent:
        raise RuntimeError(f"validator output lacks results for {absent}; stderr:\n{proc.stderr}")
    return {original: raw[key] for key, original in keys.items()}


def format_validation_errors(results: Mapping[Path, list[dict[str, Any]]], *,
                             limit: int = 20) -> str:
    """Human-readable summary of the errors in a :func:`validate_docx` result, for asserts."""
    lines: list[str] = []
    for path, errors in results.items():
        for err in errors[:limit]:
            desc = err.get("description", "")
            if len(desc) > 400:
                desc = desc[:400] + "..."
            lines.append(f"{path}: {err.get('part')} {err.get('xpath')}: [{err.get('id')}] {desc}")
        if len(errors) > limit:
            lines.append(f"{path}: ... and {len(errors) - limit} more")
    return "\n".join(lines) if lines else "no validation errors"


# --------------------------------------------------------------------------- LibreOffice


def docx_to_pdf(
    paths: Sequence[Path],
    outdir: Path,
    *,
    timeout: float | None = None,
) -> dict[Path, Path]:
    """Convert ``paths`` to PDF in ONE headless LibreOffice process; return ``{docx: pdf}``.

    PDFs go to ``outdir`` as ``<stem>.pdf``; inputs sharing a stem (``en/doc.docx`` and
    ``fr/doc.docx``) get ``<stem>-2.pdf``, ``<stem>-3.pdf``... in input order. A private,
    throw-away LibreOffice profile is used so parallel runs do not clash, and the Word import
    filter is forced so a corrupt file fails instead of being imported as plain text.
    soffice exits 0 even when it cannot load a file, so every PDF is checked: raises
    :class:`AssertionError` naming the files whose PDF is missing or empty.
    """
    paths = list(dict.fromkeys(paths))
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    if not paths:
        return {}
    soffice = _soffice()
    if soffice is None:
        raise RuntimeError("soffice is not on PATH; " + _INSTALL_HINTS["libreoffice"])
    for p in paths:
        if not Path(p).is_file():
            raise FileNotFoundError(p)
    if timeout is None:
        timeout = 120 + 20 * len(paths)

    with tempfile.TemporaryDirectory(prefix="tdagdoc-soffice-") as tmp:
        tmpdir = Path(tmp)
        staging = tmpdir / "in"
        staging.mkdir()
        inputs: list[str] = []
        expected: dict[Path, Path] = {}
        used: set[str] = set()
        for p in paths:
            src = Path(p).resolve()
            stem, n = src.stem, 1
            while stem.casefold() in used:
                n += 1
                stem = f"{src.stem}-{n}"
            used.add(stem.casefold())
            if stem != src.stem:
                # soffice names the output after the input: give it a uniquely named link.
                link = staging / f"{stem}{src.suffix}"
                link.symlink_to(src)
                src = link
            pdf = outdir.resolve() / f"{stem}.pdf"
            pdf.unlink(missing_ok=True)  # never mistake a stale PDF for a fresh one
            expected[p] = pdf
            inputs.append(str(src))

        from tdagdoc.docx.fonts import fontconfig_env  # as `tdagdoc build --pdf` renders

        env = fontconfig_env(dict(os.environ))
        env.setdefault("HOME", str(tmpdir))
        cmd = [
            soffice,
            f"-env:UserInstallation={(tmpdir / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--infilter=MS Word 2007 XML",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir.resolve()),
            *inputs,
        ]
        try:
            proc = subprocess.run(
                cmd,
                capture_output=True,
                text=True,
                errors="replace",
                env=env,
                cwd=tmpdir,
                stdin=subprocess.DEVNULL,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise RuntimeError(
                f"LibreOffice timed out after {timeout:.0f}s converting {len(paths)} file(s); "
                f"stdout:\n{_text(exc.stdout)}\nstderr:\n{_text(exc.stderr)}"
            ) from exc

    bad = [p for p, pdf in expected.items() if not pdf.is_file() or pdf.stat().st_size == 0]
    if bad or proc.returncode != 0:
        listing = "\n".join(f"  {p}" for p in bad) or "  (none)"
        raise AssertionError(
            f"LibreOffice (exit {proc.returncode}) produced no or an empty PDF for:\n{listing}\n"
            f"stdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
        )
    return expected


# Bidi embedding/override/isolate controls and LRM/RLM/ALM.
_BIDI_CONTROLS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")


def pdf_text(pdf: Path, *, strip_bidi_controls: bool = False) -> str:
    """Text of ``pdf`` as extracted by ``pdftotext -layout`` (UTF-8; pages split by ``\\f``).

    pdftotext wraps right-to-left runs in U+202B ... U+202C (and nested LTR runs in U+202A):
    ``strip_bidi_controls=True`` removes such invisible bidi controls before returning.
    """
    proc = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(
            f"pdftotext failed on {pdf} (exit {proc.returncode}): "
            f"{proc.stderr.decode('utf-8', 'replace')}"
        )
    text = proc.stdout.decode("utf-8", "replace")
    return _BIDI_CONTROLS.sub("", text) if strip_bidi_controls else text


# Font types as poppler names them (longest first, so that alternation picks the full name).
_FONT_TYPES = (
    "CID TrueType (OT)",
    "CID TrueType",
    "CID Type 0C (OT)",
    "CID Type 0C",
    "CID Type 0",
    "TrueType (OT)",
    "TrueType",
    "Type 1C (OT)",
    "Type 1C",
    "Type 1",
    "Type 3",
    "unknown",
)
_PDFFONTS_LINE = re.compile(
    r"^(?P<name>.+?)\s+(?P<type>" + "|".join(re.escape(t) for t in _FONT_TYPES) + r")"
    r"\s+(?P<encoding>\S+)\s+(?P<emb>yes|no)\s+(?P<sub>yes|no)\s+(?P<uni>yes|no)"
    r"\s+(?P<obj>\d+)\s+(?P<gen>\d+)\s*$"
)


def pdf_fonts(pdf: Path) -> list[dict[str, Any]]:
    """Fonts used in ``pdf``, as listed by ``pdffonts``.

    Each dict has ``name`` (e.g. ``"BAAAAA+NotoNaskhArabic-Regular"``), ``base_name`` (the
    name without the 6-letter subset tag, e.g. ``"NotoNaskhArabic-Regular"``), ``type``
    (e.g. ``"TrueType"``, ``"CID TrueType"``), ``encoding``, and booleans ``embedded``,
    ``subset``, ``unicode``, plus ``object_id`` and ``generation``.
    """
    proc = subprocess.run(["pdffonts", str(pdf)], capture_output=True, check=False)
    out = proc.stdout.decode("utf-8", "replace")
    if proc.returncode != 0:
        raise RuntimeError(
            f"pdffonts failed on {pdf} (exit {proc.returncode}): "
            f"{proc.stderr.decode('utf-8', 'replace')}"
        )
    fonts: list[dict[str, Any]] = []
    lines = out.splitlines()
    for line in lines[2:]:  # header line and dashes line
        if not line.strip():
            continue
        m = _PDFFONTS_LINE.match(line)
        if m is None:
            raise RuntimeError(f"cannot parse pdffonts line {line!r} for {pdf}")
        name = m["name"].strip()
        fonts.append(
            {
                "name": name,
                "base_name": re.sub(r"^[A-Z]{6}\+", "", name),
                "type": m["type"],
                "encoding": m["encoding"],
                "embedded": m["emb"] == "yes",
                "subset": m["sub"] == "yes",
                "unicode": m["uni"] == "yes",
                "object_id": int(m["obj"]),
                "generation": int(m["gen"]),
            }
        )
    return fonts


def _text(data: str | bytes | None) -> str:
    if data is None:
        return ""
    if isinstance(data, bytes):
        return data.decode("utf-8", "replace")
    return data
