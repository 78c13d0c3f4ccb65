"""Benchmark: the whole handoff against the floor (plain Python rendering the same documents).

    .venv/bin/python bench/handoff.py            # N = 1,000
    .venv/bin/python bench/handoff.py --n 10000  # N = 10,000 (long: see docs/performance.md)

What it does, in one run:

1. generates N valid synthetic cases (``intake.synthetic.generate_cases``) into a temp dir,
   plus two halves of the same cases (hard links, no copies) for the 2-process runs;
2. for k = 1 and 2 worker processes, starts k *floor* workers and k *handoff* workers once:
   - *floor*: one plain loop over the case folders - parse, validate, compute the claim,
     check evidence, render every draft (pozew, memo, evidence index, wezwanie, EPU XML)
     and write the files. No Prefect imported, no database;
   - *handoff*: ``flows.handoff.handoff(source=...)`` on the embedded default, as the CLI
     runs it (``flows.embedded``): a SQLite file in a fresh HANDOFF_HOME per round, the
     ephemeral Prefect API server, registries offline. The server is started once per
     worker before any clock (a trivial flow run) and its start-up is printed separately:
     a worker pays it once, not per batch;
3. runs ``--rounds`` rounds (default 3), interleaved: floor, handoff, floor, handoff, ...
   With k = 2 each worker takes one half of the batch (the handoff halves share one SQLite
   file in WAL mode) and a round's clock runs from "go" until both finish. Interleaving
   matters on this shared machine: a slow spell hits both sides instead of one;
4. prints every round, then the best round of each side, their ratio (handoff / floor) and
   in brackets the median of the per-round ratios, and peak RSS (``ru_maxrss`` of each
   worker; the ephemeral Prefect server is a child of its worker and is reported as its
   RUSAGE_CHILDREN).

Every side runs in its own subprocesses so that peak RSS belongs to that side alone.
``--profile`` writes a pyinstrument profile of the second (warm) 1-process handoff round.
The soak (one batch handed off twice) is ``bench/soak.py``.
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
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

REFERENCE_DATE = date(2026, 11, 23)  # the synthetic cases' "today"
READY = "READY"
GO = "GO"  # "GO <target>": run one round into <target>; "QUIT": exit
QUIT = "QUIT"


def _rss_mb() -> tuple[float, float]:
    """Peak RSS in MB of this process and of its largest waited-for child (Linux: KB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, kids


# ---------------------------------------------------------------- worker side (subprocess)


def _rounds() -> Iterator[Path]:
    """Say READY, then yield the target of every "GO <target>" line until QUIT."""
    print(READY, flush=True)
    while line := sys.stdin.readline().strip():
        if line == QUIT:
            return
        word, _, target = line.partition(" ")
        if word != GO or not target:
            raise SystemExit(f"expected GO <target> or QUIT, got {line!r}")
        yield Path(target)


def _wait_for_go() -> Path:
    """One round only (the soak)."""
    for target in _rounds():
        return target
    raise SystemExit("no GO")


def floor_worker(source: Path) -> Iterator[dict[str, Any]]:
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
    for out in _rounds():
        started = time.perf_counter()
        cases = documents = 0
        for raw in iter_folder_cases(source):
            prepared, errors = prepare_case(raw)
            if prepared is None:
                raise SystemExit(f"floor: synthetic case rejected: {errors[:2]}")
            case = prepared.case
            claim = compute_claim(claim_input(case, on))
            hashes = {e.path: e.sha256 for e in case.evidence}
            evidence = evidence_findings(
                case, hashes, nakazowe=claim.procedure is Procedure.NAKAZOWE
            )
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
        yield {"cases": cases, "documents": documents, "seconds": elapsed, "rss_mb": own}


def _use_home(home: Path) -> str:
    os.environ["HANDOFF_HOME"] = str(home)
    url = f"sqlite:///{home / 'handoff.db'}"
    os.environ["HANDOFF_DATABASE_URL"] = url
    return url


def start_prefect() -> float:
    """Settings of the embedded default and the ephemeral API server started by a trivial
    flow run, before any clock; returns the seconds that took."""
    os.environ["HANDOFF_REGISTRIES"] = "offline"
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    boot = time.perf_counter()
    from prefect import flow

    @flow(name="bench-warm-up")
    def warm_up() -> int:
        return 1

    warm_up()
    return time.perf_counter() - boot


def handoff_worker(
    source: Path, profile: Path | None, profile_round: int = 0
) -> Iterator[dict[str, Any]]:
    """The real handoff flow in this process on the embedded default, one fresh home (SQLite
    file, documents folder) per round."""
    startup = start_prefect()
    from flows.embedded import embedded_prefect
    from flows.handoff import handoff

    for i, home in enumerate(_rounds()):
        _use_home(home)  # the driver created the schema (the workers of a round share it)
        profiler = None
        if profile is not None and i == profile_round:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.005)
            profiler.start()
        started = time.perf_counter()
        with embedded_prefect():  # as the CLI runs it (handoff demo / run batch)
            result = handoff(source=str(source), reference_date=REFERENCE_DATE)
        elapsed = time.perf_counter() - started
        if profiler is not None and profile is not None:
            profiler.stop()
            profile.write_text(profiler.output_html(), encoding="utf-8")
            text = profiler.output_text(unicode=False, color=False, show_all=False)
            profile.with_suffix(".txt").write_text(text, encoding="utf-8")
        outcomes: dict[str, int] = {}
        for row in result["cases"]:
            outcomes[row["outcome"]] = outcomes.get(row["outcome"], 0) + 1
        own, kids = _rss_mb()
        yield {
            "cases": len(result["cases"]),
            "outcomes": outcomes,
            "seconds": elapsed,
            "startup_seconds": startup,
            "rss_mb": own,
            "server_rss_mb": kids,
        }


