"""The ``tdagdoc`` command: build, validate.

User errors (bad data, a missing file, a broken template) print a clear
report on standard error and exit with status 2, writing no file; only a bug
in tdagdoc itself shows a traceback.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tdagdoc import __version__, cli_contribution, process
from tdagdoc.errors import Problem, TdagdocError
from tdagdoc.input.spreadsheets import TABLES

if TYPE_CHECKING:
    from tdagdoc.figures import Figures
    from tdagdoc.input.models import Report
    from tdagdoc.pipeline import Built

# Each command imports what it uses when it runs (pydantic, python-docx, Babel data,
# openpyxl...), so that `tdagdoc --help` answers at once and `validate` stays light.

EXIT_USER_ERROR = 2

DESCRIPTION = """\
Generate ITU TDAG contributions on partnerships and resource mobilization
as Word documents, in any of the six UN languages, from one data file.
"""

EPILOG = """\
examples:
  tdagdoc validate examples/partnerships-2024.yaml
  tdagdoc build examples/partnerships-2024.yaml --lang en --out out
  tdagdoc build examples/partnerships-2024.yaml --lang all --out out
  tdagdoc build data.yaml --lang fr,ru --out out --logo itu-logo.png
  tdagdoc build examples/partnerships-2024.yaml --lang all --inf --out out
  tdagdoc build examples/meta-2024.yaml --agreements examples/agreements-2024.xlsx --pdf
  tdagdoc sample --agreements 10000 --seed 1 --out trial.json

