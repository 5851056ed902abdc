"""The portal spider on saved pages: family recognition and home-page discovery."""

from __future__ import annotations

import asyncio
import re
from urllib.parse import urlsplit

import pytest
from scrapy import Request
from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware
from scrapy.exceptions import IgnoreRequest

from spiders.base import ReportSpider
from spiders.families import FAMILY_SPIDERS
from spiders.portal import PortalSpider, detect_family, portal_domain
from spiders.regions import REGION_SPIDERS
from tests.support.spiders import file_response, make_spider, split, urls

HOME = "http://www.hunjiang.gov.cn/"

COLUMN_PAGES = [  # a saved column page of each family, and the family it is
    ("trs_list_classic.html", "trs_static"),
    ("trs_list_variant.html", "trs_static"),
    ("jilin_column.html", "jilin_jsonp"),
    ("hegang_list.shtml", "hegang_json"),
    ("gkmlpt_index.html", "nfcms_gkmlpt"),
    ("nfcms_list.html", "nfcms_gkmlpt"),
    ("hanweb_column.html", "hanweb"),
    ("jpaas_column.html", "hanweb"),
    ("vsb_list.htm", "vsb"),
    ("generic_list.html", "generic"),
]


@pytest.mark.parametrize(("page", "family"), COLUMN_PAGES)
def test_family_is_recognised_from_the_markup(page, family):
    text = file_response(page, "http://example.gov.cn/column/").text
    assert detect_family(text) == family


def test_portal_tries_exactly_the_registered_families():
    assert set(PortalSpider.__bases__) == set(FAMILY_SPIDERS.values())
    # Each registered family has a saved column page recognised above.
    assert {family for _, family in COLUMN_PAGES} == set(FAMILY_SPIDERS)


def test_a_family_registered_in_one_place_is_recognised_by_the_portal(monkeypatch):
    class MadeUpSpider(ReportSpider):
        family = "made_up"
        family_marker = re.compile(r"made-up-cms")

    page = '<div class="made-up-cms"><a href="2023.html">2023年年报</a></div>'
    assert detect_family(page) == "generic"
    monkeypatch.setitem(FAMILY_SPIDERS, MadeUpSpider.family, MadeUpSpider)
    assert detect_family(page) == "made_up"


def test_what_two_families_do_differently_the_portal_decides():
    """So the order of PortalSpider's bases decides nothing: of every attribute a family sets,
    the families give one value besides ReportSpider's at most, or PortalSpider sets its own.
    ``family`` and ``family_marker`` are read from FAMILY_SPIDERS only, never from a spider."""
    names = {name for spider in FAMILY_SPIDERS.values() for klass in spider.__mro__
             if klass not in ReportSpider.__mro__ for name in vars(klass)
             if not name.startswith("__")} - {"family", "family_marker"}
    undecided = {name for name in names if name not in vars(PortalSpider) and len(
        {getattr(spider, name, None) for spider in FAMILY_SPIDERS.values()}
        - {None, getattr(ReportSpider, name, None)}) > 1}
    assert undecided == set()


@pytest.mark.parametrize(("page", "url", "callbacks"), [
    ("trs_list_classic.html", HOME + "zwgk/zfxxgknb/index.html", {"parse_trs_list"}),
    ("jilin_column.html", "http://xxgk.dc.gov.cn/zfgz6/dczsj/ndbg/index.html", {"parse_jsonp"}),
    ("hegang_list.shtml", "http://www.hegang.gov.cn/hegang/zxqgkndbg/list.shtml",
     {"parse_hegang_json"}),
    ("gkmlpt_index.html", "http://www.sgwjq.gov.cn/gkmlpt/index",
     {"parse_gkmlpt_index", "parse_gkmlpt_api"}),
    ("nfcms_list.html", "http://www.sgwjq.gov.cn/zwgk/zfxxgkndbg/index.html",
     {"parse_generic_list"}),
    ("hanweb_column.html", "http://wcsxxgk.harbin.gov.cn/col/col12596/index.html",
     {"parse_dataproxy"}),
    ("jpaas_column.html", "http://wcsxxgk.harbin.gov.cn/col/col12596/index.html",
     {"parse_jpaas_unit"}),
    ("vsb_list.htm", "http://www.qinghe.test/xxgk/ndbg.htm", {"parse_vsb_list"}),
    ("generic_list.html", "http://www.luohehz.test/xxgk/ndbg/index.html",
     {"parse_generic_list"}),
])
def test_each_family_s_column_is_read_with_that_family_s_code(page, url, callbacks):
    spider = portal(home=f"http://{urlsplit(url).hostname}/")
    requests, _ = split(spider.parse_column(file_response(page, url)))
    assert {r.callback.__name__ for r in requests} - {"parse_article", "parse_file"} == callbacks


