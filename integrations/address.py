"""A postal address as the registries give it, and the normalisation used to compare them."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass
from typing import Any

_STREET_PREFIX = re.compile(
    r"^(ul|ulica|al|aleja|aleje|pl|plac|os|osiedle|rondo|skwer|bulwar|droga)\b\.?\s*"
)


@dataclass(frozen=True, slots=True)
class Address:
    street: str = ""  # without "ul."; empty in villages without streets
    building: str = ""  # nr domu
    unit: str = ""  # nr lokalu
    postcode: str = ""  # NN-NNN
    city: str = ""
    country: str = ""

    def one_line(self) -> str:
        """``"Prosta 49/2, 00-838 Warszawa"`` - the form used in pleadings and memos."""
        number = self.building + (f"/{self.unit}" if self.unit else "")
        street = " ".join(p for p in (self.street or self.city, number) if p)
        place = " ".join(p for p in (self.postcode, self.city) if p)
        return ", ".join(p for p in (street, place) if p)

    def to_dict(self) -> dict[str, str]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Address:
        return cls(**{k: str(data.get(k) or "") for k in cls.__dataclass_fields__})


def fold(text: str) -> str:
    """Casefold, strip diacritics (ł too), turn punctuation into spaces, collapse spaces."""
    text = text.casefold().replace("ł", "l")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = re.sub(r"[^\w]+", " ", text)
    return " ".join(text.split())


def street_key(street: str) -> str:
    """``"UL. Prosta"`` and ``"prosta"`` compare equal."""
    return _STREET_PREFIX.sub("", fold(street)).replace(" ", "")


def postcode_key(postcode: str) -> str:
    return re.sub(r"\D", "", postcode)


def number_key(number: str) -> str:
    return fold(number).replace(" ", "")


_VAT_ADDRESS = re.compile(
    r"^(?P<street>.*?)[\s,]+(?P<building>\d+[A-Za-z]?)(?:\s*/\s*(?P<unit>[\w]+))?,?\s+"
    r"(?P<postcode>\d{2}-\d{3})\s+(?P<city>.+)$"
)


def parse_one_line(text: str) -> Address | None:
    """Best-effort split of ``"PROSTA 49/2, 00-838 WARSZAWA"``; None when it does not fit."""
    match = _VAT_ADDRESS.match(" ".join((text or "").split()))
    if not match:
        return None
    street = match["street"].strip(" ,")
    return Address(
        street=street,
        building=match["building"],
        unit=match["unit"] or "",
        postcode=match["postcode"],
        city=match["city"].strip(),
    )


def address_differences(case: Address, registry: Address) -> list[str]:
    """Which parts of the case's address differ from the register's (only parts both have)."""
    parts = [
        ("kod pocztowy", postcode_key(case.postcode), postcode_key(registry.postcode)),
        ("miejscowość", fold(case.city), fold(registry.city)),
        ("ulica", street_key(case.street), street_key(registry.street)),
        ("numer budynku", number_key(case.building), number_key(registry.building)),
        ("numer lokalu", number_key(case.unit), number_key(registry.unit)),
    ]
    return [label for label, ours, theirs in parts if ours and theirs and ours != theirs]
