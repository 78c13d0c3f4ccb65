"""``handoff epu package``: one validated bulk package for the approved EPU cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree
from sqlmodel import Session, select
from typer.testing import CliRunner

from cli.main import app
from documents.epu import validate_epu
from store.db import open_store, session_scope
from store.review import apply_pending_decisions, create_user, record_decision
from store.tables import AuditLog, Case
from tests.conftest import SAMPLES

runner = CliRunner()


@pytest.mark.slow
def test_package_holds_every_approved_epu_case(
    prefect_api: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'handoff.db'}"
    monkeypatch.setenv("HANDOFF_HOME", str(tmp_path / "var"))
    monkeypatch.setenv("HANDOFF_DATABASE_URL", url)
    from datetime import date

    from flows.handoff import handoff

    handoff(source=str(SAMPLES / "cases"), reference_date=date(2026, 11, 23))
    engine = open_store(url)
    with session_scope(engine) as s:
        create_user(s, "partner1", "partner", "long-enough-pw")
    with session_scope(engine) as s:
        epu = s.exec(select(Case).where(Case.procedure == "epu")).all()
        # 0141, 0163; 0087 for its live invoice only (K4); 0171 without invoice delivery
        # proofs has no art. 485 § 2^1 basis (K6)
        assert len(epu) == 4
        for case in epu:
            record_decision(s, case.id, "partner1", "approve")  # type: ignore[arg-type]
    with session_scope(engine) as s:
        apply_pending_decisions(s)

    out = tmp_path / "paczka.xml"
    result = runner.invoke(
        app, ["epu", "package", "-o", str(out), "--date", "2026-11-24", "--json"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert sorted(summary["cases"]) == sorted(c.external_ref for c in epu)

    xml = out.read_bytes()
    assert validate_epu(xml) == []
    root = etree.fromstring(xml)
    assert etree.QName(root).localname == "Pozwy"
    pozwy = [e for e in root if etree.QName(e).localname == "PozewEPU"]
    assert len(pozwy) == len(epu)
    with Session(engine) as s:
        rows = s.exec(select(AuditLog).where(AuditLog.action == "epu_package")).all()
        assert len(rows) == len(epu)
    engine.dispose()


def test_no_approved_case_is_exit_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HANDOFF_HOME", str(tmp_path / "var"))
    monkeypatch.delenv("HANDOFF_DATABASE_URL", raising=False)
    result = runner.invoke(app, ["epu", "package", "-o", str(tmp_path / "x.xml")])
    assert result.exit_code == 1
    assert "Brak zatwierdzonej sprawy EPU, którą można złożyć" in result.stderr
    assert not (tmp_path / "x.xml").exists()
