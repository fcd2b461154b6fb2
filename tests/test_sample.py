"""Synthetic data: valid, varied, reproducible from the seed, JSON or YAML by extension."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tdagdoc import compute
from tdagdoc.cli import main
from tdagdoc.input import sample
from tdagdoc.input.sources import load, validate
from tdagdoc.languages import LANGUAGE_CODES


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    return sample.generate(400, seed=7)


def test_same_seed_same_data_other_seed_other_data(data: dict[str, Any]):
    assert sample.generate(400, seed=7) == data
    assert sample.generate(400, seed=8) != data
    assert sample.dumps(sample.generate(400, seed=7), ".json") == sample.dumps(data, ".json")


@pytest.mark.parametrize("n", [1, 2, 57, 400])
def test_every_size_is_valid(n: int):
    report = validate(sample.generate(n, seed=n))
    assert len(report.agreements) == n
    assert compute(report).agreements == n  # all signed in the reporting year


def test_varied_like_real_lists(data: dict[str, Any]):
    agreements = data["agreements"]
    contributions = [c for a in agreements for c in a["contributions"]]
    assert Counter(len(a["partners"]) for a in agreements).keys() >= {1, 2}
    assert {c.get("currency", "USD") for c in contributions} == {"USD", "CHF", "EUR"}
    # Contributions in CHF and EUR: some give their USD value, the others take the month's rate.
    foreign = [c for c in contributions if c.get("currency", "USD") != "USD"]
    assert any("usd" in c for c in foreign) and any("usd" not in c for c in foreign)
    assert {(r["currency"], r["month"]) for r in data["rates"]} == {
        (code, f"{data['year']}-{m:02d}") for code in ("CHF", "EUR") for m in range(1, 13)}
    assert any(c.get("by") == "itu" for c in contributions)
    assert any(not a["contributions"] for a in agreements)
    assert len({a["signed"][:7] for a in agreements}) == 12  # every month
    partners = data["partners"]
    assert {p["type"] for p in partners} >= {"government", "private-sector", "academia"}
    assert all(set(p["name"]) == set(LANGUAGE_CODES) for p in partners)
    assert any("<" in p["name"]["en"] and "&" in p["name"]["en"] for p in partners)
    # A few partners sign many agreements, most one or two.
    signed = Counter(pid for a in agreements for pid in a["partners"])
    assert max(signed.values()) >= 10 and min(signed.values()) <= 2


def test_partner_names_in_the_six_scripts(data: dict[str, Any]):
    government = next(p for p in data["partners"] if p["type"] == "government")
    names = government["name"]
    assert any("\u0600" <= ch <= "\u06ff" for ch in names["ar"])
    assert any("\u4e00" <= ch <= "\u9fff" for ch in names["zh"])
    assert any("\u0400" <= ch <= "\u04ff" for ch in names["ru"])


@pytest.mark.parametrize("suffix", [".json", ".yaml", ".yml"])
def test_written_file_loads_back_the_same(tmp_path: Path, suffix: str):
    path = tmp_path / f"trial{suffix}"
    assert main(["sample", "--agreements", "60", "--seed", "3", "--out", str(path)]) == 0
    report = load(path)
    assert report == validate(sample.generate(60, seed=3))
    first = path.read_bytes()
    assert main(["sample", "--agreements", "60", "--seed", "3", "--out", str(path)]) == 0
    assert path.read_bytes() == first


def test_json_amounts_are_exact(tmp_path: Path):
    path = tmp_path / "a" / "b.json"  # missing directories are made
    main(["sample", "--agreements", "200", "--seed", "1", "--out", str(path)])
    raw = json.loads(path.read_text(encoding="utf-8"))
    report = load(path)
    for a, model in zip(raw["agreements"], report.agreements, strict=True):
        for c, m in zip(a["contributions"], model.contributions, strict=True):
            assert m.amount == m.amount.quantize(m.amount.__class__("0.01"))
            assert float(m.amount) == c["amount"]


@pytest.mark.parametrize(("count", "name", "year", "message"), [
    ("0", "x.json", "2024", "at least 1"),
    ("5", "x.txt", "2024", ".json, .yaml or .yml"),
    ("5", "x.json", "1990", "from 1994 to 2099"),
])
def test_bad_requests_are_user_errors(tmp_path: Path, capsys, count: str, name: str,
                                      year: str, message: str):
    assert main(["sample", "--agreements", count, "--year", year,
                 "--out", str(tmp_path / name)]) == 2
    assert message in capsys.readouterr().err
    assert not list(tmp_path.iterdir())
