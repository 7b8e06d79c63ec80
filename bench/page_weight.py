"""Page weight of every respondent page: HTML + CSS bytes, raw and gzip-compressed.

Run: .venv/bin/python -m bench.page_weight   (uses a throw-away SQLite database)
"""

from __future__ import annotations

import gzip
import re
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.conftest import make_test_app  # noqa: E402
from tests.surveyapp.respondent import FULL_PLAN, csrf, field_names  # noqa: E402

LIMIT = 30 * 1024


def measure(language: str = "sv") -> list[tuple[str, int, int]]:
    """(page, bytes, gzip bytes) for the start page, every question page and the thank-you page."""
    from surveyapp.db import db
    from surveyapp.demo import load_demo

    folder = tempfile.mkdtemp()
    app = make_test_app(f"sqlite:///{folder}/weight.db")
    with app.app_context():
        load_demo(date.today(), codes=4)
        db.session.commit()
    client = app.test_client()
    with client.get("/static/app.css") as stylesheet:
        css = stylesheet.get_data()
    rows = []

    def record(name: str, html: bytes) -> None:
        subresources = css if b"app.css" in html else b""
        rows.append((name, len(html) + len(subresources),
                     len(gzip.compress(html)) + len(gzip.compress(subresources))))

    start = client.get(f"/s/trygghet-2026?lang={language}")
    record("start", start.get_data())
    path = client.post("/s/trygghet-2026/start",
                       data={"csrf_token": csrf(start.get_data(as_text=True))}).location
    # the start answers with one redirect, straight to the first page
    for _ in range(20):
        html = client.get(path).get_data(as_text=True)
        record(re.sub(r".*/", "page ", path), html.encode())
        data = {"csrf_token": csrf(html), "action": "next"}
        data.update({n: FULL_PLAN[n] for n in field_names(html) if n in FULL_PLAN})
        posted = client.post(path, data=data)
        if posted.status_code in (302, 303) and posted.location.endswith("/thanks"):
            record("thanks", client.get(posted.location).get_data())
            break
        if posted.status_code in (302, 303):
            path = posted.location
    return rows


def main() -> int:
    worst = 0
    for language in ("sv", "ar", "ti"):
        print(f"\n{language}: page | HTML+CSS bytes | gzip bytes")
        for name, size, zipped in measure(language):
            worst = max(worst, size)
            print(f"  {name:8} | {size:6} | {zipped:5}")
    print(f"\nheaviest page {worst} bytes (limit {LIMIT})")
    return 0 if worst <= LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
