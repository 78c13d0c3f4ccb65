"""Re-import is keyed on (creditor, external_ref): unchanged writes nothing, changed replaces."""

from __future__ import annotations

import dataclasses
import json
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, select

from intake import Outcome, import_batch
from law.case import PaymentInfo
from law.stages import Stage
from store.accounts import get_user
from store.cases import case_changes, find_case, load_case_file
from store.db import session_scope
from store.review import create_user, record_decision
from store.tables import AuditLog, Case, CaseFinding, IntakeRejection, Invoice, ReviewDecision
from tests.intake.test_import import counts

REF = "TT/WIND/2026/0141"


def change_first_amount(cases: Path, amount: str) -> None:
    path = cases / "TT-0141-budomax" / "case.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["invoices"][0]["amount"] = amount
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def set_stage(engine: sa.Engine, stage: Stage, ref: str = REF) -> int:
    with Session(engine) as s:
        case = find_case(s, ref)
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


def test_reimport_of_a_filed_case_is_refused(engine: sa.Engine, sample_cases: Path) -> None:
    import_batch(engine, sample_cases)
    case_id = set_stage(engine, Stage.FILED)
    assert import_batch(engine, sample_cases).unchanged == 5  # same data: nothing to refuse
    change_first_amount(sample_cases, "9 999,99")
    report = import_batch(engine, sample_cases)
    assert (report.rejected, report.unchanged) == (1, 4)
    (refused,) = [o for o in report.outcomes if o.outcome is Outcome.REJECTED]
    assert refused.case_id == case_id
    (error,) = refused.errors
    assert error.field == "external_ref"
    assert "already filed; re-import may change a case only in intake" in error.message
    with Session(engine) as s:
        case = load_case_file(s, case_id)
        assert case.stage == "filed" and case.invoices[0].amount == Decimal("4920.00")
        rejection = s.exec(select(IntakeRejection)).one()
        assert rejection.external_ref == REF and "already filed" in rejection.errors_json
        # whoever opens the case sees what the creditor tried to change
        (finding,) = s.exec(select(CaseFinding).where(CaseFinding.case_id == case_id)).all()
        assert (finding.source, finding.code) == ("intake", "changed_after_filing")
        assert "kwota 4920.00 -> 9999.99" in finding.message


def _partner_decides(engine: sa.Engine, case_id: int, decision: str, comment: str = "") -> None:
    with session_scope(engine) as s:
        if get_user(s, "pawel") is None:
            create_user(s, "pawel", "partner", "haslo-partnera-1")
    with session_scope(engine) as s:
        record_decision(s, case_id, "pawel", decision, comment)


def test_an_unchanged_copy_in_another_folder_changes_nothing(
    engine: sa.Engine, sample_cases: Path, tmp_path: Path
) -> None:
    """The fingerprint covers the content, not the folder (it used to send every case back
    to intake, out of the review queue, dropping the partner's decisions)."""
    import_batch(engine, sample_cases)
    case_id = set_stage(engine, Stage.READY_FOR_REVIEW)
    _partner_decides(engine, case_id, "send_back", "Brak potwierdzenia doręczenia")
    with Session(engine) as s:
        other = find_case(s, "TT/WIND/2026/0152")
        assert other is not None and other.id is not None
        other_id = other.id
    set_stage(engine, Stage.READY_FOR_REVIEW, "TT/WIND/2026/0152")
    copy = Path(shutil.copytree(sample_cases, tmp_path / "elsewhere" / "cases"))

    report = import_batch(engine, copy)

    assert [o.outcome for o in report.outcomes] == [Outcome.UNCHANGED] * 5
    with Session(engine) as s:
        case = s.get(Case, case_id)
        assert case is not None
        assert (case.stage, case.review_comment) == ("sent_back", "Brak potwierdzenia doręczenia")
        assert case.evidence_root == str(copy.resolve() / "TT-0141-budomax")  # follows the copy
        assert len(s.exec(select(ReviewDecision)).all()) == 1
        waiting = s.get(Case, other_id)
        assert waiting is not None and waiting.stage == "ready_for_review"
        assert s.exec(select(CaseFinding)).all() == []
        assert len(s.exec(select(AuditLog).where(AuditLog.action == "intake.relocated")).all()) == 5


