"""Benchmark: tdagdoc against the usual tools, doing the same work, as whole processes.

Run by hand (not part of the test suite), from the repository root::

    pip install -e '.[bench]'
    python bench/run.py                      # 1 000, 10 000 and 100 000 agreements
    python bench/run.py --sizes 10000        # the ratios of the targets, quicker
    python bench/run.py --sizes 10000 --repeat 5

Every measurement is a fresh Python process, timed from its start to its exit
by this script (interpreter start-up and imports included: that is what a user
waits for), with its own peak memory (the child's maximum resident set,
``os.wait4``) and CPU time (user and system). Byte code is compiled once,
before the timed runs, into a temporary cache (``PYTHONPYCACHEPREFIX``), as an
installed package has it. The machine may be shared, so the tools run
interleaved, round after round, and each keeps its best round. The data sets
are written by ``tdagdoc sample`` (seed 1).

What is compared:

- **tdagdoc, INF + report**: ``python -m tdagdoc build DATA --inf --lang en``,
  from loading the JSON data to the saved report (with its charts) and INF
  document (the lists of agreements and of financial partners).
- **the table alone**, the INF list of agreements given ready as strings (made
  by tdagdoc beforehand, not timed: that favours the other tools), read from a
  JSON file: docxtpl's ``{%tr for %}`` row loop in a table of the same reference
  document; python-docx's public table API (``add_row().cells``, 1 000 rows
  only: it is quadratic); a raw lxml writer that appends the same ``w:tbl``
  (same properties, header row, widths, one paragraph per value) in one pass
  and saves with python-docx; and **the text floor**: the same ``w:tbl``
  markup joined as strings and zipped into a bare package (content types,
  relationships, the document part), the least any writer of that table does.
- **the six-language report** from the example data: ``tdagdoc build --lang all``,
  from loading to the six saved files, against python-docx writing the same
  paragraphs and tables (python-docx cannot write footnotes or charts;
  tdagdoc's time includes them).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "partnerships-2024.yaml"
SEED = 1
PYTHON_DOCX_MAX_ROWS = 1000
END_COLUMNS = {6}  # the amount column of the agreements list is aligned to the end


# --------------------------------------------------------------------------- preparation
# Made once per data set, before anything is timed.


def prepare_rows(data: Path, out: Path) -> None:
    """The INF list of agreements as header texts and rows of cells of strings, and a
    docxtpl template of it (``rows.json``, ``template.docx`` in ``out``)."""
    import docx

    import tdagdoc
    from tdagdoc.document.inf import AGREEMENT_WIDTHS, agreements
    from tdagdoc.l10n.localizer import Localizer
    from tdagdoc.l10n.translations import translations
    from tdagdoc.languages import get_lang
    from tdagdoc.resources import reference_docx

    report = tdagdoc.load(data)
    loc = Localizer(get_lang("en"), translations(get_lang("en")))
    table = agreements(report, tdagdoc.compute(report), loc)

    def texts(cell: Any) -> list[str]:
        return [p.plain for p in cell.paragraphs]

    header = ["\n".join(texts(c)) for c in table.header[0]]
    rows = [[texts(c) for c in row] for row in table.rows]
    (out / "rows.json").write_text(json.dumps({"header": header, "rows": rows,
                                               "widths": AGREEMENT_WIDTHS}), encoding="utf-8")
    # The template: the reference document with a header row and a {%tr for %} row.
    template = docx.Document(str(reference_docx()))
    body = template.element.body
    for child in list(body):
        if not child.tag.endswith("sectPr"):
            body.remove(child)
    tbl = template.add_table(rows=4, cols=len(header))
    tbl.style = template.styles["ITU Data Table"]
    for cell, text in zip(tbl.rows[0].cells, header, strict=True):
        cell.text = text
    tbl.rows[1].cells[0].text = "{%tr for r in rows %}"
    for i, cell in enumerate(tbl.rows[2].cells):
        cell.text = f"{{{{ r[{i}] }}}}"
    tbl.rows[3].cells[0].text = "{%tr endfor %}"
    for column, width in zip(tbl.columns, AGREEMENT_WIDTHS, strict=True):
        column.width = width * 635
    template.save(str(out / "template.docx"))


def prepare_six(data: Path, out: Path) -> None:
    """The six reports' paragraphs (style name, text) and tables (rows of texts), as
    ``six.json`` in ``out``."""
    import tdagdoc
    from tdagdoc import blocks as b
    from tdagdoc import styles
    from tdagdoc.document.narrative import build_document
    from tdagdoc.l10n.localizer import Localizer
    from tdagdoc.l10n.translations import translations
    from tdagdoc.languages import get_lang

    report = tdagdoc.load(data)
    figures = tdagdoc.compute(report)
    docs = []
    for code in tdagdoc.LANGUAGE_CODES:
        lang = get_lang(code)
        document = build_document(report, figures, Localizer(lang, translations(lang)))
        items: list[tuple[str, Any]] = []
        for block in document.blocks:
            match block:
                case b.Paragraph():
                    items.append(("p", (block.style, block.plain)))
                case b.Heading():
                    text = "".join(i.text for i in block.inlines if isinstance(i, b.Text))
                    items.append(("p", (styles.HEADING_1, f"{block.number}\t{text}")))
                case b.Table():
                    if block.caption:
                        items.append(("p", (styles.FIGURE_TITLE, block.caption.plain)))
                    rows = [*block.header, *block.rows]
                    items.append(("t", [[c.paragraphs[0].plain for c in r] for r in rows]))
                case b.Chart():
                    if block.caption:
                        items.append(("p", (styles.FIGURE_TITLE, block.caption.plain)))
                case b.HeaderBlock():
                    items.append(("t", [["", f"{block.group}\n{block.meeting}",
                                         f"{block.document}\n{block.date}\n{block.original}"]]))
                case b.SummaryBox():
                    items.append(("t", [["\n".join(
                        f"{label}\n" + "\n".join(p.plain for p in paras)
                        for label, paras in block.parts)]]))
                case b.ContactBox():
                    items.append(("t", [list(r) for r in block.rows]))
        docs.append(items)
    (out / "six.json").write_text(json.dumps(docs), encoding="utf-8")


# --------------------------------------------------------------------------- workers
# Each runs in its own, timed process: ``run.py --worker NAME PREPARED OUT``.


def _table(prepared: Path) -> tuple[list[str], list[list[list[str]]], list[int]]:
    found = json.loads((prepared / "rows.json").read_text(encoding="utf-8"))
    return found["header"], found["rows"], found["widths"]


def _reference() -> str:
    return str(ROOT / "templates" / "reference.docx")


def work_docxtpl(prepared: Path, out: Path) -> None:
    from docxtpl import DocxTemplate  # type: ignore[import-untyped]

    _, rows, _ = _table(prepared)
    doc = DocxTemplate(str(prepared / "template.docx"))
    doc.render({"rows": [["\n".join(cell) for cell in row] for row in rows]}, autoescape=True)
    doc.save(str(out / "docxtpl.docx"))


def work_python_docx(prepared: Path, out: Path) -> None:
    import docx

    header, rows, widths = _table(prepared)
    doc = docx.Document(_reference())
    table = doc.add_table(rows=1, cols=len(header))
    table.style = doc.styles["ITU Data Table"]
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width * 635
    for row in rows[:PYTHON_DOCX_MAX_ROWS]:
        for cell, texts in zip(table.add_row().cells, row, strict=True):
            cell.text = texts[0]
            for text in texts[1:]:
                cell.add_paragraph(text, style="Tabletext")
    doc.save(str(out / "python-docx.docx"))


def work_lxml(prepared: Path, out: Path) -> None:
    import docx
    from docx.oxml.ns import qn
    from lxml import etree

    header, rows, widths = _table(prepared)
    doc = docx.Document(_reference())
    body = doc.element.body
    sect_pr = body.find(qn("w:sectPr"))
    sub = etree.SubElement

    def el(parent: Any, tag: str, **attrs: str) -> Any:
        e = sub(parent, qn(tag))
        for k, v in attrs.items():
            e.set(qn(f"w:{k}"), v)
        return e

    tbl = el(body, "w:tbl")
    pr = el(tbl, "w:tblPr")
    el(pr, "w:tblStyle", val=doc.styles["ITU Data Table"].style_id)
    el(pr, "w:tblW", w=str(sum(widths)), type="dxa")
    el(pr, "w:tblLayout", type="fixed")
    grid = el(tbl, "w:tblGrid")
    for w in widths:
        el(grid, "w:gridCol", w=str(w))
    for is_header, cells in [(True, [[h] for h in header])] + [(False, r) for r in rows]:
        tr = el(tbl, "w:tr")
        trpr = el(tr, "w:trPr")
        el(trpr, "w:cantSplit")
        if is_header:
            el(trpr, "w:tblHeader")
        for i, (w, texts) in enumerate(zip(widths, cells, strict=True)):
            tc = el(tr, "w:tc")
            el(el(tc, "w:tcPr"), "w:tcW", w=str(w), type="dxa")
            for text in texts:
                p = el(tc, "w:p")
                ppr = el(p, "w:pPr")
                el(ppr, "w:pStyle", val="Tablehead" if is_header else "Tabletext")
                el(ppr, "w:jc", val="center" if is_header else "right" if i in END_COLUMNS
                   else "left")
                el(el(p, "w:r"), "w:t").text = text
    body.remove(sect_pr)
    body.append(sect_pr)
    doc.save(str(out / "lxml.docx"))


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_BARE = {
    "[Content_Types].xml":
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas'
        '.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType='
        '"application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
        'ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        "</Types>",
    "_rels/.rels":
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://'
        'schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type='
        '"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="word/document.xml"/></Relationships>',
}


def work_text_floor(prepared: Path, out: Path) -> None:
    """The lxml writer's ``w:tbl``, joined as strings and zipped into a bare package."""
    import zipfile
    from xml.sax.saxutils import escape

    header, rows, widths = _table(prepared)
    tc = [f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>' for w in widths]
    ppr = [f'<w:p><w:pPr><w:pStyle w:val="Tabletext"/><w:jc w:val='
           f'"{"right" if i in END_COLUMNS else "left"}"/></w:pPr><w:r><w:t>'
           for i in range(len(widths))]
    head = ('<w:p><w:pPr><w:pStyle w:val="Tablehead"/><w:jc w:val="center"/></w:pPr>'
            "<w:r><w:t>")
    parts = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document '
             f'xmlns:w="{_W}"><w:body><w:tbl><w:tblPr><w:tblStyle w:val="ITUDataTable"/>'
             f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
             "</w:tblPr><w:tblGrid>", *(f'<w:gridCol w:w="{w}"/>' for w in widths),
             "</w:tblGrid><w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"]
    parts += [f"{tc[i]}{head}{escape(text)}</w:t></w:r></w:p></w:tc>"
              for i, text in enumerate(header)]
    parts.append("</w:tr>")
    for row in rows:
        parts.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        for i, texts in enumerate(row):
            parts.append(tc[i])
            parts += [f"{ppr[i]}{escape(text)}</w:t></w:r></w:p>" for text in texts]
            parts.append("</w:tc>")
        parts.append("</w:tr>")
    parts.append("</w:tbl><w:sectPr/></w:body></w:document>")
    with zipfile.ZipFile(out / "floor.docx", "w", zipfile.ZIP_DEFLATED) as package:
        for name, xml in _BARE.items():
            package.writestr(name, xml)
        package.writestr("word/document.xml", "".join(parts).encode("utf-8"))


