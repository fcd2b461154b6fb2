r"""ITU number, amount and date formatting, one :class:`Formatter` per language.

Figures stay ``Decimal``\s and dates until this module turns them into the strings ITU
writes. Babel (CLDR) supplies month names and list patterns only: it does not know ITU
amounts ("USD 33.8 million", "3 380万美元"), the es/ar/zh grouping, the Arabic decimal
comma or the meeting ranges, and it rounds as the decimal context says (half to even by
default) where ITU always rounds half up, so numbers are rounded here first. Every
house-style fact lives in one table, :data:`STYLES`, keyed by language code.

Digits are Latin in all six languages. No number ever contains a plain ASCII space:
in Arabic text the bidi algorithm would reorder "3 300" into "300 3".
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType
from typing import Literal

from babel.dates import format_date
from babel.lists import format_list

from tdagdoc.l10n.languages import Lang

__all__ = ["STYLES", "Formatter", "ItuStyle"]

NBSP = "\u00a0"
"""No-break space: group separator in es, ru, ar, zh; before "%" in fr."""
NNBSP = "\u202f"
"""Narrow no-break space: French group separator."""

# Enough precision for any amount (Decimal's default context keeps 28 digits).
_CONTEXT = decimal.Context(prec=60, rounding=ROUND_HALF_UP)


# --------------------------------------------------------------------------- ordinals


def _ordinal_en(n: int) -> str:
    if n % 100 in (11, 12, 13):
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def _ordinal_fr(n: int) -> str:
    """Feminine, to agree with "réunion" (the meeting line's noun)."""
    return "1re" if n == 1 else f"{n}e"


_AR_UNITS = ("", "الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن",
             "التاسع")
_AR_TENS = ("", "العاشر", "العشرون", "الثلاثون", "الأربعون", "الخمسون", "الستون", "السبعون",
            "الثمانون", "التسعون")


def _ordinal_ar(n: int) -> str:
    """Masculine ordinal in words for 1..99 (agrees with اجتماع, "meeting"); digits above."""
    if n > 99:
        return str(n)
    tens, unit = divmod(n, 10)
    # In compounds "first" is الحادي, not الأول: 11 الحادي عشر, 21 الحادي والعشرون.
    compound = "الحادي" if unit == 1 else _AR_UNITS[unit]
    if tens == 0:
        return _AR_UNITS[unit]
    if unit == 0:
        return _AR_TENS[tens]
    if tens == 1:
        return f"{compound} عشر"
    return f"{compound} و{_AR_TENS[tens]}"


# ----------------------------------------------------------------------------- table


@dataclass(frozen=True)
class ItuStyle:
    """The ITU house-style facts for one language (itu-style.md, section 3).

    Patterns are ``str.format`` templates. Amount patterns take ``{n}``, the formatted
    number; date patterns take ``{day}``, ``{month}`` and ``{year}`` (ranges number them
    ``{day1}``/``{day2}``…, or take ``{start}``/``{end}``, two full dates).
    """

    decimal: str
    """Decimal separator."""
    group: str
    """Thousands separator: always a no-break character."""
    min_grouping: int
    """Group only numbers of at least ``3 + min_grouping`` digits (1: "1 234")."""
    percent: str
    """Percentage, e.g. ``"{n}%"``."""
    amount_scale: Literal["million", "wan_yi"]
    """Count USD in millions, or (Chinese) in 万 (10⁴) and 亿 (10⁸)."""
    amount: str
    """Amount in millions (plural), or in 万 for ``wan_yi``."""
    amount_one: str | None = None
    """Singular amount in millions, used by :attr:`singular_when`."""
    singular_when: Literal["never", "below_two", "exactly_one"] = "never"
    """French takes the singular below 2; Spanish only for exactly 1 ("1 millón")."""
    amount_yi: str | None = None
    """Chinese amount in 亿, used from 100 000 000 USD."""
    month: Literal["name", "number"] = "name"
    """Month as a Babel (format-context, i.e. genitive in Russian) name, or as a number."""
    first_day: str | None = None
    """How day 1 is written, when not "1" (French "1er")."""
    date: str = "{day} {month} {year}"
    range_same_month: str = "{day1}-{day2} {month} {year}"
    range_same_year: str = "{day1} {month1} - {day2} {month2} {year}"
    range_other_years: str = "{start} - {end}"
    ordinal: Callable[[int], str] = str
    """Ordinal for "32nd Meeting"."""


STYLES: Mapping[str, ItuStyle] = MappingProxyType({
    "en": ItuStyle(
        decimal=".", group=",", min_grouping=1,
        percent="{n}%",
        amount_scale="million", amount="USD {n} million",
        ordinal=_ordinal_en,
    ),
    "fr": ItuStyle(
        decimal=",", group=NNBSP, min_grouping=1,
        percent="{n}" + NBSP + "%",
        amount_scale="million", amount="{n} millions USD",
        amount_one="{n} million USD", singular_when="below_two",
        first_day="1er",
        ordinal=_ordinal_fr,
    ),
    "es": ItuStyle(
        decimal=",", group=NBSP, min_grouping=1,
        percent="{n}%",
        amount_scale="million", amount="{n} millones de USD",
        amount_one="{n} millón de USD", singular_when="exactly_one",
        date="{day} de {month} de {year}",
        range_same_month="{day1}-{day2} de {month} de {year}",
        range_same_year="{day1} de {month1} - {day2} de {month2} de {year}",
        ordinal="{}ª".format,
    ),
    "ru": ItuStyle(
        decimal=",", group=NBSP, min_grouping=1,
        percent="{n}%",
        amount_scale="million", amount="{n} млн. долл. США",
        date="{day} {month} {year} года",
        range_same_month="{day1}–{day2} {month} {year} года",
        range_same_year="{day1} {month1} – {day2} {month2} {year} года",
        range_other_years="{start} – {end}",
        ordinal="{}-е".format,
    ),
    "ar": ItuStyle(
        decimal=",", group=NBSP, min_grouping=1,
        percent="{n}" + NBSP + "في المائة",
        amount_scale="million", amount="{n} مليون دولار أمريكي",
        ordinal=_ordinal_ar,
    ),
    "zh": ItuStyle(
        decimal=".", group=NBSP, min_grouping=1,
        percent="{n}%",
        amount_scale="wan_yi", amount="{n}万美元", amount_yi="{n}亿美元",
        month="number",
        date="{year}年{month}月{day}日",
        range_same_month="{year}年{month}月{day1}-{day2}日",
        range_same_year="{year}年{month1}月{day1}日至{month2}月{day2}日",
        range_other_years="{start}至{end}",
        ordinal="第{}次".format,
    ),
})
"""ITU house style for each language code: the one table of section 3 of itu-style.md."""


# ------------------------------------------------------------------------ formatter


def _to_decimal(value: Decimal | int | float) -> Decimal:
    """Exact Decimal for a figure; floats go through ``str`` so 0.125 stays 0.125."""
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(str(value))
    else:
        raise TypeError(f"expected a Decimal or an int, got {type(value).__name__}")
    if not result.is_finite():
        raise ValueError(f"cannot format {value!r}")
    return result


def _round(value: Decimal, digits: int) -> Decimal:
    """Round half up to ``digits`` decimals (``round`` and the default context: half to even)."""
    if digits < 0:
        raise ValueError(f"digits must be >= 0, got {digits}")
    return value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP, context=_CONTEXT)


