"""Each command imports only what it uses: ``--help`` answers at once, YAML needs no openpyxl."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLE, ROOT

HEAVY = ("pydantic", "docx", "openpyxl", "jinja2", "lxml", "yaml")

_PROBE = """
import sys
from tdagdoc.cli import main
try:
    status = main(sys.argv[1:])
except SystemExit as exc:  # --help
    status = exc.code
print("MODULES", " ".join(sorted(m for m in sys.modules if "." not in m)))
"""


def _imported(*argv: str, cwd: Path) -> set[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT / "src"), *filter(None, [os.environ.get("PYTHONPATH")])])}
    done = subprocess.run([sys.executable, "-c", _PROBE, *argv], capture_output=True,
                          text=True, env=env, cwd=cwd, timeout=120, check=True)
    (line,) = [x for x in done.stdout.splitlines() if x.startswith("MODULES ")]
    return set(line.split()[1:])


def test_help_imports_none_of_the_heavy_libraries(tmp_path: Path) -> None:
    loaded = _imported("--help", cwd=tmp_path)
    assert not loaded & set(HEAVY), loaded & set(HEAVY)


@pytest.mark.parametrize("command", ["validate", "build"])
def test_yaml_data_needs_no_spreadsheet_reader_to_load(tmp_path: Path, command: str) -> None:
    loaded = _imported(command, str(EXAMPLE), *(["--out", str(tmp_path)] if command == "build"
                                              else []), cwd=tmp_path)
    assert {"pydantic", "yaml"} <= loaded
    if command == "validate":
        assert not loaded & {"openpyxl", "docx", "jinja2"}
    else:  # the charts' embedded workbooks are written as text, not with openpyxl
        assert {"docx", "jinja2"} <= loaded
        assert not loaded & {"openpyxl", "numpy", "PIL", "fontTools"}, loaded


def test_sample_year_default_is_the_one_help_states(capsys: pytest.CaptureFixture[str]) -> None:
    from tdagdoc.cli import main
    from tdagdoc.input import sample

    with pytest.raises(SystemExit):
        main(["sample", "--help"])
    assert f"(default: {sample.DEFAULT_YEAR})" in " ".join(capsys.readouterr().out.split())
