"""``reverify``: due-case selection, the daily white-list counter, findings, a real flow run.

Real SQLite and PostgreSQL stores, real Prefect flow runs (``prefect_api``); the registries
are faked only at the HTTP boundary (httpx.MockTransport) with bodies shaped like the
recorded ones in tests/integrations/fixtures/.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from sqlmodel import select

import flows.reverify as reverify_mod
from config import Settings
from flows.registry_step import live_verifier
from flows.reverify import (
    QUOTA_SERVICE,
    due_cases,
    metered,
    reserve_search,
    reverify_cases,
    searches_used,
)
from integrations.vat_whitelist import SEARCH_LIMIT_PER_DAY
from store.db import session_scope
from store.tables import (
    AuditLog,
    CaseFinding,
    Debtor,
    RegistryCheck,
    RegistryQuota,
)
from tests.flows.artifacts import find_artifacts, table_rows
from tests.integrations.conftest import load_json
from tests.support import insert_case

ON = date(2026, 3, 16)  # a Monday
VAT_HOST = "wl-api.mf.gov.pl"
WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)


def nip_for(seed: int) -> str:
    """A NIP with a valid checksum, distinct per seed."""
    n = 100_000_000 + seed * 7919
    while True:
        digits = f"{n:09d}"
        check = sum(w * int(d) for w, d in zip(WEIGHTS, digits, strict=True)) % 11
        if check != 10:
            return digits + str(check)
        n += 1


def add_case(
    engine: sa.Engine,
    ref: str,
    *,
    nip: str | None,
    stage: str = "ready_for_review",
    kind: str = "company",
    pesel: str | None = None,
) -> int:
    with session_scope(engine) as s:
        debtor = s.exec(select(Debtor).where(Debtor.nip == nip)).first() if nip else None
        if debtor is None:
            debtor = Debtor(
                kind=kind,
                name=f"Dłużnik {nip or ref} sp. z o.o.",
                nip=nip,
                pesel=pesel,
                street="ul. Prosta",
                postcode="00-838",
                city="Warszawa",
            )
        return insert_case(
            s, ref, creditor="Hurtownia", debtor=debtor, stage=stage, partner="piotr"
        )


def add_check(engine: sa.Engine, case_id: int, key: str, status: str, on: date) -> None:
    with session_scope(engine) as s:
        s.add(
            RegistryCheck(
                case_id=case_id,
                service="verification",
                identifier=key,
                checked_on=on,
                status=status,
                snapshot_json="{}",
            )
        )


def add_finding(engine: sa.Engine, case_id: int, code: str, severity: str = "warning") -> None:
    with session_scope(engine) as s:
        s.add(
            CaseFinding(
                case_id=case_id, source="registry", code=code, severity=severity, message=code
            )
        )


def registry_codes(engine: sa.Engine, case_id: int) -> set[str]:
    with session_scope(engine) as s:
        rows = s.exec(
            select(CaseFinding.code).where(
                CaseFinding.case_id == case_id, CaseFinding.source == "registry"
            )
        ).all()
    return set(rows)


@dataclass
class FakeRegistries:
    """The white list (search by NIP) as an httpx handler, recorded-style bodies."""

    unknown: set[str] = field(default_factory=set)
    blocked: bool = False  # 429 with a Retry-After until midnight
    requests: list[httpx.Request] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            self.requests.append(request)
        assert request.url.host == VAT_HOST, f"unexpected registry {request.url.host}"
        assert request.url.params["date"] == ON.isoformat() or request.url.params["date"]
        if self.blocked:
            return httpx.Response(429, headers={"Retry-After": "50000"})
        nip = request.url.path.rsplit("/", 1)[-1]
        if nip in self.unknown:
            return httpx.Response(200, json=load_json("vat_search_nip_not_found.json"))
        body: Any = copy.deepcopy(load_json("vat_search_nip_5250000015.json"))
        subject = body["result"]["subject"]
        subject.update(nip=nip, name=f"Dłużnik {nip} sp. z o.o.", krs=None, regon=None)
        subject["workingAddress"] = "PROSTA 49, 00-838 WARSZAWA"
        body["result"]["requestId"] = f"req-{nip}"
        return httpx.Response(200, json=body)

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self))

    @property
    def nips_asked(self) -> list[str]:
        return [r.url.path.rsplit("/", 1)[-1] for r in self.requests]


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeRegistries:
    registries = FakeRegistries()
    monkeypatch.setattr(reverify_mod, "make_http_client", registries.client)
    return registries


@pytest.fixture
def live_env(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, store_url: str, engine: sa.Engine
) -> Iterator[sa.Engine]:
    monkeypatch.setenv("HANDOFF_HOME", str(tmp_path / "var"))
    monkeypatch.setenv("HANDOFF_DATABASE_URL", store_url)
    monkeypatch.setenv("HANDOFF_REGISTRIES", "live")
    monkeypatch.setenv("HANDOFF_CHUNK_SIZE", "2")
    yield engine


# --- selection and the counter (no Prefect) -----------------------------------------------


def test_due_cases_pending_first_then_unverified_then_oldest(engine: sa.Engine) -> None:
    pending = add_case(engine, "P-1", nip=nip_for(1))
    add_check(engine, pending, nip_for(1), "verified", ON - timedelta(days=3))
    add_check(engine, pending, nip_for(1), "pending", ON - timedelta(days=1))  # latest wins
    stale = add_case(engine, "S-1", nip=nip_for(2), stage="approved")
    add_check(engine, stale, nip_for(2), "verified", ON - timedelta(days=45))
    fresh = add_case(engine, "F-1", nip=nip_for(3))
    add_check(engine, fresh, nip_for(3), "verified", ON - timedelta(days=2))
    never = add_case(engine, "N-1", nip=nip_for(4), stage="intake")
    filed = add_case(engine, "X-1", nip=nip_for(5), stage="filed")
    add_check(engine, filed, nip_for(5), "pending", ON - timedelta(days=1))
    add_case(engine, "C-1", nip=None, kind="consumer", pesel="44051401359")
    # a second case against the pending debtor shares its verification
    pending_too = add_case(engine, "P-2", nip=nip_for(1), stage="sent_back")

    got = due_cases(engine, ON, older_than_days=30)
    assert [c.case_id for c in got] == [pending, pending_too, never, stale]
    assert got[0].last_status == "pending" and got[2].last_status is None
    assert fresh not in {c.case_id for c in got}
    assert [c.case_id for c in due_cases(engine, ON, older_than_days=1)][-1] == fresh
    assert never not in {
        c.case_id for c in due_cases(engine, ON, older_than_days=30, include_unverified=False)
    }


def test_daily_counter_never_exceeds_the_limit_under_concurrency(engine: sa.Engine) -> None:
    granted: list[int] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(30):
            got = reserve_search(engine, ON)
            if got is not None:
                with lock:
                    granted.append(got)

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(granted) == list(range(1, SEARCH_LIMIT_PER_DAY + 1))
    assert searches_used(engine, ON) == SEARCH_LIMIT_PER_DAY
    assert reserve_search(engine, ON) is None
    assert reserve_search(engine, ON + timedelta(days=1)) == 1  # a new day, a new count


def test_pending_result_keeps_the_last_complete_findings(engine: sa.Engine) -> None:
    case_id = add_case(engine, "B-1", nip=nip_for(7))
    add_check(engine, case_id, nip_for(7), "verified", ON - timedelta(days=40))
    add_finding(engine, case_id, "bankruptcy", "blocker")
    add_finding(engine, case_id, "verification_pending")
    registries = FakeRegistries(blocked=True)
    with registries.client() as client:
        verifier = metered(
            live_verifier(Settings(database_url="sqlite://"), client),
            engine,
            ON,
            rate_limiter=lambda: None,
        )
        rows = reverify_cases(engine, [case_id], ON, verifier)
    assert rows[0]["status"] == "pending"
    assert registry_codes(engine, case_id) == {"bankruptcy", "verification_pending"}
    assert searches_used(engine, ON) == 1  # a search that was sent counts, even a refused one


# --- the flow -----------------------------------------------------------------------------


def _artifact_rows(flow_run_id: Any) -> list[dict[str, Any]]:
    """The run's table artifact."""
    found = find_artifacts({"flow_run_id": {"any_": [str(flow_run_id)]}}, limit=5)
    assert len(found) == 1 and found[0]["key"] == "reverify" and found[0]["type"] == "table"
    return table_rows(found[0])