def test_an_old_fingerprint_with_the_folder_in_it_is_not_a_change(
    engine: sa.Engine, sample_cases: Path
) -> None:
    import_batch(engine, sample_cases)
    case_id = set_stage(engine, Stage.READY_FOR_REVIEW)
    with Session(engine) as s:  # as stored before the fingerprint left the folder out
        case = s.get(Case, case_id)
        assert case is not None
        case.intake_hash = "f" * 64
        s.add(case)
        s.commit()
    assert import_batch(engine, sample_cases).unchanged == 5
    with Session(engine) as s:
        case = s.get(Case, case_id)
        assert case is not None and case.stage == "ready_for_review"
        assert case.intake_hash != "f" * 64
    assert import_batch(engine, sample_cases).unchanged == 5


def test_a_change_after_approval_goes_back_to_review_with_what_changed(
    engine: sa.Engine, sample_cases: Path
) -> None:
    import_batch(engine, sample_cases)
    case_id = set_stage(engine, Stage.READY_FOR_REVIEW)
    _partner_decides(engine, case_id, "approve")
    change_first_amount(sample_cases, "5 000,00")

    report = import_batch(engine, sample_cases)

    assert (report.updated, report.unchanged) == (1, 4)
    with Session(engine) as s:
        case = s.get(Case, case_id)
        assert case is not None and case.stage == "intake"  # drafted again, then reviewed
        (decision,) = s.exec(select(ReviewDecision)).all()  # the approval stays in history
        assert decision.decision == "approve"
        (finding,) = s.exec(select(CaseFinding).where(CaseFinding.case_id == case_id)).all()
        assert (finding.source, finding.code, finding.severity) == (
            "intake",
            "changed_after_decision",
            "warning",
        )
        assert "zatwierdzenie: pawel" in finding.message
        assert "kwota 4920.00 -> 5000.00" in finding.message
        audit = s.exec(select(AuditLog).where(AuditLog.action == "intake.updated")).one()
        detail = json.loads(audit.detail)
        assert detail["stage"] == "approved -> intake"
        assert any("kwota 4920.00 -> 5000.00" in c for c in detail["changes"])


def test_a_packaged_approved_case_is_not_changed(engine: sa.Engine, sample_cases: Path) -> None:
    import_batch(engine, sample_cases)
    case_id = set_stage(engine, Stage.APPROVED)
    with session_scope(engine) as s:
        s.add(AuditLog(actor="cli", action="epu_package", case_id=case_id, detail="{}"))
    change_first_amount(sample_cases, "5 000,00")
    report = import_batch(engine, sample_cases)
    assert report.rejected == 1
    (refused,) = [o for o in report.outcomes if o.outcome is Outcome.REJECTED]
    assert "already in an e-Sąd package" in refused.errors[0].message
    with Session(engine) as s:
        case = s.get(Case, case_id)
        assert case is not None and case.stage == "approved"


def test_case_changes_names_fields_invoices_and_files(
    engine: sa.Engine, sample_cases: Path
) -> None:
    import_batch(engine, sample_cases)
    with Session(engine) as s:
        case = find_case(s, REF)
        assert case is not None and case.id is not None
        before = load_case_file(s, case.id)
    invoice = dataclasses.replace(before.invoices[0], amount=Decimal("1.00"))
    evidence = dataclasses.replace(before.evidence[0], sha256="0" * 64)
    debtor = dataclasses.replace(before.debtor, pesel="44051401359")
    after = dataclasses.replace(
        before,
        invoices=(invoice, *before.invoices[1:]),
        evidence=(evidence, *before.evidence[1:]),
        debtor=debtor,
        payments=(*before.payments, PaymentInfo(date(2026, 11, 2), Decimal("100.00"))),
    )
    changes = case_changes(before, after)
    assert "dłużnik: PESEL" in changes
    assert f"faktura {invoice.number}: kwota 4920.00 -> 1.00" in changes
    assert f"zmieniona treść pliku {evidence.path}" in changes
    assert "nowa wpłata 100.00 z 2026-11-02" in changes
    assert "44051401359" not in " ".join(changes)  # personal data is named, never quoted
    assert case_changes(before, before) == []
