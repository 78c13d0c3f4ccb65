"""EPU packages validate against the official schemas; broken ones fail readably."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from lxml import etree

from documents.epu import (
    NS,
    SCHEMAS,
    EpuDataError,
    EpuFiling,
    NotEpu,
    build_epu_package,
    split_street,
    validate_epu,
)
from law.case import Address
from law.evidence import exhibits
from tests.documents import cases


def filing(name: str) -> EpuFiling:
    case = cases.ALL[name]()
    return EpuFiling(case, cases.computed(case), exhibits(case))


@pytest.fixture(scope="module")
def package() -> bytes:
    return build_epu_package(
        [filing("consumer"), filing("epu_small")], cases.FIRM, "KANC-2025-05-A", cases.FILING
    )


def q(name: str) -> str:
    return f"{{{NS}}}{name}"


def test_realistic_package_validates(package: bytes) -> None:
    assert validate_epu(package) == []


def test_package_structure(package: bytes) -> None:
    root = etree.fromstring(package)
    assert root.tag == q("Pozwy")
    assert root.get("OznaczeniePaczki") == "KANC-2025-05-A"
    pozwy = root.findall(q("PozewEPU"))
    assert [p.get("version") for p in pozwy] == ["2.0", "2.0"]
    assert [p.get("ID") for p in pozwy] == ["1", "2"]
    consumer, b2b = pozwy
    assert consumer.findtext(q("SprawaWgPowoda")) == "MW/2025/17"
    assert consumer.findtext(q("WartoscSporu")) == "2450.00"
    assert consumer.find(q("OplataSadowa")).get("wartosc") == "50.00"
    period = consumer.find(f"{q('ListaRoszczen')}/{q('Roszczenie')}/{q('Odsetki')}/*")
    assert period.get("czyUstawowe") == "8"
    assert period.get("dataOd") == "2025-02-11"
    assert period.get("dataDo") is None and period.get("doZaplaty") == "1"
    claims = b2b.findall(f"{q('ListaRoszczen')}/{q('Roszczenie')}")
    # two invoices, each with its rekompensata; interest on the rekompensata is claimed too
    # (K8: art. 481 KC, odsetki ustawowe za opóźnienie = code 8)
    assert [c.get("odsetki") for c in claims] == ["1", "1", "1", "1"]
    assert claims[0].find(f"{q('Odsetki')}/*").get("czyUstawowe") == "15"
    assert claims[1].find(f"{q('Odsetki')}/*").get("czyUstawowe") == "8"
    assert "z dnia" in claims[0].get("opis") and not re.search(
        r"\d{4}-\d{2}", claims[0].get("opis")
    )
    assert claims[0].get("typ") == "1"
    total = sum(float(c.get("wartosc")) for c in claims)
    assert float(b2b.findtext(q("WartoscSporu"))) == pytest.approx(total)
    dowody = b2b.findall(f"{q('ListaDowodow')}/{q('Dowod')}")
    assert dowody[0].get("typDowodu") == "faktura"
    assert dowody[0].get("oznaczenie") == "FS/0311/2024"
    assert b2b.findtext(f"{q('ListaPozwanych')}/{q('Pozwany')}/{q('Instytucja')}/{q('Nazwa')}") == (
        "Firma {{ zła }} {% if %} <b>& Sp. z o.o."
    )
    assert "Sąd Rejonowy Lublin-Zachód w Lublinie" in package.decode()


def test_missing_wartosc_sporu_is_rejected(package: bytes) -> None:
    root = etree.fromstring(package)
    pozew = root.find(q("PozewEPU"))
    pozew.remove(pozew.find(q("WartoscSporu")))
    errors = validate_epu(etree.tostring(root))
    assert errors
    assert any("WartoscSporu" in e for e in errors), errors
    assert errors[0].startswith("linia ")


def test_bad_pesel_is_rejected(package: bytes) -> None:
    root = etree.fromstring(package)
    pesel = root.find(f".//{q('Pozwany')}//{q('PESEL')}")
    pesel.text = "1234567890"
    errors = validate_epu(etree.tostring(root))
    assert any("PESEL" in e and "1234567890" in e for e in errors), errors


def test_version_one_is_rejected(package: bytes) -> None:
    root = etree.fromstring(package)
    root.find(q("PozewEPU")).set("version", "1.0")
    assert any("version" in e for e in validate_epu(etree.tostring(root)))


def test_label_too_long_is_rejected(package: bytes) -> None:
    root = etree.fromstring(package)
    root.set("OznaczeniePaczki", "X" * 61)
    assert validate_epu(etree.tostring(root))
    with pytest.raises(EpuDataError):
        build_epu_package([filing("consumer")], cases.FIRM, "X" * 61, cases.FILING)


def test_malformed_xml_is_an_error_not_an_exception() -> None:
    assert validate_epu(b"<curr:Pozwy")[0].startswith("XML nieprawidłowy")


def test_non_epu_case_is_refused() -> None:
    with pytest.raises(NotEpu):
        build_epu_package([filing("nakazowe")], cases.FIRM, "P1", cases.FILING)


def test_attorney_pesel_required() -> None:
    firm = replace(cases.FIRM, attorney_pesel="")
    with pytest.raises(EpuDataError, match="PESEL"):
        build_epu_package([filing("consumer")], firm, "P1", cases.FILING)


def test_official_schemas_shipped_unchanged() -> None:
    from pathlib import Path

    official = Path("/work/shared/epu")
    if not official.is_dir():
        pytest.skip("official schema folder not available")
    for xsd in official.glob("*.xsd"):
        assert (SCHEMAS / xsd.name).read_bytes() == xsd.read_bytes(), xsd.name


@pytest.mark.parametrize(
    ("street", "expected"),
    [
        ("ul. Lipowa 5 m. 7", ("ul. Lipowa", "5", "7")),
        ("al. Jana Pawła II 27/4", ("al. Jana Pawła II", "27", "4")),
        ("ul. Marszałkowska 84/92 lok. 118", ("ul. Marszałkowska", "84/92", "118")),
        ("ul. Półłanki 18", ("ul. Półłanki", "18", "")),
        ("Rynek 1A", ("Rynek", "1A", "")),
    ],
)
def test_split_street(street: str, expected: tuple[str, str, str]) -> None:
    parts = split_street(Address(street, "00-001", "Warszawa"))
    assert (parts["ulica"], parts["nr_domu"], parts["nr_mieszkania"]) == expected
