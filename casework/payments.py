"""What happens when a payment arrives after the handoff (issue #18).

Load the case (its invoices, the creditor's payments and those recorded since), allocate
every payment under art. 451 KC (``law.pl.payments.allocate``: costs once a court awarded
them, then interest, then principal, unless the debtor designated the invoice), store the
payment with its allocation lines (each with the provision applied), then update what
depends on it, in the caller's transaction:

* before filing the draft's figures change. An unapproved case (intake, ready for review,
  sent back) and an approved case not yet in an e-Sąd package go back to intake, as a
  material re-import does (``store.cases`` / ``law.stages``: approved -> intake): the next
  handoff run drafts it anew (the payment is part of the case's inputs). An approved case
  already packaged keeps its stage with a warning (the court may have the package).
* after filing the claim in court is too high: a warning says the court needs a letter
  (ograniczenie powództwa / cofnięcie pozwu w części). Drafting that letter is not done
  here.
* the limitation watch is replanned: a payment acknowledges the invoices it paid (art. 123
  §1 pkt 2 KC), so their limitation runs anew from the payment day (``law.pl.limitation``
  through ``law.pl.claim``); one watch row per live invoice, then the deadlines follow
  (``store.deadlines.sync_limitation_deadlines``).
* a payment that leaves nothing owed closes the case as paid through the lifecycle
  (``casework.court_events.record_court_event`` with ``paid-in-full``) where the table
  allows it (approved and every court stage); before approval it is a finding only (the
  table has no intake -> paid edge).

Overpayment: a payment larger than everything owed on its day is refused when typed by
hand (``allow_overpayment=False``: most likely a typo) and recorded when it came from a
bank statement (the money is in the account): the surplus is stored on the payment and a
warning finding names it (to return to the debtor or to set off; not a legal allocation).

Refusals raise :class:`casework.Refused` (Polish, one line) and write nothing.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation

import sqlalchemy as sa
from sqlmodel import Session, col, select

from casework import Refused, UnknownCase
from law.case import CaseFile, PaymentInfo
from law.pl.calendar import payment_deadline
from law.pl.case_claim import claim_input
from law.pl.claim import compute_claim, interest_kind, limitation_watch_rows
from law.pl.payments import (
    COSTS,
    AllocationResult,
    Debt,
    Outstanding,
    Payment,
    allocate,
    costs_owed,
    outstanding,
)
from law.pl.text import pl_date, pl_money
from law.stages import EDITABLE, PENDING_IN_COURT, PRE_FILING, STAGE_LABELS, Stage, next_stage
from store.cases import PACKAGED_ACTION, load_case_files
from store.deadlines import (
    AmbiguousCaseRef,
    CaseNotFound,
    find_case,
    replace_limitation_watch,
    sync_limitation_deadlines,
)
from store.enforcement import komornik_costs_owed_of  # the komornik's costs (issue #19)
from store.tables import (
    AuditLog,
    Case,
    CaseFinding,
    PaymentAllocation,
    RecordedPayment,
    utcnow,
)

SOURCE = "payments"  # CaseFinding.source of the findings a payment leaves
RECORDED_ACTION = "payment.recorded"
PAID_STAGES = frozenset({Stage.PAID, Stage.CLOSED, Stage.WITHDRAWN, Stage.SETTLED})
MAX_TITLE = 500


@dataclass(frozen=True)
class PaymentIn:
    """A payment to record: typed by hand or read from a bank statement."""

    paid_on: date
    amount: Decimal
    title: str = ""
    invoice_number: str | None = None  # the invoice the debtor named
    designated: bool = False  # expressly for that invoice's principal (art. 451 §1 zd. 1)
    source: str = "manual"
    transaction_key: str | None = None
    counterparty: str = ""
    account: str = ""
    matched_by: str = "manual"


@dataclass(frozen=True)
class PaymentOutcome:
    case_ref: str
    payment_id: int
    amount: Decimal
    lines: tuple[PaymentAllocation, ...]
    left: Outstanding
    surplus: Decimal
    stage_before: str
    stage_after: str
    notes: tuple[str, ...] = field(default=())
    case_file: CaseFile | None = None  # the case with this payment, as the store now has it

    def summary(self) -> str:
        parts = []
        for line in self.lines:
            if line.invoice_number == COSTS:
                parts.append(f"koszty {pl_money(line.to_costs)}")
                continue
            bits = []
            if line.to_interest:
                bits.append(f"odsetki {pl_money(line.to_interest)}")
            if line.to_principal:
                bits.append(f"kapitał {pl_money(line.to_principal)}")
            parts.append(f"{line.invoice_number}: " + ", ".join(bits or ["0,00 zł"]))
        text = (
            f"Zapisano wpłatę {pl_money(self.amount)} w sprawie {self.case_ref}; zaliczono "
            f"(art. 451 KC): {'; '.join(parts) or 'nic (brak należności)'}. Pozostało: "
            f"{_left_text(self.left)}."
        )
        if self.stage_after != self.stage_before:
            text += (
                f" Etap: {STAGE_LABELS[Stage(self.stage_before)]} -> "
                f"{STAGE_LABELS[Stage(self.stage_after)]}."
            )
        return " ".join([text, *self.notes])


def _left_text(left: Outstanding) -> str:
    return (
        f"kapitał {pl_money(left.principal)}, odsetki do {pl_date(left.on)} "
        f"{pl_money(left.interest)}, koszty {pl_money(left.costs)}"
    )


def parse_amount(text: str) -> Decimal:
    """An amount as a person types it ("1234.50", "1 234,50"); Refused unless > 0."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise Refused(f"--amount: {text!r} nie jest kwotą (np. 1234,50)") from None
    if not amount.is_finite():
        raise Refused(f"--amount: {text!r} nie jest kwotą (np. 1234,50)")
    if amount <= 0:
        raise Refused(f"--amount: kwota wpłaty musi być większa od zera (jest {text.strip()})")
    if amount != amount.quantize(Decimal("0.01")):
        raise Refused(f"--amount: {text!r} - najwyżej dwa miejsca po przecinku (grosze)")
    if amount >= Decimal("1e12"):
        raise Refused(f"--amount: {text!r} - kwota zbyt duża")
    return amount


