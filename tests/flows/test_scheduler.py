"""The scheduled deployments really get scheduled runs on a real Prefect server.

Starts ``prefect server start`` on a free loopback port (its own PREFECT_HOME and SQLite API
database in a temporary folder), creates the process work pool, deploys the
``deadline-check`` deployment from prefect.yaml with ``prefect --no-prompt deploy`` (as
docs/deployment.md does, with HANDOFF_REPO set) and waits until the server's scheduler has
created Scheduled flow runs for it at 07:00 Europe/Warsaw on working days.

With prefect 3.8.8 and SQLAlchemy 2.1.x the scheduler fails on every loop ("Can't evaluate
bulk DML statement") and no run is ever created: this test fails then (verified by running
it with ``PYTHONPATH`` pointing at a ``pip install --target`` copy of SQLAlchemy 2.1.9).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.scale.cluster import Cluster, prefect_deploy_broken

pytestmark = pytest.mark.slow

WARSAW = ZoneInfo("Europe/Warsaw")


class SchedulerCluster(Cluster):
    """The test cluster, with the scheduler looking every second instead of every minute."""

    def env(self, **extra: str) -> dict[str, str]:
        env = super().env(**extra)
        env.update(
            PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS="1",
            PREFECT_SERVER_LOGGING_LEVEL="WARNING",
        )
        return env


@pytest.fixture
def server(tmp_path: Path) -> Iterator[SchedulerCluster]:
    broken = prefect_deploy_broken()
    if broken:
        pytest.skip(broken)
    api_db = f"sqlite+aiosqlite:///{tmp_path / 'prefect-api.db'}"
    cluster = SchedulerCluster(
        root=tmp_path, api_database_url=api_db, store_url=f"sqlite:///{tmp_path / 'handoff.db'}"
    )
    try:
        cluster.start_server(timeout=180)
        yield cluster
    finally:
        cluster.stop()


def _scheduled_runs(cluster: Cluster, deployment_id: str) -> list[dict[str, Any]]:
    return cluster.flow_runs(
        deployment_id={"any_": [deployment_id]}, state={"type": {"any_": ["SCHEDULED"]}}
    )


def test_the_scheduler_creates_deadline_check_runs(server: SchedulerCluster) -> None:
    server.prefect("work-pool", "create", "kancelaria", "--type", "process")
    server.prefect("deploy", "--name", "deadline-check", timeout=300)
    deployment = server.api("GET", "/deployments/name/deadline_check/deadline-check")
    schedules = deployment["schedules"]
    assert [s["schedule"]["cron"] for s in schedules] == ["0 7 * * 1-5"]
    assert schedules[0]["active"] is True

    deadline = time.monotonic() + 90
    runs: list[dict[str, Any]] = []
    while time.monotonic() < deadline:
        runs = _scheduled_runs(server, deployment["id"])
        if len(runs) >= 3:
            break
        time.sleep(1)
    log = (server.root / "server.log").read_text(errors="replace")
    assert len(runs) >= 3, (
        f"no scheduled deadline-check runs after 90 s (SQLAlchemy {version('SQLAlchemy')}); "
        f"server log:\n{log[-3000:]}"
    )
    assert "Can't evaluate bulk DML" not in log
    for run in runs:
        assert run["state_type"] == "SCHEDULED"
        assert run["auto_scheduled"] is True
        start = datetime.fromisoformat(run["expected_start_time"].replace("Z", "+00:00"))
        local = start.astimezone(WARSAW)
        assert (local.hour, local.minute, local.weekday() < 5) == (7, 0, True), local
