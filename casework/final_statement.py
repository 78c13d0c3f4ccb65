"""The creditor's final statement of a case (rozliczenie końcowe): drafted when a payment in
full closes the case, and on demand for any case (``handoff payments statement``).

Load the case, its recorded payments with the allocation lines stored when each was recorded
(art. 451 KC: costs, interest, principal, the provisions applied) and the creditor's own
payments reported at the handoff (allocated here the same way, with no costs: none were
owed before the handoff), what the last draft claimed and what is left: on the day the case
was closed as paid (nothing, when the payment settled it) or today. Render
``templates/rozliczenie_koncowe.docx`` (``documents.final_statement``), store the file in the
case's documents folder and record it as a generated document of the case (kind
``final_statement``; a new version only when its content changed).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, col, select

from casework.payments import (
    PAID_STAGES,
    PaymentOutcome,
    _lines_per_payment,
    _payments,
    costs_of,
    debts_of,
    locate,
    recorded_with_lines,
)
from documents.final_statement import (
    FinalStatement,
    StatementPayment,
    final_statement_context,
    render_final_statement,
)
from documents.firm import FirmProfile
from law.pl.payments import allocate, outstanding
from law.stages import STAGE_LABELS, Stage
from store.cases import load_case_files
from store.drafting import case_folder
from store.tables import (
    AuditLog,
    CaseStep,
    GeneratedDocument,
    utcnow,
)

KIND = "final_statement"  # GeneratedDocument.kind
DRAFTED_ACTION = "final_statement.drafted"
PAID_TRIGGER = "paid-in-full"


@dataclass(frozen=True, slots=True)
class StatementDrafting:
    """Where the drafts go and who signs: from the settings at the entry point."""

    documents_dir: Path
    firm: FirmProfile
    templates_dir: Path | None = None


@dataclass(frozen=True, slots=True)
class StoredStatement:
    case_ref: str
    path: Path
    version: int
    sha256: str
    created: bool  # False: the same statement was stored before
    statement: FinalStatement


def final_statement(session: Session, case_ref: str, *, today: date) -> FinalStatement:
    """The figures of the case's final statement (see the module docstring)."""
    case = locate(session, case_ref)
    assert case.id is not None
    file = load_case_files(session, [case.id])[case.id]
    steps = session.exec(
        select(CaseStep)
        .where(CaseStep.case_id == case.id, CaseStep.trigger == PAID_TRIGGER)
        .order_by(col(CaseStep.id))
    ).all()
    closing = steps[-1] if steps and case.stage in {s.value for s in PAID_STAGES} else None
    # the costs as owed while the case was open (a closed case owes no further costs)
    stage_for_costs = closing.from_stage if closing is not None else case.stage
    costs = costs_of(session, case, stage_for_costs)
    recorded, lines = recorded_with_lines(session, case.id)
    rows: list[StatementPayment] = []
    for r in recorded:
        mine = lines.get(r.id or 0, [])
        cites = dict.fromkeys(c for line in mine for c in line.cites.split("; ") if c)
        rows.append(
            StatementPayment(
                r.paid_on,
                r.amount,
                sum((x.to_costs for x in mine), Decimal("0.00")),
                sum((x.to_interest for x in mine), Decimal("0.00")),
                sum((x.to_principal for x in mine), Decimal("0.00")),
                r.surplus,
                "; ".join(cites),
                r.source,
            )
        )
    debts = debts_of(file)
    stored = {(r.paid_on, r.amount) for r in recorded}
    creditor = [p for p in _payments(file) if (p.paid_on, p.amount) not in stored]
    for pay, alloc in _lines_per_payment(debts, creditor, Decimal(0)):
        cites = dict.fromkeys(str(c) for line in alloc for c in line.cites)
        rows.append(
            StatementPayment(
                pay.paid_on,
                pay.amount,
                sum((x.to_costs for x in alloc), Decimal("0.00")),
                sum((x.to_interest for x in alloc), Decimal("0.00")),
                sum((x.to_principal for x in alloc), Decimal("0.00")),
                Decimal("0.00"),
                "; ".join(cites),
                "creditor",
            )
        )
    rows.sort(key=lambda p: p.paid_on)
    left_on = closing.occurred_on if closing is not None else today
    left = outstanding(allocate(debts, _payments(file), costs), left_on)
    claim = json.loads(case.claim_json) if case.claim_json else {}
    claimed = tuple(
        (f["label"], Decimal(f["amount"])) for f in claim.get("figures", []) if "amount" in f
    )
    if not claimed:
        claimed = (("Należność główna (faktury)", sum((d.amount for d in debts), Decimal(0))),)
    creditor_party = file.creditor
    return FinalStatement(
        case.external_ref,
        STAGE_LABELS[Stage(case.stage)],
        closing.occurred_on if closing is not None else None,
        creditor_party.name,
        creditor_party.address.one_line(),
        file.debtor.name,
        claimed,
        date.fromisoformat(claim["reference_date"]) if claim.get("reference_date") else None,
        sum((amount for _, amount in costs), Decimal("0.00")),  # the costs owed in all
        tuple(rows),
        left_on,
        left.principal,
        left.interest,
        left.costs,
    )


