"""The example contributions in the six languages, as Word and LibreOffice see them.

Each example is built for all six languages through the one build path: the
languages it has a translation for are made, the others are left out with a
note (never an English text in a French shell); one validator run and one
LibreOffice run for all the documents (see conformance.py).
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import cast

import pytest
from babel.messages.pofile import read_po
from lxml import etree

from conformance import (
    docx_to_pdf,
    format_validation_errors,
    pdf_fonts,
    pdf_text,
    require_tool,
    validate_docx,
)
from conftest import NS, ROOT, Docx
from tdagdoc import contribution, pipeline
from tdagdoc.languages import LANGS

pytestmark = pytest.mark.conformance

EXAMPLES = ROOT / "examples" / "contributions"
CONTRIBUTIONS = {"progress": EXAMPLES / "progress-report" / "contribution.md",
                 "note": EXAMPLES / "information-note" / "contribution.md",
                 "study-group": EXAMPLES / "study-group" / "contribution.md",
                 "rpm": EXAMPLES / "regional-preparatory" / "contribution.md"}

# What each rendered page must show: a header in the language, the translator's text
# (file or catalog) and numbers that tdagdoc formatted for the language.
EXPECTED = {
    ("progress", "en"): ["Document TDAG-25/14-E", "Table 1 – Projects under the regional",
                         "20,140,000", "Figure 1 – Projects and budgets by region, 2024"],
    ("progress", "fr"): ["TDAG-25/14-F", "Tableau 1 – Projets au titre des initiatives",
                         "20 140 000", "Afrique", "Orientations futures"],
    ("progress", "ru"): ["TDAG-25/14-R", "Таблица 1 – Проекты в рамках региональных",
                         "20 140 000", "Азиатско-Тихоокеанский регион", "Дальнейшие действия"],
    ("progress", "zh"): ["TDAG-25/14-C", "阿拉伯国家", "1引言",
                         "表1：2024年按区域分列的区域举措项目"],
    ("note", "es"): ["TDAG-25/INF/4-S", "Anexo 1 Fechas de las reuniones",
                     "Comisión de Estudio 1"],
    ("note", "ar"): ["TDAG-25/INF/4-A", "لجنة الدراسات", "جنيف"],  # no lam-alef
    ("study-group", "en"): ["ITU-D Study Group 1", "Rapporteur Group meetings, Geneva",
                            "Document SG1RGQ/45-E", "Question(s): 5/1", "18,400"],
    ("study-group", "fr"): ["Commission d'études 1 de l'UIT-D", "Document SG1RGQ/45-F",
                            "Réunions des Groupes du Rapporteur", "Tableau 1 – Réseaux",
                            "Afrique", "18 400"],
    ("study-group", "es"): ["Comisión de Estudio 1 del UIT-D", "Documento SG1RGQ/45-S",
                            "Cuestión(es): 5/1", "Redes comunitarias apoyadas por la BDT"],
    ("study-group", "ru"): ["1-я Исследовательская комиссия МСЭ-D", "Документ SG1RGQ/45-R",
                            "Таблица 1 – Сети на уровне общин", "Северная и Южная Америка",
                            "18 400"],
    ("study-group", "ar"): ["SG1RGQ/45-A", "الشبكات المجتمعية في المناطق الريفية والنائية",
                            "المستعملون", "18 400"],  # no lam-alef
    ("study-group", "zh"): ["文件SG1RGQ/45-C", "报告人组会议", "阿拉伯国家", "18 400",
                            "表1：2024年电信发展局支持的社区网络"],
    ("rpm", "en"): ["Regional Preparatory Meeting for", "(RPM-AFR)",
                    "Document RPM-AFR/5-E", "Figure 1 – Projects by regional initiative"],
    ("rpm", "ru"): ["Региональное подготовительное собрание для", "(РПС-АФР)",
                    "RPM-AFR/5-R", "Предлагаемые приоритеты для ВКРЭ-25"],
    ("rpm", "fr"): ["Document RPM-AFR/5-F", "Priorités proposées pour la CMDT-25",
                    "Figure 1 – Projets par initiative régionale", "Infrastructure large bande"],
    ("rpm", "es"): ["Documento RPM-AFR/5-S", "Prioridades propuestas para la CMDT-25",
                    "Figura 1 – Proyectos por iniciativa regional", "Tecnologías incipientes"],
    ("rpm", "zh"): ["文件RPM-AFR/5-C", "非洲区域筹备会议", "WTDC-25的拟议优先重点",
                    "图1：2022-2024年按区域举措分列的项目", "宽带基础设施"],
    ("rpm", "ar"): ["RPM-AFR/5-A", "المشاريع حسب المبادرة"],  # no lam-alef
}
TRANSLATED = {"progress": {"en", "fr", "ru", "zh"}, "note": {"en", "es", "ar"},
              "study-group": set(LANGS), "rpm": set(LANGS)}


@pytest.fixture(scope="module")
def outcomes() -> dict[str, pipeline.Outcome]:
    return {name: pipeline.build_all(contribution.ContributionKind(contribution.load(path)),
                                     list(LANGS.values()), pipeline.Options())
            for name, path in CONTRIBUTIONS.items()}


@pytest.fixture(scope="module")
def built(outcomes: dict[str, pipeline.Outcome], tmp_path_factory: pytest.TempPathFactory
          ) -> dict[tuple[str, str], Path]:
    out = tmp_path_factory.mktemp("contributions")
    docs: dict[tuple[str, str], Path] = {}
    for name, outcome in outcomes.items():
        paths = pipeline.save_all(pipeline.files(outcome.built), out / name)
        docs.update({(name, d.lang.code): p for d, p in zip(outcome.built, paths, strict=True)})
    return docs


def test_only_the_translated_languages_are_built(outcomes: dict[str, pipeline.Outcome]):
    for name, outcome in outcomes.items():
        assert {d.lang.code for d in outcome.built} == TRANSLATED[name]
        assert not [w for d in outcome.built for w in d.warnings], name
        for code in set(LANGS) - TRANSLATED[name]:
            assert any(note.startswith(f"{code}: not built: ") for note in outcome.notes)


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
    ar = Docx(built["note", "ar"])
    assert ar.body.xpath(".//w:tbl/w:tblPr/w:bidiVisual", namespaces=NS)
    paras = cast("list[etree._Element]", ar.body.xpath(".//w:p", namespaces=NS))
    assert all(p.find("w:pPr/w:bidi", NS) is not None for p in paras
               if not p.xpath(".//w:drawing", namespaces=NS))
    zh = Docx(built["progress", "zh"])
    langs = zh.xml("word/styles.xml").xpath("//w:docDefaults//w:lang/@w:eastAsia",
                                             namespaces=NS)
    assert langs == ["zh-CN"]


@pytest.mark.parametrize("lang", ["ar", "zh"])
def test_script_fonts_are_embedded(pdfs: dict[tuple[str, str], Path], lang: str):
    script = {"ar": "ar", "zh": "zh-cn"}[lang]
    out = subprocess.run(["fc-list", f":lang={script}", "postscriptname"],
                         capture_output=True, text=True, check=True).stdout
    covering = {line.split("=", 1)[1].strip() for line in out.splitlines() if "=" in line}
    key = ("note", "ar") if lang == "ar" else ("progress", "zh")
    embedded = {f["base_name"] for f in pdf_fonts(pdfs[key]) if f["embedded"]}
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
