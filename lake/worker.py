"""A worker process that converts documents one at a time, and its keeper on the batch's side.

The worker is a separate interpreter in its own session (process group), started once and reused: it loads the
language model and tables once, and a document that hangs or balloons is ended by killing the group (the worker,
its OCR pool, its Tesseract processes) without touching the batch. The keeper watches each document's time and
the memory of the whole group, and grants the worker spare cores for its OCR pages (`extract/cores.py`).

Messages are pickles framed by their length, over the worker's stdin and stdout; the worker's own stdout is sent
to stderr so a stray print cannot break the framing."""
from __future__ import annotations

import atexit
import logging
import os
import pickle
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Optional

_HEADER = struct.Struct(">Q")
# how often the keeper looks at a working document's time and memory: finding a process's descendants reads all of
# /proc (~3 ms), so more often would cost the batch's process a share of a core for every worker
POLL_SECONDS = 0.5
LOG_LEVEL_VARIABLE = "BAOCAO_LOG_LEVEL"
STARTUP_SECONDS = 300  # an interpreter and baocao's modules, on a busy machine


@dataclass(frozen=True)
class Limits:
    seconds: float = 900.0  # per document, including its OCR
    memory_mb: int = 4096  # resident memory of the worker and every process it started


def send(stream: BinaryIO, message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def receive(stream: BinaryIO) -> object:
    head = _read_exactly(stream, _HEADER.size)
    return pickle.loads(_read_exactly(stream, _HEADER.unpack(head)[0]))


def _read_exactly(stream: BinaryIO, n: int) -> bytes:
    chunks, left = [], n
    while left:
        chunk = stream.read(left)
        if not chunk:
            raise EOFError("the other side closed the pipe")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


# ---------------------------------------------------------------------- the worker's side


class _AskKeeper:
    """Cores for OCR pages, asked of the keeper (it knows what the other workers use)."""

    def __init__(self, requests: BinaryIO, replies: BinaryIO):
        self.requests, self.replies = requests, replies

    def acquire(self, extra: int) -> int:
        send(self.requests, ("cores", extra))
        return int(receive(self.replies))

    def release(self, extra: int) -> None:
        send(self.requests, ("release", extra))


def serve() -> None:
    from baocao.extract import cores
    from baocao.lake.tasks import convert_task, failed_result

    replies = os.fdopen(os.dup(0), "rb", buffering=0)
    requests = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything a library prints goes to stderr, never into the framing
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.environ["OMP_THREAD_LIMIT"] = "1"  # Tesseract: one thread per process, the cores are shared out above
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s [worker]: %(message)s")
    logging.getLogger("baocao").setLevel(int(os.environ.get(LOG_LEVEL_VARIABLE, logging.WARNING)))
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the batch's to handle
    _die_with_parent()
    cores.set_broker(_AskKeeper(requests, replies))
    import baocao.pipeline  # noqa: F401  (loaded once per worker, before the first document)

    send(requests, ("ready",))  # a document's time starts now, not while the interpreter starts
    while True:
        try:
            task = receive(replies)
        except EOFError:
            return
        start = time.perf_counter()
        try:
            result = convert_task(task)
        except Exception as exc:  # convert_file catches a document's own failures; this is the worker's
            result = failed_result(task, f"worker error: {type(exc).__name__}: {exc}", time.perf_counter() - start)
        try:
            send(requests, ("done", result))
        except OSError:  # the batch is gone (killed): nobody to give the result to
            return


def _die_with_parent() -> None:
    """A worker whose batch was killed (kill -9: no chance to end it) is ended by the kernel (Linux)."""
    try:
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if os.getppid() == 1:  # the batch died before the line above took effect
        os._exit(0)


# ---------------------------------------------------------------------- the batch's side


class CoreBudget:
    """The batch's cores: one for each document being converted, the rest lent to OCR pools."""

    def __init__(self, total: int):
        self.total = max(1, total)
        self.busy = 0
        self._lock = threading.Lock()

    def take(self, n: int) -> int:
        with self._lock:
            got = max(0, min(n, self.total - self.busy))
            self.busy += got
            return got

    def give(self, n: int) -> None:
        with self._lock:
            self.busy = max(0, self.busy - n)


class WorkerProcess:
    """One worker, kept by one thread of the batch; replaced when it had to be killed."""

    def __init__(self, budget: CoreBudget):
        self.budget = budget
        self.proc: Optional[subprocess.Popen] = None

    def _start(self) -> subprocess.Popen:
        env = _worker_env()
        env[LOG_LEVEL_VARIABLE] = str(logging.getLogger("baocao").getEffectiveLevel())  # -v reaches the workers
        proc = subprocess.Popen([sys.executable, "-c", "from baocao.lake.worker import serve; serve()"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env,
                                start_new_session=True, bufsize=0)
        self.proc = proc
        ready, _, _ = select.select([proc.stdout], [], [], STARTUP_SECONDS)
        if not ready or receive(proc.stdout) != ("ready",):
            self.kill()
            raise OSError(f"a worker did not start within {STARTUP_SECONDS} s")
        return proc

    def run(self, task, limits: Limits, stop: threading.Event):
        """The task's DocResult; a failed one when the document broke a limit or the worker died; None when the
        batch was stopped."""
        from baocao.lake.tasks import failed_result

        lent = 0
        own = self.budget.take(1)  # 0 when an OCR pool holds the spare cores for now
        start = time.monotonic()
        try:
            proc = self.proc if self.proc is not None and self.proc.poll() is None else self._start()
            start = time.monotonic()
            send(proc.stdin, task)
            while True:
                ready, _, _ = select.select([proc.stdout], [], [], POLL_SECONDS)
                if ready:
                    message = receive(proc.stdout)
                    if message[0] == "cores":
                        got = self.budget.take(message[1])
                        lent += got
                        send(proc.stdin, got)
                    elif message[0] == "release":
                        self.budget.give(message[1])
                        lent -= message[1]
                    else:
                        return message[1]
                    continue
                if stop.is_set():
                    self.kill()
                    return None
                elapsed = time.monotonic() - start
                if elapsed > limits.seconds:
                    self.kill()
                    return failed_result(task, f"time limit: not done after {limits.seconds:g} s", elapsed)
                used = _group_rss(proc.pid)
                if used > limits.memory_mb * 2**20:
                    self.kill()
                    return failed_result(task, f"memory limit: over {limits.memory_mb} MB "
                                               f"({used / 2**20:.0f} MB)", elapsed)
        except (EOFError, OSError, ValueError) as exc:  # ValueError: the batch closed the pipe (stopping)
            code = self.proc.poll() if self.proc is not None else None
            self.kill()
            if stop.is_set():
                return None
            return failed_result(task, f"worker died (exit {code}): {exc}", time.monotonic() - start)
        finally:
            self.budget.give(own + lent)

    def kill(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None:
            return
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # the worker and its OCR pool and Tesseract processes
        except (ProcessLookupError, PermissionError):
            pass
        proc.wait()
        for stream in (proc.stdin, proc.stdout):
            try:
                stream.close()
            except OSError:
                pass

    def close(self) -> None:
        """End an idle worker (it exits when its input closes)."""
        proc, self.proc = self.proc, None
        if proc is None:
            return
        try:
            proc.stdin.close()
            proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            self.proc = proc
            self.kill()


def _group_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants."""
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [root] + root.children(recursive=True)
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for proc in procs:
        try:
            total += proc.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return total


_ENV: dict = {}


def _worker_env() -> dict:
    """The environment a worker needs to import this very `baocao` (a checkout run as `python cli.py` has no
    installed package: a folder holding a `baocao` link to it is put first on its path)."""
    if not _ENV:
        import baocao

        package = Path(baocao.__file__).absolute().parent
        if package.name == "baocao":
            parent = package.parent
        else:
            parent = Path(tempfile.mkdtemp(prefix="baocao-path-"))
            (parent / "baocao").symlink_to(package.resolve(), target_is_directory=True)
            atexit.register(shutil.rmtree, parent, True)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join([str(parent)] + [p for p in [env.get("PYTHONPATH")] if p])
        _ENV.update(env)
    return dict(_ENV)
