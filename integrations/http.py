"""The one request helper every client goes through: headers, retries, error mapping.

:func:`send` performs one logical request over an injected ``httpx.Client`` and returns the
response only when it is 2xx. Everything else becomes an exception from
:mod:`integrations.errors`:

    transport error / timeout   retried, then ServiceUnavailable
    5xx                         retried, then ServiceUnavailable
    429                         retried (honouring Retry-After), then RateLimited
    404                         NotFound (not retried)
    other 4xx (and 3xx)         ClientRequestError (not retried)

Theory of operation. Attempt ``n`` (0-based) that fails transiently waits
``min(max_delay, base_delay * 2**n)`` stretched by up to ``jitter`` (a fraction, drawn from
the injected ``rng``) before the next attempt. A ``Retry-After`` header (seconds or an HTTP
date) replaces the computed delay; if it asks for more than ``max_retry_after`` we do not
wait at all and raise at once (the VAT white list blocks an IP until midnight - sleeping
through that inside a batch helps nobody). ``sleep``, ``rng`` and ``clock`` are parameters
so tests run instantly and can assert the exact delays.

Logging names the service, the method, the status and the attempt, never the URL or body:
URLs carry NIPs and account numbers, bodies carry names and addresses.
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from integrations.errors import (
    ClientRequestError,
    MalformedResponse,
    NotFound,
    RateLimited,
    ServiceUnavailable,
)

log = logging.getLogger(__name__)

USER_AGENT = "kancelaria-handoff/0.1 (+debt-collection case handoff; python-httpx)"
DEFAULT_TIMEOUT = httpx.Timeout(15.0, connect=5.0)

Sleep = Callable[[float], None]
Rng = Callable[[], float]
Clock = Callable[[], datetime]


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how patiently to retry transient failures."""

    attempts: int = 4  # total tries, including the first
    base_delay: float = 0.5  # seconds before the 2nd try
    max_delay: float = 20.0  # cap of the computed backoff
    jitter: float = 0.25  # up to +25 % random stretch
    max_retry_after: float = 120.0  # a longer Retry-After means "give up now"

    def backoff(self, attempt: int, rng: Rng = random.random) -> float:
        """Delay after failed attempt ``attempt`` (0-based), jitter included."""
        delay = min(self.max_delay, self.base_delay * (2**attempt))
        return delay * (1 + self.jitter * rng())


DEFAULT_RETRY = RetryPolicy()
NO_RETRY = RetryPolicy(attempts=1)


def _utcnow() -> datetime:
    return datetime.now(UTC)


def retry_after_seconds(value: str | None, *, now: datetime | None = None) -> float | None:
    """Parse a Retry-After header: delta-seconds or an HTTP date. None when absent/garbled.

    >>> retry_after_seconds("7")
    7.0
    >>> retry_after_seconds("Wed, 21 Oct 2015 07:28:30 GMT",
    ...                     now=datetime(2015, 10, 21, 7, 28, tzinfo=UTC))
    30.0
    """
    if value is None or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or _utcnow())).total_seconds())


def new_client(
    *, transport: httpx.BaseTransport | None = None, timeout: httpx.Timeout = DEFAULT_TIMEOUT
) -> httpx.Client:
    """An ``httpx.Client`` with our defaults, for entry points that build one."""
    return httpx.Client(
        transport=transport,
        timeout=timeout,
        headers={"User-Agent": USER_AGENT},
        follow_redirects=True,
    )


def send(
    client: httpx.Client,
    method: str,
    url: str,
    *,
    service: str,
    params: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
    content: bytes | None = None,
    retry: RetryPolicy = DEFAULT_RETRY,
    sleep: Sleep = time.sleep,
    rng: Rng = random.random,
    clock: Clock = _utcnow,
) -> httpx.Response:
    """Send one request with retries; return the 2xx response or raise (see module doc)."""
    all_headers = {"User-Agent": USER_AGENT, **(headers or {})}
    attempts = max(1, retry.attempts)
    for attempt in range(attempts):
        last = attempt == attempts - 1
        try:
            response = client.request(
                method, url, params=params, headers=all_headers, content=content
            )
        except httpx.TimeoutException as exc:
            log.info("%s %s: timeout (attempt %d/%d)", service, method, attempt + 1, attempts)
            if last:
                raise ServiceUnavailable(
                    f"{service}: timeout after {attempts} attempts", service=service
                ) from exc
            sleep(retry.backoff(attempt, rng))
            continue
        except httpx.TransportError as exc:
            log.info(
                "%s %s: %s (attempt %d/%d)",
                service,
                method,
                type(exc).__name__,
                attempt + 1,
                attempts,
            )
            if last:
                raise ServiceUnavailable(
                    f"{service}: {type(exc).__name__} after {attempts} attempts", service=service
                ) from exc
            sleep(retry.backoff(attempt, rng))
            continue

        status = response.status_code
        if 200 <= status < 300:
            return response
        log.info("%s %s: HTTP %d (attempt %d/%d)", service, method, status, attempt + 1, attempts)
        if status == 404:
            raise NotFound(f"{service}: not found (HTTP 404)", service=service)
        if status == 429:
            wait = retry_after_seconds(response.headers.get("Retry-After"), now=clock())
            if last or (wait is not None and wait > retry.max_retry_after):
                raise RateLimited(
                    f"{service}: rate limited (HTTP 429)", service=service, retry_after=wait
                )
            sleep(wait if wait is not None else retry.backoff(attempt, rng))
            continue
        if status >= 500:
            if last:
                raise ServiceUnavailable(
                    f"{service}: HTTP {status} after {attempts} attempts", service=service
                )
            wait = retry_after_seconds(response.headers.get("Retry-After"), now=clock())
            if wait is not None and wait > retry.max_retry_after:
                raise ServiceUnavailable(
                    f"{service}: HTTP {status}, retry after {wait:.0f} s", service=service
                )
            sleep(wait if wait is not None else retry.backoff(attempt, rng))
            continue
        raise ClientRequestError(
            f"{service}: request rejected (HTTP {status})",
            service=service,
            status=status,
            detail=response.text[:500],
        )
    raise AssertionError("unreachable")  # pragma: no cover


def json_body(response: httpx.Response, *, service: str) -> Any:
    """Decode a JSON body; floats become ``Decimal`` so money and rates never pass via float."""
    try:
        return json.loads(response.content, parse_float=Decimal)
    except (ValueError, UnicodeDecodeError) as exc:
        raise MalformedResponse(f"{service}: body is not JSON", service=service) from exc


def get_json(
    client: httpx.Client,
    url: str,
    *,
    service: str,
    params: Mapping[str, str] | None = None,
    retry: RetryPolicy = DEFAULT_RETRY,
    sleep: Sleep = time.sleep,
) -> Any:
    """GET ``url`` asking for JSON, through :func:`send` (its retries and errors), and the
    body decoded by :func:`json_body`."""
    response = send(
        client,
        "GET",
        url,
        service=service,
        params=params,
        headers={"Accept": "application/json"},
        retry=retry,
        sleep=sleep,
    )
    return json_body(response, service=service)


def field(data: Any, *path: str, service: str) -> Any:
    """``data[path[0]][path[1]]...``, raising MalformedResponse when a step is missing."""
    current = data
    for key in path:
        if not isinstance(current, Mapping) or key not in current:
            raise MalformedResponse(f"{service}: missing field {'.'.join(path)!r}", service=service)
        current = current[key]
    return current
