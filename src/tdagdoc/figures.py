"""Every figure of the report, computed from the agreements.

Pure functions of a :class:`~tdagdoc.input.models.Report`: numbers stay ``Decimal``
and ``int`` here; rounding and wording happen only in :mod:`tdagdoc.l10n.formatting`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from tdagdoc.categories import Membership, PartnerType, Priority, Region
from tdagdoc.input.models import Agreement, Contribution, Development, Partner, Report
from tdagdoc.numbers import millions, quantize

ZERO = Decimal(0)
HUNDRED = Decimal(100)
TOP = 10
TOP_DIGITS = 2
"""Decimals of USD million in the top-partners table: a tie is a tie as printed."""
SERIES_YEARS = 5
MAX_DIGITS = 1
"""Decimals of a year-on-year percentage at most: a smaller change reads "about the same"."""
USD_STEP = Decimal(100_000)
"""The precision of the amounts the series prints (USD 0.1 million): see :class:`Change`."""


@dataclass(frozen=True)
class PartnerAmount:
    """A partner and the USD it committed in the year's agreements."""

    partner: Partner
    usd: Decimal
    agreements: int


@dataclass(frozen=True)
class Breakdown:
    """One row of the tables by ITU region or by ITU-D priority."""

    key: StrEnum
    financial: int
    non_financial: int
    usd: Decimal

    @property
    def agreements(self) -> int:
        """Agreements in the row, with or without financial contributions."""
        return self.financial + self.non_financial


@dataclass(frozen=True)
class YearFigures:
    """One year of the five-year table."""

    year: int
    agreements: int
    financial_agreements: int
    usd: Decimal


@dataclass(frozen=True)
class Change:
    """How a figure moved from the previous year: the sentence's direction and percentage.

    ``step`` is the precision the document prints the figure at (USD 0.1 million for
    amounts; None for counts, printed whole): two amounts that print alike did not move
    as far as the reader can see.
    """

    before: Decimal
    now: Decimal
    step: Decimal | None = None

    @property
    def direction(self) -> str:
        """``up``, ``down``, ``same`` or ``about`` (a change below the precision shown, or
        below 0.05%, which no printed percentage could state): which sentence states it.

        >>> [Change(Decimal(b), Decimal(n), s).direction for b, n, s in (
        ...     (82, 89, None), (100_000, 100_001, None), (5, 5, None),
        ...     (Decimal("1400000"), Decimal("1400000.01"), Decimal(100_000)))]
        ['up', 'about', 'same', 'about']
        """
        if self.now == self.before:
            return "same"
        if not quantize(self.percent, MAX_DIGITS) or (
                self.step is not None
                and quantize(self.now / self.step, 0) == quantize(self.before / self.step, 0)):
            return "about"
        return "up" if self.now > self.before else "down"

    @property
    def percent(self) -> Decimal:
        """The change as an unrounded percentage of the earlier figure, without sign."""
        return abs(self.now - self.before) * HUNDRED / self.before

    @property
    def digits(self) -> int:
        """Decimals that keep a real change from reading 0%: none unless it rounds to 0.

        >>> pairs = ((82, 89), (2000, 2001))
        >>> [Change(Decimal(b), Decimal(n)).digits for b, n in pairs]
        [0, 1]
        """
        return 0 if quantize(self.percent, 0) else MAX_DIGITS


@dataclass(frozen=True)
class YearOnYear:
    """The reporting year against the one before, from the five-year series."""

    previous: int
    agreements: Change | None
    financial_agreements: Change | None
    usd: Change | None
    """Each None when the earlier figure is 0: no percentage of nothing."""


