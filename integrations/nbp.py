"""NBP (Narodowy Bank Polski) client: table A mid exchange rates and the policy rates.

Exchange rates come from the Web API: ``GET {api}/exchangerates/rates/a/{code}/{from}/{to}/
?format=json``. There is no table on weekends and holidays (404 for that single day), so a
rate "for" a day is the rate of the latest table published on or before it. Instead of
asking day by day we ask once for the window ``[day - 10, day]`` (the API allows 93 days)
and take the latest table in it; a 404 for the whole window means no table in 10 days.

The compensation rule (art. 10 ust. 1 of the late-payments act: 40/70/100 EUR converted
at the NBP mid rate of the last business day of the month *preceding* the month in which
the payment became due) uses :meth:`NbpClient.last_business_day_rate_before`.

Policy rates are not in the API: ``stopy_procentowe.xml`` holds only *current* values, e.g.
``<pozycja id="ref" oprocentowanie="5,75" obowiazuje_od="2023-10-05"/>`` (comma decimals).
The dated history lives in ``law/`` as code; this module only reads what NBP says today.
Rates are ``Decimal`` end to end: JSON floats are decoded straight to Decimal.

References: registries.md §4 (shared/domain); api.nbp.pl; static.nbp.pl/dane/stopy.
"""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

import httpx

from integrations import http
from integrations.errors import MalformedResponse, NotFound

SERVICE = "nbp"
NBP_API_URL = "https://api.nbp.pl/api"
NBP_RATES_XML_URL = "https://static.nbp.pl/dane/stopy/stopy_procentowe.xml"
MAX_WALK_BACK_DAYS = 10
MAX_RANGE_DAYS = 93  # one API query covers at most 93 days (both ends included)


@dataclass(frozen=True, slots=True)
class ExchangeRate:
    """PLN per one unit of ``code`` from table A ``table_no`` published on ``effective_date``."""

    code: str
    mid: Decimal
    effective_date: date
    table_no: str
    requested_for: date


@dataclass(frozen=True, slots=True)
class PolicyRate:
    """One NBP rate as published now: ``id`` is "ref", "lom", "dep", "red", "dys"."""

    id: str
    name: str
    rate: Decimal  # percent per year, e.g. Decimal("5.75")
    effective_from: date


def _code(code: str) -> str:
    code = (code or "").strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise ValueError(f"invalid currency code: {code!r}")
    return code


def parse_rates_body(body: Any, *, code: str, on: date) -> ExchangeRate:
    """Pick the latest table on or before ``on`` from a decoded rates body."""
    rates = http.field(body, "rates", service=SERVICE)
    if not isinstance(rates, list) or not rates:
        raise MalformedResponse("nbp: 'rates' is empty or not a list", service=SERVICE)
    best: ExchangeRate | None = None
    for row in rates:
        mid = http.field(row, "mid", service=SERVICE)
        raw_date = http.field(row, "effectiveDate", service=SERVICE)
        try:
            effective = date.fromisoformat(str(raw_date))
            value = Decimal(str(mid))
        except (ValueError, InvalidOperation) as exc:
            raise MalformedResponse("nbp: bad effectiveDate or mid", service=SERVICE) from exc
        if effective > on or not value.is_finite() or value <= 0:
            continue
        if best is None or effective > best.effective_date:
            best = ExchangeRate(code, value, effective, str(row.get("no", "")), on)
    if best is None:
        raise NotFound(f"nbp: no table A rate for {code} on or before {on}", service=SERVICE)
    return best


def _decimal_pl(text: str | None) -> Decimal:
    if text is None:
        raise MalformedResponse("nbp: pozycja without oprocentowanie", service=SERVICE)
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation as exc:
        raise MalformedResponse(f"nbp: bad rate {text!r}", service=SERVICE) from exc
    if not value.is_finite():
        raise MalformedResponse(f"nbp: bad rate {text!r}", service=SERVICE)
    return value


def parse_policy_rates(xml: bytes | str) -> dict[str, PolicyRate]:
    """Every ``<pozycja>`` of ``stopy_procentowe.xml`` by its ``id``."""
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as exc:
        raise MalformedResponse("nbp: interest-rate XML does not parse", service=SERVICE) from exc
    rates: dict[str, PolicyRate] = {}
    for item in root.iter("pozycja"):
        rate_id = (item.get("id") or "").strip()
        if not rate_id:
            continue
        try:
            since = date.fromisoformat((item.get("obowiazuje_od") or "").strip())
        except ValueError as exc:
            raise MalformedResponse(
                f"nbp: bad obowiazuje_od for {rate_id!r}", service=SERVICE
            ) from exc
        rates[rate_id] = PolicyRate(
            id=rate_id,
            name=(item.get("nazwa") or "").strip(),
            rate=_decimal_pl(item.get("oprocentowanie")),
            effective_from=since,
        )
    return rates


