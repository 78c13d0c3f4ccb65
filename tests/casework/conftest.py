"""The five sample cases imported and drafted for real (plain Python, no Prefect) on SQLite
and PostgreSQL, a partner to approve them; approvals are dated 2026-11-24 (the review
happened the day after drafting), so filings and court events can be dated after it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session, col, select

from config import SAMPLE_FIRM
from documents.firm import load_firm_profile
from flows.case_pipeline import DraftingContext, draft_cases
from intake.importer import import_batch
from store.db import open_store, session_scope
from store.drafting import draftable_case_ids
from store.review import create_user, record_decision
from store.tables import AuditLog, Case, CaseStep, CourtEvent, Deadline, ReviewDecision
from tests.conftest import SAMPLES

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
def firm(store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Firm]:
    home = tmp_path / "var"
    monkeypatch.setenv("HANDOFF_HOME", str(home))
    monkeypatch.setenv("HANDOFF_DATABASE_URL", store_url)
    engine = open_store(store_url)
    import_batch(engine, shutil.copytree(SAMPLES / "cases", tmp_path / "cases"))
    ctx = DraftingContext(
        documents_dir=home / "documents",
        firm=load_firm_profile(SAMPLE_FIRM),
        reference_date=DRAFTED_ON,
    )
    draft_cases(engine, draftable_case_ids(engine), ctx)
    with session_scope(engine) as s:
        create_user(s, "pawel", "partner", "haslo-partnera-1")
    with Session(engine) as s:
        ids = {c.external_ref: c.id for c in s.exec(select(Case)).all() if c.id is not None}
    assert {NAKAZOWE, EPU} <= set(ids)
    yield Firm(engine, home, ids)
    engine.dispose()
