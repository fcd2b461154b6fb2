"""The package's imports point down the pipeline, as the README's Architecture says.

Each module belongs to one stage; a stage may import only the stages listed
under it in :data:`MAY_IMPORT` (and itself). The imports are read from the
source with :mod:`ast`, every one of them: at the top of a module, inside a
function (imported late, for speed) or for type checking only, since each is a
dependency all the same.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import tdagdoc

ROOT = Path(tdagdoc.__file__).parent

CORE = ("errors", "xmlchars", "resources", "languages", "numbers", "categories", "countries",
        "frameworks", "styles", "process")
"""The bottom: facts every stage names (the languages, the rounding rule, the data's
categories, the UN's country names, the WTDC frameworks, style names) and the errors
they raise."""

MAY_IMPORT: dict[str, set[str]] = {
    "core": set(),
    "input": {"core"},
    "l10n": {"core"},
    "figures": {"core", "input"},
    "blocks": {"core"},
    "oxml": {"core"},
    "docx": {"core", "input", "l10n", "blocks", "oxml"},
    "document": {"core", "input", "l10n", "figures", "blocks"},
    "pipeline": {"core", "input", "l10n", "figures", "blocks", "oxml", "docx", "document"},
    "cli": {"core", "input", "l10n", "figures", "blocks", "oxml", "docx", "document",
            "pipeline"},
}
"""What each stage may import: ``input`` and ``l10n`` side by side at the bottom, neither
importing the other; ``docx`` knows ``blocks``, never figures or templates; ``oxml``
writes XML from plain values, without the document model; only the front end on top
knows about terminals."""


PENDING: dict[tuple[str, str], str] = {}
"""Known imports against the rule, each with why it is still there: remove the entry when
the import goes (the test then holds the rule for that module too)."""


def stage(module: str) -> str:
    """The stage of a dotted module name (``tdagdoc.docx.oxml.charts``: ``oxml``)."""
    parts = module.split(".")[1:]
    if not parts or parts[0] in ("__main__", "cli", "cli_contribution", "progress"):
        return "cli"  # the package itself holds the public API, on top of everything
    if parts[0] in CORE:
        return "core"
    if parts[0] in ("pipeline", "contribution"):
        return "pipeline"
    if parts[:2] == ["docx", "oxml"]:
        return "oxml"
    if parts[0] in MAY_IMPORT:
        return parts[0]
    raise AssertionError(f"{module} belongs to no stage: add it to tests/test_layers.py")


def modules() -> Iterator[tuple[str, Path]]:
    """Every module of the package, by name and file."""
    for info in pkgutil.walk_packages([str(ROOT)], "tdagdoc."):
        path = ROOT.joinpath(*info.name.split(".")[1:])
        yield info.name, path / "__init__.py" if info.ispkg else path.with_suffix(".py")
    yield "tdagdoc", ROOT / "__init__.py"


def imported(module: str, path: Path) -> Iterator[tuple[int, str]]:
    """The tdagdoc modules that ``module`` imports, with the line of each import."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("tdagdoc"):
                    yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0]
                name = f"{base}.{node.module}" if node.module else base
            else:
                name = node.module or ""
            if not name.startswith("tdagdoc"):
                continue
            for alias in node.names:  # ``from tdagdoc import blocks``: the module blocks
                child = f"{name}.{alias.name}"
                found = importlib.util.find_spec(child) if _is_package(name) else None
                yield node.lineno, child if found else name


def _is_package(name: str) -> bool:
    spec = importlib.util.find_spec(name)
    return spec is not None and spec.submodule_search_locations is not None


def edges() -> list[tuple[str, int, str]]:
    return [(module, line, target) for module, path in modules()
            for line, target in imported(module, path)]


def test_every_module_imports() -> None:
    """The modules the graph is read from are the package's, and each one imports."""
    names = [name for name, _ in modules()]
    assert {"tdagdoc.languages", "tdagdoc.input.models", "tdagdoc.docx.oxml.stream"} <= set(names)
    for name in names:
        if name != "tdagdoc.__main__":  # runs the command line
            importlib.import_module(name)


def test_imports_point_down() -> None:
    wrong = dict.fromkeys(f"{module}:{line} imports {target} ({stage(module)} -> {stage(target)})"
                          for module, line, target in edges()
                          if stage(target) != stage(module)
                          and stage(target) not in MAY_IMPORT[stage(module)]
                          and (module, target) not in PENDING)
    assert not wrong, "\n".join(wrong)


def test_pending_exceptions_are_still_needed() -> None:
    """An exception whose import is gone must go too, so it cannot hide a new one."""
    found = {(module, target) for module, _, target in edges()}
    assert set(PENDING) <= found


def test_stages_form_no_cycle() -> None:
    """The stages, as the imports join them, can be put in one order."""
    graph: dict[str, set[str]] = {s: set() for s in MAY_IMPORT}
    for module, _, target in edges():
        if stage(target) != stage(module):
            graph[stage(module)].add(stage(target))
    order: list[str] = []
    while graph:
        bottom = sorted(s for s, below in graph.items() if below <= set(order))
        assert bottom, f"import cycle between the stages {sorted(graph)}"
        order += bottom
        for s in bottom:
            del graph[s]
    assert order.index("core") < order.index("input") < order.index("figures")


def test_input_and_l10n_are_apart() -> None:
    crossing = [(m, line, t) for m, line, t in edges()
                if {stage(m), stage(t)} == {"input", "l10n"}]
    assert not crossing


@pytest.mark.parametrize(("module", "target", "expected"), [
    ("tdagdoc.input.models", "tdagdoc.l10n.formatting", False),
    ("tdagdoc.docx.oxml.charts", "tdagdoc.blocks", False),
    ("tdagdoc.docx.writer", "tdagdoc.figures", False),
    ("tdagdoc.docx.writer", "tdagdoc.blocks", True),
    ("tdagdoc.document.tables", "tdagdoc.numbers", True),
])
def test_the_rule_itself(module: str, target: str, expected: bool) -> None:
    """The rule refuses what the README forbids (so the tests above can fail)."""
    assert (stage(target) in MAY_IMPORT[stage(module)]) is expected
