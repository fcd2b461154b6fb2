"""What document officers write in a contribution: lists in lists, sized images, ..."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any, cast

import pytest
from lxml import etree

import tdagdoc
from conftest import NS, Docx
from tdagdoc import contribution
from test_contribution import FRONT, _problems, _style_ids, _write


def _xp(node: etree._Element, path: str) -> list[Any]:
    return cast("list[Any]", node.xpath(path, namespaces=NS))


def _built(tmp_path: Path, body: str) -> Docx:
    built = contribution.build(contribution.load(_write(tmp_path / "in", body)), "en")
    return Docx(tdagdoc.save(built, tmp_path / "out"))


def test_a_list_in_a_list_is_enumlev2_lettered(tmp_path: Path):
    doc = _built(tmp_path, textwrap.dedent("""\
        # Lists

        1. Member States:
           1. to adopt;
           2. to report;
        2. Sector Members:
           - first
           - second

           Its second paragraph.
        3. last
        """))
    ids = _style_ids(doc)
    # Before: the sub-items were flattened into the first level, their marks lost.
    assert doc.styled(ids["enumlev1"]) == ["1)\tMember States:", "2)\tSector Members:",
                                           "\tIts second paragraph.", "3)\tlast"]
    assert doc.styled(ids["enumlev2"]) == ["a)\tto adopt;", "b)\tto report;", "–\tfirst",
                                           "–\tsecond"]


def test_the_second_level_sits_under_the_first_levels_text(tmp_path: Path):
    doc = _built(tmp_path, "- one\n  - two\n")
    styles = doc.xml("word/styles.xml")
    ind = {name: _xp(styles, f"//w:style[w:name/@w:val='{name}']/w:pPr/w:ind")[0]
           for name in ("enumlev1", "enumlev2")}
    w = f"{{{NS['w']}}}"
    assert int(ind["enumlev2"].get(w + "hanging")) < int(ind["enumlev1"].get(w + "left"))
    assert int(ind["enumlev2"].get(w + "left")) - int(ind["enumlev2"].get(w + "hanging")) \
        == int(ind["enumlev1"].get(w + "left"))


def test_a_third_level_is_refused_at_its_line(tmp_path: Path):
    path = _write(tmp_path, "# Lists\n\n- one\n  - two\n    - three\n")
    problems = _problems(path)
    assert any(p.startswith(f"{path}:") and "ITU documents use 2 levels" in p
               for p in problems), problems


@pytest.mark.parametrize(("lang", "mark"), [("en", "a)"), ("ar", "أ)")])
def test_sub_list_letters(lang: str, mark: str):
    from tdagdoc.document.markdown import list_mark
    assert list_mark(lang, 1, 2) == mark


def _extent(doc: Docx) -> int:
    return int(_xp(doc.body, ".//w:drawing//wp:extent/@cx")[0])


def test_an_image_at_the_width_asked_for(tmp_path: Path):
    # Before: '{width=8cm}' printed as text beside a picture at its own 40 px.
    doc = _built(tmp_path, "# Figure\n\n![A red square](square.png){width=8cm}\n")
    assert _extent(doc) == 8 * 360_000
    assert "width" not in doc.text()
    cy = int(_xp(doc.body, ".//w:drawing//wp:extent/@cy")[0])
    assert cy == 4 * 360_000  # 40 × 20 pixels: its proportions kept
    assert _extent(_built(tmp_path / "mm", "![A red square](square.png){width=25mm}\n")) \
        == 900_000


def test_an_image_width_out_of_bounds_or_misspelt_is_refused(tmp_path: Path):
    path = _write(tmp_path, "# F\n\n![a](square.png){width=80cm}\n\n"
                            "![b](square.png){width=wide}\n\n![c](square.png){widht=8cm}\n")
    text = "\n".join(_problems(path))
    assert "the image width '80cm' is not a width from 1cm to 17cm" in text
    assert "the image width 'wide'" in text
    assert "an image takes {width=8cm} and {#id} only, not widht" in text


def test_braces_after_other_text_stay_text(tmp_path: Path):
    doc = _built(tmp_path, "A [link](https://itu.int){x} and `code`{y} and *it*{z}.\n")
    assert "A link{x} and code{y} and it{z}." in doc.paragraphs()


XREF = """\
# Introduction

