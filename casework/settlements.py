"""Settlements (ugoda pozasądowa / sądowa) with an instalment plan (issue #18).

``conclude_settlement``: load the case (locked) and what it owes on the day; check the terms
with the legal core (``law.pl.settlements``: the schedule, days moved under art. 115 KC, the
grace period, interest terms); record the step ``-> settled`` through the lifecycle (the
court event ``settled``, ``casework.court_events``: its open procedural deadlines end);
store the settlement and its instalments; replan the limitation watch (the settlement is an
acknowledgement, art. 123 §1 pkt 2 KC: limitation runs anew from its day); draft the
settlement from the Word template ``ugoda`` as a new document version of the case, with a
finding that asks the partner to review it; for a case in court, a finding says the court
must be told (the letter itself is ``casework.court_letters``'s, when present). All in the
caller's transaction; the same settlement concluded again (same case and day) changes
nothing and says so.

``check_plans``: every active plan as of a day, the payments recorded on its case since the
conclusion counted toward the instalments (``law.pl.settlements.plan_state``: the
instalment the debtor named, ``RecordedPayment.instalment``, else the oldest first;
interest first). A plan whose grace period ended unpaid is marked broken
(audited): the whole rest is due (acceleration) and the case returns to its court track
(``law.pl.settlements.return_after_breach``; the limitation watch is replanned). A plan paid
in full is marked fulfilled and the case paid (the lifecycle's paid-in-full step). What the
check finds to warn about (missed instalments, broken plans) goes to
``casework.instalment_check``, which warns each person once.

Refusals raise :class:`casework.Refused` (Polish, one line) and write nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from casework import Refused
from casework.output import DocumentOutput
from casework.payments import allocation_of, costs_of, locate
from law.lifecycle import Step
from law.pl.case_claim import claim_input
from law.pl.claim import compute_claim, limitation_watch_rows
from law.pl.deadlines import EventKind
from law.pl.payments import outstanding
from law.pl.settlements import (
    BROKEN_TRIGGER,
    KIND_LABELS,
    STATUS_LABELS,
    InterestMode,
    InterestTerms,
    PlanPayment,
    PlanState,
    PlanStatus,
    SettlementError,
    SettlementKind,
    Terms,
    acknowledgement_days,
    equal_schedule,
    given_schedule,
    plan_state,
    return_after_breach,
    settlement_terms,
)
from law.pl.settlements import Instalment as PlannedInstalment
from law.pl.text import pl_date, pl_money
from law.stages import EDITABLE, PENDING_IN_COURT, PRE_FILING, STAGE_LABELS, Stage
from store import timeline
from store.cases import load_case_files
from store.deadlines import replace_limitation_watch, sync_limitation_deadlines
from store.drafting import case_folder, store_version
from store.tables import (
    AuditLog,
    Case,
    CaseFinding,
    CourtLetter,
    GeneratedDocument,
    Instalment,
    InstalmentRequest,
    RecordedPayment,
    Settlement,
    utcnow,
)

if TYPE_CHECKING:
    from casework.enforcement import ClauseDrafting

SOURCE = "settlements"  # CaseFinding.source
DOCUMENT_KIND = "ugoda"
ACTIVE, BROKEN, FULFILLED = "active", "broken", "fulfilled"
CONCLUDED_ACTION = "settlement.concluded"
BROKEN_ACTION = "settlement.broken"
FULFILLED_ACTION = "settlement.fulfilled"
OVERRIDE_ACTION = "settlement.override"  # the draft approved despite blockers (reason, blockers)
# the draft's partner review (``Settlement.review_status``; "" while nothing is drafted)
READY, APPROVED, SENT_BACK = "ready_for_review", "approved", "sent_back"
REVIEW_LABELS = {
    READY: "do akceptacji",
    APPROVED: "zatwierdzona",
    SENT_BACK: "zwrócona do poprawy",
}
RECORDED_LABELS = {  # "Zapisano ..." (the accusative)
    SettlementKind.OUT_OF_COURT: "ugodę pozasądową",
    SettlementKind.COURT: "ugodę sądową",
}
CLOSED_STAGES = frozenset({Stage.CLOSED, Stage.PAID, Stage.WITHDRAWN})
# a title exists: the court track after a broken plan may be enforcement
IN_COURT = PENDING_IN_COURT | {
    Stage.FINAL,
    Stage.RETURNED,
    Stage.EPU_DISCONTINUED,
    Stage.ENFORCEMENT,
    Stage.ENFORCEMENT_ENDED,
}


@dataclass(frozen=True)
class SettlementIn:
    """The terms as a person typed them."""

    kind: SettlementKind
    concluded_on: date
    amount: Decimal
    instalments: int | None = None  # equal instalments ...
    first_due: date | None = None
    every_months: int = 1
    schedule: tuple[tuple[date, Decimal], ...] = ()  # ... or the list the parties agreed
    grace_days: int = 14
    interest: InterestTerms = field(default_factory=InterestTerms)
    costs: Decimal = Decimal(0)


@dataclass(frozen=True)
class Documents(DocumentOutput):
    """Where and how the settlement is drafted (``from_settings`` at the entry point)."""


@dataclass(frozen=True)
class SettlementOutcome:
    case_ref: str
    settlement: Settlement
    instalments: tuple[Instalment, ...]
    recorded: bool  # False: the same settlement was already recorded; nothing changed
    stage_before: str
    stage_after: str
    document: GeneratedDocument | None = None
    court_letter: str = ""  # what the court is told (or that the letter is still to do)
    notes: tuple[str, ...] = field(default=())
    redrafted: bool = False  # the same settlement, its draft sent back: drafted again

    def summary(self) -> str:
        s = self.settlement
        if self.redrafted and self.document is not None:
            return (
                f"Ugoda #{s.id} była zwrócona do poprawy; projekt sporządzony ponownie "
                f"(wersja {self.document.version}): {self.document.path} - do przeglądu "
                "partnera."
            )
        if not self.recorded:
            return (
                f"Ta ugoda jest już zapisana (#{s.id}, {pl_date(s.concluded_on)}, "
                f"{pl_money(s.amount)}); nic nie zmieniono."
            )
        first = self.instalments[0]
        text = (
            f"Zapisano {RECORDED_LABELS[SettlementKind(s.kind)]} #{s.id} w sprawie "
            f"{self.case_ref}: "
            f"{pl_money(s.amount + s.costs)} {_in_instalments(len(self.instalments))}, pierwsza "
            f"{pl_money(first.amount)} do {pl_date(first.due_on)}; karencja {s.grace_days} dni. "
            f"Etap: {STAGE_LABELS[Stage(self.stage_before)]} -> "
            f"{STAGE_LABELS[Stage(self.stage_after)]}."
        )
        return " ".join([text, *self.notes])


def _in_instalments(n: int) -> str:
    return "w jednej racie" if n == 1 else f"w {n} ratach"


def parse_schedule(text: str) -> tuple[tuple[date, Decimal], ...]:
    """``2026-01-31=500,00;2026-02-28=500,00`` -> the agreed list (Refused when malformed)."""
    from casework.payments import parse_amount

    items: list[tuple[date, Decimal]] = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        day_text, sep, amount_text = part.partition("=")
        try:
            day = date.fromisoformat(day_text.strip())
        except ValueError:
            raise Refused(f"--schedule: {part!r} - podaj RRRR-MM-DD=KWOTA; ...") from None
        if not sep:
            raise Refused(f"--schedule: {part!r} - podaj RRRR-MM-DD=KWOTA; ...")
        try:
            amount = parse_amount(amount_text)
        except Refused as exc:
            raise Refused(str(exc).replace("--amount", "--schedule")) from None
        items.append((day, amount))
    if not items:
        raise Refused("--schedule: podaj co najmniej jedną ratę (RRRR-MM-DD=KWOTA)")
    return tuple(items)


def _terms(data: SettlementIn) -> Terms:
    total = data.amount + data.costs
    try:
        if data.schedule:
            planned = given_schedule(data.schedule)
        else:
            if data.instalments is None or data.first_due is None:
                raise Refused("podaj --instalments i --first-due albo --schedule")
            planned = equal_schedule(total, data.instalments, data.first_due, data.every_months)
        return settlement_terms(
            data.kind,
            data.concluded_on,
            data.amount,
            planned,
            costs=data.costs,
            grace_days=data.grace_days,
            interest_terms=data.interest,
        )
    except SettlementError as exc:
        raise Refused(str(exc)) from None


def terms_of(row: Settlement, rows: Sequence[Instalment]) -> Terms:
    """The stored settlement as the legal core reads it."""
    return Terms(
        SettlementKind(row.kind),
        row.concluded_on,
        row.amount,
        row.costs,
        tuple(
            PlannedInstalment(i.number, i.agreed_due, i.due_on, i.amount)
            for i in sorted(rows, key=lambda i: i.number)
        ),
        row.grace_days,
        InterestTerms(InterestMode(row.interest_mode), row.interest_rate),
    )


def _finding(
    session: Session, case_id: int, code: str, severity: str, message: str, cite: str
) -> None:
    session.execute(
        sa.delete(CaseFinding).where(
            col(CaseFinding.case_id) == case_id,
            col(CaseFinding.source) == SOURCE,
            col(CaseFinding.code) == code,
        )
    )
    session.add(
        CaseFinding(
            case_id=case_id,
            source=SOURCE,
            code=code,
            severity=severity,
            message=message,
            subject="",
            cite=cite,
        )
    )


def _audit(session: Session, actor: str, action: str, case_id: int, **detail: Any) -> None:
    session.add(
        AuditLog(
            actor=actor or "system",
            action=action,
            case_id=case_id,
            detail=json.dumps(detail, ensure_ascii=False, default=str, sort_keys=True),
        )
    )


def _locked(session: Session, ref: str) -> Case:
    found = locate(session, ref)
    case = session.get(Case, found.id, with_for_update=True, populate_existing=True)
    assert case is not None and case.id is not None
    return case


def _instalments(session: Session, settlement_id: int) -> tuple[Instalment, ...]:
    return tuple(
        session.exec(
            select(Instalment)
            .where(Instalment.settlement_id == settlement_id)
            .order_by(col(Instalment.number))
        ).all()
    )


def acknowledgements_of(session: Session, case_id: int) -> tuple[date, ...]:
    """The days the case's settlements and instalment requests after the handoff
    acknowledged its claim (art. 123 §1 pkt 2 KC)."""
    rows = session.exec(select(Settlement).where(Settlement.case_id == case_id)).all()
    days: set[date] = set()
    for row in rows:
        days.update(acknowledgement_days(terms_of(row, ())))
    days.update(
        session.exec(
            select(InstalmentRequest.requested_on).where(InstalmentRequest.case_id == case_id)
        ).all()
    )
    return tuple(sorted(days))


def replan_limitation(session: Session, case_id: int, today: date) -> None:
    """The case's limitation watch as the claim computed on ``today`` sees it, with its
    payments and its settlements' acknowledgements (limitation runs anew, art. 124 §1)."""
    case = load_case_files(session, [case_id])[case_id]
    if not any(i.currency == "PLN" for i in case.invoices):
        return
    claim = claim_input(case, today)
    acks = tuple(sorted({*claim.acknowledgements, *acknowledgements_of(session, case_id)}))
    computed = compute_claim(replace(claim, acknowledgements=acks))
    replace_limitation_watch(session, {case_id: limitation_watch_rows(computed)})
    sync_limitation_deadlines(session, case_ids=[case_id])


