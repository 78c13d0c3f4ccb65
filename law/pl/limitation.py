"""Limitation of claims (przedawnienie roszczeń), KC art. 117-125.

Theory of operation (polish_law.md 1.6):

    start   = wymagalność = payment deadline, moved by art. 115 KC off a Saturday or a
              holiday (polish_law.md 0b K3), + 1 (art. 120 §1); the conservative readings
              (the unmoved deadline + 1, and the deadline itself, L8) are computed too
    readings: ``expires_on`` is the earliest (conservative) end, ``alternative_expires_on``
              the latest; a claim is time-barred only when barred under every reading
              (K4: ``barred``); barred under the conservative reading only, it is alive and
              urgent (``urgent``: file now, argue the dominant view)
    raw_end = start + term (art. 112: same date, 29 Feb -> 28 Feb)
    end     = 31 Dec of raw_end's year if term >= 2 years (art. 118 sent. 2)
    no art. 115 weekend shift (SN III CZP 21/23)
    acknowledgement / partial payment / instalment request on or before ``end``: runs anew
              from that day (art. 123 §1 pkt 2, 124 §1)
    filing on or before ``end``: interrupted, does not run anew until proceedings end
              (art. 123 §1 pkt 1, 124 §2) -> expires_on None
    mediation / conciliation: suspended while it lasts (art. 121 pkt 5-6); interplay with
              the year-end rule contested (L14) -> both views
    start before 9.07.2018: art. 5 of the act of 13.04.2018 (the earlier of the old term from
              the old start and the new term from 9.07.2018)

Expected outcomes are values: a time-barred claim is a result with ``status() == EXPIRED``.

References:
    * KC art. 117-125 (polish_law.md 1.1-1.5) [S1]-[S18]; art. 554 [S19], 646 [S20],
      751 [S22], 778 [S23], 792 [S24], 803 [S25]; Prawo przewozowe art. 77 [S26].
    * SN III CZP 21/23 of 22.05.2024 [S31]; SN resolution of 23.10.2025 (art. 125) [S18].
    * Art. 115 KC moves the payment deadline, hence the start (polish_law.md 0b K3); contested
      readings never block alone (0b K4).
    * Act of 13.04.2018 (Dz.U. 2018 poz. 1104) art. 5 [S4][S5].
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from law.citation import Cite
from law.pl.calendar import add_years, payment_deadline
from law.pl.text import pl_date

REFORM_DAY = date(2018, 7, 9)  # act of 13.04.2018 in force
MEDIATION_AS_SUSPENSION = date(2022, 6, 30)  # art. 121 pkt 5-6 since 30.06.2022


class Basis(StrEnum):
    SALE = "sale"  # art. 554 KC
    SERVICES = "services"  # art. 751 pkt 1 KC
    WORK = "work"  # art. 646 KC
    BUSINESS = "business"  # art. 118 KC, claims connected with running a business
    PERIODIC = "periodic"  # art. 118 KC, świadczenia okresowe
    GENERAL = "general"  # art. 118 KC
    CARRIAGE = "carriage"  # Prawo przewozowe art. 77 / KC art. 778, 792
    FORWARDING = "forwarding"  # art. 803 KC
    JUDGMENT = "judgment"  # art. 125 §1 KC


@dataclass(frozen=True, slots=True)
class _Rule:
    years: int
    old_years: int  # before 9.07.2018
    cites: tuple[Cite, ...]


RULES: dict[Basis, _Rule] = {
    Basis.SALE: _Rule(2, 2, (Cite("KC", "art. 554"),)),
    Basis.SERVICES: _Rule(2, 2, (Cite("KC", "art. 751 pkt 1"),)),
    Basis.WORK: _Rule(2, 2, (Cite("KC", "art. 646"),)),
    Basis.BUSINESS: _Rule(3, 3, (Cite("KC", "art. 118"),)),
    Basis.PERIODIC: _Rule(3, 3, (Cite("KC", "art. 118"),)),
    Basis.GENERAL: _Rule(6, 10, (Cite("KC", "art. 118"),)),
    Basis.CARRIAGE: _Rule(
        1, 1, (Cite("Prawo przewozowe", "art. 77"), Cite("KC", "art. 778"), Cite("KC", "art. 792"))
    ),
    Basis.FORWARDING: _Rule(1, 1, (Cite("KC", "art. 803"),)),
    Basis.JUDGMENT: _Rule(6, 10, (Cite("KC", "art. 125 §1"),)),
}

YEAR_END = Cite("KC", "art. 118 zd. 2")
NO_SHIFT = Cite("SN", "III CZP 21/23")
START = Cite("KC", "art. 120 §1")
DEADLINE_MOVED = Cite("KC", "art. 115")
ACKNOWLEDGEMENT = Cite("KC", "art. 123 §1 pkt 2")
RUNS_ANEW = Cite("KC", "art. 124 §1")
FILING = Cite("KC", "art. 123 §1 pkt 1")
DURING_PROCEEDINGS = Cite("KC", "art. 124 §2")
SUSPENSION = Cite("KC", "art. 121 pkt 5-6")
TRANSITIONAL = Cite("ustawa z 13.04.2018", "art. 5")
CONSUMER = Cite("KC", "art. 117 §2^1")
JUDGMENT_YEAR_END = Cite("SN", "uchwała z 23.10.2025")


class Status(StrEnum):
    OK = "ok"
    NEAR = "near"
    EXPIRED = "expired"
    INTERRUPTED = "interrupted"  # by filing; runs anew after the proceedings end


@dataclass(frozen=True, slots=True)
class LimitationResult:
    """When a claim becomes time-barred; ``expires_on`` is the conservative (earliest) date."""

    basis: Basis
    starts_on: date
    expires_on: date | None  # None while interrupted by filing (art. 124 §2)
    alternative_expires_on: date | None
    contested: bool
    cites: tuple[Cite, ...]
    reason: str
    consumer_ex_officio: bool = False  # court applies expiry ex officio (art. 117 §2^1)
    interrupted_by_filing_on: date | None = None
    restarted_on: date | None = None  # last interruption by acknowledgement (art. 124 §1)
    notes: tuple[str, ...] = field(default=())
    # The payment deadline after the art. 115 KC move (K3); None when it did not move.
    deadline_moved_to: date | None = None

    @property
    def latest_expires_on(self) -> date | None:
        """The end under the most favourable reading (the dominant view, K3/K4)."""
        return self.alternative_expires_on or self.expires_on

    def barred(self, reference_date: date) -> bool:
        """Time-barred under every reading on ``reference_date`` (K4): leave the claim out."""
        latest = self.latest_expires_on
        return latest is not None and reference_date > latest

    def urgent(self, reference_date: date) -> bool:
        """Barred under the conservative reading only: alive, file at once (K4)."""
        return (
            self.expires_on is not None
            and reference_date > self.expires_on
            and not self.barred(reference_date)
        )

    def watch_date(self, reference_date: date) -> date | None:
        """The day to watch: the conservative end while it is ahead, then the latest one."""
        if self.expires_on is None or self.barred(reference_date):
            return None
        return self.expires_on if reference_date <= self.expires_on else self.latest_expires_on

    def status(self, reference_date: date, warn_days: int = 90) -> Status:
        """ok / near / expired on ``reference_date``.

        Expired only when barred under every reading (K4); near when the conservative end is
        within ``warn_days`` or already past while a reading keeps the claim alive.
        """
        if self.expires_on is None:
            return Status.INTERRUPTED
        if self.barred(reference_date):
            return Status.EXPIRED
        if reference_date + timedelta(days=warn_days) >= self.expires_on:
            return Status.NEAR
        return Status.OK


def _cite_list(cites: Iterable[Cite]) -> str:
    return ", ".join(str(c) for c in cites)


def _year_end(day: date) -> date:
    return date(day.year, 12, 31)


def _new_law_end(start: date, years: int, judgment_year_end: bool) -> date:
    raw = add_years(start, years)
    return _year_end(raw) if years >= 2 and judgment_year_end else raw


def _expiry(
    start: date, basis: Basis, year_end_for_judgment: bool, pre_reform_year_end: bool = True
) -> tuple[date, list[str]]:
    """Expiry for a period that starts on ``start`` (incl. art. 5 of the 2018 act)."""
    rule = RULES[basis]
    apply_year_end = basis is not Basis.JUDGMENT or year_end_for_judgment
    notes: list[str] = []
    if start >= REFORM_DAY:
        return _new_law_end(start, rule.years, apply_year_end), notes
    old_end = add_years(start, rule.old_years)  # old law: no year-end rule
    if old_end < REFORM_DAY:
        notes.append(f"przedawnione przed 9.07.2018 według dawnych przepisów ({old_end})")
        return old_end, notes
    if rule.years < rule.old_years:
        new_end = _new_law_end(REFORM_DAY, rule.years, apply_year_end)
        notes.append(
            f"art. 5 ust. 2: nowy termin od 9.07.2018 ({new_end}), dawny ({old_end}) - wcześniejszy"
        )
        return min(old_end, new_end), notes
    if not pre_reform_year_end:
        notes.append("art. 5 ust. 1 bez reguły końca roku (ostrożnie; L7 UNCONFIRMED)")
        return add_years(start, rule.years), notes
    notes.append("art. 5 ust. 1: od 9.07.2018 nowe przepisy, także reguła końca roku (DERIVED)")
    return _new_law_end(start, rule.years, apply_year_end), notes


def _suspended_days(intervals: Iterable[tuple[date, date]], start: date, end: date) -> int:
    total = 0
    for first, last in intervals:
        first, last = max(first, start), min(last, end)
        if last >= first:
            total += (last - first).days + 1
    return total


def _run(
    start: date,
    basis: Basis,
    acknowledgements: tuple[date, ...],
    suspensions: tuple[tuple[date, date], ...],
    year_end_for_judgment: bool,
    suspension_after_year_end: bool,
    pre_reform_year_end: bool = True,
) -> tuple[date, date, list[str]]:
    """Return (start of the last running period, end, notes)."""
    notes: list[str] = []
    end, extra = _expiry(start, basis, year_end_for_judgment, pre_reform_year_end)
    notes += extra
    for ack in sorted(acknowledgements):
        if start <= ack <= end:
            start = ack
            end, extra = _expiry(start, basis, year_end_for_judgment, pre_reform_year_end)
            notes.append(f"przerwanie {pl_date(ack)}: biegnie na nowo")
    days = _suspended_days(suspensions, start, end)
    if days:
        rule = RULES[basis]
        uses_year_end = rule.years >= 2 and (basis is not Basis.JUDGMENT or year_end_for_judgment)
        if uses_year_end and not suspension_after_year_end and start >= REFORM_DAY:
            end = _year_end(add_years(start, rule.years) + timedelta(days=days))
        else:
            end = end + timedelta(days=days)
        notes.append(f"zawieszenie {days} dni (mediacja / zawezwanie do próby ugodowej)")
    return start, end, notes


def limitation(
    basis: Basis,
    due: date,
    *,
    handed_over: date | None = None,
    acknowledgements: Iterable[date] = (),
    filed: date | None = None,
    suspensions: Iterable[tuple[date, date]] = (),
    consumer: bool = False,
) -> LimitationResult:
    """Limitation of a claim whose payment deadline is ``due``.

    ``handed_over``: day the work was handed over (art. 646, basis WORK). ``acknowledgements``:
    days of uznanie (incl. partial payments and instalment requests). ``filed``: day a pozew /
    wniosek was filed. ``suspensions``: inclusive (first, last) mediation or conciliation
    intervals. For basis JUDGMENT ``due`` is the day the judgment became final.
    """
    rule = RULES[basis]
    acks = tuple(acknowledgements)
    susp = tuple(suspensions)
    moved = due
    cites: list[Cite] = [*rule.cites, START]
    reasons: list[str] = []
    if basis is Basis.WORK and handed_over is not None:
        starts = [handed_over]
        cites = [*rule.cites]
        reasons.append(f"od oddania dzieła {pl_date(handed_over)}")
    elif basis is Basis.JUDGMENT:
        starts = [due]
        reasons.append(f"od uprawomocnienia {pl_date(due)}")
    else:
        # position A: wymagalność = the deadline moved by art. 115 KC + 1 (K3, dominant);
        # conservative: the unmoved deadline + 1, and B: the deadline itself (L8)
        moved = payment_deadline(due)
        starts = list(dict.fromkeys([moved + timedelta(days=1), due + timedelta(days=1), due]))
        reasons.append(f"wymagalne {pl_date(starts[0])}")
        if moved != due:
            cites.append(DEADLINE_MOVED)
            reasons.append(
                f"termin płatności {pl_date(due)} przypadał na dzień wolny - upływa "
                f"{pl_date(moved)} (art. 115 KC)"
            )
    if rule.years >= 2:
        cites.append(YEAR_END)
    cites.append(NO_SHIFT)

    # Each variant: (start, judgment year-end?, suspension added after year-end?,
    # year-end for a pre-2018 claim whose term did not change (polish_law.md 8.5, L7)?)
    variants: list[tuple[date, bool, bool, bool]] = []
    for st in starts:
        variants.append((st, False, False, True))
        if basis is Basis.JUDGMENT:
            variants.append((st, True, False, True))
        if susp:
            variants.append((st, False, True, True))
        if st < REFORM_DAY and rule.years == rule.old_years:
            variants.append((st, False, False, False))
    outcomes = [_run(st, basis, acks, susp, *flags) for st, *flags in variants]
    ends = sorted({end for _, end, _ in outcomes})
    conservative = ends[0]
    alternative = ends[-1] if len(ends) > 1 else None
    notes: list[str] = []
    for _, end, extra in outcomes:
        if end == conservative:
            notes = extra
            break
    final_start = next(start for start, end, _ in outcomes if end == conservative)

    if any(a <= conservative for a in acks):
        cites += [ACKNOWLEDGEMENT, RUNS_ANEW]
    if susp:
        cites.append(SUSPENSION)
    if starts[0] < REFORM_DAY:
        cites.append(TRANSITIONAL)
    if basis is Basis.JUDGMENT:
        cites.append(JUDGMENT_YEAR_END)
    if consumer:
        cites.append(CONSUMER)
    if alternative is not None:
        reasons.append(f"stanowisko sporne: alternatywnie {pl_date(alternative)}")
    reasons += notes

    expires_on: date | None = conservative
    interrupted = None
    if filed is not None and filed <= conservative:
        cites += [FILING, DURING_PROCEEDINGS]
        interrupted = filed
        reasons.append(
            f"przerwane wniesieniem {pl_date(filed)}; biegnie na nowo po zakończeniu postępowania"
        )
        expires_on = None
        alternative = None
    elif filed is not None:
        reasons.append(f"wniesienie {pl_date(filed)} po upływie terminu - nie przerywa")
    if consumer:
        reasons.append("konsument: sąd uwzględnia przedawnienie z urzędu (art. 117 §2^1 KC)")
    return LimitationResult(
        basis=basis,
        starts_on=starts[0],
        expires_on=expires_on,
        alternative_expires_on=alternative,
        contested=alternative is not None,
        cites=tuple(dict.fromkeys(cites)),
        reason="; ".join([f"termin {rule.years} r. ({_cite_list(rule.cites)})", *reasons]),
        consumer_ex_officio=consumer,
        interrupted_by_filing_on=interrupted,
        restarted_on=final_start if final_start not in starts else None,
        notes=tuple(notes),
        deadline_moved_to=moved if moved != due else None,
    )
