"""The project's own documentation (``docs/``) is current with the code it describes, and
everything the repository cites is inside it.

Docstrings, comments and pages cite ``docs/<page>.md`` and ``docs/portals.md section 9.1``; a
user who clones the repository must find every cited page and section there, and nothing may
point at notes that live outside it (the team's former ``shared/`` folder).
"""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path

import pytest

from harvester.store import schema

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
REPORT_FORMAT = DOCS / "report-format.md"
# Checks are made by harvester.checks.check("name", "severity", …); the spider's recognition
# builds one as a dict literal.
CHECK_CALL = re.compile(r'\bcheck\(\s*"(\w+)",\s*"(\w+)"')
CHECK_DICT = re.compile(r'"check":\s*"(\w+)",\s*"severity":\s*"(\w+)"')
# The readers' failures: limits.failed(format, name, message), always an error.
FAILED_CALL = re.compile(r'\bfailed\(\s*[\w."]+,\s*((?:"\w+"(?: if \w+ else )?)+)')
CHECK_ROW = re.compile(r"^\| `(\w+)` \| (error|warning|info) \|", re.M)

# A citation of a page, and of its sections; a comment's "#" may stand between the two when
# the citation wraps over lines.
CITED_PAGE = re.compile(r"(?<![\w/.-])docs/([\w-]+\.md)\b")
CITED_SECTIONS = re.compile(r"(?<![\w/.-])docs/([\w-]+\.md)[\s#(,]*sections?\s+"
                            r"(\d+(?:\.\d+)?)(?:\s*[-–]\s*(\d+))?")
NUMBERED_HEADING = re.compile(r"^#{1,6}\s+(\d+(?:\.\d+)?)\.?\s", re.M)
# Notes outside the repository: the team's files by name, and any shared/ folder.
OUTSIDE = re.compile(r"REPORT_FORMAT\.md|PORTALS\.md|STYLE\.md|(?<![\w-])shared/")
TEXT_SUFFIXES = {".py", ".md", ".toml", ".yml", ".yaml", ".cfg", ".ini", ".txt", ".sql", ".sh",
                 ".cron", ".service", ".timer", ".json", ".html", ".htm"}
NOT_THE_PROJECTS = {".git", ".venv", "data", "build", "dist", "__pycache__", ".pytest_cache",
                    ".ruff_cache", ".hypothesis", ".scrapy"}


