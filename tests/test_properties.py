"""Property-based tests: random valid data always adds up; random bad data always gets the report.

Every test is derandomized (the same examples on every run) and keeps its
example count modest, so the suite stays fast and deterministic.
"""

from __future__ import annotations

import copy
import datetime as dt
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import tdagdoc
from conformance import format_validation_errors, require_tool, validate_docx
from conftest import NS, SMALL, Docx
from tdagdoc.categories import Membership, PartnerType, Priority, Region
from tdagdoc.document import tables
from tdagdoc.errors import DataError
from tdagdoc.figures import YearFigures, compute
from tdagdoc.input import sources
from tdagdoc.l10n.formatting import Formatter
from tdagdoc.l10n.localizer import Localizer
from tdagdoc.l10n.translations import translations
from tdagdoc.languages import get_lang
from workbooks import write_csv

YEAR = 2024
DOCUMENT = yaml.safe_load(SMALL.read_text(encoding="utf-8"))["document"]
FAST = settings(max_examples=30, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Names: any printable text XML holds (no controls, surrogates or U+FFFE/U+FFFF).
names = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
    min_size=1, max_size=40,
).filter(lambda s: s.strip())
money = st.integers(1, 10**10).map(lambda cents: Decimal(cents) / 100)


@st.composite
def contributions(draw: st.DrawFn, partners: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {"amount": draw(money)}
    if draw(st.booleans()):
        out |= {"currency": draw(st.sampled_from(["EUR", "CHF", "GBP"])), "usd": draw(money)}
    givers = ["itu", *partners]
    if len(partners) > 1:
        out["by"] = draw(st.sampled_from(givers))
    else:
        by = draw(st.sampled_from([None, *givers]))
        if by is not None:
            out["by"] = by
    return out


@st.composite
def valid_data(draw: st.DrawFn) -> dict[str, Any]:
    """A valid data set: a few partners, agreements of this year and earlier, history."""
    ids = [f"p{i}" for i in range(draw(st.integers(1, 6)))]
    partners = [{"id": pid, "name": {"en": draw(names)},
                 "type": draw(st.sampled_from([t.value for t in PartnerType])),
                 "membership": draw(st.sampled_from([m.value for m in Membership]))}
                for pid in ids]
    agreements: list[dict[str, Any]] = []
    for i in range(draw(st.integers(1, 8))):
        own = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3, unique=True))
        # The first is of the reporting year: without one there is no report to write.
        first = dt.date(YEAR if i == 0 else YEAR - 4, 1, 1)
        agreements.append({
            "id": f"A{i}",
            "signed": draw(st.dates(first, dt.date(YEAR, 12, 31))),
            "partners": own,
            "regions": draw(st.lists(st.sampled_from([r.value for r in Region]), min_size=1,
                                     max_size=3, unique=True)),
            "priorities": draw(st.lists(st.sampled_from([p.value for p in Priority]),
                                        min_size=1, max_size=3, unique=True)),
            "contributions": draw(st.lists(contributions(own), max_size=3)),
        })
    busy = {a["signed"].year for a in agreements}
    history = []
    for year in range(YEAR - 5, YEAR):
        if year not in busy and draw(st.booleans()):
            n = draw(st.integers(0, 200))
            financial = draw(st.integers(0, n))
            history.append({"year": year, "agreements": n, "financial_agreements": financial,
                            "usd": draw(money) if financial else Decimal(0)})
    return {"year": YEAR, "document": DOCUMENT, "partners": partners,
            "agreements": agreements, "history": history}


# --- random valid data: the figures add up -------------------------------------------------------