def worker_main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=("floor", "handoff"))
    parser.add_argument("source", type=Path)
    parser.add_argument("--profile", type=Path)
    parser.add_argument("--profile-round", type=int, default=0)
    args = parser.parse_args(argv)
    rounds = (
        floor_worker(args.source)
        if args.kind == "floor"
        else handoff_worker(args.source, args.profile, args.profile_round)
    )
    for result in rounds:
        print("RESULT " + json.dumps(result), flush=True)


# ---------------------------------------------------------------- driver side


@dataclass(frozen=True)
class Phase:
    """One round of one kind of work on k worker processes."""

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


class Workers:
    """k worker processes of one kind, started once and then given rounds of work."""

    def __init__(
        self,
        label: str,
        kind: str,
        sources: list[Path],
        tmp: Path,
        profile: Path | None = None,
        profile_round: int = 0,
        script: Path | None = None,
    ) -> None:
        self.label, self.kind = label, kind
        self.procs: list[subprocess.Popen[str]] = []
        self.log: list[str] = []
        for i, source in enumerate(sources):
            env = dict(os.environ)
            # Each worker its own Prefect home: two ephemeral servers must not share one
            # database, and the bench must not touch the user's ~/.prefect.
            env["PREFECT_HOME"] = str(tmp / f"prefect-{label.replace(' ', '')}-{i}")
            # the worker side of this script, or of ``script`` (bench/soak.py)
            cmd = [sys.executable, str(script or __file__), "--worker", kind, str(source)]
            if profile is not None and i == 0:
                cmd += ["--profile", str(profile), "--profile-round", str(profile_round)]
            self.procs.append(
                subprocess.Popen(
                    cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=REPO, env=env
                )
            )

    def _line(self, p: subprocess.Popen[str]) -> str:
        assert p.stdout is not None
        line = p.stdout.readline()
        if not line:
            tail = "\n".join(self.log[-30:])
            raise SystemExit(f"{self.label}: a worker died (rc {p.wait()}):\n{tail}")
        return line.rstrip("\n")

    def ready(self) -> None:
        print(f"  {self.label}: starting {len(self.procs)} worker(s) ...", flush=True)
        for p in self.procs:
            while (line := self._line(p)) != READY:
                self.log.append(line)

    def round(self, targets: list[Path]) -> Phase:
        """Say GO to every worker at once, time until all of them have finished."""
        started = time.perf_counter()
        for p, target in zip(self.procs, targets, strict=True):
            assert p.stdin is not None
            p.stdin.write(f"{GO} {target}\n")
            p.stdin.flush()
        results: list[dict[str, Any]] = []
        for p in self.procs:
            while not (line := self._line(p)).startswith("RESULT "):
                self.log.append(line)
            results.append(json.loads(line.removeprefix("RESULT ")))
        seconds = time.perf_counter() - started
        return Phase(self.label, sum(r["cases"] for r in results), seconds, results)

    def stop(self) -> None:
        for p in self.procs:
            if p.poll() is None and p.stdin is not None:
                p.stdin.write(QUIT + "\n")
                p.stdin.flush()
        for p in self.procs:
            p.wait(timeout=120)


def _describe(phase: Phase) -> str:
    text = (
        f"{phase.cases} cases in {phase.seconds:.1f} s = {phase.per_minute:,.0f} cases/min, "
        f"peak RSS {phase.peak_rss_mb:.0f} MB"
    )
    if "outcomes" in phase.workers[0]:
        text += f", outcomes {[w['outcomes'] for w in phase.workers]}"
    return text


