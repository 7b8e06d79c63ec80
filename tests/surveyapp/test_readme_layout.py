"""README's layout section names every top-level entry, every app package and app module."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _layout() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("\n## Layout\n", 1)[1].split("\n## ", 1)[0]


def _tracked() -> list[str]:
    try:
        out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return out.splitlines()


def test_layout_names_every_top_level_entry_and_app_package():
    layout = _layout()
    files = _tracked()
    top = {path.split("/", 1)[0] for path in files}
    top -= {".ci"}
    top |= {".ci/run"} if ".ci/run" in files else set()
    missing = [name for name in sorted(top) if name not in layout]
    assert not missing, missing
    app_entries = {path.split("/")[1] for path in files
                   if path.startswith("surveyapp/") and path.count("/") >= 1}
    missing = [name for name in sorted(app_entries) if name not in layout]
    assert not missing, missing
    named_packages = {line.split()[0].rstrip("/") for line in layout.splitlines()
                      if line.startswith("      ") and line.split()[0].endswith("/")}
    real_packages = {name for name in app_entries if "." not in name}
    assert named_packages == real_packages
