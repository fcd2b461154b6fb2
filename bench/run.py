"""Benchmark: tdagdoc against the usual tools, doing the same work, in one run.

Run by hand (not part of the test suite), from the repository root::

    pip install -e '.[bench]'
    python bench/run.py                      # 1 000, 10 000 and 100 000 agreements
    python bench/run.py --sizes 1000,10000   # a quicker run

Every measurement runs in a fresh Python process, so each gets a clean heap and
its own peak memory (the high-water mark of its resident set, ``VmHWM`` in
``/proc/self/status``: unlike ``ru_maxrss`` it does not inherit the parent's);
times are taken inside the process, after the imports, with ``perf_counter``.
The data sets are written by ``tdagdoc sample`` (seed 1).

What is compared:

- **tdagdoc, INF + report**: ``tdagdoc build DATA --inf --lang en`` (the command
  line's ``main``, in process), from loading the JSON data to the saved report
  and INF document.
- **the table alone**, given the rows already as strings (their formatting is not
  timed, which favours the other tools): docxtpl's ``{%tr for %}`` row loop in a
  table of the same reference document; python-docx's public table API
  (``add_row().cells``, 1 000 rows only: it is quadratic); a raw lxml writer that
  appends the same ``w:tbl`` (same properties, header row, widths, one paragraph
  per value) in one pass and saves with python-docx.
- **the six-language report** from the example data: ``tdagdoc build --lang all``,
  from loading to the six saved files, against python-docx writing the same paragraphs and tables
  (python-docx cannot write footnotes or charts; tdagdoc's time includes them).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "partnerships-2024.yaml"
SEED = 1
PYTHON_DOCX_MAX_ROWS = 1000


# --------------------------------------------------------------------------- workers
# Each worker runs in its own process and returns the seconds of the timed part.


def _rows(data: Path) -> tuple[list[str], list[list[list[str]]]]:
    """The INF list of agreements as header texts and rows of cells of strings."""
    import tdagdoc
    from tdagdoc.document.inf import agreements
    from tdagdoc.l10n.localizer import Localizer
    from tdagdoc.l10n.translations import translations
    from tdagdoc.languages import get_lang

    report = tdagdoc.load(data)
    loc = Localizer(get_lang("en"), translations(get_lang("en")))
    table = agreements(report, tdagdoc.compute(report), loc)

    def texts(cell: Any) -> list[str]:
        return [p.plain for p in cell.paragraphs]

    header = ["\n".join(texts(c)) for c in table.header[0]]
    return header, [[texts(c) for c in row] for row in table.rows]


def work_tdagdoc_inf(data: Path, out: Path) -> float:
    from tdagdoc.cli import main

    start = time.perf_counter()
    status = main(["build", str(data), "--inf", "--lang", "en", "--out", str(out), "--quiet"])
    assert status == 0, status
    return time.perf_counter() - start


def work_docxtpl(data: Path, out: Path) -> float:
    import docx
    from docxtpl import DocxTemplate

    from tdagdoc.document.inf import AGREEMENT_WIDTHS
    from tdagdoc.resources import reference_docx

    header, rows = _rows(data)
    # The template: the reference document with a header row and a {%tr for %} row.
    template = docx.Document(str(reference_docx()))
    body = template.element.body
    for child in list(body):
        if not child.tag.endswith("sectPr"):
            body.remove(child)
    table = template.add_table(rows=4, cols=len(header))
    table.style = template.styles["ITU Data Table"]
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    table.rows[1].cells[0].text = "{%tr for r in rows %}"
    for i, cell in enumerate(table.rows[2].cells):
        cell.text = f"{{{{ r[{i}] }}}}"
    table.rows[3].cells[0].text = "{%tr endfor %}"
    for column, width in zip(table.columns, AGREEMENT_WIDTHS, strict=True):
        column.width = width * 635
    path = out / "template.docx"
    template.save(str(path))
    context = {"rows": [["\n".join(cell) for cell in row] for row in rows]}

    start = time.perf_counter()
    doc = DocxTemplate(str(path))
    doc.render(context, autoescape=True)
    doc.save(str(out / "docxtpl.docx"))
    return time.perf_counter() - start


def work_python_docx(data: Path, out: Path) -> float:
    import docx

    from tdagdoc.document.inf import AGREEMENT_WIDTHS
    from tdagdoc.resources import reference_docx

    header, rows = _rows(data)
    rows = rows[:PYTHON_DOCX_MAX_ROWS]

    start = time.perf_counter()
    doc = docx.Document(str(reference_docx()))
    table = doc.add_table(rows=1, cols=len(header))
    table.style = doc.styles["ITU Data Table"]
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for column, width in zip(table.columns, AGREEMENT_WIDTHS, strict=True):
        column.width = width * 635
    for row in rows:
        for cell, texts in zip(table.add_row().cells, row, strict=True):
            cell.text = texts[0]
            for text in texts[1:]:
                cell.add_paragraph(text, style="Tabletext")
    doc.save(str(out / "python-docx.docx"))
    return time.perf_counter() - start


def work_lxml(data: Path, out: Path) -> float:
    import docx
    from docx.oxml.ns import qn
    from lxml import etree

    from tdagdoc.document.inf import AGREEMENT_WIDTHS
    from tdagdoc.resources import reference_docx

    header, rows = _rows(data)
    end = {6}  # the amount column is aligned to the end

    start = time.perf_counter()
    doc = docx.Document(str(reference_docx()))
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
    el(pr, "w:tblW", w=str(sum(AGREEMENT_WIDTHS)), type="dxa")
    el(pr, "w:tblLayout", type="fixed")
    grid = el(tbl, "w:tblGrid")
    for w in AGREEMENT_WIDTHS:
        el(grid, "w:gridCol", w=str(w))
    for is_header, cells in [(True, [[h] for h in header])] + [(False, r) for r in rows]:
        tr = el(tbl, "w:tr")
        trpr = el(tr, "w:trPr")
        el(trpr, "w:cantSplit")
        if is_header:
            el(trpr, "w:tblHeader")
        for i, (w, texts) in enumerate(zip(AGREEMENT_WIDTHS, cells, strict=True)):
            tc = el(tr, "w:tc")
            el(el(tc, "w:tcPr"), "w:tcW", w=str(w), type="dxa")
            for text in texts:
                p = el(tc, "w:p")
                ppr = el(p, "w:pPr")
                el(ppr, "w:pStyle", val="Tablehead" if is_header else "Tabletext")
                el(ppr, "w:jc", val="center" if is_header else "right" if i in end else "left")
                el(el(p, "w:r"), "w:t").text = text
    body.remove(sect_pr)
    body.append(sect_pr)
    doc.save(str(out / "lxml.docx"))
    return time.perf_counter() - start


def work_tdagdoc_six(data: Path, out: Path) -> float:
    from tdagdoc.cli import main

    start = time.perf_counter()
    status = main(["build", str(data), "--lang", "all", "--out", str(out), "--quiet"])
    assert status == 0, status
    return time.perf_counter() - start


def _content(data: Path) -> list[list[tuple[str, Any]]]:
    """The six reports' paragraphs (style name, text) and tables (rows of texts)."""
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
    return docs


