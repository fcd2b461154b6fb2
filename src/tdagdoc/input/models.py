"""The input data model: what a secretariat keeps about its partnerships.

Everything a document shows is derived from these models; nothing here is
formatted. The models are strict about shape (unknown fields are refused, so a
misspelt key never silently drops data) and about meaning (cross-references,
currencies, years), and :func:`tdagdoc.input.checks.check_report` returns every problem at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any, Literal, Self

from babel.numbers import list_currencies
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from tdagdoc import frameworks
from tdagdoc.categories import Membership, PartnerType, Priority, Region
from tdagdoc.countries import codes
from tdagdoc.input.markup import NOTE_NAME
from tdagdoc.languages import LANGUAGE_CODES, Lang, LangCode
from tdagdoc.numbers import quantize
from tdagdoc.xmlchars import NOT_XML

# The shapes text fields must have, by name: the loader words its messages by these names.
PATTERNS: dict[str, str] = {
    "id": r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
    "currency": r"^[A-Z]{3}$",
    "email": r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
    "document_number": r"^TDAG-\d{2}/(INF/|DT/)?\d{1,4}$",
    "inf_number": r"^TDAG-\d{2}/INF/\d{1,4}$",
    "month": r"^\d{4}-(0[1-9]|1[0-2])$",
}

Id = Annotated[str, StringConstraints(pattern=PATTERNS["id"], max_length=64)]
CURRENCIES = frozenset(list_currencies()) - {"XXX", "XTS"}
"""ISO 4217 codes, from Babel's CLDR data (less the codes for "no currency" and tests)."""


def _iso_currency(value: str) -> str:
    if value not in CURRENCIES:
        raise ValueError(f"{value!r} is not an ISO 4217 currency code")
    return value


Currency = Annotated[str, StringConstraints(pattern=PATTERNS["currency"]),
                     AfterValidator(_iso_currency)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=10_000)]


_CONTROL_NAMES = {0x00: "null", 0x08: "backspace", 0x0B: "vertical tab", 0x0C: "form feed",
                  0x1B: "escape", 0xFFFE: "noncharacter", 0xFFFF: "noncharacter"}


_SEARCH_NOT_XML = NOT_XML.search


def xml_safe(value: Any) -> Any:
    """Refuse text that a Word document cannot hold, naming the character.

    Such characters (a vertical tab from a spreadsheet cell, a NUL from a bad
    export) would make lxml fail half-way through writing, or Word refuse the
    file, so they are refused with the data, before anything is built.

    >>> xml_safe("AT&T <Labs> \u202e\U0001f600")
    'AT&T <Labs> \u202e\U0001f600'
    >>> xml_safe("Line\vbreak")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: contains U+000B (vertical tab) at character 5, which a Word document cannot ...
    """
    if type(value) is str:  # the common case, made short: every field of every item
        if _SEARCH_NOT_XML(value) is None:
            return value
        texts: Sequence[Any] = (value,)
    elif isinstance(value, list | tuple):
        texts = value
    elif isinstance(value, str):
        texts = (value,)
    else:
        return value  # numbers, dates, mappings: their texts are fields of their own
    for i, text in enumerate(texts):
        if not isinstance(text, str) or not (bad := NOT_XML.search(text)):
            continue
        code = ord(bad.group())
        name = _CONTROL_NAMES.get(code, "surrogate" if 0xD800 <= code <= 0xDFFF else "control")
        item = f"item {i + 1} " if texts is value else ""
        raise ValueError(f"{item}contains U+{code:04X} ({name}) at character {bad.start() + 1}, "
                         "which a Word document cannot hold; remove it")
    return value