def court_of(session: Session, case_id: int, stage: Stage) -> tuple[str, str]:
    """The court the pozew went to and the newest sygnatura akt known, for the case settled
    from ``stage``, as the letters to the court read them (``casework.court_letters.
    court_record``): an EPU case in ordinary proceedings (after a sprzeciw) names the court
    of general jurisdiction only when a court event since then named it (``handoff event add
    --court``), else none."""
    from casework.court_letters import court_record

    case = session.get(Case, case_id)
    assert case is not None
    record = court_record(session, case, stage)
    return record.court, record.signature


def _court_letter(
    session: Session,
    case: Case,
    row: Settlement,
    stage_before: Stage,
    *,
    today: date,
    actor: str,
    docs: Documents | None,
) -> str:
    """Tell the court, where a lawsuit is pending: ``casework.court_letters`` drafts the
    letter (ugoda pozasądowa: cofnięcie pozwu; ugoda sądowa: none, the court discontinues
    itself) for the partner's review; when it refuses, a finding asks for the letter."""
    from casework.court_letters import settlement_letter

    assert case.id is not None
    if stage_before not in IN_COURT:
        return ""
    try:
        return settlement_letter(session, case, row, on=today, actor=actor, output=docs)
    except Refused as exc:
        message = (
            f"Pismo do sądu o ugodzie z {pl_date(row.concluded_on)} nie zostało przygotowane: "
            f"{exc} - przygotować ręcznie (art. 203, 355 §1 KPC - UNCONFIRMED)"
        )
        _finding(
            session, case.id, "court_letter_needed", "warning", message, "KPC art. 203; art. 355"
        )
        return message


