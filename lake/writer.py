"""Writing documents into the lake and keeping its files in step with the catalogue.

Layout (Hive-partitioned by the report's year; an unknown year is the null partition, so the partition column
keeps one type):

    LAKE/reports/report_year=2024/<sha16>-<version>.parquet     one file per document and dataset …
    LAKE/indicators/report_year=2024/…                          … or a few larger ones after `baocao compact`
    LAKE/checks/report_year=__HIVE_DEFAULT_PARTITION__/…
    LAKE/_state/catalog.sqlite, lake.lock, runs.jsonl           (names starting with `_` or `.` are not data)

A document's files are written first (each atomically, the report last), then its catalogue entry commits; only
then are replaced versions removed and the files whose rows changed rewritten (atomically, in place). A crash at
any point leaves either files the catalogue does not know (swept by the next run) or files marked dirty (rewritten
by the next run): never a document lost, never rows twice."""
from __future__ import annotations

import hashlib
import json
import logging
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

import pyarrow as pa
import pyarrow.compute as pc

from baocao.lake.catalog import Catalog
from baocao.lake.current import choose
from baocao.lake.lock import LakeLock
from baocao.lake.store import TEMP_PREFIX, Store
from baocao.lake.tasks import DocResult
from baocao.schemas import CHECK_SCHEMA, CORRECTION_SCHEMA, INDICATOR_SCHEMA, REPORT_SCHEMA

log = logging.getLogger(__name__)
PARTITION = "report_year"
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"  # what pyarrow, DuckDB and Spark read as a null partition value
SCHEMAS = {"reports": REPORT_SCHEMA, "indicators": INDICATOR_SCHEMA, "checks": CHECK_SCHEMA,
           "corrections": CORRECTION_SCHEMA}
DATASETS = tuple(SCHEMAS)
LABELLED = ("reports", "indicators")  # datasets whose rows carry the document's source_file


class LakeError(Exception):
    """The lake cannot be opened or written where it was asked for (a usage problem)."""


def partition_of(year: Optional[int]) -> str:
    return f"{PARTITION}={year if year is not None else NULL_PARTITION}"


def state_dir_for(store: Store) -> Path:
    """Where the catalogue lives: inside a local lake; for a lake on another filesystem, in the user's state
    folder, one per lake URI (only the machine that runs the batches writes it)."""
    if store.local is not None:
        return store.local / "_state"
    home = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    digest = hashlib.sha256(f"{store.fs.type_name}:{store.base}".encode()).hexdigest()[:16]
    return home / "baocao" / digest


@dataclass(frozen=True)
class PathRef:
    key: bytes  # absolute, resolved location
    source_root: str
    source_file: str


@dataclass
class Staged:
    """A converted document's files, written but not yet in the catalogue."""

    result: DocResult
    version: str
    partition: str
    files: dict[str, tuple[str, int]]  # dataset → (file name, rows)
    primary: PathRef  # the path its rows are labelled with


@dataclass
class Committed:
    taken: bool  # this conversion is now the document's version (not one another run committed first)
    replaced: list[dict] = field(default_factory=list)  # paths whose content changed: label, old and new hash


