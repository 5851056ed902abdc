"""A harvest: Scrapy settings and the parts they load (HTTP cache, politeness, job directories,
logs, stats, the demo proxy middleware), and the commands that start crawls (``harvest`` runs
many regions in processes of their own, ``crawl`` a batch of regions in one process)."""
