"""Lost-glyph repair: PDF font subsets that lost glyphs leave one space (or one private-use character) per lost
character: `c  quan` = cơ quan, `thủ t c` = thủ tục, `TH C HIỆN` = THỰC HIỆN, `III  ĐÁNH` = III. ĐÁNH.

Every space of a damaged line is either a word separator or a lost glyph; `normalize/gapfill.py` decodes one
line, filling each lost char from the letters and marks THIS document lost, scored by the syllable language
model (plus the document's own intact words). The document is solved jointly: a first pass with an open
alphabet (less open for letters the document shows intact as often as text uses them) finds which characters
are lost and how often; EM over lines splits those into two font runs, body and headings (bold heading fonts
lose their own letters, commas and dots); a second pass decodes every suspect line with both runs and keeps the
likelier. A private-use character is one unknown glyph with an identity: all its occurrences get the same
letter, chosen by the sum of the evidence over them. Text with no sign of damage is returned unchanged."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional, Sequence

import regex as re

from baocao.normalize import lm as lm_mod
from baocao.normalize.gapfill import (GAP, PUNCT, Filler, Lexicon, Prior, decode_line, fills, heading_like,
                               open_prior)
from baocao.normalize.pua import PUA, solve_pua
from baocao.normalize.syllable import LETTERS, fill_candidates, is_syllable
from baocao.schemas import Repair

_FRAGMENT = re.compile(r"(?<![\p{L}\p{M}\d/\-.&'(])[\p{Ll}\p{M}]{1,3}(?![\p{L}\p{M}\d/\-.&')])")
_BARE_FRAGMENT = re.compile(r"[\p{L}\p{M}]{1,3}")
_EDGE_MARKS = re.compile(r"^[^\p{L}\p{M}\d]+|[^\p{L}\p{M}\d]+$")
_LAST_LETTERS = re.compile(r"[\p{L}\p{M}]+$")
_FIRST_LETTERS = re.compile(r"^[\p{L}\p{M}]+")
FIRST_PASS_LINES = 150  # lines the first pass reads to learn the lost glyphs
HEADING_EXTRA_SPACES = math.log(1e-5)  # headings are short, hand-set lines: a double space there is a gap
HEADING_FOUND = 0.6  # share of a heading font's losses like those the first pass found
HEADING_SHARE = 0.5  # P(heading run) for a line that looks like a heading; other lines get HEADING_OTHER
HEADING_NEXT = 0.3  # ... for the line after a heading run
HEADING_OTHER = 0.02
HEADING_PUNCT = 0.15  # P(a lost heading glyph is a comma / a dot)
HEADING_RATE = 0.1  # heading fonts are small subsets: they lose many of their glyphs
_NEXT_FRAGMENT = re.compile(r" ([\p{Ll}\p{M}]{1,4})(?![\p{L}\p{M}\d])")
_DOUBLE = re.compile(r"\S  {1,2}\S")
_NUMBERED = re.compile(r"^\s*(?:\d+(?:\.\d+)*|[IVX]+)[.)]?\s+\p{Lu}")
MIN_EVIDENCE = 3  # fragments needed before a document is treated as damaged
MIN_EVIDENCE_SHARE = 0.002  # ... and at least this share of its words
RARE = 3.0  # LM count under which a short word alone is suspect
MIN_REPEATED_FILLS = 10  # first-pass fills by characters used 3+ times, needed to call the damage a lost font


@dataclass
class GlyphRepair:
    lines: list[str]
    repairs: list[Repair] = field(default_factory=list)
    lost: str = ""  # the characters found lost, most frequent first
    n_words: int = 0  # words repaired
    legend: dict[str, str] = field(default_factory=dict)  # private-use char → letter
    solution: Optional["GlyphSolution"] = field(default=None, repr=False)


def damage_evidence(lines: Sequence[str], limit: Optional[int] = None) -> int:
    """Count of the traces lost glyphs leave: a lower-case fragment that is no syllable (`c`, `nh`, `qu`) next to
    a space that, read as one lost letter, makes it one (`c t` → cắt, `qu  III` → quý), and private-use chars.
    Clean Vietnamese prose has next to none (list markers `b)` and units `m` do not qualify)."""
    found = 0
    for line in lines:
        found += len(PUA.findall(line))
        if limit is not None and found >= limit:
            return found
        for m in _FRAGMENT.finditer(line):
            frag = m.group(0)
            if is_syllable(frag):
                continue
            after, before = line[m.end():], line[:m.start()]
            nxt = _NEXT_FRAGMENT.match(after)
            if nxt and fill_candidates(frag + GAP + nxt.group(1)):
                found += 1
            elif after.startswith("  ") and fill_candidates(frag + GAP):
                found += 1
            elif before.endswith("  ") and fill_candidates(GAP + frag):
                found += 1
    return found


# ---------------------------------------------------------------- document

SHOWN_RATIO = 0.6  # a char shown intact this often (vs. expected) or more is taken as not lost in the body
SHOWN_FLOOR = 0.2  # not lower: the same letter may be lost in one run and intact in another
DOC_WEIGHT = 10.0  # a document's own intact words count this much (it repeats its terms)
_SUSPECT = re.compile(r"\S  +\S|^ +[\p{Ll}\p{M}]|[\p{L}\p{M}] +$")


@lru_cache(maxsize=4)
def _lexicon_for(model: lm_mod.SyllableLM) -> Lexicon:
    return Lexicon(model)


def _suspect_lines(lines: Sequence[str], model: lm_mod.SyllableLM) -> list[int]:
    """Lines that may hold a lost glyph: a double space, a space at an edge next to a letter, a word fragment
    (no syllable, or a syllable that running text hardly ever has alone: `gi a`, `dư i`)."""
    out = []
    for k, line in enumerate(lines):
        if _SUSPECT.search(line) or any(not is_syllable(m.group(0)) or model.uni.get(m.group(0), 0) < RARE
                                        for m in _FRAGMENT.finditer(line)):
            out.append(k)
    return out


def _document_counts(lines: Sequence[str], base: lm_mod.SyllableLM,
                     lexicon: Lexicon) -> tuple[dict[str, int], dict[str, int]]:
    """Counts of the document's words that show no damage: word fragments, the words next to them and the words
    next to a double space are left out, and so are pairs that one lost letter would join into a word
    (`dư i` = dưới), so the damage does not teach itself."""
    phrases = []
    for line in lines:
        words = line.strip().split(" ")
        cores = [_EDGE_MARKS.sub("", w) for w in words]
        bad = [not w or bool(_BARE_FRAGMENT.fullmatch(c))
               and (not is_syllable(c) or base.uni.get(c.lower(), 0) < RARE)
               for w, c in zip(words, cores)]
        for k in range(len(words) - 1):
            w, nxt = _LAST_LETTERS.search(words[k]), _FIRST_LETTERS.match(words[k + 1])
            if w and nxt and lexicon.match((w.group(0) + GAP + nxt.group(0)).lower()):
                bad[k] = bad[k + 1] = True
        phrase: list[str] = []
        for k, w in enumerate(words):
            if bad[k] or (k and bad[k - 1]) or (k + 1 < len(words) and bad[k + 1]):
                if phrase:
                    phrases.append(" ".join(phrase))
                phrase = []
            else:
                phrase.append(w)
        if phrase:
            phrases.append(" ".join(phrase))
    return lm_mod.count(phrases)


def _prior_from(counts: dict[str, float], rate: float) -> Prior:
    """A lost-glyph distribution from fill counts; chars barely used are dropped as the first pass's mistakes."""
    total = sum(counts.values())
    keep = {c: v for c, v in counts.items() if v >= max(1.5, 0.01 * total)}
    kept = sum(keep.values()) or 1.0
    logp = {c: math.log(v / kept) for c, v in keep.items()}
    return Prior(logp, math.log(0.5 / kept) - 1.0, math.log(rate))


