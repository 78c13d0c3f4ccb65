"""The e-Sąd client against the local fake service (a real HTTP server on 127.0.0.1 built
from the court's WSDL) and, for transport failures, scripted ``httpx.MockTransport``s.

Every request the client sends and every answer the fake writes is validated against the
WSDL's schemas (``fake.errors`` stays empty). The package is a real one: ``handoff epu
package`` of the four sample EPU cases (fixtures/esad/paczka_4_pozwy.xml).
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal

import httpx
import pytest
from lxml import etree

from integrations.errors import IntegrationError, MalformedResponse, ServiceUnavailable
from integrations.esad import (
    SOAP_ENV,
    Credentials,
    EsadAuthError,
    EsadClient,
    EsadFault,
    EsadMalformed,
    EsadTimeout,
    EsadUnavailable,
    EsadValidationError,
    envelope,
)
from integrations.http import RetryPolicy
from tests.integrations.conftest import FIXTURES, Script, Sleeps
from tests.integrations.fake_esad import CREDENTIALS, FakeEsad, running_fake, schema_errors

PACKAGE = (FIXTURES / "esad" / "paczka_4_pozwy.xml").read_bytes()
REFS = ["TT/WIND/2025/0087", "TT/WIND/2026/0141", "TT/WIND/2026/0163", "TT/WIND/2026/0171"]


@pytest.fixture
def fake() -> Iterator[FakeEsad]:
    with running_fake() as served:
        yield served
    assert served.errors == []  # every request and answer followed the WSDL


def esad(fake: FakeEsad, *, timeout: float = 5.0, creds: Credentials = CREDENTIALS) -> EsadClient:
    return EsadClient(httpx.Client(timeout=timeout), creds, url=fake.url, min_interval=0)


def test_all_accepted(fake: FakeEsad) -> None:
    result = esad(fake).file_lawsuits(PACKAGE)
    assert result.code == "OK"
    assert result.label == "TEST-PACZKA-1"
    assert result.count == 4
    assert [r.ordinal for r in result.lawsuits] == [1, 2, 3, 4]
    assert [r.our_ref for r in result.lawsuits] == REFS
    assert all(r.accepted for r in result.lawsuits)
    assert all(r.fee is not None and r.fee > 0 for r in result.lawsuits)
    assert fake.operations() == ["ZlozPozwy"]
    assert fake.packages == [PACKAGE.decode().encode()]  # the package text, unchanged
    # the court registered them: MojeSprawy gives the court's signature by our reference
    found = esad(fake).find_case("TT/WIND/2026/0141")
    assert found is not None and found.signature.startswith("VI Nc-e ")
    assert found.received_on is not None and found.state == "wplyw"


def test_half_accepted_is_a_regular_answer(fake: FakeEsad) -> None:
    fake.reject = {"TT/WIND/2026/0163": "Niepoprawny adres pozwanego"}
    result = esad(fake).file_lawsuits(PACKAGE)
    assert result.code == "OK"
    accepted = {r.our_ref: r.accepted for r in result.lawsuits}
    assert accepted == {ref: ref != "TT/WIND/2026/0163" for ref in REFS}
    rejected = next(r for r in result.lawsuits if not r.accepted)
    assert "Niepoprawny adres pozwanego" in rejected.reason
    assert rejected.code == "ValidationError" and rejected.lawsuit_code == 602
    assert esad(fake).find_case("TT/WIND/2026/0163") is None
    assert esad(fake).find_case("TT/WIND/2026/0171") is not None


def test_validation_errors_come_as_a_fault_per_lawsuit(fake: FakeEsad) -> None:
    fake.scenario = "validation"
    fake.reject = {"TT/WIND/2025/0087": "Brak daty wymagalności roszczenia"}
    with pytest.raises(EsadValidationError) as caught:
        esad(fake).file_lawsuits(PACKAGE)
    error = caught.value
    assert isinstance(error, EsadFault) and error.in_fault and error.fault_code == "s:Client"
    by_ref = {r.our_ref: r for r in error.result.lawsuits}
    assert not by_ref["TT/WIND/2025/0087"].accepted
    assert "Brak daty wymagalności" in by_ref["TT/WIND/2025/0087"].reason
    assert all(by_ref[ref].accepted for ref in REFS[1:])
    assert fake.cases == {}  # a fault files nothing


def test_a_package_failing_the_schemas_is_rejected_whole(fake: FakeEsad) -> None:
    broken = PACKAGE.replace(b"<curr:WartoscSporu>", b"<curr:WartoscSporu>x", 1)
    with pytest.raises(EsadValidationError) as caught:
        esad(fake).file_lawsuits(broken)
    assert not any(r.accepted for r in caught.value.result.lawsuits)
    assert "WartoscSporu" in caught.value.result.lawsuits[0].reason


def test_soap_fault(fake: FakeEsad) -> None:
    fake.scenario = "fault"
    with pytest.raises(EsadFault) as caught:
        esad(fake).file_lawsuits(PACKAGE)
    assert type(caught.value) is EsadFault
    assert caught.value.code == "InternalServerError"
    assert caught.value.description == "Wewnętrzny błąd serwera"
    assert caught.value.service == "esad" and isinstance(caught.value, IntegrationError)


def test_wrong_credentials(fake: FakeEsad) -> None:
    wrong = Credentials(CREDENTIALS.login, "zle-haslo", CREDENTIALS.api_key)
    with pytest.raises(EsadAuthError) as caught:
        esad(fake, creds=wrong).file_lawsuits(PACKAGE)
    assert caught.value.code == "AuthenticationError"
    with pytest.raises(EsadAuthError):
        esad(fake, creds=wrong).api_version()
    assert esad(fake).api_version() == "2.2.2-fake"


def test_timeout_is_sent_once_and_may_have_been_delivered(fake: FakeEsad) -> None:
    fake.scenario, fake.delay, fake.register_on_timeout = "timeout", 1.5, True
    with pytest.raises(EsadTimeout) as caught:
        esad(fake, timeout=0.3).file_lawsuits(PACKAGE)
    assert caught.value.maybe_delivered
    assert isinstance(caught.value, ServiceUnavailable)
    assert len(fake.packages) == 1  # never retried: a second send could file twice
    # the court took it all the same: the lawsuits can be looked up
    fake.scenario = "accept"
    assert esad(fake).find_case("TT/WIND/2026/0141") is not None


def test_html_error_page(fake: FakeEsad) -> None:
    fake.scenario = "http500"
    with pytest.raises(EsadUnavailable) as caught:
        esad(fake).file_lawsuits(PACKAGE)
    assert caught.value.maybe_delivered


def test_nothing_listening_was_certainly_not_delivered() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client = EsadClient(
        httpx.Client(timeout=2),
        CREDENTIALS,
        url=f"http://127.0.0.1:{port}/api2/EpuWS.EpuService.svc",
        retry=RetryPolicy(attempts=1),
        min_interval=0,
    )
    with pytest.raises(EsadUnavailable) as caught:
        client.file_lawsuits(PACKAGE)
    assert not caught.value.maybe_delivered


def test_an_answer_that_is_not_soap(script: type[Script]) -> None:
    steps = script(httpx.Response(200, content=b"<html/>", headers={"Content-Type": "text/html"}))
    client = EsadClient(steps.client(), CREDENTIALS, min_interval=0)
    with pytest.raises(EsadMalformed) as caught:
        client.file_lawsuits(PACKAGE)
    assert isinstance(caught.value, MalformedResponse)


def test_reads_are_retried_on_transport_errors(script: type[Script], sleeps: Sleeps) -> None:
    with running_fake() as served:
        served.register("TT/WIND/2026/0141")

        def forward(request: httpx.Request) -> httpx.Response:
            answer = httpx.post(served.url, content=request.content, headers=request.headers)
            return httpx.Response(
                answer.status_code, content=answer.content, headers=answer.headers
            )

        steps = script(httpx.ReadTimeout("slow"), httpx.ConnectError("refused"), forward)
        client = EsadClient(
            steps.client(), CREDENTIALS, min_interval=0, sleep=sleeps, rng=lambda: 0
        )
        found = client.find_case("TT/WIND/2026/0141")
    assert found is not None and found.signature == "VI Nc-e 100001/26"
    assert len(steps.requests) == 3 and sleeps == [0.5, 1.0]
    assert all(r.headers["SOAPAction"].endswith('/EpuService/MojeSprawy"') for r in steps.requests)


def test_submission_is_never_retried(script: type[Script], sleeps: Sleeps) -> None:
    steps = script(httpx.ReadTimeout("slow"))
    client = EsadClient(steps.client(), CREDENTIALS, min_interval=0, sleep=sleeps)
    with pytest.raises(EsadTimeout):
        client.file_lawsuits(PACKAGE)
    assert len(steps.requests) == 1 and sleeps == []


def test_find_case_reads_every_page_and_compares_exactly(fake: FakeEsad) -> None:
    # "LIKE %ref%" also matches longer references; the exact one is on a later page
    fake.register("TT/WIND/2026/0141-A")
    fake.register("TT/WIND/2026/0141-B")
    wanted = fake.register("TT/WIND/2026/0141")
    client = esad(fake)
    page = client.my_cases(page=1, page_size=2, criterion=1, text="TT/WIND/2026/0141")
    assert page.total == 3 and page.pages == 2 and len(page.cases) == 2
    original = client.my_cases

    def small_pages(**kwargs: object) -> object:
        return original(**{**kwargs, "page_size": 1})  # type: ignore[arg-type]

    client.my_cases = small_pages  # type: ignore[method-assign]
    found = client.find_case("TT/WIND/2026/0141")
    assert found is not None and found.signature == wanted.signature
    assert client.find_case("TT/WIND/2026/9999") is None


def test_history_and_orders(fake: FakeEsad) -> None:
    fake.register("TT/WIND/2026/0141", Decimal("8450.00"))
    fake.issue_order("TT/WIND/2026/0141", datetime(2026, 12, 3, 9, 30))
    client = esad(fake)
    history = client.case_history("TT/WIND/2026/0141")
    assert history.status == "nakaz_wydany"
    assert [(e.category, e.description) for e in history.entries] == [
        ("zmiana_stanu", "Wpływ pozwu"),
        ("orzeczenie", "Wydano nakaz zapłaty"),
    ]
    orders = client.my_orders()
    assert [(o.our_ref, o.issued_at) for o in orders.orders] == [
        ("TT/WIND/2026/0141", datetime(2026, 12, 3, 9, 30))
    ]
    assert orders.orders[0].signature == "VI Nc-e 100001/26"
    with pytest.raises(EsadFault) as caught:
        client.case_history("TT/WIND/2026/9999")
    assert caught.value.code == "NotFound"


def test_one_request_a_second() -> None:
    now = [100.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    def answer(request: httpx.Request) -> httpx.Response:
        now[0] += 0.25  # the call itself takes a quarter of a second
        body = (
            f'<s:Envelope xmlns:s="{SOAP_ENV}"><s:Body>'
            '<WersjaAPIResponse xmlns="http://e-sad.gov.pl/2010/03/26/epu/">'
            "<WersjaAPIResult>2.2</WersjaAPIResult></WersjaAPIResponse></s:Body></s:Envelope>"
        )
        return httpx.Response(200, content=body.encode(), headers={"Content-Type": "text/xml"})

    client = EsadClient(
        httpx.Client(transport=httpx.MockTransport(answer)),
        CREDENTIALS,
        sleep=sleep,
        clock=lambda: now[0],
    )
    assert [client.api_version() for _ in range(3)] == ["2.2"] * 3
    assert waits == [0.75, 0.75]


def test_requests_follow_the_wsdl() -> None:
    body = envelope(
        "MojeSprawy",
        CREDENTIALS,
        [("numerStrony", 1), ("dataOd", datetime(2026, 11, 1)), ("filtrSlowny", "TT/1")],
    )
    root = etree.fromstring(body)
    operation = root.find(f"{{{SOAP_ENV}}}Body")[0]  # type: ignore[index]
    assert schema_errors(operation) == []
    names = [etree.QName(c).localname for c in operation]
    assert names == ["userName", "password", "apiKey", "numerStrony", "dataOd", "filtrSlowny"]


def test_credentials_never_print_their_secrets() -> None:
    text = repr(CREDENTIALS)
    assert CREDENTIALS.password not in text and CREDENTIALS.api_key not in text


def test_a_regular_answer_saying_validation_error(fake: FakeEsad) -> None:
    fake.scenario = "answer-validation"
    fake.reject = {"TT/WIND/2026/0171": "Brak dowodu doręczenia"}
    with pytest.raises(EsadValidationError) as caught:
        esad(fake).file_lawsuits(PACKAGE)
    assert not caught.value.in_fault
    assert [r.accepted for r in caught.value.result.lawsuits] == [True, True, True, False]
