"""The letters to the court after filing (``templates/cofniecie_czesciowe.docx``,
``templates/cofniecie_calosc.docx``), issue #18.

``letter_context`` is pure: the court the pozew went to (named as the heading prints it, in
the genitive where the sentence needs it), the sygnatura akt, the parties, the attorney's
signature block (``documents.firm``), what the letter withdraws (``law.pl.court_letters``:
the payment as allocated under art. 451 KC) and the motions. Court-facing text only: Polish
dates in words, amounts ``1 234,56 zł``, a provision cited only when the reference confirms
it (``Rule.in_letter``); the rules with their status are for the partner, not the court.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from documents.context import EPU_COURT_ADDRESS, attorney_context, party_context
from documents.firm import FirmProfile
from documents.format import court_cites, format_date, format_money
from documents.phrases import INTEREST_GENITIVE, INTEREST_INSTRUMENTAL
from documents.render import Rendered, render, undeclared_variables
from law.case import CaseFile
from law.pl.court_letters import (
    Channel,
    CourtRecord,
    LetterKind,
    LetterPlan,
    Remainder,
    WithdrawalTerms,
)
from law.pl.courts import court_genitive

TEMPLATES: dict[LetterKind, str] = {
    LetterKind.PARTIAL: "cofniecie_czesciowe",
    LetterKind.FULL: "cofniecie_calosc",
}
# Printed where the store knows no court or sygnatura: the letter then carries a blocker and
# cannot be approved (never a guessed court, K11).
UNKNOWN_COURT = "SĄD DO USTALENIA - zob. uwagi blokujące"
UNKNOWN_SIGNATURE = "DO UZUPEŁNIENIA - zob. uwagi blokujące"


def _court(record: CourtRecord, epu: bool) -> dict[str, str]:
    name, _, division = record.court.partition(", ")
    filed = (record.filed_court or record.court).partition(", ")[0]
    return {
        "nazwa": name or UNKNOWN_COURT,
        "wydzial": division,
        "adres": EPU_COURT_ADDRESS if epu and name else "",
        "nazwa_dopelniacz": court_genitive(filed) if filed else "sądu",
    }


def _payments_text(paid: Sequence[tuple[date, Decimal]]) -> str:
    parts = [f"w dniu {format_date(d)} kwotę {format_money(a)}" for d, a in paid]
    if len(parts) > 1:
        return ", ".join(parts[:-1]) + " oraz " + parts[-1]
    return parts[0] if parts else ""


def _scope(plan: LetterPlan, terms: WithdrawalTerms | None = None) -> str:
    """What a partial withdrawal covers. With ``terms`` whose periods name all the interest
    paid: per invoice, ``kwoty 2 753,82 zł należności głównej z faktury nr X oraz odsetek
    ustawowych za opóźnienie ... od kwoty 8 487,00 zł za okres od dnia ... do dnia ... w
    kwocie 246,18 zł`` (the pozew claims interest by period, so the withdrawal names the
    period); else ``kwoty 788,99 zł należności głównej oraz kwoty 211,01 zł odsetek za
    opóźnienie``."""
    if terms is not None and (terms.periods or plan.interest <= 0):
        by_invoice = _by_invoice(plan, terms)
        if by_invoice:
            return "; ".join(by_invoice)
    parts = []
    if plan.principal > 0:
        parts.append(f"kwoty {format_money(plan.principal)} należności głównej")
    if plan.interest > 0:
        parts.append(f"kwoty {format_money(plan.interest)} odsetek za opóźnienie")
    return " oraz ".join(parts)


def _by_invoice(plan: LetterPlan, terms: WithdrawalTerms) -> list[str]:
    out = []
    for number in dict.fromkeys(c.invoice_number for c in plan.covered if c.invoice_number):
        principal = sum(
            (c.to_principal for c in plan.covered if c.invoice_number == number), Decimal(0)
        )
        parts = []
        if principal > 0:
            parts.append(f"kwoty {format_money(principal)} należności głównej")
        parts.extend(
            f"{INTEREST_GENITIVE[p.kind]} od kwoty {format_money(p.base)} za okres od dnia "
            f"{format_date(p.start)} do dnia {format_date(p.end)} w kwocie "
            f"{format_money(p.amount)}"
            for p in terms.periods
            if p.invoice_number == number
        )
        if parts:
            out.append(f"{' oraz '.join(parts)} z faktury nr {number}")
    return out


def _left_claimed(terms: WithdrawalTerms | None) -> str:
    """What the pozew still claims of the invoices the payment touched: ``z faktury nr X
    kwoty 5 733,18 zł należności głównej wraz z odsetkami ... od dnia ... do dnia zapłaty``
    ("" when the terms do not say it for every one of them)."""
    if terms is None or not terms.remainders:
        return ""
    return "; ".join(_left_of(r) for r in terms.remainders)


def _left_of(r: Remainder) -> str:
    """One invoice's remainder; with the interest kept on the principal a designated
    payment paid (``oraz odsetek ... od kwoty 1 000,00 zł za okres od dnia ... do dnia ...``)."""
    parts = []
    if r.principal > 0:
        parts.append(
            f"kwoty {format_money(r.principal)} należności głównej wraz z "
            f"{INTEREST_INSTRUMENTAL[r.kind]} od dnia {format_date(r.interest_from)} do dnia "
            "zapłaty"
        )
    if r.kept is not None:
        parts.append(
            f"{INTEREST_GENITIVE[r.kind]} od kwoty {format_money(r.kept.base)} za okres od dnia "
            f"{format_date(r.kept.start)} do dnia {format_date(r.kept.end)}"
        )
    return f"z faktury nr {r.invoice_number} {' oraz '.join(parts)}"


def letter_context(
    case: CaseFile,
    firm: FirmProfile,
    plan: LetterPlan,
    record: CourtRecord,
    on: date,
    paid: Sequence[tuple[date, Decimal]] = (),
    settled_on: date | None = None,
    terms: WithdrawalTerms | None = None,
) -> dict[str, Any]:
    """The template's variables (all Polish strings, lists and flags). ``terms``: the
    interest periods the payment covered and the claim left (``law.pl.court_letters.
    withdrawal_terms``); without them the interest is named by its amount."""
    assert plan.kind is not None, "no letter to draft"
    epu = plan.channel is Channel.ESAD
    lines = [c for c in plan.covered if c.invoice_number]
    return {
        "sprawa": case.external_ref,
        "miejscowosc": firm.signing_city,
        "data_pisma": format_date(on),
        "epu": epu,
        "sad": _court(record, epu),
        "sygnatura": record.signature or UNKNOWN_SIGNATURE,
        "data_wniesienia": format_date(record.filed_on) if record.filed_on else "",
        "powod": party_context(case.creditor),
        "pozwany": party_context(case.debtor),
        "pelnomocnik": attorney_context(firm),
        "zakres": _scope(plan, terms),
        "pozostalo": _left_claimed(terms) if plan.kind is LetterKind.PARTIAL else "",
        "odsetki": plan.interest > 0,
        "pozycje": [
            {
                "data": format_date(c.paid_on),
                "faktura": c.invoice_number,
                "kapital": format_money(c.to_principal),
                "odsetki": format_money(c.to_interest),
            }
            for c in lines
        ],
        "kapital_razem": format_money(plan.principal),
        "odsetki_razem": format_money(plan.interest),
        "koszty": format_money(plan.costs) if plan.costs > 0 else "",
        "wplaty_opis": _payments_text(paid),
        "zaliczenie": court_cites(plan.letter_cites),
        "wniosek_koszty": plan.ask_costs,
        "ugoda": {"data": format_date(settled_on)} if settled_on else None,
    }


def template_name(plan: LetterPlan) -> str:
    assert plan.kind is not None, "no letter to draft"
    return TEMPLATES[plan.kind]


def render_letter(
    plan: LetterPlan, context: dict[str, Any], templates: Path | None = None
) -> Rendered:
    """The .docx (the firm's copy of the template first, else the shipped one)."""
    return render(template_name(plan), context, templates)


def missing_variables(
    plan: LetterPlan, context: dict[str, Any], templates: Path | None = None
) -> set[str]:
    """Names the template uses and the context lacks (the static contract check)."""
    return undeclared_variables(template_name(plan), context, templates)
