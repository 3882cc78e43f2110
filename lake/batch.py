"""Converting a batch: walk the inputs, decide what needs converting, convert in workers, store each result as it
comes, and say plainly what happened. One bad file never stops the rest; Ctrl-C stops cleanly with what was
done kept."""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import signal
import stat
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from baocao.extract import SUPPORTED
from baocao.lake.tasks import DocResult, Task, label
from baocao.lake.worker import Limits
from baocao.lake.writer import Lake, PathRef


log = logging.getLogger(__name__)
# how often a batch brings the report files whose current flags changed in step with the catalogue (and at its
# end): a reader of the lake meanwhile may see an earlier version of a report still flagged current
SETTLE_SECONDS = 60.0


class UsageError(Exception):
    """The command was asked for something it cannot do (exit 2)."""


@dataclass(frozen=True)
class Input:
    path: str  # absolute, as the OS names it
    key: bytes  # resolved location: the identity of the path in the catalogue
    source_root: str  # the INPUT argument, as given
    source_file: str  # relative to it, POSIX separators, printable
    shown: str  # as the user would name it: the root joined with the file

    @property
    def ref(self) -> PathRef:
        return PathRef(self.key, self.source_root, self.source_file)


@dataclass
class Walk:
    inputs: list[Input] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "file: why"
    roots: list[bytes] = field(default_factory=list)

    def __iter__(self):
        return iter(self.inputs)

    def __len__(self) -> int:
        return len(self.inputs)


def _key(path: str) -> bytes:
    return os.fsencode(os.path.realpath(path))


def walk_inputs(roots: Iterable[str], lake: Optional[str] = None) -> Walk:
    """Files and folders (walked recursively; hidden entries and the lake itself are not read). A named input that
    cannot be read is a usage error; in a folder, anything not converted is skipped and named."""
    walk = Walk()
    own = os.path.realpath(lake) if lake and "://" not in lake else None
    seen: set[bytes] = set()

    def add(path: str, root: str, rel: str) -> None:
        key = _key(path)
        if key not in seen:
            seen.add(key)
            walk.inputs.append(Input(os.path.abspath(path), key, label(root), label(rel), label(path)))

    for root in map(str, roots):
        try:
            info = os.stat(root)
        except OSError as exc:
            raise UsageError(f"{label(root)}: {exc.strerror or exc}") from None
        walk.roots.append(_key(root))
        if stat.S_ISDIR(info.st_mode):
            _walk_folder(root, add, walk.skipped, own)
        elif not stat.S_ISREG(info.st_mode):
            raise UsageError(f"{label(root)}: not a regular file (a FIFO, device or socket is never read)")
        elif Path(root).suffix.lower() not in SUPPORTED:
            raise UsageError(f"{label(root)}: unsupported file type {Path(root).suffix or '(no suffix)'}; "
                             f"supported: {' '.join(SUPPORTED)}")
        else:
            add(root, root, os.path.basename(root))
    return walk


def _walk_folder(root: str, add, skipped: list, own: Optional[str]) -> None:
    def refused(err: OSError) -> None:
        skipped.append(f"{label(os.path.relpath(err.filename or root, root))}: cannot list: {err.strerror}")

    for folder, dirs, files in os.walk(root, onerror=refused):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and os.path.realpath(os.path.join(folder, d)) != own)
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = os.path.join(folder, name)
            rel = Path(os.path.relpath(path, root)).as_posix()
            try:
                mode = os.stat(path).st_mode
            except OSError as exc:
                skipped.append(f"{label(rel)}: cannot read: {exc.strerror}")
                continue
            if not stat.S_ISREG(mode):
                skipped.append(f"{label(rel)}: not a regular file")
            elif Path(name).suffix.lower() not in SUPPORTED:
                skipped.append(f"{label(rel)}: unsupported type {Path(name).suffix.lower() or '(no suffix)'}")
            else:
                add(path, root, rel)


@dataclass
class Options:
    force: bool = False  # convert again what the lake already holds
    retry: bool = True  # convert again inputs whose document failed
    prune: bool = False  # forget inputs that are gone (and documents left with no input)
    jobs: int = 1
    dask: Optional[str] = None  # a scheduler address, or "local"
    limits: Limits = field(default_factory=Limits)
    progress: bool = True
    state_dir: Optional[Path] = None
    argv: list[str] = field(default_factory=list)


