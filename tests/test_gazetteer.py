"""Report fields held against the gazetteer: a province cut by a line wrap or misread is never stored as one."""
from __future__ import annotations

import pytest

pytest.importorskip("vietnamadminunits")

from baocao.segment.gazetteer import is_province, resolve  # noqa: E402
from baocao.segment.report_fields import ReportFields  # noqa: E402


def test_a_province_cut_by_a_wrap_is_completed_from_commune_and_district():
    fields = ReportFields(unit_name="Hoằng Lưu", unit_level="xã", district="Hoằng Hóa", district_level="huyện",
                          province="Thanh")
    resolve(fields)
    assert fields.province == "Thanh Hóa"


def test_a_name_that_is_no_province_is_not_stored_as_one():
    fields = ReportFields(province="Nghệ")
    resolve(fields)
    assert fields.province is None
    assert is_province("Nghệ An") and not is_province("Nghệ") and not is_province("Abc")


def test_a_province_read_whole_stays():
    fields = ReportFields(unit_name="Hoằng Lưu", unit_level="xã", district="Hoằng Hóa", district_level="huyện",
                          province="Thanh Hóa")
    resolve(fields)
    assert fields.province == "Thanh Hóa"
