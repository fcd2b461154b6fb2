"""Validation errors in the words of someone who keeps the data, not of a programmer."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tdagdoc.input.models import PATTERNS

__all__ = ["PATTERN_MESSAGES", "error_message", "error_path", "short"]


def error_path(loc: tuple[Any, ...]) -> str:
    """A pydantic error location as a field path: ``agreements[3].signed``."""
    where = ""
    for part in loc:
        where += f"[{part}]" if isinstance(part, int) else (f".{part}" if where else str(part))
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
    if kind == "value_error":
        return str(err["ctx"]["error"])
    if kind.startswith("date") or kind.startswith("datetime"):
        if kind == "date_from_datetime_inexact":
            return f"{shown} has a time of day; give the date only"
        return f"{shown} is not a date: write it as YYYY-MM-DD (e.g. 2024-01-15)"
    if kind == "decimal_max_places":
        return f"{shown} has more than {err['ctx']['decimal_places']} decimal places"
    if kind.startswith("decimal") and kind != "decimal_max_digits":
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
    if kind == "string_too_short":
        return "is empty"
    if kind == "string_too_long":
        return f"is too long (at most {err['ctx']['max_length']:,} characters)"
    return msg[6:] if msg.startswith("Input should") else msg


def short(value: Any, limit: int = 40) -> str:
    """A value as the user typed it: numbers bare, text quoted, long text cut."""
    text = str(value) if isinstance(value, Decimal | int | float) else repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
