"""The parts of Jinja2 the sandbox (:mod:`tdagdoc.document.sandbox`) relies on, held still.

The sandbox subclasses Jinja2's code generator and reads the frames of rendered
templates, which lean on names Jinja2 does not promise to keep. pyproject.toml
pins Jinja2 to the releases checked here (3.1.6 and later 3.1.x: 3.1.5 made an
include hold its template's generator in ``gen``, 3.1.6 closed a sandbox escape
through ``|attr``); these tests fail as soon as a release moves one of them, so
the pin is widened only with the sandbox updated to match.
"""

from __future__ import annotations

import inspect
import re
import tomllib
from collections.abc import Callable
from typing import Any

import jinja2
import pytest
from jinja2 import nodes
from jinja2.compiler import CodeGenerator
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment, modifies_known_mutable, safe_range

from conftest import ROOT


def parameters(function: Callable[..., Any]) -> list[str]:
    return list(inspect.signature(function).parameters)


def test_the_installed_jinja2_is_within_the_pin() -> None:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pin = next(d for d in deps["project"]["dependencies"] if d.startswith("jinja2"))
    assert pin == "jinja2>=3.1.6,<3.2"
    found = re.match(r"(\d+)\.(\d+)\.(\d+)", jinja2.__version__)
    assert found, jinja2.__version__
    version = tuple(int(part) for part in found.groups())
    assert (3, 1, 6) <= version < (3, 2, 0)


def test_the_code_generator_hooks() -> None:
    """``_Compiler`` finds constant output as Jinja2 does and marks the line of each."""
    assert parameters(CodeGenerator.visit_Output) == ["self", "node", "frame"]
    assert parameters(CodeGenerator._make_finalize) == ["self"]
    assert parameters(CodeGenerator._output_child_to_const) == ["self", "node", "frame",
                                                                "finalize"]
    assert parameters(CodeGenerator._output_const_repr) == ["self", "group"]
    assert issubclass(nodes.Impossible, Exception)
    env = jinja2.Environment()
    generator = CodeGenerator(env, "name", None)
    assert hasattr(generator._make_finalize(), "const")
    assert generator._write_debug_info is None
    assert generator._last_line == 0


def test_rendered_code_names_its_template_and_an_include_its_generator() -> None:
    """How :func:`tdagdoc.document.sandbox.stream` finds the template line of a piece."""
    env = jinja2.Environment(loader=jinja2.DictLoader({"a.j2": "x"}))
    template = env.from_string("y")
    assert template.root_render_func.__globals__["__jinja_template__"] is template
    source = env.compile('{% include "a.j2" %}', raw=True)
    assert "gen = template.root_render_func(" in source
    assert "yield from " in env.compile('{% extends "a.j2" %}', raw=True)


def test_the_sandbox_hooks() -> None:
    assert parameters(SandboxedEnvironment.call)[:3] == [
        "_SandboxedEnvironment__self", "_SandboxedEnvironment__context",
        "_SandboxedEnvironment__obj"]
    assert parameters(SandboxedEnvironment.is_safe_attribute) == ["self", "obj", "attr",
                                                                  "value"]
    assert parameters(SandboxedEnvironment.unsafe_undefined) == ["self", "obj", "attribute"]
    assert parameters(SandboxedEnvironment.call_binop) == ["self", "context", "operator",
                                                           "left", "right"]
    assert parameters(SandboxedEnvironment.getattr) == ["self", "obj", "attribute"]
    assert parameters(SandboxedEnvironment.getitem) == ["self", "obj", "argument"]
    assert isinstance(SandboxedEnvironment.intercepted_binops, frozenset)
    assert SandboxedEnvironment.code_generator_class is CodeGenerator
    assert modifies_known_mutable([], "append") and not modifies_known_mutable([], "index")
    assert list(safe_range(3)) == [0, 1, 2]
    assert split_template_path("a/b.j2") == ["a", "b.j2"]
    with pytest.raises(jinja2.TemplateNotFound):
        split_template_path("../b.j2")
