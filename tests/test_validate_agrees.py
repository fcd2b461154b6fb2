"""``validate`` runs every check ``build`` would: a file it accepts always builds."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import SMALL
from tdagdoc import cli


def data_file(tmp_path: Path, change: Any) -> Path:
    data = yaml.safe_load(SMALL.read_text(encoding="utf-8"))
    change(data["document"])
    path = tmp_path / "data.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def line_of(path: Path, text: str) -> int:
    return next(i for i, t in enumerate(path.read_text("utf-8").splitlines(), 1) if text in t)


def both(path: Path, out: Path) -> tuple[int, int]:
    return (cli.main(["validate", str(path)]),
            cli.main(["build", str(path), "--lang", "all", "--out", str(out), "-q"]))


def test_a_date_after_2107_is_refused_by_validate_and_build(tmp_path, capsys):
    path = data_file(tmp_path, lambda d: d.update(date=dt.date(2108, 1, 2)))
    out = tmp_path / "out"
    assert both(path, out) == (2, 2)
    err = capsys.readouterr().err
    message = (f"  {path}: line {line_of(path, 'date: 2108')}, document.date: 2108-01-02 is "
               "after 2107, the last year a Word document's file times can hold\n")
    assert err.count(message) == 2  # validate, then build
    assert "Traceback" not in err and "struct" not in err and not out.exists()


def test_the_last_date_the_zip_format_holds_builds(tmp_path, capsys):
    path = data_file(tmp_path, lambda d: d.update(date=dt.date(2107, 12, 31)))
    out = tmp_path / "out"
    assert both(path, out) == (0, 0)
    with zipfile.ZipFile(out / "TDAG-25-7-E.docx") as z:
        assert {i.date_time[:3] for i in z.infolist()} == {(2107, 12, 31)}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_title_longer_than_a_property_holds_is_refused_naming_the_field(tmp_path, capsys,
                                                                           lang):
    path = data_file(tmp_path, lambda d: d["title"].update({lang: "T" * 256}))
    out = tmp_path / "out"
    assert both(path, out) == (2, 2)
    err = capsys.readouterr().err
    assert err.count(f", document.title.{lang}: is 256 characters long; the document's title "
                     "property holds at most 255\n") == 2
    assert f"  {path}: line {line_of(path, 'T' * 256)}, document.title.{lang}" in err
    assert not out.exists()


def test_a_title_of_255_characters_builds(tmp_path, capsys):
    path = data_file(tmp_path, lambda d: d["title"].update(fr="T" * 255))
    assert both(path, tmp_path / "out") == (0, 0)
