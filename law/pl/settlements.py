"""Settlements (ugoda pozasądowa / sądowa) and instalment plans: the schedule, interest on a
late instalment, the acceleration clause, allocation of payments and the plan's status.

Theory of operation. A settlement fixes what the debtor pays (the settled sum plus the costs
the debtor takes over) in instalments. Each instalment's agreed payment day moves under art.
115 KC when it falls on a Saturday or a holiday (``law.pl.calendar.payment_deadline``, K3);
the delay starts the day after the moved day. The acceleration clause (a term of the
contract) gives a grace period of N days after a missed instalment's moved day, itself moved
under art. 115 KC; an instalment not paid in full by the end of the grace period makes the
whole rest due (natychmiastowa wymagalność) on the next day, and the plan is broken. Payments
are simulated in date order: each first covers the interest accrued on the instalment it
goes to (art. 451 §1 zd. 2 KC, as ``law.pl.payments``), then its amount; it goes to the
instalment the debtor named, else to the oldest one due (art. 451 §3 KC); a surplus flows to
the next one. Interest on a late instalment follows the settlement's terms: none, statutory
delay interest (art. 481 §1-2 KC, ``law.pl.interest``), or a contractual rate capped day by
day at the maximum delay interest (art. 481 §2^1 KC: twice the statutory rate; a higher
agreed rate yields the maximum, art. 481 §2^2 KC - UNCONFIRMED, not in the reference).

Limitation: the settlement (like the debtor's instalment request) is an acknowledgement of
the claim (uznanie, art. 123 §1 pkt 2 KC): limitation runs anew from its day (art. 124 §1).
A claim confirmed by a court settlement (ugoda sądowa) expires after 6 years (art. 125 §1
KC, year-end rule per SN 23.10.2025); its start on the day the settled sum becomes due is
UNCONFIRMED (the reference names finality for judgments only).

References (polish_law.md):
    * KC art. 115 (payment deadlines, 0b K3) [S29][S30]; KC art. 111 §2 (days counted from
      the day after the event).
    * KC art. 451 §1 zd. 2, §3 (allocation; 5.1, as ``law.pl.payments``).
    * KC art. 481 §1-2, §2^1 (delay interest, its maximum) [S60][S61]; §2^2 UNCONFIRMED.
    * KC art. 123 §1 pkt 2, art. 124 §1 (acknowledgement, incl. a request for instalments)
      [S14][S15][S16] CONFIRMED; art. 125 §1 (court settlement: 6 years) [S18] CONFIRMED.
    * KC art. 917 (ugoda), art. 353^1 (freedom of contract: the acceleration clause), KPC
      art. 10, 223 §1 (court settlement), art. 355 §1 (umorzenie), art. 203 (cofnięcie
      pozwu), art. 777 §1 pkt 1 (a court settlement as an enforcement title): not in the
      reference - UNCONFIRMED.
    * Equal instalments: the grosze left over by the division go to the last instalment
      (house convention, DERIVED - the parties may agree any list).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal
from enum import StrEnum
from itertools import pairwise

from law.citation import Cite, money
from law.pl.calendar import add_months, payment_deadline
from law.pl.interest import DAYS_IN_YEAR, interest
from law.pl.limitation import Basis, LimitationResult, limitation
from law.pl.rates import InterestKind, change_days, max_statutory_delay_rate
from law.pl.text import pl_date, pl_money
from law.stages import STAGE_LABELS, Stage

UNCONFIRMED = "UNCONFIRMED"
SETTLEMENT = Cite("KC", "art. 917")  # UNCONFIRMED (not in the reference)
COURT_SETTLEMENT = Cite("KPC", "art. 223 §1")  # UNCONFIRMED
ACCELERATION = Cite("KC", "art. 353^1")  # UNCONFIRMED: a contract term
DEADLINE_MOVED = Cite("KC", "art. 115")
ANCILLARY_FIRST = Cite("KC", "art. 451 §1 zd. 2")
OLDEST_FIRST = Cite("KC", "art. 451 §3")
DESIGNATED = Cite("KC", "art. 451 §1 zd. 1")
STATUTORY_INTEREST = Cite("KC", "art. 481 §2")
MAX_INTEREST = Cite("KC", "art. 481 §2^1")
ACKNOWLEDGEMENT = Cite("KC", "art. 123 §1 pkt 2")
RUNS_ANEW = Cite("KC", "art. 124 §1")
COURT_SETTLEMENT_TERM = Cite("KC", "art. 125 §1")
TITLE = Cite("KPC", "art. 777 §1 pkt 1")  # UNCONFIRMED

MAX_INSTALMENTS = 120
MAX_GRACE_DAYS = 180
MAX_EVERY_MONTHS = 12


class SettlementKind(StrEnum):
    OUT_OF_COURT = "pozasadowa"  # ugoda pozasądowa (art. 917 KC)
    COURT = "sadowa"  # ugoda sądowa, recorded by the court (art. 223 KPC)


KIND_LABELS = {
    SettlementKind.OUT_OF_COURT: "ugoda pozasądowa",
    SettlementKind.COURT: "ugoda sądowa",
}


class InterestMode(StrEnum):
    NONE = "none"  # the parties agreed no interest on the instalments
    STATUTORY = "statutory"  # odsetki ustawowe za opóźnienie (art. 481 §1-2 KC)
    CONTRACTUAL = "contractual"  # an agreed annual rate, capped (art. 481 §2^1 KC)


class PlanStatus(StrEnum):
    ON_TRACK = "on_track"
    LATE = "late"  # an instalment is past its day, still within the grace period
    BROKEN = "broken"  # acceleration: the whole rest is due
    FULFILLED = "fulfilled"


STATUS_LABELS = {
    PlanStatus.ON_TRACK: "raty płacone w terminie",
    PlanStatus.LATE: "rata zaległa (w okresie karencji)",
    PlanStatus.BROKEN: "ugoda niewykonana - cała pozostała kwota wymagalna",
    PlanStatus.FULFILLED: "ugoda wykonana",
}


class SettlementError(ValueError):
    """Terms that cannot make a plan; ``str()`` is one Polish line."""


@dataclass(frozen=True, slots=True)
class InterestTerms:
    mode: InterestMode = InterestMode.NONE
    rate: Decimal | None = None  # annual %, CONTRACTUAL only

    def describe(self) -> str:
        if self.mode is InterestMode.NONE:
            return "bez odsetek od rat"
        if self.mode is InterestMode.STATUTORY:
            return "odsetki ustawowe za opóźnienie od raty zaległej (art. 481 §1-2 KC)"
        assert self.rate is not None
        return (
            f"odsetki umowne {str(self.rate).replace('.', ',')} % w stosunku rocznym od raty "
            "zaległej, nie wyższe niż odsetki maksymalne za opóźnienie (art. 481 §2^1 KC)"
        )


@dataclass(frozen=True, slots=True)
class Instalment:
    number: int  # 1-based
    agreed_due: date  # the day the settlement names
    due: date  # after the art. 115 KC move
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Terms:
    kind: SettlementKind
    concluded_on: date
    amount: Decimal  # the settled sum
    costs: Decimal  # costs the debtor takes over (paid within the instalments)
    instalments: tuple[Instalment, ...]
    grace_days: int
    interest: InterestTerms

    @property
    def total(self) -> Decimal:
        return self.amount + self.costs


@dataclass(frozen=True, slots=True)
class PlanPayment:
    paid_on: date
    amount: Decimal
    instalment: int | None = None  # the instalment the debtor named


def parse_interest(text: str) -> InterestTerms:
    """``none`` | ``statutory`` | an annual rate in % (``12``, ``12,5``)."""
    value = text.strip().lower()
    if value in ("none", "brak", ""):
        return InterestTerms()
    if value in ("statutory", "ustawowe"):
        return InterestTerms(InterestMode.STATUTORY)
    try:
        rate = Decimal(value.replace(",", ".").rstrip("%").strip())
    except ArithmeticError:
        rate = Decimal("NaN")
    if not rate.is_finite() or rate <= 0 or rate >= 100 or rate != rate.quantize(Decimal("0.01")):
        raise SettlementError(
            f"--interest: {text!r} - podaj none, statutory albo stopę roczną w % (np. 12,5; "
            "najwyżej dwa miejsca po przecinku)"
        )
    return InterestTerms(InterestMode.CONTRACTUAL, rate)


def _instalment(number: int, agreed: date, amount: Decimal) -> Instalment:
    return Instalment(number, agreed, payment_deadline(agreed), money(amount))


def equal_schedule(
    total: Decimal, count: int, first_due: date, every_months: int = 1
) -> tuple[Instalment, ...]:
    """``count`` equal instalments of ``total``, the first on ``first_due``, then every
    ``every_months`` months on the same day (clamped to a shorter month's end, as art. 112
    KC counts months); the grosze the division leaves go to the last one (DERIVED)."""
    if not 1 <= count <= MAX_INSTALMENTS:
        raise SettlementError(f"--instalments: podaj liczbę rat od 1 do {MAX_INSTALMENTS}")
    if not 1 <= every_months <= MAX_EVERY_MONTHS:
        raise SettlementError(f"--every-months: podaj od 1 do {MAX_EVERY_MONTHS} miesięcy")
    total = money(total)
    share = (total / count).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    if share <= 0:
        raise SettlementError(f"kwota {pl_money(total)} jest za mała na {count} rat")
    out = [_instalment(k + 1, add_months(first_due, k * every_months), share) for k in range(count)]
    last = out[-1]
    out[-1] = replace(last, amount=total - share * (count - 1))
    return tuple(out)


def given_schedule(items: Sequence[tuple[date, Decimal]]) -> tuple[Instalment, ...]:
    """The instalments as the parties listed them (days strictly increasing, amounts > 0)."""
    if not 1 <= len(items) <= MAX_INSTALMENTS:
        raise SettlementError(f"harmonogram: od 1 do {MAX_INSTALMENTS} rat")
    for number, (_day, amount) in enumerate(items, 1):
        if amount <= 0 or money(amount) != amount:
            raise SettlementError(f"rata {number}: kwota musi być dodatnia, w groszach")
    for (a, _), (b, _) in pairwise(items):
        if b <= a:
            raise SettlementError(
                f"harmonogram: dni rat muszą rosnąć ({a.isoformat()}, {b.isoformat()})"
            )
    return tuple(_instalment(n, day, amount) for n, (day, amount) in enumerate(items, 1))


def settlement_terms(
    kind: SettlementKind,
    concluded_on: date,
    amount: Decimal,
    instalments: tuple[Instalment, ...],
    *,
    costs: Decimal = Decimal(0),
    grace_days: int = 14,
    interest_terms: InterestTerms = InterestTerms(),
) -> Terms:
    """Check the terms make a plan; raises :class:`SettlementError` (Polish)."""
    if amount <= 0:
        raise SettlementError("kwota ugody musi być większa od zera")
    if costs < 0:
        raise SettlementError("koszty nie mogą być ujemne")
    if not 0 <= grace_days <= MAX_GRACE_DAYS:
        raise SettlementError(f"--grace-days: podaj od 0 do {MAX_GRACE_DAYS} dni")
    if not instalments:
        raise SettlementError("ugoda ratalna wymaga co najmniej jednej raty")
    first = instalments[0].agreed_due
    if first < concluded_on:
        raise SettlementError(
            f"pierwsza rata ({first.isoformat()}) nie może przypadać przed zawarciem ugody "
            f"({concluded_on.isoformat()})"
        )
    scheduled = sum((i.amount for i in instalments), Decimal(0))
    if scheduled != money(amount + costs):
        raise SettlementError(
            f"suma rat {pl_money(scheduled)} różni się od kwoty ugody z kosztami "
            f"{pl_money(amount + costs)}"
        )
    return Terms(
        kind, concluded_on, money(amount), money(costs), instalments, grace_days, interest_terms
    )


def grace_end(instalment: Instalment, grace_days: int) -> date:
    """Last day of the grace period after the instalment's (moved) day: ``grace_days`` days
    counted from the next day (art. 111 §2 KC), the end moved under art. 115 KC (K3)."""
    return payment_deadline(instalment.due + timedelta(days=grace_days))


def instalment_interest(terms: InterestTerms, amount: Decimal, start: date, end: date) -> Decimal:
    """Delay interest on ``amount`` for every day from ``start`` to ``end`` inclusive under
    the settlement's terms, rounded to grosze."""
    if end < start or amount <= 0 or terms.mode is InterestMode.NONE:
        return Decimal("0.00")
    if terms.mode is InterestMode.STATUTORY:
        return interest(amount, start, end, InterestKind.STATUTORY).amount
    assert terms.rate is not None
    bounds = [start, *change_days(InterestKind.STATUTORY, start, end), end + timedelta(days=1)]
    exact = Decimal(0)
    for seg_start, next_start in pairwise(bounds):  # the cap follows the reference rate
        rate = min(terms.rate, max_statutory_delay_rate(seg_start))
        exact += amount * rate / 100 * (next_start - seg_start).days / DAYS_IN_YEAR
    return money(exact)


