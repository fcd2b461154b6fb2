"""New and returning partners: from first_agreement years or earlier agreements in the data."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

import tdagdoc
from conftest import NS, SMALL, Docx
from tdagdoc.input.sources import validate


def small() -> dict[str, Any]:
    return copy.deepcopy(yaml.safe_load(SMALL.read_text(encoding="utf-8")))


def firsts(*years: int | None) -> dict[str, Any]:
    """The small data set (partners eu, att, ke) with these first_agreement years."""
    data = small()
    for partner, year in zip(data["partners"], years, strict=True):
        if year is not None:
            partner["first_agreement"] = year
    return data


def text(report: tdagdoc.Report, lang: str, tmp_path: Path, inf: bool = False) -> str:
    doc = Docx(tdagdoc.save(tdagdoc.build(report, lang, inf=inf), tmp_path))
    return "\n".join(doc.paragraphs(doc.body))


def test_from_first_agreement_years():
    f = tdagdoc.compute(validate(firsts(2024, 2019, 2024)))
    assert f.new_partners == {"eu", "ke"}


def test_unknown_for_one_partner_says_nothing(tmp_path: Path):
    report = validate(firsts(2024, None, 2010))
    assert tdagdoc.compute(report).new_partners is None
    assert "first time" not in text(report, "en", tmp_path)


def test_from_earlier_agreements_in_the_data():
    data = small()
    data["agreements"].append({"id": "OLD", "signed": "2022-06-01", "partners": ["att"],
                               "regions": ["global"], "priorities": ["connectivity"]})
    data["history"] = [h for h in data["history"] if h["year"] != 2022]
    assert tdagdoc.compute(validate(data)).new_partners == {"eu", "ke"}
    # first_agreement wins over the data's silence; an earlier agreement wins over nothing
    data["partners"][0]["first_agreement"] = 2015
    assert tdagdoc.compute(validate(data)).new_partners == {"ke"}


@pytest.mark.parametrize(("years", "problem"), [
    ((2025, 2019, 2019), "partners[0].first_agreement: 2025 is after the reporting year"),
])
def test_impossible_years_are_refused(years: tuple[int, ...], problem: str):
    with pytest.raises(tdagdoc.DataError, match=problem.replace("[", r"\[").replace("]", r"\]")):
        validate(firsts(*years))


def test_first_agreement_after_an_agreement_in_the_data():
    data = firsts(2024, 2019, 2019)
    data["agreements"].append({"id": "OLD", "signed": "2022-06-01", "partners": ["eu"],
                               "regions": ["global"], "priorities": ["connectivity"]})
    data["history"] = [h for h in data["history"] if h["year"] != 2022]
    with pytest.raises(tdagdoc.DataError, match="2024, but the partner signed an agreement "
                                                "in 2022"):
        validate(data)


@pytest.mark.parametrize(("years", "lang", "sentence"), [
    ((2024, 2019, 2024), "en", "Of the 3 partners of 2024, 2 signed an agreement with BDT for "
                               "the first time."),
    ((2024, 2019, 2019), "ru", "Из 3 партнеров 2024 года 1 впервые подписал соглашение с БРЭ."),
    ((2024, 2019, 2024), "ar", "ومن بين شركاء عام 2024 البالغ عددهم 3 شركاء، وقّع شريكان اتفاقاً "
                               "مع مكتب تنمية الاتصالات لأول مرة."),
    ((2024, 2024, 2024), "fr", "Les 3 partenaires de 2024 ont tous signé un accord avec le BDT "
                               "pour la première fois."),
    ((2024, 2024, 2024), "ru", "Все 3 партнера 2024 года впервые подписали соглашения с БРЭ."),
    ((2020, 2019, 2019), "zh", "2024年的所有合作伙伴均曾于往年与电信发展局签署过协议。"),
    ((2024, 2019, 2024), "es", "De los 3 asociados de 2024, 2 firmaron un acuerdo con la BDT "
                               "por primera vez."),
])
def test_sentences(years: tuple[int, ...], lang: str, sentence: str, tmp_path: Path):
    assert sentence in text(validate(firsts(*years)), lang, tmp_path).replace("\xa0", " ")


def test_inf_marks_new_partners(tmp_path: Path):
    report = validate(firsts(2024, 2019, 2019))
    doc = Docx(tdagdoc.save(tdagdoc.build(report, "en", inf=True), tmp_path))
    cells = [doc.paragraphs(tc) for tc in doc.body.iter(f"{{{NS['w']}}}tc")]
    assert ["European Union represented by the European Commission\u00a0*"] in cells
    assert ["Kenya, Communications Authority"] in cells  # A3: returning, no mark
    assert "marked with an asterisk (*)" in "\n".join(doc.paragraphs(doc.body))


def test_inf_mark_joins_a_chinese_name(tmp_path: Path):
    """Chinese sets no spaces, and LibreOffice breaks Chinese text at a no-break space: the
    mark follows the name directly, so it never stands alone on the next line."""
    report = validate(firsts(2024, 2019, 2019))
    doc = Docx(tdagdoc.save(tdagdoc.build(report, "zh", inf=True), tmp_path))
    cells = ["".join(doc.paragraphs(tc)) for tc in doc.body.iter(f"{{{NS['w']}}}tc")]
    marked = [c for c in cells if c.endswith("*")]
    assert marked and all(not c[-2].isspace() for c in marked), marked
