"""Native Word charts: a DrawingML chart part, its embedded workbook and the inline drawing.

python-docx has no charts, so this module writes the three pieces Word needs itself:

* ``/word/charts/chartN.xml`` -- the chart (``c:chartSpace``) with every number cached, so
  Word, LibreOffice and the validator draw it without opening the workbook;
* ``/word/embeddings/Microsoft_Excel_WorksheetN.xlsx`` -- the same numbers in a workbook, so
  "Edit Data" in Word opens exactly what is drawn;
* a ``w:drawing/wp:inline`` run in the caller's paragraph, with the alternative text.

:class:`ChartData` is the single owner of the cell layout: the formulas in the chart XML and
the cells of the workbook are both derived from it, so they cannot disagree. Elements are
appended in the order of the DrawingML chart schema, which the Open XML SDK checks strictly.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, Protocol, cast

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part, XmlPart
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.parts.document import DocumentPart
from lxml import etree

from tdagdoc.docx.oxml import qn
from tdagdoc.docx.oxml.package import zip_parts
from tdagdoc.languages import Lang

__all__ = ["CHART_URI", "EXTENT", "ChartData", "Fonts", "add_chart"]

CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"


class Chart(Protocol):
    """What a chart is drawn from: plain values (:class:`tdagdoc.blocks.Chart` has them).

    Named by its shape, so that this layer, like the rest of ``oxml``, writes XML from
    values and knows nothing of the document model.
    """

    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> Literal["pie", "bar", "column"]: ...
    @property
    def title(self) -> str: ...
    @property
    def categories(self) -> tuple[str, ...]: ...
    @property
    def series(self) -> tuple[tuple[str, tuple[Decimal, ...]], ...]: ...
    @property
    def number_format(self) -> str: ...
    @property
    def caption(self) -> object | None:
        """Set when the document captions the chart: then the chart draws no title."""
    @property
    def alt_text(self) -> str: ...
    @property
    def secondary(self) -> tuple[str, tuple[Decimal, ...]] | None: ...
    @property
    def labels(self) -> tuple[tuple[str, ...], ...]: ...
    @property
    def axis_titles(self) -> tuple[str, ...]: ...
    @property
    def axes(self) -> tuple[tuple[str, Decimal], ...]: ...
_NSMAP = {
    "c": CHART_URI,
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
_W_NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}

EXTENT = (5_400_000, 2_520_000)
"""Width and height of the drawing in EMU: 15 cm x 7 cm, inside ITU's 17 cm text width
(7 cm high, a figure and its title fit the room a page of text usually leaves)."""

SHEET = "Sheet1"
FIXED_TIME = dt.datetime(2000, 1, 1)
"""Timestamp written into the workbook, so the same chart always gives the same bytes."""

# Axis ids only need to be unique within one chart; fixed ones keep the XML reproducible.
CAT_AX, VAL_AX, CAT_AX2, VAL_AX2 = "500000001", "500000002", "500000003", "500000004"
TITLE_SIZE, TEXT_SIZE = "1200", "900"  # hundredths of a point
GRIDLINE = "D9D9D9"


def _el(parent: etree._Element, tag: str, attrs: dict[str, str] | None = None) -> etree._Element:
    """Append a child ``tag`` (``"c:ser"``); attribute names are plain unless prefixed."""
    el = etree.SubElement(parent, qn(tag))
    for key, value in (attrs or {}).items():
        el.set(qn(key) if ":" in key else key, value)
    return el


# --- the data and its workbook -----------------------------------------------------------


@dataclass(frozen=True)
class ChartData:
    """The numbers of a chart and where each lives in the embedded sheet.

    Column A holds the categories from row 2, row 1 the series names from column B; the
    secondary series, if any, is the last column. Every formula and every workbook cell is
    computed here, from the same two functions (:meth:`_column`, :meth:`_row`).

    >>> d = ChartData(("a", "b"), (("S", (Decimal(1), Decimal("2.5"))),), ("0",))
    >>> d.categories_ref, d.name_ref(0), d.values_ref(0)
    ('Sheet1!$A$2:$A$3', 'Sheet1!$B$1', 'Sheet1!$B$2:$B$3')
    """

    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[Decimal, ...]], ...]
    formats: tuple[str, ...]
    """Excel number format of each series, for its cells and its cached values."""
    labels: tuple[tuple[str, ...], ...] = ()
    """Data labels as text, per series (see :attr:`tdagdoc.blocks.Chart.labels`)."""

    @classmethod
    def of(cls, chart: Chart) -> ChartData:
        """The chart's series, its secondary one last, each checked against the categories."""
        series = chart.series + ((chart.secondary,) if chart.secondary else ())
        for name, values in series:
            if len(values) != len(chart.categories):
                raise ValueError(
                    f"chart {chart.name!r}: series {name!r} has {len(values)} values "
                    f"for {len(chart.categories)} categories"
                )
        formats = (chart.number_format,) * len(chart.series)
        if chart.secondary:
            formats += (_in_locale(number_format_for(chart.secondary[1]), chart.number_format),)
        for labels in chart.labels:
            if len(labels) != len(chart.categories):
                raise ValueError(f"chart {chart.name!r}: {len(labels)} labels for "
                                 f"{len(chart.categories)} categories")
        return cls(chart.categories, series, formats, chart.labels)

    # the layout: the only place that knows rows and columns
    @staticmethod
    def _column(series: int | None) -> int:
        """1-based column: A for the categories (``None``), B onwards for the series."""
        return 1 if series is None else series + 2

    @staticmethod
    def _row(point: int | None) -> int:
        """1-based row: 1 for the series names (``None``), 2 onwards for the points."""
        return 1 if point is None else point + 2

    def _cell(self, series: int | None, point: int | None) -> str:
        return f"${column_letter(self._column(series))}${self._row(point)}"

    def _range(self, series: int | None) -> str:
        last = len(self.categories) - 1
        return f"{SHEET}!{self._cell(series, 0)}:{self._cell(series, last)}"

    @property
    def categories_ref(self) -> str:
        """Formula of the category labels, e.g. ``Sheet1!$A$2:$A$5``."""
        return self._range(None)

    def name_ref(self, series: int) -> str:
        """Formula of a series name, e.g. ``Sheet1!$B$1``."""
        return f"{SHEET}!{self._cell(series, None)}"

    def values_ref(self, series: int) -> str:
        """Formula of a series' values, e.g. ``Sheet1!$B$2:$B$5``."""
        return self._range(series)

    def xlsx(self) -> bytes:
        """The workbook Word opens for "Edit Data", byte-for-byte the same for the same data.

        Written as SpreadsheetML text, the few parts a one-sheet workbook needs: a
        spreadsheet library took longer to import than the whole report to write.
        """
        strings: dict[str, int] = {}  # the shared strings, in order of first use
        formats = dict.fromkeys(self.formats)
        custom = [f for f in formats if f not in BUILTIN_FORMATS]
        format_id = {**{f: CUSTOM_FORMAT + i for i, f in enumerate(custom)}, **BUILTIN_FORMATS}
        style = {f: i + 1 for i, f in enumerate(formats)}  # cellXfs 0 is the default

        def text(col: int, row: int, value: str) -> str:
            index = strings.setdefault(value, len(strings))
            return f'<c r="{column_letter(col)}{row}" t="s"><v>{index}</v></c>'

        rows: dict[int, list[str]] = {self._row(None): [
            text(self._column(s), self._row(None), name) for s, (name, _) in
            enumerate(self.series)]}
        for i, category in enumerate(self.categories):
            rows[self._row(i)] = [text(self._column(None), self._row(i), category)]
        for s, ((_, values), fmt) in enumerate(zip(self.series, self.formats, strict=True)):
            for i, value in enumerate(values):
                rows[self._row(i)].append(
                    f'<c r="{column_letter(self._column(s))}{self._row(i)}" '
                    f's="{style[fmt]}"><v>{plain_number(value)}</v></c>')
        width = max((len(c) for c in self.categories), default=8)
        cols = [(self._column(None), min(max(width + 2, 10), 60))] + [
            (self._column(s), min(max(len(name) + 2, 10), 40))
            for s, (name, _) in enumerate(self.series)]
        last = f"{column_letter(self._column(len(self.series) - 1))}" \
               f"{self._row(len(self.categories) - 1)}"
        sheet = (
            f'{_XML_DECL}<worksheet xmlns="{_SML}"><dimension ref="A1:{last}"/>'
            '<sheetViews><sheetView workbookViewId="0"/></sheetViews>'
            '<sheetFormatPr defaultRowHeight="15"/><cols>'
            + "".join(f'<col min="{c}" max="{c}" width="{w}" customWidth="1"/>'
                      for c, w in cols)
            + "</cols><sheetData>"
            + "".join(f'<row r="{r}">{"".join(cells)}</row>' for r, cells in rows.items())
            + '</sheetData><pageMargins left="0.75" right="0.75" top="1" bottom="1" '
            'header="0.5" footer="0.5"/></worksheet>')
        shared = (f'{_XML_DECL}<sst xmlns="{_SML}" count="{len(strings)}" '
                  f'uniqueCount="{len(strings)}">'
                  + "".join(f"<si><t{_space(s)}>{_escape(s)}</t></si>" for s in strings)
                  + "</sst>")
        number_formats = "".join(f'<numFmt numFmtId="{CUSTOM_FORMAT + i}" formatCode='
                                 f'"{_escape(f, quote=True)}"/>' for i, f in enumerate(custom))
        xfs = "".join(
            f'<xf numFmtId="{format_id[f]}" fontId="0" fillId="0" borderId="0" xfId="0" '
            'applyNumberFormat="1"/>' for f in formats)
        styles = (
            f'{_XML_DECL}<styleSheet xmlns="{_SML}">'
            + (f'<numFmts count="{len(custom)}">{number_formats}</numFmts>' if custom else "")
            + '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/>'
            '</font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills><borders count="1">'
            "<border><left/><right/><top/><bottom/><diagonal/></border></borders>"
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            f'</cellStyleXfs><cellXfs count="{len(formats) + 1}"><xf numFmtId="0" fontId="0" '
            f'fillId="0" borderId="0" xfId="0"/>{xfs}</cellXfs><cellStyles count="1">'
            '<cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')
        return zip_parts({**_WORKBOOK_PARTS, "xl/worksheets/sheet1.xml": sheet,
                          "xl/sharedStrings.xml": shared, "xl/styles.xml": styles},
                         dt.date(1980, 1, 1))