def interest_cites(terms: InterestTerms) -> tuple[Cite, ...]:
    if terms.mode is InterestMode.STATUTORY:
        return (STATUTORY_INTEREST,)
    if terms.mode is InterestMode.CONTRACTUAL:
        return (MAX_INTEREST,)
    return ()


# --- the simulation -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InstalmentState:
    instalment: Instalment
    due: date  # the moved day, or the acceleration day when that came first
    left: Decimal  # of the instalment's amount
    interest_paid: Decimal
    interest_unpaid: Decimal  # accrued up to ``accrued_through`` and not paid
    accrued_through: date
    paid_on: date | None  # the day its amount was covered in full
    grace_end: date

    @property
    def number(self) -> int:
        return self.instalment.number

    @property
    def paid(self) -> Decimal:
        return self.instalment.amount - self.left


@dataclass(frozen=True, slots=True)
class PlanLine:
    """How one payment was allocated to one instalment."""

    paid_on: date
    instalment: int
    to_interest: Decimal
    to_amount: Decimal
    cites: tuple[Cite, ...]


@dataclass(frozen=True, slots=True)
class PlanState:
    """The plan as of ``on``."""

    on: date
    status: PlanStatus
    instalments: tuple[InstalmentState, ...]
    lines: tuple[PlanLine, ...]
    missed: tuple[int, ...]  # instalments past their day and not paid in full on ``on``
    accelerated_on: date | None  # the day the whole rest fell due (plan broken)
    broken_by: int | None  # the instalment whose grace period ended unpaid
    rest: Decimal  # instalment amounts left
    interest_due: Decimal  # accrued to ``on`` and unpaid
    paid: Decimal  # paid toward the plan (instalments and interest)
    surplus: Decimal
    next_due: Instalment | None
    fulfilled_on: date | None
    cites: tuple[Cite, ...]
    reason: str  # Polish

    @property
    def total_due(self) -> Decimal:
        return self.rest + self.interest_due


