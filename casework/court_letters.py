"""What the court is told when the debtor pays or settles after filing (issue #18).

Load the case, its filing (court, sygnatura akt, day) and what was paid (the payment's
allocation lines as ``casework.payments`` stored them under art. 451 KC); ask the legal core
which letter the situation needs (``law.pl.court_letters``); store the letter
(``CourtLetter``: what it withdraws, the rules with their status, the notes for the
partner), render it from its Word template (``documents.court_letters``) as a
``GeneratedDocument`` of kind ``court_letter`` and queue it for the partner's review.

Idempotent: one letter per cause (``CourtLetter.key``: ``payment:<id>``, ``paid`` for the
whole debt paid, ``settlement:<id>``); drafting the same cause again returns the letter
already there. A letter sent back is drafted again (a new version if anything changed).

Rendering needs the firm's profile, templates and documents folder (``LetterOutput``, built
at the entry point from the settings). ``casework.payments.record_payments`` hands every
payment it recorded to :func:`letters_for_payments` (set-based, a few queries per batch)
without them (library code does not read the settings): each letter is then stored with
status ``to_render`` - decided, with its amounts and rules - and ``handoff letters draft
REF`` writes its .docx and queues it. ``casework.settlements`` calls
:func:`settlement_letter` with its ``Documents`` (same fields as ``LetterOutput``), so a
settlement's letter is rendered at once.

The review of a letter (:func:`decide_letter`) follows the review gate of the pozew
(``store.review``): only an active partner decides, the case's assigned partner; a case with
a blocker finding, or a letter with its own blocker (no court or no sygnatura known),
cannot have it approved except with an override reason, audited. A letter still
``to_render`` cannot be decided at all.

Statuses::

    to_render -> ready_for_review -> approved
                       |  ^
                       v  |  (drafted again)
                    sent_back
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from casework import Refused
from casework.output import DocumentOutput
from casework.payments import _costs_bulk, allocation_of, costs_of, locate
from casework.review_gate import checked_decision, gate
from law.case import CaseFile
from law.lifecycle import FILING
from law.pl.court_letters import (
    LETTER_STAGES,
    Channel,
    CourtRecord,
    Covered,
    LetterKind,
    LetterPlan,
    Reason,
    Situation,
    WithdrawalTerms,
    court_letter,
    withdrawal_terms,
)
from law.pl.payments import outstanding
from law.pl.text import pl_date, pl_money
from law.stages import STAGE_LABELS, Stage
from store import timeline
from store.bulk import insert_rows, insert_with_ids
from store.cases import load_case_files
from store.drafting import DocumentNotWritten, case_folder, store_version
from store.review import InvalidDecision, blockers_for
from store.tables import (
    AuditLog,
    Case,
    CaseFinding,
    CaseStep,
    CourtEvent,
    CourtLetter,
    GeneratedDocument,
    PaymentAllocation,
    RecordedPayment,
    utcnow,
)

DOCUMENT_KIND = "court_letter"
EPU_PROCEDURE = "epu"
DRAFTED_ACTION = "court_letter.drafted"
OVERRIDE_ACTION = "court_letter.override"  # approved despite blockers (reason, blockers)
TO_RENDER, READY, APPROVED, SENT_BACK = "to_render", "ready_for_review", "approved", "sent_back"
STATUS_LABELS = {
    TO_RENDER: "do sporządzenia (.docx)",
    READY: "do akceptacji",
    APPROVED: "zatwierdzone",
    SENT_BACK: "zwrócone do poprawy",
}
KIND_LABELS = {
    LetterKind.PARTIAL.value: "cofnięcie pozwu w części ze zrzeczeniem się roszczenia",
    LetterKind.FULL.value: "cofnięcie pozwu w całości ze zrzeczeniem się roszczenia",
}
_CLOSED_BY = frozenset({Stage.PAID, Stage.SETTLED, Stage.WITHDRAWN, Stage.CLOSED})


# Where and how a letter is rendered (``LetterOutput``, or ``casework.settlements``'
# ``Documents``: the same builder, ``casework.output.DocumentOutput``).
DocumentsOutput = DocumentOutput


@dataclass(frozen=True)
class LetterOutput(DocumentOutput):
    """Where and how the letter is rendered: built at the entry point from the settings."""

    @staticmethod
    def unreadable(path: Path, exc: Exception) -> str:
        return (
            f"profil kancelarii {path} nie istnieje albo jest niepoprawny "
            "(HANDOFF_FIRM_FILE) - pismo wymaga danych pełnomocnika"
        )


@dataclass(frozen=True)
class LetterOutcome:
    case_ref: str
    plan: LetterPlan
    letter: CourtLetter | None  # None: no letter needed (``plan.reason_text`` says why)
    created: bool  # False: the letter for this cause was already there
    document: GeneratedDocument | None = None
    blockers: tuple[str, ...] = field(default=())

    def summary(self) -> str:
        if self.letter is None:
            return (
                f"Sprawa {self.case_ref}: pismo do sądu nie jest potrzebne - "
                f"{self.plan.reason_text}."
            )
        status = STATUS_LABELS.get(self.letter.status, self.letter.status)
        text = (
            f"Sprawa {self.case_ref}: pismo do sądu #{self.letter.id} - "
            f"{KIND_LABELS[self.letter.kind]}"
            + (" (e-Sąd)" if self.letter.channel == "e-sad" else "")
            + f"; {self.plan.reason_text}. Status: {status}"
            + ("" if self.created else " (pismo w tej sprawie już było)")
            + "."
        )
        if self.document is not None:
            text += f" Projekt v{self.document.version}: {self.document.path}."
        elif self.letter.status == TO_RENDER:
            text += f" Plik .docx: handoff letters draft {self.case_ref}."
        if self.blockers:
            text += " Uwagi blokujące: " + "; ".join(self.blockers) + "."
        return text

    def to_json(self) -> dict[str, object]:
        return {
            "case": self.case_ref,
            "letter_needed": self.letter is not None,
            "reason_text": self.plan.reason_text,
            "created": self.created,
            "letter": letter_json(self.letter) if self.letter is not None else None,
            "document": (
                {
                    "id": self.document.id,
                    "version": self.document.version,
                    "path": self.document.path,
                    "sha256": self.document.sha256,
                }
                if self.document is not None
                else None
            ),
        }


def letter_json(letter: CourtLetter) -> dict[str, object]:
    plan = json.loads(letter.plan_json)
    return {
        "id": letter.id,
        "key": letter.key,
        "reason": letter.reason,
        "kind": letter.kind,
        "channel": letter.channel,
        "court_stage": letter.court_stage,
        "payment_id": letter.payment_id,
        "settlement_id": letter.settlement_id,
        "letter_on": letter.letter_on.isoformat(),
        "status": letter.status,
        "document_id": letter.document_id,
        "review_comment": letter.review_comment,
        "decided_by": letter.decided_by,
        **{
            k: plan.get(k)
            for k in (
                "title",
                "principal",
                "interest",
                "costs",
                "ask_costs",
                "contested",
                "court",
                "signature",
                "rules",
                "notes",
                "blockers",
            )
        },
    }


# ---------------------------------------------------------------- what the store knows


def court_record(session: Session, case: Case, stage: Stage) -> CourtRecord:
    """The court the pozew went to, the newest sygnatura akt known and the filing day."""
    assert case.id is not None
    return _record_from(
        case, stage, timeline.steps_of(session, case.id), _signatures(session, [case.id])[case.id]
    )


def _signatures(session: Session, case_ids: Sequence[int]) -> dict[int, list[tuple[date, str]]]:
    """The signatures the cases' court events (not deleted) carry, (day, signature) in the
    order of the day, per case id (every id given is a key)."""
    events: dict[int, list[tuple[date, str]]] = {case_id: [] for case_id in case_ids}
    for case_id, on, signature in session.exec(
        select(CourtEvent.case_id, CourtEvent.occurred_on, CourtEvent.signature)
        .where(
            col(CourtEvent.case_id).in_(case_ids),
            col(CourtEvent.deleted_at).is_(None),
            CourtEvent.signature != "",
        )
        .order_by(col(CourtEvent.occurred_on), col(CourtEvent.id))
    ).all():
        events[case_id].append((on, signature))
    return events


def _steps(session: Session, case_ids: Sequence[int]) -> dict[int, list[CaseStep]]:
    """The cases' steps in the order written, per case id (every id given is a key)."""
    steps: dict[int, list[CaseStep]] = {case_id: [] for case_id in case_ids}
    for step in session.exec(
        select(CaseStep).where(col(CaseStep.case_id).in_(case_ids)).order_by(col(CaseStep.id))
    ).all():
        steps[step.case_id].append(step)
    return steps


