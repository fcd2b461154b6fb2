"""YAML and JSON text as plain data, stricter than the parsers where silence loses data.

A key given twice, a merge key, a runaway alias, a number in a form only a
programmer would read (``1_000``, ``0x10``, ``1e5``): each is refused or kept as
text for validation to refuse at its field; syntax errors give their line.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError

from tdagdoc.errors import DataError, Problem

__all__ = ["MAX_ALIAS_VALUES", "PLAIN_NUMBER", "YesNo", "parse_text", "read_text", "short"]


MAX_ALIAS_VALUES = 1_000_000
"""Aliases may repeat at most this many values: more is a runaway ("billion laughs") file."""


PLAIN_NUMBER = re.compile(r"[-+]?[0-9]+(?:\.[0-9]+)?")


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError([Problem(str(path), "", "no such file")]) from None
    except IsADirectoryError:
        raise DataError([Problem(str(path), "", "is a directory, not a data file")]) from None
    except UnicodeDecodeError as exc:
        raise DataError([Problem(str(path), "", f"is not UTF-8 text (byte {exc.start + 1})")]) \
            from None
    except OSError as exc:
        raise DataError([Problem(str(path), "", f"cannot be read: {exc.strerror or exc}")]) \
            from None


_INT, _FLOAT = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"


def _plain_resolvers() -> dict[Any, list[tuple[str, re.Pattern[str]]]]:
    """YAML 1.1's implicit types, with numbers only in plain decimal form.

    ``1_000``, ``1:30`` (sexagesimal: 90), ``0x10``, ``017`` (octal: 15) and
    ``1.5e+3`` stay text, which the field check refuses where a number belongs
    (:func:`plain_numbers`) and keeps as written where text belongs.
    """
    table: dict[Any, list[tuple[str, re.Pattern[str]]]] = {
        first: [(tag, rx) for tag, rx in pairs if tag not in (_INT, _FLOAT)]
        for first, pairs in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    plain = ((_INT, re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")),
             (_FLOAT, re.compile(r"^[-+]?[0-9]+\.[0-9]+$|^[-+]?\.(?:inf|Inf|INF)$"
                                 r"|^\.(?:nan|NaN|NAN)$")))
    for first in "-+0123456789.":
        table.setdefault(first, []).extend(plain)
    return table


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, stricter where silence would lose data.

    A key given twice is refused (PyYAML keeps the last one without a word),
    and a value that cannot be built (a 5 000-digit number) is reported at its
    line instead of escaping as a bare ``ValueError``. An impossible date
    (``2024-02-30``) stays text, so that validation reports it at its field
    along with every other problem of the file.
    """

    yaml_implicit_resolvers = _plain_resolvers()

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, yaml.MappingNode) and node.flow_style:
            node.value = _grouped(node.value)
        if isinstance(node, yaml.MappingNode):
            first: dict[Any, yaml.Node] = {}
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise ConstructorError(
                        None, None, "a merge key (<<) would silently override values: write "
                        "the fields out", key_node.start_mark)
                key = self.construct_object(key_node, deep=True)
                try:
                    earlier = first.setdefault(key, key_node)
                except TypeError:
                    continue  # an unhashable key: the base constructor reports it
                if earlier is not key_node:
                    raise ConstructorError(
                        None, None,
                        f"duplicate key {key!r} (first on line {earlier.start_mark.line + 1})",
                        key_node.start_mark)
        return super().construct_mapping(node, deep)

    def get_single_node(self) -> yaml.Node | None:
        node = super().get_single_node()
        if node is not None:
            _check_aliases(node)
        return node

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError) as exc:
            if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:timestamp":
                return node.value
            shown = short(node.value if isinstance(node, yaml.ScalarNode) else node.tag)
            raise ConstructorError(None, None, f"cannot read {shown}: {exc}",
                                   node.start_mark) from None


def _decimal(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """A YAML float as the exact Decimal its text writes (no binary float on the way: a
    float would turn 1234567890123456.78 into ...456.8); infinities and sexagesimal
    numbers stay floats, for validation to refuse."""
    assert isinstance(node, yaml.ScalarNode)
    text = str(node.value).replace("_", "")
    try:
        value = Decimal(text)
    except ArithmeticError:
        return loader.construct_yaml_float(node)
    return value if value.is_finite() else loader.construct_yaml_float(node)


_Loader.add_constructor("tag:yaml.org,2002:float", _decimal)


class YesNo:
    """A YAML 1.1 yes/no word as written (``NO``, ``off``, ``True``).

    PyYAML reads ``country: NO`` (Norway) as ``False``; no field of the data
    takes a yes/no value, so keeping the word lets the error quote it and say
    to write it in quotes.
    """

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, YesNo) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)