languages: en fr es ru ar zh (or "all"). The data format is described in README.md.
"""


def parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    top = argparse.ArgumentParser(
        prog="tdagdoc", description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    top.add_argument("--version", action="version", version=f"tdagdoc {__version__}")
    cmds = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    b = cmds.add_parser(
        "build", help="write the contribution as .docx files",
        description="Write the contribution for each language as DIR/<number>-<letter>.docx "
        "(e.g. out/TDAG-25-7-E.docx). Nothing is written if the data has problems.",
    )
    _inputs(b)
    b.add_argument("--lang", default="en",
                   help="languages to build: en, fr, es, ru, ar, zh, a comma list, or all "
                   "(default: en)")
    b.add_argument("--out", type=Path, default=Path("out"),
                   help="output directory, created if needed (default: out)")
    b.add_argument("--reference-doc", type=Path, metavar="DOCX",
                   help="a Word document whose styles and page setup to use "
                   "(default: the shipped ITU-style one)")
    b.add_argument("--templates", type=Path, metavar="DIR",
                   help="a directory of templates overriding the shipped ones (run sandboxed)")
    b.add_argument("--logo", type=Path, metavar="IMAGE",
                   help="an image for the logo cell of the header: PNG or JPEG (GIF, BMP, "
                   "TIFF, WebP are converted to PNG), fitted to the cell")
    b.add_argument("--logo-alt", default="", metavar="TEXT",
                   help="the logo's alternative text, read out by screen readers "
                        "(default: the group's name)")
    b.add_argument("--strict", action="store_true",
                   help="refuse data texts (partner names...) missing in a language, "
                   "instead of using the English text with a warning")
    b.add_argument("--inf", action="store_true",
                   help="also write the information document that the report's footnotes "
                   "cite (document.inf_document, e.g. TDAG-25-INF-1-E.docx): the full lists "
                   "of the year's agreements and financial partners")
    b.add_argument("--pdf", action="store_true",
                   help="also write each document as PDF, next to its .docx, through "
                   "LibreOffice (which must be installed)")
    b.add_argument("--quiet", "-q", action="store_true",
                   help="print only errors (and no progress bar)")

    s = cmds.add_parser(
        "sample", help="write a synthetic data file for trials and benchmarks",
        description="Write a valid, varied data set of N agreements signed in one year, with "
        "partners named in the six languages; the same N and seed give the same file. "
        "The format follows the extension: .json, .yaml or .yml.",
    )
    s.add_argument("--agreements", type=int, required=True, metavar="N",
                   help="how many agreements")
    s.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default: 0)")
    s.add_argument("--year", type=int, default=None,  # sample.DEFAULT_YEAR (a test holds it)
                   help="the reporting year (default: 2024)")
    s.add_argument("--out", type=Path, required=True, metavar="FILE",
                   help="the file to write (.json, .yaml or .yml)")

    v = cmds.add_parser("validate", help="check a data file and print its key figures",
                        description="Check a data file; list every problem, or print the "
                        "figures the report will state.")
    _inputs(v)
    cli_contribution.add(cmds)
    return top


def _inputs(p: argparse.ArgumentParser) -> None:
    """The data file and the spreadsheets that may hold its lists."""
    p.add_argument("data", type=Path,
                   help="the data file: .yaml, .yml or .json, or an .xlsx workbook with a "
                   "document sheet")
    for name in TABLES:
        p.add_argument(f"--{name}", type=Path, metavar="FILE",
                       help=f"read the {name} from a .csv file or an .xlsx workbook (which "
                       "gives every list it has a sheet for)")


def _tables(args: argparse.Namespace) -> dict[str, Path]:
    return {name: getattr(args, name) for name in TABLES if getattr(args, name) is not None}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    The command owns the process while it runs (:func:`tdagdoc.process.owned`): a
    library call never changes the collector, limits or signals of its caller.
    """
    with process.owned():
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    args = parser().parse_args(argv)
    try:
        if args.command == "validate":
            return _validate(args)
        if args.command == "sample":
            return _sample(args)
        if args.command == "contribution":
            return cli_contribution.run(args)
        return _build(args)
    except TdagdocError as exc:
        print(f"tdagdoc: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except ValueError as exc:  # bad --lang and the like
        print(f"tdagdoc: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except OSError as exc:  # --out is a file, a full disk, no permission
        name = f" {exc.filename}" if exc.filename else ""
        print(f"tdagdoc: cannot write{name}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USER_ERROR


def _validate(args: argparse.Namespace) -> int:
    from tdagdoc.figures import compute
    from tdagdoc.input.sources import load
    from tdagdoc.l10n.formatting import Formatter
    from tdagdoc.languages import get_lang

    warnings: list[Problem] = []
    report = load(args.data, _tables(args), warnings=warnings)
    f = compute(report)
    fmt = Formatter(get_lang("en"))
    for warning in warnings:
        print(f"tdagdoc: warning: {warning}", file=sys.stderr)
    print(f"{args.data}: valid")
    split = ""
    if f.total_usd:  # shares as the document states them: adding up to 100, none shown as 0
        partners, itu = fmt.shares([f.partner_usd, f.itu_usd])
        split = f" ({partners} from partners, {itu} from ITU)"
    print(f"  {f.year}: {f.agreements} agreements, {f.financial_agreements} with financial "
          f"contributions totalling {fmt.amount(f.total_usd)}{split}")
    print(f"  {f.partners} partners, {len(f.financial_partners)} financial partners "
          f"({fmt.amount(f.financial_partners_usd)})")
    for line in data_summary(report, f):
        print(f"  {line}")
    return 0


def data_summary(report: Report, f: Figures) -> list[str]:
    """What ``validate`` says about the data beyond the headline figures, one line each."""
    lines = [f"framework: {report.outcomes.id} ("
             + ("named by the data" if report.framework else f"that of {report.year}") + ")"]
    if report.rates:
        currencies = sorted({r.currency for r in report.rates})
        lines.append(f"{len(report.rates)} exchange rates ({', '.join(currencies)})")
    foreign = sorted(c.currency for a in f.year_agreements for c in a.contributions
                     if c.currency != "USD")
    if foreign:
        counts = {code: foreign.count(code) for code in foreign}
        lines.append(f"{len(foreign)} contributions in other currencies than USD ("
                     + ", ".join(f"{code} {n}" for code, n in counts.items()) + ")")
    if f.partners_by_development is not None:
        year_partners = {pid for a in f.year_agreements for pid in a.partners}
        groupings = Counter(g.value for pid in year_partners
                            for g in report.partners_by_id[pid].groupings)
        status = {d.value: n for d, n in f.partners_by_development.items()}
        lines.append(f"partners from developing countries: {status['developing']}, "
                     f"from developed countries: {status['developed']}"
                     + "".join(f", {g} {n}" for g, n in sorted(groupings.items())))
    if f.new_partners is not None:
        lines.append(f"{len(f.new_partners)} of the {f.partners} partners signed with BDT for "
                     "the first time")
    paragraphs = [*report.highlights, *([report.results_note] if report.results_note else [])]
    if paragraphs:
        langs = [c for c in ("en", "fr", "es", "ru", "ar", "zh")
                 if all(h.text.get(c) for h in paragraphs)]
        notes = sum(len(h.notes) for h in paragraphs)
        lines.append(f"{len(report.highlights)} highlight paragraphs"
                     f"{' and a closing paragraph' if report.results_note else ''}, "
                     f"{notes} footnotes, complete in {', '.join(langs)}")
    periods = sum(1 for a in f.year_agreements if a.start is not None)
    if periods:
        lines.append(f"{periods} agreements give their period (multi-year agreements)")
    if f.in_kind_agreements:
        lines.append(f"{f.in_kind_agreements} agreements with in-kind support, valued at "
                     f"USD {f.in_kind_usd:,} (not in the financial figures)")
    return lines


def _build(args: argparse.Namespace) -> int:
    from tdagdoc import progress
    from tdagdoc.docx import pdf
    from tdagdoc.errors import DataError
    from tdagdoc.figures import compute
    from tdagdoc.input.sources import place
    from tdagdoc.languages import parse_langs
    from tdagdoc.pipeline import build, file_stem, save_all

    langs = parse_langs(args.lang)
    # Quiet with --quiet, and when standard error is not a terminal.
    with progress.reporting(progress.Bar(enabled=False if args.quiet else None)) as bar:
        bar.describe(f"reading {args.data.name}")
        warnings: list[Problem] = []
        report = _load(args, warnings)
        for warning in warnings:
            print(f"tdagdoc: warning: {warning}", file=sys.stderr)
        logo = cli_contribution.checked_files(args)
        soffice = pdf.require_soffice() if args.pdf else None  # before any work
        figures = compute(report)
        kinds = [False, True] if args.inf else [False]  # the report, then its INF document
        # A unit for each document, and one for each row of the INF document's two lists
        # (their rows are written while the file is made: that is where the time goes).
        rows = figures.agreements + len(figures.financial_partners) if args.inf else 0
        bar.add(len(langs) * (len(kinds) + rows))
        built = []
        problems: list[Problem] = []  # with --strict, every language's missing texts
        for lang in langs:
            for is_inf in kinds:
                number = report.document.inf_document if is_inf else None
                bar.describe(f"building {file_stem(report, lang, number)}")
                try:
                    built.append(build(report, lang, inf=is_inf,
                                       reference_doc=args.reference_doc,
                                       templates=args.templates, logo=logo,
                                       logo_alt=args.logo_alt, strict=args.strict,
                                       figures=figures, on_rows=bar.advance))
                except DataError as exc:
                    if not args.strict:
                        raise
                    problems += exc.problems
                bar.advance()
    if problems:
        raise DataError(place(list(dict.fromkeys(problems)), args.data, report, _tables(args)))
    # Every document (and PDF) is made before any file is written.
    pdfs = pdf.convert({d.filename: d.data for d in built}, soffice=soffice) if soffice else {}
    # A reference document's warnings come with every document: each is said once.
    warnings = place(list(dict.fromkeys(w for d in built for w in d.warnings)), args.data,
                     report, _tables(args))
    files = {d.filename: d.data for d in built}
    for doc in built:  # each PDF next to its document
        pdf_name = f"{Path(doc.filename).stem}.pdf"
        if pdf_name in pdfs:
            files[pdf_name] = pdfs[pdf_name]
    paths = save_all(dict(sorted(files.items(), key=lambda kv: _order(kv[0], built))),
                     args.out)
    if not args.quiet:
        print(*paths, sep="\n")
        for warning in warnings:
            print(f"tdagdoc: warning: {warning}", file=sys.stderr)
    return 0


def _order(name: str, built: list[Built]) -> tuple[int, str]:
    """Files in build order, each document before its PDF."""
    stems = [Path(d.filename).stem for d in built]
    stem = Path(name).stem
    return (stems.index(stem) if stem in stems else len(stems), name)


def _load(args: argparse.Namespace, warnings: list[Problem]) -> Report:
    """Load the data with the cyclic garbage collector paused, then set it aside.

    Validation makes millions of objects and no garbage cycles, and the data
    lives to the end of the run: the profiler showed the collector walking it
    again and again (half the load time of 100 000 agreements, and again while
    the documents were built). Freezing moves it out of the collector's sight.
    """
    from tdagdoc.input.sources import load

    enabled = gc.isenabled()
    gc.disable()
    try:
        report = load(args.data, _tables(args), strict=args.strict, warnings=warnings)
    finally:
        if enabled:
            gc.enable()
    gc.freeze()
    return report


def _sample(args: argparse.Namespace) -> int:
    from tdagdoc.input import sample
    from tdagdoc.pipeline import write_atomic

    year = sample.DEFAULT_YEAR if args.year is None else args.year
    data = sample.generate(args.agreements, args.seed, year)
    text = sample.dumps(data, args.out.suffix)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    print(write_atomic(args.out, text.encode("utf-8")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
