"""Who may touch the lake's files: every `convert` holds a shared lock for its whole run; sweeping stray files and
compacting need it exclusively (nobody else between writing a file and committing it). An advisory `flock` on a
file beside the catalogue: the kernel drops it when its process dies, even by kill -9, so a crashed run never
blocks the next one."""
from __future__ import annotations

import fcntl
import os
from pathlib import Path


class LakeLock:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        self.mode = None

    def shared(self) -> None:
        fcntl.flock(self.fd, fcntl.LOCK_SH)
        self.mode = "shared"

    def exclusive(self, wait: bool = True) -> bool:
        """Take the lock alone; without `wait`, False at once when another run holds it."""
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            return False
        self.mode = "exclusive"
        return True

    def release(self) -> None:
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        self.mode = None

    def close(self) -> None:
        try:
            os.close(self.fd)
        except OSError:
            pass
