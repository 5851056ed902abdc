"""Decoding bytes whose charset declaration may be right, wrong or missing.

Chinese portals serve UTF-8, GBK, GB2312 and GB18030, and declare it correctly, wrongly or not
at all. A declaration is therefore a hint, never the answer: strict UTF-8 is tried first (GBK
text almost never decodes as valid UTF-8), then the declared charset, then GB18030 (a superset
of GBK and GB2312).
"""

from __future__ import annotations

import codecs
import re

from harvester.checks import check

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DECLARED = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
# Legacy Chinese charsets are all decoded as GB18030, their common superset.
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
            "utf8": "utf-8", "x-gb18030": "gb18030"}


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML or XML head declares, normalised, if any."""
    match = _DECLARED.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii").lower()
    name = _ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode(data: bytes, declared: str | None = None) -> tuple[str, str, list[dict]]:
    """Decode ``data``; returns the text, the encoding used, and checks about the choice."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding, []
    candidates = ["utf-8"]
    if declared and declared not in candidates:
        candidates.append(declared)
    if "gb18030" not in candidates:
        candidates.append("gb18030")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        return text, encoding, _mismatch(declared, encoding)
    text = data.decode("gb18030", errors="replace")
    return text, "gb18030", [*_mismatch(declared, "gb18030"), check(
        "undecodable_bytes", "warning", "document",
        "some bytes are valid in no known Chinese charset and were replaced")]


def _mismatch(declared: str | None, used: str) -> list[dict]:
    if declared is None or codecs.lookup(declared).name == codecs.lookup(used).name:
        return []
    return [check("charset_mismatch", "info", "document",
                  f"declared charset {declared} but the bytes are {used}")]
