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
import multiprocessing
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation

import sqlalchemy as sa
from sqlalchemy.orm import instrumentation
from sqlmodel import Session, col, select

from casework import Refused, UnknownCase
from casework.lookup import locate  # also imported from here by the other use cases
from casework.processes import fork_available, single_threaded, usable_cores
from law.case import CaseFile, PaymentInfo
from law.citation import money
from law.pl.calendar import payment_deadline
from law.pl.case_claim import claim_input
from law.pl.claim import compute_claim, interest_kind, limitation_watch_rows
from law.pl.enforcement import CostKind, CostPayer, KomornikCost, komornik_costs_owed
from law.pl.payments import (
    COSTS,
    AllocationResult,
    DatedCosts,
    Debt,
    Outstanding,
    Payment,
    allocate,
    costs_awarded_on,
    costs_owed,
    dated_costs,
    outstanding,
)
from law.pl.text import pl_date, pl_money
from law.stages import EDITABLE, PENDING_IN_COURT, PRE_FILING, STAGE_LABELS, Stage, next_stage
from store.bulk import insert_rows, insert_with_ids
from store.cases import PACKAGED_ACTION, load_case_files
from store.deadlines import replace_limitation_watch, sync_limitation_deadlines
from store.tables import (
    AuditLog,
    Case,
    CaseFinding,
    CaseStep,
    EnforcementCost,
    PaymentAllocation,
    RecordedPayment,
    utcnow,
)
from store.tables import Payment as IntakePayment
from store.timeline import effective_steps

SOURCE = "payments"  # CaseFinding.source of the findings a payment leaves
RECORDED_ACTION = "payment.recorded"
PAID_STAGES = frozenset({Stage.PAID, Stage.CLOSED, Stage.WITHDRAWN, Stage.SETTLED})
# closed for good: a later payment of the same batch is not recorded on such a case
CLOSED_STAGES = frozenset({Stage.PAID.value, Stage.CLOSED.value, Stage.WITHDRAWN.value})
MAX_TITLE = 500


@dataclass(frozen=True)
class PaymentIn:
    """A payment to record: typed by hand or read from a bank statement."""

    paid_on: date
    amount: Decimal
    title: str = ""
    invoice_number: str | None = None  # the invoice the debtor named
    designated: bool = False  # expressly for that invoice's principal (art. 451 §1 zd. 1)
    # the instalment of the case's active settlement the debtor named (art. 451 §1 KC)
    instalment: int | None = None
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
    instalment: int | None = None  # the settlement instalment the debtor named

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
        if self.instalment is not None:
            text += f" Na ratę {self.instalment} ugody (wskazaną przez dłużnika, art. 451 § 1 KC)."
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


def parse_instalment(text: str) -> int:
    """An instalment number as typed (``--instalment 2``); Refused unless a whole number
    from 1 (whether the case's settlement has it is checked when recording)."""
    cleaned = text.strip()
    if not cleaned.isascii() or not cleaned.lstrip("+").isdigit():
        raise Refused(f"--instalment: {text!r} nie jest numerem raty (np. 2)")
    number = int(cleaned)
    if number < 1:
        raise Refused(f"--instalment: numer raty zaczyna się od 1 (jest {cleaned})")
    if number > 10_000:
        raise Refused(f"--instalment: {cleaned} - numer raty zbyt duży")
    return number


def claimed_costs(case: Case) -> Decimal:
    """The costs the last draft claimed (court fee + attorney's fee + stamp duty)."""
    return _claimed_of(case.claim_json)


def _claimed_of(claim_json: str | None) -> Decimal:
    if not claim_json:
        return Decimal(0)
    for row in json.loads(claim_json).get("figures", []):
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


def _principal_left(result: AllocationResult) -> Decimal:
    """The principal ``outstanding(result, on)`` leaves on any day (rounded to grosze)."""
    return money(sum((d.principal for d in result.debts), Decimal(0)))


def allocation_of(case: CaseFile, stage: str, costs: Decimal | DatedCosts) -> AllocationResult:
    """The art. 451 allocation of the case's payments. ``costs``: the dated costs of
    :func:`costs_of` (each payment covers only the costs owed on its day), or a plain
    amount, owed from the start once ``stage`` awards costs (the undated reading)."""
    if isinstance(costs, Decimal):
        return allocate(debts_of(case), _payments(case), costs_owed(stage, costs))
    return allocate(debts_of(case), _payments(case), costs)


def costs_of(session: Session, case: Case, stage: str | None = None) -> DatedCosts:
    """The case's costs, dated (``law.pl.payments.dated_costs``) at ``stage`` (default: the
    case's): the claimed costs from the day of the court step that awarded them, each
    komornik's cost the creditor paid from the day it was incurred."""
    assert case.id is not None
    session.flush()  # the caller's pending steps and costs, read below through Core
    return _costs_bulk(session, {case.id: (stage or case.stage, case.claim_json)})[case.id]


