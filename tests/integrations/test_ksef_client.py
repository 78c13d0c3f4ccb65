"""integrations.ksef: ksef-client's endpoint clients over the caller's httpx.Client, against
the fake KSeF (tests/integrations/fake_ksef.py) on httpx.MockTransport; never the network."""

from __future__ import annotations

import re
from datetime import date

import httpx
import pytest

from integrations.ksef import KsefApi, KsefFetchError, KsefHttp, KsefUpoNotFound, base_url
from tests.intake.test_ksef import NUMBER, invoice_xml, ksef_number
from tests.integrations.fake_ksef import NIP, TOKEN, FakeKsef

XML = invoice_xml()
DAY = date(2026, 6, 2)
UPO = b"<Potwierdzenie xmlns='http://upo.schematy.mf.gov.pl/KSeF/v4-3'/>"


def api_of(fake: FakeKsef) -> KsefApi:
    api = KsefApi(fake.client(), environment="test")
    api.login(TOKEN, NIP)
    return api


def test_the_invoice_comes_with_its_hash_checked() -> None:
    fake = FakeKsef(invoices={NUMBER: XML})
    got = api_of(fake).invoice(NUMBER)
    assert got.xml == XML
    assert fake.calls[-1] == f"GET /v2/invoices/ksef/{NUMBER}"
    assert "POST /v2/auth/ksef-token" in fake.calls


def test_a_body_that_does_not_match_ksef_hash_is_refused() -> None:
    fake = FakeKsef(invoices={NUMBER: XML}, corrupt=True)
    with pytest.raises(KsefFetchError, match="skrót SHA-256 nie zgadza się"):
        api_of(fake).invoice(NUMBER)


def test_the_upo_is_found_in_the_sellers_session_of_the_day() -> None:
    other = ksef_number(NIP, "20260602", "0100002B7C11")
    fake = FakeKsef(
        invoices={NUMBER: XML}, sessions={"S-1": {other: b"<x/>"}, "S-2": {NUMBER: UPO}}
    )
    assert api_of(fake).upo(NUMBER, DAY) == UPO
    assert f"GET /v2/sessions/S-2/invoices/ksef/{NUMBER}/upo" in fake.calls
    assert f"GET /v2/sessions/S-1/invoices/ksef/{NUMBER}/upo" not in fake.calls


def test_the_upo_from_a_session_the_creditor_names() -> None:
    fake = FakeKsef(sessions={"S-9": {NUMBER: UPO}})
    assert api_of(fake).upo(NUMBER, DAY, session="S-9") == UPO
    assert "GET /v2/sessions" not in fake.calls


@pytest.mark.parametrize("session", [None, "S-9"])
def test_no_upo_is_its_own_error(session: str | None) -> None:
    fake = FakeKsef(sessions={"S-1": {}, "S-9": {}})
    with pytest.raises(KsefUpoNotFound, match="KSeF nie ma UPO faktury"):
        api_of(fake).upo(NUMBER, DAY, session=session)


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (httpx.Response(429, json={"detail": "slow down"}), "HTTP 429 (limit zapytań"),
        (httpx.Response(503, text="maintenance"), "KSeF odmówił: HTTP 503"),
        (httpx.ConnectError("refused"), "brak połączenia z KSeF"),
        (httpx.ReadTimeout("slow"), "nie odpowiedział w wyznaczonym czasie"),
    ],
)
def test_ksef_failures_are_one_polish_line(answer: httpx.Response | Exception, reason: str) -> None:
    fake = FakeKsef(invoices={NUMBER: XML})

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/v2/invoices/"):
            if isinstance(answer, Exception):
                raise answer
            return answer
        return fake.handle(request)

    api = KsefApi(httpx.Client(transport=httpx.MockTransport(handle)), environment="test")
    api.login(TOKEN, NIP)
    with pytest.raises(KsefFetchError, match=re.escape(reason)):
        api.invoice(NUMBER)


def test_a_token_for_another_nip_is_refused() -> None:
    api = KsefApi(FakeKsef().client(), environment="test")
    with pytest.raises(KsefFetchError, match=re.escape("KSeF odmówił: HTTP 401")):
        api.login(TOKEN, "5265877635")


def test_no_token_says_what_is_missing() -> None:
    fake = FakeKsef()
    with pytest.raises(KsefFetchError, match=r"brak tokenu KSeF.*HANDOFF_KSEF_TOKEN"):
        KsefApi(fake.client()).login(None, NIP)
    assert fake.calls == []


def test_environments_and_no_foreign_hosts() -> None:
    assert base_url("prod") == "https://api.ksef.mf.gov.pl/v2"
    assert base_url("test") == "https://api-test.ksef.mf.gov.pl/v2"
    with pytest.raises(KsefFetchError, match="nieznane środowisko KSeF"):
        base_url("staging")
    http = KsefHttp(FakeKsef().client(), base_url("test"))
    with pytest.raises(KsefFetchError, match="adres spoza API"):
        http.request("GET", "https://evil.example/upo", skip_auth=True)
