"""Shared fixtures.

``demo_web``: the seven demo portals (harvester/demo) served for the whole session on a free
localhost port, as an HTTP proxy. It yields a :class:`harvester.demo.server.RunningDemoWeb`:
``.address`` ("127.0.0.1:PORT", the value for the ``DEMO_WEB`` setting), ``.manifest`` (region
slug -> manifest), ``.demo`` (the built sites) and ``.fetch(url, data=None, headers=None,
timeout=None)`` (a real HTTP request through the proxy). Its slow page answers after
``DEMO_SLOW_DELAY`` seconds instead of 20, to keep tests fast.

Pages with state (the 500-then-200 page) are shared by the session: a test that needs them
fresh starts its own server with ``harvester.demo.server.running``.
"""

from __future__ import annotations

import pytest

from harvester.demo.server import running
from harvester.demo.sites import build_demo_web

DEMO_SLOW_DELAY = 2.0


@pytest.fixture(scope="session")
def demo_web():
    with running(build_demo_web(slow_delay=DEMO_SLOW_DELAY)) as web:
        yield web
