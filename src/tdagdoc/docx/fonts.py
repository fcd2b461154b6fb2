"""Fonts as LibreOffice will find them: fontconfig with the project's rules, fontTools metrics.

The reference document names Word's fonts (Calibri, SimSun, Arial); a machine
without them renders with metric-compatible substitutes that fontconfig picks
(Carlito for Calibri, Liberation for Times New Roman and Arial). Chinese needs
one more rule: fontconfig would take the Japanese face of Noto CJK for SimSun,
so the project ships ``templates/fonts/zh-cn.conf``, which makes Chinese use
the Simplified Chinese faces. :func:`fontconfig_env` gives LibreOffice (``--pdf``)
and the width measurer the same configuration, so what is measured is what is drawn.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import logging
import os
import shutil
import struct
import subprocess
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from tdagdoc.resources import templates_dir

SYSTEM_CONFIG = "/etc/fonts/fonts.conf"


def rules_file() -> Path:
    """The project's fontconfig rules (Simplified Chinese faces for ``zh-CN``)."""
    return templates_dir() / "fonts" / "zh-cn.conf"


@functools.cache
def config_file() -> Path:
    """A fontconfig file that reads the user's (or system's) configuration, then ours.

    Written into the temporary directory, named by its content (so runs share it and
    none piles up): fontconfig includes files by absolute path, and the installed
    package's path is only known at run time.
    """
    base = os.environ.get("FONTCONFIG_FILE") or SYSTEM_CONFIG
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        "<fontconfig>\n"
        f'  <include ignore_missing="yes">{_xml(base)}</include>\n'
        f'  <include ignore_missing="yes">{_xml(str(rules_file()))}</include>\n'
        "</fontconfig>\n"
    )
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    path = Path(tempfile.gettempdir()) / f"tdagdoc-fontconfig-{digest}.conf"
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)  # atomic: a parallel run never reads half a file
    return path


def fontconfig_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """``env`` (default: this process's) with ``FONTCONFIG_FILE`` set to :func:`config_file`."""
    result = dict(os.environ if env is None else env)
    result["FONTCONFIG_FILE"] = str(config_file())
    return result


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@functools.cache
def font_file(family: str, bold: bool, char: str | None = None) -> tuple[str, int] | None:
    """The file (and face index) fontconfig draws ``family`` with; None without fontconfig.

    With ``char``, the best face that has that character (as LibreOffice falls back).
    """
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return None
    pattern = f"{family}:weight={'bold' if bold else 'regular'}"
    if char is not None:
        pattern += f":charset={ord(char):x}"
    try:
        out = subprocess.run([fc_match, "-f", "%{file}\n%{index}", pattern],
                             capture_output=True, text=True, timeout=20, check=False,
                             env=fontconfig_env()).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    file, _, index = out.partition("\n")
    if not file or not Path(file).is_file():
        return None
    return file, int(index or 0)


class Face:
    """Advance widths of one font file, in em, read from its tables as they are asked for.

    Only four tables are read (``head``, ``hhea``, ``hmtx`` and the character map),
    kept as bytes and searched in place: a Chinese face maps 45 000 characters,
    which a font library turns into some 60 MB of glyph names and a fifth of a
    second, for the few hundred characters a document has. A character map in a
    format other than the usual two (4, 12) is read with fontTools instead.
    """

    def __init__(self, path: str, index: int) -> None:
        with open(path, "rb") as file:
            tables = _table_directory(file, index)

            def table(tag: bytes) -> bytes:
                offset, length = tables[tag]
                file.seek(offset)
                return file.read(length)

            self._upem = struct.unpack_from(">H", table(b"head"), 18)[0]
            metrics = struct.unpack_from(">H", table(b"hhea"), 34)[0]
            self._hmtx = table(b"hmtx")[: 4 * metrics]
            cmap = table(b"cmap")
        if not self._upem or not metrics or len(self._hmtx) < 4 * metrics:
            raise ValueError(f"{path}: no usable horizontal metrics")
        self._metrics = metrics
        self._glyph = _cmap_lookup(cmap) or _fonttools_cmap(path, index)
        self._cache: dict[str, float | None] = {}

    def advance(self, char: str) -> float | None:
        """The character's advance width in em, None when the face lacks it."""
        found = self._cache.get(char, -1.0)
        if found != -1.0:
            return found
        glyph = self._glyph(ord(char))
        width = None
        if glyph:  # glyph 0 is .notdef: the face lacks the character
            at = 4 * min(glyph, self._metrics - 1)  # past the last metric: its advance
            width = struct.unpack_from(">H", self._hmtx, at)[0] / self._upem
        self._cache[char] = width
        return width


