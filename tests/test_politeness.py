"""Politeness measured at a real server: a crawl never has more requests in flight to one host
than ``CONCURRENT_REQUESTS_PER_DOMAIN``, with the project's settings and reactor."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

CRAWL = """
import sys
import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings

class Pages(scrapy.Spider):
    name = "pages"

    async def start(self):
        for number in range(20):
            yield scrapy.Request(f"http://127.0.0.1:{sys.argv[1]}/{number}")

    def parse(self, response):
        pass

settings = get_project_settings()
settings.setdict({"CONCURRENT_REQUESTS_PER_DOMAIN": int(sys.argv[2]), "ROBOTSTXT_OBEY": False,
                  "AUTOTHROTTLE_ENABLED": False, "HTTPCACHE_ENABLED": False,
                  "ITEM_PIPELINES": {}, "LOG_LEVEL": "ERROR"}, priority="cmdline")
process = CrawlerProcess(settings)
process.crawl(Pages)
process.start()
"""


class InFlight(BaseHTTPRequestHandler):
    """Answers after 50 ms and counts the requests it is answering at once."""

    protocol_version = "HTTP/1.1"
    lock = threading.Lock()
    now = peak = served = 0

    def log_message(self, format, *args) -> None:
        pass

    def do_GET(self) -> None:
        with self.lock:
            InFlight.now += 1
            InFlight.peak = max(InFlight.peak, InFlight.now)
        time.sleep(0.05)
        with self.lock:
            InFlight.now -= 1
            InFlight.served += 1
        body = b"<html><body>page</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.mark.parametrize("limit", [1, 2])
def test_a_host_never_has_more_requests_in_flight_than_the_limit(limit):
    InFlight.now = InFlight.peak = InFlight.served = 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), InFlight)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        subprocess.run([sys.executable, "-c", CRAWL, str(server.server_address[1]), str(limit)],
                       cwd=ROOT, timeout=120, check=True)
    finally:
        server.shutdown()
        server.server_close()
    assert InFlight.served == 20
    assert InFlight.peak == limit
