"""Build step for the wheel: compiled catalogs and the vendored map libraries go into the package.

``pip install .`` (or a built wheel) then serves every language and every map without the
checkout's ``translations/`` and ``node_modules/`` folders. Editable installs read those folders
in place, so the step is skipped for them.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
# The npm packages' folders the app serves (surveyapp/geo/maps.py PACKAGES).
VENDORED = ("leaflet/dist", "leaflet.markercluster/dist", "leaflet.heat/dist")


class BuildWithAssets(build_py):
    """``build_py`` that also compiles the catalogs and copies the map libraries."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        package = Path(self.build_lib) / "surveyapp"
        self._compile_catalogs(package / "translations")
        self._copy_vendored(package / "vendor")

    @staticmethod
    def _compile_catalogs(target: Path) -> None:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po in sorted((ROOT / "translations").glob("*/LC_MESSAGES/messages.po")):
            out = target / po.relative_to(ROOT / "translations").with_suffix(".mo")
            out.parent.mkdir(parents=True, exist_ok=True)
            with po.open("rb") as source:
                catalog = read_po(source, locale=po.parts[-3])
            with out.open("wb") as mo:
                write_mo(mo, catalog)

    @staticmethod
    def _copy_vendored(target: Path) -> None:
        for folder in VENDORED:
            source = ROOT / "node_modules" / folder
            if not source.is_dir():
                sys.exit(f"{source} is missing: run `npm ci --omit=dev` before building the wheel")
            shutil.copytree(source, target / folder, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithAssets})
