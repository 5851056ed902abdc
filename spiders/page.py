"""Reading the chrome of a portal page: metas, title, breadcrumb, the metadata line, the body's
first sentences, attachment links, and WAF challenges. Selector in, plain values out.

An article's metas, title and body container are read by :mod:`harvester.parse.article`, as
the cleaner and the parser read them.
"""

from __future__ import annotations

import mimetypes
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

from lxml import etree
from parsel import Selector
from scrapy.http import TextResponse

from harvester.parse import article
from harvester.parse.article import VISIBLE_TEXT, compiled_css
from harvester.parse.clean import decode_page
from harvester.parse.markup import affordable

DOCUMENT_TYPES = {
    "pdf": "pdf", "doc": "doc", "docx": "docx", "xls": "xls", "xlsx": "xlsx", "wps": "wps",
    "et": "xls", "rtf": "rtf", "ofd": "ofd", "zip": "zip",
    "jpg": "image", "jpeg": "image", "png": "image", "gif": "image", "bmp": "image",
    "tif": "image", "tiff": "image",
}
# Download routes whose URL carries no file extension (Hanweb, VSB).
_DOWNLOAD_ROUTE = re.compile(r"downfile\.jsp|download\.jsp|DownloadAttach|/attachment/", re.I)
_PRINT_VIEW = re.compile(r"print|dayin", re.I)
_EXTENSION = re.compile(r"\.([A-Za-z0-9]{2,4})$")


@dataclass(frozen=True)
class Attachment:
    url: str
    name: str | None
    kind: str | None  # a DOCUMENT_TYPES value, or None when only the download tells


# What a wrong decoding of a Chinese page shows: replacement characters, and letters of scripts
# a Chinese government page does not use (Latin-1 letters but × and ÷, Greek, Cyrillic, Hangul):
# GBK read as windows-1252, or as the EUC-KR a detector guessed for a short page.
_MISREAD = re.compile("[\ufffd\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff\u0370-\u052f"
                      "\uac00-\ud7af]")


def readable(body: bytes, decoded: str) -> Selector:
    """The page as text in the decoding that reads. Scrapy decodes by the labels it knows and
    guesses for the others (``x-gbk``, ``cn-big5``, a bogus one), and GBK pages may declare
    UTF-8 or nothing (docs/portals.md section 9.1). So when Scrapy's text shows signs of a
    wrong decoding, the cleaner's decoding (WHATWG labels, UTF-8, GB18030) is tried as well,
    and the one with fewer such signs wins. An element with absurdly many attributes loses
    them (:mod:`harvester.parse.markup`): lxml would take minutes over it."""
    misread = len(_MISREAD.findall(decoded))
    if misread:
        text, _ = decode_page(body)
        if len(_MISREAD.findall(text)) < misread:
            decoded = text
    return Selector(text=affordable(decoded)[0], type="html")


def count(value: object, default: int = 0) -> int:
    """A count a page or an API states (``"57"``, ``57``, ``None``, ``"total"``), or
    ``default`` when it states none; never negative."""
    try:
        return max(int(str(value).strip()), 0)
    except (TypeError, ValueError):
        return default


_BREADCRUMBS, _LINKS = compiled_css(
    ".breadcrumb, .crumb, .position, .location, .dqwz, #position, .bread", "a[href]")
_WHERE_AM_I = etree.XPath("//*[contains(text(), '当前位置')]/..")
_DATE_OR_SOURCE = etree.XPath("//text()[contains(., '日期') or contains(., '来源')]")
_IMAGES = etree.XPath(".//img[@src]")


def _root(page: Selector | TextResponse) -> etree._Element:
    """The lxml tree of a page given as a Selector or as the response itself."""
    return (page if isinstance(page, Selector) else page.selector).root


def text_of(node: Selector | etree._Element, limit: int | None = None) -> str:
    """The visible text of a node (a Selector or an lxml element), whitespace collapsed; with
    ``limit``, about that many characters from its start (a 50 KB report need not be joined
    for its first lines)."""
    root = node.root if isinstance(node, Selector) else node
    if isinstance(root, str):
        return " ".join(root.split())
    pieces: list[str] = []
    size = 0
    # lxml strings, not a parsel Selector per text node: a report has thousands of them.
    for text in VISIBLE_TEXT(root):
        pieces.append(text)
        size += len(text)
        if limit is not None and size > 2 * limit:
            break
    return " ".join(" ".join(pieces).split())


