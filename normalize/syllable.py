"""Is this word a Vietnamese syllable? The test that tells real Vietnamese from legacy-font mojibake.

Vietnamese writes one syllable per word, and its syllables follow a closed pattern: an optional initial
consonant, a rhyme from a short list, at most one tone mark, and only the sắc/nặng tones before a stop final
(-c -ch -p -t). Text read through the wrong code page almost never lands on that pattern (`B¸o`, `nh©n`,
`Bỏo`, `viÖt`), while real words always do. The rhyme list is the standard inventory of Vietnamese rhymes
(a fact of the language), kept slightly permissive: a missed rare rhyme only makes a word "not evidence".
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex as re

TONES = {"\u0300": "huyền", "\u0301": "sắc", "\u0303": "ngã", "\u0309": "hỏi", "\u0323": "nặng"}
_STOP_TONES = {"\u0301", "\u0323"}

_ONSETS = ("ngh", "ng", "gh", "gi", "kh", "nh", "ph", "th", "tr", "ch", "qu",
           "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "")

_RHYMES = frozenset("""
a ai ao au ay ac ach am an ang anh ap at
ăc ăm ăn ăng ăp ăt
âc âm ân âng âp ât âu ây
e eo ec em en eng ep et
ê êu êch êm ên êng ênh êp êt
i ia iu ich im in inh ip it
iêc iêm iên iêng iêp iêt iêu
y yêm yên yêng yêt yêu ych ynh yt
o oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt
oc oe oen oeo oet oi om on ong op ot oong ooc
ô ôc ôi ôm ôn ông ôp ôt
ơ ơi ơm ơn ơp ơt
u ua uân uâng uât uây uê uêch uênh uy uya uych uyên uyêt uynh uyt uyu
uc ui um un ung up ut uôc uôi uôm uôn uông uôt uơ
ư ưa ưi ưu ưc ưng ưt ưm ưn ươ ươc ươi ươm ươn ương ươp ươt ươu
""".split())

_STOP_FINAL = re.compile(r"(?:c|ch|p|t)$")
_VOWEL = re.compile(r"[aăâeêioôơuưy]")


@lru_cache(maxsize=65536)
def split_tone(word: str) -> tuple[str, list[str]]:
    """(word without tone marks, NFC; the tone marks found)."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = [ch for ch in decomposed if ch in TONES]
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in TONES))
    return bare, tones


def _case_ok(word: str) -> bool:
    """lower, Title or UPPER; `viÖt`, `TOàN` are not how anyone writes."""
    return word.islower() or word.isupper() or (word[0].isupper() and (len(word) == 1 or word[1:].islower()))


@lru_cache(maxsize=65536)
def is_syllable(word: str) -> bool:
    """True when `word` (letters only) is a well-formed Vietnamese syllable."""
    if not word or not _case_ok(word):
        return False
    bare, tones = split_tone(word.lower())
    if len(tones) > 1 or (tones and not _toned_vowel(word.lower())):
        return False
    for onset in _ONSETS:
        if not bare.startswith(onset):
            continue
        rhyme = bare[len(onset):]
        if onset == "gi" and (rhyme == "" or rhyme[0] not in "iy"):  # gì = g+i; gia = gi+a
            rhyme = rhyme or "i"
        if rhyme in _RHYMES:
            if _STOP_FINAL.search(rhyme) and (not tones or tones[0] not in _STOP_TONES):
                continue
            return True
    return False


def _toned_vowel(word: str) -> bool:
    """The tone mark sits on a vowel (`ñ` is n + tilde, not a toned syllable)."""
    decomposed = unicodedata.normalize("NFD", word)
    for i, ch in enumerate(decomposed):
        if ch in TONES:
            base = next((c for c in reversed(decomposed[:i]) if not unicodedata.combining(c)), "")
            if base not in "aeiouy" or not base:
                return False
    return True


def has_vowel(word: str) -> bool:
    bare, _ = split_tone(word.lower())
    return bool(_VOWEL.search(bare))
