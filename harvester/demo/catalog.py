"""What each region publishes: its agencies, their reports by year, and the look-alikes.

The catalog is the truth the manifest is written from. Sites (``families/``) decide only how
and where an entry is published, and record each URL on the entry as they render it, so the
manifest can never disagree with the pages.

Randomness is seeded per region and per agency-year, so a region's catalog does not change
when another region is added, and the large web is reproducible from one seed.
"""

from __future__ import annotations

import importlib
import json
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parent / "seeds"

DEPARTMENTS = (
    "教育局", "卫生健康局", "财政局", "民政局", "人力资源和社会保障局", "住房和城乡建设局",
    "市场监督管理局", "应急管理局", "司法局", "农业农村局", "交通运输局", "文化广电和旅游局",
    "自然资源局", "生态环境分局", "退役军人事务局", "医疗保障局",
)

LOOKALIKE_KINDS = {
    "企业年报": "{place}关于开展{year}年度企业年报公示工作的通知",
    "统计年报": "{place}{year}年统计年报",
    "工作要点": "{place}{year}年政务公开工作要点",
    "工作计划": "{agency}{year}年度工作计划",
    "公开指南": "{agency}政府信息公开指南",
}


def template_for(year: int) -> str:
    """The national template a report of ``year`` follows (docs/report-format.md)."""
    if year >= 2021:
        return "2021"
    return "2019" if year >= 2019 else "legacy"


@dataclass
class Publication:
    """One URL where a document can be fetched, as the site built it."""

    url: str
    role: str  # "article", "attachment", "print", "alias", "image", "api"
    format: str = "html"  # html, pdf, docx, doc, xls, png
    blocked: str | None = None  # why a harvester cannot read it: "waf-412", "wzws", "robots"
    note: str | None = None  # e.g. "tables as images", "superseded by a correction"
    published: str | None = None  # the date this URL shows, ISO
    values: dict | None = None  # only when this URL states other numbers than the entry


@dataclass
class ReportEntry:
    """One agency-year: the report a perfect harvest must find."""

    region: str
    agency: str  # as the report prints it
    agency_kind: str  # "government", "department", "township"
    year: int
    template: str
    seed: str  # the random seed of its numbers, or "seeds/NNN" for a hand-typed seed
    published: datetime
    title: str
    requires: set[str] = field(default_factory=set)
    publications: list[Publication] = field(default_factory=list)
    shape: str = "word"  # how the CMS renders the pasted report: "word" or "plain"
    _report: dict | None = field(default=None, repr=False)

    @property
    def is_seed(self) -> bool:
        return self.seed.startswith("seeds/")

    @property
    def report(self) -> dict | None:
        """The report in the shape of docs/report-format.md: the hand-typed seed values, or
        generated ones. None for legacy (pre-2019) reports, which carry no template tables."""
        if self._report is None and self.template != "legacy":
            self._report = load_seed_values(self.seed) if self.is_seed else generated_report(self)
        return self._report

    @property
    def figures(self) -> dict[str, int] | None:
        """What the prose of a legacy (pre-2019) report states, keyed as docs/report-format.md
        section 8 (``applications.new.total``: 12): the truth its rendered text is written
        from. None for the others, whose numbers are in their tables."""
        if self.template != "legacy":
            return None
        return render_module().legacy_figures(random.Random(f"{self.seed}:figures"))

    def publish(self, publication: Publication) -> str:
        self.publications.append(publication)
        return publication.url


@dataclass
class LookAlike:
    """A document that looks like an annual report in a listing, and is not one."""

    region: str
    kind: str  # a key of LOOKALIKE_KINDS
    agency: str
    year: int
    title: str
    published: datetime
    publications: list[Publication] = field(default_factory=list)

    def publish(self, publication: Publication) -> str:
        self.publications.append(publication)
        return publication.url


