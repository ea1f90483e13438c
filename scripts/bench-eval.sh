#!/usr/bin/env bash
# Search quality, every mode: `paperboy eval` on CACM, NFCorpus (../shared/corpus/ir_eval) and a
# known-item set built from the 74,728 real arXiv papers (3,000 abstracts without titles, 300 titles
# as queries). The evaluation databases are kept in $EVAL_WORK (default /tmp/paperboy-eval), so a
# second run skips the embedding (about 10 minutes per set on 2 cores the first time).
# usage: scripts/bench-eval.sh        Writes bench-results/eval-SET.json and prints the tables.
set -euo pipefail
cd "$(dirname "$0")/.."
work=${EVAL_WORK:-/tmp/paperboy-eval}
corpus=$PWD/../shared/corpus
bash scripts/setup.sh
export PATH="/opt/swift/usr/bin:$PATH"
swift build -c release --product paperboy >&2
paperboy=.build/release/paperboy
$paperboy model fetch >&2
mkdir -p "$work" bench-results
[ -f "$work/known-item-3000/corpus.jsonl" ] || \
  $paperboy eval known-item "$corpus/arxiv_metadata/daily_arxiv_ai_enhanced/papers.jsonl.gz" --papers 3000 --queries 300 --out "$work/known-item-3000"
for set in "$corpus/ir_eval/cacm" "$corpus/ir_eval/nfcorpus_test" "$work/known-item-3000"; do
  name=$(basename "$set")
  $paperboy eval "$set" --db "$work/$name.sqlite" --json > "bench-results/eval-$name.json"
  $paperboy eval "$set" --db "$work/$name.sqlite"
done
