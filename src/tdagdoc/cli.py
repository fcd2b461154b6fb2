"""The ``tdagdoc`` command: build, validate, sample, contribution new | build | extract.

One front end: ``build`` takes partnership data or a Markdown contribution
(``.md``), and ``contribution build`` is the same command; both declare their
options in one place (:func:`_build_options`) and run one build path
(:func:`_build`, through :func:`tdagdoc.pipeline.build_all`).

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
from typing import TYPE_CHECKING, Any

from tdagdoc import __version__, process
from tdagdoc.errors import Problem, TdagdocError
from tdagdoc.input.spreadsheets import TABLES

if TYPE_CHECKING:
    from tdagdoc.figures import Figures
    from tdagdoc.input.models import Report
    from tdagdoc.pipeline import Kind

# Each command imports what it uses when it runs (pydantic, python-docx, Babel data,
# openpyxl...), so that `tdagdoc --help` answers at once and `validate` stays light.

EXIT_USER_ERROR = 2

DESCRIPTION = """\
Generate ITU TDAG contributions on partnerships and resource mobilization
as Word documents, in any of the six UN languages, from one data file; and
any ITU-D contribution written in Markdown.
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
  tdagdoc build my-note/contribution.md --lang all     (= tdagdoc contribution build)

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
        "(e.g. out/TDAG-25-7-E.docx), from partnership data or from a Markdown "
        "contribution (.md, as 'tdagdoc contribution build'). Nothing is written if the "
        "data has problems.",
    )
    _inputs(b, markdown=True)
    _build_options(b)
    b.add_argument("--inf", action="store_true",
                   help="also write the information document that the report's footnotes "
                   "cite (document.inf_document, e.g. TDAG-25-INF-1-E.docx): the full lists "
                   "of the year's agreements and financial partners (partnership data only)")

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
    _contribution(cmds)
    return top


def _build_options(p: argparse.ArgumentParser) -> None:
    """The options every build takes, a report's or a contribution's: declared once."""
    p.add_argument("--lang", default="en",
                   help="languages to build: en, fr, es, ru, ar, zh, a comma list, or all "
                   "(default: en)")
    p.add_argument("--out", type=Path, default=Path("out"),
                   help="output directory, created if needed (default: out)")
    p.add_argument("--reference-doc", type=Path, metavar="DOCX",
                   help="a Word document whose styles and page setup to use "
                   "(default: the shipped ITU-style one)")
    p.add_argument("--templates", type=Path, metavar="DIR",
                   help="a directory of templates overriding the shipped ones (run sandboxed)")
    p.add_argument("--logo", type=Path, metavar="IMAGE",
                   help="an image for the logo cell of the header: PNG or JPEG (GIF, BMP, "
                   "TIFF, WebP are converted to PNG), fitted to the cell")
    p.add_argument("--logo-alt", default="", metavar="TEXT",
                   help="the logo's alternative text, read out by screen readers "
                        "(default: the group's name)")
    p.add_argument("--strict", action="store_true",
                   help="refuse texts missing in a language: every untranslated paragraph, "
                   "data-file label and chart label of a contribution, every partner name "
                   "of a report without a translation (else a contribution's language "
                   "without a complete translation is left out with a note, and a "
                   "report's names print in English with a warning)")
    p.add_argument("--english-only", action="store_true",
                   help="where no language but the original has a translation, write the "
                   "original's document alone, marked 'English only' (ITU's notice; "
                   "'French only'... for another original) instead of leaving the "
                   "languages out")
    p.add_argument("--pdf", action="store_true",
                   help="also write each document as PDF, next to its .docx, through "
                   "LibreOffice (which must be installed)")
    p.add_argument("--quiet", "-q", action="store_true",
                   help="print only errors (and no progress bar)")


CONTRIBUTION_EPILOG = """\
examples:
  tdagdoc contribution new my-contribution
  tdagdoc contribution build my-contribution/contribution.md --lang all --out out
  tdagdoc contribution extract my-contribution/contribution.md
      (writes my-contribution/contribution.pot; translators return fr.po, ar.po ...)
  tdagdoc contribution validate my-contribution/contribution.md
"""


