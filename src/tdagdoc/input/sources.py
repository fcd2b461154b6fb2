"""Readers: data files to a checked :class:`~tdagdoc.input.models.Report`.

The files are read into one data tree (:mod:`tdagdoc.input.gathering`, YAML and
JSON by :mod:`tdagdoc.input.parsing`), validated against the models and
cross-checked here. Parsing, validation and cross-checks all report into one
list, so a user sees every problem at once, each where it can be fixed
(:mod:`tdagdoc.input.places`): the line of a syntax error, the path to a field,
the sheet, row and column of a cell.
"""

from __future__ import annotations

import copy
import functools
import re
import typing
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from tdagdoc.errors import DataError, Problem
from tdagdoc.input.checks import check_highlights, check_items, check_report
from tdagdoc.input.gathering import WORKBOOK_SUFFIXES, gather
from tdagdoc.input.messages import error_message, error_path
from tdagdoc.input.models import (
    Agreement,
    DocumentMeta,
    Highlight,
    Partner,
    Rate,
    Report,
    YearTotals,
    apply_rates,
    rate_disagreements,
)
from tdagdoc.input.parsing import PLAIN_NUMBER, parse_text, short
from tdagdoc.input.places import in_order, with_lines
from tdagdoc.input.spreadsheets import Origins
from tdagdoc.languages import LANGUAGE_CODES


def load(path: str | Path, tables: Mapping[str, str | Path] | None = None, *,
         strict: bool = False, warnings: list[Problem] | None = None) -> Report:
    """Read and check a data file and the spreadsheets that hold its lists.

    ``path`` is YAML, JSON or an .xlsx workbook. ``tables`` maps a list name
    (``partners``, ``agreements``, ``contributions``, ``history``, ``rates``) to a
    .csv file or a workbook. Raises :class:`DataError` listing every problem found.
    Doubts that do not stop a build (a USD value far from the month's UN rate) go
    to ``warnings``; ``strict`` makes them problems.
    """
    data, origins, problems = gather(path, tables)
    try:
        return _validate(data, origins, problems, owned=True, strict=strict, warnings=warnings)
    except DataError as exc:
        raise DataError(with_lines(exc.problems, Path(path))) from None


_ID_REF = re.compile(r"\bpartners\[([^\]]+)\]")


def place(problems: list[Problem], path: str | Path, report: Report,
          tables: Mapping[str, str | Path] | None = None, data_file: str = "data"
          ) -> list[Problem]:
    """Problems found after loading, at data paths in the file ``data_file``, put where
    the user wrote them: file and line, or sheet, row and column.

    Later stages name a partner by its id (``partners[ITU-P1].name``); the
    files are read again, which costs time only when there is something to report.
    """
    if not any(p.file == data_file for p in problems):
        return problems
    # Only spreadsheets need their origins read again; a YAML or JSON file gives lines.
    spreadsheet = bool(tables) or Path(path).suffix.lower() in WORKBOOK_SUFFIXES
    origins = gather(path, tables)[1] if spreadsheet else Origins(str(path))
    index = {partner.id: i for i, partner in enumerate(report.partners)}

    def by_index(m: re.Match[str]) -> str:
        return f"partners[{index[m[1]]}]" if m[1] in index else m[0]

    out = []
    for p in problems:
        if p.file != data_file:
            out.append(p)
            continue
        where = _ID_REF.sub(by_index, p.where)
        out.append(origins.problem(where, p.message) or Problem(str(path), where, p.message))
    return with_lines(out, Path(path))


def parse(text: str, name: str = "<data>", fmt: str = "yaml") -> Report:
    """Parse data text (YAML or JSON) into a checked report."""
    return validate(parse_text(text, name, fmt), name)


def validate(data: Any, name: str = "<data>") -> Report:
    """Validate already-parsed data into a checked report.

    Raises :class:`DataError`, and nothing else, whatever ``data`` is.
    """
    return _validate(data, Origins(name), [])


