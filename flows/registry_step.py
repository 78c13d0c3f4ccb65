"""Debtor verification with the result cached in the case store.

One combined check per debtor identifier and day: a batch with many cases against one debtor
asks the registries once, and a partner sees when the debtor was verified (``checked_at``).
A check that came back "pending" (a registry was down) is not reused: the next run retries.
In offline mode (the default for the demo and the tests) no registry is asked and the case
carries the finding ``registry_not_checked`` until someone runs a live check.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

import httpx
from sqlmodel import Session, select

from config import Settings
from integrations.ceidg import CeidgClient
from integrations.krs import KrsClient
from integrations.vat_whitelist import VatWhitelistClient
from integrations.verification import DebtorIdentity, Verification, verify_debtor
from law.case import CaseFile, PartyKind
from law.findings import Finding, Severity
from store.tables import RegistryCheck

OFFLINE_FINDING = Finding(
    code="registry_not_checked",
    severity=Severity.WARNING,
    message="Dłużnik nie został zweryfikowany w rejestrach (tryb offline).",
    subject="rejestry",
)

Verifier = Callable[[DebtorIdentity, date], Verification]


class QuotaExhausted(Exception):
    """Today's white-list searches are used up; nothing was sent."""


def quota_finding(reason: str) -> Finding:
    return Finding(
        code="verification_pending",
        severity=Severity.WARNING,
        message=f"Weryfikacja w rejestrach odłożona: {reason}",
        subject="rejestry",
    )


def identity_of(case: CaseFile) -> DebtorIdentity:
    d = case.debtor
    kind = (
        "consumer"
        if d.kind is PartyKind.CONSUMER
        else ("sole_trader" if d.kind is PartyKind.SOLE_TRADER else "company")
    )
    return DebtorIdentity(
        kind=kind,
        name=d.name,
        nip=d.nip or "",
        regon=d.regon or "",
        krs=d.krs or "",
        street=d.address.street,
        postcode=d.address.postcode,
        city=d.address.city,
        bank_account=d.bank_account or "",
    )


def live_verifier(settings: Settings, http: httpx.Client) -> Verifier:
    """A verifier asking the real registries through ``http`` (one shared client)."""
    krs = KrsClient(http)
    vat = VatWhitelistClient(http)
    ceidg = CeidgClient(http, token=settings.ceidg_token) if settings.ceidg_token else None

    def verify(identity: DebtorIdentity, on: date) -> Verification:
        return verify_debtor(identity, on=on, krs=krs, vat=vat, ceidg=ceidg)

    return verify


def cached_verification(
    session: Session, case: CaseFile, on: date, verifier: Verifier | None
) -> tuple[Verification | None, tuple[Finding, ...]]:
    """The debtor's verification for ``on`` (from the cache or freshly asked) and findings."""
    if verifier is None:
        return None, (OFFLINE_FINDING,)
    identity = identity_of(case)
    key = identity.krs or identity.nip or f"case-{case.case_id}"
    hit = session.exec(
        select(RegistryCheck)
        .where(RegistryCheck.service == "verification")
        .where(RegistryCheck.identifier == key)
        .where(RegistryCheck.checked_on == on)
        .where(RegistryCheck.status != "pending")
        .order_by(RegistryCheck.id.desc())  # type: ignore[union-attr]
    ).first()
    if hit is not None:
        result = Verification.from_dict(json.loads(hit.snapshot_json))
        return result, result.findings
    result = verifier(identity, on)  # QuotaExhausted propagates: the caller decides
    request_ids = [s.request_id for s in result.sources if s.request_id]
    session.add(
        RegistryCheck(
            case_id=case.case_id,
            service="verification",
            identifier=key,
            checked_on=on,
            status=result.status,
            request_id=",".join(request_ids) or None,
            snapshot_json=json.dumps(result.to_dict(), ensure_ascii=False, default=str),
        )
    )
    return result, result.findings
