"""baocao: Vietnamese CCHC reports → Parquet lake.

    baocao convert INPUT [INPUT ...] --out LAKE     convert files/folders into the lake
    baocao compact LAKE                             merge each partition's files into a few larger ones
    baocao text FILE [--diff]                       the repaired text the table segmenter reads
    baocao inspect FILE [--json]                    report fields and table rows of one file
    baocao pivot LAKE --out FILE [--indicators KEY ...] [--period 2024Q1 ...]
                                                    one row per commune and period, one column per indicator
    baocao unmatched LAKE [--limit N]               rows no catalogue indicator matched, most frequent first
    baocao review INPUT|LAKE --out DIR              a static review site: the source beside the rows
    baocao diff A B [--json|--html FILE]            what changed, cell by cell, between two extractions
    baocao export LAKE|FILE --xlsx OUT              one workbook for officials
    baocao correct LAKE FILE.xlsx --by NAME         a reviewer's edited workbook back into the lake
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
from pathlib import Path
from typing import Optional

if __name__ == "__main__" and "baocao" not in sys.modules:
    # `python cli.py` from a checkout: this folder is the package `baocao` (installed or not)
    try:
        import baocao  # noqa: F401
    except ImportError:
        import importlib.util

        _here = Path(__file__).resolve().parent
        _spec = importlib.util.spec_from_file_location("baocao", _here / "__init__.py",
                                                       submodule_search_locations=[str(_here)])
        sys.modules["baocao"] = importlib.util.module_from_spec(_spec)
        _spec.loader.exec_module(sys.modules["baocao"])

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_SOME_FAILED, EXIT_INTERRUPTED, EXIT_PIPE = 0, 1, 2, 3, 130, 141
log = logging.getLogger("baocao.cli")


def _cmd_convert(args: argparse.Namespace) -> int:
    from baocao.lake.batch import Options, UsageError, run_batch, walk_inputs
    from baocao.lake.jobs import default_jobs
    from baocao.lake.worker import Limits
    from baocao.lake.writer import LakeError

    if args.jobs is not None and args.jobs < 1:
        return _usage("--jobs must be at least 1")
    try:
        walk = walk_inputs(args.inputs, lake=args.out)
    except UsageError as exc:
        return _usage(str(exc))
    if not walk.inputs:
        for line in walk.skipped:
            print(f"  skipped: {line}", file=sys.stderr)
        return _usage("nothing to convert: no supported documents in the inputs "
                      f"({len(walk.skipped)} files skipped)")
    opts = Options(force=args.force, retry=not args.no_retry, prune=args.prune, jobs=args.jobs or default_jobs(),
                   dask=args.dask, limits=Limits(seconds=args.time_limit, memory_mb=args.memory_limit),
                   progress=not args.quiet, state_dir=Path(args.state) if args.state else None,
                   argv=list(sys.argv[1:]))
    signal.signal(signal.SIGTERM, _stop)  # `kill` stops a batch as Ctrl-C does: what is stored stays, summarised
    try:
        summary = run_batch(walk, args.out, opts)
    except LakeError as exc:
        return _usage(str(exc))
    if args.json:
        json.dump(summary.as_dict(), sys.stdout, ensure_ascii=False, indent=1, default=str)
        sys.stdout.write("\n")
    if not args.quiet or summary.interrupted or summary.any_failed:
        print(summary.line(), file=sys.stderr)
        for line in summary.details():
            print(line, file=sys.stderr)
    if summary.interrupted:
        return EXIT_INTERRUPTED
    return EXIT_SOME_FAILED if summary.any_failed else EXIT_OK


def _stop(signum, frame) -> None:
    raise KeyboardInterrupt


def _cmd_compact(args: argparse.Namespace) -> int:
    from baocao.lake.compact import compact
    from baocao.lake.writer import Lake, LakeError

    if "://" not in args.lake and not Path(args.lake, "_state").is_dir() and not args.state:
        return _usage(f"{args.lake}: not a baocao lake (no _state folder)")
    try:
        lake = Lake(args.lake, Path(args.state) if args.state else None)
    except LakeError as exc:
        return _usage(str(exc))
    try:
        summary = compact(lake, args.target_rows)
    finally:
        lake.close()
    print(summary.line(), file=sys.stderr)
    return EXIT_OK


def _usage(message: str) -> int:
    print(f"baocao: {message}", file=sys.stderr)
    return EXIT_USAGE


def _cmd_text(args: argparse.Namespace) -> int:
    from baocao.extract import ExtractionError
    from baocao.pipeline import read_text

    try:
        document, text = read_text(Path(args.file))
    except (ExtractionError, OSError) as exc:
        print(f"baocao: {args.file}: {exc}", file=sys.stderr)
        return EXIT_SOME_FAILED
    if args.diff:
        from baocao.lake.show import render_repairs

        repairs = [r for r in text.repairs if r.kind not in ("nfc", "ocr")]
        ocr = [r for r in text.repairs if r.kind == "ocr"]
        sys.stdout.write(render_repairs(repairs))
        if ocr:
            sys.stdout.write(f"-- OCR corrections ({len(ocr)} lines)\n" + render_repairs(ocr))
        print(f"{len(repairs)} lines repaired ({text.summary() or 'none'}); {len(ocr)} lines corrected after OCR",
              file=sys.stderr)
        return EXIT_OK
    out = sys.stdout
    # a page break of a paged source: a form feed before the page's first line, and on a terminal a rule a
    # reader sees
    printed = document.printed(text.lines)
    shown = out.isatty()
    for k, (page, line) in enumerate(printed):
        if k and page is not None and page != printed[k - 1][0]:
            out.write(f"──── page {page} ────\n" if shown else "\f")
        out.write(line + "\n")
    for warning in document.warnings:  # what was read otherwise than shown (tracked deletions), or not read
        print(f"baocao: {args.file}: {warning}", file=sys.stderr)
    return EXIT_OK


def _cmd_inspect(args: argparse.Namespace) -> int:
    from baocao.pipeline import convert_file

    path = Path(args.file)
    if not path.is_file():
        print(f"baocao: no such file: {path}", file=sys.stderr)
        return EXIT_USAGE
    converted = convert_file(path, path.name)
    report = converted.report.model_dump(mode="json")
    rows = [r.model_dump(mode="json") for r in converted.rows]
    if args.json:
        json.dump({"report": report, "rows": rows}, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        from baocao.lake.show import render_inspect

        sys.stdout.write(render_inspect(report, rows))
    return EXIT_SOME_FAILED if report["status"] == "failed" else EXIT_OK


def _cmd_pivot(args: argparse.Namespace) -> int:
    from baocao.catalog.pivot import PivotError, wide_table, write_table

    try:
        table = wide_table(Path(args.lake), args.indicators, args.period)
        write_table(table, Path(args.out))
    except PivotError as exc:
        print(f"baocao: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"{len(table)} commune-periods, {table.shape[1]} columns → {args.out}", file=sys.stderr)
    return EXIT_OK


def _cmd_unmatched(args: argparse.Namespace) -> int:
    from baocao.catalog.pivot import PivotError
    from baocao.catalog.unmatched import render, unmatched_rows

    try:
        found = unmatched_rows(Path(args.lake))
    except PivotError as exc:
        print(f"baocao: {exc}", file=sys.stderr)
        return EXIT_USAGE
    sys.stdout.write(render(found, args.limit))
    return EXIT_OK


def _missing(paths: list[str]) -> Optional[int]:
    """A usage error naming the inputs that do not exist, or None."""
    gone = [str(p) for p in paths if not Path(p).exists()]
    return _usage(f"no such input: {', '.join(gone)}") if gone else None


def _cmd_review(args: argparse.Namespace) -> int:
    from baocao.review.docs import load
    from baocao.review.site import build_site

    from baocao.lake.batch import UsageError

    if _missing(args.inputs) is not None:
        return EXIT_USAGE
    try:
        docs = load([Path(p) for p in args.inputs], reread=args.reread)
    except UsageError as exc:
        return _usage(str(exc))
    if not docs:
        return _usage("nothing to review: no reports in the inputs")
    summary = build_site(docs, Path(args.out), page_images=not args.no_images)
    print(f"{summary.reports} reports, {summary.pages} page images → {summary.index}", file=sys.stderr)
    return EXIT_OK


def _cmd_diff(args: argparse.Namespace) -> int:
    import shutil

    from baocao.review.diff import diff, load_side, render_html, render_terminal
    from baocao.review.workbook import WorkbookError

    if _missing([args.a, args.b]) is not None:
        return EXIT_USAGE
    from baocao.lake.batch import UsageError

    try:
        changes = diff(load_side(Path(args.a)), load_side(Path(args.b)))
    except (WorkbookError, UsageError) as exc:
        return _usage(str(exc))
    if args.html:
        Path(args.html).write_text(render_html(changes, args.a, args.b), encoding="utf-8")
    if args.json:
        json.dump([c.as_dict() for c in changes], sys.stdout, ensure_ascii=False, indent=1, default=str)
        sys.stdout.write("\n")
    elif not args.html:
        sys.stdout.write(render_terminal(changes, shutil.get_terminal_size((120, 24)).columns))
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    from baocao.lake.batch import UsageError
    from baocao.review.docs import is_lake, load
    from baocao.review.export import export_workbook

    if _missing(args.inputs) is not None:
        return EXIT_USAGE
    if Path(args.xlsx).suffix.lower() != ".xlsx":
        return _usage(f"--xlsx {args.xlsx}: name an .xlsx file")
    inputs = [Path(p) for p in args.inputs]
    lake = inputs[0] if len(inputs) == 1 and is_lake(inputs[0]) else None
    try:
        docs = load(inputs, texts=False)
    except UsageError as exc:
        return _usage(str(exc))
    if not docs:
        return _usage("nothing to export: no reports in the inputs")
    sheets = export_workbook(docs, Path(args.xlsx), lake)
    print(f"{len(docs)} reports, {sheets} sheets → {args.xlsx}", file=sys.stderr)
    return EXIT_OK


def _cmd_correct(args: argparse.Namespace) -> int:
    import datetime as dt

    from baocao.lake.writer import LakeError
    from baocao.review.corrections import correct
    from baocao.review.workbook import WorkbookError

    if not Path(args.lake, "_state").is_dir():
        return _usage(f"{args.lake}: not a baocao lake (no _state folder)")
    if not Path(args.workbook).is_file():
        return _usage(f"no such workbook: {args.workbook}")
    if not args.by.strip():
        return _usage("--by: name who corrected")
    try:
        at = dt.datetime.fromisoformat(args.at) if args.at else None
    except ValueError:
        return _usage(f"--at {args.at}: not an ISO date and time (2024-04-02T09:30)")
    if at is not None and at.tzinfo is None:
        at = at.astimezone()  # the reviewer's local time
    try:
        summary = correct(Path(args.lake), Path(args.workbook), args.by.strip(), at, args.note,
                          argv=list(sys.argv[1:]))
    except (WorkbookError, LakeError) as exc:
        return _usage(str(exc))
    for line in summary.warnings:
        print(f"  {line}", file=sys.stderr)
    for c in summary.records:
        where = " ".join(str(p) for p in (c["table"], c["stt_path"]) if p) or "report"
        print(f"  {where} {c['field']}: {c['old']} → {c['new']}", file=sys.stderr)
    print(summary.line(), file=sys.stderr)
    return EXIT_OK


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("baocao")
    except Exception:  # a checkout that is not installed
        return "unknown (not installed)"


def build_parser() -> argparse.ArgumentParser:
    # -v/-q are accepted before and after the command; SUPPRESS keeps a subcommand from resetting them
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                        help="log what each of baocao's stages does")
    common.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS,
                        help="no progress bar, no summary unless something failed")
    parser = argparse.ArgumentParser(prog="baocao", description=__doc__.splitlines()[0], parents=[common])
    parser.add_argument("--version", action="version", version=f"baocao {_version()}")
    sub = parser.add_subparsers(dest="command", required=True)
    convert = sub.add_parser("convert", parents=[common], help="convert files/folders into the Parquet lake")
    convert.add_argument("inputs", nargs="+", help="files or folders (walked recursively)")
    convert.add_argument("--out", required=True, help="the lake: a folder, or a URI pyarrow can write")
    convert.add_argument("--force", action="store_true", help="convert again what the lake already holds")
    convert.add_argument("--no-retry", action="store_true", help="do not convert again inputs that failed before")
    convert.add_argument("--prune", action="store_true",
                         help="forget inputs under the given folders that are gone, and their documents")
    convert.add_argument("-j", "--jobs", type=int, default=None, help="documents at once (default: every core)")
    convert.add_argument("--dask", metavar="SCHEDULER", default=None,
                         help="convert on a Dask cluster (scheduler address, or `local` for a LocalCluster)")
    convert.add_argument("--time-limit", type=float, default=900.0, metavar="SECONDS",
                         help="per document (default 900)")
    convert.add_argument("--memory-limit", type=int, default=4096, metavar="MB",
                         help="per document, its OCR processes included (default 4096)")
    convert.add_argument("--json", action="store_true", help="the summary as JSON on stdout")
    convert.add_argument("--state", default=None, metavar="DIR",
                         help="the catalogue's folder (default LAKE/_state; for a lake that is not a local folder, "
                              "~/.local/state/baocao/<hash of the URI>)")
    convert.set_defaults(func=_cmd_convert)
    compact = sub.add_parser("compact", parents=[common], help="merge each partition's files into a few larger ones")
    compact.add_argument("lake")
    compact.add_argument("--target-rows", type=int, default=500_000, help="rows per file (default 500000)")
    compact.add_argument("--state", default=None, metavar="DIR", help="the catalogue's folder, as for convert")
    compact.set_defaults(func=_cmd_compact)
    text = sub.add_parser("text", parents=[common], help="print the repaired text of one document")
    text.add_argument("file")
    text.add_argument("--diff", action="store_true", help="show every repair in context (before → after)")
    text.set_defaults(func=_cmd_text)
    inspect = sub.add_parser("inspect", parents=[common], help="report fields and table rows of one document")
    inspect.add_argument("file")
    inspect.add_argument("--json", action="store_true", help="machine-readable output")
    inspect.set_defaults(func=_cmd_inspect)
    pivot = sub.add_parser("pivot", help="the wide table: one row per commune and period, one column per indicator")
    pivot.add_argument("lake")
    pivot.add_argument("--out", required=True, help="a .parquet, .csv or .xlsx file")
    pivot.add_argument("--indicators", nargs="+", metavar="KEY", help="keys (or `prefix.*`) to keep; default all")
    pivot.add_argument("--period", nargs="+", metavar="PERIOD", help="2024Q1, 2024H1, 2024M1-9, 2024, 2024M03")
    pivot.set_defaults(func=_cmd_pivot)
    unmatched = sub.add_parser("unmatched", help="rows no catalogue indicator matched, most frequent first")
    unmatched.add_argument("lake")
    unmatched.add_argument("--limit", type=int, default=0, help="show only the N most frequent wordings")
    unmatched.set_defaults(func=_cmd_unmatched)
    review = sub.add_parser("review", parents=[common],
                            help="a static review site (offline): the source beside the rows, marks and reasons")
    review.add_argument("inputs", nargs="+", metavar="INPUT|LAKE", help="a lake, or files/folders to convert now")
    review.add_argument("--out", required=True, help="the site's folder (index.html inside)")
    review.add_argument("--reread", action="store_true",
                        help="from a lake: read text-layer PDFs again for their repairs and field lines")
    review.add_argument("--no-images", action="store_true", help="no page images (a lighter site)")
    review.set_defaults(func=_cmd_review)
    diff = sub.add_parser("diff", parents=[common], help="what changed, cell by cell, between two extractions")
    diff.add_argument("a", metavar="A", help="a file, a lake, or a workbook written by export (the old side)")
    diff.add_argument("b", metavar="B", help="the same kinds (the new side)")
    diff.add_argument("--json", action="store_true", help="one object per changed cell (and row added/removed)")
    diff.add_argument("--html", metavar="FILE", help="also write the changes as a page in the review site's style")
    diff.set_defaults(func=_cmd_diff)
    export = sub.add_parser("export", parents=[common], help="one workbook for officials (reports, tables, pivot)")
    export.add_argument("inputs", nargs="+", metavar="LAKE|FILE")
    export.add_argument("--xlsx", required=True, metavar="OUT", help="the workbook to write")
    export.set_defaults(func=_cmd_export)
    correct = sub.add_parser("correct", parents=[common],
                             help="a reviewer's edited workbook back into the lake as corrections")
    correct.add_argument("lake")
    correct.add_argument("workbook", metavar="FILE.xlsx")
    correct.add_argument("--by", required=True, help="who corrected (kept with each correction)")
    correct.add_argument("--at", default=None, help="when (ISO date and time; default now)")
    correct.add_argument("--note", default=None, help="why, kept with each correction")
    correct.set_defaults(func=_cmd_correct)
    return parser


def _logging(verbose: bool, quiet: bool) -> None:
    """baocao's own stages at -v; other libraries (pdfminer's per-character debug lines) stay at warnings."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s", force=True)
    level = logging.DEBUG if verbose else logging.ERROR if quiet else logging.WARNING
    logging.getLogger("baocao").setLevel(level)
    for noisy in ("pdfminer", "PIL", "distributed", "asyncio"):
        logging.getLogger(noisy).setLevel(logging.WARNING if verbose else logging.ERROR)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help and --version
        return int(exc.code or 0)
    # absent unless given (the flag's actions are shared by every subcommand: a default would undo `-v convert`)
    args.verbose, args.quiet = getattr(args, "verbose", False), getattr(args, "quiet", False)
    _logging(args.verbose, args.quiet)
    try:
        sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[attr-defined]
    except (AttributeError, ValueError):
        pass
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("baocao: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # the reader went away (`baocao text FILE | head -1`): stop quietly, and let no flush at exit complain
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_PIPE
    except Exception as exc:  # a bug, not a document's problem: a message, the traceback only with -v
        log.debug("unexpected error", exc_info=True)
        print(f"baocao: error: {type(exc).__name__}: {exc}" + ("" if args.verbose else " (-v for details)"),
              file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
