"""The wniosek o nadanie klauzuli wykonalności of a broken court settlement (ugoda sądowa):
``templates/wniosek_klauzula_ugoda.docx``, drafted by ``casework.enforcement`` when a court
settlement's plan breaks and the settlement becomes the title (``law.pl.settlements.
return_after_breach``: UNCONFIRMED).

``ugoda_klauzula_context`` is pure: the parties, the settlement as the title (the court it was
concluded before, its day, the sygnatura akt when stored) and the instalment whose grace
period ended unpaid with the day the whole rest fell due. Like the paper title's application
(``documents.enforcement_docx.klauzula_context``) it states no fee amount and no article:
that a court settlement is an enforcement title (art. 777 §1 pkt 1 KPC), the clause
(art. 781 KPC) and its fee are not in the team's reference (UNCONFIRMED), and a court
document states nothing the reference does not confirm.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from documents.firm import FirmProfile
from documents.parties import attorney_block, party_block
from documents.render import Rendered, render
from law.case import CaseFile
from law.pl.text import pl_date, pl_money

TEMPLATE = "wniosek_klauzula_ugoda"


@dataclass(frozen=True, slots=True)
class SettlementTitle:
    """A court settlement whose plan broke, for which the clause is asked."""

    court: str
    concluded_on: date
    signature: str  # "" when none is stored
    broken_by: int | None  # the instalment whose grace period ended unpaid
    broken_due: date | None  # that instalment's (moved) day
    accelerated_on: date  # the day the whole rest fell due
    rest: Decimal  # the settled amounts left on the application's day


def ugoda_klauzula_context(
    case: CaseFile, firm: FirmProfile, title: SettlementTitle, on: date
) -> dict[str, Any]:
    """The variables of ``wniosek_klauzula_ugoda`` (all strings, Polish)."""
    if title.broken_by is not None and title.broken_due is not None:
        breach = (
            f"Dłużnik nie zapłacił w terminie raty nr {title.broken_by} przypadającej na dzień "
            f"{pl_date(title.broken_due)} ani w okresie przewidzianym w ugodzie na jej zapłatę"
        )
    else:
        breach = "Dłużnik nie wykonał ugody w terminach w niej przewidzianych"
    return {
        "sprawa": case.external_ref,
        "miejscowosc": firm.signing_city,
        "data": pl_date(on),
        "sad": title.court,
        "wierzyciel": party_block(case.creditor),
        "dluznik": party_block(case.debtor),
        "pelnomocnik": attorney_block(firm),
        "ugoda": {
            "sad": title.court,
            "data": pl_date(title.concluded_on),
            "sygnatura": title.signature,
            "sygnatura_tekst": (f", sygn. akt {title.signature}" if title.signature else ""),
            "naruszenie": breach,
            "wymagalna_od": pl_date(title.accelerated_on),
            "pozostalo": pl_money(title.rest),
        },
    }


def render_ugoda_klauzula(context: dict[str, Any], templates: Path | None = None) -> Rendered:
    """The .docx (the firm's copy of the template first, else the shipped one)."""
    return render(TEMPLATE, context, templates)
