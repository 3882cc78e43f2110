"""Column names in a header whose lines a narrow or merged cell broke: what each name is and where it stands."""
from baocao.schemas.document import Span
from baocao.segment.columns import header_anchors
from baocao.segment.lines import RLine
from baocao.segment.vocab import header_roles


def _line(k: int, *words: tuple[str, float, float]) -> RLine:
    return RLine(k, 1, [Span(text, x0, x1, 10.0 * k, 10.0 * k + 9) for text, x0, x1 in words], 10.0 * k,
                 10.0 * k + 9)


def test_a_line_ending_inside_a_longer_name_reads_as_that_name():
    assert header_roles(["Số", "liệu", "thống"]) == [("result", 0, 3)]  # `… kê` wrapped to the next line
    assert header_roles(["Số", "liệu"]) == [("value", 0, 2)]
    assert header_roles(["Số", "liệu", "thống", "Ghi", "chú"]) == [("value", 0, 2), ("note", 3, 5)]
    assert header_roles(["ST", "T"]) == [("stt", 0, 2)]  # a word a narrow column broke


def test_a_group_name_over_unit_and_value_is_not_the_value_column():
    # a two-row header as a borderless PDF places it: `Số liệu thống kê` centred over `ĐVT` and `Số liệu`, which
    # its narrow column wrapped around the unit's line (x in points)
    header = [
        _line(0, ("Số", 392, 408), ("liệu", 412, 437), ("thống", 441, 478)),
        _line(1, ("kê", 428, 443)),
        _line(2, ("TT", 104, 121), ("Chỉ", 203, 225), ("tiêu", 229, 255), ("thống", 259, 296), ("kê", 300, 316),
              ("Ghi", 497, 519), ("chú", 523, 547)),
        _line(3, ("Số", 457, 473)),
        _line(4, ("ĐVT", 396, 423)),
        _line(5, ("liệu", 452, 477)),
    ]
    anchors = header_anchors(header)
    assert sorted(anchors, key=lambda role: sum(anchors[role])) == ["stt", "indicator", "unit", "value", "note"]
    assert anchors["value"][0] > anchors["unit"][1] - 1  # the value's name stands right of the unit's
