"""``python -m harvester registry build``: the national registry, generated from data.

Reads the facts of ``harvester/registry_data/`` (every division's GB/T 2260 code, name, level
and parent; its portal home page with the April 2026 probe; the code and name changes since
2015; its README says where each came from) and the hand-described regions of
``harvester/registry.toml``, and writes ``harvester/registry_national.toml``: one ``[[region]]``
table per division, in the registry's own format (:mod:`harvester.registry` reads and validates
it). Re-run it when new data arrives; ``--check`` says whether the file in the repository is
the one the data gives (a test runs it).

- **Every division** of ``divisions.csv`` is an entry: province, prefecture and county level,
  with its code, name, level (``province``; ``city`` or ``prefecture``; ``district``,
  ``county`` or ``county_city``), parent, province, the portal's home page from
  ``portals.csv`` and where that URL came from (``home_source``), and the probe's result
  (``probe``). Its family is ``portal``: the generic walker finds the 年报 column from the home
  page and recognises each column's CMS family (``spiders/portal.py``); no code per region.
- **Slugs** are readable and unique: province first, then prefecture, then county, in pinyin
  (``zhejiang_hangzhou_xihu``), the name's administrative suffix dropped (县, 区, 市, 自治州 and
  the nationalities before it). When two divisions would share a slug the later one keeps its
  suffix's pinyin (``hebei_xingtai_qinghexian``); the hand-described regions' slugs are taken
  first, current divisions before abolished ones.
- **The hand-described regions** (``registry.toml``) override the generated entry of the same
  code: their slug, home, columns, family, hosts and notes are kept as written; the data's
  facts (province, the listed URL and its probe) are added. A ``demo_only`` entry or one
  without a code is no division of the data and is added as it stands.
- **Divisions abolished or renamed since 2015** (``division_changes.csv``) keep an entry for
  their earlier years: their old code and name, ``until`` the year of the change, the
  ``successor`` region, and the successor's portal (where the old reports are published), with
  the old name as ``agency_names`` so that only the old body's reports are filed under it. A
  code that changed with its name kept (同名改码) is the same body: no entry of its own.
- **Hosts listed for two divisions** (the data's known doubts) stay on both, each entry taking
  only reports that name it (``agency_names``) and saying so in its notes.

The slugs need ``pypinyin`` (requirements.txt); the registry it writes does not, so a harvest
never imports it.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import tomllib

HERE = Path(__file__).resolve().parent
DATA_DIR = HERE / "registry_data"
OVERRIDES = HERE / "registry.toml"
OUTPUT = HERE / "registry_national.toml"

# Provinces whose pinyin would collide or reads otherwise by convention.
PROVINCE_SLUGS = {"610000": "shaanxi"}
# Readings of characters that pypinyin gets wrong in place names (长治 changzhi, 朝阳
# chaoyang, 都匀 duyun, 阿勒泰 aletai, 单县 shanxian, 珲春 hunchun): the place-name reading
# wins wherever they appear.
READINGS = {"长": "chang", "朝": "chao", "都": "du", "勒": "le", "单": "shan", "珲": "hun"}
# The 55 nationalities other than Han, as autonomous divisions name them (…族自治县).
NATIONALITIES = (
    "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白",
    "土家", "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡",
    "纳西", "景颇", "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬",
    "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安",
    "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺",
)
# Administrative suffixes, longest first; what is left of the name makes the slug.
SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "新区", "地区", "林区", "特区",
            "省", "市", "区", "县", "旗", "盟")
NATIONALITY_TAIL = re.compile("(?:" + "|".join(sorted(NATIONALITIES, key=len, reverse=True))
                              + ")族?$")  # 新疆维吾尔自治区, 巴音郭楞蒙古自治州: no 族
PROBES_REACHED = ("direct", "protocol-switch", "ua-mobile")
# Change types after which the old code and name are no longer a division of their own.
GONE = ("更名", "撤县设区", "撤县设市", "撤市设区", "撤地设市", "撤区设区", "撤销", "区划调整")


class BuildError(ValueError):
    """The data or the overrides break a rule the registry needs."""


@dataclass
class Division:
    code: str
    name: str
    level: str  # the data's: province, prefecture, county
    parent: str
    province: str


def short_name(name: str) -> str:
    """A division's name without its administrative suffix: 延边朝鲜族自治州 → 延边, 浦东新区
    → 浦东, 城区 → 城 (a suffix is dropped only when something is left)."""
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[:-len(suffix)]
            if suffix.startswith("自治"):
                while NATIONALITY_TAIL.search(stem) and len(NATIONALITY_TAIL.sub("", stem)) >= 2:
                    stem = NATIONALITY_TAIL.sub("", stem)
            if suffix == "新区" and len(stem) < 2:
                continue
            return stem
    return name


def pinyin(text: str) -> str:
    """Lower-case pinyin of Chinese text, without tones or separators (ü as v)."""
    try:
        from pypinyin import lazy_pinyin
    except ImportError as error:  # a build-time requirement only
        raise BuildError("the registry's slugs need pypinyin: pip install -r "
                         "requirements.txt") from error
    syllables = lazy_pinyin(text, errors="ignore")
    chars = [char for char in text if "\u4e00" <= char <= "\u9fff"]
    if len(syllables) == len(chars):
        syllables = [READINGS.get(char, syllable) for char, syllable in zip(
            chars, syllables, strict=True)]
    return re.sub(r"[^a-z]", "", "".join(syllables).lower())


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def level_of(division: Division) -> str:
    """The registry's level (harvester.registry.LEVELS) of a division of the data."""
    if division.level == "province":
        return "province"
    if division.level == "prefecture":
        return "city" if division.name.endswith("市") else "prefecture"
    if division.name.endswith("市"):
        return "county_city"
    if division.name.endswith("区") and not division.name.endswith(("林区", "特区")):
        return "district"
    return "county"


