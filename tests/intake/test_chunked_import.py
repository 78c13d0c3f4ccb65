"""``import_batch`` stores clean cases in chunks; outcomes still come one per case, in order."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from intake import CaseOutcome, Outcome, import_batch
from law.stages import Stage
from store.cases import find_case, load_case_file
from store.tables import AuditLog, Case, IntakeRejection
from tests.intake.conftest import SAMPLES, case_doc, write_case


def build_batch(root: Path) -> list[tuple[str, str, Outcome]]:
    """Eight case folders; the expected (folder, external_ref, outcome) in read order."""
    write_case(root / "01-good", case_doc(external_ref="A/1"))
    bad = case_doc(external_ref="B/1")
    bad["debtor"]["nip"] = "1234567890"
    write_case(root / "02-bad-nip", bad)
    write_case(root / "03-good", case_doc(external_ref="A/2"))
    write_case(root / "04-again-a1", case_doc(external_ref="A/1"))  # a chunk stored before
    write_case(root / "05-good", case_doc(external_ref="A/3"))
    write_case(root / "06-again-a3", case_doc(external_ref="A/3"))  # still waiting in a chunk
    write_case(root / "07-good", case_doc(external_ref="A/4"))
    missing = case_doc(external_ref="B/2")
    missing["invoices"][0]["file"] = "brak.pdf"
    write_case(root / "08-bad-file", missing, files=())
    created, rejected = Outcome.CREATED, Outcome.REJECTED
    return [
        ("01-good", "A/1", created),
        ("02-bad-nip", "B/1", rejected),
        ("03-good", "A/2", created),
        ("04-again-a1", "A/1", rejected),
        ("05-good", "A/3", created),
        ("06-again-a3", "A/3", rejected),
        ("07-good", "A/4", created),
        ("08-bad-file", "B/2", rejected),
    ]


@pytest.mark.parametrize("chunk_size", [1, 2, 3, 200])
def test_outcomes_and_progress_in_read_order_whatever_the_chunk_size(
    engine: sa.Engine, tmp_path: Path, chunk_size: int
) -> None:
    expected = build_batch(tmp_path / "batch")
    seen: list[CaseOutcome] = []

    report = import_batch(engine, tmp_path / "batch", progress=seen.append, chunk_size=chunk_size)

    got = [(Path(o.source).parent.name, o.external_ref, o.outcome) for o in report.outcomes]
    assert got == expected
    assert seen == report.outcomes  # once per case, in read order
    for outcome in report.outcomes[3], report.outcomes[5]:
        (error,) = outcome.errors
        assert "występuje dwa razy w tej partii" in error.message
    with Session(engine) as s:
        cases = {c.external_ref: c for c in s.exec(select(Case)).all()}
        assert sorted(cases) == ["A/1", "A/2", "A/3", "A/4"]
        assert [cases[ref].id for ref in ("A/1", "A/2", "A/3", "A/4")] == [
            o.case_id for o in report.outcomes if o.outcome is Outcome.CREATED
        ]
        assert all(c.batch_id == report.batch_id for c in cases.values())
        assert len(s.exec(select(IntakeRejection)).all()) == 4
        actions = [a.action for a in s.exec(select(AuditLog)).all()]
        assert (
            sorted(actions) == ["intake.batch"] + ["intake.created"] * 4 + ["intake.rejected"] * 4
        )


def test_reimport_in_small_chunks_mixes_every_outcome_in_order(
    engine: sa.Engine, tmp_path: Path
) -> None:
    batch = Path(shutil.copytree(SAMPLES / "cases", tmp_path / "cases"))
    first = import_batch(engine, batch, chunk_size=2)
    assert first.created == 5
    refs = [o.external_ref for o in first.outcomes]
    with Session(engine) as s:
        approved = find_case(s, refs[1])
        assert approved is not None and approved.id is not None
        approved.stage = Stage.FILED.value
        approved_id = approved.id
        s.add(approved)
        s.commit()
    for folder in ("TT-0141-budomax", "TT-0163-zielinska"):  # refs[1] and refs[3]
        path = batch / folder / "case.json"
        doc = json.loads(path.read_text(encoding="utf-8"))
        doc["invoices"][0]["amount"] = "9 999,99"
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    write_case(batch / "TT-0999-new", case_doc(external_ref="TT/WIND/2026/0999"))
    seen: list[Outcome] = []

    report = import_batch(engine, batch, chunk_size=2, progress=lambda o: seen.append(o.outcome))

    expected = [
        Outcome.UNCHANGED,
        Outcome.REJECTED,  # filed: re-import may not change it
        Outcome.UNCHANGED,
        Outcome.UPDATED,
        Outcome.UNCHANGED,
        Outcome.CREATED,
    ]
    assert [o.outcome for o in report.outcomes] == seen == expected
    assert [o.external_ref for o in report.outcomes] == [*refs, "TT/WIND/2026/0999"]
    assert [o.case_id for o in report.outcomes[:5]] == [o.case_id for o in first.outcomes]
    assert "already filed" in report.outcomes[1].errors[0].message
    with Session(engine) as s:
        updated = report.outcomes[3].case_id
        assert updated is not None
        assert str(load_case_file(s, updated).invoices[0].amount) == "9999.99"
        assert str(load_case_file(s, approved_id).invoices[0].amount) != "9999.99"


def refuse_inserts_of(engine: sa.Engine, external_ref: str) -> None:
    """A database trigger that refuses one case: the store's failure, not ours to fake."""
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql(
                'CREATE TRIGGER refuse_case BEFORE INSERT ON "case" '
                f"WHEN NEW.external_ref = '{external_ref}' "
                "BEGIN SELECT RAISE(ABORT, 'refused by the test trigger'); END"
            )
        else:
            conn.exec_driver_sql(
                "CREATE FUNCTION refuse_case() RETURNS trigger AS $$ BEGIN "
                f"IF NEW.external_ref = '{external_ref}' THEN "
                "RAISE EXCEPTION 'refused by the test trigger'; END IF; RETURN NEW; "
                "END $$ LANGUAGE plpgsql"
            )
            conn.exec_driver_sql(
                'CREATE TRIGGER refuse_case BEFORE INSERT ON "case" '
                "FOR EACH ROW EXECUTE FUNCTION refuse_case()"
            )


