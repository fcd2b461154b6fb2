"""Reading rendered pages back: words with their boxes, blank bands (a helper module).

``pdftotext -bbox-layout`` gives every word with its box, grouped in flows, blocks and
lines; ``pdftoppm`` gives the pixels, from which the empty bands of a page are measured
(charts are drawings, which have no words but do fill a page).
"""

from __future__ import annotations

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