@dataclass
class BatchSummary:
    inputs: int = 0
    ok: int = 0
    partial: int = 0
    failed: int = 0
    unchanged: int = 0  # inputs whose content the lake already held
    same_content: int = 0  # inputs with the same bytes as another input of this batch (one document)
    rows: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    partials: list[str] = field(default_factory=list)  # "file: why"
    failures: list[str] = field(default_factory=list)
    still_failed: list[str] = field(default_factory=list)  # failed before, not converted again (--no-retry)
    skipped: list[str] = field(default_factory=list)
    replaced: list[dict] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)  # inputs the lake knows that are no longer there
    pruned: int = 0

    @property
    def any_failed(self) -> bool:
        return bool(self.failures or self.still_failed)

    def line(self) -> str:
        parts = [f"{self.ok} ok", f"{self.partial} partial", f"{self.failed} failed", f"{self.unchanged} unchanged"]
        if self.same_content:
            parts.append(f"{self.same_content} same content as another input")
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped")
        text = ", ".join(parts) + f"; {self.rows} rows; {self.seconds:.1f} s"
        return ("interrupted: " + text) if self.interrupted else text

    def details(self) -> list[str]:
        out = [f"  partial: {line}" for line in self.partials]
        out += [f"  failed: {line}" for line in self.failures]
        out += [f"  failed (before, not converted again in this run): {line}" for line in self.still_failed]
        out += [f"  skipped: {line}" for line in self.skipped]
        out += [f"  replaced: {r['source_file']} ({r['old_sha256'][:12]} → {r['new_sha256'][:12]})"
                for r in self.replaced]
        if self.gone:
            out.append(f"  {len(self.gone)} inputs the lake holds are gone"
                       + (" and were pruned" if self.pruned else " (--prune forgets them)") + ":")
            out += [f"    {name}" for name in self.gone]
        return out

    def as_dict(self) -> dict:
        return asdict(self)


def run_batch(walk: Walk, lake_location, opts: Optional[Options] = None, **options) -> BatchSummary:
    """Convert what the walk found into the lake at `lake_location` (a path, a URI, or a Store); `options` are
    Options' fields (`progress=False`, `jobs=2` …) when no Options is given."""
    opts = opts or Options(**options)
    lake = Lake(lake_location, opts.state_dir)
    summary = BatchSummary(inputs=len(walk.inputs), skipped=list(walk.skipped))
    stop = threading.Event()
    start = time.perf_counter()
    results = None
    lake.open_for_writing()
    run = lake.catalog.begin_run(opts.argv)
    try:
        tasks, groups, seen_version = _plan(lake, walk, opts, summary, run)
        log.info("run %d: %d inputs, %d documents to convert, %d held already, %d skipped", run, len(walk.inputs),
                 len(tasks), summary.unchanged, len(walk.skipped))
        if opts.dask:
            from baocao.lake.jobs import run_dask

            results = run_dask(tasks, opts.dask, opts.limits, stop)
        else:
            from baocao.lake.jobs import run_local

            results = run_local(tasks, opts.jobs, opts.limits, stop)
        bar = _progress(len(tasks), opts.progress)
        settled = time.perf_counter()
        for result in results:
            group = groups[result.sha256]
            _store(lake, result, group, run, seen_version.get(result.sha256), opts, summary)
            if time.perf_counter() - settled > SETTLE_SECONDS:
                lake.settle()
                settled = time.perf_counter()
            if bar is not None:
                bar.set_postfix_str(group[0].source_file[-40:], refresh=False)
                bar.update(1)
        if bar is not None:
            bar.close()
        lake.settle()
        gone = lake.gone(walk.roots, {i.key for i in walk.inputs})
        summary.gone = sorted(f"{r['source_root']}: {r['source_file']}" for r in gone)
        if gone and opts.prune:
            summary.pruned = lake.prune(r["path"] for r in gone)
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        stop.set()
        previous = _ignore_sigint()
        try:
            if results is not None and hasattr(results, "close"):
                results.close()  # kills the workers
            summary.seconds = time.perf_counter() - start
            _unfinished_failures(lake, walk, summary)
            outcome = "interrupted" if summary.interrupted else "failed" if summary.any_failed else "ok"
            record = {"run": run, "at": dt.datetime.now(dt.timezone.utc).isoformat(), "outcome": outcome,
                      **summary.as_dict()}
            lake.catalog.end_run(run, outcome, record)
            lake.log_run(record)
            lake.finish_writing()
            lake.close()
        finally:
            _restore_sigint(previous)
    return summary


