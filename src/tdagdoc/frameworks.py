"""The framework a report is written under: a WTDC, its action plan and its priorities.

Every report names the World Telecommunication Development Conference whose action
plan ITU-D works under, quotes it and sorts agreements by its priorities. These
are data, one file per framework (``templates/frameworks/wtdc-22.yaml``), with the
wordings in the six languages and a header saying which are ITU's own. A report
picks one with ``framework: wtdc-22``; without it, the framework whose ``years``
hold the reporting year (see :func:`for_year`). The models check the data against
it, the :class:`~tdagdoc.l10n.localizer.Localizer` names its priorities and the
templates quote it, so it sits below ``input`` and ``l10n``.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from tdagdoc.categories import Priority
from tdagdoc.errors import TdagdocError
from tdagdoc.languages import LangCode
from tdagdoc.resources import templates_dir

# libyaml's parser when PyYAML was built with it: the same trees as the pure-Python one,
# ten times sooner (the frameworks are read in every build).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Wording(BaseModel):
    """One text in all six languages: a framework is published in all of them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    en: Text
    fr: Text
    es: Text
    ru: Text
    ar: Text
    zh: Text

    def in_(self, lang: LangCode) -> str:
        """The text in ``lang``."""
        text: str = getattr(self, lang)
        return text


class Framework(BaseModel):
    """A conference's outcomes as a report cites them.

    ``summary`` (which may hold ``{year}``, the reporting year) opens the summary
    box, ``references`` are its references, ``background`` the paragraphs that quote
    the outcomes, ``objective`` the sentence that ties the objective to them, and
    ``priorities`` names each ITU-D priority the data may give an agreement.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+$")]
    years: tuple[int, int] = Field(description="the reporting years it governs by default")
    summary: Wording
    references: tuple[Wording, ...] = Field(min_length=1)
    background: tuple[Wording, ...] = Field(min_length=1)
    objective: Wording
    priorities: dict[str, Wording] = Field(min_length=1)
    unconfirmed: str = ""
    """What of the file is not yet checked against the conference's own texts: every
    document written under it carries this as a warning, until the file is."""

    def texts(self, lang: LangCode, year: int) -> Mapping[str, object]:
        """The framework's texts in one language, as the templates read them."""
        return MappingProxyType({
            "summary": self.summary.in_(lang).replace("{year}", str(year)),
            "references": tuple(r.in_(lang) for r in self.references),
            "background": tuple(p.in_(lang) for p in self.background),
            "objective": self.objective.in_(lang),
        })


def load_file(path: Path) -> Framework:
    """A framework file, checked: every text in six languages, its id its name, known
    priorities."""
    try:
        tree = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)  # a safe loader
        framework = Framework.model_validate(tree)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise TdagdocError(f"{path}: not a framework file: {exc}") from exc
    if framework.id != path.stem:
        raise TdagdocError(f"{path}: its id is {framework.id!r}; name the file {framework.id}.yaml")
    if framework.years[0] > framework.years[1]:
        raise TdagdocError(f"{path}: years {framework.years[0]}-{framework.years[1]} run "
                           "backwards")
    unknown = sorted(set(framework.priorities) - {p.value for p in Priority})
    if unknown:
        raise TdagdocError(f"{path}: priorities {', '.join(unknown)} are not ITU-D priorities "
                           f"the tables know ({', '.join(p.value for p in Priority)})")
    return framework


@functools.cache
def known() -> Mapping[str, Framework]:
    """The shipped frameworks by id, oldest first.

    >>> list(known())
    ['wtdc-22', 'wtdc-25']
    """
    found = [load_file(p) for p in sorted(templates_dir().joinpath("frameworks").glob("*.yaml"))]
    return MappingProxyType({f.id: f for f in sorted(found, key=lambda f: f.years)})


def for_year(year: int) -> Framework:
    """The framework of a reporting year: the one whose years hold it, else the latest
    that started before it (a report on a year no framework covers yet), else the first.

    >>> for_year(2024).id, for_year(2026).id, for_year(2031).id, for_year(2019).id
    ('wtdc-22', 'wtdc-25', 'wtdc-25', 'wtdc-22')
    """
    frameworks = list(known().values())
    for f in frameworks:
        if f.years[0] <= year <= f.years[1]:
            return f
    started = [f for f in frameworks if f.years[0] <= year]
    return started[-1] if started else frameworks[0]


def chosen(framework: str | None, year: int) -> Framework:
    """The framework a report names, or the one of its year."""
    return known()[framework] if framework is not None else for_year(year)
