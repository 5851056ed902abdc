"""Bytes to report: one reader per format turns a document into cells, and the parser reads the
template's sections, tables and identities out of them (``python -m harvester parse``).

Nothing here imports Scrapy, Twisted, the database or the crawl machinery: the parser is a
plain library, tested with plain strings and files (``tests/test_walls.py`` holds the wall).
"""
