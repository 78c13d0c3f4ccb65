"""The shared request helper: Retry-After forms, the cap, backoff with jitter, headers."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from integrations.errors import ClientRequestError, RateLimited, ServiceUnavailable
from integrations.http import (
    USER_AGENT,
    RetryPolicy,
    json_body,
    new_client,
    retry_after_seconds,
    send,
)

NOW = datetime(2026, 3, 16, 12, 0, 0, tzinfo=UTC)
POLICY = RetryPolicy(attempts=3, base_delay=1.0, max_delay=10.0, jitter=0.0, max_retry_after=60)


def call(s: Any, sleeps: Any, **kwargs: Any) -> httpx.Response:
    return send(
        s.client(),
        "GET",
        "https://example.invalid/x",
        service="test",
        retry=kwargs.pop("retry", POLICY),
        sleep=sleeps,
        clock=lambda: NOW,
        **kwargs,
    )


def test_retry_after_http_date(script: Any, sleeps: Any) -> None:
    when = "Mon, 16 Mar 2026 12:00:42 GMT"
    s = script(httpx.Response(429, headers={"Retry-After": when}), httpx.Response(200))
    assert call(s, sleeps).status_code == 200
    assert sleeps == [42.0]


def test_retry_after_beyond_cap_gives_up_at_once(script: Any, sleeps: Any) -> None:
    s = script(httpx.Response(429, headers={"Retry-After": "43200"}))
    with pytest.raises(RateLimited) as exc:
        call(s, sleeps)
    assert exc.value.retry_after == 43200.0
    assert sleeps == []
    assert len(s.requests) == 1


def test_429_without_retry_after_backs_off(script: Any, sleeps: Any) -> None:
    s = script(httpx.Response(429), httpx.Response(429), httpx.Response(200))
    call(s, sleeps)
    assert sleeps == [1.0, 2.0]


def test_503_with_retry_after_is_honoured(script: Any, sleeps: Any) -> None:
    s = script(httpx.Response(503, headers={"Retry-After": "5"}), httpx.Response(200))
    call(s, sleeps)
    assert sleeps == [5.0]


def test_redirect_not_followed_is_a_client_error(script: Any, sleeps: Any) -> None:
    s = script(httpx.Response(302, headers={"Location": "https://elsewhere.invalid/"}))
    with pytest.raises(ClientRequestError) as exc:
        call(s, sleeps)
    assert exc.value.status == 302


def test_backoff_is_capped(script: Any, sleeps: Any) -> None:
    policy = RetryPolicy(attempts=6, base_delay=1.0, max_delay=5.0, jitter=0.0)
    s = script(httpx.Response(500))
    with pytest.raises(ServiceUnavailable):
        call(s, sleeps, retry=policy)
    assert sleeps == [1.0, 2.0, 4.0, 5.0, 5.0]


def test_jitter_uses_the_injected_rng() -> None:
    policy = RetryPolicy(base_delay=2.0, jitter=0.5)
    assert policy.backoff(0, rng=lambda: 0.0) == 2.0
    assert policy.backoff(0, rng=lambda: 1.0) == 3.0
    assert policy.backoff(1, rng=lambda: 0.5) == 5.0


@given(attempt=st.integers(0, 30), r=st.floats(0, 1))
def test_backoff_bounds(attempt: int, r: float) -> None:
    policy = RetryPolicy(base_delay=0.5, max_delay=20.0, jitter=0.25)
    delay = policy.backoff(attempt, rng=lambda: r)
    base = min(20.0, 0.5 * 2**attempt)
    assert base <= delay <= base * 1.25


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", 0.0),
        ("120", 120.0),
        ("Mon, 16 Mar 2026 11:00:00 GMT", 0.0),  # in the past
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_retry_after_parsing(value: str | None, expected: float | None) -> None:
    assert retry_after_seconds(value, now=NOW) == expected


def test_user_agent_overrides_httpx_default(script: Any, sleeps: Any) -> None:
    s = script(httpx.Response(200))
    call(s, sleeps)
    assert s.requests[0].headers["User-Agent"] == USER_AGENT


def test_new_client_defaults() -> None:
    with new_client(transport=httpx.MockTransport(lambda r: httpx.Response(200))) as client:
        assert client.headers["User-Agent"] == USER_AGENT
        assert client.follow_redirects


def test_json_numbers_are_decimal() -> None:
    body = json_body(httpx.Response(200, content=b'{"mid": 4.2801}'), service="t")
    assert body["mid"] == Decimal("4.2801")