def measure(
    k: int, sources: list[Path], tmp: Path, rounds: int, profile: Path | None
) -> tuple[list[Phase], list[Phase]]:
    """Rounds of floor and handoff on k processes, interleaved (floor, handoff, floor, ...)
    so that a slow spell of this shared machine hits both sides alike."""
    from store.db import open_store

    floor = Workers(f"floor x{k}", "floor", sources, tmp)
    # the profile is of the second round (warm) when there is one
    hand = Workers(f"handoff x{k}", "handoff", sources, tmp, profile, min(1, rounds - 1))
    try:
        floor.ready()
        hand.ready()
        floors: list[Phase] = []
        hands: list[Phase] = []
        for r in range(rounds):
            f = floor.round([tmp / f"floor{k}-r{r}" / f"w{i}" for i in range(k)])
            home = tmp / f"home{k}-r{r}"
            open_store(f"sqlite:///{home / 'handoff.db'}").dispose()  # the k workers share it
            h = hand.round([home] * k)
            floors.append(f)
            hands.append(h)
            print(
                f"  round {r + 1}: floor {_describe(f)}\n"
                f"           handoff {_describe(h)}; ratio {h.per_minute / f.per_minute:.2f}",
                flush=True,
            )
            shutil.rmtree(tmp / f"floor{k}-r{r}", ignore_errors=True)
            shutil.rmtree(home, ignore_errors=True)
        startup = max(w["startup_seconds"] for w in hands[0].workers)
        server = max(w["server_rss_mb"] for w in hands[-1].workers)
        print(
            f"  Prefect start-up {startup:.1f} s per handoff worker (not timed); "
            f"API server peak RSS {server:.0f} MB",
            flush=True,
        )
        return floors, hands
    finally:
        floor.stop()
        hand.stop()


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


@contextmanager
def work_dir(prefix: str, keep: bool) -> Iterator[Path]:
    """A temporary folder for one bench run, removed afterwards unless ``keep``."""
    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield tmp
    finally:
        if keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def _best(phases: list[Phase]) -> Phase:
    return min(phases, key=lambda p: p.seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="cases in the batch (default 1000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--processes", default="1,2", help="worker process counts to measure (default 1,2)"
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="interleaved rounds per process count (default 3)"
    )
    parser.add_argument("--profile", action="store_true", help="pyinstrument the 1-process run")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir")
    args = parser.parse_args()
    counts = [int(x) for x in args.processes.split(",")]

    from intake.synthetic import generate_cases

    with work_dir("bench-handoff-", args.keep) as tmp:
        print(f"bench/handoff  N={args.n}  {date.today()}  {platform.node()}")
        print(f"  python {platform.python_version()}, {_versions()}")
        print(f"  {os.cpu_count()} cores, {platform.platform()}; work dir {tmp}")
        t = time.perf_counter()
        batch = generate_cases(args.n, tmp / "batch", seed=args.seed, today=REFERENCE_DATE)
        names = sorted(p.name for p in batch.iterdir() if not p.name.startswith("."))
        halves = [tmp / "half0", tmp / "half1"]
        _link_tree(batch, halves[0], names[: len(names) // 2])
        _link_tree(batch, halves[1], names[len(names) // 2 :])
        print(f"  generated {len(names)} cases in {time.perf_counter() - t:.1f} s", flush=True)

        profile = tmp / "handoff-profile.html" if args.profile else None
        rows: list[tuple[int, list[Phase], list[Phase]]] = []
        for k in counts:
            sources = [batch] if k == 1 else halves
            floors, hands = measure(k, sources, tmp, args.rounds, profile if k == 1 else None)
            rows.append((k, floors, hands))

        print()
        print(f"Best of {args.rounds} interleaved rounds (median of the per-round ratios):")
        print()
        print(f"| N = {args.n} | floor cases/min | handoff cases/min | ratio | peak RSS |")
        print("|---|---:|---:|---:|---:|")
        for k, floors, hands in rows:
            floor, hand = _best(floors), _best(hands)
            ratios = sorted(h.per_minute / f.per_minute for f, h in zip(floors, hands, strict=True))
            print(
                f"| {k} process{'es' if k > 1 else ''} | {floor.per_minute:,.0f} "
                f"| {hand.per_minute:,.0f} | {hand.per_minute / floor.per_minute:.2f} "
                f"({ratios[len(ratios) // 2]:.2f}) "
                f"| {max(h.peak_rss_mb for h in hands):.0f} MB "
                f"(floor {max(f.peak_rss_mb for f in floors):.0f} MB) |"
            )
        if profile is not None:
            kept = REPO / "var" / "bench"
            kept.mkdir(parents=True, exist_ok=True)
            for p in (profile, profile.with_suffix(".txt")):
                if p.exists():
                    shutil.copy(p, kept / p.name)
            print(f"\nprofile (round {min(2, args.rounds)}): {kept / profile.name} (and .txt)")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        worker_main(sys.argv[2:])
    else:
        main()
