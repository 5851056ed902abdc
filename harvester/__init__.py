"""The harvester of China's government information disclosure annual reports.

Four rooms, by role, and what they share:

- :mod:`harvester.parse`: bytes to report (readers, cells, sections, tables, identities,
  metadata, numbers, the vocabulary, cleaning an article page); no Scrapy, no database;
- :mod:`harvester.store`: the SQLite side (schema, filing a document under its agency-year,
  reconciling copies, agencies, export, merge, health);
- :mod:`harvester.run`: a harvest (Scrapy settings, HTTP cache, politeness, job directories,
  logs, stats, the demo proxy middleware, the ``harvest`` and ``crawl`` commands);
- :mod:`harvester.demo`: the demo web, report renderings and the benchmarks, used only by the
  tests, ``make demo`` and ``make bench``.

Shared by all: :mod:`harvester.items` (what a spider yields), :mod:`harvester.checks` (what is
recorded instead of failing) and :mod:`harvester.registry` (the regions).
"""
