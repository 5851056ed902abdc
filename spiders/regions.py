"""One spider per registry entry (``harvester/registry_national.toml``), built on its family's
base.

The classes are made when Scrapy loads this module, so ``scrapy list`` shows every region and
``scrapy crawl <slug>`` runs one; a region needs no code. A region of family ``portal`` (no
column described: most of the national registry) is crawled by the portal spider's generic
walker from its home page. An entry whose family is not one of ``spiders/families/`` (or
``portal``) stops the loading with a :class:`~harvester.registry.RegistryError` naming the
entry.
"""

from __future__ import annotations

from harvester.registry import PORTAL_FAMILY, Region, load_regions
from spiders.base import ReportSpider
from spiders.families import FAMILY_SPIDERS
from spiders.portal import PortalSpider

# The family names a registry entry may give.
REGISTRY_FAMILIES = frozenset({*FAMILY_SPIDERS, PORTAL_FAMILY})


def region_spider(region: Region) -> type[ReportSpider]:
    """The spider class of one region: its family's base spider with the region as data."""
    base = PortalSpider if region.family == PORTAL_FAMILY else FAMILY_SPIDERS[region.family]
    name = "".join(part.title() for part in region.slug.split("_")) + "Spider"
    columns = ", ".join(region.report_columns) or "discovered from the home page"
    doc = (f"{region.name} ({region.code or 'no code'}): {region.home or 'no home page known'}, "
           f"{region.family} family; report columns: {columns}.")
    return type(name, (base,), {"name": region.slug, "region": region, "__doc__": doc,
                                "__module__": __name__})


REGION_SPIDERS = {slug: region_spider(region)
                  for slug, region in load_regions(families=REGISTRY_FAMILIES).items()}
globals().update({cls.__name__: cls for cls in REGION_SPIDERS.values()})
