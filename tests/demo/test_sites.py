"""Each demo portal, fetched through the demo web's proxy with a real HTTP client: its pagination
mechanism and its obstacles behave as docs/portals.md describes, and its lists publish exactly the
agency-years the manifest says (the manifest is written from the catalog, not from pages)."""

from __future__ import annotations

import json
import re
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from parsel import Selector

from tests.conftest import DEMO_SLOW_DELAY

HUNJIANG = "jilin_baishan_hunjiang"
DONGCHANG = "jilin_tonghua_dongchang"
GONGNONG = "heilongjiang_hegang_gongnong"
WUJIANG = "guangdong_shaoguan_wujiang"
WUCHANG = "heilongjiang_harbin_wuchang"
QINGHE = "hebei_xingtai_qinghe"
LUOHE = "henan_luohe_huizu"


def documents(region: dict, others: bool = False) -> list[dict]:
    docs = region["reports"] + region["look_alikes"]
    return docs + region["other_regions"] if others else docs


def urls_of(doc: dict, role: str) -> list[str]:
    return [u["url"] for u in doc["urls"] if u["role"] == role]


def listed_url(doc: dict) -> str:
    """The URL a list links for a document: its article page, or its file when it has none."""
    return (urls_of(doc, "article") or urls_of(doc, "attachment"))[0]


def obstacle(region: dict, words: str) -> str:
    return next(o["url"] for o in region["obstacles"] if words in o["obstacle"])


def links(page_url: str, text: str, selector: str = "ul.list a::attr(href)") -> list[str]:
    return [urljoin(page_url, href) for href in Selector(text=text).css(selector).getall()]


def entry_at(region: dict, url: str) -> dict:
    return next(d for d in documents(region, others=True) if url in urls_of(d, "article")
                + urls_of(d, "attachment"))


# ---- A: TRS static, GBK, createPageHTML in both numbering schemes -------------------------


def trs_pages(demo_web, first_url: str) -> tuple[list[str], list[str]]:
    """Every page of a TRS column, built from createPageHTML as a spider must; returns the
    page URLs and every list link on them."""
    first = demo_web.fetch(first_url)
    text = first.body.decode("gbk")
    args = [a.strip().strip('"') for a in
            re.search(r"createPageHTML\((.*?)\);", text).group(1).split(",")]
    if args[0] == "page_div":  # variant: ("page_div", count, current, name, ext, total)
        count, name, ext = int(args[1]), args[3], args[4]
        names = [f"{name}.{ext}"] + [f"{name}_{k}.{ext}" for k in range(2, count + 1)]
    else:  # classic: (count, current, name, ext)
        count, name, ext = int(args[0]), args[2], args[3]
        names = [f"{name}.{ext}"] + [f"{name}_{k}.{ext}" for k in range(1, count)]
    pages = [urljoin(first_url, n) for n in names]
    found = []
    for url in pages:
        page = demo_web.fetch(url)
        assert page.status == 200
        found += links(url, page.body.decode("gbk"))
    return pages, found


def test_trs_classic_and_variant_numbering_cover_the_region(demo_web):
    region = demo_web.manifest[HUNJIANG]
    pages, aggregate = trs_pages(demo_web, region["entry_urls"]["column"])
    assert [urlsplit(p).path.rsplit("/", 1)[1] for p in pages] == [
        "index.html", "index_1.html", "index_2.html"]
    variant_pages, variant = trs_pages(demo_web, region["entry_urls"]["variant column"])
    assert len(variant_pages) >= 2 and variant_pages[1].endswith("/index_2.html")
    # The 1-based variant has no index_1.html: the site answers its soft 404 there.
    missing = demo_web.fetch(variant_pages[0].replace("index.html", "index_1.html"))
    assert "页面不存在" in missing.body.decode("utf-8", "replace")
    assert not set(aggregate) & set(variant)
    assert set(aggregate) | set(variant) == {listed_url(d) for d in documents(region)}
    assert len(aggregate) == len(set(aggregate))


