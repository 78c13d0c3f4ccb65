"""The drafted settlements on the case page (``casework.settlement_review``): the draft's
review status, its blockers, the partner's comment and whether this user may decide now."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from casework.settlement_review import (
    case_settlements,
    review_label,
    settlement_blockers,
)
from casework.settlements import READY
from store.tables import Case, GeneratedDocument, User

BADGES = {"ready_for_review": "warning", "approved": "ok", "sent_back": "blocker"}


@dataclass
class SettlementReview:
    id: int
    status: str
    status_label: str
    badge: str
    document_id: int | None
    version: int | None
    blockers: list[str]
    review_comment: str
    decided_by: str
    can_decide: bool
    why_not: str = ""


def settlement_reviews(session: Session, case: Case, user: User) -> dict[int, SettlementReview]:
    """The review of each drafted settlement of the case, by settlement id."""
    assert case.id is not None
    mine = user.role == "partner" and (not case.partner or case.partner == user.username)
    out = {}
    for row in case_settlements(session, case.id):
        if row.id is None or not row.review_status:
            continue
        doc = session.get(GeneratedDocument, row.document_id) if row.document_id else None
        why_not = ""
        if row.review_status == READY and user.role != "partner":
            why_not = "Zatwierdzać i zwracać projekty ugód może tylko partner."
        elif row.review_status == READY and not mine:
            why_not = (
                f"Sprawa jest przypisana do partnera {case.partner}; aby zdecydować, przejmij ją."
            )
        out[row.id] = SettlementReview(
            id=row.id,
            status=row.review_status,
            status_label=review_label(row),
            badge=BADGES.get(row.review_status, "info"),
            document_id=row.document_id,
            version=doc.version if doc is not None else None,
            blockers=settlement_blockers(session, row) if row.review_status == READY else [],
            review_comment=row.review_comment,
            decided_by=row.decided_by,
            can_decide=row.review_status == READY and mine,
            why_not=why_not,
        )
    return out
