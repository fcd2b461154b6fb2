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
import tempfile
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
    (where / "my-logo.png").write_bytes(_png(40, 40))  # the user's own image
    return where


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT / "src"), *filter(None, [os.environ.get("PYTHONPATH")])])}


def _needs_soffice(command: str) -> None:
    from conformance import require_tool

    if "--pdf" in command:
        require_tool("libreoffice")  # skips with the reason, or fails when CI is set


@pytest.mark.parametrize("command", [  # --pdf runs LibreOffice: not in the fast loop
    pytest.param(c, marks=pytest.mark.conformance) if "--pdf" in c else c for c in commands(TEXT)])
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


def test_every_file_the_readme_names_is_shipped() -> None:
    """Paths such as ``examples/...`` and ``src/tdagdoc/...`` exist in the repository."""
    named = set(re.findall(r"(?<![\w./-])((?:examples|templates|src|tests|scripts|locales"
                           r"|bench|\.ci)/[\w./-]*\w)", TEXT))
    assert len(named) > 10
    assert sorted(n for n in named if not (ROOT / n).exists()) == []


def test_every_api_name_the_readme_and_examples_give_exists() -> None:
    """``tdagdoc.load``, ``tdagdoc.DataError.problems``...: no name that is not there."""
    import inspect

    import tdagdoc

    texts = [TEXT, *(p.read_text(encoding="utf-8") for p in (ROOT / "examples").glob("*.yaml"))]
    names = {n for text in texts
             for n in re.findall(r"(?<![\w./-])tdagdoc(?:\.[A-Za-z_]\w*)+", text)}
    assert "tdagdoc.load" in names
    missing = []
    for name in sorted(names):
        obj: object = tdagdoc
        for part in name.split(".")[1:]:
            if hasattr(obj, part):
                obj = getattr(obj, part)
            elif inspect.isclass(obj) and f"self.{part} =" in inspect.getsource(obj):
                break  # an attribute each instance sets
            else:
                missing.append(name)
                break
    assert missing == []


def _soffice_convert(source: Path, to: str, outdir: Path) -> Path:
    from conformance import _soffice

    with tempfile.TemporaryDirectory(prefix="tdagdoc-lo-") as profile:
        subprocess.run([str(_soffice()), f"-env:UserInstallation={Path(profile).as_uri()}",
                        "--headless", "--norestore", "--convert-to", to, "--outdir",
                        str(outdir), str(source)], capture_output=True, timeout=300,
                       check=True, stdin=subprocess.DEVNULL)
    out = outdir / f"{source.stem}.{to.split(':')[0]}"
    assert out.is_file(), out
    return out


def _dangling(path: Path) -> list[str]:
    """The package's internal relationships whose target part is missing."""
    import posixpath
    import zipfile

    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        found = []
        for rels in (n for n in names if n.endswith(".rels")):
            base = posixpath.dirname(posixpath.dirname(rels))
            for rel in re.finditer(r"<Relationship [^>]*>", z.read(rels).decode()):
                target = re.search(r'Target="([^"]+)"', rel[0])
                if target is None or 'TargetMode="External"' in rel[0]:
                    continue
                t = target[1]
                part = t[1:] if t.startswith("/") else posixpath.normpath(
                    posixpath.join(base, t))
                if part not in names:
                    found.append(f"{rels} -> {t}")
    return found


@pytest.mark.conformance
def test_what_survives_a_libreoffice_save_is_what_the_readme_says(
        built: dict[str, Path], tmp_path: Path) -> None:
    """Saved as .docx, the document keeps its charts' workbooks; through .odt they are lost
    but still referenced, which python-docx refuses (the README's *Editing* list)."""
    import docx

    from conformance import require_tool

    require_tool("libreoffice")
    direct = _soffice_convert(built["en"], "docx:MS Word 2007 XML", tmp_path / "docx")
    assert _dangling(direct) == []
    docx.Document(str(direct))
    odt = _soffice_convert(built["en"], "odt", tmp_path / "odt")
    again = _soffice_convert(odt, "docx:MS Word 2007 XML", tmp_path / "again")
    assert _dangling(again) and all("embeddings/" in d for d in _dangling(again))
    with pytest.raises(KeyError):
        docx.Document(str(again))
