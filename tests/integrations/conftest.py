"""Shared fixtures for the integration-client tests: recorded bodies, scripted transports,
a recording ``sleep``, and a real local SMTP server (``smtp_sink``).

Nothing here touches the network: HTTP goes through ``httpx.MockTransport``; SMTP and the
webhook receiver listen on 127.0.0.1 only.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from integrations.smtp_sink import SmtpSink

FIXTURES = Path(__file__).parent / "fixtures"

Step = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


def load_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def load_json(name: str) -> Any:
    return json.loads(load_bytes(name))


class Script:
    """A MockTransport that plays ``steps`` in order (the last one repeats) and keeps requests.

    A step is a response, an exception to raise (``httpx.ReadTimeout(...)``), or a handler.
    """

    def __init__(self, *steps: Step) -> None:
        self.steps = list(steps)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        step = self.steps[min(len(self.requests), len(self.steps)) - 1]
        if isinstance(step, Exception):
            raise step
        if isinstance(step, httpx.Response):
            return step
        return step(request)

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self))


class Sleeps(list[float]):
    """A ``sleep`` that records instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    """A real SMTP server on a free 127.0.0.1 port; ``smtp_sink.settings()`` points at it."""
    with SmtpSink() as sink:
        yield sink


class Recorded:
    """Access to the recorded-style bodies under fixtures/."""

    def bytes(self, name: str) -> bytes:
        return load_bytes(name)

    def json(self, name: str) -> Any:
        return load_json(name)

    def response(self, name: str, status: int = 200, **kwargs: Any) -> httpx.Response:
        content_type = "application/xml" if name.endswith(".xml") else "application/json"
        headers = {"Content-Type": content_type, **kwargs.pop("headers", {})}
        return httpx.Response(status, content=load_bytes(name), headers=headers, **kwargs)


@pytest.fixture
def recorded() -> Recorded:
    return Recorded()


@pytest.fixture
def script() -> type[Script]:
    """``script(step, step, ...)`` -> a Script; ``.client()`` gives an httpx.Client over it."""
    return Script
