"""Scanned pages → positioned words, text lines and (where the scan shows ruling lines) exact table cells.

Each page: render/load at 300 dpi (see extract/scan.py for why), straighten, binarise, find the table's ruling
lines, wipe them (Tesseract reads rules as `|`, `_` and merges cells across them), OCR with Tesseract `vie`,
then put every word into the grid cell its centre falls in. Pages run in parallel in a process pool, one
Tesseract thread each (Tesseract's own threading gains little per page and would fight the pool for cores).

Word boxes are in points (1/72 in) on the page, like a PDF's text layer, so the layout segmenter reads both the
same way."""
from __future__ import annotations

import os
import re
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterator, Optional, Sequence

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from baocao.extract.base import CellTable, ExtractionError, SourceText, TextLine, Word
from baocao.extract.geometry import visual_lines
from baocao.extract.grid import Grid, find_grids, find_rules
from baocao.extract.ocr_dashes import read_dashes
from baocao.extract.ocr_line_starts import read_line_starts
from baocao.extract.ocr_reread import read_again
from baocao.extract.ocr_stacked import read_stacked_apart
from baocao.extract.ocr_spaces import part_glued_words
from baocao.extract.ocr_text import (
    DASHES, _NEVER_TEXT, _drop_dust, _fix_word, _join_words, _settle_marks, _unknown_short, cell_text,
    clean_cell, code_digits,
)
from baocao.extract.scan import OCR_DPI, CleanPage, check_page, clean_page, image_dpi
from baocao.schemas.document import Rule as PageRule

LANG = "vie"
# Page segmentation: 6 (one uniform block). The automatic mode (3) splits a table into column blocks and drops
# short isolated cells (an STT `2.1`, a value `0`) as noise; as one block every row is a line and nothing is lost.
PSM = 6
# Tesseract gives some clean words conf 0, so confidence alone drops no word; it drops only what looks like dirt:
MIN_CONF = 10.0  # a lone letter below this is a speck read as a letter
MIN_CONF_SHORT = 40.0  # a short unsure word that is no syllable (`M`, `AĂ`) is dust or a stamp's edge
MIN_CONF_SYMBOL = 45.0  # a word with no letter or digit (`|`, `_`, `.`) must be surer: rules and dirt read so
DASH_MIN_WIDTH = 8  # px (at 300 dpi): a dash alone in a table cell is at least this wide (a speck is less)
DASH_CLEARANCE = 8  # px between a lone dash in a cell and the cell's rules: a wiped rule's remains lie nearer
# px of ink (at 300 dpi, the dust cleaned off) a page with text has at least: a word or two. Less is a blank page or
# a page number alone (Tesseract often skips a lone figure): nothing that was not read
TEXT_INK_PX = 2000
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
Image.MAX_IMAGE_PIXELS = 300_000_000  # a 600 dpi A3 scan is ~70 MP; refuse only absurd images


@dataclass
class PageText:
    """What one page yields."""

    page: int
    words: list[Word] = field(default_factory=list)
    lines: list[TextLine] = field(default_factory=list)
    tables: list[CellTable] = field(default_factory=list)  # rows of this page only; `line` = index in `lines`
    angle: float = 0.0
    turn: int = 0  # degrees the page was turned clockwise because it was scanned sideways or upside down
    warnings: list[str] = field(default_factory=list)
    table_at_top: bool = False  # the page starts with a table (a table continued from the page before)
    table_at_bottom: bool = False  # the page ends with a table (may go on on the next page)
    rules: list[PageRule] = field(default_factory=list)  # horizontal rules, in points: where rows part
    ink_px: int = 0  # pixels of the ink Tesseract read, at 300 dpi


@dataclass
class OcrResult:
    words: list[Word]
    lines: list[TextLine]
    tables: list[CellTable]
    warnings: list[str]
    angles: dict[int, float]
    rules: dict[int, list[PageRule]] = field(default_factory=dict)  # page → its horizontal rules
    turns: dict[int, int] = field(default_factory=dict)  # page → degrees it was turned clockwise to be read


# ---------------------------------------------------------------- one page


