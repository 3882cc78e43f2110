"""A lake with files but no catalogue (written by an older baocao, or its catalogue lost) is taken in as it is,
never swept away: every report file names a document; a content met in several report files keeps the first
(older lakes could hold one twice); the other datasets' files are attached to the documents they hold. The files
are then rewritten to today's schema (`report_year=unknown` becomes the null partition)."""
from __future__ import annotations

import pyarrow.parquet as pq

from baocao.lake.writer import DATASETS, NULL_PARTITION, PARTITION, Lake


def _stem(name: str) -> str:
    leaf = name.rsplit("/", 1)[-1]
    return "part" if leaf.startswith("part-") else leaf.rsplit(".", 1)[0]


def adopt(lake: Lake, names: list[str]) -> None:
    store, catalog = lake.store, lake.catalog
    names = [_typed_partition(lake, n) for n in names if n.endswith(".parquet") and "/." not in n
             and not n.rsplit("/", 1)[-1].startswith(".")]
    winner: dict[str, str] = {}  # sha → the stem of the report file it is taken from
    with catalog.write():
        for name in sorted(n for n in names if n.startswith("reports/")):
            for report in store.read_table(name).to_pylist():
                sha = report["source_sha256"]
                if sha in winner:
                    continue
                winner[sha] = _stem(name)
                date, at = report.get("report_date"), report.get("converted_at")
                catalog.put_document({
                    "sha256": sha, "version": "adopted", "status": report["status"], "error": report.get("error"),
                    "method": report.get("method"), "year": report.get("year"),
                    "report_key": report.get("report_key"), "report_date": date.isoformat() if date else None,
                    "n_checks_failed": report.get("n_checks_failed") or 0,
                    "converted_at": at.isoformat() if at else None, "n_rows": report.get("n_rows") or 0,
                    "path": None, "source_root": report.get("source_root"), "source_file": report.get("source_file"),
                    "current": 1, "superseded_by": None, "run": None,
                })
        for name in names:
            dataset, partition = name.split("/")[:2]
            if dataset not in DATASETS:
                continue
            shas = pq.read_table(store.full(name), columns=["source_sha256"], filesystem=store.fs)["source_sha256"]
            counts: dict[str, int] = {}
            for sha in shas.to_pylist():
                if winner.get(sha) == _stem(name):
                    counts[sha] = counts.get(sha, 0) + 1
            catalog.add_file(name, dataset, partition, counts)
        catalog.db.execute("UPDATE files SET dirty = 1")  # conformed and relabelled by the settle that follows
        for row in catalog.all("SELECT DISTINCT report_key FROM documents WHERE report_key IS NOT NULL"):
            lake.rank(row["report_key"])


def _typed_partition(lake: Lake, name: str) -> str:
    """`report_year=unknown` (a string among integers) moved to the null partition."""
    parts = name.split("/")
    if len(parts) == 3 and parts[1] == f"{PARTITION}=unknown":
        moved = f"{parts[0]}/{PARTITION}={NULL_PARTITION}/{parts[2]}"
        lake.store.fs.create_dir(lake.store.full(moved.rsplit("/", 1)[0]), recursive=True)
        lake.store.fs.move(lake.store.full(name), lake.store.full(moved))
        folder = name.rsplit("/", 1)[0]
        if not any(lake.store.files(folder)):
            lake.store.delete_dir(folder)
        return moved
    return name
