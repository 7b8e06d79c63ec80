"""Survey places and the open-link count on 100 000 responses (SQLite, temporary file); 10 %
of them mark an unsafe place. Prints the count and min / median / max seconds of 3 runs.

    .venv/bin/python -m bench.results.survey_places
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from flask_migrate import upgrade

from surveyapp import create_app
from surveyapp.db import db
from surveyapp.demo import ensure_questionnaire
from surveyapp.results.open_link import open_count
from surveyapp.results.survey_places import survey_points
from surveyapp.surveys.models import Campaign, Response


def main(n: int = 100_000) -> None:
    """Store ``n`` responses and time the two reads the dashboard adds."""
    folder = Path(tempfile.mkdtemp())
    app = create_app({"TESTING": True, "SECRET_KEY": "bench",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}"})
    with app.app_context():
        upgrade()
        campaign = Campaign(slug="b", name="b", year=2026, mode="both", opens=date.today(),
                            closes=date.today(), questionnaire=ensure_questionnaire(),
                            languages=["sv"], areas=[])
        db.session.add(campaign)
        db.session.flush()
        rng = random.Random(1)
        rows = []
        for _ in range(n):
            answers: dict = {"trygg_kvall": 2}
            if rng.random() < 0.1:
                answers["otrygg_plats"] = {"area": "A", "lat": 57.6 + rng.random() / 100,
                                           "lng": 14.7}
            rows.append({"campaign_id": campaign.id, "channel": "invitation", "language": "sv",
                         "area_code": "A", "answers": answers, "status": "complete",
                         "submitted_on": date.today()})
        db.session.execute(sa.insert(Response), rows)
        db.session.commit()
        for label, run in (("survey_points", lambda: len(survey_points(campaign, ["A"]))),
                           ("open_count", lambda: open_count(campaign))):
            times, found = [], 0
            for _ in range(3):
                start = time.perf_counter()
                found = run()
                times.append(time.perf_counter() - start)
            print(f"{label}: {found} found, {min(times):.3f} / {statistics.median(times):.3f}"
                  f" / {max(times):.3f} s")


if __name__ == "__main__":
    main()
