"""``flask privacy find`` over many survey answers: the plain ``lower() LIKE`` search it replaced
(baseline: misses escaped rows and non-ASCII case) against ``find_text`` for a Swedish, an
Arabic and a Tigrinya needle. SQLite file in a temporary folder; prints min/median/max of 5 runs.

    .venv/bin/python -m bench.privacy.find_scripts [N]
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from surveyapp import create_app
from surveyapp.db import db
from surveyapp.retention import find_text
from surveyapp.surveys.models import Response

TEXTS = ["Mörkt på kvällen vid kiosken", "الشارع مظلم في المساء", "ኣብ ምሸት ጸልማት እዩ",
         "Bra belysning längs ån", "Cyklar kör för fort", "Mer polis på helgerna"]


def _timed(run, repeats: int = 5) -> tuple[float, float, float, int]:
    times, found = [], 0
    for _ in range(repeats):
        start = time.perf_counter()
        found = run()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times), max(times), found


def main(n: int) -> None:
    folder = Path(tempfile.mkdtemp())
    app = create_app({"TESTING": True, "SECRET_KEY": "bench",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}"})
    with app.app_context():
        from flask_migrate import upgrade

        from surveyapp.demo import ensure_questionnaire
        from surveyapp.surveys.models import Campaign

        upgrade()
        campaign = Campaign(slug="b", name="b", year=2026, mode="both", opens=date.today(),
                            closes=date.today(), questionnaire=ensure_questionnaire(),
                            languages=["sv"], areas=[])
        db.session.add(campaign)
        db.session.flush()
        rng = random.Random(1)
        db.session.execute(sa.insert(Response), [
            {"campaign_id": campaign.id, "channel": "invitation", "language": "sv",
             "answers": {"trygg_kvall": 2, "forbattring": rng.choice(TEXTS)},
             "status": "complete", "submitted_on": date.today()} for _ in range(n)])
        db.session.commit()
        print(f"{n} responses, SQLite; seconds min / median / max of 5 runs, texts found")

        def baseline() -> int:
            pattern = "%kvällen%"
            return len(db.session.execute(sa.select(Response.id).where(
                sa.func.lower(sa.cast(Response.answers, sa.Text)).like(pattern))).all())

        rows = [("baseline lower() LIKE 'kvällen'", baseline)]
        for needle in ("KVÄLLEN", "مظلم", "ጸልማት", "kiosken"):
            rows.append((f"find_text({needle!r})", lambda needle=needle: len(find_text(needle))))
        base = None
        for label, run in rows:
            low, mid, high, found = _timed(run)
            base = base or mid
            print(f"| {label} | {low:.3f} | {mid:.3f} | {high:.3f} | {found} | "
                  f"{mid / base:.1f}× |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20000)