def _costs_bulk(
    session: Session, heads: Mapping[int, tuple[str, str | None]]
) -> dict[int, DatedCosts]:
    """:func:`costs_of` of many cases ((stage, claim_json) per case id), a few queries per
    thousand."""
    s = CaseStep.__table__  # type: ignore[attr-defined]
    e = EnforcementCost.__table__  # type: ignore[attr-defined]
    conn = session.connection()
    steps: dict[int, list] = {}
    komornik: dict[int, list[tuple[date, Decimal]]] = {}
    for chunk in _chunks(sorted(heads)):
        for row in conn.execute(
            sa.select(s.c.case_id, s.c.occurred_on, s.c.from_stage, s.c.to_stage, s.c.trigger)
            .where(s.c.case_id.in_(chunk))
            .order_by(s.c.id)
        ):
            steps.setdefault(row.case_id, []).append(row)
        for row in conn.execute(
            sa.select(e.c.case_id, e.c.incurred_on, e.c.kind, e.c.payer, e.c.amount)
            .where(e.c.case_id.in_(chunk))
            .order_by(e.c.incurred_on, e.c.id)
        ):
            cost = KomornikCost(CostKind(row.kind), CostPayer(row.payer), row.amount)
            if komornik_costs_owed([cost]).value > 0:  # paid by the creditor: owed to it
                komornik.setdefault(row.case_id, []).append((row.incurred_on, row.amount))
    out: dict[int, DatedCosts] = {}
    for case_id, (stage, claim_json) in heads.items():
        kept = effective_steps(steps.get(case_id, []))
        awarded = costs_awarded_on([(r.occurred_on, r.from_stage, r.to_stage) for r in kept])
        out[case_id] = dated_costs(
            stage, _claimed_of(claim_json), awarded, komornik.get(case_id, ())
        )
    return out


def _lines_per_payment(
    debts: tuple[Debt, ...],
    payments: Sequence[Payment],
    costs: Decimal | DatedCosts,
    allocated: AllocationResult | None = None,
) -> list[tuple[Payment, tuple]]:
    """Each payment with its own allocation lines (allocation runs payment by payment in
    date order, so the lines of the first k payments are a prefix of those of k + 1).
    ``allocated``: ``allocate(debts, payments, costs)`` when the caller has it already."""
    ordered = sorted(payments, key=lambda p: p.paid_on)  # the order ``allocate`` uses
    if len({p.paid_on for p in ordered}) == len(ordered):  # one payment a day: one run
        by_day: dict[date, list] = {}
        if allocated is None:  # (allocate orders by day itself: the same run)
            allocated = allocate(debts, tuple(ordered), costs)
        for line in allocated.allocations:
            by_day.setdefault(line.paid_on, []).append(line)
        return [(p, tuple(by_day.get(p.paid_on, ()))) for p in ordered]
    out = []
    seen = 0
    for k in range(len(ordered)):
        lines = allocate(debts, tuple(ordered[: k + 1]), costs).allocations
        out.append((ordered[k], lines[seen:]))
        seen = len(lines)
    return out


class ClosedMeanwhile(Refused):
    """A payment of a batch on a case an earlier payment of the same batch closed."""

    def __init__(self, ref: str, stage: str) -> None:
        super().__init__(f"sprawa {ref} jest na etapie: {STAGE_LABELS[Stage(stage)]}")
        self.stage = stage


@dataclass
class _Recorded:
    id: int
    paid_on: date
    amount: Decimal
    invoice_number: str | None
    designated: bool
    instalment: int | None = None

    @property
    def key(self) -> tuple[date, Decimal, str | None, bool]:
        return (self.paid_on, self.amount, self.invoice_number, self.designated)


@dataclass
class _CaseState:
    """One case of a batch, as the batch has changed it so far (nothing written yet)."""

    case_id: int
    ref: str
    stage: str
    claimed: DatedCosts  # the case's costs, dated (``costs_of``)
    file: CaseFile
    debts: tuple[Debt, ...]
    intake_keys: frozenset[tuple[date, Decimal]]  # the creditor's payments (day, amount)
    recorded: list[_Recorded]  # stored before the batch; the batch's own are added after
    packaged: bool
    costs: DatedCosts = ()  # the costs of the last allocation
    moved: bool = False  # stage changed by the batch, not yet written
    plan: _Plan | None = None  # the case's active settlement (``casework.settlements``)
    # the allocation of ``file``'s payments with ``costs`` (the last ``_decide`` computed it)
    allocated: AllocationResult | None = None


@dataclass
class _Plan:
    """An active settlement of a batch's case: what is left under it caps a payment (the
    debtor owes the settled sum and costs, not the invoices any more)."""

    settlement_id: int
    terms: object  # law.pl.settlements.Terms
    # payments since the conclusion (day, amount, instalment named), the batch's included
    paid: list[tuple[date, Decimal, int | None]]

    def left_on(self, on: date) -> Decimal:
        from law.pl.settlements import PlanPayment, plan_state

        payments = tuple(PlanPayment(d, a, n) for d, a, n in self.paid)
        return plan_state(self.terms, payments, on).total_due  # type: ignore[arg-type]

    def numbers(self) -> list[int]:
        return [i.number for i in self.terms.instalments]  # type: ignore[attr-defined]


