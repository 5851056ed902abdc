"""The demo web's HTTP server: an HTTP proxy that answers for the demo hosts itself.

Clients reach a demo portal by its real URL through this proxy, exactly as they would reach the
live web through a corporate proxy, so neither spiders nor the registry ever see localhost:

- ``GET http://www.hunjiang.gov.cn/… HTTP/1.1`` (absolute-form, plain http): answered here.
- ``CONNECT host:443`` (https): the server accepts the tunnel, speaks TLS with a self-signed
  certificate made at start-up (Scrapy does not verify certificates; other clients must be told
  not to), and answers the requests inside for that host.
- A host the demo web does not serve, or a scheme its portal refuses (https on an http-only
  site), is unreachable: a plain http request gets its connection closed with no answer, a
  CONNECT gets 502 as a forward proxy answers when the host cannot be reached; either way the
  client's request fails without a response.
- Published documents (article pages, print views, attachments) carry validators, as a static
  file server gives them: an ``ETag`` (the body's hash) and ``Last-Modified`` (the date the
  document shows); a request with a matching ``If-None-Match`` or ``If-Modified-Since`` gets
  ``304 Not Modified``. Lists and APIs carry none, as on real portals, where they are dynamic.
- Every host asked for (``host`` or ``host:port``, as the client named it, served or not) is
  counted in ``requested_hosts``: a test can tell what a crawl tried to reach.
- A site's ``latency`` (seconds before the first byte of every answer) is slept in the
  handler thread, on top of a page's own ``Reply.delay``; ``DemoServer(latency=False)`` serves
  the same web without it. The server counts the answers its sites gave (``served``) and the
  latency it applied (``latency_applied``, seconds in all). It stands hundreds of connections
  waiting at once: a thread each (daemon threads), and a listen backlog of 1024.
- An ordinary request to the server itself (``Host: 127.0.0.1:PORT``) gets an index of the
  sites, and ``/manifest.json``; a ``Host`` header naming a demo host (and optionally
  ``X-Forwarded-Proto: https``) reaches that site without proxy settings, for curl.
"""

from __future__ import annotations

import datetime
import email.utils
import hashlib
import html
import logging
import ssl
import tempfile
import threading
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import cached_property
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from harvester.demo.client import DemoClient, Fetched
from harvester.demo.manifest import dump_json, manifest
from harvester.demo.sites import DemoWeb
from harvester.demo.web import DemoRequest, Reply

log = logging.getLogger(__name__)
MAX_BODY = 1024 * 1024
DEFAULT_PORTS = {"http": 80, "https": 443}
UNREACHABLE = object()
BAD_REQUEST = object()


class Certificates:
    """Self-signed TLS certificates, one per host name (in its subjectAltName, so clients
    that check names only warn about the issuer), made on first use through SNI."""

    def __init__(self):
        from cryptography.hazmat.primitives.asymmetric import ec

        self.key = ec.generate_private_key(ec.SECP256R1())
        self.directory = tempfile.TemporaryDirectory(prefix="demoweb-tls-")
        self.contexts: dict[str, ssl.SSLContext] = {}
        self.lock = threading.Lock()
        self.default = self.context_for("demo.test")
        self.default.sni_callback = self.choose

    def choose(self, connection: ssl.SSLObject, server_name: str | None,
               context: ssl.SSLContext) -> None:
        if server_name:
            connection.context = self.context_for(server_name.lower())

    def context_for(self, host: str) -> ssl.SSLContext:
        with self.lock:
            if host not in self.contexts:
                self.contexts[host] = self.make_context(host)
            return self.contexts[host]

    def make_context(self, host: str) -> ssl.SSLContext:
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.x509.oid import NameOID

        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
        now = datetime.datetime.now(datetime.timezone.utc)
        certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                       .public_key(self.key.public_key())
                       .serial_number(x509.random_serial_number())
                       .not_valid_before(now - datetime.timedelta(days=1))
                       .not_valid_after(now + datetime.timedelta(days=365))
                       .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]),
                                      critical=False)
                       .sign(self.key, hashes.SHA256()))
        folder = Path(self.directory.name)
        cert_path, key_path = folder / f"{host}.pem", folder / "key.pem"
        cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
        key_path.write_bytes(self.key.private_bytes(serialization.Encoding.PEM,
                                                    serialization.PrivateFormat.PKCS8,
                                                    serialization.NoEncryption()))
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert_path, key_path)
        return context


class DemoHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "nginx"
    sys_version = ""
    timeout = 300
    tunnel_host: str | None = None  # set inside a CONNECT tunnel: the requests are https
    server: DemoServer

    def log_message(self, format: str, *args) -> None:
        log.debug("%s %s", self.address_string(), format % args)

    def do_GET(self) -> None:
        self.answer()

    def do_POST(self) -> None:
        self.answer()

    def do_HEAD(self) -> None:
        self.answer()

    def do_CONNECT(self) -> None:
        self.server.asked_for(self.path)
        host, _, port = self.path.partition(":")
        if port not in ("", "443") or not self.server.demo.web.serves(host, "https"):
            # What a forward proxy answers when it cannot reach the host: the client's tunnel
            # fails at once (closing silently would leave some clients waiting).
            self.send_error(502, "Bad Gateway", f"cannot connect to {self.path}")
            self.close_connection = True
            return
        self.send_response(200, "Connection established")
        self.end_headers()
        self.wfile.flush()
        try:
            tls = self.server.certificates.default.wrap_socket(self.connection,
                                                               server_side=True)
        except (ssl.SSLError, OSError) as error:
            log.debug("TLS handshake for %s failed: %s", host, error)
            self.close_connection = True
            return
        TunnelHandler(tls, self.client_address, self.server, host.lower())
        self.close_connection = True

    # ---- answering ---------------------------------------------------------------------

    def demo_request(self) -> DemoRequest | object | None:
        """The request with its real scheme and host; None for the server's own pages,
        :data:`UNREACHABLE` for a port no portal listens on, :data:`BAD_REQUEST` for a body
        it will not read."""
        length = self.headers.get("Content-Length") or "0"
        if not length.isdigit() or int(length) > MAX_BODY:
            return BAD_REQUEST
        body = self.rfile.read(int(length)) if int(length) else b""
        headers = {name.lower(): value for name, value in self.headers.items()}
        if self.tunnel_host:
            scheme, host, target = "https", self.tunnel_host, self.path
        elif self.path.startswith(("http://", "https://")):
            parts = urlsplit(self.path)
            if parts.port == self.server.server_address[1] and \
                    parts.hostname in ("127.0.0.1", "localhost", self.server.server_address[0]):
                return None  # the server itself, asked through itself as a proxy
            self.server.asked_for(parts.netloc)
            if parts.port not in (None, DEFAULT_PORTS[parts.scheme]):
                return UNREACHABLE  # portals listen on the default ports only
            scheme, host = parts.scheme, parts.netloc
            target = parts.path + (f"?{parts.query}" if parts.query else "")
        else:
            host = headers.get("host", "")
            if self.server.demo.web.site_for(host) is None:
                return None
            self.server.asked_for(host)
            scheme, target = headers.get("x-forwarded-proto", "http"), self.path
        path, _, query = (target or "/").partition("?")
        return DemoRequest(method=self.command, scheme=scheme, host=host.split(":")[0].lower(),
                           path=path or "/", query=query, headers=headers, body=body)

    def answer(self) -> None:
        request = self.demo_request()
        if request is UNREACHABLE:
            self.close_connection = True
            return
        if request is BAD_REQUEST:
            self.send_error(400, "Bad Request", "Content-Length must be a number up to 1 MB")
            return
        if request is None:
            self.send(self.server.own_page(self.path))
            return
        site = self.server.demo.web.site_for(request.host)
        if site is None or request.scheme not in site.schemes:
            self.close_connection = True
            return
        try:
            reply = site.resolve(request)
        except Exception:  # a bug in one page must not take the server down
            log.error("demo web failed on %s\n%s", request.url, traceback.format_exc())
            reply = Reply(f"demo web error on {request.url}\n{traceback.format_exc()}".encode(),
                          status=500, content_type="text/plain; charset=utf-8")
        delay = reply.delay + (site.latency if self.server.latency else 0.0)
        self.server.count_answer(site.latency if self.server.latency else 0.0)
        if delay:
            time.sleep(delay)
        self.send(self.server.with_validators(request, reply))

    def send(self, reply: Reply) -> None:
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            if reply.status != 304:  # a 304 has no body, and its length is the document's
                self.send_header("Content-Length", str(len(reply.body)))
            for name, value in reply.headers:
                self.send_header(name, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(reply.body)
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
            self.close_connection = True  # the client gave up (a timeout); nothing to do


def document_key(host: str, path: str, query: str) -> str:
    """A document's address without its scheme: portals serve one file over http and https."""
    return f"{host.lower()}{path}" + (f"?{query}" if query else "")


def document_dates(demo: DemoWeb) -> dict[str, datetime.datetime]:
    """Every published document's address → the date it shows (midnight UTC)."""
    dates = {}
    for built in demo.regions.values():
        for doc in (*built.entries, *built.others, *built.lookalikes):
            for publication in doc.publications:
                if publication.role == "api" or not publication.published:
                    continue
                parts = urlsplit(publication.url)
                day = datetime.date.fromisoformat(publication.published)
                dates[document_key(parts.hostname or "", parts.path or "/", parts.query)] = \
                    datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.timezone.utc)
    return dates


def not_modified(headers: dict[str, str], etag: str, published: datetime.datetime) -> bool:
    """Whether a conditional request's validators still match (RFC 9110: If-None-Match wins
    over If-Modified-Since)."""
    if "if-none-match" in headers:
        return etag in {tag.strip() for tag in headers["if-none-match"].split(",")}
    since = headers.get("if-modified-since")
    if not since:
        return False
    try:
        return published <= email.utils.parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False


class TunnelHandler(DemoHandler):
    """Requests inside a CONNECT tunnel, after the TLS handshake."""

    def __init__(self, connection, client_address, server, host: str):
        self.tunnel_host = host
        super().__init__(connection, client_address, server)


