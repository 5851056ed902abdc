"""The base spiders of each CMS family on saved pages written from docs/portals.md's shapes."""

from __future__ import annotations

import asyncio
import json
from urllib.parse import parse_qs, urlsplit

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from spiders.families.hanweb import jpage_units
from spiders.families.trs_static import pager_pages
from spiders.families.vsb import countdown_pages
from spiders.regions import REGION_SPIDERS
from tests.support.spiders import file_response, make_spider, split, urls

HUNJIANG = "http://www.hunjiang.gov.cn/zwgk/zfxxgknb/"


def spider(slug: str, **kwargs):
    return make_spider(REGION_SPIDERS[slug], **kwargs)


def outcomes(spider, kind: str) -> list[str]:
    return [o["url"] for o in spider.outcomes if o["kind"] == kind]


# ---- TRS static ---------------------------------------------------------------------------

def test_trs_classic_pager_is_zero_based():
    script = ('var countPage = 3;var currentPage = 0;'
              'createPageHTML(countPage, currentPage, "index", "html");')
    assert pager_pages(script, HUNJIANG + "index.html") == [
        HUNJIANG + "index.html", HUNJIANG + "index_1.html", HUNJIANG + "index_2.html"]


def test_trs_variant_pager_is_one_based_and_has_no_index_1():
    script = 'createPageHTML("page_div", 3, 1, "index", "html", 47);'
    assert pager_pages(script, HUNJIANG + "2022/index.html") == [
        HUNJIANG + "2022/index.html", HUNJIANG + "2022/index_2.html",
        HUNJIANG + "2022/index_3.html"]


def test_trs_list_queues_reports_pages_and_subcolumns_and_drops_look_alikes():
    trs = spider("jilin_baishan_hunjiang")
    response = file_response("trs_list_classic.html", HUNJIANG + "index.html")
    requests, items = split(trs.parse_column(response))
    assert items == []
    by_url = {r.url: r.callback.__name__ for r in requests}
    assert by_url == {
        HUNJIANG + "202301/t20230106_642168.html": "parse_article",
        "http://www.hunjiang.gov.cn/zfgz6/jyj/ndbg/202301/t20230110_642901.html":
            "parse_article",
        HUNJIANG + "202302/P020230201512345678901.pdf": "parse_file",
        HUNJIANG + "index_1.html": "parse_trs_list",
        HUNJIANG + "index_2.html": "parse_trs_list",
        HUNJIANG + "2022/index.html": "parse_trs_list",
        HUNJIANG + "2021/bmnb/": "parse_trs_list",
    }
    # The title= attribute, not the truncated link text, is what the listing says.
    first = next(r for r in requests if r.url.endswith("642168.html"))
    assert first.meta["listing"]["title"] == "白山市浑江区人民政府2022年政府信息公开工作年度报告"
    assert first.meta["listing"]["date"] == "2023-01-06"
    assert sorted(outcomes(trs, "rejected")) == [HUNJIANG + "202301/t20230112_642999.html",
                                                 HUNJIANG + "202302/t20230203_643001.html"]
    assert outcomes(trs, "offsite") == [
        "http://www.hunjiang-mirror.com/zwgk/zfxxgknb/202301/t20230106_642168.html"]


def test_trs_variant_list_pages():
    trs = spider("jilin_baishan_hunjiang")
    response = file_response("trs_list_variant.html", HUNJIANG + "2022/index.html")
    requests, _ = split(trs.parse_column(response))
    assert set(urls(requests)) == {HUNJIANG + "2022/202301/t20230118_700001.html",
                                   HUNJIANG + "2022/index_2.html",
                                   HUNJIANG + "2022/index_3.html"}


def test_trs_article_gbk_page_is_a_document_with_its_attachments():
    trs = spider("jilin_baishan_hunjiang")
    url = HUNJIANG + "202301/t20230110_642901.html"
    response = file_response("trs_article.html", url, meta={
        "found_via": "trs-list", "listing": {"title": "浑江区教育局2022年政府信息公开…"}})
    requests, items = split(trs.parse_article(response))
    assert len(items) == 1
    item = items[0]
    assert (item.region, item.url, item.year, item.agency, item.published) == (
        "jilin_baishan_hunjiang", url, 2022, "浑江区教育局", "2023-01-10")
    assert item.title == "浑江区教育局2022年政府信息公开工作年度报告"
    assert item.found_via == "trs-list"
    assert item.body == response.body
    attachments = {r.url: r.meta["listing"]["file_name"] for r in requests}
    # The .docx and the scanned table image are followed; the 打印 view is not.
    assert attachments == {
        HUNJIANG + "202301/P020230110512345678901.docx":
            "浑江区教育局2022年政府信息公开工作年度报告.docx",
        HUNJIANG + "202301/W020230110512345678901.png": None,
    }
    assert all(r.meta["found_via"] == "attachment" for r in requests)
    assert all(r.meta["listing"]["parent_url"] == url for r in requests)