def _draft(
    session: Session, case: Case, row: Settlement, terms: Terms, docs: Documents
) -> GeneratedDocument:
    """Render the settlement as the next version of the case's ``ugoda`` document."""
    from documents.render import template_digest
    from documents.settlement_docx import TEMPLATE, render_ugoda, ugoda_context

    assert case.id is not None and row.id is not None
    file = load_case_files(session, [case.id])[case.id]
    court, signature = court_of(session, case.id, Stage(row.stage_before))
    context = ugoda_context(file, docs.firm, terms, court=court, signature=signature)
    rendered = render_ugoda(context, docs.templates)
    digest = hashlib.sha256(
        json.dumps(
            {"settlement": row.id, "context": context, "template": template_digest(TEMPLATE)},
            ensure_ascii=False,
            sort_keys=True,
        ).encode()
    ).hexdigest()
    folder = case_folder(docs.documents_dir, case.id, case.external_ref)
    return store_version(
        session,
        case.id,
        DOCUMENT_KIND,
        digest,
        rendered,
        lambda version: folder / f"ugoda-{row.id}-v{version}.docx",
        rewrite_lost=False,
    )


def _submit_draft(
    session: Session, case: Case, row: Settlement, terms: Terms, docs: Documents
) -> GeneratedDocument:
    """Draft the settlement and put it in the partner's review queue (a finding says so)."""
    assert case.id is not None
    document = _draft(session, case, row, terms, docs)
    row.document_id = document.id
    row.review_status = READY
    row.review_comment = row.decided_by = ""
    row.decided_at = None
    row.updated_at = utcnow()
    session.add(row)
    partner = case.partner or "partner sprawy"
    _finding(
        session,
        case.id,
        "settlement_review",
        "warning",
        f"Projekt ugody (wersja {document.version}) czeka na przegląd: {partner}",
        "KC art. 917",
    )
    session.flush()
    return document


