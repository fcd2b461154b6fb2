"""In-kind support: valued in USD, reported on its own, never in the financial figures."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

import tdagdoc
from conftest import NS, SMALL, Docx
from tdagdoc.figures import compute
from tdagdoc.input.sources import validate
from workbooks import write_csv


def small() -> dict[str, Any]:
    return copy.deepcopy(yaml.safe_load(SMALL.read_text(encoding="utf-8")))


def with_in_kind(*extra: dict[str, Any], on: int = 2) -> dict[str, Any]:
    data = small()
    data["agreements"][on].setdefault("contributions", []).extend(extra)
    return data


def test_in_kind_stays_out_of_every_financial_figure():
    plain = compute(validate(small()))
    data = with_in_kind({"kind": "in-kind", "amount": 40000})  # A3, otherwise without money
    data["agreements"][1]["contributions"].append(
        {"kind": "in-kind", "amount": 9000, "currency": "EUR", "usd": 9900, "by": "att"})
    f = compute(validate(data))
    for name in ("agreements", "financial_agreements", "total_usd", "partner_usd", "itu_usd",
                 "financial_partners", "by_region", "by_priority", "series"):
        assert getattr(f, name) == getattr(plain, name), name
    assert f.top_partners == plain.top_partners
    assert (f.in_kind_agreements, f.in_kind_usd) == (2, Decimal(49900))
    assert (plain.in_kind_agreements, plain.in_kind_usd) == (0, 0)


def test_history_cross_check_counts_money_only():
    data = with_in_kind({"kind": "in-kind", "amount": 40000})
    for a in data["agreements"]:
        a["signed"] = a["signed"].replace(year=2023)
    data["agreements"].append({"id": "B1", "signed": "2024-05-05", "partners": ["ke"],
                               "regions": ["africa"], "priorities": ["connectivity"]})
    data["history"][-1] = {"year": 2023, "agreements": 3, "financial_agreements": 2,
                           "usd": 1400000}
    validate(data)  # A3's in-kind support neither makes it financial nor adds to the USD


def kinds_in(doc: Docx) -> tuple[str, list[list[str]]]:
    text = "\n".join(doc.paragraphs(doc.body)).replace("\xa0", " ")
    cells = [doc.paragraphs(tc) for tc in doc.body.iter(f"{{{NS['w']}}}tc")]
    return text, cells


@pytest.mark.parametrize(("lang", "sentence", "mark"), [
    ("en", "In addition, 1 agreement included in-kind contributions", "In kind: 40,000"),
    ("fr", "En outre, 1 accord prévoyait des contributions en nature", "En nature: 40\u202f000"),
    ("ru", "Кроме того, 1 соглашение предусматривало взносы натурой",
     "Взносы натурой: 40\u00a0000"),
    ("ar", "وإضافةً إلى ذلك، تضمّن اتفاق واحد مساهمات عينية", "مساهمات عينية: 40\u00a0000"),
    ("zh", "此外，有1份协议包含实物捐助", "实物捐助：40\u202f000"),
    ("es", "Además, 1 acuerdo preveía contribuciones en especie", "En especie: 40\u00a0000"),
])
def test_own_sentence_and_inf_mark(lang: str, sentence: str, mark: str, tmp_path: Path):
    report = validate(with_in_kind({"kind": "in-kind", "amount": 40000}))
    text, _ = kinds_in(Docx(tdagdoc.save(tdagdoc.build(report, lang), tmp_path)))
    assert sentence in text
    _, cells = kinds_in(Docx(tdagdoc.save(tdagdoc.build(report, lang, inf=True), tmp_path)))
    assert ["–", mark] in cells  # no money (a dash), then the in-kind support, marked


def test_two_agreements_take_the_plural_and_the_arabic_dual(tmp_path: Path):
    data = with_in_kind({"kind": "in-kind", "amount": 40000})
    data["agreements"][0]["contributions"].append({"kind": "in-kind", "amount": 1000,
                                                   "currency": "EUR", "usd": 1100})
    report = validate(data)
    en, _ = kinds_in(Docx(tdagdoc.save(tdagdoc.build(report, "en"), tmp_path)))
    assert "In addition, 2 agreements included in-kind contributions" in en
    assert "valued at about USD 0.04 million" in en
    ar, _ = kinds_in(Docx(tdagdoc.save(tdagdoc.build(report, "ar"), tmp_path)))
    assert "تضمّن اتفاقان مساهمات عينية" in ar and "2 اتفاقان" not in ar


def test_no_in_kind_no_sentence(tmp_path: Path):
    text, cells = kinds_in(Docx(tdagdoc.save(tdagdoc.build(validate(small()), "en"), tmp_path)))
    assert "in-kind" not in text
    assert not any("In kind" in t for c in cells for t in c)


def test_kind_column_of_the_contributions_sheet(tmp_path: Path):
    data = small()
    for a in data["agreements"]:
        a.pop("contributions", None)
    meta = tmp_path / "meta.yaml"
    meta.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    csv = write_csv(tmp_path / "c.csv", [
        ["agreement", "amount", "by", "kind"], ["A3", "5000", "", "In kind"],
        ["A2", "100", "att", ""], ["A2", "100", "ke", "donation"]])
    with pytest.raises(tdagdoc.DataError, match=r"row 4, column kind"):
        tdagdoc.load(meta, {"contributions": csv})
    csv = write_csv(tmp_path / "c.csv", [
        ["agreement", "amount", "by", "kind"], ["A3", "5000", "", "In kind"],
        ["A2", "100", "att", ""]])
    f = compute(tdagdoc.load(meta, {"contributions": csv}))
    assert (f.in_kind_usd, f.total_usd, f.financial_agreements) == (5000, 100, 1)


@pytest.mark.parametrize(("usd", "lang", "words"), [
    (60000, "en", "valued at about USD 0.1 million,"),
    (41100, "en", "valued at about USD 0.04 million,"),
    (4000, "en", "valued at less than USD 0.01 million,"),
    (4000, "fr", "évaluées à moins de 0,01 million USD,"),
    (4000, "zh", "估值不足1万美元"),
])
def test_small_support_is_never_about_less_than(usd: int, lang: str, words: str,
                                                tmp_path: Path):
    report = validate(with_in_kind({"kind": "in-kind", "amount": usd}))
    text, _ = kinds_in(Docx(tdagdoc.save(tdagdoc.build(report, lang), tmp_path)))
    assert words in text.replace("\u202f", "\u00a0")
    assert "about less" not in text