def test_trs_year_directories_link_their_category_columns(demo_web):
    region = demo_web.manifest[HUNJIANG]
    column = demo_web.fetch(region["entry_urls"]["column"])
    years = links(column.url, column.body.decode("gbk"), "ul.subcolumns a::attr(href)")
    assert [urlsplit(u).path for u in years] == [
        f"/zwgk/zfxxgknb/{y}/index.html" for y in range(2019, 2025)]
    year = demo_web.fetch(years[3])
    categories = links(year.url, year.body.decode("gbk"), "ul.subcolumns a::attr(href)")
    assert [urlsplit(u).path.split("/")[-2] for u in categories] == [
        "2022zfnb", "2022bmdnbg", "2022xzgb"]
    assert categories[1] == region["entry_urls"]["variant column"]
    for url in categories:
        assert demo_web.fetch(url).status == 200


def test_trs_pages_are_gbk_with_right_missing_and_wrong_declarations(demo_web):
    region = demo_web.manifest[HUNJIANG]
    right = demo_web.fetch(obstacle(region, "declared right"))
    assert "charset" not in right.headers["content-type"]
    assert b'charset=gb2312"' in right.body[:300]
    right.body.decode("gbk")
    with pytest.raises(UnicodeDecodeError):
        right.body.decode("utf-8")
    missing = demo_web.fetch(obstacle(region, "without any charset"))
    assert b"charset" not in missing.body.split(b"</head>")[0]
    assert entry_at(region, missing.url)["title"] in missing.body.decode("gbk")
    wrong = demo_web.fetch(obstacle(region, "declaring utf-8"))
    assert b"charset=utf-8" in wrong.body[:300]
    assert entry_at(region, wrong.url)["title"] in wrong.body.decode("gbk")
    with pytest.raises(UnicodeDecodeError):
        wrong.body.decode("utf-8")


def test_trs_articles_carry_metas_and_word_tables(demo_web):
    region = demo_web.manifest[HUNJIANG]
    seed = next(r for r in region["reports"] if r["source"] == "seed 000")
    page = demo_web.fetch(urls_of(seed, "article")[0])
    text = page.body.decode("gbk")
    selector = Selector(text=text)
    assert selector.css('meta[name="ArticleTitle"]::attr(content)').get() == seed["title"]
    assert selector.css('meta[name="PubDate"]::attr(content)').get().startswith(
        seed["published"])
    body = selector.css("div.TRS_Editor")
    assert body.css("table.MsoNormalTable") and "<o:p>" in text
    assert "8270" in body.css("td ::text").getall()  # 行政许可, as seed 000 prints it


def test_trs_attachment_only_scan_and_docx_reports(demo_web):
    region = demo_web.manifest[HUNJIANG]
    pdf = demo_web.fetch(obstacle(region, "only as a PDF"))
    assert pdf.status == 200 and pdf.body.startswith(b"%PDF")
    assert re.search(r"/P0\d{14}\d+\.pdf$", pdf.url)
    scan_page = demo_web.fetch(obstacle(region, "scanned image"))
    body = Selector(text=scan_page.body.decode("gbk")).css("div.TRS_Editor")
    assert not body.css("table") and not "".join(body.css("::text").getall()).strip()
    image = demo_web.fetch(urljoin(scan_page.url, body.css("img::attr(src)").get()))
    assert image.body.startswith(b"\x89PNG")
    docx_entry = entry_at(region, obstacle(region, "print view"))
    roles = {u["role"]: u["url"] for u in docx_entry["urls"]}
    assert demo_web.fetch(roles["attachment"]).body.startswith(b"PK")
    printed = demo_web.fetch(roles["print"]).body.decode("gbk")
    assert docx_entry["title"] in printed


def test_soft_404_is_a_big_200_page(demo_web):
    region = demo_web.manifest[HUNJIANG]
    page = demo_web.fetch(obstacle(region, "404 answered 200"))
    assert page.status == 200 and len(page.body) > 1_500_000
    assert "页面不存在" in page.text


# ---- B: Jilin platform, JSONP ----------------------------------------------------------


def jsonp(text: str) -> dict:
    return json.loads(text[text.index("(") + 1:text.rindex(")")])


