"""Correcting a case's stage: moving it back because a step was recorded by mistake.

Never a transition of the lifecycle table: an explicit backwards move with the reason a
person gives (``law.stages.correction``), written to the timeline (the steps it undoes stay
there, marked undone) and the audit log in one transaction. The events themselves stay:
delete a wrongly recorded event with ``handoff event delete`` (which undoes its step when
it is the last one). A stage that enters or leaves the pre-filing group re-syncs the
limitation watch.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from casework import Refused
from law.stages import PRE_FILING, STAGE_LABELS, IllegalCorrection, Stage
from store import timeline
from store.deadlines import find_case, sync_limitation_deadlines
from store.tables import Case, CaseStep


@dataclass(frozen=True)
class CorrectionOutcome:
    step: CaseStep
    stage_before: str
    stage_after: str

    def summary(self) -> str:
        return (
            f"Skorygowano etap: {STAGE_LABELS[Stage(self.stage_before)]} -> "
            f"{STAGE_LABELS[Stage(self.stage_after)]} (powód: {self.step.reason})."
        )


def correct_stage(
    session: Session, case_ref: str, target: Stage, reason: str, *, today: date, actor: str
) -> CorrectionOutcome:
    """Move case ``case_ref`` back to ``target`` in the caller's transaction.

    Raises :class:`casework.Refused` (not backwards, no reason) and
    ``store.deadlines.CaseNotFound`` / ``AmbiguousCaseRef``.
    """
    found = find_case(session, case_ref)
    case = session.get(Case, found.id, with_for_update=True)
    assert case is not None and case.id is not None
    session.refresh(case)
    before = Stage(case.stage)
    try:
        row = timeline.apply_correction(session, case, target, reason, on=today, actor=actor)
    except IllegalCorrection as exc:
        raise Refused(str(exc)) from None
    if (before in PRE_FILING) != (target in PRE_FILING):
        sync_limitation_deadlines(session, case_ids=[case.id])
    return CorrectionOutcome(row, before.value, case.stage)
