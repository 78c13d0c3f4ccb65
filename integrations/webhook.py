"""Signed JSON webhooks: POST an event to a receiver and let it check who sent it.

Headers sent with every delivery:

    Content-Type: application/json; charset=utf-8
    X-Handoff-Timestamp: 1767225600               unix seconds at signing
    X-Handoff-Delivery: 6f1c...                   same id on every retry (dedupe on it)
    X-Handoff-Signature: sha256=<hex>             HMAC-SHA256(secret, f"{ts}.".encode() + body)

The signature covers the timestamp and the exact raw body bytes, so a receiver must verify
*before* parsing JSON and should reject stale timestamps (replays); :func:`verify_signature`
does both. Retries (5xx, 429, timeouts) follow :mod:`integrations.http`; 4xx is final.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import httpx

from integrations import http

SERVICE = "webhook"
SIGNATURE_HEADER = "X-Handoff-Signature"
TIMESTAMP_HEADER = "X-Handoff-Timestamp"
DELIVERY_HEADER = "X-Handoff-Delivery"
DEFAULT_TOLERANCE_SECONDS = 300


@dataclass(frozen=True, slots=True)
class WebhookDelivery:
    delivery_id: str
    status: int
    timestamp: int


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)  # money stays exact: "1234.50", never a float
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"not JSON-serialisable: {type(value).__name__}")


def encode_payload(payload: Mapping[str, Any]) -> bytes:
    """Canonical UTF-8 JSON (sorted keys, no spaces, Polish letters unescaped)."""
    return json.dumps(
        payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_default
    ).encode("utf-8")


def _key(secret: str | bytes) -> bytes:
    key = secret.encode("utf-8") if isinstance(secret, str) else secret
    if not key:
        raise ValueError("webhook secret must not be empty")
    return key


def sign(secret: str | bytes, timestamp: int | str, body: bytes) -> str:
    """``"sha256=<hex>"`` over ``f"{timestamp}."`` + ``body``."""
    mac = hmac.new(_key(secret), f"{timestamp}.".encode("ascii") + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify_signature(
    secret: str | bytes,
    body: bytes,
    signature: str | None,
    timestamp: str | None,
    *,
    now: float | None = None,
    tolerance: int = DEFAULT_TOLERANCE_SECONDS,
) -> bool:
    """True iff ``signature`` is ours for ``body`` and ``timestamp`` is within ``tolerance``."""
    if not signature or not timestamp or not timestamp.strip().isdigit():
        return False
    current = time.time() if now is None else now
    if abs(current - int(timestamp)) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, timestamp.strip(), body), signature.strip())


class WebhookClient:
    """Posts signed JSON events."""

    def __init__(
        self,
        client: httpx.Client,
        *,
        secret: str | bytes,
        retry: http.RetryPolicy = http.DEFAULT_RETRY,
        sleep: http.Sleep = time.sleep,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._client = client
        self._secret = _key(secret)
        self._retry = retry
        self._sleep = sleep
        self._clock = clock

    def __repr__(self) -> str:
        return "WebhookClient(secret=***)"

    def post(
        self, url: str, payload: Mapping[str, Any], *, delivery_id: str | None = None
    ) -> WebhookDelivery:
        """POST ``payload``; return the delivery on 2xx, raise per integrations.errors."""
        body = encode_payload(payload)
        timestamp = int(self._clock())
        delivery = delivery_id or uuid.uuid4().hex
        response = http.send(
            self._client,
            "POST",
            url,
            service=SERVICE,
            content=body,
            headers={
                "Content-Type": "application/json; charset=utf-8",
                TIMESTAMP_HEADER: str(timestamp),
                DELIVERY_HEADER: delivery,
                SIGNATURE_HEADER: sign(self._secret, timestamp, body),
            },
            retry=self._retry,
            sleep=self._sleep,
        )
        return WebhookDelivery(delivery, response.status_code, timestamp)
