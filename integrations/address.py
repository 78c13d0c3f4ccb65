"""A postal address as the registries give it, and the comparison of two Polish addresses.

The case file usually holds the street with its numbers in one field ("ul. Prosta 49/12",
"Lipowa 5 m. 7"), the registers split them (KRS ``ulica``/``nrDomu``/``nrLokalu``, CEIDG
``ulica``/``budynek``/``lokal``, the VAT white list one line "PROSTA 49/12, 00-838 WARSZAWA").
``address_differences`` compares them the way a Polish reader does, so that no form alone
makes a mismatch:

* numbers: "49/12" = "49 lok. 12" = "49 m. 12" = building 49, unit 12; "49A" = "49 a"; a unit
  one side leaves out is not a difference ("49" vs "49/12"), a different one is;
* street: the type prefix ("ul.", "al.", "pl.", "os.", "ulica", "aleja", ...) and its absence,
  case, diacritics, dots and spacing do not matter, nor a title or given names one side omits
  ("gen. Władysława Andersa" = "Andersa"); another name is a difference;
* postcode: "00-950" = "00950" = "00 950"; city: case, diacritics, "m. st." do not matter.

Only parts both sides have are compared.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass
from typing import Any

_STREET_PREFIX = re.compile(
    r"^(ul|ulica|al|aleja|aleje|pl|plac|os|osiedle|rondo|skwer|bulwar|droga|skr|wybrzeze|"
    r"rynek)\b\.?\s*"
)
# Titles and abbreviations that are often left out of a street name (folded forms).
_TITLES = frozenset(
    {
        *("gen", "ks", "sw", "im", "marsz", "prof", "dr", "bp", "abp", "kard", "plk", "pplk"),
        *("mjr", "kpt", "por", "rtm", "hm", "adm", "kmdr", "inz", "mgr", "bl"),
    }
)
# "Prosta 49/12", "Lipowa 5 m. 7", "Marszałkowska 84/92 lok. 118", "3 Maja 5", "Jana Pawła II 80"
_STREET_NUMBERS = re.compile(
    r"^(?P<street>.*?\D)?\s*"
    r"(?P<building>\d+\s?[A-Za-z]?(?:\s*/\s*\d+\s?[A-Za-z]?)?)"
    r"(?:\s*(?:\b(?:lok|lokal|m|mieszk|mieszkanie)\b\.?)\s*(?P<unit>\w+))?\s*$",
    re.I,
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
    return "".join(_street_words(street))


def _street_words(street: str) -> list[str]:
    words = _STREET_PREFIX.sub("", fold(street)).split()
    return [w for w in words if w not in _TITLES] or words


def same_street(ours: str, theirs: str) -> bool:
    """The same street, whether or not one side writes its type, a title or given names.

    >>> same_street("al. Jana Pawła II", "JANA PAWLA II")
    True
    >>> same_street("ul. gen. Władysława Andersa", "Andersa")
    True
    >>> same_street("ul. Prosta", "ul. Długa")
    False
    """
    a, b = _street_words(ours), _street_words(theirs)
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    # given names left out: "Andersa" = "Władysława Andersa" (the surname is last); a left-out
    # number is a different street ("Maja" is not "3 Maja")
    dropped = long[: len(long) - len(short)]
    return (
        bool(short)
        and long[len(dropped) :] == short
        and all(w.isalpha() and len(w) > 2 for w in dropped)
    )


def postcode_key(postcode: str) -> str:
    return re.sub(r"\D", "", postcode)


def city_key(city: str) -> str:
    return re.sub(r"^(m st|miasto stoleczne|miasto|m) ", "", fold(city))


def number_key(number: str) -> str:
    return fold(number).replace(" ", "")


def split_street(text: str) -> tuple[str, str, str]:
    """``"ul. Prosta 49/12"`` -> ``("ul. Prosta", "49", "12")``; no numbers: ``(text, "", "")``.

    A marked unit ("lok.", "m.") follows the building, which may itself hold a slash
    ("Marszałkowska 84/92 lok. 118": building 84/92, unit 118); an unmarked slash separates
    the building from the unit ("49/12").

    >>> split_street("Lipowa 5 m. 7")
    ('Lipowa', '5', '7')
    >>> split_street("ul. Marszałkowska 84/92 lok. 118")
    ('ul. Marszałkowska', '84/92', '118')
    >>> split_street("ul. 3 Maja 5A")
    ('ul. 3 Maja', '5A', '')
    """
    text = " ".join((text or "").split()).strip(" ,")
    match = _STREET_NUMBERS.match(text)
    if not match or not (match["street"] or "").strip(" ,"):
        return text, "", ""
    street, building, unit = match["street"].strip(" ,"), match["building"], match["unit"] or ""
    if not unit and "/" in building:
        building, unit = (p.strip() for p in building.split("/", 1))
    return street, re.sub(r"\s*/\s*", "/", building.strip()), unit


def _numbers(address: Address) -> tuple[str, str, str]:
    """(street, building, unit) with the numbers taken out of the street when it holds them."""
    if address.building:
        return address.street, address.building, address.unit
    return split_street(address.street)


def _number_parts(building: str, unit: str) -> list[str]:
    return [p for p in (number_key(x) for x in (*building.split("/"), unit)) if p]


def same_number(ours: tuple[str, str], theirs: tuple[str, str]) -> bool:
    """(building, unit) of two addresses: the same numbers in order ("49/12" = "49" + "12"),
    where a unit one side leaves out is not a difference.

    >>> same_number(("49", "12"), ("49/12", ""))
    True
    >>> same_number(("49", ""), ("49", "12"))
    True
    >>> same_number(("49", "12"), ("49", "13"))
    False
    """
    a, b = _number_parts(*ours), _number_parts(*theirs)
    short, long = sorted((a, b), key=len)
    return long[: len(short)] == short


_VAT_ADDRESS = re.compile(
    r"^(?P<street>.*?)[\s,]*,?\s+(?P<postcode>\d{2}-?\s?\d{3})\s+(?P<city>.+)$"
)


def parse_one_line(text: str) -> Address | None:
    """Best-effort split of ``"PROSTA 49/2, 00-838 WARSZAWA"``; None when it does not fit."""
    match = _VAT_ADDRESS.match(" ".join((text or "").split()))
    if not match:
        return None
    street, building, unit = split_street(match["street"].strip(" ,"))
    if not building:
        return None
    return Address(
        street=street,
        building=building,
        unit=unit,
        postcode=match["postcode"],
        city=match["city"].strip(),
    )


def address_differences(case: Address, registry: Address) -> list[str]:
    """Which parts of the case's address differ from the register's (only parts both have)."""
    ours_street, ours_building, ours_unit = _numbers(case)
    theirs_street, theirs_building, theirs_unit = _numbers(registry)
    out = []
    if (a := postcode_key(case.postcode)) and (b := postcode_key(registry.postcode)) and a != b:
        out.append("kod pocztowy")
    if (a := city_key(case.city)) and (b := city_key(registry.city)) and a != b:
        out.append("miejscowość")
    both = street_key(ours_street) and street_key(theirs_street)
    if both and not same_street(ours_street, theirs_street):
        out.append("ulica")
    if ours_building and theirs_building:
        ours, theirs = (ours_building, ours_unit), (theirs_building, theirs_unit)
        if not same_number(ours, theirs):
            if _number_parts(ours_building, "")[:1] != _number_parts(theirs_building, "")[:1]:
                out.append("numer budynku")
            else:
                out.append("numer lokalu")
    return out