def work_python_docx_six(prepared: Path, out: Path) -> None:
    import docx

    docs = json.loads((prepared / "six.json").read_text(encoding="utf-8"))
    for n, items in enumerate(docs):
        doc = docx.Document(_reference())
        for kind, value in items:
            if kind == "p":
                doc.add_paragraph(value[1], style=value[0])
            else:
                table = doc.add_table(rows=len(value), cols=len(value[0]))
                table.style = doc.styles["ITU Data Table"]
                for row, texts in zip(table.rows, value, strict=True):
                    for cell, text in zip(row.cells, texts, strict=True):
                        cell.text = text
        doc.save(str(out / f"python-docx-{n}.docx"))


WORKERS = {name[5:].replace("_", "-"): fn for name, fn in globals().items()
           if name.startswith("work_")}


# --------------------------------------------------------------------------- driver


def _env(cache: Path) -> dict[str, str]:
    """The children's environment: this checkout's tdagdoc, byte code cached in ``cache``."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"),
                                         *filter(None, [os.environ.get("PYTHONPATH")])])
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    return env


def measure(argv: list[str], env: dict[str, str]) -> dict[str, float]:
    """Run ``argv`` as a fresh process: its wall time (s) and peak resident memory (MB)."""
    import subprocess

    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({proc.returncode})")
    return {"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime,
            "peak_mb": usage.ru_maxrss / 1024}  # KiB on Linux


def best_of(commands: dict[str, list[str]], rounds: int, env: dict[str, str]
            ) -> dict[str, dict[str, float]]:
    """Each command's best of ``rounds`` interleaved runs, after one untimed run each
    (byte code compiled, files in the page cache)."""
    for argv in commands.values():
        measure(argv, env)
    found: dict[str, list[dict[str, float]]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, argv in commands.items():
            found[name].append(measure(argv, env))
    return {name: {**min(runs, key=lambda r: r["seconds"]),
                   "cpu": min(r["cpu"] for r in runs)} for name, runs in found.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000",
                        help="agreement counts, comma-separated (default: 1000,10000,100000)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="interleaved rounds, the best of which counts (default: 3; one "
                        "above 10 000 agreements)")
    parser.add_argument("--worker", nargs=3, metavar=("NAME", "PREPARED", "OUT"),
                        help=argparse.SUPPRESS)
    parser.add_argument("--prepare", nargs=3, metavar=("WHAT", "DATA", "OUT"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        name, prepared, out = args.worker
        WORKERS[name](Path(prepared), Path(out))
        return
    if args.prepare:
        what, data, out = args.prepare
        (prepare_rows if what == "rows" else prepare_six)(Path(data), Path(out))
        return

    import subprocess
    import tempfile

    sizes = [int(s) for s in args.sizes.split(",")]
    results: dict[str, Any] = {"machine": f"{os.cpu_count()} cores, Python "
                               f"{sys.version.split()[0]}", "inf": {}, "six": {}}
    me = [sys.executable, str(Path(__file__).resolve())]
    tdagdoc = [sys.executable, "-m", "tdagdoc"]
    with tempfile.TemporaryDirectory(prefix="tdagdoc-bench-") as tmp:
        env = _env(Path(tmp) / "pycache")
        out = str(Path(tmp) / "out")
        for n in sizes:
            folder = Path(tmp) / f"sample-{n}"
            folder.mkdir()
            data = folder / "data.json"
            subprocess.run([*tdagdoc, "sample", "--agreements", str(n), "--seed", str(SEED),
                            "--out", str(data)], check=True, stdout=subprocess.DEVNULL, env=env)
            subprocess.run([*me, "--prepare", "rows", str(data), str(folder)], check=True,
                           env=env)
            commands = {"tdagdoc-inf": [*tdagdoc, "build", str(data), "--inf", "--lang", "en",
                                        "--out", out, "--quiet"]}
            for worker in ("text-floor", "lxml", "docxtpl", "python-docx"):
                if worker != "python-docx" or n <= PYTHON_DOCX_MAX_ROWS:
                    commands[worker] = [*me, "--worker", worker, str(folder), tmp]
            row = best_of(commands, args.repeat if n <= 10_000 else 1, env)
            for worker, m in row.items():
                print(f"{n:>7} {worker:<12} {m['seconds']:8.2f} s {m['cpu']:8.2f} s CPU "
                      f"{m['peak_mb']:7.0f} MB", flush=True)
            results["inf"][n] = row
        subprocess.run([*me, "--prepare", "six", str(EXAMPLE), tmp], check=True, env=env)
        results["six"] = best_of({
            "tdagdoc-six": [*tdagdoc, "build", str(EXAMPLE), "--lang", "all", "--out", out,
                            "--quiet"],
            "python-docx-six": [*me, "--worker", "python-docx-six", tmp, tmp],
        }, args.repeat, env)
    for worker, m in results["six"].items():
        print(f"six languages {worker:<16} {m['seconds']:8.2f} s {m['cpu']:8.2f} s CPU "
              f"{m['peak_mb']:7.0f} MB")
    print()
    print(report(results))


def report(results: dict[str, Any]) -> str:
    """The results as a Markdown table, with the ratios the targets are stated in."""
    lines = [f"Machine: {results['machine']}.", "",
             "| agreements | tdagdoc INF + report | text floor (table) | raw lxml (table) | "
             "docxtpl (table) | python-docx API (table) | tdagdoc / floor | "
             "tdagdoc / docxtpl |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|"]

    def cell(m: dict[str, float] | None) -> str:
        return f"{m['seconds']:.2f} s, {m['peak_mb']:.0f} MB" if m else "–"

    for n, row in results["inf"].items():
        ours = row["tdagdoc-inf"]
        lines.append(
            f"| {n:,} | {cell(row['tdagdoc-inf'])} | {cell(row['text-floor'])} | "
            f"{cell(row['lxml'])} | {cell(row['docxtpl'])} | {cell(row.get('python-docx'))} | "
            f"{ours['seconds'] / row['text-floor']['seconds']:.1f} | "
            f"{ours['seconds'] / row['docxtpl']['seconds']:.2f} |")
    lines.append("\nThe same ratios in CPU time (user and system, the least of the rounds: "
                 "what a busy machine disturbs least):")
    for n, row in results["inf"].items():
        ours = row["tdagdoc-inf"]["cpu"]
        lines.append(f"{n:,} agreements: tdagdoc / floor {ours / row['text-floor']['cpu']:.1f}, "
                     f"tdagdoc / docxtpl {ours / row['docxtpl']['cpu']:.2f}.")
    sizes = list(results["inf"])
    for small, big in itertools.pairwise(sizes):
        a = results["inf"][small]["tdagdoc-inf"]["seconds"]
        z = results["inf"][big]["tdagdoc-inf"]["seconds"]
        lines.append(f"\n{big:,} / {small:,} agreements: {z / a:.1f} times the time.")
    six = results["six"]
    lines.append(
        f"\nSix-language report: tdagdoc {cell(six['tdagdoc-six'])}, python-docx "
        f"{cell(six['python-docx-six'])}: ratio "
        f"{six['tdagdoc-six']['seconds'] / six['python-docx-six']['seconds']:.2f}.")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
