"""``handoff epu package`` and ``handoff cases bundle`` never hand out a blocked case or a
draft whose SHA-256 differs from the stored one.

Real import and drafting of the sample cases (no Prefect: ``draft_cases`` is plain Python),
real stores (SQLite and PostgreSQL), the real CLI, the package validated against the
official schemas.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from docx import Document
from sqlmodel import Session, select
from typer.testing import CliRunner

from cli.main import app
from documents.epu import validate_epu
from store.db import open_store, session_scope
from store.review import Blocked, record_decision
from store.tables import AuditLog, Case, CaseFinding, GeneratedDocument
from tests.conftest import StoreTemplates
from tests.support import drafted_samples

runner = CliRunner()
DRAFTED_ON = date(2026, 11, 23)
FILING_DAY = "2026-11-24"


@dataclass
class Firm:
    engine: sa.Engine
    home: Path
    epu: dict[str, int]  # external_ref -> case id of the EPU cases


@pytest.fixture
def firm(store_url: str, store_templates: StoreTemplates, monkeypatch: pytest.MonkeyPatch) -> Firm:
    # the sample cases imported and drafted on DRAFTED_ON, the partner pawel (built once)
    home = drafted_samples(store_templates, store_url, DRAFTED_ON) / "var"
    monkeypatch.setenv("HANDOFF_HOME", str(home))
    monkeypatch.setenv("HANDOFF_DATABASE_URL", store_url)
    engine = open_store(store_url)
    with Session(engine) as s:
        rows = s.exec(select(Case).where(Case.procedure == "epu").order_by(Case.id)).all()
        epu = {c.external_ref: c.id for c in rows if c.id is not None}
    assert len(epu) >= 3
    yield Firm(engine, home, epu)
    engine.dispose()


def _approve(firm: Firm, case_id: int, override_reason: str | None = None) -> None:
    with session_scope(firm.engine) as s:
        record_decision(s, case_id, "pawel", "approve", override_reason=override_reason)


def _package(tmp_path: Path) -> tuple[int, dict[str, object], str]:
    out = tmp_path / "paczka.xml"
    result = runner.invoke(app, ["epu", "package", "-o", str(out), "--date", FILING_DAY, "--json"])
    summary = json.loads(result.stdout) if result.exit_code == 0 else {}
    if result.exit_code == 0:
        assert validate_epu(out.read_bytes()) == []
    return result.exit_code, summary, result.stderr


def _bankrupt(firm: Firm, case_id: int) -> None:
    """What a reverify run stores when KRS shows a bankruptcy (law.findings severity blocker)."""
    with session_scope(firm.engine) as s:
        s.add(
            CaseFinding(
                case_id=case_id,
                source="registry",
                code="bankruptcy",
                severity="blocker",
                message="KRS: ogłoszono upadłość dłużnika.",
                subject="krs",
            )
        )


def _newest(firm: Firm, case_id: int, kind: str) -> GeneratedDocument:
    with Session(firm.engine) as s:
        return s.exec(
            select(GeneratedDocument)
            .where(GeneratedDocument.case_id == case_id, GeneratedDocument.kind == kind)
            .order_by(GeneratedDocument.version.desc())  # type: ignore[attr-defined]
        ).first()  # type: ignore[return-value]


def _tamper(doc: GeneratedDocument) -> None:
    path = Path(doc.path)
    if path.suffix == ".docx":
        edited = Document(str(path))
        edited.add_paragraph("Dopisane ręcznie po wygenerowaniu.")
        edited.save(str(path))
    else:
        path.write_bytes(path.read_bytes() + b"<!-- edited -->")


def _audit(firm: Firm, action: str) -> list[AuditLog]:
    with Session(firm.engine) as s:
        return list(s.exec(select(AuditLog).where(AuditLog.action == action)).all())


def test_a_blocker_found_after_approval_keeps_the_case_out(firm: Firm, tmp_path: Path) -> None:
    refs = list(firm.epu)
    for case_id in firm.epu.values():
        _approve(firm, case_id)
    bankrupt = refs[0]
    _bankrupt(firm, firm.epu[bankrupt])  # reverify, after the partner approved

    code, summary, stderr = _package(tmp_path)

    assert code == 0, stderr
    assert bankrupt not in summary["cases"]
    assert sorted(summary["cases"]) == sorted(refs[1:])  # type: ignore[arg-type]
    (line,) = summary["excluded"]  # type: ignore[misc]
    assert line.startswith(f"{bankrupt}: ") and "upadłość" in line
    assert f"wykluczono: {bankrupt}" in stderr
    (excluded,) = _audit(firm, "epu_package_excluded")
    assert excluded.case_id == firm.epu[bankrupt]
    packaged = {a.case_id for a in _audit(firm, "epu_package")}
    assert firm.epu[bankrupt] not in packaged


def test_an_override_approval_is_packaged(firm: Firm, tmp_path: Path) -> None:
    ref, case_id = next(iter(firm.epu.items()))
    _bankrupt(firm, case_id)
    with pytest.raises(Blocked):
        _approve(firm, case_id)
    _approve(firm, case_id, override_reason="Wierzytelność masy upadłości: pozew i tak składamy.")

    code, summary, stderr = _package(tmp_path)

    assert code == 0, stderr
    assert summary["cases"] == [ref] and summary["excluded"] == []
    overrides = _audit(firm, "review_override")
    assert [a.case_id for a in overrides] == [case_id]


def test_a_tampered_draft_keeps_the_case_out_of_the_package(firm: Firm, tmp_path: Path) -> None:
    refs = list(firm.epu)
    for case_id in firm.epu.values():
        _approve(firm, case_id)
    tampered = refs[1]
    _tamper(_newest(firm, firm.epu[tampered], "pozew"))

    code, summary, stderr = _package(tmp_path)

    assert code == 0, stderr
    assert tampered not in summary["cases"]
    (line,) = summary["excluded"]  # type: ignore[misc]
    assert line.startswith(f"{tampered}: ") and "zmienił się od wygenerowania" in line
    (refusal,) = _audit(firm, "document_tampered")
    assert refusal.case_id == firm.epu[tampered]
    assert json.loads(refusal.detail)["purpose"] == "epu_package"


def test_only_blocked_cases_is_exit_1(firm: Firm, tmp_path: Path) -> None:
    ref, case_id = next(iter(firm.epu.items()))
    _approve(firm, case_id)
    _bankrupt(firm, case_id)
    code, _, stderr = _package(tmp_path)
    assert code == 1
    assert f"wykluczono: {ref}" in stderr
    assert not (tmp_path / "paczka.xml").exists()


def test_the_bundle_refuses_a_tampered_evidence_index(firm: Firm, tmp_path: Path) -> None:
    ref, case_id = next(iter(firm.epu.items()))
    good = tmp_path / "good.zip"
    result = runner.invoke(app, ["cases", "bundle", ref, "-o", str(good)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(good) as zf:
        assert "wykaz_zalacznikow.docx" in zf.namelist()

    index = _newest(firm, case_id, "evidence_index")
    _tamper(index)
    bad = tmp_path / "bad.zip"
    result = runner.invoke(app, ["cases", "bundle", ref, "-o", str(bad)])

    assert result.exit_code == 1
    assert "zmienił się od wygenerowania" in result.stderr
    assert "Traceback" not in result.output
    assert not bad.exists()
    (refusal,) = _audit(firm, "document_tampered")
    detail = json.loads(refusal.detail)
    assert (refusal.case_id, detail["purpose"], detail["document_id"]) == (
        case_id,
        "bundle",
        index.id,
    )
