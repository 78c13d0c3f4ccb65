"""From a case file to the claim computation's input (pure mapping, no rules of its own).

The legal rules live in ``law.pl.claim``; this module only translates what intake recorded
(``law.case.CaseFile``) into ``ClaimInput``: who the parties are, which invoices were accepted
or delivered, payments, acknowledgements, and which documents the file holds.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from law.case import CaseFile, EvidenceKind, LetterKind, PartyKind, copy_fields
from law.evidence import handover_date, invoice_delivery_proven, performance_proofs
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
    performance = performance_proofs(case)
    return ClaimInput(
        creditor_is_business=case.creditor.kind.is_business,
        debtor_kind=_DEBTOR_KIND[case.debtor.kind],
        basis=Basis(case.claim_basis),
        invoices=tuple(
            copy_fields(
                InvoiceInput,
                i,
                # art. 485 § 2^1 KPC needs the proof itself on file, not a recorded date
                delivered=invoice_delivery_proven(case, i.number),
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
        demands_on=tuple(
            sorted(
                x.sent_on
                for x in case.letters
                if x.kind in (LetterKind.REMINDER, LetterKind.FINAL_DEMAND)
            )
        ),
        # Proof of our own performance (art. 485 § 2^1 KPC, K6): a protokół odbioru, WZ or
        # delivery note on file - a final demand's delivery receipt does not count.
        has_proof_of_performance=bool(performance),
        eur_rate_override=eur_rate_override,
        handed_over_on=handover_date(case),  # art. 646 KC, from a protokół odbioru
        contract_subject=case.contract.subject if case.contract else "",
    )
