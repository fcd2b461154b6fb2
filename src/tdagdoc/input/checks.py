"""The cross-checks: what the data means across items, beyond what one field's type says.

One function per rule; :func:`check_items` runs them in a fixed order (the
document, the partners, the rates, the partners' first agreements, the
agreements, the history), each item's rules together, so that a user reads the
problems of one item side by side. Every rule returns (path, message) pairs and
never stops the others: all problems come out at once.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from typing import TypeVar

from tdagdoc.input.markup import note_refs
from tdagdoc.input.markup import problems as markup_problems
from tdagdoc.input.models import (
    Agreement,
    Contribution,
    DocumentMeta,
    Highlight,
    Partner,
    Rate,
    Rates,
    Report,
    YearTotals,
    converted,
    month_of,
)
from tdagdoc.languages import LANGUAGE_CODES

__all__ = ["check_highlight", "check_highlights", "check_items", "check_priorities",
           "check_report"]

Found = Sequence[tuple[str, str]]
"""A rule's problems: (path, message) pairs, usually none (rules run on every item of
100 000, so they return a sequence, not a generator, which costs more to make)."""
NONE: Found = ()
T = TypeVar("T")
K = TypeVar("K", bound=Hashable)


def check_report(report: Report) -> list[tuple[str, str]]:
    """Meaning checks that the field types cannot express, as (path, message) pairs.

    All problems are returned together so that a user fixes them in one pass.
    """
    problems = check_items(
        report.year, report.document, list(enumerate(report.partners)),
        list(enumerate(report.agreements)), list(enumerate(report.history)),
        rates=list(enumerate(report.rates)),
    )
    problems += check_highlights(report.highlights, report.results_note)
    problems += check_priorities(report)
    if not any(a.signed.year == report.year for a in report.agreements):
        problems.append(("agreements", f"no agreement was signed in the reporting year "
                         f"{report.year}: there is no report to write"))
    return problems


def check_priorities(report: Report) -> list[tuple[str, str]]:
    """Each agreement's priorities are priorities of the report's framework."""
    fw = report.outcomes
    return [(f"agreements[{i}].priorities",
             f"{p.value!r} is not a priority of {fw.id} ({', '.join(fw.priorities)})")
            for i, a in enumerate(report.agreements) for p in a.priorities
            if p.value not in fw.priorities]


# --- highlights ----------------------------------------------------------------------------


def check_highlight(h: Highlight, where: str) -> list[tuple[str, str]]:
    """Footnote marks without their note, notes never marked, links to no http(s) address."""
    out = []
    used: set[str] = set()
    for lang in LANGUAGE_CODES:
        text = h.text.get(lang)
        if text is not None:
            out += [(f"{where}.text.{lang}", m) for m in markup_problems(text, h.notes)]
            used |= note_refs(text)
    for name, note in h.notes.items():
        for lang in LANGUAGE_CODES:
            text = note.get(lang)
            if text is not None:
                out += [(f"{where}.notes.{name}.{lang}", m)
                        for m in markup_problems(text, (), in_note=True)]
        if name not in used:
            out.append((f"{where}.notes.{name}", f"no [^{name}] in the text refers to this "
                        "note"))
    return out


def check_highlights(highlights: Sequence[Highlight | None], results_note: Highlight | None
                     ) -> list[tuple[str, str]]:
    """The markup checks of every highlight paragraph (None: one that failed validation)."""
    out = []
    for i, h in enumerate(highlights):
        if h is not None:
            out += check_highlight(h, f"highlights[{i}]")
    if results_note is not None:
        out += check_highlight(results_note, "results_note")
    return out


# --- the items -----------------------------------------------------------------------------


@dataclass
class Items:
    """The items that passed their own validation, each with its index in the file, and
    the tables the rules share (computed once, when a rule first asks)."""

    year: int | None
    meta: DocumentMeta | None
    partners: Sequence[tuple[int, Partner]]
    agreements: Sequence[tuple[int, Agreement]]
    history: Sequence[tuple[int, YearTotals]]
    known_ids: Collection[str]
    """Ids of partners that failed validation: references to them are not reported again."""
    rates: Sequence[tuple[int, Rate]]

    @cached_property
    def partner_ids(self) -> dict[str, int]:
        """Each partner id at its first index."""
        return _first(self.partners, lambda p: p.id)

    @cached_property
    def agreement_ids(self) -> dict[str, int]:
        return _first(self.agreements, lambda a: a.id)

    @cached_property
    def first_rates(self) -> dict[tuple[str, str], int]:
        return _first(self.rates, lambda r: (r.currency, r.month))

    @cached_property
    def rate_table(self) -> Rates:
        """Units per USD by (currency, month), from the first rate given for each."""
        return {key: self.rates_by_index[i].per_usd for key, i in self.first_rates.items()}

    @cached_property
    def rates_by_index(self) -> dict[int, Rate]:
        return dict(self.rates)

    @cached_property
    def signed_in(self) -> dict[int, list[Agreement]]:
        """The agreements by the year they were signed."""
        years: dict[int, list[Agreement]] = {}
        for _, agreement in self.agreements:
            years.setdefault(agreement.signed.year, []).append(agreement)
        return years

    @cached_property
    def history_years(self) -> dict[int, int]:
        return _first(self.history, lambda t: t.year)

    @cached_property
    def first_agreements(self) -> dict[str, tuple[int, int]]:
        """Partners that give the year of their first agreement: id to (index, year)."""
        return {p.id: (i, p.first_agreement) for i, p in self.partners if p.first_agreement}

    @cached_property
    def earliest_signed(self) -> dict[str, int]:
        """The year of each partner's earliest agreement in the data."""
        earliest: dict[str, int] = {}
        for year, agreements in sorted(self.signed_in.items(), reverse=True):
            for agreement in agreements:
                for pid in agreement.partners:
                    earliest[pid] = year
        return earliest