def full_name(name: str, parent: Division | None) -> str:
    """The registry's name, its city included where it has one (harvester/store/agencies.py:
    Place): 杭州市西湖区, 北京市东城区; 济源市, under its province, and 杭州市 stay as they are."""
    if parent is None or (parent.level == "province" and not parent.name.endswith("市")):
        return name
    return name if parent.level == "province" and name == parent.name else parent.name + name


def suffix_of(name: str) -> str:
    """The administrative suffix the short name dropped (县 of 清河县; empty if none)."""
    return name[len(short_name(name)):]


class Slugs:
    """Unique slugs: province first, pinyin; a slug taken already gets the suffix's pinyin,
    then the code."""

    def __init__(self, divisions: dict[str, Division]):
        self.divisions = divisions
        self.taken: set[str] = set()

    def reserve(self, slug: str) -> None:
        if slug in self.taken:
            raise BuildError(f"{slug}: slug used twice in the overrides")
        self.taken.add(slug)

    def part(self, code: str) -> str:
        division = self.divisions[code]
        if division.level == "province":
            return PROVINCE_SLUGS.get(code) or pinyin(short_name(division.name))
        return pinyin(short_name(division.name))

    def base(self, division: Division) -> list[str]:
        parts = [self.part(division.province)] if division.code != division.province else []
        if division.level == "county" and division.parent not in ("", division.province):
            parts.append(self.part(division.parent))
        if division.level != "province":
            parts.append(pinyin(short_name(division.name)))
        else:
            parts = [self.part(division.code)]
        return parts

    def new(self, division: Division) -> str:
        parts = self.base(division)
        candidates = ["_".join(parts),
                      "_".join([*parts[:-1], parts[-1] + pinyin(suffix_of(division.name))]),
                      "_".join([*parts[:-1], parts[-1] + pinyin(suffix_of(division.name)),
                                division.code])]
        for slug in candidates:
            if slug not in self.taken:
                self.taken.add(slug)
                return slug
        raise BuildError(f"{division.code} {division.name}: no free slug")


