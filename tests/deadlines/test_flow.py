"""The Prefect flow, run for real against the session's Prefect API server."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from flows.deadline_check import ARTIFACT_KEY, deadline_check
from integrations.smtp_sink import SmtpSink
from tests.flows.artifacts import latest_artifact, table_rows

from .test_check import TODAY, seed_court_deadlines


def test_flow_sends_once_and_publishes_a_table(
    prefect_api: None, people: sa.Engine, smtp_sink: SmtpSink, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = people
    seed_court_deadlines(engine)
    monkeypatch.setenv("HANDOFF_SMTP_HOST", smtp_sink.host)
    monkeypatch.setenv("HANDOFF_SMTP_PORT", str(smtp_sink.port))
    monkeypatch.setenv("HANDOFF_MAIL_FROM", "terminy@kancelaria.test")
    monkeypatch.delenv("HANDOFF_WEBHOOK_URL", raising=False)
    url = engine.url.render_as_string(hide_password=False)

    first = deadline_check(today=TODAY, database_url=url)
    assert first["emails_sent"] == 3 and first["failed"] == 0
    assert len(smtp_sink.mails) == 3
    again = deadline_check(today=TODAY, database_url=url)
    assert again["emails_sent"] == 0 and again["already_sent"] == first["claimed"]
    assert len(smtp_sink.mails) == 3

    artifact = latest_artifact(ARTIFACT_KEY)
    assert artifact["type"] == "table"
    assert "Terminy na 2025-12-29" in artifact["description"]
    rows = table_rows(artifact)
    assert {r["wynik"] for r in rows} == {"już wysłane"}
    assert {"ABC/1", "ABC/2", "ABC/3"} == {r["sprawa"] for r in rows}


def test_flow_parameters_default_sensibly() -> None:
    params = deadline_check.parameters.properties
    assert set(params) == {"today", "within_working_days", "limitation_days", "database_url"}
    assert deadline_check.name == "deadline_check"
    assert date.today()  # the default day is computed in Europe/Warsaw inside the flow
