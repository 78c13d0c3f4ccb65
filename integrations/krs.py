"""KRS (Krajowy Rejestr Sądowy, the National Court Register) - Otwarte API KRS client.

``GET {base}/OdpisAktualny/{krs}?rejestr=P&format=json`` returns the current extract
(*odpis aktualny*); associations and foundations live in register ``S``, so a 404 from ``P``
is retried once against ``S``. No authentication, no published rate limit (be polite, cache
per day). Dates and amounts are Polish-formatted strings (``"08.03.2022"``, ``"5000,00"``).

Collections read dział 6 (*likwidacja*, *postępowanie upadłościowe*, restructuring,
*rozwiązanie / unieważnienie*) to stop or re-route a case, and note non-empty dział 4
(arrears, claims) and dział 5 (*kurator*). The shape of a *deleted* entity's extract is not
confirmed against the live API; we accept every marker seen in public clients
(``naglowekA.dataWykreslenia``, ``naglowekA.dataWykresleniaZRejestru``,
``dzial6.informacjeOWykresleniu``, ``dzial6.wykreslenie``, ``dzial6.rozwiazanieUniewaznienie``).

References: registries.md §1 (shared/domain), KRS Otwarte API (api-krs.ms.gov.pl).
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import httpx

from integrations import http
from integrations.address import Address
from integrations.errors import InvalidIdentifier, MalformedResponse, NotFound

log = logging.getLogger(__name__)

SERVICE = "krs"
KRS_BASE_URL = "https://api-krs.ms.gov.pl/api/krs"
REGISTERS = ("P", "S")  # przedsiębiorcy, stowarzyszenia i fundacje


@dataclass(frozen=True, slots=True)
class KrsExtract:
    """The parts of an *odpis aktualny* collections care about; ``raw`` is the whole body."""

    krs: str
    register: str  # "P" or "S"
    name: str
    legal_form: str
    nip: str
    regon: str
    address: Address
    in_liquidation: bool
    bankruptcy: bool
    restructuring: bool
    deleted: bool
    arrears_or_claims: bool  # non-empty dział 4 (zaległości, wierzytelności, oddalenie upadłości)
    curator: bool  # non-empty dział 5 (kurator)
    state_as_of: date | None  # "stan z dnia"
    deleted_on: date | None = None
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)


def normalise_krs(krs: str) -> str:
    """``"413516"`` -> ``"0000413516"``; raise InvalidIdentifier unless 1-10 digits.

    >>> normalise_krs(" 413516 ")
    '0000413516'
    """
    digits = re.sub(r"\s", "", krs or "")
    if not digits.isdigit() or len(digits) > 10 or int(digits) == 0:
        raise InvalidIdentifier(f"invalid KRS number: {krs!r}", service=SERVICE)
    return digits.zfill(10)


def parse_polish_date(value: Any) -> date | None:
    """``"08.03.2022"`` (optionally followed by a time) or ISO ``"2022-03-08"``; else None."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()[:10]
    for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _present(value: Any) -> bool:
    """True when a section carries any actual entry (empty dicts/lists/strings do not count)."""
    if isinstance(value, Mapping):
        return any(_present(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_present(v) for v in value)
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, bool):
        return value
    return value is not None


def _sections(dzial: Mapping[str, Any], *needles: str) -> bool:
    return any(_present(v) for k, v in dzial.items() if any(n in k.casefold() for n in needles))


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def parse_extract(body: Any, *, register: str = "P") -> KrsExtract:
    """Parse a decoded ``OdpisAktualny`` body; MalformedResponse if the skeleton is missing."""
    odpis = http.field(body, "odpis", service=SERVICE)
    header = http.field(odpis, "naglowekA", service=SERVICE)
    dane = http.field(odpis, "dane", service=SERVICE)
    podmiot = http.field(dane, "dzial1", "danePodmiotu", service=SERVICE)
    name = _text(http.field(podmiot, "nazwa", service=SERVICE))
    number = _text(http.field(header, "numerKRS", service=SERVICE))
    if not name or not number:
        raise MalformedResponse("krs: empty nazwa or numerKRS", service=SERVICE)
    ids = podmiot.get("identyfikatory") or {}
    adres = ((dane.get("dzial1") or {}).get("siedzibaIAdres") or {}).get("adres") or {}
    dzial4 = dane.get("dzial4") or {}
    dzial5 = dane.get("dzial5") or {}
    dzial6 = dane.get("dzial6") or {}
    if not all(isinstance(d, Mapping) for d in (ids, adres, dzial4, dzial5, dzial6)):
        raise MalformedResponse("krs: unexpected section types", service=SERVICE)

    deleted_on = (
        parse_polish_date(header.get("dataWykreslenia"))
        or parse_polish_date(header.get("dataWykresleniaZRejestru"))
        or parse_polish_date(
            (dzial6.get("informacjeOWykresleniu") or {}).get("dataWykresleniaZRejestru")
        )
    )
    deleted = deleted_on is not None or _sections(dzial6, "rozwiazanieuniewaznienie", "wykreslen")
    return KrsExtract(
        krs=number,
        register=register,
        name=name,
        legal_form=_text(podmiot.get("formaPrawna")),
        nip=_text(ids.get("nip")),
        regon=_text(ids.get("regon")),
        address=Address(
            street=_text(adres.get("ulica")),
            building=_text(adres.get("nrDomu")),
            unit=_text(adres.get("nrLokalu")),
            postcode=_text(adres.get("kodPocztowy")),
            city=_text(adres.get("miejscowosc")),
            country=_text(adres.get("kraj")),
        ),
        in_liquidation=_sections(dzial6, "likwidac"),
        bankruptcy=_sections(dzial6, "upadlos"),
        restructuring=_sections(dzial6, "restrukturyz", "naprawcz", "uklad"),
        deleted=deleted,
        arrears_or_claims=_present(dzial4),
        curator=_present(dzial5),
        state_as_of=parse_polish_date(header.get("stanZDnia")),
        deleted_on=deleted_on,
        raw=body,
    )


class KrsClient:
    """Current KRS extracts by KRS number."""

    def __init__(
        self,
        client: httpx.Client,
        *,
        base_url: str = KRS_BASE_URL,
        retry: http.RetryPolicy = http.DEFAULT_RETRY,
        sleep: http.Sleep = time.sleep,
    ) -> None:
        self._client = client
        self._base_url = base_url.rstrip("/")
        self._retry = retry
        self._sleep = sleep

    def current_extract(self, krs: str) -> KrsExtract:
        """The *odpis aktualny* from register P, falling back to S; NotFound if in neither."""
        number = normalise_krs(krs)
        for register in REGISTERS:
            try:
                body = http.get_json(
                    self._client,
                    f"{self._base_url}/OdpisAktualny/{number}",
                    service=SERVICE,
                    params={"rejestr": register, "format": "json"},
                    retry=self._retry,
                    sleep=self._sleep,
                )
            except NotFound:
                log.info("krs %s: not in register %s", number, register)
                continue
            return parse_extract(body, register=register)
        raise NotFound(f"krs: {number} not found in registers P and S", service=SERVICE)
