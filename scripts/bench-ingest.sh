#!/usr/bin/env bash
# Ingest benchmark: throughput (papers/s), peak memory and database size for
#   - the 74,728 real papers of ../shared/corpus (daily-arXiv JSON Lines, gzip), and
#   - N synthetic papers in the Kaggle snapshot format (default 1,000,000; all 14 fields).
# usage: scripts/bench-ingest.sh [N]
# Writes bench-results/ingest.jsonl and prints one line per run. Besides wall time it records the
# CPU seconds (user + system) of the whole process: this machine's speed swings by a third within
# minutes, and CPU per paper tells two builds apart better than one wall-clock run does.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
n=${1:-1000000}
export ANCHORS_WORK=${ANCHORS_WORK:-/tmp/paperboy-anchors}
export ANCHORS_VENV; ANCHORS_VENV=$(bash scripts/anchor-venv.sh)
bash scripts/setup.sh
export PATH="/opt/swift/usr/bin:$PATH"
swift build -c release --product paperboy >&2

if [[ ! -f $ANCHORS_WORK/kaggle_$n.jsonl ]]; then
  [[ -f $ANCHORS_WORK/corpus_$n.tsv ]] || bash ../shared/anchors/anchors.sh corpus "$n" >&2
  python3 scripts/make-kaggle-synthetic.py "$ANCHORS_WORK/corpus_$n.tsv" "$n" > "$ANCHORS_WORK/kaggle_$n.jsonl"
fi

mkdir -p bench-results
out=bench-results/ingest.jsonl
: > "$out"
measure() {  # name papers file
  local db; db=$(mktemp -d)/bench.sqlite
  # GNU time's last stderr line is "seconds peak-KB user system"; the summary line before it says what was stored.
  local log; log=$( { /usr/bin/time -f "%e %M %U %S" .build/release/paperboy ingest --quiet --no-embed --db "$db" "$3" 2>&1 >/dev/null; } || true)
  echo "$log" | grep -E '^(ingested|indexed)' >&2
  local t; t=$(echo "$log" | tail -1)
  local seconds kb user system
  read -r seconds kb user system <<< "$t"
  # The keyword engine's index is built at the end of the ingest; its own line says how long that took.
  local index_seconds; index_seconds=$(echo "$log" | sed -n 's/^indexed .* in \([0-9.]*\) s$/\1/p')
  local index_bytes; index_bytes=$(du -cb "$db".keyword | tail -1 | cut -f1)
  local bytes; bytes=$(( $(du -cb "$db"* | tail -1 | cut -f1) - index_bytes ))  # the database and its WAL
  python3 -c "import json,sys; s,k,b,n,i,ib,cpu=float(sys.argv[1]),int(sys.argv[2]),int(sys.argv[3]),int(sys.argv[4]),float(sys.argv[6] or 0),int(sys.argv[7]),float(sys.argv[8])+float(sys.argv[9]); print(json.dumps({'ingest':sys.argv[5],'papers':n,'seconds':s,'papers_per_s':round(n/s),'store_seconds':round(s-i,1),'store_papers_per_s':round(n/(s-i)),'index_seconds':i,'peak_rss_mb':round(k/1024,1),'db_bytes':b,'index_bytes':ib,'cpu_seconds':round(cpu,1),'cpu_us_per_paper':round(cpu*1e6/n,1)}))" \
    "$seconds" "$kb" "$bytes" "$2" "$1" "$index_seconds" "$index_bytes" "$user" "$system" | tee -a "$out"
  rm -rf "$(dirname "$db")"
}
measure real-74728 74728 "$root/../shared/corpus/arxiv_metadata/daily_arxiv_ai_enhanced/papers.jsonl.gz"
measure "kaggle-synthetic-$n" "$n" "$ANCHORS_WORK/kaggle_$n.jsonl"
