"""report.docx -> report.pdf with LibreOffice headless. Each conversion gets its own throw-away profile so that
parallel jobs never share one (a shared profile makes a second soffice hang or exit at once)."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path


def render_pdf(docx: Path, timeout: float = 120) -> Path:
    profile = Path(tempfile.mkdtemp(prefix="space-lo-"))
    outdir = Path(tempfile.mkdtemp(prefix="space-pdf-"))
    try:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                        "--convert-to", "pdf", "--outdir", str(outdir), str(docx)],
                       check=True, timeout=timeout, capture_output=True)
        produced = outdir / (docx.stem + ".pdf")
        if not produced.exists():
            raise RuntimeError(f"LibreOffice made no PDF from {docx}")
        target = docx.with_suffix(".pdf")
        shutil.move(str(produced), target)
        return target
    finally:
        shutil.rmtree(profile, ignore_errors=True)
        shutil.rmtree(outdir, ignore_errors=True)
