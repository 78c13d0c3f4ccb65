"""The claim aggregate: everything the pozew and the partner memo need, computed at once.

Input is what intake knows about a case (parties, invoices, payments, documents, the filing
day as the reference date); output is per-invoice figures (remaining principal after art. 451
allocation, interest, capitalised interest, rekompensata, limitation) and totals (WPS,
procedure, court level, court fee, attorney fee, costs) with cites, plus findings for the
partner.

Rules applied:

* A payment deadline on a Saturday or a holiday moves to the next working day (art. 115 KC,
  polish_law.md 0b K3): interest, rekompensata and the data wymagalności (art. 187 §1 pkt
  1^1 KPC) start the day after the moved deadline; the unmoved reading is kept as the
  alternative (``interest_from_unmoved``).
* Limitation per invoice (K4): an invoice barred under every reading is left out of the
  claim (``excluded_invoices``, with the reason) while another invoice is alive; barred
  under the conservative reading only, it is claimed and flagged urgent. Totals, WPS,
  procedure and fees are computed over the claimed invoices only.
* Commercial interest (art. 7 ust. 1 u.p.n.o.t.h. with art. 4 pkt 3 and art. 11b) when
  creditor and debtor are businesses, otherwise art. 481 KC.
* Partial payments (art. 451 KC): interest accrued before a payment and not paid by it is
  claimed as its own sum (``capitalised_interest``; interest on it only from the filing day,
  art. 482 §1 KC) and counted into the WPS (polish_law.md 3.3, practice).
* Rekompensata (art. 10 u.p.n.o.t.h.) only in commercial transactions with a deadline on or
  after 28.04.2013; never for consumer debtors; with no NBP EUR rate it is left out of the
  claim and the WPS and a finding names the missing rate's day (K8). Interest on it (art.
  481 KC) from the day after it fell due.
* WPS = claimed principal + capitalised interest + rekompensata (the safer reading of a
  contested point, polish_law.md 3.3 / 8.12), rounded up; the running interest is claimed
  "do dnia zapłaty" and is not part of WPS (art. 20 KPC); interest accrued to the filing day
  is stated for the memo only.
* The principal's legal basis is the contract's article (K12), never art. 451 KC.

References:
    * polish_law.md sections 0b (K3, K4, K6, K8, K12), 1, 3-6; the modules this one calls.
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
from law.pl.calendar import payment_deadline
from law.pl.compensation import ACT_IN_FORCE, EurRateUnavailable, compensation
from law.pl.fees import WPS_CITES, Procedure, court_fee, wps
from law.pl.interest import interest
from law.pl.limitation import Basis, LimitationResult, Status, limitation
from law.pl.payments import Debt, Payment, allocate, interest_to
from law.pl.procedure import CourtLevel, NakazGrounds, choose_procedure, epu_admissible
from law.pl.rates import CITES as RATE_CITES
from law.pl.rates import (
    FIRST_SUPPORTED_DAY,
    KIND_NAMES,
    InterestKind,
    rate_assumption_finding,
)
from law.pl.text import pl_date, pl_money

WARN_DAYS = 90


def _d(day: date | None) -> str:
    """A day in a reason or finding message, as a partner reads it (``31.07.2026 r.``)."""
    return pl_date(day) if day is not None else "brak danych"


# K12: the interest claimed, with the provision that grants it first (commercial interest:
# law.pl.rates.CITES, art. 7 ust. 1 with art. 4 pkt 3 and art. 11b u.p.n.o.t.h.).
INTEREST_BASIS: dict[InterestKind, tuple[Cite, ...]] = {
    InterestKind.STATUTORY: (Cite("KC", "art. 481 §1"), Cite("KC", "art. 481 §2")),
    InterestKind.COMMERCIAL: RATE_CITES[InterestKind.COMMERCIAL],
    InterestKind.COMMERCIAL_HEALTHCARE: RATE_CITES[InterestKind.COMMERCIAL_HEALTHCARE],
}
# K12: the contract's article for the principal, by the claim basis of the case.
CONTRACT_BASIS: dict[Basis, tuple[Cite, str]] = {
    Basis.SALE: (Cite("KC", "art. 535"), "umowa sprzedaży"),
    Basis.WORK: (Cite("KC", "art. 627"), "umowa o dzieło"),
    Basis.SERVICES: (Cite("KC", "art. 750"), "umowa o świadczenie usług"),
    Basis.CARRIAGE: (Cite("KC", "art. 774"), "umowa przewozu"),
    Basis.FORWARDING: (Cite("KC", "art. 794"), "umowa spedycji"),
}
MANDATE = (Cite("KC", "art. 734"), "umowa zlecenia")
CAPITALISED = (Cite("KC", "art. 482 §1"), Cite("KC", "art. 451 §1"))
COMPENSATION_INTEREST = (Cite("KC", "art. 481 §1"), Cite("KC", "art. 481 §2"))


class DebtorKind(StrEnum):
    BUSINESS = "business"
    CONSUMER = "consumer"
    PUBLIC_HEALTHCARE = "public_healthcare"  # podmiot publiczny będący podmiotem leczniczym


@dataclass(frozen=True, slots=True)
class InvoiceInput:
    number: str
    issue_date: date
    due_date: date  # payment deadline (termin płatności) as contracted, before art. 115
    amount: Decimal  # gross
    currency: str = "PLN"
    accepted_by_debtor: bool = False  # signed / accepted (art. 485 §1 pkt 2 KPC)
    delivered: bool = False  # proof of delivering the invoice on file (art. 485 §2^1 KPC)


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
    # Proof of the creditor's own performance (protokół odbioru, WZ, delivery note) on file;
    # a delivery receipt of a demand letter is not one (art. 485 §2^1 KPC, K6).
    has_proof_of_performance: bool = False
    eur_rate_override: Decimal | None = None
    handed_over_on: date | None = None  # oddanie dzieła (art. 646 KC), e.g. protokół odbioru
    contract_subject: str = ""  # the contract's subject as the creditor wrote it
    # every wezwanie do zapłaty sent (monit or final demand): art. 485 §1 pkt 3 KPC needs a
    # demand, not the final one; empty -> ``final_demand_on`` alone
    demands_on: tuple[date, ...] = ()


@dataclass(frozen=True, slots=True)
class PaymentAllocation:
    """How one payment was applied to one invoice (art. 451 KC): the figures behind any
    sentence about the payment ("zaliczono na odsetki ... a w pozostałej części ...")."""

    paid_on: date
    invoice_number: str
    to_interest: Decimal
    to_principal: Decimal


@dataclass(frozen=True, slots=True)
class InvoiceComputation:
    """One invoice's figures.

    Court-facing (the pozew and the petitum):

    * ``principal``: remaining principal after art. 451 allocation, claimed.
    * ``interest_from``: first day of the running interest on ``principal`` "do dnia
      zapłaty" - the day after the moved deadline, or after the last payment that settled
      the interest up to its day.
    * ``wymagalnosc``: data wymagalności (art. 187 §1 pkt 1^1 KPC), the day after the moved
      deadline; it does not change with partial payments.
    * ``capitalised_interest``: interest accrued before a payment and not paid by it,
      claimed as its own sum (counted into WPS) with interest from
      ``capitalised_interest_from`` (the filing day, art. 482 §1 KC); None when nothing.
    * ``compensation`` / ``compensation_eur``: rekompensata in PLN / EUR; None when not due
      or when no EUR rate is known (then ``compensation_rate_missing_on`` is set).
    * ``compensation_interest_from``: first day of interest (art. 481 KC) on the
      rekompensata, the day after it fell due (``compensation_due_on``).
    * ``interest_cites``: the bases of the interest claimed (K12).

    Memo only:

    * ``due_date``: the deadline as contracted; ``due_moved_to``: the art. 115 KC day when it
      moved (else None); ``interest_from_unmoved``: the unmoved reading's first day of
      interest when it differs (the alternative a partner may see).
    * ``interest_to_filing``, ``compensation_interest_to_filing``: accrued to the filing day.
    * ``interest_covered``: interest already paid off by partial payments.
    * ``limitation``; ``limitation_urgent``: barred under the conservative reading only (K4);
      ``limitation_watch_on``: the date the limitation watch tracks (None when not live).
    * ``excluded_reason``: why the invoice is left out of the claim (Polish), "" if claimed.
    """

    number: str
    due_date: date
    amount: Decimal
    principal: Figure[Decimal]  # remaining after art. 451 allocation
    interest_kind: InterestKind
    interest_from: date  # day after the (moved) deadline or after the last settling payment
    interest_to_filing: Figure[Decimal]  # memo only; the pozew asks "do dnia zapłaty"
    interest_covered: Decimal  # interest already paid off by partial payments
    compensation: Figure[Decimal] | None  # rekompensata in PLN, commercial only
    compensation_eur: Decimal | None
    limitation: LimitationResult
    issue_date: date | None = None
    due_moved_to: date | None = None  # art. 115 KC: the deadline's real last day, if moved
    wymagalnosc: date | None = None  # data wymagalności (art. 187 §1 pkt 1^1 KPC)
    interest_from_unmoved: date | None = None  # the unmoved reading, when it differs
    interest_cites: tuple[Cite, ...] = ()
    capitalised_interest: Figure[Decimal] | None = None
    capitalised_interest_from: date | None = None  # art. 482 §1 KC: from the filing day
    compensation_due_on: date | None = None
    compensation_interest_from: date | None = None
    compensation_interest_to_filing: Figure[Decimal] | None = None
    compensation_rate_missing_on: date | None = None  # the NBP table day that is missing
    limitation_urgent: bool = False
    limitation_watch_on: date | None = None
    excluded_reason: str = ""

    @property
    def claimed(self) -> bool:
        return not self.excluded_reason


@dataclass(frozen=True, slots=True)
class ClaimComputation:
    """The claim as the pozew states it and the memo explains it.

    Court-facing: ``invoices`` are the claimed invoices only (the petitum); the totals
    (``principal_total``, ``capitalised_interest_total``, ``compensation_total``, ``wps``),
    ``procedure``, ``court_level``, fees and costs are computed over them.
    ``principal_basis``: the contract's article for the principal (K12; empty when the case
    data does not say - then a ``principal_basis_unknown`` finding asks the partner);
    ``principal_basis_name``: the contract type in Polish ("umowa sprzedaży").

    Memo only: ``excluded_invoices`` (time-barred under every reading, each with its
    ``excluded_reason``; listed for the partner, never in the petitum), ``allocations``
    (each payment's split into interest and principal, for any sentence about payments),
    ``interest_to_filing_total``, ``procedure_reason`` (why this procedure, and why not
    nakazowe when it is not), ``limitation_watch`` ((invoice number, date) of every live
    invoice), ``findings``. ``compensation_applicable`` False (consumer debtor, no
    commercial transaction): no document mentions a rekompensata.

    If no invoice is claimable (all barred), ``invoices`` keeps them all, the case carries
    blockers and ``excluded_invoices`` is empty.
    """

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
    excluded_invoices: tuple[InvoiceComputation, ...] = ()
    capitalised_interest_total: Figure[Decimal] | None = None
    principal_basis: tuple[Cite, ...] = ()
    principal_basis_name: str = ""
    allocations: tuple[PaymentAllocation, ...] = ()
    limitation_watch: tuple[tuple[str, date], ...] = ()
    # False when no rekompensata can be due (not a commercial transaction, e.g. a consumer
    # debtor): documents then say nothing about a rekompensata at all
    compensation_applicable: bool = True

    @property
    def all_invoices(self) -> tuple[InvoiceComputation, ...]:
        return (*self.invoices, *self.excluded_invoices)


def limitation_watch_rows(claim: ClaimComputation) -> tuple[tuple[str, date, str], ...]:
    """(invoice number, date to watch, Polish reason) for every live claimed invoice (K4)."""
    rows = []
    for inv in claim.invoices:
        if inv.limitation_watch_on is None:
            continue
        lim = inv.limitation
        reason = f"przedawnienie roszczenia z faktury {inv.number}"
        if inv.limitation_urgent:
            reason += (
                f": według ostrożnego stanowiska upłynęło {_d(lim.expires_on)}, według "
                f"przeważającego poglądu upływa {_d(lim.latest_expires_on)} - wnieść niezwłocznie"
            )
        elif lim.contested:
            reason += f" (sporne: {_d(lim.expires_on)} albo {_d(lim.alternative_expires_on)})"
        reason += "; bez przesunięcia z art. 115 KC (SN III CZP 21/23)"
        rows.append((inv.number, inv.limitation_watch_on, reason))
    return tuple(rows)


def interest_kind(creditor_is_business: bool, debtor: DebtorKind) -> InterestKind:
    """Commercial interest when both parties are businesses, else art. 481 KC."""
    if not creditor_is_business or debtor is DebtorKind.CONSUMER:
        return InterestKind.STATUTORY
    if debtor is DebtorKind.PUBLIC_HEALTHCARE:
        return InterestKind.COMMERCIAL_HEALTHCARE
    return InterestKind.COMMERCIAL


def principal_basis(basis: Basis, contract_subject: str = "") -> tuple[Cite, str] | None:
    """The contract's article for the principal (K12), or None when the data does not say."""
    if basis is Basis.SERVICES and "zlecen" in contract_subject.lower():
        return MANDATE
    return CONTRACT_BASIS.get(basis)


def _limitation_findings(
    number: str, lim: LimitationResult, on: date, *, excluded: bool
) -> list[Finding]:
    cite = "; ".join(str(c) for c in lim.cites)
    latest = lim.latest_expires_on
    if lim.barred(on):
        severity = Severity.WARNING if excluded else Severity.BLOCKER
        left_out = " - faktura pominięta w pozwie" if excluded else ""
        if lim.consumer_ex_officio:
            return [
                Finding(
                    "limitation_expired_consumer",
                    severity,
                    f"Roszczenie z faktury {number} przedawnione z dniem {_d(latest)} - wobec "
                    f"konsumenta sąd uwzględni przedawnienie z urzędu{left_out}",
                    number,
                    "KC art. 117 §2^1",
                )
            ]
        return [
            Finding(
                "limitation_expired",
                severity,
                f"Roszczenie z faktury {number} przedawnione z dniem {_d(latest)} (przy każdym "
                f"stanowisku){left_out}",
                number,
                cite,
            )
        ]
    out = []
    if lim.urgent(on):
        out.append(
            Finding(
                "limitation_urgent",
                Severity.WARNING,
                f"Faktura {number}: według ostrożnego stanowiska przedawnienie upłynęło "
                f"{_d(lim.expires_on)}, według przeważającego poglądu upływa {_d(latest)} - wnieść "
                "pozew niezwłocznie",
                number,
                cite,
            )
        )
    elif lim.status(on, WARN_DAYS) is Status.NEAR:
        out.append(
            Finding(
                "limitation_near",
                Severity.WARNING,
                f"Faktura {number}: przedawnienie {_d(lim.expires_on)} - mniej niż {WARN_DAYS} dni",
                number,
                cite,
            )
        )
    if lim.contested:
        out.append(
            Finding(
                "limitation_contested",
                Severity.INFO,
                f"Sporny dzień przedawnienia: {_d(lim.expires_on)} albo "
                f"{_d(lim.alternative_expires_on)}",
                number,
                cite,
            )
        )
    return out


def _money_sum(figures: list[Figure[Decimal]]) -> Decimal:
    return sum((f.value for f in figures), Decimal(0))


PRE_TABLE_NOTE = (
    " (odsetek za dni przed 01.01.2016 tabela stóp programu nie obejmuje - do obliczenia ręcznie)"
)
PRE_TABLE_INTEREST = "interest_before_rate_table"  # finding code


def _pre_table_interest_finding(
    number: str, wymagalnosc: date, payment_days: tuple[date, ...]
) -> Finding:
    """Interest for days before 1.01.2016 cannot be computed from the stored rate table
    (``law.pl.rates.FIRST_SUPPORTED_DAY``). Without a payment the petitum (interest "od
    wymagalności do dnia zapłaty") is right and only the memo figures leave out the early
    days: a warning. A payment allocated to the invoice was split between interest and
    principal (art. 451 §1 KC) without the interest before 2016, so the claimed principal and
    the capitalised interest are wrong until computed by hand: a blocker."""
    earlier = f"od {_d(wymagalnosc)} do 31.12.2015"
    if payment_days:
        return Finding(
            PRE_TABLE_INTEREST,
            Severity.BLOCKER,
            f"Faktura {number}: odsetek za okres {earlier} nie można obliczyć z tabeli stóp "
            "programu (zaczyna się 01.01.2016), a wpłaty na tę fakturę zaliczono na odsetki i "
            "kapitał bez nich (art. 451 §1 KC) - kapitał i odsetki należy obliczyć ręcznie "
            "przed wniesieniem pozwu",
            number,
            "KC art. 451 §1, art. 481 §1",
        )
    return Finding(
        PRE_TABLE_INTEREST,
        Severity.WARNING,
        f"Faktura {number}: odsetek za okres {earlier} nie można obliczyć z tabeli stóp "
        "programu (zaczyna się 01.01.2016) - żądanie odsetek od dnia wymagalności jest "
        "poprawne, ale kwotę odsetek za ten okres należy obliczyć ręcznie (wyliczenie "
        "obejmuje odsetki od 01.01.2016)",
        number,
        "KC art. 481 §1",
    )


def compute_claim(
    claim: ClaimInput, extra_eur_rates: Mapping[date, Decimal] | None = None
) -> ClaimComputation:
    """Compute the claim as of ``claim.filing_date``."""
    if not claim.invoices:
        raise ValueError("roszczenie wymaga co najmniej jednej faktury")
    for inv in claim.invoices:
        if inv.amount <= 0:
            raise ValueError(f"faktura {inv.number}: kwota musi być dodatnia")
    if all(inv.currency != "PLN" for inv in claim.invoices):
        raise ValueError("obsługiwane są tylko faktury w złotych (PLN)")
    on = claim.filing_date
    kind = interest_kind(claim.creditor_is_business, claim.debtor_kind)
    commercial = kind is not InterestKind.STATUTORY
    consumer = claim.debtor_kind is DebtorKind.CONSUMER
    interest_cites = INTEREST_BASIS[kind]
    basis = principal_basis(claim.basis, claim.contract_subject)
    findings: list[Finding] = []

    pln = tuple(i for i in claim.invoices if i.currency == "PLN")
    for inv in claim.invoices:
        if inv.currency != "PLN":
            # intake refuses these; a case stored before that rule still drafts its PLN part
            findings.append(
                Finding(
                    "currency_unsupported",
                    Severity.BLOCKER,
                    f"Faktura {inv.number} wystawiona w walucie {inv.currency} - "
                    "dochodzenie roszczeń w walucie obcej nie jest obsługiwane",
                    inv.number,
                    "KPC art. 19 §1",
                )
            )
    moved = {i.number: payment_deadline(i.due_date) for i in pln}
    # The rate table starts on 1.01.2016 (law.pl.rates): interest for earlier days cannot be
    # computed from it. Such a debt accrues from 1.01.2016 only and its invoice carries a
    # finding (``_pre_table_interest_finding``): the earlier interest is computed by hand.
    accrues_after = {n: max(d, FIRST_SUPPORTED_DAY - timedelta(days=1)) for n, d in moved.items()}
    debts = tuple(Debt(i.number, accrues_after[i.number], i.amount, kind) for i in pln)
    payments = tuple(
        Payment(p.paid_on, p.amount, p.invoice_number, p.designated)
        for p in claim.payments
        if p.paid_on <= on
    )
    allocated = allocate(debts, payments)

    limitations = {
        inv.number: limitation(
            claim.basis,
            inv.due_date,
            handed_over=claim.handed_over_on if claim.basis is Basis.WORK else None,
            acknowledgements=(*claim.acknowledgements, *state.payment_days),
            consumer=consumer,
        )
        for inv, state in zip(pln, allocated.debts, strict=True)
    }
    any_live = any(not lim.barred(on) for lim in limitations.values())

    per_invoice: list[InvoiceComputation] = []
    for inv, state in zip(pln, allocated.debts, strict=True):
        lim = limitations[inv.number]
        deadline = moved[inv.number]
        wymagalnosc = deadline + timedelta(days=1)
        excluded = any_live and lim.barred(on)
        findings += _limitation_findings(inv.number, lim, on, excluded=excluded)
        before_table = (
            wymagalnosc < FIRST_SUPPORTED_DAY and state.principal + state.interest_unpaid > 0
        )
        if before_table and not excluded:
            findings.append(
                _pre_table_interest_finding(inv.number, wymagalnosc, state.payment_days)
            )
        if deadline >= on and state.principal > 0:
            # Not yet wymagalne on the filing day: a suit for it would be premature.
            findings.append(
                Finding(
                    "not_yet_due",
                    Severity.BLOCKER,
                    f"Roszczenie z faktury {inv.number} nie jest jeszcze wymagalne "
                    f"(termin płatności {_d(deadline)}); pozew byłby przedwczesny",
                    inv.number,
                    "KC art. 120 §1, art. 455",
                )
            )
        comp_figure: Figure[Decimal] | None = None
        comp_eur: Decimal | None = None
        rate_missing: date | None = None
        comp_interest: Figure[Decimal] | None = None
        comp_interest_from: date | None = None
        # the right to a rekompensata arises with the right to commercial interest: only when
        # something was still unpaid after the (moved) deadline (art. 10 ust. 1, art. 7 ust. 1)
        paid_in_time = sum(
            (
                a.to_principal
                for a in allocated.allocations
                if a.invoice_number == inv.number and a.paid_on <= deadline
            ),
            Decimal(0),
        )
        late = paid_in_time < inv.amount
        if commercial and late and deadline >= ACT_IN_FORCE and not excluded:
            try:
                comp = compensation(  # moves the deadline itself (art. 115 KC, K3)
                    inv.amount,
                    inv.due_date,
                    eur_rate=claim.eur_rate_override,
                    extra_rates=extra_eur_rates,
                )
                comp_figure, comp_eur = comp.figure, comp.eur
            except EurRateUnavailable as err:
                rate_missing = err.rate_day
                findings.append(
                    Finding(
                        "eur_rate_missing",
                        Severity.WARNING,
                        f"Brak średniego kursu EUR NBP (tabela A) z dnia {_d(rate_missing)} "
                        f"(ostatni dzień roboczy miesiąca poprzedzającego termin płatności "
                        f"{_d(deadline)}) - rekompensata za fakturę {inv.number} pominięta w "
                        "żądaniu i w WPS; uzupełnić kurs: handoff rates refresh albo "
                        f"handoff rates set EUR {rate_missing} KURS",
                        inv.number,
                        "u.p.n.o.t.h. art. 10 ust. 1",
                    )
                )
            if comp_figure is not None:
                # due on the day the right to commercial interest arises (art. 10 ust. 1
                # with art. 7 ust. 1); delay interest on it from the next day (art. 481 KC)
                comp_interest_from = wymagalnosc + timedelta(days=1)
                comp_counted_from = max(comp_interest_from, FIRST_SUPPORTED_DAY)
                comp_interest = Figure(
                    interest(
                        comp_figure.value, comp_counted_from, on, InterestKind.STATUTORY
                    ).amount,
                    COMPENSATION_INTEREST,
                    f"odsetki ustawowe za opóźnienie od rekompensaty od {_d(comp_counted_from)} "
                    f"do {_d(on)}"
                    + (PRE_TABLE_NOTE if comp_counted_from != comp_interest_from else ""),
                )
        paid_principal = inv.amount - state.principal
        # a debt no payment reached still accrues from its own deadline (the petitum's date),
        # even when the stored table only covers the days from 1.01.2016
        accrued = (
            state.accrued_through if state.accrued_through > accrues_after[inv.number] else deadline
        )
        interest_from = max(deadline, accrued) + timedelta(days=1)
        counted_from = max(interest_from, FIRST_SUPPORTED_DAY)
        capitalised: Figure[Decimal] | None = None
        if state.interest_unpaid > 0 and not excluded:
            capitalised = Figure(
                money(state.interest_unpaid),
                (*interest_cites, *CAPITALISED),
                f"odsetki od {_d(wymagalnosc)} do {_d(state.accrued_through)} niepokryte wpłatami, "
                "dochodzone jako odrębna kwota; odsetki od nich od dnia wniesienia pozwu",
            )
            findings.append(
                Finding(
                    "capitalised_interest",
                    Severity.INFO,
                    f"Odsetki {pl_money(state.interest_unpaid)} naliczone od {_d(wymagalnosc)} do "
                    f"{_d(state.accrued_through)} nie zostały pokryte wpłatą - dochodzone jako "
                    f"odrębna kwota (wliczona do WPS), z odsetkami od dnia wniesienia pozwu; "
                    f"odsetki od pozostałego kapitału biegną od {_d(interest_from)}",
                    inv.number,
                    "KC art. 451, art. 482 §1",
                )
            )
        principal = Figure(
            money(state.principal),
            (basis[0],) if basis else (),
            f"{pl_money(inv.amount)} - spłata kapitału {pl_money(paid_principal)}",
        )
        live = state.principal > 0 or capitalised is not None
        reason = (
            f"przedawnione z dniem {_d(lim.latest_expires_on)} przy każdym stanowisku "
            "(art. 117 KC) - pominięte w pozwie, do decyzji partnera"
            if excluded
            else ""
        )
        unmoved_from = inv.due_date + timedelta(days=1)
        per_invoice.append(
            InvoiceComputation(
                number=inv.number,
                due_date=inv.due_date,
                amount=inv.amount,
                principal=principal,
                interest_kind=kind,
                interest_from=interest_from,
                interest_to_filing=Figure(
                    interest_to(state, on),
                    interest_cites,
                    f"{KIND_NAMES[kind]} od {_d(counted_from)} do {_d(on)}"
                    + (PRE_TABLE_NOTE if counted_from != interest_from else ""),
                ),
                interest_covered=money(state.interest_covered),
                compensation=comp_figure,
                compensation_eur=comp_eur,
                limitation=lim,
                issue_date=inv.issue_date,
                due_moved_to=deadline if deadline != inv.due_date else None,
                wymagalnosc=wymagalnosc,
                interest_from_unmoved=unmoved_from
                if deadline != inv.due_date and interest_from == wymagalnosc
                else None,
                interest_cites=interest_cites,
                capitalised_interest=capitalised,
                capitalised_interest_from=on if capitalised is not None else None,
                compensation_due_on=wymagalnosc if comp_figure is not None else None,
                compensation_interest_from=comp_interest_from,
                compensation_interest_to_filing=comp_interest,
                compensation_rate_missing_on=rate_missing,
                limitation_urgent=lim.urgent(on),
                limitation_watch_on=lim.watch_date(on) if live and not excluded else None,
                excluded_reason=reason,
            )
        )

    claimed_inv = [i for i in per_invoice if i.claimed]
    excluded_inv = [i for i in per_invoice if not i.claimed]
    claimed_numbers = {i.number for i in claimed_inv}
    principal_sum = _money_sum([i.principal for i in claimed_inv])
    comps = [i.compensation for i in claimed_inv if i.compensation]
    comp_sum = _money_sum(comps)
    caps = [i.capitalised_interest for i in claimed_inv if i.capitalised_interest]
    cap_sum = _money_sum(caps)
    interest_sum = _money_sum([i.interest_to_filing for i in claimed_inv])
    comp_cites = (Cite("u.p.n.o.t.h.", "art. 10 ust. 1"),)
    claimed = [i.principal.value for i in claimed_inv if i.principal.value > 0]
    claimed += [f.value for f in caps] + [f.value for f in comps]
    value = wps(claimed)
    parts = [f"kapitał {pl_money(principal_sum)}"]
    if cap_sum > 0:
        parts.append(f"skapitalizowane odsetki {pl_money(cap_sum)}")
    if comp_sum > 0:
        parts.append(f"rekompensata {pl_money(comp_sum)}")
    wps_contested = comp_sum > 0
    wps_reason = " + ".join(parts) + ", zaokrąglone w górę"
    if wps_contested:
        wps_reason += "; rekompensata wliczona do WPS (stanowisko sporne, ostrożniejsze)"
    wps_figure = Figure(
        value.value,
        value.cites,
        wps_reason,
        contested=wps_contested,
        alternative=wps([principal_sum, cap_sum]).value if wps_contested else None,
    )

    claimed_inputs = [i for i in pln if i.number in claimed_numbers]
    grounds = NakazGrounds(
        all_invoices_accepted=all(i.accepted_by_debtor for i in claimed_inputs),
        # art. 485 §1 pkt 3 KPC: the debtor's written acknowledgement answers the demand, so
        # it must come on or after the demand (an earlier instalment request does not count).
        acknowledged_after_demand=any(
            a >= d
            for d in (claim.demands_on or (claim.final_demand_on,))
            if d is not None
            for a in claim.acknowledgements
        ),
        commercial_transaction=commercial,
        has_contract=claim.has_contract,
        has_proof_of_performance=claim.has_proof_of_performance,
        all_invoices_delivered=all(i.delivered for i in claimed_inputs),
        undelivered_invoices=tuple(i.number for i in claimed_inputs if not i.delivered),
    )
    outstanding_dues = [
        i.due_date for i in claimed_inv if i.principal.value > 0 or i.capitalised_interest
    ] or [i.due_date for i in claimed_inv]
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
    # K9: interest past the verified rate table assumes no change (art. 481 on a rekompensata
    # is statutory interest, verified through an earlier day than commercial interest)
    with_statutory = any(i.compensation_interest_to_filing for i in per_invoice)
    assumed_kind = InterestKind.STATUTORY if with_statutory else kind
    if (assumed := rate_assumption_finding(assumed_kind, on)) is not None:
        findings.append(assumed)
    if allocated.surplus > 0:
        findings.append(
            Finding(
                "overpayment",
                Severity.WARNING,
                f"Wpłaty przewyższają należności o {pl_money(allocated.surplus)}",
            )
        )
    if basis is None:
        findings.append(
            Finding(
                "principal_basis_unknown",
                Severity.WARNING,
                "Dane sprawy nie wskazują rodzaju umowy (sprzedaż, dzieło, usługi, zlecenie) - "
                "partner wskazuje podstawę prawną żądania należności głównej",
                "",
                "KPC art. 187 §1 pkt 2",
            )
        )
    fee = court_fee(value.value, choice.procedure, filed_on=on)
    attorney = attorney_fee(value.value, choice.procedure)
    costs = fee.value + attorney.total
    shown = claimed_inv or per_invoice
    missing_rates = sorted({d for i in shown if (d := i.compensation_rate_missing_on)})
    if not commercial:
        comp_reason = "rekompensata nie przysługuje (art. 10 u.p.n.o.t.h.: transakcje handlowe)"
    elif missing_rates:
        days = ", ".join(_d(d) for d in missing_rates)
        comp_reason = (
            f"suma rekompensat (per faktura); pominięte - brak kursu EUR NBP z dnia {days}"
        )
    else:
        comp_reason = "suma rekompensat (per faktura)"
    return ClaimComputation(
        invoices=tuple(shown),
        principal_total=Figure(money(principal_sum), WPS_CITES, "suma kapitału do zasądzenia"),
        compensation_total=Figure(money(comp_sum), comp_cites, comp_reason),
        interest_to_filing_total=Figure(
            money(interest_sum), interest_cites, f"odsetki do {_d(on)} (informacyjnie)"
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
            f"opłata {pl_money(fee.value)} + wynagrodzenie {pl_money(attorney.fee.value)} + "
            f"opłata skarbowa {pl_money(attorney.stamp_duty.value)}",
        ),
        findings=tuple(findings),
        surplus=money(allocated.surplus),
        excluded_invoices=tuple(excluded_inv) if claimed_inv else (),
        capitalised_interest_total=Figure(
            money(cap_sum), CAPITALISED, "suma skapitalizowanych odsetek (odrębne kwoty)"
        )
        if cap_sum > 0
        else None,
        principal_basis=(basis[0],) if basis else (),
        principal_basis_name=basis[1] if basis else "",
        allocations=tuple(
            PaymentAllocation(a.paid_on, a.invoice_number, a.to_interest, a.to_principal)
            for a in allocated.allocations
        ),
        limitation_watch=tuple(
            (i.number, i.limitation_watch_on) for i in shown if i.limitation_watch_on
        ),
        compensation_applicable=commercial,
    )
