"""KSeF API v2 (Krajowy System e-Faktur): an invoice's XML and its UPO by the KSeF number.

The endpoint clients, the token flow and the models are ``ksef-client``'s (``AuthClient``,
``SecurityClient``, ``InvoicesClient``, ``SessionsClient``, ``AuthCoordinator``). They send
through any object with the library's ``request(method, path, ...)`` (``clients/base.py``):
:class:`KsefHttp` is that object over an ``httpx.Client`` the caller passes in, so a test
passes ``httpx.Client(transport=httpx.MockTransport(handler))`` and nothing reaches KSeF.

Flow (creditor's KSeF token, in the creditor's NIP context)::

    GET  /security/public-key-certificates   the Ministry's key to encrypt the token
    POST /auth/challenge, /auth/ksef-token    token|timestamp encrypted, RSA-OAEP
    GET  /auth/{ref}                          until 200 (authenticated)
    POST /auth/token/redeem                   the access token
    GET  /invoices/ksef/{number}              the FA(3) XML (header x-ms-meta-hash: its
                                              SHA-256, Base64)
    GET  /sessions?sessionType=...            the sending sessions around the number's day;
    GET  /sessions/{ref}/invoices             the one that holds the invoice;
    GET  /sessions/{ref}/invoices/ksef/{number}/upo   its UPO (urzędowe poświadczenie odbioru)

KSeF keeps the UPO per sending session: it is found by looking through the seller's
sessions of the number's day (the day before and after too: a session may span midnight,
Online or Batch), or directly when the creditor gives the session's reference number.

Errors: ``KsefFetchError`` (one Polish line) for everything; ``KsefUpoNotFound`` (a
subclass) when the invoice is there but no session of the seller holds its UPO.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import httpx
from ksef_client.clients.auth import AuthClient
from ksef_client.clients.invoices import InvoicesClient
from ksef_client.clients.security import SecurityClient
from ksef_client.clients.sessions import SessionsClient
from ksef_client.config import KsefEnvironment
from ksef_client.exceptions import KsefHttpError
from ksef_client.http import HttpResponse
from ksef_client.services.workflows import AuthCoordinator

TOKEN_ENV = "HANDOFF_KSEF_TOKEN"
ENVIRONMENT_ENV = "HANDOFF_KSEF_ENVIRONMENT"  # prod (default), demo, test
ENVIRONMENTS = ("prod", "demo", "test")
SESSION_TYPES = ("Online", "Batch")
MAX_PAGES = 20  # pages of sessions / session invoices looked through per type
PAGE_SIZE = 100


class KsefFetchError(RuntimeError):
    """The invoice or its UPO could not be fetched from KSeF; ``str()`` is one Polish line."""


class KsefUpoNotFound(KsefFetchError):
    """No sending session of the seller holds the invoice's UPO (the invoice itself is there)."""


def missing_token_message(creditor_nip: str) -> str:
    return (
        f"brak tokenu KSeF: wierzyciel musi wygenerować w KSeF token z uprawnieniem do "
        f"przeglądania faktur dla NIP {creditor_nip} i podać go kancelarii; ustaw go w "
        f"zmiennej środowiskowej {TOKEN_ENV}"
    )


def base_url(environment: str) -> str:
    """The API v2 address of ``environment`` (prod, demo, test) as ksef-client knows it."""
    try:
        root = KsefEnvironment[environment.strip().upper()].value
    except KeyError:
        raise KsefFetchError(
            f"nieznane środowisko KSeF {environment!r} (prod, demo albo test; "
            f"zmienna {ENVIRONMENT_ENV})"
        ) from None
    return root.rstrip("/") + "/v2"


