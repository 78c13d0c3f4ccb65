"""The ``instalment-check`` deployment of prefect.yaml: the flow it names, on the working-day
07:00 schedule, deployed for real with ``prefect --no-prompt deploy`` (slow)."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
import yaml

from tests.flows.test_scheduler import SchedulerCluster, server  # noqa: F401 (the fixture)

PREFECT_YAML = Path(__file__).resolve().parents[2] / "prefect.yaml"


def _deployment(name: str) -> dict:
    spec = yaml.safe_load(PREFECT_YAML.read_text(encoding="utf-8"))
    (found,) = [d for d in spec["deployments"] if d["name"] == name]
    return found


def test_the_deployment_names_the_flow_on_the_working_day_schedule() -> None:
    deployment = _deployment("instalment-check")
    path, _, name = deployment["entrypoint"].partition(":")
    module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
    flow = getattr(module, name)
    assert flow.name == "instalment_check"
    assert deployment["schedules"] == _deployment("deadline-check")["schedules"]
    assert deployment["schedules"] == [
        {"cron": "0 7 * * 1-5", "timezone": "Europe/Warsaw", "active": True}
    ]
    assert deployment["work_pool"]["name"] == "kancelaria"


@pytest.mark.slow
def test_prefect_deploys_it_with_the_schedule(server: SchedulerCluster) -> None:  # noqa: F811
    server.prefect("work-pool", "create", "kancelaria", "--type", "process")
    server.prefect("deploy", "--name", "instalment-check", timeout=300)
    deployment = server.api("GET", "/deployments/name/instalment_check/instalment-check")
    schedules = deployment["schedules"]
    assert [s["schedule"]["cron"] for s in schedules] == ["0 7 * * 1-5"]
    assert [s["schedule"]["timezone"] for s in schedules] == ["Europe/Warsaw"]
    assert schedules[0]["active"] is True
