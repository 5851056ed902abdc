"""A second harvest of unchanged portals revalidates what it stored (ETag, Last-Modified),
downloads at most a tenth of the bytes of the first, and writes nothing but its run."""

from __future__ import annotations

from tests.support.crawling import content, crawl, runs

REGION = "hebei_xingtai_qinghe"


def test_second_harvest_of_an_unchanged_portal(demo_web, tmp_path):
    crawl(REGION, demo_web, tmp_path, jobdir=False)
    first = content(tmp_path / "harvest.db")
    crawl(REGION, demo_web, tmp_path, jobdir=False)

    assert content(tmp_path / "harvest.db") == first
    before, after = runs(tmp_path / "harvest.db")
    assert (after["new"], after["changed"]) == (0, 0)
    assert after["found"] == before["found"] > 0
    first_bytes = before["stats"]["harvest/network/response_bytes"]
    second_bytes = after["stats"]["harvest/network/response_bytes"]
    assert second_bytes <= first_bytes / 10, (first_bytes, second_bytes)
    # Documents were asked about, not fetched blind, and the portal said "not modified".
    assert after["stats"]["harvest/network/not_modified"] > 0
    assert after["stats"]["httpcache/revalidate"] == after["stats"][
        "harvest/network/not_modified"]
    # Lists were read again: not everything came from the cache.
    assert after["stats"]["httpcache/miss"] > 0


def test_second_harvest_reads_no_article_page_again(demo_web, tmp_path):
    """Recognising an article page is the spider's dearest work; a revalidated page with the
    same bytes and the same listing is recalled from the page memo, with the same outcome."""
    crawl(REGION, demo_web, tmp_path, jobdir=False)
    crawl(REGION, demo_web, tmp_path, jobdir=False)
    before, after = runs(tmp_path / "harvest.db")
    assert before["stats"]["harvester/pages/read"] > 0
    assert "harvester/pages/recalled" not in before["stats"]
    assert "harvester/pages/read" not in after["stats"]
    assert after["stats"]["harvester/pages/recalled"] == before["stats"]["harvester/pages/read"]
    outcomes = {k: v for k, v in before["stats"].items() if k.startswith("harvester/outcome/")}
    assert outcomes == {k: v for k, v in after["stats"].items()
                        if k.startswith("harvester/outcome/")}
