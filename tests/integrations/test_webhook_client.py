"""Signed webhooks: signature round trip, tampering, replay window, retries, and one real
delivery to an http.server receiver on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import httpx
import pytest

from integrations.errors import ClientRequestError
from integrations.http import RetryPolicy
from integrations.webhook import (
    DELIVERY_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    WebhookClient,
    encode_payload,
    sign,
    verify_signature,
)

SECRET = "wspólny-sekret"
NOW = 1_773_662_400  # 2026-03-16T12:00:00Z
PAYLOAD = {
    "event": "case.filed",
    "case": "CASE-2026-0042",
    "amount": Decimal("1234.50"),
    "filed_on": date(2026, 3, 16),
    "debtor": "Żółć sp. z o.o.",
}


def post(script: Any, sleeps: Any, *steps: Any) -> tuple[Any, Any]:
    s = script(*steps)
    client = WebhookClient(
        s.client(),
        secret=SECRET,
        sleep=sleeps,
        clock=lambda: NOW,
        retry=RetryPolicy(attempts=3, base_delay=1.0, jitter=0.0),
    )
    return client.post("https://receiver.example/hooks", PAYLOAD, delivery_id="d-1"), s


def test_signed_delivery_verifies(script: Any, sleeps: Any) -> None:
    delivery, s = post(script, sleeps, httpx.Response(202))
    (request,) = s.requests
    body = request.content
    assert delivery.status == 202 and delivery.delivery_id == "d-1"
    assert request.headers[TIMESTAMP_HEADER] == str(NOW)
    assert request.headers[DELIVERY_HEADER] == "d-1"
    assert request.headers[SIGNATURE_HEADER].startswith("sha256=")
    assert request.headers["Content-Type"] == "application/json; charset=utf-8"
    assert json.loads(body) == {
        "amount": "1234.50",
        "case": "CASE-2026-0042",
        "debtor": "Żółć sp. z o.o.",
        "event": "case.filed",
        "filed_on": "2026-03-16",
    }
    assert verify_signature(
        SECRET,
        body,
        request.headers[SIGNATURE_HEADER],
        request.headers[TIMESTAMP_HEADER],
        now=NOW + 10,
    )


def test_tampering_and_replays_fail() -> None:
    body = encode_payload(PAYLOAD)
    signature = sign(SECRET, NOW, body)
    assert verify_signature(SECRET, body, signature, str(NOW), now=NOW)
    assert not verify_signature(
        SECRET, body.replace(b"1234.50", b"9234.50"), signature, str(NOW), now=NOW
    )
    assert not verify_signature("inny-sekret", body, signature, str(NOW), now=NOW)
    assert not verify_signature(SECRET, body, signature, str(NOW + 1), now=NOW)  # ts is signed
    assert not verify_signature(SECRET, body, signature, str(NOW), now=NOW + 301)  # stale
    assert not verify_signature(SECRET, body, None, str(NOW), now=NOW)
    assert not verify_signature(SECRET, body, signature, "yesterday", now=NOW)


def test_retries_keep_the_delivery_id(script: Any, sleeps: Any) -> None:
    delivery, s = post(
        script, sleeps, httpx.Response(503), httpx.ReadTimeout("slow"), httpx.Response(200)
    )
    assert delivery.status == 200
    assert {r.headers[DELIVERY_HEADER] for r in s.requests} == {"d-1"}
    assert len({r.content for r in s.requests}) == 1
    assert sleeps == [1.0, 2.0]


def test_receiver_rejection_is_final(script: Any, sleeps: Any) -> None:
    with pytest.raises(ClientRequestError) as exc:
        post(script, sleeps, httpx.Response(401))
    assert exc.value.status == 401
    assert sleeps == []


def test_secret_required_and_hidden() -> None:
    with pytest.raises(ValueError):
        WebhookClient(httpx.Client(), secret="")
    assert SECRET not in repr(WebhookClient(httpx.Client(), secret=SECRET))


class _Receiver(BaseHTTPRequestHandler):
    received: ClassVar[list[tuple[bool, dict[str, Any]]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        ok = verify_signature(
            SECRET, body, self.headers[SIGNATURE_HEADER], self.headers[TIMESTAMP_HEADER]
        )
        self.received.append((ok, json.loads(body)))
        self.send_response(204 if ok else 401)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[str]:
    _Receiver.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hooks"
    finally:
        server.shutdown()
        server.server_close()


def test_real_local_receiver_verifies_the_signature(receiver: str) -> None:
    with httpx.Client(timeout=5) as http:
        delivery = WebhookClient(http, secret=SECRET).post(receiver, PAYLOAD)
        assert delivery.status == 204
        with pytest.raises(ClientRequestError):
            WebhookClient(http, secret="zły-sekret").post(receiver, PAYLOAD)
    assert [ok for ok, _ in _Receiver.received] == [True, False]
    assert _Receiver.received[0][1]["debtor"] == "Żółć sp. z o.o."
