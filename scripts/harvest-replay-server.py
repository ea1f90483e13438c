#!/usr/bin/env python3
"""A loopback stand-in for arXiv OAI-PMH, the arXiv API and Hugging Face, for scripts/bench-harvest.sh.

It answers with the recorded responses the tests replay (Tests/PaperSourcesTests/Fixtures, copied
from ../shared/corpus; see its SOURCE.md), in the order a real harvest meets them:
  /oai  the first request gets arXiv's recorded 503 with Retry-After: 10; a request without a
        resumption token then gets the oai_dc page (resumption token 6960524|1001), one with the
        token the last page (metadata arXiv);
  /api  start=0, 10 and 20 get arxiv.py's recorded pages at start 0, 5 and 10 (they overlap, as a
        list that moves while it is paged does); any later start gets the first page again
        (papers already stored, where the harvest stops);
  /hf   today's date gets one recorded daily-papers answer, any other day the other.
Prints "PORT n" once listening; every request's arrival (monotonic seconds), path and query
go to the --log file as JSON lines.
"""
import argparse
import datetime
import http.server
import json
import pathlib
import threading
import time
import urllib.parse

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "Tests/PaperSourcesTests/Fixtures"


class Replay(http.server.BaseHTTPRequestHandler):
    lock = threading.Lock()
    served_503 = False
    log = None

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        with Replay.lock:
            Replay.log.write(json.dumps({"t": time.monotonic(), "path": url.path, "query": query}) + "\n")
            Replay.log.flush()
            first_oai = url.path == "/oai" and not Replay.served_503
            if first_oai:
                Replay.served_503 = True
        if first_oai:
            return self.answer(503, "oai-503-retry-after.html", "text/html", {"Retry-After": "10"})
        if url.path == "/oai":
            page = "oai-listrecords-arXiv.xml" if "resumptionToken" in query else "oai-listrecords-oai_dc.xml"
            return self.answer(200, page, "text/xml; charset=utf-8")
        if url.path == "/api":
            pages = {"0": "atom-testing-start0.xml", "10": "atom-testing-start5.xml", "20": "atom-testing-start10.xml"}
            return self.answer(200, pages.get(query.get("start"), "atom-testing-start0.xml"), "application/atom+xml; charset=utf-8")
        if url.path == "/hf":
            today = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
            name = "allnewsai_hf_daily_papers_2026-07.json" if query.get("date") == today else "sotawhat_hf_daily_papers_2026-06.json"
            return self.answer(200, name, "application/json")
        self.answer(404, None, "text/plain")

    def answer(self, status, fixture, content_type, headers=None):
        body = (FIXTURES / fixture).read_bytes() if fixture else b"no recorded answer"
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--log", required=True)
    arguments = parser.parse_args()
    Replay.log = open(arguments.log, "w")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Replay)
    print(f"PORT {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