def home_of(portal: dict[str, str] | None) -> tuple[str, bool]:
    """The home page to start from, and whether the portal speaks only http: the URL the probe
    ended on when it answered (``protocol-switch``: only the other scheme did), else the
    listed one."""
    if portal is None:
        return "", False
    final = portal.get("probe_final_url") or ""
    if portal.get("probe_2026_04") in PROBES_REACHED and final:
        switched = portal["probe_2026_04"] == "protocol-switch"
        return final, switched and urlsplit(final).scheme == "http"
    return portal["portal_url"], False


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def probe_note(portal: dict[str, str] | None) -> str:
    if portal is None:
        return "No portal home page is known (registry_data/portals.csv lists none)."
    probe = portal.get("probe_2026_04") or ""
    return {
        "direct": "",
        "protocol-switch": f"Only the other scheme answered the April 2026 probe "
                           f"({portal['portal_url']} is listed).",
        "ua-mobile": "The April 2026 probe was answered only for a mobile browser's "
                     "User-Agent, which the harvester does not send.",
        "none": "No answer to the April 2026 probe (often a WAF or a firewall abroad).",
        "": "Not probed in April 2026.",
    }.get(probe, f"April 2026 probe: {probe}.")


def generated_entry(division: Division, slug: str, divisions: dict[str, Division],
                    portal: dict[str, str] | None) -> dict:
    home, http_only = home_of(portal)
    parent = divisions.get(division.parent)
    province = divisions[division.province]
    entry = {
        "slug": slug,
        "name": full_name(division.name, parent) if division.level == "county" else division.name,
        "code": division.code, "level": level_of(division), "parent": division.parent,
        "parent_name": parent.name if parent else "",
        "province": division.province, "province_name": province.name,
        "home": home, "report_columns": [], "family": "portal",
        "allowed_hosts": [host_of(home)] if home else [],
    }
    if http_only:
        entry["http_only"] = True
    entry["home_source"] = (f"registry_data/portals.csv (matched by {portal['match']})"
                            if portal else "")
    entry["probe"] = (portal.get("probe_2026_04") or "not probed") if portal else "no portal"
    notes = probe_note(portal)
    if notes:
        entry["notes"] = notes
    return entry


def shared_hosts(entries: list[dict]) -> None:
    """A host listed for two divisions: each takes only the reports that name it."""
    hosts = Counter(host_of(entry["home"]) for entry in entries if entry["home"])
    for entry in entries:
        host = host_of(entry["home"])
        if hosts.get(host, 0) > 1 and entry["family"] == "portal":
            others = [other["name"] for other in entries if other is not entry
                      and host_of(other["home"]) == host]
            own = short_name(own_name(entry))
            entry["agency_names"] = [own]
            entry["notes"] = (entry.get("notes", "") + " " if entry.get("notes") else "") + (
                f"Doubtful: the data lists {host} for {', '.join(others)} too, so one of them "
                f"is wrong; only reports naming {own} are taken.")


def own_name(entry: dict) -> str:
    """An entry's name without its city: 大冶市 of 黄石市大冶市."""
    name, parent = entry["name"], entry.get("parent_name") or ""
    return name[len(parent):] if parent and name.startswith(parent) and name != parent else name


