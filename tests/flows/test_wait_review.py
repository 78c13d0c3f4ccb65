"""On the laptop default a partner's decision ends the waiting ``run batch --wait-review``.

``handoff run batch samples/cases --wait-review`` runs as a subprocess on a fresh
HANDOFF_HOME with no Prefect server configured (no PREFECT_API_URL: the embedded default),
once on the local server the CLI starts and once on Prefect's temporary server.
Once every drafted case waits for review, the test records the partners' decisions straight
in the case store (``store.review.record_decision``: no page, no Prefect call), as the
review page in another process would. The run must notice them from the store and finish
within seconds with the cases approved / sent back; before, it waited for its 72-hour
timeout because nothing could resume it.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session, col, select

from store.db import open_store, session_scope
from store.review import blockers_for, create_user, record_decision
from store.tables import Case, ReviewDecision
from tests.conftest import REPO, SAMPLES

pytestmark = pytest.mark.slow

HANDOFF = Path(sys.executable).parent / "handoff"
PASSWORD = "tajne-haslo-123"


def embedded_env(home: Path, prefect_home: Path, mode: str = "local") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "HANDOFF_"))}
    env.update(
        HANDOFF_PREFECT_SERVER=mode,  # the local server (default) or Prefect's temporary one
        HANDOFF_HOME=str(home),
        PREFECT_HOME=str(prefect_home),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="180",
        COLUMNS="120",
    )
    return env


@pytest.fixture
def home(tmp_path: Path) -> Iterator[Path]:
    home = tmp_path / "var"
    home.mkdir()
    yield home
    # a local Prefect server the CLI may have started under this home
    subprocess.run(
        [str(HANDOFF), "server", "stop"],
        env=embedded_env(home, tmp_path / "prefect"),
        capture_output=True,
        timeout=60,
        check=False,
    )


def waiting_cases(engine: object, flow_run_expected: bool = True) -> list[Case]:
    with Session(engine) as session:  # type: ignore[arg-type]
        cases = session.exec(select(Case).where(Case.stage == "ready_for_review")).all()
        return [c for c in cases if c.review_flow_run_id or not flow_run_expected]


@pytest.mark.parametrize("mode", ["local", "temporary"])
def test_decisions_in_the_store_end_the_waiting_run(mode: str, home: Path, tmp_path: Path) -> None:
    engine = open_store(f"sqlite:///{home / 'handoff.db'}")
    with session_scope(engine) as session:
        create_user(session, "pawel", "partner", PASSWORD)
    log = (tmp_path / "run.log").open("wb")
    run = subprocess.Popen(
        [str(HANDOFF), "run", "batch", str(SAMPLES / "cases"), "--wait-review", "--json"],
        cwd=REPO,
        env=embedded_env(home, tmp_path / "prefect", mode),
        stdout=subprocess.PIPE,
        stderr=log,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 240
        waiting: list[Case] = []
        while time.monotonic() < deadline and run.poll() is None:
            waiting = waiting_cases(engine)
            if len(waiting) >= 2:
                break
            time.sleep(0.5)
        assert run.poll() is None, (tmp_path / "run.log").read_text()[-3000:]
        assert len(waiting) >= 2, "the run never waited for review"
        time.sleep(2)  # let the run settle into its pause
        expected: dict[int, str] = {}
        with session_scope(engine) as session:
            for i, case in enumerate(sorted(waiting, key=lambda c: c.id or 0)):
                assert case.id is not None
                if i == 0 or blockers_for(session, case.id):
                    record_decision(session, case.id, "pawel", "send_back", "Popraw odsetki")
                    expected[case.id] = "sent_back"
                else:
                    record_decision(session, case.id, "pawel", "approve")
                    expected[case.id] = "approved"
        decided = time.monotonic()
        try:
            out, _ = run.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            pytest.fail("the waiting run did not notice the decisions in the store within 30 s")
        elapsed = time.monotonic() - decided
        assert run.returncode == 0, (tmp_path / "run.log").read_text()[-3000:]
    finally:
        if run.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(run.pid, signal.SIGKILL)
            run.wait(timeout=30)
        log.close()
    result = json.loads(out)
    assert {r["case_id"] for r in result["cases"] if r["outcome"] == "drafted"} >= set(expected)
    with Session(engine) as session:
        stages = {c.id: c.stage for c in session.exec(select(Case)).all()}
        seen = session.exec(
            select(ReviewDecision).where(col(ReviewDecision.case_id).in_(list(expected)))
        ).all()
    assert {i: stages[i] for i in expected} == expected
    # the run saw every decision (acknowledged them) before it ended
    assert seen and all(d.applied_at is not None for d in seen)
    assert elapsed < 15, f"the run took {elapsed:.1f} s to notice the decisions"
    engine.dispose()