def test_jilin_tree_channels_and_jsonp_paging(demo_web):
    region = demo_web.manifest[DONGCHANG]
    tree = demo_web.fetch(region["entry_urls"]["agency tree"])
    channels = links(tree.url, tree.text, "div.gkml-tree a::attr(href)")
    assert len(channels) == len({r["agency"] for r in region["reports"]})
    found = []
    for channel_url in channels:
        channel = demo_web.fetch(channel_url)
        column_url = links(channel_url, channel.text, "div.channel a::attr(href)")[0]
        shell = demo_web.fetch(column_url)
        assert "登录 注册" in shell.text and not Selector(text=shell.text).css("ul.list li")
        src = Selector(text=shell.text).css("script[src*=jsonp]::attr(src)").get()
        page, in_channel = 1, []
        while True:
            answer = demo_web.fetch(urljoin(column_url, re.sub(r"page=\d+", f"page={page}",
                                                               src)))
            assert answer.body.startswith(b"\xef\xbb\xbf\r\n\r\n")
            assert answer.body.rstrip(b"\r\n").endswith(b");")
            payload = jsonp(answer.body.decode("utf-8-sig"))
            if not payload["data"]:
                break
            in_channel += [item["puburl"] for item in payload["data"]]
            page += 1
        assert in_channel and len(in_channel) == payload["totalCount"]
        found += in_channel
    assert sorted(found) == sorted(listed_url(d) for d in documents(region))


def test_jilin_chrome_seed_and_wzws_block(demo_web):
    region = demo_web.manifest[DONGCHANG]
    seed = next(r for r in region["reports"] if r["source"] == "seed 002")
    page = Selector(text=demo_web.fetch(urls_of(seed, "article")[0]).text)
    assert page.css("div.zlyxwz_t2::text").get().startswith("发布日期:2021-02-25")
    assert "点击数" in page.css("div.zlyxwz_t2::text").get()
    assert "规范性文件" in "".join(page.css("div.zlyxwz_t2a ::text").getall())
    blocked = demo_web.fetch(obstacle(region, "WZWS"))
    assert blocked.status == 200 and "wzwschallenge" in blocked.text
    assert entry_at(region, blocked.url)["blocked"] == ["wzws"]
    assert "ArticleTitle" not in blocked.text


# ---- C: Hegang platform, JSON list, alias domain, 412 ---------------------------------


def test_hegang_json_list_alias_and_ids(demo_web):
    region = demo_web.manifest[GONGNONG]
    redirect = demo_web.fetch(obstacle(region, "301"))
    assert redirect.status == 301
    assert redirect.headers["location"] == region["entry_urls"]["column"]
    shell = demo_web.fetch(region["entry_urls"]["column"])
    api = re.search(r'"(/common/search/[0-9a-f]{32}\?[^"]+)"', shell.text).group(1)
    found, page = [], 1
    while True:
        answer = demo_web.fetch(urljoin(shell.url, api.replace("page=1", f"page={page}")),
                                headers={"Referer": shell.url})
        results = json.loads(answer.body)["data"]["results"]
        if not results:
            break
        assert len(results) <= 15
        found += [r["url"] for r in results]
        page += 1
    assert any("www.hgds.gov.cn" in u for u in found)
    canonical = [u.replace("www.hgds.gov.cn", "www.hegang.gov.cn") for u in found]
    assert sorted(canonical) == sorted(listed_url(d) for d in documents(region, others=True))
    alias = next(u for u in found if "hgds" in u)
    assert demo_web.fetch(alias).body == demo_web.fetch(
        alias.replace("www.hgds.gov.cn", "www.hegang.gov.cn")).body
    assert re.search(r"/[0-9a-f]{32}\.shtml$", obstacle(region, "32-hex"))
    assert re.search(r"/\d+\.shtml$", obstacle(region, "numeric"))


def test_hegang_seed_title_without_agency_and_412_stub(demo_web):
    region = demo_web.manifest[GONGNONG]
    page = Selector(text=demo_web.fetch(obstacle(region, "seed 001")).text)
    assert page.css("h1::text").get() == "2021年度政府信息公开工作报告"
    stub = demo_web.fetch(obstacle(region, "412"))
    assert stub.status == 412 and "$_ts" in stub.text
    assert re.search(r"^\w+S=", stub.headers["set-cookie"])
    assert {"url": stub.url, "reason": "waf-412"} in region["blocked"]


