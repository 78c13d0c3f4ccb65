"""How ``handoff epu sync`` reads the court's words (``casework.esad_sync.read_entry``).

The wording is the e-Sąd portal's usual phrasing (UNCONFIRMED against the live service:
the WSDL types ``opis`` as free text); the table pins the conservative reading: a
negation, a complaint or a request makes an entry unknown (kept for a person), never an
event. Categories are the WSDL's KategoriaZdarzenia values.
"""

from __future__ import annotations

import doctest

import pytest

import casework.esad_sync
from casework.esad_sync import (
    CLAUSE,
    FILING,
    REFERRAL,
    SERVED_ON_US,
    _referral_court,
    read_entry,
    reading_label,
)
from law.pl.deadlines import EventKind as K

READINGS = [
    # (kategoria, opis, reading)
    ("zmiana_stanu", "Wpływ pozwu", FILING),
    ("orzeczenie", "Wydano nakaz zapłaty", K.PAYMENT_ORDER_ISSUED),
    ("orzeczenie", "Referendarz wydał nakaz zapłaty", K.PAYMENT_ORDER_ISSUED),
    ("doreczenie", "Doręczono nakaz zapłaty pozwanemu", K.PAYMENT_ORDER_SERVED),
    ("doreczenie", "Doręczenie nakazu zapłaty pozwanemu", K.PAYMENT_ORDER_SERVED),
    ("zmiana_stanu", "Nakaz doręczony pozwanemu", K.PAYMENT_ORDER_SERVED),
    ("doreczenie", "Doręczenie nakazu zapłaty pełnomocnikowi powoda", SERVED_ON_US),
    ("doreczenie", "Doręczenie nakazu zapłaty", None),  # to whom? never guessed
    ("srodek_odwolawczy", "Wniesiono sprzeciw od nakazu zapłaty", K.OBJECTION_FILED),
    ("srodek_odwolawczy", "Odrzucono sprzeciw od nakazu zapłaty", None),
    ("zmiana_stanu", "Przekazano sprawę do Sądu Rejonowego w Kielcach", REFERRAL),
    ("zmiana_stanu", "Nakaz zapłaty uprawomocnił się", K.PAYMENT_ORDER_FINAL),
    ("zmiana_stanu", "Stwierdzono prawomocność nakazu zapłaty", K.PAYMENT_ORDER_FINAL),
    ("orzeczenie", "Nadano klauzulę wykonalności nakazowi zapłaty", CLAUSE),
    ("orzeczenie", "Odmowa nadania klauzuli wykonalności", None),
    ("orzeczenie", "Umorzono postępowanie", K.EPU_DISCONTINUED),
    ("orzeczenie", "Zarządzenie o zwrocie pozwu", K.LAWSUIT_RETURNED),
    ("orzeczenie", "Pozew zwrócony", K.LAWSUIT_RETURNED),
    ("orzeczenie", "Zwrot pozwu z powodu nieopłacenia", None),  # art. 130^2 or not: unknown
    ("orzeczenie", "Uchylono nakaz zapłaty", None),
    ("srodek_odwolawczy", "Wniesiono zażalenie na postanowienie", None),
    ("pismo", "Wezwanie do uiszczenia opłaty", None),
    ("pismo", "", None),
]


@pytest.mark.parametrize(("category", "text", "reading"), READINGS)
def test_court_words_are_read_conservatively(category: str, text: str, reading: object) -> None:
    assert read_entry(category, text) == reading
    # every reading has a Polish name; an entry not understood has none
    label = reading_label(reading.value if isinstance(reading, K) else (reading or ""))
    assert bool(label) == (reading is not None)


def test_the_court_a_referral_names() -> None:
    assert _referral_court("Przekazano sprawę do Sądu Rejonowego w Kielcach.") == (
        "Sądu Rejonowego w Kielcach"
    )
    assert _referral_court("Przekazano sprawę") == ""


def test_doctests() -> None:
    assert doctest.testmod(casework.esad_sync).failed == 0