def _record_from(
    case: Case, stage: Stage, steps: list[CaseStep], events: list[tuple[date, str]]
) -> CourtRecord:
    """:func:`court_record` from the case's steps (in the order written) and its events'
    signatures (day, signature). An EPU case in ordinary proceedings (after a sprzeciw) has
    left e-Sąd for a court of general jurisdiction (law.lifecycle, UNCONFIRMED): the court a
    court event since then named (``handoff event add --court``), else none, and only a
    signature recorded since it left, so the letter carries blockers instead of the EPU
    court's name and signature."""
    kept = timeline.effective_steps(steps)
    filings = [s for s in kept if s.trigger == FILING]
    filing = filings[-1] if filings else None
    dated = [(s.occurred_on, s.signature) for s in kept if s.signature]
    dated += [(on, sig) for on, sig in events]
    court = filing.court if filing else ""
    if case.procedure == EPU_PROCEDURE and stage is Stage.ORDINARY:
        left = [s.occurred_on for s in kept if s.to_stage == Stage.ORDINARY.value]
        since = left[-1] if left else None
        dated = [(on, sig) for on, sig in dated if since is not None and on >= since]
        named = [
            s.court
            for s in kept
            if since is not None
            and s.occurred_on >= since
            and s.court.strip()
            and s.trigger != FILING
        ]
        court = named[-1] if named else ""
    dated.sort(key=lambda item: item[0])  # stable: steps before events of the same day
    return CourtRecord(
        court,
        dated[-1][1] if dated else "",
        filing.occurred_on if filing else None,
        filing.court if filing and court != filing.court else "",
    )


def _court_stage(case: Case, steps: list[CaseStep]) -> Stage:
    """The stage in court the case is or was in when it was closed by the payment or the
    settlement (the stage its last step into paid / settled started from); ``steps``: the
    case's steps in the order written."""
    stage = Stage(case.stage)
    if stage not in _CLOSED_BY:
        return stage
    into = [
        s
        for s in timeline.effective_steps(steps)
        if s.to_stage == stage.value and s.from_stage != s.to_stage
    ]
    return Stage(into[-1].from_stage) if into else stage


def _lines(
    payments: Sequence[RecordedPayment], allocations: dict[int, list[PaymentAllocation]]
) -> tuple[Covered, ...]:
    """What ``payments`` covered: their allocation lines (``allocations`` by payment id, each
    in id order), in the order of the lines' ids."""
    paid_on = {p.id: p.paid_on for p in payments}
    rows = sorted(
        (r for p in payments for r in allocations.get(p.id or -1, ())), key=lambda r: r.id or 0
    )
    return tuple(
        Covered(
            paid_on[r.payment_id],
            r.invoice_number,
            r.to_principal,
            r.to_interest,
            r.to_costs,
            tuple(c.strip() for c in r.cites.split(";") if c.strip()),
        )
        for r in rows
    )


def _claimed(case: Case) -> frozenset[str] | None:
    """The invoices the drafted pozew claims (``Case.claim_json``); None when not known."""
    if not case.claim_json:
        return None
    invoices = json.loads(case.claim_json).get("invoices")
    if not isinstance(invoices, list):
        return None
    return frozenset(str(i["number"]) for i in invoices if i.get("claimed", True))


