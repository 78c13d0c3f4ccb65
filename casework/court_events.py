"""Recording a court event: the case moves along the lifecycle, its deadlines follow.

Load the case (locked) and what the store knows of its court history; ask the legal core
whether the event fits and where it leads (``law.lifecycle.plan_event``, the event table
with its articles); save the event and the deadlines it opens (``store.deadlines``, the
existing engine), the step and the new stage (``store.timeline``), in the caller's
transaction. An event that takes the case out of court ends its open procedural deadlines;
a stage that enters or leaves the pre-filing group re-syncs the limitation watch.

The same event recorded twice (same case, kind and day; same signature where both have
one) changes nothing and says so; so does a re-run after a crash, since the event, its
deadlines, the step and the stage commit together or not at all.

An event that makes a title final (stage ``final``) takes its next step in the same
transaction (``casework.enforcement.clause_after_final``): in paper proceedings the wniosek
o nadanie klauzuli wykonalności is drafted when the caller passes ``clause`` (the drafting
settings of its entry point), once; in EPU nothing is drafted; a debt paid in full needs
none. Since it commits with the event, the same event twice or a re-run after a crash
drafts it once. Deleting that event withdraws an application made after it (the court's
watched days end, the partner is told not to file it; the draft stays as a record).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from casework import Refused
from config import FIRM_TZ
from law.lifecycle import DEADLINE_ONLY, DoesNotFit, Step, plan_event
from law.pl.deadlines import EVENT_LABELS, EventKind
from law.stages import PRE_FILING, STAGE_LABELS, IllegalCorrection, Stage
from store import timeline
from store.deadlines import find_case, record_event, sync_limitation_deadlines
from store.tables import Case, CaseStep, CourtEvent, Deadline

if TYPE_CHECKING:
    from casework.enforcement import ClauseDrafting, ClauseFollowUp


@dataclass(frozen=True)
class EventOutcome:
    """What recording the event did."""

    event: CourtEvent
    deadlines: list[Deadline]
    step: CaseStep | None
    recorded: bool  # False: the same event was already recorded; nothing changed
    stage_before: str
    stage_after: str
    ended: list[Deadline] = field(default_factory=list)  # deadlines cancelled on leaving court
    clause: ClauseFollowUp | None = None  # the final title's next step (None: not final now)

    @property
    def moved(self) -> bool:
        return self.stage_before != self.stage_after

    def summary(self) -> str:
        """One Polish line for the person who recorded it."""
        label = EVENT_LABELS.get(EventKind(self.event.kind), self.event.kind)
        if not self.recorded:
            return (
                f"To zdarzenie jest już zapisane (#{self.event.id}: {label}, "
                f"{self.event.occurred_on.isoformat()}); nic nie zmieniono."
            )
        if not self.moved:
            return f"Etap sprawy bez zmian: {STAGE_LABELS[Stage(self.stage_after)]}."
        cites = f" ({self.step.cites})" if self.step is not None and self.step.cites else ""
        line = (
            f"Etap: {STAGE_LABELS[Stage(self.stage_before)]} -> "
            f"{STAGE_LABELS[Stage(self.stage_after)]}{cites}."
        )
        return " ".join([line, *(self.clause.lines if self.clause is not None else ())])


def _locked(session: Session, case_ref: str) -> Case:
    case = find_case(session, case_ref)  # raises store.deadlines.CaseNotFound / Ambiguous
    locked = session.get(Case, case.id, with_for_update=True)
    assert locked is not None
    session.refresh(locked)  # the stage as of the lock
    return locked


def _event_deadlines(session: Session, event_id: int) -> list[Deadline]:
    return list(
        session.exec(
            select(Deadline)
            .where(Deadline.event_id == event_id)
            .order_by(col(Deadline.due_on), col(Deadline.rule_key))
        ).all()
    )


def plan(session: Session, case: Case, kind: EventKind, on: date) -> Step:
    """The step the event would take, or :class:`casework.Refused`; changes nothing."""
    facts = timeline.court_facts(session, case, FIRM_TZ)
    try:
        return plan_event(Stage(case.stage), kind, on, facts)
    except DoesNotFit as exc:
        raise Refused(str(exc)) from None


def record_court_event(
    session: Session,
    case_ref: str,
    kind: EventKind,
    on: date,
    *,
    today: date,
    signature: str = "",
    note: str = "",
    actor: str = "",
    clause: ClauseDrafting | None = None,
    court: str = "",
) -> EventOutcome:
    """Record a court event of day ``on`` in the caller's transaction (see the module doc).

    ``clause``: how the entry point drafts the clause application of a paper title this
    event makes final (None: the outcome names the command that drafts it). ``court``: the
    court the event happened in when it is not the one the pozew went to (after a sprzeciw
    in EPU, the court of general jurisdiction), kept on the step: the clause application of
    its judgment goes there (``casework.enforcement``).

    Raises :class:`casework.Refused` (a day in the future, an event that does not fit the
    stage or is dated before the filing) and ``store.deadlines.CaseNotFound`` /
    ``AmbiguousCaseRef``; nothing is written then.
    """
    kind = EventKind(kind)
    if on > today:
        raise Refused(
            f"data zdarzenia nie może być w przyszłości ({on.isoformat()}; dziś jest "
            f"{today.isoformat()})"
        )
    case = _locked(session, case_ref)
    assert case.id is not None
    stage = case.stage
    twin = timeline.same_event(session, case.id, kind, on, signature)
    if twin is not None and twin.id is not None:
        return EventOutcome(
            twin,
            _event_deadlines(session, twin.id),
            timeline.step_for_event(session, twin.id),
            False,
            stage,
            stage,
        )
    step = plan(session, case, kind, on)
    event, rows = record_event(
        session, case_ref, kind, on, signature=signature, note=note, actor=actor
    )
    row = timeline.apply_step(
        session, case, step, actor=actor, event_id=event.id, signature=signature, court=court
    )
    ended = timeline.end_court_deadlines(session, case.id, actor=actor) if step.leaves_court else []
    if (Stage(stage) in PRE_FILING) != (step.target in PRE_FILING):
        sync_limitation_deadlines(session, case_ids=[case.id])
    if ended:
        rows = _event_deadlines(session, event.id) if event.id is not None else rows
    follow_up = None
    if step.target is Stage.FINAL and Stage(stage) is not Stage.FINAL:
        from casework.enforcement import clause_after_final

        follow_up = clause_after_final(session, case.id, today=today, drafting=clause, actor=actor)
    return EventOutcome(event, rows, row, True, stage, case.stage, ended, follow_up)


def _moving_step(session: Session, event_id: int) -> CaseStep | None:
    """The effective step this event caused, if it changed the stage."""
    step = timeline.step_for_event(session, event_id)
    if step is None or step.from_stage == step.to_stage:
        return None
    kept = timeline.effective_steps(timeline.steps_of(session, step.case_id))
    return step if any(s.id == step.id for s in kept) else None


def _last_moving(session: Session, case_id: int) -> CaseStep | None:
    kept = timeline.effective_steps(timeline.steps_of(session, case_id))
    moving = [s for s in kept if s.from_stage != s.to_stage]
    return moving[-1] if moving else None


def delete_court_event(
    session: Session, event_id: int, *, today: date, actor: str = ""
) -> list[Deadline]:
    """Delete an event (``store.deadlines.delete_event``); if it moved the case, the case
    moves back to where it was, as an audited correction. Refused (nothing changed) when
    later steps rest on it: those must be undone first."""
    from store.deadlines import delete_event

    step = _moving_step(session, event_id)
    if step is not None:
        last = _last_moving(session, step.case_id)
        if last is None or last.id != step.id:
            raise Refused(
                f"zdarzenie #{event_id} zmieniło etap sprawy, a po nim zapisano kolejne kroki "
                "(handoff cases show --json: timeline); usuń najpierw późniejsze zdarzenia"
            )
        case = session.get(Case, step.case_id, with_for_update=True)
        assert case is not None
        session.refresh(case)
        before = Stage(case.stage)
        try:
            timeline.apply_correction(
                session,
                case,
                Stage(step.from_stage),
                f"usunięto zdarzenie #{event_id}",
                on=today,
                actor=actor,
                undoing=True,
            )
        except IllegalCorrection as exc:
            raise Refused(f"zdarzenia #{event_id} nie można usunąć: {exc}") from None
        if (before in PRE_FILING) != (Stage(case.stage) in PRE_FILING):
            sync_limitation_deadlines(session, case_ids=[step.case_id])
        if Stage(step.to_stage) is Stage.FINAL and step.id is not None:
            from casework.enforcement import clause_after_undone_final

            clause_after_undone_final(session, step.case_id, step.id)
    return delete_event(session, event_id, actor=actor)


@dataclass(frozen=True)
class EditOutcome:
    """What correcting an event did: the event, its deadlines, and Polish lines on what
    followed (the clause application drafted again, or why it must not be filed)."""

    event: CourtEvent
    deadlines: list[Deadline]
    lines: tuple[str, ...] = ()


def edit_court_event(
    session: Session,
    event_id: int,
    *,
    kind: EventKind | None = None,
    on: date | None = None,
    signature: str | None = None,
    note: str | None = None,
    court: str | None = None,
    actor: str = "",
    clause: ClauseDrafting | None = None,
) -> EditOutcome:
    """Correct an event in the caller's transaction: refused (nothing changed) when it
    would contradict the stage it moved the case to (:func:`check_edit`); its deadlines are
    recomputed, and its timeline step follows the day, the signature and the court (``court``
    as at ``record_court_event``: the court it happened in). What the timeline says of the
    title then reaches the documents drafted on it: a letter to the court not yet approved
    whose court or signature changes is drafted again (``casework.court_letters.
    letters_after_edit``), and so is the clause application made after the final title when
    its words change (``casework.enforcement.clause_after_edit``); ``clause``: the entry
    point's drafting settings (None: the partner is told to redraft them)."""
    from casework.court_letters import LetterOutput, letters_after_edit
    from casework.enforcement import clause_after_edit
    from store.deadlines import edit_event

    found = session.get(CourtEvent, event_id)
    if found is not None and found.deleted_at is None:
        check_edit(session, event_id, kind=kind, on=on)
        if court is not None and timeline.step_for_event(session, event_id) is None:
            raise Refused(
                f"zdarzenie #{event_id} nie ma kroku w historii sprawy (zapisane przed nią); "
                "sądu nie można przy nim zapisać - usuń je i zapisz ponownie z --court"
            )
    event, rows = edit_event(
        session, event_id, kind=kind, on=on, signature=signature, note=note, actor=actor
    )
    step = timeline.step_for_event(session, event_id)
    named = None if court is None else court.strip()[:200]
    if step is not None:
        if signature is not None:
            step.signature = signature
        if named is not None and named != step.court:
            import json

            from store.drafting import audit

            detail = {"event_id": event_id, "before": step.court, "after": named}
            audit(
                session,
                actor or "system",
                "event.court",
                event.case_id,
                json.dumps(detail, ensure_ascii=False),
            )
            step.court = named
        session.add(step)
    if kind is None and on is None and signature is None and court is None:
        return EditOutcome(event, rows)  # the note alone: nothing the documents say
    session.flush()
    output = (
        None
        if clause is None
        else LetterOutput(clause.firm, clause.documents_dir, clause.templates)
    )
    lines = letters_after_edit(session, event.case_id, output=output, actor=actor)
    lines += clause_after_edit(session, event.case_id, drafting=clause, actor=actor)
    return EditOutcome(event, rows, tuple(lines))


