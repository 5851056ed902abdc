"""The region registry (``harvester/registry.toml``): which portals the harvester knows.

A region is data: its slug names its spider, its ``family`` picks the base spider that knows
the portal's CMS. :func:`load_regions` reads and validates the file; how to add a region is
written at the top of the TOML file itself. The family names are the spiders' (this shared
module imports no spider): whoever builds spiders from the registry passes them to
:func:`load_regions`, which then refuses any other.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from urllib.parse import urlsplit

import tomllib

# A resource, not a path beside __file__: inside the egg that scrapyd runs, the package is a zip.
REGISTRY_PATH = resources.files("harvester") / "registry.toml"
# A registry file of one's own (a province's portals, the benchmark's synthetic web) replaces
# the project's when this environment variable names it.
REGISTRY_ENVIRONMENT = "HARVEST_REGISTRY"

LEVELS = ("province", "city", "district", "county", "county_city")

_SLUG = re.compile(r"^[a-z]+(?:_[a-z]+){1,3}$")
_CODE = re.compile(r"^(?:\d{6})?$")


class RegistryError(ValueError):
    """The registry file breaks one of its rules; the message names the entry and the rule."""


@dataclass(frozen=True)
class Region:
    slug: str
    name: str
    code: str
    level: str
    parent: str
    parent_name: str
    home: str
    family: str
    allowed_hosts: tuple[str, ...]
    report_columns: tuple[str, ...] = ()
    alias_hosts: dict[str, str] = field(default_factory=dict)
    agency_names: tuple[str, ...] = ()
    discover: bool = True
    http_only: bool = False
    demo_only: bool = False
    request_budget: int | None = None
    depth_limit: int | None = None
    notes: str = ""


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _region(entry: dict) -> Region:
    slug = entry.get("slug", "?")
    known = {f for f in Region.__dataclass_fields__}
    unknown = set(entry) - known
    if unknown:
        raise RegistryError(f"{slug}: unknown keys {sorted(unknown)}")
    try:
        region = Region(
            **{**entry,
               "allowed_hosts": tuple(h.lower() for h in entry["allowed_hosts"]),
               "report_columns": tuple(entry.get("report_columns", ())),
               "agency_names": tuple(entry.get("agency_names", ())),
               "alias_hosts": dict(entry.get("alias_hosts", {}))})
    except (KeyError, TypeError) as error:
        raise RegistryError(f"{slug}: missing or malformed key ({error})") from error
    if not _SLUG.match(region.slug):
        raise RegistryError(f"{slug}: slug must be province_city_place in lower-case pinyin")
    if not _CODE.match(region.code) or not _CODE.match(region.parent):
        raise RegistryError(f"{slug}: code and parent are six-digit GB/T 2260 codes or empty")
    if region.level not in LEVELS:
        raise RegistryError(f"{slug}: level {region.level!r} is not one of {LEVELS}")
    for url in (region.home, *region.report_columns):
        if _host(url) not in region.allowed_hosts:
            raise RegistryError(f"{slug}: {url} is not on an allowed host")
    for key in ("request_budget", "depth_limit"):
        value = getattr(region, key)
        if value is not None and (type(value) is not int or value < 1):
            raise RegistryError(f"{slug}: {key} must be a positive whole number")
    for alias, canonical in region.alias_hosts.items():
        if alias not in region.allowed_hosts or canonical not in region.allowed_hosts:
            raise RegistryError(f"{slug}: alias {alias} -> {canonical} must be allowed hosts")
    return region


def registry_file() -> Path | Traversable:
    """The registry in force: ``$HARVEST_REGISTRY`` if set, else the project's."""
    own = os.environ.get(REGISTRY_ENVIRONMENT)
    return Path(own) if own else REGISTRY_PATH


def load_regions(path: Path | Traversable | None = None,
                 families: Collection[str] | None = None) -> dict[str, Region]:
    """Every region of the registry by slug, validated; raises :class:`RegistryError`.

    ``families`` are the CMS family names an entry may give (``spiders.families``); without
    them the family is not checked, for readers that only describe the regions.

    A process that runs hundreds of crawls asks for the registry at each one's start, so the
    parse is kept until the file changes."""
    source = path or registry_file()
    try:
        stamp = os.stat(source).st_mtime_ns if isinstance(source, Path) else None
    except OSError:
        stamp = None  # open() below says what is wrong
    regions = dict(_parsed_registry(source, stamp))
    for region in regions.values():
        if families is not None and region.family not in families:
            raise RegistryError(f"{region.slug}: family {region.family!r} is not one of "
                                f"{', '.join(sorted(families))}")
    return regions


@functools.lru_cache(maxsize=8)
def _parsed_registry(source: Path | Traversable, stamp: int | None) -> dict[str, Region]:
    with source.open("rb") as file:
        entries = tomllib.load(file).get("region", [])
    regions: dict[str, Region] = {}
    for entry in entries:
        region = _region(entry)
        if region.slug in regions:
            raise RegistryError(f"{region.slug}: slug used twice")
        regions[region.slug] = region
    return regions
