"""Obstacles that wrap a page or count its requests, as the benchmarks rely on them: a flaky
page fails again after ``restart_counts``, and ``prerender`` reaches the pages beneath obstacles
and behind download endpoints, so no harvest compared pays for their rendering."""

from __future__ import annotations

from types import SimpleNamespace

from harvester.demo import obstacles
from harvester.demo.bench import prerender
from harvester.demo.web import DemoRequest, Page, Site, Web, html_reply

HOST = "www.example.gov.cn"


def counted_page(name: str, rendered: list[str]) -> Page:
    def render():
        rendered.append(name)
        return html_reply(f"<html><body>{name}</body></html>")
    return Page(render)


def test_a_flaky_page_fails_the_first_of_three_requests_and_again_after_a_restart():
    site = Site(hosts=(HOST,), region="example")
    site.add("/report.html", obstacles.flaky(counted_page("report", [])))
    request = DemoRequest("GET", "http", HOST, "/report.html")
    assert [site.resolve(request).status for _ in range(4)] == [500, 200, 200, 500]

    assert obstacles.restart_counts(Web([site])) == 1
    assert [site.resolve(request).status for _ in range(2)] == [500, 200]


def test_prerender_renders_pages_behind_obstacles_and_download_files_once():
    rendered: list[str] = []
    site = Site(hosts=(HOST,), region="example")
    site.add("/plain.html", counted_page("plain", rendered))
    site.add("/flaky.html", obstacles.flaky(counted_page("flaky", rendered)))
    site.files["4711"] = obstacles.needs_referer(counted_page("attachment", rendered),
                                                 f"http://{HOST}/plain.html")
    site.add("/robots.txt", obstacles.robots_txt([]))  # rendered on every request: left alone

    assert prerender(SimpleNamespace(web=Web([site]))) == 3
    assert sorted(rendered) == ["attachment", "flaky", "plain"]
    # The flaky page's count is untouched: the first harvest still meets its 500.
    assert site.resolve(DemoRequest("GET", "http", HOST, "/flaky.html")).status == 500
    site.resolve(DemoRequest("GET", "http", HOST, "/flaky.html"))
    assert sorted(rendered) == ["attachment", "flaky", "plain"]
