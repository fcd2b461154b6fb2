"""The one rounding rule, and the roundings built on it, for every stage.

ITU rounds half up; Python's ``round`` and ``Decimal.quantize`` in the default
context round half to even. The data's conversions (``input``), the figures, the
charts' stored values and the printed numbers (``l10n``) must all round alike, so
the rule lives here, below all of them.
"""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

__all__ = ["CONTEXT", "MILLION", "ROUNDING", "apportion", "millions", "pie_percents",
           "quantize"]

ROUNDING = ROUND_HALF_UP
"""The one rounding rule for printed and stored figures: half up, as ITU rounds."""

CONTEXT = decimal.Context(prec=60, rounding=ROUNDING)
"""Enough precision for any amount (Decimal's default context keeps 28 digits)."""

MILLION = Decimal(1_000_000)


def quantize(value: Decimal, digits: int) -> Decimal:
    """Round half up to ``digits`` decimals: the one rounding rule (:data:`ROUNDING`).

    Python's ``round`` and ``Decimal.quantize`` in the default context round half to
    even, which made charts say 1.08 where the text said 1.09.

    >>> quantize(Decimal("1.085"), 2), quantize(Decimal("19.45"), 1), quantize(Decimal("-0.5"), 0)
    (Decimal('1.09'), Decimal('19.5'), Decimal('-1'))
    """
    if digits < 0:
        raise ValueError(f"digits must be >= 0, got {digits}")
    return value.quantize(Decimal(1).scaleb(-digits), rounding=ROUNDING, context=CONTEXT)


def millions(usd: Decimal, digits: int) -> Decimal:
    """USD in millions as :meth:`Formatter.amount` prints them with ``digits`` decimals.

    Charts store this value, so their data shows the figure the text and tables print.

    >>> millions(Decimal("1085000"), 2), millions(Decimal("19450000"), 1)
    (Decimal('1.09'), Decimal('19.5'))
    """
    return quantize(usd.scaleb(-6, CONTEXT), digits)


def apportion(parts: Sequence[Decimal], digits: int = 0) -> list[Decimal]:
    """Round parts so that they add up to their rounded sum (largest remainder).

    A table column rounded cell by cell can miss its printed total by a unit;
    this rounds the column as a whole, half up for the total, moving the
    difference to the parts that lost most in rounding.

    >>> apportion([Decimal("1.5"), Decimal("1.5"), Decimal("1.0")])
    [Decimal('2'), Decimal('1'), Decimal('1')]
    >>> sum(apportion([Decimal("0.4")] * 5))
    Decimal('2')
    >>> apportion([Decimal(3), Decimal("0.6"), Decimal(-2), Decimal("0.5")])
    [Decimal('3'), Decimal('1'), Decimal('-2'), Decimal('0')]
    """
    step = Decimal(1).scaleb(-digits)
    total = quantize(sum(parts, Decimal(0)), digits)
    floors = [p.quantize(step, rounding=decimal.ROUND_FLOOR, context=CONTEXT) for p in parts]
    missing = int((total - sum(floors, Decimal(0))) / step)
    if not missing:  # already exact (whole amounts): nothing to sort
        return floors
    # Only the parts that lost something can gain a unit, and there are at least as
    # many of them as units missing: sorting those alone gives the same choice.
    losers = [i for i, (floor, part) in enumerate(zip(floors, parts, strict=True))
              if floor != part]
    by_loss = sorted(losers, key=lambda i: (floors[i] - parts[i], i))
    for i in by_loss[:missing]:
        floors[i] += step
    return floors


def pie_percents(counts: Sequence[int | Decimal]) -> list[Decimal]:
    """Each count's whole percentage of the total, rounded half up on its own: equal counts
    get equal shares, which apportioning could not give ("1 (9%)" beside three "1 (8%)").
    The shares may then miss 100, and the chart says so, as UN tables do.

    >>> [str(p) for p in pie_percents([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1])]
    ['8', '8', '8', '8', '8', '8', '8', '8', '8', '8', '8', '8']
    >>> sum(pie_percents([21, 52]))
    Decimal('100')
    """
    whole = sum(counts)
    return [quantize(Decimal(n) * 100 / whole, 0) if whole else Decimal(0) for n in counts]