def ocr_image(image: Image.Image, page: int, dpi: float) -> PageText:
    """The whole treatment of one page image; a page scanned sideways or upside down is turned upright first.

    Deskew only straightens small angles. Whether the page is turned by 90/180/270° is asked of Tesseract's
    orientation detection only when the first reading looks like no text (few words the syllable model knows):
    a landscape appendix scanned sideways reads as junk, an upright page never pays for the question."""
    result = _read_page(image, page, dpi)
    if _reads_as_text(result):
        return result
    turn = _orientation(image)
    if turn:
        # Tesseract's `Rotate: 90` = turn the image 90° clockwise; PIL turns counter-clockwise
        turned = _read_page(image.rotate(-turn, expand=True, fillcolor=255), page, dpi)
        if _known_words(turned) > _known_words(result):
            turned.turn = turn
            return turned
    return result


def _known_words(result: PageText) -> int:
    """Words of three letters or more that are syllables the model knows. Text read sideways or upside down
    gives symbols and short letter groups; the few longer ones are mostly no syllable."""
    from baocao.extract.ocr_lm import corrector

    fixer = corrector()
    vocab = fixer.model.uni if fixer is not None else {}
    return sum(1 for w in result.words
               if sum(ch.isalpha() for ch in w.text) >= 3 and w.text.lower().strip(".,;:()") in vocab)


def _reads_as_text(result: PageText) -> bool:
    # upright pages measured ~0.55 of all words (numbers and short words are the rest), turned ones ~0.03; a
    # page of numbers may fall short, which costs one orientation check (the upright reading still wins then)
    return _known_words(result) >= max(10, 0.25 * len(result.words))


def _orientation(image: Image.Image) -> int:
    """Degrees (0, 90, 180, 270) Tesseract's orientation detection says the page must turn clockwise."""
    import pytesseract

    try:
        osd = pytesseract.image_to_osd(image.convert("L"), config="--psm 0")
    except pytesseract.TesseractError:  # too little text to tell
        return 0
    found = re.search(r"Rotate:\s*(\d+)", osd)
    return int(found.group(1)) % 360 if found else 0


def _read_page(image: Image.Image, page: int, dpi: float) -> PageText:
    clean = clean_page(image, dpi)
    result = PageText(page=page, angle=clean.angle, ink_px=int(clean.text_ink.sum()))
    h_rules, v_rules, rule_mask = find_rules(clean.ink, OCR_DPI)
    grids = find_grids(h_rules, v_rules, rule_mask)
    ink = clean.text_ink
    if grids or h_rules or v_rules:
        # wipe the rules (and a pixel around them: their blurred edges) before OCR
        ink = ink & ~_grow(rule_mask)
    words, groups = _tesseract_words(ink, clean, page)
    words, groups = read_stacked_apart(ink, words, groups, clean, page)
    if grids:
        from baocao.extract.ocr_missed import recover_missed

        extra, extra_groups = recover_missed(grids, ink, words, clean, page)
        words, groups = words + extra, groups + extra_groups
    words = read_again(grids, ink, words, clean, page)
    words = part_glued_words(ink, words, clean, page)
    cells = _cells_of(grids, words, clean.scale)
    words = read_line_starts(ink, _settle_marks(code_digits(_drop_dust(words, cells))), clean, page)
    words = read_dashes(ink, words, clean)
    words = [(piece, key) for w, key in words for piece in _one_word_each(w)]
    tables = [_table_cells(grid, words, clean.scale) for grid in grids]
    words = [(w, key) for w, key in words if w.text != "|"]
    result.words = _without_lone_marks([w for w, _ in words])
    result.lines, result.tables, top_first, bottom_last = _page_lines(words, groups, grids, tables, clean.scale, page)
    result.table_at_top, result.table_at_bottom = top_first, bottom_last
    s = clean.scale
    result.rules = [PageRule(rule.start * s, rule.pos * s, rule.end * s, rule.pos * s) for rule in h_rules]
    return result


def _cells_of(grids: list[Grid], words: list[tuple[Word, tuple]], scale: float) -> list[Optional[tuple]]:
    """Each word's ruled table cell (its grid, its cell), None off the tables."""
    out = []
    for w, _ in words:
        x, y = (w.x0 + w.x1) / 2 / scale, (w.top + w.bottom) / 2 / scale
        out.append(next(((g, cell) for g, grid in enumerate(grids) if (cell := grid.cell_at(x, y)) is not None), None))
    return out


