"""svychisq lincom/saddlepoint and replicate-weight estimates: analysis vs R survey, same run.

Run from the repository root: ``python bench/analysis/bench_chisq_rep.py [--n 200000]``.
Needs ``Rscript`` with the survey package (Debian ``r-cran-survey``); without it only the
analysis times are printed. Times are wall seconds of the estimation calls only (design
construction and data loading excluded), min/median/max of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent.parent), str(HERE)]

import data  # noqa: E402

from analysis import ReplicateDesign, SurveyDesign  # noqa: E402


def frame(n: int):
    f = data.sample(n)
    f["psu"] = f.groupby("area").cumcount() // 50  # about 50 respondents per PSU
    rng = np.random.default_rng(7)  # two weakly related items for the test of association
    f["a3"] = rng.integers(0, 3, n)
    f["b4"] = (f["a3"] + rng.integers(0, 12, n)) % 4
    return f


def timed(fn, repeat: int):
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return times, out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200_000)
    parser.add_argument("--replicates", type=int, default=80)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    f = frame(args.n)
    design = SurveyDesign(f, weights="w", strata="area",
                          cluster=f["area"].astype(str) + ":" + f["psu"].astype(str))
    i = np.arange(args.n)[:, None]
    r = np.arange(args.replicates)[None, :]
    mult = (i * 7919 + r * 104729 + i * r * 31) % 3  # bootstrap-like 0/1/2, same in R
    rdes = ReplicateDesign(f, "w", f["w"].to_numpy()[:, None] * mult, "bootstrap")
    ours = {st: timed(lambda st=st: design.chisq("a3", "b4", st).p_value, args.repeat)
            for st in ("lincom", "saddlepoint")}

    def replicate_estimates():
        m, t = rdes.mean("y"), rdes.total("y")
        d = rdes.difference("y", "sex", 0, 1)
        return [m.estimate, m.se, t.se, d.se]

    ours["replicates"] = timed(replicate_estimates, args.repeat)
    theirs = {}
    if shutil.which("Rscript"):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "data.csv"
            f[["area", "psu", "w", "y", "a3", "b4", "sex"]].to_csv(path, index=False)
            run = subprocess.run(["Rscript", str(HERE / "chisq_rep_r.R"), str(path),
                                  str(args.replicates), str(args.repeat)],
                                 capture_output=True, text=True, check=True)
            for line in run.stdout.splitlines():
                key, times, values = line.split()
                theirs[key] = ([float(x) for x in times.split(",")],
                               [float(x) for x in values.split(",")])
    print(f"n = {args.n}, {args.replicates} replicates, {args.repeat} runs")
    print("| task | analysis min/median/max s | R min/median/max s | R / analysis (median) |"
          " analysis value | R value |")
    for key, (times, value) in ours.items():
        ours_s = "/".join(f"{x:.3f}" for x in (min(times), statistics.median(times),
                                               max(times)))
        r_times, r_value = theirs.get(key, ([], None))
        r_s = ("/".join(f"{x:.3f}" for x in (min(r_times), statistics.median(r_times),
                                             max(r_times))) if r_times else "–")
        ratio = (f"{statistics.median(r_times) / statistics.median(times):.0f}×"
                 if r_times else "–")
        print(f"| {key} | {ours_s} | {r_s} | {ratio} | {value} | {r_value} |")


if __name__ == "__main__":
    main()
