"""``store.cases.store_cases``: a chunk in one transaction stores what ``store_case`` stores."""

from __future__ import annotations

import dataclasses
import json
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session, col, select

from intake.importer import iter_raw_cases, prepare_case
from intake.synthetic import generate_cases
from law.case import Address, CaseFile, Party, PartyKind
from law.stages import Stage
from store.cases import (
    CaseToStore,
    SaveOutcome,
    load_case_files,
    open_batch,
    store_case,
    store_cases,
)
from store.tables import AuditLog, Case, Creditor, Debtor, IntakeRejection, Invoice
from tests.conftest import SAMPLES

TODAY = date(2026, 11, 23)
# columns the two paths may not share: ids, and the clock
NOT_COMPARED = {"id", "debtor_id", "external_ref", "created_at", "updated_at"}


def prepared_cases(tmp_path: Path, synthetic: int = 12) -> list[CaseToStore]:
    """The samples (contracts, evidence, letters) and some synthetic cases, checked."""
    batch = Path(shutil.copytree(SAMPLES / "cases", tmp_path / "batch"))
    generate_cases(synthetic, batch, seed=3, today=TODAY)
    items = []
    for raw in iter_raw_cases(batch):
        prepared, errors = prepare_case(raw, today=TODAY)
        assert prepared is not None, errors
        items.append(CaseToStore(prepared.case, prepared.intake_hash, str(prepared.evidence_root)))
    return items


def renamed(item: CaseToStore, prefix: str) -> CaseToStore:
    case = dataclasses.replace(item.case, external_ref=prefix + item.case.external_ref)
    return dataclasses.replace(item, case=case)


def stored(engine: sa.Engine, refs: list[str]) -> dict[str, dict[str, Any]]:
    """Per external_ref: the case row, its debtor row, its CaseFile and its audit rows."""
    with Session(engine) as s:
        cases = s.exec(select(Case).where(col(Case.external_ref).in_(refs))).all()
        files = load_case_files(s, [c.id for c in cases if c.id is not None])
        out = {}
        for case in cases:
            assert case.id is not None
            debtor = s.get(Debtor, case.debtor_id)
            assert debtor is not None
            audit = s.exec(
                select(AuditLog).where(AuditLog.case_id == case.id).order_by(col(AuditLog.id))
            ).all()
            out[case.external_ref] = {
                "case": case.model_dump(),
                "debtor": debtor.model_dump(exclude={"id"}),
                "file": files[case.id],
                "audit": [(a.actor, a.action, json.loads(a.detail), a.at) for a in audit],
            }
        return out


