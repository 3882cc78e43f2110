"""A document's layout: every choice of how the report and its statistics tables are typed, drawn per document
and written to layout.json. `layout_class` (ruling x header rows) is the unit the reader's accuracy is reported by."""
from __future__ import annotations

import random
from dataclasses import asdict, dataclass

FONTS = ["Times New Roman", "Arial", "Liberation Serif", "Liberation Sans", "DejaVu Serif", "DejaVu Sans"]


@dataclass
class Template:
    # the table grid
    ruling: str                 # ruled (all borders) / borderless / hrules (horizontal rules only)
    header_rows: int            # 1, or 2 (`Kết quả thống kê` merged over unit | value)
    stt_word: str
    indicator_word: str
    unit_word: str
    value_word: str
    note_word: str
    group_word: str             # the merged cell over unit | value in a two-row header
    usage_note: bool            # `(Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)` under the indicator heading
    column_numbers: bool        # a `(1) (2) (3) …` row under the header
    note_column: bool
    value_first: bool           # value column before the unit column
    stt_cm: float               # width of the STT column (narrow: `1.3.1.` wraps)
    indicator_cm: float         # width of the indicator column (narrow: much wrapping)
    v_align: str                # top / center / bottom, every body cell
    stt_align: str              # center / left
    value_align: str            # center / right
    stt_dot: bool               # `1.` / `1.1.` instead of `1` / `1.1`
    repeat_header: bool         # w:tblHeader on the header rows
    rows_cant_split: bool       # w:cantSplit on body rows
    section_merged: bool        # roman / top-level section rows merged across the columns after STT
    # what goes in the table
    numbering: str              # roman (I / 1 / 1.1 / 1.1.1) / decimal (1 / 1.1 / 1.1.1) / flat (no section rows)
    breakdown_style: str        # how `Trong đó` sub-rows are marked: none / dash_stt / dash_indicator / plus_stt /
                                # plus_indicator
    trong_do_marker: bool       # a `Trong đó:` row above each run of sub-rows
    dash_section: float         # chance that a section lists its items as `-` rows
    footnotes: str              # none / paren (`…(1)`) / superscript
    n_tables: int
    label_style: str            # none / phu_luc / phu_luc_n / phu_luc_code / bieu_mau
    label_align: str            # center / left / right
    title_line: bool            # a title in capitals under the label
    # the page
    orientation: str            # portrait / landscape (the annex section)
    annex_new_page: bool        # the annex on its own page or straight after the body
    font: str
    font_size: float            # body text
    table_font_size: float
    line_spacing: float
    page_numbers: bool
    header_style: str           # how the issuing body is named: `ubnd_full` (ỦY BAN NHÂN DÂN / XÃ …) or
                                # `ubnd_short` (UBND HUYỆN … / UBND XÃ …)

    @property
    def layout_class(self) -> str:
        return f"{self.ruling}-h{self.header_rows}"

    @property
    def columns(self) -> list[str]:
        middle = ["value", "unit"] if self.value_first else ["unit", "value"]
        return ["stt", "indicator"] + middle + (["note"] if self.note_column else [])

    def column_widths(self) -> list[float]:
        """cm per column, in `columns` order; the indicator column as drawn, the others sharing what is left of
        the text width (A4, margins 3 cm + 1.5 cm)."""
        usable = (29.7 if self.orientation == "landscape" else 21.0) - 4.5
        stt = self.stt_cm
        others = 6.0 if self.note_column else 4.4
        indicator = min(self.indicator_cm, usable - stt - others)
        rest = usable - stt - indicator
        share = {"unit": 0.34, "value": 0.30, "note": 0.36} if self.note_column else {"unit": 0.53, "value": 0.47}
        return [round(stt if c == "stt" else indicator if c == "indicator" else rest * share[c], 2)
                for c in self.columns]

    def to_json(self) -> dict:
        return dict(asdict(self), layout_class=self.layout_class, columns=self.columns,
                    column_widths_cm=self.column_widths())


def pick_template(rng: random.Random) -> Template:
    c = rng.choice
    orientation = "landscape" if rng.random() < 0.25 else "portrait"
    n_tables = c([1, 1, 1, 2, 3, 4, 5, 7])
    label_style = c(["bieu_mau", "phu_luc_n"]) if n_tables > 1 else c(["none", "phu_luc", "phu_luc_n",
                                                                         "phu_luc_code", "bieu_mau"])
    width = rng.uniform(4.5, 6.5) if rng.random() < 0.4 else rng.uniform(7.5, 10.5)
    if orientation == "landscape":
        width += 4.0
    return Template(
        ruling=c(["ruled", "ruled", "borderless", "hrules"]),
        header_rows=c([1, 2]),
        stt_word=c(["STT", "TT", "Số TT"]),
        indicator_word=c(["Chỉ tiêu thống kê", "Nội dung", "Tên chỉ tiêu", "Chỉ tiêu"]),
        unit_word=c(["Đơn vị tính", "ĐVT"]),
        value_word=c(["Số liệu", "Kết quả"]),
        note_word=c(["Ghi chú", "Ghi chú"]),
        group_word=c(["Kết quả thống kê", "Kết quả thực hiện", "Số liệu thống kê"]),
        usage_note=rng.random() < 0.3,
        column_numbers=rng.random() < 0.4,
        note_column=rng.random() < 0.75,
        value_first=rng.random() < 0.2,
        stt_cm=round(rng.uniform(1.2, 2.0), 1),
        indicator_cm=round(width, 1),
        v_align=c(["top", "center", "bottom"]),
        stt_dot=rng.random() < 0.35,
        repeat_header=rng.random() < 0.6,
        rows_cant_split=rng.random() < 0.6,
        section_merged=rng.random() < 0.3,
        numbering=c(["roman", "roman", "decimal", "decimal", "flat"]) if n_tables == 1 else c(["flat", "decimal"]),
        breakdown_style=c(["none", "none", "dash_stt", "dash_indicator", "plus_stt", "plus_indicator"]),
        trong_do_marker=rng.random() < 0.6,
        dash_section=c([0.0, 0.0, 0.15]),
        footnotes=c(["none", "none", "paren", "superscript"]),
        n_tables=n_tables,
        label_style=label_style,
        title_line=rng.random() < 0.6,
        orientation=orientation,
        annex_new_page=orientation == "landscape" or rng.random() < 0.6,
        font=c(FONTS),
        font_size=c([12, 13, 13, 14]),
        table_font_size=c([11, 11.5, 12, 12, 13, 14]),
        line_spacing=c([1.0, 1.0, 1.15, 1.5]),
        page_numbers=rng.random() < 0.5,
        header_style=c(["ubnd_full", "ubnd_short"]),
        stt_align=c(["center", "center", "left"]),
        value_align=c(["center", "center", "right"]),
        label_align=c(["center", "center", "left", "right"]),
    )
