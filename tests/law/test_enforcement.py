"""law.pl.enforcement: eligibility, the step after a final title, the amounts of the title,
the komornik finding and limitation after the enforcement ended (sources per row)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from law.pl.deadlines import EnforcementAct, Side, enforcement_deadlines
from law.pl.enforcement import (
    CONFIRMED,
    UNCONFIRMED,
    CostKind,
    CostPayer,
    DoesNotFit,
    EndKind,
    KomornikCost,
    RecordKind,
    Title,
    Way,
    clause_application,
    eligibility,
    komornik_competence,
    komornik_costs_owed,
    limitation_after_enforcement,
    next_step,
    outstanding_after,
    plan_record,
    title_amounts,
)
from law.pl.rates import InterestKind
from law.stages import TRANSITIONS, Stage

S = Stage
A = EnforcementAct


@pytest.mark.parametrize(
    ("stage", "outstanding", "allowed"),
    [
        # issue #19 quality bar: a final title is required; paid in full is never enforced
        (S.FINAL, Decimal("100.00"), True),
        (S.FINAL, None, True),
        (S.ENFORCEMENT_ENDED, Decimal("1.00"), True),  # a new wniosek after umorzenie
        (S.FINAL, Decimal("0.00"), False),
        (S.PAID, None, False),
        (S.SETTLED, None, False),
        (S.WITHDRAWN, None, False),
        (S.CLOSED, None, False),
        (S.ENFORCEMENT, None, False),  # already pending
        (S.JUDGMENT, None, False),  # not final (art. 125 §1 KC: finality)
        (S.ORDER_SERVED, None, False),
        (S.APPROVED, None, False),
        (S.INTAKE, None, False),
    ],
)
def test_eligibility(stage: Stage, outstanding: Decimal | None, allowed: bool) -> None:
    result = eligibility(stage, outstanding=outstanding)
    assert result.allowed is allowed
    assert result.reason  # one Polish line either way


def test_every_enforceable_stage_has_the_edge_to_enforcement() -> None:
    for stage in S:
        if eligibility(stage).allowed:
            assert S.ENFORCEMENT in TRANSITIONS[stage], stage


@pytest.mark.parametrize(
    ("procedure", "drafts", "article"),
    [
        # the reference does not state the clause rules: UNCONFIRMED, no fee, no deadline
        ("epu", False, "KPC art. 783"),
        ("nakazowe", True, "KPC art. 781"),
        ("upominawcze", True, "KPC art. 781"),
        ("zwykle", True, "KPC art. 781"),
        (None, True, "KPC art. 781"),
    ],
)
def test_next_step_after_a_final_title(procedure: str | None, drafts: bool, article: str) -> None:
    step = next_step(procedure)
    assert step.draft_clause_application is drafts
    assert [str(c) for c in step.cites] == [article]
    assert step.status == UNCONFIRMED and "UNCONFIRMED" in step.note


@pytest.mark.parametrize(
    ("kind", "start", "as_of", "expected"),
    [
        # polish_law.md 7.5 I2: statutory delay interest on 10 000 zł in 2023 = 1 195,14 zł
        (InterestKind.STATUTORY, date(2023, 1, 1), date(2023, 12, 31), Decimal("1195.14")),
        # polish_law.md 7.5 I1: commercial interest on 10 000 zł in 2023 = 1 675,00 zł
        (InterestKind.COMMERCIAL, date(2023, 1, 1), date(2023, 12, 31), Decimal("1675.00")),
        # an empty range (the title's day after the as-of day) gives nothing
        (InterestKind.STATUTORY, date(2024, 1, 2), date(2024, 1, 1), Decimal("0.00")),
    ],
)
def test_title_amounts_interest_from_the_titles_day(
    kind: InterestKind, start: date, as_of: date, expected: Decimal
) -> None:
    title = Title(
        "nakazowe",
        date(2023, 1, 20),
        Decimal("10000.00"),
        start,
        kind,
        costs_awarded=Decimal("3717.00"),
        clause_costs=Decimal("6.00"),
    )
    amounts = title_amounts(title, as_of)
    assert amounts.interest.value == expected
    assert amounts.principal.value == Decimal("10000.00")
    assert amounts.total == Decimal("10000.00") + expected + Decimal("3723.00")
    assert "UNCONFIRMED" in amounts.clause_costs.notes[0]


def test_title_without_interest_and_negative_amounts() -> None:
    title = Title("epu", date(2025, 1, 10), Decimal("500"), None)
    assert title_amounts(title, date(2026, 1, 1)).interest.value == Decimal("0.00")
    with pytest.raises(ValueError):
        title_amounts(Title("epu", date(2025, 1, 10), Decimal("-1"), None), date(2026, 1, 1))


@pytest.mark.parametrize(
    ("ways", "mentions_property"),
    [
        (frozenset({Way.BANK}), False),
        (frozenset({Way.BANK, Way.NIERUCHOMOSCI}), True),
    ],
)
def test_komornik_choice_is_a_finding_to_confirm(
    ways: frozenset[Way], mentions_property: bool
) -> None:
    # art. 8 / art. 10 ustawy o komornikach sądowych are not in the reference (UNCONFIRMED)
    finding = komornik_competence("Jan Kowalski, Komornik Sądowy przy SR Kraków", ways)
    assert finding.status == UNCONFIRMED
    assert [str(c) for c in finding.cites] == [
        "ustawa o komornikach sądowych art. 8",
        "ustawa o komornikach sądowych art. 10",
    ]
    assert ("nieruchomości" in finding.message) is mentions_property
    with pytest.raises(ValueError):
        komornik_competence("  ", ways)


@pytest.mark.parametrize(
    ("end", "ended_on", "final_on", "expires", "alternative", "status"),
    [
        # art. 123 §1 pkt 1, 124 §1-2, 125 §1 KC (CONFIRMED): 6 years anew from the end;
        # the year-end rule per SN 23.10.2025 [S18] as the later reading (C3)
        (
            EndKind.INEFFECTIVE,
            date(2026, 3, 10),
            date(2024, 5, 6),
            date(2032, 3, 10),
            date(2032, 12, 31),
            CONFIRMED,
        ),
        # art. 112 KC via law.pl.limitation: 29 Feb -> 28 Feb six years on
        (
            EndKind.INEFFECTIVE,
            date(2028, 2, 29),
            date(2027, 1, 4),
            date(2034, 2, 28),
            date(2034, 12, 31),
            CONFIRMED,
        ),
        # withdrawn wniosek: effect on the interruption not in the reference (UNCONFIRMED);
        # conservative from the title's finality (art. 125 §1 KC)
        (
            EndKind.BY_CREDITOR,
            date(2026, 3, 10),
            date(2024, 5, 6),
            date(2030, 5, 6),
            date(2032, 12, 31),
            UNCONFIRMED,
        ),
    ],
)
def test_limitation_after_enforcement(
    end: EndKind,
    ended_on: date,
    final_on: date,
    expires: date,
    alternative: date,
    status: str,
) -> None:
    result = limitation_after_enforcement(end, ended_on, title_final_on=final_on)
    assert result is not None
    assert result.expires_on == expires
    assert result.alternative_expires_on == alternative
    assert result.status == status
    assert "art. 124 §1" in [c.provision for c in result.cites]


def test_limitation_after_full_recovery_and_bad_dates() -> None:
    assert (
        limitation_after_enforcement(
            EndKind.RECOVERED, date(2026, 3, 10), title_final_on=date(2024, 5, 6)
        )
        is None
    )
    with pytest.raises(ValueError):
        limitation_after_enforcement(
            EndKind.INEFFECTIVE, date(2024, 1, 1), title_final_on=date(2024, 5, 6)
        )


@pytest.mark.parametrize(
    ("total", "recovered", "left"),
    [
        (Decimal("100.00"), Decimal("40.00"), Decimal("60.00")),
        (Decimal("100.00"), Decimal("100.00"), Decimal("0.00")),
        (Decimal("100.00"), Decimal("120.00"), Decimal("0.00")),
    ],
)
def test_outstanding_after(total: Decimal, recovered: Decimal, left: Decimal) -> None:
    assert outstanding_after(total, recovered) == left


@pytest.mark.parametrize(
    ("kind", "stage", "target"),
    [
        # the step table (law.pl.enforcement.RECORDS); the stage edges are law.stages
        (RecordKind.STARTED, S.FINAL, S.ENFORCEMENT),
        (RecordKind.STARTED, S.ENFORCEMENT_ENDED, S.ENFORCEMENT),
        (RecordKind.KOMORNIK_CASE, S.ENFORCEMENT, None),
        (RecordKind.PAYMENT, S.ENFORCEMENT, None),
        (RecordKind.COSTS, S.ENFORCEMENT, None),
        (RecordKind.DISCONTINUED_INEFFECTIVE, S.ENFORCEMENT, S.ENFORCEMENT_ENDED),
        (RecordKind.RECOVERED, S.ENFORCEMENT, S.PAID),
        (RecordKind.DISCONTINUED_BY_CREDITOR, S.ENFORCEMENT, S.FINAL),
    ],
)
def test_step_table(kind: RecordKind, stage: Stage, target: Stage | None) -> None:
    record = plan_record(kind, stage)
    assert record.target is target
    if target is not None:
        assert target in TRANSITIONS[stage]
    assert record.trigger == f"enforcement-{kind.value}"
    if record.status == UNCONFIRMED:
        assert "UNCONFIRMED" in record.note


@pytest.mark.parametrize(
    ("kind", "stage"),
    [
        (RecordKind.STARTED, S.JUDGMENT),
        (RecordKind.STARTED, S.PAID),
        (RecordKind.STARTED, S.ENFORCEMENT),
        (RecordKind.PAYMENT, S.FINAL),
        (RecordKind.DISCONTINUED_INEFFECTIVE, S.ENFORCEMENT_ENDED),
        (RecordKind.RECOVERED, S.CLOSED),
    ],
)
def test_steps_that_do_not_fit(kind: RecordKind, stage: Stage) -> None:
    with pytest.raises(DoesNotFit):
        plan_record(kind, stage)


def test_paid_or_settled_in_enforcement_through_the_court_event_table() -> None:
    # law.lifecycle: paid-in-full / settled fit the enforcement stages (issue #19)
    from law.lifecycle import CourtFacts, plan_event
    from law.pl.deadlines import EventKind

    facts = CourtFacts(procedure="nakazowe", filed_on=date(2026, 1, 5))
    for stage in (S.ENFORCEMENT, S.ENFORCEMENT_ENDED):
        assert plan_event(stage, EventKind.PAID_IN_FULL, date(2026, 6, 1), facts).target is S.PAID
        assert plan_event(stage, EventKind.SETTLED, date(2026, 6, 1), facts).target is S.SETTLED


# --- the clause application, komornik-stage deadlines, the komornik's costs (issue #19) ---


@pytest.mark.parametrize(
    ("procedure", "stage", "final_on", "on", "says"),
    [
        # a final title is required; EPU grants the clause electronically (art. 783 KPC,
        # UNCONFIRMED: law.pl.enforcement.next_step); never before the title's finality
        ("nakazowe", S.FINAL, date(2026, 12, 1), date(2026, 12, 1), ""),
        ("standard", S.ENFORCEMENT_ENDED, date(2026, 12, 1), date(2027, 1, 4), ""),
        ("nakazowe", S.ORDER_SERVED, date(2026, 12, 1), date(2026, 12, 1), "brak prawomocnego"),
        ("nakazowe", S.PAID, date(2026, 12, 1), date(2026, 12, 1), "nie podlega egzekucji"),
        ("nakazowe", S.ENFORCEMENT, date(2026, 12, 1), date(2026, 12, 1), "już trwa"),
        ("epu", S.FINAL, date(2026, 12, 1), date(2026, 12, 1), "w EPU"),
        ("nakazowe", S.FINAL, date(2026, 12, 1), date(2026, 11, 30), "wcześniejsza"),
    ],
)
def test_clause_application(
    procedure: str, stage: Stage, final_on: date, on: date, says: str
) -> None:
    if says:
        with pytest.raises(DoesNotFit, match=says):
            clause_application(procedure, stage, final_on, on)
        return
    rule = clause_application(procedure, stage, final_on, on)
    # the fee (art. 71 pkt 6 u.k.s.c.) is not in polish_law.md: never computed
    assert rule.fee.amount is None and rule.fee.status == UNCONFIRMED
    assert [str(c) for c in rule.fee.cites] == ["u.k.s.c. art. 71 pkt 6"]
    assert [str(c) for c in rule.cites] == ["KPC art. 781", "KPC art. 781^1"]
    assert rule.status == UNCONFIRMED


@pytest.mark.parametrize(
    ("act", "on", "due", "side", "article"),
    [
        # art. 111 §2 KC (the day of the act not counted) and art. 115 KC (Saturday, holiday
        # -> next working day), polish_law.md 2.1 CONFIRMED; the terms UNCONFIRMED
        (A.KOMORNIK_ACT, date(2026, 12, 1), date(2026, 12, 8), Side.OURS, "767^4"),
        # Sat 19.12.2026 + 7 = Sat 26.12 (2nd day of Christmas) -> Mon 28.12.2026
        (A.KOMORNIK_ACT, date(2026, 12, 19), date(2026, 12, 28), Side.OURS, "767^4"),
        (
            EnforcementAct.CLAUSE_REQUESTED,
            date(2026, 12, 1),
            date(2026, 12, 4),
            Side.THEIRS,
            "781^1",
        ),
        # Thu 3.12 + 3 = Sun 6.12 -> Mon 7.12.2026
        (
            EnforcementAct.CLAUSE_REQUESTED,
            date(2026, 12, 3),
            date(2026, 12, 7),
            Side.THEIRS,
            "781^1",
        ),
    ],
)
def test_komornik_stage_deadlines(
    act: EnforcementAct, on: date, due: date, side: Side, article: str
) -> None:
    (deadline,) = enforcement_deadlines(act, on)
    assert deadline.due_on == due and deadline.side is side
    assert article in str(deadline.cites[0]) and "UNCONFIRMED" in deadline.reason


def test_komornik_costs_owed_are_those_the_creditor_paid() -> None:
    costs = [
        KomornikCost(CostKind.ZALICZKA, CostPayer.CREDITOR, Decimal("150.00")),
        KomornikCost(CostKind.WYDATKI, CostPayer.CREDITOR, Decimal("12.505")),
        KomornikCost(CostKind.OPLATA, CostPayer.DEBTOR, Decimal("80.00")),  # the komornik's
    ]
    owed = komornik_costs_owed(costs)
    assert owed.value == Decimal("162.51")
    assert [str(c) for c in owed.cites] == ["KPC art. 770"] and "UNCONFIRMED" in owed.notes[0]
    assert komornik_costs_owed([]).value == Decimal("0.00")
    with pytest.raises(ValueError, match="ujemne"):
        komornik_costs_owed([KomornikCost(CostKind.OPLATA, CostPayer.CREDITOR, Decimal(-1))])
