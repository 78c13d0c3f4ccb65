"""A small Prefect "firm installation" for tests: server on PostgreSQL, deployments, workers.

Everything runs as real subprocesses with the commands docs/deployment.md gives a firm:
``prefect server start``, ``prefect work-pool create``, ``prefect --no-prompt deploy --all``
and ``prefect worker start``. Every process gets its own session (``start_new_session``). A
process worker starts each flow run in a session of its own too, so "the machine dies" is
simulated by SIGKILLing the worker's whole process tree, found through /proc.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx

from tests.conftest import REPO

POOL = "kancelaria"
TERMINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def prefect_deploy_broken() -> str | None:
    """Why ``prefect deploy`` cannot work with the installed packages, or None.

    Prefect 3.8's server declares ``limit: int = Body(None)``; FastAPI 0.151+ rejects the
    explicit ``"limit": null`` that ``prefect deploy`` sends (422), so deploy stops after
    the first deployment. FastAPI <= 0.150 accepts it.
    """
    from importlib.metadata import version

    fastapi = version("fastapi")
    parts = tuple(int(p) for p in fastapi.split(".")[:2] if p.isdigit())
    if parts >= (0, 151):
        return (
            f"fastapi {fastapi} makes Prefect 3.8's server answer 422 to `prefect deploy` "
            "(limit=null); needs fastapi<0.151"
        )
    return None


def process_tree(root: int) -> list[int]:
    """``root`` and all its descendants (Linux /proc), parents first."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop(0)
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


@dataclass
class Worker:
    name: str
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid


@dataclass
class Cluster:
    """A Prefect server with its own PostgreSQL database, the deployments and workers."""

    root: Path
    api_database_url: str  # postgresql+asyncpg://...
    store_url: str  # postgresql+psycopg://... (the case store)
    port: int = field(default_factory=free_port)
    server: subprocess.Popen[bytes] | None = None
    workers: list[Worker] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    @property
    def home(self) -> Path:
        return self.root / "var"

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "HANDOFF_"))}
        env.update(
            PREFECT_API_URL=self.api_url,
            PREFECT_HOME=str(self.root / "prefect-home"),
            PREFECT_SERVER_ANALYTICS_ENABLED="false",
            PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="120",
            PREFECT_LOGGING_LEVEL="INFO",
            PREFECT_WORKER_QUERY_SECONDS="1",
            HANDOFF_REPO=str(REPO),
            HANDOFF_HOME=str(self.home),
            HANDOFF_DATABASE_URL=self.store_url,
            HANDOFF_REGISTRIES="offline",
        )
        env.update(extra)
        return env

    def _spawn(self, args: list[str], log: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
        out = log.open("ab")
        try:
            return subprocess.Popen(
                [sys.executable, "-m", "prefect", *args],
                cwd=REPO,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        finally:
            out.close()

    def prefect(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        """Run a ``prefect`` CLI command against the server; raise with its output on failure."""
        done = subprocess.run(
            [sys.executable, "-m", "prefect", "--no-prompt", *args],
            cwd=REPO,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode != 0:
            raise AssertionError(f"prefect {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done

    def start_server(self, timeout: float = 120) -> None:
        started = time.monotonic()
        env = self.env(PREFECT_API_DATABASE_CONNECTION_URL=self.api_database_url)
        env.pop("PREFECT_API_URL")
        self.server = self._spawn(
            ["server", "start", "--host", "127.0.0.1", "--port", str(self.port)],
            self.root / "server.log",
            env,
        )
        while time.monotonic() - started < timeout:
            if self.server.poll() is not None:
                raise AssertionError(
                    "prefect server exited:\n" + (self.root / "server.log").read_text()[-4000:]
                )
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.api_url}/health", timeout=2).status_code == 200:
                    self.timings["server_start_s"] = time.monotonic() - started
                    return
            time.sleep(0.3)
        raise AssertionError("prefect server did not answer in time")

    def deploy(self) -> None:
        started = time.monotonic()
        self.prefect("work-pool", "create", POOL, "--type", "process")
        self.timings["pool_create_s"] = time.monotonic() - started
        started = time.monotonic()
        self.prefect("deploy", "--all", timeout=300)
        self.timings["deploy_all_s"] = time.monotonic() - started

    def start_worker(self, name: str, limit: int = 3, **extra_env: str) -> Worker:
        log = self.root / f"worker-{name}.log"
        process = self._spawn(
            ["worker", "start", "--pool", POOL, "--name", name, "--limit", str(limit)],
            log,
            self.env(HANDOFF_WORKER_NAME=name, **extra_env),
        )
        worker = Worker(name, process, log)
        self.workers.append(worker)
        return worker

    def wait_workers_online(self, names: list[str], timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            rows = self.api(
                "POST",
                f"/work_pools/{POOL}/workers/filter",
                {"limit": 50, "offset": 0},
            )
            online = {w["name"] for w in rows if w.get("status") == "ONLINE"}
            if set(names) <= online:
                return
            time.sleep(0.5)
        raise AssertionError(f"workers {names} not online; logs in {self.root}")

    def kill_worker(self, worker: Worker) -> list[int]:
        """SIGKILL the worker and every process it started, as a power cut would; their pids."""
        tree = process_tree(worker.pid)
        for pid in tree:  # stop them all first, so none can react to the others' death
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGSTOP)
        for pid in tree:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        worker.process.wait(timeout=30)
        return tree

    def api(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        response = httpx.request(method, f"{self.api_url}{path}", json=body, timeout=30)
        response.raise_for_status()
        return response.json()

    def flow_runs(self, **flow_run_filter: Any) -> list[dict[str, Any]]:
        body: dict[str, Any] = {"limit": 200, "offset": 0, "sort": "EXPECTED_START_TIME_ASC"}
        if flow_run_filter:
            body["flow_runs"] = flow_run_filter
        return list(self.api("POST", "/flow_runs/filter", body))

    def chunk_runs(self, parent_id: UUID | str) -> list[dict[str, Any]]:
        """The handoff-chunk flow runs a handoff flow run started (linked as its subflows)."""
        return self.flow_runs(parent_flow_run_id={"any_": [str(parent_id)]})

    def wait_final(self, run_id: UUID | str, timeout: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            run = self.api("GET", f"/flow_runs/{run_id}")
            if run["state_type"] in TERMINAL or time.monotonic() > deadline:
                return dict(run)
            time.sleep(1)

    def run_deployment(self, name: str, parameters: dict[str, Any]) -> str:
        """Start a deployment run (as ``handoff run batch --deployment`` does); its id."""
        code = (
            "import json, sys\n"
            "from prefect.deployments import run_deployment\n"
            "run = run_deployment(sys.argv[1], parameters=json.loads(sys.argv[2]), timeout=0)\n"
            "print(run.id)\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", code, name, __import__("json").dumps(parameters)],
            cwd=REPO,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=120,
        )
        if done.returncode != 0:
            raise AssertionError(done.stderr[-4000:])
        return done.stdout.strip().splitlines()[-1]

    def stop(self) -> None:
        """Stop every worker and the server (SIGTERM, then SIGKILL), whatever state they are in."""
        processes = [w.process for w in self.workers]
        if self.server is not None:
            processes.append(self.server)
        for process in processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in processes:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=10)