@pytest.mark.slow
def test_reverify_flow_updates_findings_and_is_quiet_on_a_rerun(
    prefect_api: None, live_env: sa.Engine, fake: FakeRegistries
) -> None:
    engine = live_env
    a = add_case(engine, "A-1", nip=nip_for(11))
    add_check(engine, a, nip_for(11), "pending", ON - timedelta(days=1))
    add_finding(engine, a, "verification_pending")
    a2 = add_case(engine, "A-2", nip=nip_for(11))  # same debtor: one search for both
    b = add_case(engine, "B-1", nip=nip_for(12))  # never verified
    fake.unknown.add(nip_for(12))
    c = add_case(engine, "C-1", nip=nip_for(13))
    add_check(engine, c, nip_for(13), "verified", ON - timedelta(days=2))  # fresh: not due
    consumer = add_case(engine, "K-1", nip=None, kind="consumer", pesel="44051401359")

    from flows.reverify import reverify

    state = reverify(on=ON, return_state=True)
    summary = state.result()
    assert summary["candidates"] == 3
    assert summary["statuses"] == {"verified": 3}
    assert sorted(fake.nips_asked) == sorted([nip_for(11), nip_for(12)])
    assert summary["vat_searches_used"] == 2
    assert "verification_pending" not in registry_codes(engine, a)
    assert "nip_not_found" in registry_codes(engine, b)
    assert registry_codes(engine, c) == set() and registry_codes(engine, consumer) == set()
    with session_scope(engine) as s:
        checks = s.exec(
            select(RegistryCheck).where(RegistryCheck.checked_on == ON)  # type: ignore[arg-type]
        ).all()
        assert {(r.identifier, r.status) for r in checks} == {
            (nip_for(11), "verified"),
            (nip_for(12), "verified"),
        }
        audits = s.exec(select(AuditLog).where(AuditLog.action == "registry_reverified")).all()
        assert {x.case_id for x in audits} == {a, a2, b}

    rows = _artifact_rows(state.state_details.flow_run_id)
    assert {r["sprawa"] for r in rows} == {"A-1", "A-2", "B-1"}
    by_ref = {r["sprawa"]: r for r in rows}
    assert by_ref["A-1"]["poprzednio"].startswith("pending")
    assert by_ref["B-1"]["poprzednio"] == "brak weryfikacji"
    assert "nip_not_found" in by_ref["B-1"]["ustalenia"]
    text = str(rows)
    assert "44051401359" not in text and "Prosta" not in text  # no PESEL, no address

    again = reverify(on=ON)
    assert again["candidates"] == 0 and len(fake.requests) == 2


