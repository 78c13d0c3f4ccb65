"""``handoff calc --json`` shows the claim rules of issue #14: art. 115 KC on payment
deadlines (K3), contested limitation readings (K4) and the art. 485 § 2^1 documents (K6).

Expected values: polish_law.md 0b K3/K4/K6 and 7.1 L8; 30.08.2026 is a Sunday, 30.12.2023 a
Saturday (1.01.2024 a holiday); interest 13,75 % for H2 2026 (K9, M.P. 2026 poz. 642).
"""

from __future__ import annotations

import json
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
            ["limitation", "--basis", "business", "--due", "2023-12-30"],
            {
                "starts_on": "2024-01-03",
                "deadline_moved_to": "2024-01-02",
                "expires_on": "2026-12-31",
                "alternative_expires_on": "2027-12-31",
                "latest_expires_on": "2027-12-31",
            },
            "K3: Saturday deadline moves, the start follows",
        ),
        (
            ["limitation", "--basis", "business", "--due", "2021-12-31", "--on", "2025-06-01"],
            {"status": "near", "barred": False, "urgent": True, "watch_date": "2025-12-31"},
            "K4 + L8: barred under the conservative reading only -> alive and urgent",
        ),
        (
            ["limitation", "--basis", "business", "--due", "2021-12-31", "--on", "2026-01-01"],
            {"status": "expired", "barred": True, "urgent": False, "watch_date": None},
            "K4 + L8: barred under every reading",
        ),
        (
            [
                "interest",
                "--principal",
                "48585",
                "--due",
                "2026-08-30",
                "--to",
                "2026-09-30",
                "--kind",
                "commercial",
            ],
            # 48 585 x 13,75 % x 30 / 365 = 549,077 -> 549,08 (1.09-30.09.2026)
            {"from": "2026-09-01", "due_moved_to": "2026-08-31", "interest": "549.08"},
            "K3: TT/WIND/2026/0171 FV/2026/07/140, interest from 1.09.2026",
        ),
        (
            [
                "procedure",
                "--value",
                "63345",
                "--due",
                "2026-08-30",
                "--filing",
                "2026-12-01",
                "--b2b",
                "--contract",
                "--performance-proof",
                "--invoices-delivered",
            ],
            {"procedure": "nakazowe", "nakazowe_basis": ["KPC art. 485 §2^1"]},
            "K6: contract + own performance + invoice delivery",
        ),
        (
            [
                "procedure",
                "--value",
                "63345",
                "--due",
                "2026-08-30",
                "--filing",
                "2026-12-01",
                "--b2b",
                "--contract",
                "--invoices-delivered",
            ],
            {"procedure": "epu", "nakazowe_basis": []},
            "K6: without proof of own performance, the next admissible procedure",
        ),
    ],
)
def test_calc_shows_the_claim_rules(args: list[str], expected: dict[str, Any], source: str) -> None:
    data = run_json(*args)
    assert {k: data.get(k) for k in expected} == expected, source


def test_procedure_names_what_nakazowe_lacks() -> None:
    data = run_json(
        "procedure", "--value", "5000", "--due", "2026-08-30", "--filing", "2026-12-01", "--b2b"
    )
    assert any("dowodu wykonania świadczenia" in m for m in data["nakazowe_missing"])
    assert "brak podstaw nakazowych" in data["procedure_reason"]


def test_interest_needs_from_or_due() -> None:
    result = RUNNER.invoke(
        calc_app, ["interest", "--principal", "1", "--to", "2026-01-01", "--kind", "commercial"]
    )
    assert result.exit_code == 2
