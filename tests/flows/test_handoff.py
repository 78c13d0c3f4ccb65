"""The handoff flow end to end: real Prefect flow runs, real stores, real .docx read back."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from docx import Document
from sqlmodel import Session, select

from documents.format import format_whole_zloty
from store.cases import load_case_file
from store.db import open_store
from store.tables import AuditLog, Case, CaseFinding, GeneratedDocument, StepRun
from tests.conftest import SAMPLES


def docx_text(path: str | Path) -> str:
    """All text of a .docx: paragraphs and table cells, in order."""
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


@pytest.fixture
def home(tmp_path: Path, store_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("HANDOFF_HOME", str(tmp_path / "var"))
    monkeypatch.setenv("HANDOFF_DATABASE_URL", store_url)
    monkeypatch.setenv("HANDOFF_REGISTRIES", "offline")
    yield tmp_path / "var"


def excluded_refs(cases: list[Case]) -> dict[str, list[str]]:
    """Case reference -> invoices left out of its claim, from the stored claim summary."""
    out = {}
    for case in cases:
        left_out = json.loads(case.claim_json or "{}").get("excluded_invoices", [])
        if left_out:
            out[case.external_ref] = [i["number"] for i in left_out]
    return out


def _documents(url: str) -> list[GeneratedDocument]:
    engine = open_store(url)
    with Session(engine) as s:
        docs = list(s.exec(select(GeneratedDocument)).all())
    engine.dispose()
    return docs


@pytest.mark.slow
def test_handoff_drafts_every_sample_case(prefect_api: None, home: Path, store_url: str) -> None:
    from flows.handoff import handoff

    result = handoff(source=str(SAMPLES / "cases"))
    outcomes = {r["case_ref"]: r["outcome"] for r in result["cases"]}
    assert outcomes, "no case reached drafting"
    assert set(outcomes.values()) == {"drafted"}, result["cases"]

    engine = open_store(store_url)
    with Session(engine) as s:
        cases = s.exec(select(Case)).all()
        assert {c.stage for c in cases} == {"ready_for_review"}
        assert all(c.claim_json and c.total_claim and c.procedure for c in cases)
        pozwy = s.exec(select(GeneratedDocument).where(GeneratedDocument.kind == "pozew")).all()
        assert len(pozwy) == len(cases)
        for doc in pozwy:
            case = s.get(Case, doc.case_id)
            assert case is not None
            text = docx_text(doc.path)
            file = load_case_file(s, case.id)
            assert file.creditor.name in text
            assert file.debtor.name in text
            # K4: an invoice time-barred under every reading (TT/WIND/2025/0087 FV/2023/08/077)
            # is left out of the pozew; every claimed invoice is in it
            excluded = {i["number"] for i in json.loads(case.claim_json)["excluded_invoices"]}
            for invoice in file.invoices:
                assert (invoice.number in text) is (invoice.number not in excluded)
            # the WPS stated in the pozew is the stored total, in whole złoty (KPC art. 126^1)
            assert f"Wartość przedmiotu sporu: {format_whole_zloty(case.total_claim)}" in text
        assert excluded_refs(list(cases)) == {"TT/WIND/2025/0087": ["FV/2023/08/077"]}
        assert s.exec(select(AuditLog).where(AuditLog.action == "drafted")).all()
    engine.dispose()


@pytest.mark.slow
def test_rerun_is_idempotent_and_bad_case_does_not_stop_batch(
    prefect_api: None, home: Path, store_url: str, tmp_path: Path
) -> None:
    from flows.handoff import handoff

    batch = tmp_path / "batch"
    shutil.copytree(SAMPLES / "cases", batch)
    broken = batch / "zz-broken"
    broken.mkdir()
    (broken / "case.json").write_text('{"format": "handoff-case/1", "external_ref": 7}', "utf-8")

    first = handoff(source=str(batch))
    by_outcome = {r["outcome"] for r in first["cases"]}
    assert "rejected" in by_outcome and "drafted" in by_outcome
    before = len(_documents(store_url))

    second = handoff(source=str(batch))
    drafted_again = [r for r in second["cases"] if r["outcome"] == "drafted"]
    assert drafted_again == []
    assert len(_documents(store_url)) == before

    engine = open_store(store_url)
    with Session(engine) as s:
        steps = s.exec(select(sa.func.count()).select_from(StepRun)).one()
        assert steps == len(s.exec(select(Case)).all())
        assert s.exec(select(CaseFinding)).all()
    engine.dispose()


@pytest.mark.slow
def test_second_run_reports_every_case_as_already_drafted(
    prefect_api: None, home: Path, store_url: str
) -> None:
    from flows.handoff import handoff

    handoff(source=str(SAMPLES / "cases"))
    again = handoff(source=str(SAMPLES / "cases"))
    assert {r["outcome"] for r in again["cases"]} == {"unchanged"}
    assert len(again["cases"]) == len(list((SAMPLES / "cases").iterdir()))
    assert all("ready_for_review" in r["reason"] for r in again["cases"])