def parse_reference_rate(xml: bytes | str) -> tuple[date, Decimal]:
    """``(effective_from, rate)`` of the reference rate (*stopa referencyjna*, id "ref")."""
    rates = parse_policy_rates(xml)
    if "ref" not in rates:
        raise MalformedResponse("nbp: no <pozycja id='ref'>", service=SERVICE)
    ref = rates["ref"]
    return ref.effective_from, ref.rate


def last_day_of_previous_month(month: date) -> date:
    """2026-03-15 -> 2026-02-28."""
    return month.replace(day=1) - timedelta(days=1)


class NbpClient:
    def __init__(
        self,
        client: httpx.Client,
        *,
        api_url: str = NBP_API_URL,
        rates_xml_url: str = NBP_RATES_XML_URL,
        retry: http.RetryPolicy = http.DEFAULT_RETRY,
        sleep: http.Sleep = time.sleep,
    ) -> None:
        self._client = client
        self._api_url = api_url.rstrip("/")
        self._rates_xml_url = rates_xml_url
        self._retry = retry
        self._sleep = sleep

    def _table_a(self, code: str, start: date, end: date) -> Any:
        """The decoded table A rates of ``code`` published in ``[start, end]``."""
        return http.get_json(
            self._client,
            f"{self._api_url}/exchangerates/rates/a/{code.lower()}/"
            f"{start.isoformat()}/{end.isoformat()}/",
            service=SERVICE,
            params={"format": "json"},
            retry=self._retry,
            sleep=self._sleep,
        )

    def mid_rate(
        self, code: str, on: date, *, walk_back_days: int = MAX_WALK_BACK_DAYS
    ) -> ExchangeRate:
        """Table A mid rate of the latest table on or before ``on`` (at most N days back).

        NotFound when NBP published no table in ``[on - walk_back_days, on]``.
        """
        code = _code(code)
        start = on - timedelta(days=walk_back_days)
        try:
            body = self._table_a(code, start, on)
        except NotFound as exc:
            raise NotFound(
                f"nbp: no table A rate for {code} between {start} and {on}", service=SERVICE
            ) from exc
        if not isinstance(body, Mapping):
            raise MalformedResponse("nbp: body is not an object", service=SERVICE)
        return parse_rates_body(body, code=code, on=on)

    def mid_rates(self, code: str, start: date, end: date) -> list[ExchangeRate]:
        """Every table A mid rate of ``code`` published in ``[start, end]``, oldest first.

        The window may span at most :data:`MAX_RANGE_DAYS` days (ValueError otherwise, no
        request sent). A 404 means NBP published no table in the window: an empty list.
        """
        code = _code(code)
        if end < start or (end - start).days + 1 > MAX_RANGE_DAYS:
            raise ValueError(f"nbp: window {start}..{end} is not 1-{MAX_RANGE_DAYS} days")
        try:
            body = self._table_a(code, start, end)
        except NotFound:
            return []
        rates = http.field(body, "rates", service=SERVICE)
        if not isinstance(rates, list):
            raise MalformedResponse("nbp: 'rates' is not a list", service=SERVICE)
        found: dict[date, ExchangeRate] = {}
        for row in rates:
            try:
                one = parse_rates_body({"rates": [row]}, code=code, on=date.max)
            except NotFound:  # a non-positive or non-finite mid: not a rate
                continue
            day = one.effective_date
            found[day] = ExchangeRate(code, one.mid, day, one.table_no, day)
        return [found[d] for d in sorted(found) if start <= d <= end]

    def last_business_day_rate_before(self, month: date, code: str = "EUR") -> ExchangeRate:
        """Mid rate of the last NBP business day of the month before ``month``'s month."""
        return self.mid_rate(code, last_day_of_previous_month(month))

    def policy_rates(self) -> dict[str, PolicyRate]:
        response = http.send(
            self._client,
            "GET",
            self._rates_xml_url,
            service=SERVICE,
            headers={"Accept": "application/xml, text/xml"},
            retry=self._retry,
            sleep=self._sleep,
        )
        return parse_policy_rates(response.content)

    def reference_rate(self) -> tuple[date, Decimal]:
        """``(effective_from, rate)`` of the NBP reference rate as published now."""
        rates = self.policy_rates()
        if "ref" not in rates:
            raise MalformedResponse("nbp: no <pozycja id='ref'>", service=SERVICE)
        return rates["ref"].effective_from, rates["ref"].rate
