"""Where the lake's files live, through pyarrow's filesystem layer: a local folder or any URI pyarrow can write
(`s3://bucket/lake`, `hdfs://…`). Every write goes to a hidden temporary name first and is then moved into place,
so a reader (who skips names starting with `.` or `_`) sees a whole file or none.

Only a local folder gives the atomic guarantees in full: a move is a rename there, and a partition folder can be
swapped with another in one step (`exchange`, for compaction). On object stores a move is a copy and a delete."""
from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

TEMP_PREFIX = ".tmp-"


@dataclass(frozen=True)
class Store:
    fs: pafs.FileSystem
    base: str  # the lake's root inside `fs`, without a trailing slash
    local: Optional[Path]  # the same root as a local folder, when it is one

    @classmethod
    def open(cls, location: str) -> "Store":
        """A local path, or a URI pyarrow can write."""
        if "://" in location and not location.startswith("file://"):
            fs, base = pafs.FileSystem.from_uri(location)
            return cls(fs, base.rstrip("/"), None)
        path = Path(location[len("file://"):] if location.startswith("file://") else location)
        path = path.expanduser().absolute()
        return cls(pafs.LocalFileSystem(), path.as_posix(), path)

    def full(self, name: str) -> str:
        return f"{self.base}/{name}" if name else self.base

    # ------------------------------------------------------------------ files

    def write_table(self, name: str, table: pa.Table) -> None:
        """Write a Parquet file under `name` (relative to the lake) atomically; it honours the umask."""
        from baocao.lake.tasks import parquet_bytes

        self.write_bytes(name, parquet_bytes(table))

    def write_bytes(self, name: str, data: bytes) -> None:
        """Write a file already serialised, atomically."""
        folder, _, leaf = name.rpartition("/")
        self.fs.create_dir(self.full(folder), recursive=True)
        tmp = f"{folder}/{TEMP_PREFIX}{secrets.token_hex(6)}-{leaf}"
        try:
            with self.fs.open_output_stream(self.full(tmp)) as out:
                out.write(data)
            self.fs.move(self.full(tmp), self.full(name))
        except BaseException:
            self._delete_quietly(tmp)
            raise

    def read_table(self, name: str) -> pa.Table:
        return pq.read_table(self.full(name), filesystem=self.fs)

    def exists(self, name: str) -> bool:
        return self.fs.get_file_info(self.full(name)).type != pafs.FileType.NotFound

    def delete(self, name: str) -> None:
        self._delete_quietly(name)

    def delete_dir(self, name: str) -> None:
        try:
            self.fs.delete_dir(self.full(name))
        except (FileNotFoundError, OSError):
            pass

    def _delete_quietly(self, name: str) -> None:
        try:
            self.fs.delete_file(self.full(name))
        except FileNotFoundError:
            pass

    def files(self, folder: str) -> Iterator[str]:
        """Every file under `folder` (recursively), as names relative to the lake."""
        selector = pafs.FileSelector(self.full(folder), recursive=True, allow_not_found=True)
        strip = len(self.base) + 1
        for info in self.fs.get_file_info(selector):
            if info.type == pafs.FileType.File:
                yield info.path[strip:]

    def dirs(self, folder: str) -> list[str]:
        """The folders directly under `folder`."""
        selector = pafs.FileSelector(self.full(folder), recursive=False, allow_not_found=True)
        strip = len(self.base) + 1
        return [info.path[strip:] for info in self.fs.get_file_info(selector) if info.type == pafs.FileType.Directory]

    # ------------------------------------------------------------------ folders

    @property
    def can_exchange(self) -> bool:
        return self.local is not None and _renameat2() is not None

    def exchange(self, a: str, b: str) -> None:
        """Swap two folders in one step (Linux renameat2 RENAME_EXCHANGE): a reader listing either sees one
        whole set of files or the other."""
        rename = _renameat2()
        if rename is None or self.local is None:
            raise OSError(errno.ENOSYS, "folder exchange needs a local Linux filesystem")
        at_fdcwd, rename_exchange = -100, 2
        if rename(at_fdcwd, os.fsencode(self.full(a)), at_fdcwd, os.fsencode(self.full(b)), rename_exchange) != 0:
            err = ctypes.get_errno()
            raise OSError(err, os.strerror(err), self.full(a))


_RENAMEAT2: list = []


def _renameat2():
    if not _RENAMEAT2:
        func = None
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            func = libc.renameat2
            func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
            func.restype = ctypes.c_int
        except (OSError, AttributeError):
            func = None
        _RENAMEAT2.append(func)
    return _RENAMEAT2[0]
