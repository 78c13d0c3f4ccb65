"""Who decides a case: the firm's assignment rule.

The partner named in ``Case.partner`` decides. Any other partner must first take the case
over (:func:`take_over`): the reason is required, the take-over is audited
(``case_taken_over``) and the taker becomes the assignee. A case whose assignee has no
active partner account (``nieprzypisana / brak konta``: the hand-over named someone the
firm never set up, or the account was deactivated) can be taken over by any partner; the
reason is then optional and defaults to saying so.
"""

from __future__ import annotations

import json
from enum import StrEnum

from sqlmodel import Session

from store.accounts import active_partners, get_user
from store.tables import AuditLog, Case

MAX_REASON = 500


class Assignee(StrEnum):
    ASSIGNED = "assigned"  # an active partner account
    NO_ACCOUNT = "no_account"  # a name with no active partner account behind it
    UNASSIGNED = "unassigned"  # nobody named


class TakeOverError(ValueError):
    """The take-over cannot be done as asked (message in Polish)."""


def assignee_status(partner: str | None, partners: set[str]) -> Assignee:
    """How ``partner`` (a ``Case.partner`` value) stands against the active ``partners``."""
    if not partner:
        return Assignee.UNASSIGNED
    return Assignee.ASSIGNED if partner in partners else Assignee.NO_ACCOUNT


def case_assignee(session: Session, case: Case) -> Assignee:
    return assignee_status(case.partner, active_partners(session))


def may_decide(session: Session, case: Case, username: str) -> bool:
    """Only the assigned partner decides (others take over first)."""
    return (
        bool(case.partner)
        and case.partner == username
        and (case_assignee(session, case) is Assignee.ASSIGNED)
    )


def take_over(session: Session, case_id: int, username: str, reason: str) -> Case:
    """Make ``username`` (an active partner) the case's assignee; audited with the reason."""
    user = get_user(session, username)
    if user is None or not user.active or user.role != "partner":
        raise TakeOverError("Tylko partner może przejąć sprawę.")
    case = session.get(Case, case_id, with_for_update=True)
    if case is None:
        raise TakeOverError(f"Nie ma sprawy {case_id}.")
    if case.partner == username:
        raise TakeOverError("Ta sprawa jest już przypisana do Ciebie.")
    status = case_assignee(session, case)
    reason = " ".join(reason.split())[:MAX_REASON]
    if not reason:
        if status is Assignee.ASSIGNED:
            raise TakeOverError(
                f"Sprawa jest przypisana do partnera {case.partner}: podaj powód przejęcia."
            )
        reason = "sprawa nieprzypisana / brak konta przypisanego partnera"
    previous = case.partner
    case.partner = username
    session.add(case)
    session.add(
        AuditLog(
            actor=username,
            action="case_taken_over",
            case_id=case_id,
            detail=json.dumps(
                {"from": previous, "to": username, "reason": reason, "previous": str(status)},
                ensure_ascii=False,
            ),
        )
    )
    session.flush()
    return case
