"""An installed wheel, not only a checkout, finds its templates and catalogs."""

from __future__ import annotations

import os
import site
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from conftest import EXAMPLE, ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir",
                    str(out), str(ROOT)], check=True, capture_output=True)
    (path,) = out.glob("tdagdoc-*.whl")
    return path


def test_wheel_ships_templates_and_catalogs(wheel: Path):
    names = zipfile.ZipFile(wheel).namelist()
    assert "tdagdoc/_data/templates/report.xml.j2" in names
    assert "tdagdoc/_data/templates/reference.docx" in names
    assert "tdagdoc/_data/templates/frameworks/wtdc-22.yaml" in names
    assert "tdagdoc/un-countries.csv" in names
    assert "tdagdoc/py.typed" in names  # type checkers read the package's hints (PEP 561)
    for lang in ("fr", "es", "ru", "ar", "zh"):
        assert f"tdagdoc/_data/locales/{lang}/LC_MESSAGES/tdagdoc.po" in names


def test_installed_wheel_builds_documents(wheel: Path, tmp_path: Path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    purelib = "import sysconfig; print(sysconfig.get_path('purelib'))"
    site_dir = subprocess.run([python, "-c", purelib],
                              check=True, capture_output=True, text=True).stdout.strip()
    with zipfile.ZipFile(wheel) as z:
        z.extractall(site_dir)  # a wheel is a zip laid out for site-packages
    # The dependencies come from the environment running the tests (a venv or not), listed
    # after the wheel's own directory; a path from a .pth file gets no .pth processing of its
    # own, so an editable install of this checkout stays out of sight.
    Path(site_dir, "test-dependencies.pth").write_text(
        "\n".join([*site.getsitepackages(), site.getusersitepackages()]) + "\n")
    out = tmp_path / "out"
    result = subprocess.run(
        [python, "-c", "import sys, tdagdoc; from tdagdoc.cli import main; "
         "print(tdagdoc.__file__, file=sys.stderr); sys.exit(main(sys.argv[1:]))",
         "build", str(EXAMPLE), "--lang", "en,ar", "--out", str(out)],
        capture_output=True, text=True, cwd=tmp_path,
        env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},  # not the checkout
    )
    assert result.returncode == 0, result.stderr
    assert str(env_dir) in result.stderr  # imported from the wheel, not the checkout
    assert sorted(p.name for p in out.iterdir()) == ["TDAG-25-7-A.docx", "TDAG-25-7-E.docx"]
