"""The lake's state in one transactional database (SQLite, WAL mode): documents keyed by content, the paths each
was found under, every version a path held, the Parquet files and which documents' rows each holds, and runs.

The catalogue is the truth; the files follow it. A document and its files enter in one transaction; files that
no longer hold a live document are removed, and files whose rows must change (a replaced document's rows in a
compacted file, a report that stopped being current) are marked `dirty` and rewritten, only after the commit.
Whatever a crash leaves is found again from here.

A path is keyed by its absolute, resolved location (bytes: any file name, valid UTF-8 or not), so the same file
met under two roots is one path, and two files with the same name in two folders are two."""
from __future__ import annotations

import datetime as dt
import json
import os
import socket
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator, Optional

BUSY_SECONDS = 120  # how long a run waits for another run's hold on the catalogue
SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    sha256 TEXT PRIMARY KEY,
    version TEXT NOT NULL,            -- the conversion whose files hold the document's rows
    status TEXT NOT NULL,
    error TEXT,
    method TEXT,
    year INTEGER,
    report_key TEXT,
    report_date TEXT,
    n_checks_failed INTEGER NOT NULL DEFAULT 0,
    converted_at TEXT,
    n_rows INTEGER NOT NULL DEFAULT 0,
    path BLOB,                        -- the path its rows are labelled with (source_root, source_file)
    source_root TEXT,
    source_file TEXT,
    current INTEGER NOT NULL DEFAULT 1,
    superseded_by TEXT,
    run INTEGER
);
CREATE INDEX IF NOT EXISTS documents_report_key ON documents (report_key);
CREATE TABLE IF NOT EXISTS paths (
    path BLOB PRIMARY KEY,            -- absolute, resolved, as bytes
    source_root TEXT,
    source_file TEXT,
    sha256 TEXT,                      -- the content it holds now
    error TEXT,                       -- why it could not be read, when it could not
    seen_run INTEGER
);
CREATE INDEX IF NOT EXISTS paths_sha256 ON paths (sha256);
CREATE TABLE IF NOT EXISTS versions (
    path BLOB NOT NULL,
    sha256 TEXT NOT NULL,
    first_run INTEGER,
    replaced_run INTEGER,
    replaced_by TEXT
);
CREATE INDEX IF NOT EXISTS versions_path ON versions (path);
CREATE TABLE IF NOT EXISTS files (
    name TEXT PRIMARY KEY,            -- relative to the lake: reports/report_year=2024/<sha>-<version>.parquet
    dataset TEXT NOT NULL,
    partition TEXT NOT NULL,
    dirty INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS file_docs (
    name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    n_rows INTEGER NOT NULL,
    PRIMARY KEY (name, sha256)
);
CREATE INDEX IF NOT EXISTS file_docs_sha256 ON file_docs (sha256);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT,
    finished_at TEXT,
    host TEXT,
    pid INTEGER,
    argv TEXT,
    outcome TEXT,
    summary TEXT
);
CREATE TABLE IF NOT EXISTS compactions (
    staging TEXT PRIMARY KEY,         -- the hidden folder the new partition was built in
    partition_dir TEXT NOT NULL,
    new_files TEXT NOT NULL           -- JSON list of the file names it brings
);
"""

DOC_FIELDS = ("sha256", "version", "status", "error", "method", "year", "report_key", "report_date",
              "n_checks_failed", "converted_at", "n_rows", "path", "source_root", "source_file", "current",
              "superseded_by", "run")


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat()


class Catalog:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.file = path
        self.fresh = not path.exists()
        # autocommit; transactions are explicit (BEGIN IMMEDIATE takes the write lock up front)
        self.db = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self._write_ahead()
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute(f"PRAGMA busy_timeout={BUSY_SECONDS * 1000}")
        with self.write():
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    self.db.execute(statement)

    def _write_ahead(self) -> None:
        """The catalogue in WAL mode. Two runs opening a new catalogue at once: the switch needs the file to
        itself and SQLite answers `database is locked` at once instead of waiting, so the second run retries."""
        deadline = time.monotonic() + BUSY_SECONDS
        while True:
            try:
                self.db.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; other writers wait for it (the busy timeout), readers see the state before it."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def one(self, sql: str, args: Iterable = ()) -> Optional[sqlite3.Row]:
        return self.db.execute(sql, tuple(args)).fetchone()

    def all(self, sql: str, args: Iterable = ()) -> list[sqlite3.Row]:
        return self.db.execute(sql, tuple(args)).fetchall()

    # ------------------------------------------------------------------ documents

    def document(self, sha256: str) -> Optional[sqlite3.Row]:
        return self.one("SELECT * FROM documents WHERE sha256 = ?", (sha256,))

    def put_document(self, doc: dict) -> None:
        names = ", ".join(DOC_FIELDS)
        marks = ", ".join("?" for _ in DOC_FIELDS)
        self.db.execute(f"INSERT OR REPLACE INTO documents ({names}) VALUES ({marks})",
                        tuple(doc.get(name) for name in DOC_FIELDS))

    def mark_dirty(self, sha256: str, datasets: tuple[str, ...]) -> None:
        marks = ", ".join("?" for _ in datasets)
        self.db.execute(f"UPDATE files SET dirty = 1 WHERE dataset IN ({marks}) AND name IN "
                        "(SELECT name FROM file_docs WHERE sha256 = ?)", (*datasets, sha256))

    def unlink_files(self, sha256: str) -> None:
        """The document's rows no longer belong in its files: they are rewritten without them, or removed."""
        self.db.execute("UPDATE files SET dirty = 1 WHERE name IN (SELECT name FROM file_docs WHERE sha256 = ?)",
                        (sha256,))
        self.db.execute("DELETE FROM file_docs WHERE sha256 = ?", (sha256,))

    def add_file(self, name: str, dataset: str, partition: str, docs: dict[str, int]) -> None:
        self.db.execute("INSERT OR REPLACE INTO files (name, dataset, partition, dirty) VALUES (?, ?, ?, 0)",
                        (name, dataset, partition))
        self.db.executemany("INSERT OR REPLACE INTO file_docs (name, sha256, n_rows) VALUES (?, ?, ?)",
                            [(name, sha, n) for sha, n in docs.items()])

    def drop_file(self, name: str) -> None:
        self.db.execute("DELETE FROM file_docs WHERE name = ?", (name,))
        self.db.execute("DELETE FROM files WHERE name = ?", (name,))

    def dirty_files(self) -> list[str]:
        return [row["name"] for row in self.all("SELECT name FROM files WHERE dirty = 1 ORDER BY name")]

    def file_names(self) -> set[str]:
        return {row["name"] for row in self.all("SELECT name FROM files")}

    # ------------------------------------------------------------------ paths

    def path(self, key: bytes) -> Optional[sqlite3.Row]:
        return self.one("SELECT * FROM paths WHERE path = ?", (key,))

    def paths_of(self, sha256: str) -> list[sqlite3.Row]:
        return self.all("SELECT * FROM paths WHERE sha256 = ? ORDER BY path", (sha256,))

    def paths_under(self, root: bytes) -> list[sqlite3.Row]:
        """Paths at `root` or inside it (a folder), compared as bytes."""
        inside = root.rstrip(b"/") + b"/"
        return self.all("SELECT * FROM paths WHERE path = ? OR substr(path, 1, ?) = ? ORDER BY path",
                        (root, len(inside), inside))

    # ------------------------------------------------------------------ runs

    def begin_run(self, argv: list[str]) -> int:
        with self.write() as db:
            cur = db.execute("INSERT INTO runs (started_at, host, pid, argv) VALUES (?, ?, ?, ?)",
                             (now(), socket.gethostname(), os.getpid(), json.dumps(argv, ensure_ascii=False)))
            return int(cur.lastrowid)

    def end_run(self, run: int, outcome: str, summary: dict) -> None:
        with self.write() as db:
            db.execute("UPDATE runs SET finished_at = ?, outcome = ?, summary = ? WHERE id = ?",
                       (now(), outcome, json.dumps(summary, ensure_ascii=False, default=str), run))
