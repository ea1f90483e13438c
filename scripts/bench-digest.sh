#!/usr/bin/env bash
# E-mail digest benchmark: compose and deliver 10,000 digests to a local SMTP server over one
# connection and over a pool of 4, against the anchor: Python's smtplib sending the same 10,000
# pre-rendered messages (read back from the outbox) to the same server over one connection, in the
# same run; then compose 100,000 digests without sending.
#
# Two servers, each with its own anchor: Postfix's smtp-sink (C, one event loop, accepts and
# discards: it measures the clients, as it is made to) and aiosmtpd (Python, the server the tests
# use, one process on one core: there the server is the ceiling for every client).
#
# usage: scripts/bench-digest.sh [DIGESTS] [COMPOSE_ONLY]     (default 10000 100000)
# SINKS="smtp-sink aiosmtpd" chooses the servers; SCRATCH names the build folder (default .build).
# Corpus: the 74,728-paper daily corpus (../shared/corpus), else the bundled demo papers.
# Prints markdown tables.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
count=${1:-10000}
composeOnly=${2:-100000}
sinks=${SINKS:-smtp-sink aiosmtpd}
bash scripts/setup.sh
if [[ $sinks == *smtp-sink* ]] && [[ ! -x /usr/sbin/smtp-sink ]]; then
  # smtp-sink comes with Postfix; "No configuration" installs it without setting up a mail server.
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo="sudo"
  echo "postfix postfix/main_mailer_type select No configuration" | $sudo debconf-set-selections
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends postfix >/dev/null
fi
export PATH="/opt/swift/usr/bin:$PATH"
scratch=${SCRATCH:-.build}
swift build -c release --product paperboy --scratch-path "$scratch" >&2
paperboy=$root/$scratch/release/paperboy

work=$(mktemp -d /tmp/paperboy-bench-digest.XXXXXX)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

loadStart=$(cut -d' ' -f1-3 /proc/loadavg)
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

# Starts a server; sets `port`.
start_sink() {  # smtp-sink | aiosmtpd
  if [[ $1 == smtp-sink ]]; then
    port=$(python3 -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
    user=(); [[ $(id -u) -ne 0 ]] || user=(-u nobody)
    /usr/sbin/smtp-sink "${user[@]}" 127.0.0.1:"$port" 256 &
    pids+=($!)
    for _ in $(seq 1 100); do python3 -c "import socket; socket.create_connection(('127.0.0.1', $port)).close()" 2>/dev/null && break; sleep 0.1; done
  else
    python3 scripts/smtp-test-server.py --out "$work/sink" --mode count-only > "$work/sink.port" &
    pids+=($!)
    for _ in $(seq 1 100); do [[ -s $work/sink.port ]] && break; sleep 0.1; done
    port=$(awk '/PORT/ {print $2}' "$work/sink.port")
  fi
}
stop_sink() { kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true; unset 'pids[-1]'; }

# A fresh copy of the base database, with its keyword index (else each run builds it anew, untimed).
copy_db() {  # name
  cp "$work/base.sqlite" "$work/$1.sqlite"
  if [[ -d $work/base.sqlite.keyword ]]; then rm -rf "$work/$1.sqlite.keyword"; cp -r "$work/base.sqlite.keyword" "$work/$1.sqlite.keyword"; fi
}

# Runs `digest send` on a fresh copy of the database under /usr/bin/time; its report goes to NAME.out.
send() {  # name pool
  copy_db "$1"
  /usr/bin/time -f "peak %M KB" "$paperboy" digest send --db "$work/$1.sqlite" --date "$day" --base-url https://papers.example.org \
    --smtp-url "smtp://127.0.0.1:$port?pool=$2" > "$work/$1.out" 2> "$work/$1.err"
  cat "$work/$1.out" >&2; grep peak "$work/$1.err" >&2
}

# The anchor: the same pre-rendered messages, through smtplib over one connection; prints messages/s.
anchor() {  # database
  python3 - "$1" "$port" <<'PY'
import smtplib, sqlite3, sys, time
db = sqlite3.connect(sys.argv[1])
messages = db.execute("SELECT sender, recipient, message FROM outbox JOIN outboxBody ON outboxID = id ORDER BY id").fetchall()
start = time.perf_counter()
with smtplib.SMTP("127.0.0.1", int(sys.argv[2])) as smtp:
    for sender, recipient, message in messages:
        smtp.sendmail(sender, [recipient], message)
print(round(len(messages) / (time.perf_counter() - start)))
PY
}

rate() { sed -n "s/.*$1 in [0-9.]* s (\([0-9]*\)\/s).*/\1/p" "$2" | head -1; }
peak() { sed -n 's/peak \([0-9]*\) KB/\1/p' "$1" | awk '{printf "%.0f MB", $1/1024}'; }
ratio() { python3 -c "print(f'{$1 / $2:.2f}×')"; }

rows=()
for sink in $sinks; do
  start_sink "$sink"
  send "$sink-one" 1
  anchorRate=$(anchor "$work/$sink-one.sqlite")
  send "$sink-pool" 4
  stop_sink
  one=$(rate "Delivery: .*interrupted;" "$work/$sink-one.out")
  pool=$(rate "Delivery: .*interrupted;" "$work/$sink-pool.out")
  rows+=("| $sink | smtplib, pre-rendered, 1 connection (anchor) | $anchorRate | 1.00× | – |")
  rows+=("| $sink | paperboy delivery, 1 connection | $one | $(ratio "$one" "$anchorRate") | $(peak "$work/$sink-one.err") |")
  rows+=("| $sink | paperboy delivery, pool of 4 connections | $pool | $(ratio "$pool" "$anchorRate") | $(peak "$work/$sink-pool.err") |")
  composeRate=$(rate "already queued.*composed" "$work/$sink-one.out")
done

# Composition alone, 100,000 digests rendered as they would be stored, nothing stored or sent.
copy_db big
"$paperboy" subscribers add --db "$work/big.sqlite" --from-file "$work/list-big.txt" --search "language models" --search "diffusion" >/dev/null
/usr/bin/time -f "peak %M KB" "$paperboy" digest send --db "$work/big.sqlite" --date "$day" --dry-run > "$work/big.out" 2> "$work/big.err"
tail -1 "$work/big.out" >&2; grep peak "$work/big.err" >&2

avgBytes=$(python3 -c "import sqlite3; print(round(sqlite3.connect('$work/$sink-one.sqlite').execute('SELECT avg(length(message)) FROM outboxBody').fetchone()[0]))")
echo
echo "Digest benchmark: $count digests as of $day (average message $avgBytes bytes), $(nproc) cores;" \
  "load average $loadStart at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
echo
echo "| Server | What | Messages/s | vs anchor | Peak memory |"
echo "|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
echo "| What | Digests/s | Peak memory |"
echo "|---|---|---|"
echo "| composition, rendering and storing in the outbox ($count) | $composeRate | (in the 1-connection run) |"
echo "| composition and rendering only ($composeOnly, --dry-run) | $(rate "not due yet; composed" "$work/big.out") | $(peak "$work/big.err") |"