def _one_word_each(word: Word) -> list[Word]:
    """A word the cleaning cut in two (`quý,6` → `quý, 6`, `Có=1` → `Có = 1`, glued syllables parted) as one
    word per piece, the box shared in proportion to their letters: the table reader reads words, not strings."""
    parts = word.text.split()
    if len(parts) < 2:
        return [word]
    total = sum(len(p) for p in parts)
    out, x = [], word.x0
    for part in parts:
        width = (word.x1 - word.x0) * len(part) / total
        out.append(replace(word, text=part, x0=x, x1=x + width))
        x += width
    return out


# marks a table cell may hold alone: a value's `%` or dash, a row's bullet (on a line of its own where the row's
# text is aligned to the bottom or centre of its cell)
_CELL_MARKS = ("%", "-", "–", "—", "+", "•")


def _without_lone_marks(words: list[Word]) -> list[Word]:
    """Words less the marks (no letter, no digit) that stand alone on their visual line: a page number read as
    `&`, a speck by the margin. Nothing is lost that a line says; a mark beside words stays."""
    drop = set()
    for line in visual_lines(words):
        if len(line) == 1 and not any(ch.isalnum() for ch in line[0].text) and line[0].text not in _CELL_MARKS:
            drop.add(id(line[0]))
    return [w for w in words if id(w) not in drop]


def _grow(mask: np.ndarray) -> np.ndarray:
    grown = mask.copy()
    grown[1:, :] |= mask[:-1, :]
    grown[:-1, :] |= mask[1:, :]
    grown[:, 1:] |= mask[:, :-1]
    grown[:, :-1] |= mask[:, 1:]
    return grown


def _tesseract_words(ink: np.ndarray, clean: CleanPage, page: int,
                     place=None, key_base: tuple = (), min_conf: float = -1.0, confs: Optional[list[float]] = None,
                     config: str = f"--psm {PSM}", lang: str = LANG) -> tuple[list[tuple[Word, tuple]], list[tuple]]:
    """Tesseract on the binarised page → (word, (block, par, line)) in Tesseract's reading order.
    `place(x, y)` maps a pixel of `ink` back to the page (for a composed image of crops); `key_base` keeps the
    line keys of a second pass apart from the first's; `confs`, if given, receives each kept word's confidence."""
    import pytesseract

    image = Image.fromarray(~ink)  # mode "1": the PNG handed to Tesseract is 8x smaller and quicker to write
    try:
        data = pytesseract.image_to_data(
            image, lang=lang, config=f"{config} --dpi {OCR_DPI}", output_type=pytesseract.Output.DICT
        )
    except pytesseract.TesseractNotFoundError as exc:
        raise ExtractionError("OCR needs the tesseract program (apt-get install tesseract-ocr tesseract-ocr-vie)") from exc
    words: list[tuple[Word, tuple]] = []
    groups: list[tuple] = []
    s = clean.scale
    for k, text in enumerate(data["text"]):
        text = (text or "").strip()
        conf = float(data["conf"][k])
        if not text or conf < max(0.0, min_conf) or (conf < MIN_CONF and len(text) == 1 and not text.isdigit()):
            continue
        if not any(ch.isalnum() for ch in text) and conf < MIN_CONF_SYMBOL and text not in ("-", "–", "+", "%"):
            continue
        if conf < MIN_CONF_SHORT and _unknown_short(text):
            continue
        # rules' remains, dust: `_`, `|`, `¬`, `~`; a lone `|` is kept for now: in an STT cell it is a `1`
        text = text if text == "|" else text.strip(_NEVER_TEXT)
        if not text:
            continue
        x, y, w, h = data["left"][k], data["top"][k], data["width"][k], data["height"][k]
        if place is not None:
            x, y = place(x, y)
        key = key_base + (data["block_num"][k], data["par_num"][k], data["line_num"][k])
        text = _fix_word(text)
        if not groups or groups[-1] != key:
            groups.append(key)
        words.append((Word(text=text, page=page, x0=x * s, x1=(x + w) * s, top=y * s, bottom=(y + h) * s,
                           confidence=max(0.0, conf) / 100), key))
        if confs is not None:
            confs.append(conf)
    return words, groups