def conclude_settlement(
    session: Session,
    case_ref: str,
    data: SettlementIn,
    *,
    today: date,
    actor: str,
    docs: Documents | None = None,
) -> SettlementOutcome:
    """Conclude a settlement on ``case_ref`` in the caller's transaction (module docstring).
    ``docs=None`` stores it without drafting the document. Raises :class:`Refused`."""
    if data.concluded_on > today:
        raise Refused(
            f"--on: dzień zawarcia ugody nie może być w przyszłości ({data.concluded_on}; dziś "
            f"jest {today})"
        )
    if data.amount <= 0:
        raise Refused("--amount: kwota ugody musi być większa od zera")
    terms = _terms(data)
    case = _locked(session, case_ref)
    assert case.id is not None
    ref = case.external_ref
    twin = session.exec(
        select(Settlement).where(
            Settlement.case_id == case.id, Settlement.concluded_on == data.concluded_on
        )
    ).first()
    if twin is not None and twin.id is not None:
        if twin.amount != terms.amount or twin.kind != terms.kind.value:
            raise Refused(
                f"w sprawie {ref} zapisano już ugodę z {pl_date(twin.concluded_on)} na "
                f"{pl_money(twin.amount)} (#{twin.id}); inna ugoda tego samego dnia - popraw datę"
            )
        doc = session.get(GeneratedDocument, twin.document_id) if twin.document_id else None
        rows = _instalments(session, twin.id)
        if twin.review_status == SENT_BACK and docs is not None:
            doc = _submit_draft(session, case, twin, terms_of(twin, rows), docs)
            return SettlementOutcome(
                ref, twin, rows, False, case.stage, case.stage, doc, redrafted=True
            )
        return SettlementOutcome(ref, twin, rows, False, case.stage, case.stage, doc)
    stage = Stage(case.stage)
    if stage in CLOSED_STAGES:
        raise Refused(
            f"sprawa {ref} jest na etapie {STAGE_LABELS[stage]!r}; ugody nie można zawrzeć"
        )
    if stage in EDITABLE:
        raise Refused(
            f"sprawa {ref} jest przed zatwierdzeniem (etap: {STAGE_LABELS[stage]}); ugodę "
            "zapisuje się w sprawie zatwierdzonej przez partnera albo w sądzie"
        )
    if stage is Stage.SETTLED:
        raise Refused(f"w sprawie {ref} obowiązuje już ugoda (handoff settlements show {ref})")
    file = load_case_files(session, [case.id])[case.id]
    owed = outstanding(allocation_of(file, case.stage, costs_of(session, case)), data.concluded_on)
    if owed.total <= 0:
        raise Refused(f"dług w sprawie {ref} jest spłacony; nie ma czego rozkładać na raty")
    if terms.amount > owed.total:
        raise Refused(
            f"--amount: kwota ugody {pl_money(terms.amount)} przewyższa całą należność na dzień "
            f"{pl_date(data.concluded_on)} ({pl_money(owed.total)}: kapitał "
            f"{pl_money(owed.principal)}, odsetki {pl_money(owed.interest)}, koszty "
            f"{pl_money(owed.costs)}) - koszty ugody podaj w --costs"
        )
    earliest = min((i.issue_date for i in file.invoices), default=None)
    if earliest is not None and data.concluded_on < earliest:
        raise Refused(
            f"--on: {data.concluded_on} jest przed najwcześniejszą fakturą w sprawie ({earliest})"
        )

    from casework.court_events import record_court_event

    event = record_court_event(
        session,
        f"#{case.id}",
        EventKind.SETTLED,
        data.concluded_on,
        today=today,
        note=f"{KIND_LABELS[terms.kind]} (handoff settlements add)",
        actor=actor,
    )
    row = Settlement(
        case_id=case.id,
        kind=terms.kind.value,
        concluded_on=terms.concluded_on,
        amount=terms.amount,
        costs=terms.costs,
        grace_days=terms.grace_days,
        interest_mode=terms.interest.mode.value,
        interest_rate=terms.interest.rate,
        stage_before=stage.value,
        step_id=event.step.id if event.step is not None else None,
        recorded_by=actor,
    )
    session.add(row)
    session.flush()
    assert row.id is not None
    instalments = tuple(
        Instalment(
            settlement_id=row.id,
            number=i.number,
            agreed_due=i.agreed_due,
            due_on=i.due,
            amount=i.amount,
        )
        for i in terms.instalments
    )
    session.add_all(instalments)
    session.flush()
    _audit(
        session,
        actor,
        CONCLUDED_ACTION,
        case.id,
        settlement_id=row.id,
        kind=terms.kind.value,
        concluded_on=terms.concluded_on,
        amount=str(terms.amount),
        costs=str(terms.costs),
        instalments=len(instalments),
        grace_days=terms.grace_days,
        interest=terms.interest.mode.value,
        stage=f"{stage.value} -> {case.stage}",
    )
    replan_limitation(session, case.id, today)
    notes = [
        "Ugoda jest uznaniem roszczenia: przedawnienie biegnie na nowo od "
        f"{pl_date(terms.concluded_on)} (art. 123 §1 pkt 2, art. 124 §1 KC)."
    ]
    document = None
    if docs is not None:
        document = _submit_draft(session, case, row, terms, docs)
        notes.append(f"Projekt ugody: {document.path} (do przeglądu partnera).")
    letter = _court_letter(session, case, row, stage, today=today, actor=actor, docs=docs)
    if letter:
        notes.append(letter)
    return SettlementOutcome(
        ref, row, instalments, True, stage.value, case.stage, document, letter, tuple(notes)
    )


