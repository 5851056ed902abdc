"""Pipeline 1: keep every fetched document, byte for byte, once.

The original is the evidence: whatever the parser makes of it later, the bytes a portal served
can be read again. Blobs live in ``HARVEST_STORE`` (``data/documents``) under their sha256,
``ab/abcdef….bin``, with a sidecar ``….json`` listing each URL it was fetched from, when, with
which HTTP status, content type and headers. A blob already stored is not written again, and a
sidecar gains an entry only for a URL it does not list yet, so a re-crawl of unchanged portals
writes nothing here.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from harvester.items import ReportDocument


def blob_path(store: Path, sha256: str) -> Path:
    return store / sha256[:2] / f"{sha256}.bin"


def fetch_record(item: ReportDocument) -> dict:
    return {"url": item.url, "fetched_at": item.fetched_at, "status": item.status,
            "content_type": item.content_type, "headers": item.headers}


def _write_atomically(path: Path, data: bytes) -> None:
    """A killed crawl must not leave a truncated blob under a valid name."""
    temporary = path.with_suffix(path.suffix + ".part")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def keep(store: Path, item: ReportDocument) -> str:
    """Store the item's bytes and fetch record; returns the sha256."""
    sha256 = hashlib.sha256(item.body).hexdigest()
    path = blob_path(store, sha256)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_atomically(path, item.body)
    sidecar = path.with_suffix(".json")
    meta = (json.loads(sidecar.read_text(encoding="utf-8")) if sidecar.exists()
            else {"sha256": sha256, "size": len(item.body), "fetches": []})
    if item.url not in {fetch["url"] for fetch in meta["fetches"]}:
        meta["fetches"].append(fetch_record(item))
        _write_atomically(sidecar, json.dumps(meta, ensure_ascii=False, indent=1).encode())
    return sha256


class KeepOriginalPipeline:
    def __init__(self, store: str) -> None:
        self.store = Path(store)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.get("HARVEST_STORE", "data/documents"))

    def process_item(self, item: ReportDocument) -> ReportDocument:
        item.sha256 = keep(self.store, item)
        return item
