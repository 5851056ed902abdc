"""A hostile county portal: two genuine reports among the traps a national harvest meets.

险峻县 (www.hostile.gov.cn) is no region: it is not in the registry, the manifest or
``make demo``. The test of the crawl's bounds (tests/spiders/test_hostile_portal.py) crawls it
with ``scrapy crawl portal -a home=http://www.hostile.gov.cn/``. Its obstacles, each linked by
a text the portal spider's discovery follows:

- an endless report column: ``/zwgk/ndbg/index_N.html`` always has a 下一页, and every page
  lists the same two reports;
- a calendar: ``/calendar.html?date=YYYY-MM-DD`` links every day of its year and the first
  day of the years around it, for ever;
- a page of 50,000 links (``/gkml.html``), each named 政务公开;
- a redirect loop (``/zwgk/old.html`` and ``/zwgk/old2.html``) and a redirect to www.gov.cn;
- footer links to www.gov.cn and to the portal's own host on port 8080;
- two attachments listed in the report column as reports of other agencies
  (:data:`BOMBS`): a PDF whose page content is a FlateDecode stream of a few hundred KB
  inflating to 256 MB ("stream bomb"), and a DOCX whose body declares 4 KB and inflates to
  over 500 MB of zeros (a zip member lying about its size). Each must end as a document with
  a check, within the time and memory limits of reading, the crawl going on.

The two reports (:data:`REPORTS`) are at ``/zwgk/ndbg/t<YYYYMMDD>_<N>.html``.
"""

from __future__ import annotations

import datetime
import html
import io
import random
import struct
import zipfile
import zlib

from harvester.demo import docformats, render
from harvester.demo.catalog import template_for
from harvester.demo.web import DemoRequest, Page, Reply, Site, html_reply

HOST = "www.hostile.gov.cn"
HOME = f"http://{HOST}/"
COUNTY = "险峻县"
REPORTS = ((f"{COUNTY}人民政府", 2023), (f"{COUNTY}教育局", 2022))
LINKS = 50_000
COLUMN = "/zwgk/ndbg/"
# The hostile attachments: (agency, year, path) of each, listed as that agency's report.
BOMBS = ((f"{COUNTY}财政局", 2023, f"{COLUMN}P020240120_stream.pdf"),
         (f"{COUNTY}水利局", 2023, f"{COLUMN}P020240120_lying.docx"))
# A report page of dense markup over the parser's HTML cap: lxml would take a crawl to
# gigabytes over it (8 MB of <p> took one to 2 GB).
HUGE_PAGE = (f"{COUNTY}审计局", 2023, f"{COLUMN}t20240120_huge.html")
HUGE_PAGE_PARAGRAPHS = 1_500_000  # 6 MB


def report_path(number: int, year: int) -> str:
    return f"{COLUMN}t{year + 1}0120_{number}.html"


def report_title(agency: str, year: int) -> str:
    return f"{agency}{year}年政府信息公开工作年度报告"


def page(title: str, inner: str, column: str = "", metas: str = "") -> Reply:
    return html_reply(
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f'<meta name="SiteName" content="{COUNTY}人民政府">'
        f'<meta name="ColumnName" content="{html.escape(column)}">{metas}</head><body>{inner}'
        f'<div class="footer"><a href="http://www.gov.cn/zhengce/">中国政府网政务公开</a> '
        f'<a href="http://{HOST}:8080/zwgk/">政务公开（备用）</a></div></body></html>')


def home(request: DemoRequest) -> Reply:
    return page(f"{COUNTY}人民政府", (
        '<ul class="nav"><li><a href="/zwgk/index.html">政务公开</a></li>'
        '<li><a href="/gkml.html">公开目录</a></li>'
        '<li><a href="/calendar.html?date=2024-01-01">信息公开日历</a></li></ul>'), "首页")


def disclosure(request: DemoRequest) -> Reply:
    return page("政务公开", (
        f'<ul><li><a href="{COLUMN}index.html">政府信息公开年报</a></li>'
        '<li><a href="/zwgk/old.html">信息公开（旧版）</a></li>'
        '<li><a href="/zwgk/gov.html">政府信息公开专栏</a></li></ul>'), "政务公开")


def column(request: DemoRequest) -> Reply:
    """Any page of the endless column: the same two reports, and a next page."""
    name = request.path.rsplit("/", 1)[-1]
    number = int(name[len("index_"):-len(".html")]) if name.startswith("index_") else 0
    items = "".join(
        f'<li><a href="{report_path(n, year)}">{report_title(agency, year)}</a>'
        f"<span>{year + 1}-01-20</span></li>" for n, (agency, year) in enumerate(REPORTS, 1))
    items += "".join(f'<li><a href="{path}">{report_title(agency, year)}</a>'
                     f"<span>{year + 1}-01-20</span></li>"
                     for agency, year, path in (*BOMBS, HUGE_PAGE))
    return page("政府信息公开年报", (
        f'<div class="position">首页 &gt; 政务公开 &gt; 政府信息公开年报</div><ul>{items}</ul>'
        f'<a href="index_{number + 1}.html">下一页</a>'), "政府信息公开年报")