def test_attachment_document_carries_the_article_s_year_agency_and_type():
    trs = spider("jilin_baishan_hunjiang")
    article = HUNJIANG + "202301/t20230110_642901.html"
    requests, _ = split(trs.parse_article(file_response("trs_article.html", article)))
    docx = next(r for r in requests if r.url.endswith(".docx"))
    response = HtmlResponse(docx.url, body=b"PK\x03\x04docx", request=docx, headers={
        "Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"})
    _, items = split(trs.parse_file(response))
    assert [(i.year, i.agency, i.parent_url, i.found_via, i.file_name) for i in items] == [
        (2022, "浑江区教育局", article, "attachment",
         "浑江区教育局2022年政府信息公开工作年度报告.docx")]


def test_list_linked_file_is_recognised_from_the_link_text():
    trs = spider("jilin_baishan_hunjiang")
    requests, _ = split(trs.parse_column(file_response("trs_list_classic.html",
                                                       HUNJIANG + "index.html")))
    pdf = next(r for r in requests if r.url.endswith(".pdf"))
    response = HtmlResponse(pdf.url, body=b"%PDF-1.4", request=pdf,
                            headers={"Content-Type": "application/pdf"})
    _, items = split(trs.parse_file(response))
    assert [(i.year, i.agency, i.content_type) for i in items] == [
        (2022, "红土崖镇", "application/pdf")]


# ---- Jilin platform -----------------------------------------------------------------------

DC = "http://xxgk.dc.gov.cn/"


def test_jilin_column_shell_asks_the_jsonp_service():
    jilin = spider("jilin_tonghua_dongchang")
    response = file_response("jilin_column.html", DC + "zfgz6/dczsj/ndbg/index.html")
    requests, _ = split(jilin.parse_column(response))
    assert len(requests) == 1
    query = parse_qs(urlsplit(requests[0].url).query)
    assert urlsplit(requests[0].url).hostname == "infogate.jl.gov.cn"
    assert query["lb"] == ["14581"] and query["page"] == ["1"] and query["callback"] == ["result"]


def test_jilin_jsonp_with_bom_and_padding_gives_articles_and_the_next_page():
    jilin = spider("jilin_tonghua_dongchang")
    url = ("http://infogate.jl.gov.cn/govsearch/jsonp/zf_jd_list.jsp?page=1&lb=14581"
           "&channelId=14581&callback=result")
    response = file_response("jilin_jsonp_page1.js", url,
                             content_type="text/javascript; charset=utf-8")
    requests, _ = split(jilin.parse_jsonp(response, number=1, seen=0))
    articles = [r for r in requests if r.callback.__name__ == "parse_article"]
    assert [r.meta["listing"]["agency"] for r in articles] == ["通化市东昌区教育局"] * 2
    assert articles[1].meta["listing"]["title"] == "2021年度政府信息公开工作报告"
    pages = [r for r in requests if r.callback.__name__ == "parse_jsonp"]
    assert [parse_qs(urlsplit(r.url).query)["page"] for r in pages] == [["2"]]


def test_jilin_agency_tree_leads_to_each_channel_and_its_column():
    jilin = spider("jilin_tonghua_dongchang")
    tree = file_response("jilin_tree.html", DC + "xxgkml/index.html")
    requests, _ = split(jilin.parse_agency_tree(tree, depth=1))
    assert set(urls(requests)) == {DC + "rmzf/dcrm6/index.html", DC + "zfgz6/dczsj/index.html"}
    channel = file_response("jilin_channel.html", DC + "zfgz6/dczsj/index.html")
    requests, _ = split(jilin.parse_agency_tree(channel, depth=2))
    assert [(r.url, r.callback.__name__) for r in requests] == [
        (DC + "zfgz6/dczsj/ndbg/index.html", "parse_jilin_column")]


