"""The creditor's final statement (rozliczenie końcowe, ``templates/rozliczenie_koncowe.docx``).

``final_statement_context`` is pure: the case's parties, what the last draft claimed, every
payment with its day, amount and art. 451 KC allocation (costs, interest, principal, the
provisions applied), the totals recovered and what is left on the day, and the firm. The
figures come from ``casework.final_statement`` (the allocation engine ``law.pl.payments``);
this module only formats them in Polish.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from documents.firm import FirmProfile
from documents.render import Rendered, render
from law.pl.text import pl_date, pl_money

TEMPLATE = "rozliczenie_koncowe"


@dataclass(frozen=True, slots=True)
class StatementPayment:
    paid_on: date
    amount: Decimal
    to_costs: Decimal
    to_interest: Decimal
    to_principal: Decimal
    surplus: Decimal
    cites: str
    source: str  # manual | mt940 | ... | "creditor" (reported by the creditor at the handoff)


@dataclass(frozen=True, slots=True)
class FinalStatement:
    case_ref: str
    stage_label: str
    closed_on: date | None  # the day the case was closed as paid, if it was
    creditor: str
    creditor_address: str
    debtor: str
    claimed: tuple[tuple[str, Decimal], ...]  # (label, amount) of the last draft
    claimed_on: date | None  # the draft's reference day
    costs: Decimal  # costs owed at the stage (awarded costs, the komornik's)
    payments: tuple[StatementPayment, ...]
    left_on: date
    left_principal: Decimal
    left_interest: Decimal
    left_costs: Decimal

    @property
    def recovered(self) -> Decimal:
        return sum((p.amount for p in self.payments), Decimal("0.00"))

    @property
    def left_total(self) -> Decimal:
        return self.left_principal + self.left_interest + self.left_costs

    def total(self, part: str) -> Decimal:
        return sum((getattr(p, part) for p in self.payments), Decimal("0.00"))


SOURCES = {
    "creditor": "wierzyciel (przed przekazaniem)",
    "manual": "wpis ręczny",
    "mt940": "wyciąg MT940",
    "camt053": "wyciąg camt.053",
    "csv": "wyciąg CSV",
    "komornik": "komornik",
}


def _rows(payments: Sequence[StatementPayment]) -> list[dict[str, str]]:
    return [
        {
            "lp": str(n),
            "data": pl_date(p.paid_on),
            "kwota": pl_money(p.amount),
            "koszty": pl_money(p.to_costs),
            "odsetki": pl_money(p.to_interest),
            "kapital": pl_money(p.to_principal),
            "nadplata": pl_money(p.surplus) if p.surplus else "",
            "podstawa": p.cites,
            "zrodlo": SOURCES.get(p.source, p.source),
        }
        for n, p in enumerate(payments, start=1)
    ]


def final_statement_context(st: FinalStatement, firm: FirmProfile, on: date) -> dict[str, Any]:
    """The template's variables (all strings, Polish)."""
    surplus = st.total("surplus")
    if st.closed_on is not None:
        status = f"Sprawa zamknięta jako zapłacona w całości ({pl_date(st.closed_on)})."
    else:
        status = f"Sprawa w toku - etap: {st.stage_label}."
    return {
        "sprawa": st.case_ref,
        "miejscowosc": firm.signing_city,
        "data": pl_date(on),
        "kancelaria": firm.firm_name,
        "kancelaria_adres": firm.address.one_line(),
        "pelnomocnik": f"{firm.attorney_title} {firm.attorney_name}",
        "wierzyciel": st.creditor,
        "wierzyciel_adres": st.creditor_address,
        "dluznik": st.debtor,
        "status": status,
        "dochodzono": [{"opis": label, "kwota": pl_money(v)} for label, v in st.claimed],
        "dochodzono_dzien": pl_date(st.claimed_on) if st.claimed_on else "-",
        "koszty": pl_money(st.costs),
        "wplaty": _rows(st.payments),
        "odzyskano": pl_money(st.recovered),
        "odzyskano_koszty": pl_money(st.total("to_costs")),
        "odzyskano_odsetki": pl_money(st.total("to_interest")),
        "odzyskano_kapital": pl_money(st.total("to_principal")),
        "nadplata": pl_money(surplus),
        "pozostalo_dzien": pl_date(st.left_on),
        "pozostalo_kapital": pl_money(st.left_principal),
        "pozostalo_odsetki": pl_money(st.left_interest),
        "pozostalo_koszty": pl_money(st.left_costs),
        "pozostalo": pl_money(st.left_total),
    }


def render_final_statement(context: dict[str, Any], templates: Path | None = None) -> Rendered:
    """The .docx (the firm's copy of the template first, else the shipped one)."""
    return render(TEMPLATE, context, templates)