def _withdrawal_terms(data: _CaseData, plan: LetterPlan, stage: Stage) -> WithdrawalTerms | None:
    """The interest periods a partial withdrawal's payment covered and the claim it leaves
    (``law.pl.court_letters.withdrawal_terms``), from the art. 451 allocation of the case's
    payments up to that payment; None for any other letter."""
    days = [c.paid_on for c in plan.covered if c.invoice_number]
    if plan.kind is not LetterKind.PARTIAL or not days:
        return None
    return withdrawal_terms(plan.covered, data.allocation(stage, max(days)))


@dataclass
class _CaseData:
    """What drafting one case's letters reads, each read once (a statement's thousands of
    letters read each case once, not three times): read when first asked for, or given by
    :class:`LetterBatch`, which reads a whole batch of cases in a few queries."""

    session: Session
    case: Case
    _file: CaseFile | None = None
    _costs: dict[str, Any] = field(default_factory=dict)
    _steps: list[CaseStep] | None = None
    _events: list[tuple[date, str]] | None = None
    _payments: list[RecordedPayment] | None = None  # recorded after the handoff, id order
    _allocations: dict[int, list[PaymentAllocation]] | None = None  # by payment id
    _letters: dict[str, CourtLetter] | None = None  # by key
    documents: list[GeneratedDocument] | None = None  # its court letters' drafts, if read
    _allocated: dict[tuple[str, date], Any] = field(default_factory=dict)

    @property
    def case_id(self) -> int:
        assert self.case.id is not None
        return self.case.id

    def file(self) -> CaseFile:
        if self._file is None:
            self._file = load_case_files(self.session, [self.case_id])[self.case_id]
        return self._file

    def costs(self, stage: Stage) -> Any:
        if stage.value not in self._costs:
            self._costs[stage.value] = costs_of(self.session, self.case, stage.value)
        return self._costs[stage.value]

    def steps(self) -> list[CaseStep]:
        if self._steps is None:
            self._steps = _steps(self.session, [self.case_id])[self.case_id]
        return self._steps

    def record(self, stage: Stage) -> CourtRecord:
        if self._events is None:
            self._events = _signatures(self.session, [self.case_id])[self.case_id]
        return _record_from(self.case, stage, self.steps(), self._events)

    def payments(self) -> list[RecordedPayment]:
        if self._payments is None:
            self._payments = list(
                self.session.exec(
                    select(RecordedPayment)
                    .where(RecordedPayment.case_id == self.case_id)
                    .order_by(col(RecordedPayment.id))
                ).all()
            )
        return self._payments

    def covered(self, payments: Sequence[RecordedPayment]) -> tuple[Covered, ...]:
        if self._allocations is None:
            self._allocations = {}
            for row in self.session.exec(
                select(PaymentAllocation)
                .where(PaymentAllocation.case_id == self.case_id)
                .order_by(col(PaymentAllocation.id))
            ).all():
                self._allocations.setdefault(row.payment_id, []).append(row)
        return _lines(payments, self._allocations)

    def letter(self, key: str) -> CourtLetter | None:
        if self._letters is None:
            return self.session.exec(
                select(CourtLetter).where(
                    CourtLetter.case_id == self.case_id, CourtLetter.key == key
                )
            ).first()
        return self._letters.get(key)

    def add_letter(self, letter: CourtLetter) -> None:
        if self._letters is not None:
            self._letters[letter.key] = letter

    def allocation(self, stage: Stage, upto: date) -> Any:
        """The art. 451 allocation of the payments made up to ``upto`` (at ``stage``)."""
        key = (stage.value, upto)
        if key not in self._allocated:
            file = self.file()
            file = replace(file, payments=tuple(p for p in file.payments if p.paid_on <= upto))
            self._allocated[key] = allocation_of(file, stage.value, self.costs(stage))
        return self._allocated[key]


@dataclass
class LetterBatch:
    """What drafting the letters of many cases reads, read for all of them at once (about a
    dozen queries a batch instead of some twenty a letter); the cases' rows are locked
    (``SELECT ... FOR UPDATE``) as drafting one letter locks its case's."""

    data: dict[int, _CaseData]
    # None: each letter stored as it is drafted; else the letters drafted, whose drafts,
    # draft ids and audit rows are stored at once by :meth:`finish` (actor, letter, draft)
    deferred: list[tuple[str, CourtLetter, GeneratedDocument | None]] | None = None

    def finish(self, session: Session) -> None:
        """Store what the letters drafted since the last call deferred: their drafts (one
        INSERT), each letter's draft and status, their audit rows (one INSERT). The batch's
        caller calls it before committing."""
        if not self.deferred:
            return
        # the drafts first (their ids), then each letter once: its status and its draft
        # in one UPDATE (two flushes of everything measured 2 UPDATEs a letter)
        session.flush(objects=[d for _, _, d in self.deferred if d is not None])
        rows = []
        for actor, letter, document in self.deferred:
            if document is not None:
                letter.document_id = document.id
            assert letter.id is not None
            rows.append(_audit_row(actor, DRAFTED_ACTION, letter.case_id, letter, document))
        session.execute(sa.insert(AuditLog.__table__), rows)  # type: ignore[attr-defined]
        session.flush()
        self.deferred.clear()

    @classmethod
    def load(cls, session: Session, case_ids: Sequence[int]) -> LetterBatch:
        """The batch of ``case_ids``; what their letters' drafting writes is stored by
        :meth:`finish`."""
        ids = sorted(set(case_ids))
        if not ids:
            return cls({}, [])
        cases = session.exec(
            select(Case)
            .where(col(Case.id).in_(ids))
            .with_for_update()
            .execution_options(populate_existing=True)
        ).all()
        by_id = {c.id: c for c in cases if c.id is not None}
        found = list(by_id)
        files = load_case_files(session, found)
        steps = _steps(session, found)
        events = _signatures(session, found)
        payments: dict[int, list[RecordedPayment]] = {i: [] for i in found}
        for pay in session.exec(
            select(RecordedPayment)
            .where(col(RecordedPayment.case_id).in_(found))
            .order_by(col(RecordedPayment.id))
        ).all():
            payments[pay.case_id].append(pay)
        allocations: dict[int, dict[int, list[PaymentAllocation]]] = {i: {} for i in found}
        for line in session.exec(
            select(PaymentAllocation)
            .where(col(PaymentAllocation.case_id).in_(found))
            .order_by(col(PaymentAllocation.id))
        ).all():
            allocations[line.case_id].setdefault(line.payment_id, []).append(line)
        letters: dict[int, dict[str, CourtLetter]] = {i: {} for i in found}
        for letter in session.exec(
            select(CourtLetter)
            .where(col(CourtLetter.case_id).in_(found))
            .order_by(col(CourtLetter.id))
        ).all():
            letters[letter.case_id][letter.key] = letter
        documents: dict[int, list[GeneratedDocument]] = {i: [] for i in found}
        for doc in session.exec(
            select(GeneratedDocument).where(
                col(GeneratedDocument.case_id).in_(found),
                GeneratedDocument.kind == DOCUMENT_KIND,
            )
        ).all():
            documents[doc.case_id].append(doc)
        stages = {i: _court_stage(c, steps[i]) for i, c in by_id.items()}
        costs = _costs_bulk(session, {i: (stages[i].value, c.claim_json) for i, c in by_id.items()})
        return cls(
            {
                i: _CaseData(
                    session,
                    c,
                    files.get(i),
                    {stages[i].value: costs[i]},
                    steps[i],
                    events[i],
                    payments[i],
                    allocations[i],
                    letters[i],
                    documents[i],
                )
                for i, c in by_id.items()
            },
            [],
        )


