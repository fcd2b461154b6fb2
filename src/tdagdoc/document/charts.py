"""The report's charts, built from figures and placed by name from templates.

A chart block carries its numbers as the document prints them (rounded by the one rule,
parts of a printed total apportioned), its data labels as the language's formatter
writes them, and axis formats in the language's number style; the writer turns it into
a native Word chart whose embedded workbook holds the same numbers.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from decimal import Decimal

from tdagdoc import blocks as b
from tdagdoc import styles
from tdagdoc.figures import Figures
from tdagdoc.l10n.localizer import Localizer
from tdagdoc.numbers import MILLION, apportion, millions, pie_percents

BAR_DIGITS = 2
"""Decimals of the bars in USD million, as the top-10 table prints amounts."""
TREND_DIGITS = 1
"""Decimals of the trend's USD million, as the five-year table prints them."""


def partners_by_type(f: Figures, loc: Localizer) -> b.Chart:
    """The year's partners by type (a pie), each slice labelled "21 (29%)"; when the shares
    as rounded do not add up to 100, a note under the chart says why."""
    cats = tuple(loc.label(t) for t in f.partners_by_type)
    counts = list(f.partners_by_type.values())
    labels = tuple(loc.fmt.pie_labels(counts))
    title = loc._("Partners by type, {year}", year=f.year)
    note = None
    if sum(pie_percents(counts)) != 100:
        note = b.Paragraph((b.Text(loc._(
            "Percentages may not add up to 100 because of rounding.")),), styles.TABLE_LEGEND)
    return b.Chart("partners-by-type", "pie", title, cats,
                   ((loc._("Partners"), tuple(Decimal(n) for n in counts)),), "0",
                   alt_text=_alt(title, cats, list(labels)), labels=(labels,), note=note)


def financial_by_type(f: Figures, loc: Localizer) -> b.Chart:
    """Financial partners by type and the USD they committed (bars, in millions).

    The bars are parts of the financial partners' total, so they are apportioned to add
    up to it as printed (two decimals).
    """
    data = f.financial_partners_by_type
    cats = tuple(loc.label(t) for t in data)
    usd = tuple(apportion([v[1] / MILLION for v in data.values()], BAR_DIGITS))
    title = loc._("Financial contributions by type of partner, {year} (USD million)",
                  year=f.year)
    # A bar apportioned to 0 that is not nothing reads "less than 0.01", never 0.
    step = Decimal(1).scaleb(-BAR_DIGITS)
    tiny = [not v and bool(t[1]) for v, t in zip(usd, data.values(), strict=True)]
    amounts = [loc.fmt.amount(t[1] if small else v * MILLION, BAR_DIGITS, column=True)
               for v, t, small in zip(usd, data.values(), tiny, strict=True)]
    labels = tuple("<" + loc.fmt.number(step, BAR_DIGITS) if small
                   else loc.fmt.number(v, BAR_DIGITS) for v, small in zip(usd, tiny, strict=True))
    return b.Chart("financial-by-type", "bar", title, cats,
                   ((loc._("Financial contributions (USD million)"), usd),), "0.00",
                   alt_text=_alt(title, cats, amounts),
                   labels=(labels,),
                   # The types name themselves; a category title would also sit on the
                   # wrong side of Arabic bars in LibreOffice.
                   axis_titles=("", loc._("USD million")),
                   axes=(loc.fmt.axis(usd),))


def trend(f: Figures, loc: Localizer) -> b.Chart:
    """Agreements and financial agreements over the years (columns), USD as a line."""
    years = tuple(str(y.year) for y in f.series)
    title = loc._("Partnership agreements and financial contributions, {first}-{last}",
                  first=years[0], last=years[-1])
    counts = (tuple(Decimal(y.agreements) for y in f.series),
              tuple(Decimal(y.financial_agreements) for y in f.series))
    usd = tuple(millions(y.usd, TREND_DIGITS) for y in f.series)
    return b.Chart(
        "trend", "column", title, years,
        ((loc._("Partnership agreements signed"), counts[0]),
         (loc._("Agreements with financial contributions"), counts[1])),
        "0",
        alt_text=_alt(title, years, [
            f"{loc.fmt.integer(y.agreements)}, {loc.fmt.integer(y.financial_agreements)}, "
            f"{loc.fmt.amount(y.usd, TREND_DIGITS, column=True)}" for y in f.series]),
        secondary=(loc._("Financial contributions (USD million)"), usd),
        axis_titles=(loc._("Year"), loc._("Number of agreements"), loc._("USD million")),
        axes=(loc.fmt.axis(counts[0] + counts[1]), loc.fmt.axis(usd)),
    )


def _alt(title: str, cats: tuple[str, ...], values: list[str]) -> str:
    """Alternative text that reads the chart out: title, then each category's value."""
    return title + ": " + "; ".join(f"{c}: {v}" for c, v in zip(cats, values, strict=True))


CHARTS: dict[str, Callable[[Figures, Localizer], b.Chart]] = {
    "partners-by-type": partners_by_type,
    "financial-by-type": financial_by_type,
    "trend": trend,
}
NAMES = tuple(CHARTS)


def build(name: str, figures: Figures, loc: Localizer, caption: b.Paragraph | None) -> b.Chart:
    """The chart called ``name`` (KeyError for an unknown name)."""
    return dataclasses.replace(CHARTS[name](figures, loc), caption=caption)
