"""harvester/run/metarefresh.py: meta-refresh redirects as Scrapy follows them, found without
decoding pages that cannot have one."""

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.conf import build_component_list
from scrapy.utils.project import get_project_settings
from scrapy.utils.test import get_crawler

from harvester.run.metarefresh import MetaRefreshMiddleware

URL = "http://www.example.gov.cn/col/old/index.html"
TARGET = "http://www.example.gov.cn/col/new/index.html"
REFRESH = '<meta http-equiv="Refresh" content="0; url=/col/new/index.html">'
PROSE = "本机关坚持以公开为常态、不公开为例外。"  # 18 characters, 3 bytes each in UTF-8


@pytest.fixture()
def middleware():
    return MetaRefreshMiddleware.from_crawler(get_crawler(settings_dict={}))


def page(head: str, encoding: str, body: str = "") -> HtmlResponse:
    html = f"<html><head><meta charset={encoding}>{head}</head><body>{body}</body></html>"
    return HtmlResponse(URL, body=html.encode(encoding), encoding=encoding)


@pytest.mark.parametrize("encoding", ["utf-8", "gbk", "gb18030", "big5"])
def test_a_refresh_tag_redirects(middleware, encoding):
    result = middleware.process_response(Request(URL), page(REFRESH, encoding))
    assert isinstance(result, Request) and result.url == TARGET


def test_a_refresh_tag_after_more_bytes_than_characters_is_found(middleware):
    # 3,000 characters of title take 9,000 bytes: past 4,096 bytes, within Scrapy's 4,096
    # characters, so Scrapy follows it and so must this middleware.
    title = f"<title>{PROSE * 166}</title>"
    response = page(title + REFRESH, "utf-8")
    assert len(response.body.split(b"Refresh")[0]) > 8000
    result = middleware.process_response(Request(URL), response)
    assert isinstance(result, Request) and result.url == TARGET


def test_utf16_pages_go_to_scrapys_check(middleware):
    response = page(REFRESH, "utf-16")
    assert b"refresh" not in response.body.lower()  # the word is not its ASCII bytes there
    result = middleware.process_response(Request(URL), response)
    # Scrapy's own answer, its quirk included: it encodes the query in the page's encoding.
    assert isinstance(result, Request) and result.url.startswith(TARGET)


def test_a_page_without_the_word_is_returned_undecoded(middleware):
    response = page("<title>年度报告</title>", "gbk", PROSE * 100)
    assert middleware.process_response(Request(URL), response) is response
    assert response._cached_ubody is None  # Scrapy's check would have decoded it whole


def test_the_word_outside_a_refresh_tag_redirects_nowhere(middleware):
    response = page("<title>refresh</title>", "utf-8", "F5 to refresh")
    assert middleware.process_response(Request(URL), response) is response


def test_dont_redirect_is_kept(middleware):
    request = Request(URL, meta={"dont_redirect": True})
    response = page(REFRESH, "utf-8")
    assert middleware.process_response(request, response) is response


def test_crawls_use_it_in_place_of_scrapys():
    settings = get_project_settings()
    names = build_component_list(settings.getwithbase("DOWNLOADER_MIDDLEWARES"))
    assert "harvester.run.metarefresh.MetaRefreshMiddleware" in names
    assert "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware" not in names