MAX_NOTE = 500
REQUEST_ACTION = "settlement.instalment_request"


@dataclass(frozen=True)
class RequestOutcome:
    case_ref: str
    request: InstalmentRequest
    recorded: bool  # False: the same request (case and day) was already recorded
    watch: dict[str, date]  # invoice number -> limitation date watched after it

    def summary(self) -> str:
        day = pl_date(self.request.requested_on)
        if not self.recorded:
            return (
                f"Wniosek o raty z {day} jest już zapisany (#{self.request.id}); nic nie zmieniono."
            )
        watched = ", ".join(f"{n}: {pl_date(d)}" for n, d in sorted(self.watch.items()))
        return (
            f"Zapisano wniosek dłużnika o rozłożenie na raty z {day} w sprawie {self.case_ref}: "
            "uznanie roszczenia, przedawnienie biegnie na nowo (art. 123 §1 pkt 2, art. 124 §1 "
            "KC)." + (f" Obserwowane przedawnienie: {watched}." if watched else "")
        )


def record_instalment_request(
    session: Session, case_ref: str, on: date, *, today: date, actor: str, note: str = ""
) -> RequestOutcome:
    """The debtor asked for instalments on ``on`` (no settlement yet): an acknowledgement
    of the claim (art. 123 §1 pkt 2 KC, polish_law.md 1.4: "request for instalments ... even
    if no agreement followed"); the limitation watch is replanned. In the caller's
    transaction; the same request (case and day) twice changes nothing."""
    if on > today:
        raise Refused(f"--on: dzień wniosku nie może być w przyszłości ({on}; dziś jest {today})")
    if len(note) > MAX_NOTE:
        raise Refused(f"--note: najwyżej {MAX_NOTE} znaków (jest {len(note)})")
    case = _locked(session, case_ref)
    assert case.id is not None
    ref = case.external_ref
    stage = Stage(case.stage)
    if stage in CLOSED_STAGES:
        raise Refused(f"sprawa {ref} jest na etapie {STAGE_LABELS[stage]!r}; wniosku nie zapisano")
    twin = session.exec(
        select(InstalmentRequest).where(
            InstalmentRequest.case_id == case.id, InstalmentRequest.requested_on == on
        )
    ).first()
    if twin is not None:
        return RequestOutcome(ref, twin, False, _watched(session, case.id))
    file = load_case_files(session, [case.id])[case.id]
    earliest = min((i.issue_date for i in file.invoices), default=None)
    if earliest is not None and on < earliest:
        raise Refused(f"--on: {on} jest przed najwcześniejszą fakturą w sprawie ({earliest})")
    row = InstalmentRequest(case_id=case.id, requested_on=on, note=note, recorded_by=actor)
    session.add(row)
    session.flush()
    _audit(session, actor, REQUEST_ACTION, case.id, request_id=row.id, requested_on=on)
    replan_limitation(session, case.id, today)
    return RequestOutcome(ref, row, True, _watched(session, case.id))