# ---- Hegang JSON list ---------------------------------------------------------------------

HEGANG = "http://www.hegang.gov.cn/hegang/zxqgkndbg/"
CHANNEL = "0c3a5e2b9d7f41a6b8e2c4d6f8a0b1c2"


def test_hegang_list_shell_calls_the_search_api_with_referer():
    hegang = spider("heilongjiang_hegang_gongnong")
    requests, _ = split(hegang.parse_column(file_response("hegang_list.shtml",
                                                          HEGANG + "list.shtml")))
    assert len(requests) == 1
    parts = urlsplit(requests[0].url)
    assert parts.path == f"/common/search/{CHANNEL}"
    assert parse_qs(parts.query)["_isJson"] == ["true"]
    assert parse_qs(parts.query)["page"] == ["1"]
    assert requests[0].headers["Referer"] == (HEGANG + "list.shtml").encode()


def test_hegang_search_results_alias_host_look_alike_and_pages():
    hegang = spider("heilongjiang_hegang_gongnong")
    api = (f"http://www.hegang.gov.cn/common/search/{CHANNEL}?_isAgg=false&_isJson=true"
           "&_pageSize=15&_template=index&_rangeTimeGte=&_channelName=&page=1")
    response = file_response("hegang_search_page1.json", api,
                             content_type="application/json;charset=UTF-8")
    requests, _ = split(hegang.parse_hegang_json(response, found=api, list_url=HEGANG))
    articles = [r.url for r in requests if r.callback.__name__ == "parse_article"]
    # The hgds.gov.cn copy is fetched on the canonical host; the 统计年报 is not fetched.
    assert articles == [
        HEGANG + "202501/68226.shtml",
        HEGANG + "202201/0f6d2ab8c1e94e7f9a3b5c7d9e1f2a4b.shtml"]
    assert outcomes(hegang, "rejected") == [HEGANG + "202402/70001.shtml"]
    pages = [parse_qs(urlsplit(r.url).query)["page"][0] for r in requests
             if r.callback.__name__ == "parse_hegang_json"]
    assert pages == ["2", "3"]  # 32 results, 15 a page


# ---- Guangdong NFCMS + gkmlpt -------------------------------------------------------------

WJ = "http://www.sgwjq.gov.cn/"


def test_gkmlpt_index_reads_only_report_categories_and_other_units():
    wj = spider("guangdong_shaoguan_wujiang")
    response = file_response("gkmlpt_index.html", WJ + "gkmlpt/index")
    requests, _ = split(wj.parse_column(response))
    assert set(urls(requests)) == {WJ + "sgwjjyj/gkmlpt/index",
                                   WJ + "gkmlpt/api/all/2629?page=1&sid=755041"}


def test_gkmlpt_api_turns_https_to_http_and_keeps_attachments_for_the_article():
    wj = spider("guangdong_shaoguan_wujiang")
    api = WJ + "gkmlpt/api/all/2629?page=1&sid=755041"
    response = file_response("gkmlpt_api_page1.json", api, content_type="application/json")
    requests, _ = split(wj.parse_gkmlpt_api(response, root=WJ + "gkmlpt/", sid="755041",
                                            category="2629", number=1, seen=0))
    article, next_page = requests
    assert article.url == WJ + "gkmlpt/content/3/3412/post_3412345.html"
    assert article.meta["listing"]["agency"] == "韶关市武江区教育局"
    assert next_page.url == WJ + "gkmlpt/api/all/2629?page=2&sid=755041"  # 1 of 101 seen
    content = file_response("gkmlpt_content.html", article.url, request=article)
    attachments, items = split(wj.parse_article(content))
    assert [(i.year, i.agency) for i in items] == [(2022, "武江区教育局")]
    assert urls(attachments) == [WJ + "attachment/0/88/88001/3412345.pdf"]
    assert attachments[0].meta["listing"]["file_name"] == "2022年年报.pdf"


def test_nfcms_list_follows_posts_and_next_page():
    wj = spider("guangdong_shaoguan_wujiang")
    column = WJ + "zwgk/zfxxgkndbg/index.html"
    requests, _ = split(wj.parse_column(file_response("nfcms_list.html", column)))
    assert set(urls(requests)) == {WJ + "zwgk/zfxxgkndbg/content/post_222305.html",
                                   WJ + "zwgk/zfxxgkndbg/content/post_222204.html",
                                   WJ + "zwgk/zfxxgkndbg/index_2.html"}


