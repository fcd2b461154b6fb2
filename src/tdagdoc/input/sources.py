"""Readers: data files to a checked :class:`~tdagdoc.input.models.Report`.

The document metadata comes from a YAML or JSON file, or from the ``document``
sheet of an .xlsx workbook; the lists (partners, agreements, contributions,
history) from the same file or from spreadsheets (:mod:`tdagdoc.input.spreadsheets`).
Parsing, validation and cross-checks all report into one list, so a user sees
every problem at once, each where it can be fixed: the line of a syntax error,
the path to a field, the sheet, row and column of a cell.
"""

from __future__ import annotations

import calendar
import copy
import json
import re
import typing
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from yaml.constructor import ConstructorError

from tdagdoc.errors import DataError, Problem
from tdagdoc.input.models import (
    PATTERNS,
    Agreement,
    DocumentMeta,
    Highlight,
    Partner,
    Rate,
    Report,
    YearTotals,
    apply_rates,
    check_highlights,
    check_items,
    check_report,
    rate_disagreements,
)
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
from tdagdoc.languages import LANGUAGE_CODES

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
MARKDOWN_SUFFIXES = (".md", ".markdown")
MAX_ALIAS_VALUES = 1_000_000
"""Aliases may repeat at most this many values: more is a runaway ("billion laughs") file."""


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
        raise DataError(_with_lines(exc.problems, Path(path))) from None


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
    return _with_lines(out, Path(path))


_STEPS = re.compile(r"\[(\d+)\]|\.?([^.\[]+)")


def _with_lines(problems: list[Problem], path: Path) -> list[Problem]:
    """Problems at field paths of a YAML or JSON file, with the line of the field.

    The file is read again as a stream of parser events (no values built, memory
    flat), only when there are problems to place; a field that is missing gets
    the line of the deepest mapping or list on its path.
    """
    name = str(path)
    todo = [p for p in problems if p.file == name and p.where and not p.where.startswith("line ")]
    if path.suffix.lower() not in (".yaml", ".yml", ".json") or not todo:
        return problems
    wanted = {prefix for p in todo for prefix in _prefixes(p.where)}
    try:
        lines = _lines(path.read_text(encoding="utf-8"), wanted)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError):
        return problems
    out = []
    for p in problems:
        if p in todo:
            line = next((lines[q] for q in reversed(_prefixes(p.where)) if q in lines), None)
            if line is not None:
                p = Problem(p.file, f"line {line}, {p.where}", p.message)
        out.append(p)
    return out


def _prefixes(where: str) -> list[str]:
    """A field path and its parents, shortest first.

    >>> _prefixes("agreements[3].contributions[0].by")
    ['agreements', 'agreements[3]', 'agreements[3].contributions', \
'agreements[3].contributions[0]', 'agreements[3].contributions[0].by']
    """
    out, path = [], ""
    for m in _STEPS.finditer(where.split(" ", 1)[0]):
        path += m[0]
        out.append(path)
    return out


def _lines(text: str, wanted: set[str]) -> dict[str, int]:
    """The line where each wanted field path's value starts, from the parser's events."""
    found: dict[str, int] = {}
    # Open collections: [path or None, is_mapping, next item index or next key, expecting a key]
    stack: list[list[Any]] = []
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            stack.pop()
            continue
        if not isinstance(event, yaml.NodeEvent):
            continue
        path: str | None = ""
        if stack:
            top = stack[-1]
            if top[1] and top[3]:  # a mapping's key: remember it, it names the next node
                top[2] = event.value if isinstance(event, yaml.ScalarEvent) else None
                top[3] = False
                if isinstance(event, yaml.CollectionStartEvent):
                    stack.append([None, isinstance(event, yaml.MappingStartEvent), 0, True])
                continue
            if top[1]:
                top[3] = True
                path = None if top[0] is None or top[2] is None else \
                    (f"{top[0]}.{top[2]}" if top[0] else str(top[2]))
            else:
                path = None if top[0] is None else f"{top[0]}[{top[2]}]"
                top[2] += 1
        if path in wanted and event.start_mark is not None:
            found[path] = event.start_mark.line + 1
        if isinstance(event, yaml.CollectionStartEvent):
            stack.append([path, isinstance(event, yaml.MappingStartEvent), 0, True])
    return found


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
            text = _read_text(path)
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


