"""Benchmark: the whole handoff against the floor (plain Python rendering the same documents).

    .venv/bin/python bench/handoff.py            # N = 1,000
    .venv/bin/python bench/handoff.py --n 10000  # N = 10,000 (long: see docs/performance.md)

What it does, in one run:

1. generates N valid synthetic cases (``intake.synthetic.generate_cases``) into a temp dir,
   plus two halves of the same cases (hard links, no copies) for the 2-process runs;
2. *floor*, 1 process: one plain loop over the case folders - parse, validate, compute the
   claim, check evidence, render every draft (pozew, memo, evidence index, wezwanie, EPU XML)
   and write the files. No Prefect imported, no database;
3. *handoff*, 1 process: ``flows.handoff.handoff(source=...)`` on the embedded default
   (SQLite file in a fresh HANDOFF_HOME, ephemeral Prefect API server, registries offline).
   The Prefect server is started once before the clock starts (a trivial flow run), and that
   start-up is printed separately: it is paid once per process, not per batch;
4. the same two on 2 OS processes, each taking one half of the batch (the handoff halves
   share one SQLite file in WAL mode); the clock runs from "go" until both finish;
5. prints cases per minute, the ratio handoff / floor on 1 and 2 processes, and peak RSS
   (``ru_maxrss`` of each worker; the ephemeral Prefect server is a child of its worker and
   is reported as its RUSAGE_CHILDREN).

Every phase runs in its own subprocess so that peak RSS belongs to that phase alone.
``--profile`` writes a pyinstrument HTML profile of the 1-process handoff next to the output.
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

REFERENCE_DATE = date(2026, 11, 23)  # the synthetic cases' "today"
READY = "READY"
GO = "GO\n"


def _rss_mb() -> tuple[float, float]:
    """Peak RSS in MB of this process and of its largest waited-for child (Linux: KB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, kids


# ---------------------------------------------------------------- worker side (subprocess)


def _wait_for_go() -> None:
    print(READY, flush=True)
    line = sys.stdin.readline()
    if line != GO:
        raise SystemExit(f"expected GO, got {line!r}")


def floor_worker(source: Path, out: Path) -> dict[str, Any]:
    """The floor: the same documents rendered by one plain loop, no Prefect, no database."""
    from documents.claim_summary import claim_summary
    from documents.context import DocumentInputs
    from documents.drafts import render_drafts
    from documents.firm import load_firm_profile
    from flows.registry_step import OFFLINE_FINDING
    from intake.folder_import import iter_folder_cases
    from intake.importer import prepare_case
    from law.evidence import evidence_findings, exhibits
    from law.pl.case_claim import claim_input
    from law.pl.claim import compute_claim
    from law.pl.fees import Procedure

    firm = load_firm_profile(REPO / "samples" / "firm.json")
    on = REFERENCE_DATE
    _wait_for_go()
    started = time.perf_counter()
    cases = documents = 0
    for raw in iter_folder_cases(source):
        prepared, errors = prepare_case(raw)
        if prepared is None:
            raise SystemExit(f"floor: synthetic case rejected: {errors[:2]}")
        case = prepared.case
        claim = compute_claim(claim_input(case, on))
        hashes = {e.path: e.sha256 for e in case.evidence}
        evidence = evidence_findings(case, hashes, nakazowe=claim.procedure is Procedure.NAKAZOWE)
        claim_summary(claim, on)
        drafts = render_drafts(
            DocumentInputs(
                case=case,
                claim=claim,
                firm=firm,
                exhibits=exhibits(case),
                on=on,
                evidence_findings=(*evidence, OFFLINE_FINDING),
                registry=None,
            )
        )
        folder = out / case.external_ref
        folder.mkdir(parents=True, exist_ok=True)
        for kind, suffix, payload in drafts.documents:
            (folder / f"{kind}-v1{suffix}").write_bytes(payload)
            documents += 1
        cases += 1
    elapsed = time.perf_counter() - started
    assert "prefect" not in sys.modules, "the floor must not import Prefect"
    own, _kids = _rss_mb()
    return {"cases": cases, "documents": documents, "seconds": elapsed, "rss_mb": own}


def handoff_worker(source: Path, home: Path, profile: Path | None) -> dict[str, Any]:
    """The real handoff flow in this process on the embedded default."""
    os.environ["HANDOFF_HOME"] = str(home)
    os.environ["HANDOFF_DATABASE_URL"] = f"sqlite:///{home / 'handoff.db'}"
    os.environ["HANDOFF_REGISTRIES"] = "offline"
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    boot = time.perf_counter()
    from prefect import flow

    from flows.handoff import handoff
    from store.db import open_store

    @flow(name="bench-warm-up")
    def warm_up() -> int:
        return 1

    warm_up()  # starts the ephemeral API server once, before the clock
    open_store(os.environ["HANDOFF_DATABASE_URL"]).dispose()  # schema exists (shared file)
    startup = time.perf_counter() - boot
    _wait_for_go()
    profiler = None
    if profile is not None:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.005)
        profiler.start()
    started = time.perf_counter()
    result = handoff(source=str(source), reference_date=REFERENCE_DATE)
    elapsed = time.perf_counter() - started
    if profiler is not None:
        profiler.stop()
        profile.write_text(profiler.output_html(), encoding="utf-8")
        text = profiler.output_text(unicode=False, color=False, show_all=False)
        profile.with_suffix(".txt").write_text(text, encoding="utf-8")
    outcomes: dict[str, int] = {}
    for row in result["cases"]:
        outcomes[row["outcome"]] = outcomes.get(row["outcome"], 0) + 1
    own, kids = _rss_mb()
    return {
        "cases": len(result["cases"]),
        "outcomes": outcomes,
        "seconds": elapsed,
        "startup_seconds": startup,
        "rss_mb": own,
        "server_rss_mb": kids,
    }


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


