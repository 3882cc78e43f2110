"""What travels between the process that runs a batch and the workers that convert: a task names one document
(its bytes' hash and the path to read them from), a result carries its records as Arrow tables. Both are plain
picklable values, the same for a local worker process and a Dask worker."""
from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import pyarrow as pa

from baocao.schemas import CHECK_SCHEMA, INDICATOR_SCHEMA


@dataclass(frozen=True)
class Task:
    path: str  # absolute path to read, as the OS names it (undecodable bytes as surrogate escapes)
    source_root: str  # the INPUT argument it was found under, as given
    source_file: str  # relative to source_root (POSIX separators), printable
    sha256: str


@dataclass
class DocResult:
    sha256: str
    report: dict  # a schemas.Report, dumped
    rows: Optional[pa.Table] = None  # INDICATOR_SCHEMA
    checks: Optional[pa.Table] = None  # CHECK_SCHEMA
    seconds: float = 0.0

    @property
    def status(self) -> str:
        return self.report["status"]


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
    return DocResult(
        sha256=task.sha256,
        report=report.model_dump(),
        rows=pa.Table.from_pylist(rows, schema=INDICATOR_SCHEMA) if rows else None,
        checks=pa.Table.from_pylist(checks, schema=CHECK_SCHEMA) if checks else None,
        seconds=time.perf_counter() - start,
    )


def failed_result(task: Task, error: str, seconds: float = 0.0) -> DocResult:
    """A document its worker could not finish (time or memory limit, a lost worker)."""
    from baocao.pipeline import failed_report

    report = failed_report(Path(task.path), task.source_file, task.sha256, error)
    report = report.model_copy(update={"source_root": task.source_root})
    return DocResult(sha256=task.sha256, report=report.model_dump(), seconds=seconds)