@dataclass
class _Writes:
    """The rows a batch of payments writes, collected and written set-based at the end:
    one multi-row INSERT per table, findings replaced per (case, code) (the last wins, as
    payment by payment would leave it)."""

    findings: dict[tuple[int, str], dict[str, object]] = field(default_factory=dict)
    audit: list[dict[str, object]] = field(default_factory=list)

    def finding(self, case_id: int, code: str, severity: str, message: str) -> None:
        self.findings.pop((case_id, code), None)  # keep insertion order: the latest last
        self.findings[(case_id, code)] = {
            "case_id": case_id,
            "source": SOURCE,
            "code": code,
            "severity": severity,
            "message": message,
            "subject": "",
            "cite": "KC art. 451",
        }

    def write_findings(self, session: Session) -> None:
        if not self.findings:
            return
        by_code: dict[str, list[int]] = {}
        for case_id, code in self.findings:
            by_code.setdefault(code, []).append(case_id)
        conn = session.connection()
        f = CaseFinding.__table__  # type: ignore[attr-defined]
        for code, ids in by_code.items():
            for chunk in _chunks(ids):
                conn.execute(
                    sa.delete(f).where(
                        f.c.case_id.in_(chunk), f.c.source == SOURCE, f.c.code == code
                    )
                )
        insert_rows(conn, f, list(self.findings.values()))
        self.findings.clear()


CHUNK = 1000  # ids per IN (...) list


def _chunks(ids: Sequence[int]) -> list[list[int]]:
    items = list(ids)
    return [items[i : i + CHUNK] for i in range(0, len(items), CHUNK)]


def _finding(session: Session, case_id: int, code: str, severity: str, message: str) -> None:
    writes = _Writes()
    writes.finding(case_id, code, severity, message)
    writes.write_findings(session)


def _packaged_cases(session: Session, case_ids: Sequence[int]) -> set[int]:
    a = AuditLog.__table__  # type: ignore[attr-defined]
    found: set[int] = set()
    for chunk in _chunks(case_ids):
        found.update(
            session.connection()
            .execute(
                sa.select(a.c.case_id)
                .where(a.c.case_id.in_(chunk), a.c.action == PACKAGED_ACTION)
                .distinct()
            )
            .scalars()
        )
    return found


def _load_states(
    session: Session, case_ids: Sequence[int], files: Mapping[int, CaseFile] | None
) -> dict[int, _CaseState]:
    """The cases of a batch, locked for this transaction (PostgreSQL: FOR UPDATE, in id
    order so two imports cannot deadlock) and read fresh: a few queries per thousand."""
    c = Case.__table__  # type: ignore[attr-defined]
    r = RecordedPayment.__table__  # type: ignore[attr-defined]
    p = IntakePayment.__table__  # type: ignore[attr-defined]
    conn = session.connection()
    ids = sorted(set(case_ids))
    heads: dict[int, tuple[str, str, str | None]] = {}
    recorded: dict[int, list[_Recorded]] = {}
    intake: dict[int, set[tuple[date, Decimal]]] = {}
    for chunk in _chunks(ids):
        for row in conn.execute(
            sa.select(c.c.id, c.c.external_ref, c.c.stage, c.c.claim_json)
            .where(c.c.id.in_(chunk))
            .order_by(c.c.id)
            .with_for_update()
        ):
            heads[row.id] = (row.external_ref, row.stage, row.claim_json)
        for row in conn.execute(
            sa.select(r.c.id, r.c.case_id, r.c.paid_on, r.c.amount, r.c.invoice_number)
            .add_columns(r.c.designated, r.c.instalment)
            .where(r.c.case_id.in_(chunk))
            .order_by(r.c.id)
        ):
            recorded.setdefault(row.case_id, []).append(
                _Recorded(
                    row.id,
                    row.paid_on,
                    row.amount,
                    row.invoice_number,
                    row.designated,
                    row.instalment,
                )
            )
        for row in conn.execute(
            sa.select(p.c.case_id, p.c.paid_on, p.c.amount).where(p.c.case_id.in_(chunk))
        ):
            intake.setdefault(row.case_id, set()).add((row.paid_on, row.amount))
    wanted = [i for i in heads if files is None or i not in files]
    loaded: dict[int, CaseFile] = {}
    for chunk in _chunks(wanted):
        loaded.update(load_case_files(session, chunk))
    approved = [i for i, head in heads.items() if head[1] == Stage.APPROVED.value]
    packaged = _packaged_cases(session, approved)
    costs = _costs_bulk(session, {i: (head[1], head[2]) for i, head in heads.items()})
    plans = _active_plans(session, ids, recorded)
    states: dict[int, _CaseState] = {}
    for case_id, (ref, stage, _) in heads.items():
        file = loaded.get(case_id) or (files or {})[case_id]
        states[case_id] = _CaseState(
            case_id,
            ref,
            stage,
            costs[case_id],
            replace(file, stage=stage),
            debts_of(file),
            frozenset(intake.get(case_id, ())),
            recorded.get(case_id, []),
            case_id in packaged,
            plan=plans.get(case_id),
        )
    return states


