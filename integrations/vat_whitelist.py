"""Biała lista VAT (the Ministry of Finance's VAT payer white list) client.

Endpoints (all take ``?date=YYYY-MM-DD``, no authentication):

    GET /api/search/nip/{nip}                         -> one subject or ``null``
    GET /api/search/bank-account/{nrb}                -> a list of subjects
    GET /api/check/nip/{nip}/bank-account/{nrb}       -> accountAssigned TAK / NIE

Limits: 100 *search* and 5 000 *check* calls a day per IP; going over blocks the IP until
midnight, answered with 429. Counting the quota is the caller's job (cache by NIP and date);
this module only exposes the numbers and raises :class:`~integrations.errors.RateLimited`.
Production answers 403 without a User-Agent; :mod:`integrations.http` always sends one.

Every answer carries a ``requestId`` - a citable proof of the lookup; we keep it on every
result (and on ``NotFound`` for a NIP the list does not know). A NIP or account number that
fails its checksum raises :class:`~integrations.errors.InvalidIdentifier` (a ``ValueError``)
before any request is made, so a typo does not burn the daily quota.

References: registries.md §2 (shared/domain); MF OpenAPI "API Rejestr WL" v1.4.0+.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import httpx
from stdnum import iban
from stdnum.exceptions import ValidationError
from stdnum.pl import nip as stdnum_nip

from integrations import http
from integrations.errors import ClientRequestError, InvalidIdentifier, MalformedResponse, NotFound

SERVICE = "vat"
VAT_BASE_URL = "https://wl-api.mf.gov.pl"
VAT_TEST_BASE_URL = "https://wl-test.mf.gov.pl"
SEARCH_LIMIT_PER_DAY = 100
CHECK_LIMIT_PER_DAY = 5000
ACTIVE = "Czynny"  # statusVat of an active VAT payer; others: "Zwolniony", "Niezarejestrowany"


@dataclass(frozen=True, slots=True)
class VatSubject:
    """One entry of the white list as of ``requested_for``."""

    name: str
    nip: str
    regon: str
    krs: str
    status_vat: str
    working_address: str
    residence_address: str
    account_numbers: tuple[str, ...]
    removal_date: date | None
    removal_basis: str
    registration_legal_date: date | None
    request_id: str  # proof of the lookup - store it
    request_date_time: str  # as the service sent it, e.g. "10-10-2026 10:15:09"
    requested_for: date
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class AccountCheck:
    """Whether ``nrb`` is on the white list for ``nip`` on ``requested_for``."""

    nip: str
    nrb: str
    assigned: bool
    request_id: str
    request_date_time: str
    requested_for: date


def normalise_nip(nip: str, *, service: str = SERVICE) -> str:
    """Digits only; raise InvalidIdentifier when the checksum fails.

    >>> normalise_nip("PL 526-000-12-46")
    '5260001246'
    """
    candidate = re.sub(r"^PL", "", re.sub(r"[\s-]", "", nip or "").upper())
    try:
        return str(stdnum_nip.validate(candidate))
    except ValidationError as exc:
        raise InvalidIdentifier(f"invalid NIP: {nip!r}", service=service) from exc


def normalise_nrb(nrb: str) -> str:
    """26-digit NRB (Polish account number), checked as the IBAN ``PL`` + NRB."""
    digits = re.sub(r"\s", "", nrb or "").upper().removeprefix("PL")
    if not (len(digits) == 26 and digits.isdigit()):
        raise InvalidIdentifier("invalid bank account number (NRB)", service=SERVICE)
    try:
        iban.validate("PL" + digits)
    except ValidationError as exc:
        raise InvalidIdentifier("invalid bank account number (NRB)", service=SERVICE) from exc
    return digits


def _iso_date(value: Any) -> date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _str(value: Any) -> str:
    return str(value).strip() if value is not None else ""


def parse_subject(
    subject: Any, *, request_id: str, request_date_time: str, requested_for: date
) -> VatSubject:
    if not isinstance(subject, Mapping):
        raise MalformedResponse("vat: subject is not an object", service=SERVICE)
    name = _str(http.field(subject, "name", service=SERVICE))
    nip = _str(subject.get("nip"))
    if not name:
        raise MalformedResponse("vat: subject without a name", service=SERVICE)
    accounts = subject.get("accountNumbers") or []
    if not isinstance(accounts, list):
        raise MalformedResponse("vat: accountNumbers is not a list", service=SERVICE)
    return VatSubject(
        name=name,
        nip=nip,
        regon=_str(subject.get("regon")),
        krs=_str(subject.get("krs")),
        status_vat=_str(subject.get("statusVat")),
        working_address=_str(subject.get("workingAddress")),
        residence_address=_str(subject.get("residenceAddress")),
        account_numbers=tuple(_str(a) for a in accounts),
        removal_date=_iso_date(subject.get("removalDate")),
        removal_basis=_str(subject.get("removalBasis")),
        registration_legal_date=_iso_date(subject.get("registrationLegalDate")),
        request_id=request_id,
        request_date_time=request_date_time,
        requested_for=requested_for,
        raw=subject,
    )


class VatWhitelistClient:
    """Searches and checks against the VAT white list for a given day."""

    def __init__(
        self,
        client: httpx.Client,
        *,
        base_url: str = VAT_BASE_URL,
        retry: http.RetryPolicy = http.DEFAULT_RETRY,
        sleep: http.Sleep = time.sleep,
    ) -> None:
        self._client = client
        self._base_url = base_url.rstrip("/")
        self._retry = retry
        self._sleep = sleep

    def _result(self, path: str, on: date) -> tuple[Mapping[str, Any], str, str]:
        try:
            body = http.get_json(
                self._client,
                f"{self._base_url}{path}",
                service=SERVICE,
                params={"date": on.isoformat()},
                retry=self._retry,
                sleep=self._sleep,
            )
        except ClientRequestError as exc:
            # The service explains 400s as {"code": "WL-1xx", "message": "..."}; keep it.
            raise ClientRequestError(
                f"vat: request rejected (HTTP {exc.status}) {exc.detail[:200]}",
                service=SERVICE,
                status=exc.status,
                detail=exc.detail,
            ) from exc
        result = http.field(body, "result", service=SERVICE)
        if not isinstance(result, Mapping):
            raise MalformedResponse("vat: result is not an object", service=SERVICE)
        request_id = _str(http.field(result, "requestId", service=SERVICE))
        return result, request_id, _str(result.get("requestDateTime"))

    def search_nip(self, nip: str, *, on: date) -> VatSubject:
        """The subject registered under ``nip`` on ``on``; NotFound (with request_id) if none.

        Counts against :data:`SEARCH_LIMIT_PER_DAY`.
        """
        number = normalise_nip(nip)
        result, request_id, when = self._result(f"/api/search/nip/{number}", on)
        subject = http.field(result, "subject", service=SERVICE)
        if subject is None:
            raise NotFound(
                f"vat: NIP {number} not on the white list on {on.isoformat()}",
                service=SERVICE,
                request_id=request_id,
            )
        return parse_subject(
            subject, request_id=request_id, request_date_time=when, requested_for=on
        )

    def search_bank_account(self, nrb: str, *, on: date) -> tuple[VatSubject, ...]:
        """Every subject that lists ``nrb`` on ``on`` (empty when none).

        Counts against :data:`SEARCH_LIMIT_PER_DAY`.
        """
        number = normalise_nrb(nrb)
        result, request_id, when = self._result(f"/api/search/bank-account/{number}", on)
        subjects = result.get("subjects")
        if subjects is None:
            return ()
        if not isinstance(subjects, list):
            raise MalformedResponse("vat: subjects is not a list", service=SERVICE)
        return tuple(
            parse_subject(s, request_id=request_id, request_date_time=when, requested_for=on)
            for s in subjects
        )

    def check_nip_account(self, nip: str, nrb: str, *, on: date) -> AccountCheck:
        """Is ``nrb`` assigned to ``nip`` on ``on``? Counts against CHECK_LIMIT_PER_DAY."""
        number = normalise_nip(nip)
        account = normalise_nrb(nrb)
        result, request_id, when = self._result(
            f"/api/check/nip/{number}/bank-account/{account}", on
        )
        assigned = _str(http.field(result, "accountAssigned", service=SERVICE)).upper()
        if assigned not in {"TAK", "NIE"}:
            raise MalformedResponse(
                f"vat: accountAssigned is {assigned!r}, expected TAK or NIE", service=SERVICE
            )
        return AccountCheck(
            nip=number,
            nrb=account,
            assigned=assigned == "TAK",
            request_id=request_id,
            request_date_time=when,
            requested_for=on,
        )
