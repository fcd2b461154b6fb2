"""The example contributions in six languages, as Word and LibreOffice see them.

One validator run and one LibreOffice run for all twelve documents (see conformance.py).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import tdagdoc
from conformance import (
    docx_to_pdf,
    format_validation_errors,
    pdf_fonts,
    pdf_text,
    require_tool,
    validate_docx,
)
from conftest import NS, ROOT, Docx
from tdagdoc import contribution
from tdagdoc.languages import LANGUAGE_CODES

pytestmark = pytest.mark.conformance

EXAMPLES = ROOT / "examples" / "contributions"
CONTRIBUTIONS = {"progress": EXAMPLES / "progress-report" / "contribution.md",
                 "note": EXAMPLES / "information-note" / "contribution.md"}

# What each rendered page must show: a header in the language, the translator's text
# (file or catalog) and numbers that tdagdoc formatted for the language.
EXPECTED = {
    ("progress", "en"): ["Document TDAG-25/14-E", "Table 1 – Projects under the regional",
                         "20,140,000", "Figure 1 – Projects and budgets by region, 2024"],
    ("progress", "fr"): ["TDAG-25/14-F", "Tableau 1 – Projets au titre des initiatives",
                         "20 140 000", "Afrique", "Orientations futures"],
    ("progress", "ru"): ["TDAG-25/14-R", "Таблица 1 – Проекты в рамках региональных",
                         "20 140 000", "Азиатско-Тихоокеанский регион", "Дальнейшие действия"],
    ("progress", "ar"): ["TDAG-25/14-A", "الدول العربية"],
    ("progress", "zh"): ["TDAG-25/14-C", "阿拉伯国家", "1引言",
                         "表1：2024年按区域分列的区域举措项目"],
    ("note", "es"): ["TDAG-25/INF/4-S", "Anexo 1 – Fechas de las reuniones",
                     "Comisión de Estudio 1"],
    ("note", "ar"): ["TDAG-25/INF/4-A", "لجنة الدراسات", "جنيف"],  # no lam-alef
    ("note", "zh"): ["TDAG-25/INF/4-C", "附件1：Dates of the meetings"],
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    out = tmp_path_factory.mktemp("contributions")
    docs = {}
    for name, path in CONTRIBUTIONS.items():
        c = contribution.load(path)
        for lang in LANGUAGE_CODES:
            docs[name, lang] = tdagdoc.save(contribution.build(c, lang), out / name)
    return docs


@pytest.fixture(scope="module")
def pdfs(built: dict[tuple[str, str], Path], tmp_path_factory: pytest.TempPathFactory
         ) -> dict[tuple[str, str], Path]:
    require_tool("libreoffice")
    converted = docx_to_pdf(list(built.values()), tmp_path_factory.mktemp("pdf"))
    return {key: converted[path] for key, path in built.items()}


def test_open_xml_sdk_validator_finds_no_error(built: dict[tuple[str, str], Path]):
    require_tool("validator")
    results = validate_docx(list(built.values()))
    assert not any(results.values()), format_validation_errors(results)


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_libreoffice_renders_the_translation(pdfs: dict[tuple[str, str], Path],
                                             key: tuple[str, str]):
    text = " ".join(pdf_text(pdfs[key], strip_bidi_controls=True).replace("\u00a0", " ")
                    .replace("\u202f", " ").split())
    if key[1] == "zh":
        text = text.replace(" ", "")
    for expected in EXPECTED[key]:
        wanted = expected.replace(" ", "") if key[1] == "zh" else expected
        assert wanted in text, f"{expected!r} not in the {key} PDF"


def test_arabic_is_right_to_left_and_chinese_east_asian(built: dict[tuple[str, str], Path]):
    ar = Docx(built["progress", "ar"])
    assert ar.body.xpath(".//w:tbl/w:tblPr/w:bidiVisual", namespaces=NS)
    paras = ar.body.xpath(".//w:p", namespaces=NS)
    assert all(p.find("w:pPr/w:bidi", NS) is not None for p in paras
               if not p.xpath(".//w:drawing", namespaces=NS))
    zh = Docx(built["note", "zh"])
    langs = zh.xml("word/styles.xml").xpath("//w:docDefaults//w:lang/@w:eastAsia",
                                             namespaces=NS)
    assert langs == ["zh-CN"]


@pytest.mark.parametrize("lang", ["ar", "zh"])
def test_script_fonts_are_embedded(pdfs: dict[tuple[str, str], Path], lang: str):
    script = {"ar": "ar", "zh": "zh-cn"}[lang]
    out = subprocess.run(["fc-list", f":lang={script}", "postscriptname"],
                         capture_output=True, text=True, check=True).stdout
    covering = {line.split("=", 1)[1].strip() for line in out.splitlines() if "=" in line}
    embedded = {f["base_name"] for f in pdf_fonts(pdfs["note", lang]) if f["embedded"]}
    assert any(name.startswith(c) for name in embedded for c in covering), sorted(embedded)


@pytest.mark.parametrize("name", sorted(CONTRIBUTIONS))
def test_the_examples_catalogs_are_current(name: str):
    """The shipped .pot is what extraction gives, and each .po translates all of it."""
    path = CONTRIBUTIONS[name]
    fresh = contribution.extract(contribution.load(path))
    assert fresh == path.with_suffix(".pot").read_bytes(), "re-extract the example's .pot"
    ids = {m.id for m in read_po(path.with_suffix(".pot").open("rb")) if m.id}
    for po in path.parent.glob("*.po"):
        catalog = read_po(po.open("rb"))
        assert {m.id for m in catalog if m.id and m.string} == ids, po