def check_edit(session: Session, event_id: int, *, kind: EventKind | None, on: date | None) -> None:
    """Refuse an edit that would contradict the stage the event moved the case to: another
    kind, or a day before the step it follows / after a step that follows it. A date that
    still fits moves the step's date with the event."""
    step = _moving_step(session, event_id)
    if step is None:
        _check_stay_edit(session, event_id, kind=kind, on=on)
        return
    if kind is not None and EventKind(kind).value != step.trigger:
        raise Refused(
            f"zdarzenie #{event_id} zmieniło etap sprawy; rodzaju nie można zmienić - usuń je "
            "(handoff event delete) i zapisz właściwe"
        )
    if on is None or on == step.occurred_on:
        return
    kept = [
        s
        for s in timeline.effective_steps(timeline.steps_of(session, step.case_id))
        if s.from_stage != s.to_stage
    ]
    index = next(i for i, s in enumerate(kept) if s.id == step.id)
    earlier = kept[index - 1].occurred_on if index > 0 else None
    later = kept[index + 1].occurred_on if index + 1 < len(kept) else None
    if (earlier is not None and on < earlier) or (later is not None and on > later):
        raise Refused(
            f"data {on.isoformat()} nie mieści się między sąsiednimi krokami sprawy "
            f"({earlier.isoformat() if earlier else '-'} - {later.isoformat() if later else '-'})"
        )
    step.occurred_on = on
    session.add(step)