class DemoServer(ThreadingHTTPServer):
    """The demo web on ``host:port`` (port 0: a free one); ``address`` says which."""

    daemon_threads = True
    allow_reuse_address = True
    # Parallel crawls open many connections at once: a national harvest keeps hundreds of
    # portals in flight, two connections each, while their answers wait out their latency.
    request_queue_size = 1024

    def __init__(self, demo: DemoWeb, host: str = "127.0.0.1", port: int = 0,
                 latency: bool = True):
        super().__init__((host, port), DemoHandler)
        self.demo = demo
        self.latency = latency
        self.served = 0
        self.latency_applied = 0.0
        self._served_lock = threading.Lock()
        self.certificates = Certificates()
        self.document_dates = document_dates(demo)
        self.etags: dict[str, tuple[bytes, str]] = {}
        self.requested_hosts: Counter[str] = Counter()
        self._hosts_lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def asked_for(self, netloc: str) -> None:
        with self._hosts_lock:
            self.requested_hosts[netloc.lower()] += 1

    def count_answer(self, latency: float) -> None:
        """One answer of a site, ``latency`` seconds of its site's latency applied."""
        with self._served_lock:
            self.served += 1
            self.latency_applied += latency

    def with_validators(self, request: DemoRequest, reply: Reply) -> Reply:
        """A published document's reply with ``ETag`` and ``Last-Modified``, or ``304`` when
        the request's validators match; any other reply as it is."""
        key = document_key(request.host, request.path, request.query)
        published = self.document_dates.get(key)
        if published is None or reply.status != 200:
            return reply
        etag = self.etag(key, reply.body)
        last_modified = email.utils.format_datetime(published, usegmt=True)
        validators = [("ETag", etag), ("Last-Modified", last_modified)]
        if not_modified(request.headers, etag, published):
            return Reply(b"", status=304, content_type=reply.content_type, headers=validators)
        return replace(reply, headers=[*reply.headers, *validators])

    def etag(self, key: str, body: bytes) -> str:
        """A document's ``ETag``: the md5 of its bytes, hashed again only when its page gave
        other bytes (a re-crawl asks for every document again, a few MB each at times)."""
        known = self.etags.get(key)
        if known is None or known[0] is not body:
            known = (body, f'"{hashlib.md5(body).hexdigest()}"')
            self.etags[key] = known
        return known[1]

    @property
    def address(self) -> str:
        host, port = self.server_address[:2]
        return f"{host}:{port}"

    def start(self) -> DemoServer:
        """Serve in a background thread (tests, the demo harvest)."""
        self._thread = threading.Thread(target=self.serve_forever, name="demoweb",
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
        self.certificates.directory.cleanup()

    def handle_error(self, request, client_address) -> None:
        """Connection-level errors (a client hanging up) are logged, never raised."""
        log.debug("connection from %s failed", client_address, exc_info=True)

    def own_page(self, path: str) -> Reply:
        """The server's own pages: an index of the sites, and the manifest as JSON."""
        if urlsplit(path).path == "/manifest.json":
            return Reply(dump_json(self.demo).encode(),
                         content_type="application/json; charset=utf-8")
        rows = []
        for slug, built in self.demo.regions.items():
            links = " ".join(f'<a href="{html.escape(url)}">{html.escape(name)}</a>'
                             for name, url in built.entry_urls.items())
            rows.append(f"<tr><td>{slug}</td><td>{html.escape(built.region.name)}</td>"
                        f"<td>{built.family}</td><td>{links}</td></tr>")
        body = ("<html><head><meta charset=\"utf-8\"><title>demo web</title></head><body>"
                f"<h1>Demo web on {self.address}</h1><p>Use this server as an HTTP proxy "
                f"(curl -x http://{self.address} URL; for https add -k). "
                "<a href=\"/manifest.json\">manifest.json</a></p>"
                f"<table>{''.join(rows)}</table></body></html>")
        return Reply(body.encode())


@dataclass
class RunningDemoWeb:
    """A demo web being served: what tests and the demo harvest hold on to."""

    server: DemoServer

    @property
    def demo(self) -> DemoWeb:
        return self.server.demo

    @property
    def address(self) -> str:
        return self.server.address

    @cached_property
    def manifest(self) -> dict[str, dict]:
        return manifest(self.demo)

    @property
    def requested_hosts(self) -> Counter[str]:
        """How often each host (``host:port`` when a port was named) was asked for."""
        return self.server.requested_hosts

    @cached_property
    def client(self) -> DemoClient:
        return DemoClient(self.address)

    def fetch(self, url: str, data: bytes | None = None, headers: dict[str, str] | None = None,
              timeout: float | None = None) -> Fetched:
        return self.client.fetch(url, data=data, headers=headers, timeout=timeout)


@contextmanager
def running(demo: DemoWeb, host: str = "127.0.0.1", port: int = 0,
            latency: bool = True) -> Iterator[RunningDemoWeb]:
    """Serve ``demo`` in a background thread for the duration of the block; ``latency=False``
    leaves out the sites' latency."""
    server = DemoServer(demo, host, port, latency=latency).start()
    try:
        yield RunningDemoWeb(server)
    finally:
        server.stop()
