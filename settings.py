"""Every tolerance baocao reads documents with: named, with its unit, validated, in one place.

`SETTINGS` is what the stages use by default; a caller may pass its own (`Settings(reader={"max_row_lines": 20})`)
to try another value without touching the code."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ReaderSettings(_Section):
    """The table reader (segment/): how lines become cells and rows."""

    # a row of a statistics table takes at most this many lines (a long indicator wrapped in a narrow column, a
    # numbered list in a value cell)
    max_row_lines: int = Field(30, ge=1)
    # a header block takes at most this many lines (two header rows wrapped, the usage note, column numbers; a
    # line per name and column number where the text was pulled cell after cell)
    max_header_lines: int = Field(16, ge=1)
    # labels (`Phụ lục 2`, `Biểu mẫu 3`) are looked for this many non-empty lines above a header (a title of three
    # lines and the line naming the report, wrapped, may stand between)
    label_lookback_lines: int = Field(8, ge=1)
    # a footnote under a table (`1 Số liệu …`) takes at most this many lines: more per mark, the marked lines are
    # the table's sections (`1 Kế hoạch CCHC`, `2 …`) over their rows
    footnote_lines: int = Field(3, ge=1)
    # text pulled without its form feeds takes its pages from the numbers they print (segment/lines.py): a run of
    # lone numbers 1, 2, 3 … whose first stands within this many lines a page of the text's start (a page of
    # prose pulls to some 30 lines) …
    printed_page_first_lines: int = Field(30, ge=1)
    printed_pages_seen: int = Field(3, ge=2)  # … numbering at least this many pages (`1`, `2` alone may be values)
    printed_page_lines: int = Field(15, ge=1)  # … most of them this many lines apart or more (else a table's STTs)
    # … none with a line this close below opening the sub-rows of a section so numbered (`2`, then `2.1`)
    printed_page_section_lines: int = Field(15, ge=1)
    # a page of text pulls to this many lines or more, and this many or fewer (cell after cell, a line per cell):
    # a lone number above a repeated header numbers its page only where the lines before could fill the pages
    page_lines_least: int = Field(12, ge=1)
    page_lines_most: int = Field(200, ge=1)
    # a text whose lines that close on a figure or a stop end with a space this often or less keeps the space of a
    # soft line break only (PyMuPDF, pypdfium2): a line ending so goes on in the next (some tools end every line so)
    soft_break_share: float = Field(0.2, ge=0, le=1)
    # numbers opening a table's lines within this of the leftmost such number stand in its STT column (a coded
    # unit's `1 Không`, wrapped, opens on a number further right)
    stt_column_slack_pt: float = Field(12.0, ge=0)
    # a ruled table's column the header did not name (OCR read `STT` as `ST 1`), before the indicator's, is the
    # STT's when this share of its cells are numbers of a numbering
    stt_column_share: float = Field(0.6, gt=0, le=1)
    # two spans share a visual line when their vertical extents overlap by more than this share of the smaller
    line_overlap_ratio: float = Field(0.5, gt=0, le=1)
    # scores of the row decoder (log-odds, no unit): what a piece of evidence is worth
    stt_bonus: float = 2.0  # a number at the line's start that can be an STT, read as one
    no_stt_penalty: float = 2.5  # a row without an STT (not a dash item, not under `Trong đó`)
    bare_row_penalty: float = 1.5  # … that has neither unit nor value either (more likely a cell's rest)
    wordless_row_penalty: float = 6.0  # a row with an STT and no indicator (its number is a wrapped figure)
    lowercase_start_penalty: float = 3.0  # a row whose indicator starts in lower case
    # … and has no STT either: the rest of a cell wrapped from a row above, no row of its own
    lowercase_unnumbered_penalty: float = 3.0
    open_end_penalty: float = 2.0  # … whose indicator ends on a word that opens what follows (`do`, `của`)
    misaligned_penalty_per_line: float = 4.0  # a row's one-line cells away from where the table aligns them
    # cell after cell, a line that runs on (its text ends with the space of a soft line break) ending its cell,
    # and ending its row
    run_on_cell_end_penalty: float = 4.0
    run_on_row_end_penalty: float = 8.0
    stream_prior_per_line: float = 0.7  # a line read as one cell of a body read cell after cell, against side by side
    # cell after cell, a unit's name on a line of its own read as more of an indicator that already names it
    echoed_unit_penalty: float = 2.0
    # … and a line opening with the same two words as the indicator it would go on (a run of like rows)
    parallel_opening_penalty: float = 2.0
    centre_tolerance_lines: float = 0.2  # how far off the middle a centred cell may stand, in lines
    # a short line of pulled text holding one cell may be another cell than its words alone say (a narrow note's
    # `ngày`, a unit's `vụ`, a coded unit's `Chưa thực hiện` read alone as a text value): read so too when its
    # words read so at most this much worse (log-odds)
    other_cell_margin: float = 4.0
    other_cell_prior: float = 1.0  # … and a line read so costs this (such freedom explains any text a little better)
    other_cell_stts_alone: float = Field(0.6, ge=0, le=1)  # … not where this share of STTs stand alone on their line
    other_cell_words: int = Field(10, ge=1)  # … a line of at most this many words (a narrow column holds few)
    numbered_other_cuts: int = Field(2, ge=0)  # … and an STT line may be cut this many other ways
    other_cell_beam: int = Field(2, ge=1)  # … and a run of lines keeps this many such readings per way of taking its STT
    # … and, while it has no STT yet, this many (lines above a row's STT line: that line still decides among them)
    other_cell_beam_unnumbered: int = Field(4, ge=1)
    join_weight: float = 0.6  # weight of the language model's vote on joining two lines of one cell
    # pointwise mutual information (nats) above which two words read as one text going on, below as a boundary
    join_threshold: float = 0.5
    # a cell's text going on with a capitalised word (`… xử lý xong` / `Văn bản`): wrapped text goes on in lower
    # case, a new cell starts with a capital (acronyms, all capitals, say nothing)
    capital_going_on_penalty: float = 1.5
    # … and with a dash and a space (`- Cấp xã`): a list item starts
    dash_going_on_penalty: float = 4.0
    # positional columns: a word this far outside its column's band costs one unit of evidence
    band_slack_char: float = 2.0  # … in character columns (text pulled with its layout)
    band_slack_pt: float = 6.0  # … in PDF points
    # a column's name under a group's name (`Kết quả thống kê` over `ĐVT`) may stand out of the group's by this
    # share of its own width (the two are centred apart)
    group_overhang_share: float = Field(0.1, ge=0)
    # a gutter no body word crosses is a sure border between columns when it is at least this wide (a space
    # between two words on a sparse column is narrower); on a page, a word space (`word_space_pt`)
    min_gutter_char: float = Field(1.0, ge=0)
    # words of one phrase stand closer than this on a page, and are one cell's (OCR's boxes hug the ink: a space
    # reads 3-6 pt, more where a unit's words are spread: `Số` `lượng hồ sơ`, `Không` `đúng quy định`)
    word_space_pt: float = Field(8.0, ge=0)
    # a ruled table's header printed again over a page is still the header with one letter in this many of a name
    # read another (OCR: `Đơnvj tính` for `Đơn vị tính`)
    header_slip_letters: int = Field(6, ge=1)
    # text pulled with its layout keeps its columns when this share of value-like words sits within
    # `band_slack_char` of their column
    positional_share: float = Field(0.7, gt=0, le=1)
    positional_evidence: int = Field(5, ge=1)  # … and at least this many such words were seen
    positional_page_share: float = Field(0.5, ge=0, le=1)  # … and of a page's own, at least this share
    # a unit column the header does not name is taken from the rows where at least this many lines end in a unit
    # standing apart beside the value's column
    unit_column_evidence: int = Field(5, ge=1)
    # lines outside every table that read as rows (STT … unit figure): this many mean a table was not found
    stray_rows: int = Field(3, ge=1)
    # a horizontal rule between two body lines that spans at least this share of the table's width parts two rows
    row_rule_min_share: float = Field(0.5, gt=0, le=1)
    # a table ruled between its rows (a rule between this share of its numbered lines and the numbered line
    # before): a row that would start on a line with no rule above it costs this (log-odds)
    rows_ruled_share: float = Field(0.9, gt=0, le=1)
    unruled_start_penalty: float = 6.0
    # on a page, two lines of one cell stand a line's pitch apart: further by this share of a line's height, they
    # are two cells' (two rows'), at this cost (log-odds)
    cell_gap_tolerance_lines: float = Field(0.2, ge=0)
    cell_gap_penalty: float = 3.0
    # a row's lines are re-read together keeping this many best readings of its first lines (a beam)
    assembly_beam: int = Field(8, ge=1)
    # how sure a row the decoder put together is (segment/decode.py): its margin (log-odds) over the best reading
    # that parts its lines else, or over the best cut that puts a line's words in other cells, weighed by this
    # (a cut's margin says more) …
    cut_margin_weight: float = Field(4.0, gt=0)
    # … made a probability as sigmoid(scale × margin + offset) (scale per log-odds, offset in log-odds), fitted on
    # development documents (how often a row at each margin came out right) for each way a body is read: text
    # pulled line by line (the layout space's `dev`), cell after cell (PyMuPDF's, pypdfium2's: every row has a
    # near rival, few of them win), a PDF's placed words, a scan's (the development scan sets; a row right when
    # each cell reads at least 80 % alike, OCR's misread letters are not the layout's)
    row_sure: dict[str, tuple[float, float]] = {"lines": (0.5, -0.9), "stream": (1.06, 0.2), "placed": (0.7, 1.5),
                                                "scanned": (0.24, 0.3)}
    # a table read with this many numbered rows or more is judged by its shape (segment/shape.py): it is suspect
    # when more than this share of them has neither unit nor value (truth of the layout space: at most 0.6) …
    shape_min_rows: int = Field(8, ge=1)
    shape_empty_share: float = Field(0.75, gt=0, le=1)
    # … or more than this share of its units are figures, or of its values units
    shape_figure_unit_share: float = Field(0.2, gt=0, le=1)


class TrustSettings(_Section):
    """When a document's rows are trusted as a whole (pipeline.py)."""

    # a row whose words OCR read with a mean certainty (0-1) below this is unsure: flagged `low_confidence`
    unsure_confidence: float = Field(0.6, ge=0, le=1)
    # … and one whose lines and cells the reader put together with a certainty (0-1) below it, `unsure_layout`
    # a document stays `ok` with at most this many doubts, failed checks and unsure rows (named in `doubts`),
    # or this share of its rows when that is more; past that it is `partial`
    few: int = Field(3, ge=0)
    few_share: float = Field(0.05, ge=0, le=1)


class Settings(_Section):
    reader: ReaderSettings = ReaderSettings()
    trust: TrustSettings = TrustSettings()


SETTINGS = Settings()
