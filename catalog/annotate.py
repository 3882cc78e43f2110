"""What the catalogue adds to one converted document: each row's key, score, STT path and flags; the report's
checks, their counts and its report key. The pipeline's one call."""
from __future__ import annotations

import logging
import traceback
from typing import Optional

from baocao.catalog.checks import run_checks
from baocao.catalog.hold import ReadAgain, hold_values
from baocao.catalog.match import default_matcher
from baocao.catalog.report_key import report_key
from baocao.catalog.tree import build_tree
from baocao.schemas import Check, IndicatorRow, Report

log = logging.getLogger(__name__)


def annotate(report: Report, rows: list[IndicatorRow], read_again: Optional[ReadAgain] = None) -> list[Check]:
    """Fill `indicator_key`, `key_score`, `stt_path` and `flags` on `rows`, and `report_key`, `n_checks`,
    `n_checks_failed` on `report`; return the checks. With `read_again` (a scan's cells read again), OCR'd values
    that fail their checks are held to them (catalog/hold.py), and what was put right is added to `repairs`. A
    failure here leaves the rows as read and says why in the report (status `partial`), never losing the
    document."""
    report.report_key = report_key(report)
    try:
        matcher = default_matcher()
        nodes = build_tree(rows)
        matches = matcher.match(rows, nodes)
        for row, node, match in zip(rows, nodes, matches):
            row.indicator_key, row.key_score, row.stt_path = match.key, match.score, node.path
        checks = run_checks(report, rows, nodes, matches, matcher.cat)
        if read_again is not None:
            checks, held = hold_values(rows, checks, lambda: run_checks(report, rows, nodes, matches, matcher.cat),
                                       read_again)
            if held:
                report.repairs = "; ".join(filter(None, [report.repairs, *held]))
    except Exception as exc:  # the catalogue's work is extra: the rows stay, the report says what went wrong
        log.debug("catalogue annotation failed for %s\n%s", report.source_file, traceback.format_exc())
        note = f"indicator catalogue failed: {type(exc).__name__}: {exc}"
        report.error = f"{report.error}; {note}" if report.error else note
        if report.status == "ok":
            report.status = "partial"
        return []
    by_index = {row.row_index: row for row in rows}
    for check in checks:
        if check.passed:
            continue
        for index in check.row_indexes:
            row = by_index.get(index)
            if row is not None and check.rule not in row.flags:
                row.flags.append(check.rule)
    report.n_checks = len(checks)
    report.n_checks_failed = sum(not c.passed for c in checks)
    return checks
