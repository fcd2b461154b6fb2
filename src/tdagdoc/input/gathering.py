"""A data set's files read into one data tree, as one YAML file would give it.

The document metadata comes from a YAML or JSON file, or from the ``document``
sheet of an .xlsx workbook; the lists (partners, agreements, contributions,
history, rates) from the same file or from spreadsheets
(:mod:`tdagdoc.input.spreadsheets`), each list from one place, with where each
part came from.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from tdagdoc.errors import DataError, Problem
from tdagdoc.input.parsing import parse_text, read_text
from tdagdoc.input.spreadsheets import (
    DOCUMENT,
    TABLES,
    Origin,
    Origins,
    Sheet,
    Table,
    column_name,
    document_data,
    item,
    read_csv,
    read_table,
    read_workbook,
)

__all__ = ["MARKDOWN_SUFFIXES", "WORKBOOK_SUFFIXES", "gather"]


WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
MARKDOWN_SUFFIXES = (".md", ".markdown")


def gather(
    path: str | Path, tables: Mapping[str, str | Path] | None = None
) -> tuple[Any, Origins, list[Problem]]:
    """The files' data merged as one YAML file would give it, where each part came
    from, and the problems found while reading (those that did not stop it).

    Raises :class:`DataError` when a file cannot be read at all.
    """
    path = Path(path)
    main = str(path)
    origins = Origins(main)
    fatal: list[Problem] = []
    problems: list[Problem] = []
    found: list[Table] = []
    data: Any = None
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        try:
            sheets = read_workbook(path)
        except DataError as exc:
            fatal += exc.problems
        else:
            data = _main_workbook(main, sheets, origins, found, problems, fatal)
    elif suffix == ".csv":
        fatal.append(Problem(main, "", "a CSV file holds one list only: give the document "
                             "metadata as YAML, JSON or an .xlsx workbook, and this file with "
                             "--agreements, --partners, --contributions or --history"))
    else:
        try:
            text = read_text(path)
            if suffix in MARKDOWN_SUFFIXES or _markdown(text):
                fatal.append(Problem(main, "", "is a Markdown contribution (front matter between "
                                     "'---' lines, then the text), not a data file: build it "
                                     f"with `tdagdoc contribution build {main}`"))
            else:
                data = parse_text(text, main, "json" if suffix == ".json" else "yaml")
        except DataError as exc:
            fatal += exc.problems
    read = {path.resolve()} if suffix in WORKBOOK_SUFFIXES else set()
    for name, table_path in (tables or {}).items():
        if name not in TABLES:
            raise ValueError(f"unknown list {name!r}; expected one of {', '.join(TABLES)}")
        table_path = Path(table_path)
        key = table_path.resolve()
        if key in read and table_path.suffix.lower() in WORKBOOK_SUFFIXES:
            continue  # a workbook gives all its lists the first time
        read.add(key)
        try:
            found += _table_file(name, table_path, problems)
        except DataError as exc:
            fatal += exc.problems
    if fatal:
        raise DataError(fatal + problems)
    if isinstance(data, dict):
        _merge(data, main, found, origins, problems)
    return data, origins, problems


def _markdown(text: str) -> bool:
    """Whether ``text`` is front matter between '---' lines followed by prose (a Markdown
    contribution, which YAML would read as a second document), not data.

    >>> _markdown("---\\ntitle: A note\\n---\\n# Background\\n\\nThe text.\\n")
    True
    >>> _markdown("---\\nyear: 2024\\n"), _markdown("year: 2024\\n---\\nyear: 2025\\n")
    (False, False)
    """
    lines = text.lstrip("\ufeff").split("\n", 1)
    if lines[0].rstrip() != "---" or len(lines) == 1:
        return False
    fence = re.search(r"^---[ \t]*\r?$", lines[1], re.M)
    if fence is None:
        return False
    rest = lines[1][fence.end():]
    try:  # composed, not constructed: aliases are not expanded
        return not isinstance(yaml.compose(rest, Loader=yaml.SafeLoader),
                              yaml.MappingNode | yaml.SequenceNode)
    except yaml.YAMLError:
        return True
    except RecursionError:
        return False


def _main_workbook(
    name: str, sheets: list[Sheet], origins: Origins, found: list[Table],
    problems: list[Problem], fatal: list[Problem],
) -> dict[str, Any]:
    """A workbook given as the data file: its ``document`` sheet and its list sheets."""
    data: dict[str, Any] = {}
    sheets = _visible(sheets, problems)
    document = [s for s in sheets if _sheet_name(s) == DOCUMENT]
    if not document:
        fatal.append(Problem(name, "", "no sheet named document (key | value rows with year "
                             "and the document metadata; see README, Spreadsheets)"))
    else:
        data = document_data(document[0], origins, problems)
    found += _list_sheets(None, sheets, problems, allow_document=True)
    return data


def _table_file(name: str, path: Path, problems: list[Problem]) -> list[Table]:
    """The lists in a file given for list ``name``: a CSV file is that list; a
    workbook gives every list it has a sheet for (a single sheet, whatever its
    name, is the list ``name``)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return [read_table(name, read_csv(path), problems)]
    if suffix not in WORKBOOK_SUFFIXES:
        raise DataError([Problem(str(path), "", f"a list must be a .csv or .xlsx file, not "
                                 f"{path.suffix or 'a file without extension'}")])
    return _list_sheets(name, read_workbook(path), problems, allow_document=False)


