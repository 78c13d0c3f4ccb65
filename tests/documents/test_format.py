"""Polish money, amounts in words and dates (expected values: Polish usage in pleadings)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from documents.format import (
    format_cite,
    format_date,
    format_money,
    format_whole_zloty,
    money_in_words,
    parse_money,
    zloty_noun,
)
from law.citation import Cite


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12345.67", "12 345,67 zł"),
        ("0", "0,00 zł"),
        ("0.5", "0,50 zł"),
        ("999.99", "999,99 zł"),
        ("1000", "1 000,00 zł"),
        ("1234567.891", "1 234 567,89 zł"),
        ("-2500.10", "-2 500,10 zł"),
    ],
)
def test_format_money(value: str, expected: str) -> None:
    assert format_money(Decimal(value)) == expected


def test_thousands_separator_is_a_plain_space() -> None:
    assert "\u00a0" not in format_money(Decimal("1234567"))


def test_whole_zloty() -> None:
    assert format_whole_zloty(Decimal("25427.00")) == "25 427 zł"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12345.67", "dwanaście tysięcy trzysta czterdzieści pięć złotych 67/100"),
        ("1.00", "jeden złoty 00/100"),
        ("2.05", "dwa złote 05/100"),
        ("12", "dwanaście złotych 00/100"),
        ("22", "dwadzieścia dwa złote 00/100"),
        ("113", "sto trzynaście złotych 00/100"),
        ("1000000", "milion złotych 00/100"),
    ],
)
def test_money_in_words(value: str, expected: str) -> None:
    assert money_in_words(Decimal(value)) == expected


@pytest.mark.parametrize(
    ("n", "noun"),
    [
        (1, "złoty"),
        (2, "złote"),
        (4, "złote"),
        (5, "złotych"),
        (14, "złotych"),
        (24, "złote"),
        (111, "złotych"),
        (0, "złotych"),
    ],
)
def test_zloty_noun(n: int, noun: str) -> None:
    assert zloty_noun(n) == noun


def test_format_date() -> None:
    assert format_date(date(2025, 3, 3)) == "3 marca 2025 r."
    assert format_date(date(2024, 12, 31)) == "31 grudnia 2024 r."


def test_format_cite_puts_provision_first() -> None:
    assert format_cite(Cite("KC", "art. 481 §2")) == "art. 481 § 2 KC"


@given(st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2))
def test_parse_back_gives_same_decimal(value: Decimal) -> None:
    assert parse_money(format_money(value)) == value


@pytest.mark.parametrize("bad", ["12345,67 zł", "12 345.67", "1 2345,00", "abc"])
def test_parse_money_rejects(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_money(bad)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the legal core's explanations (issue 14 item 10): Polish forms for the partner memo
        (
            "WPS 63345.00 zł -> opłata 3167.25 zł",
            "WPS 63 345,00 zł → opłata 3 167,25 zł",
        ),
        (
            "40 EUR x 4.4135 (kurs średni NBP z 2023-07-31)",
            "40 EUR × 4,4135 (kurs średni NBP z 31 lipca 2023 r.)",
        ),
        (
            "odsetki (commercial) od 2026-09-01",
            "odsetki (w transakcjach handlowych) od 1 września 2026 r.",
        ),
        ("rozp. MS 22.10.2015", "rozp. MS 22.10.2015"),  # a dotted date stays
        # a command to copy keeps its ISO date
        ("handoff rates set EUR 2026-08-31 KURS", "handoff rates set EUR 2026-08-31 KURS"),
    ],
)
def test_polish_text(text: str, expected: str) -> None:
    from documents.format import polish_text

    assert polish_text(text) == expected


@pytest.mark.parametrize(
    ("cites", "expected"),
    [
        (
            [Cite("u.p.n.o.t.h.", "art. 7 ust. 1"), Cite("u.p.n.o.t.h.", "art. 11b")],
            "art. 7 ust. 1 i art. 11b u.p.n.o.t.h.",
        ),
        (
            [Cite("ustawa o opłacie skarbowej", "art. 1 ust. 1 pkt 2")],
            "art. 1 ust. 1 pkt 2 ustawy o opłacie skarbowej",
        ),
        ([Cite("KC", "art. 118 zd. 2"), Cite("SN", "III CZP 21/23")], "art. 118 zd. 2 KC"),
        ([Cite("KC", "art. 481 §1"), Cite("KC", "art. 481 §2")], "art. 481 § 1 i § 2 KC"),
    ],
)
def test_court_cites(cites: list[Cite], expected: str) -> None:
    from documents.format import court_cites

    assert court_cites(cites) == expected


def test_cite_text_puts_the_provision_first() -> None:
    from documents.format import cite_text

    assert cite_text("KC art. 554; KC art. 120 §1; SN III CZP 21/23") == (
        "art. 554 KC; art. 120 § 1 KC; SN III CZP 21/23"
    )
    assert cite_text("KPC art. 485 §2^1") == "art. 485 § 2^1 KPC"
    assert cite_text("") == ""
