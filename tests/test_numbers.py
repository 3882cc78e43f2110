import pytest

from baocao.normalize.numbers import parse_value, parse_vn_number


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("1.034", 1034),
        ("8.066.841.050", 8066841050),
        ("26,6", 26.6),
        ("16,67%", 16.67),
        ("0,9%", 0.9),
        ("08", 8),
        ("360 phiếu", 360),
        ("184/184= 100%", 100),
        (r"$\frac{317}{1.034} = 31\%$", 31),
        ("27/101 =26%", 26),
        ("1.034/1.034 = 100%", 100),
        ("100%", 100),
        ("1.5", 1.5),  # not thousands grouping: decimal point
        ("12.5%", 12.5),
        ("-3", -3),
    ],
)
def test_vietnamese_numbers(raw, expected):
    assert parse_value(raw) == pytest.approx(expected)


@pytest.mark.parametrize(
    "raw",
    [None, "", "  ", "25/25", "Có ban hành", "-", "1. Cải cách thủ tục hành chính: 6 2. Cải cách tổ chức: 01",
     "1,2,3", "12.34.5"],
)
def test_not_a_single_number(raw):
    assert parse_value(raw) is None


def test_number_token_rejects_words():
    assert parse_vn_number("abc") is None
    assert parse_vn_number("1.234.567") == 1234567
