"""Case lifecycle as one transition table (the h11 / cosmicpython pattern).

A case moves: intake -> ready_for_review -> approved -> filed -> in_court -> closed.
A partner may send a draft back (ready_for_review -> sent_back); the paralegals correct it
and the next handoff run drafts a new version (sent_back -> ready_for_review). A case can be
closed from any open stage (paid, withdrawn, written off). A creditor's re-import that
materially changes an approved case not yet packaged for the court sends it back to intake
(approved -> intake): the approval does not cover the new data. An illegal transition
raises and changes nothing.
"""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    INTAKE = "intake"
    READY_FOR_REVIEW = "ready_for_review"
    SENT_BACK = "sent_back"
    APPROVED = "approved"
    FILED = "filed"
    IN_COURT = "in_court"
    CLOSED = "closed"


class IllegalTransition(ValueError):
    """Raised when a case is asked to move along an edge the table does not have."""


TRANSITIONS: dict[Stage, frozenset[Stage]] = {
    Stage.INTAKE: frozenset({Stage.READY_FOR_REVIEW, Stage.CLOSED}),
    Stage.READY_FOR_REVIEW: frozenset(
        {Stage.APPROVED, Stage.SENT_BACK, Stage.INTAKE, Stage.CLOSED}
    ),
    Stage.SENT_BACK: frozenset({Stage.READY_FOR_REVIEW, Stage.INTAKE, Stage.CLOSED}),
    Stage.APPROVED: frozenset({Stage.FILED, Stage.INTAKE, Stage.CLOSED}),
    Stage.FILED: frozenset({Stage.IN_COURT, Stage.CLOSED}),
    Stage.IN_COURT: frozenset({Stage.CLOSED}),
    Stage.CLOSED: frozenset(),
}

# Stages in which the creditor's data may still change by re-import (before a partner signed).
EDITABLE: frozenset[Stage] = frozenset({Stage.INTAKE, Stage.READY_FOR_REVIEW, Stage.SENT_BACK})

# Stages in which a lawsuit is not yet filed: limitation is still running against us.
PRE_FILING: frozenset[Stage] = frozenset(
    {Stage.INTAKE, Stage.READY_FOR_REVIEW, Stage.SENT_BACK, Stage.APPROVED}
)


def next_stage(current: Stage, target: Stage) -> Stage:
    """Return ``target`` if the table allows ``current -> target``; raise otherwise."""
    if target not in TRANSITIONS[current]:
        raise IllegalTransition(f"case cannot move from {current.value} to {target.value}")
    return target
