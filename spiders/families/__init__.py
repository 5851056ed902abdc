"""One base spider per CMS family, by the family name the registry uses."""

from __future__ import annotations

from spiders.base import ReportSpider
from spiders.families.generic import GenericListSpider
from spiders.families.hanweb import HanwebSpider
from spiders.families.hegang_json import HegangJsonSpider
from spiders.families.jilin_jsonp import JilinJsonpSpider
from spiders.families.nfcms_gkmlpt import NfcmsGkmlptSpider
from spiders.families.trs_static import TrsStaticSpider
from spiders.families.vsb import VsbSpider

FAMILY_SPIDERS: dict[str, type[ReportSpider]] = {
    "trs_static": TrsStaticSpider,
    "jilin_jsonp": JilinJsonpSpider,
    "hegang_json": HegangJsonSpider,
    "nfcms_gkmlpt": NfcmsGkmlptSpider,
    "hanweb": HanwebSpider,
    "vsb": VsbSpider,
    "generic": GenericListSpider,
}
