"""Readers: data files to a checked :class:`~tdagdoc.models.Report`.

Parsing, validation and cross-checks all report into one list, so a user sees
every problem of a file at once, each with the path to the field.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from .errors import DataError, Problem
from .models import (
    Agreement,
    DocumentMeta,
    Partner,
    Report,
    YearTotals,
    check_items,
    check_report,
)


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
        problems = [_problem(name, err) for err in exc.errors()]
        problems += [Problem(name, w, m) for w, m in _check_valid_parts(data)]
        raise DataError(problems) from None
    problems = [Problem(name, where, message) for where, message in check_report(report)]
    if problems:
        raise DataError(problems)
    return report


def _check_valid_parts(data: Any) -> list[tuple[str, str]]:
    """The cross-checks on the items that are valid on their own, at their own index."""
    if not isinstance(data, dict):
        return []

    def valid(model: type[BaseModel], value: Any) -> Any:
        """The item as a model, unknown fields left out (already reported); else None."""
        try:
            return model.model_validate(value)
        except ValidationError as exc:
            errors = exc.errors()
            if any(e["type"] != "extra_forbidden" for e in errors):
                return None
        value = copy.deepcopy(value)
        for e in errors:
            *path, key = e["loc"]
            parent = value
            for step in path:
                parent = parent[step]
            del parent[key]
        return valid(model, value)

    def items(key: str, model: type[BaseModel]) -> list[tuple[int, Any]]:
        rows = data.get(key)
        rows = rows if isinstance(rows, list) else []
        checked = ((i, valid(model, row)) for i, row in enumerate(rows))
        return [(i, item) for i, item in checked if item is not None]

    raw_partners = data.get("partners") if isinstance(data.get("partners"), list) else []
    known = {p["id"] for p in raw_partners if isinstance(p, dict) and isinstance(p.get("id"), str)}
    year = data.get("year") if isinstance(data.get("year"), int) else None
    return check_items(year, valid(DocumentMeta, data.get("document")),
                       items("partners", Partner), items("agreements", Agreement),
                       items("history", YearTotals), known)


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