class Model(BaseModel):
    """Base for all input models: unknown fields are errors, values are frozen.

    Every text field, whichever reader filled it, passes :func:`xml_safe`.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _xml_safe(cls, value: Any) -> Any:
        return xml_safe(value)

    @model_validator(mode="after")
    def _share_fields_set(self) -> Self:
        """Share pydantic's set of the fields given among models that gave the same ones.

        Each model keeps that set (for ``exclude_unset``); at 100 000 agreements
        and their contributions the sets alone were some 90 MB, nearly half of
        the data. Frozen models never change theirs (``model_copy`` copies it).
        """
        fields = self.__pydantic_fields_set__
        shared = _FIELDS_SETS.setdefault(frozenset(fields), fields)
        if shared is not fields:
            object.__setattr__(self, "__pydantic_fields_set__", shared)
        return self


_FIELDS_SETS: dict[frozenset[str], set[str]] = {}


class Localized(Model):
    """A text in up to six languages; English is required, the others fall back to it."""

    en: Text
    fr: Text | None = None
    es: Text | None = None
    ru: Text | None = None
    ar: Text | None = None
    zh: Text | None = None

    def get(self, lang: str) -> str | None:
        """The text in ``lang``, or None when it has no translation there.

        >>> Localized(en="UNICEF", fr="UNICEF (fr)").get("fr")
        'UNICEF (fr)'
        >>> Localized(en="UNICEF").get("ar") is None
        True
        """
        text: str | None = getattr(self, lang)
        return text


if tuple(Localized.model_fields) != LANGUAGE_CODES:  # pragma: no cover - caught on import
    raise AssertionError("Localized must have one field per language of LANGUAGE_CODES")


class Meeting(Model):
    """The meeting the document is submitted to."""

    body: Literal["TDAG"] = "TDAG"
    number: int = Field(ge=1, le=999, description="ordinal of the meeting, e.g. 32")
    city: Localized
    country: Localized
    start: dt.date
    end: dt.date


class Contact(Model):
    """The contact box at the end of the document (name and post as each language writes them)."""

    name: Localized
    post: Localized
    phone: Text
    email: Annotated[str, StringConstraints(pattern=PATTERNS["email"])]


MAX_CONTACTS = 10
"""A contact box lists at most this many people: it must stay on one page."""


class DocumentMeta(Model):
    """The header block, title and contact of the contribution."""

    meeting: Meeting
    number: Annotated[str, StringConstraints(pattern=PATTERNS["document_number"])]
    revision: int | None = Field(default=None, ge=1, le=99)
    addendum: int | None = Field(default=None, ge=1, le=99)
    corrigendum: int | None = Field(default=None, ge=1, le=99)
    date: dt.date
    original_language: LangCode = "en"
    agenda_item: Text | None = None
    source: Localized
    title: Localized
    inf_document: Annotated[str, StringConstraints(pattern=PATTERNS["inf_number"])] | None = (
        None
    )
    contact: list[Contact] = Field(min_length=1, max_length=MAX_CONTACTS)
    """The people to contact, in the box's order: one mapping or a list of them."""

    @field_validator("contact", mode="before")
    @classmethod
    def _one_or_more(cls, value: Any) -> Any:
        """A single ``contact: {name: …}`` is a list of one (error paths then drop the
        index, :func:`~tdagdoc.input.messages.error_path`)."""
        return [value] if isinstance(value, dict) else value

    @property
    def version_suffix(self) -> str:
        """``(Rev.1)``, ``(Add.2)``, ``(Corr.1)`` or ``""``: ITU's mark of a later version.

        File names and the running header of later pages carry it
        (``TDAG-25/7(Rev.1)-E``); the first-page header spells it out.
        """
        for label, value in (("Rev", self.revision), ("Add", self.addendum),
                             ("Corr", self.corrigendum)):
            if value:
                return f"({label}.{value})"
        return ""

    def document_number(self, lang: Lang, companion: str | None = None, *,
                        version: bool = True) -> str:
        """The number with its language letter: the one place it is assembled.

        ``TDAG-25/7(Rev.1)-E`` for the running header and (with ``/`` made ``-``)
        the file name; ``version=False`` gives the first-page header's
        ``TDAG-25/7-E``, which spells the version out. A ``companion`` document
        (the INF document) has its own number and no version mark.
        """
        if companion is not None:
            return f"{companion}-{lang.letter}"
        return f"{self.number}{self.version_suffix if version else ''}-{lang.letter}"


def countries() -> frozenset[str]:
    """ISO 3166 alpha-2 codes of the countries and areas the UN names (UNTERM, M49)."""
    return codes()


class Development(StrEnum):
    """The UN's developed/developing status of a partner's country."""

    DEVELOPED = "developed"
    DEVELOPING = "developing"


class Grouping(StrEnum):
    """The UN groupings of countries that the Kigali Action Plan names."""

    LDC = "ldc"
    """Least developed countries."""
    SIDS = "sids"
    """Small island developing States."""
    LLDC = "lldc"
    """Landlocked developing countries."""
    TRANSITION = "transition"
    """Countries with economies in transition."""


