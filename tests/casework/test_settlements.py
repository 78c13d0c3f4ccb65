"""Settlements with instalment plans on the five sample cases, imported and drafted for real,
on SQLite and PostgreSQL: ``handoff settlements add / show / check`` and the use cases.

Expected values:

* TT/WIND/2025/0087 (EPU): FV/2024/10/015, a sale (art. 554 KC: 2 years), deadline
  16.10.2024, limitation 31.12.2026. A settlement concluded on 25.11.2026 acknowledges the
  claim (art. 123 §1 pkt 2 KC): the period runs anew, 25.11.2028 -> 31.12.2028 (art. 124
  §1, 118 zd. 2 KC; the method of polish_law.md 7.1 L9).
* 3 000,00 zł in 3 instalments from 10.12.2026: 10.12.2026 (Thursday), 10.01.2027 (Sunday
  -> 11.01.2027, art. 115 KC), 10.02.2027 (Wednesday), 1 000,00 zł each. Grace 14 days:
  the first ends 24.12.2026, a holiday from 2025 (Dz.U. 2024 poz. 1965), then 25-26.12
  holidays and 27.12 Sunday -> 28.12.2026; unpaid, the whole rest falls due 29.12.2026.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from sqlmodel import Session, col, select

from casework.payments import PaymentIn, record_payment
from casework.settlements import check_plans
from store.db import session_scope
from store.tables import (
    AuditLog,
    CaseFinding,
    CaseStep,
    Deadline,
    GeneratedDocument,
    Instalment,
    LimitationWatch,
    Settlement,
)
from tests.casework.cli_helpers import ok, refused

from .conftest import EPU, NAKAZOWE, Firm

ADD = ("settlements", "add")
PLAN = ("--amount", "3000,00", "--instalments", "3", "--first-due", "2026-12-10")


def _watch(firm: Firm, ref: str) -> dict[str, date]:
    with Session(firm.engine) as s:
        rows = s.exec(select(LimitationWatch).where(LimitationWatch.case_id == firm.ids[ref]))
        return {r.invoice_number: r.expires_on for r in rows}


def _findings(firm: Firm, ref: str) -> dict[str, str]:
    with Session(firm.engine) as s:
        rows = s.exec(
            select(CaseFinding).where(
                CaseFinding.case_id == firm.ids[ref], CaseFinding.source == "settlements"
            )
        ).all()
        return {r.code: r.message for r in rows}


def _rows(firm: Firm) -> dict[str, int]:
    with Session(firm.engine) as s:
        return firm.counts() | {
            t.__name__: len(s.exec(select(t)).all())
            for t in (Settlement, Instalment, GeneratedDocument, CaseFinding, LimitationWatch)
        }


def _docx_text(path: str) -> str:
    document = docx.Document(path)
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return "\n".join(parts)


def test_a_settlement_before_filing_plans_drafts_and_restarts_limitation(firm: Firm) -> None:
    firm.approve(EPU)
    assert _watch(firm, EPU) == {"FV/2024/10/015": date(2026, 12, 31)}
    out = json.loads(ok(*ADD, EPU, *PLAN, "--on", "2026-11-25", "--json", "--by", "anowak"))
    assert out["recorded"] is True
    assert (out["stage_before"], out["stage"]) == ("approved", "settled")
    assert [(i["agreed_due"], i["due_on"], i["amount"]) for i in out["instalments"]] == [
        ("2026-12-10", "2026-12-10", "1000.00"),
        ("2027-01-10", "2027-01-11", "1000.00"),
        ("2027-02-10", "2027-02-10", "1000.00"),
    ]
    assert out["instalments"][0]["grace_end"] == "2026-12-28"
    assert out["status"] == "on_track" and out["total"] == "3000.00"
    # the settlement acknowledges the claim: limitation runs anew (art. 123 §1 pkt 2 KC)
    assert _watch(firm, EPU) == {"FV/2024/10/015": date(2028, 12, 31)}
    # the step through the lifecycle, audited
    with Session(firm.engine) as s:
        step = s.exec(
            select(CaseStep)
            .where(CaseStep.case_id == firm.ids[EPU])
            .order_by(col(CaseStep.id).desc())
        ).first()
        assert step is not None
        assert (step.from_stage, step.to_stage, step.trigger) == ("approved", "settled", "settled")
        audit = s.exec(select(AuditLog).where(AuditLog.action == "settlement.concluded")).one()
        assert json.loads(audit.detail)["instalments"] == 3 and audit.actor == "anowak"
        doc = s.get(GeneratedDocument, out["document"]["id"])
        assert doc is not None and doc.kind == "ugoda" and doc.version == 1
    # the drafted document, read back
    path = Path(out["document"]["path"])
    import hashlib

    assert hashlib.sha256(path.read_bytes()).hexdigest() == doc.sha256
    text = _docx_text(str(path))
    assert "UGODA POZASĄDOWA" in text
    assert "10.12.2026 r. | 1 000,00 zł" in text and "10.01.2027 r. | 1 000,00 zł" in text
    assert "Razem | 3 000,00 zł" in text
    assert "art. 123 § 1 pkt 2" in text and "14 dni" in text
    assert "Bez odsetek od rat." in text
    assert "{{" not in text and "{%" not in text
    assert "Projekt ugody (wersja 1) czeka na przegląd" in _findings(firm, EPU)["settlement_review"]
    # not filed: nothing to tell a court
    assert "court_letter_needed" not in _findings(firm, EPU) and out["court_letter"] == ""

    # the same settlement again changes nothing
    before = _rows(firm)
    again = ok(*ADD, EPU, *PLAN, "--on", "2026-11-25")
    assert "już zapisana" in again
    assert _rows(firm) == before


def test_payments_count_toward_instalments_and_a_missed_one_breaks_the_plan(firm: Firm) -> None:
    firm.approve(EPU)
    ok(*ADD, EPU, *PLAN, "--on", "2026-11-25", "--grace-days", "14")
    with session_scope(firm.engine) as s:
        record_payment(
            s,
            EPU,
            PaymentIn(date(2026, 12, 10), Decimal("1000.00")),
            today=date(2026, 12, 10),
            actor="anowak",
        )
    on_track = check_plans(firm.engine, today=date(2027, 1, 11))
    assert on_track.checked == 1 and not on_track.missed and not on_track.broken
    late = check_plans(firm.engine, today=date(2027, 1, 12))
    assert [(m.number, m.due_on, m.amount) for m in late.missed] == [
        (2, date(2027, 1, 11), Decimal("1000.00"))
    ]
    assert firm.stage(EPU) == "settled"
    broken = check_plans(firm.engine, today=date(2027, 1, 26))  # grace ended 25.01.2027
    assert broken.broken == [EPU]
    assert firm.stage(EPU) == "approved"  # back to its court track: the stage before
    with Session(firm.engine) as s:
        row = s.exec(select(Settlement)).one()
        assert (row.status, row.broken_on, row.broken_by) == ("broken", date(2027, 1, 26), 2)
        step = s.exec(select(CaseStep).order_by(col(CaseStep.id).desc())).first()
        assert step is not None and step.trigger == "settlement-broken"
        assert (step.from_stage, step.to_stage) == ("settled", "approved")
        assert step.status == "UNCONFIRMED" and "art. 353^1" in step.cites
        assert s.exec(select(AuditLog).where(AuditLog.action == "settlement.broken")).one()
    assert "natychmiastowej wymagalności" in _findings(firm, EPU)["settlement_broken"]
    # the payment on 10.12.2026 acknowledged the claim too: the watch counts from it
    assert _watch(firm, EPU) == {"FV/2024/10/015": date(2028, 12, 31)}
    before = _rows(firm)
    assert check_plans(firm.engine, today=date(2027, 1, 27)).checked == 0  # broken once
    assert _rows(firm) == before

    # show computes the plan as of today (1.12.2026 here, before the dates checked above)
    shown = json.loads(ok("settlements", "show", EPU, "--json"))
    (plan,) = shown["settlements"]
    assert (plan["stored_status"], plan["broken_on"]) == ("broken", "2027-01-26")
    assert plan["paid"] == "0.00" and plan["rest"] == "3000.00"  # the payment is 10.12.2026
    assert "rata 2: 11.01.2027 r.  1 000,00 zł" in ok("settlements", "show", EPU)


def test_a_plan_paid_in_full_closes_the_case_as_paid(firm: Firm) -> None:
    firm.approve(EPU)
    ok(
        *ADD,
        EPU,
        "--amount",
        "500",
        "--instalments",
        "1",
        "--first-due",
        "2026-11-30",
        "--on",
        "2026-11-25",
    )
    with session_scope(firm.engine) as s:
        record_payment(
            s, EPU, PaymentIn(date(2026, 11, 30), Decimal(500)), today=date(2026, 12, 1), actor="a"
        )
    # the payment itself checks the plan: fulfilled and the case paid at once
    assert firm.stage(EPU) == "paid"
    with Session(firm.engine) as s:
        row = s.exec(select(Settlement)).one()
        assert (row.status, row.fulfilled_on) == ("fulfilled", date(2026, 11, 30))
    # the daily check then finds nothing left to do
    result = check_plans(firm.engine, today=date(2026, 12, 1))
    assert result.fulfilled == [] and firm.stage(EPU) == "paid"


def test_a_court_settlement_in_a_filed_case_tells_the_court_and_breaks_to_the_title(
    firm: Firm,
) -> None:
    from casework.filing import file_case

    firm.approve(NAKAZOWE)
    file_case(firm.engine, NAKAZOWE, date(2026, 11, 25), today=date(2026, 12, 1), actor="a")
    out = json.loads(
        ok(
            *ADD,
            NAKAZOWE,
            "--amount",
            "8000",
            "--costs",
            "487,00",
            "--instalments",
            "2",
            "--first-due",
            "2026-12-15",
            "--kind",
            "sadowa",
            "--interest",
            "statutory",
            "--on",
            "2026-11-27",
            "--json",
        )
    )
    assert (out["stage_before"], out["stage"]) == ("filed", "settled")
    assert out["total"] == "8487.00" and out["interest"] == "statutory"
    # a court settlement: the court discontinues itself, no letter (casework.court_letters)
    assert "nie jest potrzebne" in out["court_letter"]
    text = _docx_text(out["document"]["path"])
    assert "UGODA SĄDOWA" in text and "umorzenie postępowania" in text
    assert "Odsetki ustawowe za opóźnienie od raty zaległej (art. 481 §1-2 KC)." in text
    assert "8 000,00 zł oraz koszty 487,00 zł, razem 8 487,00 zł" in text
    result = check_plans(firm.engine, today=date(2027, 1, 5))  # 15.12 + 14 days = 29.12
    assert result.broken == [NAKAZOWE]
    assert firm.stage(NAKAZOWE) == "final"  # the court settlement is the title (UNCONFIRMED)


def test_bad_settlements_are_refused_in_polish_and_change_nothing(firm: Firm) -> None:
    firm.approve(EPU)
    before = _rows(firm)
    cases = [
        ((*ADD, "NIE/MA/1", *PLAN), "nie ma sprawy"),
        ((*ADD, NAKAZOWE, *PLAN), "przed zatwierdzeniem"),  # not approved (the lifecycle)
        (
            (*ADD, EPU, "--amount", "999999999", "--instalments", "2", "--first-due", "2026-12-10"),
            "przewyższa całą należność",
        ),
        ((*ADD, EPU, *PLAN, "--on", "2026-12-20"), "przyszłości"),
        (
            (
                *ADD,
                EPU,
                "--amount",
                "100",
                "--instalments",
                "2",
                "--first-due",
                "2026-11-01",
                "--on",
                "2026-11-25",
            ),
            "przed zawarciem",
        ),
        ((*ADD, EPU, *PLAN, "--interest", "dużo"), "--interest"),
        ((*ADD, EPU, *PLAN, "--kind", "ustna"), "--kind"),
        (
            (*ADD, EPU, "--amount", "0", "--instalments", "2", "--first-due", "2026-12-10"),
            "większa od zera",
        ),
        ((*ADD, EPU, "--amount", "100"), "--instalments"),
        ((*ADD, EPU, *PLAN, "--grace-days", "999"), "--grace-days"),
        (("settlements", "show", "NIE/MA/1"), "nie ma sprawy"),
        (("settlements", "check", "--on", "2027-01-01"), "przyszłości"),
    ]
    for args, needle in cases:
        line = refused(*args)
        assert needle in line, (args, line)
    assert _rows(firm) == before
    ok(*ADD, EPU, *PLAN, "--on", "2026-11-25")
    assert "obowiązuje już ugoda" in refused(*ADD, EPU, *PLAN, "--on", "2026-11-26")


def test_check_command_runs_the_check(firm: Firm) -> None:
    firm.approve(EPU)
    said = ok(
        *ADD,
        EPU,
        "--amount",
        "100",
        "--instalments",
        "1",
        "--first-due",
        "2026-11-25",
        "--on",
        "2026-11-25",
        "--grace-days",
        "0",
    )
    assert said.startswith(f"Zapisano ugodę pozasądową #1 w sprawie {EPU}: 100,00 zł w jednej")
    out = json.loads(ok("settlements", "check", "--json"))
    assert out["checked"] == 1 and out["broken"] == [EPU]
    assert firm.stage(EPU) == "approved"
    assert out["unroutable"] >= 1  # no SMTP / webhook configured: nothing sent, said so
    assert out["emails_sent"] == 0 and out["claimed"] == 0


def test_an_out_of_court_settlement_in_a_filed_case_drafts_the_court_letter(firm: Firm) -> None:
    from casework.filing import file_case
    from store.tables import CourtLetter

    firm.approve(NAKAZOWE)
    file_case(firm.engine, NAKAZOWE, date(2026, 11, 25), today=date(2026, 12, 1), actor="a")
    out = json.loads(
        ok(
            *ADD,
            NAKAZOWE,
            "--amount",
            "8000",
            "--instalments",
            "4",
            "--first-due",
            "2026-12-15",
            "--on",
            "2026-11-27",
            "--json",
        )
    )
    assert (out["stage_before"], out["stage"]) == ("filed", "settled")
    assert "cofnięcie pozwu w całości" in out["court_letter"]
    with Session(firm.engine) as s:
        letter = s.exec(select(CourtLetter).where(CourtLetter.case_id == firm.ids[NAKAZOWE])).one()
        assert (letter.reason, letter.settlement_id) == ("settlement", out["id"])
        assert letter.document_id is not None  # drafted for the partner's review
    assert "court_letter_needed" not in _findings(firm, NAKAZOWE)
    # broken: the out-of-court settlement returns the case to the stage it left
    assert check_plans(firm.engine, today=date(2027, 1, 5)).broken == [NAKAZOWE]
    assert firm.stage(NAKAZOWE) == "filed"
    assert "nowym pozwem" in _findings(firm, NAKAZOWE)["settlement_broken_after_withdrawal"]


def test_an_unreadable_firm_profile_is_refused_before_anything_is_written(
    firm: Firm, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    firm.approve(EPU)
    monkeypatch.setenv("HANDOFF_FIRM_FILE", str(tmp_path / "brak.json"))
    before = _rows(firm)
    assert "profil kancelarii" in refused(*ADD, EPU, *PLAN, "--on", "2026-11-25")
    assert _rows(firm) == before


def test_an_instalment_request_acknowledges_the_claim_and_replans_the_watch(firm: Firm) -> None:
    # polish_law.md 1.4: a request for instalments is an uznanie niewłaściwe even if no
    # agreement followed; FV/2024/10/015 (31.12.2026) runs anew from 20.11.2026 -> 31.12.2028
    firm.approve(EPU)
    out = json.loads(ok("settlements", "request", EPU, "--on", "2026-11-20", "--json"))
    assert out["recorded"] is True and out["limitation_watch"] == {"FV/2024/10/015": "2028-12-31"}
    assert _watch(firm, EPU) == {"FV/2024/10/015": date(2028, 12, 31)}
    assert firm.stage(EPU) == "approved"  # no settlement: the case stays on its track
    with Session(firm.engine) as s:
        deadline = s.exec(
            select(Deadline).where(
                Deadline.case_id == firm.ids[EPU],
                Deadline.rule_key.startswith("limitation"),  # type: ignore[attr-defined]
            )
        ).one()
        assert (deadline.status, deadline.due_on) == ("open", date(2028, 12, 31))
    before = _rows(firm)
    assert "już zapisany" in ok("settlements", "request", EPU, "--on", "2026-11-20")
    assert _rows(firm) == before
    assert "przyszłości" in refused("settlements", "request", EPU, "--on", "2027-01-01")
    assert "nie ma sprawy" in refused("settlements", "request", "NIE/MA/1", "--on", "2026-11-20")
    assert _rows(firm) == before