@dataclass(frozen=True)
class Figures:
    """The figures of one reporting year, as the report states them."""

    year: int
    agreements: int
    financial_agreements: int
    total_usd: Decimal
    partner_usd: Decimal
    itu_usd: Decimal
    partners: int
    partners_by_type: dict[PartnerType, int]
    partners_by_membership: dict[Membership, int]
    financial_partners: tuple[PartnerAmount, ...]
    by_region: tuple[Breakdown, ...]
    by_priority: tuple[Breakdown, ...]
    series: tuple[YearFigures, ...]
    multi_region: bool
    multi_priority: bool
    year_agreements: tuple[Agreement, ...]  # by date of signature, then number (the INF list)
    in_kind_agreements: int = 0
    in_kind_usd: Decimal = ZERO
    partners_by_development: dict[Development, int] | None = None
    """The year's partners from developed and developing countries; None when the data
    gives no partner's development status."""
    new_partners: frozenset[str] | None = None
    """Ids of the year's partners that signed with BDT for the first time; None when the
    data cannot tell for every partner."""

    @property
    def partner_share(self) -> Decimal:
        """Percentage of the year's USD given by partners (unrounded)."""
        return _share(self.partner_usd, self.total_usd)

    @property
    def itu_share(self) -> Decimal:
        """Percentage of the year's USD given by ITU (unrounded)."""
        return _share(self.itu_usd, self.total_usd)

    @property
    def financial_partners_usd(self) -> Decimal:
        """USD committed by the partners that gave money."""
        return sum((p.usd for p in self.financial_partners), ZERO)

    @property
    def top_partners(self) -> tuple[PartnerAmount, ...]:
        """The ten largest financial partners, largest first, and every partner tied with
        the tenth at the precision the table prints (:data:`TOP_DIGITS`): none is dropped
        by an arbitrary order."""
        ranked = self.financial_partners
        if len(ranked) <= TOP:
            return ranked
        last = millions(ranked[TOP - 1].usd, TOP_DIGITS)
        return tuple(p for i, p in enumerate(ranked)
                     if i < TOP or millions(p.usd, TOP_DIGITS) == last)

    @property
    def top_tied(self) -> bool:
        """Whether the top list grew past ten because of a tie at the tenth place."""
        return len(self.top_partners) > TOP

    @property
    def financial_partners_by_type(self) -> dict[PartnerType, tuple[int, Decimal]]:
        """Financial partners by type: how many, and how much they gave."""
        out: dict[PartnerType, tuple[int, Decimal]] = {}
        for t in PartnerType:
            rows = [p for p in self.financial_partners if p.partner.type == t]
            if rows:
                out[t] = (len(rows), sum((p.usd for p in rows), ZERO))
        return out

    @property
    def year_on_year(self) -> YearOnYear | None:
        """The year against the previous one, when the series has it."""
        by_year = {y.year: y for y in self.series}
        now, before = by_year.get(self.year), by_year.get(self.year - 1)
        if now is None or before is None:
            return None

        def change(a: Decimal | int, b: Decimal | int, step: Decimal | None = None
                   ) -> Change | None:
            return Change(Decimal(a), Decimal(b), step) if a else None

        return YearOnYear(
            before.year, change(before.agreements, now.agreements),
            change(before.financial_agreements, now.financial_agreements),
            change(before.usd, now.usd, USD_STEP))

    @property
    def series_high(self) -> bool:
        """Whether the reporting year mobilized more than every earlier year of the series:
        only then does the report call its level significant."""
        if len(self.series) < 2 or self.series[-1].year != self.year:
            return False
        *earlier, last = self.series
        return all(last.usd > y.usd for y in earlier)

    @property
    def foreign_currency(self) -> bool:
        """Whether any of the year's contributions (money or in kind) was signed in a currency
        other than USD."""
        return any(c.currency != "USD" for a in self.year_agreements for c in a.contributions)

    @property
    def members(self) -> int:
        """Partners that are ITU members of any category."""
        return sum(n for m, n in self.partners_by_membership.items() if m != Membership.NONE)


def _share(part: Decimal, whole: Decimal) -> Decimal:
    return part * HUNDRED / whole if whole else ZERO


def compute(report: Report) -> Figures:
    """All figures of ``report.year`` (and the five-year series ending there)."""
    # Each agreement's financial contributions and their USD, found once for every
    # figure, by year of signature.
    by_year: dict[int, list[_Money]] = defaultdict(list)
    for a in report.agreements:
        paid = a.financial
        by_year[a.signed.year].append((a, paid, sum((c.usd_value for c in paid), ZERO)))
    money = by_year.get(report.year, [])
    year = [a for a, _, _ in money]
    partners = report.partners_by_id
    signed_with = {pid for a in year for pid in a.partners}

    partner_usd: dict[str, Decimal] = defaultdict(lambda: ZERO)
    partner_count: Counter[str] = Counter()
    itu_usd = ZERO
    for agreement, paid, _ in money:
        givers = set()
        for c in paid:
            giver = c.by or agreement.partners[0]
            if giver == "itu":
                itu_usd += c.usd_value
            else:
                partner_usd[giver] += c.usd_value
                givers.add(giver)
        partner_count.update(givers)

    financial = sorted(
        (PartnerAmount(partners[pid], usd, partner_count[pid]) for pid, usd in partner_usd.items()),
        # Largest first; equal amounts in the order of partner ids, the same in every
        # language (not by name, which would differ from one language to another).
        key=lambda p: (-p.usd, p.partner.id),
    )
    in_kind = [a.in_kind for a in year]
    by_type = Counter(partners[pid].type for pid in signed_with)
    by_membership = Counter(partners[pid].membership for pid in signed_with)

    return Figures(
        year=report.year,
        agreements=len(year),
        financial_agreements=sum(1 for _, paid, _ in money if paid),
        total_usd=sum((usd for _, _, usd in money), ZERO),
        partner_usd=sum(partner_usd.values(), ZERO),
        itu_usd=itu_usd,
        partners=len(signed_with),
        partners_by_type={t: by_type[t] for t in PartnerType if by_type[t]},
        partners_by_membership={m: by_membership[m] for m in Membership if by_membership[m]},
        financial_partners=tuple(financial),
        by_region=_breakdown(money, Region, lambda a: a.regions),
        by_priority=_breakdown(money, Priority, lambda a: a.priorities),
        series=tuple(_series(report, by_year)),
        multi_region=any(len(a.regions) > 1 for a in year),
        multi_priority=any(len(a.priorities) > 1 for a in year),
        year_agreements=tuple(sorted(year, key=lambda a: (a.signed, a.id))),
        new_partners=_new_partners(report, signed_with),
        partners_by_development=_by_development(report, signed_with),
        in_kind_agreements=sum(1 for kind in in_kind if kind),
        in_kind_usd=sum((c.usd_value for kind in in_kind for c in kind), ZERO),
    )