# ---- D: NFCMS portal + gkmlpt, http only -------------------------------------------------


def test_wujiang_refuses_https(demo_web):
    region = demo_web.manifest[WUJIANG]
    with pytest.raises(OSError):
        demo_web.fetch(region["entry_urls"]["home"].replace("http://", "https://"))


def test_nfcms_portal_pages_by_next_links(demo_web):
    region = demo_web.manifest[WUJIANG]
    url, found, pages = region["entry_urls"]["column"], [], 0
    while url:
        page = demo_web.fetch(url)
        found += links(url, page.text)
        pages += 1
        following = Selector(text=page.text).xpath('//a[text()="下一页"]/@href').get()
        url = urljoin(url, following) if following else None
    assert pages >= 2
    portal = [u for d in documents(region) for u in urls_of(d, "article")
              if "/zwgk/zfxxgkndbg/" in u]
    assert sorted(found) == sorted(portal)
    republished = Selector(text=demo_web.fetch(obstacle(region, "re-published")).text)
    assert "2011-06-30" in republished.css("div.info::text").get()
    assert "2009年" in republished.css("h1::text").get()
    # An article id is bound to its column.
    elsewhere = portal[0].replace("/zwgk/zfxxgkndbg/", "/zwgk/tzgg/")
    assert demo_web.fetch(elsewhere).status == 404


def test_gkmlpt_api_pages_detail_and_attachments(demo_web):
    region = demo_web.manifest[WUJIANG]
    index = demo_web.fetch(region["entry_urls"]["gkmlpt"]).text
    config = json.loads(re.search(r"window\._CONFIG = (\{.*?\});</script>", index).group(1))
    assert config["TREE"] and config["SID"]
    api = region["entry_urls"]["gkmlpt api"].replace("page=1", "page={}")
    page0, page1 = (json.loads(demo_web.fetch(api.format(n)).body) for n in (0, 1))
    assert page0 == page1 and len(page1["articles"]) == 100
    total = page1["classify"]["post_count"]
    assert total > 100
    page2 = json.loads(demo_web.fetch(api.format(2)).body)
    articles = page1["articles"] + page2["articles"]
    assert len(articles) == total
    assert all(a["url"].startswith("https://") for a in articles)
    wrong_sid = demo_web.fetch(api.format(1).replace(f"sid={config['SID']}", "sid=1"))
    assert "非法请求" in wrong_sid.text
    with_pdf = demo_web.fetch(obstacle(region, "escaped _CONFIG.DETAIL"))
    assert "\\u003C" in with_pdf.text and "<table class=\"MsoNormalTable" not in with_pdf.text
    detail = json.loads(re.search(r"DETAIL = (\{.*?\});</script>", with_pdf.text).group(1))
    attachment = Selector(text=detail["content"]).css("a.nfw-cms-attachment")
    assert attachment.attrib["href"] == "" and attachment.attrib["alt"].endswith(".pdf")
    pdf_url = obstacle(region, "HTML and PDF")
    assert demo_web.fetch(pdf_url).body.startswith(b"%PDF")
    with pytest.raises(OSError):  # as the API hands it out
        demo_web.fetch(pdf_url.replace("http://", "https://"))


# ---- E: Hanweb classic: datastore + dataproxy ------------------------------------------


def hanweb_records(text: str, base: str) -> list[str]:
    return [urljoin(base, href) for href in re.findall(r'<li><a href="([^"]+)"', text)]