def column_letter(column: int) -> str:
    """A spreadsheet column's letters, from its 1-based number.

    >>> column_letter(1), column_letter(26), column_letter(27), column_letter(703)
    ('A', 'Z', 'AA', 'AAA')
    """
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _escape(text: str, quote: bool = False) -> str:
    out = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return out.replace('"', "&quot;") if quote else out


def _space(text: str) -> str:
    """``xml:space`` for a text that starts or ends with white space (else it is lost)."""
    return ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""


BUILTIN_FORMATS = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9,
                   "0.00%": 10}
"""Number formats that SpreadsheetML numbers itself (ECMA-376 part 1, 18.8.30)."""
CUSTOM_FORMAT = 164  # the first id of a workbook's own number formats

_SML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SML_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_WORKBOOK_PARTS = {
    "[Content_Types].xml": (
        f'{_XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_SML_CT}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_SML_CT}.worksheet+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_SML_CT}.styles+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SML_CT}.sharedStrings+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
        'package.core-properties+xml"/></Types>'),
    "_rels/.rels": (
        f'{_XML_DECL}<Relationships xmlns="{_PKG_REL}">'
        f'<Relationship Id="rId1" Type="{_OFFICE_REL}/officeDocument" Target="xl/workbook.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
        'relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>'),
    "docProps/core.xml": (
        f'{_XML_DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>tdagdoc</dc:creator>'
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{FIXED_TIME.isoformat()}Z</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{FIXED_TIME.isoformat()}Z'
        "</dcterms:modified></cp:coreProperties>"),
    "xl/workbook.xml": (
        f'{_XML_DECL}<workbook xmlns="{_SML}" xmlns:r="{_OFFICE_REL}"><sheets>'
        f'<sheet name="{SHEET}" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        f'{_XML_DECL}<Relationships xmlns="{_PKG_REL}">'
        f'<Relationship Id="rId1" Type="{_OFFICE_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_OFFICE_REL}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId3" Type="{_OFFICE_REL}/sharedStrings" '
        'Target="sharedStrings.xml"/></Relationships>'),
}
"""The parts of every chart's workbook that do not depend on its data."""


