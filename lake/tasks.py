"""What travels between the process that runs a batch and the workers that convert: a task names one document
(its bytes' hash and the path to read them from), a result carries its records as Arrow tables. Both are plain
picklable values, the same for a local worker process and a Dask worker."""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import pyarrow as pa
import pyarrow.parquet as pq

from baocao.schemas import CHECK_SCHEMA, CORRECTION_SCHEMA, INDICATOR_SCHEMA, REPORT_SCHEMA, Report


@dataclass(frozen=True)
class Task:
    path: str  # absolute path to read, as the OS names it (undecodable bytes as surrogate escapes)
    source_root: str  # the INPUT argument it was found under, as given
    source_file: str  # relative to source_root (POSIX separators), printable
    sha256: str


@dataclass
class DocResult:
    """A converted document as the lake stores it: its report (for the catalogue) and its files, already
    serialised by the worker (so the one process that writes the lake only moves bytes)."""

    sha256: str
    report: dict  # a schemas.Report, dumped
    files: dict[str, tuple[bytes, int]] = field(default_factory=dict)  # dataset → (Parquet file, rows)
    seconds: float = 0.0
    # the reviewer's corrections were settled for this result (`baocao correct`); otherwise the lake applies again
    # the corrections it holds for the document
    corrections_settled: bool = False

    @property
    def status(self) -> str:
        return self.report["status"]

    @property
    def n_rows(self) -> int:
        return self.files.get("indicators", (b"", 0))[1]


def make_result(report: Report, rows: list[dict], checks: list[dict], seconds: float = 0.0,
                corrections: Optional[list[dict]] = None) -> DocResult:
    """`corrections` given (even empty): the reviewer's corrections of this result are settled."""
    tables = {"reports": pa.Table.from_pylist([report.model_dump()], schema=REPORT_SCHEMA),
              "indicators": pa.Table.from_pylist(rows, schema=INDICATOR_SCHEMA) if rows else None,
              "checks": pa.Table.from_pylist(checks, schema=CHECK_SCHEMA) if checks else None,
              "corrections": pa.Table.from_pylist(corrections, schema=CORRECTION_SCHEMA) if corrections else None}
    files = {dataset: (parquet_bytes(table), table.num_rows) for dataset, table in tables.items() if table}
    return DocResult(report.source_sha256, report.model_dump(), files, seconds,
                     corrections_settled=corrections is not None)


def parquet_bytes(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue().to_pybytes()


def label(name: str) -> str:
    """A file name as it can be stored: bytes that are not UTF-8 shown as `\\xe1` escapes (no guessing)."""
    return os.fsencode(name).decode("utf-8", errors="backslashreplace")


def convert_task(task: Task) -> DocResult:
    """Convert one document (in a worker)."""
    from baocao.pipeline import convert_file

    start = time.perf_counter()
    converted = convert_file(Path(task.path), task.source_file, task.sha256)
    report = converted.report.model_copy(update={"source_root": task.source_root})
    rows = [row.model_dump() for row in converted.rows]
    checks = [check.model_dump() for check in getattr(converted, "checks", None) or []]
    return make_result(report, rows, checks, time.perf_counter() - start)


def failed_result(task: Task, error: str, seconds: float = 0.0) -> DocResult:
    """A document its worker could not finish (time or memory limit, a lost worker)."""
    from baocao.pipeline import failed_report

    report = failed_report(Path(task.path), task.source_file, task.sha256, error)
    return make_result(report.model_copy(update={"source_root": task.source_root}), [], [], seconds)
