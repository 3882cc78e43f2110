"""Does the PDF show what the truth and the layout say?

- every word of every truth cell (stt, indicator, unit, value_raw, note, table label) and of the report fields is
  among the words pdfplumber finds in report.pdf, or inside one of them (a footnote marker glued to a word), or
  split in two by a wrap in its cell (`150/QĐ-` + `UBND`, `1.2.` + `1`). A truth the PDF does not show is a
  generator bug;
- LibreOffice honoured two table properties: with no repeated header, the STT heading is on no more pages than
  there are tables; with rows that cannot split, no long indicator starts on one page and ends on the next.

    python3 samples/build/space/check.py DIR/dev [DIR/test …]
"""
from __future__ import annotations

import json
import sys
import unicodedata
from collections import Counter
from pathlib import Path


def page_words(pdf: Path) -> list[list[str]]:
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return [[unicodedata.normalize("NFC", w["text"]) for w in page.extract_words()] for page in doc.pages]


def missing_words(truth: dict, pages: list[list[str]]) -> list[str]:
    words = [w for page in pages for w in page]
    exact = set(words)
    glued = " ".join(words)
    problems = []

    def shown(word: str) -> bool:
        if word in exact or word in glued:
            return True
        return any(word[:i] in exact and (word[i:] in exact or any(w.startswith(word[i:]) for w in exact))
                   for i in range(1, len(word)))

    def need(where: str, text) -> None:
        if text is None:
            return
        for word in str(text).split():
            if not shown(word):
                problems.append(f"{where}: {word!r} of {str(text)[:60]!r}")

    report = truth["report"]
    for key in ("unit_name", "district", "signer", "report_number"):
        need(key, report[key])
    for k, row in enumerate(truth["rows"]):
        for key in ("stt", "indicator", "unit", "value_raw", "note"):
            if key == "stt" and row[key] == "-":
                continue  # `-` or `+`, printed in the STT column or before the indicator
            need(f"row {k} {key}", row[key])
        if row["table"]:
            need(f"row {k} table", row["table"])
    return problems


def layout_not_honoured(truth: dict, layout: dict, pages: list[list[str]]) -> list[str]:
    problems = []
    heading = layout["stt_word"].split()[-1]
    with_heading = sum(1 for page in pages if heading in page)
    if not layout["repeat_header"] and with_heading > layout["n_tables"]:
        problems.append(f"header not to repeat, yet on {with_heading} pages for {layout['n_tables']} tables")
    if layout["rows_cant_split"]:
        texts = [" ".join(page) for page in pages]
        indicators = [row["indicator"].split() for row in truth["rows"]]
        heads = Counter(" ".join(words[:3]) for words in indicators)
        tails = Counter(" ".join(words[-2:]) for words in indicators)
        for row in truth["rows"]:
            words = row["indicator"].split()
            if len(words) < 8 or heads[" ".join(words[:3])] > 1 or tails[" ".join(words[-2:])] > 1:
                continue  # only rows whose first and last words no other row shares
            # the first three words, and the last two (near each other: a cell's last line interleaves with the
            # STT or value printed on the same line), each judged only where it is on one page alone
            head = " ".join(words[:3])
            on_head = {k for k, t in enumerate(texts) if head in t}
            on_tail = {k for k, page in enumerate(pages) if _near(page, words[-2], words[-1])}
            if len(on_head) == 1 and len(on_tail) == 1 and min(on_tail) == min(on_head) + 1:
                problems.append(f"row split across pages: {row['indicator'][:50]!r}")
    return problems


def _near(page: list[str], first: str, last: str) -> bool:
    # `thuộc2`: a footnote marker glued to the last word
    return any(w.startswith(last) and first in page[max(0, k - 4):k] for k, w in enumerate(page))


def check_document(doc_dir: Path) -> list[str]:
    truth = json.loads((doc_dir / "truth.json").read_text(encoding="utf-8"))
    layout = json.loads((doc_dir / "layout.json").read_text(encoding="utf-8"))
    pages = page_words(doc_dir / "report.pdf")
    return missing_words(truth, pages) + layout_not_honoured(truth, layout, pages)


def main(dirs: list[str]) -> int:
    bad = total = 0
    for split in dirs:
        for doc_dir in sorted(p for p in Path(split).iterdir() if (p / "truth.json").exists()):
            total += 1
            problems = check_document(doc_dir)
            if problems:
                bad += 1
                print(doc_dir.name, len(problems), "; ".join(problems[:5]))
    print(f"{total} documents checked, {bad} with problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
