"""Raking and estimation benchmark: analysis vs balance, samplics and R survey::rake.

Run from the repository root::

    bash bench/analysis/setup_peers.sh          # once: peers in bench/analysis/.venv-peers
    python bench/analysis/bench_rake.py         # add --sizes 200000 to run one size

Peers run in their own processes (their own venv, Rscript); each reports the seconds spent in
its raking call only. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent.parent), str(HERE)]

import data  # noqa: E402

from analysis import SurveyDesign  # noqa: E402


def timed(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def ours(n: int, repeat: int) -> dict:
    frame = data.sample(n)
    design = SurveyDesign(frame, weights="w")
    margins = data.margins()
    design.rake(margins)  # warm-up (imports, allocator)
    rake_s, raked = timed(lambda: design.rake(margins, tol=1e-10), repeat)
    mean_s, est = timed(lambda: raked.mean("y"), max(1, repeat // 2))
    by_s, table = timed(lambda: raked.by("area", "y", "proportion"), 1)
    return {"peer": "analysis (this repo)", "seconds": rake_s,
            "max_rel_error": data.max_relative_margin_error(frame, raked.weights),
            "mean_after_rake_s": mean_s, "by_area_50_domains_vcov_s": by_s,
            "mean": est.estimate, "se": est.se}


def peer(cmd: list[str], timeout: int) -> dict | None:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return {"peer": cmd[-2] if "peers.py" in cmd[1] else "R", "seconds": float("nan"),
                "note": f"timed out after {timeout} s"}
    except subprocess.CalledProcessError as err:
        print(err.stderr[-2000:], file=sys.stderr)
        return None
    return json.loads(out.stdout.strip().splitlines()[-1])


def r_rake(n: int, timeout: int) -> dict | None:
    if shutil.which("Rscript") is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        data.sample(n).to_csv(Path(tmp) / "s.csv", index=False)
        rows = [(v, c, t) for v, m in data.margins().items() for c, t in m.items()]
        import pandas as pd
        pd.DataFrame(rows, columns=["variable", "category", "total"]).to_csv(
            Path(tmp) / "m.csv", index=False)
        return peer(["Rscript", str(HERE / "rake_r.R"), str(Path(tmp) / "s.csv"),
                     str(Path(tmp) / "m.csv")], timeout)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[200_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--timeout", type=int, default=1800)
    parser.add_argument("--no-r", action="store_true")
    parser.add_argument("--only-analysis", action="store_true", help="skip every peer")
    args = parser.parse_args()
    py = HERE / ".venv-peers" / "bin" / "python"
    print(json.dumps({"machine": platform.platform(), "cpus": os.cpu_count(),
                      "python": platform.python_version()}))
    for n in args.sizes:
        results = [ours(n, args.repeat)]
        if py.exists() and not args.only_analysis:
            for name in ("balance", "balance-unit", "samplics"):
                results.append(peer([str(py), str(HERE / "peers.py"), name, str(n)],
                                    args.timeout))
        if not (args.no_r or args.only_analysis):
            results.append(r_rake(n, args.timeout))
        base = results[0]["seconds"]
        for res in filter(None, results):
            res["n"] = n
            res["ratio_to_analysis"] = res["seconds"] / base
            print(json.dumps(res), flush=True)


if __name__ == "__main__":
    main()
