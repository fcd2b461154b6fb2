"""The information document's tables: every agreement of the year, every financial partner.

The report cites "Document TDAG-25/INF/1" for these lists. They can run to tens
of thousands of rows, so the agreements table is a :class:`~tdagdoc.blocks.Rows`:
each row is made only when the writer streams it. What repeats from row to row
(dates, partner names and types, region and priority labels) is formatted and
made into a paragraph once, and translated names are looked up per partner, not
per row, so that a missing translation is reported once and before writing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import StrEnum

from tdagdoc import blocks as b
from tdagdoc import styles
from tdagdoc.categories import Priority, Region
from tdagdoc.countries import country_name, names_country
from tdagdoc.document.cells import cell, header_row, runs, whole
from tdagdoc.figures import Figures, PartnerAmount, agreement_in_kind_usd, agreement_usd
from tdagdoc.input.models import Agreement, ContributionKind, Report
from tdagdoc.l10n.formatting import Formatter
from tdagdoc.l10n.localizer import Localizer
from tdagdoc.numbers import apportion

# Twentieths of a point: each table fills the 14 570 between the 2 cm margins of a
# landscape A4 page (the INF template's); the writer shrinks them on a narrower page.
AGREEMENT_WIDTHS = (1600, 1700, 3300, 2100, 1800, 2570, 1500)
PARTNER_WIDTHS = (6070, 3700, 2400, 2400)
NIL = "–"  # an agreement without money: a dash, as ITU tables write nil
# After the name of a partner signing with BDT for the first time: a no-break space before
# it in spaced scripts; none in Chinese, which sets no spaces and where LibreOffice breaks
# at a no-break space (the mark stood alone on the next line).
NEW_MARK = "\u00a0*"
NEW_MARK_UNSPACED = "*"
FINANCIAL = ContributionKind.FINANCIAL


class _Cells:
    """Cell makers for one table: a cell of repeated texts is made once and shared.

    Sharing saves making the cell again and lets the writer reuse its XML. Texts
    that never repeat (numbers, amounts) get fresh cells, and the store is
    emptied when full, so memory does not grow with the length of the table.
    """

    LIMIT = 4096

    def __init__(self, fmt: Formatter) -> None:
        self._shared: dict[tuple[tuple[str, ...], str], b.Cell] = {}
        self._fmt = fmt  # its superscripts: French "1er avril"

    def shared(self, *texts: str, align: str = "start") -> b.Cell:
        """A cell with one paragraph per text, made once per distinct texts."""
        key = (texts, align)
        found = self._shared.get(key)
        if found is None:
            if len(self._shared) >= self.LIMIT:
                self._shared.clear()
            found = self._shared[key] = b.Cell(
                tuple(b.Paragraph(runs(t, self._fmt), styles.TABLE_TEXT) for t in texts),
                align=align)  # type: ignore[arg-type]
        return found


def agreements(report: Report, f: Figures, loc: Localizer) -> b.Table:
    """Every agreement signed in the year, by date: partners, scope and USD committed."""
    items = f.year_agreements
    partners = report.partners_by_id
    new = f.new_partners or frozenset()
    lang = loc.lang.code
    mark = NEW_MARK_UNSPACED if loc.lang.script == "eastAsia" else NEW_MARK

    def name(pid: str) -> str:
        text = loc.name(partners[pid].name, f"partners[{pid}].name")
        code = partners[pid].country
        # The UN's name of the country in brackets, as each language writes them (Chinese
        # full-width), unless the partner's name already says it.
        if code and not names_country(text, code, lang):
            text = loc._("{name} ({country})", name=text, country=country_name(code, lang))
        return text + (mark if pid in new else "")

    names = {pid: name(pid)
             for pid in dict.fromkeys(p for a in items for p in a.partners)}
    labels: dict[StrEnum, str] = {}

    def label(value: StrEnum) -> str:
        found = labels.get(value)
        if found is None:
            found = labels[value] = loc.label(value)
        return found

    cells = _Cells(loc.fmt)
    dates: dict[dt.date, tuple[str, b.Cell]] = {}  # the days of one year: a few hundred
    money, integer = loc.fmt.money, loc.fmt.integer  # whole USD: money(Decimal(n)) == integer(n)
    nil = cell(NIL, "end")
    # Whole dollars apportioned to add up to the printed total (rows rounded one by one
    # overshot it when agreements had cents).
    # Kept as ints in the items' order (100 000 Decimals in a dict by id took 15 MB).
    printed = [int(usd) for usd in apportion([agreement_usd(a) for a in items])]

    def usd_cell(a: Agreement, usd: int) -> b.Cell:
        """Whole USD; under it, each contribution signed in another currency, as signed,
        and the in-kind support, marked and never added to the USD above it, with its own
        contributions in another currency under it as the money's are."""
        if not a.contributions:
            return nil
        if all(c.currency == "USD" and c.kind is FINANCIAL for c in a.contributions):
            return cell(integer(usd), "end")  # the common case, made short
        signed = [loc.fmt.signed(c.amount, c.currency)
                  for c in a.financial if c.currency != "USD"]
        in_kind = agreement_in_kind_usd(a)
        if not signed and not in_kind:
            return cell(integer(usd), "end") if a.financial else nil
        texts = [integer(usd) if a.financial else NIL, *signed]
        if in_kind:
            texts.append(loc._("In kind: {amount}", amount=money(in_kind)))
            texts.extend(loc.fmt.signed(c.amount, c.currency)
                         for c in a.in_kind if c.currency != "USD")
        return b.Cell(tuple(b.Paragraph((b.Text(t),), styles.TABLE_TEXT) for t in texts),
                      align="end")

    periods: dict[tuple[dt.date, dt.date], str] = {}

    def row(i: int) -> b.Row:
        a = items[i]
        signed = dates.get(a.signed)
        if signed is None:
            text = whole(loc.fmt.date(a.signed))
            signed = dates[a.signed] = (text, cells.shared(text))
        date = signed[1]
        if a.start is not None and a.end is not None:  # a multi-year agreement's period
            key = (a.start, a.end)
            period = periods.get(key)
            if period is None:
                if len(periods) >= _Cells.LIMIT:
                    periods.clear()
                period = periods[key] = loc._("Period: {start} - {end}",
                                              start=loc.fmt.date(a.start),
                                              end=loc.fmt.date(a.end))
            date = cells.shared(signed[0], period)
        ids = tuple(a.partners)
        who = by_partners.get(ids)
        if who is None:
            if len(by_partners) >= _Cells.LIMIT:
                by_partners.clear()
            who = by_partners[ids] = (
                cells.shared(*(names[p] for p in ids)),
                cells.shared(*dict.fromkeys(label(partners[p].type) for p in ids)))
        return (
            cell(a.id),
            date,
            *who,
            scope(by_regions, a.regions),
            scope(by_priorities, a.priorities),
            usd_cell(a, printed[i]),
        )

    # The cells of the partners, regions and priorities that recur, by the data's own
    # values: looked up before any text is made (one store for each kind: a region and
    # a priority may be the same string).
    by_partners: dict[tuple[str, ...], tuple[b.Cell, b.Cell]] = {}
    by_regions: dict[tuple[StrEnum, ...], b.Cell] = {}
    by_priorities: dict[tuple[StrEnum, ...], b.Cell] = {}

    def scope(store: dict[tuple[StrEnum, ...], b.Cell],
              values: list[Region] | list[Priority]) -> b.Cell:
        key = tuple(values)
        found = store.get(key)
        if found is None:
            if len(store) >= _Cells.LIMIT:
                store.clear()
            found = store[key] = cells.shared(*map(label, key))
        return found

    total = (cell(loc._("Total"), bold=True), *(cell("") for _ in range(5)),
             cell(money(f.total_usd), "end", bold=True))
    header = header_row(loc._("Agreement"), loc._("Date signed"), loc._("Partners"),
                     loc._("Type of partner"), loc._("ITU regions"), loc._("ITU-D priorities"),
                     loc._("Financial contributions (USD)"))
    return b.Table(header, b.Rows(range(len(items)), row, (total,)), AGREEMENT_WIDTHS,
                   name="agreements")


