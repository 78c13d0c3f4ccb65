"""Value of the dispute (WPS) and court fees (opłata od pozwu).

WPS: the amount claimed (art. 19 §1 KPC), without interest and costs claimed alongside
(art. 20), several claims added (art. 21), stated in full złoty rounded up (art. 126^1 §3 -
article number and application to exact sums UNCONFIRMED, F5). Fee: art. 13 u.k.s.c. brackets
("ponad X do Y", upper bound inclusive), above 20 000 zł 5 % capped at 200 000 zł; 1/4 for
nakazowe and EPU (art. 19 ust. 2) with a 30 zł floor; no rounding of the fee (e-Sąd table
shows 187,50 zł).

References:
    * KPC art. 19-21 [S53][S54]; u.k.s.c. art. 13 (Dz.U. 2023 poz. 1144) [S49][S51];
      art. 19 [S50]; e-Sąd fee table [S52][S52b]; opłata skarbowa 17 zł [S55].
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_CEILING, Decimal
from enum import StrEnum

from law.citation import Cite, Figure, money


class Procedure(StrEnum):
    STANDARD = "standard"
    UPOMINAWCZE = "upominawcze"
    NAKAZOWE = "nakazowe"
    EPU = "epu"


# (upper bound inclusive, fee) - art. 13 ust. 1 u.k.s.c. since 21.08.2019
COURT_FEE_BRACKETS: tuple[tuple[Decimal, Decimal], ...] = (
    (Decimal(500), Decimal(30)),
    (Decimal(1500), Decimal(100)),
    (Decimal(4000), Decimal(200)),
    (Decimal(7500), Decimal(400)),
    (Decimal(10000), Decimal(500)),
    (Decimal(15000), Decimal(750)),
    (Decimal(20000), Decimal(1000)),
)
PROPORTIONAL_RATE = Decimal("0.05")  # art. 13 ust. 2
PROPORTIONAL_CAP = Decimal(200000)
FRACTION = {Procedure.NAKAZOWE: Decimal("0.25"), Procedure.EPU: Decimal("0.25")}
FRACTION_FLOOR = Decimal(30)  # [S52]; statutory article UNCONFIRMED (art. 21 u.k.s.c.?)
REASONS_FEE = Decimal(100)  # wniosek o uzasadnienie wyroku [S51]
STAMP_DUTY = Decimal(17)  # opłata skarbowa od pełnomocnictwa [S55]

WPS_CITES = (Cite("KPC", "art. 19 §1"), Cite("KPC", "art. 20"), Cite("KPC", "art. 21"))
ROUND_UP = Cite("KPC", "art. 126^1 §3")
ART_13_1 = Cite("u.k.s.c.", "art. 13 ust. 1")
ART_13_2 = Cite("u.k.s.c.", "art. 13 ust. 2")
ART_19 = Cite("u.k.s.c.", "art. 19 ust. 2")


def wps(amounts: Iterable[Decimal]) -> Figure[Decimal]:
    """WPS of the claims ``amounts`` (principal, not interest), rounded up to full złoty."""
    total = sum(amounts, Decimal(0))
    if total < 0:
        raise ValueError("WPS must not be negative")
    value = total.quantize(Decimal(1), rounding=ROUND_CEILING)
    reason = f"suma roszczeń {money(total)} zł zaokrąglona w górę do pełnego złotego"
    contested = value != total
    return Figure(
        money(value),
        (*WPS_CITES, ROUND_UP),
        reason,
        contested=contested,
        alternative=money(total) if contested else None,
    )


def base_fee(value: Decimal) -> tuple[Decimal, Cite]:
    """Full fee of art. 13 u.k.s.c. for a WPS of ``value`` (unrounded, in grosze)."""
    for upper, fee in COURT_FEE_BRACKETS:
        if value <= upper:
            return fee, ART_13_1
    return min(value * PROPORTIONAL_RATE, PROPORTIONAL_CAP), ART_13_2


def court_fee(value: Decimal, procedure: Procedure) -> Figure[Decimal]:
    """Fee on a pozew of WPS ``value`` (already rounded up) in ``procedure``."""
    if value < 0:
        raise ValueError("WPS must not be negative")
    fee, cite = base_fee(value)
    cites = [cite]
    reason = f"WPS {money(value)} zł -> opłata {money(fee)} zł"
    fraction = FRACTION.get(procedure)
    if fraction is not None:
        fee = max(fee * fraction, FRACTION_FLOOR)
        cites.append(ART_19)
        reason += f"; {procedure.value}: 1/4, nie mniej niż 30 zł"
    return Figure(money(fee), tuple(cites), reason)


def court_fee_for_claims(amounts: Iterable[Decimal], procedure: Procedure) -> Figure[Decimal]:
    """Court fee for claims ``amounts``; flags the WPS rounding point (F5) as contested."""
    value = wps(amounts)
    fee = court_fee(value.value, procedure)
    if value.alternative is not None:
        alt = court_fee(value.alternative, procedure).value
        if alt != fee.value:
            return Figure(
                fee.value,
                (*fee.cites, ROUND_UP),
                fee.reason + f"; bez zaokrąglenia WPS: {alt} zł (UNCONFIRMED)",
                contested=True,
                alternative=alt,
            )
    return fee