def _active_plans(
    session: Session, case_ids: Sequence[int], recorded: Mapping[int, list[_Recorded]]
) -> dict[int, _Plan]:
    """The active settlements of ``case_ids`` (``casework.settlements``), in bulk."""
    from casework.settlements import ACTIVE, terms_of
    from store.tables import Instalment, Settlement

    out: dict[int, _Plan] = {}
    for chunk in _chunks(case_ids):
        rows = session.exec(
            select(Settlement).where(
                col(Settlement.case_id).in_(chunk), Settlement.status == ACTIVE
            )
        ).all()
        if not rows:
            continue
        by_plan: dict[int, list[Instalment]] = {}
        for inst in session.exec(
            select(Instalment).where(col(Instalment.settlement_id).in_([r.id for r in rows]))
        ).all():
            by_plan.setdefault(inst.settlement_id, []).append(inst)
        for row in rows:
            assert row.id is not None
            paid = [
                (r.paid_on, r.amount, r.instalment)
                for r in recorded.get(row.case_id, [])
                if r.paid_on >= row.concluded_on
            ]
            out[row.case_id] = _Plan(row.id, terms_of(row, by_plan.get(row.id, [])), paid)
    return out


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

    ``replan=False`` leaves ``sync_limitation_deadlines`` to the caller; ``case_file``: the
    case as loaded by the caller in the same transaction. Raises
    :class:`casework.Refused` / ``UnknownCase``.
    """
    _check(pay, today)
    case_id = _case_id(session, case_ref)
    (result,) = record_payments(
        session,
        [(case_id, pay)],
        today=today,
        actor=actor,
        allow_overpayment=allow_overpayment,
        replan=replan,
        case_files={case_id: case_file} if case_file is not None else None,
    )
    if isinstance(result, Refused):
        raise result
    return result


def _case_id(session: Session, ref: str) -> int:
    if ref.startswith("#") and ref[1:].isdigit():
        if session.get(Case, int(ref[1:])) is None:
            raise UnknownCase(f"nie ma sprawy {ref!r}")
        return int(ref[1:])
    found = locate(session, ref)
    assert found.id is not None
    return found.id


def _check(pay: PaymentIn, today: date) -> None:
    if pay.amount <= 0:
        raise Refused(f"kwota wpłaty musi być większa od zera (jest {pay.amount})")
    if pay.paid_on > today:
        raise Refused(
            f"data wpłaty nie może być w przyszłości ({pay.paid_on.isoformat()}; dziś jest "
            f"{today.isoformat()})"
        )
    if len(pay.title) > MAX_TITLE:
        raise Refused(f"--title: najwyżej {MAX_TITLE} znaków (jest {len(pay.title)})")


def record_payments(
    session: Session,
    items: Sequence[tuple[int, PaymentIn]],
    *,
    today: date,
    actor: str,
    allow_overpayment: bool = False,
    replan: bool = True,
    case_files: Mapping[int, CaseFile] | None = None,
) -> list[PaymentOutcome | Refused]:
    """Record payments (case id, payment) in the caller's transaction, in the given order,
    each as :func:`record_payment` records it alone (module docstring): per payment its
    art. 451 allocation, findings, stage move and paid-in-full close, then the limitation
    watch of every pre-filing case replanned once (art. 123 §1 pkt 2 KC).

    Theory of operation: the cases are locked and loaded a few queries per thousand; each
    payment is then decided in memory against its case as the earlier payments of the
    batch left it (a refusal is a value in the result, nothing of it is written); the rows
    are written set-based at the end (payments, allocation lines, findings, audit rows,
    stage moves; a close as paid goes through the lifecycle at once, so the next payment
    of that case sees it). ``case_files``: cases already loaded in this transaction.
    """
    session.flush()  # the caller's pending ORM changes (e.g. an enforcement step) first
    results: list[PaymentOutcome | Refused | None] = [None] * len(items)
    checked: list[tuple[int, int, PaymentIn]] = []
    for n, (case_id, pay) in enumerate(items):
        try:
            _check(pay, today)
        except Refused as exc:
            results[n] = exc
            continue
        checked.append((n, case_id, pay))
    states = _load_states(session, [case_id for _, case_id, _ in checked], case_files)
    writes = _Writes()
    new_rows: list[dict[str, object]] = []
    pending: list[tuple[int, int, dict[str, object], _Pending]] = []
    closed_here: set[int] = set()
    for n, case_id, pay in checked:
        st = states.get(case_id)
        if st is None:
            results[n] = UnknownCase(f"nie ma sprawy #{case_id}")
            continue
        if case_id in closed_here and st.stage in CLOSED_STAGES:
            results[n] = ClosedMeanwhile(st.ref, st.stage)
            continue
        try:
            decided = _decide(session, st, pay, writes, today, actor, allow_overpayment)
        except Refused as exc:
            results[n] = exc
            continue
        if decided.closed:
            closed_here.add(case_id)
        row = {
            "case_id": case_id,
            "paid_on": pay.paid_on,
            "amount": pay.amount,
            "title": pay.title,
            "invoice_number": pay.invoice_number,
            "designated": pay.designated,
            "instalment": pay.instalment,
            "source": pay.source,
            "transaction_key": pay.transaction_key,
            "counterparty": pay.counterparty,
            "account": pay.account,
            "matched_by": pay.matched_by,
            "surplus": decided.surplus,
            "recorded_by": actor,
            "recorded_at": utcnow(),
        }
        new_rows.append(row)
        pending.append((n, case_id, row, decided))
    if not new_rows:
        return [r for r in results if r is not None]

    touched = sorted({case_id for _, case_id, _, _ in pending})
    # a filed claim's limitation is interrupted (art. 124 §2 KC): its watch rows are not
    # used until a return brings the case back, and then the older, earlier dates are the
    # conservative ones. Their claims are computed while the batch is stored (_ReplanAhead).
    with _ReplanAhead(
        session, {i: states[i].file for i in touched if Stage(states[i].stage) in PRE_FILING}, today
    ) as ahead:
        _store_batch(session, states, pending, writes, results, touched, actor=actor, today=today)
        ahead.write(session)
    _expire_cases(session, set(touched))
    for n, extra in _plan_checks(session, states, pending, today=today, actor=actor).items():
        done = results[n]
        assert isinstance(done, PaymentOutcome)
        results[n] = replace(done, notes=done.notes + extra)
    if replan:  # only the cases the batch touched: the rest of the store is unchanged
        sync_limitation_deadlines(session, case_ids=touched)
    return [r for r in results if r is not None]


def _store_batch(
    session: Session,
    states: Mapping[int, _CaseState],
    pending: Sequence[tuple[int, int, dict[str, object], _Pending]],
    writes: _Writes,
    results: list[PaymentOutcome | Refused | None],
    touched: Sequence[int],
    *,
    actor: str,
    today: date,
) -> None:
    """Write a decided batch (``record_payments``): the payments with their ids, the
    allocation lines, each payment's outcome in ``results``, the court letters, findings,
    audit rows and stage moves."""
    conn = session.connection()
    payments = RecordedPayment.__table__  # type: ignore[attr-defined]
    ids = insert_with_ids(conn, payments, [row for _, _, row, _ in pending])  # with their ids
    for (_, case_id, row, _), payment_id in zip(pending, ids, strict=True):
        states[case_id].recorded.append(
            _Recorded(
                payment_id,
                row["paid_on"],  # type: ignore[arg-type]
                row["amount"],  # type: ignore[arg-type]
                row["invoice_number"],  # type: ignore[arg-type]
                bool(row["designated"]),
                row["instalment"],  # type: ignore[arg-type]
            )
        )
    lines = _write_allocations(session, [states[i] for i in touched])
    for (n, case_id, row, decided), payment_id in zip(pending, ids, strict=True):
        st = states[case_id]
        writes.audit.append(
            {
                "at": utcnow(),
                "actor": actor,
                "action": RECORDED_ACTION,
                "case_id": case_id,
                "detail": json.dumps(
                    {
                        "payment_id": payment_id,
                        "paid_on": row["paid_on"].isoformat(),  # type: ignore[attr-defined]
                        "amount": str(row["amount"]),
                        "source": row["source"],
                        "transaction_key": row["transaction_key"],
                        "matched_by": row["matched_by"],
                        "surplus": str(decided.surplus),
                        "stage": f"{decided.stage_before} -> {decided.stage_after}",
                    },
                    ensure_ascii=False,
                ),
            }
        )
        results[n] = PaymentOutcome(
            st.ref,
            payment_id,
            row["amount"],  # type: ignore[arg-type]
            tuple(lines.get(payment_id, ())),
            decided.left,
            decided.surplus,
            decided.stage_before,
            decided.stage_after,
            decided.notes,
            replace(decided.file, stage=decided.stage_after),
            row["instalment"],  # type: ignore[arg-type]
        )
    from casework.court_letters import PaidInCourt, letters_for_payments  # #18, H2

    for n, extra in letters_for_payments(  # cases in court: the letter the court needs
        session,
        [
            PaidInCourt(
                n,
                case_id,
                payment_id,
                row["paid_on"],  # type: ignore[arg-type]
                row["amount"],  # type: ignore[arg-type]
                decided.stage_before,
                decided.left.settled,
                tuple(lines.get(payment_id, ())),
            )
            for (n, case_id, row, decided), payment_id in zip(pending, ids, strict=True)
        ],
        today=today,
        actor=actor,
    ).items():
        done = results[n]
        assert isinstance(done, PaymentOutcome)
        results[n] = replace(done, notes=done.notes + extra)
    writes.write_findings(session)
    insert_rows(conn, AuditLog.__table__, writes.audit)  # type: ignore[attr-defined]
    moved = [states[i] for i in touched if states[i].moved]
    if moved:
        c = Case.__table__  # type: ignore[attr-defined]
        conn.execute(
            sa.update(c)
            .where(c.c.id == sa.bindparam("b_id"))
            .values(stage=sa.bindparam("b_stage"), updated_at=sa.bindparam("b_at")),
            [{"b_id": s.case_id, "b_stage": s.stage, "b_at": utcnow()} for s in moved],
        )


def _plan_checks(
    session: Session,
    states: Mapping[int, _CaseState],
    pending: Sequence[tuple[int, int, dict[str, object], _Pending]],
    *,
    today: date,
    actor: str,
) -> dict[int, tuple[str, ...]]:
    """The status of each active settlement a payment went to, refreshed at once as the
    daily check refreshes it (``casework.settlements.check_plan``: fulfilled -> the case
    paid, broken -> back to its court track); a note on the last payment of each case."""
    from casework.settlements import PlanCheck, check_plan

    last: dict[int, int] = {}
    for n, case_id, _, _ in pending:
        if states[case_id].plan is not None:
            last[case_id] = n
    notes: dict[int, tuple[str, ...]] = {}
    for case_id, n in last.items():
        plan = states[case_id].plan
        assert plan is not None
        check = PlanCheck(today)
        check_plan(session, plan.settlement_id, today=today, actor=actor, result=check)
        session.flush()
        if check.fulfilled:
            notes[n] = (
                "Ugoda wykonana: wszystkie raty zapłacone - sprawa oznaczona jako zapłacona.",
            )
        elif check.broken:
            notes[n] = (f"Ugoda niewykonana: {'; '.join(check.notes)}.",)
    if last:
        _expire_cases(session, set(last))
    return notes


@dataclass(frozen=True)
class _Pending:
    surplus: Decimal
    left: Outstanding
    stage_before: str
    stage_after: str
    notes: tuple[str, ...]
    file: CaseFile
    closed: bool


def _decide(
    session: Session,
    st: _CaseState,
    pay: PaymentIn,
    writes: _Writes,
    today: date,
    actor: str,
    allow_overpayment: bool,
) -> _Pending:
    """One payment against its case as the batch left it: refusals first (nothing changed),
    then the state and the findings it leaves. Changes ``st``."""
    ref, before_file = st.ref, st.file
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
    stage = Stage(st.stage)
    costs = st.claimed
    if st.allocated is not None and st.costs == costs:  # an earlier payment of the batch
        prior = st.allocated
    else:
        prior = allocate(st.debts, _payments(before_file), costs)
    owed: Outstanding | None = None  # what is owed on the payment's day, when needed
    plan = st.plan if st.plan is not None and pay.paid_on >= st.plan.terms.concluded_on else None  # type: ignore[attr-defined]
    if pay.instalment is not None:
        _check_instalment(ref, st.plan, plan, pay)
    if plan is not None:  # settled: the ceiling is what is left under the settlement
        ceiling = plan.left_on(pay.paid_on)
        surplus = max(Decimal(0), pay.amount - ceiling) if ceiling > 0 else pay.amount
        if surplus > 0 and not allow_overpayment:
            raise Refused(
                f"wpłata {pl_money(pay.amount)} przewyższa to, co pozostało do zapłaty z ugody "
                f"na dzień {pl_date(pay.paid_on)} ({pl_money(ceiling)}) o "
                f"{pl_money(surplus)} - sprawdź kwotę"
            )
        plan.paid.append((pay.paid_on, pay.amount, pay.instalment))
    elif 0 < pay.amount <= _principal_left(prior):
        surplus = Decimal(0)  # the principal alone covers it: interest and costs only add
    else:
        owed = outstanding(prior, pay.paid_on)
        surplus = max(Decimal(0), pay.amount - owed.total) if owed.total > 0 else pay.amount
    if surplus > 0 and not allow_overpayment:
        owed = owed or outstanding(prior, pay.paid_on)
        raise Refused(
            f"wpłata {pl_money(pay.amount)} przewyższa całą należność na dzień "
            f"{pl_date(pay.paid_on)} ({pl_money(owed.total)}: {_left_text(owed)}) o "
            f"{pl_money(surplus)} - sprawdź kwotę"
        )
    # the case with this payment, as ``store.cases.load_case_files`` will read it (a
    # payment of the same day and amount as one of the creditor's is that one)
    after_file = before_file
    if (pay.paid_on, pay.amount) not in st.intake_keys:
        after_file = replace(
            before_file,
            payments=(
                *before_file.payments,
                PaymentInfo(pay.paid_on, pay.amount, pay.invoice_number, pay.designated),
            ),
        )
    st.file, st.costs = after_file, costs
    result = st.allocated = allocate(st.debts, _payments(after_file), costs)
    left = outstanding(result, today if today >= pay.paid_on else pay.paid_on)
    notes: list[str] = []
    # nothing left on the payment's day: principal left (the same on every day) says no
    # without the interest (never negative, as the costs)
    if left.on == pay.paid_on:
        settled = left.settled
    else:
        settled = left.principal <= 0 and outstanding(result, pay.paid_on).settled
    if surplus > 0:
        writes.finding(
            st.case_id,
            "overpayment",
            "warning",
            f"Nadpłata {pl_money(surplus)}: wpłata {pl_money(pay.amount)} z {pl_date(pay.paid_on)} "
            "przewyższa całą należność - zwrócić dłużnikowi albo wyjaśnić tytuł wpłaty",
        )
        notes.append(f"Nadpłata {pl_money(surplus)} - zapisana jako uwaga w sprawie.")
    if stage in EDITABLE or (stage is Stage.APPROVED and not st.packaged):
        if stage is not Stage.INTAKE:
            st.stage = next_stage(stage, Stage.INTAKE).value
            st.moved = True
        writes.finding(
            st.case_id,
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
        writes.finding(
            st.case_id,
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
        writes.finding(
            st.case_id,
            "payment_in_court",
            "warning",
            f"Wpłata {pl_money(pay.amount)} z {pl_date(pay.paid_on)} po wniesieniu pozwu: "
            "sprawdzić pismo do sądu (ograniczenie powództwa / cofnięcie pozwu w części ze "
            "zrzeczeniem się roszczenia, zob. pisma do sądu w sprawie - także gdy nie jest "
            "potrzebne, z powodem) albo uwzględnienie w egzekucji",
        )
        notes.append("Sprawa w sądzie: wpłata po wniesieniu pozwu.")

    closed = False
    # under an active settlement the plan decides when the case is paid (``_plan_checks``)
    if settled and plan is None and Stage(st.stage) not in PAID_STAGES:
        notes.append(_close_as_paid(session, st, pay.paid_on, writes, today=today, actor=actor))
        closed = True
    return _Pending(surplus, left, stage.value, st.stage, tuple(notes), after_file, closed)


def _check_instalment(ref: str, active: _Plan | None, plan: _Plan | None, pay: PaymentIn) -> None:
    """``--instalment N`` names an instalment of the case's active settlement (``plan``:
    that settlement when the payment is from its conclusion day on)."""
    if active is None:
        raise Refused(
            f"--instalment: sprawa {ref} nie ma aktywnej ugody z planem rat - wpłaty nie można "
            "zaliczyć na ratę"
        )
    concluded = active.terms.concluded_on  # type: ignore[attr-defined]
    if plan is None:
        raise Refused(
            f"--instalment: wpłata z {pl_date(pay.paid_on)} jest sprzed zawarcia ugody "
            f"({pl_date(concluded)}) - nie można jej zaliczyć na ratę"
        )
    numbers = plan.numbers()
    if pay.instalment not in numbers:
        raise Refused(
            f"--instalment: ugoda w sprawie {ref} nie ma raty {pay.instalment} (raty: "
            f"{numbers[0]}-{numbers[-1]})"
        )


def _allocation_rows(st: _CaseState) -> list[dict[str, object]]:
    """The case's allocation lines, every payment of its file allocated anew in date order
    (a payment dated before earlier ones changes how those were allocated, art. 451), each
    line on the recorded payment it belongs to (the creditor's own payments get none)."""
    rows = st.recorded
    recorded = {r.key: r for r in rows}
    out: list[dict[str, object]] = []
    taken: set[int] = set()
    for pay, lines in _lines_per_payment(st.debts, _payments(st.file), st.costs, st.allocated):
        key = (pay.paid_on, pay.amount, pay.invoice_number, pay.designated)
        match = recorded.get(key)
        if match is None:  # one of the creditor's payments (intake): no lines stored
            continue
        target = match
        if match.id in taken:  # several recorded payments alike: next one not yet used
            target = next((r for r in rows if r.key == key and r.id not in taken), match)
        taken.add(target.id)
        for line in lines:
            out.append(
                {
                    "payment_id": target.id,
                    "case_id": st.case_id,
                    "invoice_number": line.invoice_number,
                    "to_costs": line.to_costs,
                    "to_interest": line.to_interest,
                    "to_principal": line.to_principal,
                    "cites": "; ".join(str(c) for c in line.cites),
                }
            )
    return out


def _write_allocations(
    session: Session, states: Sequence[_CaseState]
) -> dict[int, list[PaymentAllocation]]:
    """Replace the allocation lines of ``states``' cases: one DELETE per thousand cases and
    one multi-row INSERT; returns the lines per payment id."""
    a = PaymentAllocation.__table__  # type: ignore[attr-defined]
    conn = session.connection()
    for chunk in _chunks([s.case_id for s in states]):
        conn.execute(sa.delete(a).where(a.c.case_id.in_(chunk)))
    values = [row for st in states for row in _allocation_rows(st)]
    insert_rows(conn, a, values)
    out: dict[int, list[PaymentAllocation]] = {}
    for row in values:
        out.setdefault(row["payment_id"], []).append(_allocation_line(row))  # type: ignore[arg-type]
    return out


_ALLOCATION_CLASS = instrumentation.manager_of_class(PaymentAllocation)


def _allocation_line(row: dict[str, object]) -> PaymentAllocation:
    """The (transient) ``PaymentAllocation`` of a row just inserted: what
    ``PaymentAllocation(**row)`` gives (no validation runs on a table model's init), built
    as SQLAlchemy builds a loaded row's object, its values set in the instance dict at once
    rather than attribute by attribute through the ORM's and pydantic's setters (15 times
    cheaper; 7,682 lines of a 10,000-line statement: 0.31 s -> 0.02 s)."""
    line = _ALLOCATION_CLASS.new_instance()
    line.__dict__.update(row, id=None)
    object.__setattr__(line, "__pydantic_fields_set__", set(row))
    return line


def _expire_cases(session: Session, case_ids: set[int]) -> None:
    """ORM copies of the cases written here by Core statements are read again on use."""
    for obj in list(session.identity_map.values()):
        if isinstance(obj, Case) and obj.id in case_ids:
            session.expire(obj)


def _close_as_paid(
    session: Session,
    st: _CaseState,
    paid_on: date,
    writes: _Writes,
    *,
    today: date,
    actor: str,
) -> str:
    """The whole debt is paid: the lifecycle's paid-in-full step where the table has it."""
    from casework.court_events import record_court_event
    from law.pl.deadlines import EventKind

    if st.moved:  # the lifecycle reads the stage from the store
        c = Case.__table__  # type: ignore[attr-defined]
        session.connection().execute(
            sa.update(c).where(c.c.id == st.case_id).values(stage=st.stage, updated_at=utcnow())
        )
        st.moved = False
    _expire_cases(session, {st.case_id})
    try:
        outcome = record_court_event(
            session,
            f"#{st.case_id}",
            EventKind.PAID_IN_FULL,
            paid_on,
            today=today,
            note="zapłata całości należności (wpłata zapisana: handoff payments)",
            actor=actor,
        )
    except Refused:
        writes.finding(
            st.case_id,
            "paid_in_full",
            "warning",
            f"Należność zapłacona w całości ({pl_date(paid_on)}); na etapie "
            f"{STAGE_LABELS[Stage(st.stage)]} sprawy nie można oznaczyć jako zapłaconej - "
            "zamknąć ręcznie",
        )
        return "Należność zapłacona w całości - sprawę zamknąć ręcznie (uwaga zapisana)."
    session.flush()  # the step's stage, before the batch's Core statements
    st.stage = outcome.stage_after
    st.file = replace(st.file, stage=st.stage)
    return "Należność zapłacona w całości - sprawa oznaczona jako zapłacona."


def _replan_limitation(session: Session, files: Mapping[int, CaseFile], today: date) -> None:
    """The watch rows as the claim computed on ``today`` sees them (payments included, and
    the days the case's settlements and instalment requests acknowledged the claim, art.
    123 §1 pkt 2 KC: ``casework.settlements.acknowledgements_of``)."""
    with _ReplanAhead(session, files, today) as ahead:
        ahead.write(session)


WatchRows = tuple[tuple[str, date, str], ...]  # ``limitation_watch_rows`` of one case


def _watch_rows(
    items: Sequence[tuple[int, CaseFile]],
    acknowledged: Mapping[int, tuple[date, ...]],
    today: date,
) -> dict[int, WatchRows]:
    """Each case's watch rows: its claim computed on ``today`` (``law.pl.claim``)."""
    rows: dict[int, WatchRows] = {}
    for case_id, file in items:
        claim = claim_input(file, today)
        if case_id in acknowledged:
            days = {*claim.acknowledgements, *acknowledged[case_id]}
            claim = replace(claim, acknowledgements=tuple(sorted(days)))
        rows[case_id] = limitation_watch_rows(compute_claim(claim))
    return rows


# From this many cases on, when this process may use two cores, the claims of a replan are
# computed by a forked copy of this process (pure computation on the case files it inherits;
# it never touches the store) while this one stores the batch. A 10,000-line statement
# replans ~3,700 cases: 2.0 s of claims.
REPLAN_SHARED_FROM = 1000
_SHARED: tuple[Sequence[tuple[int, CaseFile]], Mapping[int, tuple[date, ...]], date] | None = None


class _ReplanAhead:
    """The limitation replan of a batch's pre-filing cases (``_replan_limitation``), its
    claims computed ahead, in a forked process, from ``REPLAN_SHARED_FROM`` cases on with a
    second core (the acknowledgements are read here first); :meth:`write` stores the watch
    rows in the cases' order, computing them here when there were fewer cases or the forked
    process died. A context manager: the process is let go on the way out."""

    def __init__(self, session: Session, files: Mapping[int, CaseFile], today: date) -> None:
        self.acknowledged = _settlement_acknowledgements(session, list(files))
        self.items = [
            (case_id, file)
            for case_id, file in files.items()
            if any(i.currency == "PLN" for i in file.invoices)
        ]
        self.today = today
        self._pool: ProcessPoolExecutor | None = None
        self._future: Future[dict[int, WatchRows]] | None = None
        if len(self.items) >= REPLAN_SHARED_FROM and _may_fork():
            global _SHARED
            _SHARED = (self.items, self.acknowledged, today)  # inherited by the fork
            try:
                self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
                self._future = self._pool.submit(_shared_watch_rows)  # forks the process
            finally:
                _SHARED = None

    def __enter__(self) -> _ReplanAhead:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=exc[0] is None, cancel_futures=True)
            self._pool = None

    def write(self, session: Session) -> None:
        rows: dict[int, WatchRows] | None = None
        if self._future is not None:
            try:
                rows = self._future.result()
            except BrokenProcessPool:  # the process died: computed here
                rows = None
        if rows is None:
            rows = _watch_rows(self.items, self.acknowledged, self.today)
        for chunk in _chunks(list(rows)):
            replace_limitation_watch(session, {i: rows[i] for i in chunk})


