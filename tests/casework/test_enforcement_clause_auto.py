"""The clause application as the automatic next step of a title that became final, on
SQLite and PostgreSQL with the .docx read back.

``casework.court_events.record_court_event`` with the entry point's drafting settings
(``casework.enforcement.ClauseDrafting``): a paper judgment made final drafts the wniosek o
nadanie klauzuli wykonalności through ``casework.enforcement.request_clause`` in the same
transaction, once (the same event twice, a re-run after a crash); an EPU nakaz made final
drafts nothing (the court issues the electronic title); a debt paid in full needs none; a
draft the store cannot support (no signature) leaves the event recorded and says why.

Expected values: the court's three days after the application (art. 781^1 KPC,
instructional, UNCONFIRMED): Tue 1.12.2026 + 3 days = Fri 4.12.2026 (art. 111 §2 KC, as in
test_enforcement_clause). The fee of the application is not computed (UNCONFIRMED).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, select

from casework.court_events import EventOutcome, record_court_event
from casework.enforcement import (
    DRAFTED,
    NOT_DRAFTED,
    NOT_NEEDED,
    TO_DRAFT,
    ClauseDrafting,
)
from config import SAMPLE_FIRM, Settings
from documents.firm import load_firm_profile
from law.pl.deadlines import EventKind
from store.db import session_scope
from store.tables import CaseStep, Deadline, GeneratedDocument
from tests.casework.cli_helpers import ok, refused
from tests.documents.cases import docx_text

from .conftest import EPU, NAKAZOWE, Firm

ON = date(2026, 12, 1)  # the judgment's finality and the firm's today here
K = EventKind


class Crash(Exception):
    """Stands for the process dying after the work, before the commit."""


def _drafting(firm: Firm) -> ClauseDrafting:
    return ClauseDrafting(load_firm_profile(SAMPLE_FIRM), firm.home / "documents")


def _announced(firm: Firm, signature: str = "V GNc 7/26") -> None:
    """The nakazowe case through zarzuty to an announced judgment (as test_enforcement)."""
    firm.approve(NAKAZOWE)
    args = ["--signature", signature] if signature else []
    ok("cases", "file", NAKAZOWE, "--on", "2026-11-25", *args)
    ok("event", "add", NAKAZOWE, "--kind", "payment-order-issued", "--on", "2026-11-26")
    ok("event", "add", NAKAZOWE, "--kind", "payment-order-served", "--on", "2026-11-27")
    ok("event", "add", NAKAZOWE, "--kind", "objection-filed", "--on", "2026-11-30")
    ok("event", "add", NAKAZOWE, "--kind", "judgment-announced", "--on", ON.isoformat())


def _final(
    firm: Firm, ref: str = NAKAZOWE, kind: EventKind = K.JUDGMENT_FINAL, *, drafting: bool = True
) -> EventOutcome:
    with session_scope(firm.engine) as s:
        return record_court_event(
            s,
            ref,
            kind,
            ON,
            today=ON,
            actor="asystent1",
            clause=_drafting(firm) if drafting else None,
        )


def _clause_docs(firm: Firm, ref: str = NAKAZOWE) -> list[GeneratedDocument]:
    with Session(firm.engine) as s:
        return list(
            s.exec(
                select(GeneratedDocument).where(
                    GeneratedDocument.case_id == firm.ids[ref],
                    GeneratedDocument.kind == "wniosek_klauzula",
                )
            ).all()
        )


def _clause_steps(firm: Firm, ref: str = NAKAZOWE) -> list[CaseStep]:
    with Session(firm.engine) as s:
        return list(
            s.exec(
                select(CaseStep).where(
                    CaseStep.case_id == firm.ids[ref],
                    CaseStep.trigger == "enforcement-clause-requested",
                )
            ).all()
        )


def _deadlines(firm: Firm, prefix: str) -> list[Deadline]:
    with Session(firm.engine) as s:
        rows = s.exec(select(Deadline).where(Deadline.case_id == firm.ids[NAKAZOWE])).all()
        return [r for r in rows if r.rule_key.startswith(prefix)]


def test_a_final_judgment_drafts_the_clause_application_once(firm: Firm) -> None:
    _announced(firm)
    outcome = _final(firm)
    assert outcome.recorded and outcome.stage_after == "final"
    assert outcome.clause is not None and outcome.clause.status == DRAFTED
    summary = outcome.summary()
    assert "Etap:" in summary and "Wniosek o nadanie klauzuli wykonalności sporządzony" in summary
    assert "do akceptacji partnera" in summary and "UNCONFIRMED" in summary  # fee, court's days
    drafted = outcome.clause.as_json()
    assert drafted["status"] == DRAFTED and drafted["document"]["version"] == 1

    (doc,) = _clause_docs(firm)
    path = Path(doc.path)
    assert path.is_file() and drafted["document"]["path"] == str(path)
    text = docx_text(path.read_bytes())
    assert "WNIOSEK O NADANIE KLAUZULI WYKONALNOŚCI" in text
    assert "wyrokowi wydanemu przez" in text and "sygn. akt V GNc 7/26" in text
    assert "prawomocnemu z dniem 01.12.2026" in text
    assert "UNCONFIRMED" not in text and "{{" not in text and "zł" not in text
    (step,) = _clause_steps(firm)
    assert step.occurred_on == ON and step.recorded_by == "asystent1"
    (court_term,) = _deadlines(firm, "clause-court:")
    assert court_term.due_on == date(2026, 12, 4) and "UNCONFIRMED" in court_term.reason
    (observation,) = _deadlines(firm, "judgment-final:")
    assert observation.status == "done"  # the application was made
    assert [a.actor for a in firm.audit("enforcement.clause_drafted")] == ["asystent1"]

    # the same final event again: nothing recorded, nothing drafted
    before = firm.counts()
    again = _final(firm)
    assert not again.recorded and again.clause is None and "nic nie zmieniono" in again.summary()
    assert firm.counts() == before and len(_clause_docs(firm)) == 1
    # the command a person would run: the same day's application is already there
    assert "nic nie zmieniono" in ok("enforcement", "clause", NAKAZOWE, "--on", ON.isoformat())
    assert len(_clause_docs(firm)) == 1 and len(_clause_steps(firm)) == 1

    shown = json.loads(ok("cases", "show", NAKAZOWE, "--json"))
    kinds = [t["event_kind"] for t in shown["timeline"]]
    assert kinds[-2:] == ["judgment-final", "enforcement-clause-requested"]


def test_a_crash_before_the_commit_leaves_nothing_and_the_rerun_drafts_once(firm: Firm) -> None:
    _announced(firm)
    before = firm.counts()
    with pytest.raises(Crash), session_scope(firm.engine) as s:
        crashed = record_court_event(
            s, NAKAZOWE, K.JUDGMENT_FINAL, ON, today=ON, clause=_drafting(firm)
        )
        assert crashed.clause is not None and crashed.clause.outcome is not None
        written = Path(crashed.clause.outcome.details["document"]["path"])
        assert written.is_file()  # the .docx was written before the crash
        raise Crash
    assert firm.counts() == before and firm.stage(NAKAZOWE) == "judgment"
    assert _clause_docs(firm) == [] and _clause_steps(firm) == []

    rerun = _final(firm)
    assert rerun.recorded and rerun.clause is not None and rerun.clause.status == DRAFTED
    (doc,) = _clause_docs(firm)
    assert doc.version == 1 and Path(doc.path) == written  # the same file, written again
    assert "WNIOSEK O NADANIE KLAUZULI" in docx_text(written.read_bytes())
    assert len(_clause_steps(firm)) == 1


def test_a_deleted_final_event_withdraws_the_application_and_a_new_one_drafts_again(
    firm: Firm,
) -> None:
    from casework.court_events import delete_court_event
    from store.tables import CaseFinding

    _announced(firm)
    outcome = _final(firm)
    assert outcome.clause is not None and outcome.clause.status == DRAFTED
    with session_scope(firm.engine) as s:
        assert outcome.event.id is not None
        delete_court_event(s, outcome.event.id, today=ON, actor="asystent1")
    assert firm.stage(NAKAZOWE) == "judgment"
    (court_term,) = _deadlines(firm, "clause-court:")
    assert court_term.status == "cancelled"  # no application pending before the court
    with Session(firm.engine) as s:
        (finding,) = s.exec(select(CaseFinding).where(CaseFinding.source == "enforcement")).all()
    assert finding.code == "clause_application_withdrawn" and "nie składaj" in finding.message

    again = _final(firm)  # the title recorded final again: the application is made again
    assert again.recorded and again.clause is not None and again.clause.status == DRAFTED
    (doc,) = _clause_docs(firm)  # the same inputs: the same draft, not a second version
    assert doc.version == 1 and Path(doc.path).is_file()
    open_terms = [d for d in _deadlines(firm, "clause-court:") if d.status == "open"]
    assert [d.due_on for d in open_terms] == [date(2026, 12, 4)]
    with Session(firm.engine) as s:
        codes = [
            f.code for f in s.exec(select(CaseFinding).where(CaseFinding.source == "enforcement"))
        ]
    assert codes == ["clause_application_review"]


def test_an_epu_order_made_final_drafts_nothing(firm: Firm) -> None:
    firm.approve(EPU)
    ok("cases", "file", EPU, "--on", "2026-11-25")
    ok("event", "add", EPU, "--kind", "payment-order-issued", "--on", "2026-11-26")
    ok("event", "add", EPU, "--kind", "payment-order-served", "--on", "2026-11-27")
    day = date(2026, 12, 14)  # served Fri 27.11.2026 + 2 weeks (art. 502 §1, 505 KPC)
    with session_scope(firm.engine) as s:
        outcome = record_court_event(
            s, EPU, K.PAYMENT_ORDER_FINAL, day, today=day, clause=_drafting(firm)
        )
    assert outcome.recorded and firm.stage(EPU) == "final"
    assert outcome.clause is not None and outcome.clause.status == NOT_NEEDED
    assert "tytuł wykonawczy wydaje e-Sąd" in outcome.summary()
    assert _clause_docs(firm, EPU) == [] and _clause_steps(firm, EPU) == []


def test_an_epu_case_judged_after_a_sprzeciw_is_not_drafted_as_an_epu_title(
    firm: Firm,
) -> None:
    """After a sprzeciw the nakaz lost force; the general court's judgment is the title."""
    firm.epu_after_sprzeciw()
    ok("event", "add", EPU, "--kind", "judgment-announced", "--on", ON.isoformat())
    outcome = _final(firm, EPU)
    assert outcome.recorded and firm.stage(EPU) == "final"
    assert outcome.clause is not None and outcome.clause.status == NOT_DRAFTED
    assert "wyrok sądu właściwości ogólnej" in outcome.clause.lines[0]
    assert "UNCONFIRMED" in outcome.clause.lines[0]
    assert _clause_docs(firm, EPU) == []
    # nor is the nakaz that lost force the title of an EPU wniosek egzekucyjny
    out = firm.home / "epu.xml"
    ids = ["--order-id", "1", "--decision-code", "1", "--clause-id", "1", "--clause-code", "K"]
    line = refused(
        "enforcement", "epu-xml", EPU, "--out", str(out), "--komornik", "Anna Nowak",
        "--komornik-id", "1", *ids, "--clause-on", ON.isoformat(),
    )  # fmt: skip
    assert "wyrok sądu właściwości ogólnej" in line and not out.exists()
    # and the komornik gets that judgment only with the clause the general court grants:
    # enforcement start asks for it as for any paper title (art. 781 KPC, UNCONFIRMED)
    line = refused("enforcement", "start", EPU, "--komornik", "Anna Nowak", "--on", ON.isoformat())
    assert "klauzuli wykonalności" in line and "--clause-on" in line
    assert firm.stage(EPU) == "final"


