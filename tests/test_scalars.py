"""Stricter scalars: ASCII document numbers, plain decimal amounts, no YAML merge keys."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

import tdagdoc
from conftest import SMALL
from tdagdoc import cli
from tdagdoc.errors import DataError
from tdagdoc.input import parsing, sources

PLAIN = "is not a plain number: write digits, with a dot for decimals (no '_', exponent or ':')"


def small_text() -> str:
    return SMALL.read_text(encoding="utf-8")


def problems(text: str, name: str = "d.yaml") -> list[str]:
    with pytest.raises(DataError) as caught:
        sources.parse(text, name, "json" if name.endswith(".json") else "yaml")
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize("number", ["TDAG-２５/７", "TDAG-٢٥/٧", "TDAG-25/७"])
def test_document_numbers_take_ascii_digits_only(tmp_path: Path, capsys, number: str):
    path = tmp_path / "d.yaml"
    path.write_text(small_text().replace("number: TDAG-25/7", f"number: {number}"), "utf-8")
    out = tmp_path / "out"
    assert cli.main(["build", str(path), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f", document.number: {number!r}: write the digits as 0-9 (ASCII)" in err
    assert not out.exists()


@pytest.mark.parametrize("amount", ["1_000", "1e5", "1.5e+3", "'1_000'", '"1e5"', ".5"])
def test_amounts_in_yaml_are_plain_decimals(amount: str):
    text = small_text().replace("{amount: 250000, by: att}", f"{{amount: {amount}, by: att}}")
    assert amount in text
    assert problems(text) == [f"d.yaml: agreements[1].contributions[0].amount: "
                              f"{parsing.short(amount.strip(chr(39) + chr(34)))} {PLAIN}"]


@pytest.mark.parametrize("amount", ["1:30", "0x10"])
def test_sexagesimal_and_hexadecimal_amounts_are_not_numbers(amount: str):
    text = small_text().replace("{amount: 250000, by: att}", f"{{amount: {amount}, by: att}}")
    assert problems(text) == [f"d.yaml: agreements[1].contributions[0].amount: '{amount}' is "
                              "not a number: write digits, with a dot for decimals and no "
                              "thousands separators (e.g. 1250000.50)"]


def test_a_leading_zero_is_decimal_not_octal():
    """YAML 1.1 reads 0250000 as octal (86016); here it is the decimal it looks like."""
    text = small_text().replace("{amount: 250000, by: att}", "{amount: 0250000, by: att}")
    report = sources.parse(text)
    assert str(report.agreements[1].contributions[0].amount) == "250000"


def test_whole_numbers_are_plain_too():
    text = small_text().replace("number: 32", "number: 3_2")
    assert problems(text) == [f"d.yaml: document.meeting.number: '3_2' {PLAIN}"]
    text = small_text().replace("number: 32", "number: 1:30")
    assert problems(text) == ["d.yaml: document.meeting.number: '1:30' is not a whole number"]


def test_amounts_in_json_are_plain_decimals():
    data = yaml.safe_load(small_text())
    text = json.dumps(data, default=str).replace('"amount": 250000', '"amount": 2.5e5')
    assert "2.5e5" in text
    assert problems(text, "d.json") == [
        f"d.json: agreements[1].contributions[0].amount: '2.5e5' {PLAIN}"]
    fine = json.dumps(data, default=str).replace('"amount": 250000', '"amount": 250000.50')
    report = sources.parse(fine, "d.json", "json")
    assert str(report.agreements[1].contributions[0].amount) == "250000.50"


def test_text_that_looks_like_a_number_stays_text():
    text = small_text().replace('name: {en: "Kenya, Communications Authority"}',
                                "name: {en: 1_000 Partners, fr: 1:30}")
    report = sources.parse(text)
    partner = next(p for p in report.partners if p.id == "ke")
    assert (partner.name.en, partner.name.fr) == ("1_000 Partners", "1:30")


def test_a_merge_key_is_refused_like_a_duplicate_key():
    text = small_text().replace(
        "  number: TDAG-25/7\n",
        "  number: TDAG-25/7\n  <<: {number: TDAG-25/99}\n")
    [problem] = problems(text)
    line = text.splitlines().index("  <<: {number: TDAG-25/99}") + 1
    assert problem.startswith(f"d.yaml: line {line}, column 3: invalid YAML: a merge key (<<)")


def test_the_examples_still_load():
    root = Path(tdagdoc.__file__).resolve().parents[2] / "examples"
    assert tdagdoc.load(root / "partnerships-2024.yaml").document.number == "TDAG-25/7"
