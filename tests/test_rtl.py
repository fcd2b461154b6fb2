"""Right-to-left details in the Word XML: islands, separators, chart labels."""

from __future__ import annotations

from typing import cast

import pytest
from lxml import etree

from conftest import NS, Docx
from tdagdoc.docx.oxml.text import LRM, Direction, ltr_islands, pieces

W = f"{{{NS['w']}}}"
RTL = Direction(rtl=True)


@pytest.mark.parametrize(("text", "islands"), [
    ("الهاتف: +41 22 730 5900", ["+41 22 730 5900"]),
    ("انظر https://www.itu.int/hub/membership/our-members/.", ["https://www.itu.int/hub/membership/our-members/"]),
    ("Cisco Systems, Inc.", ["Cisco Systems, Inc."]),
    ("مكتب تنمية الاتصالات (BDT) و(ITU-D)،", ["(BDT)", "(ITU-D)"]),
    ("لعام 2022 (WTDC-22) أهمية", ["(WTDC-22)"]),
    ("19-22 مايو 2025 و2020–2024", ["19-22", "2020–2024"]),
    ("وقّع 89 اتفاقا بمبلغ 33,8 مليون و92%", []),  # plain numbers keep their order alone
    ("(القسمان 3.1 و3.3)", []),
])
def test_left_to_right_islands(text: str, islands: list[str]):
    assert [text[a:b] for a, b in ltr_islands(text)] == islands


def test_islands_are_runs_between_marks():
    got = pieces("الهاتف +41 22 730 5900 والبريد eun-ju.kim@itu.int", RTL)
    assert got == (("الهاتف ", True, False), (f"{LRM}+41 22 730 5900{LRM}", False, False),
                   (" والبريد ", True, False), ("eun-ju.kim@itu.int", False, False))
    assert pieces("19-22 مايو", RTL)[0][0] == f"{LRM}19\u201122{LRM}"  # no break after "-"


def test_arabic_document_runs(docs: dict[str, Docx]):
    body = docs["ar"].body
    phone = [r for r in body.iter(f"{W}r") if "730 5900" in "".join(map(str, r.itertext()))]
    assert phone and all(r.find("w:rPr/w:rtl", NS) is None for r in phone)
    assert all("".join(map(str, r.itertext())).startswith(LRM) for r in phone)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_footnote_separators_follow_the_text(docs: dict[str, Docx], lang: str):
    notes = docs[lang].xml("word/footnotes.xml")
    seps = cast("list[etree._Element]", notes.xpath(
        "w:footnote[@w:type='separator' or @w:type='continuationSeparator']/w:p/w:pPr",
        namespaces=NS))
    assert len(seps) == 2
    assert all((p.find("w:bidi", NS) is not None) == (lang == "ar") for p in seps)


def test_arabic_pie_labels_without_a_latin_semicolon(docs: dict[str, Docx]):
    """The pie's labels are the formatter's text, with no Latin semicolon, which a
    right-to-left paragraph reorders ("2129 ؛%")."""
    doc = docs["ar"]
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    c = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
    charts = [n for n in doc.names if n.startswith("word/charts/chart")]
    labels = ["".join(t.text or "" for t in d_lbl.iter(f"{a}t"))
              for n in charts for pie in doc.xml(n).iter(f"{c}pieChart")
              for d_lbl in pie.iter(f"{c}dLbl")]
    assert labels and all(";" not in s and "\u061b" not in s for s in labels), labels


def test_no_break_spaces_at_an_islands_edge_open():
    """LibreOffice breaks inside a left-to-right run joined to Arabic text by a no-break
    space ("19-2 | 2 مايو"): the space at the run's edge is a plain one, the month and
    the year stay joined."""
    got = pieces("سويسرا، 19-22\u00a0مايو\u00a02025", RTL)
    assert got[1] == (f"{LRM}19\u201122{LRM}", False, False)
    assert got[2] == (" مايو\u00a02025", True, False)
    assert pieces("مايو\u00a02025", RTL) == (("مايو\u00a02025", True, False),)
