"""The letters to the court on the case page (``casework.court_letters``): what each one
withdraws and why, the rules with the reference's grade (which of them the letter cites),
the notes and blockers for the partner, and whether this user may decide it now."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlmodel import Session

from casework.court_letters import (
    KIND_LABELS,
    READY,
    case_letters,
    letter_blockers,
    status_label,
)
from law.stages import STAGE_LABELS, Stage
from store.tables import Case, GeneratedDocument, User

BADGES = {
    "to_render": "warning",
    "ready_for_review": "warning",
    "approved": "ok",
    "sent_back": "blocker",
}


@dataclass
class LetterView:
    id: int
    kind_label: str
    esad: bool
    status: str
    status_label: str
    badge: str
    letter_on: date
    stage_label: str
    reason_text: str
    principal: Decimal
    interest: Decimal
    document_id: int | None
    version: int | None
    rules: list[dict[str, object]]
    notes: list[str]
    blockers: list[str]
    review_comment: str
    decided_by: str
    can_decide: bool
    why_not: str = ""


def letter_views(session: Session, case: Case, user: User) -> list[LetterView]:
    """The case's letters, oldest first, as the case page shows them."""
    assert case.id is not None
    out = []
    for letter in case_letters(session, case.id):
        assert letter.id is not None
        plan = json.loads(letter.plan_json)
        doc = session.get(GeneratedDocument, letter.document_id) if letter.document_id else None
        mine = user.role == "partner" and (not case.partner or case.partner == user.username)
        why_not = ""
        if letter.status == "to_render":
            why_not = (
                "Plik pisma nie został jeszcze sporządzony: handoff letters draft "
                f"{case.external_ref}."
            )
        elif letter.status == READY and user.role != "partner":
            why_not = "Zatwierdzać i zwracać pisma może tylko partner."
        elif letter.status == READY and not mine:
            why_not = (
                f"Sprawa jest przypisana do partnera {case.partner}; aby zdecydować, przejmij ją."
            )
        out.append(
            LetterView(
                id=letter.id,
                kind_label=KIND_LABELS.get(letter.kind, letter.kind),
                esad=letter.channel == "e-sad",
                status=letter.status,
                status_label=status_label(letter),
                badge=BADGES.get(letter.status, "info"),
                letter_on=letter.letter_on,
                stage_label=STAGE_LABELS.get(Stage(letter.court_stage), letter.court_stage),
                reason_text=str(plan.get("reason_text", "")),
                principal=Decimal(str(plan.get("principal", "0"))),
                interest=Decimal(str(plan.get("interest", "0"))),
                document_id=letter.document_id,
                version=doc.version if doc is not None else None,
                rules=list(plan.get("rules") or []),
                notes=list(plan.get("notes") or []),
                blockers=letter_blockers(session, letter),
                review_comment=letter.review_comment,
                decided_by=letter.decided_by,
                can_decide=letter.status == READY and mine,
                why_not=why_not,
            )
        )
    return out