def locate(session: Session, ref: str) -> Case:
    try:
        return find_case(session, ref)
    except CaseNotFound:
        raise UnknownCase(f"nie ma sprawy {ref!r}") from None
    except AmbiguousCaseRef:
        raise UnknownCase(
            f"sygnatura {ref!r} pasuje do kilku spraw - podaj numer sprawy jako #<id>"
        ) from None


def _locked(session: Session, ref: str) -> Case:
    """The case, locked for this transaction and read fresh (one SELECT for ``#id``)."""
    if ref.startswith("#") and ref[1:].isdigit():
        case = session.get(Case, int(ref[1:]), with_for_update=True, populate_existing=True)
        if case is None:
            raise UnknownCase(f"nie ma sprawy {ref!r}")
        return case
    found = locate(session, ref)
    case = session.get(Case, found.id, with_for_update=True, populate_existing=True)
    assert case is not None
    return case


def claimed_costs(case: Case) -> Decimal:
    """The costs the last draft claimed (court fee + attorney's fee + stamp duty)."""
    if not case.claim_json:
        return Decimal(0)
    for row in json.loads(case.claim_json).get("figures", []):
        if row.get("label") == "Koszty razem":
            return Decimal(row["amount"])
    return Decimal(0)


def debts_of(case: CaseFile) -> tuple[Debt, ...]:
    """The case's PLN invoices as debts, deadlines moved as the claim moves them (K3)."""
    claim = claim_input(case, date.max)
    kind = interest_kind(claim.creditor_is_business, claim.debtor_kind)
    return tuple(
        Debt(i.number, payment_deadline(i.due_date), i.amount, kind)
        for i in case.invoices
        if i.currency == "PLN"
    )


def _payments(case: CaseFile) -> tuple[Payment, ...]:
    return tuple(
        Payment(p.paid_on, p.amount, p.invoice_number, p.designated) for p in case.payments
    )


