"""Reading a portal's article page: its metas, its title, its date and its body container.

The spider reads these to recognise a report (``spiders/page.py``), the cleaning step to cut
the page down to its report (:mod:`harvester.parse.clean`), and the HTML reader to read a page
that was not cleaned (:mod:`harvester.parse.readers.html`). All three read them here, so a
page's title, date and body are the same whoever asks.

Functions take the lxml element of a parsed page (a parsel ``Selector``'s ``.root``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from lxml import etree
from parsel.csstranslator import css2xpath

from harvester.parse.dates import parse_date, published_in

# Body containers of the CMS families (docs/portals.md section 0). Where two are nested, the
# wrapper comes first: Hanweb's div#zoom holds the whole article text, and text pasted in from
# a TRS site brings its div.TRS_Editor along, holding only what was pasted; TRS itself nests
# div.Custom_UnionStyle in div.TRS_Editor, and VSB div.v_news_content in div#vsb_content.
BODY_CONTAINERS = (
    "div#zoom", "div.TRS_Editor", "div.trs_editor_view", "div.Custom_UnionStyle",
    "div#UCAP-CONTENT", "div.article-content", "div.zlyxwz_t2a", "div#vsb_content",
    "div.v_news_content", "div#ivs_content", "div.wzzw-article", "div.news_cont_d_wrap",
)
# Where a page shows its article's title, surest first.
TITLE_SELECTORS = (
    "h1", ".article-title", ".title", "#title", ".con_title", ".zlyxwz_t1", "h2", "h3",
)
TITLE_METAS = ("ArticleTitle", "articletitle", "title")
DATE_METAS = ("PubDate", "pubdate", "publishdate", "firstpublishedtime", "Maketime")
# A visible title is a line, not a heading word (公告) or a paragraph.
TITLE_LENGTH = range(4, 121)
DATE_LINE_NODES = 4  # text nodes a visible 发布日期：2021-02-25 line may be split into

_WHITESPACE = re.compile(r"[\s\u00a0\u3000]+")
# Word and CMS editors wrap source lines anywhere, even inside a number or a Chinese word; a
# browser shows such a break as a space, which in Chinese text is an artefact.
_SOURCE_LINE_BREAK = re.compile(r"[ \t]*[\r\n]+[ \t]*")
# Portals print <title> as 标题_站名 or 站名_栏目_标题.
_TITLE_PARTS = re.compile(r"\s*[_|\-—]\s*")
_TITLE_SEPARATOR = re.compile(r"[_|—]")


def compiled_css(*selectors: str) -> list[etree.XPath]:
    """CSS selectors as compiled XPath: a page is searched some thirty times, and a parsel
    query compiles its XPath and wraps every hit in a Selector each time."""
    return [etree.XPath(css2xpath(selector)) for selector in selectors]


_CONTAINERS = tuple(zip(BODY_CONTAINERS, compiled_css(*BODY_CONTAINERS), strict=True))
_TITLES = compiled_css(*TITLE_SELECTORS)
_NAMED_METAS, _HEAD_TITLES = compiled_css("meta[name]", "title")
VISIBLE_TEXT = etree.XPath(".//text()[not(ancestor::script) and not(ancestor::style)]")
_BODY_TEXT = etree.XPath("//body//text()")


def normalise_space(text: str) -> str:
    """Text as a reader sees it: source line breaks dropped, other whitespace one space."""
    if text.isprintable() and " " not in text:  # most cells: "0", "规章", "（一）予以公开"
        return text
    return _WHITESPACE.sub(" ", _SOURCE_LINE_BREAK.sub("", text)).strip()


def metas(root: etree._Element) -> dict[str, str]:
    """The page's named ``<meta>`` tags (SiteName, ArticleTitle, PubDate, ColumnType…): the
    first of each name that has content."""
    found: dict[str, str] = {}
    for meta in _NAMED_METAS(root):
        name = meta.get("name", "")
        content = normalise_space(meta.get("content") or "")
        if name and content and name not in found:
            found[name] = content
    return found


def first_meta(named: Mapping[str, str], names: tuple[str, ...]) -> str | None:
    """The content of the first of ``names`` the metas have."""
    return next((named[name] for name in names if named.get(name)), None)


def meta_published(named: Mapping[str, str]) -> str | None:
    """The publication date the metas state, as an ISO date: the first date meta that reads
    as a date."""
    for name in DATE_METAS:
        published = parse_date(named[name]) if named.get(name) else None
        if published:
            return published
    return None


def _visible_text(element: etree._Element) -> str:
    # Inline markup (<span>20</span><span>22</span>年) splits a title, it adds no space.
    return normalise_space("".join(VISIBLE_TEXT(element)))


def visible_title(root: etree._Element) -> str | None:
    """The title the article shows: the first ``TITLE_SELECTORS`` element of title length."""
    for query in _TITLES:
        for element in query(root):
            text = _visible_text(element)
            if len(text) in TITLE_LENGTH:
                return text
    return None


def head_title(root: etree._Element) -> str | None:
    """The ``<title>``; of one that joins the site's and the column's names to the article's
    with ``_``, ``|`` or ``—``, the longest part, which is the article's."""
    for element in _HEAD_TITLES(root):
        title = _visible_text(element)
        if title:
            if not _TITLE_SEPARATOR.search(title):
                return title
            return max(_TITLE_PARTS.split(title), key=len)
    return None


def page_title(root: etree._Element) -> str | None:
    """The title a reader of the page sees: the visible title, else the ``<title>``."""
    return visible_title(root) or head_title(root)


def article_title(root: etree._Element) -> str | None:
    """The article's title: the title meta, else the one the page shows."""
    return first_meta(metas(root), TITLE_METAS) or page_title(root)


def article_published(root: etree._Element) -> str | None:
    """The publication date as an ISO date: a date meta, else the visible ``发布日期:`` line."""
    published = meta_published(metas(root))
    if published:
        return published
    # lxml strings: a parsel Selector for each of a report's thousands of text nodes costs more
    # than the rest of cleaning. Only the nodes near a date label are searched: the label, its
    # colon and the date may stand in nodes of their own (<span>发布日期</span>：<span>…).
    nodes = _BODY_TEXT(root)
    for index, node in enumerate(nodes):
        if "日期" in node or "时间" in node:
            published = published_in(" ".join(nodes[index:index + DATE_LINE_NODES]))
            if published:
                return published
    return None


def body_container(root: etree._Element) -> tuple[str, etree._Element] | None:
    """The body container of an article page and the selector of ``BODY_CONTAINERS`` that
    found it, or None."""
    for selector, query in _CONTAINERS:
        found = query(root)
        if found:
            return selector, found[0]
    return None
