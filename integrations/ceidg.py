"""CEIDG v3 (Centralna Ewidencja i Informacja o Działalności Gospodarczej, the register of
sole traders) client.

``GET {base}/firma?nip=...`` with ``Authorization: Bearer <JWT>``; ``204 No Content`` (or an
empty list) means nothing is registered under the NIP. The token is issued on application
at biznes.gov.pl; it is passed in by the caller and never logged. Without a token there is
no client at all - :mod:`integrations.verification` then records "CEIDG nie sprawdzony:
brak tokenu API". The detail endpoint is documented as returning the entries under
``firma`` (list); the search endpoint uses ``firmy``; we accept both. One NIP can have
several entries (an old, deleted business and a current one): the active one wins, else
the most recently started.

Statuses seen: AKTYWNY, WYKRESLONY, ZAWIESZONY, OCZEKUJE_NA_ROZPOCZECIE_DZIALANOSCI,
WYLACZNIE_W_FORMIE_SPOLKI. Third-party code mentions 1000 requests/hour (unverified).

References: registries.md §3 (shared/domain); dane.biznes.gov.pl API CEIDG v3.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import httpx

from integrations import http
from integrations.address import Address
from integrations.errors import MalformedResponse, NotFound
from integrations.vat_whitelist import normalise_nip

SERVICE = "ceidg"
CEIDG_BASE_URL = "https://dane.biznes.gov.pl/api/ceidg/v3"
ACTIVE = "AKTYWNY"
DELETED = "WYKRESLONY"
SUSPENDED = "ZAWIESZONY"


@dataclass(frozen=True, slots=True)
class CeidgCompany:
    """A sole trader's business entry."""

    id: str
    name: str  # business name (firma), usually includes the owner's name
    nip: str
    regon: str
    status: str
    owner_first_name: str
    owner_last_name: str
    address: Address  # adresDzialalnosci
    start_date: date | None
    suspension_date: date | None
    end_date: date | None
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)


def _str(value: Any) -> str:
    return str(value).strip() if value is not None else ""


def _iso(value: Any) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if isinstance(value, str) and value else None
    except ValueError:
        return None


def parse_company(entry: Any) -> CeidgCompany:
    if not isinstance(entry, Mapping):
        raise MalformedResponse("ceidg: entry is not an object", service=SERVICE)
    name = _str(http.field(entry, "nazwa", service=SERVICE))
    status = _str(http.field(entry, "status", service=SERVICE))
    owner = entry.get("wlasciciel") or {}
    adres = entry.get("adresDzialalnosci") or {}
    if not isinstance(owner, Mapping) or not isinstance(adres, Mapping):
        raise MalformedResponse("ceidg: unexpected wlasciciel/adres types", service=SERVICE)
    return CeidgCompany(
        id=_str(entry.get("id")),
        name=name,
        nip=_str(owner.get("nip") or entry.get("nip")),
        regon=_str(owner.get("regon") or entry.get("regon")),
        status=status,
        owner_first_name=_str(owner.get("imie")),
        owner_last_name=_str(owner.get("nazwisko")),
        address=Address(
            street=_str(adres.get("ulica")),
            building=_str(adres.get("budynek")),
            unit=_str(adres.get("lokal")),
            postcode=_str(adres.get("kod")),
            city=_str(adres.get("miasto")),
            country=_str(adres.get("kraj")),
        ),
        start_date=_iso(entry.get("dataRozpoczecia")),
        suspension_date=_iso(entry.get("dataZawieszenia")),
        end_date=_iso(entry.get("dataZakonczenia")),
        raw=entry,
    )


def _pick(companies: list[CeidgCompany]) -> CeidgCompany:
    active = [c for c in companies if c.status == ACTIVE]
    pool = active or companies
    return max(pool, key=lambda c: c.start_date or date.min)


class CeidgClient:
    """Sole-trader lookups by NIP. Needs an API token."""

    def __init__(
        self,
        client: httpx.Client,
        *,
        token: str,
        base_url: str = CEIDG_BASE_URL,
        retry: http.RetryPolicy = http.DEFAULT_RETRY,
        sleep: http.Sleep = time.sleep,
    ) -> None:
        if not token or not token.strip():
            raise ValueError("CEIDG needs an API token; pass ceidg=None to skip the registry")
        self._client = client
        self._token = token.strip()
        self._base_url = base_url.rstrip("/")
        self._retry = retry
        self._sleep = sleep

    def __repr__(self) -> str:  # keep the token out of logs and tracebacks
        return f"CeidgClient(base_url={self._base_url!r}, token=***)"

    def company_by_nip(self, nip: str) -> CeidgCompany:
        """The business registered under ``nip``; NotFound on 204 / empty answer."""
        number = normalise_nip(nip, service=SERVICE)
        response = http.send(
            self._client,
            "GET",
            f"{self._base_url}/firma",
            service=SERVICE,
            params={"nip": number},
            headers={"Authorization": f"Bearer {self._token}", "Accept": "application/json"},
            retry=self._retry,
            sleep=self._sleep,
        )
        if response.status_code == 204 or not response.content.strip():
            raise NotFound(f"ceidg: no business under NIP {number}", service=SERVICE)
        body = http.json_body(response, service=SERVICE)
        if not isinstance(body, Mapping):
            raise MalformedResponse("ceidg: body is not an object", service=SERVICE)
        entries = body.get("firma", body.get("firmy"))
        if isinstance(entries, Mapping):
            entries = [entries]
        if entries is None:
            raise MalformedResponse("ceidg: missing field 'firma'", service=SERVICE)
        if not isinstance(entries, list):
            raise MalformedResponse("ceidg: 'firma' is not a list", service=SERVICE)
        if not entries:
            raise NotFound(f"ceidg: no business under NIP {number}", service=SERVICE)
        return _pick([parse_company(e) for e in entries])
