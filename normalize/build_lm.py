"""Build the syllable language model shipped as `normalize/data/syllable_lm.json.gz` (run offline, rarely).

    python3 -m baocao.normalize.build_lm [--out PATH]

Sources (facts from packages, not code):
- word lists (no frequencies; each word gives its syllables and adjacent syllable pairs one count):
  underthesea `corpus/data/Viet74K.txt` (Apache-2.0) and pyvi `models/words.txt` (MIT), read from their wheels
  fetched with `pip download --no-deps` (not installed); Debian `hunspell-vi` `/usr/share/hunspell/vi_VN.dic`
  (`apt-get install hunspell-vi`); the word list inside Tesseract's `vie.traineddata` (`combine_tessdata -u`
  + `dawg2wordlist`, from tesseract-ocr-vie);
- running text for frequencies: the clean seed reports in `samples/` (every seed with no lost glyph), the
  hand-checked legacy transcripts in `shared/legacy-tcvn3/*.txt`, and the running text of underthesea's POS test
  output (VLSP 2013, Apache-2.0).
Each corpus is kept as its own source so a measurement can leave one out (`lm.load(exclude=(name,))`)."""
from __future__ import annotations

import argparse
import glob
import gzip
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import regex as re

ROOT = Path(__file__).resolve().parent.parent

from baocao.normalize.lm import DATA, count  # noqa: E402
from baocao.normalize.text import nfc  # noqa: E402

WHEELS = {"underthesea": "underthesea==9.5.0", "pyvi": "pyvi==0.1.1"}
_WORD = re.compile(r"^[\p{L} ]+$")


def _wheel(name: str, cache: Path) -> Path:
    found = sorted(cache.glob(f"{name}-*.whl"))
    if not found:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(cache),
                        WHEELS[name]], check=True)
        found = sorted(cache.glob(f"{name}-*.whl"))
    return found[-1]


def _read_member(wheel: Path, member: str) -> str:
    with zipfile.ZipFile(wheel) as zf:
        return zf.read(member).decode("utf-8", "replace")


def tesseract_words() -> list[str]:
    traineddata = sorted(glob.glob("/usr/share/tesseract-ocr/*/tessdata/vie.traineddata"))
    if not traineddata:
        print("warning: vie.traineddata not found; skipping Tesseract word list", file=sys.stderr)
        return []
    with tempfile.TemporaryDirectory() as tmp:
        prefix = str(Path(tmp) / "vie.")
        subprocess.run(["combine_tessdata", "-u", traineddata[-1], prefix], check=True, capture_output=True)
        out = Path(tmp) / "words.txt"
        subprocess.run(["dawg2wordlist", prefix + "lstm-unicharset", prefix + "lstm-word-dawg", str(out)],
                       check=True, capture_output=True)
        return out.read_text(encoding="utf-8").split("\n")


def hunspell_words() -> list[str]:
    path = Path("/usr/share/hunspell/vi_VN.dic")
    if not path.exists():
        print("warning: hunspell-vi not installed; skipping its word list", file=sys.stderr)
        return []
    lines = path.read_text(encoding="utf-8").split("\n")[1:]
    return [line.split("/", 1)[0] for line in lines]


def lexicon(words: list[str]) -> dict:
    """A word list as counts: every entry one count for each syllable and each adjacent pair."""
    kept = [nfc(w.strip()) for w in words if w.strip() and _WORD.match(nfc(w.strip()))]
    uni, bi = count(kept)
    return {"kind": "lexicon", "uni": uni, "bi": bi}


def vlsp_sentences(text: str) -> list[str]:
    """Running text of a CoNLL-style file: first column, sentences separated by blank lines."""
    sentences, current = [], []
    for line in text.split("\n"):
        if not line.strip():
            if current:
                sentences.append(" ".join(current))
                current = []
            continue
        current.append(line.split("\t", 1)[0])
    if current:
        sentences.append(" ".join(current))
    return sentences


def corpus(lines: list[str]) -> dict:
    uni, bi = count(nfc(line) for line in lines)
    return {"kind": "corpus", "uni": uni, "bi": bi}


def clean_seeds() -> dict[str, list[str]]:
    """Seeds with no lost glyphs (a damaged seed would teach the model its fragments)."""
    from baocao.normalize.glyphs import damage_evidence  # the detector decides, not a list of file names
    found = {}
    for path in sorted((ROOT / "samples").glob("*.txt")):
        lines = nfc(path.read_text(encoding="utf-8")).split("\n")
        if damage_evidence(lines) > 0:
            print(f"skip damaged seed {path.name}", file=sys.stderr)
            continue
        found["seed:" + path.stem.split("_", 1)[0]] = lines
    return found


def build(cache: Path, shared: Path) -> dict:
    sources: dict[str, dict] = {}
    ut = _wheel("underthesea", cache)
    sources["lex:viet74k"] = lexicon(_read_member(ut, "underthesea/corpus/data/Viet74K.txt").split("\n"))
    sources["lex:pyvi"] = lexicon(_read_member(_wheel("pyvi", cache), "pyvi/models/words.txt").split("\n"))
    sources["lex:hunspell"] = lexicon(hunspell_words())
    sources["lex:tesseract"] = lexicon(tesseract_words())
    vlsp = _read_member(ut, "underthesea/pipeline/pos_tag/models/pos_crf_vlsp2013_20230303/test_output.txt")
    sources["text:vlsp"] = corpus(vlsp_sentences(vlsp))
    for name, lines in clean_seeds().items():
        sources[name] = corpus(lines)
    for path in sorted((shared / "legacy-tcvn3").glob("*.txt")):
        sources["text:" + path.stem] = corpus(path.read_text(encoding="utf-8").split("\n"))
    return {"version": 1, "sources": sources}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=str(DATA))
    parser.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "baocao-wordlists"))
    parser.add_argument("--shared", default=str(ROOT.parent.parent / "shared"), help="the shared/ folder")
    args = parser.parse_args(argv)
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    shared = Path(args.shared)
    if not (shared / "legacy-tcvn3").exists():
        shared = Path("/work/shared")
    model = build(cache, shared)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as fh:
        json.dump(model, fh, ensure_ascii=False, separators=(",", ":"))
    for name, part in model["sources"].items():
        print(f"{name}: {len(part['uni'])} units, {len(part['bi'])} pairs", file=sys.stderr)
    print(f"wrote {out} ({out.stat().st_size // 1024} KB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
