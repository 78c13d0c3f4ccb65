"""``handoff epu submit`` end to end: the sample cases really imported, drafted and approved
(real SQLite and PostgreSQL stores), the real CLI, and the local fake e-Sąd service (a real
HTTP server on 127.0.0.1 built from the WSDL) in place of the court.

The firm's clock is the one outside thing set here: the cases are approved on 2026-11-23
and submitted "today" = 2026-11-24 (``cli.epu_submit.firm_today``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session, col, select
from typer.testing import CliRunner

from cli.main import app
from documents.epu import validate_epu
from store.db import open_store, session_scope
from store.review import record_decision
from store.tables import (
    AuditLog,
    Case,
    CaseFinding,
    CaseStep,
    EsadLawsuit,
    EsadSubmission,
    ReviewDecision,
)
from tests.conftest import StoreTemplates
from tests.integrations.fake_esad import CREDENTIALS, FakeEsad, running_fake
from tests.support import drafted_samples

runner = CliRunner()
TODAY = date(2026, 11, 24)
REJECTED_REF = "TT/WIND/2026/0163"


@dataclass
class Firm:
    engine: sa.Engine
    home: Path
    epu: dict[str, int]  # external_ref -> case id of the approved EPU cases
    fake: FakeEsad


@pytest.fixture
def firm(
    store_url: str, store_templates: StoreTemplates, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Firm]:
    # the sample cases imported and drafted on 2026-11-23, the partner pawel (built once)
    home = drafted_samples(store_templates, store_url, date(2026, 11, 23)) / "var"
    monkeypatch.setenv("HANDOFF_HOME", str(home))
    monkeypatch.setenv("HANDOFF_DATABASE_URL", store_url)
    monkeypatch.setattr("cli.epu_submit.firm_today", lambda: TODAY)
    for name in ("HANDOFF_ESAD_LOGIN", "HANDOFF_ESAD_PASSWORD", "HANDOFF_ESAD_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    engine = open_store(store_url)
    with Session(engine) as s:
        rows = s.exec(select(Case).where(Case.procedure == "epu").order_by(col(Case.id))).all()
        epu = {c.external_ref: c.id for c in rows if c.id is not None}
    with session_scope(engine) as s:
        for case_id in epu.values():
            record_decision(s, case_id, "pawel", "approve")
    with session_scope(engine) as s:  # the partner approved yesterday
        for decision in s.exec(select(ReviewDecision)).all():
            decision.decided_at = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
            s.add(decision)
    assert len(epu) == 4
    with running_fake() as fake:
        yield Firm(engine, home, epu, fake)
    assert fake.errors == []
    engine.dispose()


def _connect(firm: Firm, monkeypatch: pytest.MonkeyPatch, timeout: float | None = None) -> None:
    monkeypatch.setenv("HANDOFF_ESAD_URL", firm.fake.url)
    monkeypatch.setenv("HANDOFF_ESAD_LOGIN", CREDENTIALS.login)
    monkeypatch.setenv("HANDOFF_ESAD_PASSWORD", CREDENTIALS.password)
    monkeypatch.setenv("HANDOFF_ESAD_API_KEY", CREDENTIALS.api_key)
    if timeout is not None:
        monkeypatch.setenv("HANDOFF_ESAD_TIMEOUT", str(timeout))


def _submit(*args: str) -> tuple[int, dict[str, Any], str, str]:
    result = runner.invoke(app, ["epu", "submit", "--as", "asystent", *args, "--json"])
    try:
        summary = json.loads(result.stdout)
    except ValueError:
        summary = {}
    return result.exit_code, summary, result.stdout, result.stderr


def _stages(firm: Firm) -> dict[str, str]:
    with Session(firm.engine) as s:
        return {ref: s.get(Case, case_id).stage for ref, case_id in firm.epu.items()}  # type: ignore[union-attr]


def _lawsuits(firm: Firm) -> list[EsadLawsuit]:
    with Session(firm.engine) as s:
        return list(s.exec(select(EsadLawsuit).order_by(col(EsadLawsuit.id))).all())


def _filings(firm: Firm) -> list[CaseStep]:
    with Session(firm.engine) as s:
        return list(s.exec(select(CaseStep).where(CaseStep.trigger == "lawsuit-filed")).all())


def test_all_accepted_files_every_case_once(firm: Firm, monkeypatch: pytest.MonkeyPatch) -> None:
    _connect(firm, monkeypatch)
    code, summary, _, stderr = _submit()
    assert code == 0, stderr
    assert summary["sent"] and summary["status"] == "answered" and not summary["manual"]
    assert sorted(o["case"] for o in summary["lawsuits"]) == sorted(firm.epu)
    assert {o["status"] for o in summary["lawsuits"]} == {"accepted"}
    assert {o["filed_on"] for o in summary["lawsuits"]} == {TODAY.isoformat()}
    assert set(_stages(firm).values()) == {"filed"}
    filings = _filings(firm)
    assert len(filings) == 4 and {f.mode for f in filings} == {"portal"}
    assert {f.occurred_on for f in filings} == {TODAY}
    # the package sent is the one kept, valid against the official schemas
    kept = Path(summary["file"])
    assert kept.read_bytes() == firm.fake.packages[0]
    assert validate_epu(kept.read_bytes()) == []

    # a re-run sends nothing: the cases are filed
    code, _, _, stderr = _submit()
    assert code == 1 and "żadna zatwierdzona sprawa" in stderr
    assert len(firm.fake.packages) == 1

    # --poll brings the court's signatures onto the filing steps
    code, summary, _, stderr = _submit("--poll")
    assert code == 0, stderr  # nothing new to send, the look-up did its work
    polled = {o["case"]: o["signature"] for o in summary["polled"]}
    assert set(polled) == set(firm.epu) and all(s.startswith("VI Nc-e ") for s in polled.values())
    assert {f.signature for f in _filings(firm)} == set(polled.values())
    assert {r.court_signature for r in _lawsuits(firm)} == set(polled.values())
    assert firm.fake.operations().count("ZlozPozwy") == 1


def test_half_accepted_sends_the_rejected_one_back(
    firm: Firm, monkeypatch: pytest.MonkeyPatch
) -> None:
    _connect(firm, monkeypatch)
    firm.fake.reject = {REJECTED_REF: "Niepoprawny kod pocztowy pozwanego"}
    code, summary, _, stderr = _submit()
    assert code == 0, stderr
    fate = {o["case"]: o["status"] for o in summary["lawsuits"]}
    assert fate == {ref: "rejected" if ref == REJECTED_REF else "accepted" for ref in firm.epu}
    stages = _stages(firm)
    assert stages.pop(REJECTED_REF) == "intake"  # back to the paralegals, drafted again
    assert set(stages.values()) == {"filed"}
    with Session(firm.engine) as s:
        (finding,) = s.exec(
            select(CaseFinding)
            .where(CaseFinding.case_id == firm.epu[REJECTED_REF])
            .where(CaseFinding.source == "esad")
        ).all()
    assert finding.code == "esad_rejected"
    assert "e-Sąd odrzucił pozew" in finding.message
    assert "Niepoprawny kod pocztowy pozwanego" in finding.message
    # a re-run does not send anything again (the rejected case is no longer approved)
    code, _, _, _ = _submit()
    assert code == 1 and len(firm.fake.packages) == 1


def test_validation_fault_files_nothing_and_the_valid_ones_go_next_time(
    firm: Firm, monkeypatch: pytest.MonkeyPatch
) -> None:
    _connect(firm, monkeypatch)
    firm.fake.scenario = "validation"
    firm.fake.reject = {REJECTED_REF: "Brak daty wymagalności roszczenia"}
    code, summary, _, stderr = _submit()
    assert code == 1, stderr  # the court answered, nothing was filed
    fate = {o["case"]: o["status"] for o in summary["lawsuits"]}
    assert fate == {ref: "rejected" if ref == REJECTED_REF else "not_sent" for ref in firm.epu}
    assert summary["status"] == "rejected"
    assert _filings(firm) == []
    stages = _stages(firm)
    assert stages.pop(REJECTED_REF) == "intake"
    assert set(stages.values()) == {"approved"}

    firm.fake.scenario = "accept"
    code, summary, _, stderr = _submit()
    assert code == 0, stderr
    assert sorted(o["case"] for o in summary["lawsuits"]) == sorted(
        ref for ref in firm.epu if ref != REJECTED_REF
    )
    assert {o["status"] for o in summary["lawsuits"]} == {"accepted"}


def test_soap_fault_is_one_line_and_nothing_is_filed(
    firm: Firm, monkeypatch: pytest.MonkeyPatch
) -> None:
    _connect(firm, monkeypatch)
    firm.fake.scenario = "fault"
    result = runner.invoke(app, ["epu", "submit"])
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("Błąd: e-Sąd odrzucił paczkę") and "nic nie złożono" in line
    assert "Traceback" not in result.output
    assert set(_stages(firm).values()) == {"approved"} and _filings(firm) == []
    assert {r.status for r in _lawsuits(firm)} == {"not_sent"}
    with Session(firm.engine) as s:
        assert [r.status for r in s.exec(select(EsadSubmission)).all()] == ["fault"]
    # the next run sends them all
    firm.fake.scenario = "accept"
    code, summary, _, stderr = _submit()
    assert code == 0, stderr and len(summary["lawsuits"]) == 4


def test_timeout_marks_nothing_filed_and_poll_settles_it(
    firm: Firm, monkeypatch: pytest.MonkeyPatch
) -> None:
    _connect(firm, monkeypatch, timeout=0.5)
    fake = firm.fake
    fake.scenario, fake.delay, fake.register_on_timeout = "timeout", 2.0, True
    code, summary, _, stderr = _submit()
    assert code == 2
    (line,) = stderr.strip().splitlines()
    assert "nie odpowiedział" in line and "--poll" in line
    assert {o["status"] for o in summary["lawsuits"]} == {"unknown"}
    assert set(_stages(firm).values()) == {"approved"} and _filings(firm) == []
    assert {r.status for r in _lawsuits(firm)} == {"unknown"}

    # a re-run does not send the package again while the fate is unknown
    fake.scenario = "accept"
    code, summary, _, stderr = _submit()
    assert code == 1 and len(summary["in_flight"]) == 4
    assert len(fake.packages) == 1
    # nor does a package for manual upload hold them
    manual = runner.invoke(app, ["epu", "package", "-o", str(firm.home / "reczna.xml")])
    assert manual.exit_code == 1
    assert manual.stderr.count("pominięto (już wysłane do e-Sądu)") == 4
    assert not (firm.home / "reczna.xml").exists()

    # the court did take it: --poll finds the cases and records the filing on the day sent
    code, summary, _, stderr = _submit("--poll")
    assert {o["status"] for o in summary["polled"]} == {"accepted"}, stderr
    assert set(_stages(firm).values()) == {"filed"}
    filings = _filings(firm)
    assert len(filings) == 4 and all(f.signature.startswith("VI Nc-e ") for f in filings)
    assert len(fake.packages) == 1


def test_wrong_credentials(firm: Firm, monkeypatch: pytest.MonkeyPatch) -> None:
    _connect(firm, monkeypatch)
    monkeypatch.setenv("HANDOFF_ESAD_PASSWORD", "zle-haslo-123")
    result = runner.invoke(app, ["epu", "submit"])
    assert result.exit_code == 2
    assert "e-Sąd odrzucił logowanie" in result.stderr
    assert "zle-haslo-123" not in result.output
    assert set(_stages(firm).values()) == {"approved"}
    assert {r.status for r in _lawsuits(firm)} == {"not_sent"}


def test_without_credentials_the_package_is_exported(firm: Firm, tmp_path: Path) -> None:
    out = tmp_path / "do-wyslania.xml"
    result = runner.invoke(app, ["epu", "submit", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"Paczka EPU do ręcznego wysłania w portalu e-Sąd: {out}" in result.stdout
    assert "handoff cases file REF --on DATA" in result.stdout
    assert validate_epu(out.read_bytes()) == []
    assert firm.fake.calls == []
    assert set(_stages(firm).values()) == {"approved"}
    assert _lawsuits(firm) == []
    with Session(firm.engine) as s:
        rows = s.exec(select(AuditLog).where(AuditLog.action == "epu_package")).all()
    assert len(rows) == 4


def test_some_credentials_missing_is_bad_input(firm: Firm, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HANDOFF_ESAD_LOGIN", "kancelaria")
    result = runner.invoke(app, ["epu", "submit"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "Błąd: brak HANDOFF_ESAD_PASSWORD, HANDOFF_ESAD_API_KEY: e-Sąd wymaga loginu, hasła "
        "i klucza API"
    )
    assert firm.fake.calls == []


def test_a_date_other_than_today_is_refused_when_sending(
    firm: Firm, monkeypatch: pytest.MonkeyPatch
) -> None:
    _connect(firm, monkeypatch)
    result = runner.invoke(app, ["epu", "submit", "--date", "2026-11-30"])
    assert result.exit_code == 2
    assert "dzisiejszą datę złożenia" in result.stderr
    assert firm.fake.calls == [] and _lawsuits(firm) == []


def test_a_crash_while_sending_sends_nothing_twice(
    firm: Firm, monkeypatch: pytest.MonkeyPatch
) -> None:
    from store.esad import PlannedLawsuit, start_submission

    _connect(firm, monkeypatch)
    # the run recorded the submission and died before the package went out
    start_submission(
        firm.engine,
        label="handoff-2026-11-24-crash",
        filing_date=TODAY,
        sha256="0" * 64,
        file="",
        actor="asystent",
        lawsuits=[PlannedLawsuit(cid, n, ref) for n, (ref, cid) in enumerate(firm.epu.items(), 1)],
    )
    code, summary, _, _ = _submit()
    assert code == 1 and len(summary["in_flight"]) == 4 and firm.fake.packages == []

    # the court does not know them: they stay out, with a note for a person
    code, summary, _, stderr = _submit("--poll")
    assert {o["status"] for o in summary["polled"]} == {"pending"}, stderr
    assert all("wymaga decyzji osoby" in o["note"] for o in summary["polled"])

    # a person checked the portal and releases one; the next run sends just that one
    released = runner.invoke(
        app,
        ["epu", "submit", "--release", REJECTED_REF, "--reason", "brak w portalu 24.11"],
    )
    assert released.exit_code == 0, released.output
    assert f"Zwolniono: {REJECTED_REF}" in released.stdout
    code, summary, _, stderr = _submit()
    assert code == 0, stderr
    assert [(o["case"], o["status"]) for o in summary["lawsuits"]] == [(REJECTED_REF, "accepted")]
    assert len(firm.fake.packages) == 1

    # an accepted lawsuit cannot be released
    again = runner.invoke(app, ["epu", "submit", "--release", REJECTED_REF, "--reason", "x"])
    assert again.exit_code == 2 and "e-Sąd przyjął pozew" in again.stderr


def test_a_second_run_cannot_take_a_case_already_in_flight(firm: Firm) -> None:
    from store.esad import AlreadySubmitted, PlannedLawsuit, start_submission

    ref, case_id = next(iter(firm.epu.items()))
    plan = [PlannedLawsuit(case_id, 1, ref)]
    start_submission(
        firm.engine,
        label="pierwsza",
        filing_date=TODAY,
        sha256="1" * 64,
        file="",
        actor="a",
        lawsuits=plan,
    )
    with pytest.raises(AlreadySubmitted):
        start_submission(
            firm.engine,
            label="druga",
            filing_date=TODAY,
            sha256="2" * 64,
            file="",
            actor="b",
            lawsuits=plan,
        )
    with Session(firm.engine) as s:
        assert [r.label for r in s.exec(select(EsadSubmission)).all()] == ["pierwsza"]
        assert len(s.exec(select(EsadLawsuit)).all()) == 1


def test_poll_records_the_payment_orders_the_court_lists_once(
    firm: Firm, monkeypatch: pytest.MonkeyPatch
) -> None:
    from store.tables import CourtEvent

    _connect(firm, monkeypatch)
    code, _, _, stderr = _submit()
    assert code == 0, stderr
    ordered = "TT/WIND/2026/0141"
    firm.fake.issue_order(ordered, datetime(2026, 11, 24, 14, 30))
    code, summary, _, stderr = _submit("--poll")
    assert code == 0, stderr
    ((order),) = summary["orders"]
    assert order["case"] == ordered and order["issued_on"] == "2026-11-24" and order["recorded"]
    assert order["signature"] == firm.fake.cases[ordered].signature
    assert _stages(firm)[ordered] == "order_issued"
    # read again: nothing recorded twice
    code, summary, _, stderr = _submit("--poll")
    assert [o["recorded"] for o in summary["orders"]] == [False]
    with Session(firm.engine) as s:
        events = s.exec(select(CourtEvent).where(CourtEvent.case_id == firm.epu[ordered])).all()
    assert [(e.kind, e.occurred_on) for e in events] == [("payment-order-issued", TODAY)]


def test_lawsuit_counts_read_as_polish() -> None:
    import doctest

    import cli.epu_submit

    assert doctest.testmod(cli.epu_submit).failed == 0
    from cli.epu_submit import lawsuits_count

    assert [lawsuits_count(n) for n in (2, 4, 11, 14, 21, 104, 112)] == [
        "2 pozwy",
        "4 pozwy",
        "11 pozwów",
        "14 pozwów",
        "21 pozwów",
        "104 pozwy",
        "112 pozwów",
    ]


def test_a_regular_answer_saying_validation_error_files_nothing_and_sends_nothing_twice(
    firm: Firm, monkeypatch: pytest.MonkeyPatch
) -> None:
    _connect(firm, monkeypatch)
    firm.fake.scenario = "answer-validation"
    firm.fake.reject = {REJECTED_REF: "Brak dowodu doręczenia"}
    code, summary, _, stderr = _submit()
    assert code == 1, stderr
    fate = {o["case"]: o["status"] for o in summary["lawsuits"]}
    # what the court calls valid in an answer that says ValidationError: fate unknown
    assert fate == {ref: "rejected" if ref == REJECTED_REF else "unknown" for ref in firm.epu}
    assert _filings(firm) == []
    firm.fake.scenario = "accept"
    code, summary, _, _ = _submit()
    assert code == 1 and len(summary["in_flight"]) == 3 and len(firm.fake.packages) == 1
