"""The claim aggregate: everything the pozew and the partner memo need, computed at once.

Input is what intake knows about a case (parties, invoices, payments, documents, the filing
day as the reference date); output is per-invoice figures (remaining principal after art. 451
allocation, interest, rekompensata, limitation) and totals (WPS, procedure, court level, court
fee, attorney fee, costs) with cites, plus findings for the partner.

Rules applied: commercial interest (u.p.n.o.t.h.) when creditor and debtor are businesses,
otherwise art. 481 KC; rekompensata only in commercial transactions with a deadline on or
after 28.04.2013; WPS = remaining principal + rekompensata (the safer reading of a contested
point, polish_law.md 3.3 / 8.12) rounded up; interest is claimed "do dnia zapłaty" and is not
part of WPS (art. 20 KPC); interest accrued to the filing day is stated for the memo only.

References:
    * polish_law.md sections 1, 3-6; see the modules this one calls.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from law.citation import Cite, Figure, money
from law.findings import Finding, Severity
from law.pl.attorney import attorney_fee
from law.pl.compensation import ACT_IN_FORCE, EurRateUnavailable, compensation
from law.pl.fees import WPS_CITES, Procedure, court_fee, wps
from law.pl.limitation import Basis, LimitationResult, Status, limitation
from law.pl.payments import Debt, Payment, allocate, interest_to
from law.pl.procedure import CourtLevel, NakazGrounds, choose_procedure, epu_admissible
from law.pl.rates import CITES as INTEREST_CITES
from law.pl.rates import InterestKind

WARN_DAYS = 90


class DebtorKind(StrEnum):
    BUSINESS = "business"
    CONSUMER = "consumer"
    PUBLIC_HEALTHCARE = "public_healthcare"  # podmiot publiczny będący podmiotem leczniczym


@dataclass(frozen=True, slots=True)
class InvoiceInput:
    number: str
    issue_date: date
    due_date: date  # payment deadline (termin płatności)
    amount: Decimal  # gross
    currency: str = "PLN"
    accepted_by_debtor: bool = False  # signed / accepted (art. 485 §1 pkt 2 KPC)
    delivered: bool = False  # proof of delivering the invoice (art. 485 §2^1 KPC)


@dataclass(frozen=True, slots=True)
class PaymentInput:
    paid_on: date
    amount: Decimal
    invoice_number: str | None = None
    designated: bool = False  # debtor designated it for the principal of invoice_number


@dataclass(frozen=True, slots=True)
class ClaimInput:
    creditor_is_business: bool
    debtor_kind: DebtorKind
    basis: Basis
    invoices: tuple[InvoiceInput, ...]
    filing_date: date  # the reference date
    payments: tuple[PaymentInput, ...] = ()
    acknowledgements: tuple[date, ...] = ()  # written uznanie długu
    has_contract: bool = False
    has_final_demand: bool = False  # przedsądowe wezwanie do zapłaty
    final_demand_on: date | None = None  # when it was sent (art. 485 §1 pkt 3 needs ack after)
    has_proof_of_performance: bool = False  # art. 485 §2^1 KPC
    eur_rate_override: Decimal | None = None


@dataclass(frozen=True, slots=True)
class InvoiceComputation:
    number: str
    due_date: date
    amount: Decimal
    principal: Figure[Decimal]  # remaining after art. 451 allocation
    interest_kind: InterestKind
    interest_from: date  # day after the deadline
    interest_to_filing: Figure[Decimal]  # memo only; the pozew asks "do dnia zapłaty"
    interest_covered: Decimal  # interest already paid off by partial payments
    compensation: Figure[Decimal] | None  # rekompensata in PLN, commercial only
    compensation_eur: Decimal | None
    limitation: LimitationResult


@dataclass(frozen=True, slots=True)
class ClaimComputation:
    invoices: tuple[InvoiceComputation, ...]
    principal_total: Figure[Decimal]
    compensation_total: Figure[Decimal]
    interest_to_filing_total: Figure[Decimal]
    wps: Figure[Decimal]
    procedure: Procedure
    simplified: bool
    gospodarcze: bool
    procedure_reason: str
    procedure_cites: tuple[Cite, ...]
    epu_admissible: bool
    court_level: CourtLevel
    court_fee: Figure[Decimal]
    attorney_fee: Figure[Decimal]
    stamp_duty: Figure[Decimal]
    total_costs: Figure[Decimal]
    findings: tuple[Finding, ...]
    surplus: Decimal  # payments beyond all invoices


def interest_kind(creditor_is_business: bool, debtor: DebtorKind) -> InterestKind:
    """Commercial interest when both parties are businesses, else art. 481 KC."""
    if not creditor_is_business or debtor is DebtorKind.CONSUMER:
        return InterestKind.STATUTORY
    if debtor is DebtorKind.PUBLIC_HEALTHCARE:
        return InterestKind.COMMERCIAL_HEALTHCARE
    return InterestKind.COMMERCIAL


def _limitation_findings(number: str, lim: LimitationResult, on: date) -> list[Finding]:
    status = lim.status(on, WARN_DAYS)
    cite = "; ".join(str(c) for c in lim.cites)
    if status is Status.EXPIRED and lim.consumer_ex_officio:
        return [
            Finding(
                "limitation_expired_consumer",
                Severity.BLOCKER,
                f"Roszczenie przedawnione {lim.expires_on} - wobec konsumenta sąd uwzględni "
                "przedawnienie z urzędu",
                number,
                "KC art. 117 §2^1",
            )
        ]
    if status is Status.EXPIRED:
        return [
            Finding(
                "limitation_expired",
                Severity.BLOCKER,
                f"Roszczenie przedawnione z dniem {lim.expires_on}",
                number,
                cite,
            )
        ]
    out = []
    if status is Status.NEAR:
        out.append(
            Finding(
                "limitation_near",
                Severity.WARNING,
                f"Przedawnienie {lim.expires_on} - mniej niż {WARN_DAYS} dni",
                number,
                cite,
            )
        )
    if lim.contested:
        out.append(
            Finding(
                "limitation_contested",
                Severity.INFO,
                f"Sporny dzień przedawnienia: {lim.expires_on} albo {lim.alternative_expires_on}",
                number,
                cite,
            )
        )
    return out


def compute_claim(
    claim: ClaimInput, extra_eur_rates: Mapping[date, Decimal] | None = None
) -> ClaimComputation:
    """Compute the claim as of ``claim.filing_date``."""
    if not claim.invoices:
        raise ValueError("a claim needs at least one invoice")
    for inv in claim.invoices:
        if inv.currency != "PLN":
            raise ValueError(f"invoice {inv.number}: only PLN is supported")
        if inv.amount <= 0:
            raise ValueError(f"invoice {inv.number}: amount must be positive")
    on = claim.filing_date
    kind = interest_kind(claim.creditor_is_business, claim.debtor_kind)
    commercial = kind is not InterestKind.STATUTORY
    consumer = claim.debtor_kind is DebtorKind.CONSUMER
    findings: list[Finding] = []

    debts = tuple(Debt(i.number, i.due_date, i.amount, kind) for i in claim.invoices)
    payments = tuple(
        Payment(p.paid_on, p.amount, p.invoice_number, p.designated)
        for p in claim.payments
        if p.paid_on <= on
    )
    allocated = allocate(debts, payments)

    per_invoice: list[InvoiceComputation] = []
    for inv, state in zip(claim.invoices, allocated.debts, strict=True):
        interest_total = interest_to(state, on)
        lim = limitation(
            claim.basis,
            inv.due_date,
            acknowledgements=(*claim.acknowledgements, *state.payment_days),
            consumer=consumer,
        )
        findings += _limitation_findings(inv.number, lim, on)
        if inv.due_date >= on and state.principal > 0:
            # Not yet wymagalne on the filing day: a suit for it would be premature.
            findings.append(
                Finding(
                    "not_yet_due",
                    Severity.BLOCKER,
                    f"Roszczenie z faktury {inv.number} nie jest jeszcze wymagalne "
                    f"(termin płatności {inv.due_date}); pozew byłby przedwczesny",
                    inv.number,
                    "KC art. 120 §1, art. 455",
                )
            )
        comp_figure: Figure[Decimal] | None = None
        comp_eur: Decimal | None = None
        if commercial and inv.due_date >= ACT_IN_FORCE:
            try:
                comp = compensation(
                    inv.amount,
                    inv.due_date,
                    eur_rate=claim.eur_rate_override,
                    extra_rates=extra_eur_rates,
                )
                comp_figure, comp_eur = comp.figure, comp.eur
            except EurRateUnavailable as err:
                findings.append(Finding("eur_rate_missing", Severity.WARNING, str(err), inv.number))
        paid_principal = inv.amount - state.principal
        interest_from = max(inv.due_date, state.accrued_through) + timedelta(days=1)
        if state.interest_unpaid > 0:
            findings.append(
                Finding(
                    "capitalised_interest",
                    Severity.WARNING,
                    f"Odsetki {money(state.interest_unpaid)} zł naliczone do "
                    f"{state.accrued_through} nie zostały pokryte wpłatą; żądanie odsetek "
                    f"biegnie od {interest_from} - rozważyć dochodzenie ich jako odrębnej kwoty",
                    inv.number,
                    "KC art. 451, art. 482",
                )
            )
        principal = Figure(
            money(state.principal),
            (Cite("KC", "art. 451"),),
            f"{money(inv.amount)} zł - spłata kapitału {money(paid_principal)} zł",
        )
        per_invoice.append(
            InvoiceComputation(
                number=inv.number,
                due_date=inv.due_date,
                amount=inv.amount,
                principal=principal,
                interest_kind=kind,
                # interest up to the last payment was settled by it (paid or left as
                # capitalised interest, reported below): the running claim starts after it
                interest_from=interest_from,
                interest_to_filing=Figure(
                    interest_total,
                    INTEREST_CITES[kind],
                    f"odsetki ({kind.value}) od {interest_from} do {on}",
                ),
                interest_covered=money(state.interest_covered),
                compensation=comp_figure,
                compensation_eur=comp_eur,
                limitation=lim,
            )
        )

    principal_sum = sum((i.principal.value for i in per_invoice), Decimal(0))
    comp_sum = sum((i.compensation.value for i in per_invoice if i.compensation), Decimal(0))
    interest_sum = sum((i.interest_to_filing.value for i in per_invoice), Decimal(0))
    comp_cites = (Cite("u.p.n.o.t.h.", "art. 10 ust. 1"),)
    claimed = [i.principal.value for i in per_invoice if i.principal.value > 0]
    claimed += [i.compensation.value for i in per_invoice if i.compensation]
    value = wps(claimed)
    wps_contested = comp_sum > 0
    wps_figure = Figure(
        value.value,
        value.cites,
        f"kapitał {money(principal_sum)} zł + rekompensata {money(comp_sum)} zł, "
        "zaokrąglone w górę; rekompensata wliczona (bezpieczniejsze stanowisko)",
        contested=wps_contested,
        alternative=wps([principal_sum]).value if wps_contested else None,
    )

    grounds = NakazGrounds(
        all_invoices_accepted=all(i.accepted_by_debtor for i in claim.invoices),
        # art. 485 §1 pkt 3 KPC: the debtor's written acknowledgement answers the demand, so
        # it must come on or after the demand (an earlier instalment request does not count).
        acknowledged_after_demand=claim.final_demand_on is not None
        and any(a >= claim.final_demand_on for a in claim.acknowledgements),
        commercial_transaction=commercial,
        has_contract=claim.has_contract,
        has_proof_of_performance=claim.has_proof_of_performance,
        all_invoices_delivered=all(i.delivered for i in claim.invoices),
    )
    outstanding_dues = [i.due_date for i in per_invoice if i.principal.value > 0] or [
        i.due_date for i in claim.invoices
    ]
    choice = choose_procedure(
        value.value,
        outstanding_dues,
        on,
        grounds,
        both_businesses=claim.creditor_is_business and claim.debtor_kind is not DebtorKind.CONSUMER,
    )
    epu = epu_admissible(outstanding_dues, on)
    if not epu.value:
        findings.append(
            Finding("epu_not_admissible", Severity.INFO, epu.reason, "", "KPC art. 505^29a")
        )
    if not claim.has_final_demand:
        findings.append(
            Finding(
                "no_final_demand",
                Severity.WARNING,
                "Brak przedsądowego wezwania do zapłaty",
                "",
                "KPC art. 187 §1 pkt 3",
            )
        )
    if allocated.surplus > 0:
        findings.append(
            Finding(
                "overpayment",
                Severity.WARNING,
                f"Wpłaty przewyższają należności o {money(allocated.surplus)} zł",
            )
        )
    fee = court_fee(value.value, choice.procedure, filed_on=on)
    attorney = attorney_fee(value.value, choice.procedure)
    costs = fee.value + attorney.total
    return ClaimComputation(
        invoices=tuple(per_invoice),
        principal_total=Figure(money(principal_sum), WPS_CITES, "suma kapitału do zasądzenia"),
        compensation_total=Figure(money(comp_sum), comp_cites, "suma rekompensat (per faktura)"),
        interest_to_filing_total=Figure(
            money(interest_sum), INTEREST_CITES[kind], f"odsetki do {on} (informacyjnie)"
        ),
        wps=wps_figure,
        procedure=choice.procedure,
        simplified=choice.simplified,
        gospodarcze=choice.gospodarcze,
        procedure_reason=choice.reason,
        procedure_cites=choice.cites,
        epu_admissible=choice.epu_admissible,
        court_level=choice.court_level,
        court_fee=fee,
        attorney_fee=attorney.fee,
        stamp_duty=attorney.stamp_duty,
        total_costs=Figure(
            money(costs),
            (*fee.cites, *attorney.fee.cites, *attorney.stamp_duty.cites),
            f"opłata {fee.value} + wynagrodzenie {attorney.fee.value} + "
            f"opłata skarbowa {attorney.stamp_duty.value}",
        ),
        findings=tuple(findings),
        surplus=money(allocated.surplus),
    )
