#!/usr/bin/env bash
# Vector-search benchmark, Paperboy side by side with the anchors (numpy exact, hnswlib, faiss HNSW
# and IVF), on the same vectors, queries and ground truth, one after the other in one run.
#
# usage: scripts/bench-vector.sh N [ENGINE...]   ENGINE: the anchors to run (default: all four)
#   N vectors of 384 dimensions from ../shared/anchors/gen_vectors.py (clustered, deterministic).
#   EF_CONSTRUCTION="200 100" runs Paperboy's HNSW once per value (default: 200, hnswlib's setting).
#   PAPERBOY_ONLY=1 skips the anchors (for a second Paperboy setting after a full run);
#   INDEXES="hnsw" skips Paperboy's exact search (default "flat hnsw"; exact at 1M takes minutes).
# Writes bench-results/vector-N.jsonl (one JSON line per engine) and prints a markdown table.
# Needs 1.5 GB of disk per million vectors under $ANCHORS_WORK (default /tmp/paperboy-anchors).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:?usage: bench-vector.sh N [ENGINE...]}; shift
anchors=$PWD/../shared/anchors
export ANCHORS_WORK=${ANCHORS_WORK:-/tmp/paperboy-anchors}
export PATH="/opt/swift/usr/bin:$PATH"
[[ -x $ANCHORS_WORK/venv/bin/python ]] || { echo "run 'bash $anchors/anchors.sh setup' first (hnswlib, faiss)" >&2; exit 2; }
swift build -c release --product paperboy >&2

data=$ANCHORS_WORK
[[ -f $data/vectors_$n.f32 ]] || bash "$anchors/anchors.sh" vectors "$n" >&2
mkdir -p bench-results
out=bench-results/vector-$n.jsonl
if [[ -z ${PAPERBOY_ONLY:-} ]]; then
  : > "$out"
  bash "$anchors/anchors.sh" vector "$n" "$@" | tee -a "$out" || true  # a failed anchor is reported; go on
fi
files=(--vectors "$data/vectors_$n.f32" --queries "$data/queries.f32" --groundtruth "$data/groundtruth_$n.i32")
if [[ ${INDEXES:-flat hnsw} == *flat* ]]; then
  .build/release/paperboy bench vector "${files[@]}" --index flat --json | tee -a "$out"
fi
if [[ ${INDEXES:-flat hnsw} == *hnsw* ]]; then
  for efc in ${EF_CONSTRUCTION:-200}; do
    .build/release/paperboy bench vector "${files[@]}" --index hnsw --ef-construction "$efc" --threads 2 --json | tee -a "$out"
  done
fi
python3 "$anchors/summarize.py" <(grep -v paperboy_flat "$out")
python3 - "$out" <<'PY'  # Paperboy's exact line, in the numpy row's format
import json, sys
for r in map(json.loads, open(sys.argv[1])):
    if r.get("engine") == "paperboy_flat":
        s = r["single_1thr"]
        print(f"| paperboy_flat exact | {r['n']:,} | f32 scan | 0 | {r['index_bytes'] / 1e6:,.0f} MB | - | exact | - "
              f"| {r['recall@10']:.3f} | {s['p50_ms']:.2f} / {s['p99_ms']:.2f} ms | {s['batch_qps_2thr']:.0f} |")
PY