@pytest.mark.slow
def test_reverify_flow_stops_at_the_daily_white_list_limit(
    prefect_api: None, live_env: sa.Engine, fake: FakeRegistries
) -> None:
    engine = live_env
    with session_scope(engine) as s:
        s.add(RegistryQuota(service=QUOTA_SERVICE, day=ON, used=SEARCH_LIMIT_PER_DAY - 2))
    ids = []
    for i in range(4):
        case_id = add_case(engine, f"Q-{i}", nip=nip_for(20 + i))
        add_check(engine, case_id, nip_for(20 + i), "pending", ON - timedelta(days=1))
        add_finding(engine, case_id, "verification_pending")
        ids.append(case_id)

    from flows.reverify import reverify

    state = reverify(on=ON, return_state=True)
    summary = state.result()
    assert summary["statuses"] == {"verified": 2, "quota": 2}
    assert summary["vat_searches_used"] == SEARCH_LIMIT_PER_DAY
    assert summary["vat_searches_left"] == 0
    assert len(fake.requests) == 2
    assert searches_used(engine, ON) == SEARCH_LIMIT_PER_DAY
    # the ones left over keep their pending finding; their check stays pending
    assert [registry_codes(engine, i) for i in ids[2:]] == [{"verification_pending"}] * 2
    rows = {r["sprawa"]: r for r in _artifact_rows(state.state_details.flow_run_id)}
    assert rows["Q-3"]["wynik"] == "quota"
    assert "limit wyszukiwań na białej liście VAT" in rows["Q-3"]["uwagi"]

    # later the same day: nothing is sent at all
    assert reverify(on=ON)["statuses"] == {"quota": 2}
    assert len(fake.requests) == 2

    # the next day the rest goes through
    nxt = reverify(on=ON + timedelta(days=1))
    assert nxt["statuses"] == {"verified": 2} and nxt["vat_searches_used"] == 2
    assert [registry_codes(engine, i) for i in ids] == [set()] * 4


@pytest.mark.slow
def test_reverify_flow_does_nothing_when_registries_are_offline(
    prefect_api: None, live_env: sa.Engine, fake: FakeRegistries, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HANDOFF_REGISTRIES", "offline")
    add_case(live_env, "O-1", nip=nip_for(30))
    from flows.reverify import reverify

    result = reverify(on=ON)
    assert result["offline"] is True and fake.requests == []
