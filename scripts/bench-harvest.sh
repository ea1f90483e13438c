#!/usr/bin/env bash
# Harvest benchmark: `paperboy harvest` of all three sources (OAI-PMH, arXiv API, Hugging Face) on a
# fresh database, against scripts/harvest-replay-server.py, which replays the recorded answers on
# loopback (a 503 with Retry-After: 10 first, resumption-token pages, overlapping Atom pages, two
# daily-papers days), at the real politeness delay. All three stand-ins share one host, so every
# request waits for the one before: the floor is the sum of the waits the rules impose
# (Retry-After, then DELAY between requests), and Paperboy's own cost is what the run takes beyond it.
#
# usage: scripts/bench-harvest.sh [DELAY]     (seconds between requests; default 3, arXiv's rule)
# CONFIG=debug uses the debug build (default release). Appends a JSON line to bench-results/harvest.jsonl
# and prints a markdown row.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
delay=${1:-3}
config=${CONFIG:-release}
export PATH="/opt/swift/usr/bin:$PATH"
swift build -c "$config" --product paperboy >&2
paperboy=$root/.build/$config/paperboy

work=$(mktemp -d /tmp/paperboy-bench-harvest.XXXXXX)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

python3 scripts/harvest-replay-server.py --log "$work/requests.jsonl" > "$work/port" &
pids+=($!)
for _ in $(seq 1 100); do [[ -s $work/port ]] && break; sleep 0.1; done
base="http://127.0.0.1:$(awk '/PORT/ {print $2}' "$work/port")"

cpu() { awk '/^cpu / {print $2+$3+$4+$7+$8, $2+$3+$4+$5+$6+$7+$8}' /proc/stat; }  # busy total (jiffies)
read -r busy0 total0 < <(cpu)
status=0
/usr/bin/time -f "%e %U %S %M" -o "$work/time" "$paperboy" harvest --db "$work/harvest.sqlite" --quiet --no-embed \
  --source oai --source arxiv-api --source huggingface --oai-url "$base/oai" --arxiv-api-url "$base/api" --hf-url "$base/hf" \
  --page-size 10 --delay "$delay" --contact bench@example.org 2> "$work/harvest.err" || status=$?
read -r busy1 total1 < <(cpu)
cat "$work/harvest.err" >&2
papers=$("$paperboy" stats --db "$work/harvest.sqlite" --json | python3 -c "import json, sys; print(json.load(sys.stdin)['papers'])")

python3 - "$work/requests.jsonl" "$work/time" "$delay" "$papers" "$status" $((busy1 - busy0)) $((total1 - total0)) "$(getconf CLK_TCK)" "$config" <<'PY' | tee -a bench-results/harvest.jsonl
import datetime, json, os, sys
log, timing, delay, papers, status, busy, total, tick, config = sys.argv[1:]
requests = [json.loads(line) for line in open(log)]
wall, user, system, peak_kb = open(timing).read().split()[:4]
gaps = [b["t"] - a["t"] for a, b in zip(requests, requests[1:])]
# The waits the rules impose: Retry-After after the 503 (the first request), DELAY after every other.
floor = 10.0 + float(delay) * (len(requests) - 2) if requests else 0.0
own = (float(user) + float(system)) * int(tick)
cores = os.cpu_count()
print(json.dumps({
    "bench": "harvest", "build": config, "at": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "delay_s": float(delay), "exit_status": int(status), "requests": len(requests),
    "by_path": {p: sum(r["path"] == p for r in requests) for p in sorted({r["path"] for r in requests})},
    "papers": int(papers), "wall_s": float(wall), "floor_s": floor, "beyond_floor_s": round(float(wall) - floor, 2),
    "min_gap_s": round(min(gaps), 3) if gaps else None, "cpu_s": round(float(user) + float(system), 2),
    "peak_mb": round(int(peak_kb) / 1024), "other_cpu": round(max(0.0, (int(busy) - own) / int(total)), 3) if int(total) else None,
    "loadavg": open("/proc/loadavg").read().split()[0], "cores": cores,
}))
PY
