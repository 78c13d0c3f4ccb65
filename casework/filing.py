"""Filing the pozew of an approved case: the case moves to ``filed``.

Load the case and its court history; ask the legal core whether it may be filed on that
day (``law.lifecycle.plan_filing``: approved, or again after a return or a discontinued
EPU; not before the approval; EPU only electronically); recompute the claim for the filing
day and refuse while a blocker the approval did not override remains, or a draft was
altered (``store.review.filing_refusals``, as ``handoff epu package`` does); name the court
the draft names (``law.pl.courts.court_for_case``, what ``documents.context`` prints in the
pozew) unless another is given; then save the step, the stage and an audit row in one
transaction and re-sync the limitation watch, which ends the pre-filing limitation
deadlines (``store.deadlines.sync_limitation_deadlines``).

The same filing recorded twice changes nothing and says so. Every refusal is one Polish
line (:class:`casework.Refused`) and changes nothing, except that an altered draft is
recorded as such by ``store.integrity``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, col, select

from casework import Refused, UnknownCase
from config import FIRM_TZ
from law.findings import Finding
from law.lifecycle import DoesNotFit, plan_filing
from law.stages import FILEABLE, STAGE_LABELS, Stage
from store import timeline
from store.db import session_scope
from store.deadlines import (
    AmbiguousCaseRef,
    CaseNotFound,
    find_case,
    sync_limitation_deadlines,
)
from store.tables import AuditLog, Case, CaseStep, Deadline

MODES = ("paper", "portal")
FILED_ACTION = "case.filed"


@dataclass(frozen=True)
class FilingOutcome:
    case_ref: str
    step: CaseStep
    recorded: bool  # False: this filing was already recorded; nothing changed
    stage_before: str
    stage_after: str
    limitation_changes: int = 0  # limitation deadlines the filing ended

    def summary(self) -> str:
        s = self.step
        where = f"{s.court}" + (f", sygn. {s.signature}" if s.signature else "")
        mode = "elektronicznie" if s.mode == "portal" else "na piśmie"
        if not self.recorded:
            return (
                f"Wniesienie pozwu w sprawie {self.case_ref} jest już zapisane "
                f"({s.occurred_on.isoformat()}, {where}); nic nie zmieniono."
            )
        ended = (
            f"; zakończono terminy przedawnienia: {self.limitation_changes}"
            if self.limitation_changes
            else ""
        )
        return (
            f"Zapisano wniesienie pozwu w sprawie {self.case_ref}: {s.occurred_on.isoformat()}, "
            f"{where} ({mode}); etap: {STAGE_LABELS[Stage(self.stage_before)]} -> "
            f"{STAGE_LABELS[Stage(self.stage_after)]} ({s.cites}){ended}."
        )


def _case(session: Session, ref: str) -> Case:
    try:
        return find_case(session, ref)
    except CaseNotFound:
        raise UnknownCase(f"nie ma sprawy o sygnaturze {ref!r}") from None
    except AmbiguousCaseRef:
        raise UnknownCase(
            f"sygnatura {ref!r} należy do kilku spraw; podaj numer sprawy jako #<id>"
        ) from None


def _same(step: CaseStep, on: date, court: str | None, signature: str, mode: str | None) -> bool:
    return (
        step.occurred_on == on
        and (court is None or court == step.court)
        and (not signature or signature == step.signature)
        and (mode is None or mode == step.mode)
    )


def _court_of_draft(session: Session, case: Case, on: date) -> tuple[str, list[Finding]]:
    """The court the draft names for a filing on ``on`` ("" when it names none) and the
    claim's findings on that day; refused when the procedure would no longer be the one
    the partner approved."""
    from law.pl.case_claim import claim_input
    from law.pl.claim import compute_claim
    from law.pl.courts import court_for_case
    from store.cases import load_case_file
    from store.rates import eur_rates

    assert case.id is not None
    case_file = load_case_file(session, case.id)
    rates = eur_rates(session)
    claim = compute_claim(claim_input(case_file, on), extra_eur_rates=rates or None)
    if case.procedure and claim.procedure.value != case.procedure:
        raise Refused(
            f"w dniu {on.isoformat()} właściwy byłby tryb {claim.procedure.value}, a projekt "
            f"zatwierdzono w trybie {case.procedure} ({claim.procedure_reason}); sporządź i "
            "zatwierdź projekt ponownie"
        )
    choice = court_for_case(case_file, claim)
    name = ", ".join(p for p in (choice.name, choice.division) if p)
    return name, list(claim.findings)


def file_case(
    engine: sa.Engine,
    ref: str,
    on: date,
    *,
    today: date,
    actor: str,
    court: str | None = None,
    signature: str = "",
    mode: str | None = None,
    roots: Iterable[Path] = (),
) -> FilingOutcome:
    """Record that the pozew of case ``ref`` was filed on ``on`` (see the module docstring).

    Raises :class:`casework.UnknownCase` and :class:`casework.Refused`.
    """
    from store.review import filing_refusals

    if mode is not None and mode not in MODES:
        raise Refused(f"--mode: {mode!r} - dozwolone: {', '.join(MODES)}")
    if on > today:
        raise Refused(
            f"data wniesienia nie może być w przyszłości ({on.isoformat()}; dziś jest "
            f"{today.isoformat()})"
        )
    court = court.strip() if court is not None else None
    if court == "":
        raise Refused("--court: podaj nazwę sądu")
    with Session(engine) as session:
        case = _case(session, ref)
        assert case.id is not None
        case_id, stage = case.id, Stage(case.stage)
        last = timeline.latest_filing(session, case_id)
        if stage not in FILEABLE and last is not None and _same(last, on, court, signature, mode):
            return FilingOutcome(ref, last, False, stage.value, stage.value)
        facts = timeline.court_facts(session, case, FIRM_TZ)
        chosen = mode or (
            "portal" if facts.procedure == "epu" and stage is Stage.APPROVED else "paper"
        )
        try:
            step = plan_filing(stage, on, facts, electronic=chosen == "portal")
        except DoesNotFit as exc:
            if last is not None and stage not in FILEABLE:
                raise Refused(
                    f"{exc}; zapisane wniesienie: {last.occurred_on.isoformat()}, {last.court} "
                    "- inne dane złożenia popraw korektą etapu (handoff cases correct)"
                ) from None
            raise Refused(str(exc)) from None
        drafted_court, findings = _court_of_draft(session, case, on)
    if court is None:
        if stage is Stage.EPU_DISCONTINUED:
            raise Refused(
                "po umorzeniu EPU pozew wnosi się do sądu właściwości ogólnej: podaj --court"
            )
        if not drafted_court:
            raise Refused("projekt nie wskazuje sądu (zob. uwagi blokujące): podaj --court")
        court = drafted_court
    reasons = filing_refusals(engine, case_id, findings, roots, actor=actor, purpose="filing")
    if reasons:
        more = f" (i {len(reasons) - 3} innych)" if len(reasons) > 3 else ""
        raise Refused(
            f"sprawy nie można złożyć - uwagi blokujące ({len(reasons)}): "
            f"{'; '.join(reasons[:3])}{more}"
        )
    with session_scope(engine) as session:
        case = session.get(Case, case_id, with_for_update=True)
        assert case is not None
        session.refresh(case)
        if case.stage != stage.value:
            raise Refused(
                f"sprawa zmieniła etap w trakcie zapisu ({STAGE_LABELS[Stage(case.stage)]}); "
                "spróbuj ponownie"
            )
        row = timeline.apply_step(
            session, case, step, actor=actor, court=court, signature=signature, mode=chosen
        )
        session.add(
            AuditLog(
                actor=actor,
                action=FILED_ACTION,
                case_id=case_id,
                detail=json.dumps(
                    {
                        "on": on.isoformat(),
                        "court": court,
                        "signature": signature,
                        "mode": chosen,
                        "step_id": row.id,
                        "findings": [f.code for f in findings],
                    },
                    ensure_ascii=False,
                ),
            )
        )
        watched = _open_limitation(session, case_id)
        sync_limitation_deadlines(session, case_ids=[case_id])
        ended = len(watched - _open_limitation(session, case_id))
        return FilingOutcome(ref, row, True, stage.value, case.stage, ended)


def _open_limitation(session: Session, case_id: int) -> set[int]:
    rows = session.exec(
        select(Deadline.id).where(
            Deadline.case_id == case_id,
            col(Deadline.event_id).is_(None),
            Deadline.status == "open",
        )
    ).all()
    return {r for r in rows if r is not None}