def _watched(session: Session, case_id: int) -> dict[str, date]:
    from store.tables import LimitationWatch

    rows = session.exec(select(LimitationWatch).where(LimitationWatch.case_id == case_id)).all()
    return {r.invoice_number: r.expires_on for r in rows}


# --- the view and the check -----------------------------------------------------------------


def _plan_payments(session: Session, case_id: int, since: date) -> tuple[PlanPayment, ...]:
    rows = session.exec(
        select(RecordedPayment.paid_on, RecordedPayment.amount, RecordedPayment.instalment).where(
            RecordedPayment.case_id == case_id, RecordedPayment.paid_on >= since
        )
    ).all()
    # the instalment the debtor named (art. 451 §1 KC), else the oldest due first
    return tuple(PlanPayment(paid_on, amount, number) for paid_on, amount, number in rows)


def plan_of(session: Session, row: Settlement, on: date) -> PlanState:
    """The plan as of ``on`` with the payments recorded on the case since the conclusion."""
    assert row.id is not None
    terms = terms_of(row, _instalments(session, row.id))
    return plan_state(terms, _plan_payments(session, row.case_id, row.concluded_on), on)


def _money(value: Decimal) -> str:
    return str(value)


def plan_json(case_ref: str, row: Settlement, state: PlanState) -> dict[str, Any]:
    """The JSON of ``handoff settlements show --json`` (one settlement)."""
    return {
        "case": case_ref,
        "id": row.id,
        "kind": row.kind,
        "concluded_on": row.concluded_on.isoformat(),
        "amount": _money(row.amount),
        "costs": _money(row.costs),
        "total": _money(row.amount + row.costs),
        "grace_days": row.grace_days,
        "interest": row.interest_mode,
        "interest_rate": None if row.interest_rate is None else _money(row.interest_rate),
        "stage_before": row.stage_before,
        "stored_status": row.status,
        "broken_on": row.broken_on.isoformat() if row.broken_on else None,
        "fulfilled_on": row.fulfilled_on.isoformat() if row.fulfilled_on else None,
        "document_id": row.document_id,
        "review_status": row.review_status or None,
        "review_comment": row.review_comment,
        "decided_by": row.decided_by,
        "on": state.on.isoformat(),
        "status": state.status.value,
        "status_label": STATUS_LABELS[state.status],
        "reason": state.reason,
        "cites": [str(c) for c in state.cites],
        "paid": _money(state.paid),
        "rest": _money(state.rest),
        "interest_due": _money(state.interest_due),
        "total_due": _money(state.total_due),
        "accelerated_on": state.accelerated_on.isoformat() if state.accelerated_on else None,
        "broken_by": state.broken_by,
        "missed": list(state.missed),
        "next_due": (
            {
                "number": state.next_due.number,
                "due_on": state.next_due.due.isoformat(),
                "amount": _money(state.next_due.amount),
            }
            if state.next_due
            else None
        ),
        "instalments": [
            {
                "number": s.number,
                "agreed_due": s.instalment.agreed_due.isoformat(),
                "due_on": s.instalment.due.isoformat(),
                "amount": _money(s.instalment.amount),
                "paid": _money(s.paid),
                "left": _money(s.left),
                "interest_paid": _money(s.interest_paid),
                "interest_unpaid": _money(s.interest_unpaid),
                "paid_on": s.paid_on.isoformat() if s.paid_on else None,
                "grace_end": s.grace_end.isoformat(),
            }
            for s in state.instalments
        ],
    }


@dataclass(frozen=True)
class SettlementView:
    case_ref: str
    stage: str
    plans: tuple[tuple[Settlement, PlanState], ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "case": self.case_ref,
            "stage": self.stage,
            "settlements": [plan_json(self.case_ref, row, st) for row, st in self.plans],
        }


def settlements_of(session: Session, case_ref: str, *, today: date) -> SettlementView:
    """The case's settlements, newest first, each with its plan as of ``today``."""
    case = locate(session, case_ref)
    rows = session.exec(
        select(Settlement)
        .where(Settlement.case_id == case.id)
        .order_by(col(Settlement.concluded_on).desc(), col(Settlement.id).desc())
    ).all()
    return SettlementView(
        case.external_ref, case.stage, tuple((r, plan_of(session, r, today)) for r in rows)
    )


