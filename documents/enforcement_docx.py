"""The paper wniosek egzekucyjny (``templates/wniosek_egzekucyjny.docx``) for the komornik.

``wniosek_context`` is pure: the case's parties, the title with its clause, the amounts as of
the day (``casework.enforcement`` computes them with ``law.pl.enforcement``), the ways of
enforcement asked for and the choice of komornik as the finding a person confirms. The EPU
form of the same application is ``documents.enforcement_epu`` (XML).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from documents.firm import FirmProfile
from documents.render import Rendered, render
from law.case import CaseFile, Party
from law.pl.enforcement import WAY_LABELS, Way
from law.pl.text import pl_date, pl_money

TEMPLATE = "wniosek_egzekucyjny"
AMOUNT_LABELS = (
    ("principal", "należność główna"),
    ("compensation", "rekompensata za koszty odzyskiwania należności"),
    ("interest", "odsetki naliczone do dnia wniosku"),
    ("costs_awarded", "koszty postępowania zasądzone w tytule"),
    ("clause_costs", "koszty postępowania klauzulowego"),
)


@dataclass(frozen=True, slots=True)
class PaperTitle:
    kind: str  # "nakaz zapłaty" | "wyrok"
    court: str
    issued_on: date
    signature: str
    final_on: date
    clause_on: date


def _ids(party: Party) -> str:
    parts = [f"{k} {v}" for k, v in (("NIP", party.nip), ("KRS", party.krs)) if v]
    if party.pesel:
        parts.append(f"PESEL {party.pesel}")
    return ", ".join(parts)


def _party(party: Party) -> dict[str, str]:
    return {"nazwa": party.name, "adres": party.address.one_line(), "identyfikatory": _ids(party)}


def wniosek_context(
    case: CaseFile,
    firm: FirmProfile,
    title: PaperTitle,
    amounts: Mapping[str, str],
    ways: frozenset[Way],
    komornik: str,
    komornik_finding: str,
    on: date,
) -> dict[str, Any]:
    """The template's variables (all strings, Polish)."""
    lines = []
    for key, label in AMOUNT_LABELS:
        value = Decimal(amounts[key])
        if value > 0:
            lines.append({"lp": str(len(lines) + 1), "opis": label, "kwota": pl_money(value)})
    return {
        "sprawa": case.external_ref,
        "miejscowosc": firm.signing_city,
        "data": pl_date(on),
        "komornik": komornik,
        "wierzyciel": _party(case.creditor),
        "dluznik": _party(case.debtor),
        "pelnomocnik": {
            "tytul": firm.attorney_title,
            "nazwa": firm.attorney_name,
            "kancelaria": firm.firm_name,
            "adres": firm.address.one_line(),
        },
        "tytul": {
            "opis": title.kind,
            "sad": title.court,
            "data": pl_date(title.issued_on),
            "sygnatura": title.signature,
            "prawomocny": pl_date(title.final_on),
            "klauzula": f"zaopatrzonego w klauzulę wykonalności z dnia {pl_date(title.clause_on)}",
        },
        "naleznosci": lines,
        "na_dzien": pl_date(date.fromisoformat(amounts["as_of"])),
        "razem": pl_money(Decimal(amounts["total"])),
        "sposoby": [WAY_LABELS[w] for w in Way if w in ways],
        "wybor_komornika": komornik_finding,
    }


def render_wniosek(context: dict[str, Any], templates: Path | None = None) -> Rendered:
    """The .docx (the firm's copy of the template first, else the shipped one)."""
    return render(TEMPLATE, context, templates)