def count_statements(engine: sa.Engine) -> list[str]:
    """Every statement the engine sends from now on (executemany counts once)."""
    sent: list[str] = []

    @sa.event.listens_for(engine, "before_cursor_execute")
    def _sent(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append(statement)

    return sent


def test_a_chunk_of_new_cases_stores_what_the_per_case_path_stores(
    engine: sa.Engine, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    items = prepared_cases(tmp_path)
    batch_id = open_batch(engine, "chunk", "test")
    one_by_one = [renamed(item, "P/") for item in items]
    for item in one_by_one:
        result = store_case(
            engine,
            item.case,
            intake_hash=item.intake_hash,
            evidence_root=item.evidence_root,
            batch_id=batch_id,
        )
        assert result.outcome is SaveOutcome.CREATED

    sent = count_statements(engine)
    results = store_cases(engine, items, batch_id=batch_id)

    assert [r.outcome for r in results] == [SaveOutcome.CREATED] * len(items)
    # a lookup per creditor (the samples' and the synthetic one), one existing-case SELECT,
    # one INSERT per table - except that SQLite, which cannot tie RETURNING rows to their
    # parameters in a multi-row INSERT, gets the debtor and case INSERTs row by row
    returning = ("INSERT INTO debtor ", 'INSERT INTO "case" ')
    row_by_row = [s for s in sent if s.startswith(returning)]
    assert len(sent) - len(row_by_row) == 2 + 1 + 5 + 1, "\n".join(s[:70] for s in sent)
    per_table = 1 if engine.dialect.name == "postgresql" else len(items)
    assert len(row_by_row) == 2 * per_table
    assert "one by one" not in caplog.text
    assert all(r.stage == "intake" and r.error is None for r in results)
    refs = [item.case.external_ref for item in items]
    chunk = stored(engine, refs)
    single = stored(engine, [item.case.external_ref for item in one_by_one])
    assert [chunk[ref]["case"]["id"] for ref in refs] == [r.case_id for r in results]
    for ref in refs:
        ours, theirs = chunk[ref], single["P/" + ref]
        assert ours["file"] == dataclasses.replace(
            theirs["file"], case_id=ours["file"].case_id, external_ref=ref
        )
        assert ours["debtor"] == theirs["debtor"]
        same = {k: v for k, v in ours["case"].items() if k not in NOT_COMPARED}
        assert same == {k: v for k, v in theirs["case"].items() if k not in NOT_COMPARED}
        assert same["batch_id"] == batch_id and same["stage"] == "intake"
        assert same["intake_hash"] and same["evidence_root"]
        assert ours["case"]["created_at"] is not None and ours["case"]["updated_at"] is not None
        ((actor, action, detail, at),) = ours["audit"]
        ((their_actor, their_action, their_detail, _),) = theirs["audit"]
        assert (actor, action) == (their_actor, their_action) == ("intake", "intake.created")
        assert detail == their_detail | {"external_ref": ref}
        assert at is not None
    # the samples' contracts, payments, letters and evidence really were compared
    files = [chunk[ref]["file"] for ref in refs]
    assert all(any(getattr(f, k) for f in files) for k in ("contract", "payments", "letters"))
    assert all(f.evidence for f in files)


def test_creditor_looked_up_once_and_refreshed_as_case_by_case(
    engine: sa.Engine, tmp_path: Path
) -> None:
    first, second, third = prepared_cases(tmp_path, synthetic=0)[:3]
    creditor = first.case.creditor
    assert creditor.address.street
    # the same creditor without an address (a CSV naming only NIP and name) and a new e-mail
    bare = dataclasses.replace(creditor, address=Address(), email="windykacja@example.pl")
    other = Party(PartyKind.COMPANY, "Inny Wierzyciel sp. z o.o.", nip="5260250274")
    chunk = [
        first,
        dataclasses.replace(second, case=dataclasses.replace(second.case, creditor=bare)),
        dataclasses.replace(third, case=dataclasses.replace(third.case, creditor=other)),
    ]

    results = store_cases(engine, chunk, batch_id=None)

    assert [r.outcome for r in results] == [SaveOutcome.CREATED] * 3
    with Session(engine) as s:
        rows = {c.nip: c for c in s.exec(select(Creditor)).all()}
        assert set(rows) == {creditor.nip, other.nip}
        kept = rows[creditor.nip]
        assert (kept.street, kept.city) == (creditor.address.street, creditor.address.city)
        assert kept.email == "windykacja@example.pl"
        ids = {c.external_ref: c.creditor_id for c in s.exec(select(Case)).all()}
    assert ids[first.case.external_ref] == ids[second.case.external_ref] == kept.id
    assert ids[third.case.external_ref] == rows[other.nip].id


def with_amount(item: CaseToStore, amount: str) -> CaseToStore:
    invoice = dataclasses.replace(item.case.invoices[0], amount=Decimal(amount))
    case = dataclasses.replace(item.case, invoices=(invoice, *item.case.invoices[1:]))
    return dataclasses.replace(item, case=case, intake_hash=item.intake_hash[::-1])


def set_stage(engine: sa.Engine, case_id: int | None, stage: Stage) -> None:
    with Session(engine) as s:
        case = s.get(Case, case_id)
        assert case is not None
        case.stage = stage.value
        s.add(case)
        s.commit()


def test_a_mixed_chunk_gives_each_case_its_outcome_in_order(
    engine: sa.Engine, tmp_path: Path
) -> None:
    items = prepared_cases(tmp_path, synthetic=3)
    old, new = items[:4], items[4:]
    first = store_cases(engine, old, batch_id=None)
    assert [r.outcome for r in first] == [SaveOutcome.CREATED] * 4
    unchanged, updated, refused, reviewed = old
    set_stage(engine, first[2].case_id, Stage.FILED)
    set_stage(engine, first[3].case_id, Stage.READY_FOR_REVIEW)
    batch_id = open_batch(engine, "second", "test")
    chunk = [
        new[0],
        unchanged,
        with_amount(updated, "7777.77"),
        new[1],
        with_amount(refused, "1.00"),
        with_amount(reviewed, "2.00"),
        new[2],
    ]

    results = store_cases(engine, chunk, batch_id=batch_id)

    assert [r.outcome for r in results] == [
        SaveOutcome.CREATED,
        SaveOutcome.UNCHANGED,
        SaveOutcome.UPDATED,
        SaveOutcome.CREATED,
        SaveOutcome.REFUSED,
        SaveOutcome.UPDATED,
        SaveOutcome.CREATED,
    ]
    assert [r.case_id for r in results[1:3]] == [first[0].case_id, first[1].case_id]
    assert [r.case_id for r in results[4:6]] == [first[2].case_id, first[3].case_id]
    assert [r.stage for r in results] == [
        "intake",
        "intake",
        "intake",
        "intake",
        "filed",
        "intake",
        "intake",
    ]
    assert "already filed" in results[4].reason
    refs = [item.case.external_ref for item in chunk]
    rows = stored(engine, refs)
    amounts = {ref: rows[ref]["file"].invoices[0].amount for ref in refs}
    assert amounts[updated.case.external_ref] == Decimal("7777.77")
    assert amounts[refused.case.external_ref] == refused.case.invoices[0].amount
    assert amounts[reviewed.case.external_ref] == Decimal("2.00")
    actions = {ref: [a[1] for a in rows[ref]["audit"]] for ref in refs}
    assert actions[unchanged.case.external_ref] == ["intake.created"]
    assert actions[refused.case.external_ref] == ["intake.created"]
    assert actions[updated.case.external_ref] == ["intake.created", "intake.updated"]
    assert rows[reviewed.case.external_ref]["audit"][1][2]["stage"] == "ready_for_review -> intake"
    assert "stage" not in rows[updated.case.external_ref]["audit"][1][2]
    batches = {ref: rows[ref]["case"]["batch_id"] for ref in refs}
    assert batches[unchanged.case.external_ref] is None  # an unchanged case keeps its batch
    assert batches[refused.case.external_ref] is None
    assert batches[updated.case.external_ref] == batches[new[0].case.external_ref] == batch_id


def test_a_chunk_the_database_refuses_is_stored_case_by_case(
    engine: sa.Engine, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    items = prepared_cases(tmp_path, synthetic=4)
    bad = items[3]
    repeated = (bad.case.invoices[0], bad.case.invoices[0])  # breaks UNIQUE(case_id, number)
    items[3] = dataclasses.replace(bad, case=dataclasses.replace(bad.case, invoices=repeated))

    results = store_cases(engine, items, batch_id=None)

    assert "storing a chunk of 9 cases failed (IntegrityError" in caplog.text
    outcomes = [r.outcome for r in results]
    assert outcomes == [SaveOutcome.CREATED] * 3 + [SaveOutcome.FAILED] + [SaveOutcome.CREATED] * 5
    assert isinstance(results[3].error, sa.exc.IntegrityError)
    assert results[3].case_id is None and "IntegrityError" in results[3].reason
    with Session(engine) as s:
        refs = set(s.exec(select(Case.external_ref)).all())
        assert refs == {i.case.external_ref for i in items} - {bad.case.external_ref}
        assert len(s.exec(select(Debtor)).all()) == len(items) - 1  # nothing of the bad case
        audit = s.exec(select(AuditLog.case_id).where(AuditLog.action == "intake.created"))
        assert sorted(audit.all()) == sorted(r.case_id for r in results if r.case_id)
        assert s.exec(select(IntakeRejection)).all() == []  # rejecting is the importer's job
        invoices = s.exec(select(Invoice.case_id)).all()
        assert set(invoices) == {r.case_id for r in results if r.case_id}


def test_one_case_twice_in_a_chunk_is_stored_as_in_two_hand_overs(
    engine: sa.Engine, tmp_path: Path
) -> None:
    item = prepared_cases(tmp_path, synthetic=0)[0]
    changed = with_amount(item, "12.34")

    results = store_cases(engine, [item, item, changed], batch_id=None)

    assert [r.outcome for r in results] == [
        SaveOutcome.CREATED,
        SaveOutcome.UNCHANGED,
        SaveOutcome.UPDATED,
    ]
    assert len({r.case_id for r in results}) == 1
    with Session(engine) as s:
        (case,) = s.exec(select(Case)).all()
        assert case.id is not None
        stored_case: CaseFile = load_case_files(s, [case.id])[case.id]
        assert stored_case.invoices[0].amount == Decimal("12.34")


def test_an_empty_chunk_stores_nothing(engine: sa.Engine) -> None:
    assert store_cases(engine, [], batch_id=None) == []
    with Session(engine) as s:
        assert s.exec(select(AuditLog)).all() == []
