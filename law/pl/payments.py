"""Allocation of payments to debts (zarachowanie wpłat), KC art. 451.

A payment goes to the invoice the debtor named (art. 451 §1); without one, to the debt that
became due first (art. 451 §3). Within a debt a payment made after the deadline first covers
the delay interest accrued up to the payment day, then the principal (art. 451 §1 zd. 2) -
unless the debtor expressly designated it for the principal (``designated=True``; the brief's
reading; the creditor's right under art. 451 §1 zd. 2 is not pursued then). Any surplus flows
to the next debt in the same order. Interest accrued before a payment and left unpaid stays
as a separate amount (capitalised interest).

References:
    * KC art. 451 §1, §3; KC art. 481 (polish_law.md 5.1).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from law.citation import money
from law.pl.interest import interest
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


@dataclass(frozen=True, slots=True)
class Allocation:
    paid_on: date
    invoice_number: str
    to_interest: Decimal
    to_principal: Decimal


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


def _accrue(state: DebtState, through: date) -> DebtState:
    start = max(state.due, state.accrued_through) + timedelta(days=1)
    if through < start:
        return state
    extra = interest(state.principal, start, through, state.kind).amount
    return _replace(state, interest_unpaid=state.interest_unpaid + extra, accrued_through=through)


def _replace(state: DebtState, **changes: object) -> DebtState:
    values = {name: getattr(state, name) for name in DebtState.__slots__}
    values.update(changes)
    return DebtState(**values)  # type: ignore[arg-type]


def allocate(debts: tuple[Debt, ...], payments: tuple[Payment, ...]) -> AllocationResult:
    """Apply ``payments`` in date order to ``debts`` under art. 451 KC."""
    states = {
        d.number: DebtState(d.number, d.due, d.kind, d.amount, Decimal(0), Decimal(0), d.due, ())
        for d in debts
    }
    by_due = [d.number for d in sorted(debts, key=lambda d: (d.due, d.number))]
    allocations: list[Allocation] = []
    surplus = Decimal(0)
    for pay in sorted(payments, key=lambda p: p.paid_on):
        left = money(pay.amount)
        named = pay.invoice_number if pay.invoice_number in states else None
        order = ([named] if named else []) + [n for n in by_due if n != named]
        for number in order:
            if left <= 0:
                break
            state = _accrue(states[number], pay.paid_on)
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
            allocations.append(Allocation(pay.paid_on, number, to_interest, to_principal))
        surplus += left
    return AllocationResult(tuple(states[d.number] for d in debts), tuple(allocations), surplus)


def interest_to(state: DebtState, reference: date) -> Decimal:
    """Unpaid interest on ``state`` up to and including ``reference`` (rounded to grosze)."""
    return money(_accrue(state, reference).interest_unpaid)
