"""Art. 130^2 KPC (polish_law.md 0b K5): a professional's pleading returned for an unpaid fee
opens the one-week top-up deadline, recorded from the CLI like any court event."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from cli.main import app

from .conftest import add_case

runner = CliRunner()


@pytest.fixture
def cli_env(people: sa.Engine, monkeypatch: pytest.MonkeyPatch) -> sa.Engine:
    monkeypatch.setenv("HANDOFF_DATABASE_URL", people.url.render_as_string(hide_password=False))
    return people


def test_event_add_returned_unpaid_fee(cli_env: sa.Engine) -> None:
    add_case(cli_env, "ABC/130")
    # return order served Thu 18.12.2025: + 1 week = Thu 25.12 (holiday) -> Mon 29.12.2025
    result = runner.invoke(
        app,
        [
            "event",
            "add",
            "ABC/130",
            "--kind",
            "returned-unpaid-fee",
            "--on",
            "2025-12-18",
            "--signature",
            "V GC 130/25",
            "--as",
            "anna",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "2025-12-29" in result.output
    listed = runner.invoke(app, ["deadlines", "list", "--person", "anna", "--json"])
    assert listed.exit_code == 0, listed.output
    rows = [r for r in json.loads(listed.stdout) if r["signature"] == "V GC 130/25"]
    assert [(r["due_on"], r["action"]) for r in rows] == [
        ("2025-12-29", "uiszczenie brakującej opłaty po zwrocie pisma")
    ]
