"""Year on year: the reporting year against the previous one, in each language's words."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

import tdagdoc
from conftest import SMALL, Docx
from tdagdoc.figures import Change
from tdagdoc.input.sources import validate


def small(**previous: Any) -> dict[str, Any]:
    """The small data set (3 agreements, 2 financial, USD 1 400 000 in 2024) with its 2023."""
    data = copy.deepcopy(yaml.safe_load(SMALL.read_text(encoding="utf-8")))
    data["history"][-1].update(previous)
    return data


def text(data: dict[str, Any], lang: str, tmp_path: Path) -> str:
    doc = Docx(tdagdoc.save(tdagdoc.build(validate(data), lang), tmp_path))
    return "\n".join(doc.paragraphs(doc.body))


def words(data: dict[str, Any], lang: str, tmp_path: Path) -> str:
    """The text with no-break spaces read as spaces (the wording, not the spacing)."""
    return text(data, lang, tmp_path).replace("\xa0", " ")


def test_hand_computed_changes():
    f = tdagdoc.compute(validate(small(agreements=82, financial_agreements=2, usd=1600000)))
    yoy = f.year_on_year
    assert yoy is not None and yoy.previous == 2023
    assert yoy.agreements == Change(Decimal(82), Decimal(3))
    assert (yoy.agreements.direction, yoy.financial_agreements.direction, yoy.usd.direction) \
        == ("down", "same", "down")
    # (82 - 3) / 82 = 96.34...%; (1 600 000 - 1 400 000) / 1 600 000 = 12.5%, half up 13%
    assert yoy.agreements.percent.quantize(Decimal("0.01")) == Decimal("96.34")
    assert yoy.usd.percent == Decimal("12.5")


def test_english_up_down_same_and_half_up(tmp_path: Path):
    en = text(small(agreements=2, financial_agreements=2, usd=1600000), "en", tmp_path)
    assert "The number of partnership agreements signed rose by 50% from 2\xa0in 2023." in en
    # the year is named once: the next sentences compare with it without repeating it
    assert "The number of agreements with financial contributions did not change." in en
    assert "The amount of financial contributions fell by 13% from USD\xa01.6\xa0million." \
        in en


def test_a_tiny_change_never_reads_zero():
    # 1 in 2 000 is 0.05%: half up, 0.1%, never 0%; 1 in 100 000 is below any printed
    # percentage, and two amounts that print alike (USD 1.4 million) did not move as shown.
    assert (Change(Decimal(2000), Decimal(2001)).direction,
            Change(Decimal(2000), Decimal(2001)).digits) == ("up", 1)
    assert Change(Decimal(100_000), Decimal(100_001)).direction == "about"
    assert Change(Decimal(1_399_000), Decimal(1_400_000), Decimal(100_000)).direction == "about"


def test_amounts_that_print_alike_are_about_the_same(tmp_path: Path):
    en = text(small(agreements=3, financial_agreements=2, usd=1399000), "en", tmp_path)
    assert ("The amount of financial contributions was about the same as the year before "
            "(USD\xa01.4\xa0million).") in en
    assert "The number of partnership agreements signed was the same as in 2023." in en


def test_nothing_in_the_previous_year_gives_no_percentage(tmp_path: Path):
    data = small(agreements=0, financial_agreements=0, usd=0)
    assert tdagdoc.compute(validate(data)).year_on_year.agreements is None
    en = text(data, "en", tmp_path)
    assert "in 2023." not in en and "same as in 2023" not in en


def test_without_the_previous_year_no_comparison(tmp_path: Path):
    data = small()
    data["history"] = data["history"][:-1]
    assert tdagdoc.compute(validate(data)).year_on_year is None


@pytest.mark.parametrize(("lang", "expected"), [
    ("fr", "Le nombre d'accords de partenariat signés a diminué de 25 % par rapport à "
           "2023, année où il s'élevait à 4."),
    ("es", "El número de acuerdos de asociación firmados disminuyó un 25% con respecto a 2023, "
           "cuando se situó en 4."),
    ("ru", "Число подписанных соглашений о партнерстве уменьшилось на 25% по сравнению с "
           "2023 годом, когда оно составляло 4."),
    ("ar", "وانخفض عدد اتفاقات الشراكة الموقّعة بنسبة 25 في المائة مقارنةً بعددها في عام 2023 "
           "البالغ 4."),
    ("zh", "签署的伙伴关系协议数量比2023年的4份减少25%。"),
])
def test_each_language(lang: str, expected: str, tmp_path: Path):
    assert expected in words(small(agreements=4, financial_agreements=2, usd=1400000), lang,
                             tmp_path)


def test_the_example(example: tdagdoc.Report):
    yoy = tdagdoc.compute(example).year_on_year
    assert yoy is not None
    assert (yoy.agreements.before, yoy.agreements.now) == (82, 89)  # up 9% from 82 in 2023