def _left_after(data: _CaseData, stage: Stage, on: date) -> bool:
    """Whether nothing is owed on ``on`` after the payments made up to that day (art. 451
    KC): a later payment does not make an earlier one the one that paid everything."""
    return outstanding(data.allocation(stage, on), on).settled


# ---------------------------------------------------------------- drafting


def draft_court_letter(
    session: Session,
    case_ref: str,
    *,
    reason: str,
    on: date,
    actor: str,
    settlement_id: int | None = None,
    output: DocumentsOutput | None = None,
    payment_id: int | None = None,
    court_stage: Stage | str | None = None,
    batch: LetterBatch | None = None,
) -> LetterOutcome:
    """Draft the letter ``reason`` (payment | settlement | paid) needs on ``case_ref``, dated
    ``on``, in the caller's transaction (module docstring). ``payment``: the payment
    ``payment_id``, else the newest one recorded; ``settlement``: the settlement
    ``settlement_id``, else the newest one. ``output=None`` stores the letter to be rendered
    later; ``court_stage``: the stage the payment found the case in (the payment hook knows
    it; else read from the case and its timeline); ``batch``: what the case's drafting reads,
    read beforehand with other cases' (``case_ref`` is then ``#<id>`` of one of them).
    Raises :class:`casework.Refused` (Polish) and writes nothing then."""
    try:
        why = Reason(reason)
    except ValueError:
        raise Refused(f"--reason: {reason!r} - podaj payment, settlement albo paid") from None
    data = _data_of(session, case_ref, batch)
    case = data.case
    assert case.id is not None
    ref = case.external_ref
    stage = Stage(court_stage) if court_stage is not None else _court_stage(case, data.steps())
    record = data.record(stage)
    settled_on: date | None = None
    paid: list[tuple[date, Decimal]] = []
    covered: tuple[Covered, ...] = ()
    settled = False
    key = ""
    pay_row: RecordedPayment | None = None
    if why is Reason.SETTLEMENT:
        settlement = _settlement(session, case.id, settlement_id, ref)
        settlement_id = settlement.id
        settled_on = settlement.concluded_on
        stage = Stage(settlement.stage_before)
        record = data.record(stage)
        key = f"settlement:{settlement.id}"
        if settlement.kind == "sadowa":
            plan = LetterPlan(
                None,
                "ugoda sądowa - sąd sam umarza postępowanie (art. 355 § 1 KPC, UNCONFIRMED); "
                "pismo o cofnięcie pozwu nie jest potrzebne",
            )
            return LetterOutcome(ref, plan, None, False)
    elif why is Reason.PAYMENT:
        pay_row = _payment(data.payments(), payment_id, ref)
        covered = data.covered([pay_row])
        paid = [(pay_row.paid_on, pay_row.amount)]
        settled = _left_after(data, stage, pay_row.paid_on)
        key = "paid" if settled else f"payment:{pay_row.id}"
    else:
        if not _left_after(data, stage, on):
            raise Refused(
                f"w sprawie {ref} należność nie jest zapłacona w całości na dzień {pl_date(on)} "
                "- pismo o zapłacie części: --reason payment"
            )
        rows = sorted(
            (p for p in data.payments() if record.filed_on is None or p.paid_on >= record.filed_on),
            key=lambda p: (p.paid_on, p.id or 0),
        )
        covered = data.covered(rows)
        paid = [(r.paid_on, r.amount) for r in rows]
        settled = True
        key = "paid"
    plan = court_letter(
        Situation(
            why, stage, case.procedure, covered, settled, tuple(paid), settled_on, _claimed(case)
        )
    )
    if not plan.needed:
        return LetterOutcome(ref, plan, None, False)
    existing = data.letter(key)
    created = existing is None
    if existing is not None and existing.status in (READY, APPROVED):
        document = session.get(GeneratedDocument, existing.document_id or -1)
        return LetterOutcome(ref, plan, existing, False, document)
    letter = existing or CourtLetter(
        case_id=case.id,
        key=key,
        reason=why.value,
        kind=plan.kind.value if plan.kind else "",
        channel=plan.channel.value,
        court_stage=stage.value,
        payment_id=pay_row.id if pay_row is not None and key != "paid" else None,
        settlement_id=settlement_id,
        letter_on=on,
        drafted_by=actor,
    )
    blockers = _letter_blockers(record)
    letter.plan_json = json.dumps(
        _plan_json(plan, record, paid, settled_on, blockers), ensure_ascii=False
    )
    letter.updated_at = utcnow()
    session.add(letter)
    if letter.id is None:
        session.flush()
        data.add_letter(letter)
    document = None
    defer = batch is not None and batch.deferred is not None
    if output is not None:
        document = _render(
            session, case, letter, plan, record, paid, settled_on, output, data, flush=not defer
        )
        letter.document_id = document.id
        letter.status = READY
        letter.review_comment = ""
        session.add(letter)
    if defer:
        assert batch is not None and batch.deferred is not None
        batch.deferred.append((actor, letter, document))
    else:
        _audit(session, actor, DRAFTED_ACTION, case.id, letter, document)
        session.flush()
    return LetterOutcome(ref, plan, letter, created, document, tuple(blockers))


