"""Interest rate tables: NBP reference rate history and the rates derived from it.

* Statutory delay interest (odsetki ustawowe za opóźnienie, art. 481 §2 KC) = reference
  rate + 5.5 pp, changing on the day the reference rate changes; maximum = 2x (art. 481 §2^1).
* Commercial interest (odsetki za opóźnienie w transakcjach handlowych, art. 4 pkt 3
  u.p.n.o.t.h.) = reference rate in force on 1 January (for H1) or 1 July (for H2) (art. 11b)
  + 8 pp until 31.12.2019, + 10 pp from 1.01.2020 (+ 8 pp for public healthcare debtors).

The table is code: add a row when the RPP changes the rate (cite the source). Rates before
2016-01-01 are not covered (the art. 481 regime changed then) and raise ``RateUnavailable``.

References:
    * polish_law.md 5.1-5.3; ZUS odsetki [S61], kompendiumprawne [S63], dziennik.pl [S64],
      e-pik [S62], wp.pl [S65], infor.pl [S66], newsfin/infor [S67], [S68].
    * u.p.n.o.t.h. art. 4 pkt 3 (Dz.U. 2023 poz. 1790) [S69]; art. 11b [S70];
      obwieszczenia M.P. 2016-2021 [S71].
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from law.citation import Cite

FIRST_SUPPORTED_DAY = date(2016, 1, 1)


class RateUnavailable(ValueError):
    """No rate is known for the requested day (before 2016 or before the first table row)."""


class InterestKind(StrEnum):
    STATUTORY = "statutory"  # art. 481 §2 KC
    COMMERCIAL = "commercial"  # art. 4 pkt 3 lit. b u.p.n.o.t.h.
    COMMERCIAL_HEALTHCARE = "commercial-healthcare"  # art. 4 pkt 3 lit. a u.p.n.o.t.h.


# (effective from, NBP reference rate in %), source per row.
REFERENCE_RATES: tuple[tuple[date, Decimal], ...] = (
    (date(2015, 3, 5), Decimal("1.50")),  # [S61][S63]
    (date(2020, 3, 18), Decimal("1.00")),  # [S61][S63]
    (date(2020, 4, 9), Decimal("0.50")),  # [S61][S63]
    (date(2020, 5, 29), Decimal("0.10")),  # [S61][S63]
    (date(2021, 10, 7), Decimal("0.50")),  # [S61][S64]
    (date(2021, 11, 4), Decimal("1.25")),  # [S61]
    (date(2021, 12, 9), Decimal("1.75")),  # [S61][S64]
    (date(2022, 1, 5), Decimal("2.25")),  # [S61][S64]
    (date(2022, 2, 9), Decimal("2.75")),  # [S62]
    (date(2022, 3, 9), Decimal("3.50")),  # [S61]
    (date(2022, 4, 7), Decimal("4.50")),  # [S61][S72]
    (date(2022, 5, 6), Decimal("5.25")),  # [S61][S65]
    (date(2022, 6, 9), Decimal("6.00")),  # [S61]
    (date(2022, 7, 8), Decimal("6.50")),  # [S61]
    (date(2022, 9, 8), Decimal("6.75")),  # [S61]
    (date(2023, 9, 7), Decimal("6.00")),  # [S61]
    (date(2023, 10, 5), Decimal("5.75")),  # [S61][S66]
    (date(2025, 5, 8), Decimal("5.25")),  # [S66]
    (date(2025, 7, 3), Decimal("5.00")),  # [S66]
    (date(2025, 9, 4), Decimal("4.75")),  # [S66]
    (date(2025, 10, 9), Decimal("4.50")),  # [S66]
    (date(2025, 11, 6), Decimal("4.25")),  # [S67]
    (date(2025, 12, 4), Decimal("4.00")),  # [S67]; unchanged Jan & Feb 2026 [S68]
    (date(2026, 3, 5), Decimal("3.75")),  # [S68]
)

STATUTORY_MARGIN = Decimal("5.5")  # art. 481 §2 KC
COMMERCIAL_MARGIN_UNTIL_2019 = Decimal("8")  # art. 4 pkt 3 u.p.n.o.t.h. before 1.01.2020
COMMERCIAL_MARGIN = Decimal("10")  # art. 4 pkt 3 lit. b, from 1.01.2020
HEALTHCARE_MARGIN = Decimal("8")  # art. 4 pkt 3 lit. a, from 1.01.2020
COMMERCIAL_MARGIN_CHANGE = date(2020, 1, 1)  # act of 19.07.2019, Dz.U. 2019 poz. 1649

CITES: dict[InterestKind, tuple[Cite, ...]] = {
    InterestKind.STATUTORY: (Cite("KC", "art. 481 §2"),),
    InterestKind.COMMERCIAL: (
        Cite("u.p.n.o.t.h.", "art. 4 pkt 3 lit. b"),
        Cite("u.p.n.o.t.h.", "art. 11b"),
    ),
    InterestKind.COMMERCIAL_HEALTHCARE: (
        Cite("u.p.n.o.t.h.", "art. 4 pkt 3 lit. a"),
        Cite("u.p.n.o.t.h.", "art. 11b"),
    ),
}


def reference_rate(on: date) -> Decimal:
    """NBP reference rate (%) in force on ``on``."""
    if on < REFERENCE_RATES[0][0]:
        raise RateUnavailable(f"no NBP reference rate known for {on.isoformat()}")
    current = REFERENCE_RATES[0][1]
    for since, rate in REFERENCE_RATES:
        if since > on:
            break
        current = rate
    return current


def _anchor(on: date) -> date:
    """1 January or 1 July of the half-year containing ``on`` (art. 11b u.p.n.o.t.h.)."""
    return date(on.year, 1 if on.month <= 6 else 7, 1)


def annual_rate(kind: InterestKind, on: date) -> Decimal:
    """Annual interest rate (%) of ``kind`` for the day ``on``."""
    if on < FIRST_SUPPORTED_DAY:
        raise RateUnavailable(f"interest rates before 2016-01-01 are not tabled ({on})")
    if kind is InterestKind.STATUTORY:
        return reference_rate(on) + STATUTORY_MARGIN
    ref = reference_rate(_anchor(on))
    if on < COMMERCIAL_MARGIN_CHANGE:
        return ref + COMMERCIAL_MARGIN_UNTIL_2019
    if kind is InterestKind.COMMERCIAL_HEALTHCARE:
        return ref + HEALTHCARE_MARGIN
    return ref + COMMERCIAL_MARGIN


def max_statutory_delay_rate(on: date) -> Decimal:
    """Maximum contractual delay interest (%): 2 x statutory delay rate (art. 481 §2^1 KC)."""
    return 2 * annual_rate(InterestKind.STATUTORY, on)


def change_days(kind: InterestKind, start: date, end: date) -> list[date]:
    """Days within (start, end] on which the rate of ``kind`` may change."""
    if kind is InterestKind.STATUTORY:
        candidates = [since for since, _ in REFERENCE_RATES]
    else:
        candidates = [date(y, m, 1) for y in range(start.year, end.year + 1) for m in (1, 7)]
    return sorted(d for d in candidates if start < d <= end)
