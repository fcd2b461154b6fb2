"""Golden XML per part and language, compared exactly (text and its spaces included).

Parts are compared pretty-printed (not as zip bytes), so a difference reads as a
line of XML. The test never writes the golden files: after an intended change to
templates, catalogs or the writer, regenerate them with
``python scripts/update_golden.py`` and review the diff of ``tests/golden/``
like any other change.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from lxml import etree

from conftest import Docx
from tdagdoc.languages import LANGUAGE_CODES

GOLDEN = Path(__file__).resolve().parent / "golden"
PARTS = ("word/document.xml", "word/footnotes.xml", "word/charts/chart1.xml")


def pretty(xml: bytes) -> bytes:
    """A part as stored in ``tests/golden``: one element a line, text untouched."""
    parser = etree.XMLParser(remove_blank_text=True)
    return etree.tostring(etree.fromstring(xml, parser), pretty_print=True, encoding="utf-8")


def first_difference(a: etree._Element, b: etree._Element, here: str = "") -> str | None:
    """Where two trees first differ (tag, attributes, text, tail, children), or None."""
    here = here or f"/{etree.QName(a).localname}"
    if a.tag != b.tag:
        return f"{here}: element {b.tag} expected, got {a.tag}"
    if dict(a.attrib.items()) != dict(b.attrib.items()):
        return f"{here}: attributes {dict(b.attrib.items())} expected, got {dict(a.attrib.items())}"
    if (a.text or "") != (b.text or ""):
        return f"{here}: text {b.text!r} expected, got {a.text!r}"
    if (a.tail or "") != (b.tail or ""):
        return f"{here}: text after it {b.tail!r} expected, got {a.tail!r}"
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
    expected = golden.read_bytes()
    if got == expected:
        return
    parser = etree.XMLParser(remove_blank_text=True)
    where = first_difference(etree.fromstring(got, parser), etree.fromstring(expected, parser))
    diff = "\n".join(list(difflib.unified_diff(
        expected.decode().splitlines(), got.decode().splitlines(), "golden", "built",
        lineterm="", n=1))[:12])
    pytest.fail(f"{lang} {part} differs from {golden} at {where or 'the bytes'}; "
                f"regenerate with scripts/update_golden.py if intended:\n{diff}")


def golden_path(lang: str, part: str) -> Path:
    return GOLDEN / lang / part.replace("/", "_")


def test_first_difference_names_the_place():
    a = etree.fromstring("<r><p><t>one</t></p><p x='1'/></r>")
    b = etree.fromstring("<r><p><t>one</t></p><p x='2'/></r>")
    assert first_difference(a, a) is None
    assert first_difference(a, b) == "/r/p[1]: attributes {'x': '2'} expected, got {'x': '1'}"


def test_a_lost_space_is_a_difference():
    """Spaces inside text count: ``<w:t> were:</w:t>`` is not ``<w:t>were:</w:t>``."""
    a = etree.fromstring('<r><t xml:space="preserve"> were:</t></r>')
    b = etree.fromstring('<r><t xml:space="preserve">were:</t></r>')
    assert first_difference(a, b) == "/r/t[0]: text 'were:' expected, got ' were:'"
    assert pretty(etree.tostring(a)) != pretty(etree.tostring(b))
    c = etree.fromstring("<r><t>x</t>tail </r>")
    d = etree.fromstring("<r><t>x</t>tail</r>")
    assert first_difference(c, d) == "/r/t[0]: text after it 'tail' expected, got 'tail '"