def _settlement(session: Session, case_id: int, settlement_id: int | None, ref: str) -> Any:
    from store.tables import Settlement  # casework.settlements' table (issue #18)

    query = select(Settlement).where(Settlement.case_id == case_id)
    if settlement_id is not None:
        query = query.where(Settlement.id == settlement_id)
    row = session.exec(query.order_by(col(Settlement.id).desc())).first()
    if row is None:
        raise Refused(
            f"w sprawie {ref} nie zapisano ugody"
            + (f" #{settlement_id}" if settlement_id is not None else "")
        )
    return row


def _payment(
    payments: Sequence[RecordedPayment], payment_id: int | None, ref: str
) -> RecordedPayment:
    """The payment ``payment_id`` of the case's ``payments``, else the newest recorded."""
    rows = [p for p in payments if payment_id is None or p.id == payment_id]
    if not rows:
        raise Refused(f"w sprawie {ref} nie zapisano wpłaty po przekazaniu (handoff payments add)")
    return max(rows, key=lambda p: p.id or 0)


def _data_of(session: Session, case_ref: str, batch: LetterBatch | None) -> _CaseData:
    """What drafting reads for the case ``case_ref`` names: from ``batch`` when it read the
    case, else read as asked for (the case's row locked, as the batch locks it)."""
    if batch is not None and case_ref.startswith("#") and case_ref[1:].isdigit():
        data = batch.data.get(int(case_ref[1:]))
        if data is not None:
            return data
    found = locate(session, case_ref)
    case = session.get(Case, found.id, with_for_update=True, populate_existing=True)
    assert case is not None
    return _CaseData(session, case)


def _letter_blockers(record: CourtRecord) -> list[str]:
    out = []
    if not record.court:
        out.append("nie wiadomo, do jakiego sądu wniesiono pozew - uzupełnić przed wysłaniem")
    if not record.signature:
        out.append(
            "sygnatura akt nieznana - zapisać ją (handoff event add ... --signature) i "
            "sporządzić pismo ponownie"
        )
    return out


def _plan_json(
    plan: LetterPlan,
    record: CourtRecord,
    paid: list[tuple[date, Decimal]],
    settled_on: date | None,
    blockers: list[str],
) -> dict[str, object]:
    return {
        "title": plan.title,
        "reason_text": plan.reason_text,
        "principal": str(plan.principal),
        "interest": str(plan.interest),
        "costs": str(plan.costs),
        "ask_costs": plan.ask_costs,
        "contested": plan.contested,
        "court": record.court,
        "signature": record.signature,
        "filed_on": record.filed_on.isoformat() if record.filed_on else None,
        "settled_on": settled_on.isoformat() if settled_on else None,
        "paid": [{"on": d.isoformat(), "amount": str(a)} for d, a in paid],
        "covered": [
            {
                "paid_on": c.paid_on.isoformat(),
                "invoice_number": c.invoice_number or None,
                "to_principal": str(c.to_principal),
                "to_interest": str(c.to_interest),
                "to_costs": str(c.to_costs),
                "cites": "; ".join(c.cites),
            }
            for c in plan.covered
        ],
        "rules": [
            {
                "cite": str(r.cite),
                "status": r.status,
                "in_letter": r.in_letter,
                "text": r.text,
            }
            for r in plan.rules
        ],
        "notes": list(plan.notes),
        "blockers": blockers,
    }


def _render(
    session: Session,
    case: Case,
    letter: CourtLetter,
    plan: LetterPlan,
    record: CourtRecord,
    paid: list[tuple[date, Decimal]],
    settled_on: date | None,
    output: DocumentsOutput,
    data: _CaseData | None = None,
    *,
    flush: bool = True,
) -> GeneratedDocument:
    """The letter's .docx rendered, written and stored as its next draft version (flushed
    unless ``flush`` is False: a batch inserts its drafts at once, ``LetterBatch.finish``)."""
    from documents.court_letters import (
        letter_context,
        missing_variables,
        render_letter,
        template_name,
    )
    from documents.render import RenderError, template_digest

    assert case.id is not None and letter.id is not None
    data = data or _CaseData(session, case)
    file = data.file()
    terms = _withdrawal_terms(data, plan, Stage(letter.court_stage))
    context = letter_context(
        file, output.firm, plan, record, letter.letter_on, paid, settled_on, terms
    )
    name = template_name(plan)
    try:
        missing = missing_variables(plan, context, output.templates)
        if missing:
            raise Refused(
                f"szablon {name}.docx używa pól, których nie ma: {', '.join(sorted(missing))}"
            )
        rendered = render_letter(plan, context, output.templates)
        digest = template_digest(name, output.templates)
    except RenderError as exc:
        raise Refused(f"nie można sporządzić pisma z szablonu {name}.docx: {exc}") from None
    input_hash = hashlib.sha256(
        json.dumps(
            {"letter": letter.key, "context": context, "template": digest},
            ensure_ascii=False,
            sort_keys=True,
        ).encode()
    ).hexdigest()
    folder = case_folder(output.documents_dir, case.id, case.external_ref)
    try:
        document = store_version(
            session,
            case.id,
            DOCUMENT_KIND,
            input_hash,
            rendered,
            lambda version: folder / f"{name}-{letter.id}-v{version}.docx",
            stored=data.documents,
            flush=flush,
        )
    except DocumentNotWritten as exc:
        raise Refused(f"nie można zapisać pisma {exc.path}: {exc.reason}") from None
    if data.documents is not None and document not in data.documents:
        data.documents.append(document)
    return document