# ---- Hanweb -------------------------------------------------------------------------------

WC = "http://wcsxxgk.harbin.gov.cn/"


def test_hanweb_jpage_parameters_come_from_the_page():
    html = (file_response("hanweb_column.html", WC + "col/col12596/index.html")).text
    [unit] = jpage_units(html)
    assert unit.groups() == [(1, 45), (46, 57)]
    assert unit.params["columnid"] == "12596" and unit.params["unitid"] == "7003210"
    assert unit.params["webname"] == "五常市人民政府"


def test_hanweb_column_reads_the_data_island_and_posts_to_dataproxy():
    wc = spider("heilongjiang_harbin_wuchang")
    column = WC + "col/col12596/index.html"
    requests, _ = split(wc.parse_column(file_response("hanweb_column.html", column)))
    articles = [r.url for r in requests if r.callback.__name__ == "parse_article"]
    assert articles == [WC + "art/2023/1/18/art_12596_59012345.html",
                        WC + "art/2023/1/17/art_12596_59011999.html"]
    posts = [r for r in requests if r.method == "POST"]
    assert [r.url for r in posts] == [
        WC + "module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=45&perpage=15",
        WC + "module/web/jpage/dataproxy.jsp?startrecord=46&endrecord=57&perpage=15"]
    form = parse_qs(posts[0].body.decode())
    assert form["columnid"] == ["12596"] and form["unitid"] == ["7003210"]
    assert posts[0].headers["Referer"] == column.encode()
    assert b"form-urlencoded" in posts[0].headers["Content-Type"]


def test_hanweb_dataproxy_answer():
    wc = spider("heilongjiang_harbin_wuchang")
    url = WC + "module/web/jpage/dataproxy.jsp?startrecord=46&endrecord=57&perpage=15"
    response = file_response("hanweb_dataproxy.xml", url, content_type="text/xml")
    requests, _ = split(wc.parse_dataproxy(response))
    assert urls(requests) == [WC + "art/2022/1/20/art_12596_50000001.html"]
    assert outcomes(wc, "rejected") == [WC + "art/2022/3/2/art_12596_50000002.html"]


def test_hanweb_article_attachment_name_from_showname():
    wc = spider("heilongjiang_harbin_wuchang")
    url = WC + "art/2023/1/18/art_12596_59012345.html"
    requests, items = split(wc.parse_article(file_response("hanweb_article.html", url)))
    assert [(i.year, i.agency, i.published) for i in items] == [
        (2022, "五常市卫生健康局", "2023-01-18")]
    names = {r.url.split("?")[0]: r.meta["listing"]["file_name"] for r in requests}
    assert names == {WC + "module/download/downfile.jsp": "五常市卫健局2022年报.pdf",
                     WC + "picture/0/2301181000123.jpg": None}


# ---- VSB ----------------------------------------------------------------------------------

QH = "http://www.qinghe.test/"


def test_vsb_countdown_pages():
    assert countdown_pages(QH + "xxgk/ndbg.htm", 4) == [
        QH + "xxgk/ndbg/3.htm", QH + "xxgk/ndbg/2.htm", QH + "xxgk/ndbg/1.htm"]


def test_vsb_list_queues_reports_and_every_countdown_page():
    vsb = spider("hebei_xingtai_qinghe")
    requests, _ = split(vsb.parse_column(file_response("vsb_list.htm", QH + "xxgk/ndbg.htm")))
    assert urls([r for r in requests if r.callback.__name__ == "parse_article"]) == [
        QH + "info/1116/5946.htm"]
    pages = {r.url for r in requests if r.callback.__name__ == "parse_vsb_list"}
    assert pages == {QH + f"xxgk/ndbg/{n}.htm" for n in range(1, 11)}
    assert outcomes(vsb, "rejected") == [QH + "info/1116/5940.htm"]  # the 公开指南


