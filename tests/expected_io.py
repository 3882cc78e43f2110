"""Loading the checked-in expected outputs and finding the document each one describes."""
from __future__ import annotations

import json
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def shared_dir(name: str) -> Path | None:
    """A folder of `shared/` (what the project is handed beside the repository: legacy PDFs, seeds), or None."""
    for root in (SAMPLES.parents[1] / "shared", Path("/work/shared")):
        if (root / name).is_dir():
            return root / name
    return None
REPORT_FIELDS = ("unit_name", "unit_level", "district", "district_level", "province", "period_type",
                 "period_number", "year", "report_number", "report_date", "signer", "signer_title")


def expected_files() -> list[Path]:
    return sorted(p for p in (SAMPLES / "expected").glob("*.json"))


def source_for(expected: Path) -> Path | None:
    data = json.loads(expected.read_text(encoding="utf-8"))
    name = data.get("source_file") or expected.stem
    for candidate in SAMPLES.rglob(Path(name).name):
        if candidate.is_file() and "expected" not in candidate.parts and "build" not in candidate.parts:
            return candidate
    return None


def load(expected: Path) -> dict:
    return json.loads(expected.read_text(encoding="utf-8"))
