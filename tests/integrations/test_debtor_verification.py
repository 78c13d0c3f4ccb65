"""verify_debtor: a table of scenarios over fake registries (MockTransport routed by host).

Each scenario names the registry answers and the findings/status expected. The last test
checks that every finding code documented in integrations.verification is exercised here.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from integrations import verification
from integrations.ceidg import CeidgClient
from integrations.http import RetryPolicy
from integrations.krs import KrsClient
from integrations.vat_whitelist import VatWhitelistClient
from integrations.verification import (
    CEIDG_NO_TOKEN_NOTE,
    DebtorIdentity,
    Verification,
    name_key,
    verify_debtor,
)
from law.findings import Severity

FIXTURES = Path(__file__).parent / "fixtures"
ON = date(2026, 3, 16)
FAST = RetryPolicy(attempts=2, base_delay=0.0, jitter=0.0)


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_bytes())


KRS_OK = fixture("krs_odpis_aktualny_P_0000123456.json")
KRS_BANKRUPT = fixture("krs_odpis_aktualny_P_0000654321_upadlosc.json")
VAT_OK = fixture("vat_search_nip_5250000015.json")
VAT_NONE = fixture("vat_search_nip_not_found.json")
CEIDG_OK = fixture("ceidg_firma_7770000028.json")


def krs_with(**dzial: Any) -> Any:
    body = copy.deepcopy(KRS_OK)
    body["odpis"]["dane"].update(dzial)
    return body


def krs_header(**fields: Any) -> Any:
    body = copy.deepcopy(KRS_OK)
    body["odpis"]["naglowekA"].update(fields)
    return body


def vat_with(**subject: Any) -> Any:
    body = copy.deepcopy(VAT_OK)
    body["result"]["subject"].update(subject)
    return body


def ceidg_with(**entry: Any) -> Any:
    body = copy.deepcopy(CEIDG_OK)
    body["firma"][0].update(entry)
    return body


COMPANY = DebtorIdentity(
    kind="company",
    name="„ABC Handel” Sp. z o.o.",
    nip="525-000-00-15",
    regon="140000000",
    krs="123456",
    street="ul. Prosta",
    building="49",
    unit="12",
    postcode="00-838",
    city="Warszawa",
)
SOLE_TRADER = DebtorIdentity(
    kind="sole_trader",
    name="Jan Nowak Usługi Remontowe",
    nip="7770000028",
    street="Długa",
    building="28",
    unit="99",
    postcode="31-147",
    city="Kraków",
)
CONSUMER = DebtorIdentity(kind="consumer", name="Anna Kowalska", city="Lublin")


def trader(**answers: Any) -> Registries:
    vat = vat_with(
        nip="7770000028",
        name="JAN NOWAK USŁUGI REMONTOWE",
        krs=None,
        regon="360000001",
        workingAddress="DŁUGA 28/99, 31-147 KRAKÓW",
    )
    return Registries(**{"vat": vat, **answers})


Answer = Any  # dict body (200) | int status | httpx.Response | Exception


@dataclass
class Registries:
    krs: Answer = field(default_factory=lambda: KRS_OK)
    vat: Answer = field(default_factory=lambda: VAT_OK)
    ceidg: Answer = field(default_factory=lambda: CEIDG_OK)
    requests: list[httpx.Request] = field(default_factory=list)

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        host = request.url.host
        answer = {
            "api-krs.ms.gov.pl": self.krs,
            "wl-api.mf.gov.pl": self.vat,
            "dane.biznes.gov.pl": self.ceidg,
        }[host]
        if host == "api-krs.ms.gov.pl" and isinstance(answer, dict) and "by_register" in answer:
            answer = answer["by_register"][request.url.params["rejestr"]]
        if isinstance(answer, Exception):
            raise answer
        if isinstance(answer, int):
            return httpx.Response(answer)
        if isinstance(answer, httpx.Response):
            return answer
        return httpx.Response(200, json=answer)

    def clients(
        self, *, ceidg_token: str | None = "jwt"
    ) -> tuple[KrsClient, VatWhitelistClient, CeidgClient | None]:
        http = httpx.Client(transport=httpx.MockTransport(self.handler))
        noop = lambda _s: None  # noqa: E731
        return (
            KrsClient(http, retry=FAST, sleep=noop),
            VatWhitelistClient(http, retry=FAST, sleep=noop),
            CeidgClient(http, token=ceidg_token, retry=FAST, sleep=noop) if ceidg_token else None,
        )

    def hosts(self) -> list[str]:
        return [r.url.host for r in self.requests]


def run(
    identity: DebtorIdentity, registries: Registries, *, ceidg_token: str | None = "jwt"
) -> Verification:
    krs, vat, ceidg = registries.clients(ceidg_token=ceidg_token)
    return verify_debtor(identity, on=ON, krs=krs, vat=vat, ceidg=ceidg)


# (id, identity, registries, expected status, expected finding codes)
SCENARIOS: list[tuple[str, DebtorIdentity, Registries, str, set[str]]] = [
    ("company-clean", COMPANY, Registries(), "verified", set()),
    (
        "name-differs",
        replace(COMPANY, name="ABC Trade sp. z o.o."),
        Registries(),
        "verified",
        {"name_mismatch"},
    ),
    (
        "address-differs",
        replace(COMPANY, postcode="00-001", building="7"),
        Registries(),
        "verified",
        {"address_mismatch"},
    ),
    (
        "deleted-by-dzial6",
        COMPANY,
        Registries(
            krs=krs_with(dzial6={"rozwiazanieUniewaznienie": {"okreslenieOkolicznosci": "UCHWAŁA"}})
        ),
        "verified",
        {"company_deleted"},
    ),
    (
        "deleted-by-header",
        COMPANY,
        Registries(krs=krs_header(dataWykreslenia="20.02.2026")),
        "verified",
        {"company_deleted"},
    ),
    (
        "in-liquidation",
        replace(COMPANY, name="ABC Handel sp. z o.o. w likwidacji"),
        Registries(krs=krs_with(dzial6={"likwidacja": [{"otwarcieLikwidacji": "01.02.2026"}]})),
        "verified",
        {"in_liquidation"},
    ),
    (
        "bankruptcy",
        replace(COMPANY, name="Budmax sp. z o.o.", nip="7770000028", regon="", krs="654321"),
        Registries(
            krs=KRS_BANKRUPT,
            vat=vat_with(nip="7770000028", name="BUDMAX SP. Z O.O.", krs="0000654321"),
        ),
        "verified",
        {"bankruptcy"},
    ),
    (
        "restructuring",
        COMPANY,
        Registries(
            krs=krs_with(dzial6={"postepowanieRestrukturyzacyjne": [{"rodzaj": "SANACYJNE"}]})
        ),
        "verified",
        {"restructuring"},
    ),
    (
        "curator-and-dzial4",
        COMPANY,
        Registries(
            krs=krs_with(
                dzial4={"zaleglosci": [{"kwota": "1200,00"}]},
                dzial5={"kurator": [{"nazwisko": "K****"}]},
            )
        ),
        "verified",
        {"krs_curator", "krs_dzial4_entries"},
    ),
    (
        "vat-exempt",
        COMPANY,
        Registries(vat=vat_with(statusVat="Zwolniony")),
        "verified",
        {"vat_status_not_active"},
    ),
    (
        "vat-removed",
        COMPANY,
        Registries(
            vat=vat_with(
                statusVat="Niezarejestrowany",
                removalDate="2025-11-30",
                removalBasis="Art. 96 ust. 9 ustawy o VAT",
            )
        ),
        "verified",
        {"vat_status_not_active", "vat_removed"},
    ),
    (
        "nip-not-on-white-list",
        COMPANY,
        Registries(vat=VAT_NONE),
        "verified",
        {"nip_not_found"},
    ),
    (
        "krs-number-unknown",
        COMPANY,
        Registries(krs=404),
        "verified",
        {"krs_not_found"},
    ),
    (
        "nip-differs-from-krs",
        replace(COMPANY, nip="1130000039"),
        Registries(vat=vat_with(nip="1130000039")),
        "verified",
        {"identifier_mismatch"},
    ),
    (
        "krs-differs-from-white-list",
        COMPANY,
        Registries(vat=vat_with(krs="0000999999")),
        "verified",
        {"identifier_mismatch"},
    ),
    (
        "bank-account-not-listed",
        replace(COMPANY, bank_account="PL61 1090 1014 0000 0712 1981 2874"),
        Registries(vat=vat_with(accountNumbers=["27114020040000360212345678"])),
        "verified",
        {"bank_account_not_listed"},
    ),
    (
        "bank-account-listed",
        replace(COMPANY, bank_account="61 1090 1014 0000 0712 1981 2874"),
        Registries(),
        "verified",
        set(),
    ),
    (
        "invalid-nip",
        replace(COMPANY, nip="5250000016"),
        Registries(),
        "verified",
        {"identifier_invalid", "identifier_mismatch"},  # KRS shows the right NIP
    ),
    (
        "no-identifiers",
        replace(COMPANY, nip="", krs=""),
        Registries(),
        "skipped",
        {"identifier_missing"},
    ),
    (
        "krs-down",
        COMPANY,
        Registries(krs=503),
        "pending",
        {"verification_pending"},
    ),
    (
        "krs-timeout",
        COMPANY,
        Registries(krs=httpx.ReadTimeout("slow")),
        "pending",
        {"verification_pending"},
    ),
    (
        "vat-rate-limited",
        COMPANY,
        Registries(vat=httpx.Response(429, headers={"Retry-After": "36000"})),
        "pending",
        {"verification_pending"},
    ),
    (
        "krs-malformed",
        COMPANY,
        Registries(krs=httpx.Response(200, text="<html>przerwa</html>")),
        "pending",
        {"registry_error"},
    ),
    (
        "sole-trader-clean",
        SOLE_TRADER,
        trader(),
        "verified",
        set(),
    ),
    (
        "sole-trader-deleted",
        SOLE_TRADER,
        trader(ceidg=ceidg_with(status="WYKRESLONY", dataZakonczenia="2025-12-31")),
        "verified",
        {"business_deleted"},
    ),
    (
        "sole-trader-suspended",
        SOLE_TRADER,
        trader(ceidg=ceidg_with(status="ZAWIESZONY", dataZawieszenia="2026-01-01")),
        "verified",
        {"business_suspended"},
    ),
    (
        "sole-trader-only-in-partnership",
        SOLE_TRADER,
        trader(ceidg=ceidg_with(status="WYLACZNIE_W_FORMIE_SPOLKI")),
        "verified",
        {"business_inactive"},
    ),
    (
        "sole-trader-not-in-ceidg",
        SOLE_TRADER,
        trader(ceidg=204),
        "verified",
        {"ceidg_not_found"},
    ),
    (
        "sole-trader-no-nip",
        replace(SOLE_TRADER, nip=""),
        trader(),
        "skipped",
        {"identifier_missing"},
    ),
    (
        "sole-trader-ceidg-down",
        SOLE_TRADER,
        trader(ceidg=500),
        "pending",
        {"verification_pending"},
    ),
]


@pytest.mark.parametrize(
    ("identity", "registries", "status", "codes"),
    [s[1:] for s in SCENARIOS],
    ids=[s[0] for s in SCENARIOS],
)
def test_scenario(
    identity: DebtorIdentity, registries: Registries, status: str, codes: set[str]
) -> None:
    result = run(identity, registries)
    assert result.status == status
    assert set(result.codes) == codes, [f.message for f in result.findings]
    for finding in result.findings:
        assert finding.message and finding.code == finding.code.lower()
    json.dumps(result.to_dict())  # the snapshot and everything else is JSON-serialisable


def test_clean_company_gives_register_name_address_and_proof() -> None:
    result = run(COMPANY, Registries())
    assert result.registry == "krs"
    assert result.registry_name == "ABC HANDEL SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ"
    assert result.registry_address is not None
    assert result.registry_address.one_line() == "UL. PROSTA 49/12, 00-838 WARSZAWA"
    assert [s.registry for s in result.sources] == ["krs", "vat", "ceidg"]
    assert result.source("vat") is not None
    assert result.source("vat").request_id == "d8ab4-8hm8rp1"  # type: ignore[union-attr]
    assert result.source("ceidg").outcome == "skipped"  # type: ignore[union-attr]
    assert result.snapshot["vat"]["request_id"] == "d8ab4-8hm8rp1"
    assert result.snapshot["krs"]["extract"]["odpis"]["naglowekA"]["numerKRS"] == "0000123456"


def test_krs_number_taken_from_white_list_when_case_has_none() -> None:
    registries = Registries()
    result = run(replace(COMPANY, krs=""), registries)
    assert result.registry == "krs"
    krs_requests = [r for r in registries.requests if r.url.host == "api-krs.ms.gov.pl"]
    assert krs_requests[0].url.path.endswith("/OdpisAktualny/0000123456")


def test_bankruptcy_is_a_blocker_pointing_to_the_syndyk() -> None:
    result = run(
        replace(COMPANY, name="Budmax sp. z o.o.", nip="7770000028", regon="", krs="654321"),
        Registries(krs=KRS_BANKRUPT, vat=vat_with(nip="7770000028", krs="0000654321")),
    )
    (finding,) = [f for f in result.findings if f.code == "bankruptcy"]
    assert finding.severity is Severity.BLOCKER
    assert "syndyk" in finding.message
    assert finding.subject == "KRS"


def test_severities() -> None:
    exempt = run(COMPANY, Registries(vat=vat_with(statusVat="Zwolniony")))
    assert exempt.findings[0].severity is Severity.INFO
    unregistered = run(COMPANY, Registries(vat=vat_with(statusVat="Niezarejestrowany")))
    assert unregistered.findings[0].severity is Severity.WARNING
    deleted = run(COMPANY, Registries(krs=krs_header(dataWykreslenia="20.02.2026")))
    assert deleted.findings[0].severity is Severity.BLOCKER
    assert "2026-02-20" in deleted.findings[0].message


def test_vat_falls_back_as_primary_when_krs_is_down() -> None:
    result = run(replace(COMPANY, postcode="00-999"), Registries(krs=503))
    assert result.status == "pending"
    assert result.registry == "vat"
    assert result.registry_name.startswith("ABC HANDEL")
    assert "address_mismatch" in result.codes  # compared with the white-list address


def test_nip_not_found_keeps_the_request_id_as_proof() -> None:
    result = run(COMPANY, Registries(vat=VAT_NONE))
    vat = result.source("vat")
    assert vat is not None and vat.outcome == "not_found"
    assert vat.request_id == "d8ab4-8hm8rp7"
    assert "d8ab4-8hm8rp7" in result.findings[0].message


def test_invalid_nip_makes_no_white_list_call() -> None:
    registries = Registries()
    run(replace(COMPANY, nip="5250000016"), registries)
    assert "wl-api.mf.gov.pl" not in registries.hosts()


def test_registry_down_never_raises_and_marks_pending() -> None:
    result = run(COMPANY, Registries(krs=503, vat=httpx.ConnectError("down")))
    assert result.status == "pending"
    assert {s.outcome for s in result.sources if s.registry != "ceidg"} == {"unavailable"}
    assert result.codes.count("verification_pending") == 2
    assert result.registry == ""


def test_consumer_is_skipped_without_any_request() -> None:
    registries = Registries()
    result = run(CONSUMER, registries)
    assert result.status == "skipped"
    assert registries.requests == []
    assert {s.outcome for s in result.sources} == {"skipped"}
    assert result.findings == ()
    assert "Konsument" in result.sources[0].note


def test_sole_trader_without_ceidg_token_is_skipped_with_a_note() -> None:
    registries = trader()
    result = run(SOLE_TRADER, registries, ceidg_token=None)
    ceidg = result.source("ceidg")
    assert ceidg is not None and ceidg.outcome == "skipped"
    assert ceidg.note == CEIDG_NO_TOKEN_NOTE == "CEIDG nie sprawdzony: brak tokenu API"
    assert "ceidg_not_checked" in result.codes
    assert result.status == "verified"  # the white list answered
    assert result.registry == "vat"
    assert "dane.biznes.gov.pl" not in registries.hosts()


def test_sole_trader_uses_ceidg_name_and_address() -> None:
    result = run(SOLE_TRADER, trader())
    assert result.registry == "ceidg"
    assert result.registry_name == "Jan Nowak Usługi Remontowe"
    assert result.registry_address is not None
    assert result.registry_address.postcode == "31-147"
    assert result.source("krs").outcome == "skipped"  # type: ignore[union-attr]


def test_no_clients_at_all_is_skipped() -> None:
    result = verify_debtor(COMPANY, on=ON, krs=None, vat=None, ceidg=None)
    assert result.status == "skipped"
    assert {s.outcome for s in result.sources} == {"skipped"}


def test_round_trip_through_dict_and_json() -> None:
    result = run(
        replace(COMPANY, name="Inna Nazwa S.A."),
        Registries(krs=krs_with(dzial6={"likwidacja": [{"otwarcieLikwidacji": "01.02.2026"}]})),
    )
    data = json.loads(json.dumps(result.to_dict()))
    again = Verification.from_dict(data)
    assert again == result
    assert again.to_dict() == result.to_dict()


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        ("ABC Handel sp. z o.o.", "ABC HANDEL SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ"),
        ('"ABC  Handel" Spółka z o.o.', "ABC HANDEL SP. Z O.O."),
        ("Abc Handel Sp.z o.o.", "ABC HANDEL SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ"),
        ("XYZ S.A.", "XYZ SPÓŁKA AKCYJNA"),
        ("XYZ P.S.A.", "XYZ PROSTA SPÓŁKA AKCYJNA"),
        ("Kowalski i Wspólnicy sp.j.", "KOWALSKI I WSPÓLNICY SPÓŁKA JAWNA"),
        ("Foo sp. z o.o. sp.k.", "FOO SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ SPÓŁKA KOMANDYTOWA"),
        ("Foo S.K.A.", "FOO SPÓŁKA KOMANDYTOWO-AKCYJNA"),
        ("Zakład Łódź sp. z o.o.", "ZAKLAD LODZ SPOLKA Z OGRANICZONA ODPOWIEDZIALNOSCIA"),
        ("ABC sp. z o.o. w likwidacji", "ABC SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ"),
    ],
)
def test_name_key_equal(ours: str, theirs: str) -> None:
    assert name_key(ours) == name_key(theirs)


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        ("ABC sp. z o.o.", "ABC SPÓŁKA AKCYJNA"),
        ("ABC Handel sp. z o.o.", "ABD HANDEL SP. Z O.O."),
        ("Foo sp. z o.o. sp.k.", "FOO SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ"),
    ],
)
def test_name_key_different(ours: str, theirs: str) -> None:
    assert name_key(ours) != name_key(theirs)


def test_every_documented_code_is_exercised() -> None:
    doc = verification.__doc__ or ""
    documented = set(re.findall(r"^    ([a-z0-9_]+)\s+\[", doc, flags=re.MULTILINE))
    exercised = set().union(*(s[4] for s in SCENARIOS)) | {"bankruptcy", "ceidg_not_checked"}
    assert documented == exercised
