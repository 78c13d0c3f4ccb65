"""Case lifecycle as one transition table (the h11 / cosmicpython pattern).

Before the court: intake -> ready_for_review -> approved. A partner may send a draft back
(ready_for_review -> sent_back); the paralegals correct it and the next handoff run drafts a
new version (sent_back -> ready_for_review). A creditor's re-import that materially changes
an approved case not yet packaged for the court sends it back to intake (approved -> intake):
the approval does not cover the new data.

In court (issue #17): approved -> filed (the pozew is lodged) -> order_issued (nakaz
zapłaty in EPU, nakazowe or upominawcze) -> order_served (the defendant's two weeks run) ->
ordinary (a sprzeciw / zarzuty moved the case to ordinary proceedings; after EPU to the
court of general jurisdiction) or final (no objection: the order is prawomocny). A case
heard without an order goes filed -> ordinary -> judgment -> final. Side exits: returned
(the pozew was returned, e.g. art. 130^2 KPC; an unpaid fee paid within the week brings it
back to filed), epu_discontinued (re-filed: filed again), withdrawn, settled, paid; every
open stage can be closed. ``in_court`` is the stage the first wave stored for "somewhere in
court": a case in it may take any court step. Which recorded event causes which move, with
its article, is ``law.lifecycle``.

Enforcement (issue #19): final -> enforcement (a wniosek egzekucyjny lodged with a
komornik) -> enforcement_ended (umorzenie, e.g. z powodu bezskuteczności; a new wniosek
goes back to enforcement) or paid (recovered in full); a discontinuance at the creditor's
request returns the case to final. ``law.pl.enforcement`` holds the rules.

An illegal transition raises and changes nothing. Moving a case backwards is never a
transition: it is an explicit :func:`correction` with a reason, which the caller audits.
"""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    # stored in the database since the first wave: never rename a value
    INTAKE = "intake"
    READY_FOR_REVIEW = "ready_for_review"
    SENT_BACK = "sent_back"
    APPROVED = "approved"
    FILED = "filed"
    IN_COURT = "in_court"  # in court, the step not recorded (cases stored before #17)
    CLOSED = "closed"
    # the court stage (issue #17)
    ORDER_ISSUED = "order_issued"
    ORDER_SERVED = "order_served"
    ORDINARY = "ordinary"
    JUDGMENT = "judgment"
    FINAL = "final"
    RETURNED = "returned"
    EPU_DISCONTINUED = "epu_discontinued"
    WITHDRAWN = "withdrawn"
    SETTLED = "settled"
    PAID = "paid"
    # enforcement (issue #19)
    ENFORCEMENT = "enforcement"
    ENFORCEMENT_ENDED = "enforcement_ended"


# Polish name of each stage, as partners and paralegals read it.
STAGE_LABELS: dict[Stage, str] = {
    Stage.INTAKE: "przyjęcie",
    Stage.READY_FOR_REVIEW: "do akceptacji",
    Stage.SENT_BACK: "zwrócona do poprawy",
    Stage.APPROVED: "zatwierdzona",
    Stage.FILED: "pozew złożony",
    Stage.IN_COURT: "w sądzie",
    Stage.CLOSED: "zamknięta",
    Stage.ORDER_ISSUED: "nakaz zapłaty wydany",
    Stage.ORDER_SERVED: "nakaz zapłaty doręczony",
    Stage.ORDINARY: "postępowanie zwykłe",
    Stage.JUDGMENT: "wyrok (nieprawomocny)",
    Stage.FINAL: "prawomocna",
    Stage.RETURNED: "pozew zwrócony",
    Stage.EPU_DISCONTINUED: "EPU umorzone",
    Stage.WITHDRAWN: "pozew cofnięty",
    Stage.SETTLED: "ugoda",
    Stage.PAID: "zapłacona",
    Stage.ENFORCEMENT: "egzekucja komornicza",
    Stage.ENFORCEMENT_ENDED: "egzekucja umorzona",
}


