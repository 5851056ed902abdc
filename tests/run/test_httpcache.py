"""The harvest's HTTP cache storage gives back what it stored, per spider, and nothing else."""

from __future__ import annotations

import sqlite3

import scrapy
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from harvester.run.httpcache import HarvestCacheStorage

URL = "http://www.qinghe.test/zwgk/202301/t20230115_1.html"
BODY = "<html><body>清河县2022年政府信息公开工作年度报告</body></html>".encode("gb18030")


class Region(scrapy.Spider):
    name = "hebei_xingtai_qinghe"


def storage_for(tmp_path, **settings):
    crawler = get_crawler(Region, {"HARVEST_DB": str(tmp_path / "harvest.db"),
                                   "HTTPCACHE_DIR": "", **settings})
    spider = Region.from_crawler(crawler)
    storage = HarvestCacheStorage(crawler.settings)
    storage.open_spider(spider)
    return storage, spider


def test_a_stored_response_comes_back_as_it_was(tmp_path):
    storage, spider = storage_for(tmp_path)
    request = Request(URL)
    response = HtmlResponse(URL, status=200, body=BODY, request=request, headers={
        "Content-Type": "text/html; charset=gbk", "ETag": '"abc"',
        "Last-Modified": "Sun, 15 Jan 2023 00:00:00 GMT"})
    storage.store_response(spider, request, response)
    storage.close_spider(spider)

    storage, spider = storage_for(tmp_path)
    cached = storage.retrieve_response(spider, Request(URL))
    assert isinstance(cached, HtmlResponse)
    assert (cached.url, cached.status, cached.body) == (URL, 200, BODY)
    assert cached.headers[b"ETag"] == b'"abc"'
    assert "清河县" in cached.text  # the charset came back with the headers
    assert storage.retrieve_response(spider, Request(URL + "?page=2")) is None
    # One file per spider, beside the harvest database.
    path = tmp_path / "httpcache" / "hebei_xingtai_qinghe.sqlite"
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT count(*) FROM responses").fetchone() == (1,)


def test_an_expired_response_is_not_given_back(tmp_path):
    storage, spider = storage_for(tmp_path, HTTPCACHE_EXPIRATION_SECS=1)
    request = Request(URL)
    storage.store_response(spider, request, HtmlResponse(URL, body=BODY, request=request))
    storage.connection.execute("UPDATE responses SET stored_at = stored_at - 5")
    assert storage.retrieve_response(spider, Request(URL)) is None