def _validate(data: Any, origins: Origins, problems: list[Problem], owned: bool = False, *,
              strict: bool = False, warnings: list[Problem] | None = None) -> Report:
    """Validate merged data; report every problem (the readers' first) where it came from.

    ``owned`` data (parsed here, referenced nowhere else) is validated list by
    list, each raw item dropped once it is a model (:func:`_lean_report`).
    """
    found = list(problems)

    def add(path: str, message: str, missing: bool = False) -> None:
        problem = origins.problem(path, message, missing)
        if problem is not None and problem not in found:
            found.append(problem)

    plain = plain_numbers(data)
    said = {where for where, _ in plain}  # pydantic would say it again, less clearly
    report = _lean_report(data) if owned and not problems and not plain else None
    if report is None:
        try:
            report = Report.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors():
                if error_path(err["loc"], data) not in said:
                    add(error_path(err["loc"], data), error_message(err),
                        err["type"] == "missing")
            for where, message in plain:
                add(where, message)
            for where, message in _check_valid_parts(data):
                add(where, message)
            raise DataError(in_order(found)) from None
    for where, message in [*plain, *check_report(report), *check_writable(report)]:
        add(where, message)
    doubts = [p for where, message in rate_disagreements(report)
              if (p := origins.problem(where, message)) is not None]
    if strict:
        found += doubts
    elif warnings is not None:
        warnings += doubts
    if found:
        raise DataError(in_order(found))
    return apply_rates(report)


_NUMBER_TYPES = (int, Decimal)


def plain_numbers(data: Any, model: type[BaseModel] = Report, where: str = ""
                  ) -> list[tuple[str, str]]:
    """Numbers given as text must be plain decimals: digits, a dot for decimals.

    YAML reads ``1_000``, ``1:30`` and ``0x10`` as text here (see ``_Loader``),
    and JSON its exponents (``1e5``); pydantic would read them all as numbers.
    The model's own fields say which values are numbers.

    >>> plain_numbers({"year": "2_024", "history": [{"usd": "1e5"}]})
    [('year', "'2_024' is not a plain number: write digits, with a dot for decimals (no '_', exponent or ':')"), ('history[0].usd', "'1e5' is not a plain number: write digits, with a dot for decimals (no '_', exponent or ':')")]
    """  # noqa: E501
    if not isinstance(data, dict):
        return []
    found = []
    for name, is_number, nested in _number_plan(model):
        value = data.get(name)
        if value is None:
            continue
        path = f"{where}.{name}" if where else name
        if is_number:
            if isinstance(value, str) and not PLAIN_NUMBER.fullmatch(value.strip()) and \
                    _reads_as_number(value):
                found.append((path, f"{short(value)} is not a plain number: write digits, "
                              "with a dot for decimals (no '_', exponent or ':')"))
            continue
        for kind, is_list in nested:
            if not is_list:
                found += plain_numbers(value, kind, path)
            elif isinstance(value, list):
                for i, each in enumerate(value):
                    found += plain_numbers(each, kind, f"{path}[{i}]")
    return found


@functools.cache
def _number_plan(model: type[BaseModel]
                 ) -> tuple[tuple[str, bool, tuple[tuple[type[BaseModel], bool], ...]], ...]:
    """The fields of ``model`` that :func:`plain_numbers` looks into, read from the model
    once (not for each of 100 000 items): each field's name, whether it holds a number,
    and the models it holds (alone, or as the items of a list).
    """
    Plan = tuple[str, bool, tuple[tuple[type[BaseModel], bool], ...]]
    plan: list[Plan] = []
    for name, info in model.model_fields.items():
        kinds = [info.annotation, *typing.get_args(info.annotation)]
        if any(k in _NUMBER_TYPES for k in kinds):
            plan.append((name, True, ()))
            continue
        nested: list[tuple[type[BaseModel], bool]] = []
        for kind in kinds:
            inner = typing.get_args(kind)
            item = inner[0] if typing.get_origin(kind) is list and inner else None
            if isinstance(kind, type) and issubclass(kind, BaseModel):
                nested.append((kind, False))
            elif isinstance(item, type) and issubclass(item, BaseModel):
                nested.append((item, True))
        if nested:
            plan.append((name, False, tuple(nested)))
    return tuple(plan)