def _audit(
    session: Session,
    actor: str,
    action: str,
    case_id: int,
    letter: CourtLetter,
    document: GeneratedDocument | None,
    **extra: object,
) -> None:
    session.execute(
        sa.insert(AuditLog.__table__).values(  # type: ignore[attr-defined]
            **_audit_row(actor, action, case_id, letter, document, **extra)
        )
    )


def _audit_row(
    actor: str,
    action: str,
    case_id: int,
    letter: CourtLetter,
    document: GeneratedDocument | None,
    **extra: object,
) -> dict[str, object]:
    """The audit row of a letter drafted or decided (``AuditLog`` columns)."""
    assert letter.id is not None
    return _letter_audit_row(
        actor,
        action,
        case_id,
        letter.id,
        letter.key,
        letter.kind,
        letter.status,
        document.id if document is not None else None,
        **extra,
    )


def _letter_audit_row(
    actor: str,
    action: str,
    case_id: int,
    letter_id: int,
    key: str,
    kind: str,
    status: str,
    document_id: int | None,
    **extra: object,
) -> dict[str, object]:
    """:func:`_audit_row` from the letter's fields (a letter stored as a plain row)."""
    return {
        "at": utcnow(),
        "actor": actor or "system",
        "action": action,
        "case_id": case_id,
        "detail": json.dumps(
            {
                "letter_id": letter_id,
                "key": key,
                "kind": kind,
                "status": status,
                "document_id": document_id,
                **extra,
            },
            ensure_ascii=False,
        ),
    }


# ---------------------------------------------------------------- the hooks


@dataclass(frozen=True)
class PaidInCourt:
    """A payment just recorded, as ``casework.payments`` hands it over for its letter."""

    key: int  # the caller's index, given back with the notes
    case_id: int
    payment_id: int
    paid_on: date
    amount: Decimal
    stage_before: str  # the stage the payment found the case in
    settled: bool  # nothing is left owed after it
    lines: tuple[PaymentAllocation, ...]  # its allocation lines (art. 451 KC), as stored


def letters_for_payments(
    session: Session, paid: Sequence[PaidInCourt], *, today: date, actor: str
) -> dict[int, tuple[str, ...]]:
    """``casework.payments``' hook: each payment recorded on a case in court gets its letter
    (stored, to be rendered by ``handoff letters draft``: no settings here), in the caller's
    transaction; returns the Polish notes for each payment's outcome by ``key``. Before
    filing nothing is done (the draft is redone). Set-based: a few queries per call, whatever
    the number of payments (a bank statement records thousands)."""
    items = [p for p in paid if Stage(p.stage_before) in LETTER_STAGES]
    if not items:
        return {}
    ids = sorted({p.case_id for p in items})
    cases = {c.id: c for c in session.exec(select(Case).where(col(Case.id).in_(ids))).all()}
    steps = _steps(session, ids)
    events = _signatures(session, ids)
    existing = {
        (row.case_id, row.key): row
        for row in session.exec(select(CourtLetter).where(col(CourtLetter.case_id).in_(ids))).all()
    }
    notes: dict[int, tuple[str, ...]] = {}
    created: list[tuple[dict[str, object], PaidInCourt]] = []  # CourtLetter rows
    keys: dict[tuple[int, str], int] = {}  # the letters of this call: index in ``created``
    again: list[tuple[int, int]] = []  # (payment's key, index in ``created``) of a letter made
    now = utcnow()
    for item in items:
        case = cases[item.case_id]
        stage = Stage(item.stage_before)
        record = _record_from(case, stage, steps[item.case_id], events[item.case_id])
        covered = tuple(
            Covered(
                item.paid_on,
                line.invoice_number,
                line.to_principal,
                line.to_interest,
                line.to_costs,
                tuple(c.strip() for c in line.cites.split(";") if c.strip()),
            )
            for line in item.lines
        )
        plan = court_letter(
            Situation(
                Reason.PAYMENT,
                stage,
                case.procedure,
                covered,
                item.settled,
                ((item.paid_on, item.amount),),
                None,
                _claimed(case),
            )
        )
        if not plan.needed:
            notes[item.key] = (f"Pismo do sądu nie jest potrzebne: {plan.reason_text}.",)
            continue
        key = "paid" if item.settled else f"payment:{item.payment_id}"
        letter = existing.get((item.case_id, key))
        if letter is not None:
            notes[item.key] = (
                f"Pismo do sądu w tej sprawie już jest (#{letter.id}, {status_label(letter)}).",
            )
            continue
        if (item.case_id, key) in keys:  # the whole debt paid twice in one statement
            again.append((item.key, keys[(item.case_id, key)]))
            continue
        assert plan.kind is not None
        keys[(item.case_id, key)] = len(created)
        created.append(
            (
                {  # every column: a plain row (``store.bulk``), no ORM object
                    "case_id": item.case_id,
                    "key": key,
                    "reason": Reason.PAYMENT.value,
                    "kind": plan.kind.value,
                    "channel": plan.channel.value,
                    "court_stage": stage.value,
                    "payment_id": None if key == "paid" else item.payment_id,
                    "settlement_id": None,
                    "letter_on": today,
                    "plan_json": json.dumps(
                        _plan_json(
                            plan,
                            record,
                            [(item.paid_on, item.amount)],
                            None,
                            _letter_blockers(record),
                        ),
                        ensure_ascii=False,
                    ),
                    "document_id": None,
                    "status": TO_RENDER,
                    "review_comment": "",
                    "decided_by": "",
                    "decided_at": None,
                    "drafted_by": actor,
                    "created_at": now,
                    "updated_at": now,
                },
                item,
            )
        )
    if not created:
        return notes
    conn = session.connection()
    ids = insert_with_ids(conn, CourtLetter.__table__, [row for row, _ in created])  # type: ignore[attr-defined]
    insert_rows(
        conn,
        AuditLog.__table__,  # type: ignore[attr-defined]
        [
            _letter_audit_row(
                actor,
                DRAFTED_ACTION,
                item.case_id,
                letter_id,
                str(row["key"]),
                str(row["kind"]),
                TO_RENDER,
                None,
                payment_id=item.payment_id,
            )
            for (row, item), letter_id in zip(created, ids, strict=True)
        ],
    )
    for (row, item), letter_id in zip(created, ids, strict=True):
        notes[item.key] = (
            f"Pismo do sądu ({KIND_LABELS[str(row['kind'])]}) zapisane jako #{letter_id}.",
        )
    for key, index in again:
        notes[key] = (
            f"Pismo do sądu w tej sprawie już jest (#{ids[index]}, {STATUS_LABELS[TO_RENDER]}).",
        )
    return notes