def _first(items: Iterable[tuple[int, T]], key: Callable[[T], K]) -> dict[K, int]:
    """Each key at the index of the first item that has it."""
    first: dict[K, int] = {}
    for i, item in items:
        first.setdefault(key(item), i)
    return first


def check_items(
    year: int | None,
    meta: DocumentMeta | None,
    partners: list[tuple[int, Partner]],
    agreements: list[tuple[int, Agreement]],
    history: list[tuple[int, YearTotals]],
    known_ids: Collection[str] = frozenset(),
    rates: Sequence[tuple[int, Rate]] = (),
) -> list[tuple[str, str]]:
    """The cross-checks on items that passed their own validation.

    Items keep their index in the file, so the checks also run on the valid
    part of a file whose other items have type errors; ``known_ids`` holds the
    ids of partners that failed validation, so references to them are not
    reported a second time.
    """
    items = Items(year, meta, partners, agreements, history, known_ids, rates)
    problems: list[tuple[str, str]] = []
    for check in CHECKS:
        problems += check(items)
    return problems


# --- the document --------------------------------------------------------------------------


def meeting_in_order(items: Items) -> Found:
    if items.meta is not None and items.meta.meeting.end < items.meta.meeting.start:
        return [("document.meeting.end", "ends before the meeting starts")]
    return NONE


def one_later_version(items: Items) -> Found:
    meta = items.meta
    if meta is not None and sum(
            x is not None for x in (meta.revision, meta.addendum, meta.corrigendum)) > 1:
        return [("document", "give at most one of revision, addendum and corrigendum")]
    return NONE


# --- partners ------------------------------------------------------------------------------


def partner_id_once(items: Items, i: int, partner: Partner) -> Found:
    first = items.partner_ids[partner.id]
    if first != i:
        return [(f"partners[{i}].id", f"duplicate partner id {partner.id!r} "
                 f"(first at partners[{first}])")]
    return NONE


def partner_id_not_itu(items: Items, i: int, partner: Partner) -> Found:
    if partner.id.casefold() == "itu":
        return [(f"partners[{i}].id", f"{partner.id!r} is reserved (in any letter case) for "
                 "contributions given by ITU")]
    return NONE