def _table_cells(grid: Grid, words: list[tuple[Word, tuple]], scale: float) -> CellTable:
    """The grid's cells as text, each with its words' mean confidence; rows with no text at all (the empty row
    many forms end with) are no rows."""
    n_rows, n_cols = len(grid.ys) - 1, len(grid.xs) - 1
    cells: dict[tuple[int, int], list[Word]] = {}
    for w, _ in words:
        at = grid.cell_at((w.x0 + w.x1) / 2 / scale, (w.top + w.bottom) / 2 / scale)
        if at is not None:
            cells.setdefault(at, []).append(w)
    table = CellTable(rows=[], confidences=[], row_boxes=[], cell_boxes=[])
    boxes = grid.cell_boxes(DASH_CLEARANCE)
    for r in range(n_rows):
        row = [_cell_text(cells.get((r, c), []), boxes.get((r, c)), scale) for c in range(n_cols)]
        if any(cell.strip() for cell in row):
            table.rows.append(row)
            table.confidences.append([_mean_confidence(cells.get((r, c), [])) for c in range(n_cols)])
            table.row_boxes.append((grid.xs[0] * scale, grid.ys[r] * scale, grid.xs[-1] * scale, grid.ys[r + 1] * scale))
            table.cell_boxes.append([_points(boxes.get((r, c)), scale) for c in range(n_cols)])
    return table


def _points(box: Optional[tuple[int, int, int, int]], scale: float) -> Optional[tuple[float, float, float, float]]:
    return None if box is None else (box[0] * scale, box[1] * scale, box[2] * scale, box[3] * scale)


def _cell_text(words: list[Word], box: Optional[tuple[int, int, int, int]], scale: float) -> str:
    """A cell's text, its edge dust gone; a cell holding one dash alone keeps it (an STT `-`, a value `-`: no
    data) when the dash is a dash's shape, wider than tall, clear of the rules above and below (a wiped rule's
    remains read as `-` lie along them)."""
    text = clean_cell(cell_text(words))
    if text or len(words) != 1 or words[0].text not in DASHES or box is None:
        return text
    dash = words[0]
    width, height = dash.x1 - dash.x0, dash.bottom - dash.top
    clear = box[1] * scale <= dash.top and dash.bottom <= box[3] * scale
    return "-" if clear and width >= max(2 * height, DASH_MIN_WIDTH * scale) else text


def _mean_confidence(words: list[Word]) -> float:
    return sum(w.confidence for w in words) / len(words) if words else 1.0


def _page_lines(words, groups, grids: list[Grid], tables: list[CellTable], scale: float, page: int):
    """The page's text lines in reading order: Tesseract's lines outside tables, one tab-separated line per
    table row (like text pulled from a PDF), each table at its place on the page."""
    boxes = [tuple(v * scale for v in g.bbox) for g in grids]

    def in_table(w: Word) -> bool:
        cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
        return any(x0 <= cx <= x1 and y0 <= cy <= y1 for x0, y0, x1, y1 in boxes)

    by_group: dict[tuple, list[Word]] = {}
    for w, key in words:
        if not in_table(w):
            by_group.setdefault(key, []).append(w)
    items: list[tuple[float, str, Optional[int]]] = []  # (top, text, table index)
    for key in groups:
        ws = by_group.get(key)
        if ws and any(w.text in _CELL_MARKS or any(ch.isalnum() for ch in w.text) for w in ws):
            items.append((min(w.top for w in ws), _join_words(ws), None))
    # Tesseract's block order is its reading order; a table goes before the first line that starts below it
    ordered: list[tuple[str, Optional[int]]] = []
    pending = sorted(range(len(grids)), key=lambda t: boxes[t][1])
    for top, text, _ in items:
        while pending and boxes[pending[0]][1] <= top:
            ordered.append(("", pending.pop(0)))
        ordered.append((text, None))
    ordered.extend(("", t) for t in pending)
    lines: list[TextLine] = []
    cell_tables: list[CellTable] = []
    for text, t in ordered:
        if t is None:
            lines.append(TextLine(text, page))
            continue
        table = tables[t]
        if not table.rows:
            continue
        cell_tables.append(replace(table, page=page, row_pages=[page] * len(table.rows), line=len(lines)))
        lines.extend(TextLine("\t".join(" ".join(c.split()) for c in row), page) for row in table.rows)
    real = [k for k, (text, t) in enumerate(ordered) if t is not None or _is_text(text)]
    first_is_table = bool(real) and ordered[real[0]][1] is not None and bool(tables[ordered[real[0]][1]].rows)
    last_is_table = bool(real) and ordered[real[-1]][1] is not None and bool(tables[ordered[real[-1]][1]].rows)
    return lines, cell_tables, first_is_table, last_is_table