def historic_entries(changes: list[dict[str, str]], divisions: dict[str, Division],
                     current: dict[str, dict], slugs: Slugs) -> list[dict]:
    """Entries for the divisions abolished or renamed since 2015, for their earlier years."""
    gone: dict[tuple[str, str], dict[str, str]] = {}
    for change in changes:
        key = (change["old_code"], change["old_name"])
        if (change["type"] in GONE and all(key) and change["old_name"] != change["new_name"]
                and not (key[0] in divisions and divisions[key[0]].name == key[1])):
            gone[key] = change  # the last change of an old code and name wins
    old_divisions = {code: name for code, name in gone}

    def successor(change: dict[str, str], depth: int = 0) -> str | None:
        code = change["new_code"]
        if code in current:
            return code
        later = [c for (old, _), c in gone.items() if old == code]
        return successor(later[0], depth + 1) if later and depth < 10 else None

    entries = []
    for (code, name), change in sorted(gone.items()):
        level = "prefecture" if code.endswith("00") else "county"
        province = code[:2] + "0000"
        parent = code[:4] + "00" if level == "county" else province
        if parent not in divisions and parent not in old_divisions:
            parent = province
        if province not in divisions:
            raise BuildError(f"{code} {name}: province {province} is not in the data")
        parent_name = (divisions[parent].name if parent in divisions
                       else old_divisions[parent])
        division = Division(code, name, level, parent, province)
        if parent not in divisions:  # a parent abolished too: name it from the old one
            slugs.divisions.setdefault(parent, Division(parent, parent_name, "prefecture",
                                                        province, province))
        heir_code = successor(change)
        heir = current.get(heir_code) if heir_code else None
        home = heir["home"] if heir else ""
        parent_division = slugs.divisions.get(parent)
        entry = {
            "slug": slugs.new(division),
            "name": full_name(name, parent_division) if level == "county" else name,
            "code": code,
            "level": level_of(division), "parent": parent, "parent_name": parent_name,
            "province": province, "province_name": divisions[province].name,
            "home": home, "report_columns": [], "family": "portal",
            "allowed_hosts": list(heir["allowed_hosts"]) if heir else [],
        }
        if heir and heir.get("http_only"):
            entry["http_only"] = True
        entry["agency_names"] = [name]
        entry["until"] = int(change["year"])
        entry["successor"] = heir["slug"] if heir else ""
        entry["home_source"] = (f"the successor's ({heir['slug']})" if heir else "")
        entry["probe"] = heir["probe"] if heir else "no portal"
        entry["notes"] = (
            f"{change['type']} in {change['year']}: {name} ({code}) became "
            f"{change['new_name'] or '?'} ({change['new_code'] or '?'}). Its reports of the "
            "years before are published under its old name, on the successor's portal.")
        entries.append(entry)
    return entries


def build(data_dir: Path = DATA_DIR, overrides: Path = OVERRIDES) -> list[dict]:
    """Every entry of the national registry, in order: the divisions by code, then the
    abolished ones, then the overrides that are no division of the data."""
    divisions = {row["code"]: Division(row["code"], row["name"], row["level"],
                                       row["parent_code"], row["province_code"])
                 for row in read_csv(data_dir / "divisions.csv")}
    portals = {row["code"]: row for row in read_csv(data_dir / "portals.csv")}
    unknown = sorted(set(portals) - set(divisions))
    if unknown:
        raise BuildError(f"portals.csv names codes divisions.csv lacks: {', '.join(unknown)}")
    with open(overrides, "rb") as file:
        described = tomllib.load(file).get("region", [])
    slugs = Slugs(divisions)
    by_code: dict[str, dict] = {}
    extras: list[dict] = []
    for entry in described:
        slugs.reserve(entry["slug"])
        if entry.get("demo_only") or not entry.get("code"):
            extras.append(entry)
        elif entry["code"] not in divisions:
            raise BuildError(f"{entry['slug']}: code {entry['code']} is not in the data")
        else:
            by_code[entry["code"]] = entry

    current: dict[str, dict] = {}
    for code in sorted(divisions):
        division = divisions[code]
        if code in by_code:
            current[code] = overridden(by_code[code], division, divisions, portals.get(code))
        else:
            current[code] = generated_entry(division, slugs.new(division), divisions,
                                            portals.get(code))
    entries = list(current.values())
    shared_hosts(entries)
    return [*entries, *historic_entries(read_csv(data_dir / "division_changes.csv"),
                                        divisions, current, slugs), *extras]


