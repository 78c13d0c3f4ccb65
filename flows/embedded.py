"""Prefect on the embedded default (no Prefect server configured): a local server the CLI
reuses, and flow runs without heartbeats.

**Local server.** With no ``PREFECT_API_URL`` Prefect 3 starts a temporary API server as a
subprocess of every process that runs a flow, and stops it when that process exits: every
``handoff run batch``, ``deadlines check`` or ``demo`` paid 8-16 s of server start-up
(Prefect's whole server imported, its database checked) before its first flow run. Prefect
cannot run a flow without an API, so the CLI keeps one: :func:`use_local_server`, called by
the commands that run flows, reuses the local server of this ``HANDOFF_HOME`` or starts
it (the same server, with the same services, as Prefect's temporary one), and points this
process at it (``PREFECT_API_URL``). It lives in ``$HANDOFF_HOME/prefect/``: ``server.json``
(pid, port, URL, Prefect version), ``server.log``, its SQLite database ``prefect.db`` and a
lock file so two commands started at once share one server. It listens on 127.0.0.1 only,
stops by itself after ``HANDOFF_PREFECT_IDLE_MINUTES`` (default 60) without any request
(a run waiting for review polls it every second, so it stays), and on
``handoff server stop``. ``HANDOFF_PREFECT_SERVER=temporary`` restores Prefect's own
temporary server per process.

With a Prefect server configured (``PREFECT_API_URL`` in the environment or the Prefect
profile: one server, many workers) none of this happens: the path is unchanged.

**Heartbeats.** On the embedded default flow-run heartbeats serve nobody - they exist so
that a server can mark the runs of a dead worker as crashed - but they cost time: Prefect
3.8's heartbeat thread sleeps in one-second steps and the flow run joins it on exit, so
every flow run ends up to one second late (measured: an empty flow takes 1.06 s with
heartbeats, 0.07 s without). :func:`embedded_prefect` turns them off for runs on the
temporary or the local server; with a real server (deployments, workers) they stay on.

This module imports nothing heavy at module level: ``handoff server status`` and ``stop``
do not import Prefect.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MODE_ENV = "HANDOFF_PREFECT_SERVER"  # "local" (default) or "temporary"
IDLE_ENV = "HANDOFF_PREFECT_IDLE_MINUTES"
LOCAL_URL_ENV = "HANDOFF_LOCAL_PREFECT_URL"  # set in a process pointed at the local server
DEFAULT_IDLE_MINUTES = 60.0
STATE_FILE = "server.json"


class LocalServerError(RuntimeError):
    """The local Prefect server could not be started (the message is Polish)."""


@dataclass(frozen=True)
class LocalServer:
    """A running local server, as recorded in ``server.json``."""

    pid: int
    port: int
    url: str
    prefect_version: str
    started_at: float


def server_dir(home: Path) -> Path:
    return home / "prefect"


def _prefect_version() -> str:
    from importlib.metadata import version

    return version("prefect")


def _read_state(directory: Path) -> LocalServer | None:
    try:
        data = json.loads((directory / STATE_FILE).read_text("utf-8"))
        return LocalServer(
            pid=int(data["pid"]),
            port=int(data["port"]),
            url=str(data["url"]),
            prefect_version=str(data["prefect_version"]),
            started_at=float(data["started_at"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _is_our_server(pid: int) -> bool:
    """``pid`` is alive and is a local server process of this module (not a reused pid)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        try:
            os.kill(pid, 0)
        except OSError:
            return False
        return True  # no /proc (macOS): trust the pid
    return b"flows.embedded" in cmdline and b"serve" in cmdline


def _healthy(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=timeout) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError, ValueError):
        return False


def running_server(home: Path, timeout: float = 5.0) -> LocalServer | None:
    """The local server of ``home`` if it is running and answers, else ``None``."""
    state = _read_state(server_dir(home))
    if state is None or not _is_our_server(state.pid):
        return None
    return state if _healthy(state.url, timeout) else None


@contextlib.contextmanager
def _locked(directory: Path) -> Iterator[None]:
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / "server.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _server_env(directory: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PREFECT_API_URL", LOCAL_URL_ENV}}
    env.update(
        PREFECT_HOME=str(directory),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        # what Prefect's own temporary server runs with: API only, the services a
        # temporary server needs (task-run and event recording), no UI, no scheduler
        PREFECT_UI_ENABLED="0",
        PREFECT__SERVER_EPHEMERAL="1",
        PREFECT__SERVER_FINAL="1",
    )
    if not (
        env.get("PREFECT_API_DATABASE_CONNECTION_URL")
        or env.get("PREFECT_SERVER_DATABASE_CONNECTION_URL")
    ):
        env["PREFECT_SERVER_DATABASE_CONNECTION_URL"] = (
            f"sqlite+aiosqlite:///{directory / 'prefect.db'}"
        )
    return env


def _log_tail(directory: Path, chars: int = 1500) -> str:
    try:
        return (directory / "server.log").read_text("utf-8", errors="replace")[-chars:]
    except OSError:
        return ""


