"""The command line: all problems at once, status 2, no traceback, nothing written; same bytes."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import yaml

import tdagdoc
from conftest import EXAMPLE, ROOT, SMALL
from tdagdoc import cli
from tdagdoc.languages import LANGUAGE_CODES
from workbooks import write_xlsx

BAD_YAML = """\
year: 2024
document:
  number: TDAG-25/7
  date: 2025-04-22
partners:
  - {id: p1, name: {en: "P1"}, type: government}
  - {id: p1, name: {en: "P1 again"}, type: government, website: x}
agreements:
  - {id: A1, signed: "2024-13-01", partners: [p1, ghost], regions: [africa], priorities: [x]}
"""


def run(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None
        ) -> subprocess.CompletedProcess[str]:
    """``tdagdoc ARGS`` in a fresh interpreter, as an officer runs it."""
    return subprocess.run([sys.executable, "-m", "tdagdoc", *args], capture_output=True,
                          text=True, env=env, cwd=cwd, check=False, timeout=300)


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_bad_data_in_a_subprocess_lists_everything_and_writes_nothing(tmp_path):
    data = tmp_path / "bad.yaml"
    data.write_text(BAD_YAML, encoding="utf-8")
    out = tmp_path / "out"
    proc = run("build", str(data), "--lang", "all", "--out", str(out))
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    assert proc.stderr.splitlines() == [
        "tdagdoc: 9 problems in the input:",
        f"  {data}: line 3, document.meeting: required field is missing",
        f"  {data}: line 3, document.source: required field is missing",
        f"  {data}: line 3, document.title: required field is missing",
        f"  {data}: line 3, document.contact: required field is missing",
        f"  {data}: line 7, partners[1].website: unknown field",
        f"  {data}: line 9, agreements[0].signed: '2024-13-01' is not a date: there is no "
        "month 13: write YYYY-MM-DD (e.g. 2024-01-15)",
        f"  {data}: line 9, agreements[0].priorities[0]: 'x' is not one of 'connectivity', "
        "'digital-transformation', 'policy-regulation', 'resource-mobilization' or "
        "'inclusive-secure'",
        f"  {data}: line 7, partners[1].id: duplicate partner id 'p1' (first at partners[0])",
        f"  {data}: line 9, agreements[0].partners[1]: unknown partner id 'ghost'",
    ]
    assert listing(out) == []


def test_yaml_syntax_error_in_process(tmp_path, capsys):
    data = tmp_path / "bad.yaml"
    data.write_text("year: 2024\ndocument: {number: TDAG-25/7\n", encoding="utf-8")
    out = tmp_path / "out"
    assert cli.main(["build", str(data), "--out", str(out)]) == 2
    captured = capsys.readouterr()
    assert captured.err == (f"tdagdoc: 1 problem in the input:\n  {data}: line 3, column 1: "
                            "invalid YAML: expected ',' or '}', but got '<stream end>' "
                            "(while parsing a flow mapping, which began on line 2, column 11)\n")
    assert captured.out == ""
    assert not out.exists()
    assert cli.main(["validate", str(data)]) == 2


def test_spreadsheet_problems_on_the_command_line(tmp_path, capsys):
    meta = tmp_path / "meta.yaml"
    data = yaml.safe_load(SMALL.read_text(encoding="utf-8"))
    meta.write_text(yaml.safe_dump({"year": 2024, "document": data["document"]}),
                    encoding="utf-8")
    book = write_xlsx(tmp_path / "agreements.xlsx", {
        "partners": [["id", "name_en", "type"], ["p1", "P1", "government"]],
        "agreements": [["id", "signed", "partners", "regions", "priorities"],
                       *[[f"A{i}", "2024-03-01", "p1", "africa", "connectivity"]
                         for i in range(12)],
                       ["A14", "14/03/2024", "p1", "africa", "connectivity"]],
    })
    out = tmp_path / "out"
    assert cli.main(["build", str(meta), "--agreements", str(book), "--out", str(out)]) == 2
    assert capsys.readouterr().err == (
        f"tdagdoc: 1 problem in the input:\n  {book}: agreements!row 14, column signed: "
        "'14/03/2024' is not a date: write it as YYYY-MM-DD (e.g. 2024-01-15)\n")
    assert not out.exists()


def test_a_workbook_builds_the_six_documents(tmp_path, capsys):
    out = tmp_path / "out"
    examples = ROOT / "examples"
    assert cli.main(["build", str(examples / "meta-2024.yaml"), "--agreements",
                     str(examples / "agreements-2024.xlsx"), "--lang", "all", "--out",
                     str(out), "-q"]) == 0
    assert listing(out) == sorted(f"TDAG-25-7-{c}.docx" for c in "EFSRAC")
    assert cli.main(["validate", str(examples / "meta-2024.yaml"), "--agreements",
                     str(examples / "agreements-2024.xlsx")]) == 0
    assert "89 agreements, 53 with financial contributions" in capsys.readouterr().out


@pytest.mark.parametrize(("option", "content", "message"), [
    ("--logo", b"not an image", "bad.bin: not an image (PNG or JPEG; GIF, BMP, TIFF and WebP "
                                "are converted to PNG)"),
    ("--reference-doc", b"not a docx", "is not a readable Word document"),
])
def test_bad_option_files_are_user_errors(tmp_path, capsys, option, content, message):
    bad = tmp_path / "bad.bin"
    bad.write_bytes(content)
    out = tmp_path / "out"
    assert cli.main(["build", str(SMALL), option, str(bad), "--out", str(out)]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_an_output_folder_that_is_a_file(tmp_path, capsys):
    blocker = tmp_path / "out"
    blocker.write_text("a file")
    assert cli.main(["build", str(SMALL), "--out", str(blocker)]) == 2
    assert capsys.readouterr().err == f"tdagdoc: cannot write {blocker}: File exists\n"


# --- reproducible: the same input gives the same bytes ------------------------------------------


def test_two_builds_give_the_same_bytes_in_every_language(example, built):
    for lang in LANGUAGE_CODES:
        assert tdagdoc.build(example, lang).data == built[lang].read_bytes(), lang


CLOCK = textwrap.dedent("""\
    # The clock of the time module years ahead (zipfile stamps entries with it).
    import sys, time
    fake = 1_941_000_000.0
    localtime, gmtime = time.localtime, time.gmtime
    time.time = lambda: fake
    time.localtime = lambda secs=None: localtime(fake if secs is None else secs)
    time.gmtime = lambda secs=None: gmtime(fake if secs is None else secs)
    from tdagdoc.cli import main
    sys.exit(main(sys.argv[1:]))
""")


def test_same_bytes_in_another_time_zone_and_time(tmp_path, built):
    """Another time zone, a later second on the real clock, a faked clock for zipfile."""
    script = tmp_path / "later.py"
    script.write_text(CLOCK, encoding="utf-8")
    first = min(path.stat().st_mtime for path in built.values())
    time.sleep(max(0.0, first + 2.5 - time.time()))  # zip times have a resolution of 2 s
    out = tmp_path / "out"
    env = dict(os.environ, TZ="Asia/Kathmandu", LC_ALL="C", LANG="C")
    proc = subprocess.run([sys.executable, str(script), "build", str(EXAMPLE), "--lang", "all",
                           "--out", str(out), "-q"], capture_output=True, text=True, env=env,
                          check=False, timeout=300)
    assert proc.returncode == 0, proc.stderr
    for lang, path in built.items():
        assert (out / path.name).read_bytes() == path.read_bytes(), lang
