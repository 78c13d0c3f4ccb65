"""A corrected court event reaches the clause application drafted on it, on SQLite and
PostgreSQL with the .docx read back (``handoff event edit``, ``casework.court_events.
edit_court_event``, ``casework.enforcement.clause_after_edit``).

The wniosek o nadanie klauzuli wykonalności names the title as the timeline knows it: its
court, day, signature and the day it became final (``casework.enforcement._court_title``).
Before this, ``event edit --signature`` changed the event and not its timeline step, so the
application kept naming the wrong sygnatura, and a corrected final day left the draft
saying the old one. Now the step follows the edit, the application is drafted again as
the next version for the partner when its words change (the same words: nothing new), and
where the correction makes it wrong (the title now final after the application's day) a
warning tells the partner not to file it.

Dates: the firm's today here is Tue 1.12.2026 (the tests' clock); the timeline is the
nakazowe case through zarzuty as in test_enforcement_clause_auto, with the judgment
announced 29.11 and final 30.11.2026.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlmodel import Session, select

from casework.court_events import record_court_event
from casework.enforcement import DRAFTED, ClauseDrafting
from config import SAMPLE_FIRM
from documents.firm import load_firm_profile
from law.pl.deadlines import EventKind
from store.db import session_scope
from store.tables import AuditLog, CaseFinding, CaseStep, CourtEvent, GeneratedDocument
from tests.casework.cli_helpers import ok, refused
from tests.documents.cases import docx_text

from .conftest import EPU, NAKAZOWE, Firm

TODAY = date(2026, 12, 1)


def _to_judgment(firm: Firm, ref: str = NAKAZOWE) -> None:
    firm.approve(ref)
    ok("cases", "file", ref, "--on", "2026-11-25", "--signature", "V GNc 7/26")
    ok("event", "add", ref, "--kind", "payment-order-issued", "--on", "2026-11-26")
    ok("event", "add", ref, "--kind", "payment-order-served", "--on", "2026-11-27")
    ok("event", "add", ref, "--kind", "objection-filed", "--on", "2026-11-28")
    ok("event", "add", ref, "--kind", "judgment-announced", "--on", "2026-11-29")


def _final(firm: Firm, ref: str = NAKAZOWE, *, today: date = TODAY) -> None:
    """The judgment final on 30.11.2026; the application drafted on ``today``."""
    with session_scope(firm.engine) as s:
        outcome = record_court_event(
            s,
            ref,
            EventKind.JUDGMENT_FINAL,
            date(2026, 11, 30),
            today=today,
            actor="asystent1",
            clause=ClauseDrafting(load_firm_profile(SAMPLE_FIRM), firm.home / "documents"),
        )
    assert outcome.clause is not None and outcome.clause.status == DRAFTED


def _event(firm: Firm, kind: str, ref: str = NAKAZOWE) -> int:
    with Session(firm.engine) as s:
        row = s.exec(
            select(CourtEvent).where(CourtEvent.case_id == firm.ids[ref], CourtEvent.kind == kind)
        ).one()
        assert row.id is not None
        return row.id


def _drafts(firm: Firm, ref: str = NAKAZOWE) -> list[tuple[int, str]]:
    """(version, text) of each clause draft of the case."""
    with Session(firm.engine) as s:
        rows = s.exec(
            select(GeneratedDocument)
            .where(
                GeneratedDocument.case_id == firm.ids[ref],
                GeneratedDocument.kind == "wniosek_klauzula",
            )
            .order_by(GeneratedDocument.version)  # type: ignore[arg-type]
        ).all()
        return [(d.version, docx_text(Path(d.path).read_bytes())) for d in rows]


def _finding(firm: Firm, ref: str = NAKAZOWE) -> CaseFinding:
    with Session(firm.engine) as s:
        (row,) = s.exec(
            select(CaseFinding).where(
                CaseFinding.case_id == firm.ids[ref], CaseFinding.source == "enforcement"
            )
        ).all()
        return row


def test_a_corrected_signature_and_final_day_redraft_the_application(firm: Firm) -> None:
    _to_judgment(firm)
    _final(firm)
    ((version, first),) = _drafts(firm)
    assert version == 1
    assert "V GNc 7/26" in first and "30.11.2026" in first

    # the sygnatura was mistyped at the filing; the judgment's event carries the right one
    out = ok("event", "edit", str(_event(firm, "judgment-announced")), "--signature", "V GC 9/26")
    assert "sporządzony ponownie po poprawce" in out and "wersja 2" in out
    assert "jeśli v1 złożono już w sądzie, powiadom sąd o poprawce" in out
    (_, v1), (_, v2) = _drafts(firm)
    assert v1 == first  # the first draft stays as a record
    assert "V GC 9/26" in v2 and "V GNc 7/26" not in v2
    finding = _finding(firm)
    assert finding.code == "clause_application_review" and "(v2, 01.12.2026 r.)" in finding.message
    assert "powiadom sąd o poprawce" in finding.message
    with Session(firm.engine) as s:
        step = s.exec(
            select(CaseStep).where(CaseStep.event_id == _event(firm, "judgment-announced"))
        ).one()
        assert step.signature == "V GC 9/26"  # the timeline follows the event
        (redrafted,) = s.exec(
            select(AuditLog).where(AuditLog.action == "enforcement.clause_redrafted")
        ).all()
        assert '"version": 2' in redrafted.detail

    # the same signature again: the words do not change, nothing is drafted
    out = ok("event", "edit", str(_event(firm, "judgment-announced")), "--signature", "V GC 9/26")
    assert "sporządzony ponownie" not in out and len(_drafts(firm)) == 2
    # a note alone changes nothing the application says
    ok("event", "edit", str(_event(firm, "judgment-announced")), "--note", "odpis wyroku w aktach")
    assert len(_drafts(firm)) == 2

    # the judgment became final a day later than recorded: the application says so
    out = ok("event", "edit", str(_event(firm, "judgment-final")), "--on", "2026-12-01")
    assert "wersja 3" in out
    *_, (version, v3) = _drafts(firm)
    assert version == 3
    assert "01.12.2026" in v3 and "30.11.2026" not in v3


def test_a_final_day_moved_past_the_application_warns_not_to_file_it(firm: Firm) -> None:
    _to_judgment(firm)
    _final(firm, today=date(2026, 11, 30))  # the application made on 30.11.2026
    out = ok("event", "edit", str(_event(firm, "judgment-final")), "--on", "2026-12-01")
    assert "nie składaj go w tej postaci" in out and "wcześniejsza niż uprawomocnienie" in out
    assert len(_drafts(firm)) == 1  # not drafted again on a day before its title's finality
    finding = _finding(firm)
    assert finding.code == "clause_application_outdated" and finding.severity == "warning"
    assert "30.11.2026" in finding.message and "(v1)" in finding.message


def test_the_court_of_a_judgment_after_a_sprzeciw_is_corrected_on_the_application(
    firm: Firm,
) -> None:
    """After a sprzeciw in EPU the general court's judgment is the title and its court is
    the one the event names (``--court``); a court typed wrong is corrected by ``event
    edit --court``, no longer by deleting and recording the event again."""
    firm.epu_after_sprzeciw()
    ok(
        "event", "add", EPU, "--kind", "judgment-announced", "--on", "2026-12-01",
        "--signature", "I C 5/26", "--court", "Sąd Rejonowy w Lublinie",
    )  # fmt: skip
    ok("event", "add", EPU, "--kind", "judgment-final", "--on", "2026-12-01")
    ((version, first),) = _drafts(firm, EPU)
    assert version == 1
    assert "Sąd Rejonowy w Lublinie" in first
    announced = str(_event(firm, "judgment-announced", EPU))
    out = ok("event", "edit", announced, "--court", "Sąd Rejonowy Lublin-Zachód w Lublinie")
    assert "wersja 2" in out
    (_, _), (_, v2) = _drafts(firm, EPU)
    assert "Sąd Rejonowy Lublin-Zachód w Lublinie" in v2
    assert len(firm.audit("event.court")) == 1
    # cleared, the general court is unknown again: not drafted, the partner is warned
    out = ok("event", "edit", announced, "--court", "")
    assert "nie składaj go w tej postaci" in out and "brak sądu" in out
    assert len(_drafts(firm, EPU)) == 2
    assert refused("event", "edit", announced, "--court", "   ").startswith("Błąd: --court")


def test_a_corrected_signature_redrafts_the_letter_waiting_for_the_partner(firm: Firm) -> None:
    """A payment after the nakaz drafts the cofnięcie pozwu w części with the signature the
    order's event carries; corrected on that event, the letter waiting for the partner is
    drafted again (the next version), an approved one is left as it is with a line."""
    from casework.court_letters import decide_letter
    from store.review import create_user
    from store.tables import CourtLetter

    firm.approve(NAKAZOWE)
    ok("cases", "file", NAKAZOWE, "--on", "2026-11-25")
    ok(
        "event", "add", NAKAZOWE, "--kind", "payment-order-issued", "--on", "2026-11-26",
        "--signature", "V GNc 7/26",
    )  # fmt: skip
    ok("payments", "add", NAKAZOWE, "--amount", "3000,00", "--on", "2026-11-27")
    with Session(firm.engine) as s:
        (letter,) = s.exec(select(CourtLetter)).all()
        assert letter.status == "ready_for_review" and letter.id is not None
        letter_id, first = letter.id, letter.document_id
        doc = s.get(GeneratedDocument, first)
        assert doc is not None and "Sygn. akt: V GNc 7/26" in docx_text(Path(doc.path).read_bytes())
    issued = str(_event(firm, "payment-order-issued"))
    out = ok("event", "edit", issued, "--signature", "V GNc 8/26")
    assert f"Pismo do sądu #{letter_id} sporządzone ponownie po poprawce zdarzenia" in out
    with Session(firm.engine) as s:
        letter = s.get(CourtLetter, letter_id)
        assert letter is not None and letter.status == "ready_for_review"
        assert letter.document_id != first
        doc = s.get(GeneratedDocument, letter.document_id)
        assert doc is not None and doc.version == 2
        text = docx_text(Path(doc.path).read_bytes())
        assert "Sygn. akt: V GNc 8/26" in text and "7/26" not in text
    # approved (it may have gone to the court): left as it is, the person is told
    with session_scope(firm.engine) as s:
        create_user(s, "esadowska", "partner", "haslo-partnera-2")
    with session_scope(firm.engine) as s:
        decide_letter(s, letter_id, "esadowska", "approve")
    out = ok("event", "edit", issued, "--signature", "V GNc 9/26")
    assert f"Pismo do sądu #{letter_id} zatwierdzono z oznaczeniem" in out
    assert "sygn. V GNc 8/26; po poprawce zdarzenia" in out and "sygn. V GNc 9/26" in out
    with Session(firm.engine) as s:
        letter = s.get(CourtLetter, letter_id)
        assert letter is not None and letter.status == "approved"
