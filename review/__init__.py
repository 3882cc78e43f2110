"""The reviewer's desk: a static review site with the source beside the rows (`site.py`, `pages.py`), cell-by-cell
differences between two extractions (`diff.py`), a workbook for officials (`export.py`) and the reviewer's edits
taken back into the lake as corrections (`workbook.py`, `corrections.py`)."""
