"""Make the spreadsheet example from the YAML example, for officers who keep Excel.

Writes, from ``examples/partnerships-2024.yaml``:

- ``examples/meta-2024.yaml`` (the year and the document metadata) and
  ``examples/agreements-2024.xlsx`` (sheets partners, agreements, contributions,
  history), for ``tdagdoc build examples/meta-2024.yaml --agreements
  examples/agreements-2024.xlsx``;
- ``examples/partnerships-2024.xlsx``, everything in one workbook (the metadata
  in a sheet named ``document``), for ``tdagdoc build examples/partnerships-2024.xlsx``.

Each builds the same documents as the YAML file. Run it again after changing
the YAML example; the output is byte-for-byte reproducible (fixed times), and
a test fails while the shipped files differ from what it makes.

    python scripts/make_spreadsheet_example.py [OUT_DIR]
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

import yaml
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.writer.excel import ExcelWriter

import tdagdoc
from tdagdoc.docx.oxml.package import normalize_zip
from tdagdoc.input.spreadsheets import DOCUMENT, report_rows

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "examples" / "partnerships-2024.yaml"
WIDTHS = {"id": 16, "name_en": 48, "signed": 12, "partners": 24, "regions": 30,
          "priorities": 40, "agreement": 14, "amount": 14, "usd": 14}
HEADER = """\
# The year and the document metadata of the 2024 example, for use with the
# spreadsheet example (made by scripts/make_spreadsheet_example.py):
#
#   tdagdoc build examples/meta-2024.yaml --agreements examples/agreements-2024.xlsx
#
# The partners, agreements, contributions and history are in the workbook.
"""


def workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    """The list sheets as an .xlsx: bold, frozen header row; fixed times inside and out."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            sheet.column_dimensions[cell.column_letter].width = WIDTHS.get(cell.value, 12)
        sheet.freeze_panes = "A2"
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if cell.is_date:
                    cell.number_format = "yyyy-mm-dd"
    book.properties.creator = "tdagdoc"
    book.properties.created = book.properties.modified = dt.datetime(2025, 1, 1)
    raw = io.BytesIO()
    ExcelWriter(book, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED)).save()
    return normalize_zip(raw.getvalue(), dt.date(2025, 1, 1))


def meta_yaml(rows: list[list[object]]) -> str:
    """The ``document`` sheet's rows back as a YAML mapping."""
    data: dict[str, object] = {}
    for key, value in rows[1:]:
        target = data
        steps = str(key).split(".")
        if steps[0] != "year":
            steps.insert(0, "document")
        for step in steps[:-1]:
            target = target.setdefault(step, {})  # type: ignore[assignment]
        target[steps[-1]] = value  # type: ignore[index]
    return HEADER + "\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def files() -> dict[str, bytes]:
    """The example files by name, as they are shipped."""
    sheets = report_rows(tdagdoc.load(SOURCE))
    document = sheets[DOCUMENT]
    lists = {name: rows for name, rows in sheets.items() if name != DOCUMENT}
    return {
        "meta-2024.yaml": meta_yaml(document).encode("utf-8"),
        "agreements-2024.xlsx": workbook(lists),
        "partnerships-2024.xlsx": workbook({DOCUMENT: document, **lists}),
    }


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, data in files().items():
        (out / name).write_bytes(data)
        print(out / name)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "examples")
