"""Importing the shipped samples into a real store (SQLite and PostgreSQL)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, func, select

from intake import Outcome, import_batch
from law.case import LetterKind, PartyKind
from store.cases import case_ids_for_batch, find_case, load_case_file
from store.tables import (
    AuditLog,
    Batch,
    Case,
    Contract,
    Correspondence,
    Creditor,
    Debtor,
    EvidenceFile,
    IntakeRejection,
    Invoice,
    Payment,
)
from tests.intake.conftest import CREDITOR, SAMPLES

TABLES: tuple[Any, ...] = (
    Creditor,
    Debtor,
    Case,
    Contract,
    Invoice,
    Payment,
    Correspondence,
    EvidenceFile,
    IntakeRejection,
    AuditLog,
    Batch,
)


def counts(engine: sa.Engine) -> dict[str, int]:
    with Session(engine) as s:
        return {t.__name__: s.exec(select(func.count()).select_from(t)).one() for t in TABLES}


def test_all_five_samples_import(engine: sa.Engine) -> None:
    seen: list[Outcome] = []
    report = import_batch(engine, SAMPLES / "cases", progress=lambda o: seen.append(o.outcome))
    assert report.ok, report.errors
    assert (report.created, report.seen) == (5, 5)
    assert seen == [Outcome.CREATED] * 5
    assert counts(engine) == {
        "Creditor": 1,
        "Debtor": 5,
        "Case": 5,
        "Contract": 3,
        "Invoice": 9,
        "Payment": 1,
        "Correspondence": 8,
        "EvidenceFile": 25,  # 24 + the KSeF FA(3) XML of TT/WIND/2026/0152
        "IntakeRejection": 0,
        "AuditLog": 6,  # 5 cases created + 1 batch summary
        "Batch": 1,
    }
    with Session(engine) as s:
        batch = s.get(Batch, report.batch_id)
        assert batch is not None
        assert (batch.cases_seen, batch.cases_imported, batch.cases_rejected) == (5, 5, 0)
        assert len(case_ids_for_batch(s, report.batch_id)) == 5
        actions = sorted(a.action for a in s.exec(select(AuditLog)).all())
        assert actions == ["intake.batch"] + ["intake.created"] * 5


def test_money_and_dates_round_trip_exactly(engine: sa.Engine) -> None:
    import_batch(engine, SAMPLES / "cases")
    with Session(engine) as s:
        found = find_case(s, "TT/WIND/2026/0141", creditor_nip="258-813-99-84")
        assert found is not None and found.id is not None
        assert find_case(s, "TT/WIND/2026/0141") is not None
        assert find_case(s, "TT/WIND/2026/0141", creditor_nip="5261040828") is None
        case = load_case_file(s, found.id)
    assert case.stage == "intake" and case.claim_basis == "sale"
    assert case.creditor.nip == "2588139984"
    assert case.creditor.bank_account == "55276115505236426295045061"
    amounts = [i.amount for i in case.invoices]
    assert amounts == [Decimal("4920.00"), Decimal("6150.00"), Decimal("3567.00")]
    assert all(isinstance(a, Decimal) for a in amounts)
    assert sum(amounts) - case.payments[0].amount == Decimal("12637.00")
    demand = case.final_demand
    assert demand is not None and demand.delivery_proof_file == "zpo-wezwanie-2026-10-12.pdf"
    assert {e.kind.value for e in case.evidence} == {"invoice", "correspondence", "delivery_proof"}
    assert all(len(e.sha256) == 64 and e.size_bytes > 0 for e in case.evidence)
    assert (case.paralegal, case.partner) == ("mkowal", "esadowska")


def test_sample_features(sqlite_engine: sa.Engine) -> None:
    import_batch(sqlite_engine, SAMPLES / "cases")
    with Session(sqlite_engine) as s:

        def load(ref: str) -> Any:
            row = find_case(s, ref)
            assert row is not None and row.id is not None
            return load_case_file(s, row.id)

        services = load("TT/WIND/2026/0152")
        consumer = load("TT/WIND/2026/0163")
        big = load("TT/WIND/2026/0171")
        old = load("TT/WIND/2025/0087")
    assert services.invoices[0].accepted_by_debtor and services.contract is not None
    assert consumer.debtor.kind is PartyKind.CONSUMER and consumer.debtor.pesel == "84031719621"
    assert sum(i.amount for i in big.invoices) == Decimal("63345.00")
    assert any(x.requests_instalments for x in big.letters)
    assert [x.kind for x in big.letters].count(LetterKind.EMAIL) == 2
    assert big.acknowledgements and str(big.acknowledgements[0]) == "2026-09-28"
    assert min(i.due_date for i in old.invoices).year == 2023


def test_the_csv_sample_imports_with_a_default_creditor(engine: sa.Engine) -> None:
    import_batch(engine, SAMPLES / "cases")
    report = import_batch(engine, SAMPLES / "cases.csv", creditor=CREDITOR)
    assert report.ok, report.errors
    assert report.created == 2
    with Session(engine) as s:
        assert s.exec(select(func.count()).select_from(Creditor)).one() == 1
        row = find_case(s, "TT/WIND/2026/0180")
        assert row is not None and row.id is not None
        case = load_case_file(s, row.id)
        assert Path(row.evidence_root) == SAMPLES.resolve()
    assert case.debtor.name.startswith("Łukasz Śliwa")
    assert [i.amount for i in case.invoices] == [Decimal("1845.00"), Decimal("2767.50")]
    assert case.payments[0].amount == Decimal("1000.00")
    assert case.invoices[0].file == "evidence/FV-2026-07-201.pdf"
    assert case.final_demand is not None and str(case.final_demand.delivered_on) == "2026-10-09"
