"""Validation errors in the words of someone who keeps the data, not of a programmer."""

from __future__ import annotations

import calendar
import re
from typing import Any

from tdagdoc.input.models import PATTERNS
from tdagdoc.input.parsing import YesNo, short

__all__ = ["PATTERN_MESSAGES", "error_message", "error_path", "no_such_day"]


def error_path(loc: tuple[Any, ...], data: Any = None) -> str:
    """A pydantic error location as a field path: ``agreements[3].signed``.

    Given the input ``data``, an index the input did not have is left out: a
    single mapping the model reads as a list of one (``contact: {…}``) is
    named as written, ``contact.email``, not ``contact[0].email``.

    >>> error_path(("contact", 0, "email"), {"contact": {"email": "x"}})
    'contact.email'
    >>> error_path(("contact", 1, "email"), {"contact": [{}, {"email": "x"}]})
    'contact[1].email'
    """
    where = ""
    for part in loc:
        if isinstance(part, int):
            if data is not None and not isinstance(data, list):
                continue
            data = data[part] if isinstance(data, list) and part < len(data) else None
            where += f"[{part}]"
        else:
            data = data.get(part) if isinstance(data, dict) else None
            where += f".{part}" if where else str(part)
    return where


# What each of the model's named patterns (models.PATTERNS) asks for, in the user's words.
PATTERN_MESSAGES = {
    "id": "an id is letters, digits, '.', '_' and '-', starting with a letter or digit",
    "currency": "a currency is a three-letter ISO code in capitals, such as EUR",
    "email": "not an e-mail address",
    "document_number": "a document number is like TDAG-25/7 (or TDAG-25/INF/1, TDAG-25/DT/5)",
    "inf_number": "an information document number is like TDAG-25/INF/1",
    "month": "a month is written YYYY-MM, like 2024-03",
}


_PATTERN_NAMES = {regex: name for name, regex in PATTERNS.items()}


def error_message(err: Any) -> str:
    """A pydantic error in the words of someone who keeps the data, not of a programmer.

    >>> error_message({"type": "date_from_datetime_parsing", "msg": "", "input": "15/01/2024"})
    "'15/01/2024' is not a date: write it as YYYY-MM-DD (e.g. 2024-01-15)"
    """
    kind, msg, value = err["type"], str(err["msg"]), err.get("input")
    shown = short(value)
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "missing":
        return "required field is missing"
    if isinstance(value, YesNo):
        quote = "write it in quotes" if kind == "string_type" else "where text is meant, " \
            "write it in quotes"
        return f"{value.text} reads as a yes/no value in YAML (as do yes, no, on, off, true " \
               f"and false): {quote}, \"{value.text}\""
    if isinstance(value, bool) and kind == "string_type":
        return f"{str(value).lower()} is a yes/no value, not text: write it in quotes"
    if kind == "value_error":
        return str(err["ctx"]["error"])
    if kind.startswith("date") or kind.startswith("datetime"):
        if kind == "date_from_datetime_inexact":
            return f"{shown} has a time of day; give the date only"
        return f"{shown} is not a date: " + no_such_day(value)
    if kind == "decimal_max_places":
        return f"{shown} has more than {err['ctx']['decimal_places']} decimal places"
    if kind.startswith("decimal") and kind != "decimal_max_digits":
        if isinstance(value, str) and _THOUSANDS.fullmatch(value.strip()):
            return f"{shown} is not a number: write it without thousands separators, " \
                   f"{value.strip().replace(',', '')}"
        return f"{shown} is not a number: write digits, with a dot for decimals and no " \
               "thousands separators (e.g. 1250000.50)"
    if kind in ("int_parsing", "int_type", "int_from_float", "int_parsing_size"):
        return f"{shown} is not a whole number"
    if kind == "string_type":
        return f"{shown} should be text"
    if kind == "string_unicode":
        return "contains a lone surrogate (U+D800-U+DFFF), which a Word document cannot hold"
    if kind == "string_pattern_mismatch":
        name = _PATTERN_NAMES.get(err["ctx"]["pattern"], "")
        return f"{shown}: " + PATTERN_MESSAGES.get(name, msg)
    if kind == "enum" or kind == "literal_error":
        return f"{shown} is not one of {err['ctx']['expected']}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "should be a mapping of fields (name: value)"
    if kind == "list_type":
        return "should be a list"
    if kind == "too_short" and isinstance(value, list):
        return "needs at least one item"
    if kind == "too_long" and isinstance(value, list):
        return f"lists {len(value)} items: at most {err['ctx']['max_length']}"
    if kind == "string_too_short":
        return "is empty"
    if kind == "string_too_long":
        return f"is too long (at most {err['ctx']['max_length']:,} characters)"
    return msg[6:] if msg.startswith("Input should") else msg


_THOUSANDS = re.compile(r"[-+]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")
_YMD = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def no_such_day(value: Any) -> str:
    """Why a date written YYYY-MM-DD is no date, or how to write one.

    >>> no_such_day("2026-04-31"), no_such_day("2025-02-29")
    ('April 2026 has 30 days', 'February 2025 has 28 days (2025 is not a leap year)')
    >>> no_such_day("2024-13-01")
    'there is no month 13: write YYYY-MM-DD (e.g. 2024-01-15)'
    >>> no_such_day("15/01/2024")
    'write it as YYYY-MM-DD (e.g. 2024-01-15)'
    """
    m = _YMD.fullmatch(value.strip()) if isinstance(value, str) else None
    if m is None:
        return "write it as YYYY-MM-DD (e.g. 2024-01-15)"
    year, month, day = (int(g) for g in m.groups())
    if not 1 <= month <= 12:
        return f"there is no month {month}: write YYYY-MM-DD (e.g. 2024-01-15)"
    if year == 0 or day == 0:
        return f"there is no {'year' if year == 0 else 'day'} 0"
    days = calendar.monthrange(year, month)[1]
    if day <= days:  # a real date that the field refuses for another reason
        return "write it as YYYY-MM-DD (e.g. 2024-01-15)"
    leap = f" ({year} is not a leap year)" if month == 2 and day == 29 else ""
    return f"{_MONTHS[month - 1]} {year} has {days} days{leap}"