def _spawn(directory: Path, timeout: float) -> LocalServer:
    """Start a server process; wait until it answers. Retries once on a lost port race."""
    idle = os.environ.get(IDLE_ENV, str(DEFAULT_IDLE_MINUTES))
    for _attempt in range(3):
        port = _free_port()
        url = f"http://127.0.0.1:{port}/api"
        with (directory / "server.log").open("ab") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "flows.embedded", "serve", str(directory), str(port), idle],
                cwd=directory,
                env=_server_env(directory),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # outlives this command; not hit by its Ctrl+C
            )
        state = LocalServer(process.pid, port, url, _prefect_version(), time.time())
        (directory / STATE_FILE).write_text(json.dumps(state.__dict__), "utf-8")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                break
            if _healthy(url, timeout=1.0):
                return state
            time.sleep(0.1)
        if process.poll() is None:  # still not answering: give up on it
            process.kill()
            process.wait(timeout=10)
            break
        if "address already in use" not in _log_tail(directory).lower():
            break
    (directory / STATE_FILE).unlink(missing_ok=True)
    raise LocalServerError(
        "Nie udało się uruchomić lokalnego serwera Prefect "
        f"(dziennik: {directory / 'server.log'}): "
        + (_log_tail(directory, 300).strip().splitlines() or ["brak wpisów"])[-1]
    )


def start_local_server(home: Path, timeout: float | None = None) -> LocalServer:
    """The running local server of ``home``, started first if needed (or restarted when it
    runs another Prefect version than the one installed)."""
    directory = server_dir(home)
    if timeout is None:
        timeout = float(os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", 180))
    with _locked(directory):
        state = _read_state(directory)
        if state is not None and _is_our_server(state.pid):
            # a busy machine may answer slowly: look twice before calling it hung
            healthy = _healthy(state.url, 5.0) or _healthy(state.url, 20.0)
            if healthy and state.prefect_version == _prefect_version():
                return state
            _terminate(state.pid)  # hung, or another Prefect version than installed
        return _spawn(directory, timeout)


def _terminate(pid: int, wait_s: float = 15.0) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline and _is_our_server(pid):
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # reap it when this process started it
        time.sleep(0.1)
    if _is_our_server(pid):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def stop_local_server(home: Path) -> LocalServer | None:
    """Stop the local server of ``home``; the stopped server, or ``None`` if none ran."""
    directory = server_dir(home)
    if not directory.exists():
        return None
    with _locked(directory):
        state = _read_state(directory)
        (directory / STATE_FILE).unlink(missing_ok=True)
        if state is None or not _is_our_server(state.pid):
            return None
        _terminate(state.pid)
        return state


def _configured_api_url() -> str | None:
    """The Prefect API URL from the environment or the active Prefect profile."""
    if os.environ.get("PREFECT_API_URL"):
        return os.environ["PREFECT_API_URL"]
    from prefect.settings import get_current_settings

    url = get_current_settings().api.url
    return str(url) if url else None


def use_local_server(home: Path) -> str | None:
    """Point this process at the local Prefect server of ``home`` (started if needed).

    Call it in a command before it runs a flow. Returns the server's API URL, or ``None``
    when a Prefect server is configured (then nothing changes) or ``HANDOFF_PREFECT_SERVER``
    is ``temporary`` (Prefect's own temporary server per process). Raises
    :class:`LocalServerError` when the server cannot be started.
    """
    local = os.environ.get(LOCAL_URL_ENV)
    configured = _configured_api_url()
    if configured and configured != local:
        return None
    if os.environ.get(MODE_ENV, "local") == "temporary":
        return None
    state = start_local_server(home)
    os.environ["PREFECT_API_URL"] = state.url
    os.environ[LOCAL_URL_ENV] = state.url
    # Prefect read its settings when it was imported: let it see the new address.
    from prefect.context import refresh_global_settings_context

    refresh_global_settings_context()
    return state.url


@contextlib.contextmanager
def embedded_prefect() -> Iterator[None]:
    """Run the enclosed flows without heartbeats unless a real Prefect server is configured."""
    from prefect.settings import (
        PREFECT_API_URL,
        PREFECT_FLOWS_HEARTBEAT_FREQUENCY,
        temporary_settings,
    )

    url = PREFECT_API_URL.value()
    if url and url != os.environ.get(LOCAL_URL_ENV):  # a real server: keep crash detection
        yield
        return
    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield


# --- the server process ---------------------------------------------------------------------


class _Activity:
    """ASGI wrapper that tracks open requests and when the last one ended."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.open = 0
        self.last = time.monotonic()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            await self.app(scope, receive, send)
            return
        self.open += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.open -= 1
            self.last = time.monotonic()


def serve(directory: Path, port: int, idle_minutes: float) -> None:
    """The local server process: Prefect's API on 127.0.0.1:``port`` until idle or told to stop.

    Exits after ``idle_minutes`` without any request, or when ``server.json`` no longer
    names this process (``handoff server stop``, a newer server) or its folder is gone.
    """
    import uvicorn
    from prefect.server.api.server import create_app

    activity = _Activity(create_app())
    config = uvicorn.Config(activity, host="127.0.0.1", port=port, log_level="error", lifespan="on")
    server = uvicorn.Server(config)

    def watch() -> None:
        while not server.should_exit:
            time.sleep(2)
            if not server.started:  # still starting: idle time counts from when it answers
                activity.last = time.monotonic()
                continue
            state = _read_state(directory)
            idle = activity.open == 0 and time.monotonic() - activity.last > idle_minutes * 60
            if idle or state is None or state.pid != os.getpid():
                server.should_exit = True

    threading.Thread(target=watch, name="local-server-watch", daemon=True).start()
    server.run()


if __name__ == "__main__":  # python -m flows.embedded serve DIR PORT IDLE_MINUTES
    if len(sys.argv) != 5 or sys.argv[1] != "serve":
        raise SystemExit("usage: python -m flows.embedded serve DIR PORT IDLE_MINUTES")
    serve(Path(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]))
