"""Waiting for the partner's decision inside the handoff flow (Prefect human-in-the-loop).

The case store is the source of truth; Prefect's pause/resume is only the wake-up call:

1. :func:`await_decisions` (called inside the handoff flow after drafting) writes the current
   flow run id to ``Case.review_flow_run_id``, applies any decisions already in the store,
   and, while some case is still undecided, pauses the flow run with
   ``pause_flow_run(wait_for_input=ReviewWakeUp, key=<unique>)``.
2. The review page records the decision in the store (the case moves at once), commits,
   and then calls :func:`wake_flow_run` (``POST /flow_runs/{id}/resume`` with a
   ``ReviewWakeUp`` input) when a Prefect server is configured. The paused run wakes,
   acknowledges the decisions from the store and pauses again or returns.
3. A watcher thread in the waiting run polls the store every second or two (two cheap
   queries: a decision no run has seen yet, or fewer of its cases still under review) and
   resumes the run itself through this process's own Prefect client. That works on every
   deployment size, also on the embedded default where the page has no Prefect address to
   call (a temporary or local server only this process knows) and when the page could not
   reach Prefect. At the deadline it wakes the run so it returns cleanly instead of failing
   on a pause timeout; cases still undecided then are picked up by the next run.

What the page sends in ``ReviewWakeUp`` is informational; the flow acts only on the store.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Sequence
from typing import Any, Literal

import sqlalchemy as sa
from prefect import flow
from prefect.context import FlowRunContext
from prefect.exceptions import FlowPauseTimeout
from prefect.flow_runs import pause_flow_run
from prefect.input import RunInput
from sqlmodel import Session, col, select

from law.stages import Stage
from store.db import open_store, session_scope
from store.review import apply_pending_decisions, set_review_flow_run, undecided
from store.tables import Case, ReviewDecision

log = logging.getLogger(__name__)

WakeStatus = Literal["resumed", "not_paused", "no_server", "failed"]
DEFAULT_TIMEOUT_S = 7 * 24 * 3600


class ReviewWakeUp(RunInput):
    """The input a paused handoff run is resumed with (case 0 = a wake-up by the watcher)."""

    case_id: int
    decision: str


def prefect_api_url() -> str | None:
    """The configured Prefect API URL, or ``None`` (then there is no server to wake)."""
    from prefect.settings import get_current_settings

    url = get_current_settings().api.url
    return str(url) if url else None


def wake_flow_run(
    flow_run_id: str | None, run_input: dict[str, Any], *, in_process: bool = False
) -> WakeStatus:
    """Resume a paused flow run with ``run_input``; never raises.

    Returns ``"resumed"``, ``"not_paused"`` (the run is running, finished or gone: it will
    read the store itself), ``"no_server"`` (no API URL configured or nobody answers) or
    ``"failed"`` (the server refused; logged).

    ``in_process``: called from inside the waiting flow run's own process, whose Prefect
    client reaches the run's server even when no API URL is configured (the embedded
    default's temporary server); another process (the review page) has no server to call
    then and gets ``"no_server"``.
    """
    if not flow_run_id:
        return "not_paused"
    if not in_process and prefect_api_url() is None:
        log.info("no Prefect API configured; decision stays in the store for the next run")
        return "no_server"
    import httpx
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.objects import StateType
    from prefect.client.schemas.responses import SetStateStatus
    from prefect.exceptions import ObjectNotFound

    try:
        run_id = uuid.UUID(flow_run_id)
        with get_client(sync_client=True) as client:
            flow_run = client.read_flow_run(run_id)
            if flow_run.state is None or flow_run.state.type != StateType.PAUSED:
                return "not_paused"
            result = client.resume_flow_run(run_id, run_input=run_input)
    except ObjectNotFound:
        return "not_paused"
    except (httpx.ConnectError, httpx.TimeoutException) as exc:
        log.warning("Prefect API unreachable (%s); decision stays in the store", exc)
        return "no_server"
    except Exception:
        log.exception("resuming flow run %s failed; decision stays in the store", flow_run_id)
        return "failed"
    if result.status == SetStateStatus.ACCEPT:
        return "resumed"
    if result.state is not None and result.state.type == StateType.RUNNING:
        return "not_paused"  # resumed by someone else a moment ago
    log.warning("Prefect refused to resume %s: %s", flow_run_id, result.details)
    return "failed"


class _Watcher(threading.Thread):
    """Resumes the paused run when the store shows a decision for it, or at the deadline.

    The flow arms it (:meth:`arm`) with the number of its cases under review just before
    each pause; the watcher then looks every ``poll_s`` seconds for a decision no run has
    seen yet or a change in that number (a case decided, even if another process already
    acknowledged the decision) and resumes the run through this process's Prefect client.
    After a successful wake-up it stays quiet until the flow arms it again.
    """

    def __init__(
        self,
        engine: sa.Engine,
        flow_run_id: str,
        case_ids: Sequence[int],
        deadline: float,
        poll_s: float,
    ) -> None:
        super().__init__(name=f"review-watcher-{flow_run_id[:8]}", daemon=True)
        self.engine = engine
        self.flow_run_id = flow_run_id
        self.case_ids = list(case_ids)
        self.deadline = deadline
        self.poll_s = poll_s
        self.stopped = threading.Event()
        self.deadline_woken = False
        self._lock = threading.Lock()
        self._generation = 0
        self._expected: int | None = None  # cases under review when armed; None: disarmed

    def arm(self, under_review: int) -> None:
        with self._lock:
            self._generation += 1
            self._expected = under_review

    def _armed(self) -> tuple[int, int | None]:
        with self._lock:
            return self._generation, self._expected

    def _disarm(self, generation: int) -> None:
        with self._lock:
            if self._generation == generation:
                self._expected = None

    def _decided_since(self, expected: int) -> bool:
        with Session(self.engine) as session:
            unseen = select(ReviewDecision.id).where(
                col(ReviewDecision.case_id).in_(self.case_ids),
                col(ReviewDecision.applied_at).is_(None),
            )
            if session.exec(unseen.limit(1)).first() is not None:
                return True
            return _under_review(session, self.case_ids) != expected

    def run(self) -> None:
        while not self.stopped.wait(max(0.0, min(self.poll_s, self.deadline - time.monotonic()))):
            try:
                due = time.monotonic() >= self.deadline
                generation, expected = self._armed()
                if not due and (expected is None or not self._decided_since(expected)):
                    continue
                reason = "deadline" if due else "store"
                status = wake_flow_run(
                    self.flow_run_id, {"case_id": 0, "decision": reason}, in_process=True
                )
                if due and status in {"resumed", "no_server"}:
                    self.deadline_woken = True
                    return
                if status == "resumed":
                    self._disarm(generation)
                # "not_paused": the run is between two pauses; it looks at the store itself
            except Exception:  # the watcher is a safety net; it must not kill the flow
                log.exception("review watcher check failed")


def _under_review(session: Session, case_ids: Sequence[int]) -> int:
    """How many of ``case_ids`` are still in ``ready_for_review`` (one COUNT query)."""
    stmt = select(sa.func.count()).where(
        col(Case.id).in_(list(case_ids)), Case.stage == Stage.READY_FOR_REVIEW.value
    )
    return int(session.exec(stmt).one())


def _apply(engine: sa.Engine, case_ids: Sequence[int]) -> tuple[list[tuple[int, str]], list[int]]:
    with session_scope(engine) as session:
        applied = apply_pending_decisions(session, case_ids)
        return applied, undecided(session, case_ids)


def await_decisions(
    case_ids: Sequence[int],
    engine_url: str,
    timeout_s: int = DEFAULT_TIMEOUT_S,
    poll_interval: int = 1,
    watch_interval: float = 1.0,
) -> list[tuple[int, str]]:
    """Wait (paused) until every case in ``case_ids`` is decided or ``timeout_s`` passes.

    Call it inside the handoff flow after the drafts are stored and the cases are in
    ``ready_for_review``. Returns the ``(case_id, decision)`` pairs that took effect while
    waiting (acknowledged by this run). Outside a flow run it only acknowledges decisions
    already in the store.

    ``poll_interval`` is how often the paused run asks Prefect whether it was resumed;
    ``watch_interval`` how often the watcher looks in the store for a decision. A decision
    ends the wait within about the sum of the two (2 s by default).
    """
    ids = [int(i) for i in case_ids]
    engine = open_store(engine_url)
    try:
        context = FlowRunContext.get()
        if context is None or context.flow_run is None:
            return _apply(engine, ids)[0]
        flow_run_id = str(context.flow_run.id)
        with session_scope(engine) as session:
            set_review_flow_run(session, ids, flow_run_id)
        applied: list[tuple[int, str]] = []
        deadline = time.monotonic() + timeout_s
        # The pause outlives our deadline, so the watcher's wake-up arrives before Prefect
        # would fail the run for a pause timeout.
        grace = max(30, 3 * poll_interval)
        watcher = _Watcher(engine, flow_run_id, ids, deadline, watch_interval)
        watcher.start()
        try:
            while True:
                newly, waiting = _apply(engine, ids)
                applied.extend(newly)
                remaining = deadline - time.monotonic()
                if not waiting:
                    return applied
                if remaining <= 0 or watcher.deadline_woken:
                    log.warning(
                        "review wait ended with %d case(s) undecided; the next run picks them up",
                        len(waiting),
                    )
                    return applied
                with Session(engine) as session:
                    watcher.arm(_under_review(session, ids))
                try:
                    wake = pause_flow_run(
                        wait_for_input=ReviewWakeUp,
                        timeout=int(remaining) + grace,
                        poll_interval=poll_interval,
                        key=f"review-{uuid.uuid4().hex}",
                    )
                except FlowPauseTimeout:
                    log.warning("review pause timed out; pending decisions stay in the store")
                    return applied + _apply(engine, ids)[0]
                log.info("review wake-up: case %s, %s", wake.case_id, wake.decision)
        finally:
            watcher.stopped.set()
            watcher.join(timeout=5)
    finally:
        engine.dispose()


@flow(name="review-followup", log_prints=True)
def review_followup(engine_url: str | None = None) -> list[tuple[int, str]]:
    """Apply every partner decision not applied yet (schedule it, e.g. every 15 minutes)."""
    if engine_url is None:
        from config import Settings

        engine_url = Settings.from_env().database_url
    engine = open_store(engine_url)
    try:
        with session_scope(engine) as session:
            applied = apply_pending_decisions(session, actor="review-followup")
    finally:
        engine.dispose()
    for case_id, decision in applied:
        print(f"case {case_id}: {decision} applied")
    return applied
