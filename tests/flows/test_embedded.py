"""The embedded default: flow-run heartbeats off, and the local Prefect server the CLI reuses.

- heartbeats are off for runs on Prefect's temporary server or the local server, on with a
  configured (real) server;
- ``use_local_server`` changes nothing when a Prefect server is configured or the temporary
  server is asked for (``HANDOFF_PREFECT_SERVER=temporary``);
- slow: ``handoff deadlines check`` starts the local server once, the second command reuses
  it (same process) and its flow run is recorded there; ``handoff server stop`` stops it; a
  stale ``server.json`` (a pid that is no server) is replaced; an idle server stops itself.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

from flows import embedded
from flows.embedded import (
    LOCAL_URL_ENV,
    MODE_ENV,
    embedded_prefect,
    running_server,
    server_dir,
    start_local_server,
    stop_local_server,
    use_local_server,
)
from tests.conftest import REPO

HANDOFF = Path(sys.executable).parent / "handoff"


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


def test_no_heartbeats_on_the_local_server(monkeypatch: pytest.MonkeyPatch) -> None:
    url = "http://127.0.0.1:45999/api"
    monkeypatch.setenv(LOCAL_URL_ENV, url)
    with temporary_settings(updates={PREFECT_API_URL: url}), embedded_prefect():
        assert PREFECT_FLOWS_HEARTBEAT_FREQUENCY.value() is None


def test_a_configured_server_is_used_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PREFECT_API_URL", "http://prefect.example:4200/api")
    monkeypatch.delenv(LOCAL_URL_ENV, raising=False)
    assert use_local_server(tmp_path) is None
    assert os.environ["PREFECT_API_URL"] == "http://prefect.example:4200/api"
    assert not server_dir(tmp_path).exists()  # nothing started


def test_the_temporary_server_can_be_asked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.delenv(LOCAL_URL_ENV, raising=False)
    monkeypatch.setenv(MODE_ENV, "temporary")
    with temporary_settings(updates={PREFECT_API_URL: None}):
        assert use_local_server(tmp_path) is None
    assert "PREFECT_API_URL" not in os.environ
    assert not server_dir(tmp_path).exists()


READ_ONLY = [
    ["cases", "list"],
    ["cases", "show", "TT/WIND/2025/0087"],
    ["deadlines", "list", "--within", "5"],
    ["event", "list"],
    ["calc", "court-fee", "--value", "100", "--procedure", "standard", "--filed-on", "2026-11-23"],
    ["server", "status"],
]
PROBE = """
import atexit, json, sys
atexit.register(lambda: print(json.dumps(sorted(
    m for m in ("prefect", "docxtpl", "uvicorn", "alembic") if m in sys.modules)),
    file=sys.stderr))
sys.argv = ["handoff", *json.loads(sys.argv[1])]
from cli.main import main
main()
"""


@pytest.mark.parametrize("args", READ_ONLY, ids=lambda a: " ".join(a[:2]))
def test_read_only_commands_import_no_prefect(args: list[str], tmp_path: Path) -> None:
    """Their start-up is their time: no Prefect, no document stack, no web server, and no
    Alembic when the store is at the newest revision already."""
    from store.db import open_store

    home = tmp_path / "var"
    open_store(f"sqlite:///{home / 'handoff.db'}").dispose()
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)],
        cwd=REPO,
        env=_env(home),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode in {0, 1, 2}, done.stderr[-2000:]
    assert json.loads(done.stderr.strip().splitlines()[-1]) == [], done.stderr[-2000:]


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "HANDOFF_"))}
    env.update(
        HANDOFF_PREFECT_SERVER="local",
        HANDOFF_HOME=str(home),
        PREFECT_HOME=str(home / "prefect-home"),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="180",
    )
    env.update(extra)
    return env


def _handoff(home: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(HANDOFF), *args],
        cwd=REPO,
        env=_env(home, **extra),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def home(tmp_path: Path) -> Iterator[Path]:
    home = tmp_path / "var"
    home.mkdir()
    yield home
    _handoff(home, "server", "stop")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return embedded._is_our_server(pid)


@pytest.mark.slow
def test_commands_share_one_local_server(home: Path) -> None:
    first = _handoff(home, "deadlines", "check", "--today", "2026-11-23")
    assert first.returncode == 0, first.stderr[-3000:]
    assert json.loads(first.stdout.strip().splitlines()[-1])["today"] == "2026-11-23"
    state = running_server(home)
    assert state is not None and state.url.startswith("http://127.0.0.1:")

    second = _handoff(home, "deadlines", "check", "--today", "2026-11-24")
    assert second.returncode == 0, second.stderr[-3000:]
    again = running_server(home)
    assert again is not None and again.pid == state.pid  # reused, not restarted

    status = _handoff(home, "server", "status", "--json")
    assert status.returncode == 0
    assert json.loads(status.stdout) | {"pid": state.pid} == json.loads(status.stdout)
    runs = httpx.post(
        f"{state.url}/flow_runs/filter",
        json={"flow_runs": {"state": {"type": {"any_": ["COMPLETED"]}}}, "limit": 10},
        timeout=30,
    ).json()
    assert len([r for r in runs if r["name"]]) == 2  # both checks ran on this server

    stopped = _handoff(home, "server", "stop")
    assert stopped.returncode == 0 and str(state.pid) in stopped.stdout
    deadline = time.monotonic() + 20
    while _alive(state.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(state.pid)
    assert _handoff(home, "server", "status").returncode == 1


@pytest.mark.slow
def test_a_stale_state_file_is_replaced_and_an_idle_server_stops(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = server_dir(home)
    directory.mkdir(parents=True)
    stale = {
        "pid": os.getpid(),  # alive, but not a server
        "port": 1,
        "url": "http://127.0.0.1:1/api",
        "prefect_version": "0",
        "started_at": 0,
    }
    (directory / "server.json").write_text(json.dumps(stale))
    monkeypatch.setenv(embedded.IDLE_ENV, "0.05")  # 3 s without a request
    state = start_local_server(home)
    try:
        assert state.pid != os.getpid()
        assert httpx.get(f"{state.url}/health", timeout=10).status_code == 200
        deadline = time.monotonic() + 60
        while _alive(state.pid) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert not _alive(state.pid), "the idle server did not stop itself"
        assert running_server(home) is None
    finally:
        stop_local_server(home)