def _may_fork() -> bool:
    """A forked process can compute beside this one: a second core, the fork start method
    and no other thread here (``casework.processes``)."""
    return usable_cores() >= 2 and fork_available() and single_threaded()


def _shared_watch_rows() -> dict[int, WatchRows]:
    """In the forked process: the watch rows of the cases it was given."""
    assert _SHARED is not None
    return _watch_rows(*_SHARED)


def _settlement_acknowledgements(
    session: Session, case_ids: Sequence[int]
) -> dict[int, tuple[date, ...]]:
    """Per case with a settlement or an instalment request, the days they acknowledged the
    claim (``casework.settlements.acknowledgements_of``); one query per thousand finds them."""
    from casework.settlements import acknowledgements_of
    from store.tables import InstalmentRequest, Settlement

    having: set[int] = set()
    for chunk in _chunks(case_ids):
        for table in (Settlement, InstalmentRequest):
            having.update(
                session.exec(
                    select(table.case_id).where(col(table.case_id).in_(chunk)).distinct()
                ).all()
            )
    return {case_id: acknowledgements_of(session, case_id) for case_id in sorted(having)}


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
                    "instalment": p.instalment,
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


def recorded_with_lines(
    session: Session, case_id: int
) -> tuple[tuple[RecordedPayment, ...], dict[int, list[PaymentAllocation]]]:
    """The payments recorded on a case (by day, then as recorded) and their allocation
    lines as stored (art. 451 KC), in order, per payment id."""
    rows = tuple(
        session.exec(
            select(RecordedPayment)
            .where(RecordedPayment.case_id == case_id)
            .order_by(col(RecordedPayment.paid_on), col(RecordedPayment.id))
        ).all()
    )
    lines: dict[int, list[PaymentAllocation]] = {}
    for line in session.exec(
        select(PaymentAllocation)
        .where(PaymentAllocation.case_id == case_id)
        .order_by(col(PaymentAllocation.id))
    ).all():
        lines.setdefault(line.payment_id, []).append(line)
    return rows, lines


def payments_of(session: Session, case_ref: str, *, today: date) -> PaymentsView:
    """The payments recorded on a case, their allocation and what is left on ``today``."""
    case = locate(session, case_ref)
    assert case.id is not None
    file = load_case_files(session, [case.id])[case.id]
    rows, lines = recorded_with_lines(session, case.id)
    result = allocation_of(file, case.stage, costs_of(session, case))
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
