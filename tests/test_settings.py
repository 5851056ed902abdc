"""Settings every crawl runs with."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_cookies_never_fetch_the_public_suffix_list():
    # In a fresh process, as `scrapy crawl` starts: project settings first, then middlewares.
    code = ("from scrapy.utils.project import get_project_settings; get_project_settings(); "
            "from scrapy.downloadermiddlewares import cookies; "
            "print(list(cookies._split_domain.suffix_list_urls))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=60, check=True)
    assert result.stdout.strip() == "[]"


def test_politeness_defaults():
    from harvester import settings

    assert settings.ROBOTSTXT_OBEY is True
    assert settings.AUTOTHROTTLE_ENABLED is True
    assert settings.CONCURRENT_REQUESTS_PER_DOMAIN <= 2
    assert "gov-report-harvester" in settings.USER_AGENT and settings.HARVEST_CONTACT in \
        settings.USER_AGENT
    assert settings.DOWNLOAD_MAXSIZE > 0
    assert settings.HTTPCACHE_POLICY == "harvester.httpcache.RevalidatingPolicy"
