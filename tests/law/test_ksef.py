"""KSeF number validation and the art. 106na ust. 3 receipt day (law/pl/ksef.py).

Sources: CIRFMF/ksef-api faktury/numer-ksef.md (format NIP-RRRRMMDD-12 hex-CRC-8, polynomial
0x07, init 0x00, example 5265877635-20250826-0100001AF629-AF); art. 106na ust. 3 ustawy o VAT
(polish_law.md 0b K7).
"""

from __future__ import annotations

from datetime import date

import pytest
from ksef_client.utils.ksef_number import validate_ksef_number

from law.pl.ksef import (
    KsefNumberError,
    crc8,
    is_ksef_description,
    ksef_evidence_description,
    ksef_received_on,
    ksef_upo_description,
    parse_ksef_number,
)

MF_EXAMPLE = "5265877635-20250826-0100001AF629-AF"  # numer-ksef.md "Przykład"


def numbered(nip: str, day: str, tech: str) -> str:
    data = f"{nip}-{day}-{tech}"
    return f"{data}-{crc8(data.encode()):02X}"


@pytest.mark.parametrize(
    ("text", "nip", "day"),
    [
        (MF_EXAMPLE, "5265877635", date(2025, 8, 26)),  # the Ministry's own example
        ("5265877635-20250826-010000-1AF629-AF", "5265877635", date(2025, 8, 26)),  # 36-char
        (numbered("2588139984", "20260612", "0100002B7C10"), "2588139984", date(2026, 6, 12)),
    ],
)
def test_valid_numbers(text: str, nip: str, day: date) -> None:
    number = parse_ksef_number(text)
    assert (number.seller_nip, number.assigned_on) == (nip, day)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "pusty numer KSeF"),
        ("5265877635-20250826-0100001AF629-AE", "suma kontrolna CRC-8"),  # last digit changed
        ("5265877635-20250826-0100001AF628-AF", "suma kontrolna CRC-8"),  # technical part typo
        ("5265877635-20250826-0100001af629-AF", "zły format"),  # lower-case hex
        ("526587763-20250826-0100001AF629-AF", "zły format"),  # 9-digit NIP
        ("5265877635-2025082-0100001AF629-AF", "zły format"),
        (numbered("5265877635", "20260231", "0100001AF629"), "data 20260231 nie istnieje"),
        (numbered("5265877635", "20211231", "0100001AF629"), "sprzed uruchomienia KSeF"),
    ],
)
def test_invalid_numbers_say_why_in_polish(text: str, reason: str) -> None:
    with pytest.raises(KsefNumberError, match=reason):
        parse_ksef_number(text)


@pytest.mark.parametrize(
    "text",
    [
        MF_EXAMPLE,
        "5265877635-20250826-0100001AF629-AE",
        numbered("9766344001", "20260801", "ABCDEF012345"),
        "5265877635-20250826-0100001AF629-A",
    ],
)
def test_checksum_agrees_with_ksef_client(text: str) -> None:
    try:
        parse_ksef_number(text)
        ours = True
    except KsefNumberError:
        ours = False
    assert ours is validate_ksef_number(text).is_valid


def test_received_on_the_number_day_art_106na_ust_3() -> None:
    number = parse_ksef_number(numbered("2588139984", "20260612", "0100002B7C10"))
    figure = ksef_received_on(number)
    assert figure.value == date(2026, 6, 12)
    assert figure.cite_text == "ustawa o VAT art. 106na ust. 3"
    assert ksef_evidence_description("FV/2026/06/114", number) == (
        f"Faktura ustrukturyzowana nr FV/2026/06/114, nr KSeF {number.value}, otrzymana "
        "12.06.2026 r. (art. 106na ust. 3 ustawy o VAT)"
    )


def test_the_upo_wording_names_the_number_day() -> None:
    number = parse_ksef_number(numbered("2588139984", "20260612", "0100002B7C10"))
    text = ksef_upo_description("FV/2026/06/114", number)
    assert text == (
        f"Urzędowe poświadczenie odbioru (UPO) KSeF faktury nr FV/2026/06/114: numer KSeF "
        f"{number.value} nadany 12.06.2026 r., dzień otrzymania faktury (art. 106na ust. 3 "
        "ustawy o VAT)"
    )
    assert not is_ksef_description(text)  # the UPO is never taken for the invoice itself
