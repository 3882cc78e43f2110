"""Whether a text cell goes on from one line to the next: what the words say, with the syllable language model's
vote. The row decoder weighs it among its evidence; a ruled grid asks it where a page break cuts a row."""

from __future__ import annotations

from baocao.normalize.lm import load as load_lm
from baocao.normalize.text import closing_marks, cut_inside, ends_open
from baocao.segment.vocab import DASH_LINE, LEVEL_ROW
from baocao.settings import SETTINGS, ReaderSettings

JOIN_CAP = 4.0  # the language model's vote on one join is worth at most this (log-odds)
OPENING_MARKS = " \"'“(*"  # what may stand before a text's first letter


def first_char_kind(text: str) -> str:
    """`lower` for a text that goes on from something before it, `upper` for one that can open an indicator."""
    stripped = text.lstrip(OPENING_MARKS)
    if not stripped:
        return "upper"
    ch = stripped[0]
    return "lower" if ch.isalpha() and ch.islower() else "upper"


def titlecase_start(text: str) -> bool:
    word = text.lstrip(OPENING_MARKS).split(" ", 1)[0]
    return len(word) > 1 and word[0].isupper() and word[1].islower()


def opens_item(text: str) -> bool:
    """`- Cấp xã`, `Cấp huyện (…)`: an item opens, no text goes on so (but a range goes on: `từ 70%` / `- dưới
    100%`)."""
    dash = DASH_LINE.match(text)
    return bool(dash) and text[1:2].isspace() and first_char_kind(dash.group("rest")) == "upper" \
        or bool(LEVEL_ROW.match(text))


def join_vote(before: str, after: str, settings: ReaderSettings = SETTINGS.reader) -> float:
    """The log-odds that `after` goes on with the text `before` rather than starting a text of its own."""
    if not before or not after:
        return 0.0
    if opens_item(after):
        return -settings.dash_going_on_penalty
    if closing_marks(after):  # a lone `.` closes any cell (a wrapped STT's too): no vote
        return 0.0
    if cut_inside(before, after):  # a word or number the line cut (`30/12/20` / `23`): the text goes on
        return settings.join_weight * JOIN_CAP
    # a capital after a word that opens what follows starts a name (`và` / `Ủy ban nhân dân`), not a new text
    # (unless it stands alone, as a short cell's line beside the text does: `Không`)
    name = " " in after.strip() and ends_open(before)
    # … nor does an aside in brackets (`… năm` / `(Lũy kế đến thời điểm báo cáo)`): no indicator opens on one
    aside = after.lstrip().startswith("(")
    capital = settings.capital_going_on_penalty if titlecase_start(after) and not name and not aside else 0.0
    # how much likelier the pair is than the next word alone (pointwise mutual information), against the
    # level two words of one text reach: a row boundary falls between words that do not go together
    pmi = load_lm().goes_on(before, after)
    if pmi is None:
        return -capital
    return settings.join_weight * max(-JOIN_CAP, min(JOIN_CAP, pmi - settings.join_threshold)) - capital
