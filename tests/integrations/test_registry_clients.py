"""KRS, VAT white list and CEIDG clients: parsing recorded bodies, URLs, identifier checks."""

from __future__ import annotations

import copy
import json
from datetime import date
from typing import Any

import httpx
import pytest

from integrations.address import Address
from integrations.ceidg import CeidgClient
from integrations.errors import ClientRequestError, InvalidIdentifier, NotFound
from integrations.krs import KrsClient, normalise_krs, parse_extract, parse_polish_date
from integrations.vat_whitelist import (
    CHECK_LIMIT_PER_DAY,
    SEARCH_LIMIT_PER_DAY,
    VatWhitelistClient,
    normalise_nip,
    normalise_nrb,
)

ON = date(2026, 3, 16)
NRB = "61109010140000071219812874"


# --- KRS --------------------------------------------------------------------------------


def test_krs_current_extract(script: Any, recorded: Any) -> None:
    s = script(recorded.response("krs_odpis_aktualny_P_0000123456.json"))
    extract = KrsClient(s.client()).current_extract("123456")
    (request,) = s.requests
    assert request.url.path == "/api/krs/OdpisAktualny/0000123456"
    assert dict(request.url.params) == {"rejestr": "P", "format": "json"}
    assert extract.krs == "0000123456"
    assert extract.register == "P"
    assert extract.name == "ABC HANDEL SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ"
    assert extract.legal_form == "SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ"
    assert (extract.nip, extract.regon) == ("5250000015", "14000000000000")
    assert extract.address == Address("UL. PROSTA", "49", "12", "00-838", "WARSZAWA", "POLSKA")
    assert extract.state_as_of == date(2026, 3, 15)
    assert not (extract.in_liquidation or extract.bankruptcy or extract.restructuring)
    assert not (extract.deleted or extract.curator or extract.arrears_or_claims)
    assert extract.raw["odpis"]["rodzaj"] == "Aktualny"


def test_krs_falls_back_to_register_s_on_404(script: Any, recorded: Any) -> None:
    s = script(httpx.Response(404), recorded.response("krs_odpis_aktualny_P_0000123456.json"))
    extract = KrsClient(s.client()).current_extract("0000123456")
    assert [r.url.params["rejestr"] for r in s.requests] == ["P", "S"]
    assert extract.register == "S"


def test_krs_not_in_either_register(script: Any) -> None:
    s = script(httpx.Response(404))
    with pytest.raises(NotFound):
        KrsClient(s.client()).current_extract("1")
    assert len(s.requests) == 2


@pytest.mark.parametrize("bad", ["", "abc", "12345678901", "0000000000", "12-34"])
def test_krs_number_validated_before_any_request(bad: str, script: Any) -> None:
    s = script(httpx.Response(200))
    with pytest.raises(InvalidIdentifier) as exc:
        KrsClient(s.client()).current_extract(bad)
    assert isinstance(exc.value, ValueError)
    assert s.requests == []


def test_normalise_krs() -> None:
    assert normalise_krs(" 413516 ") == "0000413516"
    assert normalise_krs("0000413516") == "0000413516"


def test_krs_bankruptcy_fixture(recorded: Any) -> None:
    extract = parse_extract(recorded.json("krs_odpis_aktualny_P_0000654321_upadlosc.json"))
    assert extract.bankruptcy
    assert not extract.arrears_or_claims  # an empty list in dział 4 is not an entry


@pytest.mark.parametrize(
    ("dzial6", "flag"),
    [
        ({"likwidacja": [{"otwarcieLikwidacji": "01.02.2026"}]}, "in_liquidation"),
        ({"postepowanieUpadlosciowe": [{"sygnaturaAktSprawy": "X"}]}, "bankruptcy"),
        ({"postepowanieRestrukturyzacyjne": [{"rodzaj": "SANACYJNE"}]}, "restructuring"),
        ({"rozwiazanieUniewaznienie": {"okreslenieOkolicznosci": "UCHWAŁA"}}, "deleted"),
        ({"informacjeOWykresleniu": {"dataWykresleniaZRejestru": "03.03.2026"}}, "deleted"),
    ],
)
def test_krs_dzial6_flags(dzial6: dict[str, Any], flag: str, recorded: Any) -> None:
    body = copy.deepcopy(recorded.json("krs_odpis_aktualny_P_0000123456.json"))
    body["odpis"]["dane"]["dzial6"] = dzial6
    extract = parse_extract(body)
    flags = {
        f
        for f in ("in_liquidation", "bankruptcy", "restructuring", "deleted")
        if getattr(extract, f)
    }
    assert flags == {flag}


