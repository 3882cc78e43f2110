"""The catalogue on generated reports (`/work/space/{dev,test}/<id>/truth.json`, the same template family with
other wordings, rows known by construction): how many rows get a key, whether one wording always gets one key,
whether the checks find the rates and sums the reports contain and pass them, and whether a value changed by one
digit is caught. Run on the truth rows, so reading errors do not count here (the samples' tests cover reading).

    python bench/catalog_space.py dev [--first dev-01090] [--limit N] [--show-unkeyed N] [--no-digits]
    python bench/catalog_space.py test
    python bench/catalog_space.py test --read docx     # through the pipeline: keyed share of the rows read

Tune on dev; report test."""
from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import random
import sys
from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from baocao.catalog.annotate import annotate
from baocao.catalog.catalogue import load_catalogue
from baocao.catalog.tree import build_tree
from baocao.normalize.text import canon
from baocao.schemas import IndicatorRow, Report
from baocao.segment.vocab import unit_kind

SPACE = Path("/work/space")


def load(doc: Path) -> tuple[Report, list[IndicatorRow]]:
    truth = json.loads((doc / "truth.json").read_text(encoding="utf-8"))
    fields = {k: v for k, v in truth["report"].items() if k in Report.model_fields}
    if fields.get("report_date"):
        fields["report_date"] = dt.date.fromisoformat(fields["report_date"])
    report = Report(source_file=truth["source_file"], source_sha256=doc.name, status="ok", method="text", **fields)
    rows = [IndicatorRow(source_file=truth["source_file"], source_sha256=doc.name, row_index=k,
                         **{f: r.get(f) for f in ("table", "stt", "indicator", "unit", "value_raw", "value", "note",
                                                 "parent_stt")})
            for k, r in enumerate(truth["rows"])]
    return report, rows


def relations(rows: list[IndicatorRow]) -> list[tuple[str, int, bool]]:
    """The rates and sums a report states, from its truth: (rule, target row, whether its figures agree)."""
    nodes = build_tree(rows)
    out = []
    for pos, (row, node) in enumerate(zip(rows, nodes)):
        if row.value is None:
            continue
        # the template's rate: its second count over its first (both printed)
        counts = [c for c in node.children if not nodes[c].is_sub and unit_kind(rows[c].unit) == "count"][:2]
        if unit_kind(row.unit) == "rate" and len(counts) == 2 and rows[counts[1]].value is not None \
                and rows[counts[0]].value:
            expected = rows[counts[1]].value / rows[counts[0]].value * 100
            out.append(("rate", pos, abs(expected - row.value) < 1.0))
        subs = [c for c in node.children if nodes[c].is_sub]
        if unit_kind(row.unit) in ("count", None) and len(subs) >= 2 and all(rows[c].value is not None for c in subs) \
                and all(unit_kind(rows[c].unit) in ("count", None) for c in subs):
            out.append(("sum", pos, abs(sum(rows[c].value for c in subs) - row.value) < 0.5))
    return out


def one_digit(value: float, rng: random.Random) -> float | None:
    text = str(int(value))
    k = rng.randrange(len(text))
    digits = [d for d in "0123456789" if d != text[k] and not (k == 0 and d == "0" and len(text) > 1)]
    return float(text[:k] + rng.choice(digits) + text[k + 1:])


def failing(checks, index: int) -> int:
    return sum(not c.passed and index in c.row_indexes for c in checks)


def breaks_a_relation(checks, changed: list[IndicatorRow], index: int) -> bool:
    """Whether a row's new value breaks one of the relations it passed, printed as the generator prints (a rate
    rounded half up to its printed digits): a change inside a rate's rounding leaves nothing to catch."""
    value = {r.row_index: r.value for r in changed}
    for c in checks:
        if not c.passed or index not in c.row_indexes:
            continue
        if c.rule == "sum":
            return True
        if c.rule == "child_le_parent" and value[c.row_indexes[0]] > value[c.row_indexes[1]]:
            return True
        if c.rule == "rate":
            rate, part, whole = c.row_indexes
            if not value[whole]:
                continue
            raw = changed[rate].value_raw or ""
            places = len(raw.rsplit(",", 1)[1].rstrip("%").strip()) if "," in raw else 0
            shown = Decimal(repr(value[part] / value[whole] * 100)).quantize(Decimal(1).scaleb(-places),
                                                                              rounding=ROUND_HALF_UP)
            if abs(float(shown) - value[rate]) > 1e-9:
                return True
    return False


