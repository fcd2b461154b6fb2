"""The year's highlights: data paragraphs with *emphasis*, [links](https://…) and [^notes]."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

import tdagdoc
from conftest import NS, SMALL, Docx
from tdagdoc.errors import DataError
from tdagdoc.input.markup import Inline, Link, NoteRef, Text, parse
from tdagdoc.input.sources import validate

W = f"{{{NS['w']}}}"

HIGHLIGHT = {
    "text": {"en": "BDT launched *Connect2Recover* with [the EU](https://europa.eu/x?a=1&b=2)"
                   "[^eu], <b>not bold</b> {{ not code }} &amp; 5 * 3 [literal].",
             "fr": "Le BDT a lancé *Connect2Recover* avec [l'UE](https://europa.eu/fr)[^eu]."},
    "notes": {"eu": {"en": "See *Decision* 12 of {{ 2024 }}.", "fr": "Voir la décision 12."}},
}


def small(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(yaml.safe_load(SMALL.read_text(encoding="utf-8")))
    data.update(copy.deepcopy(changes))
    return data


def built(data: dict[str, Any], lang: str, tmp_path: Path) -> tuple[Docx, tdagdoc.Built]:
    doc = tdagdoc.build(validate(data), lang)
    return Docx(tdagdoc.save(doc, tmp_path)), doc


def paragraph_with(doc: Docx, text: str) -> Any:
    return next(p for p in doc.body.iter(f"{W}p") if text in "".join(doc.paragraphs(p)))


def test_marks_become_the_templates_blocks_and_the_rest_is_literal(tmp_path: Path):
    doc, built_doc = built(small(highlights=[HIGHLIGHT]), "en", tmp_path)
    p = paragraph_with(doc, "BDT launched")
    text = "".join(doc.paragraphs(p))
    assert text == ("BDT launched Connect2Recover with the EU, <b>not bold</b> {{ not code }} "
                    "&amp; 5 * 3 [literal].")
    italic = [r for r in p.iter(f"{W}r") if r.find(f"{W}rPr/{W}i") is not None]
    assert ["".join(t.text for t in r.iter(f"{W}t")) for r in italic] == ["Connect2Recover"]
    assert p.find(f"{W}hyperlink") is not None
    assert p.find(f".//{W}footnoteReference") is not None
    notes = doc.xml("word/footnotes.xml")
    assert "See Decision 12 of {{ 2024 }}." in "\n".join(doc.paragraphs(notes)).replace("\xa0", " ")
    assert not built_doc.warnings


def test_it_stands_under_key_actions_and_the_results_note_closes_the_results(tmp_path: Path):
    note = {"text": {"en": "The year closed with *record* support."}}
    doc, _ = built(small(highlights=[HIGHLIGHT], results_note=note), "en", tmp_path)
    texts = doc.paragraphs(doc.body)
    key = next(i for i, t in enumerate(texts) if t.endswith("Key actions and results"))
    assert texts[key + 1].startswith("BDT launched")
    assert texts[key - 1] == "The year closed with record support."


def test_missing_language_falls_back_to_english_with_a_warning(tmp_path: Path):
    doc, built_doc = built(small(highlights=[HIGHLIGHT]), "ru", tmp_path)
    assert "BDT launched" in "\n".join(doc.paragraphs(doc.body))
    assert {w.where for w in built_doc.warnings} >= {"highlights[0].text",
                                                     "highlights[0].notes.eu"}
    fr, built_fr = built(small(highlights=[HIGHLIGHT]), "fr", tmp_path)
    assert "Le BDT a lancé Connect2Recover avec l'UE." in "\n".join(fr.paragraphs(fr.body))
    assert not [w for w in built_fr.warnings if w.where.startswith("highlights")]
    with pytest.raises(DataError, match=r"highlights\[0\]\.text: no ru text"):
        tdagdoc.build(validate(small(highlights=[HIGHLIGHT])), "ru", strict=True)


@pytest.mark.parametrize(("highlight", "where", "message"), [
    ({"text": {"en": "As agreed[^x]."}}, "highlights[0].text.en", "[^x] has no note"),
    ({"text": {"en": "See [this](javascript:alert(1))."}}, "highlights[0].text.en",
     "not an http:// or https:// address"),
    ({"text": {"en": "See [this](www.itu.int)."}}, "highlights[0].text.en",
     "'www.itu.int', which is not an http"),
    ({"text": {"en": "See [this](ftp://itu.int/x)."}}, "highlights[0].text.en", "ftp://"),
    ({"text": {"en": "See [this](https://)."}}, "highlights[0].text.en", "'https://'"),
    ({"text": {"en": "Ok[^a]", "fr": "Bien[^b]"}, "notes": {"a": {"en": "A"}}},
     "highlights[0].text.fr", "[^b] has no note"),
    ({"text": {"en": "Ok"}, "notes": {"a": {"en": "A"}}}, "highlights[0].notes.a",
     "no [^a] in the text"),
    ({"text": {"en": "Ok[^a]"}, "notes": {"a": {"en": "A[^a]"}}}, "highlights[0].notes.a.en",
     "a note cannot hold a footnote"),
])
def test_input_errors_name_the_field(highlight: dict[str, Any], where: str, message: str):
    with pytest.raises(DataError) as err:
        validate(small(highlights=[highlight]))
    assert any(p.where == where and message in p.message for p in err.value.problems), \
        err.value.problems


def test_parentheses_in_an_address_and_a_bracket_that_is_no_link():
    assert parse("[R17](https://en.wikipedia.org/wiki/X_(2022)) [sic] (x)") == (
        Link("R17", "https://en.wikipedia.org/wiki/X_(2022)"), Text(" [sic] (x)"))


# One Markdown dialect: the contributions' (markdown-it), restricted to a paragraph's marks.
@pytest.mark.parametrize(("text", "pieces"), [
    ("a **bold** word", (Text("a "), Text("bold", bold=True), Text(" word"))),
    ("__bold__ and _em_", (Text("bold", bold=True), Text(" and "), Text("em", italic=True))),
    (r"\*not em\* and \[^n] and \\", (Text("*not em* and [^n] and \\"),)),
    ("*a **b** c*", (Text("a ", italic=True), Text("b", bold=True, italic=True),
                     Text(" c", italic=True))),
    ("***both***", (Text("both", bold=True, italic=True),)),
    ("5 * 3 ** 2 and a*b*c", (Text("5 * 3 ** 2 and a"), Text("b", italic=True), Text("c"))),
    ("<b>x</b> &amp; `code` # no heading\n- no list", (
        Text("<b>x</b> &amp; `code` # no heading\n- no list"),)),
    ("[*see*](https://itu.int)[^n]", (Link("see", "https://itu.int"), NoteRef("n"))),
    ("[^bad name] [^ok-1]", (Text("[^bad name] "), NoteRef("ok-1"))),
])
def test_the_marks_as_markdown_reads_them(text: str, pieces: tuple[Inline, ...]) -> None:
    assert parse(text) == pieces


def test_bold_escapes_and_nesting_reach_the_document(tmp_path: Path) -> None:
    """No stray asterisks: ``**bold**`` is bold, ``\\*`` an asterisk, nesting kept."""
    highlight = {"text": {"en": r"A **strong** year, *with **all** six* and 5 \* 3 [^n]."},
                 "notes": {"n": {"en": "Note with **bold**."}}}
    doc, _ = built(small(highlights=[highlight]), "en", tmp_path)
    p = paragraph_with(doc, "A strong year")
    runs = [(r.findtext("w:t", namespaces=NS) or "", r.find("w:rPr/w:b", NS) is not None,
             r.find("w:rPr/w:i", NS) is not None) for r in p.iterfind("w:r", NS)]
    assert ("strong", True, False) in runs
    assert ("all", True, True) in runs
    assert ("with ", False, True) in runs
    assert "*" not in "".join(t for t, _, _ in runs).replace(" 5 * 3 ", "")
    assert any("5 * 3" in t for t, _, _ in runs)
    notes = "".join(doc.paragraphs(doc.xml("word/footnotes.xml")))
    assert "Note with bold." in notes


def test_unknown_notes_are_named_whatever_the_marks_around_them() -> None:
    with pytest.raises(DataError) as err:
        validate(small(highlights=[{"text": {"en": "**Bold[^gone]** and *[^also]*"},
                                    "notes": {}}]))
    messages = [p.message for p in err.value.problems if p.where == "highlights[0].text.en"]
    assert messages == ["the footnote [^gone] has no note: add it under notes",
                        "the footnote [^also] has no note: add it under notes"]


def test_highlight_errors_come_with_the_other_problems():
    data = small(highlights=[{"text": {"en": "x[^nope]"}}])
    data["agreements"][0]["signed"] = "not a date"
    with pytest.raises(DataError) as err:
        validate(data)
    wheres = {p.where for p in err.value.problems}
    assert {"agreements[0].signed", "highlights[0].text.en"} <= wheres


def test_every_language_builds_with_highlights(tmp_path: Path, conformant: Any):
    for lang in ("en", "fr", "es", "ru", "ar", "zh"):
        conformant(tdagdoc.save(tdagdoc.build(validate(small(highlights=[HIGHLIGHT])), lang),
                                tmp_path))
