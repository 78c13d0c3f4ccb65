"""From a case file to the claim computation's input (pure mapping, no rules of its own).

The legal rules live in ``law.pl.claim``; this module only translates what intake recorded
(``law.case.CaseFile``) into ``ClaimInput``: who the parties are, which invoices were accepted
or delivered, payments, acknowledgements, and which documents the file holds.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from law.case import CaseFile, EvidenceKind, PartyKind, copy_fields
from law.pl.claim import ClaimInput, DebtorKind, InvoiceInput, PaymentInput
from law.pl.limitation import Basis

_DEBTOR_KIND = {
    PartyKind.COMPANY: DebtorKind.BUSINESS,
    PartyKind.SOLE_TRADER: DebtorKind.BUSINESS,
    PartyKind.CONSUMER: DebtorKind.CONSUMER,
    PartyKind.PUBLIC_HEALTHCARE: DebtorKind.PUBLIC_HEALTHCARE,
}


def claim_input(
    case: CaseFile, filing_date: date, eur_rate_override: Decimal | None = None
) -> ClaimInput:
    """The claim input for ``case`` as if filed on ``filing_date``."""
    kinds = {e.kind for e in case.evidence}
    return ClaimInput(
        creditor_is_business=case.creditor.kind.is_business,
        debtor_kind=_DEBTOR_KIND[case.debtor.kind],
        basis=Basis(case.claim_basis),
        invoices=tuple(
            copy_fields(
                InvoiceInput,
                i,
                delivered=i.delivered_on is not None or i.delivery_proof_file is not None,
            )
            for i in case.invoices
        ),
        payments=tuple(copy_fields(PaymentInput, p) for p in case.payments),
        acknowledgements=case.acknowledgements,
        filing_date=filing_date,
        has_contract=case.contract is not None
        and (case.contract.file is not None or EvidenceKind.CONTRACT in kinds),
        has_final_demand=case.final_demand is not None,
        final_demand_on=case.final_demand.sent_on if case.final_demand else None,
        # Proof of our own performance (art. 485 § 2^1 KPC): a delivery confirmation on file.
        has_proof_of_performance=EvidenceKind.DELIVERY_PROOF in kinds,
        eur_rate_override=eur_rate_override,
    )
