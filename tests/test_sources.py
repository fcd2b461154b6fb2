"""Readers: YAML/JSON syntax and hardening, spreadsheets (CSV, XLSX), every problem at once."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

import tdagdoc
from conftest import EXAMPLE, ROOT, SMALL
from tdagdoc.errors import DataError
from tdagdoc.input import sources, spreadsheets
from tdagdoc.input.models import Agreement, Contribution, Localized, Partner, YearTotals
from tdagdoc.input.spreadsheets import COLUMNS, REQUIRED, report_rows
from workbooks import write_csv, write_xlsx


def problems(call: Callable[[], Any]) -> list[str]:
    """The problems a call reports, one string each, as the command line prints them."""
    with pytest.raises(DataError) as caught:
        call()
    return [str(p) for p in caught.value.problems]


@pytest.fixture(scope="module")
def sheets(example: tdagdoc.Report) -> dict[str, list[list[Any]]]:
    return report_rows(example)


@pytest.fixture
def meta(tmp_path: Path) -> Path:
    """The example's year and document metadata alone, as an officer keeps them in YAML."""
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    keep = {"year": data["year"], "document": data["document"]}
    path = tmp_path / "meta.yaml"
    path.write_text(yaml.safe_dump(keep, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def small_meta(tmp_path: Path) -> Path:
    """The small file's year and document, with no lists."""
    data = yaml.safe_load(SMALL.read_text(encoding="utf-8"))
    path = tmp_path / "meta.yaml"
    path.write_text(yaml.safe_dump({"year": data["year"], "document": data["document"]}),
                    encoding="utf-8")
    return path


# --- YAML and JSON ---------------------------------------------------------------------------


def test_yaml_syntax_error_gives_its_line():
    text = "year: 2024\ndocument:\n  number: [TDAG-25/7\n  date: 2025-04-22\n"
    assert problems(lambda: sources.parse(text, "data.yaml")) == [
        "data.yaml: line 4, column 7: invalid YAML: expected ',' or ']', but got ':' "
        "(while parsing a flow sequence, which began on line 3, column 11)"
    ]


def test_yaml_tab_indentation_gives_its_line():
    found = problems(lambda: sources.parse("year: 2024\n\tdocument: x\n", "data.yaml"))
    assert found[0].startswith("data.yaml: line 2, column 1: invalid YAML:")


def test_yaml_key_given_twice_is_refused_not_silently_overwritten():
    text = SMALL.read_text(encoding="utf-8").replace(
        "  number: TDAG-25/7\n", "  number: TDAG-25/7\n  number: TDAG-25/8\n")
    assert problems(lambda: sources.parse(text, "d.yaml")) == [
        "d.yaml: line 11, column 3: invalid YAML: duplicate key 'number' (first on line 10)"
    ]


def test_yaml_impossible_date_is_reported_with_the_other_problems():
    text = (SMALL.read_text(encoding="utf-8").replace("date: 2025-04-22", "date: 2025-02-30")
            .replace("type: government", "type: ministry"))
    assert problems(lambda: sources.parse(text, "d.yaml")) == [
        "d.yaml: document.date: '2025-02-30' is not a date: February 2025 has 28 days",
        "d.yaml: partners[2].type: 'ministry' is not one of 'government', 'un-entity', "
        "'intergovernmental', 'private-sector', 'academia', 'foundation-ngo' or "
        "'financial-institution'",
    ]


def test_yaml_raw_control_character_gives_its_line():
    text = "year: 2024\ndocument:\n  number: TDAG\x0b-25/7\n"
    assert problems(lambda: sources.parse(text, "d.yaml")) == [
        "d.yaml: line 3, column 15: invalid YAML: character U+000B is not allowed in a YAML file"
    ]


def test_yaml_number_too_long_to_read():
    found = problems(lambda: sources.parse("year: " + "9" * 5000, "d.yaml"))
    assert found[0].startswith("d.yaml: line 1, column 7: invalid YAML: cannot read '999")
    assert len(found[0]) < 300


def test_alias_expansion_is_bounded():
    laughs = "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n" + "".join(
        f"{k}: &{k} [{', '.join([f'*{p}'] * 10)}]\n" for p, k in zip("abcdef", "bcdefg",
                                                                     strict=True))
    assert problems(lambda: sources.parse(laughs, "d.yaml")) == [
        "d.yaml: line 1, column 1: invalid YAML: aliases repeat more than 1,000,000 values"]
    assert problems(lambda: sources.parse("year: 2024\nx: &a [1, *a]\n", "d.yaml")) == [
        "d.yaml: line 2, column 4: invalid YAML: an alias refers to the value that contains it"]


def test_aliases_within_bounds_are_fine():
    text = SMALL.read_text(encoding="utf-8").replace(
        "city: {en: Geneva", "city: &geneva {en: Geneva").replace(
        "  title: {en: Partnerships", "  source: *geneva\n  title: {en: Partnerships").replace(
        '  source: {en: "Director, Telecommunication Development Bureau"}\n', "")
    assert sources.parse(text).document.source.en == "Geneva"


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_deep_nesting_is_refused(fmt: str):
    assert problems(lambda: sources.parse("[" * 100_000, "d", fmt)) == [
        "d: nested too deeply to be a data file"
    ]


def test_json_syntax_error_and_duplicate_key():
    assert problems(lambda: sources.parse('{"year": 2024,\n "document": }', "d.json", "json")) == [
        "d.json: line 2, column 14: invalid JSON: Expecting value"
    ]
    assert problems(lambda: sources.parse('{"year": 1, "year": 2}', "d.json", "json")) == [
        "d.json: invalid JSON: duplicate key 'year'"
    ]


def test_unreadable_files(tmp_path: Path):
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("year: 2024\nname: Genève\n".encode("latin-1"))
    assert problems(lambda: tdagdoc.load(tmp_path / "none.yaml")) == [
        f"{tmp_path / 'none.yaml'}: no such file"]
    assert problems(lambda: tdagdoc.load(tmp_path)) == [
        f"{tmp_path}: is a directory, not a data file"]
    assert problems(lambda: tdagdoc.load(latin1)) == [f"{latin1}: is not UTF-8 text (byte 21)"]


def test_messages_speak_to_officers():
    data = yaml.safe_load(SMALL.read_text(encoding="utf-8"))
    data["partners"][0]["id"] = "e u"
    data["partners"][1]["type"] = "company"
    data["agreements"][0]["signed"] = "01/02/2024"
    data["agreements"][0]["contributions"][0] |= {"currency": "eur", "amount": "1 000"}
    data["agreements"][1]["regions"] = []
    data["history"][0]["usd"] = "12.345"
    assert problems(lambda: sources.validate(data, "d.yaml")) == [
        "d.yaml: partners[0].id: 'e u': an id is letters, digits, '.', '_' and '-', starting "
        "with a letter or digit",
        "d.yaml: partners[1].type: 'company' is not one of 'government', 'un-entity', "
        "'intergovernmental', 'private-sector', 'academia', 'foundation-ngo' or "
        "'financial-institution'",
        "d.yaml: agreements[0].signed: '01/02/2024' is not a date: write it as YYYY-MM-DD "
        "(e.g. 2024-01-15)",
        "d.yaml: agreements[0].contributions[0].amount: '1 000' is not a number: write digits, "
        "with a dot for decimals and no thousands separators (e.g. 1250000.50)",
        "d.yaml: agreements[0].contributions[0].currency: 'eur': a currency is a three-letter "
        "ISO code in capitals, such as EUR",
        "d.yaml: agreements[1].regions: needs at least one item",
        "d.yaml: history[0].usd: '12.345' has more than 2 decimal places",
        "d.yaml: agreements[0].partners[0]: unknown partner id 'eu'",  # 'e u' is not 'eu'
    ]


def test_an_agreement_with_a_bad_field_is_still_checked_for_unknown_partners():
    data = yaml.safe_load(SMALL.read_text(encoding="utf-8"))
    data["agreements"][2] |= {"signed": "2024-13-01", "partners": ["ke", "ghost"]}
    found = problems(lambda: sources.validate(data, "d.yaml"))
    assert found == [
        "d.yaml: agreements[2].signed: '2024-13-01' is not a date: there is no month 13: "
        "write YYYY-MM-DD (e.g. 2024-01-15)",
        "d.yaml: agreements[2].partners[1]: unknown partner id 'ghost'",
    ]


# --- spreadsheets: the same report as the YAML file --------------------------------------------


def test_columns_are_the_model_fields():
    """The documented columns, and which are required, cannot drift from the models."""
    models: dict[str, type[BaseModel]] = {
        "partners": Partner, "agreements": Agreement, "contributions": Contribution,
        "history": YearTotals}
    for table, model in models.items():
        columns: dict[str, bool] = {"agreement": True} if table == "contributions" else {}
        for name, field in model.model_fields.items():
            if name == "name":
                columns |= {f"name_{c}": f.is_required()
                            for c, f in Localized.model_fields.items()}
            elif name != "contributions":
                columns[name] = field.is_required()
        assert set(COLUMNS[table]) == set(columns), table
        assert set(REQUIRED[table]) == {c for c, required in columns.items() if required}, table


def test_workbook_of_lists_with_yaml_metadata(tmp_path, meta, sheets, example):
    book = write_xlsx(tmp_path / "agreements.xlsx",
                      {k: v for k, v in sheets.items() if k != "document"})
    assert tdagdoc.load(meta, {"agreements": book}) == example


def test_one_workbook_with_a_document_sheet(tmp_path, sheets, example):
    book = write_xlsx(tmp_path / "partnerships.xlsx", sheets)
    assert tdagdoc.load(book) == example
    assert tdagdoc.load(book, {"agreements": book, "partners": book}) == example  # read once


def test_csv_files_as_excel_writes_them(tmp_path, meta, sheets, example):
    """Excel's "CSV UTF-8" has a BOM; where the decimal mark is a comma it separates with ';'."""
    tables = {
        "partners": write_csv(tmp_path / "partners.csv", sheets["partners"], ";", "utf-8-sig"),
        "agreements": write_csv(tmp_path / "agreements.csv", sheets["agreements"]),
        "contributions": write_csv(tmp_path / "contributions.csv", sheets["contributions"],
                                   "\t"),
        "history": write_csv(tmp_path / "history.csv", sheets["history"]),
    }
    assert tdagdoc.load(meta, tables) == example


def test_spreadsheet_builds_the_same_six_documents(tmp_path, meta, sheets, built):
    book = write_xlsx(tmp_path / "agreements.xlsx",
                      {k: v for k, v in sheets.items() if k != "document"})
    report = tdagdoc.load(meta, {"agreements": book})
    for lang, path in built.items():
        assert tdagdoc.build(report, lang).data == path.read_bytes(), lang


def test_shipped_spreadsheet_example_is_the_yaml_example(example):
    """examples/agreements-2024.xlsx is made by scripts/make_spreadsheet_example.py."""
    report = tdagdoc.load(ROOT / "examples" / "meta-2024.yaml",
                          {"agreements": ROOT / "examples" / "agreements-2024.xlsx"})
    assert report == example


def test_a_single_sheet_is_the_list_whatever_its_name(tmp_path):
    book = write_xlsx(tmp_path / "partners.xlsx", {"Sheet1": [
        ["ID", "Name EN", "type"], ["eu", "European Union", "intergovernmental"],
        ["att", "AT&T", "private-sector"], ["ke", "Kenya", "government"]]})
    data = yaml.safe_load(SMALL.read_text(encoding="utf-8"))
    del data["partners"]
    meta = tmp_path / "meta.yaml"
    meta.write_text(yaml.safe_dump(data), encoding="utf-8")
    report = tdagdoc.load(meta, {"partners": book})
    assert [p.name.en for p in report.partners] == ["European Union", "AT&T", "Kenya"]


def test_notes_columns_sheets_and_empty_rows_are_ignored(tmp_path):
    book = write_xlsx(tmp_path / "a.xlsx", {
        "agreements": [
            ["id", "signed", "partners", "regions", "priorities", "# focal point"],
            ["A1", dt.datetime(2024, 2, 1), "eu", "africa", "connectivity", "Ms X"],
            [None, None, None, None, None, "a note on an empty row"],
            [],
            ["A2", "2024-03-01", "att;\nke", "Africa, europe ", "digital-transformation"],
        ],
        "contributions": [["agreement", "amount", "currency", "usd", "by"],
                          ["A1", 1000000, "EUR", 1100000, None],
                          ["A2", 250000, None, None, "att"]],
        "# scratch": [["anything", "at", "all"]],
    })
    lists = {"agreements": book, "partners": small_partners(tmp_path)}
    report = tdagdoc.load(small_meta(tmp_path), lists)
    assert [a.id for a in report.agreements] == ["A1", "A2"]
    assert report.agreements[1].partners == ["att", "ke"]
    assert [r.value for r in report.agreements[1].regions] == ["africa", "europe"]
    assert report.agreements[0].contributions[0].usd_value == 1100000


def small_partners(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "partners.csv", [
        ["id", "name_en", "type", "membership"],
        ["eu", "European Union", "intergovernmental", "none"],
        ["att", "AT&T <Labs>", "private-sector", "sector-member"],
        ["ke", "Kenya, Communications Authority", "government", "member-state"],
    ])


# --- spreadsheets: every problem, at its file, sheet, row and column -----------------------------


def test_problems_name_file_sheet_row_and_column(tmp_path):
    book = write_xlsx(tmp_path / "agreements.xlsx", {
        "partners": [["id", "name_en", "Name FR", "type", "#notes"],
                     ["p1", "P One", "P un", "government", "x"],
                     ["p1", "Duplicate", None, "government"],
                     ["p2", None, "fr only", "martian"]],
        "agreements": [["id", "signed", "partners", "regions", "priorities", "extra"],
                       ["A1", dt.datetime(2024, 1, 15), "p1; p2", "africa; mars", "connectivity"],
                       ["A2", "15/01/2024", "ghost", "europe", "connectivity"],
                       ["A3", dt.datetime(2024, 1, 15, 14, 30), "p1", None, "connectivity"],
                       [],
                       ["A4", 45306, "p1", "europe", "connectivity"]],
        "contributions": [["agreement", "amount", "currency", "usd"],
                          ["A1", "1,000", "usd"], ["A9", 5], [None, 5], ["A4", 5.123]],
        "Sheet9": [["a"]],
    })
    f = str(book)
    assert problems(lambda: tdagdoc.load(small_meta(tmp_path), {"agreements": book})) == [
        f"{f}: partners!row 3, column id: duplicate partner id 'p1' (first at partners!row 2)",
        f"{f}: partners!row 4, column name_en: empty: a value is required",
        f"{f}: partners!row 4, column type: 'martian' is not one of 'government', 'un-entity', "
        "'intergovernmental', 'private-sector', 'academia', 'foundation-ngo' or "
        "'financial-institution'",
        f"{f}: agreements!row 1, column F: unknown column 'extra' (the agreements columns are: "
        "id, signed, partners, regions, priorities, start, end; start a column's name with # to "
        "keep notes in it)",
        f"{f}: agreements!row 2, column regions (item 2): 'mars' is not one of 'africa', "
        "'americas', 'arab-states', 'asia-pacific', 'cis', 'europe' or 'global'",
        f"{f}: agreements!row 3, column signed: '15/01/2024' is not a date: write it as "
        "YYYY-MM-DD (e.g. 2024-01-15)",
        f"{f}: agreements!row 3, column partners (item 1): unknown partner id 'ghost'",
        f"{f}: agreements!row 4, column signed: has a time of day (2024-01-15 14:30:00); give "
        "the date only",
        f"{f}: agreements!row 4, column regions: empty: a value is required",
        f"{f}: agreements!row 6, column signed: 45306 is a number, not a date: format the cell "
        "as a date, or write YYYY-MM-DD",
        f"{f}: contributions!row 2, column amount: '1,000' is not a number: write it without "
        "thousands separators, 1000",
        f"{f}: contributions!row 2, column currency: 'usd': a currency is a three-letter ISO "
        "code in capitals, such as EUR",
        f"{f}: contributions!row 3, column agreement: no agreement with id 'A9' in the "
        "agreements list",
        f"{f}: contributions!row 4, column agreement: empty: say which agreement the "
        "contribution is under",
        f"{f}: contributions!row 5, column amount: 5.123 has more than 2 decimal places",
        f"{f}: sheet Sheet9: unknown sheet (the sheets are document, partners, agreements, "
        "contributions, history, rates; start a sheet's name with # to keep notes in it)",
    ]


def test_a_missing_column_is_reported_once_not_on_every_row(tmp_path):
    csv = write_csv(tmp_path / "agreements.csv", [
        ["id", "partners", "regions", "priorities"],
        *[[f"A{i}", "ke", "africa", "connectivity"] for i in range(50)],
    ])
    assert problems(lambda: tdagdoc.load(
        small_meta(tmp_path), {"agreements": csv, "partners": small_partners(tmp_path)})) == [
        f"{csv}: row 1: no column signed (the agreements list needs id, signed, partners, "
        "regions, priorities)"
    ]


def test_cross_checks_speak_of_rows(tmp_path):
    csv = write_csv(tmp_path / "contributions.csv", [
        ["agreement", "amount", "currency", "usd", "by"],
        ["A1", "100", "EUR", "", ""],
        ["A2", "5", "", "", "nobody"],
    ])
    data = yaml.safe_load(SMALL.read_text(encoding="utf-8"))
    for agreement in data["agreements"]:
        agreement.pop("contributions", None)
    meta = tmp_path / "meta.yaml"
    meta.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert problems(lambda: tdagdoc.load(meta, {"contributions": csv})) == [
        f"{csv}: row 2, column usd: agreement 'A1': no UN operational rate of exchange for EUR "
        "in 2024-02: add it to the rates, or give the USD value at the date of signature as usd",
        f"{csv}: row 3, column by: 'nobody' is neither 'itu' nor a partner of this agreement",
    ]


def test_excel_error_cells_and_true_false(tmp_path):
    book = write_xlsx(tmp_path / "h.xlsx", {"history": [
        ["year", "agreements", "financial_agreements", "usd"],
        [2020, "=1/0", 3, 100], [2021, True, 3, 100]]})
    path = tmp_path / "h.xlsx"
    # openpyxl keeps the formula without a cached value; give the cell an error value as Excel.
    import openpyxl
    wb = openpyxl.load_workbook(path)
    wb["history"]["B2"].value = "#DIV/0!"
    wb["history"]["B2"].data_type = "e"
    wb.save(path)
    assert problems(lambda: tdagdoc.load(small_meta(tmp_path), {"history": book})) == [
        f"{book}: history!row 2, column agreements: the cell holds the Excel error #DIV/0!",
        f"{book}: history!row 3, column agreements: a TRUE/FALSE cell, where a whole number "
        "is expected",
    ]


def test_each_list_comes_from_one_place(tmp_path):
    csv = small_partners(tmp_path)
    assert problems(lambda: tdagdoc.load(SMALL, {"partners": csv})) == [
        f"{csv}: the partners list is given twice: here and in {SMALL}"
    ]


def test_document_sheet_problems(tmp_path, sheets):
    rows = [list(r) for r in sheets["document"] if r[0] != "contact.email"]
    keys = [r[0] for r in rows]
    rows[keys.index("date")][1] = "22.04.2025"
    rows += [["meeting.venue", "CICG"], ["number", "TDAG-25/8"], ["Bad Key!", 1],
             [None, "orphan value"], ["meeting", "Geneva"]]
    book = write_xlsx(tmp_path / "all.xlsx", {**sheets, "document": rows})
    f, n = str(book), len(keys)  # rows[i], header first, is on row i + 1
    assert problems(lambda: tdagdoc.load(book)) == [
        f"{f}: document!row {keys.index('date') + 1} (date): '22.04.2025' is not a date: write "
        "it as YYYY-MM-DD (e.g. 2024-01-15)",
        f"{f}: document!row {n + 1} (meeting.venue): unknown field",
        f"{f}: document!row {n + 2} (number): number given twice (first in row "
        f"{keys.index('number') + 1})",
        f"{f}: document!row {n + 3} (bad key!): not a key: write a field path such as "
        "meeting.city.en",
        f"{f}: document!row {n + 4}, column key: a value without a key",
        f"{f}: document!row {n + 5} (meeting): meeting conflicts with another key (a value and "
        "a group of values under one name)",
        f"{f}: sheet document, contact.email: required field is missing",
    ]


def test_files_that_are_not_spreadsheets(tmp_path):
    xls = tmp_path / "old.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0 an old binary workbook")
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"not a zip")
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("id;name_en\neu;Genève\n".encode("latin-1"))
    meta = small_meta(tmp_path)
    assert problems(lambda: tdagdoc.load(meta, {"agreements": xls})) == [
        f"{xls}: a list must be a .csv or .xlsx file, not .xls"]
    assert problems(lambda: tdagdoc.load(meta, {"agreements": fake}))[0].startswith(
        f"{fake}: cannot be read as an Excel workbook (.xlsx): ")
    assert problems(lambda: tdagdoc.load(meta, {"partners": latin1})) == [
        f"{latin1}: is not UTF-8 text (byte 18); in Excel, save it as 'CSV UTF-8 (comma "
        "delimited)'"]
    assert problems(lambda: tdagdoc.load(latin1)) == [
        f"{latin1}: a CSV file holds one list only: give the document metadata as YAML, JSON "
        "or an .xlsx workbook, and this file with --agreements, --partners, --contributions "
        "or --history"]
    assert problems(lambda: tdagdoc.load(meta, {"agreements": tmp_path / "gone.csv"})) == [
        f"{tmp_path / 'gone.csv'}: no such file"]


