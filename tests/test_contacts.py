"""Several people in the contact box, in a contribution and in the report data."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import tdagdoc
from conftest import NS, SMALL, Docx
from tdagdoc import contribution
from tdagdoc.errors import DataError
from tdagdoc.input import sources
from test_contribution import BODY, FRONT, _problems, _write

ONE = "contact: {name: Jane Doe, post: Head, phone: \"+41 22 730 5111\", email: jane.doe@itu.int}\n"
TWO = """\
contact:
  - {name: Jane Doe, post: Head, phone: "+41 22 730 5111", email: jane.doe@itu.int}
  - name: John Roe
    post: Programme Officer
    phone: "+41 22 730 5222"
    email: john.roe@itu.int
"""


def _rows(doc: Docx) -> list[list[str]]:
    """The contact box: the document's last table."""
    tbl = doc.body.findall("w:tbl", NS)[-1]
    return [["".join(doc.paragraphs(tc)).replace("\xa0", " ") for tc in tr.findall("w:tc", NS)]
            for tr in tbl.findall("w:tr", NS)]


def _built(path: Path, lang: str = "en") -> Docx:
    built = contribution.build(contribution.load(path), lang)
    return Docx(tdagdoc.save(built, path.parent / f"out-{lang}"))


def test_a_contribution_lists_each_contact_under_one_label(tmp_path: Path, conformant):
    # Before: a list under contact: was refused ("should be a mapping").
    doc = _built(_write(tmp_path, front=FRONT.replace(ONE, TWO)))
    assert _rows(doc) == [
        ["Contact:", "Name/Organization/Entity:", "Jane Doe, Head"],
        ["", "Phone number:", "+41 22 730 5111"],
        ["", "E-mail:", "jane.doe@itu.int"],
        ["", "Name/Organization/Entity:", "John Roe, Programme Officer"],
        ["", "Phone number:", "+41 22 730 5222"],
        ["", "E-mail:", "john.roe@itu.int"],
    ]
    conformant(doc.path)


def test_the_single_form_still_works(tmp_path: Path):
    doc = _built(_write(tmp_path))
    assert _rows(doc)[0] == ["Contact:", "Name/Organization/Entity:", "Jane Doe, Head"]
    assert len(_rows(doc)) == 3


def test_each_contact_is_translated_by_file_and_by_catalog(tmp_path: Path):
    path = _write(tmp_path, front=FRONT.replace(ONE, TWO))
    pot = contribution.extract(contribution.load(path)).decode()
    assert "#. contact[1].post" in pot and 'msgid "Programme Officer"' in pot
    french = ("---\nsource: Directeur du BDT\ntitle: Rapport\nsummary: Résumé.\n"
              "references: [\"Résolution 17 (Rév. Kigali, 2022)\"]\n"
              "meeting: {city: Genève, country: Suisse}\n"
              "contact: [{name: Jane Doe, post: Cheffe}, {name: John Roe, "
              "post: Administrateur de programme}]\n---\n")
    (tmp_path / "contribution.fr.md").write_text(french + BODY, encoding="utf-8")
    rows = _rows(_built(path, "fr"))
    assert rows[0][0] == "Contact:" and rows[0][2] == "Jane Doe, Cheffe"
    assert rows[3][0] == "" and rows[3][2] == "John Roe, Administrateur de programme"


def test_a_contact_without_a_name_or_an_e_mail_is_named_at_its_line(tmp_path: Path):
    broken = TWO.replace("  - name: John Roe\n", "  - post: Programme Officer\n    x: 1\n"
                         ).replace("    post: Programme Officer\n", "", 1).replace(
        "    email: john.roe@itu.int\n", "")
    broken = broken.replace("    x: 1\n", "")
    path = _write(tmp_path, front=FRONT.replace(ONE, broken))
    problems = _problems(path)
    line = FRONT.index(ONE)
    first = FRONT[:line].count("\n") + 1  # the 'contact:' line
    assert f"{path}:{first + 2}: contact[1].name: required field is missing" in problems
    assert f"{path}:{first + 2}: contact[1].email: required field is missing" in problems
    one = _problems(_write(tmp_path / "one", front=FRONT.replace("email: jane.doe@itu.int",
                                                                   "mail: jane.doe@itu.int")))
    assert any(p.startswith(f"{tmp_path / 'one' / 'contribution.md'}:{first}: contact.email:")
               for p in one), one


def test_the_report_data_may_list_several_contacts(tmp_path: Path):
    data = yaml.safe_load(SMALL.read_text(encoding="utf-8"))
    first = data["document"]["contact"]
    data["document"]["contact"] = [first, {"name": {"en": "Mr John Roe", "fr": "M. John Roe"},
                                           "post": {"en": "Officer", "fr": "Administrateur"},
                                           "phone": "+41 22 730 5222",
                                           "email": "john.roe@itu.int"}]
    path = tmp_path / "data.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    built = tdagdoc.build(tdagdoc.load(path), "fr")
    rows = _rows(Docx(tdagdoc.save(built, tmp_path)))
    assert [r[0] for r in rows] == ["Contact:", "", "", "", "", ""]
    assert rows[3][2] == "M. John Roe, Administrateur" and rows[5][2] == "john.roe@itu.int"
    assert any(p.where == "document.contact[0].name" for p in built.warnings)
    data["document"]["contact"][1].pop("email")
    with pytest.raises(DataError) as info:
        sources.validate(data)
    assert any(p.where == "document.contact[1].email" for p in info.value.problems)


def test_several_contacts_go_round_trip_through_a_workbook(tmp_path: Path):
    from tdagdoc.input.models import Contact
    from tdagdoc.input.spreadsheets import report_rows
    from workbooks import write_xlsx

    report = tdagdoc.load(SMALL)
    second = Contact.model_validate({"name": {"en": "Mr John Roe"}, "post": {"en": "Officer"},
                                     "phone": "+41 22 730 5222", "email": "john.roe@itu.int"})
    two = report.model_copy(update={"document": report.document.model_copy(
        update={"contact": [*report.document.contact, second]})})
    sheets = report_rows(two)
    keys = [row[0] for row in sheets["document"]]
    assert "contact[1].email" in keys and "contact.email" not in keys
    assert "contact.email" in [row[0] for row in report_rows(report)["document"]]
    assert tdagdoc.load(write_xlsx(tmp_path / "two.xlsx", sheets)) == two


def test_at_most_ten_contacts_and_at_least_one(tmp_path: Path):
    many = "contact:\n" + "".join(f"  - {{name: P{i}, post: X, phone: '1', email: p{i}@itu.int}}\n"
                                  for i in range(11))
    path = _write(tmp_path, front=FRONT.replace(ONE, many))
    line = FRONT[:FRONT.index(ONE)].count("\n") + 1
    assert _problems(path) == [f"{path}:{line}: contact: lists 11 items: at most 10"]
    path = _write(tmp_path / "none", front=FRONT.replace(ONE, "contact: []\n"))
    assert _problems(path) == [f"{path}:{line}: contact: needs at least one item"]