def soak_worker(source: Path, home: Path) -> dict[str, Any]:
    """The same batch handed off twice: what the second run adds, and memory after each."""
    import logging

    os.environ["HANDOFF_HOME"] = str(home)
    url = f"sqlite:///{home / 'handoff.db'}"
    os.environ["HANDOFF_DATABASE_URL"] = url
    os.environ["HANDOFF_REGISTRIES"] = "offline"
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    from flows.handoff import handoff

    warnings: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            warnings.append(record.getMessage()[:200])

    _wait_for_go()
    runs: list[dict[str, Any]] = []
    for _run in (1, 2):
        warnings.clear()
        handler = Collect(level=logging.WARNING)
        logging.getLogger().addHandler(handler)
        started = time.perf_counter()
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
        "rss_mb": _rss_mb()[0],
    }


def worker_main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=("floor", "handoff", "soak"))
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("--profile", type=Path)
    args = parser.parse_args(argv)
    if args.kind == "floor":
        result = floor_worker(args.source, args.target)
    elif args.kind == "soak":
        result = soak_worker(args.source, args.target)
    else:
        result = handoff_worker(args.source, args.target, args.profile)
    print("RESULT " + json.dumps(result), flush=True)


# ---------------------------------------------------------------- driver side


@dataclass(frozen=True)
class Phase:
    label: str
    cases: int
    seconds: float  # wall clock from GO until every worker finished
    workers: list[dict[str, Any]]

    @property
    def per_minute(self) -> float:
        return self.cases / self.seconds * 60

    @property
    def peak_rss_mb(self) -> float:
        return max(w["rss_mb"] for w in self.workers)


def run_phase(label: str, kind: str, jobs: list[tuple[Path, Path]], profile: Path | None) -> Phase:
    """Start one worker per job, wait until all are ready, say GO, time until all finish."""
    procs: list[subprocess.Popen[str]] = []
    for i, (source, target) in enumerate(jobs):
        env = dict(os.environ)
        # Each worker its own Prefect home: two ephemeral servers must not share one database,
        # and the bench must not touch the user's ~/.prefect.
        env["PREFECT_HOME"] = str(target.parent / f"prefect-{label.replace(' ', '')}-{i}")
        cmd = [sys.executable, __file__, "--worker", kind, str(source), str(target)]
        if profile is not None and i == 0:
            cmd += ["--profile", str(profile)]
        procs.append(
            subprocess.Popen(
                cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=REPO, env=env
            )
        )
    print(f"  {label}: starting {len(procs)} worker(s) ...", flush=True)
    for p in procs:
        assert p.stdout is not None
        while (line := p.stdout.readline()) and line.strip() != READY:
            print("   ", line.rstrip(), flush=True)
        if not line:
            raise SystemExit(f"{label}: a worker died before it was ready (rc {p.wait()})")
    started = time.perf_counter()
    for p in procs:
        assert p.stdin is not None
        p.stdin.write(GO)
        p.stdin.flush()
    results: list[dict[str, Any]] = []
    for p in procs:
        out, _ = p.communicate()
        found = [ln for ln in out.splitlines() if ln.startswith("RESULT ")]
        if p.returncode != 0 or not found:
            raise SystemExit(f"{label}: worker failed (rc {p.returncode}):\n{out[-3000:]}")
        results.append(json.loads(found[-1].removeprefix("RESULT ")))
    seconds = time.perf_counter() - started
    phase = Phase(label, sum(r["cases"] for r in results), seconds, results)
    if kind == "soak":
        print(json.dumps(results[0], indent=1), flush=True)
        return phase
    extra = ""
    if kind == "handoff":
        extra = (
            f", Prefect start-up {max(r['startup_seconds'] for r in results):.1f} s (not timed)"
            f", outcomes {[r['outcomes'] for r in results]}"
            f", server peak RSS {max(r['server_rss_mb'] for r in results):.0f} MB"
        )
    print(
        f"  {label}: {phase.cases} cases in {seconds:.1f} s = {phase.per_minute:,.0f} cases/min,"
        f" peak RSS {phase.peak_rss_mb:.0f} MB per worker{extra}",
        flush=True,
    )
    return phase


