"""Drafting a group of cases per transaction: what is stored, what one bad case costs, and
what happens when a case changes (or another run drafts it) between the read and the write.

No Prefect: ``draft_cases`` is plain Python; real SQLite and PostgreSQL stores.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, select

from config import SAMPLE_FIRM
from documents.firm import load_firm_profile
from flows.case_pipeline import CaseOutcome, DraftingContext, draft_cases
from intake.importer import import_batch
from intake.synthetic import DEMO_TODAY, generate_cases
from integrations.verification import DebtorIdentity, Verification
from store.drafting import draftable_case_ids
from store.tables import AuditLog, Case, CaseFinding, GeneratedDocument, Invoice, StepRun


def _ctx(tmp_path: Path, **kwargs: object) -> DraftingContext:
    return DraftingContext(
        documents_dir=tmp_path / "documents",
        firm=load_firm_profile(SAMPLE_FIRM),
        reference_date=DEMO_TODAY,
        **kwargs,  # type: ignore[arg-type]
    )


def _cases(engine: sa.Engine, tmp_path: Path, n: int) -> list[int]:
    import_batch(engine, str(generate_cases(n, tmp_path / "batch", seed=11)))
    ids = draftable_case_ids(engine)
    assert len(ids) == n
    return ids


def _counts(engine: sa.Engine) -> dict[str, int]:
    with Session(engine) as s:
        return {
            t.__name__: s.exec(select(sa.func.count()).select_from(t)).one()
            for t in (GeneratedDocument, StepRun, CaseFinding, AuditLog)
        }


def test_groups_store_every_draft_once(engine: sa.Engine, tmp_path: Path) -> None:
    ids = _cases(engine, tmp_path, 7)
    outcomes = draft_cases(engine, ids, _ctx(tmp_path), group_size=3)

    assert [o.case_id for o in outcomes] == ids
    assert {o.outcome for o in outcomes} == {"drafted"}
    with Session(engine) as s:
        docs = s.exec(select(GeneratedDocument)).all()
        for d in docs:  # every row describes the file on disk
            assert d.version == 1
            assert hashlib.sha256(Path(d.path).read_bytes()).hexdigest() == d.sha256
        by_case = Counter(d.case_id for d in docs if d.kind == "pozew")
        assert by_case == dict.fromkeys(ids, 1)
        assert Counter(s.exec(select(StepRun.case_id)).all()) == dict.fromkeys(ids, 1)
        for case in s.exec(select(Case)).all():
            assert case.stage == "ready_for_review"
            assert isinstance(case.total_claim, Decimal) and case.total_claim > 0
            assert json.loads(case.claim_json or "{}")["total_claim"]
            assert case.procedure
        drafted = s.exec(select(AuditLog).where(AuditLog.action == "drafted")).all()
        assert sorted(a.case_id for a in drafted) == ids
        for outcome in outcomes:  # the outcome names the files stored for the case
            names = {Path(d.path).name for d in docs if d.case_id == outcome.case_id}
            assert set(outcome.documents) == names
    assert not list((tmp_path / "documents").rglob("*.part"))

    before = _counts(engine)
    again = draft_cases(engine, ids, _ctx(tmp_path), group_size=3)
    assert {o.outcome for o in again} == {"unchanged"}
    assert {o.reason for o in again} == {"inputs unchanged since the last draft"}
    assert _counts(engine) == before


def test_ready_for_review_case_with_same_inputs_is_unchanged(
    engine: sa.Engine, tmp_path: Path
) -> None:
    ids = _cases(engine, tmp_path, 3)
    draft_cases(engine, ids, _ctx(tmp_path))
    before = _counts(engine)
    # A partner sends one back without anything corrected: same inputs, nothing redrafted.
    with Session(engine) as s:
        s.exec(sa.update(Case).where(Case.id == ids[0]).values(stage="sent_back"))  # type: ignore[call-overload,arg-type]
        s.commit()
    (only,) = draft_cases(engine, [ids[0]], _ctx(tmp_path))
    assert only.outcome == "unchanged"
    assert only.reason == "sent back by the partner; nothing corrected yet"
    assert _counts(engine) == before


def test_one_bad_case_fails_alone(engine: sa.Engine, tmp_path: Path) -> None:
    ids = _cases(engine, tmp_path, 5)
    with Session(engine) as s:  # stored data the legal core refuses
        s.exec(sa.update(Case).where(Case.id == ids[2]).values(claim_basis="no-such-basis"))  # type: ignore[call-overload,arg-type]
        s.commit()
    outcomes = draft_cases(engine, ids, _ctx(tmp_path), group_size=5)

    assert [o.outcome for o in outcomes] == ["drafted"] * 2 + ["failed"] + ["drafted"] * 2
    assert "no-such-basis" in outcomes[2].reason
    with Session(engine) as s:
        failed = s.exec(select(AuditLog).where(AuditLog.action == "draft_failed")).all()
        assert [a.case_id for a in failed] == [ids[2]]
        assert "no-such-basis" in failed[0].detail
        assert not s.exec(
            select(GeneratedDocument).where(GeneratedDocument.case_id == ids[2])
        ).all()
        stage = s.exec(select(Case.stage).where(Case.id == ids[2])).one()
        assert stage == "intake"


def _changing_verifier(engine: sa.Engine, victim: int, calls: list[str]) -> object:
    """A registry answer that arrives while a re-import changes ``victim`` (the registry is
    the outside world; the change goes through the store like any other writer's)."""

    def verify(identity: DebtorIdentity, on: date) -> Verification:
        calls.append(identity.name)
        if len(calls) == 2:  # while the group is being computed
            with Session(engine) as s:  # a re-import raised the first invoice's amount
                first = s.exec(
                    select(sa.func.min(Invoice.id)).where(Invoice.case_id == victim)
                ).one()
                s.exec(
                    sa.update(Invoice)
                    .where(Invoice.id == first)
                    .values(amount=Invoice.amount + Decimal("100.00"))
                )  # type: ignore[call-overload]
                s.exec(sa.update(Case).where(Case.id == victim).values(intake_hash="re-imported"))  # type: ignore[call-overload,arg-type]
                s.commit()
        return Verification(status="skipped", checked_on=on, sources=(), findings=())

    return verify


def test_case_changed_during_drafting_is_drafted_again_from_the_new_state(
    engine: sa.Engine, tmp_path: Path
) -> None:
    ids = _cases(engine, tmp_path, 4)
    calls: list[str] = []
    ctx = _ctx(tmp_path, verifier=_changing_verifier(engine, ids[0], calls))
    outcomes = draft_cases(engine, ids, ctx, group_size=4)

    # The group was computed from the old state of ids[0]; the conditional write refused
    # it, and the case was drafted once more on its own (from the day's registry cache, so
    # no fifth registry call) and stored then: one version, one ledger entry.
    assert len(calls) == 4
    assert [o.outcome for o in outcomes] == ["drafted"] * 4
    with Session(engine) as s:
        docs = s.exec(
            select(GeneratedDocument).where(
                GeneratedDocument.case_id == ids[0], GeneratedDocument.kind == "pozew"
            )
        ).all()
        assert [d.version for d in docs] == [1]
        assert s.exec(select(Case.stage).where(Case.id == ids[0])).one() == "ready_for_review"
        steps = s.exec(select(StepRun).where(StepRun.case_id == ids[0])).all()
        assert len(steps) == 1
        s.exec(sa.update(Case).where(Case.id == ids[0]).values(stage="sent_back"))  # type: ignore[call-overload,arg-type]
        s.commit()
    # What was stored was computed from the raised amount: drafting the current state again
    # finds nothing new (a draft of the old state would now be redrafted).
    (again,) = draft_cases(engine, [ids[0]], ctx)
    assert again.outcome == "unchanged"


def test_two_runs_drafting_the_same_cases_at_once(engine: sa.Engine, tmp_path: Path) -> None:
    ids = _cases(engine, tmp_path, 12)
    results: list[list[CaseOutcome]] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            results.append(draft_cases(engine, ids, _ctx(tmp_path), group_size=4))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    # Every case is drafted by exactly one run; the other finds it done (unchanged).
    for i, case_id in enumerate(ids):
        pair = sorted(r[i].outcome for r in results)
        assert pair == ["drafted", "unchanged"], (case_id, pair)
    with Session(engine) as s:
        docs = s.exec(select(GeneratedDocument)).all()
        assert max(Counter((d.case_id, d.kind) for d in docs).values()) == 1
        assert {d.version for d in docs} == {1}
        for d in docs:
            assert hashlib.sha256(Path(d.path).read_bytes()).hexdigest() == d.sha256
        assert Counter(s.exec(select(StepRun.case_id)).all()) == dict.fromkeys(ids, 1)


def test_files_left_by_a_killed_run_are_swept(engine: sa.Engine, tmp_path: Path) -> None:
    """A run killed while its drafts were staged leaves ``.part`` files; the next run that
    drafts the case, or finds it unchanged, removes them."""
    ids = _cases(engine, tmp_path, 2)
    draft_cases(engine, ids, _ctx(tmp_path))
    with Session(engine) as s:
        folders = {
            d.case_id: Path(d.path).parent
            for d in s.exec(select(GeneratedDocument).where(GeneratedDocument.kind == "pozew"))
        }
        first = s.exec(select(sa.func.min(Invoice.id)).where(Invoice.case_id == ids[1])).one()
        # ids[0]: sent back, nothing corrected (unchanged); ids[1]: re-imported with a change
        s.exec(sa.update(Case).where(Case.id == ids[0]).values(stage="sent_back"))  # type: ignore[call-overload,arg-type]
        s.exec(
            sa.update(Invoice)
            .where(Invoice.id == first)
            .values(amount=Invoice.amount + Decimal("1.00"))
        )  # type: ignore[call-overload]
        s.exec(sa.update(Case).where(Case.id == ids[1]).values(stage="intake"))  # type: ignore[call-overload,arg-type]
        s.commit()
    for case_id in ids:
        (folders[case_id] / ".pozew-v2.docx.0123456789ab.part").write_bytes(b"half a file")

    outcomes = draft_cases(engine, ids, _ctx(tmp_path))

    assert [o.outcome for o in outcomes] == ["unchanged", "drafted"]
    assert not list((tmp_path / "documents").rglob("*.part"))
    with Session(engine) as s:
        docs = s.exec(select(GeneratedDocument).where(GeneratedDocument.case_id == ids[1])).all()
        assert {d.version for d in docs if d.kind == "pozew"} == {1, 2}
        for d in docs:
            assert hashlib.sha256(Path(d.path).read_bytes()).hexdigest() == d.sha256
