"""Fit `settings.reader.row_sure`: how a decoded row's margin (log-odds) becomes `layout_confidence`.

Every document of a development split of the layout space goes through `convert_file` with the margins kept raw;
for each kind of body (text pulled line by line, cell after cell, a PDF's placed words) a logistic curve
P(row read right) = sigmoid(scale × margin + offset) is fitted by maximum likelihood, and a table shows how often
rows came out right at each fitted certainty (the curve is honest when the two columns agree). Never run it on
the `test` split: that is what the README reports.

    python bench/fit_row_sure.py SPACE/dev [--limit N] [--jobs 2]

The `scanned` pair was fitted the same way on the development scan sets, a row counted right when each of its
cells reads at least 80 % alike the truth's (OCR's misread letters are not the layout's)."""
from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from multiprocessing import Pool
from pathlib import Path

import numpy as np

from bench_space import source_path

SOURCES = ("pdf", "pdfplumber", "pdfplumber_layout", "pdftotext_layout", "pymupdf", "pypdfium2")
KINDS = ("lines", "stream", "placed", "scanned")


def margins(job: tuple[Path, str]) -> list[tuple[str, float, bool]]:
    """(kind, margin, read right) for each decoded row of one document read from one source."""
    import baocao.segment.reader as reader
    from baocao.pipeline import convert_file
    from baocao.segment.scoring import read_wrong

    # the margin itself, with its kind in the thousands, instead of the fitted certainty
    reader._sure = lambda kind, settings: (lambda margin: KINDS.index(kind) * 1000 + min(margin, 500.0))
    document, source = job
    path = source_path(document, source)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / f"report{path.suffix}"
        shutil.copy(path, copy)
        converted = convert_file(copy, copy.name)
    truth = json.loads((document / "truth.json").read_text(encoding="utf-8"))["rows"]
    got = [row.model_dump() for row in converted.rows]
    out = []
    for row, wrong in zip(got, read_wrong(truth, got)):
        coded = row["layout_confidence"]
        if coded != 1.0:  # a row whose cells the source states has no margin
            kind = int(coded // 1000)
            out.append((KINDS[kind], coded - 1000 * kind, not wrong))
    return out


def fit(margin: np.ndarray, right: np.ndarray) -> tuple[float, float]:
    """Maximum-likelihood logistic regression of `right` on `margin` (Newton's method)."""
    x = np.stack([np.minimum(margin, 40.0), np.ones_like(margin)], axis=1)
    w = np.zeros(2)
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-x @ w))
        gradient = x.T @ (right - p)
        hessian = (x * (p * (1 - p))[:, None]).T @ x + 1e-9 * np.eye(2)
        step = np.linalg.solve(hessian, gradient)
        w += step
        if np.abs(step).max() < 1e-6:
            break
    return float(w[0]), float(w[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("split", type=Path, help="a development split of the layout space (SPACE/dev)")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    documents = sorted(p for p in args.split.iterdir() if (p / "truth.json").exists())[:args.limit]
    jobs = [(d, s) for d in documents for s in SOURCES if source_path(d, s).exists()]
    with Pool(args.jobs) as pool:
        rows = [row for found in pool.map(margins, jobs, chunksize=2) for row in found]
    for kind in KINDS:
        mine = [(m, r) for k, m, r in rows if k == kind]
        if not mine:
            continue
        margin = np.array([m for m, _ in mine])
        right = np.array([float(r) for _, r in mine])
        scale, offset = fit(margin, right)
        sure = 1.0 / (1.0 + np.exp(-(scale * np.minimum(margin, 40.0) + offset)))
        print(f"{kind}: {len(mine)} rows, {right.mean():.3f} read right; scale {scale:.2f}, offset {offset:.2f}")
        for low, high in ((0, .5), (.5, .6), (.6, .7), (.7, .8), (.8, .9), (.9, .95), (.95, .99), (.99, 1.01)):
            inside = (sure >= low) & (sure < high)
            if inside.any():
                print(f"  certainty {low:.2f}–{min(high, 1):.2f}: {inside.sum():6d} rows, "
                      f"{right[inside].mean():.3f} right")


if __name__ == "__main__":
    main()