@dataclass(frozen=True, slots=True)
class Missed:
    """A missed instalment (or a broken plan, ``number`` None) to warn the right person of."""

    settlement_id: int
    case_id: int
    case_ref: str
    number: int | None  # None: the plan broke
    due_on: date
    amount: Decimal  # the instalment's amount left, or the whole rest due
    grace_end: date | None
    responsible: str | None  # username
    partner: str | None


@dataclass
class PlanCheck:
    """What one check did."""

    today: date
    checked: int = 0
    broken: list[str] = field(default_factory=list)  # case references
    fulfilled: list[str] = field(default_factory=list)
    missed: list[Missed] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _break(
    session: Session,
    case: Case,
    row: Settlement,
    state: PlanState,
    *,
    today: date,
    actor: str,
    clause: ClauseDrafting | None = None,
) -> str:
    """Mark the plan broken and return the case to its court track (one transaction). A
    court settlement becomes the title (``final``): its wniosek o nadanie klauzuli
    wykonalności is drafted as for a paper title made final
    (``casework.enforcement.clause_after_final`` with ``clause``; without it the line names
    the command)."""
    assert case.id is not None and state.accelerated_on is not None
    row.status = BROKEN
    row.broken_on = state.accelerated_on
    row.broken_by = state.broken_by
    row.updated_at = utcnow()
    session.add(row)
    _audit(
        session,
        actor,
        BROKEN_ACTION,
        case.id,
        settlement_id=row.id,
        broken_on=state.accelerated_on,
        broken_by=state.broken_by,
        rest=str(state.rest),
        interest=str(state.interest_due),
        reason=state.reason,
    )
    moved = ""
    if Stage(case.stage) is Stage.SETTLED:
        back = return_after_breach(SettlementKind(row.kind), Stage(row.stage_before))
        step = Step(
            BROKEN_TRIGGER,
            state.accelerated_on,
            Stage.SETTLED,
            back.target,
            back.cause,
            back.cites,
            back.status,
            back.note,
            (),
        )
        timeline.apply_step(session, case, step, actor=actor)
        moved = f"; etap: ugoda -> {STAGE_LABELS[back.target]}"
        if back.target is Stage.FINAL:
            from casework.enforcement import clause_after_final

            follow_up = clause_after_final(
                session, case.id, today=today, drafting=clause, actor=actor
            )
            if follow_up.lines:
                moved += "; " + " ".join(follow_up.lines)
    _finding(
        session,
        case.id,
        "settlement_broken",
        "warning",
        f"Ugoda z {pl_date(row.concluded_on)} niewykonana: {state.reason}{moved}",
        "; ".join(str(c) for c in state.cites),
    )
    letter = session.exec(
        select(CourtLetter).where(
            CourtLetter.case_id == case.id, CourtLetter.settlement_id == row.id
        )
    ).first()
    if letter is not None:
        from casework.court_letters import KIND_LABELS as LETTER_KINDS
        from casework.court_letters import STATUS_LABELS as LETTER_STATUSES

        _finding(
            session,
            case.id,
            "settlement_broken_after_withdrawal",
            "warning",
            f"Do ugody przygotowano pismo do sądu #{letter.id} "
            f"({LETTER_KINDS.get(letter.kind, letter.kind)}, status: "
            f"{LETTER_STATUSES.get(letter.status, letter.status)}): jeśli zostało złożone, "
            "postępowanie się nie toczy - roszczenie z ugody dochodzić nowym pozwem "
            "(UNCONFIRMED); sprawdzić przed kolejnym krokiem",
            "KPC art. 203 (UNCONFIRMED)",
        )
    if Stage(case.stage) in PRE_FILING:  # the watch counts only before filing (as payments)
        replan_limitation(session, case.id, today)
    return moved


def _fulfil(
    session: Session, case: Case, row: Settlement, state: PlanState, *, today: date, actor: str
) -> None:
    from casework.court_events import record_court_event

    assert case.id is not None
    row.status = FULFILLED
    row.fulfilled_on = state.fulfilled_on
    row.updated_at = utcnow()
    session.add(row)
    _audit(
        session,
        actor,
        FULFILLED_ACTION,
        case.id,
        settlement_id=row.id,
        fulfilled_on=state.fulfilled_on,
        paid=str(state.paid),
    )
    if Stage(case.stage) is Stage.SETTLED:
        record_court_event(
            session,
            f"#{case.id}",
            EventKind.PAID_IN_FULL,
            state.fulfilled_on or today,
            today=today,
            note="ugoda wykonana: wszystkie raty zapłacone (handoff settlements check)",
            actor=actor,
        )