_NEXT_SIBLING_TEXT = etree.XPath("following-sibling::*[1]//text()")
_PREVIOUS_SIBLING_TEXT = etree.XPath("preceding-sibling::*[1]//text()")


def sibling_text(link: Selector) -> str | None:
    """The first text of the element after a list link, else of the one before: where a
    list prints an entry's date."""
    for query in (_NEXT_SIBLING_TEXT, _PREVIOUS_SIBLING_TEXT):
        texts = query(link.root)
        if texts:
            return str(texts[0])
    return None


def metas(page: Selector | TextResponse) -> dict[str, str]:
    """The page's named ``<meta>`` tags (SiteName, ArticleTitle, PubDate, ColumnType…)."""
    return article.metas(_root(page))


def page_title(page: Selector) -> str | None:
    """The article's visible title, else its ``<title>``."""
    return article.page_title(_root(page))


def breadcrumb(page: Selector) -> str | None:
    """The 当前位置 trail, e.g. ``首页 > 政务公开 > 政府信息公开年度报告``."""
    for node in _BREADCRUMBS(_root(page)):
        text = text_of(node)
        if text:
            return text
    for node in _WHERE_AM_I(_root(page))[:1]:
        return text_of(node)
    return None


def _body_element(page: Selector) -> etree._Element | None:
    """The body container of an article page, or None."""
    found = article.body_container(_root(page))
    return found[1] if found else None


def lead(page: Selector, length: int = 600) -> str:
    """The visible metadata line and the first sentences of the body: where a page states its
    date, its source and the period it covers."""
    meta_line = ""
    for text in _DATE_OR_SOURCE(_root(page)):
        if re.search(r"\d{4}", text) or "来源" in text:
            meta_line = " ".join(text.split())
            break
    container = _body_element(page)
    body_text = text_of(container, limit=length) if container is not None else ""
    return f"{meta_line} {body_text[:length]}".strip()


def extension_kind(name: str | None) -> str | None:
    if not name:
        return None
    match = _EXTENSION.search(name.strip().split("?")[0])
    return DOCUMENT_TYPES.get(match.group(1).lower()) if match else None


def attachment_name(url: str, text: str | None, title: str | None) -> str | None:
    """The file's real name: ``showname=``, else the link's title or text, else the URL's."""
    query = parse_qs(urlsplit(url).query)
    for key in ("showname", "filename", "fileName"):
        if query.get(key) and extension_kind(query[key][0]):
            return unquote(query[key][0])
    for candidate in (title, text):
        if candidate and candidate.strip():
            return candidate.strip()
    path = urlsplit(url).path.rsplit("/", 1)[-1]
    return unquote(path) or None


def link_kind(url: str, name: str | None = None) -> str | None:
    """The document type an attachment link promises (pdf, docx, wps, image…), from its URL or
    its name; ``"download"`` for an extension-less download route."""
    kind = extension_kind(urlsplit(url).path) or extension_kind(name)
    if kind:
        return kind
    return "download" if _DOWNLOAD_ROUTE.search(url) else None


def attachments(page: Selector, base_url: str) -> list[Attachment]:
    """Attachment links of an article page: files by extension or download route, inside the
    body or in a 附件 box after it; images of the body (scanned reports). Print views and
    links without a target are left out."""
    found: dict[str, Attachment] = {}
    for link in _LINKS(_root(page)):
        href = (link.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "#", "mailto:")):
            continue
        url = urljoin(base_url, href)
        text = text_of(link)
        name = attachment_name(url, text, link.get("title") or link.get("alt"))
        kind = link_kind(url, name)
        if kind and kind != "image" and not _PRINT_VIEW.search(url) and url not in found:
            found[url] = Attachment(url, name, None if kind == "download" else kind)
    container = _body_element(page)
    if container is not None:
        for image in _IMAGES(container):
            url = urljoin(base_url, image.get("src").strip())
            if extension_kind(url) == "image" and url not in found:
                found[url] = Attachment(url, image.get("alt") or None, "image")
    return list(found.values())


