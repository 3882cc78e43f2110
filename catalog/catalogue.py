"""The indicator catalogue shipped with baocao (`catalog/data/indicators.yaml`): loaded once, checked on load."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Optional

import regex as re
import yaml

DATA = Path(__file__).resolve().parent / "data" / "indicators.yaml"
KINDS = {"section", "group", "count", "rate", "code", "money", "text"}
_KEY = re.compile(r"^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*$")
_RATE = re.compile(r"^=\s*(?P<a>[\w.]+)\s*/\s*(?P<b>[\w.]+)\s*[×x*]\s*100$")
_SUM = re.compile(r"^=\s*[\w.]+(?:\s*\+\s*[\w.]+)+$")


class CatalogueError(ValueError):
    """The catalogue file is inconsistent (a bad key, a formula naming an unknown key …)."""


@dataclass(frozen=True)
class Formula:
    op: str  # "rate" (terms[0] / terms[1] × 100) or "sum" (terms added)
    terms: tuple[str, ...]

    def text(self) -> str:
        if self.op == "rate":
            return f"{self.terms[0]} / {self.terms[1]} × 100"
        return " + ".join(self.terms)


@dataclass(frozen=True)
class Indicator:
    key: str
    name: str
    kind: str
    unit: Optional[str] = None
    parent: Optional[str] = None
    formula: Optional[Formula] = None
    at_most: Optional[str] = None
    any_range: bool = False  # a rate that may leave 0-100 (a growth rate)
    wordings: tuple[str, ...] = ()

    @property
    def section(self) -> str:
        return self.key.split(".", 1)[0]

    @property
    def texts(self) -> tuple[str, ...]:
        return (self.name, *self.wordings)


@dataclass(frozen=True)
class Breakdown:
    """A `Trong đó` dimension: its key suffix, its group (`level`, `channel`) and the phrases that name it."""

    suffix: str
    group: str
    name: str
    words: tuple[str, ...]


@dataclass
class Catalogue:
    sections: dict[str, Indicator]
    indicators: dict[str, Indicator]
    breakdowns: dict[str, Breakdown]
    abbreviations: dict[str, str]
    synonyms: list[tuple[str, ...]]
    fillers: tuple[str, ...] = ()
    nesting: tuple[str, ...] = ()  # dimension groups, outer first: a later group's sub-row breaks down an earlier's
    _used_in: dict[str, list[str]] = field(default_factory=dict)

    def get(self, key: Optional[str]) -> Optional[Indicator]:
        if key is None:
            return None
        return self.indicators.get(key) or self.sections.get(key)

    def ancestors(self, key: str) -> list[str]:
        """The entry's parents up to its section, nearest first."""
        out: list[str] = []
        entry = self.get(key)
        while entry is not None and entry.parent and entry.parent not in out:
            out.append(entry.parent)
            entry = self.get(entry.parent)
        return out

    def used_in(self, key: str) -> list[str]:
        """Keys of the entries whose formula names `key` (the rate it is a part of)."""
        if not self._used_in:
            for entry in self.indicators.values():
                for term in entry.formula.terms if entry.formula else ():
                    self._used_in.setdefault(term, []).append(entry.key)
        return self._used_in.get(key, [])


def _formula(text: Optional[str], key: str) -> Optional[Formula]:
    if not text:
        return None
    text = " ".join(str(text).split())
    rate = _RATE.match(text)
    if rate:
        return Formula("rate", (rate["a"], rate["b"]))
    if _SUM.match(text):
        return Formula("sum", tuple(t.strip() for t in text.lstrip("= ").split("+")))
    raise CatalogueError(f"{key}: formula {text!r} is neither `= a / b × 100` nor `= a + b + …`")


def _entry(raw: dict, kind: Optional[str] = None) -> Indicator:
    key = raw.get("key")
    if not key or not _KEY.match(key):
        raise CatalogueError(f"bad key {key!r}: lower-case ASCII words joined by dots")
    kind = kind or raw.get("kind")
    if kind not in KINDS:
        raise CatalogueError(f"{key}: kind {kind!r} is not one of {sorted(KINDS)}")
    unknown = set(raw) - {"key", "name", "unit", "kind", "parent", "formula", "at_most", "range", "wordings"}
    if unknown:
        raise CatalogueError(f"{key}: unknown fields {sorted(unknown)}")
    if not raw.get("name"):
        raise CatalogueError(f"{key}: no name")
    return Indicator(
        key=key, name=str(raw["name"]), kind=kind, unit=raw.get("unit"), parent=raw.get("parent"),
        formula=_formula(raw.get("formula"), key), at_most=raw.get("at_most"),
        any_range=raw.get("range") == "any", wordings=tuple(str(w) for w in raw.get("wordings") or ()),
    )


def parse_catalogue(data: dict) -> Catalogue:
    sections = {}
    for raw in data.get("sections") or []:
        entry = _entry(raw, "section")
        sections[entry.key] = entry
    indicators: dict[str, Indicator] = {}
    for raw in data.get("indicators") or []:
        entry = _entry(raw)
        if entry.key in indicators or entry.key in sections:
            raise CatalogueError(f"{entry.key}: listed twice")
        indicators[entry.key] = entry
    known = set(indicators) | set(sections)
    for entry in indicators.values():
        if entry.section not in sections:
            raise CatalogueError(f"{entry.key}: its first word is no section ({sorted(sections)})")
        for ref in [entry.parent, entry.at_most, *(entry.formula.terms if entry.formula else ())]:
            if ref is not None and ref not in known:
                raise CatalogueError(f"{entry.key}: names unknown key {ref!r}")
        if entry.formula and entry.formula.op == "rate" and entry.kind != "rate":
            raise CatalogueError(f"{entry.key}: a `/ × 100` formula belongs to a rate")
    breakdowns = {
        suffix: Breakdown(suffix, str(raw["group"]), str(raw["name"]), tuple(str(w) for w in raw["words"]))
        for suffix, raw in (data.get("breakdowns") or {}).items()
    }
    abbreviations = {str(k): str(v) for k, v in (data.get("abbreviations") or {}).items()}
    synonyms = [tuple(str(w) for w in group) for group in data.get("synonyms") or []]
    fillers = tuple(str(w) for w in data.get("breakdown_fillers") or ())
    nesting = tuple(str(g) for g in data.get("breakdown_nesting") or ())
    groups = {b.group for b in breakdowns.values()}
    if set(nesting) - groups:
        raise CatalogueError(f"breakdown_nesting names unknown groups {sorted(set(nesting) - groups)}")
    return Catalogue(sections, indicators, breakdowns, abbreviations, synonyms, fillers, nesting)


def read_catalogue(path: Path) -> Catalogue:
    return parse_catalogue(yaml.safe_load(Path(path).read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def load_catalogue() -> Catalogue:
    """The catalogue shipped with the package."""
    return read_catalogue(DATA)
