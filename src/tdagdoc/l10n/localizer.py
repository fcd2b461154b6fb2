"""One language's tools in one object: formatter, catalog and data names.

Tables, charts and templates all need the same three things for a language;
bundling them keeps every signature short and the language explicit.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from tdagdoc import frameworks
from tdagdoc.categories import Priority
from tdagdoc.errors import Problem
from tdagdoc.frameworks import Framework
from tdagdoc.l10n.formatting import Formatter
from tdagdoc.l10n.labels import label
from tdagdoc.languages import Lang


class Localized(Protocol):
    """A data text in up to six languages, English required (the input's ``Localized``).

    Named by its shape, so that ``l10n`` need not import the input models.
    """

    @property
    def en(self) -> str: ...

    def get(self, lang: str) -> str | None: ...


DATA = "data"
"""The file name of data texts found missing while rendering; the reader puts them at
their own file and line (:func:`tdagdoc.input.sources.place`)."""


@dataclass
class Localizer:
    """Formatting, translation and data names for one language.

    ``missing`` collects the data texts that had no translation and fell back
    to English, so the caller can warn about them (or refuse, when strict).
    """

    lang: Lang
    catalog: gettext.NullTranslations
    framework: Framework | None = None
    """The report's framework: it names the ITU-D priorities."""
    fmt: Formatter = field(init=False)
    missing: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.fmt = Formatter(self.lang)

    def _(self, message: str, **values: object) -> str:
        """Translate a message and fill its named ``{placeholders}``, typeset for the
        language (its no-break spaces, :meth:`Formatter.typeset`)."""
        text = self.catalog.gettext(message)
        return self.fmt.typeset(text.format(**values) if values else text)

    def label(self, value: StrEnum) -> str:
        """The translated name of a category (region, priority, partner type...), typeset.

        A priority is named as the report's framework names it (without a report,
        as in a contribution, as the latest framework that has it names it).
        """
        if isinstance(value, Priority):
            framework = self.framework or next(
                f for f in reversed(list(frameworks.known().values())) if value in f.priorities)
            return self.fmt.typeset(framework.priorities[value.value].in_(self.lang.code))
        return self.fmt.typeset(self.catalog.gettext(label(value)))

    def name(self, text: Localized, where: str) -> str:
        """A data text in this language, falling back to English (and noting it)."""
        value = text.get(self.lang.code)
        if value is None:
            self.missing.append(
                Problem(DATA, where, f"no {self.lang.code} text; English used")
            )
            return text.en
        return self.fmt.typeset(value)  # data texts too: names in tables, highlights

    def absent(self) -> list[Problem]:
        """The data texts this language lacked, as problems (``--strict``: nothing used)."""
        return [Problem(p.file, p.where, f"no {self.lang.code} text") for p in self.missing]
