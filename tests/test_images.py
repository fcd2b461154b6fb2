"""Images are checked before they are embedded (issue 13, item 3).

Each hostile image is made here. A refused one gives exit status 2, a message
naming the file and no output; an accepted one gives a valid document whose
picture fits the logo cell.
"""

from __future__ import annotations

import io
import os
import struct
import time
import zlib
from pathlib import Path

import pytest
from PIL import Image as PILImage

import tdagdoc
from conformance import format_validation_errors, require_tool, validate_docx
from conftest import SMALL, Docx
from tdagdoc import cli
from tdagdoc.docx.writer import LOGO_HEIGHT, LOGO_WIDTH
from tdagdoc.errors import TdagdocError
from tdagdoc.input import images

WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


def encoded(fmt: str, size: tuple[int, int] = (120, 60), mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    PILImage.new(mode, size, "navy").save(out, fmt)
    return out.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A PNG that declares ``width``×``height`` pixels but holds almost none: no memory spent."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\0" * 100)) + chunk(b"IEND", b""))


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def build_with(tmp_path: Path, logo: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    out = tmp_path / "out"
    status = cli.main(["build", str(SMALL), "--logo", str(logo), "--out", str(out), "-q"])
    err = capsys.readouterr().err
    if status:
        assert not out.exists()
        assert "Traceback" not in err
    return status, err


# --- refused, with the file's name ---------------------------------------------------------------

def _truncated(fmt: str) -> bytes:
    data = encoded(fmt, (300, 300))
    return data[: len(data) * 2 // 3]


REFUSED = {
    "empty.png": (b"", "the image file is empty"),
    "text.png": (b"just some text, not pixels\n", "not an image"),
    "half.png": (_truncated("PNG"), "the image is truncated or corrupt"),
    "half.jpg": (_truncated("JPEG"), "the image is truncated or corrupt"),
    "half.tiff": (_truncated("TIFF"), "the image is truncated or corrupt"),
    "huge.png": (png_header(30000, 30000), "more than 25,000,000 pixels"),
    "wide.png": (png_header(100_000, 300), "the image has 100000×300 pixels, more than "
                                           "25,000,000 (MAX_IMAGE_PIXELS)"),
    "zero.bmp": (b"BM" + b"\0" * 12 + struct.pack("<IiiHHIIiiII", 40, 0, 0, 1, 24, 0, 0,
                                                   2835, 2835, 0, 0), ""),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_bad_image_is_refused_naming_the_file(tmp_path, capsys, name):
    data, message = REFUSED[name]
    path = write(tmp_path, name, data)
    status, err = build_with(tmp_path, path, capsys)
    assert status == 2
    assert err.startswith(f"tdagdoc: {path}: ")
    assert message in err
    assert err.count("\n") == 1


def test_a_zero_sized_image_is_refused(tmp_path):
    with pytest.raises(images.ImageError, match=r"^zero\.gif: "):
        # A GIF header of 0×0 pixels.
        images.check(b"GIF89a\0\0\0\0\0\0\0,\0\0\0\0\0\0\0\0\0\2\2D\1\0;", "zero.gif")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_a_device_is_not_read(tmp_path, capsys):
    start = time.monotonic()
    status, err = build_with(tmp_path, Path("/dev/zero"), capsys)
    assert status == 2
    assert err == ("tdagdoc: /dev/zero: an image must be a regular file, not a device, "
                   "pipe or folder\n")
    assert time.monotonic() - start < 10


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_is_not_waited_on(tmp_path, capsys):
    os.mkfifo(tmp_path / "logo.png")
    status, err = build_with(tmp_path, tmp_path / "logo.png", capsys)
    assert status == 2
    assert "an image must be a regular file" in err


def test_a_folder_is_not_an_image(tmp_path, capsys):
    status, err = build_with(tmp_path, tmp_path, capsys)
    assert (status, err) == (2, f"tdagdoc: {tmp_path}: an image must be a regular file, not a "
                                "device, pipe or folder\n")


def test_a_missing_image_is_named(tmp_path, capsys):
    status, err = build_with(tmp_path, tmp_path / "nowhere.png", capsys)
    assert (status, err) == (2, f"tdagdoc: {tmp_path / 'nowhere.png'}: cannot read the image: "
                                "No such file or directory\n")


def test_at_most_max_image_bytes_are_read(tmp_path, capsys):
    path = tmp_path / "big.png"
    with path.open("wb") as fp:  # sparse: no disk spent
        fp.truncate(images.MAX_IMAGE_BYTES * 50)
    start = time.monotonic()
    status, err = build_with(tmp_path, path, capsys)
    assert (status, err) == (2, f"tdagdoc: {path}: the image has more than 20 MiB "
                                "(MAX_IMAGE_BYTES)\n")
    assert time.monotonic() - start < 10


def test_the_api_checks_logo_bytes_too():
    report = tdagdoc.load(SMALL)
    for data in (b"", b"<svg/>", _truncated("JPEG")):
        with pytest.raises(TdagdocError, match=r"^the logo: "):
            tdagdoc.build(report, "en", logo=data)


# --- accepted, fitted to the cell, and valid -----------------------------------------------------

ACCEPTED = {
    "tall.png": (encoded("PNG", (1, 5000)), "png"),
    "strip.png": (encoded("PNG", (5000, 1)), "png"),
    "photo.jpg": (encoded("JPEG", (640, 480)), "jpg"),
    "cmyk.jpg": (encoded("JPEG", (200, 200), "CMYK"), "png"),  # python-docx cannot place it
    "old.bmp": (encoded("BMP", (300, 100)), "png"),
    "anim.gif": (encoded("GIF", (64, 64), "P"), "png"),
    "scan.tiff": (encoded("TIFF", (100, 300)), "png"),
    "alpha.webp": (encoded("WEBP", (50, 50), "RGBA"), "png"),
    "tiny.png": (encoded("PNG", (1, 1)), "png"),
}


@pytest.fixture(scope="module")
def accepted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("logos")
    report = tdagdoc.load(SMALL)
    built = {}
    for name, (data, _) in ACCEPTED.items():
        path = write(tmp, name, data)
        logo = images.read(path).data
        out = tmp / name.replace(".", "-")
        built[name] = tdagdoc.save(tdagdoc.build(report, "ar", logo=logo), out)
    return built


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_an_accepted_image_fits_the_logo_cell(accepted, name):
    data, ext = ACCEPTED[name]
    doc = Docx(accepted[name])
    media = [n for n in doc.names if n.startswith("word/media/")]
    assert len(media) == 1 and media[0].endswith(f".{ext}")
    embedded = PILImage.open(io.BytesIO(doc.blob(media[0])))
    embedded.load()
    source = PILImage.open(io.BytesIO(data))
    assert embedded.size == source.size
    extent = doc.body.find(f".//{{{WP}}}extent")
    cx, cy = int(extent.get("cx")), int(extent.get("cy"))
    assert 0 < cx <= LOGO_WIDTH and 0 < cy <= LOGO_HEIGHT
    assert cx == LOGO_WIDTH or cy == LOGO_HEIGHT  # as large as the cell allows
    width, height = source.size
    assert abs(cx / cy - width / height) <= max(width / height, height / width) * 0.01 + 1 / cy


@pytest.mark.parametrize(("name", "warning"), [
    ("old.bmp", "a BMP image, embedded as PNG"),
    ("cmyk.jpg", "a JPEG image, embedded as PNG"),
    ("photo.jpg", None),
])
def test_a_converted_image_is_reported(tmp_path, capsys, name, warning):
    path = write(tmp_path, name, ACCEPTED[name][0])
    out = tmp_path / "out"
    assert cli.main(["build", str(SMALL), "--logo", str(path), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert (f"tdagdoc: warning: {path}: {warning}\n" in err) if warning else "warning" not in err
    assert len(list(out.iterdir())) == 1


def test_png_and_jpeg_are_embedded_as_they_are(accepted):
    for name in ("tall.png", "photo.jpg"):
        media = next(n for n in Docx(accepted[name]).names if n.startswith("word/media/"))
        assert Docx(accepted[name]).blob(media) == ACCEPTED[name][0]


@pytest.mark.conformance
def test_documents_with_accepted_images_pass_the_validator(accepted):
    require_tool("validator")
    results = validate_docx(list(accepted.values()))
    assert not any(results.values()), format_validation_errors(results)


def test_fit_keeps_within_word_limits():
    assert images.fit(1, 10**9, LOGO_WIDTH, LOGO_HEIGHT) == (1, LOGO_HEIGHT)
    assert images.fit(10**9, 1, LOGO_WIDTH, LOGO_HEIGHT) == (LOGO_WIDTH, 1)
    assert images.fit(10, 10, 10**12, 10**12) == (images.WORD_MAX_EMU, images.WORD_MAX_EMU)
