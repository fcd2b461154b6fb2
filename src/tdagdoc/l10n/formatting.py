r"""ITU number, amount and date formatting, one :class:`Formatter` per language.

Figures stay ``Decimal``\s and dates until this module turns them into the strings ITU
writes. Babel (CLDR) supplies month names and list patterns only: it does not know ITU
amounts ("USD 33.8 million", "3 380万美元"), the es/ar/zh grouping, the Arabic decimal
comma or the meeting ranges, and it rounds as the decimal context says (half to even by
default) where ITU always rounds half up, so numbers are rounded first, by the one
rule of :mod:`tdagdoc.numbers`. Every
house-style fact lives in one table, :data:`STYLES`, keyed by language code.

Digits are Latin in all six languages. No number ever contains a plain ASCII space:
in Arabic text the bidi algorithm would reorder "3 300" into "300 3".
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Literal

from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import get_currency_name, get_currency_precision

from tdagdoc.languages import Lang
from tdagdoc.numbers import CONTEXT, apportion, millions, pie_percents, quantize

__all__ = ["STYLES", "Formatter", "ItuStyle"]

ListStyle = Literal["standard", "standard-short", "or", "or-short", "unit", "unit-short",
                    "unit-narrow"]
"""The CLDR list styles Babel knows."""

NBSP = "\u00a0"
"""No-break space: group separator in es, ru, ar, zh; before "%" in fr."""
NNBSP = "\u202f"
"""Narrow no-break space: French group separator."""

_BIDI_MARKS = re.compile("[\u200e\u200f\u061c]")


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
    amount_billion: str | None = None
    """Amount in billions (plural), used from 1 000 million; None: stay in millions."""
    amount_billion_one: str | None = None
    """Singular amount in billions, under the same rule as :attr:`amount_one`."""
    less_than: str = "less than {x}"
    """A figure below the precision shown, ``{x}`` the smallest step ("less than USD 0.01
    million")."""
    share: str = "{x}"
    """A share of a whole as it stands in a sentence (Spanish takes the article: "el 92%")."""
    share_less: str = "less than {x}"
    """A share that is not zero but rounds to 0: never printed as 0%."""
    share_more: str = "more than {x}"
    """A share below 100 that rounds to 100: never printed as 100%."""
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
    chart_lcid: str = "809"
    """Windows locale id put in chart axis formats (``[$-40C]0.0``): one whose decimal sign
    and grouping are this row's, as LibreOffice draws a format by its locale, not the
    document's (Word uses the reader's; data labels are written as text for that)."""
    pie_label: str = "{n} ({p}%)"
    currency_by_name: bool = False
    """Another currency written by its CLDR name ("يورو"), as Arabic writes "دولار أمريكي",
    rather than by its ISO code: Latin codes in an Arabic cell are reordered."""
    currency: str = ""
    """A pattern for an amount in another currency, ``{n}`` the number and ``{name}`` the
    currency, where the language does not place it as CLDR does: Chinese writes the name
    after the number, unspaced ("500 000欧元"), as it writes "万美元". Empty: CLDR's."""
    brackets: tuple[str, str] = ("(", ")")
    """The brackets an amount as signed stands in under its USD value (Chinese full-width)."""
    """A pie slice's label: ``{n}`` the count, ``{p}`` its rounded percentage."""
    raised: str = ""
    """A pattern of the letters written as superscript (its group 1): French ordinals'
    "e", "er", "re" after the figure ("32e", "1er"), as ITU's French documents set them.
    Empty: none."""
    bind: str = ""
    """A pattern of words a line must not end with (its group 1): the space after each
    becomes a no-break space (Russian one-letter prepositions and conjunctions, and the
    "долл." of "долл. США"). Empty: none."""


STYLES: Mapping[str, ItuStyle] = MappingProxyType({
    "en": ItuStyle(
        decimal=".", group=",", min_grouping=1,
        percent="{n}%",
        amount_scale="million", amount="USD {n} million",
        amount_billion="USD {n} billion",
        ordinal=_ordinal_en,
    ),
    "fr": ItuStyle(
        decimal=",", group=NNBSP, min_grouping=1,
        percent="{n}" + NBSP + "%",
        amount_scale="million", amount="{n} millions USD",
        amount_one="{n} million USD", singular_when="below_two",
        amount_billion="{n} milliards USD", amount_billion_one="{n} milliard USD",
        less_than="moins de {x}", share_less="moins de {x}", share_more="plus de {x}",
        first_day="1er", raised=r"\b\d+(er|re|e)\b",
        ordinal=_ordinal_fr, chart_lcid="40C", pie_label="{n} ({p}" + NBSP + "%)",
    ),
    "es": ItuStyle(
        decimal=",", group=NBSP, min_grouping=1,
        percent="{n}%",
        amount_scale="million", amount="{n} millones de USD",
        amount_one="{n} millón de USD", singular_when="exactly_one",
        less_than="menos de {x}",
        share="el {x}", share_less="menos del {x}", share_more="más del {x}",
        date="{day} de {month} de {year}",
        range_same_month="{day1}-{day2} de {month} de {year}",
        range_same_year="{day1} de {month1} - {day2} de {month2} de {year}",
        ordinal="{}ª".format,
        chart_lcid="419",  # "," and a no-break space, as ITU's Spanish (es-ES groups with ".")
    ),
    "ru": ItuStyle(
        decimal=",", group=NBSP, min_grouping=1,
        percent="{n}%",
        amount_scale="million", amount="{n} млн. долл. США",
        amount_billion="{n} млрд. долл. США",
        less_than="менее {x}", share_less="менее {x}", share_more="более {x}",
        date="{day} {month} {year} года",
        # A hyphen, made non-breaking: LibreOffice breaks after an en dash ("19– | 22 мая")
        # and nothing invisible may hold it.
        range_same_month="{day1}-{day2} {month} {year} года",
        range_same_year="{day1} {month1} – {day2} {month2} {year} года",
        range_other_years="{start} – {end}",
        ordinal="{}-е".format, chart_lcid="419",
        bind=r"(?<![\w\-.])([вВсСкКоОуУиИаА]|долл\.) (?=\S|$)",
    ),
    "ar": ItuStyle(
        decimal=",", group=NBSP, min_grouping=1,
        percent="{n}" + NBSP + "في المائة",
        amount_scale="million", amount="{n} مليون دولار أمريكي",
        amount_billion="{n} مليار دولار أمريكي",
        less_than="أقل من {x}", share_less="أقل من {x}", share_more="أكثر من {x}",
        ordinal=_ordinal_ar, currency_by_name=True,
        chart_lcid="419",  # "," and a no-break space with Latin digits, as ITU's Arabic
    ),
    "zh": ItuStyle(
        # The narrow no-break space: LibreOffice breaks Chinese text at a no-break space
        # ("3 / 110万美元"), never at this one; ITU's Chinese texts space the groups
        # ("1 000万瑞郎").
        decimal=".", group=NNBSP, min_grouping=1,
        percent="{n}%",
        amount_scale="wan_yi", amount="{n}万美元", amount_yi="{n}亿美元",
        less_than="不足{x}", share_less="不足{x}", share_more="超过{x}",
        month="number",
        date="{year}年{month}月{day}日",
        range_same_month="{year}年{month}月{day1}-{day2}日",
        range_same_year="{year}年{month1}月{day1}日至{month2}月{day2}日",
        range_other_years="{start}至{end}",
        ordinal="第{}次".format, chart_lcid="804", pie_label="{n}（{p}%）",
        currency_by_name=True, currency="{n}{name}", brackets=("（", "）"),
    ),
})
"""ITU house style for each language code: the one table of section 3 of itu-style.md.

Choices recorded here, where ITU usage was inferred rather than seen: billions from
1 000 million in en, fr ("milliard" below 2, "milliards" above), ru ("млрд.") and ar
("مليار"), with one more decimal than the millions had; Spanish keeps thousands of
millions ("1 500 millones de USD"), Chinese 亿. Below the precision shown: "less than"
in each language's words (Chinese 不足). Shares: Spanish writes the article with the
figure ("el 92%", "menos del 1%"). Pie labels: "21 (29%)", French with a no-break space
before "%", Chinese full-width brackets; Arabic as English (the brackets mirror in
right-to-left text).
"""


# ------------------------------------------------------------------------ formatter


def _unbreakable(text: str) -> str:
    """A meeting range within one month kept on one line: no-break spaces and a
    non-breaking hyphen (U+2011, Word's ``w:noBreakHyphen``). No invisible joiner: it
    would hide the range from a search."""
    return text.replace(" ", NBSP).replace("-", "\u2011")


@functools.lru_cache(maxsize=8)
def _bind(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


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


class Formatter:
    r"""ITU number, amount and date formatting for one language.

    One formatter per document language; templates use its methods as filters, so no
    English string is ever formatted ahead of time.

    >>> from tdagdoc.languages import get_lang
    >>> [Formatter(get_lang(c)).amount(Decimal(33_800_000)) for c in ("en", "ru", "zh")]
    ['USD\xa033.8\xa0million', '33,8\xa0млн.\xa0долл.\xa0США', '3\u202f380万美元']
    """

    def __init__(self, lang: Lang) -> None:
        """Bind the formatter to ``lang`` and its row of :data:`STYLES`."""
        self.lang: Lang = lang
        self.style: ItuStyle = STYLES[lang.code]
        self._months: dict[int, str] = {}  # month names, asked of Babel once each

    def __repr__(self) -> str:
        return f"Formatter({self.lang.code!r})"

    # -- numbers

    def _digits(self, value: Decimal, digits: int, *, strip_zeros: bool = False) -> str:
        """Rounded ``value`` with this language's separators."""
        rounded = quantize(value, digits)
        sign = "-" if rounded < 0 else ""
        text = f"{rounded.copy_abs():f}"
        whole, _, fraction = text.partition(".")
        if strip_zeros:
            fraction = fraction.rstrip("0")
        whole = self._grouped(whole)
        return f"{sign}{whole}{self.style.decimal}{fraction}" if fraction else f"{sign}{whole}"

    def _grouped(self, whole: str) -> str:
        """A string of digits grouped in threes with this language's separator."""
        if len(whole) >= 3 + self.style.min_grouping:
            head = len(whole) % 3 or 3
            parts = [whole[:head]] + [whole[i:i + 3] for i in range(head, len(whole), 3)]
            whole = self.style.group.join(parts)
        return whole

    def integer(self, n: int) -> str:
        r"""Whole number grouped with the ITU separator (never a plain space).

        >>> from tdagdoc.languages import get_lang
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
        # An int needs no rounding: its digits grouped, without a Decimal (a cell of
        # every row of the INF list).
        whole = self._grouped(str(abs(n)))  # abs: a plain int of a bool or an IntEnum
        return f"-{whole}" if n < 0 else whole

    def number(self, value: Decimal | int, digits: int = 1) -> str:
        r"""Fixed-point number, rounded half up, with the language's separators.

        >>> from tdagdoc.languages import get_lang
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

        >>> from tdagdoc.languages import get_lang
        >>> Formatter(get_lang("en")).percent(Decimal("92.04"))
        '92%'
        >>> Formatter(get_lang("fr")).percent(Decimal("92.04"))
        '92\xa0%'
        >>> Formatter(get_lang("ar")).percent(Decimal("7.5"), 1).replace("\u00a0", " ")
        '7,5 في المائة'
        """
        return self.style.percent.format(n=self.number(value, digits))

    def amount(self, usd: Decimal, digits: int = 1, *, column: bool = False) -> str:
        r"""USD amount in millions (billions, Chinese 万/亿) in ITU wording.

        ``digits`` is the number of decimals of the millions: 1 in prose, 2 in the top-10
        list. Chinese keeps the same precision: ``max(0, digits - 2)`` decimals of 万,
        ``digits + 2`` decimals of 亿 (trailing zeros dropped). From 1 000 million the
        amount is given in billions with the same ``digits`` (Spanish stays in millions,
        "1 500 millones de USD", as ITU's Spanish texts count in thousands of millions).
        An amount that is not zero but rounds to it says so ("less than USD 0.01
        million"). In a ``column`` (a table), every amount keeps all its decimals, so
        Spanish writes "1,00 millones de USD" among "1,20 millones de USD", not "1 millón".

        >>> from tdagdoc.languages import get_lang
        >>> def amounts(usd, digits=1):
        ...     for c in ("en", "fr", "es", "ru", "ar", "zh"):
        ...         text = Formatter(get_lang(c)).amount(Decimal(usd), digits)
        ...         print(text.replace("\u00a0", " ").replace("\u202f", " "))
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
        >>> amounts(1_500_000_000)
        USD 1.5 billion
        1,5 milliard USD
        1 500 millones de USD
        1,5 млрд. долл. США
        1,5 مليار دولار أمريكي
        15亿美元
        >>> amounts(Decimal("4999.99"), 2)
        less than USD 0.01 million
        moins de 0,01 million USD
        menos de 0,01 millones de USD
        менее 0,01 млн. долл. США
        أقل من 0,01 مليون دولار أمريكي
        不足1万美元
        >>> Formatter(get_lang("zh")).amount(Decimal(165_000_000))
        '1.65亿美元'
        >>> Formatter(get_lang("zh")).amount(Decimal("33812873.92"))
        '3\u202f380万美元'
        >>> Formatter(get_lang("es")).amount(Decimal(1_000_000)).replace("\u00a0", " ")
        '1 millón de USD'
        >>> Formatter(get_lang("es")).amount(Decimal(1_000_000), 2, column=True)
        '1,00\xa0millones\xa0de\xa0USD'

        An amount never breaks across lines: its spaces are no-break spaces.
        """
        return self._amount(_to_decimal(usd), digits, column).replace(" ", NBSP)

    def _amount(self, value: Decimal, digits: int, column: bool) -> str:
        if value and not millions(value, digits):
            smallest = Decimal(1).scaleb(-digits).scaleb(6)
            return self.style.less_than.format(x=self._amount(smallest.copy_sign(value), digits,
                                                              column=True))
        style = self.style
        if style.amount_scale == "wan_yi":
            # Same precision as the other languages: round in millions first, so that
            # "about USD 33.8 million" is 3 380万, not 3 381万.
            value = millions(value, digits).scaleb(6, CONTEXT)
            wan = quantize(value.scaleb(-4, CONTEXT), max(0, digits - 2))
            if abs(wan) < 10_000 or style.amount_yi is None:
                return style.amount.format(n=self._digits(wan, max(0, digits - 2)))
            yi = self._digits(value.scaleb(-8, CONTEXT), digits + 2, strip_zeros=True)
            return style.amount_yi.format(n=yi)
        in_millions = millions(value, digits)
        if abs(in_millions) >= 1000:
            if style.amount_billion is None:  # thousands of millions, whole
                return style.amount.format(n=self._digits(in_millions, 0))
            # One more decimal than the millions had, so no precision is lost for nothing
            # (1 234.5 million is 1.23 billion), trailing zeros dropped down to ``digits``.
            billions = quantize(value.scaleb(-9, CONTEXT), digits + 1)
            if billions == quantize(billions, digits):
                billions = quantize(billions, digits)
            shown = self._digits(billions, -int(billions.as_tuple().exponent))
            one = style.amount_billion_one
            if one is not None and style.singular_when == "below_two" and abs(billions) < 2:
                return one.format(n=shown)
            return style.amount_billion.format(n=shown)
        if style.amount_one is not None:
            if (style.singular_when == "exactly_one" and in_millions == 1 and not column):
                return style.amount_one.format(n="1")
            if style.singular_when == "below_two" and abs(in_millions) < 2:
                return style.amount_one.format(n=self._digits(in_millions, digits))
        return style.amount.format(n=self._digits(in_millions, digits))

    def shares(self, parts: Sequence[Decimal]) -> list[str]:
        r"""Shares of a whole as a sentence states them: adding up to 100, none shown as 0.

        The percentages are apportioned (:func:`apportion`) so the printed shares add up
        to 100; a share that is not zero but rounds to 0 reads "less than 1%", one below
        100 that rounds to 100 "more than 99%". Parts are amounts, not percentages.

        >>> from tdagdoc.languages import get_lang
        >>> Formatter(get_lang("en")).shares([Decimal("14.5"), Decimal("85.5")])
        ['15%', '85%']
        >>> Formatter(get_lang("en")).shares([Decimal("99.6"), Decimal("0.4")])
        ['more than 99%', 'less than 1%']
        >>> Formatter(get_lang("es")).shares([Decimal(92), Decimal(8)])
        ['el 92%', 'el 8%']
        """
        whole = sum(parts, Decimal(0))
        if not whole:
            raise ValueError("shares of nothing: no part is above zero")
        exact = [p * 100 / whole for p in parts]
        out = []
        for value, printed in zip(exact, apportion(exact), strict=True):
            if value and not printed:
                out.append(self.style.share_less.format(x=self.percent(Decimal(1))))
            elif value != 100 and printed == 100:
                out.append(self.style.share_more.format(x=self.percent(Decimal(99))))
            else:
                out.append(self.style.share.format(x=self.percent(printed)))
        return out

    def pie_labels(self, counts: Sequence[int | Decimal], digits: int = 0) -> list[str]:
        r"""Labels of a pie's slices, "21 (29%)": each percentage rounded on its own
        (:func:`pie_percents`), so equal counts read equal shares.

        A slice that is not empty never reads 0%: it reads "<1". The slices are counts,
        or numbers shown with ``digits`` decimals.

        >>> from tdagdoc.languages import get_lang
        >>> Formatter(get_lang("en")).pie_labels([1, 1, 1])
        ['1 (33%)', '1 (33%)', '1 (33%)']
        >>> Formatter(get_lang("fr")).pie_labels([21, 52])
        ['21 (29\xa0%)', '52 (71\xa0%)']
        >>> Formatter(get_lang("zh")).pie_labels([1, 300])
        ['1（<1%）', '300（100%）']
        """
        return [self.style.pie_label.format(
                    n=self.number(n, digits), p="<1" if n and not p else self.number(p, 0))
                for n, p in zip(counts, pie_percents(counts), strict=True)]

    def axis(self, values: Sequence[Decimal]) -> tuple[str, Decimal]:
        """Number format and major step for a value axis starting at 0: whole steps of 1, 2
        or 5 times a power of ten, about five of them, with no more decimals than the step
        needs; the format carries :attr:`ItuStyle.chart_lcid` for the decimal sign.

        >>> from tdagdoc.languages import get_lang
        >>> Formatter(get_lang("fr")).axis([Decimal("19.97"), Decimal("4.45")])
        ('[$-40C]#,##0', Decimal('5'))
        >>> Formatter(get_lang("en")).axis([Decimal("0.37")])
        ('[$-809]#,##0.0', Decimal('0.1'))
        >>> Formatter(get_lang("en")).axis([Decimal(89)])
        ('[$-809]#,##0', Decimal('20'))
        >>> Formatter(get_lang("en")).axis([Decimal(2), Decimal(0)])
        ('[$-809]#,##0', Decimal('1'))
        """
        top = max((abs(v) for v in values), default=Decimal(0)) or Decimal(1)
        step = Decimal(1).scaleb(top.adjusted() - 1)
        step = next(step * f for f in (1, 2, 5, 10, 20, 50) if top / (step * f) <= 6)
        if step < 1 and all(v == v.to_integral_value() for v in values):
            step = Decimal(1)  # counts: no step between whole numbers
        step = step.quantize(Decimal(1)) if step >= 1 else step.normalize()
        places = max(0, -int(step.as_tuple().exponent))
        fmt = "#,##0" + ("." + "0" * places if places else "")
        return f"[$-{self.style.chart_lcid}]{fmt}", step

    def money(self, usd: Decimal) -> str:
        r"""Whole USD, grouped, without a unit: for table cells under a "USD" heading.

        >>> from tdagdoc.languages import get_lang
        >>> Formatter(get_lang("en")).money(Decimal("33800000.50"))
        '33,800,001'
        >>> Formatter(get_lang("ru")).money(Decimal(33_800_000)).replace("\u00a0", " ")
        '33 800 000'
        """
        return self._digits(_to_decimal(usd), 0)

    def currency(self, amount: Decimal, code: str) -> str:
        r"""An amount in its own currency: the ISO 4217 code, placed as CLDR's pattern for
        this language places a currency (Babel), ITU's digits; cents only when the amount
        has them. Codes, not symbols: a column reads "EUR", "AUD", "CHF" beside "USD",
        never "€" beside "$AU" (the revisers asked for one notation); Arabic writes the
        currency's name (:attr:`ItuStyle.currency_by_name`).

        >>> from tdagdoc.languages import get_lang
        >>> [Formatter(get_lang(c)).currency(Decimal("1250000"), "EUR")
        ...  .replace(NBSP, " ").replace(NNBSP, " ") for c in ("en", "fr", "ru")]
        ['EUR 1,250,000', '1 250 000 EUR', '1 250 000 EUR']
        >>> Formatter(get_lang("ar")).currency(Decimal("680000"), "AUD").replace(NBSP, " ")
        '680 000 دولار أسترالي'
        >>> Formatter(get_lang("en")).currency(Decimal("1500.5"), "CHF").replace(NBSP, " ")
        'CHF 1,500.50'
        >>> Formatter(get_lang("zh")).currency(Decimal("500000"), "EUR").replace(NNBSP, " ")
        '500 000欧元'
        """
        locale = self.lang.babel
        symbol = get_currency_name(code, amount, locale) if self.style.currency_by_name else code
        digits = get_currency_precision(code) if amount != amount.to_integral_value() else 0
        number = self._digits(_to_decimal(amount), digits)
        if self.style.currency:
            return self.style.currency.format(n=number, name=symbol)
        pattern = locale.currency_formats["standard"].pattern.split(";")[0]
        head, _, tail = re.split(r"([#0,.]+)", pattern, maxsplit=1)
        # CLDR's currency spacing: a symbol that ends (or starts) with a letter is kept
        # apart from the digits by a no-break space ("CHF 1,500", not "CHF1,500").
        # CLDR's Arabic pattern starts with a RIGHT-TO-LEFT MARK: invisible, it would hide
        # the amount from a search, and the run's direction already orders it.
        head = _BIDI_MARKS.sub("", head).replace("¤", symbol)
        tail = _BIDI_MARKS.sub("", tail).replace("¤", symbol)
        # In Chinese the narrow one: LibreOffice breaks Chinese text at a no-break space.
        space = NNBSP if self.lang.script == "eastAsia" else NBSP
        if head and head[-1].isalpha():
            head += space
        if tail and tail[0].isalpha():
            tail = space + tail
        return f"{head}{number}{tail}"

    def signed(self, amount: Decimal, code: str) -> str:
        r"""An amount as signed, in its brackets, as it stands under the USD it is worth.

        >>> from tdagdoc.languages import get_lang
        >>> Formatter(get_lang("fr")).signed(Decimal("50000"), "CHF").replace(NNBSP, " ")
        '(50 000\xa0CHF)'
        >>> Formatter(get_lang("zh")).signed(Decimal("50000"), "CHF").replace(NNBSP, " ")
        '（50 000瑞士法郎）'
        """
        opening, closing = self.style.brackets
        return f"{opening}{self.currency(amount, code)}{closing}"

    def typeset(self, text: str) -> str:
        r"""``text`` with the language's no-break spaces where a line must not break
        (:attr:`ItuStyle.bind`): a one-letter Russian preposition never ends a line.

        >>> from tdagdoc.languages import get_lang
        >>> Formatter(get_lang("ru")).typeset("с 2021 по 2025 год в регионах и (долл. США)")
        'с\xa02021 по 2025 год в\xa0регионах и\xa0(долл.\xa0США)'
        >>> Formatter(get_lang("en")).typeset("a b")
        'a b'

        A run that ends with the word binds it to the next run ("совместно с " before an
        italic name), as ``typeset`` sees one run at a time.

        >>> Formatter(get_lang("ru")).typeset("совместно с ")
        'совместно с\xa0'
        """
        return _bind(self.style.bind).sub("\\1" + NBSP, text) if self.style.bind else text

    def superscripts(self, text: str) -> list[tuple[str, bool]]:
        """``text`` cut into pieces, each with whether it is set as superscript
        (:attr:`ItuStyle.raised`).

        >>> from tdagdoc.languages import get_lang
        >>> Formatter(get_lang("fr")).superscripts("32e réunion, 1er mai, E2e")
        [('32', False), ('e', True), (' réunion, 1', False), ('er', True), (' mai, E2e', False)]
        >>> Formatter(get_lang("en")).superscripts("32nd")
        [('32nd', False)]
        """
        if not self.style.raised:
            return [(text, False)]
        out: list[tuple[str, bool]] = []
        at = 0
        for m in _bind(self.style.raised).finditer(text):
            out.extend([(text[at:m.start(1)], False), (m.group(1), True)])
            at = m.end(1)
        out.append((text[at:], False))
        return [piece for piece in out if piece[0]]

    # -- dates

    def _parts(self, d: datetime.date) -> dict[str, str]:
        """Day, month and year of ``d`` as this language writes them inside a date."""
        day = self.style.first_day if d.day == 1 and self.style.first_day else str(d.day)
        if self.style.month == "number":
            month = str(d.month)
        else:  # format context: the genitive "мая" in Russian, not the nominative "май"
            month = self._months.get(d.month) or self._months.setdefault(
                d.month, format_date(d, "MMMM", locale=self.lang.babel))
        return {"day": day, "month": month, "year": str(d.year)}

    def date(self, d: datetime.date) -> str:
        """Full date, day first, as in the header of an ITU document.

        >>> from tdagdoc.languages import get_lang
        >>> may19 = datetime.date(2025, 5, 19)
        >>> [Formatter(get_lang(c)).date(may19).replace("\xa0", " ")
        ...  for c in ("en", "es", "ru", "zh")]
        ['19 May 2025', '19 de mayo de 2025', '19 мая 2025 года', '2025年5月19日']
        >>> Formatter(get_lang("fr")).date(datetime.date(2025, 5, 1))
        '1er\xa0mai\xa02025'
        >>> Formatter(get_lang("ar")).date(may19)
        '19\xa0مايو\xa02025'

        A date never breaks across lines: its spaces are no-break spaces.
        """
        return self.style.date.format(**self._parts(d)).replace(" ", NBSP)

    def date_range(self, start: datetime.date, end: datetime.date) -> str:
        """Meeting dates: "19-22 May 2025", the month and year written once when shared.

        >>> from tdagdoc.languages import get_lang
        >>> may = datetime.date(2025, 5, 19), datetime.date(2025, 5, 22)
        >>> [Formatter(get_lang(c)).date_range(*may) for c in ("en", "ru", "zh")]
        ['19‑22\xa0May\xa02025', '19‑22\xa0мая\xa02025\xa0года', '2025年5月19‑22日']
        >>> Formatter(get_lang("fr")).date_range(datetime.date(2025, 4, 28), may[0])
        '28 avril - 19 mai 2025'
        >>> Formatter(get_lang("es")).date_range(datetime.date(2025, 12, 30),
        ...                                     datetime.date(2026, 1, 2)).replace("\xa0", " ")
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
        return _unbreakable(self.style.range_same_month.format(
            day1=first["day"], day2=last["day"], month=first["month"], year=first["year"]
        ))

    # -- words

    def ordinal(self, n: int) -> str:
        """Ordinal for the meeting line ("32nd Meeting"); Arabic in words up to 99.

        >>> from tdagdoc.languages import get_lang
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

    def list(self, items: Sequence[str], style: ListStyle = "standard") -> str:
        """Join items the way the language does ("A, B and C"), by Babel's CLDR patterns.

        ``style`` is a Babel list style: ``standard`` (and), ``or``, ``unit``…

        >>> from tdagdoc.languages import get_lang
        >>> Formatter(get_lang("en")).list(["Africa", "Americas", "Europe"])
        'Africa, Americas and Europe'
        >>> Formatter(get_lang("fr")).list(["UIT", "PNUD"], "or")
        'UIT ou PNUD'
        >>> Formatter(get_lang("zh")).list(["甲", "乙", "丙"])
        '甲、乙和丙'
        """
        return format_list(list(items), style=style, locale=self.lang.babel)
