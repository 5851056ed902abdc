"""Discovery on portals nobody described: numbered pagination and sub-columns of generic
lists, the hand-off of the disclosure section to another government host, the agency tree's
extra hop, and every column found recorded and remembered. Small pages typed here."""

from __future__ import annotations

import asyncio
import json
import sqlite3

from scrapy import Request
from scrapy.http import HtmlResponse

from harvester.registry import Region
from spiders.base import list_key
from spiders.portal import PortalSpider
from tests.support.spiders import make_spider, split, urls

SF1 = "http://www.sf1.gov.cn/"
REPORT = "示范1区人民政府2023年政府信息公开工作年度报告"


def page(url: str, body: str, **meta) -> HtmlResponse:
    html = f'<html><head><meta charset="utf-8"></head><body>{body}</body></html>'
    return HtmlResponse(url=url, body=html.encode(), encoding="utf-8",
                        request=Request(url, meta=meta))


def portal(home: str = SF1, **kwargs) -> PortalSpider:
    return make_spider(PortalSpider, home=home, **kwargs)


def test_list_key_sets_the_page_number_aside():
    assert list_key(SF1 + "News_gkmlList.action?columnid=12&pageNo=3") == \
        SF1 + "News_gkmlList.action?columnid=12"
    assert list_key(SF1 + "News_gkmlList.action?pageNo=3&columnid=12") == \
        SF1 + "News_gkmlList.action?columnid=12"
    assert list_key(SF1 + "list/cid/1704/page/2") == SF1 + "list/cid/1704"
    assert list_key(SF1 + "ndxxgkbg/index_2.html") == SF1 + "ndxxgkbg/"
    assert list_key(SF1 + "ndxxgkbg/index.html") == SF1 + "ndxxgkbg/"
    assert list_key(SF1 + "list/cid/1704") != list_key(SF1 + "list/cid/1705")
    assert list_key(SF1 + "a.action?columnid=12") != list_key(SF1 + "a.action?columnid=13")


STRUTS = (f'<ul><li><a href="News_showGkmlNews.action?messagekey=1875869">{REPORT}</a></li>'
          '<li><a href="News_showGkmlNews.action?messagekey=1875870">'
          "示范1区关于开展2023年度企业年报公示工作的通知</a></li></ul>"
          '<div class="side"><a href="News_gkmlList.action?columnid=121">部门年报</a>'
          '<a href="News_gkmlList.action?columnid=130">企业年报</a>'
          '<a href="News_gkmlList.action?columnid=140">工作动态</a></div>'
          '<div class="pages"><b>1</b><a href="News_gkmlList.action?columnid=12&amp;pageNo=2">2'
          '</a><a href="News_gkmlList.action?columnid=12&amp;pageNo=3">3</a><span>…</span>'
          '<a href="News_gkmlList.action?columnid=12&amp;pageNo=9">尾页</a>'
          '<a href="News_gkmlList.action?columnid=13&amp;pageNo=2">2</a></div>'
          '<div class="footer"><a href="http://www.gov.cn/">中国政府网</a></div>')


def test_numbered_pages_the_last_page_and_sub_columns_of_a_list_are_followed():
    spider = portal()
    url = SF1 + "News_gkmlList.action?columnid=12"
    requests, _ = split(spider.parse_generic_list(page(url, STRUTS)))
    lists = {r.url: r for r in requests if r.callback.__name__ == "parse_generic_list"}
    assert set(lists) == {url + "&pageNo=2", url + "&pageNo=3", url + "&pageNo=9",
                          SF1 + "News_gkmlList.action?columnid=121"}
    # Another list's page 2, 企业年报 and 工作动态 are not followed; the report is.
    assert SF1 + "News_showGkmlNews.action?messagekey=1875869" in urls(requests)
    assert lists[SF1 + "News_gkmlList.action?columnid=121"].meta["subcolumn"] is True
    assert lists[url + "&pageNo=2"].meta["subcolumn"] is False


