"""The handoff flow waits for the partner with Prefect's pause/resume; the store decides."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from prefect import flow
from prefect.client.orchestration import get_client
from prefect.client.schemas.objects import StateType
from sqlmodel import Session, select

from config import Settings
from flows.review_gate import await_decisions, review_followup, wake_flow_run
from review.app import create_app
from store.db import open_store, session_scope
from store.review import create_user, record_decision
from store.tables import Case, ReviewDecision
from tests.review.conftest import PASSWORD, csrf_from, seed_case

pytestmark = pytest.mark.slow


@flow(name="review-wait-test")
def wait_for_review(
    case_ids: list[int], url: str, timeout_s: int, watch_interval: float
) -> list[tuple[int, str]]:
    return await_decisions(
        case_ids, url, timeout_s=timeout_s, poll_interval=1, watch_interval=watch_interval
    )


class Store:
    def __init__(self, url: str, home: Path) -> None:
        self.url = url
        self.home = home
        self.engine = open_store(url)
        with session_scope(self.engine) as session:
            create_user(session, "pawel", "partner", PASSWORD)
        self.case_id = seed_case(self.engine, home)

    def case(self) -> Case:
        with Session(self.engine) as session:
            case = session.get(Case, self.case_id)
            assert case is not None
            return case


@pytest.fixture
def store(sqlite_url: str, tmp_path: Path) -> Iterator[Store]:
    s = Store(sqlite_url, tmp_path)
    yield s
    s.engine.dispose()


def run_in_thread(
    store: Store, timeout_s: int, watch_interval: float
) -> tuple[threading.Thread, dict[str, Any]]:
    out: dict[str, Any] = {}

    def target() -> None:
        try:
            out["state"] = wait_for_review(
                [store.case_id], store.url, timeout_s, watch_interval, return_state=True
            )
        except BaseException as exc:  # surfaced by the test
            out["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread, out


def wait_until_paused(store: Store, out: dict[str, Any], limit: float = 60) -> str:
    """Poll the store for the run id and the Prefect API until that run is Paused."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        assert "error" not in out, out.get("error")
        run_id = store.case().review_flow_run_id
        if run_id:
            with get_client(sync_client=True) as client:
                state = client.read_flow_run(uuid.UUID(run_id)).state
            if state is not None and state.type == StateType.PAUSED:
                return run_id
        time.sleep(0.2)
    raise AssertionError("the flow run never paused")


def final_state(run_id: str) -> StateType | None:
    with get_client(sync_client=True) as client:
        state = client.read_flow_run(uuid.UUID(run_id)).state
    return state.type if state else None


def test_paused_flow_run_is_resumed_by_the_page(prefect_api: None, store: Store) -> None:
    # the watcher looks only once an hour here: only the page's resume can wake the run
    thread, out = run_in_thread(store, timeout_s=300, watch_interval=3600)
    run_id = wait_until_paused(store, out)
    assert store.case().stage == "ready_for_review"

    settings = Settings(home=store.home, database_url=store.url, review_secret="s")
    with TestClient(
        create_app(settings, engine=store.engine), base_url="http://127.0.0.1"
    ) as client:
        token = csrf_from(client.get("/login").text)
        client.post("/login", data={"username": "pawel", "password": PASSWORD, "csrf_token": token})
        token = csrf_from(client.get("/queue").text)
        started = time.monotonic()
        response = client.post(
            f"/cases/{store.case_id}/approve", data={"csrf_token": token}, follow_redirects=False
        )
        assert response.status_code == 303

    thread.join(timeout=60)
    assert not thread.is_alive(), "the flow run did not finish after the decision"
    elapsed = time.monotonic() - started
    assert "error" not in out, out.get("error")
    state = out["state"]
    assert state.is_completed(), state
    assert state.result() == [(store.case_id, "approve")]
    assert final_state(run_id) == StateType.COMPLETED
    case = store.case()
    assert case.stage == "approved"
    with Session(store.engine) as session:
        decision = session.exec(select(ReviewDecision)).one()
    assert decision.applied_at is not None and decision.flow_run_id == run_id
    assert elapsed < 30


def test_a_decision_nobody_announced_still_wakes_the_run(prefect_api: None, store: Store) -> None:
    """The page could not reach Prefect: the watcher finds the decision in the store."""
    thread, out = run_in_thread(store, timeout_s=300, watch_interval=1)
    wait_until_paused(store, out)
    with session_scope(store.engine) as session:
        record_decision(session, store.case_id, "pawel", "send_back", "Popraw odsetki")
    thread.join(timeout=60)
    assert not thread.is_alive()
    assert out["state"].is_completed(), out
    case = store.case()
    assert (case.stage, case.review_comment) == ("sent_back", "Popraw odsetki")


def test_timeout_ends_the_run_cleanly_and_the_next_run_applies(
    prefect_api: None, store: Store
) -> None:
    thread, out = run_in_thread(store, timeout_s=4, watch_interval=3600)
    run_id = wait_until_paused(store, out)
    thread.join(timeout=60)
    assert not thread.is_alive()
    assert out["state"].is_completed(), out["state"]  # woken at the deadline, not failed
    assert out["state"].result() == []
    assert final_state(run_id) == StateType.COMPLETED
    assert store.case().stage == "ready_for_review"
    # a late decision: resuming the finished run is refused quietly, nothing is lost
    with session_scope(store.engine) as session:
        record_decision(session, store.case_id, "pawel", "approve", "")
    assert wake_flow_run(run_id, {"case_id": store.case_id, "decision": "approve"}) == "not_paused"
    assert review_followup(store.url) == [(store.case_id, "approve")]
    assert store.case().stage == "approved"
    assert review_followup(store.url) == []


def test_outside_a_flow_run_it_only_applies(store: Store) -> None:
    with session_scope(store.engine) as session:
        record_decision(session, store.case_id, "pawel", "approve", "")
    assert await_decisions([store.case_id], store.url) == [(store.case_id, "approve")]
    assert store.case().stage == "approved"


def test_no_prefect_server_configured(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import flows.review_gate as fr

    monkeypatch.setattr(fr, "prefect_api_url", lambda: None)
    assert wake_flow_run(str(uuid.uuid4()), {"case_id": 1, "decision": "approve"}) == "no_server"
    assert wake_flow_run(None, {}) == "not_paused"
