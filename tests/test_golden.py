"""Golden XML per part and language, compared as trees (not as zip bytes).

After an intended change to templates, catalogs or the writer, regenerate with the
separate command ``python tests/update_golden.py`` and review the diff of
``tests/golden/`` like any other change; this test only compares.
"""

from __future__ import annotations

import pytest
from lxml import etree

from conftest import Docx
from tdagdoc.l10n.languages import LANGUAGE_CODES
from update_golden import PARTS, golden_path, pretty


def first_difference(a: etree._Element, b: etree._Element, here: str = "") -> str | None:
    """Where two trees first differ (tag, attributes, text, children), or None."""
    here = here or f"/{etree.QName(a).localname}"
    if a.tag != b.tag:
        return f"{here}: element {b.tag} expected, got {a.tag}"
    if dict(a.attrib) != dict(b.attrib):
        return f"{here}: attributes {dict(b.attrib)} expected, got {dict(a.attrib)}"
    if (a.text or "").strip() != (b.text or "").strip():
        return f"{here}: text {b.text!r} expected, got {a.text!r}"
    if len(a) != len(b):
        return f"{here}: {len(b)} children expected, got {len(a)}"
    for i, (ca, cb) in enumerate(zip(a, b, strict=True)):
        found = first_difference(ca, cb, f"{here}/{etree.QName(ca).localname}[{i}]")
        if found:
            return found
    return None


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
@pytest.mark.parametrize("part", PARTS)
def test_part_matches_golden(docs: dict[str, Docx], lang: str, part: str):
    got = pretty(docs[lang].blob(part))
    golden = golden_path(lang, part)
    parser = etree.XMLParser(remove_blank_text=True)
    expected = etree.fromstring(golden.read_bytes(), parser)
    difference = first_difference(etree.fromstring(got, parser), expected)
    assert difference is None, f"{lang} {part} differs from {golden.name}: {difference}"


def test_first_difference_names_the_place():
    a = etree.fromstring("<r><p><t>one</t></p><p x='1'/></r>")
    b = etree.fromstring("<r><p><t>one</t></p><p x='2'/></r>")
    assert first_difference(a, a) is None
    assert first_difference(a, b) == "/r/p[1]: attributes {'x': '2'} expected, got {'x': '1'}"
