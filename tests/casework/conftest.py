"""The five sample cases imported and drafted for real (plain Python, no Prefect) on SQLite
and PostgreSQL, a partner to approve them; approvals are dated 2026-11-24 (the review
happened the day after drafting), so filings and court events can be dated after it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session, col, select

from store.db import open_store, session_scope
from store.review import record_decision
from store.tables import AuditLog, Case, CaseStep, CourtEvent, Deadline, ReviewDecision
from tests.conftest import StoreTemplates
from tests.support import drafted_samples

DRAFTED_ON = date(2026, 11, 23)
APPROVED_AT = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
TODAY = date(2026, 12, 1)
NAKAZOWE = "TT/WIND/2026/0152"
EPU = "TT/WIND/2025/0087"


@dataclass
class Firm:
    engine: sa.Engine
    home: Path
    ids: dict[str, int]  # external_ref -> case id

    def approve(self, ref: str, override_reason: str | None = None) -> None:
        with session_scope(self.engine) as s:
            row = record_decision(
                s, self.ids[ref], "pawel", "approve", override_reason=override_reason
            )
            row.decided_at = APPROVED_AT
            s.add(row)

    def epu_after_sprzeciw(self) -> None:
        """The EPU sample case approved, filed in e-Sąd on 25.11.2026 (VI Nc-e 1/26), its
        order issued 26.11, served 27.11, and a sprzeciw on 30.11.2026: before the general
        court, in ordinary proceedings (runs ``handoff`` in process)."""
        from tests.casework.cli_helpers import ok

        self.approve(EPU)
        ok("cases", "file", EPU, "--on", "2026-11-25", "--signature", "VI Nc-e 1/26")
        ok("event", "add", EPU, "--kind", "payment-order-issued", "--on", "2026-11-26")
        ok("event", "add", EPU, "--kind", "payment-order-served", "--on", "2026-11-27")
        ok("event", "add", EPU, "--kind", "objection-filed", "--on", "2026-11-30")

    def stage(self, ref: str) -> str:
        with Session(self.engine) as s:
            case = s.get(Case, self.ids[ref])
            assert case is not None
            return case.stage

    def counts(self) -> dict[str, int]:
        """Rows of every table a lifecycle step writes: unchanged means nothing changed."""
        with Session(self.engine) as s:
            return {
                t.__name__: s.exec(select(sa.func.count()).select_from(t)).one()
                for t in (CaseStep, CourtEvent, Deadline, AuditLog, ReviewDecision)
            } | {"stages": hash(tuple(s.exec(select(Case.stage).order_by(col(Case.id))).all()))}

    def audit(self, action: str) -> list[AuditLog]:
        with Session(self.engine) as s:
            return list(s.exec(select(AuditLog).where(AuditLog.action == action)).all())


@pytest.fixture
def firm(
    store_url: str, store_templates: StoreTemplates, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Firm]:
    """The five sample cases imported and drafted on DRAFTED_ON, the partner ``pawel``: a copy
    of the store and files built once per session (``tests.support.drafted_samples``)."""
    home = drafted_samples(store_templates, store_url, DRAFTED_ON) / "var"
    monkeypatch.setenv("HANDOFF_HOME", str(home))
    monkeypatch.setenv("HANDOFF_DATABASE_URL", store_url)
    engine = open_store(store_url)
    with Session(engine) as s:
        ids = {c.external_ref: c.id for c in s.exec(select(Case)).all() if c.id is not None}
    assert {NAKAZOWE, EPU} <= set(ids)
    yield Firm(engine, home, ids)
    engine.dispose()
