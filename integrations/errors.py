"""Exceptions raised by the integration clients.

Every client raises only these; anything else escaping a client is a bug. Expected outcomes
of a lookup (a name that differs from the register, a debtor in bankruptcy) are not errors:
:mod:`integrations.verification` turns them into :class:`law.findings.Finding` values.

    IntegrationError                 every error carries ``service`` ("krs", "vat", ...)
     ├── ServiceUnavailable          timeouts, connection errors, 5xx after the retries
     ├── RateLimited                 429 after the retries; ``retry_after`` seconds or None
     ├── ClientRequestError          4xx other than 404/429; ``status`` and ``detail``
     ├── NotFound                    404 (or the service's own "nothing found" answer)
     ├── MalformedResponse           body not JSON/XML, or required fields missing
     └── InvalidIdentifier           also a ValueError: a NIP/KRS/account number failed
                                     validation, so no request was sent

``ServiceUnavailable`` and ``RateLimited`` are transient: retry on a later run.
"""

from __future__ import annotations


class IntegrationError(Exception):
    """Base class: something went wrong talking to an outside service."""

    def __init__(self, message: str, *, service: str = "") -> None:
        super().__init__(message)
        self.service = service


class ServiceUnavailable(IntegrationError):
    """The service did not answer usefully (timeout, connection error, 5xx after retries)."""


class RateLimited(IntegrationError):
    """The service answered 429 until the retries ran out (or asked us to wait too long)."""

    def __init__(
        self, message: str, *, service: str = "", retry_after: float | None = None
    ) -> None:
        super().__init__(message, service=service)
        self.retry_after = retry_after


class ClientRequestError(IntegrationError):
    """The service rejected the request (4xx other than 404 and 429)."""

    def __init__(self, message: str, *, service: str = "", status: int, detail: str = "") -> None:
        super().__init__(message, service=service)
        self.status = status
        self.detail = detail


class NotFound(IntegrationError):
    """The service has no record for the identifier.

    ``request_id`` is set when the service issues one for the empty answer (the VAT white
    list does) so that a "not found" can be cited as proof too.
    """

    def __init__(self, message: str, *, service: str = "", request_id: str = "") -> None:
        super().__init__(message, service=service)
        self.request_id = request_id


class MalformedResponse(IntegrationError):
    """The body could not be parsed or lacks a field we rely on."""


class InvalidIdentifier(IntegrationError, ValueError):
    """An identifier failed local validation; nothing was sent."""
