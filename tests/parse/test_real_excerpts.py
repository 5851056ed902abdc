"""Real report excerpts (tests/files/real/excerpts/), parsed and compared with the values typed
by hand from their text in tests/files/real/excerpts.toml (never with the parser's output).

Each excerpt is kept exactly as it was found (pipes, blank cells, labels broken over lines,
traditional characters, truncation): these are the shapes the parser has to read. A look-alike
(a notice about reports, a statistics form, a news article) must be refused as
``not_annual_report``.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import tomllib

from harvester.parse.report import parse_bytes

REAL = Path(__file__).resolve().parents[1] / "files" / "real"
EXCERPTS = REAL / "excerpts"
CATALOGUE = REAL / "excerpts.toml"

MIN_PROVINCES = 10
MIN_REPORTS = 20
MIN_LOOK_ALIKES = 2
MISSING = object()


def _catalogue() -> list[dict]:
    return tomllib.loads(CATALOGUE.read_text(encoding="utf-8"))["excerpt"]


ENTRIES = _catalogue()


@pytest.fixture(scope="module")
def parsed() -> dict[str, dict]:
    return {entry["file"]: parse_bytes((EXCERPTS / entry["file"]).read_bytes(), name=entry["file"])
            for entry in ENTRIES}


def _lookup(report: dict, key: str):
    """The value at a dotted key (``applications.new.total``), or MISSING."""
    node = report
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return MISSING
        node = node[part]
    return node


def _check_names(report: dict) -> list[str]:
    return [c["check"] for c in report.get("checks", [])]


def _same(expected, got) -> bool:
    if isinstance(expected, bool) or isinstance(got, bool):
        return False
    if isinstance(expected, float):
        return type(got) is float and math.isclose(got, expected, rel_tol=1e-9, abs_tol=1e-9)
    return type(got) is int and got == expected


def _show(value) -> str:
    return "absent" if value is MISSING else f"{value!r} ({type(value).__name__})"


def _marked(entry: dict):
    """An excerpt whose ``gap`` says what the parser does not read yet is an expected failure,
    strict: once it reads as typed, the gap must be taken out of the catalogue."""
    if "gap" not in entry:
        return entry
    return pytest.param(entry, marks=pytest.mark.xfail(reason=entry["gap"], strict=True))


@pytest.mark.parametrize("entry", [_marked(e) for e in ENTRIES], ids=[e["file"] for e in ENTRIES])
def test_excerpt_reads_as_typed_by_hand(parsed, entry):
    name = entry["file"]
    report = parsed[name]
    checks = _check_names(report)
    problems: list[str] = []

    if not entry["report"]:
        assert "not_annual_report" in checks, (
            f"{name}: a look-alike ({entry['quirks'][0]}) must get a not_annual_report check; "
            f"got checks {checks}")
        return

    if "not_annual_report" in checks:
        problems.append("a real report was refused as not_annual_report")
    if entry["template"] != report.get("template"):
        problems.append(f"template: expected {entry['template']!r}, got {report.get('template')!r}")
    for field in ("year", "agency"):
        if field in entry and report.get(field) != entry[field]:
            problems.append(f"{field}: expected {entry[field]!r}, got {report.get(field)!r}")
    for key, expected in entry.get("values", {}).items():
        got = _lookup(report, key)
        if got is MISSING or not _same(expected, got):
            problems.append(f"{key}: expected {_show(expected)}, got {_show(got)}")
    for key in entry.get("absent", {}).get("keys", []):
        got = _lookup(report, key)
        if got is not MISSING and got is not None:
            problems.append(f"{key}: printed blank, must stay absent, got {_show(got)}")

    assert not problems, (f"{name} ({entry['url']}): {len(problems)} mismatch(es)\n  "
                          + "\n  ".join(problems))


def test_catalogue_lists_every_file_once():
    listed = [entry["file"] for entry in ENTRIES]
    on_disk = sorted(p.name for p in EXCERPTS.iterdir() if p.is_file())
    assert len(listed) == len(set(listed)), "a file is listed twice in excerpts.toml"
    assert sorted(listed) == on_disk


def test_catalogue_entries_are_well_formed():
    for entry in ENTRIES:
        name = entry["file"]
        assert entry["template"] in ({"2019", "2021"} if entry["report"] else {"none"}), name
        assert entry["url"].startswith(("http://", "https://", "github:")), name
        assert entry["province"] and entry["level"] and entry["quirks"], name
        for key, value in entry.get("values", {}).items():
            assert key.split(".")[0] in {"active_disclosure", "applications",
                                         "review_litigation"}, (name, key)
            assert isinstance(value, float) == key.endswith("amount_wan_yuan"), (name, key)
        overlap = set(entry.get("values", {})) & set(entry.get("absent", {}).get("keys", []))
        assert not overlap, (name, overlap)


def test_collection_spans_provinces_and_both_templates():
    reports = [e for e in ENTRIES if e["report"]]
    provinces = {e["province"] for e in reports} - {"unknown"}
    assert len(provinces) >= MIN_PROVINCES, sorted(provinces)
    assert len(reports) >= MIN_REPORTS
    assert {e["template"] for e in reports} == {"2019", "2021"}
    assert len(ENTRIES) - len(reports) >= MIN_LOOK_ALIKES
