"""Converting a batch: walk the inputs, convert each document, store it, never let one file stop the rest."""
from __future__ import annotations

import datetime as dt
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from baocao.extract import SUPPORTED, sha256_file
from baocao.lake.writer import Lake
from baocao.pipeline import convert_file


@dataclass
class Input:
    path: Path
    source_file: str  # relative to the INPUT folder it was found in (POSIX), or the file name


@dataclass
class BatchSummary:
    ok: int = 0
    partial: int = 0
    failed: int = 0
    unchanged: int = 0
    rows: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)
    replaced: list[dict] = field(default_factory=list)

    def line(self) -> str:
        return (f"{self.ok} ok, {self.partial} partial, {self.failed} failed, {self.unchanged} unchanged; "
                f"{self.rows} rows; {self.seconds:.1f} s")


def walk_inputs(inputs: Iterable[Path]) -> list[Input]:
    """Files and folders (walked recursively, hidden entries skipped); unsupported suffixes in folders ignored."""
    found: list[Input] = []
    for root in inputs:
        root = Path(root)
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                rel = path.relative_to(root)
                if any(part.startswith(".") for part in rel.parts) or not path.is_file():
                    continue
                if path.suffix.lower() in SUPPORTED:
                    found.append(Input(path, rel.as_posix()))
        else:
            found.append(Input(root, root.name))
    return found


def run_batch(inputs: list[Input], lake_root: Path, force: bool = False, progress: bool = True) -> BatchSummary:
    lake = Lake(lake_root)
    summary = BatchSummary()
    start = time.perf_counter()
    bar = _progress(len(inputs), progress)
    for item in inputs:
        if bar is not None:
            bar.set_postfix_str(item.source_file[-40:], refresh=False)
        try:
            sha = sha256_file(item.path)
        except OSError as exc:
            sha = ""
            error = f"cannot open: {exc}"
        else:
            error = None
        if sha and not force and lake.is_current(item.source_file, sha):
            summary.unchanged += 1
            _tick(bar)
            continue
        if error is None:
            converted = convert_file(item.path, item.source_file, sha)
            report, rows = converted.report, converted.rows
        else:
            from baocao.schemas import Report

            report = Report(source_file=item.source_file, source_sha256=sha or "0" * 64, status="failed",
                            error=error, method="text", converted_at=dt.datetime.now(dt.timezone.utc))
            rows = []
        replaced = lake.write(report, rows)
        if replaced:
            summary.replaced.append(replaced)
        setattr(summary, report.status, getattr(summary, report.status) + 1)
        summary.rows += len(rows)
        if report.status == "failed":
            summary.failures.append(f"{item.source_file}: {report.error}")
        _tick(bar)
    if bar is not None:
        bar.close()
    summary.seconds = time.perf_counter() - start
    lake.log_run({"at": dt.datetime.now(dt.timezone.utc).isoformat(), "inputs": len(inputs), "ok": summary.ok,
                  "partial": summary.partial, "failed": summary.failed, "unchanged": summary.unchanged,
                  "rows": summary.rows, "seconds": round(summary.seconds, 3), "replaced": summary.replaced})
    return summary


def _progress(total: int, enabled: bool):
    if not enabled:
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return tqdm(total=total, unit="doc", file=sys.stderr, dynamic_ncols=True)


def _tick(bar) -> None:
    if bar is not None:
        bar.update(1)
