"""What a reader sees is what a search finds: no invisible characters inside the text.

Word joiners, zero-width spaces, bidi marks and isolates make "TDAG-25/INF/1" or
"3 380万美元" unfindable by Word's Find, and pandoc and copy-and-paste carry them on.
The one exception is the left-to-right mark that opens or closes a left-to-right run
in Arabic text, which LibreOffice needs to order the run (README, "Right-to-left").
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import NS

INVISIBLE = re.compile("[\u200b-\u200f\u2060-\u2064\u2066-\u2069\u202a-\u202e\u061c\ufeff]")
LRM = "\u200e"


def _misplaced(path: Path) -> list[str]:
    """Invisible characters of a document's text parts, but an LRM at a run's end."""
    found = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if not re.fullmatch(r"word/(document|footnotes|header\d*|footer\d*)\.xml", name):
                continue
            for r in etree.fromstring(z.read(name)).iter(f"{{{NS['w']}}}r"):
                text = "".join(t.text or "" for t in r.iter(f"{{{NS['w']}}}t"))
                inner = text[1:-1] if len(text) > 1 else ""
                ends = text[:1] + text[-1:]
                bad = INVISIBLE.findall(inner) + [c for c in INVISIBLE.findall(ends) if c != LRM]
                if bad:
                    found.append(f"{path.name}: {name}: {text!r}")
    return found


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ru", "ar", "zh"])
def test_no_invisible_characters_inside_the_text(built: dict[str, Path],
                                                 infs: dict[str, Path], lang: str):
    found = _misplaced(built[lang]) + _misplaced(infs[lang])
    assert not found, "\n".join(found[:20])


def test_left_to_right_marks_only_in_arabic(built: dict[str, Path], infs: dict[str, Path]):
    for lang in ("en", "fr", "es", "ru", "zh"):
        for path in (built[lang], infs[lang]):
            with zipfile.ZipFile(path) as z:
                text = z.read("word/document.xml").decode()
            assert not INVISIBLE.search(text), path.name


def test_chinese_numbers_keep_their_units_in_word(built: dict[str, Path]):
    """Word's kinsoku lists hold a number to its unit (3 380万美元, 2027年12月31日, 第32次)
    where an invisible joiner did before; the other languages have none."""
    w = f"{{{NS['w']}}}"
    with zipfile.ZipFile(built["zh"]) as z:
        settings = etree.fromstring(z.read("word/settings.xml"))
    names = [etree.QName(c).localname for c in settings]
    at = names.index("noLineBreaksAfter")
    assert names[at + 1] == "noLineBreaksBefore" and names.index("characterSpacingControl") < at
    after, before = settings[at], settings[at + 1]
    assert {after.get(f"{w}lang"), before.get(f"{w}lang")} == {"zh-CN"}
    assert set("第年月万亿") <= set(after.get(f"{w}val"))
    assert set("年月日万亿元个") | set("，。、）") <= set(before.get(f"{w}val"))
    with zipfile.ZipFile(built["en"]) as z:
        assert b"noLineBreaks" not in z.read("word/settings.xml")
