"""The project's own documentation (``docs/``) is current with the code it describes."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from harvester.store import db as harvest_db

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
REPORT_FORMAT = DOCS / "report-format.md"
# Checks are made by harvester.checks.check("name", "severity", …); the spider's recognition
# builds one as a dict literal.
CHECK_CALL = re.compile(r'\bcheck\(\s*"(\w+)",\s*"(\w+)"')
CHECK_DICT = re.compile(r'"check":\s*"(\w+)",\s*"severity":\s*"(\w+)"')
CHECK_ROW = re.compile(r"^\| `(\w+)` \| (error|warning|info) \|", re.M)


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
    return found


def test_every_check_the_code_records_is_documented_with_its_severity():
    code = checks_in_code()
    documented = set(CHECK_ROW.findall(REPORT_FORMAT.read_text(encoding="utf-8")))
    assert ("balance", "error") in code and ("ocr", "info") in code  # the scan reads the code
    assert code - documented == set(), "checks missing from docs/report-format.md section 6"
    assert documented - code == set(), "docs/report-format.md section 6 lists checks no code makes"


def test_every_table_and_view_of_the_database_is_documented():
    tables = set(re.findall(r"CREATE (?:VIRTUAL )?TABLE IF NOT EXISTS \"?(\w+)", harvest_db.SCHEMA))
    names = tables | set(harvest_db.VIEWS) | {"region_health"}
    assert {"reports", "labels", "applications_wide"} <= names
    page = REPORT_FORMAT.read_text(encoding="utf-8")
    assert sorted(name for name in names if f"`{name}`" not in page) == []
