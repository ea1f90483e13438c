#!/usr/bin/env bash
# Creates the light virtualenv that the keyword anchors need (FTS5 through Python's sqlite3,
# tantivy, bm25s) at the versions of ../shared/anchors/requirements-lock.txt, without the
# PyTorch/ONNX stack that `anchors.sh setup` installs for the encoder anchors (about 6 GB).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
lock=$here/../shared/anchors/requirements-lock.txt
export ANCHORS_WORK=${ANCHORS_WORK:-/tmp/paperboy-anchors}
venv=${ANCHORS_VENV:-$ANCHORS_WORK/venv}
mkdir -p "$ANCHORS_WORK"
[[ -x $venv/bin/python ]] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q -c "$lock" tantivy bm25s numpy psutil threadpoolctl scipy >&2
echo "$venv"