def allocation_of(case: CaseFile, stage: str, costs: Decimal) -> AllocationResult:
    return allocate(debts_of(case), _payments(case), costs_owed(stage, costs))


def _lines_per_payment(
    debts: tuple[Debt, ...], payments: Sequence[Payment], costs: Decimal
) -> list[tuple[Payment, tuple]]:
    """Each payment with its own allocation lines (allocation runs payment by payment in
    date order, so the lines of the first k payments are a prefix of those of k + 1)."""
    ordered = sorted(payments, key=lambda p: p.paid_on)  # the order ``allocate`` uses
    out = []
    seen = 0
    for k in range(len(ordered)):
        lines = allocate(debts, tuple(ordered[: k + 1]), costs).allocations
        out.append((ordered[k], lines[seen:]))
        seen = len(lines)
    return out


def _finding(session: Session, case_id: int, code: str, severity: str, message: str) -> None:
    session.execute(
        sa.delete(CaseFinding).where(
            col(CaseFinding.case_id) == case_id,
            col(CaseFinding.source) == SOURCE,
            col(CaseFinding.code) == code,
        )
    )
    session.execute(
        sa.insert(CaseFinding.__table__).values(  # type: ignore[attr-defined]
            case_id=case_id,
            source=SOURCE,
            code=code,
            severity=severity,
            message=message,
            subject="",
            cite="KC art. 451",
        )
    )


def _packaged(session: Session, case_id: int) -> bool:
    return (
        session.exec(
            select(AuditLog.id).where(
                AuditLog.case_id == case_id, AuditLog.action == PACKAGED_ACTION
            )
        ).first()
        is not None
    )