def settlement_letter(
    session: Session,
    case: Case,
    settlement: Any,
    *,
    on: date | None = None,
    actor: str = "system",
    output: DocumentsOutput | None = None,
) -> str:
    """``casework.settlements``' hook: the letter a settlement of a case in court needs
    (``settlement`` is its ``Settlement`` row); returns one Polish line for its outcome."""
    outcome = draft_court_letter(
        session,
        f"#{case.id}",
        reason=Reason.SETTLEMENT.value,
        on=on or settlement.concluded_on,
        actor=actor,
        settlement_id=settlement.id,
        output=output,
    )
    return outcome.summary()


def render_pending(
    session: Session,
    case_ref: str,
    *,
    actor: str,
    output: DocumentsOutput,
    batch: LetterBatch | None = None,
) -> list[LetterOutcome]:
    """Write the .docx of every letter of the case still ``to_render`` (or sent back);
    ``batch``: what drafting reads, read beforehand for this case and others
    (:class:`LetterBatch`; ``case_ref`` is then ``#<id>``)."""
    data = _data_of(session, case_ref, batch)
    if data._letters is not None:
        rows = sorted(
            (r for r in data._letters.values() if r.status in (TO_RENDER, SENT_BACK)),
            key=lambda r: r.id or 0,
        )
    else:
        rows = list(
            session.exec(
                select(CourtLetter)
                .where(
                    CourtLetter.case_id == data.case_id,
                    col(CourtLetter.status).in_((TO_RENDER, SENT_BACK)),
                )
                .order_by(col(CourtLetter.id))
            ).all()
        )
    return [
        draft_court_letter(
            session,
            f"#{data.case_id}",
            reason=row.reason,
            on=row.letter_on,
            actor=actor,
            settlement_id=row.settlement_id,
            output=output,
            payment_id=row.payment_id,
            batch=batch if batch is not None else LetterBatch({data.case_id: data}),
        )
        for row in rows
    ]


def drafted_outcomes(
    session: Session, letter_ids: Sequence[int], refs: dict[int, str]
) -> list[LetterOutcome]:
    """The outcomes of the letters ``letter_ids`` that were drafted (ready for review, with
    their draft), as ``render_pending`` returned them when drafting them, read back from the
    store (``refs``: the cases' references by id): for a drafting whose own report was lost
    (a letter process that died after committing). Letters still to render are left out."""
    if not letter_ids:
        return []
    rows = session.exec(
        select(CourtLetter)
        .where(col(CourtLetter.id).in_(list(letter_ids)), CourtLetter.status == READY)
        .order_by(col(CourtLetter.case_id), col(CourtLetter.id))
    ).all()
    out = []
    for row in rows:
        document = session.get(GeneratedDocument, row.document_id or -1)
        if document is None:
            continue
        plan = json.loads(row.plan_json)
        kind = LetterKind(row.kind) if row.kind else None
        out.append(
            LetterOutcome(
                refs.get(row.case_id, f"#{row.case_id}"),
                LetterPlan(kind, str(plan.get("reason_text", "")), Channel(row.channel)),
                row,
                False,
                document,
                tuple(plan.get("blockers") or ()),
            )
        )
    return out


# ---------------------------------------------------------------- reading and review


def letters_of(session: Session, case_ref: str) -> tuple[str, list[CourtLetter]]:
    """The case's reference and its letters to the court, oldest first."""
    case = locate(session, case_ref)
    rows = session.exec(
        select(CourtLetter).where(CourtLetter.case_id == case.id).order_by(col(CourtLetter.id))
    ).all()
    return case.external_ref, list(rows)


def case_letters(session: Session, case_id: int) -> list[CourtLetter]:
    return list(
        session.exec(
            select(CourtLetter).where(CourtLetter.case_id == case_id).order_by(col(CourtLetter.id))
        ).all()
    )


def letter_blockers(session: Session, letter: CourtLetter) -> list[str]:
    """What keeps the letter from approval: the case's blocker findings and its own."""
    own = list(json.loads(letter.plan_json).get("blockers") or [])
    return [b.message for b in blockers_for(session, letter.case_id)] + own


def decide_letter(
    session: Session,
    letter_id: int,
    username: str,
    decision: str,
    comment: str = "",
    *,
    override_reason: str | None = None,
) -> CourtLetter:
    """A partner's decision on a letter (approve / send_back), the review gate of the pozew
    (``store.review.record_decision``): raises ``NotAllowed``, ``InvalidDecision`` or
    ``Blocked`` (case or letter blockers, no override reason) and changes nothing then."""
    comment = checked_decision(
        session,
        username,
        decision,
        comment,
        not_partner="Tylko partner może zatwierdzać lub zwracać pisma do sądu.",
        no_comment="Zwrot do poprawy wymaga komentarza.",
    )
    letter = session.get(CourtLetter, letter_id, with_for_update=True, populate_existing=True)
    if letter is None:
        raise InvalidDecision(f"Nie ma pisma #{letter_id}.")
    if letter.status != READY:
        raise InvalidDecision(
            f"Pismo #{letter_id} nie czeka na akceptację (status: "
            f"{STATUS_LABELS.get(letter.status, letter.status)}); decyzja nie została zapisana."
        )
    passed = gate(
        session,
        letter.case_id,
        username,
        decision,
        override_reason,
        list(json.loads(letter.plan_json).get("blockers") or []),
        source="court_letter",
        code="letter_blocker",
    )
    letter.status = APPROVED if decision == "approve" else SENT_BACK
    letter.review_comment = comment if decision == "send_back" else ""
    letter.decided_by = username
    letter.decided_at = letter.updated_at = utcnow()
    session.add(letter)
    session.flush()
    document = session.get(GeneratedDocument, letter.document_id or -1)
    _audit(
        session,
        username,
        f"court_letter.{decision}",
        letter.case_id,
        letter,
        document,
        comment=comment,
    )
    if passed.overridden:
        _audit(
            session,
            username,
            OVERRIDE_ACTION,
            letter.case_id,
            letter,
            document,
            reason=passed.reason,
            blockers=passed.blockers,
        )
    session.flush()
    return letter