@lru_cache(maxsize=4)
def _char_freq(model: lm_mod.SyllableLM) -> dict[str, float]:
    """How often running text uses each letter and punctuation mark (from the LM's unit counts; the shipped
    model's once per process, as its lexicon). Read only."""
    counts: dict[str, float] = {}
    for unit, c in model.uni.items():
        if unit.isalpha() or unit in PUNCT:
            for ch in unit.lower():
                counts[ch] = counts.get(ch, 0.0) + c
    keep = set(LETTERS) | set(PUNCT)
    counts = {ch: v for ch, v in counts.items() if ch in keep}
    total = sum(counts.values()) or 1.0
    return {ch: v / total for ch, v in counts.items()}


def _shown_intact(lines: Sequence[str], freq: dict[str, float]) -> dict[str, float]:
    """log factor per lower-case char: ~0 when the document shows it much less often than text uses it (its
    glyph may be lost), down to log SHOWN_FLOOR when it shows it as often as expected (its glyph is there)."""
    counts: dict[str, int] = {}
    n_letters = 0
    for line in lines:
        for ch in line:
            if ch.isalpha():
                counts[ch.lower()] = counts.get(ch.lower(), 0) + 1
                n_letters += 1
    out = {}
    for ch, f in freq.items():
        expected = f * n_letters
        if expected < 8 or not ch.isalpha():
            continue
        ratio = counts.get(ch, 0) / expected
        out[ch] = out[ch.upper()] = math.log(min(1.0, max(SHOWN_FLOOR, 1.0 - ratio / SHOWN_RATIO)))
    return out


