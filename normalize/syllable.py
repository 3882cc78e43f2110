"""Vietnamese syllable grammar: onset + rhyme + tone, used to tell real syllables from fragments of damaged words
and to list the letters that could fill a gap in a syllable.

A syllable is written [onset][rhyme] with one tone mark on the vowel; the rhyme is [medial][nucleus][coda].
Rules encoded here (standard Quốc ngữ orthography):
- stop codas c/ch/p/t only take sắc or nặng;
- k/gh/ngh only before i, e, ê (and k before y); c/g/ng never before them;
- `qu` is one onset (the u is its medial), `gi` is one onset before another vowel.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

TONES = {"": "ngang", "\u0300": "huyền", "\u0301": "sắc", "\u0303": "ngã", "\u0309": "hỏi", "\u0323": "nặng"}
_TONE_OF_MARK = {mark: name for mark, name in TONES.items() if mark}

ONSETS = ("", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh", "p",
          "ph", "qu", "r", "s", "t", "th", "tr", "v", "x")

# Rhymes by nucleus (without medial); codas a nucleus can take. Written as grammar, not as a word list.
_PLAIN_RHYMES = """
a ac ach ai am an ang anh ao ap at au ay
ăc ăm ăn ăng ăp ăt
âc âm ân âng âp ât âu ây
e ec em en eng eo ep et
ê êch êm ên êng ênh êp êt êu
i ia ich im in inh ip it iu
iêc iêm iên iêng iêp iêt iêu
y yêm yên yêng yêt yêu
o oc oi om on ong op ot oong ooc
ô ôc ôi ôm ôn ông ôp ôt
ơ ơi ơm ơn ơp ơt
u uc ui um un ung up ut ua uôc uôi uôm uôn uông uôt
ư ưc ưi ưm ưn ưng ưt ưu ưa ươc ươi ươm ươn ương ươp ươt ươu
""".split()
# Medial o (before a, ă, e) and medial u (before â, ê, y, ơ).
_MEDIAL_RHYMES = """
oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt oe oen oeo oet
uâ uân uâng uât uây uê uêch uênh uêt uy uych uyn uynh uyp uyt uyu uya uyên uyêt uơ
""".split()
RHYMES = frozenset(_PLAIN_RHYMES) | frozenset(_MEDIAL_RHYMES)
STOP_CODAS = ("c", "ch", "p", "t")
_FRONT = ("i", "e", "ê", "y")

VOWELS = frozenset("aăâeêioôơuưy")


def split_tone(syllable: str) -> tuple[str, str]:
    """(`toneless lower-case syllable`, tone name) of one syllable; `Quyết` → (`quyêt`, `sắc`)."""
    decomposed = unicodedata.normalize("NFD", syllable.lower())
    tone = "ngang"
    kept = []
    for ch in decomposed:
        if ch in _TONE_OF_MARK:
            if tone != "ngang":  # two tone marks: not a syllable
                return "", "?"
            tone = _TONE_OF_MARK[ch]
        else:
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)), tone


def _onset_fits(onset: str, rhyme: str) -> bool:
    first = rhyme[0]
    if onset in ("k", "gh", "ngh"):
        return first in _FRONT and not (onset != "k" and first == "y")
    if onset in ("c", "g", "ng") and first in _FRONT:
        return onset == "g" and first == "i"  # gì, gìn: g + i-rhyme
    if onset == "qu":
        return not rhyme.startswith(("u", "o"))  # the u is already the medial
    if onset == "gi" and first == "i":
        return False  # written g + i
    if first == "o" and rhyme.startswith(("oa", "oă", "oe")) and onset in ("b", "m", "p", "ph", "v"):
        return rhyme in ("oa", "oe", "oong", "ooc") or onset == "ph" and rhyme == "oa"
    return True


def _case_ok(word: str) -> bool:
    """lower, Title or UPPER: `viÖt`, `TOàN` are nobody's spelling (legacy-font mojibake)."""
    return word.islower() or word.isupper() or (word[0].isupper() and (len(word) == 1 or word[1:].islower()))


def _toned_vowel(word: str) -> bool:
    """The tone mark sits on a vowel (`ñ` is n + tilde, not a toned syllable)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    for i, ch in enumerate(decomposed):
        if ch in _TONE_OF_MARK:
            base = next((c for c in reversed(decomposed[:i]) if not unicodedata.combining(c)), "")
            if not base or base not in "aeiouy":
                return False
    return True


def has_vowel(word: str) -> bool:
    base, _ = split_tone(word)
    return any(ch in VOWELS for ch in base)


@lru_cache(maxsize=200_000)
def is_syllable(word: str) -> bool:
    """True when `word` (lower, Title or UPPER case, NFC) is a well-formed Vietnamese syllable."""
    if not word or len(word) > 8 or not _case_ok(word) or not _toned_vowel(word):
        return False
    base, tone = split_tone(word)
    if tone == "?" or not base or not any(ch in VOWELS for ch in base):
        return False
    for onset in ONSETS:
        if not base.startswith(onset):
            continue
        rhyme = base[len(onset):]
        if not rhyme or not (rhyme in RHYMES or onset == "qu" and "u" + rhyme in RHYMES) \
                or not _onset_fits(onset, rhyme):
            continue
        if rhyme.endswith(STOP_CODAS) and tone not in ("sắc", "nặng"):
            continue
        return True
    return False


def is_prefix(fragment: str) -> bool:
    """True when `fragment` could begin a syllable (used to spot cut words)."""
    base, tone = split_tone(fragment)
    if tone == "?":
        return False
    for onset in ONSETS:
        if onset.startswith(base):
            return True
        if base.startswith(onset) and any(r.startswith(base[len(onset):]) for r in RHYMES):
            return True
    return False


def _alphabet() -> tuple[str, ...]:
    letters = []
    for base in "aăâeêioôơuưy":
        for mark in TONES:
            letters.append(unicodedata.normalize("NFC", base + mark))
    letters.extend("bcdđghklmnpqrstvx")
    return tuple(letters)


LETTERS = _alphabet()  # lower-case letters of Vietnamese, every vowel with every tone


def fill_candidates(pattern: str, gap: str = "?", alphabet=LETTERS) -> list[str]:
    """Every well-formed syllable that `pattern` becomes when each `gap` is filled with a letter of `alphabet`
    (`c?t` → cát, cắt, cất, ...). Case follows the letters around the gap."""
    slots = [k for k, ch in enumerate(pattern) if ch == gap]
    if not slots or len(slots) > 2:
        return []
    upper = any(ch.isupper() for ch in pattern) and not any(ch.islower() for ch in pattern)
    found = []

    def rec(chars: list[str], depth: int) -> None:
        if depth == len(slots):
            word = "".join(chars)
            if is_syllable(word):
                found.append(word)
            return
        for letter in alphabet:
            chars[slots[depth]] = letter.upper() if upper else letter
            rec(chars, depth + 1)

    rec(list(pattern), 0)
    return found