def _accrue(st: InstalmentState, through: date, terms: InterestTerms) -> InstalmentState:
    start = max(st.due, st.accrued_through) + timedelta(days=1)
    if through < start or st.left <= 0:
        return st
    extra = instalment_interest(terms, st.left, start, through)
    return replace(st, interest_unpaid=st.interest_unpaid + extra, accrued_through=through)


def _breach(states: list[InstalmentState], before: date) -> InstalmentState | None:
    """The instalment whose grace period ended, unpaid, first and before ``before``."""
    late = [s for s in states if s.left > 0 and s.grace_end < before]
    return min(late, key=lambda s: (s.grace_end, s.number)) if late else None


def _accelerate(states: list[InstalmentState], on: date, terms: InterestTerms) -> None:
    """Every instalment not yet due falls due on ``on`` (the acceleration clause)."""
    for k, st in enumerate(states):
        if st.left > 0 and st.due > on:
            states[k] = replace(st, due=on, accrued_through=on)
        else:
            states[k] = _accrue(st, on, terms)


def plan_state(terms: Terms, payments: Sequence[PlanPayment], on: date) -> PlanState:
    """Simulate ``payments`` against the plan in date order and say where it stands on
    ``on`` (payments after ``on`` are ignored). See the module docstring."""
    states = [
        InstalmentState(
            i, i.due, i.amount, Decimal(0), Decimal(0), i.due, None, grace_end(i, terms.grace_days)
        )
        for i in terms.instalments
    ]
    lines: list[PlanLine] = []
    accelerated_on: date | None = None
    broken_by: int | None = None
    surplus = Decimal(0)
    paid_total = Decimal(0)

    def check_breach(before: date) -> None:
        nonlocal accelerated_on, broken_by
        if accelerated_on is not None:
            return
        hit = _breach(states, before)
        if hit is not None:
            accelerated_on = hit.grace_end + timedelta(days=1)
            broken_by = hit.number
            _accelerate(states, accelerated_on, terms.interest)

    for pay in sorted((p for p in payments if p.paid_on <= on), key=lambda p: p.paid_on):
        check_breach(pay.paid_on)
        left = money(pay.amount)
        paid_total += left
        numbers = [s.number for s in states]
        named = pay.instalment if pay.instalment in numbers else None
        order = sorted(range(len(states)), key=lambda k: (states[k].due, states[k].number))
        if named is not None:
            order = [numbers.index(named)] + [k for k in order if states[k].number != named]
        for k in order:
            if left <= 0:
                break
            st = _accrue(states[k], pay.paid_on, terms.interest)
            if st.left <= 0 and st.interest_unpaid <= 0:
                states[k] = st
                continue
            if named is not None and st.number == named:
                to_amount = min(left, st.left)
                to_interest = min(left - to_amount, st.interest_unpaid)
                cites: tuple[Cite, ...] = (DESIGNATED,)
            else:
                to_interest = min(left, st.interest_unpaid)
                to_amount = min(left - to_interest, st.left)
                cites = (OLDEST_FIRST,) + ((ANCILLARY_FIRST,) if to_interest > 0 else ())
            left -= to_interest + to_amount
            remaining = st.left - to_amount
            states[k] = replace(
                st,
                left=remaining,
                interest_paid=st.interest_paid + to_interest,
                interest_unpaid=st.interest_unpaid - to_interest,
                paid_on=pay.paid_on if remaining <= 0 and st.left > 0 else st.paid_on,
            )
            lines.append(PlanLine(pay.paid_on, st.number, to_interest, to_amount, cites))
        surplus += left
    check_breach(on)  # a grace period that ended before ``on`` and left the rest unpaid
    states = [_accrue(s, on, terms.interest) for s in states]
    rest = money(sum((s.left for s in states), Decimal(0)))
    interest_due = money(sum((s.interest_unpaid for s in states), Decimal(0)))
    missed = tuple(s.number for s in states if s.left > 0 and s.instalment.due < on)
    upcoming = [s.instalment for s in states if s.left > 0 and s.instalment.due >= on]
    paid_days = [s.paid_on for s in states if s.paid_on is not None]
    fulfilled_on = max(paid_days) if rest == 0 and interest_due == 0 and paid_days else None
    cites: list[Cite] = [DEADLINE_MOVED, OLDEST_FIRST, *interest_cites(terms.interest)]
    if rest == 0 and interest_due == 0:
        status = PlanStatus.FULFILLED
        reason = f"ugoda wykonana: wszystkie raty zapłacone ({pl_date(fulfilled_on or on)})"
    elif accelerated_on is not None:
        status = PlanStatus.BROKEN
        cites.append(ACCELERATION)
        breach = next(s for s in states if s.number == broken_by)
        reason = (
            f"rata {broken_by} (termin {pl_date(breach.instalment.due)}) niezapłacona do końca "
            f"okresu karencji {pl_date(breach.grace_end)}: cała pozostała kwota "
            f"{pl_money(rest + interest_due)} wymagalna od {pl_date(accelerated_on)} "
            "(klauzula natychmiastowej wymagalności)"
        )
    elif missed:
        status = PlanStatus.LATE
        first = next(s for s in states if s.number == missed[0])
        reason = (
            f"rata {first.number} (termin {pl_date(first.instalment.due)}) niezapłacona; "
            f"okres karencji do {pl_date(first.grace_end)}"
        )
    else:
        status = PlanStatus.ON_TRACK
        reason = "raty płacone w terminie" + (
            f"; następna rata {upcoming[0].number} do {pl_date(upcoming[0].due)}"
            if upcoming
            else ""
        )
    return PlanState(
        on,
        status,
        tuple(states),
        tuple(lines),
        missed,
        accelerated_on,
        broken_by,
        rest,
        interest_due,
        money(paid_total),
        money(surplus),
        upcoming[0] if upcoming else None,
        fulfilled_on,
        tuple(dict.fromkeys(cites)),
        reason,
    )


