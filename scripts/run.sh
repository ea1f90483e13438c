#!/usr/bin/env bash
# The README's first command: set up, build Paperboy (release) and run it on its embedded default —
# ./paperboy.sqlite, loaded with the bundled demo papers on first run. Extra arguments are passed to
# `paperboy demo` (a search query).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="/opt/swift/usr/bin:$PATH"
swift build -c release --product paperboy
exec .build/release/paperboy demo "$@"
