"""The publication in a real browser: Debian's chromium, headless, on a real ``datasette``.

``--dump-dom`` gives the document after the page's scripts ran; ``--screenshot`` saves what a
person sees (under pytest's temporary folder, never committed). ``make install`` installs
chromium; without it these tests are skipped, saying so.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.support.datasette import serving
from tests.support.harvest import build

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (make install installs Debian's)")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--window-size=1280,900", "--hide-scrollbars"]


def dump_dom(url: str, console: list | None = None) -> str:
    """The page's document after its scripts ran; what its scripts wrote to the console is
    appended to ``console``."""
    result = subprocess.run([CHROMIUM, *FLAGS, "--enable-logging=stderr", "--v=0",
                             "--dump-dom", url], capture_output=True, text=True, timeout=120,
                            check=True)
    if console is not None:
        console += [line for line in result.stderr.splitlines() if ":CONSOLE" in line]
    return result.stdout


def screenshot(url: str, path: Path) -> Path:
    subprocess.run([CHROMIUM, *FLAGS, f"--screenshot={path}", url], capture_output=True,
                   timeout=120, check=True)
    return path


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser")
    path, truth = build(folder)
    with serving(path, text=True) as get:
        yield get.base, truth, path, folder


def _report(path, year):
    with sqlite3.connect(path) as db:
        return db.execute("SELECT id, clean_text FROM reports WHERE year = ?", [year]).fetchone()


def test_a_report_page_shows_its_values_without_the_full_text(site):
    base, truth, path, folder = site
    report_id, text = _report(path, 2022)
    dom = dump_dom(f"{base}/harvest/reports/{report_id}")
    assert "<h1" in dom and "白山市浑江区教育局 2022" in dom
    applications = dom.index('class="rows-and-columns report-applications"')
    folded = re.search(r'<details class="full-text-section"( open)?', dom)
    assert folded and folded.group(1) is None, "the full text is folded"
    assert applications < folded.start()
    # The text's middle appears once only: inside the folded details, not in the row's table.
    assert dom.count(text[500:540]) == 1 and dom.index(text[500:540]) > folded.start()
    new = truth[1]["applications"]["new"]
    row = re.search(r"一、本年新收政府信息公开申请数量</th>(.*?)</tr>", dom, re.S).group(1)
    assert re.findall(r"<td>([^<]*)</td>", row)[-1] == str(new["total"])
    shot = screenshot(f"{base}/harvest/reports/{report_id}", folder / "report.png")
    assert shot.stat().st_size > 10_000


def test_chinese_headings(site):
    base, _, _, folder = site
    dom = dump_dom(f"{base}/harvest/application_values?_facet=year")
    headings = re.findall(r'<span class="zh">([^<]+)</span>', dom)
    assert {"报告", "地区", "机关", "年度", "行", "申请人", "数值"} <= set(headings)
    assert "申请情况（带中文标签，每行一个数字）" in dom
    screenshot(f"{base}/harvest/application_values?_facet=year", folder / "values.png")


def test_a_chart_renders(site):
    base, _, _, folder = site
    dom = dump_dom(f"{base}/harvest/granted_share_by_region_and_year")
    svg = re.search(r'<svg class="chart".*?</svg>', dom, re.S)
    assert svg, "no chart"
    points = re.findall(r'<polyline[^>]* points="([^"]+)"', svg.group(0))
    assert points and len(points[0].split()) == 2  # two years of one region
    assert "白山市浑江区" in svg.group(0)
    shot = screenshot(f"{base}/harvest/region_trend", folder / "trend.png")
    assert shot.stat().st_size > 10_000


def test_every_page_opens_without_a_console_message(site):
    base, _, path, _ = site
    report_id, _ = _report(path, 2021)
    queries = sorted(p.stem for p in (Path(__file__).resolve().parents[2] / "datasette"
                                      / "queries").glob("*.sql"))
    console: list[str] = []
    for page in ["/", "/harvest", f"/harvest/reports/{report_id}", "/harvest/reports",
                 *(f"/harvest/{query}" for query in queries)]:
        dom = dump_dom(base + page, console)
        assert "</html>" in dom and "Traceback" not in dom, page
    assert console == []


def test_the_dashboard_draws_its_charts(site):
    base, _, _, folder = site
    console: list[str] = []
    dom = dump_dom(f"{base}/dashboard", console)
    assert len(re.findall(r'<svg class="chart"', dom)) == 4
    assert len(re.findall(r"<polyline", dom)) >= 4 and console == []
    assert screenshot(f"{base}/dashboard", folder / "dashboard.png").stat().st_size > 10_000
