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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(path: Path):
    """A datasette process on ``path`` (named harvest.db) with the project's metadata; yields
    a function that GETs a path of its JSON API."""
    port = free_port()
    process = subprocess.Popen(
        [str(DATASETTE), "serve", str(path), "-m", str(METADATA), "-h", "127.0.0.1",
         "-p", str(port)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    def get(path: str):
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
            return json.loads(response.read())

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
        yield get
    finally:
        process.terminate()
        process.wait(timeout=10)
