"""ITU-D's document numbers: each body's header, file names, letters and checks."""

from __future__ import annotations

from pathlib import Path

import pytest

import tdagdoc
from conftest import Docx
from tdagdoc import contribution
from tdagdoc.errors import DataError

FRONT = """\
---
number: {number}
date: 2025-03-10
meeting: {{{meeting}city: Geneva, country: Switzerland, start: 2025-04-07, end: 2025-04-11}}
{questions}source: Administration of Kenya
title: Broadband in rural areas
summary: This contribution shares experience.
contact: {{name: Jane Doe, post: Ministry, phone: "+254 1", email: jane@example.org}}
---
# Introduction

Text[^a] with [a link](https://www.itu.int/).

[^a]: A note.
"""

FRENCH = """\
---
source: Administration du Kenya
title: Le large bande dans les zones rurales
summary: La présente contribution fait part d'une expérience.
meeting: {city: Genève, country: Suisse}
contact: {name: Jane Doe, post: Ministère}
---
# Introduction

Texte[^a] avec [un lien](https://www.itu.int/).

[^a]: Une note.
"""


def _write(folder: Path, number: str, meeting: int | None = None,
           questions: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "contribution.md"
    path.write_text(FRONT.format(
        number=number, meeting=f"number: {meeting}, " if meeting else "",
        questions=f"questions: {questions}\n" if questions else ""), encoding="utf-8")
    return path


def _header(built: tdagdoc.Built, tmp_path: Path) -> list[str]:
    doc = Docx(tdagdoc.save(built, tmp_path))
    return doc.text().replace("\u00a0", " ").replace("\u2011", "-").split("\n")


CASES = [
    ("TDAG-25/12", 32, None, "Telecommunication Development Advisory Group (TDAG)",
     "32nd Meeting, Geneva, Switzerland, 7-11 April 2025", "TDAG-25-12"),
    ("SG1/123", 3, "[3/1]", "ITU-D Study Group 1",
     "3rd Meeting, Geneva, Switzerland, 7-11 April 2025", "SG1-123"),
    ("2/45", 4, "[1/2, 5/2]", "ITU-D Study Group 2",
     "4th Meeting, Geneva, Switzerland, 7-11 April 2025", "2-45"),
    ("SG2RGQ/45", None, "[3/2]", "ITU-D Study Group 2",
     "Rapporteur Group meetings, Geneva, Switzerland, 7-11 April 2025", "SG2RGQ-45"),
    ("WTDC-25/12", None, None,
     "World Telecommunication Development Conference 2025 (WTDC-25)",
     "Geneva, Switzerland, 7-11 April 2025", "WTDC-25-12"),
    ("RPM-AFR/5", None, None, "Regional Preparatory Meeting for Africa (RPM-AFR)",
     "Geneva, Switzerland, 7-11 April 2025", "RPM-AFR-5"),
    ("RPM-ASP25/INF/2", None, None,
     "Regional Preparatory Meeting for Asia and the Pacific (RPM-ASP)",
     "Geneva, Switzerland, 7-11 April 2025", "RPM-ASP25-INF-2"),
]


@pytest.mark.parametrize(("number", "meeting", "questions", "group", "line", "stem"), CASES)
def test_each_body_has_its_header(tmp_path: Path, number: str, meeting: int | None,
                                  questions: str | None, group: str, line: str, stem: str):
    # Before: every number but TDAG's was refused, and the group line was always TDAG.
    c = contribution.load(_write(tmp_path, number, meeting, questions))
    built = contribution.build(c, "en")
    assert built.filename == f"{stem}-E.docx"
    text = _header(built, tmp_path / "out")
    assert text[:3] == [group, line, f"Document {number}-E"]
    if questions:
        listed = questions.strip("[]").split(", ")
        assert f"Question(s): {' and '.join(listed)}" in text


def test_the_french_header_of_a_rapporteur_group_contribution(tmp_path: Path):
    path = _write(tmp_path, "SG2RGQ/45", questions="[3/2]")
    (tmp_path / "contribution.fr.md").write_text(FRENCH, encoding="utf-8")
    built = contribution.build(contribution.load(path), "fr")
    assert built.filename == "SG2RGQ-45-F.docx"
    text = _header(built, tmp_path / "out")
    assert text[:3] == ["Commission d'études 2 de l'UIT-D",
                        "Réunions des Groupes du Rapporteur, Genève, Suisse, 7-11 avril 2025",
                        "Document SG2RGQ/45-F"]
    assert "Question(s): 3/2" in text and "Original: anglais" in text


def _problems(path: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        contribution.load(path)
    return [str(p) for p in caught.value.problems]


def test_numbers_meetings_and_questions_are_checked_at_their_lines(tmp_path: Path):
    path = _write(tmp_path / "a", "SG3/12")
    [problem] = _problems(path)
    assert problem.startswith(f"{path}:2: number: 'SG3/12' is not an ITU-D document number")
    assert "SG2RGQ/45" in problem and "WTDC-25/12" in problem and "RPM-AFR/5" in problem
    path = _write(tmp_path / "b", "SG1/12", questions="[3/2, x, 3/2]")
    assert _problems(path) == [
        f"{path}:4: meeting.number: required for a study group meeting: its ordinal (e.g. 3 "
        "for the 3rd Meeting)",
        f"{path}:5: questions[0]: '3/2' is a Question of Study Group 2, not of Study Group 1",
        f"{path}:5: questions[1]: 'x' is not a Question: write it as 3/1 (Question 3 of "
        "Study Group 1)",
        f"{path}:5: questions[2]: '3/2' is a Question of Study Group 2, not of Study Group 1"]
    path = _write(tmp_path / "c", "SG1RGQ/7", 2)
    assert _problems(path) == [
        f"{path}:4: meeting.number: SG1RGQ/7 is for a meeting that is not numbered: remove "
        "meeting.number",
        f"{path}:2: questions: a study group contribution names the Questions it answers: "
        "questions: [1/1] (Question 1 of Study Group 1)"]
    path = _write(tmp_path / "d", "WTDC-25/3", questions="[1/1]")
    assert _problems(path) == [f"{path}:5: questions: only study group documents answer "
                               "Questions; WTDC-25/3 is not one"]
    path = _write(tmp_path / "e", "TDAG-25/3")
    assert _problems(path) == [f"{path}:4: meeting.number: required for a TDAG meeting: its "
                               "ordinal (e.g. 32 for the 32nd Meeting)"]


@pytest.mark.parametrize(("number", "meeting", "questions", "action"), [
    ("TDAG-25/12", 32, None, "TDAG is invited to take note of this document and to provide "
     "guidance as appropriate."),
    ("SG2RGQ/45", None, "[3/2]", "The meeting is invited to consider this contribution."),
    ("WTDC-25/12", None, None, "The conference is invited to take note of this document."),
    ("RPM-AFR/5", None, None, "The meeting is invited to take note of this document."),
])
def test_the_default_action_is_put_to_the_body_the_number_names(
        tmp_path: Path, number: str, meeting: int | None, questions: str | None, action: str):
    # Before: every contribution without action_required was put to TDAG.
    c = contribution.load(_write(tmp_path, number, meeting, questions))
    assert action in _header(contribution.build(c, "en"), tmp_path / "out")
