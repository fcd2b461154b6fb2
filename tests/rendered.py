"""Reading rendered pages back: words with their boxes, blank bands (a helper module).

``pdftotext -bbox-layout`` gives every word with its box, grouped in flows, blocks and
lines; ``pdftoppm`` gives the pixels, from which the empty bands of a page are measured
(charts are drawings, which have no words but do fill a page).
"""

from __future__ import annotations

import itertools
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

XHTML = "{http://www.w3.org/1999/xhtml}"
POINTS_PER_CM = 72 / 2.54


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    lines: tuple[tuple[Word, ...], ...]  # in pdftotext's reading order, block by block
    blocks: tuple[tuple[tuple[Word, ...], ...], ...]


def pages(pdf: Path) -> list[Page]:
    """The words of every page, from ``pdftotext -bbox-layout``."""
    out = subprocess.run(["pdftotext", "-bbox-layout", "-enc", "UTF-8", str(pdf), "-"],
                         capture_output=True, check=True).stdout
    root = etree.fromstring(out, etree.XMLParser(recover=True, huge_tree=True))
    result = []
    for page in root.iter(f"{XHTML}page"):
        blocks = []
        for block in page.iter(f"{XHTML}block"):
            lines = []
            for line in block.iter(f"{XHTML}line"):
                words = tuple(
                    Word(w.text or "", *(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")))
                    for w in line.iter(f"{XHTML}word"))
                if words:
                    lines.append(words)
            blocks.append(tuple(lines))
        result.append(Page(float(page.get("width")), float(page.get("height")),
                           tuple(line for block in blocks for line in block), tuple(blocks)))
    return result


def blank_bands(
    pdf: Path, margin_cm: float = 2.0, dpi: int = 20
) -> list[list[tuple[float, float]]]:
    """Per page, the runs of empty rows between the top and bottom margins, in points."""
    from PIL import Image  # Pillow comes with python-docx's image support

    with tempfile.TemporaryDirectory(prefix="tdagdoc-png-") as tmp:
        subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), "-png", str(pdf),
                        str(Path(tmp) / "p")], check=True, capture_output=True)
        files = sorted(Path(tmp).glob("p-*.png"), key=lambda p: int(re.findall(r"\d+", p.stem)[-1]))
        result = []
        for f in files:
            with Image.open(f) as image:
                gray = image.convert("L")
                w, h = gray.size
                scale = 72 / dpi
                top = int(margin_cm * POINTS_PER_CM / scale)
                bottom = h - top
                data = gray.load()
                bands: list[tuple[float, float]] = []
                start = None
                for y in range(top, bottom):
                    empty = all(data[x, y] > 245 for x in range(w))  # type: ignore[operator]
                    if empty and start is None:
                        start = y
                    elif not empty and start is not None:
                        bands.append((start * scale, y * scale))
                        start = None
                if start is not None:
                    bands.append((start * scale, bottom * scale))
                result.append(bands)
        return result


# --- what a reader searches for ---------------------------------------------------------

_INVISIBLE = re.compile("[\u200b-\u200f\u2060-\u2064\u2066-\u2069\u202a-\u202e\u061c\ufeff]")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


