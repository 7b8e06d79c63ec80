"""What a walk photo costs the server: ``clean_photo`` on phone-sized JPEGs (decode, turn
upright, shrink to 1 600 px, encode again without metadata), next to decoding alone (the
least any check of the picture must do) in the same run.

Photos are random pixels (as large as a real photo's file: 12 MP ≈ 9 MB at quality 92) with
EXIF and GPS, made once. Usage: .venv/bin/python -m bench.walks.photos [--runs 5]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import time

from PIL import Image

from surveyapp import create_app
from surveyapp.photos import clean_photo

SIZES = {"12 MP (4000×3000)": (4000, 3000), "3 MP (2000×1500)": (2000, 1500)}


def phone_jpeg(width: int, height: int) -> bytes:
    """Random pixels as a JPEG with EXIF make, model and a GPS position."""
    picture = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    exif = Image.Exif()
    exif[0x010F] = "Fairphone"
    exif[0x8825] = {1: "N", 2: (57.0, 38.0, 24.36), 3: "E", 4: (14.0, 40.0, 16.32)}
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=92, exif=exif.tobytes())
    return out.getvalue()


def timed(work, runs: int) -> list[float]:
    """Wall-clock seconds of ``runs`` calls."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return times


def cell(values: list[float]) -> str:
    """min / median / max of ``values``."""
    return " / ".join(f"{v:.3f}" for v in (min(values), statistics.median(values), max(values)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    app = create_app({"TESTING": True, "SECRET_KEY": "bench",
                      "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    print(f"load average {os.getloadavg()[0]:.1f}; {runs} runs each")
    print("| photo | file | decode only (min/median/max) | clean_photo (min/median/max) | ratio |")
    print("|---|---|---|---|---|")
    with app.test_request_context():
        for name, (width, height) in SIZES.items():
            raw = phone_jpeg(width, height)
            decode = timed(lambda raw=raw: Image.open(io.BytesIO(raw)).load(), runs)
            clean = timed(lambda raw=raw: clean_photo(io.BytesIO(raw)), runs)
            size = len(clean_photo(io.BytesIO(raw)).data)

            ratio = statistics.median(clean) / statistics.median(decode)
            print(f"| {name} | {len(raw) / 1e6:.1f} MB → {size / 1e3:.0f} KB | {cell(decode)} s "
                  f"| {cell(clean)} s | {ratio:.2f} |")


if __name__ == "__main__":
    main()
