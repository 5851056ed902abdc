"""The walls between the project's rooms, read from the imports of every module.

- ``harvester/parse/`` turns bytes into a report: no Scrapy, no Twisted, no spiders or
  pipelines, no database (``harvester.store``), no crawl machinery (``harvester.run``);
- ``harvester/demo/`` (the demo web, renderings, benchmarks) serves only tests, ``make demo``
  and ``make bench``: nothing else imports it;
- pipelines import no spider;
- the shared modules (items, checks, registry) import none of the rooms.

An import inside a function counts as much as one at the top of a module; one under
``if TYPE_CHECKING:`` is a type annotation, never run, and does not count.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _type_checking_only(node: ast.AST) -> bool:
    return (isinstance(node, ast.If) and isinstance(node.test, ast.Name)
            and node.test.id == "TYPE_CHECKING")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    annotations_only = {id(inner) for node in ast.walk(tree) if _type_checking_only(node)
                        for statement in node.body for inner in ast.walk(statement)}
    modules = set()
    for node in ast.walk(tree):
        if id(node) in annotations_only:
            continue
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            modules.add(node.module)
            modules.update(f"{node.module}.{alias.name}" for alias in node.names)
    return modules


def modules_under(*folders: str) -> list[Path]:
    return sorted(path for folder in folders for path in (ROOT / folder).rglob("*.py"))


def breaches(paths: list[Path], forbidden: tuple[str, ...]) -> list[str]:
    return [f"{path.relative_to(ROOT)} imports {module}"
            for path in paths for module in sorted(imported_modules(path))
            if any(module == name or module.startswith(name + ".") for name in forbidden)]


def test_the_parser_imports_no_crawl_and_no_database():
    forbidden = ("scrapy", "twisted", "spiders", "pipelines", "harvester.store", "harvester.run",
                 "harvester.demo", "sqlite_utils", "sqlite3")
    assert breaches(modules_under("harvester/parse"), forbidden) == []


def test_only_tests_and_the_demo_itself_import_the_demo():
    outside = [path for path in modules_under("harvester", "spiders", "pipelines", "datasette")
               if (ROOT / "harvester" / "demo") not in path.parents]
    assert breaches(outside, ("harvester.demo",)) == []


def test_pipelines_import_no_spider():
    assert breaches(modules_under("pipelines"), ("spiders",)) == []


def test_the_shared_modules_import_none_of_the_rooms():
    shared = [ROOT / "harvester" / name for name in ("items.py", "checks.py", "registry.py")]
    rooms = ("harvester.parse", "harvester.store", "harvester.run", "harvester.demo", "spiders",
             "pipelines")
    assert breaches(shared, rooms) == []


@pytest.mark.parametrize("source, expected", [
    ("import scrapy.http\n", {"scrapy.http"}),
    ("def f():\n    from harvester.store import db\n", {"harvester.store", "harvester.store.db"}),
    ("from . import sibling\n", set()),
    ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import scrapy\n",
     {"typing", "typing.TYPE_CHECKING"}),
])
def test_imports_are_read_wherever_they_stand(tmp_path, source, expected):
    module = tmp_path / "module.py"
    module.write_text(source, encoding="utf-8")
    assert imported_modules(module) == expected