def test_the_last_page_is_not_fetched_beside_a_next_page_link():
    spider = portal()
    url = SF1 + "list/cid/1704/page/2"
    body = (f'<ul><li><a href="/detail/cid/1704/aid/126486">{REPORT}</a></li></ul>'
            '<a href="/list/cid/1704">上一页</a><a href="/list/cid/1704">1</a><b>2</b>'
            '<a href="/list/cid/1704/page/3">3</a><a href="/list/cid/1704/page/3">下一页</a>'
            '<a href="/list/cid/1704/page/8">尾页</a><a href="/list/cid/1800/page/2">2</a>')
    requests, _ = split(spider.parse_generic_list(page(url, body)))
    lists = {r.url for r in requests if r.callback.__name__ == "parse_generic_list"}
    assert lists == {SF1 + "list/cid/1704", SF1 + "list/cid/1704/page/3"}


def test_a_sub_column_is_recorded_with_every_column_found():
    spider = portal()
    spider.found_column(SF1 + "ndxxgkbg/index.html")
    sub = SF1 + "ndxxgkbg/bmnb/index.html"
    split(spider.parse_generic_list(page(sub, "<p>无</p>", subcolumn=True)))
    split(spider.parse_generic_list(page(SF1 + "ndxxgkbg/index_2.html", "<p>无</p>")))
    assert spider.crawler.stats.get_value("harvest/discovery/columns") == [
        SF1 + "ndxxgkbg/bmnb/index.html", SF1 + "ndxxgkbg/index.html"]


HOME = ('<ul class="menu"><li><a href="/">首页</a></li><li><a href="/zwgk/index.html">政务公开</a>'
        '</li><li><a href="http://xxgk.sfshi.gov.cn/sf1/index.html">政府信息公开</a></li>'
        '<li><a href="http://zwfw.sfsheng.gov.cn/">办事服务</a></li></ul>'
        '<div class="friend"><a href="http://www.sf1-mirror.test/">政府信息公开</a>'
        '<a href="http://www.gov.cn/zhengce/">政务公开</a></div>'
        '<div class="footer"><a href="http://www.gov.cn/">中国政府网</a>'
        '<a href="http://www.sfsheng.gov.cn/">示范省人民政府</a></div>')


def test_the_home_page_hands_its_disclosure_section_to_the_prefecture_platform():
    spider = portal()
    requests, _ = split(spider.parse_home(page(SF1, HOME, portal_home=True), hops=0))
    assert spider.handed_hosts == {"xxgk.sfshi.gov.cn"}
    assert spider.crawler.stats.get_value("harvest/discovery/handoff") == ["xxgk.sfshi.gov.cn"]
    assert spider.crawler.stats.get_value("harvest/scope/handed") == ["xxgk.sfshi.gov.cn"]
    assert sorted(urls(requests)) == [SF1 + "zwgk/index.html",
                                      "http://xxgk.sfshi.gov.cn/sf1/index.html"]
    offsite = {o["url"] for o in spider.outcomes if o["kind"] == "offsite"}
    # The mirror (not gov), the central portal (named 政务公开, still no division's
    # platform) are offsite; the footer and the service platform are never even candidates.
    assert offsite == {"http://www.sf1-mirror.test/", "http://www.gov.cn/zhengce/"}


def test_discovery_on_a_shared_platform_stays_in_the_part_handed_over():
    spider = portal()
    split(spider.parse_home(page(SF1, HOME, portal_home=True), hops=0))
    assert spider.crawler.stats.get_value("harvest/discovery/handoff_directories") == {
        "xxgk.sfshi.gov.cn": "/sf1/"}
    county = ('<a href="/sf1/ndbg/index.html">政府信息公开年报</a>'
              '<a href="/gkml/index.html">政府信息公开目录</a>'  # every county's tree
              '<a href="/sf2/ndbg/index.html">政府信息公开年报</a>')  # a neighbour's column
    requests, _ = split(spider.parse_home(
        page("http://xxgk.sfshi.gov.cn/sf1/index.html", county, link_text="政府信息公开"),
        hops=1))
    assert urls(requests) == ["http://xxgk.sfshi.gov.cn/sf1/ndbg/index.html"]
    refused = {o["url"]: o["reason"] for o in spider.outcomes if o["kind"] == "offsite"}
    assert refused["http://xxgk.sfshi.gov.cn/sf2/ndbg/index.html"] == "outside the hand-off"
    # the column's documents are read wherever the platform keeps them
    assert spider.article("http://xxgk.sfshi.gov.cn/art/2024/1.html", found_via="list",
                          listing={"title": REPORT}) is not None