class Partner(Model):
    """A body that signed at least one agreement with BDT."""

    id: Id
    name: Localized
    type: PartnerType
    membership: Membership = Membership.NONE
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] | None = Field(
        default=None, description="ISO 3166 alpha-2 code of the partner's country")
    development: Development | None = None
    groupings: list[Grouping] = Field(default_factory=list)

    @field_validator("country")
    @classmethod
    def _iso_country(cls, value: str | None) -> str | None:
        if value is not None and value not in countries():
            raise ValueError(f"{value!r} is not the ISO 3166 code of a country or area "
                             "that the UN names")
        return value

    @model_validator(mode="after")
    def _groupings_fit(self) -> Self:
        """Groupings belong to a country, and the developing ones to a developing country."""
        if (self.groupings or self.development) and self.country is None:
            raise ValueError("development and groupings describe a country: give country")
        if len(set(self.groupings)) != len(self.groupings):
            raise ValueError("groupings lists a grouping twice")
        developing = {Grouping.LDC, Grouping.SIDS, Grouping.LLDC} & set(self.groupings)
        if developing and self.development == Development.DEVELOPED:
            raise ValueError(f"{', '.join(sorted(developing))} are developing countries, "
                             "but development is developed")
        return self
    first_agreement: int | None = Field(
        default=None, ge=1990, le=2100,
        description="year of the partner's first agreement with BDT, when the data's "
                    "agreements do not go back that far")


class ContributionKind(StrEnum):
    """Money, or support in kind (experts, equipment, premises) valued in USD."""

    FINANCIAL = "financial"
    IN_KIND = "in-kind"


class Contribution(Model):
    """A contribution under an agreement, valued in USD at the date of signature.

    In-kind support is valued like money but never counted with it: the report
    states it on its own.
    """

    kind: ContributionKind = ContributionKind.FINANCIAL
    amount: Decimal = Field(gt=0, max_digits=18, decimal_places=2)
    currency: Currency = "USD"
    usd: Decimal | None = Field(default=None, gt=0, max_digits=18, decimal_places=2)
    by: Id | None = Field(
        default=None, description="'itu', or the id of the partner that gives it"
    )

    @property
    def usd_value(self) -> Decimal:
        """The USD value at signature (the amount itself for USD contributions).

        A contribution in another currency without ``usd`` has it filled from the
        rates table when the data is loaded (:func:`apply_rates`).
        """
        if self.usd is not None:
            return self.usd
        return self.amount


RATE_TOLERANCE = Decimal("0.02")
"""How far (2 %) a given ``usd`` may stray from the UN operational rate before a warning.

The UN sets its operational rates once a month; an agreement's own conversion, on
the day of signature or by the partner's bank, may differ a little from the month's
rate, but not by more than a few per cent.
"""


class Rate(Model):
    """A UN operational rate of exchange: units of ``currency`` to one US dollar in ``month``."""

    currency: Currency
    month: Annotated[str, StringConstraints(pattern=PATTERNS["month"])]
    per_usd: Decimal = Field(gt=0, max_digits=18, decimal_places=6)

    @field_validator("month", mode="before")
    @classmethod
    def _month_of_date(cls, value: Any) -> Any:
        """A spreadsheet's date cell for the first of the month is that month."""
        if isinstance(value, dt.date):
            if value.day != 1:
                raise ValueError(f"{value} is a day, not a month: write YYYY-MM")
            return f"{value:%Y-%m}"
        return value


Rates = dict[tuple[str, str], Decimal]
"""Units per USD by (currency, ``YYYY-MM``)."""


def month_of(day: dt.date) -> str:
    """The ``YYYY-MM`` under which the rates table gives a day's rate.

    >>> month_of(dt.date(2024, 3, 15))
    '2024-03'
    """
    return f"{day.year:04d}-{day.month:02d}"


def converted(amount: Decimal, per_usd: Decimal) -> Decimal:
    """``amount`` in USD at ``per_usd`` units to the dollar, to the cent, half up.

    >>> converted(Decimal("100000"), Decimal("0.921"))
    Decimal('108577.63')
    >>> converted(Decimal("1"), Decimal("8"))  # 0.125 rounds half up
    Decimal('0.13')
    """
    return quantize(amount / per_usd, 2)


class Agreement(Model):
    """A signed partnership agreement."""

    id: Id
    signed: dt.date
    partners: list[Id] = Field(min_length=1)
    regions: list[Region] = Field(min_length=1)
    priorities: list[Priority] = Field(min_length=1)
    contributions: list[Contribution] = Field(default_factory=list)
    start: dt.date | None = Field(default=None, description="first day of a multi-year "
                                  "agreement's period (it still counts in its year of signature)")
    end: dt.date | None = Field(default=None, description="last day of the agreement's period")

    @model_validator(mode="after")
    def _period(self) -> Self:
        """A period has both ends, in order."""
        if (self.start is None) != (self.end is None):
            raise ValueError(f"agreement {self.id!r}: give both start and end of its period, "
                             "or neither")
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError(f"agreement {self.id!r}: its period ends ({self.end}) before it "
                             f"starts ({self.start})")
        return self

    @property
    def financial(self) -> list[Contribution]:
        """The contributions in money: those the financial figures count."""
        return [c for c in self.contributions if c.kind is ContributionKind.FINANCIAL]

    @property
    def in_kind(self) -> list[Contribution]:
        """The in-kind contributions, reported on their own."""
        return [c for c in self.contributions if c.kind is ContributionKind.IN_KIND]


