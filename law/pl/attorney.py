"""Attorney fees (koszty zastępstwa procesowego) - minimum rates.

§ 2: ordinary proceedings (and after an effective sprzeciw / zarzuty, § 3 ust. 2);
§ 3: postępowanie upominawcze, EPU, nakazowe, European order for payment. Brackets
"ponad X do Y", upper bound inclusive. Plus 17 zł stamp duty on the power of attorney.
Radcowie prawni and adwokaci regulations are identical; rates unchanged since 27.10.2016.

References:
    * Rozporządzenie MS z 22.10.2015 w sprawie opłat za czynności radców prawnych
      (t.j. Dz.U. 2026 poz. 118) [S56]; adwokaci (t.j. Dz.U. 2023 poz. 1964) [S57]; [S58].
    * Ustawa o opłacie skarbowej art. 1 ust. 1 pkt 2 (17 zł) [S55].
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from law.citation import Cite, Figure, money
from law.pl.fees import STAMP_DUTY, Procedure
from law.pl.text import pl_money

_INF = Decimal("Infinity")
PAR_2: tuple[tuple[Decimal, Decimal], ...] = (
    (Decimal(500), Decimal(90)),
    (Decimal(1500), Decimal(270)),
    (Decimal(5000), Decimal(900)),
    (Decimal(10000), Decimal(1800)),
    (Decimal(50000), Decimal(3600)),
    (Decimal(200000), Decimal(5400)),
    (Decimal(2000000), Decimal(10800)),
    (Decimal(5000000), Decimal(15000)),
    (_INF, Decimal(25000)),
)
PAR_3: tuple[tuple[Decimal, Decimal], ...] = (
    (Decimal(500), Decimal(60)),
    (Decimal(1500), Decimal(180)),
    (Decimal(5000), Decimal(600)),
    (Decimal(10000), Decimal(1200)),
    (Decimal(50000), Decimal(2400)),
    (Decimal(200000), Decimal(3600)),
    (_INF, Decimal(7200)),
)
REGULATION = "rozp. MS 22.10.2015"
STAMP_CITE = Cite("ustawa o opłacie skarbowej", "art. 1 ust. 1 pkt 2")
# Polish names of the procedures, for the reason a partner reads
PROCEDURE_NAMES: dict[Procedure, str] = {
    Procedure.STANDARD: "postępowanie zwykłe",
    Procedure.UPOMINAWCZE: "postępowanie upominawcze",
    Procedure.NAKAZOWE: "postępowanie nakazowe",
    Procedure.EPU: "elektroniczne postępowanie upominawcze",
}


@dataclass(frozen=True, slots=True)
class AttorneyFee:
    fee: Figure[Decimal]
    stamp_duty: Figure[Decimal]

    @property
    def total(self) -> Decimal:
        return self.fee.value + self.stamp_duty.value


def uses_par_3(procedure: Procedure) -> bool:
    return procedure in (Procedure.UPOMINAWCZE, Procedure.NAKAZOWE, Procedure.EPU)


def attorney_fee(value: Decimal, procedure: Procedure) -> AttorneyFee:
    """Minimum attorney fee for WPS ``value`` in ``procedure`` plus the 17 zł stamp duty."""
    if value < 0:
        raise ValueError("WPS nie może być ujemna")
    par_3 = uses_par_3(procedure)
    table = PAR_3 if par_3 else PAR_2
    fee = next(f for upper, f in table if value <= upper)
    paragraph = "§ 3" if par_3 else "§ 2"
    cites = (Cite(REGULATION, paragraph),)
    reason = (
        f"WPS {pl_money(value)}, {PROCEDURE_NAMES[procedure]}: {paragraph} "
        f"rozporządzenia - {pl_money(fee)}"
    )
    stamp = Figure(money(STAMP_DUTY), (STAMP_CITE,), "opłata skarbowa od pełnomocnictwa")
    return AttorneyFee(Figure(money(fee), cites, reason), stamp)