def portal(home: str = HOME, **kwargs) -> PortalSpider:
    return make_spider(PortalSpider, home=home, **kwargs)


def test_portal_needs_a_home_page():
    with pytest.raises(ValueError, match="home"):
        portal(home="")


def test_home_page_leads_through_the_disclosure_pages_only():
    spider = portal()
    response = file_response("home_discovery.html", HOME, request=Request(HOME, meta={}))
    requests, _ = split(spider.parse_home(response, hops=0))
    # 政务公开 is followed; news, interaction and the mirror are not.
    assert urls(requests) == [HOME + "zwgk/index.html"]
    assert requests[0].cb_kwargs == {"hops": 1}


def test_disclosure_page_leads_to_the_report_column_not_to_guides_or_reports():
    spider = portal()
    url = HOME + "zwgk/index.html"
    response = file_response("zwgk_discovery.html", url,
                             request=Request(url, meta={"link_text": "政务公开"}))
    requests, _ = split(spider.parse_home(response, hops=1))
    assert urls(requests) == [HOME + "zwgk/zfxxgknb/index.html"]
    assert requests[0].meta["link_text"] == "政府信息公开年报"


def test_column_page_is_read_with_its_family():
    spider = portal()
    url = HOME + "zwgk/zfxxgknb/index.html"
    response = file_response("trs_list_classic.html", url,
                             request=Request(url, meta={"link_text": "政府信息公开年报"}))
    requests, _ = split(spider.parse_home(response, hops=2))
    callbacks = {r.callback.__name__ for r in requests}
    assert callbacks == {"parse_article", "parse_file", "parse_trs_list"}
    assert HOME + "zwgk/zfxxgknb/index_2.html" in urls(requests)


def test_agency_tree_leads_to_each_agency():
    spider = portal(home="http://xxgk.dc.gov.cn/")
    url = "http://xxgk.dc.gov.cn/xxgkml/index.html"
    response = file_response("tree_discovery.html", url,
                             request=Request(url, meta={"link_text": "政府信息公开目录"}))
    requests, _ = split(spider.parse_home(response, hops=1))
    assert set(urls(requests)) == {"http://xxgk.dc.gov.cn/rmzf/dcrm6/index.html",
                                   "http://xxgk.dc.gov.cn/zfgz6/dcjyj/xbxxgkml_14581/index.html",
                                   "http://xxgk.dc.gov.cn/xzjd/dcxz1/xbxxgkml_15162/index.html"}


def test_gkmlpt_shell_counts_as_a_column():
    spider = portal(home="http://www.sgwjq.gov.cn/")
    url = "http://www.sgwjq.gov.cn/gkmlpt/index"
    response = file_response("gkmlpt_index.html", url,
                             request=Request(url, meta={"link_text": "政府信息公开目录"}))
    requests, _ = split(spider.parse_home(response, hops=1))
    assert "http://www.sgwjq.gov.cn/gkmlpt/api/all/2629?page=1&sid=755041" in urls(requests)


def test_portal_fetches_its_own_host_over_the_home_page_scheme_and_gov_hosts_only():
    spider = portal(home="http://www.sgwjq.gov.cn/")
    assert spider.canonical("https://www.sgwjq.gov.cn/gkmlpt/content/1/1/post_1.html") == \
        "http://www.sgwjq.gov.cn/gkmlpt/content/1/1/post_1.html"
    assert spider.allowed("http://infogate.jl.gov.cn/govsearch/jsonp/zf_jd_list.jsp")
    assert not spider.allowed("http://www.sgwjq-mirror.test/")
    assert not spider.allowed("http://www.williamhillcn.org/zwgk/")


@pytest.mark.parametrize(("host", "domain"), [
    ("www.sgwjq.gov.cn", "sgwjq.gov.cn"),
    ("xxgk.dc.gov.cn", "dc.gov.cn"),
    ("wcsxxgk.harbin.gov.cn", "harbin.gov.cn"),
    ("www.gov.cn", "www.gov.cn"),
    ("www.luohehz.test", "luohehz.test"),
])
def test_a_portal_domain_is_its_home_host_less_the_first_label(host, domain):
    assert portal_domain(host) == domain