def overridden(entry: dict, division: Division, divisions: dict[str, Division],
               portal: dict[str, str] | None) -> dict:
    """A hand-described region with the data's facts added: what it says stays as written."""
    listed, _ = home_of(portal)
    facts = {"province": division.province, "province_name": divisions[division.province].name,
             "home_source": "registry.toml (described by hand)" + (
                 f"; registry_data/portals.csv lists {listed}"
                 if listed and listed != entry.get("home") else ""),
             "probe": (portal.get("probe_2026_04") or "not probed") if portal else "no portal"}
    return {**entry, **{key: value for key, value in facts.items() if key not in entry}}


# ---- writing ---------------------------------------------------------------------------------

KEY_ORDER = ("slug", "name", "code", "level", "parent", "parent_name", "province",
             "province_name", "home", "report_columns", "family", "allowed_hosts", "alias_hosts",
             "agency_names", "discover", "http_only", "demo_only", "request_budget",
             "depth_limit", "until", "successor", "home_source", "probe", "notes")

HEADER = """\
# The national registry: every province, prefecture and county-level division of China, and
# the divisions abolished or renamed since 2015. GENERATED by `python -m harvester registry
# build` from harvester/registry_data/ (its README says where the data came from) and the
# hand-described regions of harvester/registry.toml: do not edit it, edit those and rebuild.
# The keys are explained at the top of harvester/registry.toml; besides them:
#   province, province_name  the province's code and name
#   home_source              where the home page URL came from
#   probe                    the April 2026 reachability probe of the listed URL: direct,
#                            protocol-switch, ua-mobile, none, not probed, no portal
#   until, successor         a division abolished or renamed that year, and the region that
#                            took over (whose portal holds the old reports)
#   family = "portal"        no column described: the generic walker finds the 年报 column
#                            from the home page and recognises each column's CMS family
"""


def toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(k, ensure_ascii=False)} = {toml_value(v)}"
                                for k, v in value.items()) + " }"
    raise BuildError(f"cannot write {value!r} as TOML")


def render(entries: list[dict]) -> str:
    lines = [HEADER]
    for entry in entries:
        unknown = set(entry) - set(KEY_ORDER)
        if unknown:
            raise BuildError(f"{entry.get('slug')}: unknown keys {sorted(unknown)}")
        lines.append("[[region]]")
        lines += [f"{key} = {toml_value(entry[key])}" for key in KEY_ORDER if key in entry]
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if argv[:1] == ["promote"]:  # its own options (harvester/registry_promote.py)
        from harvester.registry_promote import main as promote
        return promote(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m harvester registry",
                                     description="The national registry, built from data.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("promote", help="the columns discovery found, as registry.toml entries "
                                        "(promote --help)")
    command = commands.add_parser("build", help="write harvester/registry_national.toml")
    command.add_argument("--data", type=Path, default=DATA_DIR,
                         help="the folder of divisions.csv, portals.csv, division_changes.csv")
    command.add_argument("--overrides", type=Path, default=OVERRIDES,
                         help="the hand-described regions (default harvester/registry.toml)")
    command.add_argument("-o", "--output", type=Path, default=OUTPUT)
    command.add_argument("--check", action="store_true",
                         help="write nothing; exit 1 if the output file is not what the data "
                              "gives")
    args = parser.parse_args(argv)
    try:
        entries = build(args.data, args.overrides)
    except (BuildError, OSError, KeyError, tomllib.TOMLDecodeError) as error:
        print(f"registry build: {error}", file=sys.stderr)
        return 2
    text = render(entries)
    levels = Counter(entry["level"] for entry in entries)
    summary = (f"{len(entries)} regions ({', '.join(f'{n} {k}' for k, n in levels.items())}), "
               f"{sum(1 for e in entries if 'until' in e)} abolished or renamed")
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is stale: run python -m harvester registry build",
                  file=sys.stderr)
            return 1
        print(f"{args.output} is up to date: {summary}")
        return 0
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}: {summary}")
    return 0
