"""A registry file (TOML, ``HARVEST_REGISTRY``) describing a generated demo web's portals, one
region each, so that ``python -m harvester harvest`` and ``scrapy crawl <slug>`` reach them as
they reach any region of the national registry.

Registry slugs are letters only (``bench_portal_a``, ``bench_portal_ba``…). ``described=True``
gives each region its family and report column, as a hand-written entry would;
``described=False`` gives only the home page and family ``portal``, as the generated national
registry does for every division nobody described: the spiders then find the column themselves.
"""

from __future__ import annotations

import json

from harvester.demo.sites import DemoWeb
from harvester.registry import PORTAL_FAMILY


def slug_letters(number: int) -> str:
    """A registry slug part for a number: registry slugs are letters only (a, b, … ba, bb …)."""
    letters = ""
    while True:
        number, digit = divmod(number, 26)
        letters = "abcdefghijklmnopqrstuvwxyz"[digit] + letters
        if number == 0:
            return letters


def registry_toml(demo: DemoWeb, prefix: str = "bench_portal", described: bool = True) -> str:
    """The registry of ``demo``'s regions, in their order, slugs ``<prefix>_<letters>``."""
    entries = []
    for index, built in enumerate(demo.regions.values()):
        hosts = [host for site in built.sites for host in site.hosts]
        columns = [built.entry_urls["column"]] if described else []
        family = built.family if described else PORTAL_FAMILY
        entries.append(
            f'[[region]]\nslug = "{prefix}_{slug_letters(index)}"\n'
            f'name = "{built.region.name}"\ncode = ""\nlevel = "county"\nparent = ""\n'
            f'parent_name = "示范市"\nhome = "{built.entry_urls["home"]}"\n'
            f"report_columns = {json.dumps(columns)}\nfamily = \"{family}\"\n"
            f"allowed_hosts = {json.dumps(hosts)}\ndemo_only = true\n")
    return "\n".join(entries)