def _font_runs(first: dict[int, tuple], lines: Sequence[str], n_spaces: int,
               freq: dict[str, float], shown: dict[str, float]) -> list[Prior]:
    """Split the first pass's fills into two font runs (body, headings) by EM over lines: a line's gaps come
    from one font, whose lost set differs from the other's (`ơ ụ ớ` in the body, `a đ , .` in bold headings)."""
    line_fills = {k: _fills_of(changed) for k, (_, changed, _) in first.items()}
    line_fills = {k: f for k, f in line_fills.items() if f}
    resp = {}
    for k, f in line_fills.items():
        marked = heading_like(lines[k]) or any(c in PUNCT or c.isupper() for c in f)
        resp[k] = 0.9 if marked else 0.1  # P(heading run)
    alphabet = {c for f in line_fills.values() for c in f}
    for _ in range(8):
        counts = [dict.fromkeys(alphabet, 0.05), dict.fromkeys(alphabet, 0.05)]
        for k, f in line_fills.items():
            for c in f:
                counts[0][c] += 1 - resp[k]
                counts[1][c] += resp[k]
        share = sum(resp.values()) / max(len(resp), 1)
        share = min(max(share, 0.02), 0.98)
        logs = []
        for part in counts:
            tot = sum(part.values())
            logs.append({c: math.log(v / tot) for c, v in part.items()})
        for k, f in line_fills.items():
            b = math.log(1 - share) + sum(logs[0][c] for c in f)
            h = math.log(share) + sum(logs[1][c] for c in f)
            resp[k] = 1 / (1 + math.exp(max(-50.0, min(50.0, b - h))))
    total = sum(len(f) for f in line_fills.values()) or 1
    rate = min(0.3, max(0.002, total / max(n_spaces, 1)))
    body = {c: v - 0.05 for c, v in counts[0].items()}
    heading = {c: v - 0.05 for c, v in counts[1].items()}
    # A bold heading font is a small subset that loses many glyphs, letters and punctuation the first pass
    # cannot see: beside what it found, any char may be lost, in proportion to how often text uses it.
    found = sum(heading.values()) + 0.3 * sum(body.values()) or 1.0
    logp = {}
    for c, f in freq.items():
        for variant in {c, c.upper()}:
            p = (heading.get(variant, 0.0) + 0.3 * body.get(variant, 0.0)) / found
            logp[variant] = math.log(HEADING_FOUND * p + (1 - HEADING_FOUND) * f)
    for c in PUNCT[:2]:  # bold heading fonts drop the commas and the dots after heading numbers
        logp[c] = max(logp.get(c, -30.0), math.log(HEADING_PUNCT))
    heading_prior = Prior(logp, math.log(1e-5), math.log(max(rate, HEADING_RATE)))
    heading_prior.extra_spaces = HEADING_EXTRA_SPACES
    body_prior = _prior_from(body, rate)
    for c in body_prior.logp:
        body_prior.logp[c] += shown.get(c, 0.0)
    return [body_prior, heading_prior]


