"""Findings: expected problems expressed as values, not exceptions.

A finding is something a partner must see before a lawsuit goes out: a missing final demand,
a debtor in bankruptcy per KRS, a claim near its limitation date. Findings are produced by
pure rules (evidence, limitation) and by registry verification, stored with the case, shown
as badges on the review page and as lines in the partner memo.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    BLOCKER = "blocker"  # the case must not be filed as it stands


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem with a case. ``code`` is stable (used for badges and tests)."""

    code: str
    severity: Severity
    message: str  # Polish, one line, shown to partners
    subject: str = ""  # what it is about: an invoice number, a file name, a registry
    cite: str = ""  # the rule behind it, if any