def plain_number(value: Decimal) -> str:
    """A cached value as DrawingML wants it: invariant point, no grouping, no exponent.

    >>> plain_number(Decimal("19.82")), plain_number(Decimal("1E+3")), plain_number(Decimal(-2))
    ('19.82', '1000', '-2')
    """
    return format(value, "f")


def number_format_for(values: Sequence[Decimal]) -> str:
    """An Excel format showing as many decimals as the values carry (the secondary series
    has no format of its own in the chart block).

    >>> number_format_for([Decimal("1.5"), Decimal("30.2")]), number_format_for([Decimal(7)])
    ('0.0', '0')
    """
    exponent = min((int(v.as_tuple().exponent) for v in values), default=0)
    places = max(0, -exponent)
    return "0." + "0" * places if places else "0"


def _in_locale(fmt: str, like: str) -> str:
    """``fmt`` with the locale and grouping of ``like``, when ``like`` names a locale (a
    contribution's chart: its line's values are drawn in the language's number style).

    >>> _in_locale("0.00", "[$-40C]#,##0"), _in_locale("0.0", "0")
    ('[$-40C]#,##0.00', '0.0')
    """
    m = re.match(r"\[\$-[0-9A-Fa-f]+\]", like)
    return fmt if m is None else f"{m.group()}#,##{fmt}"


