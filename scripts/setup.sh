#!/usr/bin/env bash
# Install everything the app needs into .venv (idempotent). Usage: scripts/setup.sh [--dev]
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$python" -m venv .venv
extras=""
[ "${1:-}" = "--dev" ] && extras="[dev]"
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extras}"
.venv/bin/pybabel -q compile -d translations
# the DOCX report's charts need a font to draw their texts (resvg reads the system's fonts)
if [ ! -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] && [ "$(id -u)" = 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core >/dev/null
fi
if [ "${1:-}" = "--dev" ]; then
  if ! command -v chromium >/dev/null 2>&1; then
    echo "Installing Debian's chromium for the browser tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
  npm ci --no-audit --no-fund --loglevel=error
else
  # map assets (Leaflet & plugins) are served by the app itself; keep test tools once installed
  [ -f node_modules/leaflet/dist/leaflet.js ] || npm ci --omit=dev --no-audit --no-fund --loglevel=error
fi
