"""CPython's cycle collector, tuned for a crawl.

A crawl allocates container objects by the million (requests, responses, Deferreds, the dicts of
their headers and meta) and frees nearly all of them by reference counting a few callbacks
later. CPython still starts a collection of its youngest generation every 700 allocations more
than deallocations, and every tenth of those collects the middle generation as well, walking
more of the crawl's live objects each time. On the benchmark's re-crawl (100 regions in one
process, every document answered ``304``) the collector took 2.6 to 3.2 s of 18 to 22 s of CPU;
with the youngest generation at 50,000 it took 0.4 s.

Memory stays bounded: a full collection still runs once the objects that survived the younger
generations have grown by a quarter (CPython's own rule), so cycles that outlive a crawl (a
finished region's spider, engine and middlewares) are collected as before; only the collections
that found next to nothing are skipped.
"""

from __future__ import annotations

import gc

from scrapy.exceptions import NotConfigured


class CollectorThresholds:
    """Sets ``gc.set_threshold(*HARVEST_GC_THRESHOLDS)`` when a crawler starts; an empty
    setting leaves Python's defaults. The thresholds belong to the process: every crawl of a
    multi-region process (:mod:`harvester.run.crawl_batch`) sets the same ones."""

    @classmethod
    def from_crawler(cls, crawler):
        thresholds = [int(value) for value in crawler.settings.getlist("HARVEST_GC_THRESHOLDS")]
        if not thresholds:
            raise NotConfigured
        gc.set_threshold(*thresholds)
        return cls()