def _table_directory(file: BinaryIO, index: int) -> dict[bytes, tuple[int, int]]:
    """Offset and length of each table of face ``index`` of a font file or collection."""
    head = file.read(12)
    offset = 0
    if head[:4] == b"ttcf":
        if index >= struct.unpack_from(">I", head, 8)[0]:
            raise ValueError(f"no face {index} in the collection")
        file.seek(12 + 4 * index)
        offset = struct.unpack(">I", file.read(4))[0]
        file.seek(offset)
        head = file.read(12)
    elif index:
        raise ValueError(f"no face {index} in a single font")
    count = struct.unpack_from(">H", head, 4)[0]
    records = file.read(16 * count)
    return {records[i:i + 4]: struct.unpack_from(">II", records, i + 8)
            for i in range(0, len(records) - 15, 16)}


# The character maps fontTools' getBestCmap prefers, in its order: (platform, encoding).
_CMAP_PREFERENCE = ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0))


def _cmap_lookup(cmap: bytes) -> Callable[[int], int] | None:
    """Code point -> glyph id (0: none) from the best subtable of format 4 or 12."""
    count = struct.unpack_from(">H", cmap, 2)[0]
    subtables = {struct.unpack_from(">HH", cmap, 4 + 8 * i):
                 struct.unpack_from(">I", cmap, 8 + 8 * i)[0] for i in range(count)}
    for key in _CMAP_PREFERENCE:
        if key in subtables:
            at = subtables[key]
            fmt = struct.unpack_from(">H", cmap, at)[0]
            if fmt == 12:
                return _format_12(cmap, at)
            if fmt == 4:
                return _format_4(cmap, at)
            return None  # the best map is in another format: fontTools reads it
    return None


def _format_4(cmap: bytes, at: int) -> Callable[[int], int]:
    """Segments of the Basic Multilingual Plane (ends, starts, deltas, range offsets)."""
    segments = struct.unpack_from(">H", cmap, at + 6)[0] // 2
    ends_at = at + 14
    ends = struct.unpack_from(f">{segments}H", cmap, ends_at)
    starts = struct.unpack_from(f">{segments}H", cmap, ends_at + 2 * segments + 2)
    deltas: tuple[int, ...] = struct.unpack_from(f">{segments}H", cmap,
                                                 ends_at + 4 * segments + 2)
    ranges_at = ends_at + 6 * segments + 2
    ranges = struct.unpack_from(f">{segments}H", cmap, ranges_at)

    def glyph(code: int) -> int:
        i = bisect.bisect_left(ends, code)
        if i == segments or starts[i] > code:
            return 0
        if not ranges[i]:
            return (code + deltas[i]) & 0xFFFF
        where = ranges_at + 2 * i + ranges[i] + 2 * (code - starts[i])
        if where + 2 > len(cmap):
            return 0
        found: int = struct.unpack_from(">H", cmap, where)[0]
        return (found + deltas[i]) & 0xFFFF if found else 0

    return glyph


def _format_12(cmap: bytes, at: int) -> Callable[[int], int]:
    """Groups of consecutive code points mapped to consecutive glyphs, all of Unicode."""
    groups = struct.unpack_from(">I", cmap, at + 12)[0]
    flat = struct.unpack_from(f">{3 * groups}I", cmap, at + 16)
    firsts, lasts, glyphs = flat[0::3], flat[1::3], flat[2::3]

    def glyph(code: int) -> int:
        i = bisect.bisect_right(firsts, code) - 1
        return glyphs[i] + code - firsts[i] if i >= 0 and code <= lasts[i] else 0

    return glyph


def _fonttools_cmap(path: str, index: int) -> Callable[[int], int]:
    """The glyph ids of the face's best character map as fontTools reads it."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]  # (untyped)

    # fontTools logs odd but harmless header fields (old timestamps) as warnings.
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    font: Any = TTFont(path, fontNumber=index, lazy=True)
    order = {name: i for i, name in enumerate(font.getGlyphOrder())}
    best: dict[int, str] = font.getBestCmap() or {}
    ids = {code: order.get(name, 0) for code, name in best.items()}

    def glyph(code: int) -> int:
        return ids.get(code, 0)

    return glyph


@functools.cache
def face(path: str, index: int) -> Face | None:
    """The :class:`Face` of a font file, None if fontTools cannot read it."""
    try:
        return Face(path, index)
    except Exception:  # fontTools raises many kinds for a broken or odd file
        return None


# Estimates when no font file can be read (no fontconfig, no fontTools, a broken
# font): wide enough that a word measured this way is not broken inside.
ESTIMATE_EM = {"latin": 0.58, "cjk": 1.0, "arabic": 0.5}


def estimate(char: str) -> float:
    """A fallback advance width in em, by script."""
    if is_zero_width(char):
        return 0.0
    if is_cjk(char):
        return ESTIMATE_EM["cjk"]
    if is_rtl(char):
        return ESTIMATE_EM["arabic"]
    return ESTIMATE_EM["latin"]


def is_zero_width(char: str) -> bool:
    """Marks, joiners and direction controls take no room on the line."""
    return unicodedata.category(char) in ("Mn", "Me", "Cf")


def is_cjk(char: str) -> bool:
    """Chinese characters and full-width forms (they take the East-Asian font)."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def is_rtl(char: str) -> bool:
    """Characters of right-to-left scripts (they take the complex-script font)."""
    return unicodedata.bidirectional(char) in ("R", "AL")
