"""Politeness measured at a real server: a crawl never has more requests in flight to one host
than ``CONCURRENT_REQUESTS_PER_DOMAIN``, with the project's settings and reactor. And the pace
AutoThrottle sets: a re-crawl's ``304`` answers move a portal's delay down as well as up."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

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


# ---- pacing a re-crawl: AutoThrottle and 304 answers -------------------------------------

class Slot:
    """The one attribute of a download slot AutoThrottle's policy reads and sets."""

    def __init__(self, delay: float) -> None:
        self.delay = delay


def throttle(extension=None):
    from scrapy.utils.test import get_crawler

    from harvester.run.throttle import RevalidatingAutoThrottle

    crawler = get_crawler(settings_dict={"AUTOTHROTTLE_ENABLED": True,
                                         "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0})
    pacing = (extension or RevalidatingAutoThrottle)(crawler)
    pacing.mindelay, pacing.maxdelay = 0.0, 60.0  # set when the spider opens
    return pacing


def answer(status: int):
    from scrapy.http import Response

    return Response("http://www.hunjiang.gov.cn/zwgk/t1.html", status=status)


@pytest.mark.parametrize("status, lowered", [(200, True), (304, True), (302, False),
                                             (500, False)])
def test_a_quick_not_modified_answer_brings_the_delay_down(status, lowered):
    """After one slow answer (delay 1.43 s), quick ones bring the delay down: a 304 as a 200
    does. Redirects and errors still never lower it (Scrapy's rule)."""
    slot = Slot(1.43)
    throttle()._adjust_delay(slot, 0.002, answer(status))
    assert (slot.delay < 1.43) is lowered


def test_a_slow_not_modified_answer_still_raises_the_delay():
    slot = Slot(0.01)
    throttle()._adjust_delay(slot, 1.5, answer(304))
    assert slot.delay == 1.5


def test_scrapys_autothrottle_keeps_a_re_crawl_at_its_slowest_delay():
    """Why the subclass exists: with Scrapy's rule a 304 never lowers the delay."""
    from scrapy.extensions.throttle import AutoThrottle

    slot = Slot(1.43)
    throttle(AutoThrottle)._adjust_delay(slot, 0.002, answer(304))
    assert slot.delay == 1.43


def test_crawls_pace_themselves_with_the_revalidating_throttle():
    from scrapy.spiders import Spider
    from scrapy.utils.project import get_project_settings
    from scrapy.utils.test import get_crawler

    settings = get_project_settings().copy_to_dict()
    crawler = get_crawler(Spider, settings_dict={"EXTENSIONS": settings["EXTENSIONS"],
                                                 "AUTOTHROTTLE_ENABLED": True})
    throttles = [type(extension).__name__ for extension in crawler.extensions.middlewares
                 if "Throttle" in type(extension).__name__]
    assert throttles == ["RevalidatingAutoThrottle"]
