"""The README's commands and Python snippets run as written, in a copy of the project.

Commands are the indented lines starting with ``tdagdoc`` (``a && b`` runs each
part; ``# ...`` is a comment); snippets are the ```` ```python ```` blocks. They
run in a temporary directory holding the examples, as a user who cloned the
repository would, with ``tdagdoc`` the package under test. Commands that install
or run the whole suite (``pip``, ``bash .ci/run``) are what this suite is run by,
and are not repeated here.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from tdagdoc.cli import main
from test_pipeline import _png

README = ROOT / "README.md"
SKIPPED = ("pip ", "bash ", "python -m pytest", "apt-get ")


def commands(text: str) -> list[str]:
    """The ``tdagdoc`` commands of the README's indented code lines."""
    found = []
    for line in text.splitlines():
        if not line.startswith("    ") or line.startswith("     "):
            continue
        for part in line.split("#")[0].split("&&"):
            part = part.strip()
            if part.startswith("tdagdoc ") and not part.startswith(SKIPPED):
                found.append(part)
    return list(dict.fromkeys(found))


def snippets(text: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", text, re.S | re.M)


TEXT = README.read_text(encoding="utf-8")


def test_the_readme_has_what_these_tests_run():
    assert len(commands(TEXT)) >= 10
    assert any("partnerships-2024.xlsx" in c for c in commands(TEXT))
    assert snippets(TEXT)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A user's checkout: the examples, and the logo image the README names."""
    where = tmp_path_factory.mktemp("readme")
    shutil.copytree(ROOT / "examples", where / "examples")
    (where / "itu-emblem.png").write_bytes(_png(40, 40))
    return where


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT / "src"), *filter(None, [os.environ.get("PYTHONPATH")])])}


def _needs_soffice(command: str) -> None:
    from conformance import _missing

    if "--pdf" in command and _missing("libreoffice") and not os.environ.get("CI"):
        pytest.skip("LibreOffice is not installed (tdagdoc build --pdf needs it)")


@pytest.mark.parametrize("command", commands(TEXT))
def test_readme_command_runs_as_written(
    project: Path, command: str, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Run in process (``tdagdoc`` is ``cli.main``), to spare a Python start per command."""
    _needs_soffice(command)
    argv = shlex.split(command)
    monkeypatch.chdir(project)
    try:
        status = main(argv[1:])
    except SystemExit as exc:  # --help
        status = int(exc.code or 0)
    out, err = capsys.readouterr()
    assert status == 0, err
    if argv[1] == "build" and "--help" not in argv:
        written = [Path(project, p) for p in out.split()]
        assert written and all(p.is_file() for p in written), out
        if "--pdf" in argv:
            assert any(p.suffix == ".pdf" for p in written), out
    else:
        assert out


@pytest.mark.parametrize("snippet", snippets(TEXT))
def test_readme_python_snippet_runs_as_written(project: Path, snippet: str) -> None:
    done = subprocess.run([sys.executable, "-c", snippet], cwd=project, env=_env(),
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


def test_the_shipped_spreadsheet_examples_are_what_the_script_makes() -> None:
    """The README's workbooks are made by scripts/make_spreadsheet_example.py."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import make_spreadsheet_example as maker  # type: ignore[import-not-found]  # scripts/
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    for name, data in maker.files().items():
        assert (ROOT / "examples" / name).read_bytes() == data, (
            f"examples/{name} is stale: run python scripts/make_spreadsheet_example.py")
