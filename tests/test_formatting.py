"""ITU formatting against the examples of itu-style.md, section 3, in the six languages."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from decimal import Decimal

import pytest

from tdagdoc.l10n.formatting import STYLES, Formatter, ListStyle
from tdagdoc.languages import LANGUAGE_CODES, get_lang

NBSP = "\u00a0"


def nb(text: str) -> str:
    """``text`` as the formatter writes an amount or a date: it never breaks, so its
    spaces are no-break spaces."""
    return text.replace(" ", NBSP)
NNBSP = "\u202f"
D = datetime.date


def fmt(code: str) -> Formatter:
    return Formatter(get_lang(code))


def test_one_style_row_per_language() -> None:
    assert tuple(STYLES) == LANGUAGE_CODES


# ----------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en", "33,800,000"),
        ("fr", f"33{NNBSP}800{NNBSP}000"),
        ("es", f"33{NBSP}800{NBSP}000"),
        ("ru", f"33{NBSP}800{NBSP}000"),
        ("ar", f"33{NBSP}800{NBSP}000"),
        ("zh", f"33{NNBSP}800{NNBSP}000"),
    ],
)
def test_integer_grouping(code: str, expected: str) -> None:
    assert fmt(code).integer(33_800_000) == expected


@pytest.mark.parametrize("code", LANGUAGE_CODES)
@pytest.mark.parametrize(("n", "expected"), [(0, "0"), (7, "7"), (89, "89"), (999, "999")])
def test_small_integers_are_not_grouped(code: str, n: int, expected: str) -> None:
    assert fmt(code).integer(n) == expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en", "-1,234"),
        ("fr", f"-1{NNBSP}234"),
        ("ru", f"-1{NBSP}234"),
    ],
)
def test_negative_integers(code: str, expected: str) -> None:
    assert fmt(code).integer(-1234) == expected


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_integer_writes_an_int_as_money_writes_its_decimal(code: str) -> None:
    """``integer`` groups an int's digits without a Decimal; the INF list writes its
    whole dollars with it, so it must agree with ``money`` on every size and sign."""
    f = fmt(code)
    for n in (0, 5, -5, 999, 1000, -1000, 12_345, 123_456, 9_876_543_210, -9_876_543_210):
        assert f.integer(n) == f.money(Decimal(n))
    assert f.integer(True) == "1"


def test_integer_rejects_non_int() -> None:
    with pytest.raises(TypeError):
        fmt("en").integer(Decimal("1.5"))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("code", "expected"),
    [("en", "0.13"), ("fr", "0,13"), ("es", "0,13"), ("ru", "0,13"), ("ar", "0,13"),
     ("zh", "0.13")],
)
def test_number_rounds_half_up(code: str, expected: str) -> None:
    # Babel and round() would give 0.12 (half to even).
    assert fmt(code).number(Decimal("0.125"), 2) == expected


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (Decimal("2.5"), 0, "3"),
        (Decimal("3.5"), 0, "4"),
        (Decimal("-2.5"), 0, "-3"),
        (Decimal("33.85"), 1, "33.9"),
        (Decimal("-0.01"), 1, "0.0"),
        (Decimal("1234.5"), 1, "1,234.5"),
        (7, 2, "7.00"),
        (0.125, 2, "0.13"),
    ],
)
def test_number_en(value: Decimal | int, digits: int, expected: str) -> None:
    assert fmt("en").number(value, digits) == expected


@pytest.mark.parametrize("bad", [Decimal("NaN"), Decimal("Infinity")])
def test_number_rejects_non_finite(bad: Decimal) -> None:
    with pytest.raises(ValueError):
        fmt("en").number(bad)


def test_number_rejects_negative_digits() -> None:
    with pytest.raises(ValueError):
        fmt("en").number(Decimal(1), -1)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en", "92%"),
        ("fr", f"92{NBSP}%"),
        ("es", "92%"),
        ("ru", "92%"),
        ("ar", f"92{NBSP}في المائة"),
        ("zh", "92%"),
    ],
)
def test_percent(code: str, expected: str) -> None:
    assert fmt(code).percent(Decimal("92.04")) == expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [("en", "7.5%"), ("fr", f"7,5{NBSP}%"), ("ru", "7,5%"), ("ar", f"7,5{NBSP}في المائة")],
)
def test_percent_with_decimals(code: str, expected: str) -> None:
    assert fmt(code).percent(Decimal("7.45"), 1) == expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en", "33,800,000"),
        ("fr", f"33{NNBSP}800{NNBSP}000"),
        ("es", f"33{NBSP}800{NBSP}000"),
        ("ru", f"33{NBSP}800{NBSP}000"),
        ("ar", f"33{NBSP}800{NBSP}000"),
        ("zh", f"33{NNBSP}800{NNBSP}000"),
    ],
)
def test_money(code: str, expected: str) -> None:
    assert fmt(code).money(Decimal(33_800_000)) == expected


def test_money_rounds_half_up() -> None:
    assert fmt("en").money(Decimal("1000.5")) == "1,001"


# ----------------------------------------------------------------------------- amounts


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en", "USD 33.8 million"),
        ("fr", "33,8 millions USD"),
        ("es", "33,8 millones de USD"),
        ("ru", "33,8 млн. долл. США"),
        ("ar", "33,8 مليون دولار أمريكي"),
        ("zh", f"3{NNBSP}380万美元"),
    ],
)
def test_amount_33_8_million(code: str, expected: str) -> None:
    assert fmt(code).amount(Decimal(33_800_000)) == nb(expected)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en", "USD 31.1 million"),
        ("ru", "31,1 млн. долл. США"),
        ("zh", f"3{NNBSP}110万美元"),
    ],
)
def test_amount_31_1_million(code: str, expected: str) -> None:
    assert fmt(code).amount(Decimal(31_100_000)) == nb(expected)


@pytest.mark.parametrize(
    ("code", "usd", "expected"),
    [
        ("en", 19_820_000, "USD 19.82 million"),
        ("fr", 19_820_000, "19,82 millions USD"),
        ("es", 19_820_000, "19,82 millones de USD"),
        ("ru", 19_820_000, "19,82 млн. долл. США"),
        ("ar", 19_820_000, "19,82 مليون دولار أمريكي"),
        ("zh", 19_820_000, f"1{NNBSP}982万美元"),
        ("ru", 370_000, "0,37 млн. долл. США"),
        ("en", 370_000, "USD 0.37 million"),
        ("fr", 370_000, "0,37 million USD"),
        ("fr", 1_820_000, "1,82 million USD"),
        ("es", 370_000, "0,37 millones de USD"),
        ("zh", 370_000, "37万美元"),
        ("zh", 1_090_000, "109万美元"),
        ("ru", 1_090_000, "1,09 млн. долл. США"),
    ],
)
def test_amount_top_ten_two_decimals(code: str, usd: int, expected: str) -> None:
    assert fmt(code).amount(Decimal(usd), 2) == nb(expected)


@pytest.mark.parametrize(
    ("usd", "expected"),
    [
        (1_500_000, "1,5 million USD"),
        (400_000, "0,4 million USD"),
        (1_960_000, "2,0 millions USD"),  # rounds to 2: plural
        (1_940_000, "1,9 million USD"),
        (2_000_000, "2,0 millions USD"),
    ],
)
def test_amount_french_singular_below_two(usd: int, expected: str) -> None:
    assert fmt("fr").amount(Decimal(usd)) == nb(expected)


@pytest.mark.parametrize(
    ("usd", "digits", "expected"),
    [
        (1_000_000, 1, "1 millón de USD"),
        (1_040_000, 1, "1 millón de USD"),  # exactly 1 after rounding
        (1_050_000, 1, "1,1 millones de USD"),
        (1_500_000, 1, "1,5 millones de USD"),
        (400_000, 1, "0,4 millones de USD"),
        (428_000_000_000, 0, f"428{NBSP}000 millones de USD"),
    ],
)
def test_amount_spanish(usd: int, digits: int, expected: str) -> None:
    assert fmt("es").amount(Decimal(usd), digits) == nb(expected)


@pytest.mark.parametrize(
    ("usd", "digits", "expected"),
    [
        (165_000_000, 1, "1.65亿美元"),
        (165_000_000, 2, "1.65亿美元"),
        (200_000_000, 1, "2亿美元"),
        (123_456_789, 1, "1.235亿美元"),
        (100_000_000, 1, "1亿美元"),
        (99_999_999, 1, "1亿美元"),  # 9 999.9999万 would round to 10 000万
        (99_940_000, 1, f"9{NNBSP}990万美元"),  # rounded in millions first: 99.9
        (1_234_500_000_000, 1, f"12{NNBSP}345亿美元"),
    ],
)
def test_amount_chinese_yi(usd: int, digits: int, expected: str) -> None:
    assert fmt("zh").amount(Decimal(usd), digits) == nb(expected)


def test_amount_chinese_wan_decimals_follow_digits() -> None:
    assert fmt("zh").amount(Decimal(33_845_000), 3) == nb(f"3{NNBSP}384.5万美元")


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en", "USD 1.23 billion"),
        ("fr", "1,23 milliard USD"),
        ("es", f"1{NBSP}235 millones de USD"),
        ("ru", "1,23 млрд. долл. США"),
        ("ar", "1,23 مليار دولار أمريكي"),
        ("zh", "12.345亿美元"),
    ],
)
def test_amount_from_a_thousand_million_is_in_billions(code: str, expected: str) -> None:
    """Billions as each language writes them (Spanish counts in thousands of millions)."""
    assert fmt(code).amount(Decimal(1_234_500_000)) == nb(expected)


@pytest.mark.parametrize(
    ("code", "expected"),
    [("en", "USD 2.5 billion"), ("fr", "2,5 milliards USD"), ("es", f"2{NBSP}500 millones de USD"),
     ("ru", "2,5 млрд. долл. США"), ("ar", "2,5 مليار دولار أمريكي"), ("zh", "25亿美元")],
)
def test_amount_billions_plural(code: str, expected: str) -> None:
    assert fmt(code).amount(Decimal(2_500_000_000)) == nb(expected)


@pytest.mark.parametrize(
    ("code", "expected"),
    [("en", "less than USD 0.1 million"), ("fr", "moins de 0,1 million USD"),
     ("es", "menos de 0,1 millones de USD"), ("ru", "менее 0,1 млн. долл. США"),
     ("ar", "أقل من 0,1 مليون دولار أمريكي"), ("zh", "不足10万美元")],
)
def test_amount_below_the_precision_shown_is_not_zero(code: str, expected: str) -> None:
    assert fmt(code).amount(Decimal(45_000)) == nb(expected)
    assert fmt(code).amount(Decimal(0)) != nb(expected)


def test_spanish_column_keeps_plural_and_decimals() -> None:
    es = fmt("es")
    column = [es.amount(Decimal(v), 2, column=True) for v in (1_200_000, 1_000_000)]
    assert column == [nb("1,20 millones de USD"), nb("1,00 millones de USD")]


def test_amount_rounds_half_up() -> None:
    # 33.85 million: half-even would give 33.8.
    assert fmt("en").amount(Decimal(33_850_000)) == nb("USD 33.9 million")
    assert fmt("ru").amount(Decimal(19_825_000), 2) == nb("19,83 млн. долл. США")


@pytest.mark.parametrize(
    "text_of",
    [
        lambda f: f.integer(3300),
        lambda f: f.integer(1_234_567),
        lambda f: f.number(Decimal("12345.678"), 2),
        lambda f: f.money(Decimal(33_800_000)),
        lambda f: f.amount(Decimal(428_000_000_000_000), 0),  # 428 000 billion
        lambda f: f.percent(Decimal("1234.5"), 1),
    ],
)
@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_no_plain_space_inside_numbers(code: str, text_of: Callable[[Formatter], str]) -> None:
    text = text_of(fmt(code))
    assert re.search(r"\d\d\d", text)  # a grouped number is there
    # Only the space between a number and its unit may be plain, never one inside it.
    assert not re.search(r"[\d.,] +[\d.,]", text)


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_digits_are_latin(code: str) -> None:
    f = fmt(code)
    text = f.amount(Decimal(33_800_000)) + f.date(D(2025, 5, 19)) + f.percent(Decimal(92))
    assert all(ch in "0123456789" for ch in text if ch.isdigit())


def test_arabic_numbers_have_no_plain_space() -> None:
    f = fmt("ar")
    for text in (f.integer(3300), f.money(Decimal(33_800_000)), f.number(Decimal("1234.5"))):
        assert " " not in text
    assert f.amount(Decimal(1_234_500_000_000)).startswith(f"1{NBSP}234,5{NBSP}")


# ------------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en", "19 May 2025"),
        ("fr", "19 mai 2025"),
        ("es", "19 de mayo de 2025"),
        ("ru", "19 мая 2025 года"),
        ("ar", "19 مايو 2025"),
        ("zh", "2025年5月19日"),
    ],
)
def test_date(code: str, expected: str) -> None:
    assert fmt(code).date(D(2025, 5, 19)) == nb(expected)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en", "1 May 2025"),
        ("fr", "1er mai 2025"),
        ("es", "1 de mayo de 2025"),
        ("ru", "1 мая 2025 года"),
        ("ar", "1 مايو 2025"),
        ("zh", "2025年5月1日"),
    ],
)
def test_date_first_of_month(code: str, expected: str) -> None:
    assert fmt(code).date(D(2025, 5, 1)) == nb(expected)


def test_date_accepts_datetime() -> None:
    assert fmt("en").date(datetime.datetime(2025, 5, 19, 10, 30)) == nb("19 May 2025")


@pytest.mark.parametrize(
    ("month", "name"),
    [(1, "يناير"), (2, "فبراير"), (4, "أبريل"), (5, "مايو"), (6, "يونيو"), (7, "يوليو"),
     (8, "أغسطس"), (12, "ديسمبر")],
)
def test_arabic_month_names(month: int, name: str) -> None:
    assert fmt("ar").date(D(2025, month, 2)) == nb(f"2 {name} 2025")


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en", "19-22 May 2025"),
        ("fr", "19-22 mai 2025"),
        ("es", "19-22 de mayo de 2025"),
        ("ru", "19-22 мая 2025 года"),
        ("ar", "19-22 مايو 2025"),
        ("zh", "2025年5月19-22日"),
    ],
)
def test_meeting_range_same_month(code: str, expected: str) -> None:
    got = fmt(code).date_range(D(2025, 5, 19), D(2025, 5, 22))
    assert _shown(got) == expected
    # No space or plain hyphen lets a line break, and no invisible joiner hides the range
    # from a search.
    assert not re.search("[ \\-\u2060]", got), got


def _shown(text: str) -> str:
    """What a reader sees: non-breaking characters as their ordinary look-alikes."""
    return text.replace("\u2011", "-").replace("\u2060", "").replace(NBSP, " ")


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en", "28 April - 2 May 2025"),
        ("fr", "28 avril - 2 mai 2025"),
        ("es", "28 de abril - 2 de mayo de 2025"),
        ("ru", "28 апреля – 2 мая 2025 года"),
        ("ar", "28 أبريل - 2 مايو 2025"),
        ("zh", "2025年4月28日至5月2日"),
    ],
)
def test_meeting_range_across_months(code: str, expected: str) -> None:
    assert fmt(code).date_range(D(2025, 4, 28), D(2025, 5, 2)) == expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en", "29 December 2025 - 2 January 2026"),
        ("fr", "29 décembre 2025 - 2 janvier 2026"),
        ("es", "29 de diciembre de 2025 - 2 de enero de 2026"),
        ("ru", "29 декабря 2025 года – 2 января 2026 года"),
        ("ar", "29 ديسمبر 2025 - 2 يناير 2026"),
        ("zh", "2025年12月29日至2026年1月2日"),
    ],
)
def test_meeting_range_across_years(code: str, expected: str) -> None:
    # Each date whole; the line may break only around the dash between them.
    expected = re.sub(r"(?<![-–]) (?![-–])", NBSP, expected)
    assert fmt(code).date_range(D(2025, 12, 29), D(2026, 1, 2)) == expected


def test_french_range_from_the_first() -> None:
    assert _shown(fmt("fr").date_range(D(2025, 5, 1), D(2025, 5, 3))) == "1er-3 mai 2025"


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_range_of_one_day_is_the_date(code: str) -> None:
    f = fmt(code)
    assert f.date_range(D(2025, 5, 19), D(2025, 5, 19)) == f.date(D(2025, 5, 19))


def test_range_backwards_is_an_error() -> None:
    with pytest.raises(ValueError, match="before"):
        fmt("en").date_range(D(2025, 5, 22), D(2025, 5, 19))


# ------------------------------------------------------------------------------ ordinals


@pytest.mark.parametrize(
    ("code", "n", "expected"),
    [
        ("en", 32, "32nd"), ("en", 1, "1st"), ("en", 2, "2nd"), ("en", 3, "3rd"),
        ("en", 4, "4th"), ("en", 11, "11th"), ("en", 12, "12th"), ("en", 13, "13th"),
        ("en", 21, "21st"), ("en", 25, "25th"), ("en", 111, "111th"), ("en", 101, "101st"),
        ("fr", 32, "32e"), ("fr", 1, "1re"), ("fr", 2, "2e"),
        ("es", 32, "32ª"), ("es", 1, "1ª"),
        ("ru", 32, "32-е"), ("ru", 1, "1-е"),
        ("zh", 32, "第32次"),
        ("ar", 1, "الأول"), ("ar", 2, "الثاني"), ("ar", 10, "العاشر"),
        ("ar", 11, "الحادي عشر"), ("ar", 12, "الثاني عشر"), ("ar", 19, "التاسع عشر"),
        ("ar", 20, "العشرون"), ("ar", 21, "الحادي والعشرون"), ("ar", 25, "الخامس والعشرون"),
        ("ar", 32, "الثاني والثلاثون"), ("ar", 99, "التاسع والتسعون"), ("ar", 100, "100"),
        ("ar", 150, "150"),
    ],
)
def test_ordinal(code: str, n: int, expected: str) -> None:
    assert fmt(code).ordinal(n) == expected


@pytest.mark.parametrize("bad", [0, -3, True])
def test_ordinal_needs_positive_int(bad: int) -> None:
    with pytest.raises(ValueError):
        fmt("en").ordinal(bad)


# --------------------------------------------------------------------------------- lists


@pytest.mark.parametrize(
    ("code", "style", "expected"),
    [
        ("en", "standard", "A, B and C"),
        ("fr", "standard", "A, B et C"),
        ("es", "standard", "A, B y C"),
        ("ru", "standard", "A, B и C"),
        ("zh", "standard", "A、B和C"),
        ("en", "or", "A, B or C"),
        ("ru", "or", "A, B или C"),
    ],
)
def test_list(code: str, style: ListStyle, expected: str) -> None:
    assert fmt(code).list(["A", "B", "C"], style) == expected


def test_list_accepts_any_sequence() -> None:
    assert fmt("en").list(("one",)) == "one"
    assert fmt("en").list([]) == ""