def _reads_as_number(text: str) -> bool:
    """Whether pydantic would take ``text`` as a number (else it says so itself)."""
    try:
        return Decimal(text.strip()).is_finite()
    except ArithmeticError:
        return False


MAX_ZIP_YEAR = 2107
"""The last year a zip entry's time can hold (the documents' entries carry the document date)."""


MAX_PROPERTY = 255
"""The longest text a Word document property (title, subject) may hold."""


def check_writable(report: Report) -> list[tuple[str, str]]:
    """What the Word format itself cannot hold, found at validation, not at writing.

    ``validate`` then accepts only data that ``build`` can write.
    """
    found = []
    meta = report.document
    if meta.date.year > MAX_ZIP_YEAR:
        found.append(("document.date", f"{meta.date.isoformat()} is after {MAX_ZIP_YEAR}, "
                      "the last year a Word document's file times can hold"))
    for name in ("number", "inf_document"):
        number = getattr(meta, name)
        if number is not None and not number.isascii():
            # \d in the pattern takes any script's digits; file names must not.
            found.append((f"document.{name}", f"{number!r}: write the digits as 0-9 "
                          "(ASCII), as in TDAG-25/7"))
    for code in LANGUAGE_CODES:
        text = meta.title.get(code)
        if text is not None and len(text) > MAX_PROPERTY:
            found.append((f"document.title.{code}", f"is {len(text):,} characters long; the "
                          f"document's title property holds at most {MAX_PROPERTY}"))
    return found


_LISTS: tuple[tuple[str, type[BaseModel]], ...] = (
    ("partners", Partner), ("agreements", Agreement), ("history", YearTotals), ("rates", Rate))


def _lean_report(data: Any) -> Report | None:
    """Valid data as a report, holding never much more than the models; else None.

    Validating the whole tree at once holds the parsed data and the models
    together: at 100 000 agreements, 150 MB of dicts beside 270 MB of models.
    Item by item, each raw item is dropped as soon as it is a model. On any
    problem the data is put back as it was (valid items from their models) and
    None returned, so that the full path reports every problem.
    """
    if not isinstance(data, dict) or not all(
            isinstance(data.get(key, []), list) for key, _ in _LISTS):
        return None
    done: dict[str, list[Any]] = {}
    try:
        for key, model in _LISTS:
            raw, models = data.get(key, []), done.setdefault(key, [])
            for i, item in enumerate(raw):
                models.append(model.model_validate(item))
                raw[i] = None
        skeleton = Report.model_validate({**data, **{key: [] for key, _ in _LISTS}})
    except ValidationError:
        for key, models in done.items():
            if models:
                data[key][: len(models)] = [m.model_dump() for m in models]
        return None
    return skeleton.model_copy(update=done)


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

    raw_partners = _listed(data.get("partners"))
    known = {p["id"] for p in raw_partners if isinstance(p, dict) and isinstance(p.get("id"), str)}
    year = data.get("year") if type(data.get("year")) is int else None
    agreements = items("agreements", Agreement)
    highlights = data.get("highlights")
    checked_highlights = check_highlights(
        [valid(Highlight, h) for h in highlights] if isinstance(highlights, list) else [],
        valid(Highlight, data["results_note"]) if data.get("results_note") is not None
        else None)
    problems = checked_highlights + check_items(year, valid(DocumentMeta, data.get("document")),
                           items("partners", Partner), agreements,
                           items("history", YearTotals), known, items("rates", Rate))
    # An agreement with a bad date is still checked for unknown partners, so that
    # fixing the date does not reveal a second round of problems.
    checked = {i for i, _ in agreements}
    raw = _listed(data.get("agreements"))
    for i, agreement in enumerate(raw):
        ids = agreement.get("partners") if isinstance(agreement, dict) else None
        if i in checked or not isinstance(ids, list):
            continue
        problems += [(f"agreements[{i}].partners[{j}]", f"unknown partner id {pid!r}")
                     for j, pid in enumerate(ids) if isinstance(pid, str) and pid not in known]
    return problems


def _listed(value: Any) -> list[Any]:
    """A list read from the data, or none where the data has something else (reported)."""
    return value if isinstance(value, list) else []
