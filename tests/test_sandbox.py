"""User templates cannot touch the data or the machine (issue 13, item 2).

Each hostile template folder is made by the test itself. A refused template
must give exit status 2, one line naming the template, its line and the limit,
and write no file.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import MappingProxyType

import pytest

import tdagdoc
from conftest import EXAMPLE, ROOT, SMALL, Docx
from tdagdoc import cli
from tdagdoc.document import sandbox
from tdagdoc.errors import TdagdocError
from tdagdoc.figures import compute

REPORT = "report.xml.j2"


def folder_with(tmp_path: Path, body: str, name: str = REPORT) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(body, encoding="utf-8")
    return folder


def refused(tmp_path: Path, folder: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """Build with ``folder`` on the command line; assert status 2 and no file; the message."""
    out = tmp_path / "out"
    status = cli.main(["build", str(SMALL), "--templates", str(folder), "--out", str(out), "-q"])
    err = capsys.readouterr().err
    assert status == 2, err
    assert not out.exists()
    assert "Traceback" not in err
    return err


# --- the data handed to templates is read-only ---------------------------------------------------

def test_a_template_cannot_change_the_figures(tmp_path, capsys):
    folder = folder_with(tmp_path, "<document>\n<p>x</p>\n"
                         "{% do f.partners_by_type.update({'company': 10**6}) %}\n</document>\n")
    assert refused(tmp_path, folder, capsys) == (
        f"tdagdoc: {folder / REPORT}:3: a template cannot change the data it is given "
        "('update' of a read-only dict)\n")


@pytest.mark.parametrize("code", [
    "{% do f.partners_by_membership.setdefault('x', 1) %}",
    "{% do doc.meeting.city.__dict__.update({'en': 'x'}) %}",
    "{% for t in f.by_region %}{% do t.__setattr__('usd', 0) %}{% endfor %}",
])
def test_nothing_inside_the_data_can_be_changed(tmp_path, code):
    folder = folder_with(tmp_path, f"<document>\n{code}\n</document>\n")
    with pytest.raises(TdagdocError, match=rf"^{folder / REPORT}:2: .*(unsafe|cannot change)"):
        tdagdoc.build(tdagdoc.load(SMALL), "en", templates=folder)


def test_a_list_inside_the_data_cannot_grow_but_the_templates_own_can(tmp_path):
    env = sandbox.Sandbox(extensions=["jinja2.ext.do"])
    data = {"names": ["a"], "table": {"k": 1}}
    env.protect([data])
    own = "{% set xs = [] %}{% do xs.append(1) %}{% do xs.extend(d.names) %}{{ xs }}"
    assert env.from_string(own).render(d=data) == "[1, 'a']"
    for code, method in (("d.names.append(2)", "append"), ("d.table.pop('k')", "pop")):
        with pytest.raises(Exception, match=f"cannot change the data it is given .'{method}'"):
            env.from_string(f"{{% do {code} %}}").render(d=data)
    assert data == {"names": ["a"], "table": {"k": 1}}


def test_figures_reach_templates_as_read_only_views():
    figures = compute(tdagdoc.load(EXAMPLE))
    views = sandbox.read_only(figures)
    assert isinstance(views.partners_by_type, MappingProxyType)
    assert dict(views.partners_by_type) == figures.partners_by_type
    with pytest.raises(TypeError):
        views.partners_by_type["company"] = 1


def test_every_language_states_the_computed_figures_whatever_the_template_tries(tmp_path):
    """The attack of the issue: change the figures in one language, see them in another."""
    folder = folder_with(tmp_path, "<document>\n{% if false %}{% do f.partners_by_type.clear() "
                         "%}{% endif %}<p>{{ f.partners_by_type|length }}</p>\n</document>\n")
    report = tdagdoc.load(SMALL)
    figures = compute(report)
    before = dict(figures.partners_by_type)
    for lang in ("en", "fr"):
        doc = Docx(tdagdoc.save(tdagdoc.build(report, lang, templates=folder, figures=figures),
                                tmp_path / lang))
        assert doc.paragraphs() == [str(len(before))]
    assert figures.partners_by_type == before


# --- templates come only from regular files inside the folder ------------------------------------

def test_a_link_out_of_the_folder_is_refused(tmp_path, capsys):
    folder = folder_with(tmp_path, '<document>\n<p>{% include "leak.j2" %}</p>\n</document>\n')
    secret = tmp_path / "secret.txt"
    secret.write_text("the secret", encoding="utf-8")
    (folder / "leak.j2").symlink_to(secret)
    err = refused(tmp_path, folder, capsys)
    assert err == (f"tdagdoc: {folder / REPORT}:2: {folder / 'leak.j2'}: the template is a link "
                   f"to {secret}, outside the template folder {folder}\n")
    assert "the secret" not in err


def test_a_link_to_etc_passwd_prints_nothing_of_it(tmp_path, capsys):
    folder = folder_with(tmp_path, '<document>\n<p>{% include "leak.j2" %}</p>\n</document>\n')
    (folder / "leak.j2").symlink_to("/etc/passwd")
    assert "outside the template folder" in refused(tmp_path, folder, capsys)


def test_the_document_template_itself_may_not_link_out(tmp_path, capsys):
    elsewhere = tmp_path / "elsewhere.j2"
    elsewhere.write_text("<document><p>x</p></document>", encoding="utf-8")
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / REPORT).symlink_to(elsewhere)
    assert "is a link to" in refused(tmp_path, folder, capsys)


def test_a_link_inside_the_folder_is_followed(tmp_path):
    folder = folder_with(tmp_path, '<document>\n<p>{% include "alias.j2" %}</p>\n</document>\n')
    (folder / "parts").mkdir()
    (folder / "parts" / "real.j2").write_text("<b>linked</b> text", encoding="utf-8")
    (folder / "alias.j2").symlink_to(Path("parts") / "real.j2")
    doc = Docx(tdagdoc.save(tdagdoc.build(tdagdoc.load(SMALL), "en", templates=folder),
                            tmp_path))
    assert doc.paragraphs() == ["linked text"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_is_refused_without_waiting_for_it(tmp_path, capsys):
    folder = folder_with(tmp_path, '<document>\n<p>{% include "pipe.j2" %}</p>\n</document>\n')
    os.mkfifo(folder / "pipe.j2")
    start = time.monotonic()
    err = refused(tmp_path, folder, capsys)
    assert time.monotonic() - start < 10
    assert err.endswith(f"{folder / 'pipe.j2'}: a template must be a regular file\n")


@pytest.mark.parametrize("name", ["../outside.j2", "sub/../../outside.j2", "/etc/passwd"])
def test_parent_paths_are_not_templates(tmp_path, capsys, name):
    (tmp_path / "outside.j2").write_text("<b>outside</b>", encoding="utf-8")
    folder = folder_with(tmp_path, f'<document>\n<p>{{% include "{name}" %}}</p>\n</document>\n')
    assert refused(tmp_path, folder, capsys) == (
        f"tdagdoc: {folder / REPORT}:2: no template named {name!r}\n")


def test_a_template_too_big_to_be_one_is_refused(tmp_path, capsys):
    folder = folder_with(tmp_path, "<document>\n" + "<p>x</p>\n" * 200_000 + "</document>\n")
    assert refused(tmp_path, folder, capsys).endswith(
        f"{folder / REPORT}: a template may have at most 1,000,000 bytes\n")


# --- limits ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("body", "line", "message"), [
    ("<document>\n<p>{{ 'a' * 10**10 }}</p>\n</document>\n", 2,
     "a repeated text or list of more than 1,000,000 characters or items (MAX_OUTPUT_CHARS)"),
    ("<document>\n<p>{{ [0] * 10**10 }}</p>\n</document>\n", 2,
     "a repeated text or list of more than 1,000,000 characters or items (MAX_OUTPUT_CHARS)"),
    ("<document>\n\n<p>{{ 10 ** 100000 }}</p>\n</document>\n", 3,
     "a power of more than 4096 bits (MAX_INT_BITS)"),
    ("<document>\n{% for i in range(100000) %}{% for j in range(100) %}<p>x</p>\n"
     "{% endfor %}{% endfor %}\n</document>\n", 2,
     "the template writes more than 10,000 blocks (MAX_BLOCKS)"),
    ("<document>\n<p>\n{% for i in range(10000) %}{{ 'x' * 1000 }}{% endfor %}</p>\n"
     "</document>\n", 3,
     "the template writes more than 1,000,000 characters (MAX_OUTPUT_CHARS)"),
    ('<document>\n{% include "report.xml.j2" %}\n</document>\n', 2,
     "includes and macro calls are nested more than 20 deep (MAX_NESTING)"),
    ("{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}\n<document>\n<p>{{ m(0) }}</p>\n"
     "</document>\n", 1,
     "includes and macro calls are nested more than 20 deep (MAX_NESTING)"),
], ids=["text-times", "list-times", "power", "blocks", "characters", "include", "macro"])
def test_limits_stop_a_template_early(tmp_path, capsys, body, line, message):
    folder = folder_with(tmp_path, body)
    start = time.monotonic()
    assert refused(tmp_path, folder, capsys) == f"tdagdoc: {folder / REPORT}:{line}: {message}\n"
    assert time.monotonic() - start < 20  # fails fast: no gigabytes built first


def test_mutual_includes_are_stopped(tmp_path, capsys):
    folder = folder_with(tmp_path, '<document>\n{% include "a.j2" %}\n</document>\n')
    (folder / "a.j2").write_text('<p>a</p>\n{% include "b.j2" %}', encoding="utf-8")
    (folder / "b.j2").write_text('\n{% include "a.j2" %}', encoding="utf-8")
    err = refused(tmp_path, folder, capsys)
    assert "(MAX_NESTING)" in err
    assert err.startswith(f"tdagdoc: {folder}/")


SPIN = ("<document>\n{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}"
        "{% endfor %}\n</document>\n")


@pytest.mark.parametrize("seconds", [0.5, 0.001])
def test_a_template_that_spins_is_stopped_at_the_time_limit(tmp_path, capsys, monkeypatch,
                                                            seconds):
    """However early the limit comes (even while compiling), the message places it."""
    monkeypatch.setattr(sandbox, "MAX_RENDER_SECONDS", seconds)
    folder = folder_with(tmp_path, SPIN)
    start = time.monotonic()
    err = refused(tmp_path, folder, capsys)
    assert time.monotonic() - start < 5
    assert re.fullmatch(rf"tdagdoc: {re.escape(str(folder / REPORT))}:[12]: the template took "
                        rf"more than {seconds:g} seconds \(MAX_RENDER_SECONDS\)\n", err), err


def test_the_time_limit_holds_outside_the_main_thread(tmp_path, monkeypatch):
    """No timer signal there: the limit is seen where the template calls back, as in ``range``."""
    monkeypatch.setattr(sandbox, "MAX_RENDER_SECONDS", 0.5)
    folder = folder_with(tmp_path, SPIN)
    caught: list[BaseException] = []

    def run() -> None:
        try:
            tdagdoc.build(tdagdoc.load(SMALL), "en", templates=folder)
        except TdagdocError as exc:
            caught.append(exc)

    thread = threading.Thread(target=run)
    start = time.monotonic()
    thread.start()
    thread.join(30)
    assert time.monotonic() - start < 10
    assert [str(e).split(": ", 1)[1] for e in caught] == [
        "the template took more than 0.5 seconds (MAX_RENDER_SECONDS)"]


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="the memory cap needs Linux")
def test_a_template_that_needs_too_much_memory_is_stopped(tmp_path, capsys):
    folder = folder_with(tmp_path, "<document>\n<p>{{ 'x'|center(10**10) }}</p>\n</document>\n")
    assert refused(tmp_path, folder, capsys) == (
        f"tdagdoc: {folder / REPORT}:2: the template needs more than 512 MiB of memory "
        "(MAX_RENDER_MEMORY)\n")


HOSTILE = {
    "times": "<document>\n<p>{{ 'a' * 10**10 }}</p>\n</document>\n",
    "paragraphs": "<document>\n{% for i in range(10000) %}{% for j in range(1000) %}<p>x</p>\n"
                  "{% endfor %}{% endfor %}\n</document>\n",
    "include": '<document>\n{% include "report.xml.j2" %}\n</document>\n',
    "center": "<document>\n<p>{{ 'x'|center(10**10) }}</p>\n</document>\n",
    "macro": "{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}<document>\n<p>{{ m(0) }}</p>\n"
             "</document>\n",
    "power": "<document>\n<p>{{ (2 ** 4000) ** (2 ** 4000) }}</p>\n</document>\n",
    "doubling": "{% macro d(s, n) %}{% if n %}{{ d(s ~ s, n - 1) }}{% else %}{{ s|length }}"
                "{% endif %}{% endmacro %}<document>\n<p>{{ d('x' * 1000000, 15) }}</p>\n"
                "</document>\n",
}


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="measures the peak memory on Linux")
def test_hostile_templates_stay_under_a_gigabyte(tmp_path):
    """Each hostile template in a fresh process (with a 3 GB ceiling, should all else fail)."""
    folders = {}
    for name, body in HOSTILE.items():
        (tmp_path / name).mkdir()
        folders[name] = folder_with(tmp_path / name, body)
    script = (
        "import json, resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (3 * 2**30, 3 * 2**30))\n"
        "from tdagdoc import cli\n"
        "status = cli.main(sys.argv[1:])\n"
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024\n"
        "print(json.dumps([status, peak]))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    for name, folder in folders.items():
        out = tmp_path / name / "out"
        done = subprocess.run(
            [sys.executable, "-c", script, "build", str(SMALL), "--templates", str(folder),
             "--out", str(out), "-q"],
            capture_output=True, text=True, env=env, timeout=120, check=False)
        status, peak = json.loads(done.stdout)
        assert status == 2, (name, done.stderr)
        assert "Traceback" not in done.stderr
        assert peak < 2**30, f"{name}: {peak / 2**20:.0f} MiB"
        assert not out.exists()


# --- markup Word cannot hold -------------------------------------------------------------------

@pytest.mark.parametrize(("body", "line", "message"), [
    ("<document>\n<p>a</p>\n<p>outer<fn>x<fn>inner</fn></fn></p>\n</document>\n", 3,
     "a footnote inside a footnote (<fn> in <fn>)"),
    ("<document>\n<p>a</p>\n\n<p><a href='x'>y<a href='z'>w</a></a></p>\n</document>\n", 4,
     "a link inside a link (<a> in <a>)"),
    ("<document>\n<p><a href='x'>y\n<b><fn>note</fn></b></a></p>\n</document>\n", 3,
     "a footnote inside a link (<fn> in <a>)"),
    ("<document>\n<p>x<fn>a\n\n<li>item</li></fn></p>\n</document>\n", 4,
     "unknown inline <li> in the template markup"),
    ("<document>\n<p>x<fn><table ref='top-partners'/></fn></p>\n</document>\n", 2,
     "unknown inline <table> in the template markup"),
    ("<document>\n<p>x</p>\n{% for i in range(2) %}\n<p>{{ i }}</p>\n{% endfor %}\n"
     "<blink>x</blink>\n</document>\n", 6,
     "unknown block <blink> in the template markup"),
    ("<document>\n<p>x</p>\n<chart ref='partners-by-type'>Partners\n<fn>by type</fn></chart>\n"
     "</document>\n", 4, "a footnote inside <chart>, which holds plain text"),
    ("<document>\n<contact-box><row><c>a</c><c>b</c>\n<c><a href='mailto:x@y.z'>x</a></c>"
     "</row></contact-box>\n</document>\n", 3, "a link inside <c>, which holds plain text"),
], ids=["footnote-in-footnote", "link-in-link", "footnote-in-link", "list-in-footnote",
        "table-in-footnote", "unknown-after-loop", "footnote-in-caption", "link-in-cell"])
def test_markup_word_cannot_hold_is_refused_at_its_line(tmp_path, capsys, body, line, message):
    folder = folder_with(tmp_path, body)
    assert refused(tmp_path, folder, capsys) == f"tdagdoc: {folder / REPORT}:{line}: {message}\n"


def test_bad_markup_in_an_include_is_placed_in_the_include(tmp_path, capsys):
    folder = folder_with(tmp_path, '<document>\n<p>a</p>\n{% include "part.j2" %}\n</document>\n')
    (folder / "part.j2").write_text("<p>b</p>\n<p>c<fn>d<fn>e</fn></fn></p>\n", encoding="utf-8")
    assert refused(tmp_path, folder, capsys) == (
        f"tdagdoc: {folder / 'part.j2'}:2: a footnote inside a footnote (<fn> in <fn>)\n")
