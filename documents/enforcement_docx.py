"""The paper wniosek egzekucyjny (``templates/wniosek_egzekucyjny.docx``) for the komornik.

``wniosek_context`` is pure: the case's parties, the title with its clause, the amounts as of
the day (``casework.enforcement`` computes them with ``law.pl.enforcement``), the ways of
enforcement asked for and the komornik the creditor chose. The finding a person confirms
about that choice (art. 8 / 10 ustawy o komornikach sądowych, UNCONFIRMED) stays with the
case and the command's output: the application is the komornik's and carries no internal
reasoning. The EPU form of the same application is ``documents.enforcement_epu`` (XML).

``klauzula_context`` is pure too: the wniosek o nadanie klauzuli wykonalności
(``templates/wniosek_klauzula.docx``) for the court that issued a paper title. It carries no
fee amount and no article: both are UNCONFIRMED (``law.pl.enforcement.clause_application``)
and a court document states nothing the reference does not confirm.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from documents.firm import FirmProfile
from documents.parties import attorney_block, party_block
from documents.render import Rendered, render
from law.case import CaseFile
from law.pl.enforcement import WAY_LABELS, Way
from law.pl.text import pl_date, pl_money

TEMPLATE = "wniosek_egzekucyjny"
CLAUSE_TEMPLATE = "wniosek_klauzula"
# the title's kind in the dative / nominative, for "o nadanie klauzuli wykonalności nakazowi"
TITLE_FORMS = {
    "nakaz zapłaty": ("nakazowi zapłaty", "Nakaz zapłaty"),
    "wyrok": ("wyrokowi", "Wyrok"),
}
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


def wniosek_context(
    case: CaseFile,
    firm: FirmProfile,
    title: PaperTitle,
    amounts: Mapping[str, str],
    ways: frozenset[Way],
    komornik: str,
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
        "wierzyciel": party_block(case.creditor),
        "dluznik": party_block(case.debtor),
        "pelnomocnik": attorney_block(firm),
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
        "wybor_komornika": f"wniosek kieruję do komornika wybranego przez wierzyciela: {komornik}",
    }


def render_wniosek(context: dict[str, Any], templates: Path | None = None) -> Rendered:
    """The .docx (the firm's copy of the template first, else the shipped one)."""
    return render(TEMPLATE, context, templates)


@dataclass(frozen=True, slots=True)
class ClauseTitle:
    """A paper title, final, for which the clause is asked."""

    kind: str  # "nakaz zapłaty" | "wyrok"
    court: str
    issued_on: date
    signature: str
    final_on: date


def klauzula_context(
    case: CaseFile, firm: FirmProfile, title: ClauseTitle, on: date
) -> dict[str, Any]:
    """The variables of ``wniosek_klauzula`` (all strings, Polish)."""
    dative, nominative = TITLE_FORMS[title.kind]
    return {
        "sprawa": case.external_ref,
        "miejscowosc": firm.signing_city,
        "data": pl_date(on),
        "sad": title.court,
        "wierzyciel": party_block(case.creditor),
        "dluznik": party_block(case.debtor),
        "pelnomocnik": attorney_block(firm),
        "tytul": {
            "opis_celownik": dative,
            "opis_mianownik": nominative,
            "sad": title.court,
            "data": pl_date(title.issued_on),
            "sygnatura": title.signature,
            "prawomocny": pl_date(title.final_on),
        },
    }


def render_klauzula(context: dict[str, Any], templates: Path | None = None) -> Rendered:
    """The clause application .docx (the firm's copy of the template first)."""
    return render(CLAUSE_TEMPLATE, context, templates)
