"""Hostile workbooks: hidden sheets, a sheet that unpacks to gigabytes, formula noise."""

from __future__ import annotations

import shutil
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from conftest import ROOT
from tdagdoc import cli
from tdagdoc.errors import DataError
from tdagdoc.input import sources, spreadsheets

META = ROOT / "examples" / "meta-2024.yaml"
BOOK = ROOT / "examples" / "agreements-2024.xlsx"


def edited(tmp_path: Path, edit) -> Path:
    book = openpyxl.load_workbook(BOOK)
    edit(book)
    path = tmp_path / "book.xlsx"
    book.save(path)
    return path


def load(book: Path):
    return sources.load(META, {"agreements": book})


@pytest.mark.parametrize(("state", "how"), [
    ("hidden", "hidden"), ("veryHidden", "very hidden (only the VBA editor shows it)")])
def test_a_hidden_sheet_is_refused_not_read_unseen(tmp_path: Path, capsys, state, how):
    def hide(book: openpyxl.Workbook) -> None:
        book["history"].sheet_state = state

    path = edited(tmp_path, hide)
    out = tmp_path / "out"
    assert cli.main(["build", str(META), "--agreements", str(path), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"  {path}: sheet history: the sheet is {how}: unhide it to have it read" in err
    assert not out.exists()


def test_a_hidden_notes_sheet_is_left_alone(tmp_path: Path):
    def notes(book: openpyxl.Workbook) -> None:
        ws = book.create_sheet("#old figures")
        ws.append(["whatever"])
        ws.sheet_state = "hidden"

    assert len(load(edited(tmp_path, notes)).agreements) == 89


def test_a_workbook_that_unpacks_too_big_is_refused_before_parsing(tmp_path: Path):
    bomb = tmp_path / "bomb.xlsx"
    shutil.copy(BOOK, bomb)
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as z, \
            z.open("xl/worksheets/sheet99.xml", "w") as fp:
        block = b" " * (1024 * 1024)
        for _ in range(spreadsheets.MAX_WORKBOOK_BYTES // len(block) + 1):
            fp.write(block)
    assert bomb.stat().st_size < 2 * 1024 * 1024
    with pytest.raises(DataError) as caught:
        load(bomb)
    [problem] = caught.value.problems
    assert problem.file == str(bomb)
    assert "a workbook is read up to 268,435,456 bytes" in problem.message


def _cell(book: openpyxl.Workbook, column: str, row: int = 2):
    ws = book["contributions"]
    header = [c.value for c in ws[1]]
    return ws.cell(row=row, column=header.index(column) + 1)


def test_a_formulas_float_noise_is_rounded_to_the_cent(tmp_path: Path):
    """Excel saves =B2+B3 of two-decimal cells as 13970000.000000002."""
    def noisy(book: openpyxl.Workbook) -> None:
        _cell(book, "amount").value = 13970000.000000002
        _cell(book, "usd").value = 0.1 + 0.2

    first = load(edited(tmp_path, noisy)).agreements
    amounts = {c.amount for a in first for c in a.contributions}
    assert Decimal("13970000.00") in amounts
    assert Decimal("0.30") in {c.usd for a in first for c in a.contributions}


def test_a_real_third_decimal_is_refused_at_its_cell(tmp_path: Path):
    def three(book: openpyxl.Workbook) -> None:
        _cell(book, "amount").value = 12.345

    with pytest.raises(DataError) as caught:
        load(edited(tmp_path, three))
    assert [str(p) for p in caught.value.problems] == [
        f"{tmp_path / 'book.xlsx'}: contributions!row 2, column amount: 12.345 has more than 2 "
        "decimal places"]
