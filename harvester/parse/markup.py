"""HTML that lxml can afford to parse: elements with absurdly many attributes lose them.

libxml2 compares each attribute of an element with every one before it, so the parse of one
element costs the square of its attributes: a ``<div>`` with 40,000 attributes takes seconds
per parse, and a crawl parses an article page four times (the spider, the cleaner twice, the
HTML reader); the hostile trial of issue #16 froze a crawl for 133 seconds on one. An element
of a real page has a few dozen attributes at most, so one with more than
:data:`MAX_ATTRIBUTES` keeps its name and its content, and loses its attributes, with a
check. Deep nesting needs nothing here: lxml keeps the first 255 levels (parsel's huge trees
2,048) and the readers walk no deeper.
"""

from __future__ import annotations

import re

from harvester.checks import check

MAX_ATTRIBUTES = 1_000
# A start tag long enough to hold more than MAX_ATTRIBUTES attributes (two characters each at
# least); scanning for one stops at the next "<" or ">", so the search stays linear.
_LONG_TAG = re.compile(rf"<([A-Za-z][A-Za-z0-9:_-]*)(\s[^<>]{{{2 * MAX_ATTRIBUTES},}})>")
_LONG_RUN = re.compile(rf"<[^<>]{{{2 * MAX_ATTRIBUTES}}}")
_ATTRIBUTE = re.compile(r"""[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>=]+))?""")


def affordable(markup: str) -> tuple[str, list[dict]]:
    """``markup`` with the attributes of every element that has more than
    :data:`MAX_ATTRIBUTES` dropped, and a check for each such element."""
    checks: list[dict] = []
    if not _LONG_RUN.search(markup):  # no tag can be that long: the common page, at C speed
        return markup, checks

    def strip(tag: re.Match) -> str:
        count = len(_ATTRIBUTE.findall(tag.group(2)))
        if count <= MAX_ATTRIBUTES:
            return tag.group(0)
        checks.append(check("attribute_cap", "warning", "document",
                            f"a <{tag.group(1)}> element with {count:,} attributes, over the cap "
                            f"of {MAX_ATTRIBUTES:,}: its attributes were dropped"))
        return f"<{tag.group(1)}>"

    return _LONG_TAG.sub(strip, markup), checks
