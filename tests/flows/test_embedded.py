"""Flow-run heartbeats are off for in-process runs on the embedded default, on otherwise."""

from __future__ import annotations

from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

from flows.embedded import embedded_prefect


def test_no_heartbeats_without_a_server() -> None:
    with temporary_settings(updates={PREFECT_API_URL: None}):
        assert PREFECT_FLOWS_HEARTBEAT_FREQUENCY.value() == 180
        with embedded_prefect():
            assert PREFECT_FLOWS_HEARTBEAT_FREQUENCY.value() is None
        assert PREFECT_FLOWS_HEARTBEAT_FREQUENCY.value() == 180


def test_heartbeats_kept_with_a_server() -> None:
    server = {PREFECT_API_URL: "http://prefect.example:4200/api"}
    with temporary_settings(updates=server), embedded_prefect():
        assert PREFECT_FLOWS_HEARTBEAT_FREQUENCY.value() == 180
