"""The six documents as Word and LibreOffice see them: validator-clean, rendered, in script.

Each external tool runs once for the whole batch; see tests/conformance.py.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conformance import (
    format_validation_errors,
    pdf_fonts,
    pdf_text,
    require_tool,
    validate_docx,
)

pytestmark = pytest.mark.conformance

# What each rendered PDF must show: the header's number and the year's total, as
# that language writes it (no-break spaces come out of pdftotext as spaces).
EXPECTED = {
    "en": ["Document TDAG-25/7-E", "USD 33.8 million", "USD 19.82 million", "Original: English"],
    "fr": ["TDAG-25/7-F", "33,8 millions USD", "19,82 millions USD"],
    "es": ["TDAG-25/7-S", "33,8 millones de USD", "19,82 millones de USD"],
    "ru": ["TDAG-25/7-R", "33,8 млн. долл. США", "19,82 млн. долл. США", "89 соглашений"],
    "ar": ["TDAG-25/7-A", "33,8", "19,82"],
    "zh": ["TDAG-25/7-C", "3380万美元", "1982万美元"],
}


@pytest.fixture(scope="module")
def pdfs(rendered: dict[tuple[str, str], tuple[Path, Path]]) -> dict[str, Path]:
    """The reports' PDFs, from the session's one LibreOffice run (see conftest)."""
    return {lang: pdf for (kind, lang), (_, pdf) in rendered.items() if kind == "report"}


def test_open_xml_sdk_validator_finds_no_error(built: dict[str, Path]):
    require_tool("validator")
    results = validate_docx(list(built.values()))
    assert not any(results.values()), format_validation_errors(results)


@pytest.mark.parametrize("lang", sorted(EXPECTED))
def test_libreoffice_renders_header_and_figures(pdfs: dict[str, Path], lang: str):
    text = " ".join(pdf_text(pdfs[lang], strip_bidi_controls=True).replace("\u00a0", " ")
                    .replace("\u202f", " ").replace("\u2011", "-").split())
    if lang == "zh":  # pdftotext spaces out CJK runs and digit groups at will
        text = text.replace(" ", "")
    for expected in EXPECTED[lang]:
        assert expected in text, f"{expected!r} not in the {lang} PDF"


def _fonts_covering(script_lang: str) -> set[str]:
    """PostScript names of the installed fonts that fontconfig says cover a language."""
    out = subprocess.run(["fc-list", f":lang={script_lang}", "postscriptname"],
                         capture_output=True, text=True, check=True).stdout
    return {line.split("=", 1)[1].strip() for line in out.splitlines() if "=" in line}


@pytest.mark.parametrize(("lang", "script_lang"), [("ar", "ar"), ("zh", "zh-cn")])
def test_script_fonts_are_embedded(pdfs: dict[str, Path], lang: str, script_lang: str):
    embedded = {f["base_name"] for f in pdf_fonts(pdfs[lang]) if f["embedded"]}
    covering = {name for name in embedded
                if any(name.startswith(c) for c in _fonts_covering(script_lang))}
    assert covering, f"no embedded font covers {script_lang}: {sorted(embedded)}"
