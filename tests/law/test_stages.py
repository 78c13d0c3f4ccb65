"""The case lifecycle (law.stages) and the event table (law.lifecycle), table-driven.

Each expected move names its source: polish_law.md §2.2 (deadline table), §6.2
(procedures), 0b K5 (art. 130^2 KPC), §3.2 (art. 505^37 §2 fee credit), §4 (§ 3 ust. 2).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from law.lifecycle import (
    FILING,
    MOVES,
    UNCONFIRMED,
    CourtFacts,
    DoesNotFit,
    objection_window_end,
    opened_deadlines,
    plan_event,
    plan_filing,
)
from law.pl.deadlines import STEPS, EventKind
from law.stages import (
    EDITABLE,
    PRE_FILING,
    RANK,
    STAGE_LABELS,
    TRANSITIONS,
    IllegalCorrection,
    IllegalTransition,
    Stage,
    correction,
    next_stage,
)

K = EventKind
S = Stage
FILED_ON = date(2025, 11, 3)
EPU = CourtFacts(procedure="epu", filed_on=FILED_ON, last_step_on=FILED_ON)
UPOM = CourtFacts(procedure="upominawcze", filed_on=FILED_ON, last_step_on=FILED_ON)
NAKAZ = CourtFacts(procedure="nakazowe", filed_on=FILED_ON, last_step_on=FILED_ON)
STD = CourtFacts(procedure="standard", filed_on=FILED_ON, last_step_on=FILED_ON)
ON = date(2025, 12, 10)

# (stage, event, facts, expected stage, a provision the step must cite, source)
MOVES_EXPECTED = [
    (S.FILED, K.PAYMENT_ORDER_ISSUED, NAKAZ, S.ORDER_ISSUED, "KPC art. 485", "§6.2 [S80]"),
    (S.FILED, K.PAYMENT_ORDER_ISSUED, UPOM, S.ORDER_ISSUED, "KPC art. 502 §1", "§6.2 [S37]"),
    (S.FILED, K.PAYMENT_ORDER_ISSUED, STD, S.ORDER_ISSUED, "KPC art. 502 §1", "§6.2 [S37]"),
    (S.FILED, K.PAYMENT_ORDER_ISSUED, EPU, S.ORDER_ISSUED, "KPC art. 505^28", "§2.2 DERIVED"),
    (S.ORDER_ISSUED, K.PAYMENT_ORDER_SERVED, UPOM, S.ORDER_SERVED, "KPC art. 502 §1", "§2.2"),
    (S.FILED, K.PAYMENT_ORDER_SERVED, UPOM, S.ORDER_SERVED, "KPC art. 505", "§2.2 [S37]"),
    (S.ORDER_SERVED, K.OBJECTION_FILED, UPOM, S.ORDINARY, "KPC art. 505", "§2.2 sprzeciw"),
    (S.ORDER_SERVED, K.OBJECTION_FILED, NAKAZ, S.ORDINARY, "KPC art. 493", "§2.2 zarzuty"),
    (S.ORDER_SERVED, K.OBJECTION_FILED, EPU, S.ORDINARY, "KPC art. 505^36", "§6.2 [S81]"),
    (
        S.ORDER_SERVED,
        K.OBJECTION_FILED,
        UPOM,
        S.ORDINARY,
        "rozporządzenie MS z 22.10.2015 § 3 ust. 2",
        "§4 § 3 ust. 2",
    ),
    (S.FILED, K.STATEMENT_OF_CLAIM_SERVED, STD, S.ORDINARY, "KPC art. 205^1 §1", "§2.2 [S43]"),
    (S.ORDINARY, K.JUDGMENT_ANNOUNCED, STD, S.JUDGMENT, "KPC art. 328 §1", "§2.2 [S39]"),
    (S.ORDINARY, K.JUDGMENT_REASONS_SERVED, STD, S.JUDGMENT, "KPC art. 328 §2", "§2.2 [S39]"),
    (S.JUDGMENT, K.JUDGMENT_FINAL, STD, S.FINAL, "KPC art. 363 §1", "UNCONFIRMED"),
    (S.FILED, K.EPU_DISCONTINUED, EPU, S.EPU_DISCONTINUED, "KPC art. 505^37 §2", "§3.2 [S50]"),
    (S.ORDER_SERVED, K.EPU_DISCONTINUED, EPU, S.EPU_DISCONTINUED, "KPC art. 505^33", "UNCONF."),
    (S.FILED, K.RETURNED_UNPAID_FEE, UPOM, S.RETURNED, "KPC art. 130^2 §3", "0b K5"),
    (S.FILED, K.LAWSUIT_RETURNED, UPOM, S.RETURNED, "KPC art. 130 §2", "UNCONFIRMED"),
    (S.ORDINARY, K.LAWSUIT_WITHDRAWN, STD, S.WITHDRAWN, "KPC art. 203", "UNCONFIRMED"),
    (S.FINAL, K.SETTLED, STD, S.SETTLED, "KC art. 917", "UNCONFIRMED"),
    # the first wave's "in court, step not recorded" takes any court step
    (S.IN_COURT, K.PAYMENT_ORDER_SERVED, UPOM, S.ORDER_SERVED, "KPC art. 502 §1", "§2.2"),
    (S.IN_COURT, K.OBJECTION_FILED, NAKAZ, S.ORDINARY, "KPC art. 493", "§2.2 [S38]"),
]


@pytest.mark.parametrize(("stage", "kind", "facts", "target", "cite", "source"), MOVES_EXPECTED)
def test_event_moves_the_case(
    stage: Stage, kind: EventKind, facts: CourtFacts, target: Stage, cite: str, source: str
) -> None:
    step = plan_event(stage, kind, ON, facts)
    assert step.target is target, source
    assert step.moves
    assert cite in step.article, (step.article, source)
    assert step.cause  # Polish cause for the timeline


def test_order_final_after_the_objection_window() -> None:
    # §2.2: sprzeciw 2 weeks from service; served Wed 10.12.2025 -> ends Mon 29.12.2025
    # (24-26.12 holidays incl. Wigilia since 2025, 27-28 weekend; polish_law.md D1)
    served = CourtFacts(
        procedure="upominawcze", filed_on=FILED_ON, last_step_on=ON, order_served_on=ON
    )
    assert objection_window_end(ON) == date(2025, 12, 29)
    with pytest.raises(DoesNotFit, match="termin na sprzeciw / zarzuty upływa 2025-12-29"):
        plan_event(S.ORDER_SERVED, K.PAYMENT_ORDER_FINAL, date(2025, 12, 29), served)
    step = plan_event(S.ORDER_SERVED, K.PAYMENT_ORDER_FINAL, date(2025, 12, 30), served)
    assert step.target is S.FINAL
    assert step.opens == ("wniosek o nadanie klauzuli wykonalności",)


def test_fee_paid_within_the_week_restores_the_filing() -> None:
    # 0b K5: return order served Thu 18.12.2025 -> one week -> Thu 25.12 holiday -> Mon 29.12
    returned = CourtFacts(
        procedure="upominawcze",
        filed_on=FILED_ON,
        last_step_on=date(2025, 12, 18),
        returned_by=K.RETURNED_UNPAID_FEE.value,
        returned_on=date(2025, 12, 18),
    )
    step = plan_event(S.RETURNED, K.FEE_PAID_AFTER_RETURN, date(2025, 12, 29), returned)
    assert step.target is S.FILED and "KPC art. 130^2 §3" in step.article
    with pytest.raises(DoesNotFit, match=r"po terminie \(2025-12-29"):
        plan_event(S.RETURNED, K.FEE_PAID_AFTER_RETURN, date(2025, 12, 30), returned)
    formal = CourtFacts(
        procedure="upominawcze",
        filed_on=FILED_ON,
        returned_by=K.LAWSUIT_RETURNED.value,
        returned_on=date(2025, 12, 18),
    )
    with pytest.raises(DoesNotFit, match=r"art. 130\^2 §3"):
        plan_event(S.RETURNED, K.FEE_PAID_AFTER_RETURN, date(2025, 12, 22), formal)


# (stage, event, facts, day, what the Polish line says)
REFUSED = [
    (S.FILED, K.OBJECTION_FILED, UPOM, ON, "wymaga wydanego nakazu zapłaty"),
    (S.ORDINARY, K.PAYMENT_ORDER_FINAL, UPOM, ON, "wymaga wydanego nakazu zapłaty"),
    (S.APPROVED, K.PAYMENT_ORDER_SERVED, UPOM, ON, "nie został jeszcze wniesiony"),
    (S.APPROVED, K.CALL_SERVED, UPOM, ON, "handoff cases file"),
    (S.INTAKE, K.JUDGMENT_ANNOUNCED, STD, ON, "nie został jeszcze wniesiony"),
    (S.CLOSED, K.DECISION_SERVED, STD, ON, "sprawa jest zamknięta"),
    (S.FILED, K.EPU_DISCONTINUED, UPOM, ON, "tylko elektronicznego postępowania"),
    (S.FILED, K.PAYMENT_ORDER_SERVED, UPOM, date(2025, 11, 2), "wcześniejsze niż wniesienie"),
    (S.FILED, K.CALL_SERVED, UPOM, date(2025, 10, 31), "wcześniejsze niż wniesienie pozwu"),
    (S.JUDGMENT, K.OBJECTION_FILED, STD, ON, "nie pasuje do etapu"),
    (S.FINAL, K.JUDGMENT_ANNOUNCED, STD, ON, "nie pasuje do etapu"),
    (S.WITHDRAWN, K.LAWSUIT_WITHDRAWN, STD, ON, "nie pasuje do etapu"),
    (S.INTAKE, K.PAID_IN_FULL, STD, ON, "--kind case-closed"),
]


@pytest.mark.parametrize(("stage", "kind", "facts", "day", "says"), REFUSED)
def test_event_that_does_not_fit_is_refused(
    stage: Stage, kind: EventKind, facts: CourtFacts, day: date, says: str
) -> None:
    with pytest.raises(DoesNotFit, match=says) as caught:
        plan_event(stage, kind, day, facts)
    assert "\n" not in str(caught.value)


def test_stage_change_not_before_the_last_step() -> None:
    facts = CourtFacts(procedure="upominawcze", filed_on=FILED_ON, last_step_on=ON)
    with pytest.raises(DoesNotFit, match="ostatni krok sprawy"):
        plan_event(S.ORDER_ISSUED, K.PAYMENT_ORDER_SERVED, date(2025, 12, 9), facts)
    # a deadline-only event may be recorded late: the stage does not change
    step = plan_event(S.ORDER_ISSUED, K.DECISION_SERVED, date(2025, 12, 9), facts)
    assert not step.moves and step.opens == ("zażalenie",)


@pytest.mark.parametrize(
    "stage", [S.FILED, S.ORDER_ISSUED, S.ORDER_SERVED, S.ORDINARY, S.JUDGMENT, S.FINAL]
)
def test_deadline_only_events_keep_the_stage(stage: Stage) -> None:
    step = plan_event(stage, K.DECISION_SERVED, ON, STD)  # art. 394 §2 KPC, §2.2 [S41]
    assert step.target is stage and not step.moves
    assert step.opens == ("zażalenie",)


def test_returned_appeal_is_not_a_returned_lawsuit() -> None:
    # art. 130^2 applies to any pleading: only a returned pozew (case just filed) moves
    step = plan_event(S.JUDGMENT, K.RETURNED_UNPAID_FEE, ON, STD)
    assert not step.moves and step.opens == ("uiszczenie brakującej opłaty po zwrocie pisma",)


def test_leaving_court_ends_the_deadlines() -> None:
    for kind in (K.LAWSUIT_WITHDRAWN, K.SETTLED, K.PAID_IN_FULL, K.CASE_CLOSED):
        assert plan_event(S.ORDINARY, kind, ON, STD).leaves_court, kind
    assert not plan_event(S.ORDER_SERVED, K.OBJECTION_FILED, ON, UPOM).leaves_court


def test_every_move_is_an_edge_of_the_one_table() -> None:
    for move in MOVES:
        if move.target is not None:
            for source in move.sources:
                assert move.target in TRANSITIONS[source], (move.trigger, source)
        if move.status == UNCONFIRMED:
            assert "UNCONFIRMED" in move.note, move.trigger  # say what is unconfirmed
    assert set(STAGE_LABELS) == set(Stage) == set(TRANSITIONS) == set(RANK)


def test_each_step_names_the_deadlines_the_engine_opens() -> None:
    for kind in EventKind:
        assert opened_deadlines(kind.value) == tuple(s.action for s in STEPS[kind])
    assert opened_deadlines(FILING) == ()
    step = plan_event(S.ORDER_ISSUED, K.PAYMENT_ORDER_SERVED, ON, UPOM)
    assert step.opens == ("sprzeciw / zarzuty",)
    step = plan_event(S.FILED, K.EPU_DISCONTINUED, ON, EPU)
    assert step.opens == ("ponowne wniesienie pozwu do sądu właściwości ogólnej",)


def test_first_wave_values_and_semantics_kept() -> None:
    # stored in the database: the values never change
    assert [s.value for s in list(Stage)[:7]] == [
        "intake",
        "ready_for_review",
        "sent_back",
        "approved",
        "filed",
        "in_court",
        "closed",
    ]
    assert {S.INTAKE, S.READY_FOR_REVIEW, S.SENT_BACK} == EDITABLE
    assert {S.INTAKE, S.READY_FOR_REVIEW, S.SENT_BACK, S.APPROVED} <= PRE_FILING
    assert S.FILED not in PRE_FILING and S.ORDINARY not in PRE_FILING
    assert next_stage(S.APPROVED, S.INTAKE) is S.INTAKE  # material re-import (H5)
    assert next_stage(S.FILED, S.IN_COURT) is S.IN_COURT
    for stage in Stage:
        if stage is not S.CLOSED:
            assert S.CLOSED in TRANSITIONS[stage]


@pytest.mark.parametrize(
    ("current", "target"),
    [(S.FILED, S.APPROVED), (S.APPROVED, S.READY_FOR_REVIEW), (S.ORDINARY, S.INTAKE)],
)
def test_backwards_is_not_a_transition(current: Stage, target: Stage) -> None:
    if target in TRANSITIONS[current]:
        pytest.skip("an allowed forward edge")
    with pytest.raises(IllegalTransition):
        next_stage(current, target)


def test_correction_only_backwards_with_a_reason() -> None:
    assert correction(S.ORDER_SERVED, S.FILED, "nakaz zapisany omyłkowo") is S.FILED
    assert correction(S.CLOSED, S.JUDGMENT, "zamknięta przez pomyłkę") is S.JUDGMENT
    with pytest.raises(IllegalCorrection, match="powodu"):
        correction(S.ORDER_SERVED, S.FILED, "  ")
    with pytest.raises(IllegalCorrection, match="wcześniejszy"):
        correction(S.FILED, S.JUDGMENT, "skok do przodu")
    with pytest.raises(IllegalCorrection, match="już jest"):
        correction(S.FILED, S.FILED, "bez zmian")


def test_filing() -> None:
    approved = CourtFacts(procedure="upominawcze", approved_on=date(2025, 11, 1))
    step = plan_filing(S.APPROVED, FILED_ON, approved, electronic=False)
    assert step.target is S.FILED
    assert step.article == "KPC art. 187 §1; KPC art. 165 §2"  # §6.1 [S78], §2.1 [S32]
    with pytest.raises(DoesNotFit, match="wcześniejsza niż zatwierdzenie"):
        plan_filing(S.APPROVED, date(2025, 10, 31), approved, electronic=False)
    epu = CourtFacts(procedure="epu", approved_on=date(2025, 11, 1))
    with pytest.raises(DoesNotFit, match="wyłącznie drogą elektroniczną"):  # K10 e-Sąd
        plan_filing(S.APPROVED, FILED_ON, epu, electronic=False)
    assert plan_filing(S.APPROVED, FILED_ON, epu, electronic=True).article == "KPC art. 187 §1"
    with pytest.raises(DoesNotFit, match="zatwierdzonej przez partnera"):
        plan_filing(S.READY_FOR_REVIEW, FILED_ON, approved, electronic=False)
    with pytest.raises(DoesNotFit, match="już wniesiony"):
        plan_filing(S.ORDER_SERVED, FILED_ON, approved, electronic=False)
    again = CourtFacts(procedure="epu", last_step_on=date(2025, 12, 1))
    step = plan_filing(S.EPU_DISCONTINUED, date(2025, 12, 5), again, electronic=False)
    assert "KPC art. 505^37 §2" in step.article  # §3.2: the EPU fee is credited
    with pytest.raises(DoesNotFit, match="ponownego wniesienia"):
        plan_filing(S.EPU_DISCONTINUED, date(2025, 11, 30), again, electronic=False)


def test_a_step_that_stays_cites_the_deadline_it_opens() -> None:
    step = plan_event(S.ORDINARY, K.CALL_SERVED, ON, STD)  # art. 130 §1 KPC, §2.2 [S46][S47]
    assert step.article == "KPC art. 130 §1"


@given(
    kinds=st.lists(st.sampled_from(list(EventKind)), max_size=12),
    procedure=st.sampled_from(["epu", "nakazowe", "upominawcze", "standard"]),
)
def test_any_event_sequence_stays_on_the_table(kinds: list[EventKind], procedure: str) -> None:
    """Whatever a paralegal records, a case only ever moves along an edge of TRANSITIONS,
    and a refused event leaves it where it was."""
    stage, day = S.FILED, FILED_ON
    facts = CourtFacts(procedure=procedure, filed_on=FILED_ON, last_step_on=FILED_ON)
    for kind in kinds:
        day = day + timedelta(days=15)  # after any objection window of the step before
        try:
            step = plan_event(stage, kind, day, facts)
        except DoesNotFit:
            continue
        assert step.source is stage
        if step.moves:
            assert step.target in TRANSITIONS[stage]
            stage = step.target
            facts = CourtFacts(
                procedure=procedure,
                filed_on=FILED_ON,
                last_step_on=day,
                order_served_on=day if kind is K.PAYMENT_ORDER_SERVED else facts.order_served_on,
                returned_by=kind.value if stage is S.RETURNED else None,
                returned_on=day if stage is S.RETURNED else None,
            )
