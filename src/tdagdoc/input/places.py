"""Problems put where the user wrote them: the line of a YAML or JSON field, and in
the order an officer walks through them (file, sheet, row)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from tdagdoc.errors import Problem
from tdagdoc.input.spreadsheets import DOCUMENT, TABLES

__all__ = ["in_order", "with_lines"]


_STEPS = re.compile(r"\[(\d+)\]|\.?([^.\[]+)")


def with_lines(problems: list[Problem], path: Path) -> list[Problem]:
    """Problems at field paths of a YAML or JSON file, with the line of the field.

    The file is read again as a stream of parser events (no values built, memory
    flat), only when there are problems to place; a field that is missing gets
    the line of the deepest mapping or list on its path.
    """
    name = str(path)
    todo = [p for p in problems if p.file == name and p.where and not p.where.startswith("line ")]
    if path.suffix.lower() not in (".yaml", ".yml", ".json") or not todo:
        return problems
    wanted = {prefix for p in todo for prefix in _prefixes(p.where)}
    try:
        lines = _lines(path.read_text(encoding="utf-8"), wanted)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError):
        return problems
    out = []
    for p in problems:
        if p in todo:
            line = next((lines[q] for q in reversed(_prefixes(p.where)) if q in lines), None)
            if line is not None:
                p = Problem(p.file, f"line {line}, {p.where}", p.message)
        out.append(p)
    return out


def _prefixes(where: str) -> list[str]:
    """A field path and its parents, shortest first.

    >>> _prefixes("agreements[3].contributions[0].by")
    ['agreements', 'agreements[3]', 'agreements[3].contributions', \
'agreements[3].contributions[0]', 'agreements[3].contributions[0].by']
    """
    out, path = [], ""
    for m in _STEPS.finditer(where.split(" ", 1)[0]):
        path += m[0]
        out.append(path)
    return out


def _lines(text: str, wanted: set[str]) -> dict[str, int]:
    """The line where each wanted field path's value starts, from the parser's events."""
    found: dict[str, int] = {}
    # Open collections: [path or None, is_mapping, next item index or next key, expecting a key]
    stack: list[list[Any]] = []
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            stack.pop()
            continue
        if not isinstance(event, yaml.NodeEvent):
            continue
        path: str | None = ""
        if stack:
            top = stack[-1]
            if top[1] and top[3]:  # a mapping's key: remember it, it names the next node
                top[2] = event.value if isinstance(event, yaml.ScalarEvent) else None
                top[3] = False
                if isinstance(event, yaml.CollectionStartEvent):
                    stack.append([None, isinstance(event, yaml.MappingStartEvent), 0, True])
                continue
            if top[1]:
                top[3] = True
                path = None if top[0] is None or top[2] is None else \
                    (f"{top[0]}.{top[2]}" if top[0] else str(top[2]))
            else:
                path = None if top[0] is None else f"{top[0]}[{top[2]}]"
                top[2] += 1
        if path in wanted and event.start_mark is not None:
            found[path] = event.start_mark.line + 1
        if isinstance(event, yaml.CollectionStartEvent):
            stack.append([path, isinstance(event, yaml.MappingStartEvent), 0, True])
    return found


_PLACE = re.compile(r"^(?:sheet (?P<whole>.+)$|(?P<sheet>[^!]+)!)?(?:row (?P<row>\d+))?")


_SHEETS = (DOCUMENT, *TABLES)


def in_order(problems: list[Problem]) -> list[Problem]:
    """Problems by file, then sheet, then row, as the officer will walk through them.

    Files keep the order in which they first appear, sheets the order of the
    lists; problems without a row (YAML fields) keep their own order.
    """
    files: dict[str, int] = {}

    def key(p: Problem) -> tuple[int, int, str, int]:
        m = _PLACE.match(p.where)
        sheet = (m["whole"] or m["sheet"] or "") if m else ""
        rank = _SHEETS.index(sheet) if sheet in _SHEETS else len(_SHEETS)
        return (files.setdefault(p.file, len(files)), rank, sheet,
                int(m["row"]) if m and m["row"] else 0)

    return sorted(problems, key=key)
