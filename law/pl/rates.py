"""Interest rate tables: NBP reference rate history and the rates derived from it.

* Statutory delay interest (odsetki ustawowe za opóźnienie, art. 481 §2 KC) = reference
  rate + 5.5 pp, changing on the day the reference rate changes; maximum = 2x (art. 481 §2^1).
* Commercial interest (odsetki za opóźnienie w transakcjach handlowych, art. 4 pkt 3
  u.p.n.o.t.h.) = reference rate in force on 1 January (for H1) or 1 July (for H2) (art. 11b)
  + 8 pp until 31.12.2019, + 10 pp from 1.01.2020 (+ 8 pp for public healthcare debtors).

The table is code: add a row when the RPP changes the rate (cite the source) and move
``VERIFIED_THROUGH`` to the last day a source confirms. Rates before 2016-01-01 are not
covered (the art. 481 regime changed then) and raise ``RateUnavailable``.

Verified through (K9): the reference rate is confirmed unchanged at 3,75 % through
30.04.2026 (RPP, April 2026); later days reuse the last row, so interest for a day after
``verified_through(kind)`` is computed on the assumption that nothing changed and
``rate_assumption`` / ``rate_assumption_finding`` say so in Polish. Commercial interest is
fixed per half-year by the rate on 1 July (art. 11b): 13,75 % for H2 2026 is published
(obwieszczenie M.P. 2026 poz. 642), so commercial rates are verified through 31.12.2026.

References:
    * polish_law.md 5.1-5.3; ZUS odsetki [S61], kompendiumprawne [S63], dziennik.pl [S64],
      e-pik [S62], wp.pl [S65], infor.pl [S66], newsfin/infor [S67], [S68].
    * u.p.n.o.t.h. art. 4 pkt 3 (Dz.U. 2023 poz. 1790) [S69]; art. 11b [S70];
      obwieszczenia M.P. 2016-2021 [S71].
    * polish_law.md 0b K9: 3,75 % confirmed unchanged by the RPP in April 2026; commercial
      interest H2 2026 13,75 % (obwieszczenie M.P. 2026 poz. 642, primary text not seen).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from law.citation import Cite
from law.findings import Finding, Severity

FIRST_SUPPORTED_DAY = date(2016, 1, 1)


class RateUnavailable(ValueError):
    """No rate is known for the requested day (before 2016 or before the first table row)."""


# Last day the table is confirmed by a source (K9): RPP kept 3,75 % in April 2026.
VERIFIED_THROUGH = date(2026, 4, 30)
VERIFIED_SOURCE = "RPP, kwiecień 2026: stopa referencyjna 3,75 % bez zmian (polish_law.md 0b K9)"
# Commercial interest for H2 2026 is published: 13,75 % (M.P. 2026 poz. 642), so the
# half-year rate (art. 11b) is known through its last day.
COMMERCIAL_VERIFIED_THROUGH = date(2026, 12, 31)
COMMERCIAL_VERIFIED_SOURCE = (
    "obwieszczenie M.P. 2026 poz. 642: odsetki handlowe w II półroczu 2026 13,75 % "
    "(polish_law.md 0b K9)"
)
# (half-year start, published commercial rate %, source): checked against the table by tests
PUBLISHED_COMMERCIAL_RATES: tuple[tuple[date, Decimal, Cite], ...] = (
    (date(2026, 7, 1), Decimal("13.75"), Cite("M.P. 2026", "poz. 642")),
)
RATES_ASSUMED_UNCHANGED = "rates_assumed_unchanged"  # finding code


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

# The bases of the interest, the provision that grants it first (K12): commercial interest is
# art. 7 ust. 1 u.p.n.o.t.h. (entitlement) with art. 4 pkt 3 (rate) and art. 11b (half-year).
CITES: dict[InterestKind, tuple[Cite, ...]] = {
    InterestKind.STATUTORY: (Cite("KC", "art. 481 §2"),),
    InterestKind.COMMERCIAL: (
        Cite("u.p.n.o.t.h.", "art. 7 ust. 1"),
        Cite("u.p.n.o.t.h.", "art. 4 pkt 3 lit. b"),
        Cite("u.p.n.o.t.h.", "art. 11b"),
    ),
    InterestKind.COMMERCIAL_HEALTHCARE: (
        Cite("u.p.n.o.t.h.", "art. 7 ust. 1"),
        Cite("u.p.n.o.t.h.", "art. 4 pkt 3 lit. a"),
        Cite("u.p.n.o.t.h.", "art. 11b"),
    ),
}

# Polish names of the kinds, for the reasons a partner reads (the enum values stay codes).
KIND_NAMES: dict[InterestKind, str] = {
    InterestKind.STATUTORY: "odsetki ustawowe za opóźnienie",
    InterestKind.COMMERCIAL: "odsetki ustawowe za opóźnienie w transakcjach handlowych",
    InterestKind.COMMERCIAL_HEALTHCARE: (
        "odsetki ustawowe za opóźnienie w transakcjach handlowych (podmiot leczniczy)"
    ),
}


def reference_rate(on: date) -> Decimal:
    """NBP reference rate (%) in force on ``on``."""
    if on < REFERENCE_RATES[0][0]:
        raise RateUnavailable(f"brak stopy referencyjnej NBP dla dnia {on:%d.%m.%Y}")
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
        raise RateUnavailable(
            f"stopy odsetek sprzed 1.01.2016 nie są w tabeli (dzień {on:%d.%m.%Y})"
        )
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


def verified_through(kind: InterestKind) -> date:
    """Last day for which the rate of ``kind`` is confirmed by a source (K9)."""
    if kind is InterestKind.STATUTORY:
        return VERIFIED_THROUGH
    return COMMERCIAL_VERIFIED_THROUGH


def rate_assumption(kind: InterestKind, end: date) -> str | None:
    """Polish note when interest of ``kind`` up to ``end`` runs past the verified table.

    >>> rate_assumption(InterestKind.STATUTORY, date(2026, 4, 30)) is None
    True
    >>> rate_assumption(InterestKind.STATUTORY, date(2026, 5, 1))[:36]
    'Odsetki za okres po 30.04.2026 oblic'
    """
    through = verified_through(kind)
    if end <= through:
        return None
    return (
        f"Odsetki za okres po {through:%d.%m.%Y} obliczono przy założeniu, że stopa "
        f"referencyjna NBP nie zmieniła się ({_verified_marker(through)})."
    )


def _verified_marker(through: date) -> str:
    return f"tabela zweryfikowana do {through:%d.%m.%Y}"


def assumption_is_current(message: str) -> bool:
    """Whether a stored ``rate_assumption`` message names a verified-through day of the table
    as it is now. False once ``VERIFIED_THROUGH`` / ``COMMERCIAL_VERIFIED_THROUGH`` moved (the
    table was extended, perhaps with a new rate), so a draft made with the older table is
    computed again (K9). A row added without moving those days is not detected."""
    return any(_verified_marker(verified_through(kind)) in message for kind in InterestKind)


def rate_assumption_finding(kind: InterestKind, end: date, subject: str = "") -> Finding | None:
    """``rate_assumption`` as a finding for the partner (code ``rates_assumed_unchanged``)."""
    message = rate_assumption(kind, end)
    if message is None:
        return None
    cite = "; ".join(str(c) for c in CITES[kind])
    return Finding(RATES_ASSUMED_UNCHANGED, Severity.WARNING, message, subject, cite)
