#!/usr/bin/env python3
"""Writes N synthetic papers in the Kaggle arXiv snapshot format (JSON Lines, all 14 fields) to
stdout, for the ingest benchmark. Titles and abstracts come from the anchors' synthetic corpus
(corpus_N.tsv, a Markov chain fitted on real abstracts), so lines are shaped like the real
snapshot's; authors, categories, dates and versions are drawn deterministically (fixed seed).

usage: make-kaggle-synthetic.py CORPUS_TSV N > papers.jsonl
"""
import json, random, sys

corpus, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(20261129)
first = ["Ada", "Alan", "Grace", "Yann", "Fei-Fei", "Geoffrey", "Yoshua", "Andrej", "Ilya", "Daphne", "Jürgen", "Léa"]
last = ["Lovelace", "Turing", "Hopper", "LeCun", "Li", "Hinton", "Bengio", "Karpathy", "Sutskever", "Koller", "Schmidhuber", "Müller"]
categories = ["cs.CL", "cs.CV", "cs.LG", "cs.AI", "stat.ML", "cs.IR", "math.OC", "eess.IV", "q-bio.NC", "astro-ph.CO"]
days = ["Mon", "Tue", "Wed", "Thu", "Fri"]
months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

with open(corpus, encoding="utf-8") as f:
    for i, line in enumerate(f):
        if i >= n:
            break
        _, title, abstract = line.rstrip("\n").split("\t")
        month_index, number = divmod(i, 90000)
        # From 1501 on (5-digit numbers exist only since 2015), 90,000 papers a month.
        year, month = 15 + month_index // 12, month_index % 12 + 1
        pid = f"{year:02d}{month:02d}.{number + 1:05d}"
        people = [(rng.choice(first), rng.choice(last)) for _ in range(rng.randint(1, 8))]
        names = [f"{fn} {ln}" for fn, ln in people]
        authors = ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + names[-1]
        cats = rng.sample(categories, rng.randint(1, 3))
        versions = [{"version": f"v{v + 1}", "created": f"{rng.choice(days)}, {rng.randint(1, 28)} {months[month - 1]} 20{year:02d} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d} GMT"}
                    for v in range(rng.randint(1, 3))]
        record = {
            "id": pid, "submitter": names[0], "authors": authors, "title": title,
            "comments": f"{rng.randint(4, 40)} pages, {rng.randint(1, 12)} figures" if rng.random() < 0.7 else None,
            "journal-ref": f"Journal of Synthetic Results {rng.randint(1, 99)} (20{year:02d})" if rng.random() < 0.2 else None,
            "doi": f"10.5555/synthetic.{pid}" if rng.random() < 0.2 else None,
            "report-no": None, "categories": " ".join(cats),
            "license": "http://creativecommons.org/licenses/by/4.0/" if rng.random() < 0.5 else None,
            "abstract": "  " + abstract + "\n", "versions": versions,
            "update_date": f"20{year:02d}-{month:02d}-{rng.randint(1, 28):02d}",
            "authors_parsed": [[ln, fn, ""] for fn, ln in people],
        }
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