def read_documents(docs: list[Path], kind: str) -> None:
    """The pipeline on each document: how many of the non-section rows it read get a key."""
    from baocao.pipeline import convert_file

    rows = keyed = 0
    for doc in docs:
        converted = convert_file(doc / f"report.{kind}", f"{doc.name}/report.{kind}")
        for r in converted.rows:
            if r.indicator_key is not None and "." not in r.indicator_key:
                continue  # a section
            rows += 1
            keyed += r.indicator_key is not None
    print(f"{len(docs)} {kind} documents read: {rows} non-section rows, keyed {keyed / max(rows, 1):.4f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("split", choices=["dev", "test"])
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--show-unkeyed", type=int, default=0)
    parser.add_argument("--no-digits", action="store_true")
    parser.add_argument("--first", help="only reports from this id on (those not looked at while tuning)")
    parser.add_argument("--read", choices=["docx", "pdf"], help="read the document instead of taking its truth")
    args = parser.parse_args()
    docs = sorted(p for p in (SPACE / args.split).iterdir() if (p / "truth.json").exists()
                  and (not args.first or p.name >= args.first))
    if args.read:
        return read_documents(docs[:args.limit] if args.limit else docs, args.read)
    if args.limit:
        docs = docs[:args.limit]
    rng = random.Random(11)
    breakdowns = load_catalogue().breakdowns
    n_rows = n_keyed = n_dup = 0
    by_wording: dict[tuple, Counter] = defaultdict(Counter)
    placed: dict[tuple, list] = defaultdict(list)  # each row of a wording: its key, the keys of its table
    unkeyed: Counter = Counter()
    rel = Counter()
    digits = Counter()
    rules = Counter()
    failures = 0
    for doc in docs:
        try:
            report, rows = load(doc)
        except FileNotFoundError:  # the space is being rebuilt under us
            continue
        checks = annotate(report, rows)
        failures += bool(report.error)
        for c in checks:
            rules[(c.rule, c.passed)] += 1
        key_at = {r.row_index: r.indicator_key for r in rows}
        parents = {}
        for r in rows:
            section = r.indicator_key is not None and "." not in r.indicator_key or \
                (r.stt and r.stt.isalpha() and r.stt.isupper())
            if section:
                continue
            n_rows += 1
            n_keyed += r.indicator_key is not None
            if r.indicator_key is None:
                unkeyed[(r.indicator, r.unit)] += 1
        nodes = build_tree(rows)
        for r, node in zip(rows, nodes):
            # what the row is read under: its parent's key, or the channel a level row breaks down
            under = key_at.get(node.parent) if node.parent is not None else None
            base, _, last = (r.indicator_key or "").rpartition(".")
            if last in breakdowns:
                under = base
            group = (canon(r.indicator), canon(r.unit or ""), under)
            by_wording[group][r.indicator_key] += 1
            table_keys = {x.indicator_key for x in rows if x.table == r.table}
            placed[group].append((r.indicator_key, table_keys))
        seen = Counter((r.table, r.indicator_key) for r in rows if r.indicator_key)
        n_dup += sum(v - 1 for v in seen.values())
        targets = {(c.rule, c.row_indexes[0]): c for c in checks if c.row_indexes}
        for rule, pos, agrees in relations(rows):
            check = targets.get((rule, pos))
            rel[(rule, "found" if check else "missed")] += 1
            if check:
                rel[(rule, "right" if check.passed == agrees else "wrong")] += 1
        if args.no_digits:
            continue
        # one value of a relation changed by one digit: caught when a check of that row fails and flags it
        equal = {i for c in checks if c.passed and c.rule in ("rate", "sum") for i in c.row_indexes}
        bounded = {i for c in checks if c.passed and c.rule == "child_le_parent" for i in c.row_indexes} - equal
        for index in rng.sample(sorted(equal | bounded), min(3, len(equal | bounded))):
            kind = "rate/sum" if index in equal else "child_le_parent only"
            changed = copy.deepcopy(rows)
            row = changed[index]
            if row.value is None or row.value != int(row.value):
                continue
            new = one_digit(row.value, rng)
            row.value, row.value_raw = new, str(int(new))
            for r in changed:
                r.indicator_key = r.key_score = r.stt_path = None
                r.flags = []
            after = annotate(copy.deepcopy(report), changed)
            # caught: flagged, by more failed checks than before (a row may already fail a check of figures drawn
            # apart by the generator)
            caught = bool(changed[index].flags) and failing(after, row.row_index) > failing(checks, row.row_index)
            seen = breaks_a_relation(checks, changed, row.row_index)
            digits[(kind, "changed")] += 1
            digits[(kind, "caught")] += caught
            digits[(kind, "detectable")] += seen
            digits[(kind, "caught detectable")] += seen and caught
    print(f"{args.split}: {len(docs)} reports, {n_rows} non-section rows")
    print(f"  annotation failures {failures}")
    print(f"  keyed {n_keyed / n_rows:.4f} ({n_keyed})")
    inconsistent = sum(sum(c.values()) for c in by_wording.values() if len(c) > 1)
    # a row keyed otherwise than most of its wording, while that key went to another row of its own table: the
    # statistic printed twice in one table (no key twice in a table), not a matching inconsistency
    odd = copies = 0
    for group, counts in by_wording.items():
        if len(counts) > 1:
            usual = counts.most_common(1)[0][0]
            for key, table_keys in placed[group]:
                if key != usual:
                    odd += 1
                    copies += usual in table_keys
    print(f"  same wording, unit and parent key (or channel) -> more than one key: {inconsistent} rows "
          f"in {sum(len(c) > 1 for c in by_wording.values())} groups; {odd} rows keyed otherwise than their "
          f"wording's usual key, {copies} of them because that key went to a copy in the same table")
    print(f"  a key twice in one table: {n_dup}")
    for rule in ("rate", "sum"):
        found, missed = rel[(rule, "found")], rel[(rule, "missed")]
        if found + missed:
            print(f"  {rule} relations found {found / (found + missed):.4f} ({found}/{found + missed}); "
                  f"verdict agrees with the figures {rel[(rule, 'right')]}/{found}")
    print("  checks by rule (passed/failed):", {r: (rules[(r, True)], rules[(r, False)])
                                                 for r in sorted({r for r, _ in rules})})
    for kind in ("rate/sum", "child_le_parent only"):
        changed, caught = digits[(kind, "changed")], digits[(kind, "caught")]
        seen, caught_seen = digits[(kind, "detectable")], digits[(kind, "caught detectable")]
        if changed:
            print(f"  one-digit changes caught and flagged, rows in a {kind} check: {caught / changed:.4f} "
                  f"({caught}/{changed}); of those that break a relation as the generator prints it: "
                  f"{caught_seen / max(seen, 1):.4f} ({caught_seen}/{seen})")
    for (text, unit), count in unkeyed.most_common(args.show_unkeyed):
        print(f"    unkeyed x{count}: {text} | {unit}")


if __name__ == "__main__":
    sys.exit(main())