# --- YAML and JSON -------------------------------------------------------------------------


def parse(text: str, name: str = "<data>", fmt: str = "yaml") -> Report:
    """Parse data text (YAML or JSON) into a checked report."""
    return validate(parse_text(text, name, fmt), name)


def validate(data: Any, name: str = "<data>") -> Report:
    """Validate already-parsed data into a checked report.

    Raises :class:`DataError`, and nothing else, whatever ``data`` is.
    """
    return _validate(data, Origins(name), [])


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError([Problem(str(path), "", "no such file")]) from None
    except IsADirectoryError:
        raise DataError([Problem(str(path), "", "is a directory, not a data file")]) from None
    except UnicodeDecodeError as exc:
        raise DataError([Problem(str(path), "", f"is not UTF-8 text (byte {exc.start + 1})")]) \
            from None
    except OSError as exc:
        raise DataError([Problem(str(path), "", f"cannot be read: {exc.strerror or exc}")]) \
            from None


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


_INT, _FLOAT = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"


def _plain_resolvers() -> dict[Any, list[tuple[str, re.Pattern[str]]]]:
    """YAML 1.1's implicit types, with numbers only in plain decimal form.

    ``1_000``, ``1:30`` (sexagesimal: 90), ``0x10``, ``017`` (octal: 15) and
    ``1.5e+3`` stay text, which the field check refuses where a number belongs
    (:func:`plain_numbers`) and keeps as written where text belongs.
    """
    table: dict[Any, list[tuple[str, re.Pattern[str]]]] = {
        first: [(tag, rx) for tag, rx in pairs if tag not in (_INT, _FLOAT)]
        for first, pairs in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    plain = ((_INT, re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")),
             (_FLOAT, re.compile(r"^[-+]?[0-9]+\.[0-9]+$|^[-+]?\.(?:inf|Inf|INF)$"
                                 r"|^\.(?:nan|NaN|NAN)$")))
    for first in "-+0123456789.":
        table.setdefault(first, []).extend(plain)
    return table


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, stricter where silence would lose data.

    A key given twice is refused (PyYAML keeps the last one without a word),
    and a value that cannot be built (a 5 000-digit number) is reported at its
    line instead of escaping as a bare ``ValueError``. An impossible date
    (``2024-02-30``) stays text, so that validation reports it at its field
    along with every other problem of the file.
    """

    yaml_implicit_resolvers = _plain_resolvers()

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, yaml.MappingNode) and node.flow_style:
            node.value = _grouped(node.value)
        if isinstance(node, yaml.MappingNode):
            first: dict[Any, yaml.Node] = {}
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise ConstructorError(
                        None, None, "a merge key (<<) would silently override values: write "
                        "the fields out", key_node.start_mark)
                key = self.construct_object(key_node, deep=True)
                try:
                    earlier = first.setdefault(key, key_node)
                except TypeError:
                    continue  # an unhashable key: the base constructor reports it
                if earlier is not key_node:
                    raise ConstructorError(
                        None, None,
                        f"duplicate key {key!r} (first on line {earlier.start_mark.line + 1})",
                        key_node.start_mark)
        return super().construct_mapping(node, deep)

    def get_single_node(self) -> yaml.Node | None:
        node = super().get_single_node()
        if node is not None:
            _check_aliases(node)
        return node

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError) as exc:
            if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:timestamp":
                return node.value
            shown = _short(node.value if isinstance(node, yaml.ScalarNode) else node.tag)
            raise ConstructorError(None, None, f"cannot read {shown}: {exc}",
                                   node.start_mark) from None


def _decimal(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """A YAML float as the exact Decimal its text writes (no binary float on the way: a
    float would turn 1234567890123456.78 into ...456.8); infinities and sexagesimal
    numbers stay floats, for validation to refuse."""
    assert isinstance(node, yaml.ScalarNode)
    text = str(node.value).replace("_", "")
    try:
        value = Decimal(text)
    except ArithmeticError:
        return loader.construct_yaml_float(node)
    return value if value.is_finite() else loader.construct_yaml_float(node)


_Loader.add_constructor("tag:yaml.org,2002:float", _decimal)


class YesNo:
    """A YAML 1.1 yes/no word as written (``NO``, ``off``, ``True``).

    PyYAML reads ``country: NO`` (Norway) as ``False``; no field of the data
    takes a yes/no value, so keeping the word lets the error quote it and say
    to write it in quotes.
    """

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, YesNo) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)


def _yes_no(loader: yaml.SafeLoader, node: yaml.Node) -> YesNo:
    assert isinstance(node, yaml.ScalarNode)
    return YesNo(str(node.value))


_Loader.add_constructor("tag:yaml.org,2002:bool", _yes_no)

_GROUP_HEAD = re.compile(r"[-+]?[0-9]{1,3}")
_GROUP = re.compile(r"[0-9]{3}(?:\.[0-9]+)?")


def _grouped(pairs: list[tuple[yaml.Node, yaml.Node]]) -> list[tuple[yaml.Node, yaml.Node]]:
    """Inside ``{ }``, a number written with thousands separators, as written.

    A comma ends a field of a flow mapping, so ``{amount: 18,100,000}`` is
    ``amount: 18`` and two empty fields named ``100`` and ``000``. The digits
    that follow are put back into the value, as text (``'18,100,000'``), so
    that the field check names the amount as written and says how to write it.
    """
    out: list[tuple[yaml.Node, yaml.Node]] = []
    i = 0
    while i < len(pairs):
        key, value = pairs[i]
        i += 1
        if not (_plain(value) and _GROUP_HEAD.fullmatch(value.value)):
            out.append((key, value))
            continue
        groups = []
        while i < len(pairs) and _plain(pairs[i][0]) and _plain(pairs[i][1]) and \
                _GROUP.fullmatch(pairs[i][0].value) and pairs[i][1].value == "":
            groups.append(pairs[i][0].value)
            i += 1
            if "." in groups[-1]:
                break
        if groups:
            value = yaml.ScalarNode("tag:yaml.org,2002:str", ",".join([value.value, *groups]),
                                    value.start_mark, pairs[i - 1][0].end_mark)
        out.append((key, value))
    return out


def _plain(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.style is None


def parse_text(text: str, name: str, fmt: str = "yaml") -> Any:
    """YAML or JSON text as plain data; syntax problems are reported with their line."""
    try:
        if fmt == "json":
            return json.loads(text, object_pairs_hook=_no_duplicates, parse_float=_json_number)
        data = yaml.load(text, Loader=_Loader)  # a SafeLoader: no Python objects
    except json.JSONDecodeError as exc:
        raise DataError([Problem(name, f"line {exc.lineno}, column {exc.colno}",
                                 f"invalid JSON: {exc.msg}")]) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise DataError([Problem(name, f"line {line}, column {column}",
                                 f"invalid YAML: character U+{exc.character:04X} is not "
                                 "allowed in a YAML file")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        what = getattr(exc, "problem", None) or str(exc)
        began, context = getattr(exc, "context_mark", None), getattr(exc, "context", None)
        if began is not None and context and (mark is None or began.line != mark.line
                                              or began.column != mark.column):
            # Where the unclosed bracket or quote began, not only where the parser gave up.
            what += f" ({context}, which began on line {began.line + 1}, column " \
                    f"{began.column + 1})"
        raise DataError([Problem(name, where, f"invalid YAML: {what}")]) from None
    except RecursionError:
        raise DataError([Problem(name, "", "nested too deeply to be a data file")]) from None
    except ValueError as exc:  # JSON: a duplicate key, a number too long to read
        raise DataError([Problem(name, "", f"invalid JSON: {exc}")]) from None
    return data


def _json_number(text: str) -> Decimal | str:
    """A JSON number with a fraction as a Decimal; with an exponent (``1e5``) as its text,
    which :func:`plain_numbers` refuses where a number belongs."""
    return Decimal(text) if _PLAIN_NUMBER.fullmatch(text) else text


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key {key!r}")
        out[key] = value
    return out


def _check_aliases(root: yaml.Node) -> None:
    """Refuse a YAML document whose aliases repeat millions of values, or contain themselves.

    Counted on the composed nodes, where an alias is the anchored node itself:
    the cost is that of the file, not of its expansion.
    """
    sizes: dict[int, int] = {}
    open_: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in open_:
            raise ConstructorError(None, None, "an alias refers to the value that contains it",
                                   node.start_mark)
        open_.add(key)
        children: list[yaml.Node] = []
        if isinstance(node, yaml.SequenceNode):
            children = node.value
        elif isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        total = 1 + sum(size(child) for child in children)
        open_.discard(key)
        sizes[key] = total
        return total

    if size(root) - len(sizes) > MAX_ALIAS_VALUES:
        raise ConstructorError(None, None, f"aliases repeat more than {MAX_ALIAS_VALUES:,} "
                               "values", root.start_mark)


# --- validation ----------------------------------------------------------------------------


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
                if error_path(err["loc"]) not in said:
                    add(error_path(err["loc"]), error_message(err), err["type"] == "missing")
            for where, message in plain:
                add(where, message)
            for where, message in _check_valid_parts(data):
                add(where, message)
            raise DataError(_in_order(found)) from None
    for where, message in [*plain, *check_report(report), *check_writable(report)]:
        add(where, message)
    doubts = [p for where, message in rate_disagreements(report)
              if (p := origins.problem(where, message)) is not None]
    if strict:
        found += doubts
    elif warnings is not None:
        warnings += doubts
    if found:
        raise DataError(_in_order(found))
    return apply_rates(report)


_PLAIN_NUMBER = re.compile(r"[-+]?[0-9]+(?:\.[0-9]+)?")
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
    for name, info in model.model_fields.items():
        value = data.get(name)
        if value is None:
            continue
        path = f"{where}.{name}" if where else name
        kinds = [info.annotation, *typing.get_args(info.annotation)]
        if any(k in _NUMBER_TYPES for k in kinds):
            if isinstance(value, str) and not _PLAIN_NUMBER.fullmatch(value.strip()) and \
                    _reads_as_number(value):
                found.append((path, f"{_short(value)} is not a plain number: write digits, "
                              "with a dot for decimals (no '_', exponent or ':')"))
            continue
        for kind in kinds:
            inner = typing.get_args(kind)
            item = inner[0] if typing.get_origin(kind) is list and inner else None
            if isinstance(kind, type) and issubclass(kind, BaseModel):
                found += plain_numbers(value, kind, path)
            elif isinstance(item, type) and issubclass(item, BaseModel) and \
                    isinstance(value, list):
                for i, each in enumerate(value):
                    found += plain_numbers(each, item, f"{path}[{i}]")
    return found


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


_PLACE = re.compile(r"^(?:sheet (?P<whole>.+)$|(?P<sheet>[^!]+)!)?(?:row (?P<row>\d+))?")
_SHEETS = (DOCUMENT, *TABLES)


def _in_order(problems: list[Problem]) -> list[Problem]:
    """Problems by file, then sheet, then row, as the officer will walk through them.

    Files keep the order in which they first appear, sheets the order of the
    lists; problems without a row (YAML fields) keep their own order.
    """
    files: dict[str, int] = {}

    def key(p: Problem) -> tuple[int, int, str, int]:
        m = _PLACE.match(p.where)
        sheet = (m["whole"] or m["sheet"] or "") if m else ""
        rank = _SHEETS.index(sheet) if sheet in _SHEETS else len(_SHEETS)
        return (files.setdefault(p.file, len(files)), rank, sheet,
                int(m["row"]) if m and m["row"] else 0)

    return sorted(problems, key=key)


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


def _listed(value: Any) -> list[Any]:
    """A list read from the data, or none where the data has something else (reported)."""
    return value if isinstance(value, list) else []


def error_message(err: Any) -> str:
    """A pydantic error in the words of someone who keeps the data, not of a programmer.

    >>> error_message({"type": "date_from_datetime_parsing", "msg": "", "input": "15/01/2024"})
    "'15/01/2024' is not a date: write it as YYYY-MM-DD (e.g. 2024-01-15)"
    """
    kind, msg, value = err["type"], str(err["msg"]), err.get("input")
    shown = _short(value)
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


def _short(value: Any, limit: int = 40) -> str:
    """A value as the user typed it: numbers bare, text quoted, long text cut."""
    text = str(value) if isinstance(value, Decimal | int | float) else repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
