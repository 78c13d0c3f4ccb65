"""Registry address comparison understands Polish address forms (issue #14 item 16).

The forms are how Polish addresses are written (the KRS extract splits ``ulica`` /
``nrDomu`` / ``nrLokalu``, CEIDG ``ulica`` / ``budynek`` / ``lokal``, the VAT white list
gives one line "PROSTA 49/12, 00-838 WARSZAWA"; fixtures in tests/integrations/fixtures).
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from integrations.address import Address, address_differences, parse_one_line, split_street
from tests.integrations.test_debtor_verification import COMPANY, Registries, run

KRS = Address("UL. PROSTA", "49", "12", "00-838", "WARSZAWA")

# (case address as the case file has it, register address, expected differing parts)
CASES: list[tuple[str, Address, Address, list[str]]] = [
    ("same, split", Address("ul. Prosta", "49", "12", "00-838", "Warszawa"), KRS, []),
    ("numbers in the street", Address("ul. Prosta 49/12", "", "", "00-838", "Warszawa"), KRS, []),
    ("lok.", Address("Prosta 49 lok. 12", "", "", "00-838", "Warszawa"), KRS, []),
    ("m.", Address("ul. Prosta 49 m. 12", "", "", "00-838", "Warszawa"), KRS, []),
    ("m without dot", Address("Prosta 49 m 12", "", "", "00-838", "Warszawa"), KRS, []),
    ("unit left out", Address("ul. Prosta 49", "", "", "00-838", "Warszawa"), KRS, []),
    ("no prefix, upper case", Address("PROSTA 49/12", "", "", "00838", "warszawa"), KRS, []),
    ("extra spaces", Address("  ul.  Prosta   49 / 12 ", "", "", "00 838", " Warszawa "), KRS, []),
    ("ulica spelled out", Address("ulica Prosta 49/12", "", "", "00-838", "Warszawa"), KRS, []),
    ("m. st.", Address("ul. Prosta 49/12", "", "", "00-838", "m. st. Warszawa"), KRS, []),
    (
        "al. and diacritics",
        Address("al. Jana Pawła II 80", "", "", "80-462", "Gdańsk"),
        Address("ALEJA JANA PAWLA II", "80", "", "80-462", "GDANSK"),
        [],
    ),
    (
        "title and given name left out",
        Address("ul. Andersa 5", "", "", "00-159", "Warszawa"),
        Address("UL. GEN. WŁADYSŁAWA ANDERSA", "5", "", "00-159", "WARSZAWA"),
        [],
    ),
    (
        "double building number with a unit",
        Address("ul. Marszałkowska 84/92 lok. 118", "", "", "00-514", "Warszawa"),
        Address("MARSZAŁKOWSKA", "84/92", "118", "00-514", "WARSZAWA"),
        [],
    ),
    (
        "building letter",
        Address("os. Kościuszkowskie 7 a", "", "", "31-858", "Kraków"),
        Address("OSIEDLE KOŚCIUSZKOWSKIE", "7A", "", "31-858", "KRAKÓW"),
        [],
    ),
    (
        "pl. vs plac",
        Address("pl. Wolności 3/4", "", "", "45-018", "Opole"),
        Address("PLAC WOLNOŚCI", "3", "4", "45-018", "OPOLE"),
        [],
    ),
    (
        "3 Maja keeps its number",
        Address("ul. 3 Maja 5", "", "", "35-030", "Rzeszów"),
        Address("UL. 3 MAJA", "5", "", "35-030", "RZESZÓW"),
        [],
    ),
    # real mismatches stay mismatches
    ("other street", Address("ul. Długa 49/12", "", "", "00-838", "Warszawa"), KRS, ["ulica"]),
    (
        "other building",
        Address("ul. Prosta 7/12", "", "", "00-838", "Warszawa"),
        KRS,
        ["numer budynku"],
    ),
    (
        "other unit",
        Address("ul. Prosta 49 m. 13", "", "", "00-838", "Warszawa"),
        KRS,
        ["numer lokalu"],
    ),
    (
        "other letter",
        Address("ul. Prosta 49A/12", "", "", "00-838", "Warszawa"),
        KRS,
        ["numer budynku"],
    ),
    ("other city", Address("ul. Prosta 49/12", "", "", "00-838", "Kraków"), KRS, ["miejscowość"]),
    (
        "other postcode",
        Address("ul. Prosta 49/12", "", "", "00-839", "Warszawa"),
        KRS,
        ["kod pocztowy"],
    ),
    (
        "1 Maja is not 3 Maja",
        Address("ul. 1 Maja 5", "", "", "35-030", "Rzeszów"),
        Address("UL. 3 MAJA", "5", "", "35-030", "RZESZÓW"),
        ["ulica"],
    ),
    (
        "Maja is not 3 Maja",
        Address("ul. Maja 5", "", "", "35-030", "Rzeszów"),
        Address("UL. 3 MAJA", "5", "", "35-030", "RZESZÓW"),
        ["ulica"],
    ),
    (
        "Wiejska is not Nowowiejska",
        Address("ul. Wiejska 4", "", "", "00-001", "Warszawa"),
        Address("UL. NOWOWIEJSKA", "4", "", "00-001", "WARSZAWA"),
        ["ulica"],
    ),
    # only parts both sides have are compared
    ("no postcode in the case", Address("ul. Prosta 49/12", "", "", "", "Warszawa"), KRS, []),
]


@pytest.mark.parametrize(
    ("case", "registry", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_address_differences(case: Address, registry: Address, expected: list[str]) -> None:
    assert address_differences(case, registry) == expected


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("ul. Prosta 49/12", ("ul. Prosta", "49", "12")),
        ("Prosta 49 lok. 12", ("Prosta", "49", "12")),
        ("ul. Lipowa 5 m. 7", ("ul. Lipowa", "5", "7")),
        ("ul. Marszałkowska 84/92 lok. 118", ("ul. Marszałkowska", "84/92", "118")),
        ("al. Jana Pawła II 80", ("al. Jana Pawła II", "80", "")),
        ("ul. 3 Maja 5A", ("ul. 3 Maja", "5A", "")),
        ("al. Jana Pawła II", ("al. Jana Pawła II", "", "")),
        ("", ("", "", "")),
    ],
)
def test_split_street(text: str, parts: tuple[str, str, str]) -> None:
    assert split_street(text) == parts


@pytest.mark.parametrize(
    ("line", "address"),
    [
        ("PROSTA 49/12, 00-838 WARSZAWA", Address("PROSTA", "49", "12", "00-838", "WARSZAWA")),
        (
            "UL. PROSTA 49 LOK. 12, 00-838 WARSZAWA",
            Address("UL. PROSTA", "49", "12", "00-838", "WARSZAWA"),
        ),
        ("PROSTA 49 M. 12 00838 WARSZAWA", Address("PROSTA", "49", "12", "00838", "WARSZAWA")),
        ("no address here", None),
    ],
)
def test_parse_vat_line(line: str, address: Address | None) -> None:
    assert parse_one_line(line) == address


@pytest.mark.parametrize("street", ["ul. Prosta 49/12", "Prosta 49 lok. 12", "UL. PROSTA 49 m. 12"])
def test_registry_check_has_no_false_mismatch(street: str) -> None:
    # the pipeline gives the case's street with its numbers (flows.registry_step.identity_of);
    # KRS fixture: ulica "UL. PROSTA", nrDomu "49", nrLokalu "12", 00-838 Warszawa
    identity = replace(COMPANY, street=street, building="", unit="")
    result = run(identity, Registries())
    assert "address_mismatch" not in result.codes


def test_registry_check_still_finds_a_real_mismatch() -> None:
    identity = replace(COMPANY, street="ul. Prosta 7/12", building="", unit="")
    result = run(identity, Registries())
    (finding,) = [f for f in result.findings if f.code == "address_mismatch"]
    assert "numer budynku" in finding.message
