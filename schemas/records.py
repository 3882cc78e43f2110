"""The one definition of what the lake holds: pydantic models, and the Arrow schemas derived from them."""
from __future__ import annotations

import datetime as dt
import types
import typing
from typing import Annotated, Literal, Optional

import pyarrow as pa
from pydantic import BaseModel, ConfigDict, Field

# Arrow type hints carried as pydantic metadata so the schema is derived, never written twice.
Int32 = Annotated[int, "int32"]
Float64 = Annotated[float, "float64"]

Status = Literal["ok", "partial", "failed"]
# office: converted by LibreOffice first (.doc .rtf .odt .xls .ods .ppt .odp); xlsx / pptx: read directly
Method = Literal["text", "pdf_text", "ocr", "docx", "office", "xlsx", "pptx"]
PeriodType = Literal["quarter", "half_year", "nine_months", "year", "month"]


class Repair(BaseModel):
    """One change the repair stage made to the text, kept so a reviewer can check it."""

    model_config = ConfigDict(frozen=True)
    line: int  # 0-based line in the document's text
    kind: str  # "encoding", "glyph", "nfc", ...
    before: str
    after: str


class IndicatorRow(BaseModel):
    """One row of a statistics table (STT | Chỉ tiêu | Đơn vị tính | Số liệu | Ghi chú)."""

    source_file: str
    source_sha256: str
    table: Optional[str] = None
    row_index: Int32
    stt: Optional[str] = None
    indicator: str
    unit: Optional[str] = None
    value_raw: Optional[str] = None
    value: Optional[Float64] = None
    note: Optional[str] = None
    parent_stt: Optional[str] = None
    page: Optional[Int32] = None
    # provenance beyond the contract
    # what the catalogue and the checks say of the row
    indicator_key: Optional[str] = Field(default=None, description="key of the indicator in the shipped catalogue")
    key_score: Optional[Float64] = Field(default=None, description="how well the row matched its key (0-1)")
    stt_path: Optional[str] = Field(default=None, description="the STT qualified by its section: `II.2.2`")
    flags: list[str] = Field(default_factory=list, description="checks the row failed, other reasons to look")
    confidence: Float64 = Field(default=1.0, description="how sure the reading is (0-1): the less of "
                                "word_confidence and layout_confidence; exact cells 1.0")
    word_confidence: Float64 = Field(default=1.0, description="how sure OCR was of the row's words (0-1); 1.0 for "
                                     "text the source stores")
    layout_confidence: Float64 = Field(default=1.0, description="how sure the reader is that the row's lines and "
                                       "cells are its own (0-1); 1.0 where the source states its cells")
    value_confidence: Float64 = Field(default=1.0, description="how sure OCR was of the value's least sure word "
                                      "(0-1); 1.0 for text the source stores")
    # provenance beyond the contract
    line: Optional[Int32] = Field(default=None, description="0-based line the row starts on in the repaired text")
    bbox: Optional[list[Float64]] = Field(
        default=None, description="the row's box on its page: x0, top, x1, bottom in PDF points (72 per inch)")
    value_bbox: Optional[list[Float64]] = Field(
        default=None, description="where the value stands on the row's page: x0, top, x1, bottom in PDF points")
    repaired: bool = Field(default=False, description="the row's text was changed by the repair stage")
    read_as: Optional[str] = Field(
        default=None, description="cells the table reader put right from what OCR read, as read: `stt: 11; value: 4I`")
    year: Optional[Int32] = Field(default=None, description="partition key, the report's year")


