#!/usr/bin/env bash
# Parsing benchmark: lines → papers of the arXiv JSON Lines parser alone (no database), in CPU
# seconds (all threads) and lines per CPU second, over
#   - the 74,728 real papers of ../shared/corpus (daily-arXiv JSON Lines, gzip), and
#   - the first N lines of the synthetic Kaggle snapshot file (default 200,000).
# CPU time is the figure to compare: wall time depends on what else the machine runs.
# --digest hashes every resulting paper and skip message (an untimed pass), so that two builds can
# be shown to give the same results.
# usage: scripts/bench-parse.sh [N] [--digest]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
n=${1:-200000}
digest=${2:-}
export ANCHORS_WORK=${ANCHORS_WORK:-/tmp/paperboy-anchors}
export PATH="/opt/swift/usr/bin:$PATH"
swift build -c release --product paperboy >&2

kaggle=$ANCHORS_WORK/kaggle_1000000.jsonl
[[ -f $kaggle ]] || { echo "needs $kaggle: run scripts/bench-ingest.sh once" >&2; exit 1; }
slice=$(mktemp --suffix=.jsonl)
trap 'rm -f "$slice"' EXIT
head -n "$n" "$kaggle" > "$slice"

mkdir -p bench-results
out=bench-results/parse.jsonl
: > "$out"
.build/release/paperboy bench parse --passes 3 $digest "$root/../shared/corpus/arxiv_metadata/daily_arxiv_ai_enhanced/papers.jsonl.gz" | tee -a "$out"
.build/release/paperboy bench parse --passes 3 $digest "$slice" | tee -a "$out"
