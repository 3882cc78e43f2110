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


def _header(*lines: str) -> ReportFields:
    from baocao.segment.report_fields import read_report_fields

    fields = read_report_fields(list(lines))
    resolve(fields)
    return fields


_BODY = ("Thực hiện Kế hoạch số 87/KH-UBND ngày 24/07/2023 của UBND thành phố Bến Cát về cải cách hành chính "
         "năm 2023, Ủy ban nhân dân phường báo cáo như sau:")


def test_the_letterheads_wrapped_word_is_not_part_of_the_commune():
    """Text pulled line by line puts the `NAM` of `VIỆT NAM` after the commune; Bến Cát has a phường Hòa Lợi
    and no Hòa Lợi Nam."""
    fields = _header("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT", "PHƯỜNG HÒA LỢI NAM", "Số: /BC-UBND",
                     "Độc lập - Tự do - Hạnh phúc", "Hòa Lợi, ngày 16 tháng 9 năm 2023", "BÁO CÁO",
                     "Kết quả thực hiện công tác cải cách hành chính 9 tháng đầu năm 2023", _BODY)
    assert (fields.unit_level, fields.unit_name, fields.district, fields.province) == \
        ("phường", "Hòa Lợi", "Bến Cát", "Bình Dương")
    assert (fields.period_type, fields.year) == ("nine_months", 2023)


def test_a_name_and_title_spread_by_a_layout_puller_are_read_whole():
    fields = _header("   ỦY BAN NHÂN  DÂN       CỘNG   HÒA XÃ  HỘI CHỦ  NGHĨA  VIỆT",
                     "   PHƯỜNG   HÒA  LỢI                      NAM", "   Số: 112/BC-UBND",
                     "                  BÁO  CÁO",
                     "   Kết  quả công  tác cải cách  hành  chính  9 tháng đầu  năm", "        2023", _BODY)
    assert (fields.unit_name, fields.district) == ("Hòa Lợi", "Bến Cát")
    assert (fields.period_type, fields.year) == ("nine_months", 2023)


def test_a_commune_named_a_name_the_gazetteer_does_not_know_keeps_it_when_nothing_else_fits():
    fields = ReportFields(unit_name="Hòa Lợi Tây", unit_level="phường", district="Bến Cát",
                          district_level="thành phố")
    extra = resolve(fields)
    assert fields.unit_name == "Hòa Lợi" and extra["unit_name_read"] == "phường Hòa Lợi Tây"
    fields = ReportFields(unit_name="Abc Xyz", unit_level="xã", district="Bến Cát", district_level="thành phố")
    extra = resolve(fields)
    assert fields.unit_name == "Abc Xyz" and "unit_code" not in extra


def test_a_town_is_no_commune_and_the_letterheads_other_column_no_part_of_its_name():
    fields = _header("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "XÃ THỦY THANH Độc lập - Tự do - Hạnh phúc", "Số: 18/BC-UBND", "BÁO CÁO",
                     "Công tác cải cách hành chính 6 tháng cuối năm 2022",
                     "Thực hiện Công văn số 30/UBND-NV của UBND thị xã Hương Thủy về việc báo cáo; "
                     "UBND thị xã Hương Thủy đã ban hành kế hoạch.")
    assert (fields.unit_level, fields.unit_name, fields.district_level, fields.district) == \
        ("xã", "Thủy Thanh", "thị xã", "Hương Thủy")
    assert (fields.period_type, fields.period_number, fields.year) == ("half_year", 2, 2022)


def test_a_city_named_as_its_province_is_placed_without_the_province_written():
    fields = ReportFields(unit_name="Điện Biên", unit_level="phường", district="Thanh Hoá",
                          district_level="thành phố")
    extra = resolve(fields)
    assert fields.province == "Thanh Hóa" and extra["unit_code"]


def test_a_city_run_by_the_centre_is_the_province_and_the_district_the_next_named():
    fields = _header("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "PHƯỜNG 5", "Số: 21/BC-UBND",
                     "BÁO CÁO", "Kết quả cải cách hành chính quý I năm 2024",
                     "Thực hiện Kế hoạch của UBND thành phố Hồ Chí Minh và Công văn của UBND thành phố Hồ Chí Minh, "
                     "UBND quận Gò Vấp về cải cách hành chính, Ủy ban nhân dân phường 5 báo cáo như sau:")
    assert (fields.unit_level, fields.unit_name) == ("phường", "5")
    assert (fields.district_level, fields.district, fields.province) == ("quận", "Gò Vấp", "Hồ Chí Minh")
