"""Contributions' data tables and charts print their numbers as the report does.

Localised cells, labels, caches and axis formats; whole axis steps for counts; axis
titles; rounded parts that add up to the printed total; table captions in their own style.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

import tdagdoc
from conftest import NS, Docx
from tdagdoc import contribution
from tdagdoc.errors import DataError
from test_contribution import FRENCH, FRONT, _write

C = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
     "a": "http://schemas.openxmlformats.org/drawingml/2006/main"}

CSV = ("region,region_fr,region_ru,region_zh,projects,budget\n"
       "Africa,Afrique,Африка,非洲,7,7.87\n"
       "Americas,Amériques,Северная и Южная Америка,美洲,4,7.87\n"
       "Arab States,États arabes,Арабские государства,阿拉伯国家,2,7.86\n")

TABLE = """\
```table
file: d.csv
caption: Budget by region
columns:
  - {column: region, title: Region}
  - {column: projects, title: Projects, format: integer}
  - {column: budget, title: Budget (USD million), format: number}
total: Total
```
"""

CHART = """\
```chart
file: d.csv
type: column-line
title: Projects and budget by region
categories: region
series: [{column: projects, title: Projects}]
line: {column: budget, title: Budget, format: number, digits: 2}
axes: {categories: ITU region, values: Number of projects, line: USD million}
```

```chart
file: d.csv
type: bar
title: Budget by region
categories: region
series: [{column: budget, title: Budget}]
format: number
```
"""


def _build(tmp_path: Path, body: str, lang: str) -> Docx:
    folder = tmp_path / lang
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "d.csv").write_text(CSV, encoding="utf-8")
    path = _write(folder, body, FRONT)
    if lang != "en":  # a translation of the texts (French words will do: numbers are checked)
        (folder / f"contribution.{lang}.md").write_text(FRENCH + body, encoding="utf-8")
    built = contribution.build(contribution.load(path), lang)
    return Docx(tdagdoc.save(built, folder / "out"))


def _charts(doc: Docx) -> list[Any]:
    from lxml import etree

    names = sorted((n for n in doc.names if n.startswith("word/charts/chart")),
                   key=lambda n: int(n.rsplit("chart", 1)[1].split(".")[0]))
    return [etree.fromstring(doc.blob(n)) for n in names]


def _rows(doc: Docx) -> list[list[str]]:
    """The cells of the document's first data table."""
    styles = doc.xml("word/styles.xml")
    data = next(s.get(f"{{{NS['w']}}}styleId") for s in styles.iterfind("w:style", NS)
                if s.find("w:name", NS).get(f"{{{NS['w']}}}val") == "ITU Data Table")
    table = next(t for t in doc.body.iterfind(".//w:tbl", NS)
                 if t.find("w:tblPr/w:tblStyle", NS).get(f"{{{NS['w']}}}val") == data)
    return [["".join(map(str, tc.itertext())) for tc in tr.iterfind("w:tc", NS)]
            for tr in table.iterfind("w:tr", NS)]


def test_rounded_rows_add_up_to_the_printed_total(tmp_path: Path):
    # 7.87 + 7.87 + 7.86 = 23.60: each rounded alone, the rows would add up to 23.7.
    rows = _rows(_build(tmp_path, TABLE, "en"))
    assert [r[2] for r in rows[1:]] == ["7.9", "7.9", "7.8", "23.6"]
    assert rows[-1][:2] == ["Total", "13"]
    fr = _rows(_build(tmp_path, TABLE, "fr"))
    assert [r[2] for r in fr[1:]] == ["7,9", "7,9", "7,8", "23,6"]


def test_a_part_apportioned_to_nothing_reads_less_than(tmp_path: Path):
    (tmp_path / "d.csv").write_text("r,usd\na,1000000\nb,20000\n", encoding="utf-8")
    body = ("```table\nfile: d.csv\ncolumns:\n  - {column: r, title: R}\n"
            "  - {column: usd, title: USD, format: amount}\ntotal: Total\n```\n")
    built = contribution.build(contribution.load(_write(tmp_path, body, FRONT)), "en")
    rows = _rows(Docx(tdagdoc.save(built, tmp_path / "out")))
    assert [r[1].replace("\xa0", " ") for r in rows] == [
        "USD", "USD 1.0 million", "less than USD 0.1 million", "USD 1.0 million"]