class IllegalTransition(ValueError):
    """Raised when a case is asked to move along an edge the table does not have."""


class IllegalCorrection(ValueError):
    """A correction that is not backwards, or has no reason (the message is Polish)."""


_LEAVE = frozenset({Stage.WITHDRAWN, Stage.SETTLED, Stage.PAID, Stage.CLOSED})
_AFTER_FILING = frozenset(
    {
        Stage.ORDER_ISSUED,
        Stage.ORDER_SERVED,
        Stage.ORDINARY,
        Stage.JUDGMENT,
        Stage.RETURNED,
        Stage.EPU_DISCONTINUED,
    }
)

# Where a broken settlement (ugoda) returns a case: the stage it was settled from, or
# ``final`` for a court settlement (the settlement is the title; issue #18).
_SETTLEMENT_BROKEN = _AFTER_FILING | {
    Stage.APPROVED,
    Stage.FILED,
    Stage.IN_COURT,
    Stage.FINAL,
    Stage.ENFORCEMENT,
    Stage.ENFORCEMENT_ENDED,
}

TRANSITIONS: dict[Stage, frozenset[Stage]] = {
    Stage.INTAKE: frozenset({Stage.READY_FOR_REVIEW, Stage.CLOSED}),
    Stage.READY_FOR_REVIEW: frozenset(
        {Stage.APPROVED, Stage.SENT_BACK, Stage.INTAKE, Stage.CLOSED}
    ),
    Stage.SENT_BACK: frozenset({Stage.READY_FOR_REVIEW, Stage.INTAKE, Stage.CLOSED}),
    Stage.APPROVED: frozenset({Stage.FILED, Stage.INTAKE, Stage.SETTLED, Stage.PAID, Stage.CLOSED}),
    Stage.FILED: _AFTER_FILING | _LEAVE | {Stage.IN_COURT},
    Stage.IN_COURT: _AFTER_FILING | _LEAVE | {Stage.FINAL},
    Stage.ORDER_ISSUED: frozenset({Stage.ORDER_SERVED, Stage.ORDINARY, Stage.EPU_DISCONTINUED})
    | _LEAVE,
    Stage.ORDER_SERVED: frozenset({Stage.ORDINARY, Stage.FINAL, Stage.EPU_DISCONTINUED}) | _LEAVE,
    Stage.ORDINARY: frozenset({Stage.JUDGMENT}) | _LEAVE,
    Stage.JUDGMENT: frozenset({Stage.FINAL}) | _LEAVE,
    Stage.FINAL: frozenset({Stage.ENFORCEMENT, Stage.SETTLED, Stage.PAID, Stage.CLOSED}),
    Stage.ENFORCEMENT: frozenset(
        {Stage.ENFORCEMENT_ENDED, Stage.FINAL, Stage.SETTLED, Stage.PAID, Stage.CLOSED}
    ),
    Stage.ENFORCEMENT_ENDED: frozenset(
        {Stage.ENFORCEMENT, Stage.SETTLED, Stage.PAID, Stage.CLOSED}
    ),
    Stage.RETURNED: frozenset({Stage.FILED, Stage.SETTLED, Stage.PAID, Stage.CLOSED}),
    Stage.EPU_DISCONTINUED: frozenset({Stage.FILED, Stage.SETTLED, Stage.PAID, Stage.CLOSED}),
    Stage.WITHDRAWN: frozenset({Stage.CLOSED}),
    # a broken instalment plan returns the case to its court track (law.pl.settlements)
    Stage.SETTLED: frozenset({Stage.PAID, Stage.CLOSED}) | _SETTLEMENT_BROKEN,
    Stage.PAID: frozenset({Stage.CLOSED}),
    Stage.CLOSED: frozenset(),
}

# Stages in which the creditor's data may still change by re-import (before a partner signed).
EDITABLE: frozenset[Stage] = frozenset({Stage.INTAKE, Stage.READY_FOR_REVIEW, Stage.SENT_BACK})