def test_portal_scope_is_its_domain_on_its_port_and_list_services_alone_leave_it():
    spider = portal(home="http://www.sgwjq.gov.cn/")
    assert spider.follow("http://xxgk.sgwjq.gov.cn/ndbg/", spider.parse_column) is not None
    for url, callback in [("http://www.gov.cn/zhengce/", spider.parse_home),
                          ("http://www.gd.gov.cn/ndbg/2023.html", spider.parse_article),
                          ("http://www.sgwjq.gov.cn:8080/", spider.parse_home)]:
        assert spider.follow(url, callback) is None
        assert {"kind": "offsite", "url": url, "reason": "scope"}.items() <= \
            spider.outcomes[-1].items()
    service = spider.follow("http://infogate.jl.gov.cn/govsearch/jsonp/zf_jd_list.jsp",
                            spider.parse_jsonp, number=1, seen=0)
    assert service.meta["allow_offsite"] is True


def test_hosts_a_list_service_names_entries_on_join_the_scope_once_recorded():
    spider = portal(home="https://www.hegang.gov.cn/")
    mirror = "https://www.hgds.gov.cn/hegang/zxqgkndbg/202303/92106.shtml"
    assert spider.follow(mirror, spider.parse_article, found_via="generic-list") is None
    entry = spider.follow(mirror, spider.parse_article, found_via="hegang-json")
    assert entry.meta["allow_offsite"] is True
    assert spider.crawler.stats.get_value("harvest/scope/handed") == ["www.hgds.gov.cn"]
    attachment = spider.follow("https://www.hgds.gov.cn/files/1.pdf", spider.parse_file,
                               found_via="attachment")
    assert attachment is not None
    assert spider.follow("https://www.gov.cn/1.pdf", spider.parse_file,
                         found_via="attachment") is None


def test_portal_scope_is_decided_once_and_recorded():
    spider = portal(home="http://www.sgwjq.gov.cn/")

    async def first_request():
        return await anext(spider.start())

    assert asyncio.run(first_request()).url == "http://www.sgwjq.gov.cn/"
    assert spider.crawler.stats.get_value("harvest/scope/domain") == "sgwjq.gov.cn"


def test_a_region_spider_does_not_fetch_its_host_on_another_port():
    spider = make_spider(REGION_SPIDERS["jilin_baishan_hunjiang"])
    assert spider.allowed("http://www.hunjiang.gov.cn/zwgk/")
    assert not spider.allowed("http://www.hunjiang.gov.cn:8080/zwgk/")
    # the scheme's default port named is the same server; a port that is none is no server
    assert spider.allowed("http://www.hunjiang.gov.cn:80/zwgk/")
    assert spider.allowed("https://www.hunjiang.gov.cn:443/zwgk/")
    assert not spider.allowed("http://www.hunjiang.gov.cn:99999/zwgk/")
    assert not spider.allowed("http://www.hunjiang.gov.cn:abc/zwgk/")
    scoped = portal(home="http://www.sgwjq.gov.cn/")
    assert scoped.in_scope("http://www.sgwjq.gov.cn:80/zwgk/")
    assert not scoped.in_scope("http://www.sgwjq.gov.cn:99999/zwgk/")
    assert not scoped.allowed("http://www.gd.gov.cn:abc/")


def test_items_carry_the_region_argument():
    spider = portal(home="http://www.sgwjq.gov.cn/", region="guangdong_shaoguan_wujiang")
    assert spider.region.slug == "guangdong_shaoguan_wujiang"


def test_redirects_off_the_portal_scope_are_refused_by_the_offsite_middleware():
    """A list service's requests (and their redirects) may leave the scope; nothing else."""
    spider = portal(home="http://www.luohehz.test/")
    offsite = OffsiteMiddleware.from_crawler(spider.crawler)
    offsite.spider_opened(spider)
    service = spider.follow("http://infogate.jl.gov.cn/govsearch/jsonp/zf_jd_list.jsp",
                            spider.parse_jsonp, number=1, seen=0)
    for request in (Request("http://www.luohehz.test/InfoPublic.aspx?cid=1019"),
                    Request("http://xxgk.luohehz.test/ndbg/"), service):
        offsite.process_request(request)  # passes
    for url in ("http://www.luohehz-mirror.test/", "http://www.gov.cn/zhengce/"):
        with pytest.raises(IgnoreRequest):
            offsite.process_request(Request(url))