def _plan(lake: Lake, walk: Walk, opts: Options, summary: BatchSummary, run: int):
    """Hash every input; one task per content the lake must convert; paths of content it holds are recorded."""
    groups: dict[str, list[Input]] = {}
    for item in walk.inputs:
        try:
            sha = hash_file(item.path)
        except OSError as exc:
            why = f"cannot read: {exc.strerror or exc}"
            lake.record_unreadable(item.ref, why, run)
            summary.failures.append(f"{item.shown}: {why}")
            summary.failed += 1
            continue
        groups.setdefault(sha, []).append(item)
    tasks, seen_version = [], {}
    for sha, group in groups.items():
        summary.same_content += len(group) - 1
        doc = lake.catalog.document(sha)
        if doc is None or opts.force or (opts.retry and doc["status"] == "failed"):
            first = group[0]
            tasks.append(Task(first.path, first.source_root, first.source_file, sha))
            seen_version[sha] = doc["version"] if doc is not None else None
            continue
        summary.unchanged += len(group)
        summary.replaced.extend(lake.commit(sha, None, [i.ref for i in group], run).replaced)
    return tasks, groups, seen_version


def hash_file(path: str) -> str:
    """SHA-256 of a regular file's bytes (opened without blocking: a FIFO swapped in after the walk is refused,
    not waited on)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(0, "not a regular file")
        digest = hashlib.sha256()
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
        return digest.hexdigest()


def _store(lake: Lake, result: DocResult, group: list[Input], run: int, seen_version: Optional[str],
           opts: Options, summary: BatchSummary) -> None:
    first = group[0]
    log.info("%s: %s, %d rows, %.1f s%s", first.shown, result.status, result.n_rows, result.seconds,
             f" ({result.report.get('error')})" if result.report.get("error") else "")
    staged = lake.stage(result, first.ref)
    outcome = lake.commit(result.sha256, staged, [i.ref for i in group], run, seen_version, opts.retry,
                          settle=False)
    summary.replaced.extend(outcome.replaced)
    if not outcome.taken:  # another run stored this content first
        summary.unchanged += len(group)
        return
    status = result.status
    setattr(summary, status, getattr(summary, status) + 1)
    summary.rows += result.n_rows
    if status == "partial":
        summary.partials.append(f"{first.shown}: {result.report.get('error') or ''}")
    elif status == "failed":
        summary.failures.append(f"{first.shown}: {result.report.get('error') or ''}")


def _unfinished_failures(lake: Lake, walk: Walk, summary: BatchSummary) -> None:
    """Inputs whose current version failed though this run did not convert them (not retried)."""
    for item in walk.inputs:
        if any(line.startswith(f"{item.shown}: ") for line in summary.failures):
            continue
        row = lake.catalog.one("SELECT d.status, d.error FROM paths p LEFT JOIN documents d "
                               "ON d.sha256 = p.sha256 WHERE p.path = ?", (item.key,))
        if row is not None and row["status"] == "failed":
            summary.still_failed.append(f"{item.shown}: {row['error'] or ''}")


def _ignore_sigint():
    if threading.current_thread() is threading.main_thread():
        return signal.signal(signal.SIGINT, signal.SIG_IGN)
    return None


def _restore_sigint(previous) -> None:
    if previous is not None:
        signal.signal(signal.SIGINT, previous)


def _progress(total: int, enabled: bool):
    """A progress bar only on a terminal: no carriage returns into a file or a pipe."""
    if not enabled or not total or not sys.stderr.isatty():
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return tqdm(total=total, unit="doc", file=sys.stderr, dynamic_ncols=True)
