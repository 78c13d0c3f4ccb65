"""The ZlozWnioskiEgzekucyjne client against the local fake (a real HTTP server on 127.0.0.1
built from the court's WSDL): every request and answer is validated against the WSDL's
schemas (``fake.errors`` stays empty). The package is a real one of two applications,
built by ``documents.enforcement_epu`` and valid against WnioskiEgzekucyjneEPU.xsd."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import httpx
import pytest

from documents.enforcement_epu import build_enforcement_package, validate_enforcement
from integrations.esad import (
    Credentials,
    EsadAuthError,
    EsadFault,
    EsadTimeout,
    EsadUnavailable,
)
from integrations.esad_enforcement import EnforcementValidationError, EsadEnforcementClient
from tests.documents import cases
from tests.documents.test_enforcement_epu import REQUESTED, TITLE, request
from tests.integrations.fake_esad import CREDENTIALS, running_fake
from tests.integrations.fake_esad_enforcement import FakeEsadEnforcement

SECOND = replace(TITLE, signature="VI Nc-e 7654321/25", order_id=123456790)


@pytest.fixture(scope="module")
def package() -> bytes:
    first = request("epu_small")
    second = replace(request("epu_small"), title=SECOND)
    xml = build_enforcement_package([first, second], cases.FIRM, "EGZ-TEST-1", REQUESTED)
    assert validate_enforcement(xml) == []
    return xml


@pytest.fixture
def fake() -> Iterator[FakeEsadEnforcement]:
    with running_fake(FakeEsadEnforcement()) as served:
        yield served  # type: ignore[misc]
    assert served.errors == []


def client(
    fake: FakeEsadEnforcement, *, timeout: float = 5.0, creds: Credentials = CREDENTIALS
) -> EsadEnforcementClient:
    return EsadEnforcementClient(httpx.Client(timeout=timeout), creds, url=fake.url, min_interval=0)


def test_accepted(fake: FakeEsadEnforcement, package: bytes) -> None:
    result = client(fake).file_enforcement_applications(package)
    assert result.code == "OK" and result.label == "EGZ-TEST-1"
    assert [(a.ordinal, a.accepted) for a in result.applications] == [(1, True), (2, True)]
    assert fake.lodged == [TITLE.signature, SECOND.signature]
    assert fake.operations() == ["ZlozWnioskiEgzekucyjne"]


def test_half_accepted(fake: FakeEsadEnforcement, package: bytes) -> None:
    fake.enforcement_reject = {SECOND.signature: "Klauzula nie istnieje"}
    result = client(fake).file_enforcement_applications(package)
    assert result.description == "Paczka przyjęta częściowo"
    first, second = result.applications
    assert first.accepted and not second.accepted
    assert "Klauzula nie istnieje" in second.reason
    assert fake.lodged == [TITLE.signature]


@pytest.mark.parametrize("scenario", ["validation", "answer-validation"])
def test_validation_errors_carry_each_application(
    fake: FakeEsadEnforcement, package: bytes, scenario: str
) -> None:
    fake.enforcement_scenario = scenario
    fake.enforcement_reject = {TITLE.signature: "Nieprawidłowy IDNakazu"}
    with pytest.raises(EnforcementValidationError) as caught:
        client(fake).file_enforcement_applications(package)
    assert caught.value.in_fault is (scenario == "validation")
    rejected = [a for a in caught.value.result.applications if not a.accepted]
    assert [a.ordinal for a in rejected] == [1] and "IDNakazu" in rejected[0].reason
    assert fake.lodged == []


def test_a_package_failing_the_schema_is_refused_whole(fake: FakeEsadEnforcement) -> None:
    broken = b'<?xml version="1.0"?><WnioskiEgzekucyjneEPU xmlns="x"/>'
    with pytest.raises(EnforcementValidationError) as caught:
        client(fake).file_enforcement_applications(broken)
    assert caught.value.result.applications == ()


def test_fault_http500_timeout_and_credentials(fake: FakeEsadEnforcement, package: bytes) -> None:
    fake.enforcement_scenario = "fault"
    with pytest.raises(EsadFault) as fault:
        client(fake).file_enforcement_applications(package)
    assert fault.value.code == "InternalServerError"
    assert not isinstance(fault.value, EnforcementValidationError)
    fake.enforcement_scenario = "http500"
    with pytest.raises(EsadUnavailable):
        client(fake).file_enforcement_applications(package)
    fake.enforcement_scenario = "timeout"
    fake.delay = 1.5
    fake.lodge_on_timeout = True
    with pytest.raises(EsadTimeout) as timeout:
        client(fake, timeout=0.5).file_enforcement_applications(package)
    assert timeout.value.maybe_delivered  # the court may have it: never sent again blindly
    assert fake.lodged == [TITLE.signature, SECOND.signature]
    assert len(fake.enforcement_packages) == 3  # sent once each time, never retried
    fake.enforcement_scenario = "accept"
    wrong = client(fake, creds=Credentials("kancelaria-test", "zle", "k"))
    with pytest.raises(EsadAuthError):
        wrong.file_enforcement_applications(package)
