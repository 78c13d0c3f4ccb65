"""Value of the dispute (WPS) and court fees (opłata od pozwu).

WPS: the amount claimed (art. 19 §1 KPC), without interest and costs claimed alongside
(art. 20), several claims added (art. 21), stated in full złoty rounded up (art. 126^1 §3 -
article number and application to exact sums UNCONFIRMED, F5). Fee: art. 13 u.k.s.c. brackets
("ponad X do Y", upper bound inclusive), above 20 000 zł 5 % of the WPS capped at 100 000 zł
for pleadings filed from 23.09.2025 (200 000 zł before: a dated rule by the filing day, K2);
1/4 for nakazowe and EPU (art. 19 ust. 2) with a 30 zł floor, so capped at 25 000 zł (50 000
zł before). Every fee is paid in full złoty rounded up (art. 21 u.k.s.c., K1): 1/4 of 750 zł
is 188 zł, not 187,50 zł. Rounding the full fee first does not change a fraction's result
(ceil(x/4) = ceil(ceil(x)/4)).

References:
    * KPC art. 19-21 [S53][S54]; u.k.s.c. art. 13 (Dz.U. 2023 poz. 1144) [S49][S51];
      art. 19 [S50]; e-Sąd fee table [S52][S52b]; opłata skarbowa 17 zł [S55].
    * u.k.s.c. art. 21 (rounding up to the full złoty): polish_law.md 0b K1 - SO Warszawa
      I C 180/17 (saos.org.pl/judgments/316029), practitioner examples, public calculators.
    * Cap 100 000 zł from 23.09.2025: act amending u.k.s.c., Dz.U. 2025 poz. 1157
      (polish_law.md 0b K2; gazetaprawna.pl 9893792, 9868582; rp.pl 42908941).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
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
PROPORTIONAL_CAP = Decimal(200000)  # art. 13 ust. 2, pleadings filed before 23.09.2025
PROPORTIONAL_CAP_2025 = Decimal(100000)  # art. 13 ust. 2 as amended by Dz.U. 2025 poz. 1157
FEE_TABLE_FROM = date(2019, 8, 21)  # art. 13 u.k.s.c. as tabled here; earlier filings: no rule
CAP_CHANGED_ON = date(2025, 9, 23)  # Dz.U. 2025 poz. 1157 in force for pleadings filed then
FRACTION = {Procedure.NAKAZOWE: Decimal("0.25"), Procedure.EPU: Decimal("0.25")}
FRACTION_LABEL = {
    Procedure.NAKAZOWE: "postępowanie nakazowe",
    Procedure.EPU: "elektroniczne postępowanie upominawcze",
}
FRACTION_FLOOR = Decimal(30)  # [S52]; statutory article UNCONFIRMED (art. 21 u.k.s.c.?)
REASONS_FEE = Decimal(100)  # wniosek o uzasadnienie wyroku [S51]
STAMP_DUTY = Decimal(17)  # opłata skarbowa od pełnomocnictwa [S55]

WPS_CITES = (Cite("KPC", "art. 19 §1"), Cite("KPC", "art. 20"), Cite("KPC", "art. 21"))
ROUND_UP = Cite("KPC", "art. 126^1 §3")
ART_13_1 = Cite("u.k.s.c.", "art. 13 ust. 1")
ART_13_2 = Cite("u.k.s.c.", "art. 13 ust. 2")
ART_19 = Cite("u.k.s.c.", "art. 19 ust. 2")
ART_21 = Cite("u.k.s.c.", "art. 21")
CAP_2025 = Cite("Dz.U. 2025", "poz. 1157")


def _zl(value: Decimal) -> str:
    """``63345`` -> ``63 345``, ``791.8125`` -> ``791,81`` (Polish spelling, for reasons)."""
    amount = money(value)
    whole, frac = f"{abs(amount):.2f}".split(".")
    groups: list[str] = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = " ".join(groups)
    return ("-" if amount < 0 else "") + (text if frac == "00" else f"{text},{frac}")


def full_zloty(value: Decimal) -> Decimal:
    """A fee rounded up to the full złoty (art. 21 u.k.s.c., K1): 187.50 -> 188."""
    return value.quantize(Decimal(1), rounding=ROUND_CEILING)


def wps(amounts: Iterable[Decimal]) -> Figure[Decimal]:
    """WPS of the claims ``amounts`` (principal, not interest), rounded up to full złoty."""
    total = sum(amounts, Decimal(0))
    if total < 0:
        raise ValueError("WPS nie może być ujemna")
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


class FeeTableUnavailable(ValueError):
    """The filing day is before the fee table coded here (21.08.2019)."""


def proportional_cap(filed_on: date) -> Figure[Decimal]:
    """Cap of the 5 % fee of art. 13 ust. 2 u.k.s.c. for a pleading filed on ``filed_on``.

    Raises ``FeeTableUnavailable`` for a filing day before 21.08.2019 (another table).
    """
    if filed_on < FEE_TABLE_FROM:
        raise FeeTableUnavailable(
            "tabela opłat (art. 13 u.k.s.c. w brzmieniu od 21.08.2019) nie obejmuje pism "
            f"wniesionych {filed_on:%d.%m.%Y}"
        )
    if filed_on >= CAP_CHANGED_ON:  # Dz.U. 2025 poz. 1157: cap cut to 100 000 zł
        return Figure(
            PROPORTIONAL_CAP_2025,
            (ART_13_2, CAP_2025),
            "pismo wniesione od 23.09.2025: opłata stosunkowa nie wyższa niż 100 000 zł",
        )
    return Figure(
        PROPORTIONAL_CAP,
        (ART_13_2,),
        "pismo wniesione przed 23.09.2025: opłata stosunkowa nie wyższa niż 200 000 zł",
    )


def base_fee(value: Decimal, *, filed_on: date) -> tuple[Decimal, Cite]:
    """Full fee of art. 13 u.k.s.c. for a WPS of ``value`` filed on ``filed_on``.

    In full złoty rounded up (art. 21 u.k.s.c.): 5 % of 20 001 zł is 1 001 zł.
    """
    for upper, fee in COURT_FEE_BRACKETS:
        if value <= upper:
            return fee, ART_13_1
    cap = proportional_cap(filed_on).value
    return full_zloty(min(value * PROPORTIONAL_RATE, cap)), ART_13_2


def court_fee(value: Decimal, procedure: Procedure, *, filed_on: date) -> Figure[Decimal]:
    """Fee on a pozew of WPS ``value`` (already rounded up) in ``procedure`` filed on ``filed_on``.

    ``filed_on`` is the day the pozew is (to be) filed: it chooses the cap of art. 13 ust. 2
    (K2). The result is in full złoty rounded up (art. 21 u.k.s.c., K1).
    """
    if value < 0:
        raise ValueError("WPS nie może być ujemna")
    proportional_cap(filed_on)  # raises for a filing day outside the table
    exact: Decimal
    if any(value <= upper for upper, _ in COURT_FEE_BRACKETS):
        fee, cite = base_fee(value, filed_on=filed_on)
        exact = fee
        cites = [cite]
        reason = f"WPS {_zl(value)} zł: opłata stała {_zl(fee)} zł"
    else:
        cap = proportional_cap(filed_on)
        exact = min(value * PROPORTIONAL_RATE, cap.value)
        fee = full_zloty(exact)
        cites = [ART_13_2]
        reason = f"5% z WPS {_zl(value)} zł = {_zl(value * PROPORTIONAL_RATE)} zł"
        if value * PROPORTIONAL_RATE > cap.value:
            cites += [c for c in cap.cites if c != ART_13_2]
            reason += f", ograniczone do {_zl(cap.value)} zł ({cap.reason})"
    fraction = FRACTION.get(procedure)
    floor_applied = False
    if fraction is not None:
        exact = exact * fraction
        fee = full_zloty(exact)
        cites.append(ART_19)
        reason += f"; {FRACTION_LABEL[procedure]}: 1/4 = {_zl(exact)} zł"
        if fee < FRACTION_FLOOR:
            fee, floor_applied = FRACTION_FLOOR, True
            reason += f", nie mniej niż {_zl(FRACTION_FLOOR)} zł"
    if not floor_applied and fee != exact:
        cites.append(ART_21)
        reason += f"; zaokrąglone w górę do pełnego złotego: {_zl(fee)} zł"
    return Figure(money(fee), tuple(cites), reason)


def court_fee_for_claims(
    amounts: Iterable[Decimal], procedure: Procedure, *, filed_on: date
) -> Figure[Decimal]:
    """Court fee for claims ``amounts``; flags the WPS rounding point (F5) as contested."""
    value = wps(amounts)
    fee = court_fee(value.value, procedure, filed_on=filed_on)
    if value.alternative is not None:
        alt = court_fee(value.alternative, procedure, filed_on=filed_on).value
        if alt != fee.value:
            return Figure(
                fee.value,
                (*fee.cites, ROUND_UP),
                fee.reason + f"; bez zaokrąglenia WPS: {_zl(alt)} zł (sporne)",
                contested=True,
                alternative=alt,
            )
    return fee