def test_without_drafting_settings_the_outcome_names_the_command(firm: Firm) -> None:
    _announced(firm)
    outcome = _final(firm, drafting=False)
    assert outcome.clause is not None and outcome.clause.status == TO_DRAFT
    assert f"handoff enforcement clause {NAKAZOWE}" in outcome.summary()
    assert _clause_docs(firm) == []
    (observation,) = _deadlines(firm, "judgment-final:")
    assert observation.status == "open"  # the reminder stays until the application is made


def test_a_title_the_store_cannot_name_is_recorded_and_the_draft_refused(firm: Firm) -> None:
    _announced(firm, signature="")  # no signature anywhere in the timeline
    outcome = _final(firm)
    assert outcome.recorded and firm.stage(NAKAZOWE) == "final"
    assert outcome.clause is not None and outcome.clause.status == NOT_DRAFTED
    (line,) = outcome.clause.lines
    assert "nie sporządzono" in line and "sygnatury" in line
    assert _clause_docs(firm) == [] and _clause_steps(firm) == []


def test_a_debt_paid_in_full_gets_no_clause(firm: Firm) -> None:
    from casework import Refused
    from casework.payments import PaymentIn, payments_of, record_payment

    _announced(firm)
    with session_scope(firm.engine) as s:
        left = payments_of(s, NAKAZOWE, today=ON).left.total
    with session_scope(firm.engine) as s:  # the whole debt came in before the finality
        record_payment(
            s, NAKAZOWE, PaymentIn(ON, left, title="zapłata całości"), today=ON, actor="anna"
        )
    assert firm.stage(NAKAZOWE) == "paid"
    before = firm.counts()
    with pytest.raises(Refused):  # no final title to enforce, so no clause application
        _final(firm)
    assert firm.counts() == before and _clause_docs(firm) == []