# --- fonts and text ----------------------------------------------------------------------


@dataclass(frozen=True)
class Fonts:
    """Typefaces for chart text, taken from the document's defaults so charts match the text."""

    latin: str = "+mn-lt"
    east_asia: str = "+mn-ea"
    cs: str = "+mn-cs"

    @classmethod
    def of(cls, document_part: DocumentPart) -> Fonts:
        """Read ``w:docDefaults``' ``w:rFonts``; theme fonts become ``+mn-``/``+mj-`` refs."""
        rfonts = document_part.styles.element.find(
            "w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", namespaces=_W_NS
        )
        if rfonts is None:
            return cls()

        def pick(attr: str, theme_attr: str, slot: str, default: str) -> str:
            theme = rfonts.get(qn(theme_attr))
            if theme:
                return ("+mj-" if theme.startswith("major") else "+mn-") + slot
            return rfonts.get(qn(attr)) or default

        return cls(
            pick("w:ascii", "w:asciiTheme", "lt", cls.latin),
            pick("w:eastAsia", "w:eastAsiaTheme", "ea", cls.east_asia),
            pick("w:cs", "w:cstheme", "cs", cls.cs),
        )


@dataclass(frozen=True)
class _Text:
    """How every text body in one chart is marked: language, direction, fonts."""

    lang: Lang
    fonts: Fonts

    def run_props(self, parent: etree._Element, tag: str, size: str | None = None,
                  bold: bool | None = None) -> etree._Element:
        """``a:rPr``/``a:defRPr``/``a:endParaRPr`` with the language and all three fonts."""
        rpr = _el(parent, tag)
        rpr.set("lang", self.lang.word_lang)
        if self.lang.script == "eastAsia":
            rpr.set("altLang", "en-US")  # as Word writes it for Chinese text
        if size:
            rpr.set("sz", size)
        if bold is not None:
            rpr.set("b", "1" if bold else "0")
        _el(rpr, "a:latin", {"typeface": self.fonts.latin})
        _el(rpr, "a:ea", {"typeface": self.fonts.east_asia})
        _el(rpr, "a:cs", {"typeface": self.fonts.cs})
        return rpr

    def para(self, body: etree._Element, size: str, bold: bool = False) -> etree._Element:
        """An ``a:p`` whose properties carry the direction and default run properties."""
        p = _el(body, "a:p")
        ppr = _el(p, "a:pPr")
        if self.lang.rtl:
            ppr.set("rtl", "1")
        self.run_props(ppr, "a:defRPr", size, bold)
        return p

    def body(self, parent: etree._Element, tag: str, wrap: bool = True) -> etree._Element:
        """A text body's ``a:bodyPr`` and ``a:lstStyle`` (both required, in this order);
        without ``wrap``, the text stays on one line (LibreOffice otherwise breaks a data
        label such as "21 (29 %)" inside)."""
        body = _el(parent, tag)
        body_pr = _el(body, "a:bodyPr")
        if not wrap:
            body_pr.set("wrap", "none")
        _el(body, "a:lstStyle")
        return body

    def tx_pr(self, parent: etree._Element, size: str = TEXT_SIZE) -> None:
        """``c:txPr``: the look of text Word generates itself (labels, legend, ticks)."""
        body = self.body(parent, "c:txPr")
        p = self.para(body, size)
        self.run_props(p, "a:endParaRPr")

    def title(self, parent: etree._Element, text: str) -> None:
        """``c:title`` with the title as rich text, not overlaying the plot."""
        title = _el(parent, "c:title")
        body = self.body(_el(title, "c:tx"), "c:rich")
        p = self.para(body, TITLE_SIZE, bold=True)
        r = _el(p, "a:r")
        self.run_props(r, "a:rPr", TITLE_SIZE, bold=True)
        _el(r, "a:t").text = text
        _val(title, "c:overlay", "0")


