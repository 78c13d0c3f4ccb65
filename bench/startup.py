"""Benchmark: how long the ``handoff`` commands a firm types take, cold and warm.

    .venv/bin/python bench/startup.py [--repeat 3]

Every command runs as a subprocess of ``.venv/bin/handoff`` on the embedded default (no
PREFECT_API_URL), in a fresh temporary HANDOFF_HOME and PREFECT_HOME, timed from start to
exit (the command prints its result at the end). In order:

1. ``demo`` cold: nothing exists yet (Prefect's database is created); the seconds to the
   first line of output, to the first file under ``$HANDOFF_HOME/documents`` and to the end;
2. ``demo`` warm: the same again with a fresh case store and documents folder (Prefect's
   database exists; a local Prefect server the CLI started is still running);
3. ``deadlines check`` warm (``--repeat`` times);
4. ``run batch samples/cases`` warm, 5 cases drafted into a fresh case store;
5. the read-only commands ``cases list``, ``cases show REF``, ``deadlines list`` and
   ``calc court-fee`` (``--repeat`` times each);
6. when the CLI has ``handoff server stop``: ``deadlines check`` after stopping the local
   server (its database exists: a restart), then ``handoff server stop``.

Prints one row per command with the best and the median of its runs, wall clock and CPU
(the command's own user+sys time plus what the local Prefect server spent meanwhile, read
from /proc): on a shared machine the wall clock moves with the load, the CPU much less.
Targets: warm ``deadlines check`` and warm 5-case ``run batch`` under 5 s, read-only
commands under 1 s.

``PYTHONPATH=<another checkout> .venv/bin/python bench/startup.py`` times that checkout's
code with this venv (how the "before" figures in docs/performance.md were taken).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HANDOFF = REPO / ".venv" / "bin" / "handoff"
SAMPLE_REF = "TT/WIND/2025/0087"


@dataclass(frozen=True)
class Timing:
    label: str
    first_output: float | None
    first_document: float | None
    total: float
    returncode: int
    cpu: float  # user+sys of the command and of the local server while it ran


def _server_cpu(home: Path) -> float:
    """CPU seconds the local Prefect server of ``home`` has used so far (0 if none runs)."""
    try:
        pid = json.loads((home / "prefect" / "server.json").read_text())["pid"]
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, KeyError, IndexError):
        return 0.0


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def environment(home: Path, prefect_home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "HANDOFF_"))}
    env.update(
        HANDOFF_HOME=str(home),
        PREFECT_HOME=str(prefect_home),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="180",
        COLUMNS="100",
    )
    return env


def run(
    label: str, args: list[str], env: dict[str, str], home: Path, timeout: float = 300.0
) -> Timing:
    """Run ``handoff ARGS``; seconds to the first output, the first document and the exit."""
    documents = home / "documents"
    had_documents = documents.exists() and any(documents.rglob("*.*"))
    server_before, children_before = _server_cpu(home), _children_cpu()
    started = time.perf_counter()
    proc = subprocess.Popen(
        [str(HANDOFF), *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=REPO
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
        if (
            first_document is None
            and not had_documents
            and documents.exists()
            and any(documents.rglob("*.*"))
        ):
            first_document = time.perf_counter() - started
        time.sleep(0.02)
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    total = time.perf_counter() - started
    reader.join(timeout=5)
    if first_document is None and not had_documents and any(documents.rglob("*.*")):
        first_document = total
    server_after = _server_cpu(home)
    server_spent = server_after - server_before if server_after >= server_before else 0.0
    cpu = _children_cpu() - children_before + server_spent
    if proc.returncode != 0:
        print(f"[{label}] exit {proc.returncode}:", file=sys.stderr)
        print(b"".join(tail)[-2000:].decode("utf-8", "replace"), file=sys.stderr)
    first = first_output[0] if first_output else None
    return Timing(label, first, first_document, total, proc.returncode, cpu)


def fresh_store(home: Path) -> None:
    """A new case store and documents folder; Prefect's state under the home stays."""
    for name in ("handoff.db", "handoff.db-wal", "handoff.db-shm"):
        (home / name).unlink(missing_ok=True)
    shutil.rmtree(home / "documents", ignore_errors=True)


def _fmt(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per warm command")
    args = parser.parse_args()
    if not HANDOFF.exists():
        raise SystemExit(f"{HANDOFF} is missing: run `make setup` first")
    tmp = Path(tempfile.mkdtemp(prefix="bench-startup-"))
    home, prefect_home = tmp / "home", tmp / "prefect"
    home.mkdir()
    env = environment(home, prefect_home)
    has_server = (
        subprocess.run(
            [str(HANDOFF), "server", "--help"], env=env, capture_output=True, check=False
        ).returncode
        == 0
    )
    print(f"bench/startup  {time.strftime('%Y-%m-%d %H:%M')}  {platform.node()}")
    print(f"  python {platform.python_version()}, {os.cpu_count()} cores, {platform.platform()}")
    rows: list[tuple[str, list[Timing]]] = []
    try:
        demo_cold = run("demo cold", ["demo"], env, home)
        fresh_store(home)
        demo_warm = run("demo warm", ["demo"], env, home)
        rows.append(("`demo` cold (nothing exists yet)", [demo_cold]))
        rows.append(("`demo` warm (fresh case store)", [demo_warm]))
        rows.append(
            (
                "`deadlines check` warm",
                [run("check", ["deadlines", "check"], env, home) for _ in range(args.repeat)],
            )
        )
        fresh_store(home)
        batch = ["run", "batch", str(REPO / "samples" / "cases")]
        rows.append(("`run batch` warm, 5 cases drafted", [run("batch", batch, env, home)]))
        rows.append(("`run batch` warm, 5 cases unchanged", [run("batch2", batch, env, home)]))
        read_only = {
            "`cases list`": ["cases", "list"],
            f"`cases show {SAMPLE_REF}`": ["cases", "show", SAMPLE_REF],
            "`deadlines list`": ["deadlines", "list"],
            "`calc court-fee`": [
                "calc",
                "court-fee",
                "--value",
                "12345.67",
                "--procedure",
                "standard",
                "--filed-on",
                "2026-11-23",
            ],
        }
        for label, argv in read_only.items():
            rows.append((label, [run(label, argv, env, home) for _ in range(args.repeat)]))
        if has_server:
            run("stop", ["server", "stop"], env, home)
            rows.append(
                (
                    "`deadlines check` after `server stop` (restart)",
                    [run("restart", ["deadlines", "check"], env, home)],
                )
            )
            run("stop", ["server", "stop"], env, home)
    finally:
        if has_server:  # never leave a server behind, whatever failed
            subprocess.run([str(HANDOFF), "server", "stop"], env=env, capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)
    print()
    print(f"local server (`handoff server`): {'yes' if has_server else 'no'}")
    print()
    print(
        "| command | runs | wall best | wall median | CPU best | first output "
        "| first document | rc |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for label, timings in rows:
        totals = [t.total for t in timings]
        first = timings[0]
        print(
            f"| {label} | {len(timings)} | {_fmt(min(totals))} | "
            f"{_fmt(statistics.median(totals))} | {_fmt(min(t.cpu for t in timings))} | "
            f"{_fmt(first.first_output)} | {_fmt(first.first_document)} | "
            f"{max(t.returncode for t in timings)} |"
        )
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