_PAGE_NUMBER = re.compile(r"^\W*\d{1,3}\W*$")


def _is_text(text: str) -> bool:
    """A line that counts as content (page numbers and specks between tables do not)."""
    return any(ch.isalnum() for ch in text) and not _PAGE_NUMBER.match(text)


# ---------------------------------------------------------------- many pages, in parallel


def _worker_init() -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"


@contextmanager
def one_thread() -> Iterator[None]:
    """Tesseract run from this process on one thread, as in the pool: its OpenMP threads spin idle on a short
    strip, ten times the CPU for the same reading."""
    before = os.environ.get("OMP_THREAD_LIMIT")
    os.environ["OMP_THREAD_LIMIT"] = "1"
    try:
        yield
    finally:
        if before is None:
            del os.environ["OMP_THREAD_LIMIT"]
        else:
            os.environ["OMP_THREAD_LIMIT"] = before


def _page_job(job: tuple[str, int]) -> PageText:
    path, page = job
    image, dpi = page_image(Path(path), page)
    return ocr_image(image, page, dpi)


def page_image(path: Path, page: int) -> tuple[Image.Image, float]:
    """The 1-based page of a PDF (rendered at OCR_DPI) or frame of an image, as scanned, and its dpi."""
    if path.suffix.lower() == ".pdf":
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(path))
        try:
            width, height = pdf[page - 1].get_size()  # points; rendered at OCR_DPI, a wall-sized page is gigapixels
            check_page(width / 72 * OCR_DPI, height / 72 * OCR_DPI, OCR_DPI, f"{path.name} page {page}")
            # a colour scan in colour: a seal's red ink is told from the print by its colour (extract/scan.py)
            bitmap = pdf[page - 1].render(scale=OCR_DPI / 72, grayscale=not _in_colour(pdf[page - 1]))
            return bitmap.to_pil(), OCR_DPI
        finally:
            pdf.close()
    with Image.open(path) as img:
        img.seek(page - 1)
        info = dict(img.info)
        frame = ImageOps.exif_transpose(img)  # a camera's or scanner's orientation tag: the page as seen
        frame.info = info
    return frame, image_dpi(frame)


def _in_colour(page) -> bool:
    """Whether a PDF page holds a colour image (a colour scan or photo): gray scans render cheaper in gray."""
    import pypdfium2.raw as pdfium_c

    for obj in page.get_objects(max_depth=2):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            try:
                if obj.get_metadata().bits_per_pixel > 8:
                    return True
            except Exception:  # an image pdfium cannot describe: render in colour to be safe
                return True
    return False


def _run(jobs: list[tuple[str, int]], workers: Optional[int] = None) -> list[PageText]:
    import pytesseract  # noqa: F401  (with pandas, 0.2 s of CPU a process)

    from baocao.extract.cores import claim
    # the syllable model and pytesseract, loaded here once, are shared by forked workers (each would load them
    # again otherwise)
    from baocao.extract.ocr_lm import corrector

    corrector()
    with claim(min(workers or len(jobs), len(jobs))) as workers:  # a batch shares its cores among documents
        with ProcessPoolExecutor(max_workers=workers, initializer=_worker_init) as pool:
            return list(pool.map(_page_job, jobs))  # map keeps page order


