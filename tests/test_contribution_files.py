"""A contribution file that cannot be read as one: what is wrong, at its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tdagdoc import contribution
from tdagdoc.errors import DataError
from tdagdoc.input import contribution as reader

GOOD = (Path(__file__).resolve().parents[1] / "examples" / "contributions" / "information-note"
        / "contribution.md").read_text(encoding="utf-8")


def _problems(path: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        contribution.load(path)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(("content", "expected"), [
    (b"# No front matter\n", "{p}:1: a contribution starts with its front matter: a line "
     "'---', the YAML fields, and a line '---'"),
    (b"---\nnumber: TDAG-25/1\n# Body\n", "{p}:1: the front matter has no closing '---' line"),
    (b"---\nnumber: [TDAG\n---\nText.\n", "{p}:2: column 14: invalid YAML: "),
    (b"---\n- a\n- b\n---\nText.\n", "{p}:2: the front matter should be a mapping of fields "
     "(name: value)"),
    ("---\nnumber: x\n---\nCaf\u00e9".encode("latin-1"), "{p}: is not UTF-8 text (byte 22)"),
])
def test_unreadable_files(tmp_path: Path, content: bytes, expected: str):
    path = tmp_path / "contribution.md"
    path.write_bytes(content)
    problems = _problems(path)
    assert problems[0].startswith(expected.format(p=path)), problems


def test_a_missing_file_a_folder_and_a_huge_file(tmp_path: Path, monkeypatch):
    assert _problems(tmp_path / "none.md") == [f"{tmp_path / 'none.md'}: no such file"]
    (tmp_path / "dir.md").mkdir()
    assert _problems(tmp_path / "dir.md") == [f"{tmp_path / 'dir.md'}: is a directory, not a "
                                              "Markdown file"]
    path = tmp_path / "contribution.md"
    path.write_text(GOOD, encoding="utf-8")
    monkeypatch.setattr(reader, "MAX_BYTES", 100)
    assert _problems(path) == [f"{path}: is {len(GOOD.encode()):,} bytes; a contribution is at "
                               "most 100"]


def test_characters_word_cannot_hold_at_their_line(tmp_path: Path):
    path = tmp_path / "contribution.md"
    path.write_text(GOOD + "\nA bell \x07 here.\n", encoding="utf-8")
    line = (GOOD + "\n").count("\n") + 1
    problems = _problems(path)
    assert any(p.startswith(f"{path}:{line}: ") for p in problems), problems
