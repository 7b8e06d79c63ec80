"""Gi* with 999 permutations on a 100 × 100 grid (goal < 2 s), against 99 permutations in the
same run, plus the whole report pipeline (:func:`analysis.hotspots.hot_spots`) and, when it
is installed, PySAL's ``esda.G_Local`` on the same grid.

    .venv/bin/python -m bench.analysis.hotspots_bench [--runs 3] [--no-esda]

Points: a uniform background over 20 × 20 km plus six Gaussian clusters (sd 150–400 m), in
200 m cells, so the grid is 100 × 100 = 10 000 cells; "sparse" has 2 000 points, "dense"
50 000 (more distinct counts per cell, hence more reference sets to simulate).
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings
from collections.abc import Callable

import numpy as np

from analysis.hotspots import Grid, gi_star, hot_spots, permutations_for

SIDE = 20_000.0
CELL = 200.0


def points(n: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """``n`` points: 70 % uniform on the square, 30 % in six clusters."""
    rng = np.random.default_rng(seed)
    background = int(n * 0.7)
    x, y = [rng.uniform(0, SIDE, background)], [rng.uniform(0, SIDE, background)]
    centres = rng.uniform(2000, SIDE - 2000, (6, 2))
    for number, (cx, cy) in enumerate(centres):
        size = (n - background) // 6 + (1 if number < (n - background) % 6 else 0)
        spread = 150 + 50 * number
        x.append(np.clip(rng.normal(cx, spread, size), 0, SIDE - 1))
        y.append(np.clip(rng.normal(cy, spread, size), 0, SIDE - 1))
    return np.concatenate(x), np.concatenate(y)


def timed(call: Callable[[], object], runs: int) -> list[float]:
    """Seconds of ``runs`` calls."""
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        out.append(time.perf_counter() - start)
    return out


def line(label: str, seconds: list[float], baseline: float | None = None) -> str:
    """One Markdown table row: min / median / max and the ratio of medians to the baseline."""
    median = statistics.median(seconds)
    ratio = f"{median / baseline:.1f}" if baseline else "1"
    return (f"| {label} | {min(seconds):.3f} | {median:.3f} | {max(seconds):.3f} | {ratio} |")


def case(name: str, n: int, runs: int, peer: bool) -> None:
    """The rows of one point pattern."""
    x, y = points(n)
    grid = Grid(0.0, 0.0, CELL, 100, 100)
    counts = grid.counts(x, y)
    base = timed(lambda: gi_star(counts, permutations=99), runs)
    reference = statistics.median(base)
    print(line(f"{name} {n} points: Gi*, 99 permutations (baseline)", base))
    print(line(f"{name}: **Gi*, 999 permutations**",
               timed(lambda: gi_star(counts, permutations=999), runs), reference))
    rule = permutations_for(grid.cells)
    print(line(f"{name}: Gi*, {rule} permutations (report rule, m = 10 000)",
               timed(lambda: gi_star(counts, permutations=rule), runs), reference))
    print(line(f"{name}: whole `hot_spots` (grid, Gi* {rule}, BH, KDE, clusters)",
               timed(lambda: hot_spots(x, y, cell=CELL), runs), reference))
    if not peer:
        return
    try:
        import esda
        from libpysal.weights import lat2W
    except ImportError:
        return
    weights = lat2W(100, 100, rook=False)
    values = counts.ravel().astype(float)

    def pysal() -> object:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return esda.G_Local(values, weights, transform="B", star=True, permutations=999,
                                seed=1, n_jobs=1)

    print(line(f"{name}: esda `G_Local`, 999 permutations (peer)", timed(pysal, runs),
               reference))


def main() -> None:
    """Print the table for bench/README.md."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-esda", action="store_true")
    args = parser.parse_args()
    print("| case | min s | median s | max s | × baseline (99 permutations) |")
    print("|---|---:|---:|---:|---:|")
    for name, n in (("sparse", 2_000), ("dense", 50_000)):
        case(name, n, args.runs, not args.no_esda)


if __name__ == "__main__":
    main()
