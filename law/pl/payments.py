"""Allocation of payments to debts (zarachowanie wpłat), KC art. 451.

A payment goes to the invoice the debtor named (art. 451 §1); without one, to the debt that
became due first (art. 451 §3). Within a debt a payment made after the deadline first covers
the delay interest accrued up to the payment day, then the principal (art. 451 §1 zd. 2) -
unless the debtor expressly designated it for the principal (``designated=True``; the brief's
reading; the creditor's right under art. 451 §1 zd. 2 is not pursued then). Any surplus flows
to the next debt in the same order. Interest accrued before a payment and left unpaid stays
as a separate amount (capitalised interest).

After the handoff (issue #18) a case may also carry costs (the court fee, the attorney's
fee and the stamp duty of a filed pozew): ancillary dues (należności uboczne) of the whole
claim. Each payment covers the costs left first, then interest, then principal (art. 451
§1 zd. 2), unless the debtor expressly designated it for a named invoice's principal. Each
allocation line carries the provision it applied (``Allocation.cites``).

A payment covers only the costs owed on its day (art. 451 §1 KC): ``allocate`` takes the
costs dated, ``(owed_from, amount)`` items (``dated_costs``): the claimed costs from the day
of the court step that awarded them (``costs_awarded_on``), each komornik's cost from the
day it was incurred. A payment made before the award covers no costs; costs that become owed
later are covered by the later payments first, and the earlier allocation stays as it was.

Limitation: a payment is an acknowledgement of the claim it pays (uznanie niewłaściwe, art.
123 §1 pkt 2 KC): limitation of that invoice runs anew from the payment day (art. 124 §1),
``acknowledgements()`` gives those days per invoice for ``law.pl.limitation``. A payment
that went to costs alone acknowledges every invoice with principal left (the costs are
ancillary to all of them; DERIVED, not confirmed by a source).

References:
    * KC art. 451 §1, §2, §3; KC art. 481 (polish_law.md 5.1).
    * KC art. 123 §1 pkt 2, art. 124 §1 (polish_law.md 1.4; test L9 of 7.1).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from law.citation import Cite, money
from law.pl.interest import interest_amount
from law.pl.rates import InterestKind


@dataclass(frozen=True, slots=True)
class Debt:
    number: str
    due: date  # payment deadline
    amount: Decimal
    kind: InterestKind


@dataclass(frozen=True, slots=True)
class Payment:
    paid_on: date
    amount: Decimal
    invoice_number: str | None = None
    designated: bool = False  # debtor expressly designated it for that invoice's principal


COSTS = ""  # the invoice number of an allocation line that pays costs (the whole claim)
DESIGNATED = Cite("KC", "art. 451 §1 zd. 1")  # the debtor named the debt
ANCILLARY_FIRST = Cite("KC", "art. 451 §1 zd. 2")  # costs and interest before principal
OLDEST_FIRST = Cite("KC", "art. 451 §3")  # no designation: the debt due first
ACKNOWLEDGEMENT = Cite("KC", "art. 123 §1 pkt 2")
RUNS_ANEW = Cite("KC", "art. 124 §1")


@dataclass(frozen=True, slots=True)
class Allocation:
    paid_on: date
    invoice_number: str  # COSTS for the line that pays costs
    to_interest: Decimal
    to_principal: Decimal
    to_costs: Decimal = Decimal(0)
    cites: tuple[Cite, ...] = ()
    # When ``to_interest`` is all the interest accrued in one period on one principal (none
    # left unpaid from before, none left after): that period's first day and the principal
    # it accrued on. The period ends on ``paid_on``. None otherwise (capitalised interest
    # from an earlier payment, or interest paid only in part): then only the amount says
    # which interest the payment covered.
    interest_from: date | None = None
    interest_base: Decimal | None = None
    # When the debtor designated the payment for this principal alone (art. 451 §1 zd. 1 KC)
    # and it paid no interest, none being left unpaid from before: the first day of the
    # interest that stays owed on the principal it paid, through ``paid_on`` (the interest
    # on the whole principal from that day is then what is left unpaid). None otherwise.
    kept_from: date | None = None


@dataclass(frozen=True, slots=True)
class DebtState:
    number: str
    due: date
    kind: InterestKind
    principal: Decimal  # remaining
    interest_covered: Decimal  # accrued interest paid off by payments
    interest_unpaid: Decimal  # accrued up to ``accrued_through`` and not paid
    accrued_through: date  # interest accounted for up to and including this day
    payment_days: tuple[date, ...]  # days a payment was allocated to this debt (uznanie)


@dataclass(frozen=True, slots=True)
class AllocationResult:
    debts: tuple[DebtState, ...]
    allocations: tuple[Allocation, ...]
    surplus: Decimal  # paid beyond all debts
    costs_left: Decimal = Decimal(0)  # costs not yet covered by the payments
    # the costs left, each with the day it is owed from (``DatedCosts``)
    costs_pending: tuple[tuple[date, Decimal], ...] = ()


# Costs with the day each is owed from: (owed_from, amount). A payment covers only the costs
# owed on its day (art. 451 §1 KC: the dues "związane z długiem" owed when it is made); the
# costs that become owed later are covered by the later payments first.
DatedCosts = tuple[tuple[date, Decimal], ...]
ALWAYS = date.min  # owed_from of an undated cost (a plain Decimal ``costs``)


def _dated(costs: Decimal | Iterable[tuple[date, Decimal]]) -> list[list]:
    items = [(ALWAYS, Decimal(costs))] if isinstance(costs, Decimal | int) else list(costs)
    out = [[day, money(amount)] for day, amount in sorted(items, key=lambda i: i[0])]
    return [item for item in out if item[1] > 0]


def _accrue(state: DebtState, through: date) -> DebtState:
    start = max(state.due, state.accrued_through) + timedelta(days=1)
    if through < start:
        return state
    extra = interest_amount(state.principal, start, through, state.kind)
    return _replace(state, interest_unpaid=state.interest_unpaid + extra, accrued_through=through)


def _replace(state: DebtState, **changes: object) -> DebtState:
    values = {name: getattr(state, name) for name in DebtState.__slots__}
    values.update(changes)
    return DebtState(**values)  # type: ignore[arg-type]


def allocate(
    debts: tuple[Debt, ...],
    payments: tuple[Payment, ...],
    costs: Decimal | Sequence[tuple[date, Decimal]] = Decimal(0),
) -> AllocationResult:
    """Apply ``payments`` in date order to ``costs`` (the whole claim's) and ``debts`` under
    art. 451 KC.

    ``costs``: a plain amount (owed from the start) or dated items ``(owed_from, amount)``:
    a payment covers only the items owed on its day (``owed_from <= paid_on``), the earliest
    first; an item owed later is left for the later payments (art. 451 §1 KC)."""
    states = {
        d.number: DebtState(d.number, d.due, d.kind, d.amount, Decimal(0), Decimal(0), d.due, ())
        for d in debts
    }
    by_due = [d.number for d in sorted(debts, key=lambda d: (d.due, d.number))]
    allocations: list[Allocation] = []
    surplus = Decimal(0)
    pending = _dated(costs)
    for pay in sorted(payments, key=lambda p: p.paid_on):
        left = money(pay.amount)
        named = pay.invoice_number if pay.invoice_number in states else None
        order = ([named] if named else []) + [n for n in by_due if n != named]
        owed_now = sum((i[1] for i in pending if i[0] <= pay.paid_on), Decimal(0))
        if owed_now > 0 and left > 0 and not (pay.designated and named):
            to_costs = min(left, owed_now)
            left -= to_costs
            take = to_costs
            for item in pending:  # the earliest owed first
                if take <= 0 or item[0] > pay.paid_on:
                    break
                part = min(take, item[1])
                item[1] -= part
                take -= part
            pending = [i for i in pending if i[1] > 0]
            allocations.append(
                Allocation(pay.paid_on, COSTS, Decimal(0), Decimal(0), to_costs, (ANCILLARY_FIRST,))
            )
            if left <= 0:  # costs alone: ancillary to every invoice with principal left
                for number in by_due:
                    if states[number].principal > 0:
                        st = states[number]
                        states[number] = _replace(st, payment_days=(*st.payment_days, pay.paid_on))
        for number in order:
            if left <= 0:
                break
            before = states[number]
            state = _accrue(before, pay.paid_on)
            if state.principal <= 0 and state.interest_unpaid <= 0:
                states[number] = state
                continue
            principal_first = pay.designated and number == named
            to_interest = to_principal = Decimal(0)
            if principal_first:
                to_principal = min(left, state.principal)
                to_interest = min(left - to_principal, state.interest_unpaid)
            else:
                to_interest = min(left, state.interest_unpaid)
                to_principal = min(left - to_interest, state.principal)
            left -= to_interest + to_principal
            states[number] = _replace(
                state,
                principal=state.principal - to_principal,
                interest_unpaid=state.interest_unpaid - to_interest,
                interest_covered=state.interest_covered + to_interest,
                payment_days=(*state.payment_days, pay.paid_on),
            )
            cites = (DESIGNATED,) if number == named else (OLDEST_FIRST,)
            if to_interest > 0:
                cites = (*cites, ANCILLARY_FIRST)
            whole_period = (
                to_interest > 0
                and before.interest_unpaid == 0
                and states[number].interest_unpaid == 0
            )
            first_day = max(before.due, before.accrued_through) + timedelta(days=1)
            kept = (
                principal_first
                and to_interest == 0
                and to_principal > 0
                and before.interest_unpaid == 0
                and first_day <= pay.paid_on
            )
            allocations.append(
                Allocation(
                    pay.paid_on,
                    number,
                    to_interest,
                    to_principal,
                    Decimal(0),
                    cites,
                    first_day if whole_period else None,
                    before.principal if whole_period else None,
                    first_day if kept else None,
                )
            )
        surplus += left
    return AllocationResult(
        tuple(states[d.number] for d in debts),
        tuple(allocations),
        surplus,
        sum((i[1] for i in pending), Decimal(0)),
        tuple((i[0], i[1]) for i in pending),
    )


def costs_left_on(result: AllocationResult, on: date) -> Decimal:
    """The costs left after ``result`` that are owed on ``on`` (art. 451 §1 KC)."""
    if not result.costs_pending:
        return money(result.costs_left)
    return money(sum((a for day, a in result.costs_pending if day <= on), Decimal(0)))


def interest_to(state: DebtState, reference: date) -> Decimal:
    """Unpaid interest on ``state`` up to and including ``reference`` (rounded to grosze)."""
    return money(_accrue(state, reference).interest_unpaid)


@dataclass(frozen=True, slots=True)
class Outstanding:
    """What is left of a claim on ``on``: principal, interest accrued to that day (incl.
    interest left unpaid by earlier payments), costs; ``surplus`` paid beyond everything."""

    on: date
    principal: Decimal
    interest: Decimal
    costs: Decimal
    surplus: Decimal

    @property
    def total(self) -> Decimal:
        return self.principal + self.interest + self.costs

    @property
    def settled(self) -> bool:
        """Nothing is left: the claim is paid in full."""
        return self.total <= 0


def outstanding(result: AllocationResult, on: date) -> Outstanding:
    """What is left after ``result`` with interest accrued up to and including ``on``."""
    return Outstanding(
        on,
        money(sum((d.principal for d in result.debts), Decimal(0))),
        money(sum((interest_to(d, on) for d in result.debts), Decimal(0))),
        costs_left_on(result, on),
        money(result.surplus),
    )


def acknowledgements(result: AllocationResult) -> dict[str, tuple[date, ...]]:
    """Per invoice, the days a payment acknowledged it (art. 123 §1 pkt 2 KC): limitation of
    that invoice runs anew from each (art. 124 §1 KC, via ``law.pl.limitation``)."""
    return {d.number: tuple(sorted(set(d.payment_days))) for d in result.debts}


# Stages in which a court order or judgment has awarded the costs of the proceedings: the
# nakaz zapłaty or the judgment decides them (art. 108 §1 KPC) and the losing party pays
# them (art. 98 §1 KPC). Before that no costs are owed, so a payment covers none.
# Stages in which an order or a judgment has awarded the costs; enforcement runs on such a
# title, so a payment through the komornik covers the awarded costs first as well.
COSTS_AWARDED = frozenset(
    {"order_issued", "order_served", "judgment", "final", "enforcement", "enforcement_ended"}
)
COSTS_CITES = (Cite("KPC", "art. 98 §1"), Cite("KPC", "art. 108 §1"))


def costs_owed(stage: str, claimed_costs: Decimal) -> Decimal:
    """The costs a payment covers first (art. 451 §1 zd. 2 KC) at ``stage``: the costs the
    pozew claimed (court fee, attorney's fee, stamp duty) once an order or a judgment
    awarded them, else none (DERIVED: the award is assumed to follow the claim)."""
    return money(claimed_costs) if stage in COSTS_AWARDED else Decimal("0.00")


def costs_awarded_on(steps: Sequence[tuple[date, str, str]]) -> date | None:
    """The day the costs awarded by an order or a judgment are owed from: the day of the
    last court step (``(occurred_on, from_stage, to_stage)``, the effective steps in order)
    that moved the case into a stage of ``COSTS_AWARDED`` from one outside it (art. 98 §1,
    art. 108 §1 KPC: the order or the judgment decides the costs). None when no step did.
    A step out of those stages to a stage before an award (e.g. a sprzeciw) cancels it."""
    awarded: date | None = None
    for day, before, after in steps:
        if after in COSTS_AWARDED and before not in COSTS_AWARDED:
            awarded = day
        elif after not in COSTS_AWARDED and after in _BEFORE_AWARD:
            awarded = None
    return awarded


# stages in which no award stands (a step into one withdraws an earlier award's effect)
_BEFORE_AWARD = frozenset(
    {
        "intake",
        "ready_for_review",
        "sent_back",
        "approved",
        "filed",
        "in_court",
        "ordinary",
        "returned",
        "epu_discontinued",
    }
)


def dated_costs(
    stage: str,
    claimed_costs: Decimal,
    awarded_on: date | None,
    komornik: Iterable[tuple[date, Decimal]] = (),
) -> DatedCosts:
    """The case's costs, each with the day it is owed from, at ``stage``: the costs the
    pozew claimed from ``awarded_on`` (``costs_awarded_on``; the award is assumed to follow
    the claim, DERIVED as in ``costs_owed``) and each komornik's cost the creditor paid from
    the day it was incurred; none before an award (``COSTS_AWARDED``). ``awarded_on`` None
    at an awarding stage (a case whose court steps are not recorded) dates the award from
    the start (``ALWAYS``), as the undated ``costs_owed`` does."""
    if stage not in COSTS_AWARDED:
        return ()
    items = [(awarded_on or ALWAYS, money(claimed_costs))]
    items += [(day, money(amount)) for day, amount in komornik]
    return tuple((day, amount) for day, amount in sorted(items, key=lambda i: i[0]) if amount > 0)