def _fills_of(changed: list[tuple[str, str]]) -> list[str]:
    return [ch for template, filled in changed for ch in fills(template, filled)]


def _previous_text_line(lines: Sequence[str], k: int) -> int:
    k -= 1
    while k >= 0 and not lines[k].strip():
        k -= 1
    return k


def _consistent(counts: dict[str, float]) -> bool:
    """A font that lost glyphs loses the same few characters again and again; fills spread thinly over many
    characters are noise the first pass explained away."""
    repeated = sum(v for v in counts.values() if v >= 3)
    return repeated >= MIN_REPEATED_FILLS and repeated >= 0.6 * sum(counts.values())


def _count_fills(decoded: dict[int, tuple[str, list]]) -> dict[str, float]:
    counts: dict[str, float] = {}
    for _, changed, _ in decoded.values():
        for template, filled in changed:
            for ch in fills(template, filled):
                counts[ch] = counts.get(ch, 0) + 1
    return counts


@dataclass
class GlyphSolution:
    """What a document's repair learned, to apply to more text of the same document (table cells)."""
    legend: dict[str, str]
    body: Optional[Filler] = None
    heading: Optional[Filler] = None


def _apply(work: list[str], targets: Sequence[int], solution: GlyphSolution,
           lost_counts: dict[str, float]) -> int:
    """Decode the target lines in place with the document's two font runs; returns words repaired."""
    n_words = 0
    previous_heading = -2
    for k in targets:
        # a heading run: a line that looks like one, or the next line of a heading run (wrapped heading)
        if heading_like(work[k]) or _NUMBERED.match(work[k]):
            share = HEADING_SHARE
        elif previous_heading == _previous_text_line(work, k):
            share = HEADING_NEXT
        else:
            share = HEADING_OTHER
        before, after = _context(work, k)
        text, changed, score = decode_line(work[k], solution.body, before, after)
        if share != HEADING_OTHER or _unexplained(text):  # else nothing a heading font explains better
            h_text, h_changed, h_score = decode_line(work[k], solution.heading, before, after)
            if h_score + math.log(share) > score + math.log(1 - share):
                text, changed = h_text, h_changed
                previous_heading = k
        if text != work[k]:
            work[k] = text
            n_words += len(changed)
            for ch in _fills_of(changed):
                lost_counts[ch] = lost_counts.get(ch, 0) + 1
    return n_words


def _has_fragment(line: str) -> bool:
    return any(not is_syllable(m.group(0)) for m in _FRAGMENT.finditer(line))


def _unexplained(line: str) -> bool:
    """A double space or a word fragment the body font's reading left."""
    return bool(_DOUBLE.search(line)) or _has_fragment(line)


def _context(lines: Sequence[str], k: int) -> tuple[Optional[str], Optional[str]]:
    """Last LM unit of the previous text line and first of the next (the words a wrapped sentence continues)."""
    p = _previous_text_line(lines, k)
    before = lm_mod.units(lines[p][-40:]) if p >= 0 else []
    q = k + 1
    while q < len(lines) and not lines[q].strip():
        q += 1
    after = lm_mod.units(lines[q][:40]) if q < len(lines) else []
    ok = (lambda u: u.isalpha() and is_syllable(u))
    return (before[-1] if before and ok(before[-1]) and lines[p].rstrip()[-1:].isalpha() else None,
            after[0] if after and ok(after[0]) and lines[q].lstrip()[:1].isalpha() else None)


def _substitute(work: list[str], legend: dict[str, str]) -> int:
    n_words = 0
    for k, line in enumerate(work):
        if PUA.search(line):
            n_words += sum(1 for t in line.split() if PUA.search(t))
            work[k] = PUA.sub(lambda m: legend.get(m.group(0), m.group(0)), line)
    return n_words