def test_a_page_deeper_than_the_navigation_hands_nothing_over():
    spider = portal()
    deep = SF1 + "zwgk/a/b.html"
    split(spider.parse_home(page(deep, HOME, link_text="政务公开"), hops=2))
    assert spider.handed_hosts == set()


TREE_AGENCY = ('<ul><li><a href="/bm01/jgzn/">机构职能</a></li>'
               '<li><a href="/bm01/ndbg/index.html">政府信息公开年报</a></li></ul>')


def test_an_agency_tree_costs_no_hop_of_its_own():
    xxgk = "http://xxgk.sf1.gov.cn/bm01/index.html"
    from_tree = page(xxgk, TREE_AGENCY, link_text="公开目录")
    requests, _ = split(portal().parse_home(from_tree, hops=3))
    assert urls(requests) == ["http://xxgk.sf1.gov.cn/bm01/ndbg/index.html"]
    elsewhere = page(xxgk, TREE_AGENCY, link_text="政务公开")
    assert split(portal().parse_home(elsewhere, hops=3))[0] == []


def registry_spider(database) -> PortalSpider:
    region = Region(slug="score_portal_e", name="示范市示范5区", code="", level="county",
                    parent="", parent_name="示范市", home="http://www.sf5.gov.cn/",
                    family="portal", allowed_hosts=("www.sf5.gov.cn",))
    klass = type("RegionPortal", (PortalSpider,), {"name": region.slug, "region": region})
    return make_spider(klass, settings={"HARVEST_DB": str(database)})


def earlier_crawl(tmp_path, stats: dict):
    """A harvest database whose one crawl of the region left ``stats``."""
    database = tmp_path / "harvest.db"
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE harvest_runs (id INTEGER PRIMARY KEY, spider TEXT, "
                           "stats TEXT)")
        connection.execute("INSERT INTO harvest_runs (spider, stats) VALUES (?, ?)",
                           ("score_portal_e", json.dumps(stats)))
    return database


def test_the_next_crawl_starts_from_every_column_and_platform_found(tmp_path):
    platform = "http://xxgk.sfshi.gov.cn/sf5/ndbg/index.html"
    spider = registry_spider(earlier_crawl(tmp_path, {
        "harvest/discovery/columns": [platform, "http://www.sf5.gov.cn/ndbg/",
                                      "http://www.elsewhere.test/ndbg/"],
        "harvest/discovery/handoff": ["xxgk.sfshi.gov.cn", "www.sf5-mirror.test"]}))
    assert spider.remembered_discovery() == (
        {"xxgk.sfshi.gov.cn": "/"}, [platform, "http://www.sf5.gov.cn/ndbg/"])

    async def started():
        return [request async for request in spider.start()]
    requests = asyncio.run(started())
    assert urls(requests)[:2] == [platform, "http://www.sf5.gov.cn/ndbg/"]
    assert spider.handed_hosts == {"xxgk.sfshi.gov.cn"}
    assert spider.crawler.stats.get_value("harvest/discovery/remembered") == [
        platform, "http://www.sf5.gov.cn/ndbg/"]


def test_the_next_crawl_keeps_discovery_in_the_part_handed_over(tmp_path):
    platform = "http://xxgk.sfshi.gov.cn/sf5/ndbg/index.html"
    spider = registry_spider(earlier_crawl(tmp_path, {
        "harvest/discovery/columns": [platform],
        "harvest/discovery/handoff": ["xxgk.sfshi.gov.cn"],
        "harvest/discovery/handoff_directories": {"xxgk.sfshi.gov.cn": "/sf5/"}}))
    assert spider.remembered_discovery() == ({"xxgk.sfshi.gov.cn": "/sf5/"}, [platform])
