"""NBP: table A mid rates (Decimal, walking back over non-publication days) and the XML
policy rates. Expected values are the recorded fixtures' own numbers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import httpx
import pytest

from integrations.errors import MalformedResponse, NotFound
from integrations.nbp import (
    NbpClient,
    last_day_of_previous_month,
    parse_policy_rates,
    parse_reference_rate,
)

RANGE = "nbp_rates_a_eur_2026-03-04_2026-03-14.json"


def test_saturday_takes_fridays_table(script: Any, recorded: Any) -> None:
    s = script(recorded.response(RANGE))
    rate = NbpClient(s.client()).mid_rate("eur", date(2026, 3, 14))
    (request,) = s.requests
    assert request.url.path == "/api/exchangerates/rates/a/eur/2026-03-04/2026-03-14/"
    assert request.url.params["format"] == "json"
    assert rate.code == "EUR"
    assert rate.effective_date == date(2026, 3, 13)
    assert rate.mid == Decimal("4.2801")
    assert isinstance(rate.mid, Decimal)
    assert rate.table_no == "050/A/NBP/2026"
    assert rate.requested_for == date(2026, 3, 14)


def test_business_day_takes_its_own_table(script: Any, recorded: Any) -> None:
    s = script(recorded.response(RANGE))
    rate = NbpClient(s.client()).mid_rate("EUR", date(2026, 3, 10))
    # The window ends on the 10th; rows after it (none here, but never trusted) are ignored.
    assert s.requests[0].url.path.endswith("/2026-02-28/2026-03-10/")
    assert rate.effective_date == date(2026, 3, 10)
    assert rate.mid == Decimal("4.2702")


def test_no_table_in_ten_days_is_not_found(script: Any) -> None:
    s = script(httpx.Response(404, text="404 NotFound - Not Found - Brak danych"))
    with pytest.raises(NotFound):
        NbpClient(s.client()).mid_rate("EUR", date(2026, 1, 1))
    assert len(s.requests) == 1


def test_last_business_day_rate_before(script: Any, recorded: Any) -> None:
    body = {
        "table": "A",
        "currency": "euro",
        "code": "EUR",
        "rates": [{"no": "062/A/NBP/2026", "effectiveDate": "2026-03-31", "mid": 4.2555}],
    }
    s = script(httpx.Response(200, json=body))
    rate = NbpClient(s.client()).last_business_day_rate_before(date(2026, 4, 20))
    assert s.requests[0].url.path.endswith("/eur/2026-03-21/2026-03-31/")
    assert rate.effective_date == date(2026, 3, 31)
    assert rate.mid == Decimal("4.2555")


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        (date(2026, 3, 15), date(2026, 2, 28)),
        (date(2024, 3, 1), date(2024, 2, 29)),
        (date(2026, 1, 31), date(2025, 12, 31)),
    ],
)
def test_last_day_of_previous_month(month: date, expected: date) -> None:
    assert last_day_of_previous_month(month) == expected


def test_bad_currency_code_is_rejected_locally(script: Any) -> None:
    s = script(httpx.Response(200))
    with pytest.raises(ValueError):
        NbpClient(s.client()).mid_rate("EURO", date(2026, 3, 10))
    assert s.requests == []


def test_reference_rate_from_xml(recorded: Any) -> None:
    since, rate = parse_reference_rate(recorded.bytes("nbp_stopy_procentowe.xml"))
    assert since == date(2025, 10, 9)
    assert rate == Decimal("4.50")
    assert isinstance(rate, Decimal)


def test_all_policy_rates(recorded: Any) -> None:
    rates = parse_policy_rates(recorded.bytes("nbp_stopy_procentowe.xml"))
    assert {k: str(v.rate) for k, v in rates.items()} == {
        "ref": "4.50",
        "lom": "5.00",
        "dep": "4.00",
        "red": "4.55",
        "dys": "4.60",
        "rezerwa": "3.50",
    }
    assert rates["ref"].name == "Stopa referencyjna"


def test_reference_rate_over_http(script: Any, recorded: Any) -> None:
    s = script(recorded.response("nbp_stopy_procentowe.xml"))
    assert NbpClient(s.client()).reference_rate() == (date(2025, 10, 9), Decimal("4.50"))
    assert str(s.requests[0].url) == "https://static.nbp.pl/dane/stopy/stopy_procentowe.xml"


@pytest.mark.parametrize(
    "xml",
    [
        b"<stopy_procentowe><tabela/></stopy_procentowe>",
        b'<x><pozycja id="ref" oprocentowanie="pi" obowiazuje_od="2025-10-09"/></x>',
        b'<x><pozycja id="ref" oprocentowanie="4,50" obowiazuje_od="9.10.2025"/></x>',
        b'<x><pozycja id="ref" obowiazuje_od="2025-10-09"/></x>',
        b"<x><pozycja",
    ],
)
def test_malformed_rate_xml(xml: bytes) -> None:
    with pytest.raises(MalformedResponse):
        parse_reference_rate(xml)
