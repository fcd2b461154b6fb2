"""Readers: data files to a checked :class:`~tdagdoc.models.Report`.

Parsing, validation and cross-checks all report into one list, so a user sees
every problem of a file at once, each with the path to the field.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .errors import DataError, Problem
from .models import Report, check_report


def load(path: str | Path) -> Report:
    """Read and check a YAML or JSON data file.

    Raises :class:`DataError` listing every problem found.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError([Problem(str(path), "", "no such file")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError([Problem(str(path), "", f"cannot be read: {exc}")]) from None
    return parse(text, str(path), fmt="json" if path.suffix.lower() == ".json" else "yaml")


def parse(text: str, name: str = "<data>", fmt: str = "yaml") -> Report:
    """Parse data text (YAML or JSON) into a checked report."""
    data = _parse_text(text, name, fmt)
    return validate(data, name)


def validate(data: Any, name: str = "<data>") -> Report:
    """Validate already-parsed data into a checked report."""
    try:
        report = Report.model_validate(data)
    except ValidationError as exc:
        raise DataError([_problem(name, err) for err in exc.errors()]) from None
    problems = [Problem(name, where, message) for where, message in check_report(report)]
    if problems:
        raise DataError(problems)
    return report


def _parse_text(text: str, name: str, fmt: str) -> Any:
    try:
        if fmt == "json":
            return json.loads(text)
        return yaml.safe_load(text)
    except json.JSONDecodeError as exc:
        raise DataError([Problem(name, f"line {exc.lineno}, column {exc.colno}",
                                 f"invalid JSON: {exc.msg}")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        what = getattr(exc, "problem", None) or str(exc)
        raise DataError([Problem(name, where, f"invalid YAML: {what}")]) from None


def _problem(name: str, err: dict[str, Any]) -> Problem:
    where = ""
    for part in err["loc"]:
        where += f"[{part}]" if isinstance(part, int) else (f".{part}" if where else str(part))
    message = err["msg"]
    if err["type"] == "extra_forbidden":
        message = "unknown field"
    elif err["type"] == "missing":
        message = "required field is missing"
    return Problem(name, where, message)
