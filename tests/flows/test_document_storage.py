"""Every case's drafts live in a folder of their own, keyed by the case id.

Two cases whose references slug alike (two creditors using ``2026/0001``; ``QA/COL/2026/1``
and ``QA_COL_2026_1``) used to write the same ``pozew-v1.docx``: the first case then served
the other creditor's pozew. Real stores, real import, real .docx read back.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from docx import Document
from sqlmodel import Session, select

from config import SAMPLE_FIRM
from documents.firm import load_firm_profile
from flows.case_pipeline import DraftingContext, draft_cases
from intake.importer import import_batch
from intake.synthetic import DEMO_TODAY
from store import integrity
from store.drafting import draftable_case_ids
from store.review import blockers_for
from store.tables import Case, Debtor, GeneratedDocument
from tests.intake.conftest import CREDITOR, case_doc, write_case

OTHER_CREDITOR: dict[str, Any] = {
    **CREDITOR,
    "name": "Ciepłownia Mazowsze S.A.",
    "nip": "5260250274",
    "regon": None,
    "krs": None,
}


def _debtor(name: str, nip: str) -> dict[str, Any]:
    return {
        "kind": "company",
        "name": name,
        "nip": nip,
        "street": "ul. Przemysłowa 21",
        "postcode": "93-121",
        "city": "Łódź",
    }


def _draft(engine: sa.Engine, batch: Path, tmp_path: Path) -> dict[str, GeneratedDocument]:
    import_batch(engine, batch)
    ids = draftable_case_ids(engine)
    ctx = DraftingContext(
        documents_dir=tmp_path / "documents",
        firm=load_firm_profile(SAMPLE_FIRM),
        reference_date=DEMO_TODAY,
    )
    outcomes = draft_cases(engine, ids, ctx)
    assert {o.outcome for o in outcomes} == {"drafted"}, outcomes
    with Session(engine) as s:
        rows = s.exec(
            select(GeneratedDocument, Debtor.name)
            .join(Case, Case.id == GeneratedDocument.case_id)  # type: ignore[arg-type]
            .join(Debtor, Debtor.id == Case.debtor_id)  # type: ignore[arg-type]
            .where(GeneratedDocument.kind == "pozew")
        ).all()
        return {name: doc for doc, name in rows}


def _text(path: Path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def _assert_own_pozew(docs: dict[str, GeneratedDocument]) -> None:
    assert len(docs) == 2
    assert len({d.path for d in docs.values()}) == 2, [d.path for d in docs.values()]
    for debtor, doc in docs.items():
        path = Path(doc.path)
        assert hashlib.sha256(path.read_bytes()).hexdigest() == doc.sha256
        assert debtor in _text(path)
        assert path.parent.name.startswith(f"{doc.case_id}-")  # keyed by the case id


def test_two_creditors_with_the_same_reference_get_their_own_pozew(
    engine: sa.Engine, tmp_path: Path
) -> None:
    batch = tmp_path / "batch"
    write_case(
        batch / "a",
        case_doc(external_ref="2026/0001", debtor=_debtor("Alfa Budowa sp. z o.o.", "1132853869")),
    )
    write_case(
        batch / "b",
        case_doc(
            external_ref="2026/0001",
            creditor=OTHER_CREDITOR,
            debtor=_debtor("Beta Serwis sp. z o.o.", "7792433421"),
        ),
    )
    docs = _draft(engine, batch, tmp_path)
    _assert_own_pozew(docs)
    assert {Path(d.path).name for d in docs.values()} == {"pozew-v1.docx"}  # names stay readable


def test_references_that_slug_alike_get_their_own_pozew(engine: sa.Engine, tmp_path: Path) -> None:
    batch = tmp_path / "batch"
    write_case(
        batch / "a",
        case_doc(
            external_ref="QA/COL/2026/1", debtor=_debtor("Alfa Budowa sp. z o.o.", "1132853869")
        ),
    )
    write_case(
        batch / "b",
        case_doc(
            external_ref="QA_COL_2026_1", debtor=_debtor("Beta Serwis sp. z o.o.", "7792433421")
        ),
    )
    _assert_own_pozew(_draft(engine, batch, tmp_path))


def test_a_tampered_draft_is_replaced_by_the_next_run(engine: sa.Engine, tmp_path: Path) -> None:
    """A refused draft keeps the case blocked only until the next run drafts it anew."""
    batch = tmp_path / "batch"
    write_case(batch / "a", case_doc(external_ref="2026/0007"))
    import_batch(engine, batch)
    ctx = DraftingContext(
        documents_dir=tmp_path / "documents",
        firm=load_firm_profile(SAMPLE_FIRM),
        reference_date=DEMO_TODAY,
    )
    (case_id,) = draftable_case_ids(engine)
    assert [o.outcome for o in draft_cases(engine, [case_id], ctx)] == ["drafted"]
    with Session(engine) as s:
        (v1,) = s.exec(select(GeneratedDocument).where(GeneratedDocument.kind == "pozew")).all()
    Path(v1.path).write_bytes(Path(v1.path).read_bytes() + b"\0")
    with Session(engine) as s, pytest.raises(integrity.DocumentTampered):
        integrity.verified_path(s, v1, actor="test", purpose="preview")
    # the case is blocked now and waits for a new draft although nothing else changed
    with Session(engine) as s:
        assert "document_tampered" in {b.code for b in blockers_for(s, case_id)}
    assert draftable_case_ids(engine) == [case_id]

    (outcome,) = draft_cases(engine, draftable_case_ids(engine), ctx)

    assert outcome.outcome == "drafted" and "pozew-v2.docx" in outcome.documents
    with Session(engine) as s:
        assert "document_tampered" not in {b.code for b in blockers_for(s, case_id)}
        (v2,) = integrity.newest_documents(s, case_id, ["pozew"])
        assert v2.version == 2
        assert integrity.verified_path(s, v2, actor="test", purpose="preview") == Path(v2.path)
        assert s.get(Case, case_id).stage == "ready_for_review"  # type: ignore[union-attr]
    assert draftable_case_ids(engine) == []
    assert [o.outcome for o in draft_cases(engine, [case_id], ctx)] == ["unchanged"]