def test_a_case_the_store_refuses_is_rejected_and_its_chunk_still_imports(
    engine: sa.Engine, tmp_path: Path
) -> None:
    root = tmp_path / "batch"
    for n in range(1, 8):
        write_case(root / f"{n:02d}", case_doc(external_ref=f"C/{n}"))
    refuse_inserts_of(engine, "C/5")
    seen: list[CaseOutcome] = []

    report = import_batch(engine, root, chunk_size=3, progress=seen.append)

    assert seen == report.outcomes
    assert [o.external_ref for o in report.outcomes] == [f"C/{n}" for n in range(1, 8)]
    outcomes = [o.outcome for o in report.outcomes]
    assert outcomes == [Outcome.CREATED] * 4 + [Outcome.REJECTED] + [Outcome.CREATED] * 2
    (error,) = report.outcomes[4].errors
    assert error.field == "(internal)" and "refused by the test trigger" in error.message
    with Session(engine) as s:
        refs = sorted(c.external_ref for c in s.exec(select(Case)).all())
        assert refs == ["C/1", "C/2", "C/3", "C/4", "C/6", "C/7"]
        (rejection,) = s.exec(select(IntakeRejection)).all()
        assert rejection.external_ref == "C/5"
        assert "Traceback" in rejection.errors_json and "refused by the test trigger" in (
            rejection.errors_json
        )


def test_two_imports_of_one_creditor_at_once_lose_nothing(
    engine: sa.Engine, tmp_path: Path
) -> None:
    """Two workers importing halves of one hand-over race to create the same creditor
    (store_cases retries a chunk that lost the race): every case is created once, under one
    creditor, and nothing is rejected."""
    import threading

    from intake.synthetic import generate_cases

    batch = generate_cases(60, tmp_path / "batch", seed=4)
    halves = [tmp_path / "half0", tmp_path / "half1"]
    for i, folder in enumerate(sorted(p for p in batch.iterdir() if p.is_dir())):
        shutil.copytree(folder, halves[i % 2] / folder.name)
    reports: list[object] = []
    errors: list[BaseException] = []

    def run(half: Path) -> None:
        try:
            reports.append(import_batch(engine, half, chunk_size=10))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(h,)) for h in halves]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(r.created for r in reports) == [30, 30]  # type: ignore[attr-defined]
    assert all(r.rejected == 0 for r in reports)  # type: ignore[attr-defined]
    with Session(engine) as s:
        assert len(s.exec(select(Case)).all()) == 60
        creditors = s.exec(select(sa.func.count()).select_from(sa.text("creditor"))).one()
        assert creditors == 1
