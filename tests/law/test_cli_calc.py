"""``handoff calc``: JSON contract for worked cases and exit 2 on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cli.calc import calc_app

RUNNER = CliRunner()


def run_json(*args: str) -> dict[str, Any]:
    result = RUNNER.invoke(calc_app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("args", "expected", "source"),
    [
        (
            ["limitation", "--basis", "sale", "--due", "2021-03-15"],
            {"expires_on": "2023-12-31", "starts_on": "2021-03-16", "contested": False},
            "L1",
        ),
        (
            ["limitation", "--basis", "business", "--due", "2021-12-31"],
            {"expires_on": "2024-12-31", "alternative_expires_on": "2025-12-31", "contested": True},
            "L8",
        ),
        (
            [
                "limitation",
                "--basis",
                "business",
                "--due",
                "2021-06-30",
                "--acknowledged",
                "2023-02-10",
            ],
            {"expires_on": "2026-12-31"},
            "L9",
        ),
        (
            ["limitation", "--basis", "business", "--due", "2019-05-10", "--consumer"],
            {"expires_on": "2022-12-31", "consumer_ex_officio": True},
            "L4",
        ),
        (
            ["limitation", "--basis", "business", "--due", "2021-03-15", "--filed", "2024-06-01"],
            {"expires_on": None, "interrupted_by_filing_on": "2024-06-01"},
            "art. 124 §2",
        ),
        (
            ["limitation", "--basis", "work", "--due", "2023-01-10", "--handed-over", "2022-12-01"],
            {"expires_on": "2024-12-31", "starts_on": "2022-12-01"},
            "art. 646",
        ),
    ],
)
def test_limitation(args: list[str], expected: dict[str, Any], source: str) -> None:
    data = run_json(*args)
    for key, value in expected.items():
        assert data[key] == value, source
    assert data["cites"] and all(isinstance(c, str) for c in data["cites"])
    assert data["reason"]


def test_limitation_cites_format() -> None:
    assert (
        "KC art. 554" in run_json("limitation", "--basis", "sale", "--due", "2021-03-15")["cites"]
    )


@pytest.mark.parametrize(
    ("event", "on", "due_on", "action"),
    [
        ("payment-order-served", "2025-12-10", "2025-12-29", "sprzeciw / zarzuty"),  # D1
        ("payment-order-served", "2024-12-10", "2024-12-24", "sprzeciw / zarzuty"),  # D2
        ("payment-order-served", "2025-12-20", "2026-01-05", "sprzeciw / zarzuty"),  # D6
        ("call-served", "2025-10-27", "2025-11-03", "uzupełnienie braków formalnych / opłata"),
        ("appeal-judgment-reasons-served", "2025-12-31", "2026-03-02", "skarga kasacyjna"),
        ("judgment-announced", "2025-10-27", "2025-11-03", "wniosek o uzasadnienie wyroku"),
        ("judgment-reasons-served", "2025-10-28", "2025-11-12", "apelacja"),
        ("decision-served", "2025-06-02", "2025-06-09", "zażalenie"),
        (
            "returned-unpaid-fee",
            "2025-12-17",
            "2025-12-29",
            "uiszczenie brakującej opłaty po zwrocie pisma",
        ),  # K5, art. 130^2 §3 KPC: 1 week -> Wigilia -> Mon
        (
            "service-failed-notice",
            "2025-06-02",
            "2025-08-04",
            "doręczenie przez komornika / wskazanie adresu",
        ),
        (
            "epu-discontinued",
            "2025-06-02",
            "2025-09-02",
            "ponowne wniesienie pozwu do sądu właściwości ogólnej",
        ),
    ],
)
def test_deadline(event: str, on: str, due_on: str, action: str) -> None:
    data = run_json("deadline", "--event", event, "--on", on)
    assert (data["due_on"], data["action"]) == (due_on, action)
    assert data["cites"]


@pytest.mark.parametrize(
    ("value", "procedure", "wps", "fee"),
    [
        ("3999.01", "standard", "4000.00", "200.00"),  # F1
        ("7500", "standard", "7500.00", "400.00"),  # F3
        ("20000.01", "standard", "20001.00", "1001.00"),  # F5, rounded up (0b K1)
        ("20 000,01", "upominawcze", "20001.00", "1001.00"),  # F5, Polish spelling (K1)
        ("1000", "epu", "1000.00", "30.00"),  # F7
        ("12 000,00", "epu", "12000.00", "188.00"),  # F8, 187,50 rounded up (K1)
        ("10000", "nakazowe", "10000.00", "125.00"),  # A6
        ("63345", "nakazowe", "63345.00", "792.00"),  # K1: 791,81 -> 792
    ],
)
def test_court_fee(value: str, procedure: str, wps: str, fee: str) -> None:
    data = run_json("court-fee", "--value", value, "--procedure", procedure)
    assert (data["wps"], data["fee"]) == (wps, fee)
    assert data["cites"]
    assert data["contested"] is False


@pytest.mark.parametrize(
    ("option", "filed_on", "procedure", "fee", "cap"),
    [
        ("--filed-on", "2025-09-22", "standard", "200000.00", "200000.00"),  # K2: day before
        ("--filed-on", "2025-09-23", "standard", "100000.00", "100000.00"),  # K2: from the day
        ("--filed-on", "2025-09-22", "epu", "50000.00", "200000.00"),  # 1/4 of 200 000
        ("--filed-on", "2025-09-23", "nakazowe", "25000.00", "100000.00"),  # K2: 1/4 -> 25 000
        ("--filing", "2025-09-23", "standard", "100000.00", "100000.00"),  # as calc procedure
        ("--filed", "2025-09-22", "standard", "200000.00", "200000.00"),  # as calc limitation
    ],
)
def test_court_fee_cap_by_filing_day(
    option: str, filed_on: str, procedure: str, fee: str, cap: str
) -> None:
    data = run_json("court-fee", "--value", "10000000", "--procedure", procedure, option, filed_on)
    assert (data["fee"], data["proportional_cap"], data["filed_on"]) == (fee, cap, filed_on)
    assert data["cap_rule"].startswith("pismo wniesione")
    assert ("Dz.U. 2025 poz. 1157" in data["cap_cites"]) is (cap == "100000.00")


def test_court_fee_filing_day_defaults_to_today_in_warsaw(monkeypatch: pytest.MonkeyPatch) -> None:
    import cli.calc

    monkeypatch.setattr(cli.calc, "firm_today", lambda: date(2025, 9, 22))
    data = run_json("court-fee", "--value", "10000000", "--procedure", "standard")
    assert (data["filed_on"], data["fee"]) == ("2025-09-22", "200000.00")
    monkeypatch.setattr(cli.calc, "firm_today", lambda: date(2025, 9, 23))
    data = run_json("court-fee", "--value", "10000000", "--procedure", "standard")
    assert (data["filed_on"], data["fee"]) == ("2025-09-23", "100000.00")


@pytest.mark.parametrize(
    ("procedure", "fee", "total"),
    [
        ("standard", "1800.00", "1817.00"),
        ("epu", "1200.00", "1217.00"),
        ("nakazowe", "1200.00", "1217.00"),
        ("upominawcze", "1200.00", "1217.00"),
    ],
)
def test_attorney_fee(procedure: str, fee: str, total: str) -> None:
    # A1, A2
    data = run_json("attorney-fee", "--value", "10000", "--procedure", procedure)
    assert (data["fee"], data["stamp_duty"], data["total"]) == (fee, "17.00", total)


def test_interest_i1_i2() -> None:
    common = ["--principal", "10 000,00", "--from", "2023-01-01", "--to", "2023-12-31"]
    i1 = run_json("interest", *common, "--kind", "commercial")
    assert i1["interest"] == "1675.00"
    assert i1["periods"] == [
        {"from": "2023-01-01", "to": "2023-12-31", "days": 365, "rate": "16.75"}
    ]
    i2 = run_json("interest", *common, "--kind", "statutory")
    assert i2["interest"] == "1195.14"
    assert [(p["days"], p["rate"]) for p in i2["periods"]] == [
        (249, "12.25"),
        (28, "11.50"),
        (88, "11.25"),
    ]
    healthcare = run_json("interest", *common, "--kind", "commercial-healthcare")
    assert healthcare["interest"] == "1475.00"  # 14,75 % (6,75 + 8) x 365/365
    assert i1["rate_assumption"] is None and i2["rate_assumption"] is None


@pytest.mark.parametrize(
    ("kind", "to", "through", "assumption"),
    [
        ("statutory", "2026-04-30", "2026-04-30", None),  # K9: verified through 30.04.2026
        (
            "statutory",
            "2026-05-01",
            "2026-04-30",
            "Odsetki za okres po 30.04.2026 obliczono przy założeniu, że stopa referencyjna "
            "NBP nie zmieniła się (tabela zweryfikowana do 30.04.2026).",
        ),
        ("commercial", "2026-12-31", "2026-12-31", None),  # K9: H2 2026 13,75 % published
    ],
)
def test_interest_states_the_rate_assumption(
    kind: str, to: str, through: str, assumption: str | None
) -> None:
    data = run_json(
        "interest", "--principal", "1000", "--from", "2026-01-01", "--to", to, "--kind", kind
    )
    assert (data["rates_verified_through"], data["rate_assumption"]) == (through, assumption)


@pytest.mark.parametrize(
    ("amount", "due", "extra", "expected"),
    [
        (
            "4999.99",
            "2023-03-15",
            [],
            {"eur": "40.00", "eur_rate": "4.7170", "rate_date": "2023-02-28", "pln": "188.68"},
        ),  # R1
        ("5000.01", "2023-03-15", [], {"eur": "70.00", "pln": "330.19"}),  # R3
        ("50000", "2023-03-15", [], {"eur": "100.00", "pln": "471.70"}),  # R5
        (
            "3000",
            "2023-03-31",
            [],
            {"pln": "188.68", "contested": True, "alternative_pln": "187.02"},
        ),  # R9 / R10
        ("1000", "2026-02-15", ["--eur-rate", "4,2000"], {"eur_rate": "4.2000", "pln": "168.00"}),
    ],
)
def test_compensation(amount: str, due: str, extra: list[str], expected: dict[str, Any]) -> None:
    data = run_json("compensation", "--amount", amount, "--due", due, *extra)
    for key, value in expected.items():
        assert data[key] == value


@pytest.mark.parametrize(
    ("value", "due", "filing", "level", "epu", "simple"),
    [
        ("100000.00", "2024-01-01", "2025-01-01", "rejonowy", True, False),  # J1
        ("100000.01", "2024-01-01", "2025-01-01", "okregowy", True, False),
        ("15000", "2021-08-10", "2025-08-27", "rejonowy", False, True),  # J3
    ],
)
def test_procedure(value: str, due: str, filing: str, level: str, epu: bool, simple: bool) -> None:
    data = run_json("procedure", "--value", value, "--due", due, "--filing", filing)
    assert (data["court_level"], data["epu_admissible"], data["simplified"]) == (level, epu, simple)
    assert data["cites"]


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["court-fee", "--value", "-5", "--procedure", "epu"], "--value"),
        (["court-fee", "--value", "abc", "--procedure", "epu"], "--value"),
        (["court-fee", "--value", "100", "--procedure", "fast"], "--procedure"),
        (["attorney-fee", "--value", "1,2,3", "--procedure", "epu"], "--value"),
        (["limitation", "--basis", "sale", "--due", "2021-02-30"], "--due"),
        (["limitation", "--basis", "lease", "--due", "2021-02-01"], "--basis"),
        (["deadline", "--event", "party", "--on", "2025-01-01"], "--event"),
        (["deadline", "--event", "call-served", "--on", "yesterday"], "--on"),
        (
            [
                "interest",
                "--principal",
                "-1",
                "--from",
                "2023-01-01",
                "--to",
                "2023-02-01",
                "--kind",
                "statutory",
            ],
            "--principal",
        ),
        (
            [
                "interest",
                "--principal",
                "1",
                "--from",
                "2023-01-01",
                "--to",
                "2022-02-01",
                "--kind",
                "statutory",
            ],
            "--to",
        ),
        (["compensation", "--amount", "1000", "--due", "2026-02-15"], "--eur-rate"),
        (
            ["compensation", "--amount", "1000", "--due", "2023-02-15", "--eur-rate", "x"],
            "--eur-rate",
        ),
        (
            ["procedure", "--value", "10", "--due", "2024-01-01", "--filing", "2025-13-01"],
            "--filing",
        ),
        (
            ["court-fee", "--value", "100", "--procedure", "epu", "--filed-on", "2025-02-30"],
            "--filed-on",
        ),
        (
            ["court-fee", "--value", "100", "--procedure", "epu", "--filed-on", "2019-08-20"],
            "--filed-on",
        ),
    ],
)
def test_bad_input_exit_2(args: list[str], option: str) -> None:
    result = RUNNER.invoke(calc_app, [*args, "--json"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"Błąd: nieprawidłowa wartość opcji '{option}'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_table_output_without_json() -> None:
    result = RUNNER.invoke(calc_app, ["court-fee", "--value", "1000", "--procedure", "epu"])
    assert result.exit_code == 0 and "30.00" in result.stdout


def test_installed_executable() -> None:
    exe = Path(sys.executable).parent / "handoff"
    if not exe.exists():
        pytest.skip("handoff not installed (pip install -e '.[dev]')")
    done = subprocess.run(
        [
            str(exe),
            "calc",
            "deadline",
            "--event",
            "payment-order-served",
            "--on",
            "2025-12-10",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["due_on"] == "2025-12-29"
    bad = subprocess.run(
        [str(exe), "calc", "court-fee", "--value", "-1", "--procedure", "epu", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert bad.returncode == 2 and bad.stdout == "" and "'--value'" in bad.stderr


def test_missing_eur_rate_is_one_polish_line_naming_the_day() -> None:
    # K8: 15.04.2026 needs the Table A rate of 31.03.2026, not in the shipped table
    result = RUNNER.invoke(calc_app, ["compensation", "--amount", "1000", "--due", "2026-04-15"])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.strip() == (
        "Błąd: nieprawidłowa wartość opcji '--eur-rate': brak średniego kursu EUR NBP "
        "(tabela A) z dnia 31.03.2026 (miesiąc przed terminem płatności 15.04.2026) w tabeli "
        "wbudowanej; podaj kurs opcją --eur-rate"
    )


def test_table_output_labels_are_polish() -> None:
    result = RUNNER.invoke(
        calc_app,
        ["court-fee", "--value", "12000", "--procedure", "epu", "--filed-on", "2026-01-15"],
    )
    assert result.exit_code == 0
    for label in ("opłata", "podstawa", "uzasadnienie", "sporne", "dzień wniesienia"):
        assert label in result.stdout
    assert "188.00" in result.stdout and "reason" not in result.stdout