# --- rates ---------------------------------------------------------------------------------


def rate_once(items: Items, i: int, rate: Rate) -> Found:
    first = items.first_rates[(rate.currency, rate.month)]
    if first != i:
        return [(f"rates[{i}]", f"a second rate for {rate.currency} in {rate.month} "
                 f"(first at rates[{first}])")]
    return NONE


def dollar_is_one(items: Items, i: int, rate: Rate) -> Found:
    """A second rate is reported as such, not checked again."""
    if (rate.currency == "USD" and rate.per_usd != 1
            and items.first_rates[(rate.currency, rate.month)] == i):
        return [(f"rates[{i}].per_usd", "a US dollar is worth one US dollar")]
    return NONE


# --- partners' first agreements ------------------------------------------------------------


def first_agreement_not_after_year(items: Items) -> Found:
    year = items.year
    return [(f"partners[{i}].first_agreement", f"{since} is after the reporting year {year}")
            for i, since in items.first_agreements.values()
            if year is not None and since > year]


def first_agreement_not_after_one_signed(items: Items) -> Found:
    earliest = items.earliest_signed
    return [(f"partners[{i}].first_agreement", f"{since}, but the partner signed an "
             f"agreement in {earliest[pid]}")
            for pid, (i, since) in items.first_agreements.items()
            if pid in earliest and earliest[pid] < since]


# --- agreements ----------------------------------------------------------------------------


def agreement_id_once(items: Items, i: int, agreement: Agreement) -> Found:
    first = items.agreement_ids[agreement.id]
    if first != i:
        return [(f"agreements[{i}].id", f"duplicate agreement id {agreement.id!r} "
                 f"(first at agreements[{first}])")]
    return NONE


def signed_by_year(items: Items, i: int, agreement: Agreement) -> Found:
    if items.year is not None and agreement.signed.year > items.year:
        return [(f"agreements[{i}].signed", f"signed in {agreement.signed.year}, after the "
                 f"reporting year {items.year}")]
    return NONE


def partners_known(items: Items, i: int, agreement: Agreement) -> Found:
    known, failed = items.partner_ids, items.known_ids
    return [(f"agreements[{i}].partners[{j}]", f"unknown partner id {pid!r}")
            for j, pid in enumerate(agreement.partners) if pid not in known and pid not in failed]


def partners_once(items: Items, i: int, agreement: Agreement) -> Found:
    if len(set(agreement.partners)) != len(agreement.partners):
        return [(f"agreements[{i}].partners", "lists a partner twice")]
    return NONE


def categories_once(items: Items, i: int, agreement: Agreement) -> Found:
    out = []
    listed: tuple[tuple[str, Sequence[StrEnum]], ...] = (
        ("regions", agreement.regions), ("priorities", agreement.priorities))
    for field, values in listed:
        if len(set(values)) == len(values):
            continue
        twice = sorted({v.value for v in values if values.count(v) > 1})
        out.append((f"agreements[{i}].{field}", f"lists {', '.join(twice)} twice: each counts "
                    "once in the tables"))
    return out


def contributions_valued(items: Items, i: int, agreement: Agreement) -> Found:
    if not agreement.contributions:
        return NONE
    return [problem for j, c in enumerate(agreement.contributions)
            for problem in contribution_valued(c, agreement, f"agreements[{i}].contributions[{j}]",
                                               items.rate_table)]