def load_generator():
    spec = importlib.util.spec_from_file_location("build_data_dictionary",
                                                  DOCS / "build_data_dictionary.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_data_dictionary_is_generated_from_the_vocabulary():
    page = REPORT_FORMAT.read_text(encoding="utf-8")
    assert page == load_generator().render(page), \
        "docs/report-format.md is stale: run .venv/bin/python docs/build_data_dictionary.py"


def test_the_generator_rewrites_only_its_marked_part():
    generator = load_generator()
    stale = f"# Prose\n\n{generator.BEGIN}\n| old | table |\n{generator.END}\n\nMore prose.\n"
    rendered = generator.render(stale)
    assert rendered.startswith("# Prose\n\n" + generator.BEGIN)
    assert rendered.endswith(generator.END + "\n\nMore prose.\n")
    assert "| old | table |" not in rendered
    assert "| `withheld_state_secret` | （三）不予公开 1.属于国家秘密 |" in rendered


def test_the_generator_refuses_a_page_without_its_markers():
    generator = load_generator()
    with pytest.raises(ValueError, match="markers"):
        generator.render("# A page whose generated part was deleted\n")
    with pytest.raises(ValueError, match="markers"):
        generator.render(f"{generator.END}\n{generator.BEGIN}\n")


def checks_in_code() -> set[tuple[str, str]]:
    found = set()
    for folder in ("harvester", "spiders", "pipelines"):
        for path in (ROOT / folder).rglob("*.py"):
            if (ROOT / "harvester" / "demo") in path.parents:
                continue
            text = path.read_text(encoding="utf-8")
            found |= set(CHECK_CALL.findall(text)) | set(CHECK_DICT.findall(text))
            found |= {(name, "error") for names in FAILED_CALL.findall(text)
                      for name in re.findall(r'"(\w+)"', names)}
    return found


def test_every_check_the_code_records_is_documented_with_its_severity():
    code = checks_in_code()
    documented = set(CHECK_ROW.findall(REPORT_FORMAT.read_text(encoding="utf-8")))
    assert ("balance", "error") in code and ("ocr", "info") in code  # the scan reads the code
    assert ("zip_bomb", "error") in code and ("encrypted", "error") in code
    assert code - documented == set(), "checks missing from docs/report-format.md section 6"
    assert documented - code == set(), "docs/report-format.md section 6 lists checks no code makes"


def test_every_table_and_view_of_the_database_is_documented():
    tables = set(re.findall(r"CREATE (?:VIRTUAL )?TABLE IF NOT EXISTS \"?(\w+)", schema.SCHEMA))
    names = tables | set(schema.VIEWS)
    assert {"reports", "labels", "applications_wide", "region_health"} <= names
    page = REPORT_FORMAT.read_text(encoding="utf-8")
    assert sorted(name for name in names if f"`{name}`" not in page) == []


# ---- citations --------------------------------------------------------------------------------


def repository_files() -> list[Path]:
    """Every text file of the working tree, but this module, which spells what it forbids."""
    files = []
    for folder, subfolders, names in os.walk(ROOT):
        subfolders[:] = [name for name in subfolders
                         if name not in NOT_THE_PROJECTS and not name.endswith(".egg-info")]
        files += [Path(folder) / name for name in names
                  if Path(name).suffix in TEXT_SUFFIXES or name == "Makefile"]
    return sorted(path for path in files if path != Path(__file__).resolve())


def text_of(path: Path) -> str:
    """A file's text; citations are ASCII, so a saved GBK page reads well enough as UTF-8."""
    return path.read_bytes().decode("utf-8", errors="replace")


def cited_sections(text: str) -> list[tuple[str, str]]:
    """(page, section) for every "docs/<page>.md section N[.M]" in ``text``; a range
    "sections 1-5" cites each section of it."""
    cited = []
    for page, first, last in CITED_SECTIONS.findall(text):
        if last:
            cited += [(page, str(number)) for number in range(int(first), int(last) + 1)]
        else:
            cited.append((page, first))
    return cited


def numbered_headings(page: str) -> set[str]:
    return set(NUMBERED_HEADING.findall(page))


def outside_citations(text: str, in_docs: bool) -> list[str]:
    """What ``text`` cites outside the repository, or as a docs page without its folder
    (outside docs/, a bare "portals.md" is a page nobody can find)."""
    found = OUTSIDE.findall(text)
    if not in_docs:
        bare = "|".join(re.escape(page.name) for page in DOCS.glob("*.md"))
        found += re.findall(rf"(?<![\w/.-])(?<!docs/)(?:{bare})\b", text)
    return found


@pytest.mark.parametrize("text, expected", [
    ("# Body containers (docs/portals.md section 0), most specific first.", [("portals.md", "0")]),
    ("GBK pages (docs/portals.md section 9.1), so", [("portals.md", "9.1")]),
    ('casino names injected (docs/portals.md\n    section 9.10).\n"""', [("portals.md", "9.10")]),
    ("# Markup (docs/portals.md\n# sections 1-3).", [("portals.md", "1"), ("portals.md", "2"),
                                                    ("portals.md", "3")]),
    ("the way docs/portals.md (section 10) says", [("portals.md", "10")]),
    ("saved pages written from docs/portals.md's shapes", []),
    ("the keys of docs/report-format.md, whose labels", []),
])
def test_section_citations_are_read_however_they_wrap(text, expected):
    assert cited_sections(text) == expected


def test_numbered_headings_are_read_with_or_without_a_full_stop():
    page = "# Portals\n\n## 9. Obstacles\n\n### 9.1 Encoding\n\n## 10. The demo web\n"
    assert numbered_headings(page) == {"9", "9.1", "10"}


@pytest.mark.parametrize("text, in_docs, expected", [
    ("see /work/shared/PORTALS.md section 3", False, ["shared/", "PORTALS.md"]),
    ("the team's ../shared/REPORT_FORMAT.md", False, ["shared/", "REPORT_FORMAT.md"]),
    ("the keys of REPORT_FORMAT.md", True, ["REPORT_FORMAT.md"]),
    ("see portals.md section 3", False, ["portals.md"]),
    ("see [the portals](portals.md), section 3", True, []),
    ("the keys of docs/report-format.md and docs/portals.md section 9", False, []),
    ("--large PORTALS REPORTS serves the benchmark web", False, []),
    ("a shared_cache/ folder, not shared", False, []),
])
def test_citations_outside_the_repository_are_found(text, in_docs, expected):
    assert outside_citations(text, in_docs) == expected


def test_the_scan_reads_code_docs_and_configuration():
    files = {path.relative_to(ROOT).as_posix() for path in repository_files()}
    assert {"README.md", "Makefile", "harvester/registry.toml", "datasette/metadata.yml",
            "spiders/page.py", "docs/portals.md", "docs/report-format.md"} <= files
    assert not any(name.startswith((".venv/", ".git/", "data/")) for name in files)
    assert "tests/test_docs.py" not in files


def test_every_cited_docs_page_exists():
    missing = sorted({f"{path.relative_to(ROOT)} cites docs/{page}"
                      for path in repository_files()
                      for page in CITED_PAGE.findall(text_of(path))
                      if not (DOCS / page).is_file()})
    assert missing == []


def test_every_cited_section_is_a_heading_of_its_page():
    cited: dict[tuple[str, str], str] = {}
    for path in repository_files():
        for citation in cited_sections(text_of(path)):
            cited.setdefault(citation, str(path.relative_to(ROOT)))
    assert ("portals.md", "9.1") in cited  # the code's citations are read
    missing = sorted(f"{where} cites docs/{page} section {section}"
                     for (page, section), where in cited.items()
                     if (DOCS / page).is_file() and section not in numbered_headings(
                         (DOCS / page).read_text(encoding="utf-8")))
    assert missing == []


def test_nothing_cites_notes_outside_the_repository():
    found = sorted(f"{path.relative_to(ROOT)}: {citation}"
                   for path in repository_files()
                   for citation in outside_citations(text_of(path),
                                                     in_docs=DOCS in path.parents))
    assert found == []


def test_the_portals_page_keeps_its_numbered_sections():
    """The code cites sections 0 to 11 and the obstacles 9.1 to 9.13 by number."""
    headings = numbered_headings((DOCS / "portals.md").read_text(encoding="utf-8"))
    assert {str(n) for n in range(12)} | {f"9.{n}" for n in range(1, 14)} <= headings
