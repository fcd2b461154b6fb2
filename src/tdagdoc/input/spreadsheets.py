"""CSV and XLSX readers: partners, agreements, contributions and history as tables.

Secretariats keep their agreements in Excel. These readers turn a sheet (or a
CSV file) into the same plain data a YAML file gives (dicts, lists, text,
numbers, dates) and remember the cell each value came from, so that a problem
the models find later is reported where the officer can fix it::

    agreements.xlsx: agreements!row 14, column signed: '15/01/2024' is not a date ...

The readers only reshape; the pydantic models stay the one judge of what is
valid, for every input format alike.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from tdagdoc.errors import DataError, Problem
from tdagdoc.languages import LANGUAGE_CODES

if TYPE_CHECKING:
    from tdagdoc.input.models import Report

TABLES = ("partners", "agreements", "contributions", "history", "rates")
"""The lists a table can hold; in a workbook, each is a sheet of that name."""

DOCUMENT = "document"
"""The workbook sheet of ``key | value`` rows that holds ``year`` and the document metadata."""


Kind = Literal["text", "list", "choice", "choices", "date", "month", "number", "int"]

COLUMNS: dict[str, dict[str, Kind]] = {
    "partners": {"id": "text", **{f"name_{c}": "text" for c in LANGUAGE_CODES},
                 "type": "choice", "membership": "choice", "first_agreement": "int",
                 "country": "text", "development": "choice", "groupings": "choices"},
    "agreements": {"id": "text", "signed": "date", "partners": "list", "regions": "choices",
                   "priorities": "choices", "start": "date", "end": "date"},
    "contributions": {"agreement": "text", "amount": "number", "currency": "text",
                      "usd": "number", "by": "text", "kind": "choice"},
    "history": {"year": "int", "agreements": "int", "financial_agreements": "int",
                "usd": "number"},
    "rates": {"currency": "text", "month": "month", "per_usd": "number"},
}
"""Every documented column of each table and how its cells are read."""

REQUIRED: dict[str, tuple[str, ...]] = {
    "partners": ("id", "name_en", "type"),
    "agreements": ("id", "signed", "partners", "regions", "priorities"),
    "contributions": ("agreement", "amount"),
    "history": ("year", "agreements", "financial_agreements", "usd"),
    "rates": ("currency", "month", "per_usd"),
}
"""Columns a table must have (the models' required fields)."""

_DOCUMENT_KINDS: dict[str, Kind] = {
    "year": "int", "meeting.number": "int", "revision": "int", "addendum": "int",
    "corrigendum": "int", "date": "date", "meeting.start": "date", "meeting.end": "date",
}
_KEY = re.compile(r"^[a-z_]+(\[\d+\])?(\.[a-z_]+(\[\d+\])?)*$")
"""A document sheet key: ``meeting.city.en``, ``contact[1].email`` (the second contact)."""
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LIST_SPLIT = re.compile(r"[;,\n]")
# Only these are trimmed from cells: a vertical tab or form feed at the end of a
# cell must reach the models, which refuse it by name, rather than vanish here.
_BLANK = " \t\r\n\u00a0"


class CellError(str):
    """An Excel error value (``#N/A``, ``#DIV/0!``...) read from a cell."""


# --- raw sheets ------------------------------------------------------------------------


@dataclass
class Sheet:
    """One table as read: its header cells and its rows, cells as Python values.

    Row numbers are those a spreadsheet program shows (the header is row 1).
    """

    file: str
    name: str | None  # the worksheet's name; None for a CSV file
    header: list[Any]
    rows: list[tuple[int, list[Any]]]
    letters: bool = True  # columns labelled A, B... (Excel) or 1, 2... (CSV)
    state: str = "visible"  # Excel's "hidden" and "veryHidden" sheets are refused

    def place(self, row: int | None = None, column: str | None = None) -> str:
        """``agreements!row 14, column signed`` (``row 14, column signed`` in a CSV file).

        >>> Sheet("a.xlsx", "agreements", [], []).place(14, "signed")
        'agreements!row 14, column signed'
        >>> Sheet("a.csv", None, [], []).place(3)
        'row 3'
        >>> Sheet("a.xlsx", "history", [], []).place()
        'sheet history'
        """
        inner = ", ".join(
            part for part in (row and f"row {row}", column and f"column {column}") if part
        )
        if self.name is None:
            return inner
        return f"{self.name}!{inner}" if inner else f"sheet {self.name}"

    def label(self, index: int) -> str:
        """The name a spreadsheet program gives the column at ``index`` (from 0)."""
        if not self.letters:
            return str(index + 1)
        label, n = "", index + 1
        while n:
            n, r = divmod(n - 1, 26)
            label = chr(65 + r) + label
        return label


def read_csv(path: Path, display: str | None = None) -> Sheet:
    """Read a CSV file: UTF-8 (with or without BOM), comma, semicolon or tab separated.

    The separator is the one of ``, ; TAB`` found most often in the header line
    (Excel writes semicolons where the decimal mark is a comma).
    """
    name = display or str(path)
    data = _read_bytes(path, name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError([Problem(name, "", f"is not UTF-8 text (byte {exc.start + 1}); in "
                                 "Excel, save it as 'CSV UTF-8 (comma delimited)'")]) from None
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    rows: list[list[str]] = []
    try:
        rows.extend(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise DataError([Problem(name, f"row {len(rows) + 1}", f"is not valid CSV: {exc}")]) \
            from None
    if not rows:
        return Sheet(name, None, [], [], letters=False)
    return Sheet(name, None, list(rows[0]), list(enumerate(rows[1:], start=2)), letters=False)


def read_workbook(path: Path, display: str | None = None) -> list[Sheet]:
    """Read every worksheet of an .xlsx workbook, formulas as their last saved values."""
    import openpyxl  # imported here: only spreadsheet users pay for it

    name = display or str(path)
    _check_size(path, name)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # not a zip, an old .xls, a broken part: all the user's file
        raise DataError([Problem(name, "", f"cannot be read as an Excel workbook (.xlsx): "
                                 f"{exc or type(exc).__name__}")]) from None
    try:
        return [_worksheet(name, ws) for ws in book.worksheets]
    except Exception as exc:
        raise DataError([Problem(name, "", f"cannot be read as an Excel workbook (.xlsx): "
                                 f"{exc or type(exc).__name__}")]) from None
    finally:
        book.close()


def _worksheet(file: str, ws: Any) -> Sheet:
    rows: list[tuple[int, list[Any]]] = []
    header: list[Any] = []
    for number, cells in enumerate(ws.iter_rows(), start=1):
        values = [CellError(c.value) if c.data_type == "e" else _unescape(c.value)
                  for c in cells]
        if number == 1:
            header = values
        else:
            rows.append((number, values))
    return Sheet(file, str(ws.title), header, rows, state=str(ws.sheet_state or "visible"))


MAX_WORKBOOK_BYTES = 256 * 1024 * 1024
"""Most uncompressed bytes of an .xlsx workbook (100 000 agreements take about 40 MB)."""
MAX_WORKBOOK_ENTRIES = 10_000


def _check_size(path: Path, name: str) -> None:
    """Refuse a workbook too big unpacked, before any part of it is parsed.

    The zip module stops reading an entry at the size its header declares, so
    the declared sizes bound what openpyxl can be given.
    """
    if not path.is_file():
        _read_bytes(path, name)  # the same clear message as other files when it is missing
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError):
        return  # openpyxl says what is wrong with it
    total = sum(info.file_size for info in infos)
    if len(infos) > MAX_WORKBOOK_ENTRIES or total > MAX_WORKBOOK_BYTES:
        raise DataError([Problem(name, "", f"unpacks to {total:,} bytes in {len(infos):,} "
                                 f"parts; a workbook is read up to {MAX_WORKBOOK_BYTES:,} bytes "
                                 f"and {MAX_WORKBOOK_ENTRIES:,} parts")])


_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescape(value: Any) -> Any:
    """Decode Excel's ``_xHHHH_`` escapes, which openpyxl leaves as they are.

    Excel stores characters XML cannot hold (a vertical tab pasted into a
    cell) as ``_x000B_``, and a literal ``_x`` as ``_x005F_x``; decoded, the
    models can refuse such a character by name instead of printing the escape.

    >>> _unescape("Line_x000B_break, a_x005F_x000B_b")
    'Line\\x0bbreak, a_x000B_b'
    """
    if not isinstance(value, str) or "_x" not in value:
        return value
    return _ESCAPE.sub(lambda m: chr(int(m[1], 16)), value)


def _read_bytes(path: Path, name: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise DataError([Problem(name, "", "no such file")]) from None
    except OSError as exc:
        raise DataError([Problem(name, "", f"cannot be read: {exc.strerror or exc}")]) from None


# --- where values came from ---------------------------------------------------------------


@dataclass(frozen=True)
class Origin:
    """Where a part of the data came from.

    ``cell``: one spreadsheet cell (an empty one is reported as such);
    ``reported``: a problem there was already reported by the reader.
    """

    file: str
    place: str = ""
    cell: bool = False
    reported: bool = False


_STEP = re.compile(r"\[\d+\]|\.?[^.\[]+")
_ITEM_REF = re.compile(r"\b(partners|agreements|history|rates)\[(\d+)\]")


@dataclass
class Origins:
    """Data paths (``agreements[13].signed``) to the file and cell they came from.

    A problem is reported at the longest registered prefix of its path; what is
    left of the path follows the place, so nothing is lost:

    >>> o = Origins("meta.yaml")
    >>> o.add("agreements[0]", Origin("a.xlsx", "agreements!row 2"))
    >>> o.add("agreements[0].regions", Origin("a.xlsx", "agreements!row 2, column regions"))
    >>> print(o.problem("agreements[0].regions[1]", "not a region"))
    a.xlsx: agreements!row 2, column regions (item 2): not a region
    >>> print(o.problem("agreements[0].signed", "not a date"))
    a.xlsx: agreements!row 2, signed: not a date
    >>> print(o.problem("document.date", "required field is missing"))
    meta.yaml: document.date: required field is missing
    """

    default: str
    places: dict[str, Origin] = field(default_factory=dict)

    def add(self, path: str, origin: Origin) -> None:
        """Record where the value at ``path`` came from."""
        self.places[path] = origin

    def locate(self, path: str) -> tuple[Origin, str]:
        """The origin of the longest known prefix of ``path``, and the rest of the path."""
        steps = _STEP.findall(path)
        for n in range(len(steps), 0, -1):
            prefix = "".join(steps[:n])
            if prefix in self.places:
                return self.places[prefix], "".join(steps[n:])
        return Origin(self.default), path

    def problem(self, path: str, message: str, missing: bool = False) -> Problem | None:
        """The problem at ``path`` as the user should read it; None if already reported."""
        origin, rest = self.locate(path)
        if origin.reported:
            return None
        if missing and origin.cell and not rest:
            message = "empty: a value is required"
        where = origin.place
        if where and rest:
            item = re.match(r"\[(\d+)\](.*)", rest)
            if item:
                where += f" (item {int(item[1]) + 1})"
                rest = item[2]
            if rest:
                where += f", {rest.lstrip('.')}"
        elif rest:
            where = rest
        return Problem(origin.file, where, self.refer(message, origin.file))

    def refer(self, message: str, file: str) -> str:
        """Rewrite ``partners[3]`` in a message as the row it came from."""

        def place(m: re.Match[str]) -> str:
            origin = self.places.get(m.group())
            if origin is None or not origin.place:
                return m.group()
            return origin.place if origin.file == file else f"{origin.file}: {origin.place}"

        return _ITEM_REF.sub(place, message)


# --- tables to data -------------------------------------------------------------------------


def column_name(value: Any) -> str | None:
    """A header cell as a column name: trimmed, lower case, spaces and hyphens as ``_``.

    >>> column_name(" Name EN ")
    'name_en'
    >>> column_name(None) is None
    True
    """
    if value is None:
        return None
    text = re.sub(r"[\s-]+", "_", str(value).strip()).lower()
    return text or None


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip(_BLANK))


def convert(value: Any, kind: Kind) -> Any:
    """A cell's value as the data a YAML file would give; ValueError says what is wrong.

    Numbers keep their decimal digits (``0.1`` stays ``Decimal('0.1')``), date
    cells lose their midnight time, lists split on ``;``, ``,`` or line breaks;
    in a choice (region, type...) case and spaces do not matter.

    >>> convert(" africa; europe ", "list")
    ['africa', 'europe']
    >>> convert("Africa, Arab States", "choices")
    ['africa', 'arab-states']
    >>> convert(118918.92, "number")
    Decimal('118918.92')
    >>> convert(dt.datetime(2024, 1, 15), "date")
    datetime.date(2024, 1, 15)
    >>> convert(2024001, "text")
    '2024001'
    >>> convert("15/01/2024", "date")
    Traceback (most recent call last):
    ...
    ValueError: '15/01/2024' is not a date: write it as YYYY-MM-DD (e.g. 2024-01-15)
    """
    if isinstance(value, CellError):
        raise ValueError(f"the cell holds the Excel error {value}")
    if isinstance(value, bool):
        raise ValueError(f"a TRUE/FALSE cell, where {_WANTED[kind]} is expected")
    if isinstance(value, str):
        value = value.strip(_BLANK)
    if isinstance(value, float) and value.is_integer() and kind != "number":
        value = int(value)
    if kind in ("text", "list", "choice", "choices"):
        if isinstance(value, int | float):
            value = str(value)
        if isinstance(value, dt.date | dt.time | dt.timedelta):
            raise ValueError(f"a date or time cell ({value}), where {_WANTED[kind]} is expected")
        if not isinstance(value, str):
            return value
        if kind in ("list", "choices"):
            items = [i.strip(_BLANK) for i in _LIST_SPLIT.split(value) if i.strip(_BLANK)]
            return [_choice(i) for i in items] if kind == "choices" else items
        return _choice(value) if kind == "choice" else value
    if kind == "month":  # YYYY-MM text, or a date cell of the month's first day
        if isinstance(value, dt.datetime) and value.time() == dt.time(0):
            return value.date()
        return str(value) if isinstance(value, int) else value
    if kind == "date":
        if isinstance(value, dt.datetime):
            if value.time() != dt.time(0):
                raise ValueError(f"has a time of day ({value}); give the date only")
            return value.date()
        if isinstance(value, int | float):
            raise ValueError(f"{value} is a number, not a date: format the cell as a date, "
                             "or write YYYY-MM-DD")
        if isinstance(value, str) and not _ISO_DATE.match(value):
            raise ValueError(f"{value!r} is not a date: write it as YYYY-MM-DD (e.g. 2024-01-15)")
        return value
    if isinstance(value, float):
        if kind == "int":
            raise ValueError(f"{value} is not a whole number")
        return _cents(value)
    return value


def _cents(value: float) -> Decimal:
    """A number cell's value; a formula's float noise rounded away to the cent.

    A formula adding two-decimal cells saves its result as a float with noise
    in the last bits (``13970000.000000002``); within a few units in the last
    place of a two-decimal value, that value is meant. Any other value keeps
    its digits, and the models refuse it when it has more than two decimals.

    >>> _cents(13970000.000000002), _cents(0.1 + 0.2), _cents(12.345), _cents(0.1)
    (Decimal('13970000.00'), Decimal('0.30'), Decimal('12.345'), Decimal('0.1'))
    """
    exact = Decimal(repr(value))  # the shortest repr: 0.1, not 0.1000000000000000055...
    if exact.as_tuple().exponent >= -2:  # type: ignore[operator]
        return exact
    cents = exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    noise = 4 * math.ulp(value)
    return cents if abs(float(cents) - value) <= noise else exact


def _choice(text: str) -> str:
    return re.sub(r"[\s_]+", "-", text.strip().lower())


_WANTED = {"text": "text", "list": "a list", "choice": "a name from the list",
           "choices": "a list", "date": "a date",
           "month": "a month (YYYY-MM)", "number": "a number", "int": "a whole number"}


@dataclass(frozen=True)
class Row:
    """A table row: its number, its readable non-empty cells, and the cells that were not."""

    number: int
    values: dict[str, Any]
    failed: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Table:
    """The rows of one sheet read as a list, and the required columns it lacks."""

    name: str
    sheet: Sheet
    rows: tuple[Row, ...]
    missing: frozenset[str] = frozenset()


def read_table(name: str, sheet: Sheet, problems: list[Problem]) -> Table:
    """``sheet`` read as the list ``name`` (``agreements``...), problems appended as found.

    Columns whose name starts with ``#`` are notes and ignored, as are empty rows.
    A missing column is reported once, not on every row; a cell that cannot be
    read is reported here and marked so that the models do not report it again.
    """
    spec = COLUMNS[name]
    columns: dict[int, str] = {}
    seen: dict[str, int] = {}
    skip: set[int] = set()
    for i, head in enumerate(sheet.header):
        column = column_name(head)
        if column is None:
            continue
        where = sheet.place(1, sheet.label(i))
        if column.startswith("#"):
            skip.add(i)
        elif column not in spec:
            problems.append(Problem(sheet.file, where, f"unknown column {str(head).strip()!r} "
                                    f"(the {name} columns are: {', '.join(spec)}; start a "
                                    "column's name with # to keep notes in it)"))
            skip.add(i)
        elif column in seen:
            problems.append(Problem(sheet.file, where, f"column {column} appears twice (also "
                                    f"column {sheet.label(seen[column])})"))
            skip.add(i)
        else:
            columns[i] = column
            seen[column] = i
    missing = frozenset(c for c in REQUIRED[name] if c not in seen)
    if missing and (sheet.header or sheet.rows):
        problems.append(Problem(sheet.file, sheet.place(1),
                                f"no column {', '.join(sorted(missing))} (the {name} list "
                                f"needs {', '.join(REQUIRED[name])})"))
    rows = []
    for number, cells in sheet.rows:
        values: dict[str, Any] = {}
        failed: set[str] = set()
        for i, value in enumerate(cells):
            if i in skip or _empty(value):
                continue
            column = columns.get(i)
            if column is None:
                problems.append(Problem(sheet.file, sheet.place(number, sheet.label(i)),
                                        "a value in a column without a name in row 1"))
                continue
            try:
                values[column] = convert(value, spec[column])
            except ValueError as exc:
                problems.append(Problem(sheet.file, sheet.place(number, column), str(exc)))
                failed.add(column)
        if values or failed:
            rows.append(Row(number, values, frozenset(failed)))
    return Table(name, sheet, tuple(rows), missing)


def item(table: Table, row: Row, path: str, origins: Origins) -> dict[str, Any]:
    """One row as a data item at ``path`` (``agreements[3]``), with the origin of each cell.

    Column ``name_fr`` fills ``name.fr``; the ``agreement`` column of a
    contribution only says where it belongs, so it is not part of the item.
    """
    sheet = table.sheet
    out: dict[str, Any] = {}
    origins.add(path, Origin(sheet.file, sheet.place(row.number)))
    for column in COLUMNS[table.name]:
        steps = column.split("_", 1) if column.startswith("name_") else [column]
        reported = column in row.failed or column in table.missing
        origins.add(path + "".join(f".{s}" for s in steps),
                    Origin(sheet.file, sheet.place(row.number, column), True, reported))
        if column in row.values and column != "agreement":
            _put(out, list(steps), row.values[column])
    if table.name == "partners":
        out.setdefault("name", {})  # so that a missing English name is reported at name_en
    return out


_TOP_KEYS = ("year", "framework")
"""Keys of the document sheet that are fields of the report, not of its document."""


def document_data(sheet: Sheet, origins: Origins, problems: list[Problem]) -> dict[str, Any]:
    """The ``document`` sheet (``key | value`` rows) as ``{"year": ..., "document": {...}}``.

    Keys are the YAML field paths with dots: ``year``, ``number``, ``meeting.city.fr``...
    """
    data: dict[str, Any] = {}
    document: dict[str, Any] = {}
    origins.add("document", Origin(sheet.file, sheet.place()))
    heads = [column_name(h) for h in sheet.header]
    if "key" not in heads or "value" not in heads:
        problems.append(Problem(sheet.file, sheet.place(1),
                                "the document sheet needs the columns key and value"))
        return {"document": document}
    for i, head in enumerate(heads):
        if head not in (None, "key", "value") and not head.startswith("#"):
            problems.append(Problem(sheet.file, sheet.place(1, sheet.label(i)),
                                    f"unknown column {str(sheet.header[i]).strip()!r} (the "
                                    "document sheet has key and value; start a column's name "
                                    "with # to keep notes in it)"))
    k, v = heads.index("key"), heads.index("value")
    first: dict[str, int] = {}
    for number, cells in sheet.rows:
        key = cells[k] if k < len(cells) else None
        value = cells[v] if v < len(cells) else None
        if _empty(key):
            if not _empty(value):
                problems.append(Problem(sheet.file, sheet.place(number, "key"),
                                        "a value without a key"))
            continue
        key = str(key).strip().lower()
        place = f"{sheet.place(number)} ({key})"
        if not _KEY.match(key):
            problems.append(Problem(sheet.file, place, "not a key: write a field path such "
                                    "as meeting.city.en"))
            continue
        if key in first:
            problems.append(Problem(sheet.file, place, f"{key} given twice (first in row "
                                    f"{first[key]})"))
            continue
        first[key] = number
        if _empty(value):
            continue
        path = key if key in _TOP_KEYS else f"document.{key}"
        try:
            value = convert(value, _DOCUMENT_KINDS.get(key, "text"))
        except ValueError as exc:
            problems.append(Problem(sheet.file, place, str(exc)))
            origins.add(path, Origin(sheet.file, place, cell=True, reported=True))
            continue
        origins.add(path, Origin(sheet.file, place, cell=True))
        target = data if key in _TOP_KEYS else document
        if not _put(target, [int(m[1]) if m[1] else m[0]
                             for m in re.finditer(r"\[(\d+)\]|[^.\[\]]+", key)], value):
            problems.append(Problem(sheet.file, place, f"{key} conflicts with another key "
                                    "(a value and a group of values under one name)"))
    data["document"] = document
    return data


def _put(target: Any, steps: list[str | int], value: Any) -> bool:
    """Set a nested value (an int step indexes a list: ``contact[1]``); False when a
    step is already a plain value (or vice versa)."""
    for step, after in zip(steps, [*steps[1:], None], strict=True):
        if isinstance(step, int) != isinstance(target, list):
            return False
        if isinstance(target, list):
            assert isinstance(step, int)
            target.extend({} for _ in range(len(target), step + 1))
        if after is None:
            break
        if isinstance(target, dict):
            target = target.setdefault(step, [] if isinstance(after, int) else {})
        else:
            target = target[step]
        if not isinstance(target, dict | list):
            return False
    last = steps[-1]
    if isinstance(target, list):
        assert isinstance(last, int)
        if target[last] != {}:
            return False
        target[last] = value
        return True
    if last in target:
        return False
    target[last] = value
    return True


# --- a report as tables ---------------------------------------------------------------------


def report_rows(report: Report) -> dict[str, list[list[Any]]]:
    """A report as sheets of rows, header first: ``document`` and the four lists.

    The inverse of the readers: it makes a starting workbook from a YAML file
    (``scripts/make_spreadsheet_example.py``) and lets tests go round trip.
    Values stay typed (dates, ``Decimal``) so a workbook gets real date and
    number cells; lists are joined with ``"; "``.
    """
    document: list[list[Any]] = [["key", "value"], ["year", report.year]]
    if report.framework is not None:
        document.append(["framework", report.framework])
    document += [[k, v] for k, v in _flatten(report.document.model_dump(exclude_none=True))]
    partners: list[list[Any]] = [list(COLUMNS["partners"])]
    for p in report.partners:
        partners.append([p.id, *(p.name.get(c) for c in LANGUAGE_CODES), p.type.value,
                         p.membership.value, p.first_agreement, p.country,
                         p.development.value if p.development else None,
                         "; ".join(g.value for g in p.groupings) or None])
    agreements: list[list[Any]] = [list(COLUMNS["agreements"])]
    contributions: list[list[Any]] = [list(COLUMNS["contributions"])]
    for a in report.agreements:
        agreements.append([a.id, a.signed, "; ".join(a.partners),
                           "; ".join(r.value for r in a.regions),
                           "; ".join(p.value for p in a.priorities), a.start, a.end])
        for c in a.contributions:
            contributions.append([a.id, c.amount, c.currency, c.usd, c.by,
                                  None if c.kind == "financial" else c.kind.value])
    history: list[list[Any]] = [list(COLUMNS["history"])]
    history += [[h.year, h.agreements, h.financial_agreements, h.usd] for h in report.history]
    sheets = {DOCUMENT: document, "partners": partners, "agreements": agreements,
              "contributions": contributions, "history": history}
    if report.rates:
        sheets["rates"] = [list(COLUMNS["rates"]),
                           *([r.currency, r.month, r.per_usd] for r in report.rates)]
    return sheets


def _flatten(value: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    for key, item_ in value.items():
        if isinstance(item_, dict):
            yield from _flatten(item_, f"{prefix}{key}.")
        elif isinstance(item_, list) and item_ and all(isinstance(i, dict) for i in item_):
            # One contact as written by hand (contact.email); several as contact[1].email.
            for i, one in enumerate(item_):
                yield from _flatten(one, f"{prefix}{key}." if len(item_) == 1
                                    else f"{prefix}{key}[{i}].")
        else:
            yield f"{prefix}{key}", item_.value if isinstance(item_, Enum) else item_
