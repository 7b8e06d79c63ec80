"""Walks and actions under load: observation posts, protocol, GeoJSON/CSV export and /atgarder.

Fresh SQLite database (WAL) with the demo data, then through the Flask test client (no network):
- ``--observations`` participants' observation POSTs on one walk (form parsing, checks, insert,
  one commit each), timed per request;
- the protocol page, the GeoJSON and the CSV export of that walk (median of ``--runs``);
- ``--actions`` actions, each linked to two observations, and the public page /atgarder
  (all areas and one area).
Usage: .venv/bin/python -m bench.walks.exports [--observations 1000] [--actions 500] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import insert, select

from surveyapp import create_app
from surveyapp.actions.models import Action, action_observation
from surveyapp.auth.models import User
from surveyapp.db import db
from surveyapp.demo import load_demo
from surveyapp.walks.models import Observation, Walk

PASSWORD = "bench password long enough"


def _token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _median_ms(call, runs: int) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        response = call()
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
        size = len(response.data)
    return statistics.median(times), size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--observations", type=int, default=1000)
    parser.add_argument("--actions", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False,
                      "SESSION_COOKIE_SECURE": False,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}"})
    with app.app_context():
        upgrade()
        load_demo(date.today(), codes=4)
        user = User(email="leader@bench.se", roles=["walk_leader", "action_owner"])
        user.set_password(PASSWORD)
        db.session.add(user)
        area_id = db.session.scalar(select(Walk.area_id))
        walk = Walk(area_id=area_id, date=date.today(), meeting_point="Torget",
                    join_code="BENCH2", status="open", leader_id=None)
        db.session.add(walk)
        db.session.commit()
        walk_id = walk.id

    participant = app.test_client()
    participant.post("/vandring", data={"csrf_token": _token(participant.get("/vandring").text),
                                        "code": "BENCH2"})
    token = _token(participant.get("/vandring/observera").text)
    rng = random.Random(1)
    times = []
    for number in range(args.observations):
        data = {"csrf_token": token, "category": rng.choice(["belysning", "vegetation", "annat"]),
                "description": f"Observation {number}: mörkt och skymd sikt " * 3,
                "severity": str(rng.randint(1, 3)), "proposal": "Mer ljus",
                "lat": f"{57.63 + rng.random() * 0.02:.6f}",
                "lng": f"{14.66 + rng.random() * 0.03:.6f}",
                "place_description": ""}
        start = time.perf_counter()
        response = participant.post("/vandring/observera", data=data)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 302
    times.sort()
    print(f"observation POST: median {statistics.median(times):.1f} ms, "
          f"p95 {times[int(len(times) * 0.95)]:.1f} ms over {len(times)}")

    with app.app_context():
        ids = list(db.session.scalars(select(Observation.id).where(Observation.walk_id == walk_id)))
        rows = [{"title": f"Åtgärd {n}", "description": "", "responsible_actor": "forvaltning",
                 "status": ["proposed", "planned", "in_progress", "done"][n % 4],
                 "public_feedback": "Vi byter lampor och klipper buskar. " * 4,
                 "area_id": area_id, "updated_on": date.today()} for n in range(args.actions)]
        db.session.execute(insert(Action), rows)
        action_ids = list(db.session.scalars(select(Action.id)))
        links = [{"action_id": a, "observation_id": ids[(2 * n + k) % len(ids)]}
                 for n, a in enumerate(action_ids) for k in (0, 1)]
        db.session.execute(insert(action_observation), links)
        db.session.commit()

    staff = app.test_client()
    staff.post("/login", data={"csrf_token": _token(staff.get("/login").text),
                               "email": "leader@bench.se", "password": PASSWORD})
    public = app.test_client()
    results = {
        "protocol": _median_ms(lambda: staff.get(f"/staff/walks/{walk_id}/protocol"), args.runs),
        "GeoJSON": _median_ms(lambda: staff.get(f"/staff/walks/{walk_id}.geojson"), args.runs),
        "CSV": _median_ms(lambda: staff.get(f"/staff/walks/{walk_id}.csv"), args.runs),
        "/atgarder": _median_ms(lambda: public.get("/atgarder"), args.runs),
        "/atgarder?area=": _median_ms(lambda: public.get("/atgarder?area=0682R001"), args.runs),
    }
    for name, (ms, size) in results.items():
        print(f"{name}: {ms:.0f} ms, {size / 1024:.0f} KiB")
    features = json.loads(staff.get(f"/staff/walks/{walk_id}.geojson").data)["features"]
    assert len(features) == args.observations


if __name__ == "__main__":
    main()
