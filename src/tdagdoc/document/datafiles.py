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
    line: {column: budget_musd, title: USD million, format: number}
    axes: {categories: Region, values: Projects, line: USD million}
    ```

Formats: ``text`` (the default), ``integer``, ``number`` (``digits``, 1 by
default), ``percent`` (the cell is a percentage, 92.5), ``amount`` (USD in
ITU's "USD 1.2 million" wording; a chart plots USD million), ``money`` (whole
USD, grouped). A text column may give each language its own column
(``region_fr`` beside ``region``). Titles and captions are translated like
paragraphs.

Numbers print as the report prints them: rounded half up by the one rule, in
the language's style (cells, data labels, chart caches and axis formats), and a
column with a total row is apportioned (largest remainder) so that its cells add
up to the total as printed. Value axes run in whole steps, without decimals for
counts.
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
from tdagdoc.document import captions
from tdagdoc.document.cells import cell, proportional_widths
from tdagdoc.errors import DataError, Problem
from tdagdoc.input.contribution import confined
from tdagdoc.input.messages import error_message, error_path
from tdagdoc.input.models import Text, xml_safe
from tdagdoc.input.parsing import parse_text
from tdagdoc.input.spreadsheets import Sheet, column_name, read_csv, read_workbook
from tdagdoc.l10n.localizer import Localizer
from tdagdoc.languages import LANGUAGE_CODES
from tdagdoc.numbers import MILLION, apportion, pie_percents, quantize

MAX_ROWS = 2_000
"""A contribution's table is read by people: longer lists belong in an INF document."""
MAX_POINTS = 100

Format = Literal["text", "integer", "number", "percent", "amount", "money"]
ChartFormat = Literal["integer", "number", "percent", "amount", "money"]
_DIGITS = {"integer": 0, "number": 1, "percent": 0, "amount": 1, "money": 0}
"""Decimals of each format when the fence gives no ``digits``."""
_WHOLE = {"integer": "whole numbers", "money": "whole USD"}
"""The formats that print no decimals: a cell with cents or a fraction is refused, not rounded."""


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


class Line(Series):
    """The line of a column-line chart: its own numbers, on its own axis."""

    format: ChartFormat | None = None
    digits: int | None = Field(default=None, ge=0, le=6)


class Axes(_Spec):
    """The titles of a chart's axes: categories, values, and the line's values."""

    categories: Text | None = None
    values: Text | None = None
    line: Text | None = None


class ChartSpec(_Spec):
    """A ```` ```chart ```` fence."""

    file: Text
    sheet: Text | None = None
    type: Literal["pie", "bar", "column", "column-line"]
    title: Text
    categories: Text
    series: list[Series] = Field(min_length=1, max_length=6)
    line: Line | None = None
    format: ChartFormat = "integer"
    digits: int | None = Field(default=None, ge=0, le=6)
    axes: Axes | None = None


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
    if isinstance(spec, ChartSpec) and spec.axes is not None:
        if spec.type == "pie":
            raise DataError([Problem(place, f"{kind}.axes", "a pie has no axes")])
        if spec.axes.line is not None and spec.line is None:
            raise DataError([Problem(place, f"{kind}.axes.line", "only a column-line chart "
                                     "has a line axis")])
    return spec


def _axis_titles(spec: ChartSpec) -> list[str]:
    axes = spec.axes
    return [t for t in (axes.categories, axes.values, axes.line) if t] if axes else []


def texts(kind: str, body: str) -> list[str]:
    """The translatable texts of a fence (captions, titles), for the catalog."""
    try:
        spec = parse(kind, body, "")
    except DataError:
        return []
    if isinstance(spec, TableSpec):
        return [t for t in (spec.caption, *(c.title for c in spec.columns), spec.total) if t]
    return [spec.title, *(s.title for s in spec.series), *([spec.line.title] if spec.line else []),
            *_axis_titles(spec)]


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
        """A cell as the report prints one: amounts keep their decimals in a column."""
        f = self.loc.fmt
        if fmt == "integer":
            return f.number(value, 0)  # rounded half up, grouped as integers are
        if fmt == "number":
            return f.number(value, digits)
        if fmt == "percent":
            return f.percent(value, digits)
        if fmt == "amount":
            return f.amount(value, digits, column=True)
        return f.money(value)

    def _table(self, spec: TableSpec, sheet: Sheet, place: str) -> b.Table:
        header = self._columns(sheet, [c.column for c in spec.columns], place)
        problems: list[Problem] = []
        texts: list[list[str]] = []
        values: list[list[Decimal | None]] = []
        for number, cells in sheet.rows:
            if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
                continue
            texts.append([self._text(sheet, number, cells, header, col.column, problems)
                          if col.format == "text" else "" for col in spec.columns])
            row: list[Decimal | None] = []
            for col in spec.columns:
                value = None if col.format == "text" else self._value(
                    sheet, number, cells, header[str(column_name(col.column))], col.column,
                    problems)
                if value is not None and col.format in _WHOLE and value != value.to_integral():
                    problems.append(Problem(sheet.file, sheet.place(number, col.column),
                                            f"{value} has decimals, which format: {col.format} "
                                            f"({_WHOLE[col.format]}) would round away: round it "
                                            "in the file, or give the column format: number "
                                            "with the digits to show"))
                    value = None
                row.append(value)
            values.append(row)
        if problems:
            raise DataError(problems)
        columns: list[list[str]] = []
        totals: list[str] = []
        for k, col in enumerate(spec.columns):
            digits = _cell_digits(col)
            if col.format == "text":
                columns.append([row[k] for row in texts])
                totals.append("")
                continue
            given = [row[k] for row in values]
            if spec.total and col.format != "percent":
                column, total = self._parts([v for v in given if v is not None], col.format,
                                            digits)
                shown = iter(column)
                columns.append(["" if v is None else next(shown) for v in given])
                totals.append(total)
            else:
                columns.append(["" if v is None else self._format(v, col.format, digits)
                                for v in given])
                totals.append("")
        rows: list[b.Row] = [
            tuple(cell(columns[k][i], "start" if col.format == "text" else "end")
                  for k, col in enumerate(spec.columns))
            for i in range(len(texts))]
        tail: tuple[b.Row, ...] = ()
        if spec.total:
            tail = (tuple(
                cell(self.translate(spec.total, place) if k == 0 else totals[k],
                     "start" if k == 0 else "end", bold=True)
                for k, col in enumerate(spec.columns)),)
        head = (tuple(cell(self.translate(c.title, place), "center", head=True)
                      for c in spec.columns),)
        caption = None
        if spec.caption:
            self.numbering.tables += 1
            caption = captions.caption(self.loc, "table", self.numbering.tables,
                                       self.translate(spec.caption, place))
        widths = _widths(spec.columns)
        return b.Table(head, (*rows, *tail), widths, caption, name=f"data-{self.numbering.tables}")

    def _parts(self, values: list[Decimal], fmt: str, digits: int) -> tuple[list[str], str]:
        """The cells of a column with a total row, and the total: the cells apportioned
        (largest remainder, at the precision printed) so that they add up to the total as
        printed; a cell apportioned to nothing that is not nothing reads "less than"."""
        scale = MILLION if fmt == "amount" else Decimal(1)
        shown = apportion([v / scale for v in values], digits)
        total = sum(values, Decimal(0))
        cells = [self._less(v, fmt, digits) if v and not part else
                 self._format(part * scale, fmt, digits)
                 for v, part in zip(values, shown, strict=True)]
        return cells, self._format(total, fmt, digits)

    def _less(self, value: Decimal, fmt: str, digits: int) -> str:
        """A part that is not nothing but is apportioned to it: "less than 0.1", never 0."""
        if fmt == "amount":  # a dollar rounds to no million: "less than USD 0.1 million"
            return self._format(Decimal(1).copy_sign(value), fmt, digits)
        step = Decimal(1).scaleb(-digits)
        return self.loc.fmt.style.less_than.format(x=self._format(step, fmt, digits))

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
        fmt, digits = spec.format, _DIGITS[spec.format] if spec.digits is None else spec.digits
        # What is drawn is what is printed: the rounded value (USD million for amounts).
        plotted = [[quantize(x, digits) for x in _plotted(v, fmt)]
                   for v in values[:len(spec.series)]]
        series = tuple((self.translate(s.title, place), tuple(plotted[k]))
                       for k, s in enumerate(spec.series))
        labels = [[self._point(x, fmt, digits) for x in v] for v in plotted]
        note = None
        if spec.type == "pie":
            # Each share rounded on its own, as the report's pie: equal slices read equal;
            # when the shares as printed miss 100, the note under the chart says why.
            if fmt != "percent":
                labels = [self.loc.fmt.pie_labels(plotted[0], digits)]
            rounded = plotted[0] if fmt == "percent" else pie_percents(plotted[0])
            whole = sum(values[0], Decimal(0)) if fmt == "percent" else Decimal(100)
            if sum(rounded, Decimal(0)) != whole:
                note = b.Paragraph((b.Text(self.loc._(
                    "Percentages may not add up to 100 because of rounding.")),),
                    styles.TABLE_LEGEND)
        secondary = None
        line_labels: list[str] = []
        axes = [self.loc.fmt.axis([x for v in plotted for x in v])]
        if spec.line is not None:
            line_fmt = spec.line.format or fmt
            line_digits = (spec.line.digits if spec.line.digits is not None
                           else _DIGITS[line_fmt])
            line = [quantize(x, line_digits) for x in _plotted(values[-1], line_fmt)]
            secondary = (self.translate(spec.line.title, place), tuple(line))
            line_labels = [self._point(x, line_fmt, line_digits) for x in line]
            axes.append(self.loc.fmt.axis(line))
        axis_titles: tuple[str, ...] = ()
        if spec.axes is not None:
            axis_titles = tuple(self.translate(t, place) if t else ""
                                for t in (spec.axes.categories, spec.axes.values,
                                          spec.axes.line))
        kind: Literal["pie", "bar", "column"] = ("column" if spec.type == "column-line"
                                                 else spec.type)
        caption = captions.caption(self.loc, "figure", self.numbering.figures, title)
        alt = title + ": " + "; ".join(
            f"{c}: " + ", ".join([*(v[i] for v in labels), *line_labels[i:i + 1]])
            for i, c in enumerate(cats))
        return b.Chart(f"chart-{self.charts}", kind, title, tuple(cats), series,
                       _cache_format(axes[0][0], digits), caption, alt, secondary,
                       labels=tuple(tuple(v) for v in labels), axis_titles=axis_titles,
                       axes=tuple(axes) if kind != "pie" else (), note=note)

    def _point(self, value: Decimal, fmt: str, digits: int) -> str:
        """A data label: the number as plotted (USD million for an amount), in the
        language's style."""
        if fmt == "percent":
            return self.loc.fmt.percent(value, digits)
        return self.loc.fmt.number(value, digits)


def _cell_digits(col: Column) -> int:
    """A column's decimals: its ``digits`` for numbers and amounts, none for counts and
    whole USD; percentages whole unless ``digits`` says otherwise (1 is the default)."""
    if col.format in ("integer", "money"):
        return 0
    if col.format == "percent":
        return col.digits if col.digits != 1 else 0
    return col.digits


def _plotted(values: list[Decimal], fmt: str) -> list[Decimal]:
    """The values a chart draws: USD million for amounts, the values themselves else."""
    return [v / MILLION for v in values] if fmt == "amount" else values


def _cache_format(axis_format: str, digits: int) -> str:
    """The series' number format: the axis's locale and grouping, the values' decimals.

    >>> _cache_format("[$-40C]#,##0", 2)
    '[$-40C]#,##0.00'
    """
    head = axis_format.split("#", 1)[0]
    return head + "#,##0" + ("." + "0" * digits if digits else "")


def _widths(columns: list[Column]) -> tuple[int, ...]:
    """Text columns take twice the room of number columns."""
    return proportional_widths([2 if c.format == "text" else 1 for c in columns])
