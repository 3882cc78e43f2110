"""baocao: Vietnamese CCHC reports → Parquet lake.

    baocao convert INPUT [INPUT ...] --out LAKE     convert files/folders into the lake
    baocao text FILE [--diff]                       the repaired text the table segmenter reads
    baocao inspect FILE [--json]                    report fields and table rows of one file
    baocao pivot LAKE --out FILE [--indicators KEY ...] [--period 2024Q1 ...]
                                                    one row per commune and period, one column per indicator
    baocao unmatched LAKE [--limit N]               rows no catalogue indicator matched, most frequent first
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

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

EXIT_OK, EXIT_USAGE, EXIT_SOME_FAILED = 0, 2, 3


def _cmd_convert(args: argparse.Namespace) -> int:
    from baocao.lake.batch import run_batch, walk_inputs

    missing = [p for p in args.inputs if not Path(p).exists()]
    if missing:
        print(f"baocao: no such file or folder: {', '.join(map(str, missing))}", file=sys.stderr)
        return EXIT_USAGE
    inputs = walk_inputs([Path(p) for p in args.inputs])
    if not inputs:
        print("baocao: no supported documents found in the inputs", file=sys.stderr)
        return EXIT_USAGE
    summary = run_batch(inputs, Path(args.out), force=args.force, progress=not args.quiet)
    print(summary.line(), file=sys.stderr)
    for failure in summary.failures:
        print(f"  failed: {failure}", file=sys.stderr)
    for replaced in summary.replaced:
        print(f"  replaced: {replaced['source_file']} ({replaced['old_sha256'][:12]} → "
              f"{replaced['new_sha256'][:12]})", file=sys.stderr)
    return EXIT_SOME_FAILED if summary.failed else EXIT_OK


def _cmd_text(args: argparse.Namespace) -> int:
    from baocao.extract import ExtractionError
    from baocao.pipeline import read_text

    try:
        _, text = read_text(Path(args.file))
    except (ExtractionError, OSError) as exc:
        print(f"baocao: {args.file}: {exc}", file=sys.stderr)
        return EXIT_SOME_FAILED
    if args.diff:
        from baocao.lake.show import render_repairs

        shown = [r for r in text.repairs if r.kind != "nfc"]
        sys.stdout.write(render_repairs(shown))
        print(f"{len(shown)} lines repaired ({text.summary() or 'none'})", file=sys.stderr)
        return EXIT_OK
    out = sys.stdout
    for line in text.lines:
        out.write(line + "\n")
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="baocao", description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="log what each stage does")
    sub = parser.add_subparsers(dest="command", required=True)
    convert = sub.add_parser("convert", help="convert files/folders into the Parquet lake")
    convert.add_argument("inputs", nargs="+", help="files or folders (walked recursively)")
    convert.add_argument("--out", required=True, help="the lake folder")
    convert.add_argument("--force", action="store_true", help="convert again even if the lake has this content")
    convert.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    convert.set_defaults(func=_cmd_convert)
    text = sub.add_parser("text", help="print the repaired text of one document")
    text.add_argument("file")
    text.add_argument("--diff", action="store_true", help="show every repair in context (before → after)")
    text.set_defaults(func=_cmd_text)
    inspect = sub.add_parser("inspect", help="report fields and table rows of one document")
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
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[attr-defined]
    except (AttributeError, ValueError):
        pass
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
