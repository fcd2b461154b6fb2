"""Every printed figure agrees with every other, in every language, for random valid data.

For each random data set and each of the six languages: the chart caches hold the numbers
the text, the tables and the alternative texts print (rounded half up, parts apportioned),
the embedded workbooks hold the caches' numbers, and every column of rounded parts adds up
to its printed total. Few examples and no LibreOffice, so it stays fast.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from hypothesis import given, settings

import tdagdoc
from conftest import NS, Docx
from tdagdoc import blocks as b
from tdagdoc.document import inf, tables
from tdagdoc.document.charts import BAR_DIGITS, TREND_DIGITS
from tdagdoc.figures import compute
from tdagdoc.input import sources
from tdagdoc.l10n.localizer import Localizer
from tdagdoc.l10n.translations import translations
from tdagdoc.languages import LANGUAGE_CODES, get_lang
from tdagdoc.numbers import MILLION, apportion, millions
from test_properties import FAST, valid_data
from test_report_charts import _cells, _charts, _series


def _whole(text: str) -> int:
    """A whole number printed with any language's grouping."""
    return int(re.sub(r"\D", "", text))


def _rows(table: b.Table) -> list[list[str]]:
    """Each cell's first paragraph: an amount cell may add others (as signed, in kind)."""
    return [[c.paragraphs[0].plain if c.paragraphs else "" for c in row] for row in table.rows]


def _labels(chart: Any) -> list[list[str]]:
    """The literal data labels of each series of a chart's XML."""
    return [[lbl.findtext("c:tx/c:rich/a:p/a:r/a:t", namespaces=NS)
             for lbl in ser.findall("c:dLbls/c:dLbl", NS)]
            for ser in chart.iter(f"{{{NS['c']}}}ser")]


@settings(FAST, max_examples=4)
@given(data=valid_data())
def test_every_figure_agrees_everywhere_in_every_language(data: dict[str, Any],
                                                          tmp_path_factory):
    report = sources.validate(data)
    f = compute(report)
    out = tmp_path_factory.mktemp("agree")
    for lang in LANGUAGE_CODES:
        loc = Localizer(get_lang(lang), translations(get_lang(lang)))
        fmt = loc.fmt
        doc = Docx(tdagdoc.save(tdagdoc.build(report, lang), out))
        charts = _charts(doc)
        alts = [d.get("descr") for d in doc.body.iter(f"{{{NS['wp']}}}docPr")]
        text = doc.text()

        # The pie: counts, labels whose percentages add up to 100.
        pie, pie_book = charts[0]
        ((_, counts, formula),) = _series(pie)
        assert counts == [Decimal(n) for n in f.partners_by_type.values()]
        assert _cells(pie_book, formula) == counts
        (labels,) = _labels(pie)
        assert labels == fmt.pie_labels([int(n) for n in counts])
        percents = [int(m) for m in re.findall(r"(\d+)\s?%", " ".join(labels))]
        if len(percents) == len(labels):  # none reads "<1"
            assert sum(percents) == 100
        assert all(label in alts[0] for label in labels)

        if f.financial_partners:
            # The bars: apportioned parts of the printed total, as labels and alt text say.
            bar, bar_book = charts[1]
            ((_, usd, formula),) = _series(bar)
            expected = apportion([v[1] / MILLION for v in f.financial_partners_by_type.values()],
                                 BAR_DIGITS)
            assert usd == expected
            assert sum(usd) == millions(f.financial_partners_usd, BAR_DIGITS)
            assert _cells(bar_book, formula) == usd
            (labels,) = _labels(bar)
            for v, label, (_, real) in zip(usd, labels, f.financial_partners_by_type.values(),
                                           strict=True):
                if v or not real:
                    assert label == fmt.number(v, BAR_DIGITS)
                    assert fmt.amount(v * MILLION, BAR_DIGITS, column=True) in alts[1]
                else:  # apportioned to 0, yet not nothing
                    assert label == "<" + fmt.number(Decimal("0.01"), BAR_DIGITS)
                    assert fmt.amount(real, BAR_DIGITS, column=True) in alts[1]
            # The text states the financial partners' total as the formatter writes it.
            assert fmt.amount(f.financial_partners_usd) in text

            # The top list prints the same amounts, the same way.
            top = _rows(tables.top_partners(report, f, loc))
            assert [r[1] for r in top] == [fmt.amount(p.usd, 2, column=True)
                                          for p in f.top_partners]

        if len(f.series) > 1:
            # The trend stores the series table's amounts, rounded the same way.
            trend, trend_book = charts[-1]
            *_, (_, stored, formula) = _series(trend)
            assert stored == [millions(y.usd, TREND_DIGITS) for y in f.series]
            assert _cells(trend_book, formula) == stored
            printed = [r[3] for r in _rows(tables.series(report, f, loc))]
            for y, value, shown in zip(f.series, stored, printed, strict=True):
                assert shown == fmt.amount(y.usd, TREND_DIGITS, column=True)
                if value or not y.usd:  # else the table says "less than 0.1"; the chart 0.0
                    assert shown == fmt.amount(value * MILLION, TREND_DIGITS, column=True)
                assert shown in alts[-1]

        # Shares as the text states them, adding up to 100.
        if f.partner_usd and f.itu_usd:
            shares = fmt.shares([f.partner_usd, f.itu_usd])
            assert all(s in text for s in shares)
            printed_shares = apportion([f.partner_usd * 100 / f.total_usd,
                                        f.itu_usd * 100 / f.total_usd])
            assert sum(printed_shares) == 100
            if all(0 < p < 100 for p in printed_shares):
                assert shares == [fmt.style.share.format(x=fmt.percent(p)) for p in printed_shares]

        # Columns of whole dollars add up to their printed totals.
        for make in (tables.by_region, tables.by_priority, inf.agreements,
                     inf.financial_partners):
            rows = _rows(make(report, f, loc))
            if len(rows) < 2:
                continue
            *parts, total = rows
            column = [_whole(r[-1]) for r in parts if re.search(r"\d", r[-1])]
            assert sum(column) == _whole(total[-1]), (lang, make.__name__)