class Report(BaseModel):
    """One input document: who reported, for which period, and how it was read."""

    source_file: str
    source_sha256: str
    source_root: Optional[str] = Field(default=None, description="the INPUT argument the file was found under")
    status: Status
    error: Optional[str] = None
    method: Method
    n_pages: Optional[Int32] = None
    unit_name: Optional[str] = None
    unit_level: Optional[str] = None
    district: Optional[str] = None
    district_level: Optional[str] = None
    province: Optional[str] = None
    period_type: Optional[PeriodType] = None
    period_number: Optional[Int32] = None
    year: Optional[Int32] = None
    report_number: Optional[str] = None
    report_date: Optional[dt.date] = None
    signer: Optional[str] = None
    signer_title: Optional[str] = None
    # beyond the contract
    unit_code: Optional[str] = Field(default=None, description="official code of the 2025 commune-level unit")
    province_code: Optional[str] = Field(default=None, description="official code of the 2025 province")
    unit_name_2025: Optional[str] = None
    province_2025: Optional[str] = None
    ocr_pages: Optional[str] = Field(default=None, description="pages read by OCR, e.g. a PDF page with no text layer")
    n_rows: Int32 = 0
    n_tables: Int32 = 0
    encoding: Optional[str] = Field(default=None, description="encoding the text was found in")
    lost_glyphs: Optional[str] = Field(default=None, description="characters the source's fonts lost")
    n_repaired_words: Int32 = 0
    repairs: Optional[str] = Field(default=None, description="summary of the repairs that ran")
    converted_at: Optional[dt.datetime] = None
    # one current report per commune and period
    report_key: Optional[str] = Field(default=None, description="commune + period type, number and year")
    current: bool = Field(default=True, description="the document the province should read for its report_key")
    superseded_by: Optional[str] = Field(default=None, description="sha256 of the current document, if not this")
    n_checks: Int32 = 0
    n_checks_failed: Int32 = 0
    doubts: Optional[str] = Field(default=None, description="what an officer should look at: failed checks and rows "
                                  "OCR was unsure of, named (more than a few make the report `partial`)")


class Check(BaseModel):
    """One arithmetic or consistency check of one report (LAKE/checks/): a rate against its parts, a total against
    its `Trong đó` rows, a percentage within 0-100 …"""

    source_sha256: str
    table: Optional[str] = None
    rule: str = Field(description="`rate`, `sum`, `diff`, `child_le_parent`, `pct_range`, `code_in_set`, ...")
    row_indexes: list[Int32] = Field(default_factory=list, description="the rows involved, the target first")
    expected: Optional[Float64] = None
    found: Optional[Float64] = None
    passed: bool
    detail: Optional[str] = Field(default=None, description="the rule in words, for a reviewer")


class Correction(BaseModel):
    """A cell a reviewer corrected (LAKE/corrections/): the value the machine read is kept here, the row or report
    shows the new one (its row flagged `corrected`). A report field has no row (`row_index` null)."""

    source_sha256: str
    table: Optional[str] = None
    row_index: Optional[Int32] = Field(default=None, description="the row corrected; null for a report field")
    stt_path: Optional[str] = Field(default=None, description="the row's STT path: how the row is found again "
                                                               "when the document is converted anew")
    indicator: Optional[str] = None
    field: str = Field(description="`stt`, `indicator`, `unit`, `value`, `note`, or a report field")
    old: Optional[str] = Field(default=None, description="what the machine read (a value as printed)")
    new: Optional[str] = Field(default=None, description="what the reviewer wrote (a value in Vietnamese format)")
    corrected_by: str
    corrected_at: dt.datetime
    note: Optional[str] = None


_SCALAR: dict[object, pa.DataType] = {
    str: pa.string(),
    bool: pa.bool_(),
    int: pa.int64(),
    float: pa.float64(),
    dt.date: pa.date32(),
    dt.datetime: pa.timestamp("us", tz="UTC"),
}


def _arrow_type(annotation: object) -> pa.DataType:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _arrow_type(inner)
    if origin is Annotated:
        base, *meta = typing.get_args(annotation)
        if "int32" in meta:
            return pa.int32()
        if "float64" in meta:
            return pa.float64()
        return _arrow_type(base)
    if origin is Literal:
        return pa.string()
    if origin is list:
        (item,) = typing.get_args(annotation)
        return pa.list_(_arrow_type(item))
    return _SCALAR[annotation]


def arrow_schema(model: type[BaseModel]) -> pa.Schema:
    """Arrow schema of a record model: every field, nullable, in declaration order."""
    fields = []
    for name, info in model.model_fields.items():
        # pydantic moves a bare field's Annotated metadata into info.metadata
        annotation = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
        fields.append(pa.field(name, _arrow_type(annotation), nullable=True))
    return pa.schema(fields)


INDICATOR_SCHEMA = arrow_schema(IndicatorRow)
REPORT_SCHEMA = arrow_schema(Report)
CHECK_SCHEMA = arrow_schema(Check)
CORRECTION_SCHEMA = arrow_schema(Correction)