def test_vsb_download_answering_html_is_not_a_file():
    vsb = spider("hebei_xingtai_qinghe")
    article = QH + "info/1116/5946.htm"
    requests, items = split(vsb.parse_article(file_response("vsb_article.htm", article)))
    assert [(i.year, i.agency) for i in items] == [(2022, "清河县人民政府")]
    [download] = requests
    assert "download.jsp" in download.url
    error = HtmlResponse(download.url, body="<html><body>对不起，您没有权限下载此附件</body></html>"
                         .encode(), encoding="utf-8", request=download,
                         headers={"Content-Type": "text/html; charset=utf-8"})
    assert split(vsb.parse_file(error)) == ([], [])
    assert outcomes(vsb, "not_a_file") == [download.url]


# ---- generic list -------------------------------------------------------------------------

LH = "http://www.luohehz.test/"


def test_generic_list_takes_report_titles_and_next_page():
    generic = spider("henan_luohe_huizu")
    column = LH + "xxgk/ndbg/index.html"
    requests, _ = split(generic.parse_column(file_response("generic_list.html", column)))
    assert set(urls(requests)) == {LH + "xxgk/ndbg/2023/0118/1234.html",
                                   LH + "xxgk/ndbg/2023/0120/1240.html",
                                   LH + "xxgk/ndbg/index_2.html"}


# ---- obstacles and filters ----------------------------------------------------------------

def test_waf_412_is_recorded_as_blocked():
    hegang = spider("heilongjiang_hegang_gongnong")
    request = Request(HEGANG + "list.shtml")
    response = file_response("waf_412.html", request.url, status=412, request=request)
    failure = Failure(HttpError(response))
    failure.request = request
    hegang.on_error(failure)
    assert hegang.outcomes[-1]["kind"] == "blocked"
    assert hegang.outcomes[-1]["waf"] == "ruishu"


def test_wzws_challenge_at_200_is_blocked_not_a_rejected_page():
    jilin = spider("jilin_tonghua_dongchang")
    url = DC + "rmzf/dcrm6/ndbg/202201/t20220120_600001.html"
    assert split(jilin.parse_article(file_response("wzws.html", url))) == ([], [])
    assert outcomes(jilin, "blocked") == [url]


def test_maintenance_page_is_unavailable():
    trs = spider("jilin_baishan_hunjiang")
    url = HUNJIANG + "2019/index.html"
    assert split(trs.parse_column(file_response("maintenance.html", url))) == ([], [])
    assert outcomes(trs, "unavailable") == [url]


def test_robots_refusal_is_recorded():
    vsb = spider("hebei_xingtai_qinghe")
    request = Request(QH + "private/ndbg.htm")
    failure = Failure(IgnoreRequest("Forbidden by robots.txt"))
    failure.request = request
    vsb.on_error(failure)
    assert outcomes(vsb, "robots") == [request.url]


def test_years_filter_skips_other_years_before_fetching():
    trs = spider("jilin_baishan_hunjiang", years="2019-2020")
    requests, _ = split(trs.parse_column(file_response("trs_list_classic.html",
                                                       HUNJIANG + "index.html")))
    assert not [r for r in requests if r.callback.__name__ in ("parse_article", "parse_file")]


@pytest.mark.parametrize(("agency", "kept"), [("教育局", 1), ("财政局", 0)])
def test_agency_filter(agency, kept):
    trs = spider("jilin_baishan_hunjiang", agency=agency)
    url = HUNJIANG + "202301/t20230110_642901.html"
    _, items = split(trs.parse_article(file_response("trs_article.html", url)))
    assert len(items) == kept


def test_years_argument_forms():
    assert spider("jilin_baishan_hunjiang", years="2021").years == {2021}
    assert spider("jilin_baishan_hunjiang", years="2019,2021").years == {2019, 2021}
    with pytest.raises(ValueError):
        spider("jilin_baishan_hunjiang", years="recent")


# ---- Hanweb jpaas -------------------------------------------------------------------------

HA = "http://www.huaian.gov.cn/"


def jpaas_params(url: str) -> dict:
    query = parse_qs(urlsplit(url).query)
    return {**{k: v[0] for k, v in query.items()}, "paramJson": json.loads(query["paramJson"][0])}