# --- the chart XML -----------------------------------------------------------------------


def _val(parent: etree._Element, tag: str, value: str) -> etree._Element:
    return _el(parent, tag, {"val": value})


def _scheme_fill(parent: etree._Element, accent: int) -> None:
    fill = _el(parent, "a:solidFill")
    _el(fill, "a:schemeClr", {"val": f"accent{accent % 6 + 1}"})


def _no_fill_sp_pr(parent: etree._Element) -> None:
    sp_pr = _el(parent, "c:spPr")
    _el(sp_pr, "a:noFill")
    _el(_el(sp_pr, "a:ln"), "a:noFill")


def _str_ref(parent: etree._Element, formula: str, texts: Sequence[str]) -> None:
    ref = _el(parent, "c:strRef")
    _el(ref, "c:f").text = formula
    cache = _el(ref, "c:strCache")
    _val(cache, "c:ptCount", str(len(texts)))
    for i, text in enumerate(texts):
        _el(_el(cache, "c:pt", {"idx": str(i)}), "c:v").text = text


def _num_ref(parent: etree._Element, formula: str, values: Sequence[Decimal], fmt: str) -> None:
    ref = _el(parent, "c:numRef")
    _el(ref, "c:f").text = formula
    cache = _el(ref, "c:numCache")
    _el(cache, "c:formatCode").text = fmt
    _val(cache, "c:ptCount", str(len(values)))
    for i, value in enumerate(values):
        _el(_el(cache, "c:pt", {"idx": str(i)}), "c:v").text = plain_number(value)


def _show(parent: etree._Element, value: bool, percent: bool = False) -> None:
    for tag, on in (("c:showLegendKey", False), ("c:showVal", value),
                    ("c:showCatName", False), ("c:showSerName", False),
                    ("c:showPercent", percent), ("c:showBubbleSize", False)):
        _val(parent, tag, "1" if on else "0")


def _literal_labels(d_lbls: etree._Element, text: _Text, labels: Sequence[str],
                    pos: str | None) -> None:
    """One ``c:dLbl`` per point whose text is the formatter's string ("4,45", "21 (29 %)").

    Word and LibreOffice draw number formats with the reader's (or the format's) locale,
    not the document's language, so labels are written as text to show what the document
    prints, in its number style.
    """
    for i, label in enumerate(labels):
        d_lbl = _el(d_lbls, "c:dLbl")
        _val(d_lbl, "c:idx", str(i))
        body = text.body(_el(d_lbl, "c:tx"), "c:rich", wrap=False)
        p = text.para(body, TEXT_SIZE)
        r = _el(p, "a:r")
        text.run_props(r, "a:rPr", TEXT_SIZE)
        _el(r, "a:t").text = label
        _no_fill_sp_pr(d_lbl)
        if pos is not None:
            _val(d_lbl, "c:dLblPos", pos)
        _show(d_lbl, True)


def _d_lbls(parent: etree._Element, text: _Text, fmt: str | None, pos: str | None, *,
            value: bool = False, percent: bool = False, leader_lines: bool | None = None,
            labels: Sequence[str] = ()) -> None:
    """``c:dLbls`` in schema order; showing nothing, it only switches labels off."""
    d_lbls = _el(parent, "c:dLbls")
    _literal_labels(d_lbls, text, labels, pos)
    if fmt is not None:
        _el(d_lbls, "c:numFmt", {"formatCode": fmt, "sourceLinked": "0"})
    if value or percent:
        _no_fill_sp_pr(d_lbls)
        text.tx_pr(d_lbls)
    if pos is not None:
        _val(d_lbls, "c:dLblPos", pos)
    _show(d_lbls, value, percent)
    if value and percent:
        # Right-to-left, a semicolon between two numbers reorders them ("2129 ؛%" in
        # LibreOffice, whichever semicolon): the count and its share go on two lines.
        _el(d_lbls, "c:separator").text = "\n" if text.lang.rtl else "; "
    if leader_lines is not None:
        _val(d_lbls, "c:showLeaderLines", "1" if leader_lines else "0")


