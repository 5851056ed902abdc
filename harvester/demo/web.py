"""The demo web's core model: requests, replies, resources, sites and the web of sites.

A site is a table of paths to *resources*. A resource is a callable that turns a request into a
reply, so pages are rendered only when somebody asks for them: the large benchmark web holds
tens of thousands of reports and must build in seconds. Behaviour that real portals show (WAF
stubs, slow pages, soft 404s...) is a resource too, wrapping or replacing a page.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import parse_qs


@dataclass(frozen=True)
class DemoRequest:
    """One request as the server received it, with the real host and scheme restored."""

    method: str
    scheme: str
    host: str
    path: str  # without query
    query: str = ""
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    body: bytes = b""

    @cached_property
    def params(self) -> dict[str, str]:
        """Query-string and form parameters (the form wins), first value of each."""
        values = {k: v[0] for k, v in parse_qs(self.query, keep_blank_values=True).items()}
        if self.body and "form-urlencoded" in self.headers.get("content-type", ""):
            form = parse_qs(self.body.decode("utf-8", "replace"), keep_blank_values=True)
            values.update({k: v[0] for k, v in form.items()})
        return values

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.host}{self.path}" + (f"?{self.query}" if self.query else "")


@dataclass
class Reply:
    """What the server sends back. ``delay`` seconds pass before the first byte."""

    body: bytes
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)
    delay: float = 0.0


Resource = Callable[[DemoRequest], Reply]
DIRECTORY_INDEXES = ("index.html", "index.shtml", "index.htm")


def html_reply(text: str, encoding: str = "utf-8", status: int = 200,
               declare: bool = True) -> Reply:
    """An HTML reply; ``declare=False`` leaves the charset out of the Content-Type header, as
    many GBK portals do (the page's own <meta> is then the only hint)."""
    content_type = f"text/html; charset={encoding}" if declare else "text/html"
    return Reply(text.encode(encoding), status=status, content_type=content_type)


class Page:
    """A resource rendered on first request, then served from memory; a reply that ``keep``
    rejects (a converter missing now, perhaps installed later) is rendered again next time."""

    def __init__(self, render: Callable[[], Reply],
                 keep: Callable[[Reply], bool] = lambda reply: True):
        self._render = render
        self._keep = keep
        self._reply: Reply | None = None
        self._lock = threading.Lock()

    def __call__(self, request: DemoRequest) -> Reply:
        with self._lock:
            if self._reply is not None:
                return self._reply
            reply = self._render()
            if self._keep(reply):
                self._reply = reply
            return reply


@dataclass
class Site:
    """One portal: its host names, the schemes it answers, its paths, and how it says 404.

    ``routes`` maps a path (no query) to a resource. ``prefixes`` maps a path prefix to a
    resource for endpoints whose path carries parameters (gkmlpt ``api/all/<cat>``). ``files``
    holds the resources a download endpoint serves by a query parameter (Hanweb's
    ``downfile.jsp?filename=``, VSB's ``wbfileid=``), so that every resource of the site is
    reachable from it.
    """

    hosts: tuple[str, ...]
    region: str
    schemes: tuple[str, ...] = ("http", "https")
    canonical_scheme: str = "http"
    routes: dict[str, Resource] = field(default_factory=dict)
    prefixes: dict[str, Resource] = field(default_factory=dict)
    files: dict[str, Resource] = field(default_factory=dict)
    not_found: Resource | None = None
    https_redirect: bool = False  # http answers 301 to https, as spb.gov.cn does
    # Seconds before the first byte of every answer, as a distant or busy portal takes (the
    # server's handler thread sleeps, as for ``Reply.delay``); a server started with
    # ``latency=False`` leaves it out.
    latency: float = 0.0

    @property
    def host(self) -> str:
        return self.hosts[0]

    def url(self, path: str, host: str | None = None) -> str:
        return f"{self.canonical_scheme}://{host or self.host}{path}"

    def add(self, path: str, resource: Resource) -> str:
        """Register ``resource`` at ``path``; returns the canonical URL of the path."""
        if path in self.routes:
            raise ValueError(f"{self.host}{path} registered twice")
        self.routes[path] = resource
        return self.url(path)

    def claim(self, make: Callable[[int], str], start: int) -> str:
        """The first of ``make(start)``, ``make(start + 1)``… not yet routed: a CMS never
        hands out one id twice, while hashed ids can collide."""
        number = start
        while make(number) in self.routes:
            number += 1
        return make(number)

    def resolve(self, request: DemoRequest) -> Reply:
        """The reply for ``request``: a route, then the longest matching prefix, else 404."""
        if self.https_redirect and request.scheme == "http":
            location = f"https://{request.host}{request.path}"
            location += f"?{request.query}" if request.query else ""
            return Reply(b"", status=301, headers=[("Location", location)])
        resource = self.routes.get(request.path)
        if resource is None and request.path.endswith("/"):
            # A directory URL serves its index file, as the web servers in front of CMSs do.
            resource = next((self.routes[request.path + name] for name in DIRECTORY_INDEXES
                             if request.path + name in self.routes), None)
        if resource is None:
            for prefix in sorted(self.prefixes, key=len, reverse=True):
                if request.path.startswith(prefix):
                    resource = self.prefixes[prefix]
                    break
        if resource is None:
            resource = self.not_found or plain_not_found
        return resource(request)


def plain_not_found(request: DemoRequest) -> Reply:
    """An honest 404, as most portals give."""
    return html_reply("<html><head><title>404 Not Found</title></head><body>"
                      "<h1>404 Not Found</h1></body></html>", status=404)


class Web:
    """All demo sites by host name, plus the manifest records the builders wrote."""

    def __init__(self, sites: Iterable[Site] = ()):
        self.by_host: dict[str, Site] = {}
        self.sites: list[Site] = []
        for site in sites:
            self.add(site)

    def add(self, site: Site) -> Site:
        for host in site.hosts:
            if host in self.by_host:
                raise ValueError(f"host {host} served twice")
            self.by_host[host] = site
        self.sites.append(site)
        return site

    def site_for(self, host: str) -> Site | None:
        """The site serving ``host`` (a port in the name is ignored), or None."""
        return self.by_host.get(host.split(":")[0].lower())

    def serves(self, host: str, scheme: str) -> bool:
        site = self.site_for(host)
        return site is not None and scheme in site.schemes
