"""A script that imports tdagdoc and builds documents inherits nothing process-wide.

The garbage collector, the address-space limit, the timer signal and python-docx's
part registry are the caller's: a library call neither changes them while it runs
nor leaves them changed. Only the command line, which owns its process, pauses the
collector and sets the template limits (:mod:`tdagdoc.process`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import tdagdoc
from conftest import EXAMPLE, ROOT, SMALL
from tdagdoc import cli, process
from tdagdoc.docx.writer import STREAM_ROWS
from tdagdoc.input import sample

SCRIPT = r"""
import gc, json, resource, signal, sys

calls = []
def recording(name, real):
    def call(*args, **kwargs):
        calls.append(name)
        return real(*args, **kwargs)
    return call

resource.setrlimit = recording("setrlimit", resource.setrlimit)
signal.signal = recording("signal", signal.signal)
signal.setitimer = recording("setitimer", signal.setitimer)
gc.disable = recording("gc.disable", gc.disable)
gc.freeze = recording("gc.freeze", gc.freeze)

from docx.opc.part import PartFactory
registry = (dict(PartFactory.part_type_for), PartFactory.part_class_selector)
limits = resource.getrlimit(resource.RLIMIT_AS)
handler = signal.getsignal(signal.SIGALRM)

import tdagdoc

during = []
report = tdagdoc.load(sys.argv[1])
for lang in ("en", "ar"):
    tdagdoc.build(report, lang)
    tdagdoc.build(report, lang, inf=True, on_rows=lambda n: during.append(gc.isenabled()))
print(json.dumps({
    "calls": calls,
    "gc_enabled": gc.isenabled(),
    "during": sorted(set(during)),
    "frozen": gc.get_freeze_count(),
    "limits": resource.getrlimit(resource.RLIMIT_AS) == limits,
    "handler": signal.getsignal(signal.SIGALRM) is handler,
    "registry": (dict(PartFactory.part_type_for), PartFactory.part_class_selector) == registry,
}))
"""


def test_a_script_inherits_nothing_from_the_library(tmp_path: Path) -> None:
    """Reports and INF lists long enough to be streamed (where the collector was paused)."""
    data = tmp_path / "big.yaml"
    data.write_text(sample.dumps(sample.generate(STREAM_ROWS + 50, 1, sample.DEFAULT_YEAR),
                                 ".yaml"), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(data)], capture_output=True,
                          text=True, env=env, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"calls": [], "gc_enabled": True, "during": [True],
                                       "frozen": 0,
                                       "limits": True, "handler": True, "registry": True}


def test_the_command_line_restores_what_it_set(tmp_path: Path) -> None:
    """In-process (a script calling ``cli.main``): the collector is back as it was."""
    assert cli.main(["build", str(SMALL), "--out", str(tmp_path), "-q"]) == 0
    import gc

    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    assert not process.is_owned()


def test_a_reference_document_keeps_its_footnote_separators(tmp_path: Path) -> None:
    """Its footnotes part is read as XML for that document only, relationships and all."""
    from docx.opc.part import PartFactory

    registry = dict(PartFactory.part_type_for)
    report = tdagdoc.load(EXAMPLE)
    first = tdagdoc.save(tdagdoc.build(report, "en"), tmp_path / "first")
    with zipfile.ZipFile(first) as z:
        assert b'w:type="separator"' in z.read("word/footnotes.xml")
    again = tdagdoc.save(tdagdoc.build(report, "en", reference_doc=first), tmp_path / "again")
    with zipfile.ZipFile(again) as z, zipfile.ZipFile(first) as old:
        notes = z.read("word/footnotes.xml")
        assert notes.count(b'w:type="separator"') == 1
        assert notes.count(b"<w:footnote ") == old.read("word/footnotes.xml").count(
            b"<w:footnote ")
        rels = z.read("word/_rels/document.xml.rels")
        assert rels.count(b"relationships/footnotes") == 1
    assert dict(PartFactory.part_type_for) == registry
