"""A crawl's own peak memory, which Scrapy's ``memusage/max`` cannot tell.

Scrapy's MemoryUsage extension reads ``ru_maxrss``, which Linux keeps across ``execve``: a crawl
started by a large process (a test session, the benchmark with its demo web) reports at least
the size its parent had when it was started, 1.3 GB for a 99 MB crawl in a full test run.
``VmHWM`` in ``/proc/self/status`` is the peak of the crawl's own address space, which ``exec``
starts afresh. It is recorded at each spider's close as ``harvest/memory/peak_bytes`` (absent
where there is no ``/proc``).
"""

from __future__ import annotations

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector


def own_peak_bytes(status_path: str = "/proc/self/status") -> int | None:
    """The peak resident size of this process's own address space, in bytes, or None."""
    try:
        with open(status_path, encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


class PeakMemory:
    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PeakMemory:
        extension = cls(crawler.stats)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self) -> None:
        peak = own_peak_bytes()
        if peak is not None:
            self.stats.set_value("harvest/memory/peak_bytes", peak)
