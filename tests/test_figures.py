"""Figures of the bundled 2024 example, and figures and readers on tiny hand-built data.

The example must reproduce every figure that Document TDAG-25/7 publishes for
2024; the unit tests pin down how :func:`tdagdoc.figures.compute` counts.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest

from tdagdoc.categories import Membership, Priority, Region
from tdagdoc.errors import DataError
from tdagdoc.figures import Figures, YearFigures, compute
from tdagdoc.input.models import Report
from tdagdoc.input.sources import load, validate
from tdagdoc.languages import LANGUAGE_CODES

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "partnerships-2024.yaml"
MILLION = Decimal(1_000_000)

# The top 10 financial partners of 2024 as published: English name, USD million.
TOP_10 = [
    ("European Union represented by the European Commission", "19.82"),
    ("United Nations Children's Fund (UNICEF)", "1.82"),
    ("United Nations Office for Disaster Risk Reduction (UNDRR)", "1.75"),
    ("Deutsche Gesellschaft für Internationale Zusammenarbeit (GIZ) GmbH", "1.09"),
    ("World Meteorological Organization (WMO)", "0.96"),
    (
        "Australia, Department of Infrastructure, Transport, Regional Development, "
        "Communications and the Arts",
        "0.65",
    ),
    ("United Kingdom, Foreign, Commonwealth and Development Office", "0.56"),
    ("Colombia, Ministry of Information and Communication Technologies", "0.43"),
    ("EYGS LLP", "0.41"),
    ("Republic of Korea, Ministry of Science and ICT", "0.37"),
]

# The same ten as the Russian report names them ("EYGS LPP" there is a misprint).
TOP_10_RU = [
    "Европейский союз в лице Европейской комиссии",
    "Детский фонд Организации Объединенных Наций",
    "Управление Организации Объединенных Наций по снижению риска бедствий",
    "Deutsche Gesellschaft für Internationale Zusammenarbeit GmbH",
    "Всемирная метеорологическая организация",
    "Министерство инфраструктуры, транспорта, регионального развития, связи и искусств, Австралия",
    "Министерство иностранных дел, по делам Содружества и развития, Соединенное Королевство",
    "Министерство информационно-коммуникационных технологий, Колумбия",
    "EYGS LLP",
    "Министерство науки и ИКТ, Республика Корея",
]


def half_up(value: Decimal, places: str) -> Decimal:
    """``value`` rounded half up to the exponent of ``places`` (e.g. "0.1")."""
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def millions(usd: Decimal, places: str = "0.1") -> Decimal:
    """USD as the report writes it: millions, rounded half up."""
    return half_up(usd / MILLION, places)


# --- the bundled example -----------------------------------------------------------


@pytest.fixture(scope="module")
def report() -> Report:
    return load(EXAMPLE)


@pytest.fixture(scope="module")
def figures(report: Report) -> Figures:
    return compute(report)


def test_example_is_the_2024_report(report: Report) -> None:
    meta = report.document
    assert report.year == 2024
    assert meta.number == "TDAG-25/7"
    assert meta.inf_document == "TDAG-25/INF/1"
    assert meta.meeting.number == 32
    assert meta.title.ru == "Партнерские отношения и мобилизация ресурсов в МСЭ-D"
    assert meta.contact[0].email == "eun-ju.kim@itu.int"


def test_example_is_in_six_languages(report: Report) -> None:
    meta = report.document
    texts = [meta.meeting.city, meta.meeting.country, meta.source, meta.title, meta.contact[0].post]
    texts += [p.name for p in report.partners]
    missing = [(t.en, lang) for t in texts for lang in LANGUAGE_CODES if not t.get(lang)]
    assert missing == []


def test_agreements(figures: Figures) -> None:
    assert figures.agreements == 89
    assert figures.financial_agreements == 53


def test_total_usd(figures: Figures) -> None:
    assert millions(figures.total_usd) == Decimal("33.8")


def test_partner_and_itu_shares(figures: Figures) -> None:
    assert figures.partner_usd + figures.itu_usd == figures.total_usd
    assert half_up(figures.partner_share, "1") == 92
    assert half_up(figures.itu_share, "1") == 8


def test_partners_by_membership(report: Report, figures: Figures) -> None:
    assert figures.partners == 73 == len(report.partners)
    assert figures.partners_by_membership == {
        Membership.MEMBER_STATE: 19,
        Membership.SECTOR_MEMBER: 7,
        Membership.ACADEMIA: 3,
        Membership.REGIONAL_ORGANIZATION: 2,
        Membership.NONE: 42,
    }
    assert figures.members == 31
    assert sum(figures.partners_by_type.values()) == 73


def test_financial_partners(figures: Figures) -> None:
    assert len(figures.financial_partners) == 33
    assert figures.financial_partners_usd == figures.partner_usd
    assert millions(figures.financial_partners_usd) == Decimal("31.1")


def test_top_10(figures: Figures) -> None:
    top = [(p.partner.name.en, millions(p.usd, "0.01")) for p in figures.top_partners]
    assert top == [(name, Decimal(amount)) for name, amount in TOP_10]


def test_top_10_russian_names(figures: Figures) -> None:
    assert [p.partner.name.ru for p in figures.top_partners] == TOP_10_RU


def test_other_financial_partners_below_the_top_10(figures: Figures) -> None:
    rest = figures.financial_partners[10:]
    assert len(rest) == 23
    assert all(millions(p.usd, "0.01") < Decimal("0.37") for p in rest)


def test_example_currencies(report: Report) -> None:
    by_partner: dict[str, set[str]] = {}
    for agreement in report.agreements:
        for c in agreement.contributions:
            giver = c.by or agreement.partners[0]
            by_partner.setdefault(giver, set()).add(c.currency)
    assert "EUR" in by_partner["eu"]
    assert "GBP" in by_partner["uk-fcdo"]


def test_example_shows_every_kind_of_agreement(report: Report, figures: Figures) -> None:
    assert figures.multi_region and figures.multi_priority
    assert any(len(a.partners) > 1 for a in report.agreements)
    assert figures.itu_usd > 0
    assert {b.key for b in figures.by_region} == set(Region)
    assert {b.key for b in figures.by_priority} == set(Priority)


def test_region_and_priority_columns_add_up(figures: Figures) -> None:
    assert sum(b.usd for b in figures.by_region) == figures.total_usd
    assert sum(b.usd for b in figures.by_priority) == figures.total_usd
    assert sum(b.financial for b in figures.by_region) >= figures.financial_agreements


def test_example_series(figures: Figures) -> None:
    assert [s.year for s in figures.series] == [2020, 2021, 2022, 2023, 2024]
    assert figures.series[-1] == YearFigures(2024, 89, 53, figures.total_usd)


# --- compute on tiny reports -------------------------------------------------------

DOCUMENT: dict[str, Any] = {
    "meeting": {
        "number": 32,
        "city": {"en": "Geneva"},
        "country": {"en": "Switzerland"},
        "start": "2025-05-19",
        "end": "2025-05-22",
    },
    "number": "TDAG-25/7",
    "date": "2025-04-22",
    "source": {"en": "Director, Telecommunication Development Bureau"},
    "title": {"en": "Partnerships and resource mobilization in ITU-D"},
    "contact": {
        "name": {"en": "Ms Eun Ju Kim"},
        "post": {"en": "Head"},
        "phone": "+41 22 730 5900",
        "email": "eun-ju.kim@itu.int",
    },
}


def partner(pid: str, membership: str = "none", type_: str = "government") -> dict[str, Any]:
    return {"id": pid, "name": {"en": pid.upper()}, "type": type_, "membership": membership}


def agreement(
    aid: str,
    partners: list[str],
    *contributions: dict[str, Any],
    signed: str = "2024-03-01",
    regions: tuple[str, ...] = ("global",),
    priorities: tuple[str, ...] = ("connectivity",),
) -> dict[str, Any]:
    return {
        "id": aid,
        "signed": signed,
        "partners": partners,
        "regions": list(regions),
        "priorities": list(priorities),
        "contributions": list(contributions),
    }


def data(
    partners: list[dict[str, Any]],
    agreements: list[dict[str, Any]],
    history: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {
        "year": 2024,
        "document": DOCUMENT,
        "partners": partners,
        "agreements": agreements,
        "history": history or [],
    }


def figures_of(
    partners: list[dict[str, Any]],
    agreements: list[dict[str, Any]],
    history: list[dict[str, Any]] | None = None,
) -> Figures:
    return compute(validate(data(partners, agreements, history)))


def test_itu_money_is_itu_share_not_a_partner() -> None:
    f = figures_of(
        [partner("p"), partner("q")],
        [
            agreement("a1", ["p"], {"amount": 90}, {"amount": 10, "by": "itu"}),
            agreement("a2", ["q"], {"amount": 100, "by": "itu"}),
        ],
    )
    assert f.total_usd == 200
    assert (f.partner_usd, f.itu_usd) == (90, 110)
    assert (f.partner_share, f.itu_share) == (45, 55)
    assert f.financial_agreements == 2
    assert [p.partner.id for p in f.financial_partners] == ["p"]
    assert f.partners == 2  # q signed, but gave nothing: a partner, not a financial one


def test_partner_funding_two_agreements_counted_once() -> None:
    f = figures_of(
        [partner("p", "member-state"), partner("q")],
        [
            agreement("a1", ["p"], {"amount": 100}),
            agreement("a2", ["p", "q"], {"amount": 50, "by": "p"}, {"amount": 20, "by": "q"}),
            agreement("a3", ["p"]),
        ],
    )
    assert f.partners == 2
    assert f.partners_by_membership == {Membership.MEMBER_STATE: 1, Membership.NONE: 1}
    assert [(p.partner.id, p.usd, p.agreements) for p in f.financial_partners] == [
        ("p", 150, 2),
        ("q", 20, 1),
    ]
    assert f.financial_partners_usd == f.partner_usd == 170
    assert (f.agreements, f.financial_agreements) == (3, 2)


def test_contributions_count_in_usd_at_signature() -> None:
    f = figures_of(
        [partner("p")],
        [agreement("a1", ["p"], {"amount": 100, "currency": "EUR", "usd": "108.50"})],
    )
    assert f.total_usd == Decimal("108.50")
    assert f.financial_partners[0].usd == Decimal("108.50")


def test_multi_region_usd_is_split_so_the_column_adds_up() -> None:
    f = figures_of(
        [partner("p")],
        [
            agreement("a1", ["p"], {"amount": 100}, regions=("africa", "europe", "global")),
            agreement("a2", ["p"], regions=("africa",)),
        ],
    )
    rows = {b.key: b for b in f.by_region}
    assert [b.key for b in f.by_region] == [Region.AFRICA, Region.EUROPE, Region.GLOBAL]
    assert [rows[k].usd for k in rows] == [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]
    assert sum(b.usd for b in f.by_region) == f.total_usd == 100
    assert (rows[Region.AFRICA].financial, rows[Region.AFRICA].non_financial) == (1, 1)
    assert rows[Region.AFRICA].agreements == 2
    assert (rows[Region.EUROPE].financial, rows[Region.EUROPE].non_financial) == (1, 0)
    assert f.multi_region and not f.multi_priority


def test_series_takes_history_for_earlier_years_and_agreements_for_this_year() -> None:
    f = figures_of(
        [partner("p")],
        [
            agreement("a2022", ["p"], {"amount": 7}, signed="2022-06-01"),
            agreement("a2023", ["p"], {"amount": 5}, signed="2023-06-01"),
            agreement("a2024", ["p"], {"amount": 40}),
            agreement("b2024", ["p"]),
        ],
        history=[
            {"year": 2021, "agreements": 3, "financial_agreements": 2, "usd": 1000},
            {"year": 2023, "agreements": 1, "financial_agreements": 1, "usd": 5},
        ],
    )
    assert f.series == (
        YearFigures(2021, 3, 2, Decimal(1000)),  # history only
        YearFigures(2022, 1, 1, Decimal(7)),  # no history: counted from the agreements
        YearFigures(2023, 1, 1, Decimal(5)),  # history (agreeing with the agreements)
        YearFigures(2024, 2, 1, Decimal(40)),  # the reporting year: the agreements
    )  # 2020 has neither history nor agreements: left out
    assert (f.agreements, f.total_usd, f.partners) == (2, 40, 1)


# --- readers: every problem at once ------------------------------------------------


def schema_problems() -> dict[str, Any]:
    """Data with two problems the field types catch."""
    return data(
        [partner("p") | {"website": "https://example.org"}],
        [agreement("a1", ["p"], {"amount": -5})],
    )


def meaning_problems() -> dict[str, Any]:
    """Data with four problems only the cross-checks catch."""
    return data(
        [partner("p"), partner("p")],
        [
            agreement("a1", ["p", "ghost"], {"amount": 5, "by": "p"}),
            agreement("a2", ["p"], {"amount": 5, "currency": "EUR"}),
            agreement("a3", ["p"], signed="2025-01-10"),
        ],
    )


def problems_of(d: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(DataError) as caught:
        validate(d)
    problems = caught.value.problems
    assert len({p.where for p in problems}) == len(problems)
    return {p.where: p.message for p in problems}


def test_schema_problems_are_listed_together() -> None:
    found = problems_of(schema_problems())
    assert found.keys() == {"partners[0].website", "agreements[0].contributions[0].amount"}
    assert found["partners[0].website"] == "unknown field"
    assert "greater than 0" in found["agreements[0].contributions[0].amount"]


def test_meaning_problems_are_listed_together() -> None:
    found = problems_of(meaning_problems())
    assert found.keys() == {
        "partners[1].id",
        "agreements[0].partners[1]",
        "agreements[1].contributions[0].usd",
        "agreements[2].signed",
    }
    assert "duplicate partner id 'p'" in found["partners[1].id"]
    assert "unknown partner id 'ghost'" in found["agreements[0].partners[1]"]
    assert "EUR" in found["agreements[1].contributions[0].usd"]
    assert "after the reporting year 2024" in found["agreements[2].signed"]


def test_all_problems_of_a_file_in_one_error() -> None:
    d = data(
        [partner("p") | {"website": "https://example.org"}, partner("p")],
        [
            agreement("a1", ["p", "ghost"], {"amount": 5, "by": "p"}),
            agreement("a2", ["p"], {"amount": -5}),
            agreement("a3", ["p"], {"amount": 5, "currency": "EUR"}),
            agreement("a4", ["p"], signed="2025-01-10"),
        ],
    )
    found = problems_of(d)
    assert found.keys() == {
        "partners[0].website",
        "partners[1].id",
        "agreements[0].partners[1]",
        "agreements[1].contributions[0].amount",
        "agreements[2].contributions[0].usd",
        "agreements[3].signed",
    }
    assert found["partners[0].website"] == "unknown field"
    assert "greater than 0" in found["agreements[1].contributions[0].amount"]
    assert "duplicate partner id 'p'" in found["partners[1].id"]
    assert "unknown partner id 'ghost'" in found["agreements[0].partners[1]"]
    assert "EUR" in found["agreements[2].contributions[0].usd"]
    assert "after the reporting year 2024" in found["agreements[3].signed"]
