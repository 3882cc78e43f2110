"""The province's view of the lake: one row per commune and period (current reports only), one column per
indicator key. Written as Parquet, CSV or XLSX (by the file's extension); the same in DuckDB SQL is in
`notes/catalog-README.md`."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterable, Optional, Sequence

import pandas as pd
import pyarrow.dataset as ds

from baocao.catalog.catalogue import load_catalogue
from baocao.catalog.report_key import period_label

ID_COLUMNS = ["report_key", "period", "unit_code", "province", "district", "unit_level", "unit_name", "year",
              "source_file", "source_sha256"]
FORMATS = {".parquet": "parquet", ".csv": "csv", ".xlsx": "xlsx"}


class PivotError(ValueError):
    """The lake cannot be pivoted as asked (no lake there, an output format not known)."""


def read_dataset(lake: Path, name: str, columns: Optional[Sequence[str]] = None) -> pd.DataFrame:
    folder = Path(lake) / name
    if not folder.is_dir():
        raise PivotError(f"{lake}: no {name}/ dataset (is this a baocao lake?)")
    dataset = ds.dataset(folder, format="parquet", partitioning="hive")
    present = [c for c in columns if c in dataset.schema.names] if columns else None
    return dataset.to_table(columns=present).to_pandas()


def _key_order(keys: Iterable[str]) -> list[str]:
    """Catalogue order; a dimension key (`….tiep_nhan.truc_tiep`) right after the key it breaks down."""
    order = {key: k for k, key in enumerate(load_catalogue().indicators)}

    def rank(key: str) -> tuple[int, str]:
        base = key
        while base and base not in order:
            base = base.rpartition(".")[0]
        return order.get(base, len(order)), key
    return sorted(keys, key=rank)


def _wanted(key: str, patterns: Sequence[str]) -> bool:
    """`tthc.ho_so.tiep_nhan` exactly, or every key under `tthc.ho_so.*`."""
    return any(key == p or (p.endswith("*") and key.startswith(p[:-1])) for p in patterns)


def wide_table(lake: Path, indicators: Optional[Sequence[str]] = None,
               periods: Optional[Sequence[str]] = None) -> pd.DataFrame:
    reports = read_dataset(lake, "reports")
    if "current" in reports:
        reports = reports[reports["current"].fillna(True).astype(bool)]
    reports = reports[(reports["status"] != "failed") & reports["report_key"].notna()].copy()
    reports["period"] = [period_label(t, n, y) for t, n, y in
                         zip(reports["period_type"], reports["period_number"], reports["year"])]
    if periods:
        reports = reports[reports["period"].isin(periods)]
    if reports["report_key"].duplicated().any():
        # the lake should hold one current report per key; if not (yet), read the one with fewest failed checks
        doubled = int(reports["report_key"].duplicated().sum())
        print(f"baocao pivot: {doubled} commune-periods have several current reports; the one with fewest failed"
              f" checks (then the latest converted) is read", file=sys.stderr)
        sort = [c for c in ("n_checks_failed", "converted_at") if c in reports]
        reports = reports.sort_values(sort, ascending=[True, False][:len(sort)]).drop_duplicates("report_key")
    rows = read_dataset(lake, "indicators", ["source_sha256", "indicator_key", "value", "row_index"])
    rows = rows[rows["indicator_key"].notna() & rows["source_sha256"].isin(reports["source_sha256"])]
    if indicators:
        rows = rows[rows["indicator_key"].map(lambda k: _wanted(k, indicators))]
    # one value per report and key: the first row that has one
    rows = rows.sort_values(["source_sha256", "row_index"]).dropna(subset=["value"])
    rows = rows.drop_duplicates(["source_sha256", "indicator_key"])
    wide = rows.pivot(index="source_sha256", columns="indicator_key", values="value")
    ids = reports[[c for c in ID_COLUMNS if c in reports]].set_index("source_sha256")
    table = ids.join(wide, how="left").reset_index()
    keys = [c for c in wide.columns]
    if indicators:  # asked-for keys that no report states still get their column
        keys += [k for k in indicators if not k.endswith("*") and k not in keys]
        for key in keys:
            if key not in table:
                table[key] = float("nan")
    front = [c for c in ID_COLUMNS if c in table]
    table = table[front + _key_order(keys)]
    return table.sort_values(["report_key"]).reset_index(drop=True)


def write_table(table: pd.DataFrame, out: Path) -> None:
    kind = FORMATS.get(Path(out).suffix.lower())
    if kind is None:
        raise PivotError(f"{out}: write .parquet, .csv or .xlsx")
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    if kind == "parquet":
        table.to_parquet(out, index=False)
    elif kind == "csv":
        table.to_csv(out, index=False, encoding="utf-8")
    else:
        table.to_excel(out, index=False, sheet_name="pivot", engine="openpyxl")