As Table [](#regions) and Figure [](#square) show (section [](#method),
Annex [](#dates)), the results hold.

{#method}
## Method

{#regions caption="Projects by region"}
| Region | Projects |
|:-------|---------:|
| Africa | see [](#method) |

![A red square](square.png "The square"){#square}

{.annex #dates}
# Dates of the meetings

Back to section [](#method).
"""


def _fields(doc: Docx) -> list[tuple[str, str]]:
    """Each REF field's instruction and its cached result, in order."""
    out = []
    for p in doc.body.iter(f"{{{NS['w']}}}p"):
        instr, shown, state = "", "", ""
        for r in p.iterfind("w:r", NS):
            char = r.find("w:fldChar", NS)
            if char is not None:
                state = char.get(f"{{{NS['w']}}}fldCharType")
                if state == "end":
                    out.append((instr.strip(), shown))
                    instr, shown = "", ""
            elif state == "begin":
                instr += "".join(_xp(r, "w:instrText/text()"))
            elif state == "separate":
                shown += "".join(_xp(r, "w:t/text()"))
    return out


def test_cross_references_are_ref_fields_to_bookmarked_numbers(tmp_path: Path, conformant):
    # Before: '[](#regions)' was refused as a link that is not http(s) or mailto.
    doc = _built(tmp_path, XREF)
    assert _fields(doc) == [("REF _Ref_regions \\h", "1"), ("REF _Ref_square \\h", "1"),
                            ("REF _Ref_method \\h", "1.1"), ("REF _Ref_dates \\h", "1"),
                            ("REF _Ref_method \\h", "1.1"), ("REF _Ref_method \\h", "1.1")]
    paras = doc.paragraphs()
    assert "As Table 1 and Figure 1 show (section 1.1, Annex 1), the results hold." in paras
    w = f"{{{NS['w']}}}"
    marks = {m.get(w + "name"): m for m in doc.body.iter(w + "bookmarkStart")}
    assert set(marks) == {"_Ref_regions", "_Ref_square", "_Ref_method", "_Ref_dates"}
    assert len({m.get(w + "id") for m in marks.values()}) == 4
    for name, shown in (("_Ref_method", "1.1"), ("_Ref_regions", "1"), ("_Ref_dates", "1")):
        start = marks[name]
        text = "".join(str(t) for t in start.getnext().itertext())
        assert text == shown and start.getnext().getnext().tag == w + "bookmarkEnd", name
    assert "Table 1 – Projects by region" in paras and "Annex 1" in paras
    assert paras[paras.index("Annex 1") + 1] == "Dates of the meetings"
    conformant(doc.path)


def test_cross_reference_mistakes_are_listed_at_their_lines(tmp_path: Path):
    body = ("# One\n\nSee [](#nowhere) and [Table 1](#t).\n\n{#t caption=\"T\"}\n| a |\n|---|\n"
            "| 1 |\n\n{#t}\n## Two\n\n{#bad!}\n## Three\n\n![x](square.png){#pic}\n")
    path = _write(tmp_path, body)
    text = "\n".join(_problems(path))
    base = FRONT.count("\n")
    assert f"{path}:{base + 3}: the cross-reference [](#nowhere) points to nothing" in text
    assert "write [](#t), not [Table 1](#t)" in text
    assert "{#t} marks two places" in text
    assert "needs a title to be referred to" in text


def test_data_tables_and_charts_are_cross_reference_targets(tmp_path: Path):
    # Before: {#id} before a ```table or ```chart fence was dropped, and [](#id) to it
    # was refused as pointing to nothing.
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "d.csv").write_text("k,v\na,1\nb,2\n", encoding="utf-8")
    doc = _built(tmp_path, textwrap.dedent("""\
        # Data

        Table [](#counts) and Figure [](#bars) show it.

        ![A square](square.png "Square")

        {#counts}
        ```table
        file: d.csv
        caption: Counts
        columns: [{column: k, title: K}, {column: v, title: V}]
        ```

        {#bars}
        ```chart
        file: d.csv
        type: bar
        title: Bars
        categories: k
        series: [{column: v, title: V}]
        ```
        """))
    assert _fields(doc) == [("REF _Ref_counts \\h", "1"), ("REF _Ref_bars \\h", "2")]
    assert "Table 1 and Figure 2 show it." in doc.paragraphs()
    w = f"{{{NS['w']}}}"
    marks = {m.get(w + "name"): m for m in doc.body.iter(w + "bookmarkStart")}
    for name, shown in (("_Ref_counts", "1"), ("_Ref_bars", "2")):
        assert "".join(str(t) for t in marks[name].getnext().itertext()) == shown, name


def test_a_data_table_without_a_caption_cannot_be_referred_to(tmp_path: Path):
    (tmp_path / "d.csv").write_text("k,v\na,1\n", encoding="utf-8")
    path = _write(tmp_path, "See [](#t).\n\n{#t}\n```table\nfile: d.csv\n"
                  "columns: [{column: k, title: K}]\n```\n")
    text = "\n".join(_problems(path))
    assert "the table {#t} needs a caption to be referred to" in text
    assert "points to nothing" in text


APPENDICES = """\
# Method

See Appendix [](#survey) and Appendix [](#rates) to Annex 1.

{.appendix #survey}
# The survey

{.annex}
# Dates of the meetings

{.appendix}
# Venues

{.appendix #rates}
# Exchange rates
"""


def test_appendices_are_titled_and_numbered_per_annex(tmp_path: Path):
    # Before: {.appendix} was ignored and the heading became section 2.
    doc = _built(tmp_path, APPENDICES)
    ids = _style_ids(doc)
    assert doc.styled(ids["AnnexNo"]) == ["Appendix 1", "Annex 1", "Appendix 1 to Annex 1",
                                          "Appendix 2 to Annex 1"]
    paras = doc.paragraphs()
    assert paras[paras.index("Appendix 2 to Annex 1") + 1] == "Exchange rates"
    assert _fields(doc) == [("REF _Ref_survey \\h", "1"), ("REF _Ref_rates \\h", "2")]
    assert "See Appendix 1 and Appendix 2 to Annex 1." in paras
    h1 = doc.styled(ids["heading 1"]) + doc.styled(ids.get("Heading 1", ""))
    assert h1 == ["1\tMethod"]


def test_an_appendix_number_is_bookmarked_where_chinese_puts_it(tmp_path: Path):
    from tdagdoc.document.markdown import appendix_title
    from tdagdoc.l10n.localizer import Localizer
    from tdagdoc.l10n.translations import translations
    from tdagdoc.languages import get_lang

    loc = Localizer(get_lang("zh"), translations(get_lang("zh")))
    inlines = appendix_title(loc, 1, 12, "_Ref_x")
    assert [type(i).__name__ for i in inlines] == ["Text", "Bookmark"]
    assert "".join(i.text for i in inlines) == "附件12的附录1"


def test_appendix_marks_are_checked(tmp_path: Path):
    path = _write(tmp_path, "{.appendix}\nA paragraph.\n\n{.appendix}\n## Sub\n")
    text = "\n".join(_problems(path))
    assert "{.appendix} goes on the line before an appendix's '# Title'" in text
    assert "an appendix heading is a level-1 heading" in text


def test_a_translation_keeps_the_appendix_marks():
    from tdagdoc.input.contribution import structure

    assert [m.what for m in structure("{.appendix}\n# A\n\n# B\n")] == ["appendix heading",
                                                                       "heading 1"]
