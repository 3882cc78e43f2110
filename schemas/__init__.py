from baocao.schemas.records import (
    INDICATOR_SCHEMA,
    REPORT_SCHEMA,
    IndicatorRow,
    Repair,
    Report,
    arrow_schema,
)

__all__ = ["INDICATOR_SCHEMA", "REPORT_SCHEMA", "IndicatorRow", "Repair", "Report", "arrow_schema"]