NoteName = Annotated[str, StringConstraints(pattern=rf"^{NOTE_NAME}$", max_length=64)]


class Highlight(Model):
    """A paragraph of the year's own text, in up to six languages, with its footnotes.

    The text takes the small markup of :mod:`tdagdoc.input.markup`; ``notes``
    holds the text of each ``[^name]`` footnote.
    """

    text: Localized
    notes: dict[NoteName, Localized] = Field(default_factory=dict)


class YearTotals(Model):
    """Totals of an earlier year, for the five-year table."""

    year: int = Field(ge=1990, le=2100)
    agreements: int = Field(ge=0)
    financial_agreements: int = Field(ge=0)
    usd: Decimal = Field(ge=0, max_digits=18, decimal_places=2)


class Report(Model):
    """One reporting year of partnerships: the whole input of a contribution."""

    year: int = Field(ge=1990, le=2100)
    document: DocumentMeta
    partners: list[Partner] = Field(default_factory=list)
    agreements: list[Agreement] = Field(default_factory=list)
    history: list[YearTotals] = Field(default_factory=list)
    rates: list[Rate] = Field(default_factory=list)
    highlights: list[Highlight] = Field(
        default_factory=list, description="the year's own paragraphs for Key actions and results")
    results_note: Highlight | None = Field(
        default=None, description="a short paragraph closing the results section")
    framework: str | None = Field(
        default=None, description="the WTDC outcomes the report is written under "
                                  "(wtdc-22, wtdc-25); by default the reporting year's")

    @field_validator("framework")
    @classmethod
    def _known_framework(cls, value: str | None) -> str | None:
        if value is not None and value not in frameworks.known():
            raise ValueError(f"unknown framework {value!r}: the known frameworks are "
                             f"{', '.join(frameworks.known())}")
        return value

    @property
    def outcomes(self) -> frameworks.Framework:
        """The framework the report is written under: the data's, or its year's."""
        return frameworks.chosen(self.framework, self.year)

    @cached_property
    def rate_table(self) -> Rates:
        """The rates keyed by (currency, month); the data was checked for duplicates."""
        return {(r.currency, r.month): r.per_usd for r in self.rates}

    @cached_property
    def partners_by_id(self) -> dict[str, Partner]:
        """Partners keyed by id (the data was checked, so every reference resolves)."""
        return {p.id: p for p in self.partners}


def apply_rates(report: Report) -> Report:
    """The report with every contribution's USD value: given, or from its month's rate.

    Run on checked data, where every contribution in another currency without
    ``usd`` has a rate; the amounts in their own currency stay beside it.
    """
    table = report.rate_table
    if not table:
        return report
    agreements = []
    changed = False
    for a in report.agreements:
        if any(c.usd is None and c.currency != "USD" for c in a.contributions):
            month = month_of(a.signed)
            a = a.model_copy(update={"contributions": [
                c.model_copy(update={"usd": converted(c.amount, table[(c.currency, month)])})
                if c.usd is None and c.currency != "USD" else c
                for c in a.contributions]})
            changed = True
        agreements.append(a)
    return report.model_copy(update={"agreements": agreements}) if changed else report


def rate_disagreements(report: Report) -> list[tuple[str, str]]:
    """Given USD values that stray from the month's UN rate by more than
    :data:`RATE_TOLERANCE`, as (path, message): warnings, or errors when strict."""
    table = report.rate_table
    out = []
    for i, a in enumerate(report.agreements):
        month = month_of(a.signed)
        for j, c in enumerate(a.contributions):
            rate = table.get((c.currency, month))
            if c.usd is None or c.currency == "USD" or rate is None:
                continue
            expected = converted(c.amount, rate)
            if abs(c.usd - expected) > expected * RATE_TOLERANCE:
                out.append((f"agreements[{i}].contributions[{j}].usd",
                            f"agreement {a.id!r}: USD {c.usd} differs by more than "
                            f"{RATE_TOLERANCE:%} from USD {expected}, the value of "
                            f"{c.currency} {c.amount} at the UN operational rate of {month} "
                            f"({rate} per USD)"))
    return out
