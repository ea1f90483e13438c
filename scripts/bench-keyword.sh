#!/usr/bin/env bash
# Keyword-search benchmark, Paperboy side by side with the anchors (SQLite FTS5 through Python's
# sqlite3, and tantivy), on the same corpus and the same 200 queries, in one run: Paperboy's own
# engine (KeywordIndex) and, unless ENGINES says otherwise, Paperboy's FTS5 path through the store.
#
# usage: scripts/bench-keyword.sh N        synthetic corpus of N papers (../shared/anchors/gen_corpus.py)
#        scripts/bench-keyword.sh real     the 74,728 real arXiv papers of ../shared/corpus
# ENGINES="index fts5" (default) picks Paperboy's engines (index: the engine alone; store: the engine through the
# store, as the site searches; fts5: FTS5 through the store); ANCHORS="fts5 tantivy" (default) the anchors'.
# Writes bench-results/keyword-N.jsonl (one JSON line per engine) and prints a markdown table.
# Needs about 3 GB of disk at N = 1,000,000 under $ANCHORS_WORK (default /tmp/paperboy-anchors).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
n=${1:?usage: bench-keyword.sh N|real}
anchors=$root/../shared/anchors
export ANCHORS_WORK=${ANCHORS_WORK:-/tmp/paperboy-anchors}
export ANCHORS_VENV; ANCHORS_VENV=$(bash scripts/anchor-venv.sh)
bash scripts/setup.sh
export PATH="/opt/swift/usr/bin:$PATH"
swift build -c release --product paperboy >&2

[[ -f $ANCHORS_WORK/queries.json ]] || bash "$anchors/anchors.sh" corpus 1000 >&2
if [[ $n == real ]]; then
  # The real corpus as the anchors' TSV (id, title, abstract; tabs and line breaks become spaces).
  work=$ANCHORS_WORK/real; mkdir -p "$work"
  cp "$ANCHORS_WORK/queries.json" "$work/"
  "$ANCHORS_VENV/bin/python" - "$root/../shared/corpus/arxiv_metadata/daily_arxiv_ai_enhanced/papers.jsonl.gz" "$work/corpus_74728.tsv" <<'PY'
import gzip, json, re, sys
clean = lambda s: re.sub(r"\s+", " ", s or "").strip()
with gzip.open(sys.argv[1], "rt", encoding="utf-8") as f, open(sys.argv[2], "w", encoding="utf-8") as out:
    for i, line in enumerate(f):
        r = json.loads(line)
        out.write(f"{i}\t{clean(r['title'])}\t{clean(r['abstract'])}\n")
PY
  export ANCHORS_WORK=$work; n=74728
elif [[ ! -f $ANCHORS_WORK/corpus_$n.tsv ]]; then
  # Corpora are prefix-stable: a larger one's first N lines are the N-paper corpus.
  larger=$(ls "$ANCHORS_WORK"/corpus_*.tsv 2>/dev/null | sed 's/.*corpus_\([0-9]*\)\.tsv/\1/' | sort -n | awk -v n="$n" '$1 > n' | head -1)
  if [[ -n $larger ]]; then head -n "$n" "$ANCHORS_WORK/corpus_$larger.tsv" > "$ANCHORS_WORK/corpus_$n.tsv"
  else bash "$anchors/anchors.sh" corpus "$n" >&2; fi
fi

mkdir -p bench-results
out=bench-results/keyword-$n.jsonl
: > "$out"
# shellcheck disable=SC2086 # the engine lists are word lists
bash "$anchors/anchors.sh" keyword "$n" ${ANCHORS:-fts5 tantivy} | tee -a "$out"
for engine in ${ENGINES:-index fts5}; do
  .build/release/paperboy bench keyword --engine "$engine" --corpus "$ANCHORS_WORK/corpus_$n.tsv" \
    --queries "$ANCHORS_WORK/queries.json" --json | tee -a "$out"
done
python3 "$anchors/summarize.py" "$out"
