"""Benchmark: the README's demo command, from start to the first document written.

    .venv/bin/python bench/startup.py

Runs ``.venv/bin/handoff demo`` (what ``make demo`` runs) twice in a subprocess, each time
with a fresh HANDOFF_HOME (fresh case store, no documents):

* cold: a fresh PREFECT_HOME, so the ephemeral Prefect API server creates its database;
* warm: the same PREFECT_HOME again (its database exists), as on a machine that ran it before.

For each it prints the seconds to the first line of output (visible progress), to the first
file under ``$HANDOFF_HOME/documents``, and to the end of the command. Target: first document
< 30 s warm, visible progress within the first second.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HANDOFF = REPO / ".venv" / "bin" / "handoff"


@dataclass(frozen=True)
class Startup:
    label: str
    first_output: float | None
    first_document: float | None
    total: float
    returncode: int


def run_demo(label: str, home: Path, prefect_home: Path, timeout: float = 300.0) -> Startup:
    env = dict(os.environ)
    env.update(
        HANDOFF_HOME=str(home),
        PREFECT_HOME=str(prefect_home),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        COLUMNS="100",
    )
    env.pop("HANDOFF_DATABASE_URL", None)
    documents = home / "documents"
    started = time.perf_counter()
    proc = subprocess.Popen(
        [str(HANDOFF), "demo"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        cwd=REPO,
    )
    first_output: list[float] = []
    tail: list[bytes] = []

    def read() -> None:
        assert proc.stdout is not None
        while chunk := proc.stdout.read1(4096):  # type: ignore[attr-defined]
            if not first_output and chunk.strip():
                first_output.append(time.perf_counter() - started)
            tail.append(chunk)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    first_document: float | None = None
    while proc.poll() is None and time.perf_counter() - started < timeout:
        if first_document is None and documents.exists() and any(documents.rglob("*.*")):
            first_document = time.perf_counter() - started
        time.sleep(0.05)
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    total = time.perf_counter() - started
    reader.join(timeout=5)
    if first_document is None and documents.exists() and any(documents.rglob("*.*")):
        first_document = total
    if proc.returncode != 0:
        print(b"".join(tail)[-2000:].decode("utf-8", "replace"), file=sys.stderr)
    return Startup(
        label, first_output[0] if first_output else None, first_document, total, proc.returncode
    )


def _fmt(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds:.1f} s"


def main() -> None:
    if not HANDOFF.exists():
        raise SystemExit(f"{HANDOFF} is missing: run `make setup` first")
    tmp = Path(tempfile.mkdtemp(prefix="bench-startup-"))
    print(f"bench/startup  {time.strftime('%Y-%m-%d')}  {platform.node()}")
    print(f"  python {platform.python_version()}, {os.cpu_count()} cores, {platform.platform()}")
    try:
        prefect_home = tmp / "prefect"
        runs = [
            run_demo("cold (fresh Prefect DB)", tmp / "home-cold", prefect_home),
            run_demo("warm (Prefect DB exists)", tmp / "home-warm", prefect_home),
        ]
        print()
        print("| run | first output | first document | demo done | rc |")
        print("|---|---:|---:|---:|---:|")
        for r in runs:
            print(
                f"| {r.label} | {_fmt(r.first_output)} | {_fmt(r.first_document)} "
                f"| {_fmt(r.total)} | {r.returncode} |"
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
