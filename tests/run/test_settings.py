"""Settings every crawl runs with."""

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_cookies_never_fetch_the_public_suffix_list():
    # In a fresh process, as `scrapy crawl` starts: project settings first, then middlewares.
    code = ("from scrapy.utils.project import get_project_settings; get_project_settings(); "
            "from scrapy.downloadermiddlewares import cookies; "
            "print(list(cookies._split_domain.suffix_list_urls))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=60, check=True)
    assert result.stdout.strip() == "[]"


def test_politeness_defaults():
    from harvester.run import settings

    assert settings.ROBOTSTXT_OBEY is True
    assert settings.AUTOTHROTTLE_ENABLED is True
    assert settings.CONCURRENT_REQUESTS_PER_DOMAIN <= 2
    assert "gov-report-harvester" in settings.USER_AGENT and settings.HARVEST_CONTACT in \
        settings.USER_AGENT
    assert settings.DOWNLOAD_MAXSIZE > 0
    assert settings.HTTPCACHE_POLICY == "harvester.run.httpcache.RevalidatingPolicy"


def test_crawls_open_no_debugging_console():
    from scrapy.spiders import Spider
    from scrapy.utils.test import get_crawler

    from harvester.run import settings

    crawler = get_crawler(Spider, settings_dict={
        "TELNETCONSOLE_ENABLED": settings.TELNETCONSOLE_ENABLED,
        "REMOTE_CONTROL_ENABLED": settings.REMOTE_CONTROL_ENABLED})
    enabled = {type(extension).__name__ for extension in crawler.extensions.middlewares}
    assert "CoreStats" in enabled  # the extensions were built
    assert not enabled & {"TelnetConsole", "RemoteControl"}


def test_crawls_run_the_cycle_collector_less_often():
    """harvester/run/gc_tuning.py. In a fresh process: the thresholds belong to the whole
    process."""
    code = ("import gc, json; from scrapy.utils.project import get_project_settings; "
            "from scrapy.utils.reactor import install_reactor; "
            "from scrapy.utils.test import get_crawler; settings = get_project_settings(); "
            "install_reactor(settings['TWISTED_REACTOR']); before = gc.get_threshold(); "
            "get_crawler(settings_dict={**settings.copy_to_dict(), **%s}); "
            "print(json.dumps([before, gc.get_threshold()]))")

    def thresholds(overrides: str) -> tuple[list[int], list[int]]:
        output = subprocess.run([sys.executable, "-c", code % overrides], cwd=ROOT,
                                capture_output=True, text=True, timeout=60, check=True).stdout
        return tuple(json.loads(output))

    python_defaults, tuned = thresholds("{}")
    assert tuned == [50000, 10, 10] != python_defaults
    assert thresholds("{'HARVEST_GC_THRESHOLDS': []}") == (python_defaults, python_defaults)


def test_per_page_log_messages_are_built_only_at_debug():
    from scrapy.http import Request, Response
    from scrapy.spiders import Spider
    from scrapy.utils.test import get_crawler

    from harvester.run.logs import LevelAwareLogFormatter, numeric_level

    request = Request("https://www.example.gov.cn/a.html")
    response, spider = Response(request.url, request=request), Spider("example")
    item = {"url": request.url}
    quiet = LevelAwareLogFormatter(logging.INFO)
    assert quiet.crawled(request, response, spider) is None
    assert quiet.scraped(item, response, spider) is None
    loud = LevelAwareLogFormatter(logging.DEBUG)
    assert loud.crawled(request, response, spider)["msg"].startswith("Crawled")
    assert loud.scraped(item, response, spider)["msg"].startswith("Scraped from")

    assert [numeric_level(level) for level in ("INFO", "debug", 30, "40")] == [20, 10, 30, 40]
    with pytest.raises(ValueError):
        numeric_level("LOUD")
    for level, per_page in (("WARNING", False), ("DEBUG", True)):
        crawler = get_crawler(settings_dict={"LOG_LEVEL": level,
                                             "LOG_FORMATTER": "harvester.run.logs."
                                                              "LevelAwareLogFormatter"})
        assert crawler.logformatter.per_page is per_page


def test_stats_are_counted_without_the_deprecation_lookup():
    """harvester/run/stats.py: the project's collector counts as Scrapy's does, keeps a closed
    spider's stats, and reads its own attributes without Scrapy 2.19's lookup."""
    from scrapy.spiders import Spider
    from scrapy.statscollectors import StatsCollector
    from scrapy.utils.project import get_project_settings
    from scrapy.utils.test import get_crawler

    from harvester.run.stats import PlainStatsCollector

    settings = get_project_settings()
    crawler = get_crawler(Spider, settings_dict={"STATS_CLASS": settings["STATS_CLASS"]})
    stats = crawler.stats
    assert isinstance(stats, PlainStatsCollector)
    # Scrapy's lookup is still there: once a release drops it, harvester/run/stats.py can go.
    assert StatsCollector.__getattribute__ is not object.__getattribute__
    assert type(stats).__getattribute__ is object.__getattribute__

    stats.inc_value("pages")
    stats.inc_value("pages", 2)
    stats.max_value("largest", 10)
    stats.max_value("largest", 4)
    stats.set_value("reason", "done")
    assert stats.get_stats() == {"pages": 3, "largest": 10, "reason": "done"}
    crawler.spider = Spider("example")
    stats.close_spider(reason="finished")
    assert stats.spider_stats["example"]["pages"] == 3


def test_a_crawls_peak_memory_is_its_own_address_spaces(tmp_path):
    """harvester/run/peak_memory.py reads VmHWM, which exec starts afresh, not ru_maxrss, which
    a crawl inherits from the (large) process that started it."""
    from harvester.run.peak_memory import own_peak_bytes

    status = tmp_path / "status"
    status.write_text("Name:\tscrapy\nVmPeak:\t 2000000 kB\nVmHWM:\t  101376 kB\nVmRSS:\t 9 kB\n",
                      encoding="ascii")
    assert own_peak_bytes(str(status)) == 101376 * 1024
    assert own_peak_bytes(str(tmp_path / "missing")) is None
    assert 0 < own_peak_bytes() < 2 * 1024 ** 3  # this test process, on Linux
