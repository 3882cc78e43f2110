from baocao.schemas.records import (
    CHECK_SCHEMA,
    CORRECTION_SCHEMA,
    INDICATOR_SCHEMA,
    REPORT_SCHEMA,
    Check,
    Correction,
    IndicatorRow,
    Repair,
    Report,
    arrow_schema,
)

__all__ = ["CHECK_SCHEMA", "CORRECTION_SCHEMA", "Correction", "INDICATOR_SCHEMA", "REPORT_SCHEMA", "Check", "IndicatorRow", "Repair", "Report",
           "arrow_schema"]
