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

import functools
import hashlib
import logging
import os
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

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
    """Advance widths of one font file, in em, read once with fontTools."""

    def __init__(self, path: str, index: int) -> None:
        from fontTools.ttLib import TTFont  # type: ignore[import-untyped]  # (untyped)

        # fontTools logs odd but harmless header fields (old timestamps) as warnings.
        logging.getLogger("fontTools").setLevel(logging.ERROR)
        font: Any = TTFont(path, fontNumber=index, lazy=True)
        self.cmap: dict[int, str] = font.getBestCmap() or {}
        self._hmtx = font["hmtx"]
        self._upem = font["head"].unitsPerEm
        self._cache: dict[str, float | None] = {}

    def advance(self, char: str) -> float | None:
        """The character's advance width in em, None when the face lacks it."""
        found = self._cache.get(char, -1.0)
        if found != -1.0:
            return found
        glyph = self.cmap.get(ord(char))
        width = None if glyph is None else self._hmtx[glyph][0] / self._upem
        self._cache[char] = width
        return width


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
