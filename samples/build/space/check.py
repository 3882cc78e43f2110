"""Does the PDF show every truth cell? For each document, each word of each truth cell (stt, indicator, unit,
value_raw, note) and of the report fields must be among the words pdfplumber finds in report.pdf (or inside one
of them: a footnote marker or a `Trong đó` dash may be glued to a word). A truth the PDF does not show is a
generator bug.

    python3 samples/build/space/check.py DIR/dev [DIR/test …]
"""
from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path


def pdf_words(pdf: Path) -> list[str]:
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return [unicodedata.normalize("NFC", w["text"]) for page in doc.pages for w in page.extract_words()]


def missing_words(doc_dir: Path) -> list[str]:
    truth = json.loads((doc_dir / "truth.json").read_text(encoding="utf-8"))
    words = pdf_words(doc_dir / "report.pdf")
    exact = set(words)
    glued = " ".join(words)
    problems = []

    def shown(word: str) -> bool:
        if word in exact or word in glued:
            return True
        # wrapped in its cell: `150/QĐ-` + `UBND`, `1.2.` + `1` (a narrow column breaks a word)
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


def main(dirs: list[str]) -> int:
    bad = 0
    total = 0
    for split in dirs:
        for doc_dir in sorted(p for p in Path(split).iterdir() if (p / "truth.json").exists()):
            total += 1
            problems = missing_words(doc_dir)
            if problems:
                bad += 1
                print(doc_dir.name, len(problems), "; ".join(problems[:5]))
    print(f"{total} documents checked, {bad} with truth words the PDF does not show")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