def test_unreadable_files_stop_before_validation_but_all_are_listed(tmp_path):
    meta = tmp_path / "meta.yaml"
    meta.write_text("year: [2024\n", encoding="utf-8")
    found = problems(lambda: tdagdoc.load(meta, {"agreements": tmp_path / "gone.xlsx",
                                                 "partners": tmp_path / "gone.csv"}))
    assert found == [
        f"{meta}: line 2, column 1: invalid YAML: expected ',' or ']', but got '<stream end>' "
        "(while parsing a flow sequence, which began on line 1, column 7)",
        f"{tmp_path / 'gone.xlsx'}: no such file",
        f"{tmp_path / 'gone.csv'}: no such file",
    ]


def test_convert_keeps_decimals_exact():
    assert spreadsheets.convert(0.1, "number") == Decimal("0.1")
    assert spreadsheets.convert(1e15, "number") == Decimal("1e15")
    assert spreadsheets.convert(32.0, "int") == 32
    with pytest.raises(ValueError, match="not a whole number"):
        spreadsheets.convert(32.5, "int")


def test_json_data_with_spreadsheet_lists(tmp_path, sheets, example):
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    meta = tmp_path / "meta.json"
    meta.write_text(json.dumps({"year": data["year"], "document": data["document"]},
                               default=str), encoding="utf-8")
    book = write_xlsx(tmp_path / "lists.xlsx", {k: v for k, v in sheets.items()
                                                if k != "document"})
    assert tdagdoc.load(meta, {"partners": book}) == example