def _link_tree(src: Path, dst: Path, names: list[str]) -> None:
    """``dst`` holds the case folders ``names`` of ``src`` as hard links (no data copied);
    a file already at the file system's link limit (the generator links one PDF into every
    case) is copied instead."""
    for name in names:
        for dirpath, _dirs, files in os.walk(src / name):
            rel = Path(dirpath).relative_to(src)
            (dst / rel).mkdir(parents=True, exist_ok=True)
            for f in files:
                try:
                    os.link(Path(dirpath) / f, dst / rel / f)
                except OSError as exc:
                    if exc.errno != errno.EMLINK:
                        raise
                    shutil.copy2(Path(dirpath) / f, dst / rel / f)


def _versions() -> str:
    from importlib.metadata import version

    pkgs = ("prefect", "docxtpl", "sqlmodel", "sqlalchemy", "pydantic")
    return ", ".join(f"{p} {version(p)}" for p in pkgs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="cases in the batch (default 1000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--processes", default="1,2", help="worker process counts to measure (default 1,2)"
    )
    parser.add_argument("--profile", action="store_true", help="pyinstrument the 1-process run")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir")
    parser.add_argument(
        "--soak", action="store_true", help="only the soak: the same batch handed off twice"
    )
    args = parser.parse_args()
    counts = [int(x) for x in args.processes.split(",")]

    from intake.synthetic import generate_cases
    from store.db import open_store

    tmp = Path(tempfile.mkdtemp(prefix="bench-handoff-"))
    print(f"bench/handoff  N={args.n}  {date.today()}  {platform.node()}")
    print(f"  python {platform.python_version()}, {_versions()}")
    print(f"  {os.cpu_count()} cores, {platform.platform()}; work dir {tmp}")
    try:
        t = time.perf_counter()
        batch = generate_cases(args.n, tmp / "batch", seed=args.seed, today=REFERENCE_DATE)
        names = sorted(p.name for p in batch.iterdir() if not p.name.startswith("."))
        halves = [tmp / "half0", tmp / "half1"]
        _link_tree(batch, halves[0], names[: len(names) // 2])
        _link_tree(batch, halves[1], names[len(names) // 2 :])
        print(f"  generated {len(names)} cases in {time.perf_counter() - t:.1f} s", flush=True)

        if args.soak:
            run_phase("soak", "soak", [(batch, tmp / "soak-home")], None)
            return
        profile = tmp / "handoff-profile.html" if args.profile else None
        rows: list[tuple[int, Phase, Phase]] = []
        for k in counts:
            sources = [batch] if k == 1 else halves
            floor = run_phase(
                f"floor x{k}",
                "floor",
                [(s, tmp / f"floor{k}" / f"w{i}") for i, s in enumerate(sources)],
                None,
            )
            home = tmp / f"home{k}"
            open_store(f"sqlite:///{home / 'handoff.db'}").dispose()  # workers share it
            hand = run_phase(
                f"handoff x{k}",
                "handoff",
                [(s, home) for s in sources],
                profile if k == 1 else None,
            )
            rows.append((k, floor, hand))

        print()
        print(f"| N = {args.n} | floor cases/min | handoff cases/min | ratio | peak RSS |")
        print("|---|---:|---:|---:|---:|")
        for k, floor, hand in rows:
            ratio = hand.per_minute / floor.per_minute
            print(
                f"| {k} process{'es' if k > 1 else ''} | {floor.per_minute:,.0f} "
                f"| {hand.per_minute:,.0f} | {ratio:.2f} "
                f"| {hand.peak_rss_mb:.0f} MB (floor {floor.peak_rss_mb:.0f} MB) |"
            )
        if profile is not None:
            kept = REPO / "var" / "bench"
            kept.mkdir(parents=True, exist_ok=True)
            for p in (profile, profile.with_suffix(".txt")):
                if p.exists():
                    shutil.copy(p, kept / p.name)
            print(f"\nprofile: {kept / profile.name} (and .txt)")
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        worker_main(sys.argv[2:])
    else:
        main()
