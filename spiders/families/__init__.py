"""One base spider per CMS family, registered here and nowhere else.

Each family's base spider declares its ``family``, the name a registry entry gives
(``family = "vsb"``), and its ``family_marker``, the markup by which ``scrapy crawl portal``
recognises a column of the family (None for the fallback, which is what no marker shows).
:data:`FAMILY_SPIDERS` collects them; the registry's check of an entry's family
(``spiders/regions.py``), the region spiders and the portal spider all read it, so a new family
is a module in this package and a line below.
"""

from __future__ import annotations

from spiders.base import ReportSpider
from spiders.families.generic import GenericListSpider
from spiders.families.hanweb import HanwebSpider
from spiders.families.hegang_json import HegangJsonSpider
from spiders.families.jilin_jsonp import JilinJsonpSpider
from spiders.families.nfcms_gkmlpt import NfcmsGkmlptSpider
from spiders.families.trs_static import TrsStaticSpider
from spiders.families.vsb import VsbSpider

FAMILY_SPIDERS: dict[str, type[ReportSpider]] = {spider.family: spider for spider in (
    # In the order portal tries their markers (docs/portals.md sections 1-6): a family whose
    # pages also show a later one's marker comes first (a Jilin column links TRS articles),
    # and the fallback last.
    NfcmsGkmlptSpider,
    HegangJsonSpider,
    HanwebSpider,
    JilinJsonpSpider,
    TrsStaticSpider,
    VsbSpider,
    GenericListSpider,
)}