@FAST
@given(valid_data())
def test_figures_add_up(data: dict[str, Any]):
    f = compute(sources.validate(data))
    assert f.partner_usd + f.itu_usd == f.total_usd
    assert f.financial_partners_usd == f.partner_usd
    assert [p.usd for p in f.financial_partners] == sorted(
        (p.usd for p in f.financial_partners), reverse=True)
    if f.total_usd:
        assert abs(f.partner_share + f.itu_share - 100) < Decimal("1e-20")
    assert sum(f.partners_by_type.values()) == sum(f.partners_by_membership.values()) == f.partners
    for rows, multi in ((f.by_region, f.multi_region), (f.by_priority, f.multi_priority)):
        if f.agreements:
            # USD split equally among an agreement's regions: the column adds up exactly.
            assert sum(r.usd for r in rows) == f.total_usd
        financial = sum(r.financial for r in rows)
        other = sum(r.non_financial for r in rows)
        if multi:  # an agreement counts under each of its regions
            assert financial >= f.financial_agreements and other >= f.agreements - financial
        else:
            assert (financial, other) == (f.financial_agreements,
                                          f.agreements - f.financial_agreements)
    assert f.series[-1] == YearFigures(YEAR, f.agreements, f.financial_agreements, f.total_usd)
    assert [y.year for y in f.series] == sorted({y.year for y in f.series})


def table(doc: Docx, head: str) -> list[list[str]]:
    """The rows of the data table whose first header cell is ``head``."""
    for tbl in doc.body.iter(f"{{{NS['w']}}}tbl"):
        rows = [[doc.paragraphs(tc)[0] if doc.paragraphs(tc) else ""
                 for tc in tr.findall("w:tc", NS)] for tr in tbl.findall("w:tr", NS)]
        if rows and rows[0][0] == head:
            return rows
    raise AssertionError(f"no table headed {head!r}")


def whole(text: str) -> int:
    return int(text.replace(",", ""))


@settings(FAST, max_examples=12)
@given(data=valid_data())
def test_documents_state_figures_that_add_up(data: dict[str, Any], tmp_path_factory,
                                            conformant):
    report = sources.validate(data)
    f = compute(report)
    out = tmp_path_factory.mktemp("random")
    doc = Docx(conformant(tdagdoc.save(tdagdoc.build(report, "en"), out)))
    fmt = Formatter(get_lang("en"))
    for head, rows in (("ITU region", f.by_region), ("ITU-D priority", f.by_priority)):
        printed = table(doc, head)
        assert len(printed) == len(rows) + 2  # header, one row each, total
        total = printed[-1]
        assert total[1:] == [fmt.integer(f.financial_agreements),
                             fmt.integer(f.agreements - f.financial_agreements),
                             fmt.integer(f.agreements), fmt.money(f.total_usd)]
        for row in printed[1:-1]:
            assert whole(row[1]) + whole(row[2]) == whole(row[3])
    if len(f.series) > 1:  # a single year has no series table
        series = table(doc, "Year")
        assert series[-1] == [str(YEAR), fmt.integer(f.agreements),
                              fmt.integer(f.financial_agreements), fmt.amount(f.total_usd)]
    if f.partner_usd and f.itu_usd:
        text = doc.text()
        shares = fmt.shares([f.partner_usd, f.itu_usd])
        assert f"Of these funds, {shares[0]} were provided by BDT partners and {shares[1]} by " \
               "ITU." in text
        if not any(s.startswith(("less", "more")) for s in shares):
            assert sum(int(s.rstrip("%")) for s in shares) == 100  # apportioned


@pytest.mark.parametrize("table", [tables.by_region, tables.by_priority])
def test_printed_amount_column_adds_up_to_the_printed_total(example, table):
    loc = Localizer(get_lang("en"), translations(get_lang("en")))
    rows = table(example, compute(example), loc).rows
    amounts = [whole(row[-1].paragraphs[0].plain) for row in rows]
    assert sum(amounts[:-1]) == amounts[-1]


@pytest.mark.conformance
def test_random_documents_pass_the_validator(tmp_path: Path):
    require_tool("validator")
    paths: list[Path] = []
    langs = ("en", "ar", "zh")

    @settings(FAST, max_examples=len(langs), phases=[Phase.generate])
    @given(valid_data())
    def build_one(data: dict[str, Any]) -> None:
        if len(paths) < len(langs):
            report = sources.validate(data)
            lang = langs[len(paths)]
            paths.append(tdagdoc.save(tdagdoc.build(report, lang), tmp_path / str(len(paths))))

    build_one()
    results = validate_docx(paths)
    assert len(results) == len(langs)
    assert not any(results.values()), format_validation_errors(results)


