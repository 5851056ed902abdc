"""Checks: what the harvester records about a document instead of failing or guessing.

A check is a plain dict, so it serialises to the JSON of ``docs/report-format.md`` unchanged::

    {"check": "balance", "severity": "error", "where": "applications.total", "message": "…"}

Severities: ``error`` (an identity the template states is broken, the document cannot be read,
or it is not an annual report), ``warning`` (something the template expects is missing or
ambiguous), ``info`` (a recovery the parser made, or a note about how the document was read).
"""

from __future__ import annotations

SEVERITIES = ("error", "warning", "info")


def check(name: str, severity: str, where: str, message: str) -> dict[str, str]:
    if severity not in SEVERITIES:
        raise ValueError(f"unknown severity {severity!r}")
    return {"check": name, "severity": severity, "where": where, "message": message}
