"""Scanned values held to the table's checks: what the ink reads as again is tried, a reading is taken only when
enough thresholds agree on it and every check of its row then passes; nothing is made up. The readings here are
given by hand (the ink's side is tested in test_ocr.py)."""
import pytest

from baocao.catalog.annotate import annotate
from catalog_rows import report, row


def _plan(total: str, done: str, rate: str):
    """A rate over its two counts (1: the rate, 2: the whole, 3: the part), read by OCR."""
    rows = [row(0, "I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", None, None, None),
            row(1, "1", "Tỷ lệ hoàn thành Kế hoạch CCHC năm", "%", rate, "I"),
            row(2, "1.1", "Số nhiệm vụ đề ra trong kế hoạch", "Nhiệm vụ", total, "1"),
            row(3, "1.2", "Số nhiệm vụ đã hoàn thành", "Nhiệm vụ", done, "1")]
    for r in rows:
        r.word_confidence, r.page = 0.9, 1
        r.value_bbox = [400.0, 100.0 + 20 * r.row_index, 450.0, 115.0 + 20 * r.row_index] if r.value_raw else None
    return rows


def _reader(readings: dict[int, list[tuple[str, float]]], asked: list):
    def read_again(rows):
        asked.extend(r.row_index for r in rows)
        return [readings.get(r.row_index, []) for r in rows]
    return read_again


def test_a_rate_misread_is_read_again_and_the_reading_that_fits_is_taken():
    rows, asked = _plan("8", "6", "7,5"), []  # 6 of 8 is 75: `7,5` a speck read as a comma
    rep = report()
    checks = annotate(rep, rows, _reader({1: [("75", 91), ("75", 95), ("7,5", 80)]}, asked))
    assert set(asked) == {1, 2, 3}  # every OCR'd value of the failed check is read again
    assert all(c.passed for c in checks)
    assert (rows[1].value_raw, rows[1].value) == ("75", 75.0)
    assert rows[1].read_as == "value: 7,5" and "value_reread" in rows[1].flags
    assert "`7,5` read again as `75`" in rep.repairs
    assert rep.n_checks_failed == 0


@pytest.mark.parametrize("readings", [
    [("75", 91)],  # one threshold alone
    [("75", 40), ("75", 50), ("7,5", 80)],  # unsure readings
    [("76", 91), ("76", 95)],  # agreed, but the checks still fail with it
    [("Đạt", 91), ("Đạt", 95)],  # no number
    []])
def test_a_value_no_agreed_reading_fits_keeps_its_first_reading_and_its_flag(readings):
    rows = _plan("8", "6", "7,5")
    rep = report()
    checks = annotate(rep, rows, _reader({1: readings}, []))
    assert (rows[1].value_raw, rows[1].value) == ("7,5", 7.5)
    assert "rate" in rows[1].flags and "value_reread" not in rows[1].flags
    assert rows[1].read_as is None and rep.repairs is None
    assert sum(not c.passed for c in checks) == 1


def test_only_ocr_values_of_failed_value_checks_are_read_again():
    rows, asked = _plan("8", "6", "75"), []
    annotate(report(), rows, _reader({}, asked))
    assert asked == []  # every check passes: nothing to read again
    exact, asked = _plan("8", "6", "7,5"), []
    for r in exact:
        r.word_confidence = 1.0  # a text layer's figures are what the source states
    annotate(report(), exact, _reader({1: [("75", 91), ("75", 95)]}, asked))
    assert asked == [] and exact[1].value == 7.5


def test_a_part_misread_is_put_right_where_its_reading_makes_the_rate_hold():
    rows = _plan("8", "5", "75")  # 6 done, the 6 read as 5
    annotate(report(), rows, _reader({3: [("6", 88), ("6", 93), ("5", 70)], 1: [("75", 96), ("75", 96)]}, []))
    assert rows[3].value == 6.0 and rows[1].value == 75.0
    assert "rate" not in rows[1].flags and "value_reread" in rows[3].flags


def test_a_number_read_well_gives_way_only_to_most_of_the_sure_readings():
    rows = _plan("8", "6", "7,5")
    # the box holds the figure the page read as often as another: the page's reading stays
    annotate(report(), rows, _reader({1: [("75", 91), ("75", 95), ("7,5", 80), ("7,5", 85), ("7,5", 90)]}, []))
    assert rows[1].value == 7.5 and "rate" in rows[1].flags
    rows = _plan("8", "6", "7,5")
    # two sure readings of 75 among specks and unsure ones: not most of what the box read surely
    annotate(report(), rows, _reader({1: [("75", 91), ("75", 95), (".", 70), ("'", 75), ("7", 62), ("75", 20)]}, []))
    assert rows[1].value == 7.5


def test_a_value_read_as_no_number_takes_the_number_its_ink_reads_as_where_its_checks_pass():
    rows = _plan("8", "H", "75")  # 6 read as `H`: no check can judge it, it is a doubt
    rep = report()
    checks = annotate(rep, rows, _reader({3: [("6", 90), ("6", 93), ("H", 80)]}, []))
    assert rows[3].value == 6.0 and rows[3].value_raw == "6" and rows[3].read_as == "value: H"
    assert all(c.passed for c in checks) and rep.n_checks_failed == 0
    rows = _plan("8", "H", "75")
    annotate(report(), rows, _reader({3: [("5", 90), ("5", 93)]}, []))  # 5 of 8 is no 75 %: left unread
    assert rows[3].value_raw == "H" and "value_reread" not in rows[3].flags