def work_python_docx_six(data: Path, out: Path) -> float:
    import docx

    from tdagdoc.resources import reference_docx

    docs = _content(data)
    start = time.perf_counter()
    for n, items in enumerate(docs):
        doc = docx.Document(str(reference_docx()))
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
    return time.perf_counter() - start


WORKERS = {name[5:].replace("_", "-"): fn for name, fn in globals().items()
           if name.startswith("work_")}


# --------------------------------------------------------------------------- driver


def measure(worker: str, data: Path) -> dict[str, float]:
    """Run ``worker`` in a fresh process: its timed seconds and peak memory (MB)."""
    with tempfile.TemporaryDirectory(prefix="tdagdoc-bench-") as tmp:
        proc = subprocess.run([sys.executable, __file__, "--worker", worker, str(data), tmp],
                              stdout=subprocess.PIPE, cwd=ROOT, check=False)
        if proc.returncode != 0:
            raise RuntimeError(f"{worker} on {data.name} failed ({proc.returncode})")
        return json.loads(proc.stdout)


def _peak_mb() -> float:
    """This process's peak resident memory in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource  # not Linux: the maximum resident set size, near enough

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000",
                        help="agreement counts, comma-separated (default: 1000,10000,100000)")
    parser.add_argument("--worker", nargs=3, metavar=("NAME", "DATA", "OUT"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        name, data, out = args.worker
        seconds = WORKERS[name](Path(data), Path(out))
        print(json.dumps({"seconds": seconds, "peak_mb": _peak_mb()}))
        return

    sizes = [int(s) for s in args.sizes.split(",")]
    results: dict[str, Any] = {"machine": f"{os.cpu_count()} cores, Python "
                               f"{sys.version.split()[0]}", "inf": {}, "six": {}}
    with tempfile.TemporaryDirectory(prefix="tdagdoc-bench-data-") as tmp:
        for n in sizes:
            data = Path(tmp) / f"sample-{n}.json"
            subprocess.run([sys.executable, "-m", "tdagdoc", "sample", "--agreements", str(n),
                            "--seed", str(SEED), "--out", str(data)],
                           check=True, stdout=subprocess.DEVNULL)
            row: dict[str, Any] = {}
            for worker in ("tdagdoc-inf", "lxml", "docxtpl", "python-docx"):
                if worker == "python-docx" and n > PYTHON_DOCX_MAX_ROWS:
                    continue
                row[worker] = measure(worker, data)
                print(f"{n:>7} {worker:<12} {row[worker]['seconds']:8.2f} s "
                      f"{row[worker]['peak_mb']:7.0f} MB", flush=True)
            results["inf"][n] = row
    # Half a second each: on a shared machine one run can be off by half; the best of
    # three interleaved runs is the figure that compares.
    runs: dict[str, list[dict[str, float]]] = {"tdagdoc-six": [], "python-docx-six": []}
    for _ in range(3):
        for worker, found in runs.items():
            found.append(measure(worker, EXAMPLE))
    for worker, found in runs.items():
        results["six"][worker] = min(found, key=lambda r: r["seconds"])
        print(f"six languages {worker:<16} {results['six'][worker]['seconds']:8.2f} s "
              f"{results['six'][worker]['peak_mb']:7.0f} MB", flush=True)
    print()
    print(report(results))


def report(results: dict[str, Any]) -> str:
    """The results as a Markdown table, with the ratios the targets are stated in."""
    lines = [f"Machine: {results['machine']}.", "",
             "| agreements | tdagdoc INF + report | raw lxml (table) | docxtpl (table) | "
             "python-docx API (table) | tdagdoc / lxml | tdagdoc / docxtpl |",
             "|---:|---:|---:|---:|---:|---:|---:|"]

    def cell(m: dict[str, float] | None) -> str:
        return f"{m['seconds']:.2f} s, {m['peak_mb']:.0f} MB" if m else "–"

    for n, row in results["inf"].items():
        ours = row["tdagdoc-inf"]["seconds"]
        lines.append(
            f"| {n:,} | {cell(row['tdagdoc-inf'])} | {cell(row['lxml'])} | "
            f"{cell(row['docxtpl'])} | {cell(row.get('python-docx'))} | "
            f"{ours / row['lxml']['seconds']:.2f} | {ours / row['docxtpl']['seconds']:.2f} |")
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
