"""Scrapy settings for every harvester spider.

Politeness is the default: robots.txt obeyed, AutoThrottle on, at most two requests at a time
per host, a User-Agent that names the project and a contact. The demo web (offline portals on
localhost) is switched on by one setting, ``DEMO_WEB``, handled below the spiders by
:class:`harvester.run.demo_proxy.DemoWebMiddleware`; spiders always carry real portal URLs.
"""

import dataclasses
import os

# Scrapy's cookie middleware asks tldextract whether a cookie's domain is a public suffix, and
# tldextract downloads the suffix list from publicsuffix.org the first time: a request to a host
# outside the registry, which a harvest never makes (and offline machines cannot). An empty
# list of URLs makes it use the list it ships with. Set before Scrapy loads its middlewares.
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

from harvester.items import ReportDocument

BOT_NAME = "harvester"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

HARVEST_CONTACT = os.environ.get("HARVEST_CONTACT", "https://example.org/harvester")
USER_AGENT = f"gov-report-harvester/0.1 (+{HARVEST_CONTACT})"

ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
# AutoThrottle aims at the two requests a host may have at once: a delay of the latency ÷ 2.
# With a target of one the second request a host allows was rarely used, and a crawl of many
# portals at once, whose own busy reactor adds to every latency it measures, stretched each
# portal's delays further (a national benchmark of 1,000 portals: 230 s against 191 s).
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
# Real portals answer after 20-30 s at times (docs/portals.md section 9.8).
DOWNLOAD_TIMEOUT = 60
RETRY_TIMES = 3
DOWNLOAD_MAXSIZE = 64 * 1024 * 1024
DOWNLOAD_WARNSIZE = 16 * 1024 * 1024

# Where the harvest goes: a SQLite file (see harvester/store/schema.py).
HARVEST_DB = os.environ.get("HARVEST_DB", "data/harvest.db")
HARVEST_STORE = os.environ.get("HARVEST_STORE", "data/documents")

# Incremental harvests: documents are revalidated (ETag, Last-Modified), lists always re-read.
# See harvester/run/httpcache.py; the cache sits beside HARVEST_DB unless HTTPCACHE_DIR is set.
HTTPCACHE_ENABLED = True
HTTPCACHE_POLICY = "harvester.run.httpcache.RevalidatingPolicy"
HTTPCACHE_STORAGE = "harvester.run.httpcache.HarvestCacheStorage"
HTTPCACHE_DIR = os.environ.get("HARVEST_HTTPCACHE", "")

# Offline portals: "host:port" of a running demo web, or empty for the live web.
DEMO_WEB = os.environ.get("DEMO_WEB", "")

DOWNLOADER_MIDDLEWARES = {
    "harvester.run.demo_proxy.DemoWebMiddleware": 50,
    # Scrapy's, with a byte check that spares decoding pages that cannot redirect.
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "harvester.run.metarefresh.MetaRefreshMiddleware": 580,
    # Below the HTTP cache (900): counts what the network delivered, 304s included.
    "harvester.run.network_bytes.NetworkBytesMiddleware": 950,
}

# Holds every host to CONCURRENT_REQUESTS_PER_DOMAIN, which Scrapy 2.19 exceeds under asyncio.
DOWNLOADER = "harvester.run.downloader.PerHostLimitDownloader"
DOWNLOAD_HANDLERS = {
    "http": "harvester.run.downloader.KeepAliveDownloadHandler",
    "https": "harvester.run.downloader.KeepAliveDownloadHandler",
}

EXTENSIONS = {
    "scrapy.extensions.throttle.AutoThrottle": None,
    "harvester.run.throttle.RevalidatingAutoThrottle": 0,
    "harvester.run.jobdir.JobDirGuard": 0,
    # A crawl's own peak memory (harvest/memory/peak_bytes); Scrapy's memusage/max counts the
    # size of the process that started it (see harvester/run/peak_memory.py).
    "harvester.run.peak_memory.PeakMemory": 0,
    "harvester.run.gc_tuning.CollectorThresholds": 0,
    # One log-counting handler per process, not one per crawl (harvester/run/logcount.py).
    "scrapy.extensions.logcount.LogCount": None,
    "harvester.run.logcount.SharedLogCount": 0,
}
# No debugging consoles in unattended harvests: Scrapy opens a telnet console and (since 2.19) a
# localhost HTTP endpoint that runs Python code sent with a token, for every crawl. A harvest
# starts hundreds of crawls nobody attaches to; each paid for both, and a killed crawl left its
# token file behind. `-s TELNETCONSOLE_ENABLED=True` brings the console back for a debug session.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
# Python's cycle collector runs far less often in a crawl (see harvester/run/gc_tuning.py);
# empty: as is.
HARVEST_GC_THRESHOLDS = [50000, 10, 10]

# Scrapy's stats without 2.19's per-attribute deprecation lookup (see harvester/run/stats.py).
STATS_CLASS = "harvester.run.stats.PlainStatsCollector"

# Scrapy starts this many tasks for every response's callback output (default 100); a page
# yields a handful of items, and a hundred idle tasks per response cost a tenth of a re-crawl.
CONCURRENT_ITEMS = 8

# Scrapy parses every callback's source, once per spider, to warn of a generator returning a
# value; a harvest starts hundreds of spiders in one process. ruff's checks cover it in review.
WARN_ON_GENERATOR_RETURN_VALUE = False

# How far a crawl goes (spiders/limits.py): requests it may make, links deep (pagination
# counts), requests one page may add (report-titled links aside), and URLs of one shape
# (digits aside) before the shape is a trap. A region of the registry raises the first two
# with `request_budget` and `depth_limit`. Meeting a bound or a trap is recorded, never silent.
HARVEST_REQUEST_BUDGET = 5000
HARVEST_DEPTH_LIMIT = 60
HARVEST_LINKS_PER_PAGE = 500
HARVEST_TRAP_SIBLINGS = 100
SPIDER_MIDDLEWARES = {"spiders.limits.CrawlLimits": 850}

# Documents parsed at once in a crawl process, in worker threads (OCR and converters run in
# child processes), however many regions the process crawls (pipelines/parse.py).
PARSE_THREADS = 2

ITEM_PIPELINES = {
    "pipelines.recall.RecallPipeline": 100,
    "pipelines.keep_original.KeepOriginalPipeline": 150,
    "pipelines.clean.CleanPipeline": 200,
    "pipelines.parse.ParsePipeline": 300,
    "pipelines.identify.IdentifyPipeline": 400,
    "pipelines.store.StorePipeline": 500,
}

REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = os.environ.get("HARVEST_LOG_LEVEL", "INFO")
# "Crawled" and "Scraped from", DEBUG messages of every page, only built at DEBUG.
LOG_FORMATTER = "harvester.run.logs.LevelAwareLogFormatter"

# Feeds (``-O harvest.jsonl``) describe the documents and leave their bytes out: raw bytes are
# not JSON, and the stored file (pipelines.keep_original, ``sha256``) is the pointer to them.
FEED_EXPORT_FIELDS = [f.name for f in dataclasses.fields(ReportDocument)
                      if f.name not in ("body", "recalled")]
# Where a crawl writes what it met that is not a document (blocked, unavailable, robots.txt,
# rejected look-alikes, offsite links), as JSON Lines; empty: crawl stats and log only.
HARVEST_OUTCOMES = os.environ.get("HARVEST_OUTCOMES", "")
