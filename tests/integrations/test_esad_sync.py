"""``handoff epu sync`` end to end: the sample EPU cases really imported, drafted, approved
and filed through ``handoff epu submit`` (real SQLite and PostgreSQL stores), then the
court stage played on the local fake e-Sąd (a real HTTP server built from the WSDL) and
imported by the sync: events through the lifecycle, deadlines from the engine, the order's
document kept with its SHA-256, unknown entries kept, nothing recorded twice.

The casework tests call :func:`casework.esad_sync.sync_cases` with a client that does not
throttle (the court's one request a second would only slow them); the CLI tests go through
``handoff epu sync`` as a paralegal would.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlmodel import Session, col, select
from typer.testing import CliRunner

from casework.esad_sync import (
    AUDIT_ACTION,
    ORDER_DOCUMENT,
    ORDER_PDF,
    SyncFailed,
    SyncReport,
    import_order_pdfs,
    keep_court_document,
    sync_cases,
)
from cli.main import app
from integrations.esad import EsadClient, EsadTimeout
from integrations.http import RetryPolicy
from store.integrity import verified_bytes
from store.tables import AuditLog, Case, CourtEvent, Deadline, GeneratedDocument
from tests.integrations.fake_esad import CREDENTIALS, sample_pdf
from tests.integrations.test_esad_submit import Firm, _connect, _stages, _submit, firm

__all__ = ["firm"]  # the fixture, shared with the submit tests

runner = CliRunner()
LATER = date(2027, 1, 15)  # the firm's "today" when it syncs
ORDERED = "TT/WIND/2026/0141"


def _client(firm: Firm, *, timeout: float = 10.0, attempts: int = 1) -> EsadClient:
    http = httpx.Client(timeout=httpx.Timeout(timeout, connect=5.0))
    return EsadClient(
        http,
        CREDENTIALS,
        url=firm.fake.url,
        min_interval=0,
        retry=RetryPolicy(attempts=attempts, base_delay=0.01),
    )


def _filed(firm: Firm, monkeypatch: pytest.MonkeyPatch) -> None:
    _connect(firm, monkeypatch)
    code, summary, _, stderr = _submit()
    assert code == 0, stderr
    assert {o["status"] for o in summary["lawsuits"]} == {"accepted"}


def _sync(firm: Firm, today: date = LATER) -> SyncReport:
    client = _client(firm)
    try:
        return sync_cases(
            firm.engine,
            client,
            today=today,
            actor="asystent",
            documents_dir=firm.home / "documents",
        )
    finally:
        client.client.close()


def _events(firm: Firm, ref: str) -> list[tuple[str, date]]:
    with Session(firm.engine) as s:
        rows = s.exec(
            select(CourtEvent)
            .where(CourtEvent.case_id == firm.epu[ref], col(CourtEvent.deleted_at).is_(None))
            .order_by(col(CourtEvent.id))
        ).all()
    return [(e.kind, e.occurred_on) for e in rows]


def _entries(report: SyncReport, ref: str) -> list[Any]:
    (case,) = [c for c in report.cases if c.case_ref == ref]
    return case.entries


def _audit_count(firm: Firm) -> int:
    with Session(firm.engine) as s:
        return len(s.exec(select(AuditLog).where(AuditLog.action == AUDIT_ACTION)).all())


def _play_order_to_final(firm: Firm, ref: str) -> None:
    fake = firm.fake
    fake.issue_order(ref, datetime(2026, 11, 25, 9, 0))
    fake.serve_order(ref, datetime(2026, 11, 27, 12, 0))
    fake.order_final(ref, datetime(2026, 12, 14, 0, 0))
    fake.clause(ref, datetime(2026, 12, 16, 10, 0))


def test_order_served_final_and_klauzula_are_recorded_once_and_the_order_kept(
    firm: Firm, monkeypatch: pytest.MonkeyPatch
) -> None:
    _filed(firm, monkeypatch)
    _play_order_to_final(firm, ORDERED)
    report = _sync(firm)

    assert _events(firm, ORDERED) == [
        ("payment-order-issued", date(2026, 11, 25)),
        ("payment-order-served", date(2026, 11, 27)),
        ("payment-order-final", date(2026, 12, 14)),
    ]
    assert _stages(firm)[ORDERED] == "final"  # the EPU title casework.enforcement reads
    with Session(firm.engine) as s:
        case = s.get(Case, firm.epu[ORDERED])
        assert case is not None and case.stage == "final"
        deadlines = s.exec(select(Deadline).where(Deadline.case_id == firm.epu[ORDERED])).all()
    sprzeciw = [d for d in deadlines if d.action == "sprzeciw / zarzuty"]
    # served Fri 27.11.2026: two weeks end Fri 11.12.2026 (art. 502 §1, 505 KPC)
    assert [d.due_on for d in sprzeciw] == [date(2026, 12, 11)]
    assert "art. 502 §1" in sprzeciw[0].cites

    entries = _entries(report, ORDERED)
    by_status = {}
    for e in entries:
        by_status.setdefault(e.status, []).append(e)
    # the served order and its finality are said twice (list and history): recorded once
    assert len(by_status["recorded"]) == 3
    assert {e.kind for e in by_status["already"]} >= {"payment-order-issued"}
    clause = [e for e in entries if e.kind == "clause"]
    assert [e.status for e in clause] == ["noted"]
    assert "nakaz prawomocny 2026-12-14" in clause[0].note
    assert not [e for e in entries if e.status in ("unknown", "refused")]

    # the order as the court gave it, kept as a case document with its SHA-256
    (case_sync,) = [c for c in report.cases if c.case_ref == ORDERED]
    (doc,) = case_sync.documents
    assert doc.stored and doc.kind == ORDER_DOCUMENT
    kept = Path(doc.path).read_bytes()
    assert hashlib.sha256(kept).hexdigest() == doc.sha256
    assert firm.fake.cases[ORDERED].signature.encode() in kept
    with Session(firm.engine) as s:
        (row,) = s.exec(
            select(GeneratedDocument).where(GeneratedDocument.kind == ORDER_DOCUMENT)
        ).all()
        assert verified_bytes(s, row, [], actor="t", purpose="test") == kept
    # the court's signature reached the filing step (as --poll does)
    assert case_sync.signature == firm.fake.cases[ORDERED].signature
    # the order's identifiers, which the EPU wniosek egzekucyjny names
    (order,) = case_sync.as_json()["orders"]
    assert order["id"] == firm.fake.cases[ORDERED].order_id and order["decision_code"] == 1
    assert (order["issued_on"], order["final_on"]) == ("2026-11-25", "2026-12-14")

    # a second sync records nothing twice
    audits = _audit_count(firm)
    again = _sync(firm)
    assert _events(firm, ORDERED) == [
        ("payment-order-issued", date(2026, 11, 25)),
        ("payment-order-served", date(2026, 11, 27)),
        ("payment-order-final", date(2026, 12, 14)),
    ]
    assert {e.status for e in _entries(again, ORDERED)} == {"seen"}
    assert not any(e.new for c in again.cases for e in c.entries)
    assert [d.stored for c in again.cases for d in c.documents] == [False]
    assert _audit_count(firm) == audits
    with Session(firm.engine) as s:
        assert (
            len(
                s.exec(
                    select(GeneratedDocument).where(GeneratedDocument.kind == ORDER_DOCUMENT)
                ).all()
            )
            == 1
        )
    assert firm.fake.errors == []


def test_sprzeciw_moves_the_case_to_ordinary_and_plans_no_invented_deadline(
    firm: Firm, monkeypatch: pytest.MonkeyPatch
) -> None:
    _filed(firm, monkeypatch)
    fake = firm.fake
    fake.issue_order(ORDERED, datetime(2026, 11, 25, 9, 0))
    fake.serve_order(ORDERED, datetime(2026, 11, 27, 12, 0))
    fake.objection(ORDERED, datetime(2026, 12, 7, 8, 0), "Sądu Rejonowego w Kielcach")
    report = _sync(firm)
    assert _stages(firm)[ORDERED] == "ordinary"
    assert [k for k, _ in _events(firm, ORDERED)][-1] == "objection-filed"
    (objection,) = [e for e in _entries(report, ORDERED) if e.kind == "objection-filed"]
    assert objection.status == "recorded" and objection.stage_after == "ordinary"
    assert "Sądu Rejonowego w Kielcach" in objection.note
    assert "UNCONFIRMED" in objection.note and "terminu nie zaplanowano" in objection.note
    (referral,) = [e for e in _entries(report, ORDERED) if e.kind == "referral"]
    assert referral.status == "noted"
    with Session(firm.engine) as s:
        event = s.exec(
            select(CourtEvent).where(
                CourtEvent.case_id == firm.epu[ORDERED], CourtEvent.kind == "objection-filed"
            )
        ).one()
        assert s.exec(select(Deadline).where(Deadline.event_id == event.id)).all() == []
    # the order lost force: MojeNakazy says so, which is noted, not guessed into an event
    lapsed = [e for e in _entries(report, ORDERED) if e.kind == "order-not-in-force"]
    assert [e.status for e in lapsed] == ["noted"]


def test_unknown_entries_are_kept_and_listed_once(
    firm: Firm, monkeypatch: pytest.MonkeyPatch
) -> None:
    _filed(firm, monkeypatch)
    firm.fake.add_history(
        ORDERED, datetime(2026, 11, 30, 11, 0), "pismo", "Wezwanie do uiszczenia opłaty"
    )
    firm.fake.add_history(
        ORDERED, datetime(2026, 12, 1, 11, 0), "orzeczenie", "Odmowa nadania klauzuli"
    )
    report = _sync(firm)
    unknown = report.as_json()["unknown"]
    assert [u["text"] for u in unknown] == [
        "Wezwanie do uiszczenia opłaty",
        "Odmowa nadania klauzuli",
    ]
    assert {u["case"] for u in unknown} == {ORDERED} and {u["kind"] for u in unknown} == {""}
    assert _events(firm, ORDERED) == []  # never guessed into an event
    assert _stages(firm)[ORDERED] == "filed"
    with Session(firm.engine) as s:
        kept = [
            json.loads(a.detail)
            for a in s.exec(
                select(AuditLog).where(
                    AuditLog.action == AUDIT_ACTION, AuditLog.case_id == firm.epu[ORDERED]
                )
            ).all()
        ]
    assert sorted(k["text"] for k in kept if k["status"] == "unknown") == sorted(
        u["text"] for u in unknown
    )
    again = _sync(firm)
    assert again.as_json()["unknown"] == []
    assert {e.status for e in _entries(again, ORDERED)} == {"seen"}


def test_umorzenie_and_a_letter_to_the_plaintiff(
    firm: Firm, monkeypatch: pytest.MonkeyPatch
) -> None:
    _filed(firm, monkeypatch)
    other = "TT/WIND/2026/0163"
    firm.fake.issue_order(ORDERED, datetime(2026, 11, 25, 9, 0))
    firm.fake.serve_order(ORDERED, datetime(2026, 11, 26, 9, 0), to="pełnomocnikowi powoda")
    firm.fake.discontinue(other, datetime(2026, 12, 2, 9, 0))
    report = _sync(firm)
    # delivered to us: the defendant's two weeks are not started by it
    assert _stages(firm)[ORDERED] == "order_issued"
    assert [k for k, _ in _events(firm, ORDERED)] == ["payment-order-issued"]
    served = [e for e in _entries(report, ORDERED) if e.source == "doreczenie"]
    assert [(e.kind, e.status) for e in served] == [("served-on-us", "noted")]
    # umorzenie in EPU: re-file deadline from the deadline engine (UNCONFIRMED there)
    assert _stages(firm)[other] == "epu_discontinued"
    with Session(firm.engine) as s:
        deadlines = s.exec(select(Deadline).where(Deadline.case_id == firm.epu[other])).all()
    refile = [d for d in deadlines if "ponowne wniesienie" in d.action]
    assert [d.due_on for d in refile] == [date(2027, 3, 2)]


def test_a_crash_half_way_re_runs_cleanly(firm: Firm, monkeypatch: pytest.MonkeyPatch) -> None:
    import casework.esad_sync as sync_module

    _filed(firm, monkeypatch)
    _play_order_to_final(firm, ORDERED)
    real = sync_module._apply

    def crashing(engine: Any, target: Any, item: Any, **kwargs: Any) -> Any:
        if target.case_ref == ORDERED and item.on >= date(2026, 12, 14):
            raise KeyboardInterrupt  # the process dies in the middle of the sync
        return real(engine, target, item, **kwargs)

    monkeypatch.setattr(sync_module, "_apply", crashing)
    with pytest.raises(KeyboardInterrupt):
        _sync(firm)
    assert _events(firm, ORDERED) == [
        ("payment-order-issued", date(2026, 11, 25)),
        ("payment-order-served", date(2026, 11, 27)),
    ]
    monkeypatch.setattr(sync_module, "_apply", real)
    report = _sync(firm)
    assert _events(firm, ORDERED) == [
        ("payment-order-issued", date(2026, 11, 25)),
        ("payment-order-served", date(2026, 11, 27)),
        ("payment-order-final", date(2026, 12, 14)),
    ]
    fresh = {(e.on, e.status) for e in _entries(report, ORDERED) if e.new}
    assert (date(2026, 12, 14), "recorded") in fresh
    assert all(on >= date(2026, 12, 14) for on, _ in fresh)  # the rest was "seen"
    assert _stages(firm)[ORDERED] == "final"


def test_service_failures_are_one_polish_line_and_keep_what_was_recorded(
    firm: Firm, monkeypatch: pytest.MonkeyPatch
) -> None:
    _filed(firm, monkeypatch)
    firm.fake.issue_order(ORDERED, datetime(2026, 11, 25, 9, 0))
    firm.fake.read_faults["MojeNakazy"] = "fault"
    with pytest.raises(SyncFailed) as failed:
        _sync(firm)
    assert "InternalServerError" in str(failed.value) and "nic nie zapisano" in str(failed.value)
    assert _events(firm, ORDERED) == []

    # the history read fails (HTTP 500 without a fault): one line, nothing half-written
    firm.fake.read_faults = {"HistoriaSprawyPrzezSygnaturaWgPowoda": "http500"}
    with pytest.raises(SyncFailed) as failed:
        _sync(firm)
    assert "nie odpowiada" in str(failed.value)

    # a timeout (the client waits 0.5 s, the court answers after 2 s)
    firm.fake.read_faults = {"MojeDoreczeniaVer2": "timeout"}
    firm.fake.delay = 2.0
    client = _client(firm, timeout=0.5)
    with pytest.raises(SyncFailed) as failed:
        sync_cases(
            firm.engine, client, today=LATER, actor="a", documents_dir=firm.home / "documents"
        )
    client.client.close()
    assert isinstance(failed.value.__cause__, EsadTimeout)

    # the court lists the case but has no history for it: noted, the others go on
    firm.fake.read_faults = {"HistoriaSprawyPrzezSygnaturaWgPowoda": "notfound"}
    report = _sync(firm)
    assert {c.note for c in report.cases} == {"e-Sąd nie zwrócił historii tej sprawy (NotFound)"}
    assert _events(firm, ORDERED) == []

    firm.fake.read_faults = {}
    _sync(firm)
    assert _events(firm, ORDERED) == [("payment-order-issued", date(2026, 11, 25))]


def test_an_account_without_court_news_records_nothing(
    firm: Firm, monkeypatch: pytest.MonkeyPatch
) -> None:
    # nothing filed yet: nothing to sync
    assert _sync(firm).cases == []
    _filed(firm, monkeypatch)
    firm.fake.cases.pop(ORDERED)  # the court has not registered this one yet
    report = _sync(firm)
    (waiting,) = [c for c in report.cases if c.case_ref == ORDERED]
    assert waiting.note == "e-Sąd nie zarejestrował jeszcze tej sprawy"
    assert report.as_json()["recorded"] == 0 and report.as_json()["unknown"] == []
    # the filing itself ("Wpływ pozwu") is noted, not recorded again
    assert {e.kind for c in report.cases for e in c.entries} == {"filing"}
    # a lawsuit e-Sąd accepted whose filing is not on the case is named, not synced
    result = runner.invoke(
        app, ["cases", "correct", ORDERED, "--to", "approved", "--reason", "pomyłka"]
    )
    assert result.exit_code == 0, result.stderr
    report = _sync(firm)
    assert ORDERED not in {c.case_ref for c in report.cases}
    assert report.skipped == [
        f"{ORDERED}: e-Sąd przyjął pozew, ale wniesienia nie zapisano - zapisz je: handoff "
        f"cases file {ORDERED} --on DATA --mode portal"
    ]


def test_order_pdfs_are_kept_as_case_documents(firm: Firm, monkeypatch: pytest.MonkeyPatch) -> None:
    _filed(firm, monkeypatch)
    case_id = firm.epu[ORDERED]
    pdf = sample_pdf("Nakaz zaplaty VI Nc-e 100001/26")
    firm.fake.pdfs["<ids><id>77</id></ids>"] = [(77, pdf)]
    firm.fake.pdf_packing = "zip"
    client = _client(firm)
    try:
        (doc,) = import_order_pdfs(
            firm.engine,
            client,
            case_id,
            "<ids><id>77</id></ids>",
            documents_dir=firm.home / "documents",
            actor="a",
        )
        assert doc.stored and doc.kind == ORDER_PDF and Path(doc.path).read_bytes() == pdf
        assert Path(doc.path).name == "nakaz_77-v1.pdf"
        # the same PDF again stores nothing; a lost file is written again
        Path(doc.path).unlink()
        (again,) = import_order_pdfs(
            firm.engine,
            client,
            case_id,
            "<ids><id>77</id></ids>",
            documents_dir=firm.home / "documents",
            actor="a",
        )
        assert not again.stored and Path(again.path).read_bytes() == pdf
        from casework import Refused

        with pytest.raises(Refused, match="Nie znaleziono wniosku egzekucyjnego"):
            import_order_pdfs(
                firm.engine, client, case_id, "<ids/>", documents_dir=firm.home, actor="a"
            )
    finally:
        client.client.close()
    # a second version of a document of the same kind is a new version, the first stays
    other = keep_court_document(
        firm.engine,
        case_id,
        ORDER_PDF,
        "../../etc/nakaz.pdf",
        sample_pdf("inny"),
        documents_dir=firm.home / "documents",
        actor="a",
    )
    assert other.version == 2 and Path(other.path).name == "nakaz-v2.pdf"
    assert Path(other.path).parent == Path(doc.path).parent


def test_cli_sync_prints_polish_lines_and_json(firm: Firm, monkeypatch: pytest.MonkeyPatch) -> None:
    _filed(firm, monkeypatch)
    monkeypatch.setattr("cli.epu_sync.firm_today", lambda: LATER)
    _play_order_to_final(firm, ORDERED)
    firm.fake.add_history(ORDERED, datetime(2026, 12, 20, 9, 0), "pismo", "Pismo sądu")
    result = runner.invoke(app, ["epu", "sync", "--as", "asystent"])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert f"{ORDERED}: 2026-11-27" in out and "zapisano, etap: nakaz zapłaty doręczony" in out
    assert "nierozpoznany wpis - zachowano" in out and "zachowano dokument sądu" in out
    assert "Zapisano zdarzeń: 3; nierozpoznanych wpisów: 1." in out
    result = runner.invoke(app, ["epu", "sync", "--as", "asystent", "--json"])
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert (
        summary["recorded"] == 0 and summary["unknown"] == [] and summary["documents_stored"] == 0
    )
    assert {c["case"] for c in summary["cases"]} == set(firm.epu)

    firm.fake.read_faults = {"MojeSprawy": "fault"}
    result = runner.invoke(app, ["epu", "sync"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("Błąd: e-Sąd zwrócił błąd")


def test_cli_sync_without_credentials_names_the_missing_variables(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HANDOFF_HOME", str(tmp_path))
    for name in ("HANDOFF_ESAD_LOGIN", "HANDOFF_ESAD_PASSWORD", "HANDOFF_ESAD_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HANDOFF_ESAD_LOGIN", "kancelaria")
    result = runner.invoke(app, ["epu", "sync"])
    assert result.exit_code == 2
    assert result.stderr == (
        "Błąd: brak HANDOFF_ESAD_PASSWORD, HANDOFF_ESAD_API_KEY: bez dostępu do e-Sądu nie "
        "można pobrać historii spraw\n"
    )
    assert list(tmp_path.iterdir()) == []  # no store opened, nothing changed


def test_what_a_person_recorded_stays_and_what_does_not_fit_is_refused_once(
    firm: Firm, monkeypatch: pytest.MonkeyPatch
) -> None:
    from casework.court_events import record_court_event
    from law.pl.deadlines import EventKind
    from store.db import session_scope

    _filed(firm, monkeypatch)
    for kind, on in (
        (EventKind.PAYMENT_ORDER_ISSUED, date(2026, 11, 25)),
        (EventKind.PAYMENT_ORDER_SERVED, date(2026, 11, 26)),  # the court says 27.11
    ):
        with session_scope(firm.engine) as s:
            record_court_event(s, ORDERED, kind, on, today=LATER, actor="asystent")
    _play_order_to_final(firm, ORDERED)
    firm.fake.add_history(
        ORDERED, datetime(2026, 12, 20, 9, 0), "srodek_odwolawczy", "Wniesiono sprzeciw"
    )
    report = _sync(firm)
    assert _events(firm, ORDERED) == [
        ("payment-order-issued", date(2026, 11, 25)),
        ("payment-order-served", date(2026, 11, 26)),  # left as the person recorded it
        ("payment-order-final", date(2026, 12, 14)),
    ]
    served = [e for e in _entries(report, ORDERED) if e.kind == "payment-order-served"]
    assert {e.status for e in served} == {"already"}
    delivery = next(e for e in served if e.source == "doreczenie")
    assert delivery.note == (
        "zapisane wcześniej z datą 2026-11-26; e-Sąd podaje 2026-11-27 - sprawdź datę"
    )
    (late,) = [e for e in _entries(report, ORDERED) if e.kind == "objection-filed"]
    assert late.status == "refused" and "nie pasuje do etapu" in late.note
    assert _stages(firm)[ORDERED] == "final"
    again = _sync(firm)
    (late,) = [e for e in _entries(again, ORDERED) if e.kind == "objection-filed"]
    assert (late.status, late.new, late.was) == ("seen", False, "refused")
    assert "nie pasuje do etapu" in late.note
