"""The case page: everything a partner needs to decide, gathered from the store.

Top to bottom: blockers and the decision (who may decide, why approving is unavailable,
the override and take-over forms), the pozew as it will print with the memo beside it, the
changes since the previous pozew version and every earlier decision with its comment, then
the claim, the findings, the evidence, the other drafts, the case's timeline (dated
steps of the lifecycle, ``store.timeline``, as ``handoff cases show --json`` gives them),
what became of the case after approval (the e-Sąd submission, the payments with their
art. 451 allocation, recovered and left, the settlements with their instalments, the
enforcement: ``casework.case_overview``),
court events and the history.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from sqlmodel import Session, col, select
from starlette.exceptions import HTTPException as StarletteHTTPException

from casework.case_overview import CaseOverview, case_overview
from config import FIRM_TZ, firm_today
from law.stages import Stage
from review import documents as docs
from review import formatting as fmt
from review.diff import DiffBlock, paragraph_diff, text_paragraphs
from review.letters import letter_views
from review.pages import page
from review.settlements import settlement_reviews
from store import integrity
from store.accounts import active_partners, get_user
from store.assignment import Assignee, assignee_status
from store.review import blockers_for, case_badges, decisions_for, pending_decision
from store.tables import (
    AuditLog,
    Case,
    CaseFinding,
    CourtEvent,
    Creditor,
    Deadline,
    Debtor,
    EvidenceFile,
    GeneratedDocument,
    User,
)
from store.timeline import timeline as case_timeline

# Ids are 32-bit SQL integers (PostgreSQL INTEGER): anything larger is no case and must
# not reach the database, which would refuse the query.
MAX_ID = 2**31 - 1


@dataclass
class DocumentView:
    doc: GeneratedDocument
    label: str
    file_name: str
    available: bool
    html: str = ""
    messages: tuple[str, ...] = ()


@dataclass
class DocumentGroup:
    kind: str
    label: str
    shown: DocumentView
    versions: list[DocumentView]
    previous: DocumentView | None = None  # the version before the shown one
    changes: list[DiffBlock] = field(default_factory=list)


@dataclass
class DecisionView:
    at: Any
    by: str
    decision: str
    version: int | None
    comment: str
    override_reason: str = ""


def load_case(session: Session, case_id: int) -> tuple[Case, Creditor, Debtor]:
    case = session.get(Case, case_id) if 0 < case_id <= MAX_ID else None
    if case is None:
        raise StarletteHTTPException(404, "Nie ma takiej sprawy.")
    creditor = session.get(Creditor, case.creditor_id)
    debtor = session.get(Debtor, case.debtor_id)
    assert creditor is not None and debtor is not None
    return case, creditor, debtor


def parse_claim(raw: str | None) -> tuple[dict[str, Any] | None, str | None]:
    if not raw:
        return None, None
    try:
        data = json.loads(raw)
    except ValueError:
        return None, "Zapisane wyliczenie roszczenia jest nieczytelne."
    if not isinstance(data, dict):
        return None, "Zapisane wyliczenie roszczenia ma nieoczekiwany format."
    return data, None


def document_view(
    doc: GeneratedDocument, roots: list[Path], render: bool, session: Session | None = None
) -> DocumentView:
    path = docs.resolve(doc.path, roots)
    view = DocumentView(
        doc=doc,
        label=fmt.DOC_KINDS.get(doc.kind, doc.kind),
        file_name=Path(doc.path).name,
        available=path is not None,
    )
    if render and path is not None and session is not None:
        try:  # the stored SHA-256 is checked before anything of the file is shown
            path = integrity.verified_path(session, doc, roots, actor="review", purpose="preview")
        except integrity.DocumentUnavailable as exc:
            view.available, view.messages = False, (str(exc),)
            return view
    if render and path is not None:
        rendered = docs.render(path)
        view.html, view.messages = rendered.html, rendered.messages
    elif render:
        view.messages = ("Plik dokumentu nie istnieje na dysku.",)
    return view


def _changes(
    old: GeneratedDocument, new: GeneratedDocument, roots: list[Path], session: Session
) -> list[DiffBlock]:
    old_path, new_path = docs.resolve(old.path, roots), docs.resolve(new.path, roots)
    if old_path is None or new_path is None:
        return [DiffBlock("gap", "Nie można porównać: brak pliku jednej z wersji.")]
    try:  # neither version's text is shown unless its SHA-256 matches
        for doc in (old, new):
            integrity.verified_path(session, doc, roots, actor="review", purpose="preview")
    except integrity.DocumentUnavailable as exc:
        return [DiffBlock("gap", f"Nie można porównać: {exc}")]
    try:
        return paragraph_diff(text_paragraphs(old_path), text_paragraphs(new_path))
    except Exception:  # a broken file must not break the page
        return [DiffBlock("gap", "Nie można porównać tych wersji (plik nieczytelny).")]


def document_groups(
    session: Session, case_id: int, roots: list[Path], show_document: int | None
) -> tuple[list[DocumentGroup], int | None]:
    """Drafts by kind in :data:`DOC_ORDER`, newest version shown; and the newest draft id."""
    all_docs = session.exec(
        select(GeneratedDocument)
        .where(GeneratedDocument.case_id == case_id)
        .order_by(col(GeneratedDocument.kind), col(GeneratedDocument.version).desc())
    ).all()
    by_kind: dict[str, list[GeneratedDocument]] = defaultdict(list)
    for d in all_docs:
        by_kind[d.kind].append(d)
    order = {k: i for i, k in enumerate(fmt.DOC_ORDER)}
    groups = []
    for kind in sorted(by_kind, key=lambda k: (order.get(k, len(order)), k)):
        versions = by_kind[kind]
        shown = next((d for d in versions if d.id == show_document), versions[0])
        older = [d for d in versions if d.version < shown.version]
        group = DocumentGroup(
            kind=kind,
            label=fmt.DOC_KINDS.get(kind, kind),
            shown=document_view(shown, roots, render=kind != "evidence_bundle", session=session),
            versions=[document_view(d, roots, render=False) for d in versions],
        )
        if older:
            group.previous = document_view(older[0], roots, render=False)
            group.changes = _changes(older[0], shown, roots, session)
        groups.append(group)
    newest = max((d.id for d in all_docs if d.id is not None), default=None)
    return groups, newest


def decision_history(session: Session, case_id: int) -> list[DecisionView]:
    """Every decision on the case, newest first, with the pozew version it covered."""
    versions = {
        d.id: d.version
        for d in session.exec(
            select(GeneratedDocument).where(GeneratedDocument.case_id == case_id)
        ).all()
    }
    overrides: dict[int, str] = {}
    for detail in session.exec(
        select(AuditLog.detail).where(
            AuditLog.case_id == case_id, AuditLog.action == "review_override"
        )
    ).all():
        try:
            data = json.loads(detail)
        except ValueError:
            continue
        if isinstance(data, dict) and isinstance(data.get("decision_id"), int):
            overrides[data["decision_id"]] = str(data.get("reason") or "")
    return [
        DecisionView(
            at=d.decided_at,
            by=d.decided_by,
            decision=fmt.DECISION_LABELS.get(d.decision, d.decision),
            version=versions.get(d.document_id) if d.document_id is not None else None,
            comment=d.comment,
            override_reason=overrides.get(d.id or -1, ""),
        )
        for d in decisions_for(session, case_id)
    ]


@dataclass(frozen=True)
class PaymentRow:
    """One payment after the handoff as the page lists it: what it paid, by rule."""

    paid_on: Any
    amount: Decimal
    title: str
    source: str
    to_costs: Decimal
    to_interest: Decimal
    to_principal: Decimal
    surplus: Decimal
    lines: tuple[tuple[str, str], ...]  # (what: invoice or "koszty", the rule applied)


PAYMENT_SOURCES = {
    "manual": "wpisana ręcznie",
    "komornik": "przez komornika",
    "mt940": "wyciąg MT940",
    "camt053": "wyciąg camt.053",
    "csv": "wyciąg CSV",
}


def payment_rows(overview: CaseOverview) -> list[PaymentRow]:
    view = overview.payments
    rows = []
    for p in view.payments:
        lines = view.lines.get(p.id or 0, ())
        rows.append(
            PaymentRow(
                p.paid_on,
                p.amount,
                p.title,
                PAYMENT_SOURCES.get(p.source, p.source),
                sum((line.to_costs for line in lines), Decimal(0)),
                sum((line.to_interest for line in lines), Decimal(0)),
                sum((line.to_principal for line in lines), Decimal(0)),
                p.surplus,
                tuple((line.invoice_number or "koszty", line.cites) for line in lines),
            )
        )
    return rows


def overview_of(session: Session, case: Case) -> tuple[CaseOverview | None, str]:
    """The case after approval, or why it cannot be shown (a broken stored claim or
    settlement: the rest of the page still stands)."""
    try:
        return case_overview(session, case, today=firm_today()), ""
    except (ValueError, KeyError, InvalidOperation):
        return None, (
            "Nie można wyliczyć wpłat i rat: zapisane dane sprawy (wyliczenie roszczenia "
            "albo ugoda) są nieczytelne."
        )


def decide_state(
    session: Session, case: Case, user: User, blockers: list[CaseFinding]
) -> dict[str, Any]:
    """Who may decide and, when the approve button is off, why (Polish)."""
    partners = active_partners(session)
    status = assignee_status(case.partner, partners)
    assignee = get_user(session, case.partner) if case.partner else None
    waiting = case.stage == Stage.READY_FOR_REVIEW.value
    pending = pending_decision(session, case.id) if case.id is not None else None
    is_partner = user.role == "partner"
    mine = status is Assignee.ASSIGNED and case.partner == user.username
    reason = ""
    if not waiting:
        reason = "Sprawa nie czeka na akceptację."
    elif not is_partner:
        reason = "Zatwierdzać i zwracać projekty może tylko partner."
    elif not mine:
        if status is Assignee.ASSIGNED:
            name = (assignee.full_name if assignee else "") or case.partner
            reason = f"Sprawa jest przypisana do partnera {name}; aby zdecydować, przejmij ją."
        else:
            reason = "Sprawa nie ma przypisanego partnera z kontem; aby zdecydować, przejmij ją."
    elif blockers:
        reason = (
            f"Zatwierdzenie jest zablokowane: {len(blockers)} przeszkod"
            f"{'a' if len(blockers) == 1 else 'y'} (lista na górze strony). Możesz zwrócić "
            "sprawę do poprawy albo zatwierdzić mimo przeszkód, podając powód."
        )
    return {
        "assignee_status": status.value,
        "assignee_name": ((assignee.full_name if assignee else "") or case.partner or ""),
        "waiting": waiting,
        "pending": pending,
        "can_decide": waiting and is_partner and mine,
        "can_approve": waiting and is_partner and mine and not blockers,
        "can_take_over": waiting and is_partner and not mine,
        "approve_unavailable": reason,
    }


def case_page(
    request: Request,
    session: Session,
    user: User,
    case_id: int,
    *,
    show_document: int | None = None,
    error: str | None = None,
    comment: str = "",
    override_reason: str = "",
    take_over_reason: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    settings = request.app.state.settings
    roots = [settings.documents_dir, settings.home]
    case, creditor, debtor = load_case(session, case_id)
    claim, claim_error = parse_claim(case.claim_json)
    groups, newest = document_groups(session, case_id, roots, show_document)
    pozew = next((g for g in groups if g.kind == "pozew"), None)
    memo = next((g for g in groups if g.kind == "memo"), None)
    others = [g for g in groups if g not in (pozew, memo)]
    evidence = session.exec(
        select(EvidenceFile).where(EvidenceFile.case_id == case_id).order_by(col(EvidenceFile.id))
    ).all()
    findings = session.exec(
        select(CaseFinding)
        .where(CaseFinding.case_id == case_id)
        .order_by(col(CaseFinding.source), col(CaseFinding.id))
    ).all()
    blockers = blockers_for(session, case_id)
    history = [
        fmt.history_row(h.at, h.actor, h.action, h.detail)
        for h in session.exec(
            select(AuditLog).where(AuditLog.case_id == case_id).order_by(col(AuditLog.id).desc())
        ).all()
    ]
    events = session.exec(
        select(CourtEvent)
        .where(CourtEvent.case_id == case_id, col(CourtEvent.deleted_at).is_(None))
        .order_by(col(CourtEvent.occurred_on), col(CourtEvent.id))
    ).all()
    deadlines = session.exec(
        select(Deadline)
        .where(Deadline.case_id == case_id, Deadline.status == "open")
        .order_by(col(Deadline.due_on), col(Deadline.id))
    ).all()
    decisions = decision_history(session, case_id)
    overview, overview_error = overview_of(session, case)
    return page(
        request,
        "case.html",
        user,
        status_code=status_code,
        case=case,
        creditor=creditor,
        debtor=debtor,
        claim=claim,
        claim_error=claim_error,
        invoices=fmt.invoice_rows(claim.get("invoices") if claim else None),
        pozew=pozew,
        memo=memo,
        others=others,
        court_letters=letter_views(session, case, user),
        settlement_reviews=settlement_reviews(session, case, user),
        evidence=evidence,
        findings=[f for f in findings if f.severity != "blocker"],
        blockers=blockers,
        badges=case_badges(session, case),
        decisions=decisions,
        last_send_back=next(
            (d for d in decisions if d.decision == fmt.DECISION_LABELS["send_back"]), None
        ),
        history=history,
        events=events,
        deadlines=deadlines,
        timeline=case_timeline(session, case, FIRM_TZ),
        overview=overview,
        overview_error=overview_error,
        payments=payment_rows(overview) if overview else [],
        settlements=overview.settlements_json() if overview else [],
        today=firm_today().isoformat(),
        seen_document_id=newest or "",
        error=error,
        comment=comment,
        override_reason=override_reason,
        take_over_reason=take_over_reason,
        **decide_state(session, case, user, blockers),
    )