def repair_glyphs(lines: Sequence[str], model: Optional[lm_mod.SyllableLM] = None) -> GlyphRepair:
    """Fill the glyphs a document's fonts lost; same number of lines; undamaged documents come back unchanged."""
    original = list(lines)
    work = list(lines)
    result = GlyphRepair(lines=work)
    has_pua = any(PUA.search(line) for line in work)
    # a few stray fragments (OCR noise, a typo) are no lost font: ask for a share of the words too
    needed = max(MIN_EVIDENCE, int(MIN_EVIDENCE_SHARE * sum(len(line.split()) for line in work)))
    evidence = damage_evidence(work, needed)
    if evidence < needed and not has_pua:
        return result
    base = model or lm_mod.load()
    lexicon = _lexicon_for(base)
    model = base.adapted(*_document_counts(work, base, lexicon), DOC_WEIGHT)
    lost_counts: dict[str, float] = {}
    solution = GlyphSolution(legend={})
    if has_pua:
        solution.legend = solve_pua(work, model, lexicon)
        result.n_words += _substitute(work, solution.legend)
        for ch, letter in solution.legend.items():
            lost_counts[letter] = lost_counts.get(letter, 0) + sum(line.count(ch) for line in original)
    if (damage_evidence(work, needed) if has_pua else evidence) >= needed:
        targets = _suspect_lines(work, model)
        # the first pass only learns which glyphs are lost: a spread sample of the damaged lines is enough
        sample = [k for k in targets if _has_fragment(work[k])] or targets
        if len(sample) > FIRST_PASS_LINES:
            step = len(sample) / FIRST_PASS_LINES
            sample = [sample[int(i * step)] for i in range(FIRST_PASS_LINES)]
        freq = _char_freq(base)
        shown = _shown_intact(work, freq)
        first = {k: decode_line(work[k], Filler(model, lexicon, open_prior(shown))) for k in sample}
        n_spaces = sum(work[k].count(" ") for k in sample)
        if not _consistent(_count_fills(first)):
            first = {}  # scattered one-off fills: split words (OCR), typos; no font lost glyphs here
        if first:
            solution.body, solution.heading = (Filler(model, lexicon, prior)
                                               for prior in _font_runs(first, work, n_spaces, freq, shown))
            result.n_words += _apply(work, targets, solution, lost_counts)
    for k, (before, after) in enumerate(zip(original, work)):
        if before != after:
            result.repairs.append(Repair(line=k, kind="glyph", before=before, after=after))
    result.lost = "".join(sorted(lost_counts, key=lambda c: -lost_counts[c]))
    result.legend = solution.legend
    result.solution = solution
    return result


def apply_solution(texts: Sequence[str], solution: Optional[GlyphSolution]) -> list[str]:
    """The same repair on more text of the same document (cells of its tables): the private-use legend and the
    two font runs' lost glyphs, without learning anything new."""
    work = list(texts)
    if solution is None:
        return work
    if solution.legend:
        _substitute(work, solution.legend)
    if solution.body is not None and solution.heading is not None:
        # a cell comes trimmed: a lost glyph at its edge lost its space too; give a fragment there its space back
        model = solution.body.model
        pads = []
        for k, text in enumerate(work):
            first, last = _FIRST_LETTERS.match(text), _LAST_LETTERS.search(text)
            lead = bool(first) and first.end() < len(text) and _odd_word(first.group(0), model)
            trail = bool(last) and last.start() > 0 and _odd_word(last.group(0), model)
            pads.append((lead, trail))
            work[k] = (" " if lead else "") + text + (" " if trail else "")
        _apply(work, _suspect_lines(work, model), solution, {})
        for k, (lead, trail) in enumerate(pads):
            text = work[k]
            if lead and text.startswith(" "):
                text = text[1:]
            if trail and text.endswith(" "):
                text = text[:-1]
            work[k] = text
    return work


def _odd_word(word: str, model: lm_mod.SyllableLM) -> bool:
    """A short word no syllable, or one running text hardly has alone: the trace of a lost glyph."""
    return len(word) <= 3 and (not is_syllable(word) or model.uni.get(word.lower(), 0) < RARE)
