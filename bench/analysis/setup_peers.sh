#!/usr/bin/env bash
# Creates bench/analysis/.venv-peers with the peer libraries the raking benchmark compares
# against (balance, samplics) plus this project's runtime deps. Not used by the test suite.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
python="${PYTHON:-python3}"
"$python" -m venv "$here/.venv-peers"
"$here/.venv-peers/bin/python" -m pip install --quiet --upgrade pip
"$here/.venv-peers/bin/python" -m pip install --quiet numpy scipy pandas balance samplics
"$here/.venv-peers/bin/python" -c "import balance, samplics; print('balance', balance.__version__, 'samplics', samplics.__version__)"
