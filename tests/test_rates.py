"""Exchange rates: USD values from UN operational rates, checked against hand-computed ones."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

import tdagdoc
from conftest import NS, SMALL, Docx
from tdagdoc.cli import main
from tdagdoc.errors import DataError, Problem
from tdagdoc.figures import compute
from tdagdoc.input.models import RATE_TOLERANCE
from tdagdoc.input.sources import load, validate
from workbooks import write_csv, write_xlsx

RATES = [
    {"currency": "EUR", "month": "2024-02", "per_usd": Decimal("0.925")},
    {"currency": "JPY", "month": "2024-03", "per_usd": Decimal("150.08")},
    {"currency": "CHF", "month": "2024-03", "per_usd": Decimal("2")},
]


class _Dumper(yaml.SafeDumper):
    """Decimals written as YAML numbers (the loader reads them back exactly)."""


_Dumper.add_representer(
    Decimal, lambda d, v: d.represent_scalar("tag:yaml.org,2002:float", str(v)))


def write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(yaml.dump(data, Dumper=_Dumper, allow_unicode=True), encoding="utf-8")
    return path


def small(**changes: Any) -> dict[str, Any]:
    data = yaml.safe_load(SMALL.read_text(encoding="utf-8"))
    data.update(copy.deepcopy(changes))
    return data


def with_contributions(*contributions: dict[str, Any], signed: str = "2024-03-01",
                       rates: list[dict[str, Any]] = RATES) -> dict[str, Any]:
    data = small(rates=rates)
    data["agreements"][1]["signed"] = dt.date.fromisoformat(signed)
    data["agreements"][1]["contributions"] = list(contributions)
    data.pop("history")
    return data


def test_usd_computed_from_the_month_of_signature_half_up_to_the_cent():
    data = with_contributions(
        {"amount": Decimal("15000000"), "currency": "JPY", "by": "att"},
        # 0.05 CHF at 2 per USD is 0.025 USD: half up gives 0.03 (half even would give 0.02)
        {"amount": Decimal("0.05"), "currency": "CHF", "by": "ke"},
        {"amount": 50000, "by": "itu"})
    data["agreements"][0]["contributions"] = [{"amount": 1000000, "currency": "EUR"}]
    report = validate(data)
    a1, a2 = report.agreements[0], report.agreements[1]
    # 1 000 000 / 0.925 = 1 081 081.0810... ; 15 000 000 / 150.08 = 99 946.6951...
    assert a1.contributions[0].usd == Decimal("1081081.08")
    assert [c.usd_value for c in a2.contributions] == [
        Decimal("99946.70"), Decimal("0.03"), Decimal("50000")]
    # The amounts as signed stay beside the USD values.
    assert (a2.contributions[0].amount, a2.contributions[0].currency) == (15000000, "JPY")
    assert compute(report).total_usd == Decimal("1081081.08") + Decimal("99946.73") + 50000


def test_a_given_usd_wins_over_the_rate():
    data = with_contributions({"amount": 1000, "currency": "CHF", "usd": 505, "by": "att"})
    assert validate(data).agreements[1].contributions[0].usd == 505


def test_missing_rates_are_all_listed_with_agreement_and_month():
    data = with_contributions({"amount": 1000, "currency": "GBP", "by": "att"},
                              {"amount": 1000, "currency": "EUR", "by": "ke"})
    data["agreements"][0]["contributions"] = [{"amount": 5, "currency": "JPY"}]
    with pytest.raises(DataError) as err:
        validate(data)
    messages = [str(p) for p in err.value.problems]
    assert len(messages) == 3, messages
    assert "'A2'" in messages[1] and "GBP in 2024-03" in messages[1]
    assert "'A2'" in messages[2] and "EUR in 2024-03" in messages[2]  # EUR given for 2024-02
    assert "'A1'" in messages[0] and "JPY in 2024-02" in messages[0]


@pytest.mark.parametrize(("rate", "problem"), [
    ({"currency": "EUR", "month": "2024-02", "per_usd": 1}, "a second rate for EUR in 2024-02"),
    ({"currency": "USD", "month": "2024-02", "per_usd": 2}, "worth one US dollar"),
    ({"currency": "EUX", "month": "2024-02", "per_usd": 2}, "not an ISO 4217 currency"),
    ({"currency": "EUR", "month": "2024-13", "per_usd": 2}, "rates[3].month"),
    ({"currency": "EUR", "month": "2024-05", "per_usd": 0}, "rates[3].per_usd"),
])
def test_bad_rates_are_refused(rate: dict[str, Any], problem: str):
    data = with_contributions({"amount": 1000, "by": "att"}, rates=[*RATES, rate])
    with pytest.raises(DataError, match=problem.replace("[", r"\[").replace("]", r"\]")):
        validate(data)


def test_a_given_usd_far_from_the_rate_is_a_warning_or_with_strict_an_error(tmp_path: Path):
    # 1000 CHF at 2 per USD is USD 500: 510 is within 2%, 511 is not.
    assert Decimal("0.02") == RATE_TOLERANCE
    path = tmp_path / "d.yaml"
    for usd, doubts in ((510, 0), (511, 1)):
        data = with_contributions({"amount": 1000, "currency": "CHF", "usd": usd, "by": "att"})
        write(path, data)
        warnings: list[Problem] = []
        report = load(path, warnings=warnings)
        assert report.agreements[1].contributions[0].usd == usd  # the given value is kept
        assert len(warnings) == doubts
    assert "'A2'" in str(warnings[0]) and "USD 500.00" in str(warnings[0])
    assert "CHF 1000" in str(warnings[0]) and "2024-03" in str(warnings[0])
    with pytest.raises(DataError, match="differs by more than 2%"):
        load(path, strict=True)


def test_cli_warns_and_strict_refuses(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    data = with_contributions({"amount": 1000, "currency": "CHF", "usd": 600, "by": "att"})
    path = tmp_path / "d.yaml"
    write(path, data)
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr()
    assert "warning" in out.err and "'A2'" in out.err
    assert "3 exchange rates (CHF, EUR, JPY)" in out.out
    assert "1 contributions in other currencies than USD (CHF 1)" in out.out \
        or "2 contributions in other currencies than USD (CHF 1, EUR 1)" in out.out
    assert main(["build", str(path), "--strict", "--out", str(tmp_path / "out")]) == 2
    assert "differs by more than 2%" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_rates_from_their_own_csv_and_xlsx(tmp_path: Path):
    data = with_contributions({"amount": 3000, "currency": "CHF", "by": "att"}, rates=[])
    data.pop("rates")
    path = tmp_path / "d.yaml"
    write(path, data)
    csv = write_csv(tmp_path / "rates.csv", [["currency", "month", "per_usd"],
                                             ["CHF", "2024-03", "0.8"]])
    # A month given as a date cell (the first of the month) is that month.
    xlsx = write_xlsx(tmp_path / "rates.xlsx", {"rates": [
        ["currency", "month", "per_usd"], ["CHF", dt.datetime(2024, 3, 1), 0.8]]})
    for table in (csv, xlsx):
        report = load(path, {"rates": table})
        assert report.agreements[1].contributions[0].usd == Decimal("3750.00")
    bad = write_xlsx(tmp_path / "bad.xlsx", {"rates": [
        ["currency", "month", "per_usd"], ["CHF", dt.datetime(2024, 3, 5), 0.8],
        ["CHF", "2024-04", -1]]})
    with pytest.raises(DataError) as err:
        load(path, {"rates": bad})
    text = str(err.value)
    assert "bad.xlsx" in text and "is a day, not a month" in text and "row 3" in text


def test_history_cross_check_uses_the_rates():
    data = with_contributions({"amount": 1000, "currency": "CHF", "by": "att"})
    data["history"] = [{"year": 2023, "agreements": 1, "financial_agreements": 1, "usd": 500}]
    for a in data["agreements"]:
        a["signed"] = a["signed"].replace(year=2023) if a["id"] == "A2" else a["signed"]
    data["rates"] = [*RATES, {"currency": "CHF", "month": "2023-03", "per_usd": 2}]
    validate(data)  # 1000 CHF at 2 per USD: the 500 of the history
    data["history"][0]["usd"] = 501
    with pytest.raises(DataError, match="USD 500"):
        validate(data)


@pytest.mark.parametrize(("lang", "shown"), [
    ("en", "(EUR\u00a01,000,000)"), ("fr", "(1\u202f000\u202f000\u00a0EUR)"),
    ("ru", "(1\u00a0000\u00a0000\u00a0EUR)"), ("zh", "（1\u202f000\u202f000欧元）"),
    ("es", "(15\u00a0000\u00a0000\u00a0JPY)"),
    ("ar", "(15\u00a0000\u00a0000\u00a0ين ياباني)"),
])
def test_inf_list_shows_the_amount_as_signed(lang: str, shown: str, tmp_path: Path):
    data = with_contributions({"amount": 15000000, "currency": "JPY", "by": "att"})
    data["agreements"][0]["contributions"] = [{"amount": 1000000, "currency": "EUR"}]
    report = validate(data)
    doc = Docx(tdagdoc.save(tdagdoc.build(report, lang, inf=True), tmp_path))
    # Without the left-to-right marks that keep an Arabic cell's Latin island in order.
    cells = [[p.replace("\u200e", "") for p in doc.paragraphs(tc)]
             for tc in doc.body.iter(f"{{{NS['w']}}}tc")]
    assert [shown] in [c[1:] for c in cells if len(c) == 2], cells[-14:]