def letters_after_edit(
    session: Session, case_id: int, *, output: DocumentsOutput | None, actor: str = ""
) -> list[str]:
    """A court event of the case was corrected (``casework.court_events.edit_court_event``):
    a letter to the court names the court and the sygnatura akt the timeline gave when it
    was drafted (its ``plan_json``). A letter the partner has not approved whose court or
    signature the corrected timeline changes is drafted again: rendered now as the next
    version waiting for the partner when ``output`` is given, else left ``to_render`` for
    ``handoff letters draft``. An approved one is left as it is (it may have been sent): a
    line says what to check. Returns Polish lines (none when no letter changes)."""
    case = session.get(Case, case_id)
    assert case is not None
    rows = session.exec(
        select(CourtLetter)
        .where(
            CourtLetter.case_id == case_id,
            col(CourtLetter.status).in_((TO_RENDER, READY, APPROVED)),
        )
        .order_by(col(CourtLetter.id))
    ).all()
    lines: list[str] = []
    redo: list[CourtLetter] = []
    records: dict[str, CourtRecord] = {}  # by the court stage a letter was drafted for
    for letter in rows:
        drafted = json.loads(letter.plan_json)
        if letter.court_stage not in records:
            records[letter.court_stage] = court_record(session, case, Stage(letter.court_stage))
        record = records[letter.court_stage]
        if (drafted.get("court", ""), drafted.get("signature", "")) == (
            record.court,
            record.signature,
        ):
            continue
        now = f"{record.court or 'sąd nieustalony'}, sygn. {record.signature or 'brak'}"
        if letter.status == APPROVED:
            lines.append(
                f"Pismo do sądu #{letter.id} zatwierdzono z oznaczeniem "
                f"{drafted.get('court') or 'sąd nieustalony'}, sygn. "
                f"{drafted.get('signature') or 'brak'}; po poprawce zdarzenia: {now} - "
                "sprawdź, czy wysłane pismo wymaga sprostowania."
            )
            continue
        if letter.status == READY:
            letter.status = TO_RENDER
            letter.updated_at = utcnow()
            session.add(letter)
        redo.append(letter)
    if not redo:
        return lines
    if output is None:
        return lines + [
            f"Pismo do sądu #{letter.id} trzeba sporządzić ponownie po poprawce zdarzenia: "
            f"handoff letters draft {case.external_ref}."
            for letter in redo
        ]
    session.flush()
    for outcome in render_pending(session, f"#{case_id}", actor=actor, output=output):
        if outcome.letter is not None and outcome.document is not None:
            lines.append(
                f"Pismo do sądu #{outcome.letter.id} sporządzone ponownie po poprawce zdarzenia: "
                f"{outcome.document.path} (wersja {outcome.document.version}) - do akceptacji "
                "partnera."
            )
    return lines


def status_label(letter: CourtLetter) -> str:
    return STATUS_LABELS.get(letter.status, letter.status)


def letter_line(letter: CourtLetter) -> str:
    """One Polish line for ``handoff letters list``."""
    plan = json.loads(letter.plan_json)
    amounts = ""
    if letter.kind == LetterKind.PARTIAL.value:
        amounts = (
            f" ({pl_money(Decimal(plan['principal']))} należności głównej, "
            f"{pl_money(Decimal(plan['interest']))} odsetek)"
        )
    return (
        f"#{letter.id}  {pl_date(letter.letter_on)}  {KIND_LABELS.get(letter.kind, letter.kind)}"
        f"{amounts}  [{status_label(letter)}]  etap: "
        f"{STAGE_LABELS.get(Stage(letter.court_stage), letter.court_stage)}"
    )


@dataclass(frozen=True)
class QueuedLetter:
    """A letter waiting for the partner (or for its .docx), as the review queue lists it."""

    letter_id: int
    case_id: int
    case_ref: str
    debtor: str
    partner: str
    kind_label: str
    status: str
    status_label: str
    letter_on: date
    blocked: bool


def letters_queue(session: Session) -> list[QueuedLetter]:
    """Letters to the court waiting for review or for their .docx, oldest first."""
    from store.tables import Debtor

    rows = session.exec(
        select(CourtLetter, Case.external_ref, Case.partner, Debtor.name)
        .join(Case, col(Case.id) == col(CourtLetter.case_id))
        .join(Debtor, col(Debtor.id) == col(Case.debtor_id))
        .where(col(CourtLetter.status).in_((READY, TO_RENDER)))
        .order_by(col(CourtLetter.updated_at), col(CourtLetter.id))
    ).all()
    blocked = {
        int(case_id)
        for (case_id,) in session.execute(
            sa.select(CaseFinding.case_id)
            .where(
                col(CaseFinding.case_id).in_({r.case_id for r, _, _, _ in rows}),
                CaseFinding.severity == "blocker",
            )
            .distinct()
        ).all()
    }
    out = []
    for letter, ref, partner, debtor in rows:
        assert letter.id is not None
        own = bool(json.loads(letter.plan_json).get("blockers"))
        out.append(
            QueuedLetter(
                letter.id,
                letter.case_id,
                ref,
                debtor,
                partner or "",
                KIND_LABELS.get(letter.kind, letter.kind),
                letter.status,
                status_label(letter),
                letter.letter_on,
                own or letter.case_id in blocked,
            )
        )
    return out