def test_jpaas_column_asks_its_unit_with_the_query_data():
    wc = spider("heilongjiang_harbin_wuchang")
    wc.allowed_domains.append("www.huaian.gov.cn")
    column = HA + "col/18073_668815/index.html"
    requests, _ = split(wc.parse_column(file_response("jpaas_column.html", column)))
    [unit] = requests
    assert urlsplit(unit.url).path == "/api-gateway/jpaas-publish-server/front/page/build/unit"
    params = jpaas_params(unit.url)
    assert params["webId"] == "d2bb7e7c1a9b4b2e8f0c" and params["tagId"] == "当前栏目list"
    assert params["paramJson"] == {"pageNo": 1, "pageSize": 15}


def test_jpaas_unit_answer_gives_reports_and_the_other_pages():
    wc = spider("heilongjiang_harbin_wuchang")
    wc.allowed_domains.append("www.huaian.gov.cn")
    column = HA + "col/18073_668815/index.html"
    [unit] = split(wc.parse_column(file_response("jpaas_column.html", column)))[0]
    response = file_response("jpaas_unit_page1.json", unit.url, request=unit,
                             content_type="application/json")
    requests, _ = split(wc.parse_jpaas_unit(response, **unit.cb_kwargs))
    articles = [r.url for r in requests if r.callback.__name__ == "parse_article"]
    assert articles == [HA + "col/18073_668815/art/17356608/17364738729029ffO7DUB.html"]
    pages = [jpaas_params(r.url)["paramJson"]["pageNo"] for r in requests
             if r.callback.__name__ == "parse_jpaas_unit"]
    assert pages == [2, 3]  # 40 records, 15 a page
    assert outcomes(wc, "rejected") == [
        HA + "col/18073_668815/art/17356608/17364738729030abC8EFG.html"]


def test_gbk_page_declaring_utf8_is_read_as_gbk():
    trs = spider("jilin_baishan_hunjiang")
    url = HUNJIANG + "2020/2020xzgb/202103/t20210302_789894.html"
    response = file_response("trs_article_declares_utf8.html", url)
    assert "\ufffd" in response.text  # what the declaration alone gives
    _, items = split(trs.parse_article(response))
    assert [(i.title, i.year, i.agency) for i in items] == [
        ("浑江区教育局2022年政府信息公开工作年度报告", 2022, "浑江区教育局")]


def test_outcomes_are_written_as_they_happen_and_counted(tmp_path):
    path = tmp_path / "outcomes.jsonl"
    trs = make_spider(REGION_SPIDERS["jilin_baishan_hunjiang"],
                      settings={"HARVEST_OUTCOMES": str(path)})
    list(trs.parse_column(file_response("maintenance.html", HUNJIANG + "2019/index.html")))
    list(trs.parse_column(file_response("maintenance.html", HUNJIANG + "2019/index.html")))
    written = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert written == [{"region": "jilin_baishan_hunjiang", "kind": "unavailable",
                        "url": HUNJIANG + "2019/index.html", "status": 200,
                        "reason": "maintenance"}]  # once, though met twice
    assert trs.crawler.stats.get_value("harvester/outcome/unavailable") == 1
    trs.closed("finished")


def test_a_crawl_that_met_nothing_leaves_an_empty_outcomes_file(tmp_path):
    path = tmp_path / "outcomes.jsonl"
    trs = make_spider(REGION_SPIDERS["jilin_baishan_hunjiang"],
                      settings={"HARVEST_OUTCOMES": str(path)})
    trs.closed("finished")
    assert path.read_text() == ""


# ---- bad input ----------------------------------------------------------------------------

JUNK = (b"", b"\x00\xff\xfe binary \x89PNG", b"<html><body><div><a href='", b"{not json",
        b'{"data": [1, 2, "x"], "articles": "none", "classify": [], "total": "many"}',
        b'result([1, {"tip": "x", "puburl": 5}]);', b"<datastore><record><![CDATA[<li>")


