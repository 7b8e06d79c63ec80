"""Synthetic respondents for the raking benchmark (numpy/pandas only, shared with peers).

Four raking variables: age (6) × sex (2) × area (50) × education (3). The sample is generated
from one latent variable so that the variables are strongly correlated with each other, while
the population targets have different, skewed margins: iterative proportional fitting then needs
dozens of sweeps to reach 1e-10.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

POPULATION = 10_000_000
VARIABLES = ("age", "sex", "area", "edu")


def sample(n: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    z = rng.normal(size=n)
    age = np.digitize(z + 0.35 * rng.normal(size=n), [-1.2, -0.6, 0, 0.6, 1.2])
    edu = np.digitize(-z + 0.5 * rng.normal(size=n), [-0.5, 0.7])
    area = np.clip(((z + 0.6 * rng.normal(size=n)) * 12 + 25).astype(int), 0, 49)
    sex = (z + rng.normal(size=n) > 0.4).astype(int)
    weight = rng.uniform(0.5, 2.0, size=n)
    return pd.DataFrame({"age": age, "sex": sex, "area": area, "edu": edu, "w": weight,
                         "y": (z > 0.3).astype(float)})


def margins() -> dict[str, dict[int, float]]:
    """Population totals per category; every margin sums to POPULATION."""
    shares = {
        "age": np.array([0.14, 0.18, 0.2, 0.18, 0.16, 0.14]),
        "sex": np.array([0.5, 0.5]),
        "area": np.linspace(1, 3, 50),
        "edu": np.array([0.2, 0.45, 0.35]),
    }
    out = {}
    for name, share in shares.items():
        counts = np.floor(share / share.sum() * POPULATION)
        counts[-1] += POPULATION - counts.sum()
        out[name] = {i: float(c) for i, c in enumerate(counts)}
    return out


def max_relative_margin_error(frame: pd.DataFrame, weights: np.ndarray) -> float:
    worst = 0.0
    for name, target in margins().items():
        got = pd.Series(weights).groupby(frame[name].to_numpy()).sum()
        for cat, total in target.items():
            worst = max(worst, abs(got.get(cat, 0.0) - total) / total)
    return worst