def apportion(parts: Sequence[Decimal], digits: int = 0) -> list[Decimal]:
    """Round parts so that they add up to their rounded sum (largest remainder).

    A table column rounded cell by cell can miss its printed total by a unit;
    this rounds the column as a whole, half up for the total, moving the
    difference to the parts that lost most in rounding.

    >>> apportion([Decimal("1.5"), Decimal("1.5"), Decimal("1.0")])
    [Decimal('2'), Decimal('1'), Decimal('1')]
    >>> sum(apportion([Decimal("0.4")] * 5))
    Decimal('2')
    """
    step = Decimal(1).scaleb(-digits)
    total = _round(sum(parts, Decimal(0)), digits)
    floors = [p.quantize(step, rounding=decimal.ROUND_FLOOR, context=_CONTEXT) for p in parts]
    missing = int((total - sum(floors, Decimal(0))) / step)
    by_loss = sorted(range(len(parts)), key=lambda i: (floors[i] - parts[i], i))
    for i in by_loss[:missing]:
        floors[i] += step
    return floors


class Formatter:
    """ITU number, amount and date formatting for one language.

    One formatter per document language; templates use its methods as filters, so no
    English string is ever formatted ahead of time.

    >>> from tdagdoc.l10n.languages import get_lang
    >>> [Formatter(get_lang(c)).amount(Decimal(33_800_000)) for c in ("en", "ru", "zh")]
    ['USD 33.8 million', '33,8 млн. долл. США', '3\xa0380万美元']
    """

    def __init__(self, lang: Lang) -> None:
        """Bind the formatter to ``lang`` and its row of :data:`STYLES`."""
        self.lang: Lang = lang
        self.style: ItuStyle = STYLES[lang.code]

    def __repr__(self) -> str:
        return f"Formatter({self.lang.code!r})"

    # -- numbers

    def _digits(self, value: Decimal, digits: int, *, strip_zeros: bool = False) -> str:
        """Rounded ``value`` with this language's separators."""
        rounded = _round(value, digits)
        sign = "-" if rounded < 0 else ""
        text = f"{rounded.copy_abs():f}"
        whole, _, fraction = text.partition(".")
        if strip_zeros:
            fraction = fraction.rstrip("0")
        if len(whole) >= 3 + self.style.min_grouping:
            head = len(whole) % 3 or 3
            parts = [whole[:head]] + [whole[i:i + 3] for i in range(head, len(whole), 3)]
            whole = self.style.group.join(parts)
        return f"{sign}{whole}{self.style.decimal}{fraction}" if fraction else f"{sign}{whole}"

    def integer(self, n: int) -> str:
        r"""Whole number grouped with the ITU separator (never a plain space).

        >>> from tdagdoc.l10n.languages import get_lang
        >>> Formatter(get_lang("en")).integer(1234567)
        '1,234,567'
        >>> Formatter(get_lang("fr")).integer(1234567)
        '1\u202f234\u202f567'
        >>> Formatter(get_lang("ar")).integer(3300).replace("\u00a0", " ")
        '3 300'
        >>> Formatter(get_lang("ru")).integer(89)
        '89'
        """
        if not isinstance(n, int):
            raise TypeError(f"integer() expects an int, got {type(n).__name__}")
        return self._digits(Decimal(n), 0)

    def number(self, value: Decimal | int, digits: int = 1) -> str:
        r"""Fixed-point number, rounded half up, with the language's separators.

        >>> from tdagdoc.l10n.languages import get_lang
        >>> Formatter(get_lang("en")).number(Decimal("0.125"), 2)
        '0.13'
        >>> Formatter(get_lang("ru")).number(Decimal("0.125"), 2)
        '0,13'
        >>> Formatter(get_lang("es")).number(Decimal("1234.25"), 1).replace("\u00a0", " ")
        '1 234,3'
        >>> Formatter(get_lang("zh")).number(7, 2)
        '7.00'
        """
        return self._digits(_to_decimal(value), digits)

    def percent(self, value: Decimal, digits: int = 0) -> str:
        r"""Percentage as ITU writes it; ``value`` is already a percentage (92.04, not 0.92).

        >>> from tdagdoc.l10n.languages import get_lang
        >>> Formatter(get_lang("en")).percent(Decimal("92.04"))
        '92%'
        >>> Formatter(get_lang("fr")).percent(Decimal("92.04"))
        '92\xa0%'
        >>> Formatter(get_lang("ar")).percent(Decimal("7.5"), 1).replace("\u00a0", " ")
        '7,5 في المائة'
        """
        return self.style.percent.format(n=self.number(value, digits))

    def amount(self, usd: Decimal, digits: int = 1) -> str:
        r"""USD amount in millions (Chinese: 万/亿) in ITU wording.

        ``digits`` is the number of decimals of the millions: 1 in prose, 2 in the top-10
        list. Chinese keeps the same precision: ``max(0, digits - 2)`` decimals of 万,
        ``digits + 2`` decimals of 亿 (trailing zeros dropped).

        >>> from tdagdoc.l10n.languages import get_lang
        >>> def amounts(usd, digits=1):
        ...     for c in ("en", "fr", "es", "ru", "ar", "zh"):
        ...         text = Formatter(get_lang(c)).amount(Decimal(usd), digits)
        ...         print(text.replace("\u00a0", " "))
        >>> amounts(33_800_000)
        USD 33.8 million
        33,8 millions USD
        33,8 millones de USD
        33,8 млн. долл. США
        33,8 مليون دولار أمريكي
        3 380万美元
        >>> amounts(370_000, 2)
        USD 0.37 million
        0,37 million USD
        0,37 millones de USD
        0,37 млн. долл. США
        0,37 مليون دولار أمريكي
        37万美元
        >>> Formatter(get_lang("zh")).amount(Decimal(165_000_000))
        '1.65亿美元'
        >>> Formatter(get_lang("zh")).amount(Decimal("33812873.92"))
        '3\xa0380万美元'
        >>> Formatter(get_lang("es")).amount(Decimal(1_000_000))
        '1 millón de USD'
        """
        value = _to_decimal(usd)
        style = self.style
        if style.amount_scale == "wan_yi":
            # Same precision as the other languages: round in millions first, so that
            # "about USD 33.8 million" is 3 380万, not 3 381万.
            value = _round(value.scaleb(-6, _CONTEXT), digits).scaleb(6, _CONTEXT)
            wan = _round(value.scaleb(-4, _CONTEXT), max(0, digits - 2))
            if abs(wan) < 10_000 or style.amount_yi is None:
                return style.amount.format(n=self._digits(wan, max(0, digits - 2)))
            yi = self._digits(value.scaleb(-8, _CONTEXT), digits + 2, strip_zeros=True)
            return style.amount_yi.format(n=yi)
        millions = _round(value.scaleb(-6, _CONTEXT), digits)
        if style.amount_one is not None:
            if style.singular_when == "exactly_one" and millions == 1:
                return style.amount_one.format(n="1")
            if style.singular_when == "below_two" and abs(millions) < 2:
                return style.amount_one.format(n=self._digits(millions, digits))
        return style.amount.format(n=self._digits(millions, digits))

    def money(self, usd: Decimal) -> str:
        r"""Whole USD, grouped, without a unit: for table cells under a "USD" heading.

        >>> from tdagdoc.l10n.languages import get_lang
        >>> Formatter(get_lang("en")).money(Decimal("33800000.50"))
        '33,800,001'
        >>> Formatter(get_lang("ru")).money(Decimal(33_800_000)).replace("\u00a0", " ")
        '33 800 000'
        """
        return self._digits(_to_decimal(usd), 0)

    # -- dates

    def _parts(self, d: datetime.date) -> dict[str, str]:
        """Day, month and year of ``d`` as this language writes them inside a date."""
        day = self.style.first_day if d.day == 1 and self.style.first_day else str(d.day)
        if self.style.month == "number":
            month = str(d.month)
        else:  # format context: the genitive "мая" in Russian, not the nominative "май"
            month = format_date(d, "MMMM", locale=self.lang.babel)
        return {"day": day, "month": month, "year": str(d.year)}

    def date(self, d: datetime.date) -> str:
        """Full date, day first, as in the header of an ITU document.

        >>> from tdagdoc.l10n.languages import get_lang
        >>> may19 = datetime.date(2025, 5, 19)
        >>> [Formatter(get_lang(c)).date(may19) for c in ("en", "es", "ru", "zh")]
        ['19 May 2025', '19 de mayo de 2025', '19 мая 2025 года', '2025年5月19日']
        >>> Formatter(get_lang("fr")).date(datetime.date(2025, 5, 1))
        '1er mai 2025'
        >>> Formatter(get_lang("ar")).date(may19)
        '19 مايو 2025'
        """
        return self.style.date.format(**self._parts(d))

    def date_range(self, start: datetime.date, end: datetime.date) -> str:
        """Meeting dates: "19-22 May 2025", the month and year written once when shared.

        >>> from tdagdoc.l10n.languages import get_lang
        >>> may = datetime.date(2025, 5, 19), datetime.date(2025, 5, 22)
        >>> [Formatter(get_lang(c)).date_range(*may) for c in ("en", "ru", "zh")]
        ['19-22 May 2025', '19–22 мая 2025 года', '2025年5月19-22日']
        >>> Formatter(get_lang("fr")).date_range(datetime.date(2025, 4, 28), may[0])
        '28 avril - 19 mai 2025'
        >>> Formatter(get_lang("es")).date_range(datetime.date(2025, 12, 30),
        ...                                     datetime.date(2026, 1, 2))
        '30 de diciembre de 2025 - 2 de enero de 2026'
        """
        if end < start:
            raise ValueError(f"meeting ends ({end}) before it starts ({start})")
        if start == end:
            return self.date(start)
        first, last = self._parts(start), self._parts(end)
        if start.year != end.year:
            return self.style.range_other_years.format(start=self.date(start), end=self.date(end))
        if start.month != end.month:
            return self.style.range_same_year.format(
                day1=first["day"], month1=first["month"],
                day2=last["day"], month2=last["month"], year=first["year"],
            )
        return self.style.range_same_month.format(
            day1=first["day"], day2=last["day"], month=first["month"], year=first["year"]
        )

    # -- words

    def ordinal(self, n: int) -> str:
        """Ordinal for the meeting line ("32nd Meeting"); Arabic in words up to 99.

        >>> from tdagdoc.l10n.languages import get_lang
        >>> [Formatter(get_lang(c)).ordinal(32) for c in ("en", "fr", "es", "ru", "zh")]
        ['32nd', '32e', '32ª', '32-е', '第32次']
        >>> Formatter(get_lang("ar")).ordinal(32)
        'الثاني والثلاثون'
        >>> Formatter(get_lang("en")).ordinal(11), Formatter(get_lang("fr")).ordinal(1)
        ('11th', '1re')
        """
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise ValueError(f"ordinal() needs a positive int, got {n!r}")
        return self.style.ordinal(n)

    def list(self, items: Sequence[str], style: Literal["standard", "or"] = "standard") -> str:
        """Join items the way the language does ("A, B and C"), by Babel's CLDR patterns.

        ``style`` is a Babel list style: ``standard`` (and), ``or``, ``unit``…

        >>> from tdagdoc.l10n.languages import get_lang
        >>> Formatter(get_lang("en")).list(["Africa", "Americas", "Europe"])
        'Africa, Americas and Europe'
        >>> Formatter(get_lang("fr")).list(["UIT", "PNUD"], "or")
        'UIT ou PNUD'
        >>> Formatter(get_lang("zh")).list(["甲", "乙", "丙"])
        '甲、乙和丙'
        """
        return format_list(list(items), style=style, locale=self.lang.babel)
