"""A real ``datasette`` process on a harvest database, read through its JSON API."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATASETTE = Path(sys.executable).with_name("datasette")
METADATA = ROOT / "datasette" / "metadata.yml"
# How the Makefile's serve target runs the publication: the same options here.
OPTIONS = ["-m", str(METADATA), "--plugins-dir", str(ROOT / "datasette" / "plugins"),
           "--template-dir", str(ROOT / "datasette" / "templates"),
           "--setting", "suggest_facets", "off"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(path: Path, text: bool = False):
    """A datasette process on ``path`` (named harvest.db) with the project's metadata, plugin
    and templates; yields a function that GETs a path of its JSON API (with ``text``, a
    function that GETs a page's HTML or CSV as text, and has the server's address as
    ``base``)."""
    port = free_port()
    process = subprocess.Popen(
        [str(DATASETTE), "serve", str(path), *OPTIONS, "-h", "127.0.0.1", "-p", str(port)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    def get(path: str):
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
            return json.loads(response.read())

    def get_text(path: str) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
            return response.read().decode("utf-8")

    get_text.base = f"http://127.0.0.1:{port}"

    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                get("/-/versions.json")
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"datasette did not start: {process.stdout.read().decode()}")
                time.sleep(0.2)
        yield get_text if text else get
    finally:
        process.terminate()
        process.wait(timeout=10)
