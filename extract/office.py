"""Old and open office formats through LibreOffice: `.doc .rtf .odt` → DOCX, `.xls .ods` → XLSX, `.ppt .odp` →
PPTX, then read by the DOCX, spreadsheet and slide readers.

LibreOffice keeps every run's font name through the conversion (`.VnTime`, `VNI-Times`), so the readers can convert
legacy encodings by font as they do for a DOCX. Each conversion runs in its own temporary folder with its own
LibreOffice profile (never the user's home) on a copy of the file (LibreOffice writes lock files beside what it
opens), so two conversions at once do not collide; one that takes too long is killed with its process group."""
from __future__ import annotations

import atexit
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import zipfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

from baocao.extract.base import ExtractionError, SourceText
from baocao.extract.package import OLE as _OLE

# what LibreOffice turns each kind into: the XML form our readers read
TARGET = {".doc": "docx", ".dot": "docx", ".rtf": "docx", ".odt": "docx",
          ".xls": "xlsx", ".xlt": "xlsx", ".ods": "xlsx",
          ".ppt": "pptx", ".pps": "pptx", ".odp": "pptx"}
TIMEOUT_S = float(os.environ.get("BAOCAO_OFFICE_TIMEOUT_S", "180"))  # seconds for one conversion
INSTALL_HINT = ("install LibreOffice: apt-get install libreoffice-writer-nogui libreoffice-calc-nogui "
                "libreoffice-impress-nogui")


def soffice() -> Optional[str]:
    """The LibreOffice binary, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


# what the old binary suffixes may really hold: OLE (the binary formats), RTF, a zip package (an OOXML or
# OpenDocument file renamed), HTML/XML (a web page saved "as Word/Excel")
_BINARY_SUFFIXES = (".doc", ".dot", ".xls", ".xlt", ".ppt", ".pps")
_KNOWN_HEADS = (_OLE, b"{\\rtf", b"PK\x03\x04", b"<", b"\xef\xbb\xbf<", b"\xff\xfe<\x00")


def refuse_unknown(path: Path) -> None:
    """LibreOffice opens any bytes as plain text; a `.doc` holding none of the forms a `.doc` can take is
    refused with what it is instead of being read as junk text."""
    if path.suffix.lower() not in _BINARY_SUFFIXES:
        return
    try:
        with open(path, "rb") as handle:
            head = handle.read(512).lstrip(b" \t\r\n")
    except OSError as exc:
        raise ExtractionError(f"cannot read {path.name}: {exc}") from exc
    if not head:
        raise ExtractionError(f"{path.name} is empty")
    if head.startswith(_KNOWN_HEADS):
        return
    if head.startswith(b"%PDF"):
        raise ExtractionError(f"{path.name} is a PDF named {path.suffix}: rename it .pdf")
    controls = sum(1 for b in head if b < 0x20 and b not in b"\t\r\n\x0c")
    if controls == 0:
        return  # text (a web archive, a tab-separated export named .xls): LibreOffice's import filters decide
    raise ExtractionError(f"{path.name} is not a Word, Excel or PowerPoint file (no OLE, RTF, zip, HTML or text)")


def refuse_encrypted(path: Path) -> None:
    """A password-protected file cannot be read: say so before LibreOffice is asked (it would only fail)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
            if head.startswith(_OLE):  # Word/Excel/PowerPoint 97, or an encrypted OOXML package inside OLE
                import msoffcrypto

                handle.seek(0)
                try:
                    encrypted = msoffcrypto.OfficeFile(handle).is_encrypted()
                except Exception:  # a kind msoffcrypto does not know: let LibreOffice decide
                    encrypted = False
                if encrypted:
                    raise ExtractionError(f"{path.name} is password-protected: save it without a password first")
    except OSError as exc:
        raise ExtractionError(f"cannot read {path.name}: {exc}") from exc
    if head.startswith(b"PK\x03\x04") and path.suffix.lower() in (".odt", ".ods", ".odp"):
        try:
            with zipfile.ZipFile(path) as archive:
                manifest = archive.read("META-INF/manifest.xml")
        except (KeyError, zipfile.BadZipFile):
            return
        if b"encryption-data" in manifest:
            raise ExtractionError(f"{path.name} is password-protected: save it without a password first")