def test_the_drafting_settings_come_from_the_entry_points_settings(
    firm: Firm, tmp_path: Path
) -> None:
    drafting = ClauseDrafting.from_settings(Settings(home=firm.home))
    assert drafting.documents_dir == firm.home / "documents" and drafting.templates is None
    broken = tmp_path / "firm.json"
    broken.write_text("{", encoding="utf-8")
    from casework import Refused

    with pytest.raises(Refused, match="profil kancelarii"):
        ClauseDrafting.from_settings(Settings(home=firm.home, firm_file=broken))


def test_handoff_event_add_drafts_the_clause_application_of_a_final_paper_title(
    firm: Firm,
) -> None:
    """The command line passes the firm's drafting settings: the judgment made final through
    ``handoff event add`` drafts the application at once, and the same event again drafts
    nothing more."""
    _announced(firm)
    args = ("event", "add", NAKAZOWE, "--kind", "judgment-final", "--on", ON.isoformat())
    out = ok(*args)
    assert "klauzul" in out, out
    docs = _clause_docs(firm)
    assert len(docs) == 1 and Path(docs[0].path).is_file()
    assert "klauzuli wykonalności" in docx_text(Path(docs[0].path).read_bytes())
    ok(*args)  # the same event twice: recorded once, drafted once
    assert len(_clause_docs(firm)) == 1 and len(_clause_steps(firm)) == 1