def _yes_no(loader: yaml.SafeLoader, node: yaml.Node) -> YesNo:
    assert isinstance(node, yaml.ScalarNode)
    return YesNo(str(node.value))


_Loader.add_constructor("tag:yaml.org,2002:bool", _yes_no)

_GROUP_HEAD = re.compile(r"[-+]?[0-9]{1,3}")
_GROUP = re.compile(r"[0-9]{3}(?:\.[0-9]+)?")


def _grouped(pairs: list[tuple[yaml.Node, yaml.Node]]) -> list[tuple[yaml.Node, yaml.Node]]:
    """Inside ``{ }``, a number written with thousands separators, as written.

    A comma ends a field of a flow mapping, so ``{amount: 18,100,000}`` is
    ``amount: 18`` and two empty fields named ``100`` and ``000``. The digits
    that follow are put back into the value, as text (``'18,100,000'``), so
    that the field check names the amount as written and says how to write it.
    """
    out: list[tuple[yaml.Node, yaml.Node]] = []
    i = 0
    while i < len(pairs):
        key, value = pairs[i]
        i += 1
        if not (_plain(value) and _GROUP_HEAD.fullmatch(value.value)):
            out.append((key, value))
            continue
        groups = []
        while i < len(pairs) and _plain(pairs[i][0]) and _plain(pairs[i][1]) and \
                _GROUP.fullmatch(pairs[i][0].value) and pairs[i][1].value == "":
            groups.append(pairs[i][0].value)
            i += 1
            if "." in groups[-1]:
                break
        if groups:
            value = yaml.ScalarNode("tag:yaml.org,2002:str", ",".join([value.value, *groups]),
                                    value.start_mark, pairs[i - 1][0].end_mark)
        out.append((key, value))
    return out


def _plain(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.style is None


def parse_text(text: str, name: str, fmt: str = "yaml") -> Any:
    """YAML or JSON text as plain data; syntax problems are reported with their line."""
    try:
        if fmt == "json":
            return json.loads(text, object_pairs_hook=_no_duplicates, parse_float=_json_number)
        data = yaml.load(text, Loader=_Loader)  # a SafeLoader: no Python objects
    except json.JSONDecodeError as exc:
        raise DataError([Problem(name, f"line {exc.lineno}, column {exc.colno}",
                                 f"invalid JSON: {exc.msg}")]) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise DataError([Problem(name, f"line {line}, column {column}",
                                 f"invalid YAML: character U+{exc.character:04X} is not "
                                 "allowed in a YAML file")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        what = getattr(exc, "problem", None) or str(exc)
        began, context = getattr(exc, "context_mark", None), getattr(exc, "context", None)
        if began is not None and context and (mark is None or began.line != mark.line
                                              or began.column != mark.column):
            # Where the unclosed bracket or quote began, not only where the parser gave up.
            what += f" ({context}, which began on line {began.line + 1}, column " \
                    f"{began.column + 1})"
        raise DataError([Problem(name, where, f"invalid YAML: {what}")]) from None
    except RecursionError:
        raise DataError([Problem(name, "", "nested too deeply to be a data file")]) from None
    except ValueError as exc:  # JSON: a duplicate key, a number too long to read
        raise DataError([Problem(name, "", f"invalid JSON: {exc}")]) from None
    return data


def _json_number(text: str) -> Decimal | str:
    """A JSON number with a fraction as a Decimal; with an exponent (``1e5``) as its text,
    which :func:`plain_numbers` refuses where a number belongs."""
    return Decimal(text) if PLAIN_NUMBER.fullmatch(text) else text


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)  # made at C speed; a key given twice makes the dict shorter
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise ValueError(f"duplicate key {key!r}")
            seen.add(key)
    return out


def _check_aliases(root: yaml.Node) -> None:
    """Refuse a YAML document whose aliases repeat millions of values, or contain themselves.

    Counted on the composed nodes, where an alias is the anchored node itself:
    the cost is that of the file, not of its expansion.
    """
    sizes: dict[int, int] = {}
    open_: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in open_:
            raise ConstructorError(None, None, "an alias refers to the value that contains it",
                                   node.start_mark)
        open_.add(key)
        children: list[yaml.Node] = []
        if isinstance(node, yaml.SequenceNode):
            children = node.value
        elif isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        total = 1 + sum(size(child) for child in children)
        open_.discard(key)
        sizes[key] = total
        return total

    if size(root) - len(sizes) > MAX_ALIAS_VALUES:
        raise ConstructorError(None, None, f"aliases repeat more than {MAX_ALIAS_VALUES:,} "
                               "values", root.start_mark)


def short(value: Any, limit: int = 40) -> str:
    """A value as the user typed it: numbers bare, text quoted, long text cut."""
    text = str(value) if isinstance(value, Decimal | int | float) else repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