@contextmanager
def converted(path: Path, target: str, timeout_s: Optional[float] = None) -> Iterator[Path]:
    """`path` converted by LibreOffice to `target` ("docx", "xlsx", "pptx"), in a temporary folder removed after."""
    timeout_s = timeout_s or TIMEOUT_S
    binary = soffice()
    if binary is None:
        raise ExtractionError(f"{path.name}: LibreOffice (soffice) is needed to read {path.suffix} files; "
                              + INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="baocao-office-") as tmp:
        work = Path(tmp)
        source = work / "in" / ("document" + path.suffix.lower())
        source.parent.mkdir()
        shutil.copyfile(path, source)
        out = work / "out"
        profile = work / "profile"
        _PROFILE.seed(profile)
        command = [binary, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                   "--nolockcheck", "--nologo", "--nodefault", "--convert-to", target, "--outdir", str(out),
                   str(source)]
        env = {**os.environ, "HOME": str(work), "TMPDIR": str(work)}
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            _, stderr = process.communicate(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            raise ExtractionError(f"LibreOffice took longer than {timeout_s:.0f} s to convert {path.name}; "
                                  "gave up") from None
        result = out / f"{source.stem}.{target}"
        if not result.is_file() or result.stat().st_size == 0:
            reason = _last_line(stderr) or f"exit code {process.returncode}"
            raise ExtractionError(f"LibreOffice could not open {path.name} as a {_KIND[target]}: {reason}")
        _PROFILE.keep(profile)
        yield result


class _WarmProfile:
    """A LibreOffice profile that has started once, copied into each conversion's own folder: a new profile
    costs a second or two of set-up on every start. One per process, in a temporary folder removed at exit."""

    def __init__(self):
        self._lock = threading.Lock()
        self._template: Optional[Path] = None

    def seed(self, profile: Path) -> None:
        with self._lock:
            template = self._template
        if template is not None:
            try:
                shutil.copytree(template, profile)
            except OSError:  # a fresh profile works too, only slower
                shutil.rmtree(profile, ignore_errors=True)

    def keep(self, profile: Path) -> None:
        with self._lock:
            if self._template is not None or not profile.is_dir():
                return
            folder = Path(tempfile.mkdtemp(prefix="baocao-lo-profile-"))
            atexit.register(shutil.rmtree, folder, True)
            try:
                shutil.copytree(profile, folder / "profile", ignore=shutil.ignore_patterns(".lock", "*.lock"))
            except OSError:
                return
            self._template = folder / "profile"


_PROFILE = _WarmProfile()


_KIND = {"docx": "text document", "xlsx": "spreadsheet", "pptx": "presentation"}


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        process.kill()
    process.communicate()


def _last_line(stderr: bytes) -> str:
    lines = [line.strip() for line in stderr.decode("utf-8", errors="replace").splitlines()]
    # LibreOffice's own complaint, not the Java runtime's warning every headless start prints
    useful = [line for line in lines if line and "javaldx" not in line]
    return useful[-1] if useful else ""


class OfficeExtractor:
    """Any format LibreOffice reads, through the reader of the XML form it is converted to."""

    suffixes = tuple(TARGET)

    def extract(self, path: Path) -> SourceText:
        target = TARGET.get(path.suffix.lower())
        if target is None:
            raise ExtractionError(f"{path.name}: not an office format LibreOffice is asked to convert")
        refuse_unknown(path)
        refuse_encrypted(path)
        with converted(path, target) as result:
            source = reader_for(target).extract(result, name=path.name)
        source.method = "office"
        return source


def reader_for(target: str):
    if target == "docx":
        from baocao.extract.docx import DocxExtractor

        return DocxExtractor()
    if target == "xlsx":
        from baocao.extract.sheet import SheetExtractor

        return SheetExtractor()
    from baocao.extract.slides import SlidesExtractor

    return SlidesExtractor()