GENERAL_COURT = "Sąd Rejonowy Gdańsk-Północ w Gdańsku, IX Wydział Gospodarczy"


def test_an_epu_judgment_of_a_named_general_court_gets_its_clause_application(
    firm: Firm,
) -> None:
    """After a sprzeciw the paralegal names the general court on its event (``event add
    --court``): the judgment made final is a paper title and its wniosek o nadanie klauzuli
    is drafted to that court, with its signature - never e-Sąd's court (K11)."""
    firm.epu_after_sprzeciw()
    ok(
        "event", "add", EPU, "--kind", "judgment-announced", "--on", ON.isoformat(),
        "--court", GENERAL_COURT, "--signature", "IX GC 100/26",
    )  # fmt: skip
    outcome = _final(firm, EPU)
    assert outcome.clause is not None and outcome.clause.status == DRAFTED
    (doc,) = _clause_docs(firm, EPU)
    text = docx_text(Path(doc.path).read_bytes())
    assert "Sąd Rejonowy Gdańsk-Północ w Gdańsku" in text and "IX GC 100/26" in text
    assert "Lublin" not in text and "Nc-e" not in text
    # a court name that is only spaces is refused before anything is written
    before = firm.counts()
    line = refused(
        "event", "add", EPU, "--kind", "call-served", "--on", ON.isoformat(), "--court", "  "
    )
    assert "--court" in line and firm.counts() == before


def test_the_nc_e_signature_is_never_the_general_courts(firm: Firm) -> None:
    """The general court named without its signature: the application is not drafted (the
    e-Sąd signature VI Nc-e 1/26 is not the judgment's), and the event stays recorded."""
    firm.epu_after_sprzeciw()
    ok(
        "event", "add", EPU, "--kind", "judgment-announced", "--on", ON.isoformat(),
        "--court", GENERAL_COURT,
    )  # fmt: skip
    outcome = _final(firm, EPU)
    assert outcome.recorded and firm.stage(EPU) == "final"
    assert outcome.clause is not None and outcome.clause.status == NOT_DRAFTED
    (line,) = outcome.clause.lines
    assert "sygnatury" in line and _clause_docs(firm, EPU) == []
