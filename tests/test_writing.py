"""A build writes all its documents or none, names the path of a write error, and keeps
two builds into one folder apart."""

from __future__ import annotations

import errno
import fcntl
import os
import tempfile
import threading
import time
from pathlib import Path

import pytest

from conftest import SMALL
from tdagdoc import cli, pipeline


def build(out: Path, data: Path = SMALL, *extra: str) -> int:
    return cli.main(["build", str(data), "--lang", "en,fr,ar", "--inf", "--out", str(out), "-q",
                     *extra])


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()} \
        if folder.exists() else {}


@pytest.fixture
def other_data(tmp_path: Path) -> Path:
    """The small data with another title: its documents differ from the first set's."""
    path = tmp_path / "other.yaml"
    path.write_text(SMALL.read_text("utf-8").replace(
        "title: {en: Partnerships", "title: {en: Other partnerships"), "utf-8")
    return path


def failing_on(n: int, real, error: int = errno.ENOSPC):
    calls = []

    def fake(*args, **kwargs):
        calls.append(args)
        if len(calls) == n:
            raise OSError(error, os.strerror(error))
        return real(*args, **kwargs)

    return fake


def test_a_full_disk_leaves_the_folder_as_it_was(tmp_path, capsys, monkeypatch, other_data):
    out = tmp_path / "out"
    assert build(out) == 0
    before = snapshot(out)
    assert len(before) == 6
    monkeypatch.setattr(os, "fsync", failing_on(3, os.fsync))
    assert build(out, other_data) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"tdagdoc: cannot write {out / 'TDAG-25-7-F.docx'}: No space left on "
                          "device; nothing was written")
    assert "Traceback" not in err
    assert snapshot(out) == before
    assert sorted(p.name for p in out.iterdir()) == sorted(before)  # no temporary left


def test_a_full_disk_on_a_new_folder_leaves_no_folder(tmp_path, capsys, monkeypatch):
    out = tmp_path / "new" / "out"
    monkeypatch.setattr(os, "fsync", failing_on(1, os.fsync))
    assert build(out) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert not out.exists()


def test_a_failure_while_moving_puts_back_the_earlier_set(tmp_path, capsys, monkeypatch,
                                                          other_data):
    out = tmp_path / "out"
    assert build(out) == 0
    before = snapshot(out)
    # the fourth move: the second document (its earlier version was moved aside first)
    monkeypatch.setattr(os, "replace", failing_on(4, os.replace, errno.EIO))
    assert build(out, other_data) == 2
    assert "cannot write" in capsys.readouterr().err
    monkeypatch.undo()
    assert snapshot(out) == before


def test_a_permission_error_names_the_folder(tmp_path, capsys, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkdtemp", denied)
    assert build(out) == 2
    assert capsys.readouterr().err == (f"tdagdoc: cannot write {out}: Permission denied; "
                                       "nothing was written\n")
    assert list(out.iterdir()) == []


def test_leftovers_of_an_interrupted_build_are_cleared_and_nothing_else(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    ours = [out / ".TDAG-25-7-E.docx.k2j4h5g6.tmp", out / ".TDAG-25-7-E.pdf.a1b2c3d4.tmp"]
    for path in ours:
        path.write_bytes(b"half a document")
    staging = out / ".tdagdoc-abc123.tmp"
    staging.mkdir()
    (staging / "TDAG-25-7-E.docx").write_bytes(b"half")
    theirs = [out / ".notes.tmp", out / "draft.docx.tmp", out / ".TDAG-25-7-E.docx.tmp",
              out / "TDAG-25-7-E.docx.k2j4h5g6.tmp"]
    for path in theirs:
        path.write_bytes(b"someone else's")
    assert build(out) == 0
    assert not any(p.exists() for p in [*ours, staging])
    assert all(p.read_bytes() == b"someone else's" for p in theirs)


def hold_lock(folder: Path) -> int:
    fd = os.open(folder, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


def test_a_second_build_into_a_locked_folder_fails_clearly(tmp_path, capsys, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(pipeline, "LOCK_WAIT", 0.5)
    fd = hold_lock(out)
    try:
        assert build(out) == 2
    finally:
        os.close(fd)
    assert capsys.readouterr().err == (f"tdagdoc: another tdagdoc build is writing into {out}; "
                                       "waited 0.5 s: try again when it has finished\n")
    assert list(out.iterdir()) == []


def test_a_second_build_waits_for_the_first(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    fd = hold_lock(out)
    thread = threading.Timer(0.5, os.close, (fd,))
    thread.start()
    start = time.monotonic()
    paths = pipeline.save_all({"TDAG-25-7-E.docx": b"second"}, out)
    waited = time.monotonic() - start
    thread.join()
    assert waited >= 0.4
    assert paths == [out / "TDAG-25-7-E.docx"]
    assert snapshot(out) == {"TDAG-25-7-E.docx": b"second"}
