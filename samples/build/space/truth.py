"""truth.json: what the generator put in the document, in the format of samples/expected/*.json (no `page`: the
rendering decides pages). Written from the contents, never from an extraction."""
from __future__ import annotations

import unicodedata
from typing import Any

from contents import Report


def _nfc(value: Any) -> Any:
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def truth(report: Report, source_file: str) -> dict:
    f, p = report.fields, report.fields.place
    fields = {
        "unit_name": p.unit_name, "unit_level": p.unit_level,
        "district": p.district, "district_level": p.district_level, "province": p.province,
        "period_type": f.period_type, "period_number": f.period_number, "year": f.year,
        "report_number": f.report_number,
        "report_date": f.date.isoformat() if f.date else None,
        "signer": f.signer, "signer_title": f.signer_title,
    }
    rows = []
    for table in report.tables:
        for row in table.rows:
            rows.append({
                "table": table.label, "stt": row.stt, "indicator": row.indicator, "unit": row.unit,
                "value_raw": row.value_raw, "value": row.value, "note": row.note, "parent_stt": row.parent_stt,
            })
    return {"source_file": source_file,
            "report": {k: _nfc(v) for k, v in fields.items()},
            "rows": [{k: _nfc(v) for k, v in row.items()} for row in rows]}
