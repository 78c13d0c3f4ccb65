"""Polish spelling of dates and amounts in the reasons and findings a partner reads.

Pure and tiny on purpose: ``law/`` does not import ``documents/`` (whose ``format`` module
spells dates out in words for the court documents). Here a date is ``31.07.2026 r.`` and an
amount ``63 345,00 zł``; command arguments quoted in a message (``handoff rates set EUR
2026-07-31 KURS``) stay ISO, since that is what the command accepts.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from law.citation import money


def pl_date(day: date) -> str:
    """``date(2026, 7, 31)`` -> ``31.07.2026 r.``"""
    return f"{day:%d.%m.%Y} r."


def pl_number(value: Decimal) -> str:
    """``4.7170`` -> ``4,7170``; ``4999.99`` -> ``4 999,99`` (digits kept as given)."""
    whole, _, frac = f"{value:f}".partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    groups: list[str] = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return sign + (" ".join(groups) or "0") + (f",{frac}" if frac else "")


def pl_money(value: Decimal) -> str:
    """``Decimal("63345")`` -> ``63 345,00 zł`` (rounded to the grosz first)."""
    return f"{pl_number(money(value))} zł"
