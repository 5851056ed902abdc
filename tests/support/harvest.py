"""Items and databases built from rendered reports, for the pipeline, store and publication tests.

``article_page`` wraps a report rendered by :mod:`harvester.demo.render` in the chrome of a TRS
article page; :class:`Harvest` runs an item through pipelines 1 to 4 the way Scrapy would;
:func:`build` stores four such documents (two agency-years, one copy with broken numbers) in a
database.
"""

from __future__ import annotations

import copy
import random
from pathlib import Path

from harvester.demo.render import random_report, render_html
from harvester.items import ReportDocument
from harvester.store import schema
from pipelines.clean import CleanPipeline
from pipelines.identify import IdentifyPipeline
from pipelines.keep_original import KeepOriginalPipeline
from pipelines.parse import ParsePipeline
from pipelines.store import store_item

REGION = "jilin_baishan_hunjiang"


def make_report(agency: str = "浑江区教育局", year: int = 2022, seed: int = 1) -> dict:
    return random_report(random.Random(seed), "2021", year, agency)


def article_page(report: dict, published: str | None, encoding: str = "utf-8") -> bytes:
    date = f'<meta name="PubDate" content="{published} 09:30">' if published else ""
    markup = f"""<html><head>
<meta http-equiv="Content-Type" content="text/html; charset={encoding}">{date}</head>
<body><div class="nav">首页 登录 注册 点击数</div>
<div class="TRS_Editor">{render_html(report, "word")}</div>
<div class="footer">版权所有 吉ICP备</div></body></html>"""
    return markup.encode(encoding)


def make_item(url: str, body: bytes, **fields) -> ReportDocument:
    return ReportDocument(region=fields.pop("region", REGION), url=url, body=body,
                          content_type=fields.pop("content_type", "text/html"),
                          fetched_at=fields.pop("fetched_at", "2026-11-01T08:00:00+00:00"),
                          **fields)


class Harvest:
    """Pipelines 1–4 over one store and database, as a crawl runs them."""

    def __init__(self, tmp_path):
        self.database_path = tmp_path / "harvest.db"
        self.pipelines = [KeepOriginalPipeline(str(tmp_path / "documents")), CleanPipeline(),
                          ParsePipeline(), IdentifyPipeline()]
        self.steps = [pipeline.parse if isinstance(pipeline, ParsePipeline)
                      else pipeline.process_item for pipeline in self.pipelines]

    def __call__(self, item: ReportDocument) -> ReportDocument:
        for step in self.steps:
            item = step(item)
        return item


BASE = "http://www.hunjiang.gov.cn/zwgk/zfxxgknb/"


def build(tmp_path) -> tuple[Path, list[dict]]:
    harvest = Harvest(tmp_path)
    database = schema.connect(harvest.database_path)
    database["regions"].insert({"slug": "jilin_baishan_hunjiang", "name": "白山市浑江区"})
    government = make_report("白山市浑江区人民政府", 2021, seed=11)
    government["active_disclosure"]["fees"]["amount_wan_yuan"] = 28204.0
    bureau = make_report("浑江区教育局", 2022, seed=12)
    broken = copy.deepcopy(bureau)
    broken["applications"]["new"]["natural_person"] += 5
    pages = [(BASE + "gov.html", government, "2022-01-15", None),
             (BASE + "edu.html", bureau, "2023-01-20", None),
             ("http://www.hunjiang.gov.cn/jyj/edu.html", bureau, "2023-01-20", None),
             ("http://www.hunjiang.gov.cn/jyj/edu.pdf", broken, None, "http://mirror/none")]
    for url, report, published, parent in pages:
        item = harvest(make_item(url, article_page(report, published), parent_url=parent))
        store_item(database, item, run_id=None)
    database.close()
    return harvest.database_path, [government, bureau]
