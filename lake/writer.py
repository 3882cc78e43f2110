"""Writing documents into the lake: one Parquet file per document per dataset, Hive-partitioned by report year,
written atomically, keyed by content.

Layout:  LAKE/reports/report_year=2024/<key>.parquet, LAKE/indicators/report_year=2024/<key>.parquet,
LAKE/_state/manifest.json (source_file → its sha256 and files), LAKE/_state/runs.jsonl (one line per run,
with the hashes it replaced). Names starting with `_` or `.` are skipped by Parquet dataset readers."""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

import pyarrow as pa
import pyarrow.parquet as pq

from baocao.schemas import INDICATOR_SCHEMA, REPORT_SCHEMA, IndicatorRow, Report

PARTITION = "report_year"


def _atomic_bytes(path: Path, write) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)  # readers see the old file or the new one, never half of one
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _write_table(path: Path, table: pa.Table) -> None:
    _atomic_bytes(path, lambda tmp: pq.write_table(table, tmp, compression="zstd"))


def _key(report: Report) -> str:
    path_hash = hashlib.sha256(report.source_file.encode("utf-8")).hexdigest()[:10]
    return f"{report.source_sha256[:20]}-{path_hash}"


def _partition(report: Report) -> str:
    return f"{PARTITION}={report.year if report.year is not None else 'unknown'}"


@dataclass
class WriteResult:
    written: int = 0
    unchanged: int = 0
    replaced: list[dict] = field(default_factory=list)


class Lake:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.state_dir = self.root / "_state"
        self.manifest_path = self.state_dir / "manifest.json"
        self.manifest: dict[str, dict] = {}
        if self.manifest_path.exists():
            self.manifest = json.loads(self.manifest_path.read_text(encoding="utf-8"))

    def is_current(self, source_file: str, sha256: str) -> bool:
        """The lake already holds this exact content for this path."""
        entry = self.manifest.get(source_file)
        if not entry or entry.get("sha256") != sha256:
            return False
        return all((self.root / f).exists() for f in entry.get("files", []))

    def write(self, report: Report, rows: Iterable[IndicatorRow]) -> Optional[dict]:
        """Store one document; returns what it replaced (an older version of the same path), if anything."""
        key, part = _key(report), _partition(report)
        files = []
        report_file = Path("reports") / part / f"{key}.parquet"
        table = pa.Table.from_pylist([report.model_dump()], schema=REPORT_SCHEMA)
        _write_table(self.root / report_file, table)
        files.append(report_file.as_posix())
        row_dicts = [row.model_dump() for row in rows]
        if row_dicts:
            rows_file = Path("indicators") / part / f"{key}.parquet"
            _write_table(self.root / rows_file, pa.Table.from_pylist(row_dicts, schema=INDICATOR_SCHEMA))
            files.append(rows_file.as_posix())
        old = self.manifest.get(report.source_file)
        self.manifest[report.source_file] = {"sha256": report.source_sha256, "files": files,
                                             "status": report.status}
        self._save_manifest()
        replaced = None
        if old:
            for stale in set(old.get("files", [])) - set(files):
                try:
                    (self.root / stale).unlink()
                except FileNotFoundError:
                    pass
            if old.get("sha256") != report.source_sha256:
                replaced = {"source_file": report.source_file, "old_sha256": old.get("sha256"),
                            "new_sha256": report.source_sha256}
        return replaced

    def _save_manifest(self) -> None:
        data = json.dumps(self.manifest, ensure_ascii=False, indent=0, sort_keys=True).encode("utf-8")

        def write(tmp: str) -> None:
            with open(tmp, "wb") as handle:
                handle.write(data)

        _atomic_bytes(self.manifest_path, write)

    def log_run(self, entry: dict) -> None:
        self.state_dir.mkdir(parents=True, exist_ok=True)
        with open(self.state_dir / "runs.jsonl", "a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry, ensure_ascii=False, default=str) + "\n")
