"""Rows and reports for the catalogue's tests: the seeds' hand-written rows, or rows written here."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import yaml

from baocao.normalize.numbers import parse_value
from baocao.schemas import IndicatorRow, Report

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
SEED_KEYS = Path(__file__).resolve().parent / "data" / "catalog_seed_keys.yaml"


def seed_keys() -> dict[str, list[str]]:
    return yaml.safe_load(SEED_KEYS.read_text(encoding="utf-8"))


def seed_rows(seed: str) -> list[IndicatorRow]:
    data = json.loads((SAMPLES / "expected" / f"{seed}.json").read_text(encoding="utf-8"))
    return [IndicatorRow(source_file=data["source_file"], source_sha256=seed, row_index=k,
                         **{f: r[f] for f in ("table", "stt", "indicator", "unit", "value_raw", "value", "note",
                                             "parent_stt")})
            for k, r in enumerate(data["rows"])]


def row(k: int, stt: Optional[str], indicator: str, unit: Optional[str], value_raw: Optional[str],
        parent: Optional[str], table: Optional[str] = "Phụ lục") -> IndicatorRow:
    return IndicatorRow(source_file="t.txt", source_sha256="t", table=table, row_index=k, stt=stt,
                        indicator=indicator, unit=unit, value_raw=value_raw, value=parse_value(value_raw),
                        parent_stt=parent)


def report(**fields) -> Report:
    base = dict(source_file="t.txt", source_sha256="t", status="ok", method="text")
    return Report(**{**base, **fields})
