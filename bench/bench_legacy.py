"""Diacritic accuracy of the legacy-encoding conversion on real TCVN3 PDFs with hand-checked transcripts.

    python3 bench/bench_legacy.py [DIR]       (default /work/shared/legacy-tcvn3)

Each `X.pdf` in DIR with a transcript `X.txt`. The text is pulled with pdfplumber (words with the font of
every character) and converted two ways:
- by font: runs whose font names a legacy encoding (`encoding_from_font`) go through `to_unicode`;
- by detection: the same text without any font information goes through `fix_legacy_text`.
Metric (the corpus README's): share of the transcript's diacritic-bearing characters (and đ/Đ) recovered
exactly, after NFC and whitespace folding. Words are aligned on their accent-free skeleton, so a wrong
diacritic does not throw the alignment off; a transcript word with no counterpart counts as missed.
"""
from __future__ import annotations

import difflib
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from baocao.normalize.encoding import encoding_from_font, fix_legacy_text, to_unicode  # noqa: E402
from baocao.normalize.text import strip_accents  # noqa: E402

DEFAULT_DIR = Path("/work/shared/legacy-tcvn3")


def pdf_lines(path: Path) -> list[list[tuple[str, str]]]:
    """Lines of (word text, font of each run) — a word is a list of (run text, font) joined."""
    import pdfplumber

    lines: list[list[list[tuple[str, str]]]] = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            words = page.extract_words(return_chars=True, use_text_flow=True)
            current: list = []
            last_top = None
            for word in words:
                if last_top is not None and abs(word["top"] - last_top) > 3:
                    lines.append(current)
                    current = []
                last_top = word["top"]
                runs: list[tuple[str, str]] = []
                for char in word["chars"]:
                    if runs and runs[-1][1] == char["fontname"]:
                        runs[-1] = (runs[-1][0] + char["text"], char["fontname"])
                    else:
                        runs.append((char["text"], char["fontname"]))
                current.append(runs)
            if current:
                lines.append(current)
    return lines


def by_font(lines) -> str:
    out = []
    for line in lines:
        words = []
        for runs in line:
            # consecutive runs in the same encoding convert together (`n` `−` `íc` are one word)
            pieces: list[tuple[str, object]] = []
            for text, font in runs:
                enc = encoding_from_font(font)
                if pieces and pieces[-1][1] == enc:
                    pieces[-1] = (pieces[-1][0] + text, enc)
                else:
                    pieces.append((text, enc))
            words.append("".join(to_unicode(t, e) if e else t for t, e in pieces))
        out.append(" ".join(words))
    return "\n".join(out)


def raw_text(lines) -> str:
    return "\n".join(" ".join("".join(t for t, _ in runs) for runs in line) for line in lines)


def _marked(ch: str) -> bool:
    return ch in "đĐ" or unicodedata.normalize("NFD", ch) != ch


def diacritic_accuracy(transcript: str, output: str, fold_case: bool = False) -> tuple[float, int, int]:
    """(accuracy, recovered, total) over the transcript's diacritic-bearing characters."""
    def words(text: str) -> list[str]:
        text = unicodedata.normalize("NFC", text)
        return (text.casefold() if fold_case else text).split()

    expected, actual = words(transcript), words(output)
    total = sum(1 for w in expected for ch in w if _marked(ch))
    recovered = 0
    # a block the PDF reads in another order than the transcript (a signature column) is matched in a
    # second round among the words left over, so reading order does not count as lost diacritics
    for _ in range(3):
        matcher = difflib.SequenceMatcher(None, [strip_accents(w) for w in expected],
                                          [strip_accents(w) for w in actual], autojunk=False)
        left_expected, left_actual = [], []
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag != "equal":
                left_expected += expected[i1:i2]
                left_actual += actual[j1:j2]
                continue
            for want, got in zip(expected[i1:i2], actual[j1:j2]):
                blocks = difflib.SequenceMatcher(None, want, got, autojunk=False).get_matching_blocks()
                recovered += sum(1 for a, _, size in blocks for ch in want[a:a + size] if _marked(ch))
        if not left_expected or not left_actual or (left_expected, left_actual) == (expected, actual):
            break
        expected, actual = left_expected, left_actual
    return (recovered / total if total else 1.0), recovered, total


def measure(directory: Path = DEFAULT_DIR) -> dict[str, dict[str, float]]:
    results: dict[str, dict[str, float]] = {}
    for pdf in sorted(directory.glob("*.pdf")):
        transcript_path = pdf.with_suffix(".txt")
        if not transcript_path.exists():
            continue
        transcript = transcript_path.read_text(encoding="utf-8")
        lines = pdf_lines(pdf)
        font_text = by_font(lines)
        detected_text, repairs, encoding = fix_legacy_text(raw_text(lines))
        results[pdf.name] = {
            "by_font": diacritic_accuracy(transcript, font_text)[0],
            "by_detection": diacritic_accuracy(transcript, detected_text)[0],
            "by_font_nocase": diacritic_accuracy(transcript, font_text, fold_case=True)[0],
            "by_detection_nocase": diacritic_accuracy(transcript, detected_text, fold_case=True)[0],
            "marked_chars": diacritic_accuracy(transcript, font_text)[2],
            "detected": encoding or "none",
            "lines_repaired": len(repairs),
        }
    return results


def main(argv: list[str]) -> int:
    directory = Path(argv[1]) if len(argv) > 1 else DEFAULT_DIR
    start = time.perf_counter()
    results = measure(directory)
    for name, row in results.items():
        print(f"{name}: diacritic accuracy by font {row['by_font']:.4f}, by detection {row['by_detection']:.4f}"
              f" (case-folded {row['by_font_nocase']:.4f} / {row['by_detection_nocase']:.4f});"
              f" {row['marked_chars']} marked chars; detected {row['detected']}, {row['lines_repaired']} lines")
    if results:
        for key in ("by_font", "by_detection"):
            mean = sum(r[key] for r in results.values()) / len(results)
            print(f"mean {key}: {mean:.4f}")
    print(f"time: {time.perf_counter() - start:.2f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
