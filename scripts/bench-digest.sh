#!/usr/bin/env bash
# E-mail digest benchmark: compose and deliver 10,000 digests to a local SMTP server (aiosmtpd,
# accepting and counting) over one connection and over a pool of 4, against the anchor: Python's
# smtplib sending the same 10,000 pre-rendered messages (taken from the outbox) to the same server
# over one connection, in the same run; then compose 100,000 digests without sending.
#
# usage: scripts/bench-digest.sh [DIGESTS] [COMPOSE_ONLY]     (default 10000 100000)
# Corpus: the 74,728-paper daily corpus (../shared/corpus), else the bundled demo papers.
# Prints a markdown table; SCRATCH names the build folder (default .build).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
count=${1:-10000}
composeOnly=${2:-100000}
bash scripts/setup.sh
export PATH="/opt/swift/usr/bin:$PATH"
scratch=${SCRATCH:-.build}
swift build -c release --product paperboy --scratch-path "$scratch" >&2
paperboy=$root/$scratch/release/paperboy

work=$(mktemp -d /tmp/paperboy-bench-digest.XXXXXX)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

corpus=$root/../shared/corpus/arxiv_metadata/daily_arxiv_ai_enhanced/papers.jsonl.gz
if [[ -f $corpus ]]; then
  "$paperboy" ingest --quiet --no-embed --db "$work/base.sqlite" "$corpus" >&2
else
  "$paperboy" demo --db "$work/base.sqlite" >/dev/null
fi
# The day with the most papers: a full digest for everyone.
day=$(python3 - "$work/base.sqlite" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(db.execute("SELECT coalesce(featuredOn, submittedDay) d FROM paper WHERE d IS NOT NULL GROUP BY d ORDER BY count(*) DESC LIMIT 1").fetchone()[0])
PY
)
python3 -c "import sys; [print(f'reader{i}@bench.example.org') for i in range(int(sys.argv[1]))]" "$count" > "$work/list.txt"
python3 -c "import sys; [print(f'reader{i}@bench.example.org') for i in range(int(sys.argv[1]))]" "$composeOnly" > "$work/list-big.txt"
# Each subscriber follows two saved searches besides trending: what a real digest holds.
"$paperboy" subscribers add --db "$work/base.sqlite" --from-file "$work/list.txt" --search "language models" --search "diffusion" >/dev/null

python3 scripts/smtp-test-server.py --out "$work/sink" --mode count-only > "$work/sink.port" &
pids+=($!)
for _ in $(seq 1 100); do [[ -s $work/sink.port ]] && break; sleep 0.1; done
port=$(awk '/PORT/ {print $2}' "$work/sink.port")

# Runs `digest send` on a fresh copy of the database under /usr/bin/time; prints its report lines.
send() {  # name pool
  cp "$work/base.sqlite" "$work/$1.sqlite"
  /usr/bin/time -f "peak %M KB" "$paperboy" digest send --db "$work/$1.sqlite" --date "$day" --base-url https://papers.example.org \
    --smtp-url "smtp://127.0.0.1:$port?pool=$2" > "$work/$1.out" 2> "$work/$1.err"
  cat "$work/$1.out" >&2; grep peak "$work/$1.err" >&2
}
send one 1
send pool 4

# The anchor: the same pre-rendered messages, through smtplib over one connection.
python3 - "$work/one.sqlite" "$port" > "$work/anchor.out" <<'PY'
import smtplib, sqlite3, sys, time
db = sqlite3.connect(sys.argv[1])
messages = db.execute("SELECT sender, recipient, message FROM outbox ORDER BY id").fetchall()
start = time.perf_counter()
with smtplib.SMTP("127.0.0.1", int(sys.argv[2])) as smtp:
    for sender, recipient, message in messages:
        smtp.sendmail(sender, [recipient], message)
elapsed = time.perf_counter() - start
print(f"{len(messages)} {elapsed:.3f}")
PY

# Composition alone, 100,000 digests, nothing stored or sent.
cp "$work/base.sqlite" "$work/big.sqlite"
"$paperboy" subscribers add --db "$work/big.sqlite" --from-file "$work/list-big.txt" --search "language models" --search "diffusion" >/dev/null
/usr/bin/time -f "peak %M KB" "$paperboy" digest send --db "$work/big.sqlite" --date "$day" --dry-run > "$work/big.out" 2> "$work/big.err"
tail -1 "$work/big.out" >&2; grep peak "$work/big.err" >&2

rate() { sed -n "s/.*$1 in [0-9.]* s (\([0-9]*\)\/s).*/\1/p" "$2" | head -1; }
peak() { sed -n 's/peak \([0-9]*\) KB/\1/p' "$1" | awk '{printf "%.0f MB", $1/1024}'; }
read -r anchorCount anchorSeconds < "$work/anchor.out"
anchorRate=$(python3 -c "print(round($anchorCount / $anchorSeconds))")
avgBytes=$(python3 -c "import sqlite3; print(round(sqlite3.connect('$work/one.sqlite').execute('SELECT avg(length(message)) FROM outbox').fetchone()[0]))")
echo
echo "Digest benchmark: $count digests as of $day (average message $avgBytes bytes), aiosmtpd on loopback; load: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
echo
echo "| What | Messages/s | vs anchor | Peak memory |"
echo "|---|---|---|---|"
echo "| smtplib, pre-rendered, 1 connection (anchor) | $anchorRate | 1.00× | – |"
for run in one:1 pool:4; do
  name=${run%%:*} pool=${run##*:}
  r=$(rate "Delivery: .*interrupted;" "$work/$name.out")
  echo "| paperboy delivery, $pool connection(s) | $r | $(python3 -c "print(f'{$r / $anchorRate:.2f}×')") | $(peak "$work/$name.err") |"
done
echo "| paperboy composition + storing in the outbox ($count) | $(rate "already queued.*composed" "$work/one.out") | – | (same run as above) |"
echo "| paperboy composition only ($composeOnly, --dry-run) | $(rate "not due yet; composed" "$work/big.out") | – | $(peak "$work/big.err") |"
