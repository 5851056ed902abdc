"""The order of a crawl's requests: reports first."""

from __future__ import annotations

from spiders.base import CANDIDATE_PRIORITY, COLUMN_PRIORITY, DISCOVERY_PRIORITY, REPORT_PRIORITY
from spiders.regions import REGION_SPIDERS
from tests.support.spiders import make_spider

SPIDER = REGION_SPIDERS["henan_luohe_huizu"]
SITE = "http://www.luohehz.test"


def test_requests_are_ordered_reports_first():
    spider = make_spider(SPIDER)
    column = spider.follow(f"{SITE}/xxgk/ndbg/", spider.parse_column)
    report = spider.article(f"{SITE}/a/1.html", found_via="list",
                            listing={"title": "2023年政府信息公开工作年度报告"})
    pdf = spider.article(f"{SITE}/files/1.pdf", found_via="list", listing={"title": "附件"})
    home = spider.home_request()
    other = spider.article(f"{SITE}/a/2.html", found_via="list", listing={"title": "2023-05-01"})
    assert [r.priority for r in (column, report, pdf, home, other)] == [
        COLUMN_PRIORITY, REPORT_PRIORITY, REPORT_PRIORITY, DISCOVERY_PRIORITY, CANDIDATE_PRIORITY]
    assert COLUMN_PRIORITY > REPORT_PRIORITY > DISCOVERY_PRIORITY > CANDIDATE_PRIORITY
