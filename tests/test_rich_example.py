"""The illustrative 2025 data set: every field of issue 12 at once, in the six languages."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import tdagdoc
from conformance import require_tool, validate_docx
from conftest import NS, ROOT, Docx
from tdagdoc.errors import Problem
from tdagdoc.languages import LANGUAGE_CODES

RICH = ROOT / "examples" / "partnerships-2025-rich.yaml"

# USD at the month of signature, computed by hand: amount / units per USD, half up to the cent.
BY_HAND = {
    "A25-001": Decimal("519750.52"),  # EUR 500 000 / 0.962 = 519 750.5197...
    "A25-004": Decimal("283446.71"),  # CHF 250 000 / 0.882 = 283 446.7120...
    "A25-005": Decimal("153649.17"),  # GBP 120 000 / 0.781 = 153 649.1677...
    "A25-007": Decimal("207900.21"),  # JPY 30 000 000 / 144.3 = 207 900.2079...
    "A25-010": Decimal("49309.66"),   # AUD 75 000 / 1.521 = 49 309.6646...
}


@pytest.fixture(scope="module")
def rich() -> tdagdoc.Report:
    warnings: list[Problem] = []
    report = tdagdoc.load(RICH, warnings=warnings)
    assert not warnings  # the two given USD values are within the tolerance of their rates
    return report


def test_usd_from_the_rates_by_hand(rich: tdagdoc.Report):
    agreements = {a.id: a for a in rich.agreements}
    for aid, usd in BY_HAND.items():
        assert agreements[aid].financial[0].usd == usd, aid
    f = tdagdoc.compute(rich)
    assert f.total_usd == sum(BY_HAND.values()) + 226000 + 75400 + 80000 + 40000
    assert f.total_usd == Decimal("1635456.27")
    assert (f.in_kind_agreements, f.in_kind_usd) == (3, 87000)
    assert f.new_partners == {"np-mocit", "fj-mcttt", "telvora"}
    assert {d.value: n for d, n in f.partners_by_development.items()} == {
        "developed": 4, "developing": 5}


SENTENCES = {
    "en": ["In addition, 3 agreements included in-kind contributions",
           "Of the 12 partners of 2025, 5 are from developing countries, 4 are from developed "
           "countries and 3 signed an agreement with BDT for the first time.",
           "The number of agreements and financial contributions signed from 2021 to 2025 is "
           "shown in the table below.",
           "The number of partnership agreements signed fell by 87% from 89 in 2024.",
           "launched the Small Islands Connect initiative with Fiji",
           "<b>tags</b>, {{ braces }}, 5 * 3 and [brackets] stay literal."],
    "fr": ["En outre, 3 accords prévoyaient des contributions en nature",
           "Sur les 12 partenaires de 2025, 5 proviennent de pays en développement, 4 "
           "proviennent de pays développés et 3 ont signé un accord avec le BDT"],
    "es": ["Además, 3 acuerdos preveían contribuciones en especie"],
    "ru": ["Кроме того, 3 соглашения предусматривали взносы натурой",
           "Из 12 партнеров 2025 года 5 – из развивающихся стран, 4 – из развитых стран и 3 "
           "впервые подписали соглашения с БРЭ.",
           "Число соглашений, предусматривающих финансовые взносы, уменьшилось на 83% "
           "(в предыдущем году – 53). Сумма финансовых взносов уменьшилась на 95% "
           "(в предыдущем году – 33,8 млн. долл. США)."],
    "ar": ["وإضافةً إلى ذلك، تضمّنت 3 اتفاقات مساهمات عينية"],
    "zh": ["此外，有3份协议包含实物捐助",
           "在2025年的12个合作伙伴中，5个来自发展中国家，4个来自发达国家，3个首次与电信发展局签署协议。"],
}


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_six_reports_and_inf_documents_pass_the_validator(lang: str, rich: tdagdoc.Report,
                                                         tmp_path: Path):
    report = tdagdoc.build(rich, lang, strict=True)  # every text given in every language
    inf = tdagdoc.build(rich, lang, inf=True, strict=True)
    paths = [tdagdoc.save(report, tmp_path), tdagdoc.save(inf, tmp_path)]
    doc = Docx(paths[0])
    text = "\n".join(doc.paragraphs(doc.body)).replace("\u00a0", " ")
    for sentence in SENTENCES[lang]:
        assert sentence in text, sentence
    notes = "\n".join(doc.paragraphs(doc.xml("word/footnotes.xml")))
    assert "A25-008" in notes and "TDAG-26/INF/1" in notes
    assert len(doc.body.findall(f".//{{{NS['w']}}}hyperlink")) >= 2
    inf_doc = Docx(paths[1])
    cells = [inf_doc.paragraphs(tc) for tc in inf_doc.body.iter(f"{{{NS['w']}}}tc")]
    assert any(len(c) == 2 and c[1][0] in "(（" for c in cells)  # amounts as signed
    assert any(any("*" in t for t in c) for c in cells)  # new partners marked
    require_tool("validator")
    results = validate_docx(paths)
    assert not any(results.values()), results
