"""Shared by the parser tests: the seed truth and the keys a parse is compared on."""

from __future__ import annotations

import json
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "harvester" / "demo" / "seeds"
SEED_NAMES = ("000", "001", "002", "003", "004")
VALUE_KEYS = ("agency", "year", "template", "active_disclosure", "applications",
              "review_litigation")


def seed_text(name: str) -> bytes:
    return (SEEDS / f"{name}.txt").read_bytes()


def seed_truth(name: str) -> dict:
    return json.loads((SEEDS / f"{name}.json").read_text(encoding="utf-8"))


def values_of(report: dict) -> dict:
    return {key: report.get(key) for key in VALUE_KEYS}


def checks_named(report: dict, name: str) -> list[dict]:
    return [c for c in report["checks"] if c["check"] == name]


def page(body_html: str, charset: str = "utf-8", declared: str | None = "utf-8",
         title: str | None = None) -> bytes:
    """A CMS-like article page around ``body_html``, encoded in ``charset`` and declaring
    ``declared`` (None: no declaration)."""
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={declared}">' \
        if declared else ""
    title_meta = f'<meta name="ArticleTitle" content="{title}">' if title else ""
    html = (f"<html><head>{meta}{title_meta}<title>站点 栏目</title></head><body>"
            "<div class='nav'>首页 &gt; 政务公开 &gt; 政府信息公开年报</div>"
            f"<div class='TRS_Editor'>{body_html}</div>"
            "<div class='footer'>主办单位：某区人民政府办公室</div></body></html>")
    return html.encode(charset)
