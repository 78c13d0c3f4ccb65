"""The demo / run batch result table as a partner reads it (issue #14): WPS in the Polish money
format, the notes in Polish with Polish dates; ``--json`` keeps its keys and machine values.

The unit tests take the cell formatters directly; the slow test runs ``handoff demo`` and
``handoff run batch --json`` as subprocesses on a fresh HANDOFF_HOME (the real flows).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.console import Console

import cli.batch
from cli.batch import money_cell, reason_cell
from config import Settings
from tests.conftest import REPO, SAMPLES

HANDOFF = Path(sys.executable).parent / "handoff"


@pytest.mark.parametrize(
    ("total", "shown"),
    [
        ("63345.00", "63 345,00 zł"),  # demo TT/WIND/2026/0171 (issue #14)
        ("5835", "5 835,00 zł"),
        ("999.5", "999,50 zł"),
        ("", ""),  # no claim computed (rejected case)
        ("?", "?"),  # not a number: shown as given, never a traceback
    ],
)
def test_money_cell(total: str, shown: str) -> None:
    assert money_cell(total) == shown


@pytest.mark.parametrize(
    ("reason", "shown"),
    [
        ("ready for partner review", "gotowe do przeglądu przez partnera"),
        ("case not found", "nie znaleziono sprawy"),
        (
            "Roszczenie przedawnione z dniem 2025-12-31",
            "Roszczenie przedawnione z dniem 31 grudnia 2025 r.",
        ),
        (
            "Opłata 3167.25 zł; ready for partner review",
            "Opłata 3 167,25 zł; gotowe do przeglądu przez partnera",
        ),
        ("Roszczenie z faktury FV/1 przedawnione z dniem 31.12.2025 r.", None),  # kept
        # a second run's note for a case drafted before (flows/handoff.py)
        (
            "already drafted; stage ready_for_review",
            "projekt już przygotowany; etap: do akceptacji",
        ),
        ("already drafted; stage no_such_stage", "projekt już przygotowany; stage no_such_stage"),
    ],
)
def test_reason_cell(reason: str, shown: str | None) -> None:
    assert reason_cell(reason) == (reason if shown is None else shown)


def test_table_is_polish_and_json_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = {
        "batch_id": 1,
        "cases": [
            {
                "case_ref": "TT/WIND/2026/0171",
                "outcome": "drafted",
                "procedure": "epu",
                "total": "63345.00",
                "reason": "Roszczenie przedawnione z dniem 2025-12-31",
            }
        ],
    }
    monkeypatch.setenv("HANDOFF_HOME", str(tmp_path))
    settings = Settings.from_env()
    table = Console(record=True, width=200)
    monkeypatch.setattr(cli.batch, "out", table)
    cli.batch._print_result(result, settings, as_json=False)
    text = table.export_text()
    assert "63 345,00 zł" in text and "63345.00" not in text
    assert "31 grudnia 2025 r." in text and "2025-12-31" not in text
    assert "projekt gotowy" in text and "drafted" not in text
    as_json = Console(record=True, width=200)
    monkeypatch.setattr(cli.batch, "out", as_json)
    cli.batch._print_result(result, settings, as_json=True)
    assert json.loads(as_json.export_text()) == result


@pytest.fixture
def home(tmp_path: Path) -> Iterator[dict[str, str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "HANDOFF_"))}
    env.update(
        HANDOFF_HOME=str(tmp_path / "var"),
        PREFECT_HOME=str(tmp_path / "prefect"),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="180",
        COLUMNS="200",
    )
    yield env
    subprocess.run(  # the local Prefect server the CLI started under this home
        [str(HANDOFF), "server", "stop"], env=env, capture_output=True, timeout=60, check=False
    )


@pytest.mark.slow
def test_demo_table_polish_and_run_json_plain(home: dict[str, str]) -> None:
    demo = subprocess.run(
        [str(HANDOFF), "demo"], cwd=REPO, env=home, capture_output=True, timeout=400, check=False
    )
    assert demo.returncode == 0, demo.stderr.decode()[-3000:]
    table = demo.stdout.decode()
    assert "TT/WIND/2026/0171" in table and "63 345,00 zł" in table
    assert "gotowe do przeglądu przez partnera" in table
    assert "ready for partner review" not in table and "63345.00" not in table
    run = subprocess.run(
        [str(HANDOFF), "run", "batch", str(SAMPLES / "cases"), "--json"],
        cwd=REPO,
        env=home,
        capture_output=True,
        timeout=400,
        check=False,
    )
    assert run.returncode == 0, run.stderr.decode()[-3000:]
    data = json.loads(run.stdout)
    rows = {r["case_ref"]: r for r in data["cases"]}
    assert set(rows["TT/WIND/2026/0171"]) >= {"case_ref", "outcome", "procedure", "total", "reason"}
    assert rows["TT/WIND/2026/0171"]["total"] == "63345.00"  # machine value: plain decimal
    assert rows["TT/WIND/2026/0171"]["outcome"] in {"drafted", "unchanged"}