def test_hanweb_datastore_and_dataproxy_post(demo_web):
    region = demo_web.manifest[WUCHANG]
    column = demo_web.fetch(region["entry_urls"]["column"])
    island = re.search(r'<script type="text/xml">(.*?)</script>', column.text, re.S).group(1)
    first = hanweb_records(island, column.url)
    total = int(re.search(r"totalRecord: (\d+)", column.text).group(1))
    per_page = int(re.search(r"perPage: (\d+)", column.text).group(1))
    group = int(re.search(r"groupSize: (\d+)", column.text).group(1)) * per_page
    unitid = re.search(r"unitid: (\d+)", column.text).group(1)
    assert len(first) == group < total
    form = {"col": 1, "appid": 1, "webid": 12, "path": "/", "columnid": 12596,
            "sourceContentType": 1, "unitid": unitid, "webname": "五常", "permissiontype": 0}
    proxy = urljoin(column.url, "/module/web/jpage/dataproxy.jsp")
    found = list(first)
    start = group + 1
    while start <= total:
        answer = demo_web.fetch(
            f"{proxy}?startrecord={start}&endrecord={start + group - 1}&perpage={per_page}",
            data=urlencode(form).encode(), headers={"Referer": column.url})
        assert answer.headers["content-type"].startswith("text/xml")
        assert f"<totalrecord>{total}</totalrecord>" in answer.text
        found += hanweb_records(answer.text, column.url)
        start += group
    assert sorted(found) == sorted(listed_url(d) for d in documents(region))
    # The GET form pages by perPage.
    second = demo_web.fetch(f"{proxy}?page=2&columnid=12596&unitid={unitid}",
                            headers={"Referer": column.url})
    assert hanweb_records(second.text, column.url) == found[per_page:2 * per_page]


def test_hanweb_dataproxy_quirks(demo_web):
    region = demo_web.manifest[WUCHANG]
    column = region["entry_urls"]["column"]
    form = urlencode({"columnid": 12596, "unitid": 1}).encode()
    assert demo_web.fetch(obstacle(region, "without /web/"), data=form,
                          headers={"Referer": column}).status == 404
    proxy = obstacle(region, "wrong unitid") + "?startrecord=1&endrecord=45&perpage=15"
    wrong = demo_web.fetch(proxy, data=form, headers={"Referer": column})
    assert "<totalrecord>0</totalrecord>" in wrong.text and "<li>" not in wrong.text
    unitid = re.search(r"unitid: (\d+)", demo_web.fetch(column).text).group(1)
    right_form = urlencode({"columnid": 12596, "unitid": unitid}).encode()
    assert "<totalrecord>0</totalrecord>" in demo_web.fetch(proxy, data=right_form).text
    assert "<li>" in demo_web.fetch(proxy, data=right_form, headers={"Referer": column}).text


def test_hanweb_article_markers_images_and_downfile(demo_web):
    region = demo_web.manifest[WUCHANG]
    url = obstacle(region, "tables as images")
    assert re.search(r"/art/\d{4}/\d{1,2}/\d{1,2}/art_12596_\d+\.html$", url)
    page = demo_web.fetch(url).text
    assert "<!--ZJEG_RSS.content.begin-->" in page and 'name="i_columnid" content="12596"' in page
    zoom = Selector(text=page).css("div#zoom")
    assert zoom.css("img") and not zoom.css("table")
    assert "二、主动公开政府信息情况" in "".join(zoom.css("::text").getall())
    wrong_year = obstacle(region, "2022度")
    entry = entry_at(region, wrong_year)
    page = Selector(text=demo_web.fetch(wrong_year).text)
    assert "2022度" in page.css("div.title::text").get() and entry["year"] == 2023
    assert "2023年" in "".join(page.css("div#zoom ::text").getall())
    download = obstacle(region, "downfile.jsp")
    assert "classid=0&filename=" in download and "showname=" in download
    assert demo_web.fetch(download).body.startswith(b"%PDF")


def test_hanweb_500_then_200_on_retry():
    from harvester.demo.manifest import manifest
    from harvester.demo.server import running
    from harvester.demo.sites import build_demo_web

    with running(build_demo_web(slow_delay=DEMO_SLOW_DELAY)) as fresh:
        url = obstacle(manifest(fresh.demo)[WUCHANG], "500 on the first")
        assert fresh.fetch(url).status == 500
        assert fresh.fetch(url).status == 200


# ---- F: VSB: countdown pages, Referer downloads, robots, slow page ------------------------


