"""Fetch by KSeF number through ksef-client's API v2 client, against recorded-style responses
on ``httpx.MockTransport`` (never the network): the fake KSeF of
``tests.integrations.fake_ksef``, which decrypts the token with its private key, as KSeF does,
so a wrong token is refused."""

from __future__ import annotations

import re

import httpx
import pytest

from intake.ksef import KsefFetchError, fetch_invoice_xml
from tests.intake.test_ksef import NUMBER, invoice_xml, ksef_number
from tests.integrations.fake_ksef import TOKEN, FakeKsef

XML = invoice_xml()


def fake_ksef(calls: list[str], *, invoice: bytes = XML) -> httpx.MockTransport:
    """KSeF holding one invoice, ``NUMBER``; every request is recorded in ``calls``."""
    return FakeKsef(invoices={NUMBER: invoice}, calls=calls, hash_header=False).transport()


def test_fetches_the_xml_by_its_ksef_number() -> None:
    calls: list[str] = []
    data = fetch_invoice_xml(NUMBER, "258-813-99-84", token=TOKEN, transport=fake_ksef(calls))
    assert data == XML
    assert calls[-1] == f"GET /v2/invoices/ksef/{NUMBER}"
    assert "POST /v2/auth/ksef-token" in calls


def test_without_a_token_says_what_is_missing_in_polish() -> None:
    calls: list[str] = []
    with pytest.raises(KsefFetchError, match=r"brak tokenu KSeF.*HANDOFF_KSEF_TOKEN"):
        fetch_invoice_xml(NUMBER, "2588139984", token=None, transport=fake_ksef(calls))
    assert calls == []


@pytest.mark.parametrize(
    ("number", "token", "invoice", "reason"),
    [
        (
            NUMBER[:-2] + "00" if not NUMBER.endswith("00") else NUMBER[:-2] + "01",
            TOKEN,
            XML,
            "suma kontrolna CRC-8",
        ),
        (NUMBER, "wrong-token|x", XML, "KSeF odmówił: HTTP 401"),
        (ksef_number("2588139984", "20260603"), TOKEN, XML, "KSeF nie zna faktury o numerze"),
        (NUMBER, TOKEN, b"<html>maintenance</html>", "nie jest fakturą FA(3)"),
    ],
)
def test_failures_are_one_polish_line(number: str, token: str, invoice: bytes, reason: str) -> None:
    with pytest.raises(KsefFetchError, match=re.escape(reason)):
        fetch_invoice_xml(
            number, "2588139984", token=token, transport=fake_ksef([], invoice=invoice)
        )


def test_the_seam_is_a_client_the_caller_passes_in() -> None:
    calls: list[str] = []
    with httpx.Client(transport=fake_ksef(calls)) as client:
        data = fetch_invoice_xml(NUMBER, "2588139984", token=TOKEN, http=client)
        assert not client.is_closed  # the caller's client stays the caller's
    assert data == XML
    assert calls[-1] == f"GET /v2/invoices/ksef/{NUMBER}"
