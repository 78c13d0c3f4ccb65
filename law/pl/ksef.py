"""KSeF numbers and the delivery of structured invoices (pure: no I/O, no clock).

A KSeF number is ``NIP-RRRRMMDD-FFFFFFFFFFFF-CC``: the seller's NIP, the day KSeF accepted
the invoice for processing, a 12-digit upper-case hex technical part and a CRC-8 checksum
(polynomial 0x07, initial value 0x00) of the first 32 characters, two upper-case hex digits
(CIRFMF/ksef-api, faktury/numer-ksef.md; golden vector 5265877635-20250826-0100001AF629-AF).
The 36-character KSeF 1.0 form with a hyphen inside the technical part is accepted too.
The same check ships in ``ksef-client`` (``ksef_client.utils.ksef_number``); it is written
out here so that law/ imports no HTTP client package, and a test holds the two in agreement.
This module adds the calendar check and Polish reasons.

A structured invoice is deemed received by the buyer on the day KSeF assigns its number
(art. 106na ust. 3 ustawy o VAT, polish_law.md 0b K7); the buyer's NIP on the invoice is its
delivery address in KSeF. For art. 485 § 2^1 KPC (K6) that is the proof of the invoice's
delivery a PDF invoice never gave.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from law.citation import Cite, Figure
from law.pl.text import pl_date

VAT_106NA_3 = Cite("ustawa o VAT", "art. 106na ust. 3")
KSEF_START = date(2022, 1, 1)  # KSeF opened (voluntary): ustawa z 29.10.2021, Dz.U. 2021 poz. 2076

_PARTS = re.compile(
    r"^(?P<nip>\d{10})-(?P<day>\d{8})-(?P<tech>[0-9A-F]{6}-?[0-9A-F]{6})-(?P<crc>[0-9A-F]{2})$"
)


@dataclass(frozen=True, slots=True)
class KsefNumber:
    """A KSeF number that passed the format, checksum and calendar checks."""

    value: str
    seller_nip: str
    assigned_on: date  # the date part: the day KSeF accepted the invoice


class KsefNumberError(ValueError):
    """The number is not a valid KSeF number; the message is Polish and says why."""


def crc8(data: bytes) -> int:
    """CRC-8, polynomial 0x07, initial value 0x00, no reflection, no final XOR."""
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = ((crc << 1) ^ 0x07) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
    return crc


def parse_ksef_number(text: str) -> KsefNumber:
    """The KSeF number, or ``KsefNumberError`` with a one-line Polish reason."""
    value = (text or "").strip()
    if not value:
        raise KsefNumberError("pusty numer KSeF")
    match = _PARTS.match(value)
    if match is None:
        raise KsefNumberError(
            f"numer KSeF {value}: zły format (wymagany NIP-RRRRMMDD-12 znaków hex-suma "
            "kontrolna, 35 znaków, wielkie litery)"
        )
    day = match["day"]
    try:
        assigned = date(int(day[:4]), int(day[4:6]), int(day[6:]))
    except ValueError:
        raise KsefNumberError(f"numer KSeF {value}: data {day} nie istnieje") from None
    if assigned < KSEF_START:
        raise KsefNumberError(
            f"numer KSeF {value}: data {pl_date(assigned)} sprzed uruchomienia KSeF "
            f"({pl_date(KSEF_START)})"
        )
    data = value[:20] + match["tech"].replace("-", "")
    if f"{crc8(data.encode('ascii')):02X}" != match["crc"]:
        raise KsefNumberError(
            f"numer KSeF {value}: suma kontrolna CRC-8 się nie zgadza (numer przepisany z błędem?)"
        )
    return KsefNumber(value=value, seller_nip=match["nip"], assigned_on=assigned)


def ksef_received_on(number: KsefNumber) -> Figure[date]:
    """Day the buyer is deemed to have received the structured invoice (art. 106na ust. 3)."""
    return Figure(
        number.assigned_on,
        (VAT_106NA_3,),
        f"faktura ustrukturyzowana uznana za otrzymaną z dniem przydzielenia numeru KSeF "
        f"{number.value} ({pl_date(number.assigned_on)})",
    )


KSEF_DESCRIPTION_PREFIX = "Faktura ustrukturyzowana nr "


def is_ksef_description(text: str) -> bool:
    """The evidence description was written by ``ksef_evidence_description``."""
    return text.startswith(KSEF_DESCRIPTION_PREFIX) and "art. 106na ust. 3" in text


def ksef_evidence_description(invoice_number: str, number: KsefNumber) -> str:
    """The evidence-list wording for a KSeF invoice (pozew, evidence index)."""
    return (
        f"{KSEF_DESCRIPTION_PREFIX}{invoice_number}, nr KSeF {number.value}, otrzymana "
        f"{pl_date(number.assigned_on)} (art. 106na ust. 3 ustawy o VAT)"
    )


def ksef_upo_description(invoice_number: str, number: KsefNumber) -> str:
    """The evidence-list wording for the UPO of a KSeF invoice: it proves the number's day,
    the day of receipt (art. 106na ust. 3 ustawy o VAT); used once the UPO was checked
    against the invoice (same KSeF number, file hash and day)."""
    return (
        f"Urzędowe poświadczenie odbioru (UPO) KSeF faktury nr {invoice_number}: numer KSeF "
        f"{number.value} nadany {pl_date(number.assigned_on)}, dzień otrzymania faktury "
        "(art. 106na ust. 3 ustawy o VAT)"
    )
