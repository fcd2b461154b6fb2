"""Tables and charts from data files, placed by fenced blocks in a contribution.

A fence names a ``.csv`` or ``.xlsx`` file in the contribution's folder and the
columns to show; tdagdoc reads the numbers and formats them for each language
with the one ITU formatter, so translators never retype a figure::

    ```table
    file: projects.csv
    caption: Projects by region, 2024
    columns:
      - {column: region, title: Region}
      - {column: projects, title: Projects, format: integer}
      - {column: budget, title: Budget (USD), format: money}
    total: Total
    ```

    ```chart
    file: projects.csv
    type: column-line          # pie, bar, column or column-line
    title: Projects and budget by region
    categories: region
    series: [{column: projects, title: Projects}]
    line: {column: budget_musd, title: USD million}
    ```

Formats: ``text`` (the default), ``integer``, ``number`` (``digits``, 1 by
default), ``percent`` (the cell is a percentage, 92.5), ``amount`` (USD in
ITU's "USD 1.2 million" wording), ``money`` (whole USD, grouped). A text
column may give each language its own column (``region_fr`` beside ``region``).
Titles and captions are translated like paragraphs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tdagdoc import blocks as b
from tdagdoc import styles
from tdagdoc.document.cells import cell
from tdagdoc.errors import DataError, Problem
from tdagdoc.input.contribution import confined
from tdagdoc.input.messages import error_message, error_path
from tdagdoc.input.models import Text, xml_safe
from tdagdoc.input.parsing import parse_text
from tdagdoc.input.spreadsheets import Sheet, column_name, read_csv, read_workbook
from tdagdoc.l10n.localizer import Localizer
from tdagdoc.languages import LANGUAGE_CODES

MAX_ROWS = 2_000
"""A contribution's table is read by people: longer lists belong in an INF document."""
MAX_POINTS = 100

Format = Literal["text", "integer", "number", "percent", "amount", "money"]
_WHOLE = {"integer": "whole numbers", "money": "whole USD"}
"""The formats that print no decimals: a cell with cents or a fraction is refused, not rounded."""
_NUMBER_FORMATS = {"integer": "0", "number": "0.0", "percent": "0", "amount": "0.0",
                   "money": "0"}


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Column(_Spec):
    """One column to show: the file's column, its heading, how its cells print."""

    column: Text
    title: Text
    format: Format = "text"
    digits: int = Field(default=1, ge=0, le=6)


class TableSpec(_Spec):
    """A ```` ```table ```` fence."""

    file: Text
    sheet: Text | None = None
    caption: Text | None = None
    columns: list[Column] = Field(min_length=1, max_length=12)
    total: Text | None = None


class Series(_Spec):
    column: Text
    title: Text


class ChartSpec(_Spec):
    """A ```` ```chart ```` fence."""

    file: Text
    sheet: Text | None = None
    type: Literal["pie", "bar", "column", "column-line"]
    title: Text
    categories: Text
    series: list[Series] = Field(min_length=1, max_length=6)
    line: Series | None = None
    format: Literal["integer", "number", "percent", "amount", "money"] = "integer"


def parse(kind: str, body: str, place: str) -> TableSpec | ChartSpec:
    """A fence's YAML as its spec; DataError (at the fence's line) when it is wrong."""
    try:  # the data files' YAML reader: duplicate keys and alias bombs refused
        data = parse_text(body, place)
    except DataError as exc:
        raise DataError([Problem(place, f"{kind}, {p.where}" if p.where else kind, p.message)
                         for p in exc.problems]) from None
    model: type[TableSpec | ChartSpec] = TableSpec if kind == "table" else ChartSpec
    try:
        spec = model.model_validate(data)
    except ValidationError as exc:
        raise DataError([Problem(place, f"{kind}.{error_path(e['loc'])}" if e["loc"] else kind,
                                 error_message(e)) for e in exc.errors()]) from None
    if isinstance(spec, ChartSpec) and (spec.type == "column-line") != (spec.line is not None):
        raise DataError([Problem(place, f"{kind}.line", "a column-line chart, and only it, "
                                 "gives its line")])
    return spec


def texts(kind: str, body: str) -> list[str]:
    """The translatable texts of a fence (captions, titles), for the catalog."""
    try:
        spec = parse(kind, body, "")
    except DataError:
        return []
    if isinstance(spec, TableSpec):
        return [t for t in (spec.caption, *(c.title for c in spec.columns), spec.total) if t]
    return [spec.title, *(s.title for s in spec.series), *([spec.line.title] if spec.line else [])]


