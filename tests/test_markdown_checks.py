"""Markdown that used to print wrong without a word: now right output or an error at its line."""

from __future__ import annotations

from pathlib import Path

import pytest

import tdagdoc
from conftest import FRONT, Docx
from tdagdoc import contribution
from tdagdoc.errors import DataError

FIRST = FRONT.count("\n") + 1
"""The file line of the body's first line."""


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "contribution.md"
    path.write_text(FRONT + body, encoding="utf-8")
    return path


def _problems(path: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        contribution.build(contribution.load(path), "en")
    return [str(p) for p in caught.value.problems]


def test_a_link_that_wraps_in_the_source_keeps_its_space(tmp_path: Path):
    # Before: "ITU-D regionalpresence".
    path = _write(tmp_path, "See the [ITU-D regional\npresence](https://www.itu.int/) page.\n")
    doc = Docx(tdagdoc.save(contribution.build(contribution.load(path), "en"), tmp_path / "o"))
    assert "ITU-D regional presence" in doc.text()


@pytest.mark.parametrize("info", ["chrat", "tabel", "Table", "yaml"])
def test_a_misspelt_data_fence_is_an_error(tmp_path: Path, info: str):
    # Before: the block's YAML printed as text.
    path = _write(tmp_path, f"# Data\n\n```{info}\nfile: data.csv\ntitle: Projects\n```\n")
    problems = _problems(path)
    assert problems[0].startswith(f"{path}:{FIRST + 2}: ```{info} is not a kind of data "
                                  "block: write ```")


def test_code_fences_still_print_as_written(tmp_path: Path):
    path = _write(tmp_path, "```text\nA preformatted line.\n```\n")
    doc = Docx(tdagdoc.save(contribution.build(contribution.load(path), "en"), tmp_path / "o"))
    assert "A preformatted line." in doc.text()


def test_a_footnote_defined_twice_is_an_error(tmp_path: Path):
    # Before: the second definition was kept and the first lost.
    path = _write(tmp_path, "Text[^a].\n\n[^a]: One.\n\n[^a]: Two.\n\n```\n[^a]: code\n```\n")
    assert _problems(path) == [f"{path}:{FIRST + 4}: footnote [^a] is defined twice (also at "
                               f"{path}:{FIRST + 2}): keep one"]


@pytest.mark.parametrize(("body", "message"), [
    # Before: numbered as section 2, no word.
    ("# Background\n\nText.\n\n# Annex 1 – Dates\n\nText.\n",
     "the heading 'Annex 1 – Dates' looks like an annex: put {.annex} on the line before"),
    ("# Background\n\nText.\n\n# Anexo 1: Fechas\n\nText.\n",
     "the heading 'Anexo 1: Fechas' looks like an annex"),
    # Before: "Annex 1 – Annex 1 – Dates".
    ("# Background\n\nText.\n\n{.annex}\n# Annex 1 – Dates\n\nText.\n",
     "the heading 'Annex 1 – Dates' repeats what tdagdoc writes: give the annex's title only"),
])
def test_a_heading_that_begins_as_an_annex(tmp_path: Path, body: str, message: str):
    path = _write(tmp_path, body)
    [problem] = _problems(path)
    line = FIRST + body.split("\n").index(next(r for r in body.split("\n") if "nex" in r
                                                 and r.startswith("#")))
    assert problem.startswith(f"{path}:{line}: {message}")


def test_annex_like_words_in_ordinary_headings_pass(tmp_path: Path):
    path = _write(tmp_path, "# Annexes to the report\n\nText.\n\n# Annexation of data\n\nx\n")
    contribution.build(contribution.load(path), "en")
