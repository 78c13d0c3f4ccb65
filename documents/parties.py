"""The parties' and the attorney's blocks of the paper applications and the settlement
(``wniosek_egzekucyjny``, ``wniosek_klauzula``, ``ugoda``): a party's name, one-line address
and identifiers; the attorney's title, name, firm and address. The court letters have their
own, longer blocks (``documents.context.party_context`` / ``attorney_context``).
"""

from __future__ import annotations

from documents.firm import FirmProfile
from law.case import Party


def identifiers(party: Party) -> str:
    """NIP, KRS, then PESEL, those the party has, comma-separated ("" for none)."""
    parts = [f"{k} {v}" for k, v in (("NIP", party.nip), ("KRS", party.krs)) if v]
    if party.pesel:
        parts.append(f"PESEL {party.pesel}")
    return ", ".join(parts)


def party_block(party: Party) -> dict[str, str]:
    """``nazwa``, ``adres``, ``identyfikatory``."""
    return {
        "nazwa": party.name,
        "adres": party.address.one_line(),
        "identyfikatory": identifiers(party),
    }


def attorney_block(firm: FirmProfile) -> dict[str, str]:
    """``tytul``, ``nazwa``, ``kancelaria``, ``adres``."""
    return {
        "tytul": firm.attorney_title,
        "nazwa": firm.attorney_name,
        "kancelaria": firm.firm_name,
        "adres": firm.address.one_line(),
    }