def financial_partners(report: Report, f: Figures, loc: Localizer) -> b.Table:
    """Every partner that committed money in the year, largest first, with the total."""
    money, integer = loc.fmt.money, loc.fmt.integer
    names = {p.partner.id: loc.name(p.partner.name, f"partners[{p.partner.id}].name")
             for p in f.financial_partners}
    types = {t: loc.label(t) for t in {p.partner.type for p in f.financial_partners}}
    cells = _Cells(loc.fmt)
    printed = dict(zip((p.partner.id for p in f.financial_partners),
                       apportion([p.usd for p in f.financial_partners]), strict=True))

    def row(p: PartnerAmount) -> b.Row:
        return (
            cell(names[p.partner.id]),
            cells.shared(types[p.partner.type]),
            cells.shared(integer(p.agreements), align="end"),
            cell(money(printed[p.partner.id]), "end"),
        )

    total = (cell(loc._("Total"), bold=True), cell(""), cell(""),
             cell(money(f.financial_partners_usd), "end", bold=True))
    header = header_row(loc._("Partner"), loc._("Type of partner"),
                     loc._("Agreements with financial contributions"),
                     loc._("Signed financial contributions (USD at the date of signature)"))
    return b.Table(header, b.Rows(f.financial_partners, row, (total,)), PARTNER_WIDTHS,
                   name="financial-partners")


TABLES: dict[str, Callable[[Report, Figures, Localizer], b.Table]] = {
    "agreements": agreements,
    "financial-partners": financial_partners,
}