def test_krs_empty_sections_are_not_flags(recorded: Any) -> None:
    body = copy.deepcopy(recorded.json("krs_odpis_aktualny_P_0000123456.json"))
    body["odpis"]["dane"]["dzial6"] = {"likwidacja": [], "postepowanieUpadlosciowe": {"x": ""}}
    extract = parse_extract(body)
    assert not extract.in_liquidation and not extract.bankruptcy


def test_krs_deletion_date_from_header(recorded: Any) -> None:
    body = copy.deepcopy(recorded.json("krs_odpis_aktualny_P_0000123456.json"))
    body["odpis"]["naglowekA"]["dataWykresleniaZRejestru"] = "20.02.2026"
    extract = parse_extract(body)
    assert extract.deleted and extract.deleted_on == date(2026, 2, 20)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("08.03.2022", date(2022, 3, 8)),
        ("08.03.2022 05:03:05", date(2022, 3, 8)),
        ("2022-03-08", date(2022, 3, 8)),
        ("31.02.2022", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_polish_date(text: Any, expected: date | None) -> None:
    assert parse_polish_date(text) == expected


# --- VAT white list ---------------------------------------------------------------------


def test_vat_search_nip(script: Any, recorded: Any) -> None:
    s = script(recorded.response("vat_search_nip_5250000015.json"))
    subject = VatWhitelistClient(s.client()).search_nip("PL 525-000-00-15", on=ON)
    (request,) = s.requests
    assert str(request.url) == "https://wl-api.mf.gov.pl/api/search/nip/5250000015?date=2026-03-16"
    assert request.headers["User-Agent"]
    assert subject.name == "ABC HANDEL SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ"
    assert subject.status_vat == "Czynny"
    assert (subject.nip, subject.regon, subject.krs) == ("5250000015", "140000000", "0000123456")
    assert subject.working_address == "PROSTA 49/12, 00-838 WARSZAWA"
    assert subject.residence_address == ""
    assert subject.account_numbers == (NRB, "27114020040000360212345678")
    assert subject.removal_date is None
    assert subject.registration_legal_date == date(2002, 8, 1)
    assert subject.request_id == "d8ab4-8hm8rp1"
    assert subject.request_date_time == "15-03-2026 10:15:09"
    assert subject.requested_for == ON


def test_vat_unknown_nip_is_not_found_with_request_id(script: Any, recorded: Any) -> None:
    s = script(recorded.response("vat_search_nip_not_found.json"))
    with pytest.raises(NotFound) as exc:
        VatWhitelistClient(s.client()).search_nip("5250000015", on=ON)
    assert exc.value.request_id == "d8ab4-8hm8rp7"


@pytest.mark.parametrize("bad", ["5250000016", "123", "", "abcdefghij"])
def test_vat_bad_nip_makes_no_request(bad: str, script: Any) -> None:
    s = script(httpx.Response(200))
    with pytest.raises(InvalidIdentifier) as exc:
        VatWhitelistClient(s.client()).search_nip(bad, on=ON)
    assert isinstance(exc.value, ValueError)
    assert s.requests == []


def test_vat_bad_account_makes_no_request(script: Any) -> None:
    s = script(httpx.Response(200))
    client = VatWhitelistClient(s.client())
    with pytest.raises(InvalidIdentifier):
        client.search_bank_account("61109010140000071219812875", on=ON)
    with pytest.raises(InvalidIdentifier):
        client.check_nip_account("5250000015", "12345", on=ON)
    assert s.requests == []


def test_vat_search_bank_account(script: Any, recorded: Any) -> None:
    s = script(recorded.response("vat_search_bank_account.json"))
    (subject,) = VatWhitelistClient(s.client()).search_bank_account("PL" + NRB, on=ON)
    assert s.requests[0].url.path == f"/api/search/bank-account/{NRB}"
    assert subject.nip == "5250000015"
    assert subject.request_id == "d8ab4-8hm8s02"


def test_vat_search_bank_account_none(script: Any) -> None:
    s = script(httpx.Response(200, json={"result": {"subjects": [], "requestId": "r1"}}))
    assert VatWhitelistClient(s.client()).search_bank_account(NRB, on=ON) == ()


@pytest.mark.parametrize(("answer", "assigned"), [("TAK", True), ("NIE", False)])
def test_vat_check_account(answer: str, assigned: bool, script: Any, recorded: Any) -> None:
    body = recorded.json("vat_check_tak.json")
    body["result"]["accountAssigned"] = answer
    s = script(httpx.Response(200, json=body))
    check = VatWhitelistClient(s.client()).check_nip_account("5250000015", NRB, on=ON)
    assert s.requests[0].url.path == f"/api/check/nip/5250000015/bank-account/{NRB}"
    assert check.assigned is assigned
    assert check.request_id == "d8ab4-8hm8s9x"


def test_vat_400_keeps_the_service_explanation(script: Any, recorded: Any) -> None:
    s = script(recorded.response("vat_error_400.json", status=400))
    with pytest.raises(ClientRequestError) as exc:
        VatWhitelistClient(s.client()).search_nip("5250000015", on=ON)
    assert exc.value.status == 400
    assert "WL-115" in exc.value.detail


def test_vat_limits_are_exposed() -> None:
    assert SEARCH_LIMIT_PER_DAY == 100
    assert CHECK_LIMIT_PER_DAY == 5000


def test_identifier_normalisation() -> None:
    assert normalise_nip("525 000 00 15") == "5250000015"
    assert normalise_nrb("PL61 1090 1014 0000 0712 1981 2874") == NRB


# --- CEIDG ------------------------------------------------------------------------------


def test_ceidg_company_by_nip(script: Any, recorded: Any) -> None:
    s = script(recorded.response("ceidg_firma_7770000028.json"))
    company = CeidgClient(s.client(), token="eyJ.token").company_by_nip("7770000028")
    (request,) = s.requests
    assert request.headers["Authorization"] == "Bearer eyJ.token"
    assert str(request.url) == "https://dane.biznes.gov.pl/api/ceidg/v3/firma?nip=7770000028"
    assert company.name == "Jan Nowak Usługi Remontowe"
    assert company.status == "AKTYWNY"
    assert (company.nip, company.regon) == ("7770000028", "360000001")
    assert (company.owner_first_name, company.owner_last_name) == ("Jan", "Nowak")
    assert company.address == Address("ul. Długa", "28", "99", "31-147", "Kraków", "PL")
    assert company.start_date == date(2019, 4, 1)


def test_ceidg_204_is_not_found(script: Any) -> None:
    s = script(httpx.Response(204))
    with pytest.raises(NotFound):
        CeidgClient(s.client(), token="t").company_by_nip("7770000028")


def test_ceidg_empty_list_is_not_found(script: Any) -> None:
    s = script(httpx.Response(200, json={"firma": []}))
    with pytest.raises(NotFound):
        CeidgClient(s.client(), token="t").company_by_nip("7770000028")


def test_ceidg_prefers_the_active_entry(script: Any, recorded: Any) -> None:
    body = recorded.json("ceidg_firma_7770000028.json")
    old = copy.deepcopy(body["firma"][0])
    old.update(status="WYKRESLONY", nazwa="Jan Nowak Stara Firma", dataRozpoczecia="2024-01-01")
    body["firma"].insert(0, old)
    s = script(httpx.Response(200, content=json.dumps(body).encode()))
    company = CeidgClient(s.client(), token="t").company_by_nip("7770000028")
    assert company.name == "Jan Nowak Usługi Remontowe"


def test_ceidg_needs_a_token_and_hides_it() -> None:
    with pytest.raises(ValueError):
        CeidgClient(httpx.Client(), token=" ")
    assert "secret" not in repr(CeidgClient(httpx.Client(), token="secret"))