# --- limitation ---------------------------------------------------------------------------


def acknowledgement_days(terms: Terms) -> tuple[date, ...]:
    """The days the settlement acknowledged the claim (art. 123 §1 pkt 2 KC): its
    conclusion; limitation of the case's claims runs anew from it (art. 124 §1 KC)."""
    return (terms.concluded_on,)


def court_settlement_limitation(falls_due_on: date) -> LimitationResult:
    """Limitation of a claim confirmed by a court settlement: 6 years (art. 125 §1 KC, with
    the year-end rule per SN 23.10.2025) from the day the settled sum fell due (the start
    is UNCONFIRMED: the reference names finality, which fits judgments)."""
    return limitation(Basis.JUDGMENT, falls_due_on)


# --- the lifecycle ------------------------------------------------------------------------

BROKEN_TRIGGER = "settlement-broken"  # CaseStep.trigger of settled -> the court track
SETTLEMENT_TRIGGERS: dict[str, str] = {
    BROKEN_TRIGGER: "ugoda niewykonana - powrót do toru sądowego",
}


@dataclass(frozen=True, slots=True)
class Return:
    """Where a broken plan sends the case, why and under which provisions."""

    target: Stage
    cause: str  # Polish
    cites: tuple[Cite, ...]
    status: str
    note: str


