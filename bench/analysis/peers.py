"""Run one peer raking implementation (in .venv-peers). Usage: python peers.py PEER N.

Prints one JSON line with the peer name/version, the seconds spent in the raking call (data
generation excluded) and the achieved max relative margin error.
"""

from __future__ import annotations

import itertools
import json
import logging
import sys
import time

import data
import numpy as np
import pandas as pd

TOL = 1e-10


def run_balance(frame: pd.DataFrame, unit: bool = False) -> tuple[str, float, np.ndarray]:
    import balance
    from balance.weighting_methods.rake import rake

    logging.getLogger("balance").setLevel(logging.ERROR)
    margins = data.margins()
    # the independence table has exactly the target margins; balance needs a target "sample"
    cells = list(itertools.product(*(sorted(margins[v]) for v in data.VARIABLES)))
    target = pd.DataFrame(cells, columns=list(data.VARIABLES)).astype(str)
    share = np.ones(len(target))
    for v in data.VARIABLES:
        total = pd.Series(margins[v])
        share *= (total / total.sum()).to_numpy()[target[v].astype(int).to_numpy()]
    sample = frame[list(data.VARIABLES)].astype(str)
    weights = frame["w"] * 0 + 1 if unit else frame["w"]
    start = time.perf_counter()
    out = rake(sample, weights, target, pd.Series(share * data.POPULATION),
               variables=list(data.VARIABLES), transformations=None,
               max_iteration=5000, convergence_rate=TOL, rate_tolerance=0.0)
    seconds = time.perf_counter() - start
    label = f"balance {balance.__version__}" + (" (input weights set to 1)" if unit else "")
    return label, seconds, out["weight"].to_numpy()


def run_samplics(frame: pd.DataFrame) -> tuple[str, float, np.ndarray]:
    import samplics
    from samplics.weighting import SampleWeight

    margins = {v: frame[v].to_numpy() for v in data.VARIABLES}
    start = time.perf_counter()
    weights = SampleWeight().rake(frame["w"].to_numpy(), margins, control=data.margins(),
                                  tol=TOL, ctrl_tol=TOL, max_iter=500)
    seconds = time.perf_counter() - start
    return f"samplics {samplics.__version__}", seconds, np.asarray(weights)


if __name__ == "__main__":
    peer, n = sys.argv[1], int(sys.argv[2])
    frame = data.sample(n)
    runners = {"balance": run_balance, "balance-unit": lambda f: run_balance(f, unit=True),
               "samplics": run_samplics}
    name, seconds, weights = runners[peer](frame)
    if weights.sum() < data.POPULATION / 2:  # balance may return weights scaled to the sample
        weights = weights * data.POPULATION / weights.sum()
    print(json.dumps({"peer": name, "seconds": seconds,
                      "max_rel_error": data.max_relative_margin_error(frame, weights)}))
