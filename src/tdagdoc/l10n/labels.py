"""The translatable names of the data's categories.

The ITU-D priorities are not here: each framework names its own
(:mod:`tdagdoc.frameworks`).

The msgids are marked with ``N_`` so that extraction puts them in the catalog;
they are translated when a table, chart or sentence needs them.
"""

from __future__ import annotations

from enum import StrEnum

from tdagdoc.categories import Membership, PartnerType, Region


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet."""
    return message


PARTNER_TYPES: dict[StrEnum, str] = {
    PartnerType.GOVERNMENT: N_("Governments and government agencies"),
    PartnerType.UN_ENTITY: N_("United Nations entities"),
    PartnerType.INTERGOVERNMENTAL: N_("Intergovernmental and regional organizations"),
    PartnerType.PRIVATE_SECTOR: N_("Private sector"),
    PartnerType.ACADEMIA: N_("Academia and research institutions"),
    PartnerType.FOUNDATION_NGO: N_("Foundations and non-governmental organizations"),
    PartnerType.FINANCIAL_INSTITUTION: N_("Financial institutions"),
}

MEMBERSHIPS: dict[StrEnum, str] = {
    Membership.MEMBER_STATE: N_("Member States"),
    Membership.SECTOR_MEMBER: N_("ITU-D Sector Members"),
    Membership.ASSOCIATE: N_("ITU-D Associates"),
    Membership.ACADEMIA: N_("Academia"),
    Membership.REGIONAL_ORGANIZATION: N_("Regional and other international organizations"),
    Membership.NONE: N_("Not ITU members"),
}

REGIONS: dict[StrEnum, str] = {
    Region.AFRICA: N_("Africa"),
    Region.AMERICAS: N_("Americas"),
    Region.ARAB_STATES: N_("Arab States"),
    Region.ASIA_PACIFIC: N_("Asia and the Pacific"),
    Region.CIS: N_("CIS"),
    Region.EUROPE: N_("Europe"),
    Region.GLOBAL: N_("Interregional and global"),
}

ORIGINAL: dict[str, str] = {
    "en": N_("Original: English"),
    "fr": N_("Original: French"),
    "es": N_("Original: Spanish"),
    "ru": N_("Original: Russian"),
    "ar": N_("Original: Arabic"),
    "zh": N_("Original: Chinese"),
}
ONLY: dict[str, str] = {
    "en": N_("English only"),
    "fr": N_("French only"),
    "es": N_("Spanish only"),
    "ru": N_("Russian only"),
    "ar": N_("Arabic only"),
    "zh": N_("Chinese only"),
}
"""ITU's notice, in place of "Original: …", on a document issued in its original only."""


def label(value: StrEnum) -> str:
    """The English msgid naming a category value.

    >>> label(Region.ASIA_PACIFIC)
    'Asia and the Pacific'
    """
    for table in (PARTNER_TYPES, MEMBERSHIPS, REGIONS):
        if value in table and type(value) is type(next(iter(table))):
            return table[value]
    raise KeyError(value)