# Stages in which no lawsuit is (effectively) filed: limitation is still running against us,
# so the limitation watch is on. A returned pozew has no effect unless the fee is paid within
# the week (art. 130^2 KPC, K5); a discontinued EPU case must be filed again. Conservative:
# both are watched until the case is filed again.
PRE_FILING: frozenset[Stage] = frozenset(
    {
        Stage.INTAKE,
        Stage.READY_FOR_REVIEW,
        Stage.SENT_BACK,
        Stage.APPROVED,
        Stage.RETURNED,
        Stage.EPU_DISCONTINUED,
    }
)

# A lawsuit is pending in court ("w sądzie"): the group ``in_court`` stands for.
PENDING_IN_COURT: frozenset[Stage] = frozenset(
    {
        Stage.FILED,
        Stage.IN_COURT,
        Stage.ORDER_ISSUED,
        Stage.ORDER_SERVED,
        Stage.ORDINARY,
        Stage.JUDGMENT,
    }
)

# Stages from which a pozew may be filed: approved, or filed again after a return / EPU.
FILEABLE: frozenset[Stage] = frozenset({Stage.APPROVED, Stage.RETURNED, Stage.EPU_DISCONTINUED})

# Where a stage lies along the lifecycle; a correction moves only to a lower rank.
RANK: dict[Stage, int] = {
    Stage.INTAKE: 0,
    Stage.SENT_BACK: 1,
    Stage.READY_FOR_REVIEW: 2,
    Stage.APPROVED: 3,
    Stage.FILED: 4,
    Stage.RETURNED: 5,
    Stage.EPU_DISCONTINUED: 5,
    Stage.ORDER_ISSUED: 5,
    Stage.IN_COURT: 6,
    Stage.ORDER_SERVED: 6,
    Stage.ORDINARY: 7,
    Stage.JUDGMENT: 8,
    Stage.FINAL: 9,
    Stage.ENFORCEMENT: 10,
    Stage.ENFORCEMENT_ENDED: 10,
    Stage.WITHDRAWN: 10,
    Stage.SETTLED: 10,
    Stage.PAID: 11,
    Stage.CLOSED: 12,
}


def next_stage(current: Stage, target: Stage) -> Stage:
    """Return ``target`` if the table allows ``current -> target``; raise otherwise."""
    if target not in TRANSITIONS[current]:
        raise IllegalTransition(f"case cannot move from {current.value} to {target.value}")
    return target


def correction(current: Stage, target: Stage, reason: str) -> Stage:
    """Return ``target`` for an explicit backwards correction of a wrongly recorded step.

    Only backwards (a lower :data:`RANK`), and only with a reason a person wrote; the caller
    records it in the audit log and the timeline. Raises :class:`IllegalCorrection`.
    """
    if not reason.strip():
        raise IllegalCorrection("korekta etapu wymaga podania powodu")
    if target is current:
        raise IllegalCorrection(f"sprawa już jest na etapie {STAGE_LABELS[current]!r}")
    if RANK[target] >= RANK[current]:
        raise IllegalCorrection(
            f"korekta cofa sprawę do wcześniejszego etapu; {STAGE_LABELS[target]!r} nie jest "
            f"wcześniejszy niż {STAGE_LABELS[current]!r} (dalsze kroki zapisuje się "
            "zdarzeniem: handoff event add)"
        )
    return target


def undo(current: Stage, previous: Stage, reason: str) -> Stage:
    """Return ``previous`` when undoing the one recorded transition ``previous -> current``
    (an event deleted because it was recorded by mistake): backwards in history even where
    it is not backwards in :data:`RANK` (e.g. the fee paid after a return). Needs a reason
    and an edge of the table; raises :class:`IllegalCorrection` otherwise."""
    if not reason.strip():
        raise IllegalCorrection("cofnięcie kroku wymaga podania powodu")
    if current not in TRANSITIONS[previous]:
        raise IllegalCorrection(
            f"nie ma przejścia {STAGE_LABELS[previous]!r} -> {STAGE_LABELS[current]!r} do cofnięcia"
        )
    return previous
