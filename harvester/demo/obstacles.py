"""The ways real portals get in a harvester's way (docs/portals.md section 9), as resources.

Each function returns a resource (request in, reply out) or wraps one. They are shared by all
CMS families; a site's data says which obstacle sits on which path. A wrapper keeps the resource
it wraps in ``__wrapped__`` (as :func:`functools.wraps` does), so that :func:`inspect.unwrap`
reaches the page beneath; one that counts requests can ``restart`` its count
(:func:`restart_counts`).
"""

from __future__ import annotations

import hashlib
import itertools
import threading
from dataclasses import replace

from harvester.demo.web import DemoRequest, Reply, Resource, Web, html_reply


def soft_not_found(site_name: str, size: int = 1_800_000) -> Resource:
    """A 404 that answers 200 with a page as big as a real one (Pinggu: 1.8 MB), full of the
    site's navigation, so only its words say that the page does not exist."""
    nav = "".join(f'<li><a href="/col{i}/index.html">栏目{i}</a></li>' for i in range(40))
    filler = "<p>" + "政务公开 " * 200 + "</p>\n"
    head = (f"<html><head><meta charset=\"utf-8\"><title>{site_name}</title></head><body>"
            f"<ul class=\"nav\">{nav}</ul><div class=\"error\"><h2>抱歉，您访问的页面不存在或已删除"
            f"</h2></div>")
    repeat = max(1, (size - len(head.encode())) // len(filler.encode()))
    reply = html_reply(head + filler * repeat + "</body></html>")

    def resource(request: DemoRequest) -> Reply:
        return reply
    return resource


def waf_412(request: DemoRequest) -> Reply:
    """A Ruishu-style challenge: status 412, a stub page that only a browser running the
    script gets past, and a dynamic cookie whose name ends in S. Record it as blocked."""
    token = hashlib.sha1(request.path.encode()).hexdigest()
    body = (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
            f'<meta id="FSSBBIl1UgzbN7N" content="{token}" r=\'m\'>'
            f"<script>$_ts=window['$_ts'];if(!$_ts)$_ts=window['$_ts']={{}};$_ts.nsd=61802;"
            f"$_ts.cd='qEcqrAlLqXGhcGLrwS';</script>"
            f'<script type="text/javascript" charset="utf-8" '
            f"src=\"/4QbVtADbnLVIc/c.FxJzG50F.dfe1675.js\" r='m'></script></head>"
            f"<body></body></html>")
    return Reply(body.encode(), status=412, content_type="text/html; charset=utf-8",
                 headers=[("Set-Cookie", f"FSSBBIl1UgzbN7N80S={token[:24]}; Path=/; HttpOnly")])


def wzws_challenge(request: DemoRequest) -> Reply:
    """A WZWS challenge: status 200 and an obfuscated script instead of the page
    (xxgk.jl.gov.cn). Nothing in it is content; record it as blocked."""
    key = hashlib.md5(request.path.encode()).hexdigest()
    body = ("<html><head><meta charset=\"utf-8\"><title></title></head><body>"
            "<script type=\"text/javascript\">var _0x5c2f=['\\x77\\x7a\\x77\\x73','"
            f"{key}'];(function(_0x1,_0x2){{var _0x3=function(_0x4){{while(--_0x4)"
            "{_0x1['push'](_0x1['shift']());}};_0x3(++_0x2);}}(_0x5c2f,0x1b3));"
            "var wzwschallenge=_0x5c2f[1];var wzwschallengex='" + key[::-1] + "';"
            "location.href='/WZWSREL" + key[:16] + "?wzwschallenge='+wzwschallenge;"
            "</script></body></html>")
    return html_reply(body)


def maintenance(request: DemoRequest) -> Reply:
    """A 200 page that says the column is under maintenance."""
    return html_reply("<html><head><meta charset=\"utf-8\"><title>系统维护中</title></head>"
                      "<body><div class=\"notice\">系统维护中，请稍后访问。</div></body></html>")


def slow(resource: Resource, delay: float) -> Resource:
    """The same page, its first byte ``delay`` seconds late (docs/portals.md section 9.8)."""
    def wrapped(request: DemoRequest) -> Reply:
        return replace(resource(request), delay=delay)
    wrapped.__wrapped__ = resource
    return wrapped


def flaky(resource: Resource, period: int = 3) -> Resource:
    """A page that fails with 500 on the first of every ``period`` requests, so a harvester
    that retries gets it and one that does not loses it."""
    counter = [itertools.count()]
    lock = threading.Lock()

    def wrapped(request: DemoRequest) -> Reply:
        with lock:
            attempt = next(counter[0])
        if attempt % period == 0:
            return html_reply("<html><body><h1>500 Internal Server Error</h1>"
                              "<p>Proxy Error</p></body></html>", status=500)
        return resource(request)

    def restart() -> None:
        with lock:
            counter[0] = itertools.count()
    wrapped.__wrapped__ = resource
    wrapped.restart = restart
    return wrapped


def download_refused(request: DemoRequest) -> Reply:
    """VSB's answer to a download it refuses: a 4.9 KB HTML error page, at status 200."""
    return html_reply("<html><head><meta charset=\"utf-8\"><title>提示信息</title></head><body>"
                      "<div class=\"error\">对不起，您没有权限下载此附件或链接已失效。</div>"
                      "<!-- " + "x" * 4700 + " --></body></html>")


def needs_referer(resource: Resource, referer_prefix: str) -> Resource:
    """VSB downloads: served only with a Referer from the article, else refused."""
    def wrapped(request: DemoRequest) -> Reply:
        if not request.headers.get("referer", "").startswith(referer_prefix):
            return download_refused(request)
        return resource(request)
    wrapped.__wrapped__ = resource
    return wrapped


def restart_counts(web: Web) -> int:
    """Give every obstacle of ``web`` that counts requests (:func:`flaky`) its first count
    again, as a fresh build of the same web would have: harvests compared on one web then meet
    the same failures. Returns how many were restarted."""
    restarted = 0
    for site in web.sites:
        for resource in [*site.routes.values(), *site.files.values()]:
            while resource is not None:
                if callable(getattr(resource, "restart", None)):
                    resource.restart()
                    restarted += 1
                resource = getattr(resource, "__wrapped__", None)
    return restarted


def robots_txt(disallow: list[str]) -> Resource:
    lines = ["User-agent: *"] + [f"Disallow: {path}" for path in disallow or [""]]
    body = ("\n".join(lines) + "\n").encode()

    def resource(request: DemoRequest) -> Reply:
        return Reply(body, content_type="text/plain")
    return resource


SPAM = ("澳门新葡京娱乐场", "威廉希尔官网", "皇冠体育投注", "金沙娱乐城")


def spam_mirror(copied_title: str) -> Resource:
    """A hijacked non-gov mirror: gov paths copied, casino names injected (docs/portals.md
    section 9.10).
    Whatever it says is not a report of the region."""
    def resource(request: DemoRequest) -> Reply:
        spam = SPAM[len(request.path) % len(SPAM)]
        return html_reply(
            f"<html><head><meta charset=\"utf-8\"><title>{spam}-{copied_title}</title></head>"
            f"<body><h1>{copied_title}</h1><p>{spam}官方网站，注册即送888元，{spam}欢迎您！</p>"
            f"<p>{copied_title}（转载）</p></body></html>")
    return resource
