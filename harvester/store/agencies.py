"""Agency identity: one agency per body, however a page spells its name.

The same body is printed as 白山市浑江区人民政府, 浑江区人民政府, 浑江区政府, or not at all (a
title that omits the agency, seed 001), in full-width or half-width punctuation. A report is
keyed by (agency, year), so these spellings must meet in one key, and two bodies must never
meet in one: 白山市教育局 (the city's bureau) is not 浑江区教育局 (the district's).

The key is the name relative to its region: the province, city and region prefixes removed,
政府 for 人民政府, punctuation and spaces gone. The region's own government has the key
``政府``. Everything here is a plain function of strings.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from harvester.checks import check
from harvester.registry import load_regions

OWN_GOVERNMENT = "政府"

_PUNCTUATION = re.compile(r"[\s·•・.,，、。:：;；!！?？\"“”'‘’()（）\[\]【】《》<>〈〉\-—_/]+")
_PROVINCE = re.compile(r"^[\u4e00-\u9fff]{2,3}省|^[\u4e00-\u9fff]{2,8}?自治区")
# What follows an agency name in a title: the year, then the report words.
_YEAR_ONWARDS = re.compile(r"(?:19|20)\d{2}\s*年.*$|[〇○零一二三四五六七八九]{4}\s*年.*$")
# What follows a region's short name when a body is named after the region, not part of it.
_NAMED_AFTER_REGION = ("街道", "镇", "乡", "区", "县", "市", "村", "社区")
_TOWNSHIP = re.compile(r"(?:镇|乡|街道)$")


@dataclass(frozen=True)
class Place:
    """What identity needs to know of a region: its full name and its parent's name."""

    name: str  # 白山市浑江区 (the registry's name, city included where it has one)
    parent_name: str = ""  # 白山市

    @property
    def own_name(self) -> str:
        """The region's name without its parent: 浑江区."""
        if self.parent_name and self.name.startswith(self.parent_name) \
                and len(self.name) > len(self.parent_name):
            return self.name[len(self.parent_name):]
        return self.name

    @property
    def short_name(self) -> str:
        """The region's name without its level, as agencies print it: 五常 (五常背荫河镇)."""
        own = self.own_name
        return own[:-1] if len(own) >= 3 and own.endswith(("市", "区", "县")) else own

    @property
    def government(self) -> str:
        return f"{self.name}人民政府"


@dataclass(frozen=True)
class Agency:
    key: str  # relative to the region; 政府 for its own government
    name: str  # canonical: the region's full name, then the body, 人民政府 spelled out
    kind: str  # government, township or department


@dataclass(frozen=True)
class Identity:
    """The agency-year a document is filed under: one row of the database's ``reports``."""

    region: str  # registry slug
    agency: Agency
    year: int
    spelling: str | None  # the agency as the document or listing spelled it


def compact_name(name: str) -> str:
    """A name without spaces and punctuation, full-width folded to half-width (NFKC)."""
    return _PUNCTUATION.sub("", unicodedata.normalize("NFKC", name))


def strip_title_words(name: str) -> str:
    """The agency part of a title-like string: ``浑江区人民政府2021年度…报告`` gives
    ``浑江区人民政府``."""
    return _YEAR_ONWARDS.sub("", name)


def _key(relative: str) -> str:
    """政府 for 人民政府; a township by its place name alone (江湾镇 = 江湾镇人民政府, 红旗街道 =
    红旗街道办事处)."""
    key = relative.replace("人民政府", OWN_GOVERNMENT)
    return re.sub(r"(?<=[镇乡])政府$|(?<=街道)办事处$", "", key)


def _spelled(key: str) -> str:
    """The canonical spelling of a relative key: 人民政府 and 办事处 written out."""
    if key.endswith(("镇", "乡")):
        return key + "人民政府"
    if key.endswith("街道"):
        return key + "办事处"
    return re.sub(r"政府", "人民政府", key)


def _kind(key: str) -> str:
    if key == OWN_GOVERNMENT:
        return "government"
    return "township" if _TOWNSHIP.search(key) else "department"


