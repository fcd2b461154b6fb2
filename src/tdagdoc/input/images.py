"""Images users pass (the header's logo): read with a bound, decoded in full, checked.

A logo comes from anywhere (a colleague, the web), so before it is embedded:

- at most :data:`MAX_IMAGE_BYTES` are read, and only from a regular file, so
  ``/dev/zero`` or a pipe cannot fill the memory or hang the build;
- Pillow reads the header; an empty file, a file that is no image, a size of
  zero pixels or more than :data:`MAX_IMAGE_PIXELS` are refused before the
  pixels are decoded; then the whole image is decoded, so a truncated or
  corrupt one is refused too, with the file's name, never a traceback;
- PNG, and JPEG in colour or grey in its JFIF or Exif form, which every
  version of Word and LibreOffice shows (and python-docx can place), are
  embedded as they are; anything else Pillow reads (a CMYK JPEG, GIF, BMP,
  TIFF, WebP...) is converted to PNG, its first frame for an animation;
- :func:`fit` gives the size it is shown at: the largest that fits the logo
  cell keeping its proportions, so a 1×5000 strip cannot be stretched past
  what Word accepts.
"""

from __future__ import annotations

import io
import os
import stat
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from tdagdoc.errors import TdagdocError

if TYPE_CHECKING:
    from PIL import Image as PILImage

# Pillow is imported where an image is checked: a build without a logo or a picture
# never pays for it.

#: Bytes read from an image file (a logo is tens of kilobytes).
MAX_IMAGE_BYTES = 20 * 2**20
#: Pixels an image may have (5000 × 5000), checked from its header before decoding.
MAX_IMAGE_PIXELS = 25_000_000
#: The largest extent Word accepts for a drawing, in EMU (a signed 32-bit number).
WORD_MAX_EMU = 2**31 - 1


class ImageError(TdagdocError):
    """An image that cannot be embedded: not readable, not an image, or too big."""


@dataclass(frozen=True)
class Image:
    """A checked image: PNG or JPEG bytes and their size in pixels."""

    data: bytes
    format: str  # "PNG" or "JPEG"
    width: int
    height: int
    converted_from: str | None = None  # the format read, when converted to PNG

    @property
    def note(self) -> str | None:
        """What the conversion did, for a warning; ``None`` when embedded as given."""
        if self.converted_from is None:
            return None
        return f"a {self.converted_from} image, embedded as PNG"


def read(path: Path) -> Image:
    """Read and check the image at ``path``; :class:`ImageError` names the file."""
    try:
        # Not blocking, so that a pipe is refused instead of waited on.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise ImageError(f"{path}: cannot read the image: {exc.strerror}") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise ImageError(f"{path}: an image must be a regular file, not a device, "
                         "pipe or folder")
    with os.fdopen(fd, "rb") as fp:
        try:
            data = fp.read(MAX_IMAGE_BYTES + 1)
        except OSError as exc:
            raise ImageError(f"{path}: cannot read the image: {exc.strerror}") from None
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageError(f"{path}: the image has more than {MAX_IMAGE_BYTES // 2**20} MiB "
                         "(MAX_IMAGE_BYTES)")
    return check(data, str(path))


def check(data: bytes, name: str = "the image") -> Image:
    """Check image bytes and return them as PNG or JPEG; ``name`` is used in messages.

    >>> img = check(_png(3, 2), "logo.png")
    >>> img.format, img.width, img.height, img.data == _png(3, 2)
    ('PNG', 3, 2, True)
    >>> check(b"%PDF-1.7", "logo.pdf")
    Traceback (most recent call last):
      ...
    tdagdoc.input.images.ImageError: logo.pdf: not an image (PNG or JPEG; GIF, BMP, TIFF \
and WebP are converted to PNG)
    """
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageError(f"{name}: the image has more than {MAX_IMAGE_BYTES // 2**20} MiB "
                         "(MAX_IMAGE_BYTES)")
    return _check(data, name)


@lru_cache(maxsize=2)
def _check(data: bytes, name: str) -> Image:
    """The check, made once for the same bytes (each language's document embeds them)."""
    if not data:
        raise ImageError(f"{name}: the image file is empty")
    from PIL import Image as PILImage
    from PIL import UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            # Pillow warns of a decompression bomb; the limit below is stricter.
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            with PILImage.open(io.BytesIO(data)) as img:
                width, height = img.size
                if width <= 0 or height <= 0:
                    raise ImageError(f"{name}: the image has no pixels ({width}×{height})")
                if width * height > MAX_IMAGE_PIXELS:
                    raise ImageError(
                        f"{name}: the image has {width}×{height} pixels, more than "
                        f"{MAX_IMAGE_PIXELS:,} (MAX_IMAGE_PIXELS); a logo needs far fewer")
                fmt = img.format or ""
                img.load()  # every pixel: a truncated file fails here, not in Word
                if fmt == "PNG" or (fmt == "JPEG" and img.mode in ("L", "RGB")
                                    and data[6:10] in (b"JFIF", b"Exif")):
                    return Image(data, fmt, width, height)
                return Image(_to_png(img), "PNG", width, height, fmt or "unnamed")
    except UnidentifiedImageError:
        raise ImageError(f"{name}: not an image (PNG or JPEG; GIF, BMP, TIFF and WebP are "
                         "converted to PNG)") from None
    except PILImage.DecompressionBombError:
        raise ImageError(f"{name}: the image has more than {MAX_IMAGE_PIXELS:,} pixels "
                         "(MAX_IMAGE_PIXELS)") from None
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError,
            MemoryError) as exc:
        # What Pillow raises for a truncated or corrupt file.
        raise ImageError(f"{name}: the image is truncated or corrupt ({exc})") from None


def _to_png(img: PILImage.Image) -> bytes:
    """The image's first frame as PNG, in a mode PNG holds."""
    img.seek(0)
    if img.mode not in ("1", "L", "LA", "P", "RGB", "RGBA", "I;16"):
        img = img.convert("RGBA" if "A" in img.getbands() or "transparency" in img.info
                          else "RGB")
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def fit(width: int, height: int, box_width: int, box_height: int) -> tuple[int, int]:
    """The extent (EMU) an image of ``width``×``height`` pixels is shown at in a box.

    As large as fits, proportions kept, never below 1 EMU nor above Word's limit.

    >>> fit(100, 100, 792000, 1080000)      # a square logo: the cell's width
    (792000, 792000)
    >>> fit(1, 5000, 792000, 1080000)       # a tall strip: the cell's height
    (216, 1080000)
    >>> fit(5000, 1, 792000, 1080000)
    (792000, 158)
    """
    scale = min(box_width / width, box_height / height)
    cx = min(max(1, round(width * scale)), WORD_MAX_EMU)
    cy = min(max(1, round(height * scale)), WORD_MAX_EMU)
    return cx, cy


def _png(width: int, height: int) -> bytes:
    """A small PNG, for the examples above."""
    from PIL import Image as PILImage

    out = io.BytesIO()
    PILImage.new("RGB", (width, height), "white").save(out, "PNG")
    return out.getvalue()