def _check_stay_edit(
    session: Session, event_id: int, *, kind: EventKind | None, on: date | None
) -> None:
    """An event recorded without a stage change may become only another such event, and
    not be dated before the filing; its timeline step follows the edit."""
    step = timeline.step_for_event(session, event_id)
    if step is None:  # recorded before the lifecycle (or elsewhere): nothing to keep in step
        return
    if kind is not None and EventKind(kind).value != step.trigger:
        if EventKind(kind) not in DEADLINE_ONLY or EventKind(step.trigger) not in DEADLINE_ONLY:
            raise Refused(
                f"zmiana rodzaju zdarzenia #{event_id} na {EVENT_LABELS[EventKind(kind)]!r} "
                "zmieniłaby etap sprawy; usuń je (handoff event delete) i zapisz właściwe"
            )
        step.trigger = EventKind(kind).value
    if on is not None and on != step.occurred_on:
        case = session.get(Case, step.case_id)
        assert case is not None
        filed_on = timeline.court_facts(session, case, FIRM_TZ).filed_on
        if filed_on is not None and on < filed_on:
            raise Refused(
                f"data {on.isoformat()} jest wcześniejsza niż wniesienie pozwu "
                f"({filed_on.isoformat()})"
            )
        step.occurred_on = on
    session.add(step)
