"""Messages that point at the place: file and line, where a construct began, every text missing."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
import yaml

import tdagdoc
from conftest import SMALL
from tdagdoc import cli
from tdagdoc.errors import DataError
from tdagdoc.input import sources
from workbooks import write_csv

REPORT = "report.xml.j2"


def problems_of(path: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        sources.load(path)
    return [str(p) for p in caught.value.problems]


def test_yaml_field_problems_give_their_line(tmp_path: Path):
    text = SMALL.read_text(encoding="utf-8")
    text = text.replace("signed: 2024-03-01", "signed: 01/03/2024")
    text = text.replace("  date: 2025-04-22", "  dat: 2025-04-22")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    signed = next(i for i, line in enumerate(lines, 1) if "01/03/2024" in line)
    dat = next(i for i, line in enumerate(lines, 1) if line.startswith("  dat:"))
    document = next(i for i, line in enumerate(lines, 1) if line == "document:")
    assert problems_of(bad) == [
        # a missing field: the line where its mapping begins
        f"{bad}: line {document + 1}, document.date: required field is missing",
        f"{bad}: line {dat}, document.dat: unknown field",
        f"{bad}: line {signed}, agreements[1].signed: '01/03/2024' is not a date: write it "
        "as YYYY-MM-DD (e.g. 2024-01-15)",
    ]


def test_json_field_problems_give_their_line(tmp_path: Path):
    data = yaml.safe_load(SMALL.read_text(encoding="utf-8"))
    data["agreements"][2]["regions"] = ["atlantis"]
    bad = tmp_path / "bad.json"
    text = json.dumps(data, indent=1, default=str)
    bad.write_text(text, encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if '"atlantis"' in t)
    [problem] = problems_of(bad)
    assert problem.startswith(f"{bad}: line {line}, agreements[2].regions[0]: ")


@pytest.mark.parametrize(("text", "where", "began"), [
    ("year: 2024\nlist: [a, b\n", "line 3, column 1", "while parsing a flow sequence, which "
                                                       "began on line 2, column 7"),
    ("year: 2024\nname: \"abc\n", "line 3, column 1", "while scanning a quoted scalar, which "
                                                     "began on line 2, column 7"),
    ("a: {b: 1\nc: 2\n", "line 2, column 2", "while parsing a flow mapping, which began on "
                                             "line 1, column 4"),
])
def test_a_syntax_error_says_where_the_unclosed_construct_began(tmp_path, text, where, began):
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    [problem] = problems_of(bad)
    assert problem.startswith(f"{bad}: {where}: invalid YAML: ")
    assert problem.endswith(f"({began})")


def test_strict_lists_every_missing_text_in_every_language(tmp_path: Path, capsys):
    out = tmp_path / "out"
    assert cli.main(["build", str(SMALL), "--lang", "fr,ar", "--inf", "--strict",
                     "--out", str(out)]) == 2
    err = capsys.readouterr().err
    lines = SMALL.read_text(encoding="utf-8").splitlines()
    title = next(i for i, t in enumerate(lines, 1) if t.startswith("  title:"))
    att = next(i for i, t in enumerate(lines, 1) if "id: att" in t)
    for code in ("fr", "ar"):
        assert f"  {SMALL}: line {title}, document.title: no {code} text\n" in err
        assert f"  {SMALL}: line {att}, partners[1].name: no {code} text\n" in err
    assert "English used" not in err and "data:" not in err
    assert err.count("document.title: no fr text") == 1  # the report and the INF: once
    assert not out.exists()


def test_strict_names_the_cell_of_a_spreadsheet_list(tmp_path: Path, capsys):
    data = yaml.safe_load(SMALL.read_text(encoding="utf-8"))
    partners = data.pop("partners")
    meta = tmp_path / "meta.yaml"
    meta.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    csv = write_csv(tmp_path / "partners.csv", [
        ["id", "name_en", "name_fr", "type", "membership"],
        *[[p["id"], p["name"]["en"], "" if p["id"] == "att" else "Nom", p["type"],
           p["membership"]] for p in partners]])
    assert cli.main(["build", str(meta), "--partners", str(csv), "--lang", "fr", "--strict",
                     "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert f"  {csv}: row 3, name: no fr text\n" in err, err
    assert "no fr text" in err


def test_warnings_for_missing_texts_name_file_and_line(tmp_path: Path, capsys):
    assert cli.main(["build", str(SMALL), "--lang", "fr", "--out", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert f"tdagdoc: warning: {SMALL}: line " in err
    assert "document.title: no fr text; English used" in err


def user_templates(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    for name, body in files.items():
        (folder / name).write_text(body, encoding="utf-8")
    return folder


def shipped(name: str) -> str:
    return (Path(tdagdoc.__file__).resolve().parents[2] / "templates" / name).read_text(
        encoding="utf-8")


def test_an_unknown_template_name_is_an_error_listing_the_names(tmp_path: Path, capsys):
    folder = user_templates(tmp_path, {"repor.xml.j2": "<document/>"})
    out = tmp_path / "out"
    assert cli.main(["build", str(SMALL), "--templates", str(folder), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{folder / 'repor.xml.j2'}: overrides no shipped template and no template uses " \
           "it; the names that can be overridden are _contact.xml.j2, _header.xml.j2, " \
           "contribution.xml.j2, inf.xml.j2, report.xml.j2" in err
    assert not out.exists()


def test_an_officers_own_partial_is_welcome(tmp_path: Path):
    report = shipped(REPORT).replace('{% include "_contact.xml.j2" %}',
                                     '{% include "_contact.xml.j2" %}{% include "_mine.xml.j2" %}')
    assert "_mine.xml.j2" in report
    folder = user_templates(tmp_path, {REPORT: report, "_mine.xml.j2": "<p>Mine.</p>\n"})
    built = tdagdoc.build(tdagdoc.load(SMALL), "en", templates=folder)
    with zipfile.ZipFile(io.BytesIO(built.data)) as z:
        assert b">Mine.<" in z.read("word/document.xml")


def test_an_untranslated_template_sentence_is_a_warning_or_with_strict_an_error(tmp_path,
                                                                               capsys):
    report = shipped(REPORT).replace(
        "</document>", "<p>{% trans %}A sentence nobody translated.{% endtrans %}</p>\n"
        "</document>")
    folder = user_templates(tmp_path, {REPORT: report})
    line = report.splitlines().index(
        "<p>{% trans %}A sentence nobody translated.{% endtrans %}</p>") + 1
    message = (f"{folder / REPORT}: line {line}: the sentence 'A sentence nobody translated.' "
               "has no fr translation in the catalogs")
    en = tdagdoc.build(tdagdoc.load(SMALL), "en", templates=folder)
    assert not [w for w in en.warnings if "sentence" in w.message]
    assert cli.main(["build", str(SMALL), "--lang", "fr", "--templates", str(folder),
                     "--out", str(tmp_path / "out")]) == 0
    assert f"tdagdoc: warning: {message}\n" in capsys.readouterr().err
    assert cli.main(["build", str(SMALL), "--lang", "fr", "--strict", "--templates",
                     str(folder), "--out", str(tmp_path / "strict")]) == 2
    assert f"  {message}\n" in capsys.readouterr().err
    assert not (tmp_path / "strict").exists()