def _by_development(report: Report, signed_with: set[str]) -> dict[Development, int] | None:
    """How many of the year's partners come from developed and from developing countries."""
    status = Counter(report.partners_by_id[pid].development for pid in signed_with)
    if not any(status[d] for d in Development):
        return None
    return {d: status[d] for d in Development}


def _new_partners(report: Report, signed_with: set[str]) -> frozenset[str] | None:
    """The year's partners signing for the first time, when the data can tell.

    A partner's ``first_agreement`` year says it; else its earlier agreements in the
    data do, but only when the data holds agreements of earlier years at all (a file
    of one year's agreements cannot tell a new partner from an old one).
    """
    earlier = [a for a in report.agreements if a.signed.year < report.year]
    before = {pid for a in earlier for pid in a.partners}
    new = set()
    for pid in signed_with:
        first = report.partners_by_id[pid].first_agreement
        if first is not None:
            if first == report.year and pid not in before:
                new.add(pid)
        elif not earlier:
            return None
        elif pid not in before:
            new.add(pid)
    return frozenset(new)


def agreement_usd(agreement: Agreement) -> Decimal:
    """All the agreement's financial contributions (partners' and ITU's) in USD."""
    return _usd((agreement,))


def agreement_in_kind_usd(agreement: Agreement) -> Decimal:
    """The agreement's in-kind contributions, valued in USD."""
    return sum((c.usd_value for c in agreement.in_kind), ZERO)


def _usd(agreements: Iterable[Agreement]) -> Decimal:
    """Financial contributions only: in-kind support never enters the financial figures."""
    return sum((c.usd_value for a in agreements for c in a.financial), ZERO)


_Money = tuple[Agreement, list[Contribution], Decimal]
"""An agreement, its financial contributions and their USD."""


def _breakdown(
    agreements: Sequence[_Money],
    keys: type[StrEnum],
    keys_of: Callable[[Agreement], Sequence[StrEnum]],
) -> tuple[Breakdown, ...]:
    """Count each agreement under each of its keys; split its USD equally among them.

    ``agreements`` come with their financial contributions and the USD of these.
    Splitting keeps the column of amounts adding up to the year's total; the
    remainder of the division goes to the last key so no cent is lost.
    """
    financial: dict[StrEnum, int] = {}
    other: dict[StrEnum, int] = {}
    usd: dict[StrEnum, Decimal] = defaultdict(lambda: ZERO)
    for agreement, contributions, total in agreements:
        own = list(dict.fromkeys(keys_of(agreement)))
        if not own:
            continue
        counts = financial if contributions else other
        for key in own:
            counts[key] = counts.get(key, 0) + 1
        if len(own) == 1:  # nothing to split
            usd[own[0]] += total
            continue
        share = quantize(total / len(own), 2)
        for key in own[:-1]:
            usd[key] += share
        usd[own[-1]] += total - share * (len(own) - 1)
    return tuple(
        Breakdown(key, financial.get(key, 0), other.get(key, 0), usd[key])
        for key in keys
        if financial.get(key) or other.get(key)
    )


def _series(report: Report, by_year: Mapping[int, list[_Money]]) -> Iterable[YearFigures]:
    """The five years ending with the reporting year: history, else the agreements."""
    history = {h.year: h for h in report.history}
    for year in range(report.year - SERIES_YEARS + 1, report.year + 1):
        signed = by_year.get(year, [])
        if year in history and year != report.year:
            h = history[year]
            yield YearFigures(year, h.agreements, h.financial_agreements, h.usd)
        elif signed or year == report.year:
            yield YearFigures(year, len(signed), sum(1 for _, paid, _ in signed if paid),
                              sum((usd for _, _, usd in signed), ZERO))
