"""The EPU wniosek egzekucyjny validates against WnioskiEgzekucyjneEPU.xsd (official schemas,
release 2.2.2, documents/epu_schemas); broken ones fail readably."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from lxml import etree

from documents.enforcement_epu import (
    EpuEnforcement,
    EpuTitle,
    build_enforcement_package,
    claims_from_pozew,
    validate_enforcement,
)
from documents.epu import NS, EpuDataError, EpuFiling
from law.evidence import exhibits
from law.pl.enforcement import Way
from tests.documents import cases

TITLE = EpuTitle(
    order_id=123456789,
    signature="VI Nc-e 1234567/25",
    issued_on=date(2025, 6, 2),
    decision_code=1,
    clause_id=987654321,
    clause_signature="VI Nc-e 1234567/25",
    clause_on=date(2025, 7, 10),
    clause_code="KW",
)
REQUESTED = date(2025, 7, 15)


def q(name: str) -> str:
    return f"{{{NS}}}{name}"


def request(
    name: str, ways: frozenset[Way] = frozenset({Way.BANK, Way.RUCHOMOSCI})
) -> EpuEnforcement:
    case = cases.ALL[name]()
    filing = EpuFiling(case, cases.computed(case), exhibits(case))
    return EpuEnforcement(
        case,
        TITLE,
        claims_from_pozew(filing, cases.FIRM, cases.FILING),
        Decimal("1217.00"),
        ways,
        1001,
        "Jan Kowalski, Komornik Sądowy przy Sądzie Rejonowym dla Krakowa-Śródmieścia",
        asset_search=True,
    )


@pytest.fixture(scope="module")
def package() -> bytes:
    return build_enforcement_package(
        [request("epu_small"), request("consumer", frozenset(Way))],
        cases.FIRM,
        "KANC-EGZ-2025-07",
        REQUESTED,
    )


def test_package_validates_against_the_official_schema(package: bytes) -> None:
    assert validate_enforcement(package) == []


def test_package_structure(package: bytes) -> None:
    root = etree.fromstring(package)
    assert root.tag == q("WnioskiEgzekucyjneEPU")
    assert root.get("OznaczeniePaczki") == "KANC-EGZ-2025-07"
    b2b, consumer = root.findall(q("WniosekEgzekucyjny"))
    assert [b2b.get("ID"), consumer.get("ID")] == ["1", "2"]
    assert b2b.get("version") == "1.0" and b2b.get("dataWniosku") == "2025-07-15"
    assert b2b.findtext(f"{q('Nakaz')}/{q('Sygnatura')}") == "VI Nc-e 1234567/25"
    assert b2b.findtext(f"{q('Klauzula')}/{q('DataKlauzuli')}") == "2025-07-10"
    assert b2b.find(q("Komornik")).get("ID") == "1001"
    ways = b2b.findall(f".//{q('SposobEgzekucji')}/{q('Rodzaj')}")
    assert [w.text for w in ways] == ["z rachunków bankowych", "z ruchomości"]
    all_ways = consumer.findall(f".//{q('SposobEgzekucji')}/{q('Rodzaj')}")
    assert len(all_ways) == 5
    claims = b2b.findall(f"{q('ListaRoszczen')}/{q('Roszczenie')}")
    # epu_small: two invoices (principal + rekompensata each) and the costs awarded
    assert [c.get("wartosc") for c in claims] == [
        "1200.00",
        "174.12",
        "850.50",
        "172.17",
        "1217.00",
    ]
    assert [c.get("typ") for c in claims] == ["1", "1", "1", "1", "13"]
    period = claims[0].find(f"{q('Odsetki')}/{q('OkresOdsetkowy')}")
    assert period.get("czyUstawowe") == "15"  # commercial interest (TypyDanych.xsd)
    assert period.get("dataOd") == "2024-11-19" and period.get("doZaplaty") == "1"
    assert claims[1].get("odsetki") == "0"
    assert b2b.findtext(q("ZleceniePoszukiwaniaMajatku")) == "1"


def test_a_broken_package_fails_readably(package: bytes) -> None:
    root = etree.fromstring(package)
    first = root.find(q("WniosekEgzekucyjny"))
    first.remove(first.find(q("Klauzula")))  # the clause is required
    first.set("version", "2.0")  # fixed to 1.0
    errors = validate_enforcement(etree.tostring(root))
    assert any("Klauzula" in e for e in errors)
    assert any("version" in e for e in errors)
    assert validate_enforcement(b"<nie xml")[0].startswith("XML nieprawidłowy")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"ways": frozenset()}, "sposób egzekucji"),
        ({"claims": ()}, "bez roszczeń"),
        ({"title": replace(TITLE, clause_on=date(2025, 7, 20))}, "wcześniejsza niż nadanie"),
    ],
)
def test_bad_requests_are_refused(change: dict[str, object], message: str) -> None:
    bad = replace(request("epu_small"), **change)  # type: ignore[arg-type]
    with pytest.raises(EpuDataError, match=message):
        build_enforcement_package([bad], cases.FIRM, "X", REQUESTED)


def test_label_is_checked() -> None:
    with pytest.raises(EpuDataError):
        build_enforcement_package([request("epu_small")], cases.FIRM, "x" * 61, REQUESTED)
    with pytest.raises(EpuDataError):
        build_enforcement_package([], cases.FIRM, "X", REQUESTED)


def test_paper_wniosek_docx_reads_back() -> None:
    # the paper form of the same application, from the shipped Word template
    from documents.enforcement_docx import PaperTitle, render_wniosek, wniosek_context
    from documents.render import undeclared_variables
    from law.pl.enforcement import komornik_competence

    case = cases.ALL["nakazowe"]()
    ways = frozenset({Way.BANK, Way.NIERUCHOMOSCI})
    finding = komornik_competence("Jan Kowalski, Komornik Sądowy przy SR w Katowicach", ways)
    amounts = {
        "as_of": "2026-12-01",
        "principal": "8000.00",
        "compensation": "0.00",
        "interest": "512.34",
        "costs_awarded": "1217.00",
        "clause_costs": "6.00",
        "total": "9735.34",
    }
    title = PaperTitle(
        "nakaz zapłaty",
        "Sąd Rejonowy Katowice-Wschód w Katowicach",
        date(2026, 11, 26),
        "V GNc 7/26",
        date(2026, 12, 1),
        date(2026, 12, 1),
    )
    context = wniosek_context(
        case, cases.FIRM, title, amounts, ways, finding.komornik, date(2026, 12, 1)
    )
    assert undeclared_variables("wniosek_egzekucyjny", context) == set()
    text = cases.docx_text(render_wniosek(context).content)
    assert "WNIOSEK EGZEKUCYJNY" in text
    assert "sygn. akt V GNc 7/26" in text and "klauzulę wykonalności z dnia 01.12.2026" in text
    assert "8 000,00 zł" in text and "9 735,34 zł" in text and "6,00 zł" in text
    assert "rekompensata" not in text  # a zero line is left out
    assert "egzekucja z rachunku bankowego" in text and "egzekucja z nieruchomości" in text
    # the komornik chosen is named; the finding to confirm about it is not the komornik's
    assert "wybranego przez wierzyciela: Jan Kowalski" in text
    assert "UNCONFIRMED" not in text and "referencji" not in text
    assert "{{" not in text and "{%" not in text
