"""The partner's review gate of a draft other than the pozew (a letter to the court, a
settlement): the rules of the pozew's gate (``store.review.record_decision``) in two steps.

:func:`checked_decision` before the draft is loaded: only an active partner decides,
approve or send back, and sending back needs a comment. :func:`gate` once the draft is
known: only the case's assigned partner (another takes the case over first); approval with
the case's blocker findings or the draft's own blockers needs an override reason (the
caller audits it with :attr:`Gate.blockers`). Each raises ``NotAllowed``,
``InvalidDecision`` or ``Blocked`` (Polish) and changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session

from store.accounts import get_user
from store.review import Blocked, InvalidDecision, NotAllowed, blockers_for
from store.tables import Case, CaseFinding

DECISIONS = ("approve", "send_back")


def checked_decision(
    session: Session,
    username: str,
    decision: str,
    comment: str,
    *,
    not_partner: str,
    no_comment: str,
) -> str:
    """The decision's comment, stripped; ``not_partner`` / ``no_comment``: the refusals."""
    user = get_user(session, username)
    if user is None or not user.active or user.role != "partner":
        raise NotAllowed(not_partner)
    if decision not in DECISIONS:
        raise InvalidDecision(f"Nieznana decyzja: {decision!r}.")
    comment = (comment or "").strip()
    if decision == "send_back" and not comment:
        raise InvalidDecision(no_comment)
    return comment


@dataclass(frozen=True)
class Gate:
    """An approval or a send-back let through: the override reason and what it overrode."""

    reason: str
    blockers: list[str]  # the case's blocker findings and the draft's own (approval only)

    @property
    def overridden(self) -> bool:
        return bool(self.blockers)


def gate(
    session: Session,
    case_id: int,
    username: str,
    decision: str,
    override_reason: str | None,
    own: Sequence[str],
    *,
    source: str,
    code: str,
) -> Gate:
    """The case's partner decides; approval past blockers needs ``override_reason``.
    ``own``: the draft's own blockers, raised as findings ``source`` / ``code`` when the
    case has none of its own."""
    case = session.get(Case, case_id)
    assert case is not None
    if case.partner and case.partner != username:
        raise NotAllowed(
            f"Sprawa jest przypisana do partnera {case.partner}; aby zdecydować, przejmij ją."
        )
    reason = (override_reason or "").strip()
    if decision != "approve":
        return Gate(reason, [])
    blockers = blockers_for(session, case_id)
    if (blockers or own) and not reason:
        if blockers:
            raise Blocked(blockers)
        raise Blocked(
            [
                CaseFinding(
                    case_id=case_id, source=source, code=code, severity="blocker", message=m
                )
                for m in own
            ]
        )
    return Gate(reason, [b.message for b in blockers] + list(own))