def _contribution(cmds: Any) -> None:
    """The ``contribution`` command: new, build (the ``build`` command's), extract."""
    top = cmds.add_parser(
        "contribution", help="build any contribution written in Markdown",
        description="Any ITU-D contribution written as Markdown with a YAML front matter, in "
        "the ITU layout and the six languages. See README.md, 'Contributions in Markdown'.",
        epilog=CONTRIBUTION_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = top.add_subparsers(dest="action", required=True, metavar="ACTION")
    b = sub.add_parser("build", help="write the contribution as .docx files",
                       description="Write DIR/<number>-<letter>.docx for each language "
                       "(e.g. out/TDAG-25-12-F.docx); the same as 'tdagdoc build FILE.md'. "
                       "Nothing is written if a file has problems.")
    b.add_argument("data", type=Path, metavar="file", help="the contribution (.md)")
    b.set_defaults(markdown=True)
    _build_options(b)
    n = sub.add_parser("new", help="write a starter contribution that builds as it is",
                       description="Write contribution.md and its data file into DIR.")
    n.add_argument("dir", type=Path, help="the folder to write into (created if needed)")
    e = sub.add_parser("extract", help="write the .pot catalog translators start from",
                       description="Write FILE.pot (every paragraph, heading, list item, cell, "
                       "footnote and front matter text as a message). Translators return "
                       "<lang>.po beside the contribution; the build uses it.")
    e.add_argument("file", type=Path, help="the contribution (.md)")
    e.add_argument("--out", type=Path, metavar="POT", help="where to write (default: the "
                   "file's name with .pot)")
    v = sub.add_parser("validate", help="check a contribution and say which languages build",
                       description="Check the contribution and its translations as the "
                       "build does, writing nothing: every problem, then each language "
                       "complete or what it lacks. Exit 2 on a problem (with --strict, also "
                       "on an incomplete language).")
    v.add_argument("file", type=Path, help="the contribution (.md)")
    v.add_argument("--lang", default="all", help="the languages to check (default: all)")
    v.add_argument("--strict", action="store_true",
                   help="an incomplete translation is a problem, not a note")


def _inputs(p: argparse.ArgumentParser, markdown: bool = False) -> None:
    """The data file and the spreadsheets that may hold its lists."""
    p.add_argument("data", type=Path,
                   help="the data file: .yaml, .yml or .json, or an .xlsx workbook with a "
                   "document sheet" + (", or a Markdown contribution (.md)" if markdown else ""))
    for name in TABLES:
        p.add_argument(f"--{name}", type=Path, metavar="FILE",
                       help=f"read the {name} from a .csv file or an .xlsx workbook (which "
                       "gives every list it has a sheet for)")


def _tables(args: argparse.Namespace) -> dict[str, Path]:
    return {name: getattr(args, name) for name in TABLES
            if getattr(args, name, None) is not None}


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
        if args.command == "contribution" and args.action != "build":
            return _contribution_file(args)
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
    """The one build path of the command line: a report's or a contribution's.

    Its imports (pydantic's models, python-docx, Jinja2, Babel) make hundreds of
    thousands of objects that live to the exit and hold no garbage: the collector is
    paused while they are made and they are then frozen out of its sight, instead
    of being walked by each collection the imports set off.
    """
    with process.collector_paused():
        from tdagdoc import pipeline, progress
        from tdagdoc.docx import pdf
        from tdagdoc.input import sources  # noqa: F401  (for _load: imported with the rest)
        from tdagdoc.languages import parse_langs
    gc.freeze()  # undone when the command ends (process.owned)

    langs = parse_langs(args.lang)
    # Quiet with --quiet, and when standard error is not a terminal.
    with progress.reporting(progress.Bar(enabled=False if args.quiet else None)) as bar:
        bar.describe(f"reading {args.data.name}")
        kind = _kind(args)
        options = pipeline.Options(args.reference_doc, args.templates, _checked_files(args),
                                   args.logo_alt, args.strict).checked()
        soffice = pdf.require_soffice() if args.pdf else None  # before any work
        try:
            outcome = pipeline.build_all(kind, langs, options, bar,
                                         original_only=args.english_only)
        except pipeline.NothingBuilt as exc:
            raise TdagdocError("\n  ".join([str(exc), *_hint(args, kind)])) from None
    built = outcome.built
    # the languages left out, before anything is written
    for note in [*outcome.notes, *(_hint(args, kind) if outcome.notes else [])]:
        print(f"tdagdoc: note: {note}", file=sys.stderr)
    # Every document (and PDF) is made before any file is written.
    pdfs = pdf.convert({d.filename: d.data for d in built}, soffice=soffice) if soffice else {}
    paths = pipeline.save_all(pipeline.files(built, pdfs), args.out)
    if not args.quiet:
        print(*paths, sep="\n")
        for warning in pipeline.warnings(kind, built):
            print(f"tdagdoc: warning: {warning}", file=sys.stderr)
    return 0


def _hint(args: argparse.Namespace, kind: Kind) -> list[str]:
    """What the officer may do about languages left out for want of a translation."""
    if args.english_only:
        return []
    from tdagdoc.l10n.labels import ONLY

    return ["--strict lists every untranslated text as an error; --english-only writes "
            f"the {kind.original.code} document alone, marked \"{ONLY[kind.original.code]}\""]


def _kind(args: argparse.Namespace) -> Kind:
    """What the data file is: a Markdown contribution or partnership data, loaded."""
    from tdagdoc.input.gathering import MARKDOWN_SUFFIXES

    if getattr(args, "markdown", False) or args.data.suffix.lower() in MARKDOWN_SUFFIXES:
        from tdagdoc import contribution

        given = [f"--{name}" for name in ("inf", *TABLES) if getattr(args, name, None)]
        if given:
            raise TdagdocError(f"{' and '.join(given)} {'is' if len(given) == 1 else 'are'} "
                               f"for partnership data; {args.data} is a Markdown contribution")
        return contribution.ContributionKind(contribution.load(args.data))
    from tdagdoc.input.sources import place
    from tdagdoc.pipeline import ReportKind

    warnings: list[Problem] = []
    report = _load(args, warnings)  # a Markdown file named otherwise: the loader says so
    for warning in warnings:
        print(f"tdagdoc: warning: {warning}", file=sys.stderr)
    tables = _tables(args)
    return ReportKind(report, getattr(args, "inf", False),
                      lambda problems: place(problems, args.data, report, tables))


def _checked_files(args: argparse.Namespace) -> bytes | None:
    """The ``--logo`` read and checked, and the ``--reference-doc`` checked (every problem
    listed), before any document is made; returns the logo's bytes."""
    from tdagdoc.input import images, reference

    logo = None
    if args.logo:
        image = images.read(args.logo)
        if image.note and not args.quiet:
            print(f"tdagdoc: warning: {args.logo}: {image.note}", file=sys.stderr)
        logo = image.data
    if args.reference_doc is not None:
        reference.load(args.reference_doc)
    return logo


def _validate_contribution(args: argparse.Namespace) -> int:
    """``contribution validate``: the build in memory, every language's state printed."""
    from tdagdoc import contribution, pipeline
    from tdagdoc.languages import parse_langs

    kind = contribution.ContributionKind(contribution.load(args.file))
    langs = parse_langs(args.lang)
    try:
        outcome = pipeline.build_all(kind, langs, pipeline.Options(strict=args.strict))
    except pipeline.NothingBuilt as exc:  # no language complete: said language by language
        outcome = pipeline.Outcome([], exc.notes)
    print(f"{args.file}: valid")
    built = {d.lang.code: d for d in outcome.built}
    notes = outcome.notes
    for code in (lang.code for lang in langs):
        if code in built:
            print(f"  {code}: complete ({built[code].filename})")
        else:
            print(f"  {code}: " + next((n.split(": ", 1)[1] for n in notes
                                        if n.startswith(f"{code}: ")), "not built"))
    for warning in (w for d in built.values() for w in d.warnings):
        print(f"tdagdoc: warning: {warning}", file=sys.stderr)
    return 0


def _contribution_file(args: argparse.Namespace) -> int:
    """``contribution new``, ``validate`` and ``extract``."""
    from tdagdoc import contribution
    from tdagdoc.pipeline import write_atomic

    if args.action == "new":
        for path in contribution.new(args.dir):
            print(path)
        return 0
    if args.action == "validate":
        return _validate_contribution(args)
    c = contribution.load(args.file)
    out = args.out or args.file.with_suffix(".pot")
    print(write_atomic(out, contribution.extract(c)))
    return 0


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
