"""Re-import is keyed on (creditor, external_ref): unchanged writes nothing, changed replaces."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, select

from intake import Outcome, import_batch
from law.stages import Stage
from store.cases import find_case, load_case_file
from store.tables import AuditLog, Case, IntakeRejection, Invoice
from tests.intake.test_import import counts

REF = "TT/WIND/2026/0141"


def change_first_amount(cases: Path, amount: str) -> None:
    path = cases / "TT-0141-budomax" / "case.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["invoices"][0]["amount"] = amount
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def set_stage(engine: sa.Engine, stage: Stage) -> int:
    with Session(engine) as s:
        case = find_case(s, REF)
        assert case is not None and case.id is not None
        case.stage = stage.value
        s.add(case)
        s.commit()
        return case.id


def test_unchanged_reimport_writes_nothing(engine: sa.Engine, sample_cases: Path) -> None:
    import_batch(engine, sample_cases)
    before = counts(engine)
    report = import_batch(engine, sample_cases)
    assert [o.outcome for o in report.outcomes] == [Outcome.UNCHANGED] * 5
    after = counts(engine)
    # only the new batch row and its one summary audit row
    assert after == before | {"Batch": before["Batch"] + 1, "AuditLog": before["AuditLog"] + 1}


def test_same_amount_in_another_notation_is_unchanged(
    sqlite_engine: sa.Engine, sample_cases: Path
) -> None:
    import_batch(sqlite_engine, sample_cases)
    change_first_amount(sample_cases, "4 920,00")
    assert import_batch(sqlite_engine, sample_cases).unchanged == 5


def test_changed_amount_updates_and_replaces_child_rows(
    engine: sa.Engine, sample_cases: Path
) -> None:
    import_batch(engine, sample_cases)
    before = counts(engine)
    change_first_amount(sample_cases, "5 000,00")
    report = import_batch(engine, sample_cases)
    assert (report.updated, report.unchanged) == (1, 4)
    after = counts(engine)
    for table in ("Case", "Debtor", "Invoice", "Payment", "Correspondence", "EvidenceFile"):
        assert after[table] == before[table], table
    with Session(engine) as s:
        (case,) = s.exec(select(Case).where(Case.external_ref == REF)).all()
        assert case.id is not None
        assert load_case_file(s, case.id).invoices[0].amount == Decimal("5000.00")
        assert s.exec(select(Invoice).where(Invoice.amount == Decimal("4920.00"))).all() == []
        actions = [a.action for a in s.exec(select(AuditLog).where(AuditLog.case_id == case.id))]
        assert actions == ["intake.created", "intake.updated"]


def test_changed_case_waiting_for_review_goes_back_to_intake(
    engine: sa.Engine, sample_cases: Path
) -> None:
    import_batch(engine, sample_cases)
    case_id = set_stage(engine, Stage.READY_FOR_REVIEW)
    change_first_amount(sample_cases, "4 000,00")
    assert import_batch(engine, sample_cases).updated == 1
    with Session(engine) as s:
        case = s.get(Case, case_id)
        assert case is not None and case.stage == "intake"
        audit = s.exec(select(AuditLog).where(AuditLog.action == "intake.updated")).one()
        assert "ready_for_review -> intake" in audit.detail


def test_reimport_of_an_approved_case_is_refused(engine: sa.Engine, sample_cases: Path) -> None:
    import_batch(engine, sample_cases)
    case_id = set_stage(engine, Stage.APPROVED)
    assert import_batch(engine, sample_cases).unchanged == 5  # same data: nothing to refuse
    change_first_amount(sample_cases, "9 999,99")
    report = import_batch(engine, sample_cases)
    assert (report.rejected, report.unchanged) == (1, 4)
    (refused,) = [o for o in report.outcomes if o.outcome is Outcome.REJECTED]
    assert refused.case_id == case_id
    (error,) = refused.errors
    assert error.field == "external_ref"
    assert "already approved; re-import may change a case only in intake" in error.message
    with Session(engine) as s:
        case = load_case_file(s, case_id)
        assert case.stage == "approved" and case.invoices[0].amount == Decimal("4920.00")
        rejection = s.exec(select(IntakeRejection)).one()
        assert rejection.external_ref == REF and "already approved" in rejection.errors_json