def _relative(name: str, place: Place) -> tuple[str, bool]:
    """The name with the region's prefixes removed, and whether it belongs to the region.

    A name that starts with the parent city but not with the region itself (白山市教育局) is a
    city body: it is kept whole and marked foreign, so it cannot merge with the region's own.
    """
    parent, own = compact_name(place.parent_name), compact_name(place.own_name)
    name = _misread_fixed(name, place) or name
    province = _PROVINCE.match(name)
    if province and name[province.end():].startswith((parent or "\0", own)):
        name = name[province.end():]
    short = compact_name(place.short_name)
    for prefix in (parent + own, own):
        if name.startswith(prefix):
            return name[len(prefix):], True
    for prefix in (parent + short, short):
        rest = name[len(prefix):]
        # 东昌街道 is a subdistrict named after 东昌区, not 东昌区's 街道.
        if short != own and name.startswith(prefix) and len(rest) >= 2 \
                and not rest.startswith(_NAMED_AFTER_REGION):
            return rest, True
    if parent and name.startswith(parent):
        return name, False
    return name, True


def _misread_fixed(name: str, place: Place) -> str | None:
    """``name`` with its region's name put right where it is one character off and that
    misspelling names no division of China: OCR reads 沭阳县 as 沐阳县, and no 沐阳县 exists
    (泗阳县, one character off too, does exist: never matched). None when nothing is put right.
    """
    for prefix in (compact_name(place.name), compact_name(place.own_name)):
        head = name[:len(prefix)]
        if len(prefix) < 3 or len(head) < len(prefix) or head == prefix:
            continue
        # The level (县, 区, 市) must be the same: 沭阳镇 is a town named after 沭阳县.
        if head[-1] == prefix[-1] and sum(a != b for a, b in zip(head, prefix, strict=True)) == 1 \
                and head not in _division_names():
            return prefix + name[len(prefix):]
    return None


@functools.cache
def _division_names() -> frozenset[str]:
    """Every division's name in the registry, whole and without its parent (浑江区)."""
    names = set()
    for region in load_regions().values():
        place = Place(region.name, region.parent_name)
        names |= {compact_name(place.name), compact_name(place.own_name)}
    return frozenset(names)


def identify(found: str | None, place: Place | None) -> tuple[Agency, list[dict]]:
    """The agency a found name refers to, with checks saying what was assumed.

    ``found`` is the agency as the parser or the listing states it (a title is accepted too);
    ``place`` is the region the document was harvested for, or None when the registry does not
    know it (then names are only compacted, never completed).
    """
    name = compact_name(strip_title_words(found or ""))
    checks: list[dict] = []
    if place is None:
        if not name:
            return Agency("", "", "department"), [check(
                "agency_unknown", "error", "agency",
                "the document names no agency and its region is not in the registry")]
        key = _key(name)
        return Agency(key, name, _kind(key)), checks
    relative, local = _relative(name, place)
    fixed = _misread_fixed(name, place)
    if fixed is not None:
        checks.append(check(
            "agency_name_matched", "info", "agency",
            f"{found} is one character off the registry's {place.name} (an OCR or typing "
            "misreading, and no division bears the name printed): filed under the registry's "
            "name, printed as it was"))
    if not local:
        return Agency("@" + _key(relative), relative, "department"), [check(
            "agency_outside_region", "warning", "agency",
            f"{found} names a body of {place.parent_name}, not of {place.name}")]
    key = _key(relative)
    if key in ("", OWN_GOVERNMENT):
        if not name:
            checks.append(check(
                "agency_assumed", "info", "agency",
                f"the document names no agency; taken as {place.government}, the region's own "
                "government"))
        return Agency(OWN_GOVERNMENT, place.government, "government"), checks
    return Agency(key, place.name + _spelled(key), _kind(key)), checks


@functools.cache
def _registry_places() -> dict[str, Place]:
    return {slug: Place(region.name, region.parent_name)
            for slug, region in load_regions().items()}


def place_of(region: str) -> Place | None:
    """The registry's place for a region slug; None for a slug the registry does not know."""
    return _registry_places().get(region)