def test_vsb_countdown_pages_and_slow_page(demo_web):
    region = demo_web.manifest[QINGHE]
    url, found, paths = region["entry_urls"]["column"], [], []
    while url:
        page = demo_web.fetch(url, timeout=DEMO_SLOW_DELAY + 10)
        paths.append(urlsplit(url).path)
        found += links(url, page.text)
        following = Selector(text=page.text).css("span.p_next a::attr(href)").get()
        url = urljoin(url, following) if following else None
    count = len(paths)
    assert paths == ["/xxgk/ndbg.htm"] + [f"/xxgk/ndbg/{n}.htm" for n in range(count - 1, 0, -1)]
    current = [d for d in documents(region) if "/xxgk_old/" not in listed_url(d)]
    assert sorted(found) == sorted(listed_url(d) for d in current)
    with pytest.raises(TimeoutError):
        demo_web.fetch(obstacle(region, "slow"), timeout=DEMO_SLOW_DELAY / 4)


def test_vsb_download_needs_referer_and_robots_blocks_old_column(demo_web):
    region = demo_web.manifest[QINGHE]
    download = obstacle(region, "Referer")
    article = urls_of(entry_at(region, download), "article")[0]
    refused = demo_web.fetch(download)
    assert refused.status == 200 and 4000 < len(refused.body) < 6000
    assert refused.headers["content-type"].startswith("text/html")
    assert demo_web.fetch(download, headers={"Referer": article}).body.startswith(b"%PDF")
    robots = demo_web.fetch(urljoin(region["entry_urls"]["home"], "/robots.txt")).text
    assert "Disallow: /xxgk_old/" in robots
    only_old = entry_at(region, obstacle(region, "robots.txt"))
    assert only_old["blocked"] == ["robots"]
    assert all("/xxgk_old/" in u["url"] for u in only_old["urls"])


# ---- G: generic, plain 下一页 links, correction, attachment-only formats, maintenance ------------


def test_generic_next_links_correction_and_files(demo_web):
    region = demo_web.manifest[LUOHE]
    url, found = region["entry_urls"]["column"], []
    while url:
        page = demo_web.fetch(url)
        found += links(url, page.text, "table.list a::attr(href)")
        following = Selector(text=page.text).xpath('//a[text()="下一页"]/@href').get()
        url = urljoin(url, following) if following else None
    expected = [u for d in documents(region) for u in urls_of(d, "article")]
    expected += [listed_url(d) for d in documents(region) if not urls_of(d, "article")]
    assert sorted(found) == sorted(expected)
    corrected = entry_at(region, obstacle(region, "corrected"))
    first, latest = sorted((u for u in corrected["urls"] if u["role"] == "article"),
                           key=lambda u: u["published"])
    assert "values" in first and "values" not in latest
    differences = [(row, key) for row, fields in first["values"]["active_disclosure"].items()
                   for key, value in fields.items()
                   if corrected["active_disclosure"][row][key] != value]
    assert len(differences) == 1
    assert "更正" in Selector(text=demo_web.fetch(latest["url"]).text).css("h2::text").get()
    assert demo_web.fetch(obstacle(region, "only as .xls")).body.startswith(b"\xd0\xcf\x11\xe0")
    doc = demo_web.fetch(obstacle(region, "only as .doc"))
    assert doc.headers["content-type"] == "application/msword"
    assert doc.body.startswith(b"\xd0\xcf\x11\xe0")
    maintenance = demo_web.fetch(obstacle(region, "维护中"))
    assert maintenance.status == 200 and "维护中" in maintenance.text


def test_every_site_links_a_spam_mirror_that_holds_no_report(demo_web):
    for slug, region in demo_web.manifest.items():
        home = demo_web.fetch(region["entry_urls"]["home"], timeout=10)
        if home.status == 301:
            home = demo_web.fetch(home.headers["location"])
        text = home.body.decode("gbk" if slug == HUNJIANG else "utf-8")
        mirror = Selector(text=text).css("div.friend-links a::attr(href)").get()
        assert urlsplit(mirror).hostname == region["mirrors"][0], slug
        assert not urlsplit(mirror).hostname.endswith(".gov.cn")
        spam = demo_web.fetch(mirror)
        assert "娱乐" in spam.text or "投注" in spam.text or "官网" in spam.text
        assert "<table" not in spam.text
