"""Choice of procedure and court level for a money claim.

* Court level: sąd okręgowy when WPS exceeds 100 000 zł (art. 17 pkt 4 KPC since 1.07.2023),
  otherwise sąd rejonowy (art. 16).
* EPU (e-Sąd, SR Lublin-Zachód): only claims that became due within 3 years before filing
  (art. 505^29a) - checked conservatively against the payment deadline itself.
* Nakazowe (art. 485 KPC): invoice accepted by the debtor (§1 pkt 2); wezwanie do zapłaty +
  written acknowledgement (§1 pkt 3); commercial transaction with contract + proof of own
  performance (protokół odbioru, WZ, delivery note - never a demand letter's delivery
  receipt) + proof of delivering the invoice (§2^1, polish_law.md 0b K6). When none holds,
  the reason names what is missing, for the partner memo.
* Uproszczone: contract claims with WPS <= 20 000 zł (art. 505^1, wording UNCONFIRMED).
* Gospodarcze: both parties businesses (art. 458^1-458^2, definition not read).

Preference when choosing: nakazowe (immediately a security title, 1/4 fee) > EPU (1/4 fee,
no attachments) > upominawcze (paper; the court issues a nakaz for money claims).

References:
    * polish_law.md 6.2-6.3: KPC art. 17 pkt 4 [S83]; art. 485 [S80]; art. 505^29a [S81];
      uproszczone [S82]; gospodarcze [S44][S45].
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from law.citation import Cite, Figure
from law.pl.calendar import add_years
from law.pl.fees import Procedure
from law.pl.text import pl_date

OKREGOWY_THRESHOLD = Decimal(100000)
SIMPLIFIED_THRESHOLD = Decimal(20000)
EPU_YEARS = 3

ART_16 = Cite("KPC", "art. 16")
ART_17 = Cite("KPC", "art. 17 pkt 4")
EPU_CITE = Cite("KPC", "art. 505^29a")
SIMPLIFIED_CITE = Cite("KPC", "art. 505^1")
GOSPODARCZE_CITE = Cite("KPC", "art. 458^1")
NAKAZ_ACCEPTED = Cite("KPC", "art. 485 §1 pkt 2")
NAKAZ_ACK = Cite("KPC", "art. 485 §1 pkt 3")
NAKAZ_COMMERCIAL = Cite("KPC", "art. 485 §2^1")
UPOMINAWCZE_CITE = Cite("KPC", "art. 498 §1")


class CourtLevel(StrEnum):
    REJONOWY = "rejonowy"
    OKREGOWY = "okregowy"


def court_level(value: Decimal) -> Figure[CourtLevel]:
    """Sąd rejonowy up to and including 100 000 zł, okręgowy above (J1)."""
    if value > OKREGOWY_THRESHOLD:
        return Figure(CourtLevel.OKREGOWY, (ART_17,), "WPS przekracza 100 000 zł")
    return Figure(CourtLevel.REJONOWY, (ART_16, ART_17), "WPS nie przekracza 100 000 zł")


def epu_admissible(deadlines: Iterable[date], filing: date) -> Figure[bool]:
    """All claims became due within 3 years before ``filing`` (J3).

    Conservative: compares the payment deadline itself (not deadline + 1) with the day three
    years before filing.
    """
    limit = add_years(filing, -EPU_YEARS)
    old = sorted(d for d in deadlines if d < limit)
    if old:
        reason = f"roszczenie wymagalne ponad 3 lata przed wniesieniem (termin {pl_date(old[0])})"
        return Figure(False, (EPU_CITE,), reason)
    return Figure(True, (EPU_CITE,), f"wszystkie roszczenia wymagalne po {pl_date(limit)}")


def simplified(value: Decimal, contract_claim: bool = True) -> Figure[bool]:
    """Postępowanie uproszczone: contract claims with WPS <= 20 000 zł."""
    ok = contract_claim and value <= SIMPLIFIED_THRESHOLD
    reason = "roszczenie z umowy, WPS do 20 000 zł" if ok else "poza zakresem uproszczonego"
    return Figure(ok, (SIMPLIFIED_CITE,), reason)


@dataclass(frozen=True, slots=True)
class NakazGrounds:
    """Documents supporting postępowanie nakazowe, for the whole claim."""

    all_invoices_accepted: bool = False  # art. 485 §1 pkt 2
    acknowledged_after_demand: bool = False  # art. 485 §1 pkt 3
    commercial_transaction: bool = False  # both parties businesses
    has_contract: bool = False
    has_proof_of_performance: bool = False
    all_invoices_delivered: bool = False
    undelivered_invoices: tuple[str, ...] = ()  # claimed invoices without delivery proof

    def missing(self) -> tuple[str, ...]:
        """Why no nakaz basis holds, in Polish (empty when one does)."""
        if self.cites():
            return ()
        out = ["faktury niezaakceptowane przez pozwanego (art. 485 § 1 pkt 2 KPC)"]
        if not self.acknowledged_after_demand:
            out.append(
                "brak pisemnego uznania długu po wezwaniu do zapłaty (art. 485 § 1 pkt 3 KPC)"
            )
        if not self.commercial_transaction:
            out.append("to nie transakcja handlowa (art. 485 § 2^1 KPC)")
            return tuple(out)
        lacking = []
        if not self.has_contract:
            lacking.append("umowy")
        if not self.has_proof_of_performance:
            lacking.append(
                "dowodu wykonania świadczenia przez powoda (protokół odbioru, WZ, dowód dostawy)"
            )
        if not self.all_invoices_delivered:
            numbers = ", ".join(self.undelivered_invoices)
            lacking.append(
                f"dowodu doręczenia faktury {numbers}" if numbers else "dowodu doręczenia faktur"
            )
        out.append("art. 485 § 2^1 KPC: brak " + ", ".join(lacking))
        return tuple(out)

    def cites(self) -> tuple[Cite, ...]:
        out: list[Cite] = []
        if self.all_invoices_accepted:
            out.append(NAKAZ_ACCEPTED)
        if self.acknowledged_after_demand:
            out.append(NAKAZ_ACK)
        if (
            self.commercial_transaction
            and self.has_contract
            and self.has_proof_of_performance
            and self.all_invoices_delivered
        ):
            out.append(NAKAZ_COMMERCIAL)
        return tuple(out)


@dataclass(frozen=True, slots=True)
class ProcedureChoice:
    procedure: Procedure
    simplified: bool  # postępowanie uproszczone applies
    gospodarcze: bool  # postępowanie w sprawach gospodarczych applies
    court_level: CourtLevel
    epu_admissible: bool
    cites: tuple[Cite, ...]
    reason: str


def choose_procedure(
    value: Decimal,
    deadlines: Iterable[date],
    filing: date,
    grounds: NakazGrounds,
    *,
    both_businesses: bool,
    contract_claim: bool = True,
) -> ProcedureChoice:
    """Pick the procedure for a money claim of WPS ``value``, with the reason."""
    level = court_level(value)
    epu = epu_admissible(tuple(deadlines), filing)
    simple = simplified(value, contract_claim)
    nakaz_cites = grounds.cites()
    cites: list[Cite] = [*level.cites]
    if nakaz_cites:
        procedure = Procedure.NAKAZOWE
        cites += nakaz_cites
        reason = "podstawy nakazowe: " + ", ".join(str(c) for c in nakaz_cites)
    elif epu.value:  # e-Sąd handles any WPS (art. 17 pkt 4 does not apply in EPU)
        procedure = Procedure.EPU
        cites += epu.cites
        reason = (
            "EPU dopuszczalne (wszystkie roszczenia wymagalne w ciągu 3 lat); "
            "brak podstaw nakazowych: " + "; ".join(grounds.missing())
        )
    else:
        procedure = Procedure.UPOMINAWCZE
        cites.append(UPOMINAWCZE_CITE)
        reason = "brak podstaw nakazowych: " + "; ".join(grounds.missing()) + "; " + epu.reason
    if simple.value:
        cites.append(SIMPLIFIED_CITE)
    if both_businesses:
        cites.append(GOSPODARCZE_CITE)
    return ProcedureChoice(
        procedure=procedure,
        simplified=simple.value,
        gospodarcze=both_businesses,
        court_level=level.value,
        epu_admissible=epu.value,
        cites=tuple(dict.fromkeys(cites)),
        reason=reason,
    )
