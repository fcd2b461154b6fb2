"""The report's charts, built from figures and placed by name from templates.

A chart block carries its numbers; the writer turns it into a native Word chart
whose embedded workbook holds the same numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from tdagdoc import blocks as b
from tdagdoc.figures import Figures
from tdagdoc.l10n.localizer import Localizer

MILLION = Decimal(1_000_000)


def partners_by_type(f: Figures, loc: Localizer) -> b.Chart:
    """The year's partners by type (a pie)."""
    cats = tuple(loc.label(t) for t in f.partners_by_type)
    values = tuple(Decimal(n) for n in f.partners_by_type.values())
    title = loc._("Partners by type, {year}", year=f.year)
    return b.Chart("partners-by-type", "pie", title, cats, ((loc._("Partners"), values),),
                   "0", alt_text=_alt(title, cats, [loc.fmt.integer(int(v)) for v in values]))


def financial_by_type(f: Figures, loc: Localizer) -> b.Chart:
    """Financial partners by type and the USD they committed (bars, in millions)."""
    data = f.financial_partners_by_type
    cats = tuple(loc.label(t) for t in data)
    usd = tuple((v[1] / MILLION).quantize(Decimal("0.01"), ROUND_HALF_UP) for v in data.values())
    title = loc._("Financial contributions by type of partner, {year} (USD million)",
                  year=f.year)
    return b.Chart("financial-by-type", "bar", title, cats,
                   ((loc._("USD million"), usd),), "0.00",
                   alt_text=_alt(title, cats, [loc.fmt.amount(v[1], 2) for v in data.values()]))


def trend(f: Figures, loc: Localizer) -> b.Chart:
    """Agreements and financial agreements over five years (columns), USD as a line."""
    years = tuple(str(y.year) for y in f.series)
    title = loc._("Partnership agreements and financial contributions, {first}-{last}",
                  first=years[0], last=years[-1])
    return b.Chart(
        "trend", "column", title, years,
        ((loc._("Partnership agreements signed"), tuple(Decimal(y.agreements) for y in f.series)),
         (loc._("Agreements with financial contributions"),
          tuple(Decimal(y.financial_agreements) for y in f.series))),
        "0",
        alt_text=_alt(title, years, [
            f"{loc.fmt.integer(y.agreements)}, {loc.fmt.integer(y.financial_agreements)}, "
            f"{loc.fmt.amount(y.usd)}" for y in f.series]),
        secondary=(loc._("USD million"),
                   tuple((y.usd / MILLION).quantize(Decimal("0.1"), ROUND_HALF_UP)
                         for y in f.series)),
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
    chart = CHARTS[name](figures, loc)
    return b.Chart(chart.name, chart.kind, chart.title, chart.categories, chart.series,
                   chart.number_format, caption, chart.alt_text, chart.secondary)