def test_a_file_is_checked_as_fully_as_the_same_data_in_memory(tmp_path: Path):
    """Loading validates item by item to save memory; it must find the same problems."""
    data = yaml.safe_load((ROOT / "examples" / "partnerships-2024.yaml").read_text("utf-8"))
    data["agreements"][0]["partners"].append("ghost")  # a cross-check problem, first item
    data["agreements"][-1]["signed"] = "2024-02-30"  # a field problem, last item
    data["partners"][-1]["colour"] = "red"  # an unknown field, last partner
    path = tmp_path / "data.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataError) as from_file:
        tdagdoc.load(path)
    with pytest.raises(DataError) as in_memory:
        sources.validate(yaml.safe_load(path.read_text("utf-8")), str(path))
    # the file's problems also give their line
    assert {re.sub(r"^line \d+, ", "", p.where) for p in from_file.value.problems} == {
        p.where for p in in_memory.value.problems}
    assert all(re.match(r"line \d+, ", p.where) for p in from_file.value.problems)
    assert len(from_file.value.problems) == 4  # ghost also makes "by" ambiguous


def test_a_valid_file_loads_as_the_same_report_either_way():
    path = ROOT / "examples" / "partnerships-2024.yaml"
    assert tdagdoc.load(path) == sources.validate(yaml.safe_load(path.read_text("utf-8")))


def test_every_pattern_of_the_model_has_its_friendly_message():
    """Named once in the model; a renamed or new pattern without words fails here."""
    from tdagdoc.input.messages import PATTERN_MESSAGES
    from tdagdoc.input.models import PATTERNS

    assert set(PATTERN_MESSAGES) == set(PATTERNS)


def test_models_share_their_set_of_given_fields_and_copy_it_on_change():
    """The memory saving of models._share_fields_set leaves pydantic's behaviour alone."""
    from tdagdoc.input.models import Contribution

    a = Contribution.model_validate({"amount": "5", "currency": "CHF", "usd": "6"})
    b = Contribution.model_validate({"amount": "7", "currency": "EUR", "usd": "8"})
    c = Contribution.model_validate({"amount": "7"})
    assert a.__pydantic_fields_set__ is b.__pydantic_fields_set__
    assert c.model_fields_set == {"amount"}
    d = c.model_copy(update={"by": "itu"})
    assert d.model_fields_set == {"amount", "by"} and c.model_fields_set == {"amount"}
    assert Contribution.model_validate({"amount": "1"}).model_dump(exclude_unset=True) == {
        "amount": 1}