@pytest.mark.parametrize("junk", JUNK)
def test_junk_never_raises(junk):
    calls = [
        ("jilin_baishan_hunjiang", "parse_trs_list", {}),
        ("jilin_baishan_hunjiang", "parse_article", {}),
        ("jilin_tonghua_dongchang", "parse_jilin_column", {}),
        ("jilin_tonghua_dongchang", "parse_jsonp", {"number": 1, "seen": 0}),
        ("jilin_tonghua_dongchang", "parse_agency_tree", {}),
        ("heilongjiang_hegang_gongnong", "parse_hegang_list", {}),
        ("heilongjiang_hegang_gongnong", "parse_hegang_json",
         {"found": "/common/search/" + "0" * 32, "list_url": HEGANG}),
        ("guangdong_shaoguan_wujiang", "parse_gkmlpt_index", {}),
        ("guangdong_shaoguan_wujiang", "parse_gkmlpt_api",
         {"root": WJ + "gkmlpt/", "sid": "1", "category": "2629", "number": 1, "seen": 0}),
        ("heilongjiang_harbin_wuchang", "parse_hanweb_column", {}),
        ("heilongjiang_harbin_wuchang", "parse_dataproxy", {}),
        ("heilongjiang_harbin_wuchang", "parse_jpaas_unit",
         {"unit_url": "/api", "query_data": "{", "number": 1}),
        ("hebei_xingtai_qinghe", "parse_vsb_list", {}),
        ("henan_luohe_huizu", "parse_generic_list", {}),
        ("henan_luohe_huizu", "parse_home", {"hops": 0}),
        ("henan_luohe_huizu", "parse_file", {}),
    ]
    for slug, method, kwargs in calls:
        crawl = spider(slug)
        url = crawl.region.home + "page"
        response = HtmlResponse(url, body=junk, request=Request(url),
                                headers={"Content-Type": "text/html"})
        _, items = split(getattr(crawl, method)(response, **kwargs))
        assert items == [], (method, junk)


def test_list_api_values_of_the_wrong_type_are_read_as_text():
    hegang = spider("heilongjiang_hegang_gongnong")
    api = f"http://www.hegang.gov.cn/common/search/{CHANNEL}?_isJson=true&page=1"
    body = json.dumps({"data": {"total": 1, "results": [
        {"title": 2024, "url": HEGANG + "202501/1.shtml", "publishedTimeStr": 20250126}]}})
    response = HtmlResponse(api, body=body.encode(), request=Request(api),
                            headers={"Content-Type": "application/json"})
    requests, _ = split(hegang.parse_hegang_json(response, found=api, list_url=HEGANG))
    assert [r.meta["listing"] for r in requests] == [{"title": "2024", "date": "20250126"}]


@pytest.mark.parametrize(("header", "name", "expected"), [
    ("application/octet-stream", "清河县2022年报.pdf", "application/pdf"),
    ("application/x-download", "年报.wps", "application/vnd.ms-works"),
    ("", "2022年年报.xlsx",
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("application/msword", "年报.pdf", "application/msword"),  # the server's word wins
])
def test_downloads_that_only_say_bytes_are_typed_by_their_name(header, name, expected):
    vsb = spider("hebei_xingtai_qinghe")
    article = QH + "info/1116/5946.htm"
    [download] = split(vsb.parse_article(file_response("vsb_article.htm", article)))[0]
    download.meta["listing"]["file_name"] = name
    response = HtmlResponse(download.url, body=b"\xd0\xcf\x11\xe0 bytes", request=download,
                            headers={"Content-Type": header} if header else {})
    _, [item] = split(vsb.parse_file(response))
    assert item.content_type == expected and item.file_name == name


async def start_urls_of(crawl) -> list[str]:
    return [request.url async for request in crawl.start()]


@pytest.mark.parametrize(("slug", "expected"), [
    # A region's report column, then its home page for any other column.
    ("jilin_baishan_hunjiang", [HUNJIANG + "index.html", "http://www.hunjiang.gov.cn/"]),
    # On the city platform, only the district column: the city's home leads elsewhere.
    ("heilongjiang_hegang_gongnong", [HEGANG.replace("http:", "https:") + "list.shtml"]),
    # No column known: the home page alone.
    ("hebei_xingtai_qinghe", [QH]),
])
def test_where_a_region_crawl_starts(slug, expected):
    assert asyncio.run(start_urls_of(spider(slug))) == expected


def test_years_filter_fetches_a_neighbouring_title_year_and_the_body_decides():
    trs = spider("jilin_baishan_hunjiang", years="2023")
    requests, _ = split(trs.parse_column(file_response("trs_list_classic.html",
                                                       HUNJIANG + "index.html")))
    assert HUNJIANG + "202301/t20230106_642168.html" in urls(requests)  # titled 2022
    _, items = split(trs.parse_article(file_response(
        "trs_article.html", HUNJIANG + "202301/t20230110_642901.html")))
    assert items == []  # the page is the 2022 report: not wanted