def check_plan(
    session: Session,
    settlement_id: int,
    *,
    today: date,
    actor: str,
    result: PlanCheck,
    clause: ClauseDrafting | None = None,
) -> None:
    """Check one active plan as of ``today`` in the caller's transaction (module doc);
    ``clause``: how the entry point drafts the clause application of a broken court
    settlement (``casework.enforcement.ClauseDrafting``; None: the note names the command)."""
    row = session.get(Settlement, settlement_id, with_for_update=True, populate_existing=True)
    if row is None or row.status != ACTIVE:
        return
    case = session.get(Case, row.case_id, with_for_update=True, populate_existing=True)
    assert case is not None and case.id is not None and row.id is not None
    state = plan_of(session, row, today)
    result.checked += 1
    ref = case.external_ref
    if state.status is PlanStatus.FULFILLED:
        _fulfil(session, case, row, state, today=today, actor=actor)
        result.fulfilled.append(ref)
        return
    result.missed.extend(_missed_items(row, case, state))
    if state.status is PlanStatus.BROKEN:
        assert state.accelerated_on is not None
        moved = _break(session, case, row, state, today=today, actor=actor, clause=clause)
        result.broken.append(ref)
        result.notes.append(f"{ref}: {state.reason}{moved}")


def _missed_items(row: Settlement, case: Case, state: PlanState) -> list[Missed]:
    assert row.id is not None and case.id is not None
    return [
        Missed(
            row.id,
            case.id,
            case.external_ref,
            number,
            state.instalments[number - 1].instalment.due,
            state.instalments[number - 1].left,
            state.instalments[number - 1].grace_end,
            case.paralegal or case.partner,
            case.partner,
        )
        for number in state.missed
    ]


def _bulk_states(session: Session, today: date) -> list[tuple[Settlement, Case, PlanState]]:
    """Every active plan with its case and its state on ``today``: three queries in all."""
    rows = session.exec(
        select(Settlement, Case)
        .join(Case, Case.id == Settlement.case_id)  # type: ignore[arg-type]
        .where(Settlement.status == ACTIVE)
        .order_by(col(Settlement.id))
    ).all()
    if not rows:
        return []
    ids = [r.id for r, _ in rows]
    by_plan: dict[int, list[Instalment]] = {}
    for inst in session.exec(
        select(Instalment).where(col(Instalment.settlement_id).in_(ids))
    ).all():
        by_plan.setdefault(inst.settlement_id, []).append(inst)
    case_ids = sorted({r.case_id for r, _ in rows})
    paid: dict[int, list[tuple[date, Decimal, int | None]]] = {}
    for case_id, paid_on, amount, number in session.exec(
        select(
            RecordedPayment.case_id,
            RecordedPayment.paid_on,
            RecordedPayment.amount,
            RecordedPayment.instalment,
        ).where(col(RecordedPayment.case_id).in_(case_ids))
    ).all():
        paid.setdefault(case_id, []).append((paid_on, amount, number))
    out = []
    for row, case in rows:
        assert row.id is not None
        payments = tuple(
            PlanPayment(day, amount, number)
            for day, amount, number in paid.get(row.case_id, [])
            if day >= row.concluded_on
        )
        out.append((row, case, plan_state(terms_of(row, by_plan.get(row.id, [])), payments, today)))
    return out


def check_plans(
    engine: sa.Engine,
    *,
    today: date,
    actor: str = "system",
    clause: ClauseDrafting | None = None,
) -> PlanCheck:
    """Every active plan as of ``today``: read in bulk; a plan that broke or was fulfilled
    is applied in its own transaction (``check_plan``, which reads it again under a lock); a
    refusal there (e.g. a stage the lifecycle does not allow) leaves the others checked and
    is noted."""
    from store.db import session_scope

    result = PlanCheck(today)
    with session_scope(engine) as session:
        states = _bulk_states(session, today)
    changed: list[int] = []
    for row, case, state in states:
        assert row.id is not None
        if state.status in (PlanStatus.BROKEN, PlanStatus.FULFILLED):
            changed.append(row.id)
            continue
        result.checked += 1
        result.missed.extend(_missed_items(row, case, state))
    for settlement_id in changed:
        try:
            with session_scope(engine) as session:
                check_plan(
                    session, settlement_id, today=today, actor=actor, result=result, clause=clause
                )
        except Refused as exc:
            result.notes.append(f"ugoda #{settlement_id}: {exc}")
    return result
