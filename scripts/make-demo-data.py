#!/usr/bin/env python3
"""Builds the bundled demo set in Sources/AppBootstrap/Resources/demo/ from ../shared (run from the
project root). It is data, rebuilt only when the shared corpus changes:
- listing.txt: the seed page listing (122 real Hugging Face papers, title + abstract);
- recent.jsonl.gz: the most recent 30 days of the 74,728-paper daily-arXiv corpus, unchanged lines;
- hf-*.json: the recorded Hugging Face daily-papers responses. Ingesting them after the corpus joins
  their upvotes, GitHub repositories and stars to the same papers (Paperboy's merge rules do the join).
"""
import datetime, gzip, json, os, shutil

shared = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared")
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Sources", "AppBootstrap", "Resources", "demo")
os.makedirs(out, exist_ok=True)
shutil.copy(f"{shared}/fixtures/hf-papers-listing.txt", f"{out}/listing.txt")
corpus = f"{shared}/corpus/arxiv_metadata/daily_arxiv_ai_enhanced/papers.jsonl.gz"
lines = gzip.open(corpus, "rt", encoding="utf-8").read().splitlines()
last = max(json.loads(line)["first_listed"] for line in lines)
cut = (datetime.date.fromisoformat(last) - datetime.timedelta(days=29)).isoformat()
recent = [line for line in lines if json.loads(line)["first_listed"] >= cut]
with gzip.GzipFile(f"{out}/recent.jsonl.gz", "wb", mtime=0) as f:  # mtime=0: same bytes on every run
    f.write(("\n".join(recent) + "\n").encode("utf-8"))
shutil.copy(f"{shared}/corpus/hf_daily_papers/sotawhat_hf_daily_papers_2026-06.json", f"{out}/hf-2026-06.json")
shutil.copy(f"{shared}/corpus/hf_daily_papers/allnewsai_hf_daily_papers_2026-07.json", f"{out}/hf-2026-07.json")
print(f"demo set: {len(recent)} corpus papers from {cut} to {last}, 122 listing papers, 35 Hugging Face entries")
