"""The fan-out's report comes from the store: drafted, unchanged, failed and lost cases.

Fast (no Prefect server): the parent's bookkeeping after its chunk flow runs finished is
plain SQL over the ledger, so it is tested here on SQLite and PostgreSQL directly.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, select

from config import SAMPLE_FIRM
from documents.firm import load_firm_profile
from flows.case_pipeline import DraftingContext, draft_cases
from flows.handoff import _outcomes_from_store, _watermark, chunked, worker_identity
from intake.importer import import_batch
from intake.synthetic import DEMO_TODAY, generate_cases
from store.drafting import draftable_case_ids
from store.tables import StepRun


def _ctx(tmp_path: Path, worker: str = "") -> DraftingContext:
    return DraftingContext(
        documents_dir=tmp_path / "documents",
        firm=load_firm_profile(SAMPLE_FIRM),
        reference_date=DEMO_TODAY,
        worker=worker,
    )


def test_outcomes_read_back_from_the_store(engine: sa.Engine, tmp_path: Path) -> None:
    import_batch(engine, str(generate_cases(5, tmp_path / "batch", seed=3)))
    ids = draftable_case_ids(engine)
    assert len(ids) == 5

    mark = _watermark(engine)
    draft_cases(engine, ids[:3], _ctx(tmp_path, "worker-x ppid 1 pid 2"))
    lost = {i: "chunk flow run abc running" for i in ids[3:]}
    rows = _outcomes_from_store(engine, ids, mark, lost)

    assert [r["case_id"] for r in rows] == ids
    assert [r["outcome"] for r in rows] == ["drafted"] * 3 + ["failed"] * 2
    for r in rows[:3]:
        assert r["procedure"] and r["total"] and "pozew" in r["documents"]
    assert rows[3]["reason"] == "chunk flow run abc running; re-run the batch"
    with Session(engine) as s:
        details = s.exec(select(StepRun.detail)).all()
    assert details and all('"worker": "worker-x ppid 1 pid 2"' in d for d in details)

    # The re-run drafts the two that were lost (still draftable); the three already drafted
    # are not asked again and read back as unchanged.
    again = _watermark(engine)
    assert draftable_case_ids(engine) == ids[3:]
    draft_cases(engine, draftable_case_ids(engine), _ctx(tmp_path))
    rows = _outcomes_from_store(engine, ids, again, {})
    assert [r["outcome"] for r in rows] == ["unchanged"] * 3 + ["drafted"] * 2


def test_chunks_and_identity() -> None:
    assert list(chunked([1, 2, 3, 4, 5], 2)) == [[1, 2], [3, 4], [5]]
    assert list(chunked([], 3)) == []
    name, ppid_word, _ppid, pid_word, pid = worker_identity().split()
    assert (ppid_word, pid_word) == ("ppid", "pid") and pid.isdigit() and name
