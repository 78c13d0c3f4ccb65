"""Every HTTP client fails the same way: one table of clients x one set of failure scripts.

Each row of CLIENTS is (name, a recorded happy response, a call over an injected
httpx.Client). The tests script the transport and assert the typed error, the number of
requests and the delays handed to the injected sleep.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from integrations.ceidg import CeidgClient
from integrations.errors import (
    ClientRequestError,
    MalformedResponse,
    NotFound,
    RateLimited,
    ServiceUnavailable,
)
from integrations.http import RetryPolicy
from integrations.krs import KrsClient
from integrations.nbp import NbpClient
from integrations.vat_whitelist import VatWhitelistClient
from integrations.webhook import WebhookClient

FIXTURES = Path(__file__).parent / "fixtures"
ON = date(2026, 3, 14)
POLICY = RetryPolicy(attempts=3, base_delay=1.0, max_delay=10.0, jitter=0.0)

Call = Callable[[httpx.Client, Callable[[float], None]], Any]


def ok(name: str) -> httpx.Response:
    return httpx.Response(200, content=(FIXTURES / name).read_bytes())


CLIENTS: dict[str, tuple[Callable[[], httpx.Response], Call]] = {
    "krs": (
        lambda: ok("krs_odpis_aktualny_P_0000123456.json"),
        lambda c, s: KrsClient(c, retry=POLICY, sleep=s).current_extract("123456"),
    ),
    "vat_search": (
        lambda: ok("vat_search_nip_5250000015.json"),
        lambda c, s: VatWhitelistClient(c, retry=POLICY, sleep=s).search_nip("5250000015", on=ON),
    ),
    "vat_check": (
        lambda: ok("vat_check_tak.json"),
        lambda c, s: VatWhitelistClient(c, retry=POLICY, sleep=s).check_nip_account(
            "5250000015", "61109010140000071219812874", on=ON
        ),
    ),
    "ceidg": (
        lambda: ok("ceidg_firma_7770000028.json"),
        lambda c, s: CeidgClient(c, token="jwt", retry=POLICY, sleep=s).company_by_nip(
            "7770000028"
        ),
    ),
    "nbp_rate": (
        lambda: ok("nbp_rates_a_eur_2026-03-04_2026-03-14.json"),
        lambda c, s: NbpClient(c, retry=POLICY, sleep=s).mid_rate("EUR", ON),
    ),
    "nbp_xml": (
        lambda: ok("nbp_stopy_procentowe.xml"),
        lambda c, s: NbpClient(c, retry=POLICY, sleep=s).reference_rate(),
    ),
    "webhook": (
        lambda: httpx.Response(204),
        lambda c, s: WebhookClient(c, secret="s3cret", retry=POLICY, sleep=s).post(
            "https://receiver.example/hooks", {"event": "case.filed"}
        ),
    ),
}
PARSING = [name for name in CLIENTS if name != "webhook"]


@pytest.fixture(params=list(CLIENTS))
def client_case(request: pytest.FixtureRequest) -> tuple[str, Callable[[], httpx.Response], Call]:
    happy, call = CLIENTS[request.param]
    return request.param, happy, call


def test_happy_path_from_recorded_body(client_case: Any, script: Any, sleeps: Any) -> None:
    _, happy, call = client_case
    s = script(happy())
    assert call(s.client(), sleeps) is not None
    assert len(s.requests) == 1
    assert sleeps == []
    assert s.requests[0].headers["User-Agent"].startswith("kancelaria-handoff/")


def test_5xx_is_retried_then_succeeds(client_case: Any, script: Any, sleeps: Any) -> None:
    _, happy, call = client_case
    s = script(httpx.Response(503), httpx.Response(502), happy())
    call(s.client(), sleeps)
    assert len(s.requests) == 3
    assert sleeps == [1.0, 2.0]  # base 1 s, doubling, no jitter


def test_5xx_exhausted_is_service_unavailable(client_case: Any, script: Any, sleeps: Any) -> None:
    name, _, call = client_case
    s = script(httpx.Response(500))
    with pytest.raises(ServiceUnavailable) as exc:
        call(s.client(), sleeps)
    assert len(s.requests) == 3
    assert sleeps == [1.0, 2.0]
    assert exc.value.service == name.split("_")[0]


def test_429_retry_after_seconds_is_honoured(client_case: Any, script: Any, sleeps: Any) -> None:
    _, happy, call = client_case
    s = script(httpx.Response(429, headers={"Retry-After": "7"}), happy())
    call(s.client(), sleeps)
    assert sleeps == [7.0]


def test_429_exhausted_is_rate_limited(client_case: Any, script: Any, sleeps: Any) -> None:
    _, _, call = client_case
    s = script(httpx.Response(429, headers={"Retry-After": "3"}))
    with pytest.raises(RateLimited) as exc:
        call(s.client(), sleeps)
    assert exc.value.retry_after == 3.0
    assert sleeps == [3.0, 3.0]
    assert len(s.requests) == 3


@pytest.mark.parametrize(
    "error",
    [httpx.ReadTimeout("read timed out"), httpx.ConnectError("connection refused")],
    ids=["read-timeout", "connect-error"],
)
def test_transport_errors_are_retried_then_unavailable(
    client_case: Any, script: Any, sleeps: Any, error: Exception
) -> None:
    _, _, call = client_case
    s = script(error)
    with pytest.raises(ServiceUnavailable):
        call(s.client(), sleeps)
    assert len(s.requests) == 3
    assert sleeps == [1.0, 2.0]


def test_timeout_then_success(client_case: Any, script: Any, sleeps: Any) -> None:
    _, happy, call = client_case
    s = script(httpx.ReadTimeout("slow"), happy())
    assert call(s.client(), sleeps) is not None
    assert sleeps == [1.0]


@pytest.mark.parametrize("status", [400, 401, 403, 422])
def test_other_4xx_is_a_typed_error_without_retry(
    client_case: Any, script: Any, sleeps: Any, status: int
) -> None:
    _, _, call = client_case
    s = script(httpx.Response(status, text="nope"))
    with pytest.raises(ClientRequestError) as exc:
        call(s.client(), sleeps)
    assert exc.value.status == status
    assert len(s.requests) == 1
    assert sleeps == []


def test_404_is_not_found(client_case: Any, script: Any, sleeps: Any) -> None:
    _, _, call = client_case
    s = script(httpx.Response(404, text="404 NotFound"))
    with pytest.raises(NotFound):
        call(s.client(), sleeps)
    assert sleeps == []


@pytest.mark.parametrize("name", PARSING)
@pytest.mark.parametrize(
    "body",
    [
        b"<html><body><h1>Przerwa techniczna</h1></body></html>",
        b'{"result": {"subject": {"name": "ABC',
        b"{}",
        b"[]",
    ],
    ids=["html", "truncated-json", "empty-object", "list"],
)
def test_malformed_body(name: str, body: bytes, script: Any, sleeps: Any) -> None:
    _, call = CLIENTS[name]
    s = script(httpx.Response(200, content=body))
    with pytest.raises(MalformedResponse):
        call(s.client(), sleeps)
