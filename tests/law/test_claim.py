"""The claim aggregate on a realistic case; every expected value computed by hand below."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from law.findings import Severity
from law.pl.claim import (
    ClaimInput,
    DebtorKind,
    InvoiceInput,
    PaymentInput,
    compute_claim,
    interest_kind,
)
from law.pl.fees import Procedure
from law.pl.limitation import Basis
from law.pl.procedure import CourtLevel
from law.pl.rates import InterestKind

D = Decimal
B2B_SALE = ClaimInput(
    creditor_is_business=True,
    debtor_kind=DebtorKind.BUSINESS,
    basis=Basis.SALE,
    invoices=(
        InvoiceInput("FV/1/2023", date(2023, 1, 2), date(2023, 1, 31), D("10000.00")),
        InvoiceInput("FV/2/2023", date(2023, 2, 1), date(2023, 2, 28), D("5000.00")),
        InvoiceInput("FV/3/2023", date(2023, 3, 1), date(2023, 3, 15), D("60000.00")),
    ),
    payments=(PaymentInput(date(2023, 3, 31), D("3000.00")),),  # no invoice named
    has_final_demand=True,
    filing_date=date(2024, 3, 1),
)


def test_three_invoices_with_partial_payment() -> None:
    result = compute_claim(B2B_SALE)
    fv1, fv2, fv3 = result.invoices
    # Commercial interest: 16,75 % in 2023, 15,75 % in 2024 H1 (ref 5,75 on 1.01.2024 + 10).
    assert fv1.interest_kind is InterestKind.COMMERCIAL
    # Art. 451 §3: the 3 000 zł goes to the oldest debt FV/1, interest first:
    # 10 000 x 16,75 % x 59/365 = 270,75 -> principal 10 000 - 2 729,25 = 7 270,75.
    assert fv1.interest_covered == D("270.75")
    assert fv1.principal.value == D("7270.75")
    # The payment settled interest through 2023-03-31, so the demand for interest on the
    # remaining principal runs from the next day (a claim from 2023-02-01 would ask twice).
    assert fv1.interest_from == date(2023, 4, 1)
    # FV/1 to filing: 7 270,75 x (16,75 % x 275 + 15,75 % x 61) / 365 = 1 108,94
    assert fv1.interest_to_filing.value == D("1108.94")
    # FV/2: 5 000 x (16,75 % x 306 + 15,75 % x 61) / 365 = 833,73
    assert fv2.interest_to_filing.value == D("833.73")
    # FV/3: 60 000 x (16,75 % x 291 + 15,75 % x 61) / 365 = 9 591,78
    assert fv3.interest_to_filing.value == D("9591.78")
    # Rekompensata: FV/1 70 EUR x 4,6899 (2022-12-30) = 328,29; FV/2 40 EUR x 4,7089
    # (2023-01-31) = 188,36; FV/3 100 EUR x 4,7170 (2023-02-28) = 471,70.
    assert [i.compensation.value for i in result.invoices if i.compensation] == [
        D("328.29"),
        D("188.36"),
        D("471.70"),
    ]
    assert result.principal_total.value == D("72270.75")
    assert result.compensation_total.value == D("988.35")
    # WPS = 72 270,75 + 988,35 = 73 259,10 -> 73 260 (rounded up); contested (rekompensata)
    assert result.wps.value == D("73260.00") and result.wps.contested
    assert result.wps.alternative == D("72271.00")
    # No nakaz documents, all due within 3 years -> EPU; 1/4 x 5 % x 73 260 = 915,75 -> 916
    # (rounded up to the full złoty, art. 21 u.k.s.c., polish_law.md 0b K1)
    assert result.procedure is Procedure.EPU and result.epu_admissible
    assert result.court_level is CourtLevel.REJONOWY
    assert result.gospodarcze and not result.simplified
    assert result.court_fee.value == D("916.00")
    assert result.attorney_fee.value == D("3600.00")  # § 3, 50 000-200 000
    assert result.stamp_duty.value == D("17.00")
    assert result.total_costs.value == D("4533.00")
    # Sale, 2 years + year-end: all expire 2025-12-31 (FV/1 interrupted 2023-03-31, same year-end)
    assert {i.limitation.expires_on for i in result.invoices} == {date(2025, 12, 31)}
    assert result.findings == ()


def test_findings_near_expired_consumer_epu() -> None:
    claim = ClaimInput(
        creditor_is_business=True,
        debtor_kind=DebtorKind.CONSUMER,
        basis=Basis.SALE,
        invoices=(
            InvoiceInput("OLD", date(2021, 1, 1), date(2021, 1, 15), D("1000.00")),
            InvoiceInput("NEAR", date(2022, 12, 1), date(2022, 12, 15), D("1000.00")),
        ),
        filing_date=date(2024, 11, 1),
    )
    result = compute_claim(claim)
    codes = {(f.code, f.subject, f.severity) for f in result.findings}
    # OLD: 2021-01-16 + 2 y -> 2023-12-31, expired under every reading; consumer (art. 117
    # §2^1); NEAR is alive, so OLD is left out of the claim (K4, per invoice): a warning
    assert ("limitation_expired_consumer", "OLD", Severity.WARNING) in codes
    assert [i.number for i in result.excluded_invoices] == ["OLD"]
    assert [i.number for i in result.invoices] == ["NEAR"]
    # NEAR: 2022-12-16 + 2 y -> 2024-12-31, 60 days after filing -> warning
    assert ("limitation_near", "NEAR", Severity.WARNING) in codes
    assert ("no_final_demand", "", Severity.WARNING) in codes
    assert result.invoices[0].interest_kind is InterestKind.STATUTORY
    assert all(i.compensation is None for i in result.all_invoices)  # not commercial
    # only NEAR is claimed: due 2022-12-15, within 3 years of filing -> EPU (art. 505^29a)
    assert not result.gospodarcze and result.procedure is Procedure.EPU
    assert result.principal_total.value == D("1000.00")


def test_all_invoices_barred_block_the_case() -> None:
    claim = ClaimInput(
        creditor_is_business=True,
        debtor_kind=DebtorKind.CONSUMER,
        basis=Basis.SALE,
        invoices=(InvoiceInput("OLD", date(2021, 1, 1), date(2021, 1, 15), D("1000.00")),),
        filing_date=date(2024, 11, 1),
    )
    result = compute_claim(claim)
    codes = {(f.code, f.subject, f.severity) for f in result.findings}
    # barred under every reading and nothing else to claim: art. 117 §2^1 blocker
    assert ("limitation_expired_consumer", "OLD", Severity.BLOCKER) in codes
    assert ("epu_not_admissible", "", Severity.INFO) in codes
    assert [i.number for i in result.invoices] == ["OLD"] and not result.excluded_invoices
    assert result.procedure is Procedure.UPOMINAWCZE


def test_accepted_invoices_choose_nakazowe_and_healthcare_rate() -> None:
    claim = ClaimInput(
        creditor_is_business=True,
        debtor_kind=DebtorKind.PUBLIC_HEALTHCARE,
        basis=Basis.SALE,
        invoices=(
            InvoiceInput(
                "H1", date(2025, 1, 2), date(2025, 1, 31), D("4000"), accepted_by_debtor=True
            ),
        ),
        filing_date=date(2025, 3, 1),
        has_final_demand=True,
        eur_rate_override=D("4.3000"),
    )
    result = compute_claim(claim)
    assert result.invoices[0].interest_kind is InterestKind.COMMERCIAL_HEALTHCARE
    assert result.procedure is Procedure.NAKAZOWE
    assert result.invoices[0].compensation is not None
    assert result.invoices[0].compensation.value == D("172.00")  # 40 EUR x 4,30
    # WPS 4 000 + 172 = 4 172 -> fee 400 / 4 = 100; attorney § 3 600; + 17
    assert result.court_fee.value == D("100.00")
    assert result.total_costs.value == D("717.00")


@pytest.mark.parametrize(
    ("creditor", "debtor", "kind"),
    [
        (True, DebtorKind.BUSINESS, InterestKind.COMMERCIAL),
        (True, DebtorKind.PUBLIC_HEALTHCARE, InterestKind.COMMERCIAL_HEALTHCARE),
        (True, DebtorKind.CONSUMER, InterestKind.STATUTORY),
        (False, DebtorKind.BUSINESS, InterestKind.STATUTORY),
    ],
)
def test_interest_kind(creditor: bool, debtor: DebtorKind, kind: InterestKind) -> None:
    assert interest_kind(creditor, debtor) is kind


def test_rejects_a_claim_with_no_pln_invoice() -> None:
    bad = InvoiceInput("X", date(2024, 1, 1), date(2024, 1, 31), D(10), currency="EUR")
    with pytest.raises(ValueError):
        compute_claim(ClaimInput(True, DebtorKind.BUSINESS, Basis.SALE, (bad,), date(2024, 3, 1)))


@pytest.mark.parametrize(
    ("acknowledged", "expected"),
    [
        # an instalment request written before the demand is not the art. 485 §1 pkt 3 answer
        (date(2023, 9, 1), Procedure.UPOMINAWCZE),
        # a written acknowledgement after the demand is: nakazowe
        (date(2023, 11, 20), Procedure.NAKAZOWE),
    ],
)
def test_nakazowe_needs_acknowledgement_after_the_demand(
    acknowledged: date, expected: Procedure
) -> None:
    from dataclasses import replace

    claim = replace(
        B2B_SALE,
        invoices=(InvoiceInput("FV/9", date(2023, 6, 1), date(2023, 6, 30), D("150000.00")),),
        payments=(),
        final_demand_on=date(2023, 11, 10),
        acknowledgements=(acknowledged,),
        filing_date=date(2026, 11, 23),
    )
    assert compute_claim(claim).procedure is expected


def test_invoice_not_yet_due_on_the_filing_day_is_a_blocker() -> None:
    from dataclasses import replace

    claim = replace(
        B2B_SALE,
        invoices=(InvoiceInput("FV/10", date(2024, 2, 1), date(2024, 3, 1), D("1000.00")),),
        payments=(),
        filing_date=date(2024, 3, 1),  # the deadline itself: wymagalne only from 2 March
    )
    found = [f for f in compute_claim(claim).findings if f.code == "not_yet_due"]
    assert len(found) == 1 and found[0].severity is Severity.BLOCKER
    later = compute_claim(replace(claim, filing_date=date(2024, 3, 2))).findings
    assert "not_yet_due" not in {f.code for f in later}


def test_capitalised_interest_is_its_own_item_in_the_wps() -> None:
    from dataclasses import replace

    claim = replace(
        B2B_SALE,
        invoices=(B2B_SALE.invoices[0],),
        payments=(PaymentInput(date(2023, 3, 31), D("3000.00"), "FV/1/2023", designated=True),),
    )
    result = compute_claim(claim)
    (inv,) = result.invoices
    # designated for the principal (art. 451 §1): 7 000 left; the interest accrued 1.02-31.03
    # (59 days x 16,75 % x 10 000 / 365 = 270,75) is claimed as its own sum, with interest
    # from the filing day only (art. 482 §1 KC), and counted into the WPS (polish_law.md 3.3)
    assert inv.principal.value == D("7000.00")
    assert inv.capitalised_interest is not None
    assert inv.capitalised_interest.value == D("270.75")
    assert inv.capitalised_interest_from == date(2024, 3, 1)
    assert inv.interest_from == date(2023, 4, 1)
    assert inv.wymagalnosc == date(2023, 2, 1)  # the invoice's wymagalność does not move
    assert result.capitalised_interest_total is not None
    assert result.capitalised_interest_total.value == D("270.75")
    # WPS = 7 000 + 270,75 + rekompensata 70 EUR x 4,6899 = 328,29 -> 7 599,04 -> 7 600
    assert result.wps.value == D("7600.00")
    assert result.allocations[0].to_principal == D("3000.00")
    assert result.allocations[0].to_interest == D("0")
    assert "skapitalizowane odsetki 270,75 zł" in result.wps.reason


def test_missing_eur_rate_leaves_the_rekompensata_out_k8() -> None:
    # deadline Sun 30.08.2026 -> Mon 31.08 (art. 115 KC): the rate of the last working day of
    # July 2026 (Fri 31.07.2026) is needed; the bundled table ends 8.04.2025
    claim = ClaimInput(
        True,
        DebtorKind.BUSINESS,
        Basis.WORK,
        (InvoiceInput("FV/7", date(2026, 7, 31), date(2026, 8, 30), D("48585.00")),),
        date(2026, 12, 1),
        has_final_demand=True,
    )
    result = compute_claim(claim)
    (inv,) = result.invoices
    assert inv.compensation is None and inv.compensation_rate_missing_on == date(2026, 7, 31)
    (missing,) = [f for f in result.findings if f.code == "eur_rate_missing"]
    assert "2026-07-31" in missing.message and "handoff rates set EUR 2026-07-31" in missing.message
    assert "rates refresh" in missing.message
    # never "rekompensata 0,00 zł ... wliczona": the WPS is the principal alone
    assert result.compensation_total.value == 0 and not result.wps.contested
    assert "rekompensata" not in result.wps.reason
    assert result.wps.value == D("48585.00")
    # with the rate supplied (e.g. `handoff rates set`): 48 585 zł < 50 000 zł -> 70 EUR
    rated = compute_claim(claim, extra_eur_rates={date(2026, 7, 31): D("4.2500")})
    assert rated.invoices[0].compensation is not None
    assert rated.invoices[0].compensation.value == D("297.50")  # 70 x 4,25


def test_rekompensata_bears_art_481_interest_from_the_day_after_it_fell_due() -> None:
    claim = ClaimInput(
        True,
        DebtorKind.BUSINESS,
        Basis.SALE,
        (InvoiceInput("H1", date(2025, 1, 2), date(2025, 1, 31), D("4000")),),
        date(2025, 3, 1),
        has_final_demand=True,
        eur_rate_override=D("4.3000"),
    )
    (inv,) = compute_claim(claim).invoices
    # rekompensata 40 EUR x 4,30 = 172,00 due 1.02.2025 (with the right to commercial
    # interest, art. 10 ust. 1 with art. 7 ust. 1); art. 481 KC interest from 2.02.2025:
    # 172 x 11,25 % (ref 5,75 + 5,5) x 28 / 365 = 1,48
    assert inv.compensation_due_on == date(2025, 2, 1)
    assert inv.compensation_interest_from == date(2025, 2, 2)
    assert inv.compensation_interest_to_filing is not None
    assert inv.compensation_interest_to_filing.value == D("1.48")
    assert [str(c) for c in inv.compensation_interest_to_filing.cites] == [
        "KC art. 481 §1",
        "KC art. 481 §2",
    ]


@pytest.mark.parametrize(
    ("basis", "subject", "expected", "source"),
    [
        (Basis.SALE, "", "KC art. 535", "K12: sale"),
        (Basis.WORK, "Roboty instalacyjne", "KC art. 627", "K12: work"),
        (Basis.SERVICES, "Obsługa serwisowa", "KC art. 750", "K12: services"),
        (Basis.SERVICES, "Umowa zlecenia obsługi", "KC art. 734", "K12: mandate"),
        (Basis.BUSINESS, "", None, "K12: not in the data -> ask the partner"),
    ],
)
def test_principal_basis_is_the_contract_k12(
    basis: Basis, subject: str, expected: str | None, source: str
) -> None:
    from dataclasses import replace

    result = compute_claim(replace(B2B_SALE, basis=basis, contract_subject=subject))
    assert [str(c) for c in result.principal_basis] == ([expected] if expected else []), source
    unknown = [f for f in result.findings if f.code == "principal_basis_unknown"]
    assert bool(unknown) is (expected is None), source
    assert "KC art. 451" not in [str(c) for c in result.principal_basis]
    assert "u.p.n.o.t.h. art. 7 ust. 1" in [str(c) for c in result.interest_to_filing_total.cites]


def test_consumer_claim_has_no_rekompensata_wording() -> None:
    claim = ClaimInput(
        True,
        DebtorKind.CONSUMER,
        Basis.SALE,
        (InvoiceInput("K1", date(2026, 5, 1), date(2026, 5, 15), D("3000")),),
        date(2026, 12, 1),
        has_final_demand=True,
    )
    result = compute_claim(claim)
    assert result.invoices[0].compensation is None
    assert result.invoices[0].compensation_rate_missing_on is None
    assert "rekompensat" not in result.wps.reason
    assert "eur_rate_missing" not in {f.code for f in result.findings}


def test_foreign_currency_invoice_is_a_blocker_not_a_crash() -> None:
    eur = InvoiceInput("E1", date(2024, 1, 1), date(2024, 1, 31), D(10), currency="EUR")
    pln = InvoiceInput("P1", date(2024, 1, 1), date(2024, 1, 31), D(1000))
    result = compute_claim(
        ClaimInput(True, DebtorKind.BUSINESS, Basis.SALE, (pln, eur), date(2024, 3, 1))
    )
    assert [i.number for i in result.invoices] == ["P1"]
    (f,) = [f for f in result.findings if f.code == "currency_unsupported"]
    assert f.severity is Severity.BLOCKER and f.subject == "E1"


@pytest.mark.parametrize(
    ("paid_on", "amount", "rekompensata", "source"),
    [
        # deadline Sat 19.09.2026 -> Mon 21.09 (art. 115 KC): paid in full on Monday = on time
        (date(2026, 9, 21), D("4000"), None, "K3 + art. 10 ust. 1: paid in full in time"),
        (date(2026, 9, 22), D("4000"), D("172.00"), "art. 10 ust. 1: one day late -> 40 EUR"),
        (date(2026, 9, 18), D("3000"), D("172.00"), "part paid in time, the rest late"),
    ],
)
def test_rekompensata_only_for_a_late_payment(
    paid_on: date, amount: Decimal, rekompensata: Decimal | None, source: str
) -> None:
    claim = ClaimInput(
        True,
        DebtorKind.BUSINESS,
        Basis.SALE,
        (
            InvoiceInput("A", date(2026, 9, 1), date(2026, 9, 19), D("4000")),
            InvoiceInput("B", date(2026, 9, 1), date(2026, 10, 30), D("1000")),
        ),
        date(2026, 12, 1),
        payments=(PaymentInput(paid_on, amount, "A", designated=True),),
        has_final_demand=True,
        eur_rate_override=D("4.3000"),
    )
    a = compute_claim(claim).invoices[0]
    got = a.compensation.value if a.compensation else None
    assert got == rekompensata, source


@pytest.mark.parametrize(
    ("demands", "acknowledged", "expected", "source"),
    [
        # art. 485 §1 pkt 3 KPC: "wezwanie dłużnika do zapłaty i pisemne oświadczenie o
        # uznaniu długu" - any demand (a monit too), answered by a written acknowledgement
        ((date(2023, 9, 1), date(2023, 11, 10)), date(2023, 9, 5), Procedure.NAKAZOWE, "monit"),
        ((date(2023, 11, 10),), date(2023, 9, 5), Procedure.UPOMINAWCZE, "ack before demand"),
    ],
)
def test_any_demand_answered_by_acknowledgement_is_nakazowe(
    demands: tuple[date, ...], acknowledged: date, expected: Procedure, source: str
) -> None:
    from dataclasses import replace

    claim = replace(
        B2B_SALE,
        invoices=(InvoiceInput("FV/9", date(2023, 6, 1), date(2023, 6, 30), D("150000.00")),),
        payments=(),
        final_demand_on=date(2023, 11, 10),
        demands_on=demands,
        acknowledgements=(acknowledged,),
        filing_date=date(2026, 11, 23),
    )
    assert compute_claim(claim).procedure is expected, source
