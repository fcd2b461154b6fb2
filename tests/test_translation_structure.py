"""A translated file keeps the original's structure, or the build says where it differs."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FRONT
from tdagdoc import contribution
from tdagdoc.errors import DataError

BODY = """\
# Background

Text with a note[^a] and [a link](https://www.itu.int/).

## Details

| A | B |
|---|---|
| 1 | 2 |

{.annex}
# Dates of the meetings

Annex text.

[^a]: The note.
"""
FRENCH_FRONT = """\
---
source: Directeur du Bureau de développement des télécommunications
title: Rapport d'activité
summary: Le présent document rend compte de l'avancement.
meeting: {city: Genève, country: Suisse}
contact: {name: Jane Doe, post: Cheffe}
---
"""
FRENCH = """\
# Contexte

Texte avec une note[^a] et [un lien](https://www.itu.int/).

## Détails

| A | B |
|---|---|
| 1 | 2 |

{.annex}
# Dates des réunions

Texte de l'annexe.

[^a]: La note.
"""


def _load(tmp_path: Path, french: str) -> list[str]:
    (tmp_path / "contribution.md").write_text(FRONT + BODY, encoding="utf-8")
    (tmp_path / "contribution.fr.md").write_text(FRENCH_FRONT + french, encoding="utf-8")
    try:
        contribution.load(tmp_path / "contribution.md")
    except DataError as exc:
        return [str(p) for p in exc.problems]
    return []


def _line(text: str, start: str) -> int:
    """The file line of the translation's body line that starts with ``start``."""
    k = next(i for i, row in enumerate(text.splitlines()) if row.startswith(start))
    return k + FRENCH_FRONT.count("\n") + 1


def test_a_faithful_translation_loads(tmp_path: Path):
    assert _load(tmp_path, FRENCH) == []


@pytest.mark.parametrize(("change", "start", "expected"), [
    (("## Détails", "# Détails"), "# Détails",
     "has heading 1 where the original ({md}:14) has heading 2"),
    (("{.annex}\n", ""), "# Dates des",
     "has heading 1 where the original ({md}:21) has annex heading"),
    (("| A | B |\n|---|---|\n| 1 | 2 |\n", "A B 1 2\n"), "# Dates des",
     "lacks the original's table ({md}:16)"),
    (("note[^a]", "note"), "Texte avec",
     "lacks the original's footnote [^a] ({md}:12)"),
])
def test_each_difference_is_reported_at_its_line(tmp_path: Path, change: tuple[str, str],
                                                 start: str, expected: str):
    # Before: a dropped annex marker, a changed heading level or a dropped table built.
    french = FRENCH.replace(*change)
    problems = _load(tmp_path, french)
    md, fr = tmp_path / "contribution.md", tmp_path / "contribution.fr.md"
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{fr}:{_line(french, start)}: {expected.format(md=md)}")
