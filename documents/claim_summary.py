"""The claim as a JSON-ready summary: every figure with its rule, for the review page.

Stored on the case (``Case.claim_json``) by the handoff flow so the review page and the CLI
show the figures a draft was built from without recomputing them. Amounts are formatted the
Polish way ("12 345,67 zł"); the raw decimal strings ride along for machines.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from documents.format import format_cites, format_date, format_money
from law.citation import Figure
from law.pl.claim import ClaimComputation
from law.pl.limitation import Status

_INTEREST_NAMES = {
    "statutory": "odsetki ustawowe za opóźnienie",
    "commercial": "odsetki ustawowe za opóźnienie w transakcjach handlowych",
    "commercial-healthcare": "odsetki ustawowe za opóźnienie w transakcjach handlowych "
    "(podmiot leczniczy)",
}


def _money_row(label: str, figure: Figure[Decimal]) -> dict[str, Any]:
    return {
        "label": label,
        "value": format_money(figure.value),
        "amount": str(figure.value),
        "cites": [str(c) for c in figure.cites],
        "reason": figure.reason,
        "contested": figure.contested,
    }


def claim_summary(claim: ClaimComputation, reference_date: date) -> dict[str, Any]:
    """A JSON-serialisable summary of ``claim`` as of ``reference_date``."""
    figures = [
        _money_row("Należność główna", claim.principal_total),
        _money_row("Rekompensata za koszty odzyskiwania należności", claim.compensation_total),
        _money_row("Wartość przedmiotu sporu (WPS)", claim.wps),
        _money_row(
            "Odsetki naliczone do dnia sporządzenia (informacyjnie)",
            claim.interest_to_filing_total,
        ),
        _money_row("Opłata sądowa", claim.court_fee),
        _money_row("Koszty zastępstwa procesowego", claim.attorney_fee),
        _money_row("Opłata skarbowa od pełnomocnictwa", claim.stamp_duty),
        _money_row("Koszty razem", claim.total_costs),
    ]
    invoices = []
    for inv in claim.invoices:
        lim = inv.limitation
        status = lim.status(reference_date)
        invoices.append(
            {
                "number": inv.number,
                "due_date": inv.due_date.isoformat(),
                "amount": format_money(inv.amount),
                "principal": format_money(inv.principal.value),
                "interest_kind": _INTEREST_NAMES.get(inv.interest_kind.value, inv.interest_kind),
                "interest_from": format_date(inv.interest_from),
                "interest_to_date": format_money(inv.interest_to_filing.value),
                "compensation": format_money(inv.compensation.value) if inv.compensation else "",
                "compensation_cites": format_cites(inv.compensation.cites)
                if inv.compensation
                else "",
                "limitation_expires_on": lim.expires_on.isoformat() if lim.expires_on else "",
                "limitation_alternative": lim.alternative_expires_on.isoformat()
                if lim.alternative_expires_on
                else "",
                "limitation_status": status.value,
                "limitation_cites": format_cites(lim.cites),
                "limitation_reason": lim.reason,
            }
        )
    return {
        "reference_date": reference_date.isoformat(),
        "figures": figures,
        "invoices": invoices,
        "procedure": {
            "name": claim.procedure.value,
            "reason": claim.procedure_reason,
            "cites": [str(c) for c in claim.procedure_cites],
            "court_level": claim.court_level.value,
            "simplified": claim.simplified,
            "gospodarcze": claim.gospodarcze,
            "epu_admissible": claim.epu_admissible,
        },
        "total_claim": str(claim.wps.value),
    }


def earliest_limitation(claim: ClaimComputation) -> date | None:
    """The earliest watched limitation date over the claim's live invoices (K4: an invoice
    barred under every reading is left out of the claim and not watched)."""
    dates = [day for _, day in claim.limitation_watch]
    return min(dates) if dates else None


def limitation_is_near(claim: ClaimComputation, on: date, days: int = 90) -> bool:
    return any(i.limitation.status(on, days) is not Status.OK for i in claim.invoices)