def cell_texts(folder: Path, kind: str, body: str, original: str) -> list[str]:
    """The text cells a fence shows (region names...), for the catalog; [] if unreadable.

    A column with a column of its own for every other language (``region_fr``…)
    needs no catalog and is left out.
    """
    try:
        spec = parse(kind, body, "")
        maker = Maker(folder, None, lambda text, place: text)  # type: ignore[arg-type]
        sheet = maker._sheet(spec, "")
        header = maker._columns(sheet, [], "")
    except DataError:
        return []
    names = ([c.column for c in spec.columns if c.format == "text"]
             if isinstance(spec, TableSpec) else [spec.categories])
    out: list[str] = []
    for name in names:
        index = header.get(str(column_name(name)))
        own = {f"{column_name(name)}_{code}" for code in LANGUAGE_CODES if code != original}
        if index is None or own <= set(header):
            continue
        out.extend(str(cells[index]).strip() for _, cells in sheet.rows
                   if index < len(cells) and cells[index] not in (None, "")
                   and str(cells[index]).strip())
    return out


@dataclass
class Numbering:
    """The numbers of captioned tables and figures, shared by pictures and charts."""

    tables: int = 0
    figures: int = 0


@dataclass
class Maker:
    """Makes the blocks of a contribution's data fences for one language.

    ``translate`` gives a caption's or a heading's text in the language (the
    contribution's catalog or its translated file already gave the spec).
    """

    folder: Path
    loc: Localizer
    translate: Callable[[str, str], str]
    numbering: Numbering = field(default_factory=Numbering)
    charts: int = 0
    translate_cell: Callable[[str, str, str], str] | None = None
    """A text cell's translation (text, data file, column); ``translate`` without it.
    A translated file has no catalog: its cells need their own columns (``region_fr``)."""

    def __call__(self, kind: str, body: str, place: str) -> Sequence[b.Block]:
        spec = parse(kind, body, place)
        sheet = self._sheet(spec, place)
        if isinstance(spec, TableSpec):
            return [self._table(spec, sheet, place)]
        return [self._chart(spec, sheet, place)]

    def _sheet(self, spec: TableSpec | ChartSpec, place: str) -> Sheet:
        path, why = confined(self.folder, spec.file)
        if path is None:
            raise DataError([Problem(place, "file", why)])
        display = spec.file
        if path.suffix.lower() == ".csv":
            if spec.sheet is not None:
                raise DataError([Problem(place, "sheet", "a CSV file has no sheets")])
            return read_csv(path, display)
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            sheets = read_workbook(path, display)
            if spec.sheet is None:
                return sheets[0]
            found = [s for s in sheets if s.name == spec.sheet]
            if not found:
                raise DataError([Problem(place, "sheet", f"{display} has no sheet "
                                         f"{spec.sheet!r} (it has {[s.name for s in sheets]})")])
            return found[0]
        raise DataError([Problem(place, "file", f"{spec.file!r}: a data file is .csv or .xlsx")])

    def _columns(self, sheet: Sheet, names: list[str], place: str) -> dict[str, int]:
        header: dict[str, int] = {}
        for i, v in enumerate(sheet.header):
            name = column_name(v)
            if name is not None:
                header.setdefault(name, i)
        missing = [n for n in names if column_name(n) not in header]
        if missing:
            raise DataError([Problem(place, "columns", f"{sheet.file} has no column "
                                     f"{', '.join(map(repr, missing))} (it has "
                                     f"{', '.join(map(str, header))})")])
        if len(sheet.rows) > MAX_ROWS:
            raise DataError([Problem(place, "file", f"{sheet.file} has {len(sheet.rows):,} rows;"
                                     f" a table in a contribution shows at most {MAX_ROWS:,}")])
        return header

    def _value(self, sheet: Sheet, row: int, cells: list[Any], index: int, name: str,
               problems: list[Problem]) -> Decimal | None:
        value = cells[index] if index < len(cells) else None
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        try:
            if isinstance(value, bool):
                raise InvalidOperation
            number = Decimal(repr(value) if isinstance(value, float) else str(value).strip())
            if not number.is_finite():
                raise InvalidOperation
            return number
        except (InvalidOperation, ValueError):
            problems.append(Problem(sheet.file, sheet.place(row, name),
                                    f"{value!r} is not a number: write digits, with a dot for "
                                    "decimals and no thousands separators"))
            return None

    def _text(self, sheet: Sheet, row: int, cells: list[Any], header: dict[str, int],
              name: str, problems: list[Problem]) -> str:
        """A text cell in the language: its own column (``region_fr``), else translated."""
        own = header.get(f"{column_name(name)}_{self.loc.lang.code}")
        if own is not None and own < len(cells) and cells[own] not in (None, ""):
            text, translate = str(cells[own]).strip(), False
        else:
            index = header[str(column_name(name))]
            value = cells[index] if index < len(cells) else None
            text, translate = ("" if value is None else str(value).strip()), True
        try:
            xml_safe(text)
        except ValueError as exc:
            problems.append(Problem(sheet.file, sheet.place(row, name), str(exc)))
            return ""
        if not (text and translate):
            return text
        if self.translate_cell is not None:
            return self.translate_cell(text, sheet.file, str(column_name(name)))
        return self.translate(text, sheet.file)

    def _format(self, value: Decimal, fmt: str, digits: int) -> str:
        f = self.loc.fmt
        if fmt == "integer":
            return f.number(value, 0)  # rounded half up, grouped as integers are
        if fmt == "number":
            return f.number(value, digits)
        if fmt == "percent":
            return f.percent(value, digits if digits != 1 else 0)
        if fmt == "amount":
            return f.amount(value, digits)
        return f.money(value)

    def _table(self, spec: TableSpec, sheet: Sheet, place: str) -> b.Table:
        header = self._columns(sheet, [c.column for c in spec.columns], place)
        problems: list[Problem] = []
        rows: list[b.Row] = []
        totals: list[Decimal] = [Decimal(0)] * len(spec.columns)
        for number, cells in sheet.rows:
            if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
                continue
            row = []
            for k, col in enumerate(spec.columns):
                if col.format == "text":
                    row.append(cell(self._text(sheet, number, cells, header, col.column,
                                               problems)))
                    continue
                value = self._value(sheet, number, cells, header[str(column_name(col.column))],
                                    col.column, problems)
                if value is not None and col.format in _WHOLE and value != value.to_integral():
                    problems.append(Problem(sheet.file, sheet.place(number, col.column),
                                            f"{value} has decimals, which format: {col.format} "
                                            f"({_WHOLE[col.format]}) would round away: round it "
                                            "in the file, or give the column format: number "
                                            "with the digits to show"))
                    value = None
                if value is not None:
                    totals[k] += value
                row.append(cell("" if value is None else
                                self._format(value, col.format, col.digits), "end"))
            rows.append(tuple(row))
        if problems:
            raise DataError(problems)
        tail: tuple[b.Row, ...] = ()
        if spec.total:
            tail = (tuple(
                cell(self.translate(spec.total, place) if k == 0 else
                     "" if col.format in ("text", "percent") else
                     self._format(totals[k], col.format, col.digits),
                     "start" if k == 0 else "end", bold=True)
                for k, col in enumerate(spec.columns)),)
        head = (tuple(cell(self.translate(c.title, place), "center", head=True)
                      for c in spec.columns),)
        caption = None
        if spec.caption:
            self.numbering.tables += 1
            caption = b.Paragraph((b.Text(self.loc._(
                "Table {number} – {title}", number=self.numbering.tables,
                title=self.translate(spec.caption, place))),), styles.FIGURE_TITLE)
        widths = _widths(spec.columns)
        return b.Table(head, (*rows, *tail), widths, caption, name=f"data-{self.numbering.tables}")

    def _chart(self, spec: ChartSpec, sheet: Sheet, place: str) -> b.Chart:
        names = [spec.categories, *(s.column for s in spec.series),
                 *([spec.line.column] if spec.line else [])]
        header = self._columns(sheet, names, place)
        problems: list[Problem] = []
        cats: list[str] = []
        values: list[list[Decimal]] = [[] for _ in names[1:]]
        for number, cells in sheet.rows:
            if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
                continue
            cats.append(self._text(sheet, number, cells, header, spec.categories, problems))
            for k, name in enumerate(names[1:]):
                value = self._value(sheet, number, cells, header[str(column_name(name))], name,
                                    problems)
                if value is None and not problems:
                    problems.append(Problem(sheet.file, sheet.place(number, name),
                                            "a chart needs a number in every cell"))
                values[k].append(value if value is not None else Decimal(0))
        if not cats:
            problems.append(Problem(place, "file", f"{sheet.file} has no rows to chart"))
        if len(cats) > MAX_POINTS:
            problems.append(Problem(place, "file", f"{sheet.file} has {len(cats)} rows; a "
                                    f"chart shows at most {MAX_POINTS}"))
        if spec.type == "pie" and (len(spec.series) > 1 or any(v < 0 for v in values[0])):
            problems.append(Problem(place, "series", "a pie shows one series of numbers of "
                                    "zero or more"))
        if problems:
            raise DataError(problems)
        self.charts += 1
        self.numbering.figures += 1
        title = self.translate(spec.title, place)
        series = tuple((self.translate(s.title, place), tuple(values[k]))
                       for k, s in enumerate(spec.series))
        secondary = None
        if spec.line is not None:
            secondary = (self.translate(spec.line.title, place), tuple(values[-1]))
        kind: Literal["pie", "bar", "column"] = ("column" if spec.type == "column-line"
                                                 else spec.type)
        caption = b.Paragraph((b.Text(self.loc._("Figure {number} – {title}",
                                                 number=self.numbering.figures,
                                                 title=title)),),
                              styles.FIGURE_TITLE)
        digits = 0 if spec.format in ("integer", "money", "percent") else 1
        alt = title + ": " + "; ".join(
            f"{c}: " + ", ".join(self._format(v[i], spec.format, digits) for v in values)
            for i, c in enumerate(cats))
        return b.Chart(f"chart-{self.charts}", kind, title, tuple(cats), series,
                       _NUMBER_FORMATS[spec.format], caption, alt, secondary)


def _widths(columns: list[Column], total: int = 9638) -> tuple[int, ...]:
    """Text columns take twice the room of number columns."""
    weights = [2 if c.format == "text" else 1 for c in columns]
    scaled = [total * w // sum(weights) for w in weights[:-1]]
    return (*scaled, total - sum(scaled))