def report(number: int, agency: str, year: int) -> Page:
    def rendered() -> Reply:
        body = render.render_html(render.random_report(
            random.Random(f"hostile {agency} {year}"), template_for(year), year, agency))
        title = report_title(agency, year)
        metas = (f'<meta name="ArticleTitle" content="{title}">'
                 f'<meta name="PubDate" content="{year + 1}-01-20 09:00">'
                 f'<meta name="ContentSource" content="{agency}">')
        return page(title, f'<div class="article"><h1>{title}</h1>{body}</div>',
                    "政府信息公开年报", metas)
    return Page(rendered)


def deflated_zeros(size: int) -> bytes:
    """``size`` bytes of zeros, FlateDecode-compressed (a thousandth of their size)."""
    compressor = zlib.compressobj(9)
    chunk = bytes(1 << 20)
    return b"".join([*(compressor.compress(chunk) for _ in range(size >> 20)),
                     compressor.flush()])


def pdf_with_content(stream: bytes) -> bytes:
    """A one-page PDF whose page content is ``stream``, FlateDecode."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream
               + b"\nendstream"]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    return out.getvalue()


def stream_bomb() -> Reply:
    """A one-page PDF whose content stream inflates to 256 MB of zeros."""
    return Reply(pdf_with_content(deflated_zeros(256 << 20)), content_type="application/pdf")


def lying_docx() -> Reply:
    """A genuine DOCX of a report whose body is replaced by 520 MB of zeros, declared 4 KB."""
    agency, year, _ = BOMBS[1]
    genuine = zipfile.ZipFile(io.BytesIO(docformats.to_docx(render.random_report(
        random.Random(f"hostile {agency}"), template_for(year), year, agency))))
    body = "word/document.xml"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in genuine.namelist():
            if name != body:
                archive.writestr(name, genuine.read(name))
        info = zipfile.ZipInfo(body)
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w") as stream:
            for _ in range(520):
                stream.write(bytes(1 << 20))
    data = bytearray(out.getvalue())
    member = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(body)
    struct.pack_into("<I", data, member.header_offset + 22, 4096)  # the local header's size
    central = data.find(b"PK\x01\x02")
    while central >= 0:  # and the central directory's
        length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46:central + 46 + length] == body.encode():
            struct.pack_into("<I", data, central + 24, 4096)
        central = data.find(b"PK\x01\x02", central + 4)
    return Reply(bytes(data), content_type=(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))


def calendar(request: DemoRequest) -> Reply:
    """A day of the calendar: every day of its year, and the first day of the years around."""
    try:
        day = datetime.date.fromisoformat(request.params.get("date", ""))
    except ValueError:
        day = datetime.date(2024, 1, 1)
    first = datetime.date(day.year, 1, 1)
    days = [first + datetime.timedelta(days=n) for n in range(366)]
    days = [d for d in days if d.year == day.year]
    days += [datetime.date(day.year - 1, 1, 1), datetime.date(day.year + 1, 1, 1)]
    links = "".join(f'<a href="/calendar.html?date={d:%Y-%m-%d}">{d:%Y年%m月%d日}信息公开</a>'
                    for d in days)
    return page(f"{day:%Y年%m月%d日}信息公开", f'<div class="calendar">{links}</div>', "日历")


def huge_page() -> Reply:
    agency, year, _ = HUGE_PAGE
    title = report_title(agency, year)
    return page(title, f'<div class="article"><h1>{title}</h1>'
                       f'{"<p>1" * HUGE_PAGE_PARAGRAPHS}</div>', "政府信息公开年报")


def link_page() -> Reply:
    links = "".join(f'<li><a href="/zwgk/gk_{n}.html">政务公开{n}</a></li>'
                    for n in range(1, LINKS + 1))
    return page("公开目录", f"<ul>{links}</ul>", "公开目录")


def redirect(location: str):
    def resource(request: DemoRequest) -> Reply:
        return Reply(b"", status=302, headers=[("Location", location)])
    return resource


def hostile_site() -> Site:
    """The site, its pages rendered on request (the link page once)."""
    site = Site(hosts=(HOST,), region="hostile", schemes=("http",))
    site.add("/index.html", home)
    site.add("/zwgk/index.html", disclosure)
    site.add(f"{COLUMN}index.html", column)
    site.prefixes[f"{COLUMN}index_"] = column
    for number, (agency, year) in enumerate(REPORTS, 1):
        site.add(report_path(number, year), report(number, agency, year))
    site.add(BOMBS[0][2], Page(stream_bomb))
    site.add(BOMBS[1][2], Page(lying_docx))
    site.add(HUGE_PAGE[2], Page(huge_page))
    site.add("/calendar.html", calendar)
    site.add("/gkml.html", Page(link_page))
    site.prefixes["/zwgk/gk_"] = lambda request: page("政务公开", "<p>暂无内容</p>", "政务公开")
    site.add("/zwgk/old.html", redirect(f"http://{HOST}/zwgk/old2.html"))
    site.add("/zwgk/old2.html", redirect(f"http://{HOST}/zwgk/old.html"))
    site.add("/zwgk/gov.html", redirect("http://www.gov.cn/zhengce/xxgk/"))
    return site