# --- random invalid data: always the report, never another exception --------------------------

NOT_XML = ["\x00", "\x0b", "\ud800", "\uffff"]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
    | st.dates().map(str) | st.decimals(allow_nan=True),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=20,
)


def paths_of(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside nested dicts and lists."""
    out = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            out += paths_of(item, (*prefix, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out += paths_of(item, (*prefix, i))
    return out


@st.composite
def broken_data(draw: st.DrawFn) -> dict[str, Any]:
    """Valid data with one to three things broken: a value replaced or deleted, a key added."""
    data = copy.deepcopy(draw(valid_data()))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(paths_of(data)))
        *parents, last = path
        target = data
        for step in parents:
            target = target[step]
        action = draw(st.sampled_from(["replace", "delete", "add", "control"]))
        if action == "replace":
            target[last] = draw(json_values)
        elif action == "delete":
            del target[last]
        elif action == "add" and isinstance(target, dict):
            target[draw(st.text(min_size=1, max_size=8))] = draw(json_values)
        else:
            target[last] = "x" + draw(st.sampled_from(NOT_XML)) + "y"
    return data


@settings(FAST, max_examples=150)
@given(broken_data())
def test_broken_data_always_gets_the_report(data: dict[str, Any]):
    try:
        sources.validate(data, "d.yaml")
    except DataError as exc:
        assert exc.problems
        assert all(p.file == "d.yaml" and p.message for p in exc.problems)


@settings(FAST, max_examples=150)
@given(json_values)
def test_any_value_at_all_gets_the_report(data: Any):
    with pytest.raises(DataError):
        sources.validate(data)


@settings(FAST, max_examples=100)
@given(st.text(max_size=300))
def test_any_text_as_yaml_gets_the_report(text: str):
    with pytest.raises(DataError):
        sources.parse(text, "d.yaml")


cells = st.one_of(st.text(max_size=12), st.sampled_from(
    ["A1", "2024-03-01", "15/01/2024", "africa; mars", "connectivity", "eu", "", "1e3", "#N/A"]))


@settings(FAST, max_examples=60)
@given(st.lists(st.lists(cells, max_size=7), max_size=6))
def test_any_agreements_csv_gets_the_report_or_a_report(rows: list[list[str]]):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        meta = folder / "meta.yaml"
        data = yaml.safe_load(SMALL.read_text(encoding="utf-8"))
        del data["agreements"], data["history"]
        meta.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        header = ["id", "signed", "partners", "regions", "priorities"]
        csv = write_csv(folder / "a.csv", [header, *rows])
        try:
            report = tdagdoc.load(meta, {"agreements": csv})
        except DataError as exc:
            assert all(p.file in (str(csv), str(meta)) for p in exc.problems)
        else:
            assert len(report.agreements) <= len(rows)


@given(st.lists(st.decimals(min_value=-10**6, max_value=10**6, places=3, allow_nan=False,
                            allow_infinity=False), max_size=12),
       st.integers(min_value=0, max_value=2))
def test_apportion_gives_what_sorting_every_part_gives(parts: list[Decimal], digits: int):
    """Apportioning sorts only the parts that lost in rounding: the same choice as
    sorting every part by its loss (the rule as first written), and the rounded sum."""
    import decimal

    from tdagdoc.numbers import CONTEXT, apportion, quantize

    step = Decimal(1).scaleb(-digits)
    floors = [p.quantize(step, rounding=decimal.ROUND_FLOOR, context=CONTEXT) for p in parts]
    missing = int((quantize(sum(parts, Decimal(0)), digits) - sum(floors, Decimal(0))) / step)
    for i in sorted(range(len(parts)), key=lambda i: (floors[i] - parts[i], i))[:missing]:
        floors[i] += step
    assert apportion(parts, digits) == floors
    assert sum(floors, Decimal(0)) == quantize(sum(parts, Decimal(0)), digits)
