"""Benchmark: the soak - the same batch handed off twice in one process.

    .venv/bin/python bench/soak.py              # N = 1,000
    .venv/bin/python bench/soak.py --n 10000    # the issue's full N (about 3-4 minutes here)

Generates N valid synthetic cases, starts one worker process (its ephemeral Prefect API
server started before the clock, as in bench/handoff.py), and in it runs the ``handoff``
flow twice on the same batch and the same store (SQLite file in a fresh HANDOFF_HOME). It
prints, for each run: time, intake outcomes, cases drafted, document files, warnings logged,
RSS after the run and peak RSS; and what the second run added: rows per table and files.
The second run must add no case rows, documents or warnings, and its memory must stay flat.
CI runs the same check with N = 100 (tests/resilience/test_soak.py).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

from handoff import (  # noqa: E402  (bench/handoff.py: the worker protocol and helpers)
    REFERENCE_DATE,
    REPO,
    Workers,
    _rss_mb,
    _use_home,
    _versions,
    _wait_for_go,
    start_prefect,
    work_dir,
)

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def _row_counts(url: str) -> dict[str, int]:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            names = [t for t in sa.inspect(conn).get_table_names() if t != "alembic_version"]
            return {
                t: int(conn.execute(sa.text(f'SELECT COUNT(*) FROM "{t}"')).scalar_one())
                for t in names
            }
    finally:
        engine.dispose()


def _current_rss_mb() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


def soak_worker(source: Path) -> dict[str, Any]:
    """The same batch handed off twice: what the second run adds, and memory after each."""
    import logging

    startup = start_prefect()  # the API server, before the clock
    from flows.embedded import embedded_prefect
    from flows.handoff import handoff

    warnings: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            warnings.append(record.getMessage()[:200])

    home = _wait_for_go()
    url = _use_home(home)
    runs: list[dict[str, Any]] = []
    for _run in (1, 2):
        warnings.clear()
        handler = Collect(level=logging.WARNING)
        logging.getLogger().addHandler(handler)
        started = time.perf_counter()
        with embedded_prefect():
            result = handoff(source=str(source), reference_date=REFERENCE_DATE)
        elapsed = time.perf_counter() - started
        logging.getLogger().removeHandler(handler)
        files = sum(1 for p in (home / "documents").rglob("*") if p.is_file())
        runs.append(
            {
                "seconds": elapsed,
                "intake": {k: result["intake"][k] for k in ("created", "unchanged", "rejected")},
                "drafted": sum(1 for r in result["cases"] if r["outcome"] == "drafted"),
                "rows": _row_counts(url),
                "files": files,
                "warnings": list(warnings),
                "rss_now_mb": _current_rss_mb(),
                "rss_peak_mb": _rss_mb()[0],
            }
        )
    first, second = runs
    return {
        "cases": first["intake"]["created"],
        "runs": [{k: v for k, v in r.items() if k != "rows"} for r in runs],
        "rows_added_by_second_run": {
            t: second["rows"][t] - first["rows"][t]
            for t in first["rows"]
            if second["rows"][t] != first["rows"][t]
        },
        "files_added_by_second_run": second["files"] - first["files"],
        "seconds": first["seconds"] + second["seconds"],
        "startup_seconds": startup,
        "rss_mb": _rss_mb()[0],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="cases in the batch (default 1000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the temp dir")
    args = parser.parse_args()

    from intake.synthetic import generate_cases

    with work_dir("bench-soak-", args.keep) as tmp:
        print(f"bench/soak  N={args.n}  {date.today()}")
        print(f"  {_versions()}; work dir {tmp}")
        t = time.perf_counter()
        batch = generate_cases(args.n, tmp / "batch", seed=args.seed, today=REFERENCE_DATE)
        print(f"  generated {args.n} cases in {time.perf_counter() - t:.1f} s", flush=True)
        workers = Workers("soak", "soak", [batch], tmp, script=Path(__file__))
        try:
            workers.ready()
            phase = workers.round([tmp / "soak-home"])
        finally:
            workers.stop()
        print(json.dumps(phase.workers[0], indent=1), flush=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        # "--worker soak SOURCE": one round, then the result line the driver waits for
        print("RESULT " + json.dumps(soak_worker(Path(sys.argv[3]))), flush=True)
    else:
        main()
