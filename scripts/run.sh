#!/usr/bin/env bash
# The README's first command: set up, build Paperboy (release) and serve the web site on
# http://127.0.0.1:8080 from ./paperboy.sqlite, loaded with the bundled demo papers on first run.
# Extra arguments go to `paperboy serve` (e.g. --port 9000, --host 0.0.0.0, --base-url URL).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="/opt/swift/usr/bin:$PATH"
swift build -c release --product paperboy
exec .build/release/paperboy serve "$@"