def _series_head(ser: etree._Element, data: ChartData, index: int) -> None:
    _val(ser, "c:idx", str(index))
    _val(ser, "c:order", str(index))
    _str_ref(_el(ser, "c:tx"), data.name_ref(index), [data.series[index][0]])


def _series_data(ser: etree._Element, data: ChartData, index: int) -> None:
    _str_ref(_el(ser, "c:cat"), data.categories_ref, data.categories)
    _num_ref(_el(ser, "c:val"), data.values_ref(index), data.series[index][1],
             data.formats[index])


def _pie(plot: etree._Element, data: ChartData, text: _Text) -> None:
    pie = _el(plot, "c:pieChart")
    _val(pie, "c:varyColors", "1")
    ser = _el(pie, "c:ser")
    _series_head(ser, data, 0)
    sp_pr = _el(ser, "c:spPr")  # a white edge between slices
    ln = _el(sp_pr, "a:ln", {"w": "12700"})
    _el(_el(ln, "a:solidFill"), "a:schemeClr", {"val": "bg1"})
    # The labels are the formatter's "21 (29%)", percentages adding up to 100; without
    # them, value and percentage as Word draws them.
    labels = data.labels[0] if data.labels else ()
    _d_lbls(ser, text, None, "bestFit", value=True, percent=not labels, leader_lines=True,
            labels=labels)
    _series_data(ser, data, 0)
    _val(pie, "c:firstSliceAng", "0")


def _bars(plot: etree._Element, data: ChartData, text: _Text, direction: str,
          count: int) -> None:
    bar = _el(plot, "c:barChart")
    _val(bar, "c:barDir", direction)
    _val(bar, "c:grouping", "clustered")
    _val(bar, "c:varyColors", "0")
    labelled = direction == "bar"  # few horizontal bars: print each value
    for index in range(count):
        ser = _el(bar, "c:ser")
        _series_head(ser, data, index)
        _scheme_fill(_el(ser, "c:spPr"), index)
        _val(ser, "c:invertIfNegative", "0")
        if labelled:
            _d_lbls(ser, text, data.formats[index], "outEnd", value=True,
                    labels=data.labels[index] if index < len(data.labels) else ())
        _series_data(ser, data, index)
    _d_lbls(bar, text, None, None)
    _val(bar, "c:gapWidth", "80" if labelled else "150")
    if count > 1:
        _val(bar, "c:overlap", "-10")
    _val(bar, "c:axId", CAT_AX)
    _val(bar, "c:axId", VAL_AX)


def _line(plot: etree._Element, data: ChartData, text: _Text, index: int) -> None:
    line = _el(plot, "c:lineChart")
    _val(line, "c:grouping", "standard")
    _val(line, "c:varyColors", "0")
    ser = _el(line, "c:ser")
    _series_head(ser, data, index)
    ln = _el(_el(ser, "c:spPr"), "a:ln", {"w": "28575", "cap": "rnd"})
    _scheme_fill(ln, index)
    _el(ln, "a:round")
    marker = _el(ser, "c:marker")
    _val(marker, "c:symbol", "circle")
    _val(marker, "c:size", "6")
    _scheme_fill(_el(marker, "c:spPr"), index)
    _series_data(ser, data, index)
    _val(ser, "c:smooth", "0")
    _d_lbls(line, text, None, None)
    _val(line, "c:marker", "1")
    _val(line, "c:axId", CAT_AX2)
    _val(line, "c:axId", VAL_AX2)


def _axis_title(ax: etree._Element, text: _Text, title: str, vertical: bool) -> None:
    """``c:title`` of an axis, turned to read upwards on a vertical axis."""
    el = _el(ax, "c:title")
    tx = _el(el, "c:tx")
    rich = _el(tx, "c:rich")
    body_pr = _el(rich, "a:bodyPr")
    if vertical:
        body_pr.set("rot", "-5400000")
        body_pr.set("vert", "horz")
    _el(rich, "a:lstStyle")
    p = text.para(rich, TEXT_SIZE)
    r = _el(p, "a:r")
    text.run_props(r, "a:rPr", TEXT_SIZE)
    _el(r, "a:t").text = title
    _val(el, "c:overlay", "0")


