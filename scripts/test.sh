#!/usr/bin/env bash
# The README's second command, and what CI runs: set up, then build and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="/opt/swift/usr/bin:$PATH"
swift build --build-tests
# The real model files, fetched once into the per-user cache and verified (SHA-256) on every run.
export PAPERBOY_TEST_MODEL_DIR=${PAPERBOY_TEST_MODEL_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/paperboy/models/all-MiniLM-L6-v2}
.build/debug/paperboy model fetch --model-dir "$PAPERBOY_TEST_MODEL_DIR"
swift test --skip-build