def content_kind(content_type: str | None, url: str) -> str | None:
    """The document type of a download, from its Content-Type, else its URL."""
    mime = (content_type or "").split(";")[0].strip().lower()
    if mime.startswith("text/html"):
        return "html"
    if mime.startswith("image/"):
        return "image"
    guessed = mimetypes.guess_extension(mime) if mime else None
    return DOCUMENT_TYPES.get((guessed or "").lstrip(".")) or extension_kind(urlsplit(url).path)


# What a file's extension says it is, for servers that only say "bytes".
MIME_TYPES = {
    "pdf": "application/pdf", "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "wps": "application/vnd.ms-works", "et": "application/vnd.ms-excel",
    "rtf": "application/rtf", "ofd": "application/ofd", "zip": "application/zip",
    "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "gif": "image/gif",
    "bmp": "image/bmp", "tif": "image/tiff", "tiff": "image/tiff",
}
GENERIC_TYPES = frozenset({"", "application/octet-stream", "application/x-download",
                           "application/force-download", "application/download",
                           "binary/octet-stream", "application/x-msdownload"})


def document_type(content_type: str | None, url: str, file_name: str | None) -> str | None:
    """The Content-Type of a document: the server's, unless it only says "bytes"
    (octet-stream, a download type, nothing); then the one its file name (``showname=``,
    link text) or its URL's extension names."""
    if (content_type or "").split(";")[0].strip().lower() not in GENERIC_TYPES:
        return content_type
    for name in (file_name, urlsplit(url).path):
        match = _EXTENSION.search((name or "").strip())
        if match and match.group(1).lower() in MIME_TYPES:
            return MIME_TYPES[match.group(1).lower()]
    return content_type or None


# WAF challenges (docs/portals.md section 9.5): recorded as blocked, never answered.
_CHALLENGES = (
    ("ruishu", re.compile(r"\$_ts\s*=|r=['\"]m['\"]")),
    ("jiasule", re.compile(r"__jsl_clearance|__jsluid")),
    ("wzws", re.compile(r"wzws", re.I)),
    ("captcha", re.compile(r"验证码|安全验证|人机验证")),
)
CHALLENGE_STATUSES = {412: "ruishu", 521: "jiasule"}


def challenge(status: int, text: str) -> str | None:
    """The WAF whose challenge a response is, or None. Only small pages are challenges: a
    report that mentions 验证码 in its text is not one."""
    if status in CHALLENGE_STATUSES:
        return CHALLENGE_STATUSES[status]
    head = text[:20000]
    if len(text) > 20000 and "<script" not in head:
        return None
    visible = re.sub(r"<script.*?</script>|<[^>]+>", "", head, flags=re.S)
    for waf, pattern in _CHALLENGES:
        haystack = visible if waf == "captcha" else head
        if pattern.search(haystack) and (waf != "captcha" or len(visible.strip()) < 400):
            return waf
    return None


_SOFT_FAILURES = (
    ("maintenance", re.compile(r"维护中|系统升级|暂停访问")),
    ("not_found", re.compile(r"页面不存在|已删除|找不到(?:该|您要访问的)?页面|404\s*Not\s*Found",
                             re.I)),
)


def soft_failure(text: str) -> str | None:
    """Why a 200 page is no page at all: "maintenance" (维护中) or "not_found" (a soft 404,
    however big), judged on its title and headings, never on a report's body text."""
    head = text[:30000]
    headings = " ".join(re.findall(r"<(?:title|h1|h2|h3)[^>]*>(.*?)</(?:title|h1|h2|h3)>", head,
                                   flags=re.S | re.I))
    notice = " ".join(re.findall(r'class="(?:notice|error)[^"]*"[^>]*>(.*?)<', head, flags=re.S))
    for reason, pattern in _SOFT_FAILURES:
        if pattern.search(headings) or pattern.search(notice):
            return reason
    return None
