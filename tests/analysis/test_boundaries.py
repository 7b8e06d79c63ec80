"""The analysis package stays a pure library: no web framework, no database, no file I/O."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "analysis"


def test_import_pulls_in_no_flask_or_sqlalchemy():
    code = ("import sys, analysis; bad = [m for m in sys.modules if m.split('.')[0] in "
            "('flask', 'sqlalchemy', 'flask_sqlalchemy')]; assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=PACKAGE.parent)


def test_no_file_io_in_sources():
    forbidden = ("open(", "read_csv", "to_csv", "Path(", "read_excel", "to_excel")
    for source in PACKAGE.rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        assert not [f for f in forbidden if f in text], source
