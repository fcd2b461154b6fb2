"""Each cross-check of ``checks.check_items``, through ``load`` as a user meets it.

Every case changes one thing in the small valid data file and expects exactly one
problem, at the field named and saying what is wrong; a check that stopped
running, or fired at the wrong place, fails here.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

import tdagdoc
from conftest import SMALL
from tdagdoc.errors import DataError

Data = dict[str, Any]


def _base() -> Data:
    data: Data = yaml.safe_load(SMALL.read_text(encoding="utf-8"))
    return data


def _set(path: str, value: Any) -> Callable[[Data], None]:
    def change(data: Data) -> None:
        *parents, last = path.split(".")
        node: Any = data
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        node[int(last) if isinstance(node, list) else last] = value
    return change


def _append(path: str, item: Any) -> Callable[[Data], None]:
    def change(data: Data) -> None:
        node: Any = data
        for key in path.split("."):
            node = node[int(key)] if isinstance(node, list) else node[key]
        node.append(copy.deepcopy(item))
    return change


def _all(*changes: Callable[[Data], None]) -> Callable[[Data], None]:
    def change(data: Data) -> None:
        for each in changes:
            each(data)
    return change


A2_TOTALS = {"year": 2024, "agreements": 3, "financial_agreements": 2, "usd": 1_400_000}

CASES: dict[str, tuple[Callable[[Data], None], str, str]] = {
    "meeting ends before it starts": (
        _set("document.meeting.end", "2025-05-18"),
        "document.meeting.end", "ends before the meeting starts"),
    "two of revision, addendum, corrigendum": (
        lambda d: d["document"].update(revision=1, addendum=1),
        "document", "give at most one of revision, addendum and corrigendum"),
    "duplicate partner id": (
        _append("partners", {"id": "eu", "name": {"en": "EU again"}, "type": "government",
                             "membership": "none"}),
        "partners[3].id", "duplicate partner id 'eu' (first at partners[0])"),
    "reserved partner id": (
        _all(_set("partners.0.id", "itu"), _set("agreements.0.partners", ["itu"])),
        "partners[0].id", "'itu' is reserved (in any letter case) for contributions given by ITU"),
    "duplicate agreement id": (
        _set("agreements.2.id", "A1"),
        "agreements[2].id", "duplicate agreement id 'A1' (first at agreements[0])"),
    "signed after the reporting year": (
        _set("agreements.2.signed", "2025-01-10"),
        "agreements[2].signed", "signed in 2025, after the reporting year 2024"),
    "unknown partner": (
        _set("agreements.2.partners", ["ke", "nobody"]),
        "agreements[2].partners[1]", "unknown partner id 'nobody'"),
    "partner listed twice": (
        _set("agreements.2.partners", ["ke", "ke"]),
        "agreements[2].partners", "lists a partner twice"),
    "foreign currency without USD value": (
        _set("agreements.0.contributions.0.usd", None),
        "agreements[0].contributions[0].usd",
        "agreement 'A1': no UN operational rate of exchange for EUR in 2024-02: add it to "
        "the rates, or give the USD value at the date of signature as usd"),
    "USD value differs from a USD amount": (
        _set("agreements.1.contributions.0.usd", 250_001),
        "agreements[1].contributions[0].usd", "differs from the amount of a USD contribution"),
    "giver missing with several partners": (
        _set("agreements.1.contributions.0.by", None),
        "agreements[1].contributions[0].by",
        "say who gives it ('itu' or one of the agreement's partners): "
        "the agreement has several partners"),
    "giver not a partner": (
        _set("agreements.1.contributions.0.by", "eu"),
        "agreements[1].contributions[0].by", "'eu' is neither 'itu' nor a partner of this "
        "agreement"),
    "history year given twice": (
        _set("history.1.year", 2020),
        "history[1].year", "year 2020 given twice"),
    "history of the reporting year": (
        _append("history", {"year": 2025, "agreements": 1, "financial_agreements": 0, "usd": 0}),
        "history[4].year", "history must be of years before 2024"),
    "more financial agreements than agreements": (
        _set("history.0.financial_agreements", 61),
        "history[0].financial_agreements",
        "more agreements with financial contributions than agreements"),
    "history disagrees with the agreements of its year": (
        # One agreement moved into 2023, whose history totals say 80 agreements.
        _set("agreements.2.signed", "2023-06-01"),
        "history[3]", "totals 80/45/USD 30000000 disagree with the 1 agreements of 2023 in "
        "the data (0 financial, USD 0)"),
}


def _load(tmp_path: Path, data: Data) -> tdagdoc.Report:
    path = tmp_path / "data.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return tdagdoc.load(path)


def test_the_base_data_is_valid(tmp_path: Path) -> None:
    assert _load(tmp_path, _base()).year == 2024


@pytest.mark.parametrize("case", CASES)
def test_each_cross_check_reports_its_field(tmp_path: Path, case: str) -> None:
    change, field, message = CASES[case]
    data = _base()
    change(data)
    with pytest.raises(DataError) as caught:
        _load(tmp_path, data)
    problems = [(p.where, p.message) for p in caught.value.problems]
    assert len(problems) == 1, problems
    ((where, said),) = problems
    assert where == field or where.endswith(f" {field}") or where.startswith(f"{field} "), where
    assert said == message
    assert all(str(tmp_path) in p.file for p in caught.value.problems)


def test_problems_in_several_rules_are_listed_together(tmp_path: Path) -> None:
    data = _base()
    for case in ("meeting ends before it starts", "partner listed twice",
                 "more financial agreements than agreements"):
        CASES[case][0](data)
    with pytest.raises(DataError) as caught:
        _load(tmp_path, data)
    assert len(caught.value.problems) == 3
