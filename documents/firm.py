"""The law firm filing the case: who signs, where the court writes, where costs are refunded.

A ``FirmProfile`` is configuration of the firm, not of the law; it is loaded once at the
entry point from a JSON file (``load_firm_profile``) and passed down to the context builders.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from pathlib import Path

from law.case import Address

TITLES = ("radca prawny", "adwokat")


class FirmProfileError(ValueError):
    """The firm profile file is missing a field or has a wrong value."""


@dataclass(frozen=True, slots=True)
class FirmProfile:
    firm_name: str
    attorney_name: str  # "Anna Nowak"
    attorney_title: str  # "radca prawny" | "adwokat"
    address: Address
    email: str
    phone: str
    bank_account: str  # 26 digits (NRB) for the refund of costs, spaces allowed
    city: str = ""  # place written next to the date; defaults to the address city
    attorney_pesel: str = ""  # required by e-Sąd (OsobaSkladajaca/Osoba/PESEL)
    bar_number: str = ""  # numer wpisu, e.g. "WA-1234"

    def __post_init__(self) -> None:
        if self.attorney_title not in TITLES:
            raise FirmProfileError(f"attorney_title must be one of {TITLES}")

    @property
    def signing_city(self) -> str:
        return self.city or self.address.city

    @property
    def account_digits(self) -> str:
        return "".join(ch for ch in self.bank_account if ch.isdigit())

    @property
    def attorney_first_name(self) -> str:
        return self.attorney_name.split()[0]

    @property
    def attorney_last_name(self) -> str:
        return " ".join(self.attorney_name.split()[1:])


def firm_profile_from_dict(data: dict[str, object]) -> FirmProfile:
    """Build a profile from parsed JSON; ``address`` is an object with street/postcode/city."""
    known = {f.name for f in fields(FirmProfile)}
    unknown = set(data) - known
    if unknown:
        raise FirmProfileError(f"unknown fields: {sorted(unknown)}")
    raw_address = data.get("address")
    if not isinstance(raw_address, dict):
        raise FirmProfileError("address must be an object with street, postcode, city")
    values = {k: v for k, v in data.items() if k != "address"}
    for name, value in values.items():
        if not isinstance(value, str):
            raise FirmProfileError(f"{name} must be a string")
    try:
        return FirmProfile(address=Address(**raw_address), **values)  # type: ignore[arg-type]
    except TypeError as exc:
        raise FirmProfileError(str(exc)) from exc


def load_firm_profile(path: Path | str) -> FirmProfile:
    """Read a firm profile JSON file (UTF-8)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise FirmProfileError(f"cannot read firm profile {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise FirmProfileError("firm profile must be a JSON object")
    return firm_profile_from_dict(data)