def contribution_valued(c: Contribution, agreement: Agreement, where: str, table: Rates
                        ) -> Found:
    """A contribution has a USD value, and says who gives it."""
    out = []
    month = month_of(agreement.signed)
    if c.currency != "USD" and c.usd is None and (c.currency, month) not in table:
        out.append((f"{where}.usd", f"agreement {agreement.id!r}: no UN operational rate "
                    f"of exchange for {c.currency} in {month}: add it to the rates, or give "
                    "the USD value at the date of signature as usd"))
    if c.currency == "USD" and c.usd is not None and c.usd != c.amount:
        out.append((f"{where}.usd", "differs from the amount of a USD contribution"))
    if c.by is None:
        if len(agreement.partners) != 1:
            out.append((f"{where}.by", "say who gives it ('itu' or one of the agreement's "
                        "partners): the agreement has several partners"))
    elif c.by != "itu" and c.by not in agreement.partners:
        out.append((f"{where}.by", f"{c.by!r} is neither 'itu' nor a partner of this agreement"))
    return out


# --- history -------------------------------------------------------------------------------


def history_year_once(items: Items, i: int, totals: YearTotals) -> Found:
    if items.history_years[totals.year] != i:
        return [(f"history[{i}].year", f"year {totals.year} given twice")]
    return NONE


def history_before_year(items: Items, i: int, totals: YearTotals) -> Found:
    if items.year is not None and totals.year >= items.year:
        return [(f"history[{i}].year", f"history must be of years before {items.year}")]
    return NONE


def history_counts_agree(items: Items, i: int, totals: YearTotals) -> Found:
    """The totals say the same as themselves: financial agreements among all, USD with them."""
    out = []
    if totals.financial_agreements > totals.agreements:
        out.append((f"history[{i}].financial_agreements",
                    "more agreements with financial contributions than agreements"))
    if totals.usd and not totals.financial_agreements:
        out.append((f"history[{i}].usd", f"USD {totals.usd} without any agreement with "
                    "financial contributions"))
    if totals.financial_agreements and not totals.usd:
        out.append((f"history[{i}].usd", f"{totals.financial_agreements} agreements with "
                    "financial contributions but no USD"))
    return out


def history_matches_data(items: Items, i: int, totals: YearTotals) -> Found:
    """A year the data has agreements of is counted from them; the totals must agree."""
    signed = items.signed_in.get(totals.year)
    if signed:
        table = items.rate_table
        counted = (len(signed), sum(1 for a in signed if a.financial),
                   sum((_usd_at(c, a, table) for a in signed for c in a.financial), Decimal(0)))
        given = (totals.agreements, totals.financial_agreements, totals.usd)
        if counted != given:
            return [(f"history[{i}]", f"totals {given[0]}/{given[1]}/USD {given[2]} disagree "
                     f"with the {counted[0]} agreements of {totals.year} in the data "
                     f"({counted[1]} financial, USD {counted[2]})")]
    return NONE


def _usd_at(c: Contribution, agreement: Agreement, table: Rates) -> Decimal:
    """The contribution's USD value, from the rates when not given (0 when no rate: that is
    reported on its own)."""
    if c.usd is not None or c.currency == "USD":
        return c.usd_value
    rate = table.get((c.currency, month_of(agreement.signed)))
    return converted(c.amount, rate) if rate is not None else Decimal(0)


# --- the order they run in -----------------------------------------------------------------


def each(items_of: Callable[[Items], Sequence[tuple[int, T]]],
         *rules: Callable[[Items, int, T], Found]) -> Callable[[Items], Found]:
    """A check that runs ``rules`` on each item in turn, an item's problems together."""
    def check(items: Items) -> Found:
        out: list[tuple[str, str]] = []
        for i, item in items_of(items):
            for rule in rules:
                found = rule(items, i, item)
                if found:
                    out += found
        return out
    return check


CHECKS: tuple[Callable[[Items], Found], ...] = (
    meeting_in_order,
    one_later_version,
    each(lambda items: items.partners, partner_id_once, partner_id_not_itu),
    each(lambda items: items.rates, rate_once, dollar_is_one),
    first_agreement_not_after_year,
    first_agreement_not_after_one_signed,
    each(lambda items: items.agreements, agreement_id_once, signed_by_year, partners_known,
         partners_once, categories_once, contributions_valued),
    each(lambda items: items.history, history_year_once, history_before_year,
         history_counts_agree, history_matches_data),
)
"""Every cross-check, in the order its problems are listed."""