class Lake:
    def __init__(self, location: "str | Store", state_dir: Optional[Path] = None):
        try:
            self.store = location if isinstance(location, Store) else Store.open(str(location))
            if self.store.local is not None:
                if self.store.local.exists() and not self.store.local.is_dir():
                    raise LakeError(f"--out {location}: exists and is not a folder")
                self.store.local.mkdir(parents=True, exist_ok=True)
            self.state_dir = Path(state_dir) if state_dir else state_dir_for(self.store)
            self.catalog = Catalog(self.state_dir / "catalog.sqlite")
            self.lock = LakeLock(self.state_dir / "lake.lock")
            probe = self.state_dir / f"{TEMP_PREFIX}probe-{secrets.token_hex(4)}"
            probe.write_bytes(b"")
            probe.unlink()
        except LakeError:
            raise
        except (OSError, ValueError) as exc:  # not a folder, read-only, no such filesystem …
            raise LakeError(f"cannot write the lake at {location}: {exc}") from exc
        except Exception as exc:  # sqlite3 errors: a catalogue that is not a database
            raise LakeError(f"cannot open the lake's catalogue in {self.state_dir}: {exc}") from exc

    def close(self) -> None:
        self.catalog.close()
        self.lock.close()

    # ------------------------------------------------------------------ locking and recovery

    def open_for_writing(self) -> None:
        """Take the shared lock a `convert` holds; when no other run is active, first put right whatever a crash
        left (stray files, unfinished rewrites)."""
        if self.lock.exclusive(wait=False):
            try:
                self.recover()
            finally:
                self.lock.shared()  # flock converts the lock (others may sweep in between: harmless)
        else:
            self.lock.shared()

    def finish_writing(self) -> None:
        """Release the run's lock; the last run out sweeps."""
        self.lock.release()
        if self.lock.exclusive(wait=False):
            try:
                self.recover()
            finally:
                self.lock.release()

    def recover(self) -> None:
        """Bring the files in step with the catalogue (the exclusive lock is held: nobody is between writing a
        file and committing it)."""
        from baocao.lake.compact import finish_compactions

        finish_compactions(self)
        on_disk = {name for ds in DATASETS for name in self.store.files(ds)}
        known = self.catalog.file_names()
        if self.catalog.fresh and not known and any(n.endswith(".parquet") for n in on_disk):
            from baocao.lake.adopt import adopt

            adopt(self, sorted(on_disk))
            self.catalog.fresh = False
            on_disk = {name for ds in DATASETS for name in self.store.files(ds)}
            known = self.catalog.file_names()
        for name in sorted(on_disk - known):  # temp files, files of a conversion that never committed
            self.store.delete(name)
        for ds in DATASETS:
            for folder in self.store.dirs(ds):
                if folder.rsplit("/", 1)[-1].startswith("."):
                    self.store.delete_dir(folder)
        lost = known - on_disk
        if lost:  # removed by hand: their documents are converted again when met
            with self.catalog.write() as db:
                for name in sorted(lost):
                    for row in db.execute("SELECT sha256 FROM file_docs WHERE name = ?", (name,)).fetchall():
                        self._drop_document(row["sha256"])
                    self.catalog.drop_file(name)
        self.settle()

    # ------------------------------------------------------------------ writing one document

    def stage(self, result: DocResult, primary: PathRef) -> Staged:
        """Write a converted document's files under a fresh version name (report last: a report file on disk
        means its other files are complete). Whether it is its report_key's current document is settled at the
        commit (its report file is rewritten when it is not)."""
        if not result.corrections_settled:  # converted again: the reviewer's corrections still hold
            held = self.corrections_of(result.sha256)
            if held:
                result = _with_corrections(result, held)
        version = secrets.token_hex(4)
        partition = partition_of(result.report.get("year"))
        staged = Staged(result=result, version=version, partition=partition, files={}, primary=primary)
        for dataset in ("corrections", "checks", "indicators", "reports"):
            if dataset in result.files:
                data, n_rows = result.files[dataset]
                name = f"{dataset}/{partition}/{result.sha256[:16]}-{version}.parquet"
                self.store.write_bytes(name, data)
                staged.files[dataset] = (name, n_rows)
        return staged

    def corrections_of(self, sha256: str) -> list[dict]:
        """The reviewer's corrections the lake holds for a document (LAKE/corrections/)."""
        names = [r["name"] for r in self.catalog.all(
            "SELECT f.name FROM files f JOIN file_docs d ON d.name = f.name WHERE d.sha256 = ? AND f.dataset = ?",
            (sha256, "corrections"))]
        out: list[dict] = []
        for name in names:
            table = conform(self.store.read_table(name), CORRECTION_SCHEMA)
            out += [row for row in table.to_pylist() if row["source_sha256"] == sha256]
        return out

    def discard(self, staged: Staged) -> None:
        for name, _ in staged.files.values():
            self.store.delete(name)

    def commit(self, sha256: str, staged: Optional[Staged], paths: list[PathRef], run: int,
               seen_version: Optional[str] = None, retry: bool = True, settle: bool = True) -> Committed:
        """Enter a document (when staged) and the paths it was found under, in one transaction. A document
        another run committed since this one was planned is kept (unless it failed and this conversion did not):
        two runs at once give what one after the other gives. `settle=False` leaves the files whose labels or
        current flags changed marked dirty, for a later `settle()` (a batch settles now and then, not after every
        document: each new version of a report would rewrite every earlier version's report file again)."""
        outcome = Committed(taken=False)
        with self.catalog.write():
            doc = self.catalog.document(sha256)
            keys: set[str] = set()
            if staged is not None:
                outcome.taken = (doc is None or doc["version"] == seen_version
                                 or (retry and doc["status"] == "failed" and staged.result.status != "failed"))
            if outcome.taken:
                keys.update(self._enter(staged, doc, paths, run))
            for ref in paths:
                outcome.replaced.extend(self._link(ref, sha256, run, keys))
            for key in keys - {None}:
                self.rank(key)
        if staged is not None and not outcome.taken:
            self.discard(staged)
        if settle:
            self.settle()
        return outcome

    def _enter(self, staged: Staged, doc, paths: list[PathRef], run: int) -> set:
        sha = staged.result.sha256
        report = staged.result.report
        keys = {report.get("report_key")}
        primary = staged.primary
        if doc is not None:
            keys.add(doc["report_key"])
            self.catalog.unlink_files(sha)  # the earlier version's rows leave their files
            kept = self.catalog.one("SELECT * FROM paths WHERE path = ? AND sha256 = ?", (doc["path"], sha))
            if kept is not None:  # the document keeps the path it was labelled with
                primary = PathRef(kept["path"], doc["source_root"], doc["source_file"])
        self.catalog.put_document({
            **_doc_fields(report), "version": staged.version, "year": report.get("year"),
            "report_key": report.get("report_key"), "n_rows": report.get("n_rows") or 0,
            "path": primary.key, "source_root": primary.source_root, "source_file": primary.source_file,
            "current": int(report.get("current", True)), "superseded_by": report.get("superseded_by"), "run": run,
        })
        for dataset, (name, n_rows) in staged.files.items():
            self.catalog.add_file(name, dataset, staged.partition, {sha: n_rows})
        if primary != staged.primary:
            self.catalog.mark_dirty(sha, LABELLED)
        return keys

    def _link(self, ref: PathRef, sha256: str, run: int, keys: set) -> list[dict]:
        """Record that `ref` holds `sha256` now; a different content it held before is replaced."""
        db = self.catalog.db
        row = self.catalog.path(ref.key)
        if row is None:
            db.execute("INSERT INTO paths (path, source_root, source_file, sha256, seen_run) VALUES (?, ?, ?, ?, ?)",
                       (ref.key, ref.source_root, ref.source_file, sha256, run))
            db.execute("INSERT INTO versions (path, sha256, first_run) VALUES (?, ?, ?)", (ref.key, sha256, run))
            return []
        db.execute("UPDATE paths SET source_root = ?, source_file = ?, sha256 = ?, error = NULL, seen_run = ? "
                   "WHERE path = ?", (ref.source_root, ref.source_file, sha256, run, ref.key))
        old = row["sha256"]
        if old == sha256:
            return []
        db.execute("UPDATE versions SET replaced_run = ?, replaced_by = ? WHERE path = ? AND replaced_run IS NULL",
                   (run, sha256, ref.key))
        db.execute("INSERT INTO versions (path, sha256, first_run) VALUES (?, ?, ?)", (ref.key, sha256, run))
        if old is None:
            return []
        self._release(old, ref.key, keys)
        return [{"source_file": ref.source_file, "source_root": ref.source_root, "old_sha256": old,
                 "new_sha256": sha256}]

    def _release(self, sha256: str, key: bytes, keys: set) -> None:
        """A path no longer holds this document: it goes when no path is left, else it takes another's label."""
        doc = self.catalog.document(sha256)
        if doc is None:
            return
        remaining = [p for p in self.catalog.paths_of(sha256) if p["path"] != key]
        if not remaining:
            keys.add(doc["report_key"])
            self._drop_document(sha256)
        elif doc["path"] == key:
            other = remaining[0]
            self.catalog.db.execute("UPDATE documents SET path = ?, source_root = ?, source_file = ? "
                                    "WHERE sha256 = ?", (other["path"], other["source_root"],
                                                         other["source_file"], sha256))
            self.catalog.mark_dirty(sha256, LABELLED)

    def _drop_document(self, sha256: str) -> None:
        self.catalog.unlink_files(sha256)
        self.catalog.db.execute("DELETE FROM documents WHERE sha256 = ?", (sha256,))

    def rank(self, report_key: str) -> None:
        """The current document of a report_key; those whose verdict changed get their report files rewritten."""
        docs = [dict(r) for r in self.catalog.all(
            "SELECT sha256, status, n_checks_failed, method, report_date, converted_at, current, superseded_by "
            "FROM documents WHERE report_key = ?", (report_key,))]
        verdicts = choose(docs)
        for doc in docs:
            current, superseded_by = verdicts[doc["sha256"]]
            if bool(doc["current"]) != current or doc["superseded_by"] != superseded_by:
                self.catalog.db.execute("UPDATE documents SET current = ?, superseded_by = ? WHERE sha256 = ?",
                                        (int(current), superseded_by, doc["sha256"]))
                self.catalog.mark_dirty(doc["sha256"], ("reports",))

    def record_unreadable(self, ref: PathRef, error: str, run: int) -> None:
        with self.catalog.write() as db:
            db.execute("INSERT INTO paths (path, source_root, source_file, error, seen_run) VALUES (?, ?, ?, ?, ?) "
                       "ON CONFLICT(path) DO UPDATE SET error = excluded.error, seen_run = excluded.seen_run",
                       (ref.key, ref.source_root, ref.source_file, error, run))

    # ------------------------------------------------------------------ paths gone from the inputs

    def gone(self, roots: Iterable[bytes], seen: set[bytes]) -> list:
        """Paths under the given roots the lake knows but the walk no longer found."""
        out = []
        for root in roots:
            for row in self.catalog.paths_under(root):
                if row["path"] not in seen and not os.path.lexists(row["path"]):
                    out.append(row)
        return out

    def prune(self, keys: Iterable[bytes]) -> int:
        """Forget paths; a document left with no path leaves the lake."""
        n = 0
        with self.catalog.write() as db:
            touched: set = set()
            for key in keys:
                row = self.catalog.path(key)
                if row is None:
                    continue
                db.execute("DELETE FROM paths WHERE path = ?", (key,))
                if row["sha256"]:
                    self._release(row["sha256"], key, touched)
                n += 1
            for report_key in touched - {None}:
                self.rank(report_key)
        self.settle()
        return n

    # ------------------------------------------------------------------ files follow the catalogue

    def settle(self) -> None:
        """Rewrite every dirty file from the catalogue's view (rows of documents it no longer holds dropped,
        labels and current flags updated); a file left with no document is removed."""
        for name in self.catalog.dirty_files():
            self.refresh(name)

    def refresh(self, name: str) -> None:
        # under the write lock: two runs rewriting one file take turns, and the later one reads the later state
        with self.catalog.write() as db:
            entry = db.execute("SELECT * FROM files WHERE name = ?", (name,)).fetchone()
            if entry is None or not entry["dirty"]:
                return
            shas = [r["sha256"] for r in db.execute("SELECT sha256 FROM file_docs WHERE name = ?", (name,))]
            if not shas:
                self.store.delete(name)
                self.catalog.drop_file(name)
                return
            try:
                table = self.store.read_table(name)
            except FileNotFoundError:
                for sha in shas:  # its rows are gone: the documents are converted again when met
                    self._drop_document(sha)
                self.catalog.drop_file(name)
                return
            table = conform(table, SCHEMAS[entry["dataset"]])
            table = table.filter(pc.is_in(table["source_sha256"], value_set=pa.array(shas, pa.string())))
            if entry["dataset"] in LABELLED:
                table = self._labels(table, entry["dataset"])
            self.store.write_table(name, table)
            db.execute("UPDATE files SET dirty = 0 WHERE name = ?", (name,))

    def _labels(self, table: pa.Table, dataset: str) -> pa.Table:
        docs = {}
        for sha in set(table["source_sha256"].to_pylist()):
            row = self.catalog.document(sha)
            if row is not None:
                docs[sha] = row
        shas = table["source_sha256"].to_pylist()
        columns = {"source_file": lambda d: d["source_file"]}
        if dataset == "reports":
            columns.update(source_root=lambda d: d["source_root"], current=lambda d: bool(d["current"]),
                           superseded_by=lambda d: d["superseded_by"])
        for column, value in columns.items():
            old = table[column].to_pylist()
            new = [value(docs[s]) if s in docs else o for s, o in zip(shas, old)]
            index = table.schema.get_field_index(column)
            table = table.set_column(index, table.schema.field(index), pa.array(new, table.schema.field(index).type))
        return table

    def log_run(self, entry: dict) -> None:
        with open(self.state_dir / "runs.jsonl", "a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry, ensure_ascii=False, default=str) + "\n")


def _with_corrections(result: DocResult, held: list[dict]) -> DocResult:
    """The result with the reviewer's corrections applied again; if that fails, with them kept unapplied (never
    lost, never stopping the batch)."""
    from dataclasses import replace

    from baocao.lake.tasks import parquet_bytes
    from baocao.review.corrections import reapply

    try:
        return reapply(result, held)
    except Exception:  # a bug in applying them: the document is stored as read, its corrections kept
        log.warning("%s: corrections not applied again", result.report.get("source_file"), exc_info=True)
        table = pa.Table.from_pylist(held, schema=CORRECTION_SCHEMA)
        return replace(result, files={**result.files, "corrections": (parquet_bytes(table), table.num_rows)},
                       corrections_settled=True)


def _doc_fields(report: dict) -> dict:
    date = report.get("report_date")
    at = report.get("converted_at")
    return {"sha256": report["source_sha256"], "status": report["status"], "error": report.get("error"),
            "method": report.get("method"), "n_checks_failed": report.get("n_checks_failed") or 0,
            "report_date": date.isoformat() if hasattr(date, "isoformat") else date,
            "converted_at": at.isoformat() if hasattr(at, "isoformat") else at}


def conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """A file written by an older baocao to today's schema: missing columns null, the order the schema's."""
    columns = []
    for f in schema:
        if f.name in table.column_names:
            columns.append(table[f.name].cast(f.type))
        else:
            columns.append(pa.nulls(table.num_rows, f.type))
    return pa.Table.from_arrays(columns, schema=schema)