def merge_pages(pages: list[PageText]) -> OcrResult:
    """Pages in order → one text; a table that ends one page and starts the next with as many columns is one
    table (its rows keep their pages)."""
    words: list[Word] = []
    lines: list[TextLine] = []
    tables: list[CellTable] = []
    warnings: list[str] = []
    ended_in_table, last_page = False, None
    for page in pages:
        offset = len(lines)
        words.extend(page.words)
        lines.extend(page.lines)
        warnings.extend(page.warnings)
        for k, table in enumerate(page.tables):
            continued = (
                k == 0
                and page.table_at_top
                and ended_in_table
                and bool(tables)
                and tables[-1].row_pages[-1] == last_page
                and len(tables[-1].rows[0]) == len(table.rows[0])
            )
            if continued:
                # its lines run on over the next page's, past the page number between (no content: else the
                # table would not be at the page's top), which the text leaves out with the table's lines
                tables[-1].n_lines = offset + table.line + len(table.rows) - tables[-1].line
                tables[-1].rows.extend(table.rows)
                tables[-1].row_pages.extend(table.row_pages)
                tables[-1].confidences.extend(table.confidences or [[1.0] * len(r) for r in table.rows])
                tables[-1].row_boxes.extend(table.row_boxes or [(0.0, 0.0, 0.0, 0.0)] * len(table.rows))
                tables[-1].cell_boxes.extend(table.cell_boxes or [[None] * len(r) for r in table.rows])
            else:
                tables.append(replace(table, rows=list(table.rows), row_pages=list(table.row_pages),
                                      confidences=list(table.confidences or [[1.0] * len(r) for r in table.rows]),
                                      row_boxes=list(table.row_boxes or [(0.0, 0.0, 0.0, 0.0)] * len(table.rows)),
                                      cell_boxes=list(table.cell_boxes or [[None] * len(r) for r in table.rows]),
                                      line=offset + table.line))
        if not page.words and page.ink_px >= TEXT_INK_PX:
            warnings.append(f"page {page.page}: no text could be read")
        ended_in_table, last_page = page.table_at_bottom, page.page
    return OcrResult(words=words, lines=lines, tables=tables, warnings=warnings,
                     angles={p.page: p.angle for p in pages}, rules={p.page: p.rules for p in pages if p.rules},
                     turns={p.page: p.turn for p in pages if p.turn})


def ocr_pdf(path: Path, page_numbers: Sequence[int], workers: Optional[int] = None) -> OcrResult:
    """OCR the given 1-based pages of a PDF (pages without a usable text layer), in page order."""
    jobs = [(str(path), n) for n in sorted(page_numbers)]
    return merge_pages(_run(jobs, workers)) if jobs else OcrResult([], [], [], [], {})


class OcrExtractor:
    """Images (`.png .jpg .jpeg .tif .tiff`, multi-page TIFF) and wholly scanned PDFs."""

    suffixes = IMAGE_SUFFIXES + (".pdf",)

    def __init__(self, workers: Optional[int] = None):
        self.workers = workers  # processes for the pages; None: one per core

    def extract(self, path: Path) -> SourceText:
        path = Path(path)
        if path.suffix.lower() == ".pdf":
            n_pages = _pdf_page_count(path)
            result = ocr_pdf(path, range(1, n_pages + 1), self.workers)
        else:
            n_pages = _image_frame_count(path)
            result = merge_pages(_run([(str(path), k + 1) for k in range(n_pages)], self.workers))
        return SourceText(method="ocr", lines=result.lines, n_pages=n_pages, words=result.words,
                          tables=result.tables, warnings=result.warnings,
                          page_methods={p: "ocr" for p in range(1, n_pages + 1)}, page_rules=result.rules,
                          page_turns=result.turns, page_angles=result.angles)


def _image_frame_count(path: Path) -> int:
    try:
        with Image.open(path) as img:
            img.verify() if getattr(img, "n_frames", 1) == 1 else None
        with Image.open(path) as img:
            count = getattr(img, "n_frames", 1)
            for k in range(count):  # sizes and resolutions are in the headers: no pixel is decoded here
                img.seek(k)
                check_page(*img.size, image_dpi(img), f"{path.name} page {k + 1}")
            img.load()  # a truncated or corrupt file fails here, before any OCR
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ExtractionError(f"unreadable image: {path.name}: {exc}") from exc
    return count


def _pdf_page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise ExtractionError(f"unreadable PDF: {path.name}: {exc}") from exc
    try:
        return len(pdf)
    finally:
        pdf.close()
