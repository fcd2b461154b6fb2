"""Errors that point the right way: each says what was written and how to write it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import tdagdoc
from conftest import EXAMPLE, ROOT
from tdagdoc import contribution
from tdagdoc.cli import main
from tdagdoc.errors import DataError, Problem
from tdagdoc.input.contribution import read_page

RICH = ROOT / "examples" / "partnerships-2025-rich.yaml"
NOTE = ROOT / "examples" / "contributions" / "information-note" / "contribution.md"


def _problems(text: str, tmp_path: Path, name: str = "data.yaml") -> list[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        tdagdoc.load(path)
    return [str(p) for p in info.value.problems]


def _edited(source: Path, old: str, new: str) -> str:
    text = source.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


def test_thousands_separators_inside_braces_name_the_amount(tmp_path: Path):
    # Inside { } a comma ends a field: YAML reads 18, then fields named 100 and 000.
    text = _edited(EXAMPLE, "contributions: [{amount: 18100000,",
                   "contributions: [{amount: 18,100,000,")
    problems = _problems(text, tmp_path)
    assert len(problems) == 1, problems
    assert re.fullmatch(r".*data\.yaml: line \d+, agreements\[0\]\.contributions\[0\]\.amount: "
                        r"'18,100,000' is not a number: write it without thousands "
                        r"separators, 18100000", problems[0]), problems


def test_thousands_separators_with_cents(tmp_path: Path):
    text = _edited(EXAMPLE, "contributions: [{amount: 1200000}",
                   "contributions: [{amount: 1,200,000.50}")
    assert _problems(text, tmp_path)[0].endswith(
        "'1,200,000.50' is not a number: write it without thousands separators, 1200000.50")


def test_a_grouped_number_where_text_belongs_is_kept_as_written():
    from tdagdoc.input.parsing import parse_text

    data = parse_text("a: {en: 1,250, fr: x}\nb: [{n: 12, m: 3}]\n", "t.yaml")
    assert data == {"a": {"en": "1,250", "fr": "x"}, "b": [{"n": 12, "m": 3}]}


@pytest.mark.parametrize("word", ["NO", "no", "off", "Yes", "true"])
def test_a_yes_no_word_is_quoted_back_with_the_fix(tmp_path: Path, word: str):
    text = _edited(RICH, "country: KE", f"country: {word}")
    problems = _problems(text, tmp_path)
    assert len(problems) == 1, problems
    assert problems[0].endswith(
        f"partners[0].country: {word} reads as a yes/no value in YAML (as do yes, no, on, off, "
        f'true and false): write it in quotes, "{word}"'), problems
    assert "False" not in problems[0]


def test_a_quoted_no_is_norway(tmp_path: Path):
    path = tmp_path / "data.yaml"
    path.write_text(_edited(RICH, "country: KE", 'country: "NO"'), encoding="utf-8")
    assert tdagdoc.load(path).partners[0].country == "NO"


def test_json_true_where_text_belongs(tmp_path: Path):
    from tdagdoc.input.messages import error_message

    message = error_message({"type": "string_type", "msg": "", "input": True})
    assert message == "true is a yes/no value, not text: write it in quotes"


@pytest.mark.parametrize(("date", "why"), [
    ("2025-04-31", "April 2025 has 30 days"),
    ("2025-02-29", "February 2025 has 28 days (2025 is not a leap year)"),
    ("2025-13-01", "there is no month 13: write YYYY-MM-DD (e.g. 2024-01-15)"),
    ("2025-03-00", "there is no day 0"),
    ("20/03/2025", "write it as YYYY-MM-DD (e.g. 2024-01-15)"),
])
def test_an_impossible_date_says_why(tmp_path: Path, date: str, why: str):
    text = _edited(RICH, "signed: 2025-03-20", f"signed: {date}")
    problems = _problems(text, tmp_path)
    assert problems[0].endswith(f"agreements[3].signed: '{date}' is not a date: {why}"), problems


def test_an_impossible_date_in_a_spreadsheet_cell_says_why(tmp_path: Path):
    from tdagdoc.input.messages import error_message

    err = {"type": "date_from_datetime_parsing", "msg": "", "input": "2026-04-31"}
    assert error_message(err) == "'2026-04-31' is not a date: April 2026 has 30 days"


def test_a_period_that_ends_before_it_starts_names_the_agreement(tmp_path: Path):
    text = _edited(RICH, "end: 2027-12-31", "end: 2024-12-31")
    problems = _problems(text, tmp_path)
    assert len(problems) == 1, problems
    assert re.fullmatch(r".*data\.yaml: line \d+, agreements\[3\]: agreement 'A25-004': its "
                        r"period ends \(2024-12-31\) before it starts \(2025-04-01\)",
                        problems[0]), problems
    text = _edited(RICH, "    end: 2027-12-31\n", "")
    assert _problems(text, tmp_path)[0].endswith(
        "agreement 'A25-004': give both start and end of its period, or neither")


@pytest.mark.parametrize("name", ["note.txt", "note.yaml"])  # a .md builds (test_frontend)
def test_a_markdown_contribution_given_as_data_says_which_command(tmp_path: Path, capsys,
                                                                  name: str):
    path = tmp_path / name
    path.write_text(NOTE.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(path), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{path}: is a Markdown contribution" in err
    assert f"build it with `tdagdoc contribution build {path}`" in err
    assert "another document" not in err and "Traceback" not in err
    assert not out.exists()


def test_yaml_with_two_documents_is_still_a_yaml_error(tmp_path: Path):
    problems = _problems("year: 2024\n---\nyear: 2025\n", tmp_path)
    assert "another document" in problems[0] and "Markdown" not in problems[0]


# --- a contribution's file, read by read_page: each way it can be unreadable --------------


FRONT = "---\ntitle: A note\n---\n"


def _read(path: Path) -> tuple[object, list[str]]:
    problems: list[Problem] = []
    page = read_page(path, problems)
    return page, [str(p) for p in problems]


def test_read_page_reads_front_matter_and_body(tmp_path: Path):
    path = tmp_path / "c.md"
    path.write_text("\ufeff" + FRONT + "# One\n", encoding="utf-8")
    page, problems = _read(path)
    assert problems == [] and page is not None
    assert page.front == {"title": "A note"} and page.body == "# One\n"  # type: ignore[attr-defined]


def test_read_page_empty_front_matter_is_no_fields(tmp_path: Path):
    path = tmp_path / "c.md"
    path.write_text("---\n---\nText.\n", encoding="utf-8")
    page, problems = _read(path)
    assert problems == [] and page.front == {}  # type: ignore[attr-defined]


def test_read_page_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from tdagdoc.input import contribution as module

    monkeypatch.setattr(module, "MAX_BYTES", 10)
    path = tmp_path / "c.md"
    path.write_text(FRONT + "Text.\n", encoding="utf-8")
    assert _read(path) == (None, [f"{path}: is {len(FRONT) + 6} bytes; a contribution is at "
                                  "most 10"])


def test_read_page_missing_folder_undecodable(tmp_path: Path):
    assert _read(tmp_path / "none.md") == (None, [f"{tmp_path / 'none.md'}: no such file"])
    assert _read(tmp_path) == (None, [f"{tmp_path}: is a directory, not a Markdown file"])
    path = tmp_path / "latin1.md"
    path.write_bytes(FRONT.encode() + "Genève\n".encode("latin-1"))
    assert _read(path) == (None, [f"{path}: is not UTF-8 text (byte {len(FRONT) + 4})"])


def test_read_page_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "c.md"
    path.write_text(FRONT, encoding="utf-8")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert _read(path) == (None, [f"{path}: cannot be read: Permission denied"])


def test_read_page_without_front_matter_or_its_end(tmp_path: Path):
    path = tmp_path / "c.md"
    path.write_text("# One\n", encoding="utf-8")
    assert _read(path) == (None, [f"{path}:1: a contribution starts with its front matter: a "
                                  "line '---', the YAML fields, and a line '---'"])
    path.write_text("---\ntitle: A note\n# One\n", encoding="utf-8")
    assert _read(path) == (None, [f"{path}:1: the front matter has no closing '---' line"])


def test_read_page_characters_word_cannot_hold_at_their_line(tmp_path: Path):
    path = tmp_path / "c.md"
    path.write_text(FRONT + "One.\n\nTwo \x0b three.\n", encoding="utf-8")
    page, problems = _read(path)
    assert page is not None
    assert len(problems) == 1 and problems[0].startswith(f"{path}:6: contains U+000B"), problems


def test_read_page_front_matter_syntax_error_at_its_line_in_the_file(tmp_path: Path):
    path = tmp_path / "c.md"
    path.write_text("---\ntitle: A note\nsource: [Director\n---\nText.\n", encoding="utf-8")
    page, problems = _read(path)
    assert page is None and len(problems) == 1
    assert re.fullmatch(rf"{re.escape(str(path))}:\d+: column \d+: invalid YAML: .*began on "
                        r"line 2, column 9\)", problems[0]), problems


def test_read_page_front_matter_that_is_not_fields(tmp_path: Path):
    path = tmp_path / "c.md"
    path.write_text("---\n- a\n- b\n---\nText.\n", encoding="utf-8")
    assert _read(path) == (None, [f"{path}:2: the front matter should be a mapping of fields "
                                  "(name: value)"])


def test_a_contribution_with_a_broken_front_matter_builds_nothing(tmp_path: Path, capsys):
    path = tmp_path / "c.md"
    path.write_text("---\ntitle: [A note\n---\nText.\n", encoding="utf-8")
    with pytest.raises(DataError):
        contribution.load(path)
    assert main(["contribution", "build", str(path), "--out", str(tmp_path / "out")]) == 2
    assert "Traceback" not in capsys.readouterr().err and not (tmp_path / "out").exists()


# --- a contribution's data table: no decimals rounded away ------------------------------


def test_decimals_in_a_whole_number_column_are_refused_not_rounded(tmp_path: Path):
    (tmp_path / "d.csv").write_text("region,n,budget\nAfrica,12,1250.75\nEurope,3.5,1000.00\n",
                                    encoding="utf-8")
    body = ("```table\nfile: d.csv\ncolumns:\n  - {column: region, title: R}\n"
            "  - {column: n, title: N, format: integer}\n"
            "  - {column: budget, title: Budget (USD), format: money}\n```\n")
    path = tmp_path / "contribution.md"
    front = (ROOT / "examples" / "contributions" / "information-note" / "contribution.md"
             ).read_text(encoding="utf-8").split("\n---\n", 1)[0] + "\n---\n"
    path.write_text(front + body, encoding="utf-8")
    with pytest.raises(DataError) as info:
        contribution.build(contribution.load(path), "en")
    assert [str(p) for p in info.value.problems] == [
        "d.csv: row 2, column budget: 1250.75 has decimals, which format: money (whole USD) "
        "would round away: round it in the file, or give the column format: number with the "
        "digits to show",
        "d.csv: row 3, column n: 3.5 has decimals, which format: integer (whole numbers) would "
        "round away: round it in the file, or give the column format: number with the digits "
        "to show",
    ]


def test_a_yes_no_word_where_a_number_or_choice_belongs(tmp_path: Path):
    text = _edited(RICH, "signed: 2025-03-20", "signed: off")
    problems = _problems(text, tmp_path)
    assert problems[0].endswith(
        "agreements[3].signed: off reads as a yes/no value in YAML (as do yes, no, on, off, "
        'true and false): where text is meant, write it in quotes, "off"'), problems


def test_telling_markdown_from_yaml_expands_no_alias(tmp_path: Path):
    """A second document of aliases is composed, never expanded, to tell it from prose."""
    nine = ", ".join(["*a"] * 9)
    pairs = zip("abcdefgh", "bcdefghi", strict=True)
    laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{nine.replace('a', p)}]\n" for p, c in pairs)
    problems = _problems("---\nyear: 2024\n---\n" + laughs, tmp_path)
    assert problems and "Markdown" not in problems[0]
