"""`baocao compact LAKE`: each partition's per-document files merged into a few larger ones (tens of thousands of
9 KB files slow every query engine down).

Atomic for readers: the new files are written into a hidden folder beside the partition, the catalogue records
the swap, then the two folders are exchanged in one step (renameat2 RENAME_EXCHANGE) and the old one removed. A
reader listing the partition sees all the old files or all the new ones, never both and never half; the rows are
the same. A crash at any step is finished or undone by the next run (`finish_compactions`). On a filesystem that
cannot exchange folders (object stores), the new files are moved in and the old ones removed after the commit: a
reader may then see both for that moment.

Compaction needs the lake to itself (the exclusive lock): it waits for running conversions to end."""
from __future__ import annotations

import json
import secrets
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from baocao.lake.writer import DATASETS, SCHEMAS, Lake, conform

TARGET_ROWS = 500_000  # rows per compacted file: ~10-30 MB of Parquet, a good unit for query engines


@dataclass
class CompactSummary:
    partitions: int = 0
    files_before: int = 0
    files_after: int = 0
    rows: int = 0

    def line(self) -> str:
        return (f"{self.partitions} partitions compacted: {self.files_before} files → {self.files_after}; "
                f"{self.rows} rows")


def compact(lake: Lake, target_rows: int = TARGET_ROWS) -> CompactSummary:
    summary = CompactSummary()
    lake.lock.exclusive(wait=True)
    try:
        lake.recover()  # every file clean: what is read below is what the catalogue says
        for dataset in DATASETS:
            for row in lake.catalog.all("SELECT partition, count(*) AS n FROM files WHERE dataset = ? "
                                        "GROUP BY partition HAVING n > 1 ORDER BY partition", (dataset,)):
                before, after, rows = _compact_partition(lake, dataset, row["partition"], target_rows)
                summary.partitions += 1
                summary.files_before += before
                summary.files_after += after
                summary.rows += rows
    finally:
        lake.lock.release()
    return summary


def _compact_partition(lake: Lake, dataset: str, partition: str, target_rows: int) -> tuple[int, int, int]:
    store, catalog = lake.store, lake.catalog
    old = [r["name"] for r in catalog.all("SELECT name FROM files WHERE dataset = ? AND partition = ? ORDER BY name",
                                          (dataset, partition))]
    schema = SCHEMAS[dataset]
    table = pa.concat_tables([conform(store.read_table(name), schema) for name in old])
    order = [("source_sha256", "ascending")] + ([("row_index", "ascending")] if "row_index" in schema.names else [])
    table = table.sort_by(order)
    token = secrets.token_hex(4)
    exchange = store.can_exchange
    staging = f"{dataset}/.compact-{token}"
    new: dict[str, dict[str, int]] = {}
    for k, start in enumerate(range(0, table.num_rows, target_rows)):
        chunk = table.slice(start, target_rows)
        leaf = f"part-{token}-{k:03d}.parquet"
        store.write_table(f"{staging}/{leaf}" if exchange else f"{dataset}/{partition}/{leaf}", chunk)
        counts = pc.value_counts(chunk["source_sha256"]).to_pylist()
        new[f"{dataset}/{partition}/{leaf}"] = {c["values"]: c["counts"] for c in counts}
    with catalog.write() as db:
        for name in old:
            catalog.drop_file(name)
        for name, docs in new.items():
            catalog.add_file(name, dataset, partition, docs)
        if exchange:
            db.execute("INSERT INTO compactions (staging, partition_dir, new_files) VALUES (?, ?, ?)",
                       (staging, f"{dataset}/{partition}", json.dumps(sorted(new))))
    if exchange:
        _swap(lake, staging, f"{dataset}/{partition}", sorted(new))
    else:
        for name in old:
            store.delete(name)
    return len(old), len(new), table.num_rows


def _swap(lake: Lake, staging: str, partition_dir: str, new_files: list[str]) -> None:
    store = lake.store
    if not all(store.exists(name) for name in new_files):  # not yet exchanged
        store.exchange(partition_dir, staging)
    store.delete_dir(staging)  # the old files
    with lake.catalog.write() as db:
        db.execute("DELETE FROM compactions WHERE staging = ?", (staging,))


def finish_compactions(lake: Lake) -> None:
    """A compaction the catalogue committed but a crash interrupted: exchange the folders if not done yet."""
    for row in lake.catalog.all("SELECT * FROM compactions"):
        _swap(lake, row["staging"], row["partition_dir"], json.loads(row["new_files"]))
