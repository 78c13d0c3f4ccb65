"""The ``esad_sync`` Prefect flow, run for real against the session's Prefect API server:
the sample EPU cases filed through the fake e-Sąd (SQLite and PostgreSQL), the court stage
played on the fake, the flow importing it once and publishing the ``esad-sync`` artifact.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from flows.esad_sync import ARTIFACT_KEY, esad_sync
from tests.flows.artifacts import latest_artifact, table_rows
from tests.integrations.test_esad_submit import Firm, firm
from tests.integrations.test_esad_sync import (
    LATER,
    ORDERED,
    _events,
    _filed,
    _play_order_to_final,
)

__all__ = ["firm"]


def _artifact() -> dict[str, Any]:
    artifact = latest_artifact(ARTIFACT_KEY)
    return {
        "rows": table_rows(artifact),
        "description": artifact["description"],
    }


def test_the_flow_records_the_court_stage_once_and_publishes_it(
    prefect_api: None, firm: Firm, monkeypatch: pytest.MonkeyPatch
) -> None:
    _filed(firm, monkeypatch)
    _play_order_to_final(firm, ORDERED)
    url = firm.engine.url.render_as_string(hide_password=False)
    summary = esad_sync(today=LATER, database_url=url)
    assert summary["recorded"] == 3 and summary["documents_stored"] == 1
    assert _events(firm, ORDERED) == [
        ("payment-order-issued", date(2026, 11, 25)),
        ("payment-order-served", date(2026, 11, 27)),
        ("payment-order-final", date(2026, 12, 14)),
    ]
    published = _artifact()
    recorded = [r for r in published["rows"] if r["wynik"] == "recorded"]
    assert {r["sprawa"] for r in recorded} == {ORDERED} and len(recorded) == 3
    assert "zapisano zdarzeń 3" in published["description"]

    again = esad_sync(today=LATER, database_url=url)  # exactly once
    assert again["recorded"] == 0 and again["documents_stored"] == 0
    assert len(_events(firm, ORDERED)) == 3
    assert _artifact()["rows"] == []

    firm.fake.read_faults = {"MojeSprawy": "fault"}
    with pytest.raises(RuntimeError, match="e-Sąd zwrócił błąd InternalServerError"):
        esad_sync(today=LATER, database_url=url)
    assert "**Błąd:**" in _artifact()["description"]
    assert esad_sync.name == "esad_sync"
    assert set(esad_sync.parameters.properties) == {"today", "database_url"}


def test_without_credentials_the_run_does_nothing_and_says_so(
    prefect_api: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    monkeypatch.setenv("HANDOFF_HOME", str(tmp_path))
    for name in ("HANDOFF_ESAD_LOGIN", "HANDOFF_ESAD_PASSWORD", "HANDOFF_ESAD_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    assert esad_sync() == {
        "skipped": "brak HANDOFF_ESAD_LOGIN, HANDOFF_ESAD_PASSWORD, HANDOFF_ESAD_API_KEY: "
        "e-Sądu nie sprawdzono"
    }
    assert list(tmp_path.iterdir()) == []
