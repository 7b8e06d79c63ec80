"""Import of a DeSO-sized GeoPackage: 6 000 areas in SWEREF 99 TM (EPSG:3006).

Generates the file once (100 × 60 areas of 1 km², wiggly shared borders, ~4 × 50 vertices a
border, as ``tests/surveyapp/gis_data.py`` makes them), then imports it ``--runs`` times, each
in a fresh process with a fresh SQLite database (``flask db upgrade``): read (pyogrio), check,
coverage-simplify (2 m), reproject (pyproj) and store. Peak memory is the process's VmHWM
(resident set high-water mark, so GDAL/GEOS/PROJ allocations count), also given above the
process's size just before the import. The baseline, in the same run, is the same areas as a
WGS84 GeoJSON file imported without simplification (the only format the app took before).

Run: ``.venv/bin/python -m bench.areas.gpkg_import [--runs 3] [--columns 100 --rows 60]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import shapely
from pyproj import Transformer


def _vm(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def child(path: Path, simplify: float) -> None:
    """One import in this process; prints its numbers as JSON."""
    from flask_migrate import upgrade

    from surveyapp import create_app
    from surveyapp.db import db
    from surveyapp.geo.areafile import AreaOptions
    from surveyapp.geo.services import import_areas, parse_areas

    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"SECRET_KEY": "bench", "SESSION_COOKIE_SECURE": False,
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db"})
        with app.app_context():
            upgrade()
        raw = path.read_bytes()
        before = _vm("VmRSS")
        with app.test_request_context():
            start, cpu = time.perf_counter(), time.process_time()
            parsed = parse_areas(raw, "deso", path.name, AreaOptions(simplify_m=simplify))
            parse_s, parse_cpu = time.perf_counter() - start, time.process_time() - cpu
            vertices = sum(len(ring) for a in parsed for ring in _rings(a.geometry))
            del parsed
            start, cpu = time.perf_counter(), time.process_time()
            result = import_areas(raw, "deso", filename=path.name,
                                  options=AreaOptions(simplify_m=simplify))
            db.session.commit()
            import_s, import_cpu = time.perf_counter() - start, time.process_time() - cpu
        print(json.dumps({"parse_s": parse_s, "import_s": import_s, "parse_cpu": parse_cpu,
                          "import_cpu": import_cpu, "areas": len(result.created),
                          "vertices": vertices, "rss_before_mb": before,
                          "peak_mb": _vm("VmHWM"), "file_mb": len(raw) / 2**20}))


def _rings(geometry: dict) -> list:
    parts = [geometry["coordinates"]] if geometry["type"] == "Polygon" else \
        geometry["coordinates"]
    return [ring for polygon in parts for ring in polygon]


def make_files(folder: Path, columns: int, rows: int) -> tuple[Path, Path]:
    """The GeoPackage (EPSG:3006) and the same areas as WGS84 GeoJSON."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from tests.surveyapp.gis_data import codes, coverage, write_layer

    polygons = coverage(columns, rows, west=400_000, south=6_300_000, points_per_edge=50,
                        wiggle=40)
    names = codes(len(polygons))
    gpkg = write_layer(folder / "DeSO_bench.gpkg", polygons,
                       {"deso": names, "kommun": [n[:4] for n in names]}, "EPSG:3006")
    to_wgs84 = Transformer.from_crs("EPSG:3006", "EPSG:4326", always_xy=True)
    wgs84 = shapely.transform(np.array(polygons, dtype=object),
                              lambda xy: np.column_stack(to_wgs84.transform(*xy.T)))
    features = [{"type": "Feature", "properties": {"deso": n},
                 "geometry": json.loads(g)} for n, g in zip(names, shapely.to_geojson(wgs84),
                                                             strict=True)]
    geojson = folder / "DeSO_bench.geojson"
    geojson.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return gpkg, geojson


def _runs(path: Path, simplify: float, count: int) -> list[dict]:
    out = []
    for _ in range(count):
        done = subprocess.run([sys.executable, "-m", "bench.areas.gpkg_import", "--child",
                               str(path), "--simplify", str(simplify)],
                              capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(done.stderr[-3000:])
        out.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return out


def _summary(label: str, runs: list[dict]) -> str:
    def mmm(key: str, digits: int = 2) -> str:
        values = [r[key] for r in runs]
        return " / ".join(f"{v:.{digits}f}" for v in (min(values), statistics.median(values),
                                                     max(values)))
    first = runs[0]
    return (f"| {label} | {first['file_mb']:.1f} MB | {first['areas']} | {first['vertices']} | "
            f"{mmm('parse_s')} | {mmm('import_s')} | {mmm('import_cpu')} | {mmm('peak_mb', 0)} | "
            f"{mmm('rss_before_mb', 0)} |")


def main() -> None:
    """Generate the files, run the imports, print the table for bench/README.md."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", type=Path)
    parser.add_argument("--simplify", type=float, default=2.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--columns", type=int, default=100)
    parser.add_argument("--rows", type=int, default=60)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.simplify)
        return
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        gpkg, geojson = make_files(Path(folder), args.columns, args.rows)
        print(f"generated in {time.perf_counter() - start:.1f} s")
        main_runs = _runs(gpkg, args.simplify, args.runs)
        base_runs = _runs(geojson, 0.0, args.runs)
    print("| file | size | areas | vertices stored | read+check+simplify+reproject s "
          "(min / median / max) | whole import incl. store s | its CPU s | peak RSS MB | "
          "RSS before MB |")
    print("|---|---|---|---|---|---|---|---|---|")
    print(_summary(f"GeoPackage EPSG:3006, simplify {args.simplify:g} m", main_runs))
    print(_summary("baseline: GeoJSON WGS84, no simplification", base_runs))
    ratio = statistics.median(r["import_s"] for r in main_runs) / statistics.median(
        r["import_s"] for r in base_runs)
    print(f"ratio (median import time GeoPackage / baseline): {ratio:.2f}")
    print(f"load average at the end: {Path('/proc/loadavg').read_text().split()[:3]}")


if __name__ == "__main__":
    main()
