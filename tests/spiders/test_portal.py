"""The portal spider on saved pages: family recognition and home-page discovery."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware
from scrapy.exceptions import IgnoreRequest

from spiders.portal import PortalSpider, detect_family
from tests.support.spiders import file_response, make_spider, split, urls

HOME = "http://www.hunjiang.gov.cn/"


@pytest.mark.parametrize(("page", "family"), [
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
])
def test_family_is_recognised_from_the_markup(page, family):
    text = file_response(page, "http://example.gov.cn/column/").text
    assert detect_family(text) == family


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


def test_items_carry_the_region_argument():
    spider = portal(home="http://www.sgwjq.gov.cn/", region="guangdong_shaoguan_wujiang")
    assert spider.region.slug == "guangdong_shaoguan_wujiang"


def test_redirects_off_government_hosts_are_refused_by_the_offsite_middleware():
    spider = portal(home="http://www.luohehz.test/")
    offsite = OffsiteMiddleware.from_crawler(spider.crawler)
    offsite.spider_opened(spider)
    for url in ("http://www.luohehz.test/InfoPublic.aspx?cid=1019",
                "http://infogate.jl.gov.cn/govsearch/jsonp/zf_jd_list.jsp"):
        offsite.process_request(Request(url))  # passes
    with pytest.raises(IgnoreRequest):
        offsite.process_request(Request("http://www.luohehz-mirror.test/"))
