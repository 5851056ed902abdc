"""Scrapy's stats, without the per-attribute lookup Scrapy 2.19 added to them.

Scrapy 2.19's :class:`~scrapy.statscollectors.StatsCollector` overrides ``__getattribute__``
so that a caller still passing the ``spider`` argument (deprecated) gets a warning. That
lookup runs on every attribute of the collector, its own ``self._stats`` included, and a
crawl counts a dozen stats for each request. A re-crawl, where little else happens per
request, took 6% less CPU without it. This collector reads its attributes the plain way.
The project's code passes no ``spider`` argument to the stats, and Scrapy's own no longer does.
"""

from __future__ import annotations

from scrapy.statscollectors import MemoryStatsCollector


class PlainStatsCollector(MemoryStatsCollector):
    __getattribute__ = object.__getattribute__
