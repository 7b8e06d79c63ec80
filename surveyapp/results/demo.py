"""Synthetic responses and population tables for the demo, the tests and the bench.

Answers are drawn per area with an area effect on the trygghet indicator, so the dashboard has
real differences to show. Nothing here is real data.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import numpy as np
from sqlalchemy import select

from questionnaires import Questionnaire
from questionnaires.model import Code
from surveyapp.db import db
from surveyapp.geo.population import AGE_GROUPS, import_population
from surveyapp.surveys.models import Campaign, CampaignMode, Channel, Response, ResponseStatus

SCB_SEX = {"m": "män", "f": "kvinnor"}


def population_csv(area_codes: list[str], year: int, seed: int = 1, base: int = 400) -> str:
    """A population table in SCB's layout (semicolon separated, Swedish labels)."""
    rng = np.random.default_rng(seed + year)
    lines = ["region;kön;ålder;år;antal"]
    for i, code in enumerate(area_codes):
        for sex in ("m", "f"):
            for j, age in enumerate(AGE_GROUPS):
                count = int(base * (1 + 0.3 * ((i + j) % 3)) + rng.integers(0, 50))
                lines.append(f"{code};{SCB_SEX[sex]};{age} år;{year};{count}")
    return "\n".join(lines) + "\n"


def synthetic_answers(model: Questionnaire, areas: np.ndarray, rng: np.random.Generator
                      ) -> list[dict]:
    """One answer dict per element of ``areas`` (area index 0, 1, ...)."""
    n = len(areas)
    columns: dict[str, list] = {}
    shift = (areas % 5) * 0.08
    unsafe = rng.random(n) < 0.15 + shift
    trygg = np.where(unsafe, rng.choice([3, 4, 5], n, p=[0.6, 0.3, 0.1]),
                     rng.choice([1, 2, 6, 9], n, p=[0.45, 0.45, 0.05, 0.05]))
    columns["trygg_kvall"] = trygg.tolist()
    sampler = _NumpySampler(rng, n)
    for question in model.questions():
        if question.stratum or question.id == "trygg_kvall" or question.relevant is not None:
            continue
        columns.update(question.question_type.demo_answers(question, sampler))
    names = list(columns)
    values = [columns[name] for name in names]
    return [{name: _plain(v[i]) for name, v in zip(names, values, strict=True)}
            for i in range(n)]


class _NumpySampler:
    """:class:`questionnaires.types.Sampler` drawing ``n`` values from a numpy generator."""

    def __init__(self, rng: np.random.Generator, n: int) -> None:
        self.rng = rng
        self.n = n

    def pick(self, codes: Sequence[Code]) -> list[Code]:
        """``n`` codes drawn uniformly with replacement."""
        return self.rng.choice(np.array(codes, dtype=object), self.n).tolist()

    def integers(self, low: int, high: int) -> list[int]:
        """``n`` whole numbers from ``low`` to ``high`` inclusive."""
        return self.rng.integers(low, high + 1, self.n).tolist()


def _plain(value):
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.item() if hasattr(value, "item") else value


def add_responses(campaign: Campaign, per_area: int, seed: int, today: date) -> int:
    """Add ``per_area`` synthetic responses in each of the campaign's areas.

    Nothing is ever deleted: the campaign may hold real responses, and which are synthetic
    cannot be told afterwards (a response carries no mark of where it came from).
    """
    rng = np.random.default_rng(seed)
    model = campaign.questionnaire.model()
    codes = [a.code for a in campaign.areas]
    area_index = np.repeat(np.arange(len(codes)), per_area)
    answers = synthetic_answers(model, area_index, rng)
    sexes = rng.choice(["f", "m", "x"], len(area_index), p=[0.52, 0.45, 0.03])
    ages = rng.choice(AGE_GROUPS, len(area_index), p=[0.15, 0.3, 0.3, 0.25])
    db.session.add_all(
        Response(campaign_id=campaign.id, channel=Channel.INVITATION, language="sv",
                 area_code=codes[a], sex=str(s), age_group=str(g),
                 answers={"kon": str(s), "alder": str(g), "omrade": {"area": codes[a]}, **ans},
                 status=ResponseStatus.COMPLETE, submitted_on=today)
        for a, s, g, ans in zip(area_index, sexes, ages, answers, strict=True))
    db.session.flush()
    return len(area_index)


def load_demo_responses(today: date, per_area: int = 60) -> dict:
    """Two waves of demo responses (last year's campaign is created) and population tables.

    Call after :func:`surveyapp.demo.load_demo`.
    """
    from surveyapp.demo import DEMO_CAMPAIGN

    current = db.session.scalar(select(Campaign).where(Campaign.slug == DEMO_CAMPAIGN))
    if current is None:
        raise LookupError(f"no campaign {DEMO_CAMPAIGN!r}: load the demo data first")
    slug = f"trygghet-{current.year - 1}"
    previous = db.session.scalar(select(Campaign).where(Campaign.slug == slug))
    if previous is None:
        previous = Campaign(slug=slug, name=f"Trygghetsundersökning {current.year - 1}",
                            year=current.year - 1, mode=CampaignMode.INVITATION,
                            opens=today - timedelta(days=400), closes=today - timedelta(days=330),
                            questionnaire=current.questionnaire,
                            languages=list(current.languages), areas=list(current.areas))
        db.session.add(previous)
        db.session.flush()
    codes = [a.code for a in current.areas]
    for year in (previous.year, current.year):
        import_population(population_csv(codes, year).encode("utf-8"))
    n = add_responses(previous, per_area, seed=previous.year, today=previous.closes)
    n += add_responses(current, per_area, seed=current.year, today=today)
    return {"campaigns": [previous.slug, current.slug], "responses": n}
