"""The data's categories: the values partner types, memberships, regions and priorities take.

The models check the data against them, the tables and charts count by them and
the catalogs name them (:mod:`tdagdoc.l10n.labels`), so they sit below both
``input`` and ``l10n``.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Membership", "PartnerType", "Priority", "Region"]


class PartnerType(StrEnum):
    """What kind of body a partner is (the pie chart of partners by type)."""

    GOVERNMENT = "government"
    UN_ENTITY = "un-entity"
    INTERGOVERNMENTAL = "intergovernmental"
    PRIVATE_SECTOR = "private-sector"
    ACADEMIA = "academia"
    FOUNDATION_NGO = "foundation-ngo"
    FINANCIAL_INSTITUTION = "financial-institution"


class Membership(StrEnum):
    """The partner's ITU membership category (none for non-members)."""

    MEMBER_STATE = "member-state"
    SECTOR_MEMBER = "sector-member"
    ASSOCIATE = "associate"
    ACADEMIA = "academia"
    REGIONAL_ORGANIZATION = "regional-organization"
    NONE = "none"


class Region(StrEnum):
    """ITU regions, plus interregional/global work."""

    AFRICA = "africa"
    AMERICAS = "americas"
    ARAB_STATES = "arab-states"
    ASIA_PACIFIC = "asia-pacific"
    CIS = "cis"
    EUROPE = "europe"
    GLOBAL = "global"


class Priority(StrEnum):
    """The ITU-D priorities the tables know; each framework names those it has."""

    CONNECTIVITY = "connectivity"
    DIGITAL_TRANSFORMATION = "digital-transformation"
    POLICY_REGULATION = "policy-regulation"
    RESOURCE_MOBILIZATION = "resource-mobilization"
    INCLUSIVE_SECURE = "inclusive-secure"