def _sheet_name(sheet: Sheet) -> str:
    return column_name(sheet.name) or ""


def _visible(sheets: list[Sheet], problems: list[Problem]) -> list[Sheet]:
    """The sheets an officer sees in Excel; a hidden one is refused, never read unseen.

    A hidden sheet may hold old or someone else's figures that nobody checked;
    sheets whose name starts with ``#`` are notes and ignored, hidden or not.
    """
    for sheet in sheets:
        if sheet.state != "visible" and not _sheet_name(sheet).startswith("#"):
            how = "very hidden (only the VBA editor shows it)" if sheet.state == "veryHidden" \
                else "hidden"
            problems.append(Problem(sheet.file, sheet.place(), f"the sheet is {how}: unhide it "
                                    "to have it read, or delete it, or start its name with # "
                                    "to keep it as notes"))
    return [s for s in sheets if s.state == "visible"]


def _list_sheets(
    name: str | None, sheets: list[Sheet], problems: list[Problem], allow_document: bool
) -> list[Table]:
    """The sheets of a workbook named after a list, read as that list.

    Sheets whose name starts with ``#`` are ignored; any other name is refused,
    so that a misspelt sheet never silently drops a list.
    """
    live = [s for s in _visible(sheets, problems) if not _sheet_name(s).startswith("#")]
    if name is not None and len(live) == 1 and _sheet_name(live[0]) not in (*TABLES, DOCUMENT):
        return [read_table(name, live[0], problems)]
    out = []
    before = len(problems)
    for sheet in live:
        kind = _sheet_name(sheet)
        if kind in TABLES:
            out.append(read_table(kind, sheet, problems))
        elif kind == DOCUMENT and allow_document:
            continue
        elif kind == DOCUMENT:
            problems.append(Problem(sheet.file, sheet.place(), "a document sheet is read only "
                                    "from the data file itself (tdagdoc build BOOK.xlsx)"))
        else:
            problems.append(Problem(sheet.file, sheet.place(), f"unknown sheet (the sheets are "
                                    f"{DOCUMENT}, {', '.join(TABLES)}; start a sheet's name "
                                    "with # to keep notes in it)"))
    if name is not None and not out and len(problems) == before:
        problems.append(Problem(sheets[0].file if sheets else name, "",
                                f"no sheet named {name}"))
    return out


def _merge(
    data: dict[str, Any], main: str, found: list[Table], origins: Origins,
    problems: list[Problem],
) -> None:
    """Put the tables' rows into ``data`` as the YAML lists, each list from one place."""
    source = {key: main for key in TABLES if key in data}
    contributions: list[Table] = []
    for table in found:
        where = f"{table.sheet.file} ({table.sheet.place()})" if table.sheet.name else \
            table.sheet.file
        if table.name in source:
            problems.append(Problem(table.sheet.file, table.sheet.place(),
                                    f"the {table.name} list is given twice: here and in "
                                    f"{source[table.name]}"))
            continue
        source[table.name] = where
        if table.name == "contributions":
            contributions.append(table)
            continue
        origins.add(table.name, Origin(table.sheet.file, table.sheet.place()))
        data[table.name] = [item(table, row, f"{table.name}[{i}]", origins)
                            for i, row in enumerate(table.rows)]
    for table in contributions:
        _attach(data, table, origins, problems)


def _attach(data: dict[str, Any], table: Table, origins: Origins,
            problems: list[Problem]) -> None:
    """Give each contribution row to the agreement its ``agreement`` column names."""
    agreements = data.get("agreements")
    index: dict[str, int] = {}
    if isinstance(agreements, list):
        for i, agreement in enumerate(agreements):
            if isinstance(agreement, dict) and isinstance(agreement.get("id"), str):
                index.setdefault(agreement["id"], i)
    sheet = table.sheet
    for row in table.rows:
        aid = row.values.get("agreement")
        if "agreement" in row.failed or "agreement" in table.missing:
            continue
        if aid is None:
            problems.append(Problem(sheet.file, sheet.place(row.number, "agreement"),
                                    "empty: say which agreement the contribution is under"))
            continue
        if aid not in index:
            problems.append(Problem(sheet.file, sheet.place(row.number, "agreement"),
                                    f"no agreement with id {aid!r} in the agreements list"))
            continue
        target = agreements[index[aid]]  # type: ignore[index]
        own = target.setdefault("contributions", [])
        if not isinstance(own, list):
            continue  # the agreement's own contributions are wrong; reported on validation
        own.append(item(table, row, f"agreements[{index[aid]}].contributions[{len(own)}]",
                        origins))
