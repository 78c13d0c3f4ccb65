"""The settlement (ugoda) with its instalment schedule (``templates/ugoda.docx``).

``ugoda_context`` is pure: the parties, what the debt is, the settled sum and costs, the
instalments with their days (after the art. 115 KC move, as ``law.pl.settlements`` plans
them), the interest terms, the acceleration clause and, for a case in court, what the
creditor does there. No personal data beyond what the parties' block of any court letter
holds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from documents.firm import FirmProfile
from documents.parties import attorney_block, party_block
from documents.render import Rendered, render
from law.case import CaseFile
from law.pl.settlements import KIND_LABELS, SettlementKind, Terms
from law.pl.text import pl_date, pl_money

TEMPLATE = "ugoda"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _days(n: int) -> str:
    return "1 dzień" if n == 1 else f"{n} dni"


def ugoda_context(
    case: CaseFile,
    firm: FirmProfile,
    terms: Terms,
    *,
    court: str = "",
    signature: str = "",
) -> dict[str, Any]:
    """The template's variables (all strings or lists of strings, Polish)."""
    invoices = ", ".join(f"faktury nr {i.number} z {pl_date(i.issue_date)}" for i in case.invoices)
    pending = f"{court}, sygn. akt {signature}" if court and signature else court or signature
    duties: list[str] = []
    if pending and terms.kind is SettlementKind.COURT:
        duties.append(
            "Strony wnoszą o zamieszczenie treści ugody w protokole rozprawy i umorzenie "
            "postępowania."
        )
    elif pending:
        duties.append(f"Wierzyciel niezwłocznie zawiadomi sąd ({pending}) o zawarciu ugody.")
    duties.append(
        "Zawarcie ugody stanowi uznanie roszczenia przez Dłużnika (art. 123 § 1 pkt 2 Kodeksu "
        "cywilnego)."
    )
    return {
        "sprawa": case.external_ref,
        "miejscowosc": firm.signing_city,
        "data": pl_date(terms.concluded_on),
        "tytul": KIND_LABELS[terms.kind].upper(),
        "wierzyciel": party_block(case.creditor),
        "dluznik": party_block(case.debtor),
        "pelnomocnik": attorney_block(firm),
        "postepowanie": pending,
        "tytul_dlugu": invoices or "należności objętej sprawą",
        "kwota": pl_money(terms.amount),
        "koszty": pl_money(terms.costs),
        "razem": pl_money(terms.total),
        "liczba_rat": str(len(terms.instalments)),
        "rachunek": case.creditor.bank_account or firm.bank_account,
        "raty": [
            {"lp": str(i.number), "termin": pl_date(i.agreed_due), "kwota": pl_money(i.amount)}
            for i in terms.instalments
        ],
        "odsetki": _sentence(terms.interest.describe()),
        "karencja": _days(terms.grace_days),
        "zobowiazania": duties,
        "podpisy": [{"wierzyciel": "......................", "dluznik": "......................"}],
    }


def render_ugoda(context: dict[str, Any], templates: Path | None = None) -> Rendered:
    """The .docx (the firm's copy of the template first, else the shipped one)."""
    return render(TEMPLATE, context, templates)
