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
from law.pl.claim import ClaimComputation, InvoiceComputation
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
        # no rekompensata row at all where none can be due (e.g. a consumer debtor)
        *(
            [_money_row("Rekompensata za koszty odzyskiwania należności", claim.compensation_total)]
            if claim.compensation_applicable
            else []
        ),
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
    invoices = [_invoice_row(inv, reference_date) for inv in claim.invoices]
    excluded = [_invoice_row(inv, reference_date) for inv in claim.excluded_invoices]
    if claim.capitalised_interest_total is not None:  # appended: earlier rows keep their place
        figures.append(
            _money_row("Skapitalizowane odsetki (odrębna kwota)", claim.capitalised_interest_total)
        )
    return {
        "reference_date": reference_date.isoformat(),
        "figures": figures,
        "invoices": invoices,
        "excluded_invoices": excluded,
        "principal_basis": [str(c) for c in claim.principal_basis],
        "principal_basis_name": claim.principal_basis_name,
        "limitation_watch": [
            {"invoice": number, "date": day.isoformat()} for number, day in claim.limitation_watch
        ],
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


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _invoice_row(inv: InvoiceComputation, reference_date: date) -> dict[str, Any]:
    lim = inv.limitation
    status = lim.status(reference_date)
    capitalised = inv.capitalised_interest
    return {
        "number": inv.number,
        "due_date": inv.due_date.isoformat(),
        "amount": format_money(inv.amount),
        "principal": format_money(inv.principal.value),
        "interest_kind": _INTEREST_NAMES.get(inv.interest_kind.value, inv.interest_kind),
        "interest_from": format_date(inv.interest_from),
        "interest_to_date": format_money(inv.interest_to_filing.value),
        "compensation": format_money(inv.compensation.value) if inv.compensation else "",
        "compensation_cites": format_cites(inv.compensation.cites) if inv.compensation else "",
        "limitation_expires_on": lim.expires_on.isoformat() if lim.expires_on else "",
        "limitation_alternative": lim.alternative_expires_on.isoformat()
        if lim.alternative_expires_on
        else "",
        "limitation_status": status.value,
        "limitation_cites": format_cites(lim.cites),
        "limitation_reason": lim.reason,
        # issue #14: art. 115 KC (K3), K4 readings, capitalised interest, K8, K12
        "claimed": inv.claimed,
        "excluded_reason": inv.excluded_reason,
        "due_moved_to": _iso(inv.due_moved_to),
        "wymagalnosc": _iso(inv.wymagalnosc),
        "interest_from_date": inv.interest_from.isoformat(),
        "interest_from_unmoved": _iso(inv.interest_from_unmoved),
        "interest_cites": [str(c) for c in inv.interest_cites],
        "capitalised_interest": str(capitalised.value) if capitalised else None,
        "capitalised_interest_from": _iso(inv.capitalised_interest_from),
        "compensation_amount": str(inv.compensation.value) if inv.compensation else None,
        "compensation_interest_from": _iso(inv.compensation_interest_from),
        "compensation_rate_missing_on": _iso(inv.compensation_rate_missing_on),
        "limitation_latest": _iso(lim.latest_expires_on),
        "limitation_urgent": inv.limitation_urgent,
        "limitation_watch_on": _iso(inv.limitation_watch_on),
    }


def earliest_limitation(claim: ClaimComputation) -> date | None:
    """The earliest watched limitation date over the claim's live invoices (K4: an invoice
    barred under every reading is left out of the claim and not watched)."""
    dates = [day for _, day in claim.limitation_watch]
    return min(dates) if dates else None


def limitation_is_near(claim: ClaimComputation, on: date, days: int = 90) -> bool:
    return any(i.limitation.status(on, days) is not Status.OK for i in claim.invoices)
