"""The catalogue file: it loads, it is consistent, and a broken entry is refused with a clear reason."""
import pytest
import yaml

from baocao.catalog.catalogue import DATA, CatalogueError, load_catalogue, parse_catalogue
from baocao.catalog.wording import Normaliser
from baocao.segment.vocab import unit_kind


def test_catalogue_loads_and_covers_every_section():
    cat = load_catalogue()
    assert set(cat.sections) == {"chidao", "thiche", "tthc", "bomay", "congvu", "taichinh", "cqs"}
    assert len(cat.indicators) > 150
    for entry in cat.indicators.values():
        assert entry.section in cat.sections
        if entry.kind == "rate" and entry.unit:
            assert unit_kind(entry.unit) in ("rate", "count"), entry.key
        if entry.formula:
            assert all(term in cat.indicators for term in entry.formula.terms), entry.key


def test_rates_name_their_parts():
    cat = load_catalogue()
    rate = cat.indicators["chidao.ke_hoach.ty_le_hoan_thanh"].formula
    assert rate.op == "rate"
    assert rate.terms == ("chidao.ke_hoach.nhiem_vu_hoan_thanh", "chidao.ke_hoach.nhiem_vu_de_ra")
    assert cat.used_in("tthc.ho_so.tiep_nhan") == ["cqs.dvc.ty_le_ho_so_truc_tuyen"]


def _with(entry: dict) -> dict:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    data["indicators"].append(entry)
    return data


@pytest.mark.parametrize("entry, reason", [
    ({"key": "tthc.Bad Key", "name": "x", "kind": "count"}, "bad key"),
    ({"key": "tthc.x", "name": "x", "kind": "amount"}, "kind"),
    ({"key": "nowhere.x", "name": "x", "kind": "count"}, "no section"),
    ({"key": "tthc.x", "name": "x", "kind": "rate", "formula": "= tthc.a / tthc.b × 100"}, "unknown key"),
    ({"key": "tthc.x", "name": "x", "kind": "rate", "formula": "tthc.xin_loi minus 1"}, "formula"),
    ({"key": "tthc.xin_loi", "name": "x", "kind": "count"}, "twice"),
    ({"key": "tthc.x", "name": "x", "kind": "count", "wordng": ["typo"]}, "unknown fields"),
])
def test_a_broken_entry_is_refused(entry, reason):
    with pytest.raises(CatalogueError, match=reason):
        parse_catalogue(_with(entry))


def test_abbreviations_compare_as_their_long_form():
    norm = Normaliser(load_catalogue())
    assert norm.tokens("Số TTHC cấp xã") == norm.tokens("số thủ tục hành chính cấp xã")
    assert norm.tokens("Số VBQPPL do UBND cấp xã ban hành") == \
        norm.tokens("Số văn bản quy phạm pháp luật do Ủy ban nhân dân cấp xã ban hành")
    # mức độ 3 / 4 are today's một phần / toàn trình; hạn / hẹn are one
    assert norm.tokens("trực tuyến mức độ 3") == norm.tokens("trực tuyến một phần")
    assert norm.tokens("giải quyết đúng hẹn") == norm.tokens("giải quyết đúng hạn")
    # tone marks kept, and dropped in the loose view
    wording = norm.wording("Số hồ sơ đã tiếp nhận (cả trực tiếp và trực tuyến)")
    assert wording.core == norm.tokens("Số hồ sơ đã tiếp nhận")
    assert wording.core_bare == ("so", "ho", "so", "da", "tiep", "nhan")
    # `Tổng số` / `Tổng`, `Số lượng` / `Số` are one
    assert norm.tokens("Tổng số nhiệm vụ được giao") == norm.tokens("Tổng nhiệm vụ được giao")
    assert norm.tokens("Số lượng phiếu khảo sát") == norm.tokens("Số phiếu khảo sát")


def test_a_misspelt_word_is_read_as_the_known_one_next_to_it():
    norm = Normaliser(load_catalogue())
    assert norm.tokens("Số VBQPPPL đã rà soát") == norm.tokens("Số VBQPPL đã rà soát")
