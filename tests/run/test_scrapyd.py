"""Deployment to scrapyd: a real scrapyd process, the project's egg uploaded through its HTTP
API, a demo region scheduled, and its reports in the database when the job finishes."""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REGION = "henan_luohe_huizu"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def build_egg(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "setup.py", "-q", "egg_info", "--egg-base", str(folder),
                    "build", "--build-base", str(folder / "build"), "bdist_egg", "--dist-dir",
                    str(folder), "--bdist-dir", str(folder / "bdist")],
                   cwd=ROOT, capture_output=True, check=True, timeout=180)
    [egg] = folder.glob("*.egg")
    return egg


def call(base: str, endpoint: str, fields: list[tuple[str, str]] | None = None,
         egg: Path | None = None) -> dict:
    """A scrapyd API call: GET without fields, else a multipart POST (with the egg file)."""
    if fields is None:
        request = urllib.request.Request(f"{base}/{endpoint}")
    else:
        boundary = uuid.uuid4().hex
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                 f"{value}\r\n".encode() for name, value in fields]
        if egg:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="egg"; '
                         f'filename="{egg.name}"\r\nContent-Type: application/octet-stream'
                         "\r\n\r\n".encode() + egg.read_bytes() + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        request = urllib.request.Request(
            f"{base}/{endpoint}", data=body,
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


@pytest.fixture
def scrapyd(tmp_path):
    port = free_port()
    home = tmp_path / "scrapyd"
    home.mkdir()
    (home / "scrapyd.conf").write_text(
        f"[scrapyd]\nbind_address = 127.0.0.1\nhttp_port = {port}\npoll_interval = 0.5\n"
        f"eggs_dir = {home / 'eggs'}\nlogs_dir = {home / 'logs'}\ndbs_dir = {home / 'dbs'}\n")
    process = subprocess.Popen([sys.executable, "-m", "scrapyd"], cwd=home,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if call(base, "daemonstatus.json")["status"] == "ok":
                break
        except OSError:
            assert process.poll() is None, "scrapyd exited at start"
            assert time.monotonic() < deadline, "scrapyd did not answer in a minute"
            time.sleep(0.2)
    yield base, home
    process.terminate()
    process.wait(timeout=30)


def test_schedule_a_demo_region_through_scrapyd(scrapyd, demo_web, tmp_path):
    base, home = scrapyd
    egg = build_egg(tmp_path / "egg")
    added = call(base, "addversion.json", [("project", "harvester"), ("version", "1")], egg)
    assert added["status"] == "ok", added
    assert REGION in call(base, "listspiders.json?project=harvester")["spiders"]

    database = tmp_path / "harvest.db"
    settings = [f"DEMO_WEB={demo_web.address}", f"HARVEST_DB={database}",
                f"HARVEST_STORE={tmp_path / 'documents'}", "AUTOTHROTTLE_ENABLED=False"]
    scheduled = call(base, "schedule.json", [("project", "harvester"), ("spider", REGION)]
                     + [("setting", setting) for setting in settings])
    assert scheduled["status"] == "ok", scheduled
    job = scheduled["jobid"]

    deadline = time.monotonic() + 300
    while True:
        jobs = call(base, "listjobs.json?" + urllib.parse.urlencode({"project": "harvester"}))
        if any(finished["id"] == job for finished in jobs["finished"]):
            break
        assert time.monotonic() < deadline, f"job not finished in five minutes: {jobs}"
        time.sleep(1)

    log = next((home / "logs").rglob(f"{job}.log")).read_text(encoding="utf-8")
    assert "'finish_reason': 'finished'" in log, log[-3000:]
    with sqlite3.connect(database) as connection:
        reports = connection.execute("SELECT count(*) FROM reports WHERE region = ?",
                                     [REGION]).fetchone()[0]
        [spider] = connection.execute("SELECT spider FROM harvest_runs").fetchone()
    assert reports == len(demo_web.manifest[REGION]["reports"])
    assert spider == REGION
