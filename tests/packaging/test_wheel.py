"""The built wheel, installed outside the checkout, serves every language and the map libraries.

The test builds the wheel from this checkout (no build isolation, so it runs offline), installs it
into a folder of its own and runs the app from there in a subprocess: the checkout's
``translations/`` and ``node_modules/`` are not on that interpreter's path.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]

PROBE = r"""
import json, sys
import surveyapp
from flask_migrate import upgrade
from surveyapp import create_app

app = create_app({"TESTING": True, "SECRET_KEY": "wheel-test",
                  "SQLALCHEMY_DATABASE_URI": "sqlite:///" + sys.argv[1]})
with app.app_context():
    upgrade()
client = app.test_client()
asked = json.loads(sys.argv[2])
pages = {lang: client.get(f"/?lang={lang}").get_data(as_text=True) for lang in asked}
leaflet = client.get("/vendor/leaflet/leaflet.js")
print(json.dumps({
    "package": surveyapp.__file__,
    "leaflet_status": leaflet.status_code,
    "leaflet_bytes": len(leaflet.get_data()),
    "found": {lang: asked[lang] in page for lang, page in pages.items()},
}))
"""


def _translated_front_page_text() -> dict[str, str]:
    """For each catalog, the translation of a message the front page shows (the page's title)."""
    texts = {}
    for po in sorted((ROOT / "translations").glob("*/LC_MESSAGES/messages.po")):
        with po.open("rb") as handle:
            catalog = read_po(handle)
        message = catalog.get("Skip to content")
        if message is not None and message.string and message.string != message.id:
            texts[po.parts[-3]] = message.string
    return texts


@pytest.mark.skipif(not (ROOT / "node_modules" / "leaflet").is_dir(),
                    reason="node_modules missing: run scripts/setup.sh --dev")
def test_built_wheel_serves_every_language_and_the_map_libraries(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "--disable-pip-version-check", "-w", str(wheels),
                    str(ROOT)], check=True, cwd=tmp_path)
    (wheel,) = wheels.glob("surveyapp-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "surveyapp/vendor/leaflet/dist/leaflet.js" in names
    assert "surveyapp/translations/sv/LC_MESSAGES/messages.mo" in names

    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--disable-pip-version-check", "--target", str(site), str(wheel)],
                   check=True, cwd=tmp_path)
    texts = _translated_front_page_text()
    assert {"sv", "ar", "ti"} <= texts.keys()
    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop("NODE_MODULES", None)
    probe = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path / "app.db"),
                            json.dumps(texts)], check=True, cwd=tmp_path, env=env,
                           capture_output=True, text=True)
    result = json.loads(probe.stdout.strip().splitlines()[-1])

    assert Path(result["package"]).is_relative_to(site)
    assert result["leaflet_status"] == 200
    assert result["leaflet_bytes"] > 100_000
    assert result["found"] == {lang: True for lang in texts}
