"""The report's data tables, built from figures and placed by name from templates."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from tdagdoc import blocks as b
from tdagdoc import styles
from tdagdoc.document import inf
from tdagdoc.document.cells import cell, header_row
from tdagdoc.figures import TOP_DIGITS, Breakdown, Figures
from tdagdoc.input.models import Report
from tdagdoc.l10n.localizer import Localizer
from tdagdoc.numbers import apportion


def top_partners(report: Report, f: Figures, loc: Localizer) -> b.Table:
    """The largest financial partners and what they committed (two decimals, as ITU)."""
    rows = tuple(
        (cell(loc.name(p.partner.name, f"partners[{p.partner.id}].name")),
         cell(loc.fmt.amount(p.usd, TOP_DIGITS, column=True), "end"))
        for p in f.top_partners
    )
    header = header_row(loc._("Partner"),
                   loc._("Signed financial contributions (USD at the date of signature)"))
    note = None
    if f.top_tied:
        note = b.Paragraph((b.Text(loc._(
            "More than ten partners are listed: the last ones committed the same amount, as "
            "shown, as the tenth largest partner, and are all included.")),),
            styles.TABLE_LEGEND)
    return b.Table(header, rows, (6138, 3500), note=note, name="top-partners")


def _breakdown(
    title: str, data: Sequence[Breakdown], f: Figures, loc: Localizer, multi: str | None
) -> b.Table:
    n, money = loc.fmt.integer, loc.fmt.money
    # Whole dollars that add up to the printed total (each row rounded alone may not).
    usd = apportion([r.usd for r in data])
    rows = [
        (cell(loc.label(r.key)), cell(n(r.financial), "end"), cell(n(r.non_financial), "end"),
         cell(n(r.agreements), "end"), cell(money(amount), "end"))
        for r, amount in zip(data, usd, strict=True)
    ]
    rows.append((
        cell(loc._("Total"), bold=True),
        cell(n(f.financial_agreements), "end", bold=True),
        cell(n(f.agreements - f.financial_agreements), "end", bold=True),
        cell(n(f.agreements), "end", bold=True),
        cell(money(f.total_usd), "end", bold=True),
    ))
    header = header_row(title, loc._("Agreements with financial contributions"),
                   loc._("Agreements without financial contributions"),
                   loc._("Total agreements"), loc._("Financial contributions (USD)"))
    note = b.Paragraph((b.Text(multi),), styles.TABLE_LEGEND) if multi else None
    return b.Table(header, tuple(rows), (2838, 1700, 1700, 1400, 2000), note=note)


def by_region(report: Report, f: Figures, loc: Localizer) -> b.Table:
    """Agreements and contributions by ITU region."""
    note = loc._("An agreement that covers several regions is counted under each of them; "
                 "its financial contributions are divided equally among them.")
    return _breakdown(loc._("ITU region"), f.by_region, f, loc,
                      note if f.multi_region else None)


def by_priority(report: Report, f: Figures, loc: Localizer) -> b.Table:
    """Agreements and contributions by ITU-D priority."""
    note = loc._("An agreement that serves several priorities is counted under each of them; "
                 "its financial contributions are divided equally among them.")
    return _breakdown(loc._("ITU-D priority"), f.by_priority, f, loc,
                      note if f.multi_priority else None)


def series(report: Report, f: Figures, loc: Localizer) -> b.Table:
    """Agreements and contributions of the last five years."""
    n = loc.fmt.integer
    rows = tuple(
        (cell(str(y.year), "center"), cell(n(y.agreements), "end"),
         cell(n(y.financial_agreements), "end"),
         cell(loc.fmt.amount(y.usd, column=True), "end"))
        for y in f.series
    )
    header = header_row(loc._("Year"), loc._("Partnership agreements signed"),
                   loc._("Agreements with financial contributions"),
                   loc._("Financial contributions signed"))
    return b.Table(header, rows, (1638, 2600, 2600, 2800))


TABLES: dict[str, Callable[[Report, Figures, Localizer], b.Table]] = {
    "top-partners": top_partners,
    "by-region": by_region,
    "by-priority": by_priority,
    "series": series,
    **inf.TABLES,  # the lists of the INF document
}
NAMES = tuple(TABLES)


def build(
    name: str, report: Report, figures: Figures, loc: Localizer, caption: b.Paragraph | None
) -> b.Table:
    """The table called ``name`` (KeyError for an unknown name)."""
    table = TABLES[name](report, figures, loc)
    return b.Table(table.header, table.rows, table.widths, caption, table.note, name)