def test_table_captions_are_table_titles_not_figure_titles(tmp_path: Path):
    body = TABLE + '\n{caption="Pipes"}\n| a | b |\n|---|---|\n| 1 | 2 |\n'
    doc = _build(tmp_path, body, "en")
    titles = [p for p in doc.body.iterfind("w:p", NS)
              if "".join(map(str, p.itertext())).startswith("Table ")]
    assert ["".join(map(str, p.itertext())) for p in titles] == ["Table 1 – Budget by region",
                                                       "Table 2 – Pipes"]
    styles = doc.xml("word/styles.xml")
    ids = {s.find("w:name", NS).get(f"{{{NS['w']}}}val"): s.get(f"{{{NS['w']}}}styleId")
           for s in styles.iterfind("w:style", NS)}
    for p in titles:
        assert p.find("w:pPr/w:pStyle", NS).get(f"{{{NS['w']}}}val") == ids["Table_title"]
    style = styles.find(f"w:style[@w:styleId='{ids['Table_title']}']", NS)
    spacing = style.find("w:pPr/w:spacing", NS)
    assert int(spacing.get(f"{{{NS['w']}}}after")) <= 120  # not the 24 pt a figure leaves
    assert style.find("w:pPr/w:keepNext", NS) is not None


@pytest.mark.parametrize(("lang", "lcid", "label"), [("en", "809", "7.9"), ("fr", "40C", "7,9"),
                                                     ("ru", "419", "7,9"), ("zh", "804", "7.9")])
def test_chart_numbers_in_the_language_with_whole_steps_for_counts(tmp_path: Path, lang: str,
                                                                   lcid: str, label: str):
    combo, bar = _charts(_build(tmp_path, CHART, lang))
    axes = combo.findall(".//c:valAx", C)
    # Counts: whole steps and no decimals on the axis; the line's axis has its own step.
    formats = [ax.find("c:numFmt", C).get("formatCode") for ax in axes]
    assert formats[0] == f"[$-{lcid}]#,##0"
    assert axes[0].find("c:majorUnit", C).get("val") == "2"  # 0 to 8 for 7 projects
    assert formats[1].startswith(f"[$-{lcid}]#,##0")
    assert [f.text for f in combo.iterfind(".//c:numCache/c:formatCode", C)] == [
        f"[$-{lcid}]#,##0", f"[$-{lcid}]#,##0.00"] or lang == "zh"
    # The bars' labels are the formatter's strings, their cache the rounded values (bars
    # are not parts of a printed total: each rounds alone).
    labels = [t.text for t in bar.iterfind(".//c:dLbl//a:t", C)]
    assert labels == [label, label, label]
    assert [v.text for v in bar.iterfind(".//c:val//c:v", C)] == ["7.9", "7.9", "7.9"]


def test_axis_titles_from_the_fence(tmp_path: Path):
    combo, bar = _charts(_build(tmp_path, CHART, "en"))
    titles = ["".join(map(str, t.itertext())) for ax in combo.find(".//c:plotArea", C)
              if ax.tag.endswith(("catAx", "valAx")) for t in ax.iterfind("c:title", C)]
    assert titles == ["ITU region", "Number of projects", "USD million"]
    assert not bar.findall(".//c:catAx/c:title", C)


def test_a_pie_of_numbers_labels_value_and_share(tmp_path: Path):
    body = ("```chart\nfile: d.csv\ntype: pie\ntitle: Budget\ncategories: region\n"
            "series: [{column: budget, title: Budget}]\nformat: number\n```\n")
    doc = _build(tmp_path, body, "en")
    (pie,) = _charts(doc)
    labels = [t.text for t in pie.iterfind(".//c:dLbl//a:t", C)]
    # Equal slices read equal shares; they miss 100, and the note under the chart says why.
    assert labels == ["7.9 (33%)", "7.9 (33%)", "7.9 (33%)"]
    assert [v.text for v in pie.iterfind(".//c:val//c:v", C)] == ["7.9", "7.9", "7.9"]
    assert "Percentages may not add up to 100 because of rounding." in doc.text()


def test_axes_titles_checked(tmp_path: Path):
    (tmp_path / "d.csv").write_text(CSV, encoding="utf-8")
    body = textwrap.dedent("""\
        ```chart
        file: d.csv
        type: pie
        title: T
        categories: region
        series: [{column: projects, title: P}]
        axes: {values: N}
        ```

        ```chart
        file: d.csv
        type: column
        title: T
        categories: region
        series: [{column: projects, title: P}]
        axes: {line: N, value: x}
        ```
        """)
    with pytest.raises(DataError) as info:
        contribution.build(contribution.load(_write(tmp_path, body, FRONT)), "en")
    messages = [f"{p.where}: {p.message}" for p in info.value.problems]
    assert any("chart.axes: a pie has no axes" in m for m in messages)
    assert any("chart.axes.value" in m for m in messages)


def test_axis_titles_are_in_the_catalog(tmp_path: Path):
    (tmp_path / "d.csv").write_text(CSV, encoding="utf-8")
    pot = contribution.extract(contribution.load(_write(tmp_path, CHART, FRONT))).decode()
    for text in ("ITU region", "Number of projects", "USD million"):
        assert f'msgid "{text}"' in pot