def return_after_breach(kind: SettlementKind, stage_before: Stage) -> Return:
    """The court track a broken plan returns the case to: the stage it was settled from;
    a court settlement (in pending proceedings, or before suit after a zawezwanie do próby
    ugodowej) is itself the title (art. 777 §1 pkt 1 KPC, UNCONFIRMED), so that case goes to
    ``final`` (enforcement may start: ``handoff enforcement start``)."""
    if kind is SettlementKind.COURT:
        return Return(
            Stage.FINAL,
            "ugoda sądowa niewykonana: cała pozostała kwota wymagalna; ugoda jest tytułem "
            "egzekucyjnym - do egzekucji po nadaniu klauzuli wykonalności",
            (ACCELERATION, TITLE),
            UNCONFIRMED,
            "art. 777 §1 pkt 1 KPC i art. 353^1 KC spoza referencji - UNCONFIRMED",
        )
    return Return(
        stage_before,
        f"ugoda niewykonana: cała pozostała kwota wymagalna; sprawa wraca do etapu "
        f"{STAGE_LABELS[stage_before]!r}",
        (ACCELERATION,),
        UNCONFIRMED,
        "klauzula natychmiastowej wymagalności to postanowienie umowy (art. 353^1 KC spoza "
        "referencji - UNCONFIRMED)",
    )
