"""Settlements and instalment plans (``law.pl.settlements``), table-driven.

Sources of the expected values:

* art. 115 KC (K3): 31.01.2026 and 28.02.2026 are Saturdays -> Monday 2.02 / 2.03.2026;
  1.05.2026 (Friday, Święto Pracy) -> 4.05.2026 (2.05 Saturday, 3.05 Sunday and Święto
  Konstytucji); 15.08.2026 (Saturday, Wniebowzięcie) -> 17.08; 15.11.2026 (Sunday) -> 16.11;
  15.05.2027 (Saturday) -> 17.05 (polish_law.md 2.3, python-holidays).
* art. 112 KC: a month counted from the 31st ends on the last day of a shorter month.
* Statutory delay interest (art. 481 §2 KC): reference rate 4,00 % to 4.03.2026, 3,75 %
  from 5.03.2026 (polish_law.md 5.2, 0b K9) -> 9,50 % / 9,25 %; maximum (art. 481 §2^1) =
  2x -> 19,00 % / 18,50 %. Convention: days / 365 from the day after the (moved) due day,
  rounded to grosze (polish_law.md 5.1).
* Allocation: art. 451 §1 zd. 2 (interest first), §3 (the oldest due first), §1 zd. 1
  (the debtor's designation).
* art. 125 §1 KC (6 years) with the year-end rule per SN 23.10.2025 (contested: both ends).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from law.pl.settlements import (
    InterestMode,
    InterestTerms,
    PlanPayment,
    PlanStatus,
    SettlementError,
    SettlementKind,
    court_settlement_limitation,
    equal_schedule,
    given_schedule,
    grace_end,
    instalment_interest,
    parse_interest,
    plan_state,
    return_after_breach,
    settlement_terms,
)
from law.stages import Stage

NONE = InterestTerms()
STATUTORY = InterestTerms(InterestMode.STATUTORY)


@pytest.mark.parametrize(
    ("total", "count", "first", "every", "expected"),
    [
        (  # 31.01 + 1 m = 28.02 (art. 112), both Saturdays -> Mondays (art. 115); rest last
            "1000.00",
            3,
            date(2026, 1, 31),
            1,
            [
                (date(2026, 1, 31), date(2026, 2, 2), "333.33"),
                (date(2026, 2, 28), date(2026, 3, 2), "333.33"),
                (date(2026, 3, 31), date(2026, 3, 31), "333.34"),
            ],
        ),
        (  # 1.05.2026 Święto Pracy -> 4.05
            "1000.00",
            3,
            date(2026, 4, 1),
            1,
            [
                (date(2026, 4, 1), date(2026, 4, 1), "333.33"),
                (date(2026, 5, 1), date(2026, 5, 4), "333.33"),
                (date(2026, 6, 1), date(2026, 6, 1), "333.34"),
            ],
        ),
        (  # quarterly: 15.08 holiday Saturday, 15.11 Sunday, 15.05.2027 Saturday
            "100.00",
            4,
            date(2026, 8, 15),
            3,
            [
                (date(2026, 8, 15), date(2026, 8, 17), "25.00"),
                (date(2026, 11, 15), date(2026, 11, 16), "25.00"),
                (date(2027, 2, 15), date(2027, 2, 15), "25.00"),
                (date(2027, 5, 15), date(2027, 5, 17), "25.00"),
            ],
        ),
        ("500.00", 1, date(2026, 12, 1), 1, [(date(2026, 12, 1), date(2026, 12, 1), "500.00")]),
    ],
)
def test_equal_schedule(
    total: str, count: int, first: date, every: int, expected: list[tuple[date, date, str]]
) -> None:
    got = equal_schedule(D(total), count, first, every)
    assert [(i.agreed_due, i.due, str(i.amount)) for i in got] == expected
    assert [i.number for i in got] == list(range(1, count + 1))
    assert sum(i.amount for i in got) == D(total)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: equal_schedule(D(100), 0, date(2026, 1, 5)), "od 1 do 120"),
        (lambda: equal_schedule(D(100), 121, date(2026, 1, 5)), "od 1 do 120"),
        (lambda: equal_schedule(D("0.05"), 10, date(2026, 1, 5)), "za mała"),
        (lambda: equal_schedule(D(100), 2, date(2026, 1, 5), 13), "--every-months"),
        (lambda: given_schedule([]), "od 1 do 120"),
        (lambda: given_schedule([(date(2026, 1, 5), D(0))]), "dodatnia"),
        (lambda: given_schedule([(date(2026, 1, 5), D("1.005"))]), "w groszach"),
        (
            lambda: given_schedule([(date(2026, 2, 5), D(1)), (date(2026, 2, 5), D(1))]),
            "muszą rosnąć",
        ),
        (lambda: parse_interest("dużo"), "--interest"),
        (lambda: parse_interest("-3"), "--interest"),
        (lambda: parse_interest("12,345"), "dwa miejsca"),
    ],
)
def test_bad_schedules_are_refused_in_polish(call: object, message: str) -> None:
    with pytest.raises(SettlementError, match=message):
        call()  # type: ignore[operator]


def _terms(
    instalments: list[tuple[date, str]],
    *,
    concluded: date = date(2026, 1, 10),
    grace: int = 14,
    interest: InterestTerms = NONE,
    costs: str = "0",
) -> object:
    planned = given_schedule([(d, D(a)) for d, a in instalments])
    total = sum(D(a) for _, a in instalments)
    return settlement_terms(
        SettlementKind.OUT_OF_COURT,
        concluded,
        total - D(costs),
        planned,
        costs=D(costs),
        grace_days=grace,
        interest_terms=interest,
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"concluded": date(2026, 2, 1)}, "przed zawarciem"),
        ({"grace": -1}, "--grace-days"),
        ({"grace": 181}, "--grace-days"),
        ({"costs": "-5"}, "ujemne"),
    ],
)
def test_bad_terms_are_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(SettlementError, match=message):
        _terms([(date(2026, 1, 31), "100.00")], **kwargs)  # type: ignore[arg-type]


def test_instalments_must_add_up_to_the_sum_with_costs() -> None:
    planned = equal_schedule(D(100), 2, date(2026, 2, 5))
    with pytest.raises(SettlementError, match="suma rat 100,00 zł różni się"):
        settlement_terms(SettlementKind.COURT, date(2026, 1, 10), D(100), planned, costs=D(20))


@pytest.mark.parametrize(
    ("due", "grace", "expected"),
    [
        (date(2026, 3, 2), 14, date(2026, 3, 16)),  # Monday + 14 = Monday
        (date(2026, 4, 20), 12, date(2026, 5, 4)),  # 2.05 Saturday -> 4.05 (art. 115)
        (date(2026, 3, 2), 0, date(2026, 3, 2)),  # no grace: the due day itself
    ],
)
def test_grace_end(due: date, grace: int, expected: date) -> None:
    (inst,) = given_schedule([(due, D(1))])
    assert grace_end(inst, grace) == expected


@pytest.mark.parametrize(
    ("terms", "expected"),
    [
        (NONE, "0.00"),
        (STATUTORY, "4.58"),  # 1000 x (2 x 9,50 % + 16 x 9,25 %) / 365 = 4,5753
        (InterestTerms(InterestMode.CONTRACTUAL, D(25)), "9.15"),  # capped: 19,00 / 18,50 %
        (InterestTerms(InterestMode.CONTRACTUAL, D(10)), "4.93"),  # 18 x 10 % / 365 = 4,9315
    ],
)
def test_interest_on_a_late_instalment(terms: InterestTerms, expected: str) -> None:
    got = instalment_interest(terms, D(1000), date(2026, 3, 3), date(2026, 3, 20))
    assert got == D(expected)


# One plan for the status table: 3 x 1000 zł agreed for 31.01, 28.02, 31.03.2026 (moved to
# 2.02, 2.03, 31.03), grace 14 days (ends 16.02, 16.03, 14.04), concluded 10.01.2026.
PLAN = [
    (date(2026, 1, 31), "1000.00"),
    (date(2026, 2, 28), "1000.00"),
    (date(2026, 3, 31), "1000.00"),
]
P = PlanPayment


@pytest.mark.parametrize(
    ("payments", "on", "status", "missed", "accelerated", "rest"),
    [
        ([], date(2026, 1, 20), PlanStatus.ON_TRACK, (), None, "3000.00"),
        ([], date(2026, 2, 2), PlanStatus.ON_TRACK, (), None, "3000.00"),  # moved day: on time
        ([], date(2026, 2, 3), PlanStatus.LATE, (1,), None, "3000.00"),
        ([], date(2026, 2, 16), PlanStatus.LATE, (1,), None, "3000.00"),  # last day of grace
        ([], date(2026, 2, 17), PlanStatus.BROKEN, (1,), date(2026, 2, 17), "3000.00"),
        ([P(date(2026, 2, 2), D(1000))], date(2026, 3, 10), PlanStatus.LATE, (2,), None, "2000.00"),
        # paid on the grace period's last day: not broken
        (
            [P(date(2026, 2, 2), D(1000)), P(date(2026, 3, 16), D(1000))],
            date(2026, 3, 20),
            PlanStatus.ON_TRACK,
            (),
            None,
            "1000.00",
        ),
        # paid the day after the grace period: broken the day before, payment does not undo it
        (
            [P(date(2026, 2, 2), D(1000)), P(date(2026, 3, 17), D(1000))],
            date(2026, 3, 20),
            PlanStatus.BROKEN,
            (),
            date(2026, 3, 17),
            "1000.00",
        ),
        # a short payment: 999 of 1000 leaves the instalment unpaid
        (
            [P(date(2026, 2, 2), D(999))],
            date(2026, 2, 17),
            PlanStatus.BROKEN,
            (1,),
            date(2026, 2, 17),
            "2001.00",
        ),
        (
            [P(date(2026, 1, 15), D(3000))],
            date(2026, 1, 20),
            PlanStatus.FULFILLED,
            (),
            None,
            "0.00",
        ),
    ],
)
def test_plan_status(
    payments: list[PlanPayment],
    on: date,
    status: PlanStatus,
    missed: tuple[int, ...],
    accelerated: date | None,
    rest: str,
) -> None:
    state = plan_state(_terms(PLAN), payments, on)  # type: ignore[arg-type]
    assert (state.status, state.missed, state.accelerated_on, str(state.rest)) == (
        status,
        missed,
        accelerated,
        rest,
    )
    if status is PlanStatus.BROKEN:
        assert "klauzula natychmiastowej wymagalności" in state.reason
        assert state.next_due is None or state.next_due.due >= on


def test_acceleration_makes_every_instalment_due_and_interest_runs_from_the_next_day() -> None:
    terms = _terms(PLAN, interest=STATUTORY)
    state = plan_state(terms, [], date(2026, 2, 20))  # type: ignore[arg-type]
    assert state.status is PlanStatus.BROKEN and state.broken_by == 1
    assert state.accelerated_on == date(2026, 2, 17)
    assert [s.due for s in state.instalments] == [date(2026, 2, 2)] + [date(2026, 2, 17)] * 2
    # rata 1: 3.02-20.02 = 18 days x 9,50 % on 1000 = 4,68; raty 2-3: 18-20.02 = 3 days x
    # 9,50 % on 2000 = 1,56 (each 0,78)
    assert state.interest_due == D("6.24")
    assert state.total_due == D("3006.24")


def test_payments_cover_interest_first_then_the_oldest_instalment() -> None:
    terms = _terms(PLAN, interest=STATUTORY)
    state = plan_state(terms, [P(date(2026, 3, 20), D(1000))], date(2026, 3, 20))  # type: ignore[arg-type]
    # rata 1 paid late 20.03: interest 3.02-20.03 (46 days: 30 x 9,50 + 16 x 9,25 %) on 1000
    first, second, _ = state.instalments
    assert state.lines[0].instalment == 1 and state.lines[0].to_interest == D("11.86")
    assert first.left == D("11.86") and second.left == D(1000)
    assert "KC art. 451 §1 zd. 2" in {str(c) for c in state.lines[0].cites}


def test_a_designated_instalment_is_paid_first_and_the_surplus_goes_on() -> None:
    state = plan_state(
        _terms(PLAN),  # type: ignore[arg-type]
        [P(date(2026, 1, 20), D(1500), instalment=2), P(date(2026, 1, 21), D(9999))],
        date(2026, 1, 25),
    )
    assert [(line.instalment, line.to_amount) for line in state.lines[:2]] == [
        (2, D(1000)),
        (1, D(500)),
    ]
    assert state.status is PlanStatus.FULFILLED and state.surplus == D(8499)


@pytest.mark.parametrize(
    ("kind", "before", "target"),
    [
        (SettlementKind.OUT_OF_COURT, Stage.APPROVED, Stage.APPROVED),
        (SettlementKind.OUT_OF_COURT, Stage.ORDER_SERVED, Stage.ORDER_SERVED),
        (SettlementKind.OUT_OF_COURT, Stage.FINAL, Stage.FINAL),
        (SettlementKind.OUT_OF_COURT, Stage.ENFORCEMENT, Stage.ENFORCEMENT),
        (SettlementKind.COURT, Stage.ORDINARY, Stage.FINAL),  # the settlement is the title
        (SettlementKind.COURT, Stage.FILED, Stage.FINAL),
        (SettlementKind.COURT, Stage.APPROVED, Stage.FINAL),  # after a zawezwanie (art. 184)
        (SettlementKind.COURT, Stage.ENFORCEMENT, Stage.FINAL),  # a new title
    ],
)
def test_a_broken_plan_returns_to_the_court_track(
    kind: SettlementKind, before: Stage, target: Stage
) -> None:
    from law.stages import TRANSITIONS

    back = return_after_breach(kind, before)
    assert back.target is target and back.status == "UNCONFIRMED"
    assert target in TRANSITIONS[Stage.SETTLED]


def test_court_settlement_limitation_is_six_years_with_both_readings() -> None:
    result = court_settlement_limitation(date(2026, 3, 17))
    assert result.expires_on == date(2032, 3, 17)  # without the year-end rule
    assert result.alternative_expires_on == date(2032, 12, 31)  # SN 23.10.2025
    assert "KC art. 125 §1" in {str(c) for c in result.cites}
