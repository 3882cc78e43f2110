"""An indicator's wording as the matcher compares it: an abbreviation and its long form made one word (`TTHC` =
`thủ tục hành chính` → `tthc`), synonyms made one, punctuation and parentheses set aside, tone marks kept (and
dropped for a second, looser view)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Optional

import regex as re
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from baocao.catalog.catalogue import Catalogue
from baocao.normalize.text import canon, strip_accents

_PARENS = re.compile(r"\([^()]*\)|\([^()]*$")
_NOT_WORD = re.compile(r"[^\p{L}\p{M}\p{N}%]+")
# an unknown word this long or longer may be a misspelling of a known one (`VBQPPPL`, `banh`, `tình`)
FUZZY_MIN_LENGTH = 4


@dataclass(frozen=True)
class Wording:
    """Tokens of one wording: `full` with its parentheses' words, `core` without them; each also without tone
    marks (`*_bare`)."""

    full: tuple[str, ...]
    core: tuple[str, ...]
    full_bare: tuple[str, ...]
    core_bare: tuple[str, ...]


@lru_cache(maxsize=50000)
def _bare_token(token: str) -> str:
    return strip_accents(token)


def _bare(tokens: Iterable[str]) -> tuple[str, ...]:
    return tuple(_bare_token(t) for t in tokens)


class Normaliser:
    def __init__(self, catalogue: Catalogue):
        phrases: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
        # one word for an abbreviation, so a long form's five words do not outweigh the rest of a wording
        for short, long in catalogue.abbreviations.items():
            words = tuple(self._split(long))
            phrases.setdefault(words[0], []).append((words, (canon(short),)))
        for group in catalogue.synonyms:
            target = tuple(self._split(group[0]))
            for member in group[1:]:
                words = tuple(self._split(member))
                phrases.setdefault(words[0], []).append((words, target))
        for options in phrases.values():
            options.sort(key=lambda item: -len(item[0]))
        self.synonyms = phrases
        vocabulary = {canon(short) for short in catalogue.abbreviations}
        texts = [*catalogue.abbreviations.values(), *(w for group in catalogue.synonyms for w in group),
                 *(w for b in catalogue.breakdowns.values() for w in b.words), *catalogue.fillers]
        for entry in [*catalogue.indicators.values(), *catalogue.sections.values()]:
            texts.extend(entry.texts)
        for text in texts:
            vocabulary.update(self._split(text))
        self.vocabulary = sorted(vocabulary)
        self._known = set(vocabulary)
        self.wording = lru_cache(maxsize=50000)(self._wording)  # type: ignore[method-assign]

    @staticmethod
    def _split(text: str) -> list[str]:
        return _NOT_WORD.sub(" ", canon(text.replace("**", ""))).split()

    def _respell(self, token: str) -> str:
        """A word no catalogue text has, within one edit of one that some text has: read as that word."""
        if token in self._known or len(token) < FUZZY_MIN_LENGTH or token.isdigit():
            return token
        return _nearest(self, token) or token

    def _unify(self, tokens: tuple[str, ...]) -> tuple[str, ...]:
        out: list[str] = []
        k = 0
        while k < len(tokens):
            for words, target in self.synonyms.get(tokens[k], ()):
                if tokens[k:k + len(words)] == words:
                    out.extend(target)
                    k += len(words)
                    break
            else:
                out.append(tokens[k])
                k += 1
        return tuple(out)

    def tokens(self, text: str) -> tuple[str, ...]:
        return self._unify(tuple(self._respell(t) for t in self._split(text)))

    def _wording(self, text: str) -> Wording:
        full = self.tokens(text)
        core = self.tokens(_PARENS.sub(" ", text)) or full
        return Wording(full, core, _bare(full), _bare(core))

    def phrase(self, text: str) -> tuple[str, ...]:
        """A short phrase (a dimension's words) in the same form as `tokens`, without tone marks."""
        return _bare(self.tokens(text))


@lru_cache(maxsize=20000)
def _nearest_cached(vocabulary: tuple[str, ...], token: str) -> Optional[str]:
    found = process.extractOne(token, vocabulary, scorer=Levenshtein.distance, score_cutoff=1)
    return found[0] if found else None


def _nearest(normaliser: Normaliser, token: str) -> Optional[str]:
    if not hasattr(normaliser, "_vocab_tuple"):
        normaliser._vocab_tuple = tuple(normaliser.vocabulary)  # type: ignore[attr-defined]
    return _nearest_cached(normaliser._vocab_tuple, token)  # type: ignore[attr-defined]
