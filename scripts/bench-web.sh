#!/usr/bin/env bash
# Web load benchmark: wrk (64 connections, 2 threads, loopback) against `paperboy serve` on the
# 74,728-paper corpus, and against nginx serving the same feed page as a static file on the same
# machine in the same run (the ceiling for this machine).
#
# usage: scripts/bench-web.sh [SECONDS]      (default 15 s per route)
#   BENCH_DB=FILE   serve a copy of this database (and its vector index) instead of a fresh ingest
#                   of the corpus: hybrid search needs one whose papers are embedded (`paperboy embed`).
# Writes bench-results/web.jsonl (one JSON line per target) and prints a markdown table.
# Needs wrk and nginx (Debian packages; installed here when missing). SCRATCH names the build
# folder (default .build).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
seconds=${1:-15}
corpus=$root/../shared/corpus/arxiv_metadata/daily_arxiv_ai_enhanced/papers.jsonl.gz
bash scripts/setup.sh
for tool in wrk nginx; do
  command -v "$tool" >/dev/null || [[ -x /usr/sbin/$tool ]] || { sudo=""; [[ $(id -u) -eq 0 ]] || sudo=sudo
    $sudo apt-get install -y -qq "$tool" >/dev/null; }
done
export PATH="/opt/swift/usr/bin:/usr/sbin:$PATH"
scratch=${SCRATCH:-.build}
swift build -c release --product paperboy --scratch-path "$scratch" >&2
paperboy=$root/$scratch/release/paperboy

work=$(mktemp -d /tmp/paperboy-bench-web.XXXXXX)
chmod 755 "$work"  # nginx's workers run as another user and must read the page
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

if [[ -n ${BENCH_DB:-} ]]; then
  # A consistent copy even while another process embeds into it; the saved vector index beside it
  # is checked against the copy at start and rebuilt if it does not match.
  "$paperboy" backup --db "$BENCH_DB" "$work/bench.sqlite" >&2
  for f in vectors vectors.json; do [[ -f $BENCH_DB.$f ]] && cp "$BENCH_DB.$f" "$work/bench.sqlite.$f"; done
  # One search by meaning builds the vector index and saves it beside the copy (when the saved one
  # does not match), so that both servers below start from the file instead of building it twice.
  "$paperboy" search --db "$work/bench.sqlite" --mode semantic --limit 1 "warm up" > /dev/null
else
  "$paperboy" ingest --quiet --no-embed --db "$work/bench.sqlite" "$corpus" >&2
fi
# Many different searches (2 or 3 words of real titles), so that no cache answers them.
python3 - "$work/bench.sqlite" > "$work/queries.txt" <<'PY'
import random, re, sqlite3, sys
titles = [t for (t,) in sqlite3.connect(sys.argv[1]).execute("SELECT title FROM paper ORDER BY pk")]
random.seed(7)
small = {"a", "an", "the", "of", "for", "and", "in", "on", "with", "to", "via", "from", "by", "is", "are", "at", "as"}
for title in random.sample(titles, 2000):
    words = [w.lower() for w in re.findall(r"[A-Za-z]{3,}", title) if w.lower() not in small]
    if len(words) >= 2: print("+".join(words[:random.choice((2, 3))]))
