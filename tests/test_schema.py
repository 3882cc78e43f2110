import datetime as dt

import pyarrow as pa

from baocao.schemas import INDICATOR_SCHEMA, REPORT_SCHEMA

CONTRACT_INDICATORS = {
    "source_file": pa.string(), "source_sha256": pa.string(), "table": pa.string(), "row_index": pa.int32(),
    "stt": pa.string(), "indicator": pa.string(), "unit": pa.string(), "value_raw": pa.string(),
    "value": pa.float64(), "note": pa.string(), "parent_stt": pa.string(), "page": pa.int32(),
}
CONTRACT_REPORTS = {
    "source_file": pa.string(), "source_sha256": pa.string(), "status": pa.string(), "error": pa.string(),
    "method": pa.string(), "n_pages": pa.int32(), "unit_name": pa.string(), "unit_level": pa.string(),
    "district": pa.string(), "district_level": pa.string(), "province": pa.string(), "period_type": pa.string(),
    "period_number": pa.int32(), "year": pa.int32(), "report_number": pa.string(), "report_date": pa.date32(),
    "signer": pa.string(), "signer_title": pa.string(),
}


def test_contract_columns_and_types():
    for schema, contract in ((INDICATOR_SCHEMA, CONTRACT_INDICATORS), (REPORT_SCHEMA, CONTRACT_REPORTS)):
        for name, typ in contract.items():
            assert schema.field(name).type == typ, name


def test_report_date_is_a_date():
    assert REPORT_SCHEMA.field("report_date").type == pa.date32()
    assert isinstance(dt.date(2024, 3, 8), dt.date)