def _intact(path: Path, sha256: str) -> bool:
    return path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == sha256


def draft_final_statement(
    session: Session, case_ref: str, drafting: StatementDrafting, *, today: date, actor: str
) -> StoredStatement:
    """Render and store the case's final statement in the caller's transaction; the same
    content stored before is not stored again (its stored file is returned)."""
    statement = final_statement(session, case_ref, today=today)
    case = locate(session, case_ref)
    assert case.id is not None
    context = final_statement_context(statement, drafting.firm, today)
    stable = {k: v for k, v in context.items() if k != "data"}  # the day alone: no new version
    input_hash = hashlib.sha256(
        json.dumps(stable, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()
    docs = session.exec(
        select(GeneratedDocument).where(
            GeneratedDocument.case_id == case.id, GeneratedDocument.kind == KIND
        )
    ).all()
    for doc in docs:
        if doc.input_hash == input_hash and _intact(Path(doc.path), doc.sha256):
            return StoredStatement(
                case.external_ref, Path(doc.path), doc.version, doc.sha256, False, statement
            )
    rendered = render_final_statement(context, drafting.templates_dir)
    version = max((d.version for d in docs), default=0) + 1
    folder = case_folder(drafting.documents_dir, case.id, case.external_ref)
    path = rendered.write(folder / f"{KIND}-v{version}.docx").resolve()
    same = [d for d in docs if d.input_hash == input_hash]  # its file was lost or changed
    if same:
        session.execute(sa.delete(GeneratedDocument).where(col(GeneratedDocument.id) == same[0].id))
    session.add(
        GeneratedDocument(
            case_id=case.id,
            kind=KIND,
            version=version,
            path=str(path),
            sha256=rendered.sha256,
            input_hash=input_hash,
        )
    )
    session.add(
        AuditLog(
            at=utcnow(),
            actor=actor,
            action=DRAFTED_ACTION,
            case_id=case.id,
            detail=json.dumps(
                {"version": version, "sha256": rendered.sha256, "path": str(path)},
                ensure_ascii=False,
            ),
        )
    )
    session.flush()
    return StoredStatement(case.external_ref, path, version, rendered.sha256, True, statement)


def draft_for_closed(
    session: Session,
    outcomes: Iterable[PaymentOutcome],
    drafting: StatementDrafting,
    *,
    today: date,
    actor: str,
) -> list[StoredStatement]:
    """The final statement of every case one of ``outcomes`` closed as paid."""
    closed = {
        o.case_ref: o
        for o in outcomes
        if o.stage_after == Stage.PAID.value and o.stage_before != Stage.PAID.value
    }
    out = []
    for o in closed.values():
        case_id = o.case_file.case_id if o.case_file is not None else None
        ref = f"#{case_id}" if case_id is not None else o.case_ref
        out.append(draft_final_statement(session, ref, drafting, today=today, actor=actor))
    return out