PY
cat > "$work/queries.lua" <<LUA
local queries, n = {}, 0
init = function(args)
  for line in io.lines("$work/queries.txt") do queries[#queries + 1] = line end
  n = math.random(#queries)
end
request = function()
  n = n % #queries + 1
  return wrk.format("GET", wrk.path .. queries[n])
end
LUA
port=18080 static=18081 uncached=18082
"$paperboy" serve --no-harvest --db "$work/bench.sqlite" --port "$port" > "$work/serve.log" 2>&1 &
pids+=($!)
# A second server that renders every request (no micro-cache): the cost of a page itself.
"$paperboy" serve --no-harvest --db "$work/bench.sqlite" --port "$uncached" --cache-seconds 0 > "$work/serve-uncached.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && curl -sf "http://127.0.0.1:$uncached/healthz" >/dev/null && break; sleep 0.2; done
base=http://127.0.0.1:$port

# The same feed page, served by nginx as a file.
mkdir -p "$work/www"
curl -sf "$base/" > "$work/www/index.html"
cat > "$work/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  server { listen 127.0.0.1:$static; root $work/www; location / { index index.html; } }
}
CONF
nginx -c "$work/nginx.conf" -p "$work" -g "daemon off;" &
pids+=($!)
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$static/" >/dev/null && break; sleep 0.1; done

paper=$(curl -sf "$base/api/daily_papers?limit=1" | python3 -c "import json,sys; print(json.load(sys.stdin)[0]['paper']['id'])")
mkdir -p bench-results
out=bench-results/web.jsonl
: > "$out"
run() {  # name url [wrk options]; CONNECTIONS=n (default 64) for fewer
  local connections=${CONNECTIONS:-64}
  local log; log=$(wrk -t"$(( connections < 2 ? 1 : 2 ))" -c"$connections" -d"${seconds}s" --latency "${@:3}" "$2")
  echo "$log" > "$work/wrk-last.txt"
  python3 - "$1" "$2" "$(wc -c < "$work/www/index.html")" "$log" "$connections" <<'PY' | tee -a "$out"
import json, re, sys, urllib.parse
name, url, page_bytes, log, connections = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
parts = urllib.parse.urlsplit(url)
def ms(text):
    if not re.match(r"[\d.]+(us|ms|s|m)", text):
        sys.exit(f"cannot read wrk's output for {name}:\n{log}")
    value, unit = re.match(r"([\d.]+)(us|ms|s|m)", text).groups()
    return round(float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit], 2)
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", log).group(1))
# Percentile lines only ("66.50%" ends a Req/Sec line too).
p50 = ms(re.search(r"^\s+50%\s+(\S+)", log, re.M).group(1))
p99 = ms(re.search(r"^\s+99%\s+(\S+)", log, re.M).group(1))
errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", log))
non2xx = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", log)) else 0
print(json.dumps({"target": name, "cached": not name.startswith("uncached"), "url": parts.path + ("?" + parts.query if parts.query else ""), "requests_per_s": round(rps),
                  "p50_ms": p50, "p99_ms": p99, "errors": errors + non2xx, "connections": connections, "feed_page_bytes": page_bytes}))
PY
}
run "nginx static feed page" "http://127.0.0.1:$static/index.html"
run "feed page /" "$base/"
run "paper page" "$base/papers/$paper"
run "API daily papers" "$base/api/daily_papers"
run "keyword search page" "$base/search?q=diffusion+model"
run "keyword search API" "$base/api/papers/search?q=graph+neural+network"
run "hybrid search page" "$base/search?q=diffusion+model&mode=hybrid"
run "hybrid search API" "$base/api/papers/search?q=graph+neural+network&mode=hybrid"
# Different queries on every request: nothing is reused but the query vectors of repeated ones.
queries=$(wc -l < "$work/queries.txt")
run "keyword search API, $queries different queries" "$base/api/papers/search?mode=keyword&q=" -s "$work/queries.lua"
run "hybrid search API, $queries different queries" "$base/api/papers/search?mode=hybrid&q=" -s "$work/queries.lua"
# One search at a time: the end-to-end latency of a hybrid search (encode the query, both
# retrievals, fusion, the records), what the search-by-meaning issue sets p50 and p99 targets for.
CONNECTIONS=1 run "hybrid search API, different queries, one connection" "http://127.0.0.1:$uncached/api/papers/search?mode=hybrid&q=" -s "$work/queries.lua"
for route in "/" "/papers/$paper" "/api/daily_papers" "/search?q=diffusion+model"; do
  run "uncached $route" "http://127.0.0.1:$uncached$route"
done
python3 - "$out" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
ceiling = rows[0]["requests_per_s"]
print("\n| target | path | connections | requests/s | % of nginx static | p50 ms | p99 ms | errors |")
print("|---|---|---:|---:|---:|---:|---:|---:|")
for r in rows:
    print(f"| {r['target']} | `{r['url']}` | {r['connections']} | {r['requests_per_s']:,} | {100 * r['requests_per_s'] / ceiling:.0f}% | {r['p50_ms']} | {r['p99_ms']} | {r['errors']} |")
PY