@dataclass(frozen=True)
class Region:
    """A region as the registry knows it, with the names its agencies print."""

    slug: str
    name: str  # e.g. 白山市浑江区
    short: str  # e.g. 浑江区, what department names start with
    government: str  # e.g. 白山市浑江区人民政府
    townships: tuple[str, ...]
    departments: tuple[str, ...] = DEPARTMENTS[:8]


def render_module():
    """``harvester.demo.render``, the report renderer, imported when a report is first needed."""
    return importlib.import_module("harvester.demo.render")


def generated_report(entry: ReportEntry) -> dict:
    report = render_module().random_report(random.Random(entry.seed), entry.template,
                                           entry.year, entry.agency)
    report.setdefault("agency", entry.agency)
    report.setdefault("year", entry.year)
    report.setdefault("template", entry.template)
    return report


def load_seed_values(seed: str) -> dict:
    """The hand-typed true values of a seed report (``harvester/demo/seeds/NNN.json``)."""
    path = SEEDS_DIR / f"{seed.split('/')[1]}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def seed_text(seed: str) -> str:
    return (SEEDS_DIR / f"{seed.split('/')[1]}.txt").read_text(encoding="utf-8")


def report_title(agency: str, year: int, rng: random.Random) -> str:
    """Titles drift between sites and years; these are the forms seen most."""
    forms = ("{a}{y}年政府信息公开工作年度报告", "{a}{y}年度政府信息公开工作报告",
             "{a}{y}年政府信息公开年度报告")
    return rng.choice(forms).format(a=agency, y=year)


def publication_date(year: int, rng: random.Random, late: bool = False) -> datetime:
    """Reports appear January to March of the next year; late ones up to August."""
    start = datetime(year + 1, 1, 8, 9, 0)
    days = rng.randrange(150, 220) if late else rng.randrange(0, 80)
    return start + timedelta(days=days, minutes=rng.randrange(0, 9 * 60))


def agencies_of(region: Region) -> list[tuple[str, str]]:
    """(agency name, kind) for every body of the region that publishes a report."""
    agencies = [(region.government, "government")]
    agencies += [(f"{region.short}{dept}", "department") for dept in region.departments]
    agencies += [(f"{region.short}{town}" if not town.startswith(region.short) else town,
                  "township") for town in region.townships]
    return agencies


def build_entries(region: Region, years: range, seed: str, presence: float = 0.8,
                  late_2019_template: int = 1) -> list[ReportEntry]:
    """Every agency-year the region publishes: the government every year, the others with
    probability ``presence``; ``late_2019_template`` post-2020 reports keep the old template,
    as a few real agencies did."""
    rng = random.Random(f"{seed}:{region.slug}")
    entries: list[ReportEntry] = []
    for agency, kind in agencies_of(region):
        for year in years:
            if kind != "government" and rng.random() > presence:
                continue
            entries.append(ReportEntry(
                region=region.slug, agency=agency, agency_kind=kind, year=year,
                template=template_for(year), seed=f"{seed}:{region.slug}:{agency}:{year}",
                published=publication_date(year, rng, late=rng.random() < 0.05),
                title=report_title(agency, year, rng),
                shape="word" if rng.random() < 0.7 else "plain"))
    late = [e for e in entries if e.year in (2021, 2022) and e.agency_kind != "government"]
    for entry in rng.sample(late, min(late_2019_template, len(late))):
        entry.template = "2019"
    return entries


def build_lookalikes(region: Region, years: range, seed: str) -> list[LookAlike]:
    """One of each look-alike kind, in random years and agencies of the region."""
    rng = random.Random(f"{seed}:{region.slug}:lookalikes")
    agencies = [name for name, _ in agencies_of(region)]
    items = []
    for kind, form in LOOKALIKE_KINDS.items():
        year = rng.choice(list(years))
        agency = rng.choice(agencies) if kind in ("工作计划", "公开指南") else region.government
        title = form.format(place=region.short, agency=agency, year=year)
        items.append(LookAlike(region.slug, kind, agency, year, title,
                               publication_date(year, rng)))
    return items