class KsefHttp:
    """ksef-client's ``request`` contract over the caller's ``httpx.Client``.

    Relative paths go to ``base``; an absolute address (the library's pre-signed URLs) is
    refused: nothing here needs one, and a token must never leave for another host.
    Non-2xx answers raise the library's ``KsefHttpError`` (its endpoint clients expect
    that); transport failures raise ``KsefFetchError``.
    """

    def __init__(self, client: httpx.Client, base: str) -> None:
        self.client = client
        self.base = base.rstrip("/")

    def request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        json: dict[str, Any] | None = None,
        data: bytes | None = None,
        access_token: str | None = None,
        refresh_token: str | None = None,
        skip_auth: bool = False,
        expected_status: set[int] | None = None,
    ) -> HttpResponse:
        if "://" in path:
            raise KsefFetchError(f"KSeF wskazał adres spoza API ({httpx.URL(path).host})")
        sent = {"Accept": "application/json", "Accept-Encoding": "identity"}
        bearer = refresh_token or access_token
        if bearer and not skip_auth:
            sent["Authorization"] = f"Bearer {bearer}"
        sent.update(headers or {})
        try:
            response = self.client.request(
                method,
                f"{self.base}/{path.lstrip('/')}",
                params=params,
                headers=sent,
                json=json,
                content=data,
                follow_redirects=False,
            )
        except httpx.TimeoutException:
            raise KsefFetchError("KSeF nie odpowiedział w wyznaczonym czasie") from None
        except httpx.HTTPError as exc:
            raise KsefFetchError(f"brak połączenia z KSeF ({type(exc).__name__})") from None
        ok = (
            response.status_code in expected_status
            if expected_status
            else 200 <= response.status_code < 300
        )
        if not ok:
            raise KsefHttpError(
                response.status_code, response.text[:300], response_body=response.content
            )
        return HttpResponse(response.status_code, response.headers, response.content)


@dataclass(frozen=True, slots=True)
class FetchedInvoice:
    ksef_number: str
    xml: bytes
    sha256_base64: str  # of ``xml``; KSeF's own hash header agreed with it where sent


def sha256_base64(data: bytes) -> str:
    """The invoice hash as KSeF writes it (SHA-256, Base64): UPO ``SkrotDokumentu``."""
    return base64.b64encode(hashlib.sha256(data).digest()).decode("ascii")


