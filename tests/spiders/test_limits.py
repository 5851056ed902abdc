"""The bounds of a crawl (spiders/limits.py) on made-up pages: each bound met is dropped and
recorded, what is within it goes on."""

from __future__ import annotations

import dataclasses

from scrapy import Request
from scrapy.http import HtmlResponse

from spiders.families.generic import GenericListSpider
from spiders.limits import CrawlLimits, shape
from spiders.regions import REGION_SPIDERS
from tests.support.spiders import make_spider

SPIDER = REGION_SPIDERS["henan_luohe_huizu"]
SITE = "http://www.luohehz.test"
BOUNDS = {"HARVEST_REQUEST_BUDGET": 3, "HARVEST_DEPTH_LIMIT": 4, "HARVEST_LINKS_PER_PAGE": 5,
          "HARVEST_TRAP_SIBLINGS": 6}


def limited(**settings):
    spider = make_spider(SPIDER, {**BOUNDS, **settings})
    limits = CrawlLimits(spider.crawler)
    limits.spider_opened(spider)
    return spider, limits


def page(spider, url: str, links: list[str], *, callback=None, depth: int = 1) -> HtmlResponse:
    body = "".join(f'<a href="{link}">x</a>' for link in links)
    request = Request(url, callback=callback or spider.parse_generic_list, meta={"depth": depth})
    return HtmlResponse(url, body=f"<html><body>{body}</body></html>".encode(),
                        encoding="utf-8", request=request)


def passed(limits, spider, response, requests) -> list[str]:
    return [request.url for request in
            limits.process_spider_output(response, requests)]


def stats(spider) -> dict:
    return spider.crawler.stats.get_stats()


def kinds(spider) -> list[tuple]:
    return [(o["kind"], o.get("bound") or o.get("reason")) for o in spider.outcomes]


def test_a_shape_sets_counters_and_dates_aside_but_not_host_or_port():
    assert shape(f"{SITE}/list/index_7.html") == shape(f"{SITE}/list/index_12.html")
    assert shape(f"{SITE}/cal?d=2023-01-31") == shape(f"{SITE}/cal?d=2024-12-01")
    assert shape(f"{SITE}/cal?d=2023-01-31") != shape(f"{SITE}/search?d=2023-01-31")
    assert shape(f"{SITE}/a_1.html") != shape("http://www.luohehz.test:8080/a_1.html")


def test_links_per_page_are_capped_but_report_links_always_go_on():
    spider, limits = limited()
    response = page(spider, f"{SITE}/big.html", [])
    junk = [spider.article(f"{SITE}/x/{n}.html", found_via="list", listing={"title": str(n)})
            for n in range(20)]
    report = spider.article(f"{SITE}/r/1.html", found_via="list",
                            listing={"title": "2023年政府信息公开工作年度报告"})
    out = passed(limits, spider, response, [*junk, report])
    assert out == [f"{SITE}/x/{n}.html" for n in range(5)] + [f"{SITE}/r/1.html"]
    assert kinds(spider) == [("budget", "links")]
    assert spider.outcomes[0]["dropped"] == 15
    assert stats(spider)["harvest/budget/links"] == 1
    assert stats(spider)["harvest/budget/links_dropped"] == 15


def test_links_deeper_than_the_limit_are_dropped_and_recorded():
    spider, limits = limited()
    link = spider.follow(f"{SITE}/deeper/", spider.parse_generic_list)
    assert passed(limits, spider, page(spider, f"{SITE}/d3/", [], depth=3), [link]) == [link.url]
    assert passed(limits, spider, page(spider, f"{SITE}/d4/", [], depth=4), [link]) == []
    assert kinds(spider) == [("budget", "depth")]
    assert stats(spider)["harvest/budget/depth_dropped"] == 1


def test_a_region_raises_its_own_budget_and_depth():
    region = dataclasses.replace(SPIDER.region, request_budget=900, depth_limit=90)
    spider = make_spider(type("Raised", (GenericListSpider,), {"name": "raised",
                                                                "region": region}), BOUNDS)
    limits = CrawlLimits(spider.crawler)
    limits.spider_opened(spider)
    assert (limits.budget, limits.depth_limit) == (900, 90)


def test_a_calendar_is_a_trap_past_the_siblings_a_column_needs():
    spider, limits = limited(HARVEST_LINKS_PER_PAGE=0)
    days = [spider.follow(f"{SITE}/cal?d=2023-01-{day:02d}", spider.parse_home, hops=1)
            for day in range(1, 11)]
    out = passed(limits, spider, page(spider, f"{SITE}/", [], callback=spider.parse_home), days)
    assert out == [request.url for request in days[:6]]
    assert kinds(spider) == [("trap", "siblings")]
    assert spider.outcomes[0]["shape"] == "www.luohehz.test/cal?d=#-#-#"
    assert stats(spider)["harvest/trap/siblings"] == 1
    assert stats(spider)["harvest/trap/dropped"] == 4


def test_pagination_stops_when_a_page_lists_nothing_new():
    spider, limits = limited()
    entries = ["/a/1.html", "/a/2.html"]

    def list_page(number: int, links: list[str]) -> list[str]:
        url = f"{SITE}/list/index_{number}.html"
        following = f"{SITE}/list/index_{number + 1}.html"
        response = page(spider, url, [*links, following])
        return passed(limits, spider, response,
                      [spider.follow(following, spider.parse_generic_list)])

    assert list_page(1, entries) == [f"{SITE}/list/index_2.html"]
    assert list_page(2, [*entries, "/a/3.html"]) == [f"{SITE}/list/index_3.html"]
    assert list_page(3, entries) == []
    assert kinds(spider) == [("trap", "stale_pagination")]
    assert spider.outcomes[0]["next_page"] == f"{SITE}/list/index_4.html"
    assert stats(spider)["harvest/trap/stale_pagination"] == 1


def test_the_request_budget_closes_the_crawl_once_spent():
    spider, limits = limited()
    closed = []

    class Engine:  # what the budget asks of Scrapy's engine; the crawl in the demo web closes
        def close_spider_async(self, *, reason):
            closed.append(reason)

    spider.crawler.engine = Engine()
    for number in range(3):
        limits.request_reached_downloader(Request(f"{SITE}/{number}.html"), spider)
        assert closed == (["request_budget"] if number == 2 else [])
    assert kinds(spider) == [("budget", "requests")]
    assert stats(spider)["harvest/budget/requests"] == 1
