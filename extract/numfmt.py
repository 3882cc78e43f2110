"""A spreadsheet number as Excel shows it: the cell's number format applied, with Vietnamese separators.

Excel stores `1034` and the format `#,##0`; what a person reads depends on the machine's locale, and the reports
we read were typed on Vietnamese Windows: `1.034`, `16,67%`, `1.234,5`. The formatting is `ssf` (a port of
SheetJS's number-format engine: sections, colours, padding, percent, scientific, fractions, dates) with the vi-VN
locale's separators."""
from __future__ import annotations

import contextlib
import datetime as dt
import io
import warnings
from functools import lru_cache
from typing import Union

LOCALE = "vi_VN"
Number = Union[int, float, dt.datetime, dt.date, dt.time]


@lru_cache(maxsize=1)
def _engine():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from ssf import SSF

        return SSF(locale=LOCALE)


def displayed(value: Number, number_format: str | None) -> str:
    """`value` formatted by `number_format` ("General" when none) the way Vietnamese Excel shows it."""
    fmt = number_format or "General"
    try:
        # this ssf release prints a trace of its grouping to stdout; keep it out of ours
        with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            text = _engine().format(fmt, value)
    except Exception:  # a format the engine cannot parse: the plain value
        text = _plain(value)
    return " ".join(text.split())  # padding (`_)`, `* `) is layout, not content


def _plain(value: Number) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M") if value.time() != dt.time() else value.strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace(".", ",")
