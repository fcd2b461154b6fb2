"""Hostile data stays data; characters XML cannot hold are refused; user templates are sandboxed."""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

import tdagdoc
from conformance import format_validation_errors, require_tool, validate_docx
from conftest import SMALL, Docx
from tdagdoc import cli
from tdagdoc.errors import DataError, TdagdocError
from tdagdoc.input import sources
from workbooks import write_csv, write_xlsx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
HOSTILE = (
    "AT&T <Labs> \"Quoted\" 'single' & Sons",
    "*Fund* _under_ `code` # not a heading",
    "{{ 7 * 7 }} and {{ doc.__class__ }}",
    "{% if true %}yes{% endif %} {# not a comment #}",
    "<fn>not a footnote</fn> <b>not bold</b> <table ref=\"series\"/>",
    "]]> <![CDATA[ x ]]> &amp; &#x41; &lt; <!-- -->",
    "\u202eEvil right-to-left override\u202c and \u200f mark",
    "Emoji 🚀 👩🏽‍💻 🇺🇳 partner",
    "%s %(amount)s {0} {number} %% percent",
    "A" + "b" * 4999,
)


def hostile_data() -> dict[str, Any]:
    """The small data file with every text a hostile one; each partner a top-10 partner."""
    data = yaml.safe_load(SMALL.read_text(encoding="utf-8"))
    data["partners"] = [
        {"id": f"p{i}", "name": {"en": name, "ar": name, "zh": name}, "type": "government"}
        for i, name in enumerate(HOSTILE)
    ]
    data["agreements"] = [
        {"id": f"A{i}", "signed": "2024-03-01", "partners": [f"p{i}"], "regions": ["africa"],
         "priorities": ["connectivity"], "contributions": [{"amount": 1000 * (i + 1)}]}
        for i in range(len(HOSTILE))
    ]
    data["history"] = []
    doc = data["document"]
    doc["title"] = {"en": HOSTILE[4], "ar": HOSTILE[4], "zh": HOSTILE[4]}
    doc["source"] = {"en": HOSTILE[0]}
    doc["agenda_item"] = HOSTILE[2]
    doc["contact"]["name"] = {"en": HOSTILE[6]}
    doc["contact"]["phone"] = HOSTILE[8]
    return data


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The report in English, Arabic and Chinese, and the INF document, saved."""
    report = sources.validate(hostile_data())
    out = tmp_path_factory.mktemp("hostile")
    docs = {lang: tdagdoc.save(tdagdoc.build(report, lang), out) for lang in ("en", "ar", "zh")}
    docs["inf"] = tdagdoc.save(tdagdoc.build(report, "en", inf=True), out)
    return docs


@pytest.mark.parametrize("lang", ["en", "ar", "zh", "inf"])
def test_hostile_names_print_literally(hostile: dict[str, Path], lang: str):
    # Without the invisible marks the writer adds for layout (left-to-right marks around
    # Latin islands in Arabic, word joiners that keep a range or a date together).
    text = Docx(hostile[lang]).text().replace("\u200e", "").replace("\u2060", "")
    for name in HOSTILE:
        assert name in text, name[:60]


def test_hostile_title_in_the_core_properties(hostile: dict[str, Path]):
    core = Docx(hostile["en"]).xml("docProps/core.xml")
    assert HOSTILE[4] in "".join(map(str, core.itertext()))


def test_hostile_markup_adds_no_footnote_and_no_table(hostile: dict[str, Path]):
    plain = Docx(tdagdoc.save(tdagdoc.build(sources.validate(_plain_data()), "en"),
                              hostile["en"].parent / "plain"))
    doc = Docx(hostile["en"])
    notes = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}footnoteReference"
    assert len(list(doc.body.iter(notes))) == len(list(plain.body.iter(notes)))
    tables = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tbl"
    assert len(doc.body.findall(tables)) == len(plain.body.findall(tables))


def _plain_data() -> dict[str, Any]:
    data = hostile_data()
    for i, partner in enumerate(data["partners"]):
        partner["name"] = {"en": f"Partner {i}"}
    doc = data["document"]
    doc["title"] = {"en": "Title"}
    doc["source"] = {"en": "Source"}
    doc["agenda_item"] = "Item"
    doc["contact"]["name"] = {"en": "Name"}
    doc["contact"]["phone"] = "+41"
    return data


@pytest.mark.conformance
def test_hostile_documents_pass_the_validator(hostile: dict[str, Path]):
    require_tool("validator")
    results = validate_docx(list(hostile.values()))
    assert not any(results.values()), format_validation_errors(results)


# --- characters XML cannot hold ----------------------------------------------------------------

NOT_XML = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x0e", "\x1f", "\ufffe", "\uffff",
           "\ud800", "\udfff"]


@pytest.mark.parametrize("char", NOT_XML, ids=lambda c: f"U+{ord(c):04X}")
def test_characters_xml_cannot_hold_are_refused_naming_the_field(char: str):
    data = yaml.safe_load(SMALL.read_text(encoding="utf-8"))
    data["partners"][1]["name"]["en"] = f"AT{char}T"
    data["document"]["agenda_item"] = f"Item{char}"
    with pytest.raises(DataError) as caught:
        sources.validate(data, "d.yaml")
    found = [str(p) for p in caught.value.problems]
    code = f"U+{ord(char):04X}"
    assert found[0].startswith(f"d.yaml: document.agenda_item: contains {code} (")
    assert found[1].startswith(f"d.yaml: partners[1].name.en: contains {code} (")
    assert found[1].endswith(") at character 3, which a Word document cannot hold; remove it")
    assert len(found) == 2


def test_lists_of_text_are_checked_item_by_item():
    data = yaml.safe_load(SMALL.read_text(encoding="utf-8"))
    data["agreements"][1]["partners"] = ["att", "k\x0be"]
    with pytest.raises(DataError) as caught:
        sources.validate(data, "d.yaml")
    assert str(caught.value.problems[0]) == (
        "d.yaml: agreements[1].partners: item 2 contains U+000B (vertical tab) at character 2, "
        "which a Word document cannot hold; remove it")


def test_every_reader_refuses_them(tmp_path: Path):
    data = yaml.safe_load(SMALL.read_text(encoding="utf-8"))
    data["partners"][0]["name"]["en"] = "EU\x0b"
    as_yaml = tmp_path / "d.yaml"
    as_yaml.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")  # "\v"
    as_json = tmp_path / "d.json"
    as_json.write_text(json.dumps(data, default=str), encoding="utf-8")  # "\u000b"
    message = ("contains U+000B (vertical tab) at character 3, which a Word document cannot "
               "hold; remove it")
    for path in (as_yaml, as_json):
        with pytest.raises(DataError) as caught:
            tdagdoc.load(path)
        line = next(i for i, t in enumerate(path.read_text("utf-8").splitlines(), 1)
                    if "EU\\v" in t or "EU\\u000b" in t)
        assert [str(p) for p in caught.value.problems] == [
            f"{path}: line {line}, partners[0].name.en: {message}"]

    del data["partners"]
    meta = tmp_path / "meta.yaml"
    meta.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    header = ["id", "name_en", "type"]
    csv = write_csv(tmp_path / "p.csv", [header, ["eu", "EU\x0b", "intergovernmental"],
                                         ["att", "AT&T", "private-sector"],
                                         ["ke", "Kenya", "government"]])
    # Excel keeps a vertical tab pasted into a cell as the escape _x000B_.
    book = write_xlsx(tmp_path / "p.xlsx", {"partners": [
        header, ["eu", "EU_x000B_", "intergovernmental"], ["att", "AT&T", "private-sector"],
        ["ke", "Kenya", "government"]]})
    with pytest.raises(DataError) as caught:
        tdagdoc.load(meta, {"partners": csv})
    assert [str(p) for p in caught.value.problems] == [f"{csv}: row 2, column name_en: {message}"]
    with pytest.raises(DataError) as caught:
        tdagdoc.load(meta, {"partners": book})
    assert [str(p) for p in caught.value.problems] == [
        f"{book}: partners!row 2, column name_en: {message}"]


def test_tab_and_line_break_are_kept_in_a_table_cell(tmp_path: Path):
    """XML holds them; a line break typed in an Excel cell (Alt+Enter) stays one."""
    data = yaml.safe_load(SMALL.read_text(encoding="utf-8"))
    data["partners"][0]["name"]["en"] = "European\tUnion\nCommission"
    doc = Docx(tdagdoc.save(tdagdoc.build(sources.validate(data), "en"), tmp_path))
    cell = next(tc for tc in doc.body.iter(f"{{{W}}}tc")
                if "European" in "".join(map(str, tc.itertext())))
    assert [e.tag.split("}")[1] for e in cell.iter(f"{{{W}}}t", f"{{{W}}}tab", f"{{{W}}}br")] \
        == ["t", "tab", "t", "br", "t"]


# --- user templates run sandboxed ---------------------------------------------------------------

REPORT = "report.xml.j2"


def user_templates(tmp_path: Path, name: str, body: str) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(body, encoding="utf-8")
    return folder


@pytest.mark.parametrize(("body", "line", "message"), [
    ("<document>\n<p>x</p>\n<p>{{ ''.__class__.__mro__ }}</p>\n</document>\n", 3,
     "access to attribute '__class__' of 'str' object is unsafe."),
    ("<document>\n<p>{{ cycler.__init__.__globals__ }}</p>\n</document>\n", 2,
     "access to attribute '__init__' of 'type' object is unsafe."),
    ("<document>\n<p>{{ f.total_usd.__class__.__subclasses__() }}</p>\n</document>\n", 2,
     "access to attribute '__class__' of 'Decimal' object is unsafe."),
    ("<document>\n\n<p>{{ total_usd|amount }}</p>\n</document>\n", 3,
     "'total_usd' is undefined"),
    ("<document>\n<p>{{ f.total_dollars|amount }}</p>\n</document>\n", 2,
     "'tdagdoc.figures.Figures object' has no attribute 'total_dollars'"),
    ("<document>\n<p>{{ 'text'|amount }}</p>\n</document>\n", 2,
     "TypeError: expected a Decimal or an int, got str"),
    ("<document>\n<p>{{ 1 / 0 }}</p>\n</document>\n", 2,
     "ZeroDivisionError: division by zero"),
    ("<document>\n{% include 'missing.xml.j2' %}\n</document>\n", 2,
     "no template named 'missing.xml.j2'"),
    ("<document>\n<p>{% if %}</p>\n</document>\n", 2,
     "Expected an expression, got 'end of statement block'"),
], ids=["mro", "globals", "subclasses", "undefined", "attribute", "filter", "division",
        "include", "syntax"])
def test_template_errors_name_template_and_line(tmp_path, body, line, message):
    folder = user_templates(tmp_path, REPORT, body)
    report = tdagdoc.load(SMALL)
    with pytest.raises(TdagdocError) as caught:
        tdagdoc.build(report, "en", templates=folder)
    assert str(caught.value) == f"{folder / REPORT}:{line}: {message}"


def test_an_overridden_include_is_named_itself(tmp_path):
    folder = user_templates(tmp_path, "_header.xml.j2",
                            "<header-block>\n<group>{{ doc.secret }}</group>\n</header-block>\n")
    with pytest.raises(TdagdocError) as caught:
        tdagdoc.build(tdagdoc.load(SMALL), "en", templates=folder)
    assert str(caught.value) == (
        f"{folder / '_header.xml.j2'}:2: "
        "'tdagdoc.input.models.DocumentMeta object' has no attribute 'secret'")


def test_template_error_on_the_command_line(tmp_path, capsys):
    folder = user_templates(tmp_path, REPORT, "<document>\n<p>{{ ''.__class__ }}</p>\n")
    out = tmp_path / "out"
    status = cli.main(["build", str(SMALL), "--templates", str(folder), "--out", str(out), "-q"])
    err = capsys.readouterr().err
    assert status == 2
    assert err == (f"tdagdoc: {folder / REPORT}:2: access to attribute '__class__' of 'str' "
                   "object is unsafe.\n")
    assert not out.exists()


def test_a_template_folder_that_does_not_exist_is_an_error(tmp_path):
    with pytest.raises(TdagdocError, match="no template directory at"):
        tdagdoc.build(tdagdoc.load(SMALL), "en", templates=tmp_path / "nowhere")


def test_data_cannot_reach_the_template_engine(tmp_path):
    """A name that is template code in a user template's own words still prints as text."""
    folder = user_templates(tmp_path, REPORT, "<document>\n<p>{{ doc.title.en }}</p>\n"
                            "</document>\n")
    data = copy.deepcopy(hostile_data())
    report = sources.validate(data)
    doc = Docx(tdagdoc.save(tdagdoc.build(report, "en", templates=folder), tmp_path))
    assert doc.paragraphs() == [HOSTILE[4]]


if __name__ == "__main__":  # pragma: no cover - print the hostile data for a manual look
    yaml.safe_dump(hostile_data(), sys.stdout, allow_unicode=True)
