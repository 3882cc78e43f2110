"""The legacy corpus benchmark: what `baocao text` recovers of real TCVN3 / VNI government files (.doc .rtf .xls
.ppt .pdf) against their transcripts, per file and per format, with the time per file.

    python3 bench/bench_corpus.py [--part dev|held|all] [--corpus DIR] [--show NAME] [--json OUT]

DIR (default /work/shared/legacy-corpus) holds docs/ and truth/<stem>.txt. The files are split once, by a fixed
rule (per suffix, ordered by the SHA-256 of the file name, alternately `dev` and `held`), so rules can be
developed on `dev` and measured on `held`, the half not looked at.

Metric, as the corpus's METRIC.md pins it: both sides NFC, whitespace runs folded to one space, nothing else
(case counts).
- diacritic accuracy: of the transcript's characters that carry a diacritic (decompose under NFD with a
  combining mark, or đ/Đ), the share found exactly at the aligned position; the alignment is made on both sides
  reduced to base letters, so a wrong diacritic does not move it;
- character accuracy: matched characters of an alignment of the two texts / transcript length;
- syllable accuracy: whitespace tokens of the transcript matched exactly by an alignment of the token sequences.
The alignments are longest common subsequences (rapidfuzz's Indel opcodes, exact and fast on 250 KB texts) where
the corpus harness uses difflib's matcher, which finds the same or fewer matches.
Reference (the corpus README): viparse 0.1.9 end to end, 0.987 diacritic accuracy over 42 TCVN3 documents, 0.234
over 2 VNI documents.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

from rapidfuzz.distance import Indel

from baocao.pipeline import read_text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_legacy import _marked as marked  # noqa: E402  the same denominator: diacritic-bearing or đ/Đ

DEFAULT_CORPUS = Path("/work/shared/legacy-corpus")
REFERENCE = {"tcvn3": 0.987, "vni": 0.234}  # viparse 0.1.9, published with the corpus
FLOOR = 0.95  # no file below this diacritic accuracy (issue 10)


def split(names: list[str]) -> dict[str, str]:
    """name → "dev" / "held": per suffix, by SHA-256 of the name, alternately."""
    groups: dict[str, list[str]] = defaultdict(list)
    for name in names:
        groups[Path(name).suffix.lower()].append(name)
    part = {}
    for members in groups.values():
        members.sort(key=lambda n: hashlib.sha256(n.encode()).hexdigest())
        for k, name in enumerate(members):
            part[name] = "dev" if k % 2 == 0 else "held"
    return part


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _base(ch: str) -> str:
    if ch in "đĐ":
        return "d" if ch == "đ" else "D"
    plain = "".join(c for c in unicodedata.normalize("NFD", ch) if unicodedata.category(c) != "Mn")
    return plain[:1] or ch  # one character per character, so positions stay aligned


def _matched(source, target) -> list[tuple[int, int, int]]:
    """(source start, target start, length) of the equal blocks of a longest common subsequence."""
    return [(op.src_start, op.dest_start, op.src_end - op.src_start)
            for op in Indel.opcodes(source, target) if op.tag == "equal"]


def scores(transcript: str, output: str) -> dict[str, float]:
    truth, got = _fold(transcript), _fold(output)
    truth_base = "".join(_base(ch) for ch in truth)
    got_base = "".join(_base(ch) for ch in got)
    total = sum(1 for ch in truth if marked(ch))
    right = sum(1 for i, j, n in _matched(truth_base, got_base) for k in range(n)
                if marked(truth[i + k]) and truth[i + k] == got[j + k])
    chars = sum(n for _, _, n in _matched(truth, got))
    truth_tokens, got_tokens = truth.split(), got.split()
    syllables = sum(n for _, _, n in _matched(truth_tokens, got_tokens))
    return {"diacritic": right / total if total else 1.0, "char": chars / len(truth) if truth else 1.0,
            "syllable": syllables / len(truth_tokens) if truth_tokens else 1.0, "marked": total}


def misses(transcript: str, output: str, context: int = 12) -> list[str]:
    """Each transcript diacritic not recovered, in context: `…transcript… | …output…`."""
    truth, got = _fold(transcript), _fold(output)
    truth_base = "".join(_base(ch) for ch in truth)
    got_base = "".join(_base(ch) for ch in got)
    found: dict[int, int] = {}
    for i, j, n in _matched(truth_base, got_base):
        for k in range(n):
            found[i + k] = j + k
    out = []
    for i, ch in enumerate(truth):
        if marked(ch) and (i not in found or got[found[i]] != ch):
            j = found.get(i)
            where = got[max(0, j - context):j + context] if j is not None else "(not aligned)"
            out.append(f"{truth[max(0, i - context):i + context]!r:40} | {where!r}")
    return out


def _printed(source, text) -> str:
    """What `baocao text` prints (without its form feeds)."""
    return "\n".join(line for _, line in source.printed(text.lines))


def measure(corpus: Path, part: str) -> list[dict]:
    docs = sorted(p for p in (corpus / "docs").iterdir() if p.is_file())
    parts = split([p.name for p in docs])
    results = []
    for doc in docs:
        if part != "all" and parts[doc.name] != part:
            continue
        truth = corpus / "truth" / f"{doc.stem}.txt"
        if not truth.exists():
            continue
        start = time.perf_counter()
        try:
            source, text = read_text(doc)
            output, error = _printed(source, text), None
            encoding = text.encoding or source.encoding or "none"
        except Exception as exc:  # a failure is counted, not dropped (METRIC.md)
            output, error, encoding = "", f"{type(exc).__name__}: {exc}", "failed"
        seconds = time.perf_counter() - start
        row = {"file": doc.name, "part": parts[doc.name], "format": doc.suffix.lower().lstrip("."),
               "encoding": encoding, "seconds": seconds, "error": error,
               **scores(truth.read_text(encoding="utf-8"), output)}
        results.append(row)
    return results


def _summary(label: str, rows: list[dict]) -> str:
    if not rows:
        return f"{label}: no files"
    diacritic = [r["diacritic"] for r in rows]
    return (f"{label}: {len(rows)} files, diacritic {statistics.mean(diacritic):.4f} (min {min(diacritic):.4f}), "
            f"char {statistics.mean(r['char'] for r in rows):.4f}, "
            f"syllable {statistics.mean(r['syllable'] for r in rows):.4f}, "
            f"{statistics.mean(r['seconds'] for r in rows):.1f} s/file")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--part", choices=("dev", "held", "all"), default="dev")
    parser.add_argument("--show", help="print the `baocao text` output of this corpus file (to read it)")
    parser.add_argument("--misses", help="list the diacritics this file's output misses, in context")
    parser.add_argument("--json", type=Path, help="write the per-file figures here")
    args = parser.parse_args(argv[1:])
    if args.show:
        source, text = read_text(args.corpus / "docs" / args.show)
        sys.stdout.write(_printed(source, text) + "\n")
        return 0
    if args.misses:
        doc = args.corpus / "docs" / args.misses
        source, text = read_text(doc)
        truth = (args.corpus / "truth" / f"{doc.stem}.txt").read_text(encoding="utf-8")
        for line in misses(truth, _printed(source, text)):
            print(line)
        return 0
    results = measure(args.corpus, args.part)
    for r in results:
        flag = "  <-- below floor" if r["diacritic"] < FLOOR else ""
        print(f"{r['file']:<48} {r['part']:<4} {r['format']:<4} {r['encoding']:<6} diacritic {r['diacritic']:.4f}"
              f"  char {r['char']:.4f}  syllable {r['syllable']:.4f}  {r['seconds']:5.1f} s"
              f"{'  ' + r['error'] if r['error'] else ''}{flag}")
    print()
    for fmt in sorted({r["format"] for r in results}):
        print(_summary(f"format {fmt}", [r for r in results if r["format"] == fmt]))
    for enc in sorted({r["encoding"] for r in results}):
        reference = f" (reference viparse {REFERENCE[enc]:.3f})" if enc in REFERENCE else ""
        print(_summary(f"encoding {enc}", [r for r in results if r["encoding"] == enc]) + reference)
    for name in ("dev", "held"):
        if any(r["part"] == name for r in results):
            print(_summary(f"part {name}", [r for r in results if r["part"] == name]))
    print(_summary("all measured", results))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
