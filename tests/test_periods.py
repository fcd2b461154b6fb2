"""Multi-year agreements: a period shown in the INF list; counted in the year of signature."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

import tdagdoc
from conftest import NS, SMALL, Docx
from tdagdoc.input.sources import validate


def small(**period: Any) -> dict[str, Any]:
    data = copy.deepcopy(yaml.safe_load(SMALL.read_text(encoding="utf-8")))
    data["agreements"][1].update(period)  # A2, signed on 2024-03-01
    return data


PERIOD = {"start": dt.date(2024, 3, 1), "end": dt.date(2026, 12, 31)}


def test_counted_in_the_year_of_signature():
    plain = tdagdoc.compute(validate(small()))
    f = tdagdoc.compute(validate(small(**PERIOD)))
    assert (f.agreements, f.total_usd, f.series) == (plain.agreements, plain.total_usd,
                                                     plain.series)


@pytest.mark.parametrize(("period", "message"), [
    ({"start": dt.date(2024, 3, 1)}, "both start and end"),
    ({"start": dt.date(2025, 1, 1), "end": dt.date(2024, 12, 31)}, "ends (2024-12-31) before"),
])
def test_bad_periods(period: dict[str, Any], message: str):
    with pytest.raises(tdagdoc.DataError, match=r"agreements\[1\]: .*" + message.replace(
            "(", r"\(").replace(")", r"\)")):
        validate(small(**period))


@pytest.mark.parametrize(("lang", "cell"), [
    ("en", ["1 March 2024", "Period: 1 March 2024 - 31 December 2026"]),
    ("fr", ["1er mars 2024", "Période: du 1er mars 2024 au 31 décembre 2026"]),
    ("ru", ["1 марта 2024 года", "Срок действия: с 1 марта 2024 года по 31 декабря 2026 года"]),
    ("zh", ["2024年3月1日", "期限：2024年3月1日至2026年12月31日"]),
])
def test_inf_shows_the_period(lang: str, cell: list[str], tmp_path: Path):
    doc = Docx(tdagdoc.save(tdagdoc.build(validate(small(**PERIOD)), lang, inf=True), tmp_path))
    cells = [[t.replace("\u00a0", " ") for t in doc.paragraphs(tc)]
             for tc in doc.body.iter(f"{{{NS['w']}}}tc")]
    assert cell in cells
