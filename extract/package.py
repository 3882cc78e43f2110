"""What the Office Open XML readers share: opening a package with its library, a failure said as what the file
is, and the provenance of the legacy-font conversions a reader made itself."""
from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Callable, TypeVar

from baocao.extract.base import ExtractionError, TextLine
from baocao.schemas import Repair

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old binary Office, or an encrypted Office Open XML file
T = TypeVar("T")


def open_package(path: Path, name: str, kind: str, old_suffix: str, opener: Callable[[Path], T]) -> T:
    """`opener(path)` for a `kind` package ("Excel workbook"); an old binary or password-protected file, a
    file that is no zip, a broken part: ExtractionError saying which."""
    refuse_old_binary(path, f"{name} is an old binary file or a password-protected {kind}: name it {old_suffix} "
                            "(LibreOffice reads it) or remove the password", name)
    try:
        return opener(path)
    except zipfile.BadZipFile as exc:
        raise ExtractionError(f"{name} is not an {kind}: not a zip package ({exc})") from exc
    except Exception as exc:  # the libraries raise KeyError, their own errors, lxml errors for broken parts
        raise ExtractionError(f"cannot open {kind} {name}: {type(exc).__name__}: {exc}") from exc


def refuse_old_binary(path: Path, message: str, name: str) -> None:
    """ExtractionError(`message`) when the file is an OLE container where a zip package was expected."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise ExtractionError(f"cannot read {name}: {exc}") from exc
    if head.startswith(OLE):
        raise ExtractionError(message)


def encoding_repairs(stored: list[str], lines: list[TextLine]) -> list[Repair]:
    """One Repair(kind="encoding") per line a reader converted from a legacy font: the line as stored, as read."""
    return [Repair(line=k, kind="encoding", before=raw, after=line.text)
            for k, (raw, line) in enumerate(zip(stored, lines)) if raw != line.text]
