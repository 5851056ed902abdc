"""Cleaning an article page down to its report: the body container, the title, the date.

A portal's article page is mostly chrome: navigation, login bars (登录 注册), share buttons,
scripts, counters (点击数), footers with the site's ICP number. Read whole, the chrome brings
words that look like report text into the parser and into full-text search. So the page is cut
down to the CMS body container (docs/portals.md section 0). A gkmlpt article page renders its
body in the browser from the escaped ``window._CONFIG.DETAIL`` (docs/portals.md section 3), so
that comes first; after the containers come the Hanweb ``ZJEG_RSS.content`` markers, and only
then the whole ``<body>`` without its navigation.

What lies outside the container and still matters (the title in an ``<h1>`` or a meta, the
visible ``发布日期:`` line) is kept as metadata of the cleaned page. The containers, the title
and the date are read as the spider reads them (:mod:`harvester.parse.article`). Plain
functions, no Scrapy.
"""

from __future__ import annotations

import html as html_escape
import re
from dataclasses import dataclass, field

from lxml import etree
from parsel import Selector
from w3lib.html import remove_comments, remove_tags_with_content

from harvester.checks import check
from harvester.parse.article import article_published, article_title, body_container
from harvester.parse.markup import affordable
from harvester.parse.readers.encoding import codec_for, declared_charset, decode
from harvester.parse.readers.html import gkmlpt_detail

# Never part of a report, wherever they sit.
SCRIPT_TAGS = ("script", "style", "noscript", "iframe", "template", "object")
# Page chrome by element: dropped when no body container is found and the whole body is used.
CHROME_TAGS = ("nav", "header", "footer", "aside", "select", "button", "input")
# Page chrome by class or id word (top-nav, breadcrumb, foot_copyright, …).
_CHROME_WORD = re.compile(
    r"(?:^|[\s_\-])(?:nav|navbar|menu|header|head|footer|foot|breadcrumb|crumbs?|share|"
    r"sidebar|side|copyright|login|toolbar|banner|position|location|search)(?=$|[\s_\-\d])",
    re.IGNORECASE)
_ZJEG = re.compile(r"<!--\s*ZJEG_RSS\.content\.begin\s*-->(.*?)<!--\s*ZJEG_RSS\.content\.end\s*-->",
                   re.DOTALL | re.IGNORECASE)
_XML_DECLARATIONS = re.compile(r"<\?xml[^>]*>", re.IGNORECASE)
_CONTENT_TYPE_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:\-]+)", re.IGNORECASE)


@dataclass
class CleanPage:
    html: str  # a small self-contained UTF-8 HTML document: title, date, the body
    title: str | None
    published: str | None  # ISO date
    container: str | None  # the selector that found the body; None when the whole body is kept
    checks: list[dict] = field(default_factory=list)


def decode_page(data: bytes, content_type: str | None = None) -> tuple[str, list[dict]]:
    """The page's text: the charset of the page or else of the Content-Type header is only a
    hint (docs/portals.md section 9.1), the project's decoder decides. A label no browser knows
    gives way to the other one; never an error."""
    match = _CONTENT_TYPE_CHARSET.search(content_type or "")
    labels = [label for label in (declared_charset(data), match and match.group(1)) if label]
    known = [label for label in labels if codec_for(label)]
    text, _, checks = decode(data, (known or labels or [None])[0])
    return text, checks


def _without_scripts(markup: str) -> str:
    markup = _XML_DECLARATIONS.sub("", remove_comments(markup))
    return remove_tags_with_content(markup, which_ones=SCRIPT_TAGS)


def _chrome_free_body(page: Selector) -> str:
    body = page.css("body") or page.xpath("/*")
    for tag in CHROME_TAGS:
        body.css(tag).drop()
    for element in body.xpath(".//*[@class or @id]"):
        words = f"{element.attrib.get('class', '')} {element.attrib.get('id', '')}"
        if _CHROME_WORD.search(words):
            element.drop()
    return "".join(node.get() for node in body.xpath("./node()"))


def isolate_body(markup: str) -> tuple[str, str | None]:
    """The article body's HTML and the container that held it (None: the whole body, less its
    navigation and chrome)."""
    detail = gkmlpt_detail(markup)
    if detail:
        return _without_scripts(detail), "_CONFIG.DETAIL"
    page = Selector(text=_without_scripts(markup) or "<html></html>")
    found = body_container(page.root)
    if found:
        selector, container = found
        return etree.tostring(container, method="html", encoding="unicode",
                              with_tail=False), selector
    marked = _ZJEG.search(markup)
    if marked:
        return _without_scripts(marked.group(1)), "ZJEG_RSS.content"
    return _chrome_free_body(page), None


def clean_html(markup: str) -> CleanPage:
    """Cut an article page down to its body container, keeping title and date as metadata."""
    markup, checks = affordable(markup)
    root = Selector(text=markup or "<html></html>").root
    title, published = article_title(root), article_published(root)
    body, container = isolate_body(markup)
    if container is None:
        checks.append(check("no_body_container", "info", "document",
                            "no known CMS body container; the page body less its navigation "
                            "was read"))
    head = ['<meta charset="utf-8">']
    if title:
        escaped = html_escape.escape(title)
        head += [f"<title>{escaped}</title>", f'<meta name="ArticleTitle" content="{escaped}">']
    if published:
        head.append(f'<meta name="PubDate" content="{published}">')
    document = (f"<!DOCTYPE html>\n<html><head>{''.join(head)}</head>\n"
                f"<body>\n{body}\n</body></html>\n")
    return CleanPage(document, title, published, container, checks)