def plain(text: str) -> str:
    """Text as a search matches it: no-break spaces as spaces, the non-breaking hyphen as
    a hyphen (python-docx and pdftotext read ``w:noBreakHyphen`` so), bidi controls that
    pdftotext adds dropped, spaces collapsed."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", text).replace("\u2011", "-")).strip()


def spaced(text: str) -> str:
    """Text with its no-break spaces as spaces and its non-breaking hyphens as hyphens,
    every other character kept: what a search typed with plain spaces and hyphens finds.

    >>> spaced("TDAG\u201125/INF/1, 3\u202f380万美元") == "TDAG-25/INF/1, 3 380万美元"
    True
    """
    return _SPACES.sub(" ", text.replace("\u2011", "-")).strip()


def squeezed(text: str) -> str:
    """:func:`plain` without any space: how a token is matched across pdftotext's word
    boxes, which split and join words at spaces as the layout has them."""
    return plain(text).replace(" ", "")


def line_texts(pdf: list[Page], by_height: bool = False) -> list[str]:
    """Every line of every page, its words joined without spaces (:func:`squeezed`).

    ``by_height``: the words at one height of a page make a line, left to right, as
    pdftotext splits a right-to-left line into a line per direction.
    """
    if not by_height:
        return [squeezed("".join(w.text for w in line)) for page in pdf for line in page.lines]
    out = []
    for page in pdf:
        rows: dict[int, list[Word]] = {}
        for line in page.lines:
            for w in line:
                rows.setdefault(round((w.y0 + w.y1) / 2 / 3), []).append(w)
        for _, row in sorted(rows.items()):
            row.sort(key=lambda w: w.x0)
            start = 0
            for i in range(1, len(row) + 1):  # a gap wider than a column's margins: a cell
                if i == len(row) or row[i].x0 - row[i - 1].x1 > CELL_GAP:
                    out.append(squeezed("".join(w.text for w in row[start:i])))
                    start = i
    return out


CELL_GAP = 12  # points between words of one line at most: wider is the next table cell
_ARABIC = re.compile("[\u0600-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


def _count(key: str, text: str) -> int:
    """Occurrences of ``key`` in ``text`` that are not part of a longer number.

    A digit group after a separator ("1,234") is part of one; a count after a footnote
    mark and a comma ("agreements1, 9 of which" on the page) is not.

    >>> _count("9of", "agreements1,9ofwhich"), _count("234of", "1,234of")
    (1, 0)
    """
    head = "(?<![0-9])(?!(?<=[0-9][.,])[0-9]{3}(?![0-9]))" if key[:1].isdigit() else ""
    tail = "(?![0-9])(?![.,][0-9])" if key[-1:].isdigit() else ""
    return len(re.findall(f"{head}{re.escape(key)}{tail}", text))


def _whole(key: str, lines: list[str]) -> int:
    """How many times ``key`` (squeezed) stands whole on a line.

    pdftotext gives the words of a right-to-left line in visual order, and their
    letters too, so for a token with Arabic words only its left-to-right parts (numbers,
    Latin) are matched: each whole, all on one line.
    """
    if not _ARABIC.search(key):
        return sum(_count(key, line) for line in lines)
    parts = [p for p in re.split(f"{_ARABIC.pattern}+", key) if p.strip(".,،")]
    if not parts:
        return -1  # nothing to match in visual order
    return sum(min(_count(p, line) for p in parts) for line in lines)


@dataclass(frozen=True)
class Broken:
    """A token the PDF shows whole fewer times than the document prints it."""

    token: str
    whole: int
    printed: int
    splits: tuple[tuple[str, str], ...]  # (end of one line, start of the next), where seen

    def __str__(self) -> str:
        seen = [f"{a} | {b}" for a, b in self.splits[:3]]
        return f"{plain(self.token)!r}: {self.whole} of {self.printed} whole; {seen}"


def broken_across_lines(tokens: set[str], docx_text: str, pdf: list[Page]) -> list[Broken]:
    """The tokens that the document prints more often than the PDF shows them whole on a
    line: each is broken somewhere. Tokens the document does not print are skipped."""
    lines = line_texts(pdf, by_height=bool(_ARABIC.search(docx_text)))
    text = squeezed(docx_text)
    broken = []
    for token in sorted(tokens):
        key = squeezed(token)
        printed = _count(key, text)
        if not key or not printed:
            continue
        whole = _whole(key, lines)
        if whole < 0:
            continue
        if whole < printed:
            splits = tuple((key[:k], key[k:]) for a, b in itertools.pairwise(lines)
                           for k in range(1, len(key)) if a.endswith(key[:k])
                           and b.startswith(key[k:]))
            broken.append(Broken(token, whole, printed, splits))
    return broken
