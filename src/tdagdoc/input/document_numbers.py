"""ITU-D document numbers: the body a document goes to, read from its number.

ITU-D numbers each document by the meeting it is submitted to, and the
first-page header names that body; so the number alone says which group line,
meeting line and fields a contribution needs:

- ``TDAG-25/12`` (``TDAG-25/INF/3``, ``TDAG-25/DT/2``): the Telecommunication
  Development Advisory Group, meeting of 2025;
- ``1/123`` or ``SG1/123`` (``2/REP/4``, ``1/INF/3``): a meeting of ITU-D Study
  Group 1 or 2, which is numbered (the "3rd Meeting" of the study period);
- ``SG1RGQ/123`` (``SG2RGQ/INF/4``): the rapporteur group meetings of a study
  group, which are not numbered;
- ``WTDC-25/12`` (``WTDC25/INF/3``, as WTDC-17 wrote it): the World
  Telecommunication Development Conference of 2025;
- ``RPM-AFR/5`` (``RPM-ASP25/INF/2``): a regional preparatory meeting for WTDC,
  for Africa, the Americas, the Arab States, Asia and the Pacific, the CIS or
  Europe.

A study group's contributions name the Questions they answer
(``questions: [3/1]``, Question 3 of Study Group 1).

>>> n = parse("SG2RGQ/45")
>>> n.body, n.group, n.needs_ordinal, n.has_questions
(<Body.RAPPORTEUR_GROUPS: 'rgq'>, 2, False, True)
>>> parse("WTDC-25/INF/3").year, parse("RPM-AFR/5").region, parse("TDAG-25/x")
(2025, 'AFR', None)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Body(StrEnum):
    """The ITU-D bodies whose documents tdagdoc makes (the header's group line)."""

    TDAG = "tdag"
    STUDY_GROUP = "sg"
    RAPPORTEUR_GROUPS = "rgq"
    WTDC = "wtdc"
    RPM = "rpm"


REGIONS = ("AFR", "AMS", "ARB", "ASP", "CIS", "EUR")
"""The ITU-D regions, as the regional preparatory meetings are named (RPM-AFR...)."""

_SERIES = r"(?:(?P<series>INF|DT|REP|TD|ADM)/)?(?P<serial>[1-9]\d{0,3})"
_FORMS = {
    Body.TDAG: rf"TDAG-(?P<year>\d{{2}})/{_SERIES}",
    Body.STUDY_GROUP: rf"(?:SG)?(?P<group>[12])/{_SERIES}",
    Body.RAPPORTEUR_GROUPS: rf"SG(?P<group>[12])RGQ/{_SERIES}",
    Body.WTDC: rf"WTDC-?(?P<year>\d{{2}})/{_SERIES}",
    Body.RPM: rf"RPM-(?P<region>{'|'.join(REGIONS)})(?P<year>\d{{2}})?/{_SERIES}",
}
_PARSERS = {body: re.compile(f"^{form}$") for body, form in _FORMS.items()}

FORMS = ("TDAG-25/12; 1/123 or SG1/123 (a study group meeting); SG2RGQ/45 (rapporteur "
         "group meetings); WTDC-25/12; RPM-AFR/5 (a regional preparatory meeting; AFR, AMS, "
         "ARB, ASP, CIS, EUR); INF/ and DT/ documents as TDAG-25/INF/3")
"""What a document number may look like, for messages."""

QUESTION = re.compile(r"^(?P<question>[1-9]\d?)/(?P<group>[12])$")
"""A study group Question: ``3/1``, Question 3 of Study Group 1."""


@dataclass(frozen=True)
class DocumentNumber:
    """A document number read: the body, and what the header takes from the number."""

    text: str
    body: Body
    group: int | None = None
    """The study group, 1 or 2."""
    year: int | None = None
    """The year of the meeting or conference (2025 for TDAG-25, WTDC-25)."""
    region: str | None = None
    """The region of a regional preparatory meeting (AFR...)."""
    series: str | None = None
    """INF, DT...: a document of that series; None for a contribution."""

    @property
    def needs_ordinal(self) -> bool:
        """The meeting is numbered ("32nd Meeting"): TDAG and study group meetings."""
        return self.body in (Body.TDAG, Body.STUDY_GROUP)

    @property
    def has_questions(self) -> bool:
        """A study group document: it names the Questions it answers."""
        return self.body in (Body.STUDY_GROUP, Body.RAPPORTEUR_GROUPS)

    @property
    def short_year(self) -> str:
        """``25`` of WTDC-25, as the conference's acronym writes it."""
        return "" if self.year is None else f"{self.year % 100:02d}"


def parse(text: str) -> DocumentNumber | None:
    """The number read, or None if it is none of ITU-D's forms (:data:`FORMS`)."""
    for body, parser in _PARSERS.items():
        m = parser.match(text)
        if m:
            fields = m.groupdict()
            return DocumentNumber(
                text, body,
                group=int(fields["group"]) if fields.get("group") else None,
                year=2000 + int(fields["year"]) if fields.get("year") else None,
                region=fields.get("region"),
                series=fields.get("series"),
            )
    return None


def problems(number: str, questions: list[str], meeting_number: object
             ) -> list[tuple[str, str]]:
    """What is wrong with a front matter's number, Questions and meeting, as (field, message).

    ``meeting_number`` is the meeting's ordinal as given (None: not given).

    >>> problems("SG1/12", ["3/2", "x"], None)  # doctest: +NORMALIZE_WHITESPACE
    [('meeting.number', 'required for a study group meeting: its ordinal (e.g. 3 for the
      3rd Meeting)'), ('questions[0]', "'3/2' is a Question of Study Group 2, not of Study
      Group 1"), ('questions[1]', "'x' is not a Question: write it as 3/1 (Question 3 of
      Study Group 1)")]
    """
    parsed = parse(number)
    if parsed is None:
        return [("number", f"{number!r} is not an ITU-D document number; write it as one of "
                 f"{FORMS}")]
    out: list[tuple[str, str]] = []
    what = {Body.TDAG: "a TDAG meeting", Body.STUDY_GROUP: "a study group meeting"}
    if parsed.needs_ordinal and meeting_number is None:
        out.append(("meeting.number", f"required for {what[parsed.body]}: its ordinal (e.g. "
                    f"{32 if parsed.body is Body.TDAG else 3} for the "
                    f"{'32nd' if parsed.body is Body.TDAG else '3rd'} Meeting)"))
    elif not parsed.needs_ordinal and meeting_number is not None:
        out.append(("meeting.number", f"{number} is for a meeting that is not numbered: "
                    "remove meeting.number"))
    if parsed.has_questions and not questions and parsed.series is None:
        out.append(("questions", f"a study group contribution names the Questions it "
                    f"answers: questions: [1/{parsed.group}] (Question 1 of Study Group "
                    f"{parsed.group})"))
    if questions and not parsed.has_questions:
        out.append(("questions", f"only study group documents answer Questions; {number} is "
                    "not one"))
        return out
    seen: set[str] = set()
    for i, question in enumerate(questions):
        m = QUESTION.match(question)
        if m is None:
            out.append((f"questions[{i}]", f"{question!r} is not a Question: write it as "
                        f"3/{parsed.group or 1} (Question 3 of Study Group {parsed.group or 1})"))
        elif int(m["group"]) != parsed.group:
            out.append((f"questions[{i}]", f"{question!r} is a Question of Study Group "
                        f"{m['group']}, not of Study Group {parsed.group}"))
        elif question in seen:
            out.append((f"questions[{i}]", f"Question {question} is listed twice"))
        seen.add(question)
    return out