def record_payment(
    session: Session,
    case_ref: str,
    pay: PaymentIn,
    *,
    today: date,
    actor: str,
    allow_overpayment: bool = False,
    replan: bool = True,
    case_file: CaseFile | None = None,
) -> PaymentOutcome:
    """Record ``pay`` on case ``case_ref`` in the caller's transaction (module docstring).

    ``replan=False`` leaves ``sync_limitation_deadlines`` to the caller (a statement import
    syncs once for all its payments); ``case_file``: the case as loaded by the caller in the
    same transaction (a statement import loads its cases in bulk; the outcome carries the
    file with the payment for the next one). Raises :class:`casework.Refused` /
    ``UnknownCase``.
    """
    if pay.amount <= 0:
        raise Refused(f"kwota wpłaty musi być większa od zera (jest {pay.amount})")
    if pay.paid_on > today:
        raise Refused(
            f"data wpłaty nie może być w przyszłości ({pay.paid_on.isoformat()}; dziś jest "
            f"{today.isoformat()})"
        )
    if len(pay.title) > MAX_TITLE:
        raise Refused(f"--title: najwyżej {MAX_TITLE} znaków (jest {len(pay.title)})")
    case = _locked(session, case_ref)
    assert case.id is not None
    ref = case.external_ref
    before_file = (
        case_file
        if case_file is not None and case_file.case_id == case.id
        else load_case_files(session, [case.id])[case.id]
    )
    numbers = {i.number for i in before_file.invoices}
    if pay.invoice_number is not None and pay.invoice_number not in numbers:
        raise Refused(
            f"--designated: w sprawie {ref} nie ma faktury {pay.invoice_number!r} "
            f"(są: {', '.join(sorted(numbers))})"
        )
    earliest = min((i.issue_date for i in before_file.invoices), default=None)
    if earliest is not None and pay.paid_on < earliest:
        raise Refused(
            f"data wpłaty {pay.paid_on.isoformat()} jest przed najwcześniejszą fakturą w "
            f"sprawie ({earliest.isoformat()})"
        )
    stage = Stage(case.stage)
    costs = costs_owed(stage.value, claimed_costs(case) + komornik_costs_owed_of(session, case.id))
    debts = debts_of(before_file)
    prior = allocate(debts, _payments(before_file), costs)
    owed = outstanding(prior, pay.paid_on)
    surplus = max(Decimal(0), pay.amount - owed.total) if owed.total > 0 else pay.amount
    if surplus > 0 and not allow_overpayment:
        raise Refused(
            f"wpłata {pl_money(pay.amount)} przewyższa całą należność na dzień "
            f"{pl_date(pay.paid_on)} ({pl_money(owed.total)}: {_left_text(owed)}) o "
            f"{pl_money(surplus)} - sprawdź kwotę"
        )

    row = RecordedPayment(
        case_id=case.id,
        paid_on=pay.paid_on,
        amount=pay.amount,
        title=pay.title,
        invoice_number=pay.invoice_number,
        designated=pay.designated,
        source=pay.source,
        transaction_key=pay.transaction_key,
        counterparty=pay.counterparty,
        account=pay.account,
        matched_by=pay.matched_by,
        surplus=surplus,
        recorded_by=actor,
    )
    session.add(row)
    session.flush()
    assert row.id is not None
    after_file = replace(
        before_file,
        payments=(
            *before_file.payments,
            PaymentInfo(pay.paid_on, pay.amount, pay.invoice_number, pay.designated),
        ),
        stage=case.stage,
    )
    if any((p.paid_on, p.amount) == (pay.paid_on, pay.amount) for p in before_file.payments):
        after_file = load_case_files(session, [case.id])[case.id]  # as the store dedupes it
    lines = _store_allocation(session, case.id, after_file, debts, costs)
    result = allocate(debts, _payments(after_file), costs)
    left = outstanding(result, today if today >= pay.paid_on else pay.paid_on)
    new_lines = tuple(lines.get(row.id, ()))

    notes: list[str] = []
    before = stage
    settled = outstanding(result, pay.paid_on).settled
    if surplus > 0:
        _finding(
            session,
            case.id,
            "overpayment",
            "warning",
            f"Nadpłata {pl_money(surplus)}: wpłata {pl_money(pay.amount)} z {pl_date(pay.paid_on)} "
            "przewyższa całą należność - zwrócić dłużnikowi albo wyjaśnić tytuł wpłaty",
        )
        notes.append(f"Nadpłata {pl_money(surplus)} - zapisana jako uwaga w sprawie.")
    if stage in EDITABLE or (stage is Stage.APPROVED and not _packaged(session, case.id)):
        if stage is not Stage.INTAKE:
            case.stage = next_stage(stage, Stage.INTAKE).value
            case.updated_at = utcnow()
            session.add(case)
        _finding(
            session,
            case.id,
            "payment_after_handoff",
            "warning" if stage is Stage.APPROVED else "info",
            f"Wpłata {pl_money(pay.amount)} z {pl_date(pay.paid_on)} zmienia kwoty roszczenia - "
            "projekt zostanie przeliczony i sporządzony ponownie"
            + (
                " (poprzednie zatwierdzenie nie obejmuje nowych kwot)"
                if stage is Stage.APPROVED
                else ""
            ),
        )
        notes.append("Projekt zostanie sporządzony ponownie przy najbliższym przebiegu.")
    elif stage is Stage.APPROVED:
        _finding(
            session,
            case.id,
            "payment_after_package",
            "warning",
            f"Wpłata {pl_money(pay.amount)} z {pl_date(pay.paid_on)} po przygotowaniu paczki "
            "e-Sąd: kwoty w paczce są nieaktualne - po wniesieniu potrzebne pismo do sądu "
            "(ograniczenie powództwa / cofnięcie pozwu w części)",
        )
    elif stage in PENDING_IN_COURT or stage in (
        Stage.FINAL,
        Stage.RETURNED,
        Stage.EPU_DISCONTINUED,
    ):
        _finding(
            session,
            case.id,
            "payment_in_court",
            "warning",
            f"Wpłata {pl_money(pay.amount)} z {pl_date(pay.paid_on)} po wniesieniu pozwu: "
            "potrzebne pismo do sądu (ograniczenie powództwa / cofnięcie pozwu w części ze "
            "zrzeczeniem się roszczenia) albo uwzględnienie w egzekucji",
        )
        notes.append("Sprawa w sądzie: potrzebne pismo do sądu o zapłacie (do przygotowania).")

    if settled and Stage(case.stage) not in PAID_STAGES:
        notes.append(_close_as_paid(session, case, pay.paid_on, today=today, actor=actor))
    from casework.court_letters import letter_for_payment  # the court letter (#18, H2)

    notes.extend(  # a case in court: the letter the court needs, queued for review
        letter_for_payment(session, case.id, row.id, stage_before=before, today=today, actor=actor)
    )

    session.execute(
        sa.insert(AuditLog.__table__).values(  # type: ignore[attr-defined]
            at=utcnow(),
            actor=actor,
            action=RECORDED_ACTION,
            case_id=case.id,
            detail=json.dumps(
                {
                    "payment_id": row.id,
                    "paid_on": pay.paid_on.isoformat(),
                    "amount": str(pay.amount),
                    "source": pay.source,
                    "transaction_key": pay.transaction_key,
                    "matched_by": pay.matched_by,
                    "surplus": str(surplus),
                    "stage": f"{before.value} -> {case.stage}",
                },
                ensure_ascii=False,
            ),
        )
    )
    if Stage(case.stage) in PRE_FILING:  # a filed claim's limitation is interrupted (art. 124
        # §2 KC): its watch rows are not used until a return brings the case back, and then
        # the older, earlier dates are the conservative ones
        _replan_limitation(session, case.id, after_file, today)
    if replan:
        sync_limitation_deadlines(session)
    return PaymentOutcome(
        ref,
        row.id,
        pay.amount,
        new_lines,
        left,
        surplus,
        before.value,
        case.stage,
        tuple(notes),
        replace(after_file, stage=case.stage),
    )


