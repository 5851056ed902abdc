"""A small HTTP client that reaches the demo web through its proxy, for tests and the CLI.

It is the standard library's ``http.client`` used as any proxied client uses it: absolute-form
requests for http, a CONNECT tunnel for https (certificate not verified: the demo server's is
self-signed). Redirects are not followed, so a test sees each status as the portal sends it.
"""

from __future__ import annotations

import http.client
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass
class Fetched:
    url: str
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes

    @property
    def text(self) -> str:
        """The body decoded as the Content-Type says (UTF-8 when it says nothing)."""
        content_type = self.headers.get("content-type", "")
        charset = content_type.split("charset=")[1].strip() if "charset=" in content_type \
            else "utf-8"
        return self.body.decode(charset, errors="replace")


class DemoClient:
    def __init__(self, address: str, timeout: float = 30.0):
        self.proxy_host, port = address.rsplit(":", 1)
        self.proxy_port = int(port)
        self.timeout = timeout

    def fetch(self, url: str, data: bytes | None = None, headers: dict[str, str] | None = None,
              timeout: float | None = None) -> Fetched:
        """GET ``url`` (POST when ``data`` is given). Raises OSError (or
        ``http.client.RemoteDisconnected``) when the demo web treats the host as unreachable,
        and ``TimeoutError`` when the answer is later than ``timeout``."""
        parts = urlsplit(url)
        timeout = self.timeout if timeout is None else timeout
        if parts.scheme == "https":
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            connection: http.client.HTTPConnection = http.client.HTTPSConnection(
                self.proxy_host, self.proxy_port, timeout=timeout, context=context)
            connection.set_tunnel(parts.hostname, parts.port or 443)
            target = parts.path or "/"
            target += f"?{parts.query}" if parts.query else ""
        else:
            connection = http.client.HTTPConnection(self.proxy_host, self.proxy_port,
                                                    timeout=timeout)
            target = url
        request_headers = {"Host": parts.netloc, "User-Agent": "demoweb-test/1.0",
                           **(headers or {})}
        if data is not None:
            request_headers.setdefault("Content-Type",
                                       "application/x-www-form-urlencoded; charset=UTF-8")
        try:
            connection.request("POST" if data is not None else "GET", target, body=data,
                               headers=request_headers)
            response = connection.getresponse()
            body = response.read()
        finally:
            connection.close()
        return Fetched(url=url, status=response.status, body=body,
                       headers={k.lower(): v for k, v in response.getheaders()})