class KsefApi:
    """One authenticated conversation with KSeF in the creditor's NIP context."""

    def __init__(self, http: httpx.Client, *, environment: str = "prod") -> None:
        self._http = KsefHttp(http, base_url(environment))
        self._auth = AuthClient(self._http)  # type: ignore[arg-type]
        self._security = SecurityClient(self._http)  # type: ignore[arg-type]
        self._invoices = InvoicesClient(self._http)  # type: ignore[arg-type]
        self._sessions = SessionsClient(self._http)  # type: ignore[arg-type]
        self._access: str | None = None

    def login(self, token: str | None, creditor_nip: str) -> None:
        """Authenticate with the creditor's KSeF token (``KsefFetchError`` without one)."""
        if not token:
            raise KsefFetchError(missing_token_message(creditor_nip))
        with _polish_errors("uwierzytelnienie w KSeF"):
            certs = self._security.get_public_key_certificates()
            usable = [c for c in certs if any(u.value == "KsefTokenEncryption" for u in c.usage)]
            if not usable:
                raise KsefFetchError("KSeF nie podał klucza publicznego do szyfrowania tokenu")
            auth = AuthCoordinator(self._auth).authenticate_with_ksef_token(  # type: ignore[arg-type]
                token=token,
                public_certificate=usable[0].certificate,
                public_key_id=usable[0].public_key_id,
                context_identifier_type="Nip",
                context_identifier_value=creditor_nip,
                poll_interval_seconds=0.5,
                max_attempts=20,
            )
        self._access = auth.tokens.access_token.token

    def _token(self) -> str:
        if self._access is None:
            raise KsefFetchError("najpierw uwierzytelnienie w KSeF (login)")
        return self._access

    def invoice(self, ksef_number: str) -> FetchedInvoice:
        """The invoice XML exactly as KSeF holds it; its hash checked against KSeF's header."""
        missing = f"KSeF nie zna faktury o numerze {ksef_number}"
        with _polish_errors(f"pobranie faktury {ksef_number}", not_found=missing):
            got = self._invoices.get_invoice_bytes(ksef_number, access_token=self._token())
        digest = sha256_base64(got.content)
        if got.sha256_base64 and got.sha256_base64 != digest:
            raise KsefFetchError(
                f"faktura {ksef_number} pobrana z KSeF uszkodzona: skrót SHA-256 nie zgadza się "
                "z podanym przez KSeF (pobierz ponownie)"
            )
        return FetchedInvoice(ksef_number, got.content, digest)

    def upo(self, ksef_number: str, assigned_on: date, *, session: str | None = None) -> bytes:
        """The UPO of the invoice: from ``session`` when given, else from the seller's session
        of the number's day that holds it (``KsefUpoNotFound`` when none does)."""
        token = self._token()
        where = f"pobranie UPO faktury {ksef_number}"
        if session is None:
            with _polish_errors(where):
                session = next(self._sessions_holding(ksef_number, assigned_on, token), None)
            if session is None:
                raise KsefUpoNotFound(
                    f"KSeF nie ma UPO faktury {ksef_number} w sesjach wysyłki sprzedawcy z "
                    f"{assigned_on.isoformat()} (poproś wierzyciela o UPO albo numer sesji)"
                )
        missing = f"KSeF nie ma UPO faktury {ksef_number} w sesji {session}"
        with _polish_errors(where, not_found=missing, missing=KsefUpoNotFound):
            return self._sessions.get_session_invoice_upo_by_ksef(
                session, ksef_number, access_token=token
            )

    def _sessions_holding(self, ksef_number: str, day: date, token: str) -> Iterator[str]:
        start = (day - timedelta(days=1)).isoformat() + "T00:00:00Z"
        end = (day + timedelta(days=1)).isoformat() + "T23:59:59Z"
        for kind in SESSION_TYPES:
            cont: str | None = None
            for _ in range(MAX_PAGES):
                page = self._sessions.get_sessions(
                    session_type=kind,
                    page_size=PAGE_SIZE,
                    continuation_token=cont,
                    date_created_from=start,
                    date_created_to=end,
                    access_token=token,
                )
                for s in page.sessions:
                    if s.successful_invoice_count and self._holds(s.reference_number, ksef_number):
                        yield s.reference_number
                cont = page.continuation_token
                if not cont:
                    break

    def _holds(self, session: str, ksef_number: str) -> bool:
        cont: str | None = None
        for _ in range(MAX_PAGES):
            page = self._sessions.get_session_invoices(
                session, page_size=PAGE_SIZE, continuation_token=cont, access_token=self._token()
            )
            if any(i.ksef_number == ksef_number for i in page.invoices):
                return True
            cont = page.continuation_token
            if not cont:
                return False
        return False


class _polish_errors:
    """Turn the library's errors inside the block into one Polish ``KsefFetchError``."""

    def __init__(
        self, what: str, *, not_found: str | None = None, missing: type = KsefFetchError
    ) -> None:
        self.what = what
        self.not_found = not_found
        self.missing = missing

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: Any
    ) -> bool:
        if exc is None or isinstance(exc, KsefFetchError):
            return False
        if isinstance(exc, KsefHttpError):
            if exc.status_code == 404 and self.not_found is not None:
                raise self.missing(self.not_found) from None
            if exc.status_code in (401, 403):
                raise KsefFetchError(
                    f"{self.what}: KSeF odmówił: HTTP {exc.status_code} (token nieważny albo "
                    "bez uprawnienia do odczytu faktur tego NIP)"
                ) from None
            if exc.status_code == 429:
                raise KsefFetchError(
                    f"{self.what}: KSeF odmówił: HTTP 429 (limit zapytań; spróbuj później)"
                ) from None
            raise KsefFetchError(f"{self.what}: KSeF odmówił: HTTP {exc.status_code}") from None
        if isinstance(exc, (RuntimeError, TimeoutError, ValueError, TypeError, KeyError)):
            raise KsefFetchError(f"{self.what} nie powiodło się: {exc}") from None
        return False