def _axis(plot: etree._Element, tag: str, ax_id: str, cross_ax: str, *, reverse: bool,
          pos: str, crosses: str, text: _Text, fmt: str | None = None,
          deleted: bool = False, gridlines: bool = False, title: str | None = None,
          step: Decimal | None = None) -> None:
    """A ``c:catAx`` or ``c:valAx``, children in schema order."""
    ax = _el(plot, tag)
    _val(ax, "c:axId", ax_id)
    _val(_el(ax, "c:scaling"), "c:orientation", "maxMin" if reverse else "minMax")
    _val(ax, "c:delete", "1" if deleted else "0")
    _val(ax, "c:axPos", pos)
    if gridlines:
        ln = _el(_el(_el(ax, "c:majorGridlines"), "c:spPr"), "a:ln", {"w": "9525"})
        _el(_el(ln, "a:solidFill"), "a:srgbClr", {"val": GRIDLINE})
    if title:
        _axis_title(ax, text, title, vertical=pos in ("l", "r"))
    if fmt is not None:
        _el(ax, "c:numFmt", {"formatCode": fmt, "sourceLinked": "0"})
    _val(ax, "c:majorTickMark", "none" if tag == "c:valAx" else "out")
    _val(ax, "c:minorTickMark", "none")
    _val(ax, "c:tickLblPos", "nextTo")
    text.tx_pr(ax)
    _val(ax, "c:crossAx", cross_ax)
    _val(ax, "c:crosses", crosses)
    if tag == "c:catAx":
        _val(ax, "c:auto", "1")
        _val(ax, "c:lblAlgn", "ctr")
        _val(ax, "c:lblOffset", "100")
        _val(ax, "c:noMultiLvlLbl", "0")
    else:
        _val(ax, "c:crossBetween", "between")
        if step is not None:
            _val(ax, "c:majorUnit", plain_number(step))


def _axes(plot: etree._Element, chart: Chart, data: ChartData, text: _Text) -> None:
    """Axes laid out for the reading direction.

    Horizontal bars list the first category at the top (``maxMin``), so the value axis
    crosses at the last category to stay at the bottom; in Arabic the bars also grow
    leftwards. Columns run right to left in Arabic; the value axes keep their sides.
    """
    rtl = text.lang.rtl
    titles = chart.axis_titles + (None,) * (3 - len(chart.axis_titles))
    fmts = [fmt for fmt, _ in chart.axes] or [data.formats[0], data.formats[-1]]
    steps: list[Decimal | None] = [step for _, step in chart.axes] or [None, None]
    if chart.kind == "bar":
        _axis(plot, "c:catAx", CAT_AX, VAL_AX, reverse=True, pos="r" if rtl else "l",
              crosses="autoZero", text=text, title=titles[0])
        _axis(plot, "c:valAx", VAL_AX, CAT_AX, reverse=rtl, pos="b", crosses="max",
              text=text, fmt=fmts[0], gridlines=True, title=titles[1], step=steps[0])
        return
    _axis(plot, "c:catAx", CAT_AX, VAL_AX, reverse=rtl, pos="b", crosses="autoZero", text=text,
          title=titles[0])
    # The primary value axis stays on the left and the secondary on the right in both
    # directions (mirrored categories: crossing at their last one puts an axis on the left),
    # as LibreOffice draws a primary axis title on the left whatever the axis position.
    _axis(plot, "c:valAx", VAL_AX, CAT_AX, reverse=False, pos="l",
          crosses="max" if rtl else "autoZero", text=text, fmt=fmts[0], gridlines=True,
          title=titles[1], step=steps[0])
    if chart.secondary is not None:
        _axis(plot, "c:catAx", CAT_AX2, VAL_AX2, reverse=rtl, pos="b", crosses="autoZero",
              text=text, deleted=True)
        _axis(plot, "c:valAx", VAL_AX2, CAT_AX2, reverse=False, pos="r",
              crosses="autoZero" if rtl else "max", text=text, fmt=fmts[-1], title=titles[2],
              step=steps[-1])


def has_legend(chart: Chart) -> bool:
    """A pie names its slices, and bars of two or more series need their key; a single
    series of bars would only repeat the caption and the axis title."""
    return chart.kind == "pie" or len(chart.series) + (chart.secondary is not None) > 1


