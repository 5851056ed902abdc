"""The redirection below the spiders: Scrapy, with ``DEMO_WEB`` set, reaches the demo portals
by their real http and https URLs through DemoWebMiddleware, sees only real URLs, retries the
500, obeys robots.txt, and fails on hosts and schemes the demo web does not serve."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from harvester.demo.manifest import manifest
from harvester.demo.server import running
from harvester.demo.sites import build_demo_web
from harvester.run.demo_proxy import DemoWebMiddleware

PROJECT = Path(__file__).resolve().parents[2]

SPIDER = '''
import scrapy

class Probe(scrapy.Spider):
    name = "probe"
    urls = {urls!r}

    async def start(self):
        for url in self.urls:
            yield scrapy.Request(url, callback=self.parse, errback=self.failed,
                                 cb_kwargs={{"requested": url}}, dont_filter=True,
                                 meta={{"handle_httpstatus_list": [404, 412]}})

    def parse(self, response, requested):
        yield {{"requested": requested, "url": response.url, "status": response.status,
               "proxy": response.request.meta.get("proxy"),
               "title": response.css("title::text").get()}}

    def failed(self, failure):
        yield {{"requested": failure.request.cb_kwargs["requested"],
               "error": failure.type.__name__}}
'''


def crawl(tmp_path: Path, address: str, urls: list[str]) -> dict[str, dict]:
    spider = tmp_path / "probe.py"
    spider.write_text(SPIDER.format(urls=urls), encoding="utf-8")
    output = tmp_path / "out.jsonl"
    settings = {"DEMO_WEB": address, "ITEM_PIPELINES": "{}", "AUTOTHROTTLE_ENABLED": "False",
                "RETRY_TIMES": "2", "DOWNLOAD_TIMEOUT": "10", "LOG_LEVEL": "WARNING",
                "TELNETCONSOLE_ENABLED": "False", "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
                "FEED_EXPORT_FIELDS": "requested,url,status,proxy,title,error"}
    command = [sys.executable, "-m", "scrapy", "runspider", str(spider), "-o", str(output)]
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    done = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    rows = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    return {row["requested"]: row for row in rows}


def test_scrapy_reaches_demo_portals_by_their_real_urls(tmp_path):
    demo = build_demo_web(slow_delay=1.0)
    regions = manifest(demo)
    flaky = next(o["url"] for o in regions["heilongjiang_harbin_wuchang"]["obstacles"]
                 if "500" in o["obstacle"])
    old_column = next(o["url"] for o in regions["hebei_xingtai_qinghe"]["obstacles"]
                      if "robots.txt" in o["obstacle"])
    urls = {
        "http": "http://www.hunjiang.gov.cn/zwgk/zfxxgknb/index.html",
        "https": "https://www.hegang.gov.cn/hegang/zxqgkndbg/list.shtml",
        "redirect": "http://www.hegang.gov.cn/hegang/zxqgkndbg/list.shtml",
        "412": "https://www.hegang.gov.cn/hegang/wszbmgkndbb/list.shtml",
        "https-refused": "https://www.sgwjq.gov.cn/index.html",
        "unknown": "http://www.not-in-the-demo.gov.cn/",
        "flaky": flaky,
        "robots": old_column,
    }
    with running(demo) as web:
        results = crawl(tmp_path, web.address, list(urls.values()))
    http, https = results[urls["http"]], results[urls["https"]]
    assert (http["status"], http["url"]) == (200, urls["http"])
    assert http["proxy"] == f"http://{web.address}" and "127.0.0.1" not in http["url"]
    assert (https["status"], https["url"]) == (200, urls["https"])
    assert results[urls["redirect"]]["url"] == urls["https"]
    assert results[urls["412"]]["status"] == 412
    assert results[urls["flaky"]]["status"] == 200
    assert "error" in results[urls["https-refused"]]
    assert "error" in results[urls["unknown"]]
    assert results[urls["robots"]]["error"] == "IgnoreRequest"


def test_middleware_is_off_without_demo_web_and_rejects_bad_addresses():
    with pytest.raises(NotConfigured):
        DemoWebMiddleware.from_crawler(get_crawler(settings_dict={"DEMO_WEB": ""}))
    with pytest.raises(ValueError):
        DemoWebMiddleware.from_crawler(get_crawler(settings_dict={"DEMO_WEB": "http://x"}))
    middleware = DemoWebMiddleware.from_crawler(
        get_crawler(settings_dict={"DEMO_WEB": "127.0.0.1:8123"}))
    request = Request("https://www.hegang.gov.cn/")
    assert middleware.process_request(request) is None
    assert request.meta["proxy"] == "http://127.0.0.1:8123"
    assert request.url == "https://www.hegang.gov.cn/"
