#!/usr/bin/env bash
# Embedding benchmark, Paperboy's encoder side by side with the anchors (sentence-transformers on
# PyTorch, ONNX Runtime fp32 and int8, 2 threads each) on the same 1,000 texts and the same query,
# one after the other in one run. Paperboy runs its exact path (float32) and its fast path
# (`--fast`: bfloat16 linear layers), reported as backends `paperboy` and `paperboy-fast`.
# usage: scripts/bench-embed.sh        (first run: `bash ../shared/anchors/anchors.sh setup`, ~6 GB)
# Writes bench-results/embed.jsonl and prints the anchors' markdown tables.
set -euo pipefail
cd "$(dirname "$0")/.."
anchors=$PWD/../shared/anchors
export ANCHORS_WORK=${ANCHORS_WORK:-/tmp/paperboy-anchors}
bash scripts/setup.sh
export PATH="/opt/swift/usr/bin:$PATH"
swift build -c release --product paperboy >&2
model=${PAPERBOY_MODEL_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/paperboy/models/all-MiniLM-L6-v2}
.build/release/paperboy model fetch --model-dir "$model" >&2

mkdir -p bench-results
out=bench-results/embed.jsonl
: > "$out"
# PyTorch at its best batch sizes (16 and 32 here) and ONNX Runtime int8: the figures the targets name.
for b in 16 32; do bash "$anchors/anchors.sh" embed st throughput "$b" | tee -a "$out"; done
bash "$anchors/anchors.sh" embed ort_int8 throughput 32 | tee -a "$out"
for backend in st ort_int8; do bash "$anchors/anchors.sh" embed "$backend" latency | tee -a "$out"; done
bench() { .build/release/paperboy bench embed --model-dir "$model" --seed ../shared/fixtures/seed-papers.jsonl "$@" | tee -a "$out"; }
for b in 16 32; do bench --mode throughput --batch "$b"; done
bench --mode throughput --batch 32 --fast
bench --mode latency
bench --mode latency --fast
python3 "$anchors/summarize.py" "$out"