def chart_space(chart: Chart, data: ChartData, lang: Lang, fonts: Fonts) -> etree._Element:
    """The ``c:chartSpace`` of one chart; ``c:externalData`` waits for its ``r:id``."""
    text = _Text(lang, fonts)
    space = etree.Element(qn("c:chartSpace"), nsmap=_NSMAP)
    _val(space, "c:date1904", "0")
    _val(space, "c:lang", lang.word_lang)
    _val(space, "c:roundedCorners", "0")
    c = _el(space, "c:chart")
    # A captioned chart ("Figure 1 – ...") would say its title twice.
    if chart.caption is None:
        text.title(c, chart.title)
    _val(c, "c:autoTitleDeleted", "0" if chart.caption is None else "1")
    plot = _el(c, "c:plotArea")
    _el(plot, "c:layout")
    if chart.kind == "pie":
        if len(chart.series) != 1 or chart.secondary is not None:
            raise ValueError(f"pie chart {chart.name!r} must have exactly one series")
        _pie(plot, data, text)
    else:
        _bars(plot, data, text, "bar" if chart.kind == "bar" else "col", len(chart.series))
        if chart.secondary is not None:
            if chart.kind != "column":
                raise ValueError(f"only column charts take a secondary series: {chart.name!r}")
            _line(plot, data, text, len(chart.series))
        _axes(plot, chart, data, text)
    _no_fill_sp_pr(plot)
    if has_legend(chart):
        legend = _el(c, "c:legend")
        _val(legend, "c:legendPos", "b")
        _val(legend, "c:overlay", "0")
        text.tx_pr(legend)
    _val(c, "c:plotVisOnly", "1")
    _val(c, "c:dispBlanksAs", "gap")
    _no_fill_sp_pr(space)
    text.tx_pr(space)
    _val(_el(space, "c:externalData"), "c:autoUpdate", "0")
    return space


# --- parts and the drawing -----------------------------------------------------------------


def add_chart(document_part: DocumentPart, paragraph: etree._Element, chart: Chart,
              lang: Lang) -> None:
    """Add ``chart`` as a native, editable chart in a new run at the end of ``paragraph``.

    ``paragraph`` must already be in the document body, so the drawing's ``wp:docPr`` id
    is chosen past every id in the document (pictures python-docx added included).
    """
    package = document_part.package
    data = ChartData.of(chart)
    space = chart_space(chart, data, lang, Fonts.of(document_part))

    chart_name = package.next_partname("/word/charts/chart%d.xml")
    # python-docx types the element as its own class; any lxml element serializes alike.
    chart_part = XmlPart(chart_name, CT.DML_CHART, cast("BaseOxmlElement", space), package)
    chart_rid = document_part.relate_to(chart_part, RT.CHART)
    # Only now is the chart part reachable, so its name counts as taken.
    xlsx_name = package.next_partname("/word/embeddings/Microsoft_Excel_Worksheet%d.xlsx")
    xlsx_part = Part(xlsx_name, CT.SML_SHEET, data.xlsx(), package)
    xlsx_rid = chart_part.relate_to(xlsx_part, RT.PACKAGE)
    for external in space.iterfind(qn("c:externalData")):  # the one chart_space made
        external.set(qn("r:id"), xlsx_rid)

    _inline(paragraph, chart_rid, document_part.next_id, f"Chart {chart_name.idx}",
            chart.alt_text or chart.title)


def _inline(paragraph: etree._Element, rid: str, shape_id: int, name: str, descr: str) -> None:
    """``w:r/w:drawing/wp:inline`` pointing at the chart part."""
    drawing = _el(_el(paragraph, "w:r"), "w:drawing")
    wp = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
    inline = etree.SubElement(drawing, qn("wp:inline"), nsmap={"wp": wp})
    for side in ("distT", "distB", "distL", "distR"):
        inline.set(side, "0")
    cx, cy = EXTENT
    _el(inline, "wp:extent", {"cx": str(cx), "cy": str(cy)})
    _el(inline, "wp:effectExtent", {"l": "0", "t": "0", "r": "0", "b": "0"})
    _el(inline, "wp:docPr", {"id": str(shape_id), "name": name, "descr": descr})
    _el(inline, "wp:cNvGraphicFramePr")
    graphic = etree.SubElement(inline, qn("a:graphic"), nsmap={"a": _NSMAP["a"]})
    data = _el(graphic, "a:graphicData", {"uri": CHART_URI})
    ref = etree.SubElement(data, qn("c:chart"), nsmap={"c": CHART_URI, "r": _NSMAP["r"]})
    ref.set(qn("r:id"), rid)