def _store_allocation(
    session: Session, case_id: int, case: CaseFile, debts: tuple[Debt, ...], costs: Decimal
) -> dict[int, list[PaymentAllocation]]:
    """Replace the case's allocation lines: a payment dated before earlier ones changes
    how those were allocated (art. 451 applies in date order)."""
    rows = session.exec(
        select(RecordedPayment)
        .where(RecordedPayment.case_id == case_id)
        .order_by(col(RecordedPayment.id))
    ).all()
    recorded = {(r.paid_on, r.amount, r.invoice_number, r.designated): r for r in rows}
    session.execute(sa.delete(PaymentAllocation).where(col(PaymentAllocation.case_id) == case_id))
    out: dict[int, list[PaymentAllocation]] = {}
    values: list[dict[str, object]] = []
    taken: set[int] = set()
    for pay, lines in _lines_per_payment(debts, _payments(case), costs):
        key = (pay.paid_on, pay.amount, pay.invoice_number, pay.designated)
        match = recorded.get(key)
        if match is None:  # one of the creditor's payments (intake): no lines stored
            continue
        target = match
        if match.id in taken:  # several recorded payments alike: next one not yet used
            target = next(
                (
                    r
                    for r in rows
                    if (r.paid_on, r.amount, r.invoice_number, r.designated) == key
                    and r.id not in taken
                ),
                match,
            )
        assert target.id is not None
        taken.add(target.id)
        for line in lines:
            item = PaymentAllocation(
                payment_id=target.id,
                case_id=case_id,
                invoice_number=line.invoice_number,
                to_costs=line.to_costs,
                to_interest=line.to_interest,
                to_principal=line.to_principal,
                cites="; ".join(str(c) for c in line.cites),
            )
            values.append(
                {
                    "payment_id": item.payment_id,
                    "case_id": case_id,
                    "invoice_number": item.invoice_number,
                    "to_costs": item.to_costs,
                    "to_interest": item.to_interest,
                    "to_principal": item.to_principal,
                    "cites": item.cites,
                }
            )
            out.setdefault(target.id, []).append(item)
    if values:
        session.execute(sa.insert(PaymentAllocation.__table__), values)  # type: ignore[attr-defined]
    return out


