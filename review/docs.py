"""What the desk shows of one document, whether it was just converted or read back from a lake: the report, its
rows and checks, the corrections made to it, and — where the source can be read again cheaply — its repaired text
with every repair, and the file itself for page images."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from baocao.schemas import Repair

# methods whose text is read again cheaply when a lake is reviewed (no OCR); PDFs only when asked
CHEAP_METHODS = ("text", "docx", "office", "xlsx", "pptx")


@dataclass
class ReviewDoc:
    report: dict  # a schemas.Report, dumped in JSON mode
    rows: list[dict] = field(default_factory=list)  # schemas.IndicatorRow, dumped, in row order
    checks: list[dict] = field(default_factory=list)
    corrections: list[dict] = field(default_factory=list)  # schemas.Correction, dumped
    lines: Optional[list[str]] = None  # the repaired text, when read
    repairs: list[Repair] = field(default_factory=list)
    pages: list[dict] = field(default_factory=list)  # {"number", "width", "height"} in points, when known
    source: Optional[Path] = None  # the file, when it can be read

    @property
    def sha256(self) -> str:
        return self.report["source_sha256"]

    @property
    def name(self) -> str:
        return self.report["source_file"]


def from_file(path: Path, source_file: Optional[str] = None) -> ReviewDoc:
    """Convert one file now (its text, repairs and page sizes come with it)."""
    from baocao.pipeline import convert_file

    converted = convert_file(path, source_file or path.name)
    doc = ReviewDoc(report=converted.report.model_dump(mode="json"),
                    rows=[r.model_dump(mode="json") for r in converted.rows],
                    checks=[c.model_dump(mode="json") for c in converted.checks], source=path)
    if converted.text is not None:
        doc.lines = list(converted.text.lines)
        doc.repairs = [r for r in converted.text.repairs if r.kind != "nfc"]
    if converted.document is not None:
        doc.pages = [{"number": p.number, "width": p.width, "height": p.height}
                     for p in converted.document.pages if p.width and p.height]
    return doc


def from_files(paths: list[Path]) -> list[ReviewDoc]:
    """Files and folders (walked as `convert` walks them), each converted now."""
    from baocao.lake.batch import walk_inputs

    return [from_file(Path(item.path), item.source_file) for item in walk_inputs([str(p) for p in paths])]


def is_lake(path: Path) -> bool:
    return (Path(path) / "_state").is_dir() or (Path(path) / "reports").is_dir()


def from_lake(lake: Path, reread: bool = False, texts: bool = True) -> list[ReviewDoc]:
    """Every document of a local lake. The source file is found through the catalogue; its text is read again
    for the kinds that read cheaply (text, DOCX, office) and, with `reread`, for PDFs with a text layer (never
    OCR: a scan's page image is shown instead); not at all without `texts`."""
    import pyarrow.dataset as ds

    from baocao.lake.writer import DATASETS

    lake = Path(lake)
    tables = {}
    for name in DATASETS:
        folder = lake / name
        tables[name] = (ds.dataset(folder, format="parquet", partitioning="hive").to_table().to_pylist()
                        if folder.is_dir() else [])
    docs: dict[str, ReviewDoc] = {}
    for report in tables["reports"]:
        report.pop("report_year", None)
        docs[report["source_sha256"]] = ReviewDoc(report=_jsonable(report))
    for name, attr in (("indicators", "rows"), ("checks", "checks"), ("corrections", "corrections")):
        for row in tables.get(name, []):
            row.pop("report_year", None)
            doc = docs.get(row["source_sha256"])
            if doc is not None:
                getattr(doc, attr).append(_jsonable(row))
    for doc in docs.values():
        doc.rows.sort(key=lambda r: r["row_index"])
    for sha, path in _source_paths(lake).items():
        if sha in docs:
            docs[sha].source = path
    for doc in docs.values():
        method = doc.report.get("method")
        if texts and doc.source is not None and (method in CHEAP_METHODS or (reread and method == "pdf_text")):
            _read_again(doc)
    return sorted(docs.values(), key=lambda d: (d.name, d.sha256))


def _source_paths(lake: Path) -> dict[str, Path]:
    """sha256 → a path that still holds those bytes (the catalogue's label path first)."""
    import sqlite3

    file = lake / "_state" / "catalog.sqlite"
    if not file.exists():
        return {}
    db = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
    try:
        found: dict[str, Path] = {}
        rows = db.execute("SELECT d.sha256, d.path, p.path FROM documents d LEFT JOIN paths p ON p.sha256 = d.sha256 "
                          "ORDER BY d.sha256, p.path = d.path DESC").fetchall()
    finally:
        db.close()
    for sha, label_path, path in rows:
        for candidate in (label_path, path):
            if sha not in found and candidate and os.path.isfile(os.fsdecode(candidate)):
                found[sha] = Path(os.fsdecode(candidate))
    return found


def _read_again(doc: ReviewDoc) -> None:
    from baocao.pipeline import read_text

    try:
        document, text = read_text(doc.source)
    except Exception:  # the file changed or cannot be read now: the rows are still shown
        return
    doc.lines = list(text.lines)
    doc.repairs = [r for r in text.repairs if r.kind != "nfc"]
    doc.pages = [{"number": p.number, "width": p.width, "height": p.height} for p in document.pages
                 if p.width and p.height]


def _jsonable(record: dict) -> dict:
    import datetime as dt

    out = {}
    for key, value in record.items():
        out[key] = value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value
    return out


def load(inputs: list[Path], reread: bool = False, texts: bool = True) -> list[ReviewDoc]:
    """A lake (one folder with `_state` or `reports`), or files and folders to convert now."""
    if len(inputs) == 1 and is_lake(inputs[0]):
        return from_lake(inputs[0], reread, texts)
    return from_files(inputs)

