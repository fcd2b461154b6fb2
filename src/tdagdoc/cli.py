"""The ``tdagdoc`` command: build, validate.

User errors (bad data, a missing file, a broken template) print a clear
report on standard error and exit with status 2, writing no file; only a bug
in tdagdoc itself shows a traceback.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence
from pathlib import Path

from tdagdoc import __version__, cli_contribution, progress
from tdagdoc.document import inf
from tdagdoc.docx import pdf
from tdagdoc.errors import TdagdocError
from tdagdoc.figures import compute
from tdagdoc.input import sample
from tdagdoc.input.models import Report
from tdagdoc.input.sources import load
from tdagdoc.input.spreadsheets import TABLES
from tdagdoc.l10n.formatting import Formatter
from tdagdoc.l10n.languages import get_lang, parse_langs
from tdagdoc.pipeline import build, file_stem, save, write_atomic

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
                   help="an image (PNG or JPEG) for the logo cell of the header")
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
    s.add_argument("--year", type=int, default=sample.DEFAULT_YEAR,
                   help=f"the reporting year (default: {sample.DEFAULT_YEAR})")
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
    """Run the command line; returns the exit status."""
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
    report = load(args.data, _tables(args))
    f = compute(report)
    fmt = Formatter(get_lang("en"))
    print(f"{args.data}: valid")
    print(f"  {f.year}: {f.agreements} agreements, {f.financial_agreements} with financial "
          f"contributions totalling {fmt.amount(f.total_usd)} "
          f"({fmt.percent(f.partner_share)} from partners, {fmt.percent(f.itu_share)} from ITU)")
    print(f"  {f.partners} partners, {len(f.financial_partners)} financial partners "
          f"({fmt.amount(f.financial_partners_usd)})")
    return 0


def _build(args: argparse.Namespace) -> int:
    langs = parse_langs(args.lang)
    # Quiet with --quiet, and when standard error is not a terminal.
    with progress.reporting(progress.Bar(enabled=False if args.quiet else None)) as bar:
        bar.describe(f"reading {args.data.name}")
        report = _load(args)
        logo = _read(args.logo) if args.logo else None
        soffice = pdf.require_soffice() if args.pdf else None  # before any work
        figures = compute(report)
        kinds = [False, True] if args.inf else [False]  # the report, then its INF document
        # A unit for each document, and one for each row the writer streams.
        bar.add(len(langs) * (len(kinds) + (inf.streamed_rows(figures) if args.inf else 0)))
        built = []
        for lang in langs:
            for is_inf in kinds:
                number = report.document.inf_document if is_inf else None
                bar.describe(f"building {file_stem(report, lang, number)}")
                built.append(build(report, lang, inf=is_inf, reference_doc=args.reference_doc,
                                   templates=args.templates, logo=logo, strict=args.strict,
                                   figures=figures))
                bar.advance()
    # Every document (and PDF) is made before any file is written.
    pdfs = pdf.convert({d.filename: d.data for d in built}, soffice=soffice) if soffice else {}
    for doc in built:
        paths = [save(doc, args.out)]
        pdf_name = f"{Path(doc.filename).stem}.pdf"
        if pdf_name in pdfs:
            paths.append(write_atomic(args.out / pdf_name, pdfs[pdf_name]))
        if not args.quiet:
            for warning in doc.warnings:
                print(f"tdagdoc: warning: {warning}", file=sys.stderr)
            print(*paths, sep="\n")
    return 0


def _load(args: argparse.Namespace) -> Report:
    """Load the data with the cyclic garbage collector paused, then set it aside.

    Validation makes millions of objects and no garbage cycles, and the data
    lives to the end of the run: the profiler showed the collector walking it
    again and again (half the load time of 100 000 agreements, and again while
    the documents were built). Freezing moves it out of the collector's sight.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        report = load(args.data, _tables(args))
    finally:
        if enabled:
            gc.enable()
    gc.freeze()
    return report


def _sample(args: argparse.Namespace) -> int:
    data = sample.generate(args.agreements, args.seed, args.year)
    text = sample.dumps(data, args.out.suffix)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    print(write_atomic(args.out, text.encode("utf-8")))
    return 0


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise TdagdocError(f"cannot read {path}: {exc.strerror}") from None


if __name__ == "__main__":
    raise SystemExit(main())