def _close_as_paid(session: Session, case: Case, paid_on: date, *, today: date, actor: str) -> str:
    """The whole debt is paid: the lifecycle's paid-in-full step where the table has it."""
    from casework.court_events import record_court_event
    from law.pl.deadlines import EventKind

    assert case.id is not None
    try:
        record_court_event(
            session,
            f"#{case.id}",
            EventKind.PAID_IN_FULL,
            paid_on,
            today=today,
            note="zapłata całości należności (wpłata zapisana: handoff payments)",
            actor=actor,
        )
    except Refused:
        _finding(
            session,
            case.id,
            "paid_in_full",
            "warning",
            f"Należność zapłacona w całości ({pl_date(paid_on)}); na etapie "
            f"{STAGE_LABELS[Stage(case.stage)]} sprawy nie można oznaczyć jako zapłaconej - "
            "zamknąć ręcznie",
        )
        return "Należność zapłacona w całości - sprawę zamknąć ręcznie (uwaga zapisana)."
    return "Należność zapłacona w całości - sprawa oznaczona jako zapłacona."


def _replan_limitation(session: Session, case_id: int, case: CaseFile, today: date) -> None:
    """The watch rows as the claim computed on ``today`` sees them (payments included)."""
    if not any(i.currency == "PLN" for i in case.invoices):
        return
    claim = compute_claim(claim_input(case, today))
    replace_limitation_watch(session, {case_id: limitation_watch_rows(claim)})


@dataclass(frozen=True)
class PaymentsView:
    case_ref: str
    stage: str
    payments: tuple[RecordedPayment, ...]
    lines: dict[int, tuple[PaymentAllocation, ...]]
    left: Outstanding
    creditor_payments: int  # payments the creditor reported at intake (allocated, not listed)

    def to_json(self) -> dict[str, object]:
        return {
            "case": self.case_ref,
            "stage": self.stage,
            "payments": [
                {
                    "id": p.id,
                    "paid_on": p.paid_on.isoformat(),
                    "amount": str(p.amount),
                    "title": p.title,
                    "invoice_number": p.invoice_number,
                    "designated": p.designated,
                    "source": p.source,
                    "transaction_key": p.transaction_key,
                    "matched_by": p.matched_by,
                    "surplus": str(p.surplus),
                    "allocation": [
                        {
                            "invoice_number": line.invoice_number or None,
                            "to_costs": str(line.to_costs),
                            "to_interest": str(line.to_interest),
                            "to_principal": str(line.to_principal),
                            "cites": line.cites,
                        }
                        for line in self.lines.get(p.id or 0, ())
                    ],
                }
                for p in self.payments
            ],
            "creditor_payments": self.creditor_payments,
            "left": {
                "on": self.left.on.isoformat(),
                "principal": str(self.left.principal),
                "interest": str(self.left.interest),
                "costs": str(self.left.costs),
                "total": str(self.left.total),
                "surplus": str(self.left.surplus),
            },
        }


def payments_of(session: Session, case_ref: str, *, today: date) -> PaymentsView:
    """The payments recorded on a case, their allocation and what is left on ``today``."""
    case = locate(session, case_ref)
    assert case.id is not None
    file = load_case_files(session, [case.id])[case.id]
    rows = tuple(
        session.exec(
            select(RecordedPayment)
            .where(RecordedPayment.case_id == case.id)
            .order_by(col(RecordedPayment.paid_on), col(RecordedPayment.id))
        ).all()
    )
    lines: dict[int, list[PaymentAllocation]] = {}
    for line in session.exec(
        select(PaymentAllocation)
        .where(PaymentAllocation.case_id == case.id)
        .order_by(col(PaymentAllocation.id))
    ).all():
        lines.setdefault(line.payment_id, []).append(line)
    result = allocation_of(
        file, case.stage, claimed_costs(case) + komornik_costs_owed_of(session, case.id)
    )
    recorded = {(r.paid_on, r.amount) for r in rows}
    creditor = sum(1 for p in file.payments if (p.paid_on, p.amount) not in recorded)
    return PaymentsView(
        case.external_ref,
        case.stage,
        rows,
        {k: tuple(v) for k, v in lines.items()},
        outstanding(result, today),
        creditor,
    )
