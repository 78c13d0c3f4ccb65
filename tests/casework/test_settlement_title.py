"""A broken court settlement (ugoda sądowa) becomes the enforcement title, on SQLite and
PostgreSQL with the .docx read back: the daily check that breaks the plan drafts the wniosek
o nadanie klauzuli wykonalności naming the settlement, and ``start_enforcement`` takes its
amounts from the settlement's plan, not from the invoices.

Expected values (the plan of tests/casework/test_settlements.py's court settlement):

* TT/WIND/2026/0152 filed 25.11.2026 (sygn. I C 123/26); a court settlement concluded
  27.11.2026: 8 000,00 zł + 487,00 zł costs = 8 487,00 zł in 2 instalments of 4 243,50 zł
  (equal: law.pl.settlements.equal_schedule) on 15.12.2026 (Tuesday) and 15.01.2027
  (Friday), statutory delay interest, grace 14 days.
* Instalment 1 unpaid: its grace ends 29.12.2026 (15.12 + 14 days, art. 111 §2 KC), the
  whole rest falls due 30.12.2026 (acceleration, UNCONFIRMED); the check of 5.01.2027 breaks
  the plan and the case goes to ``final`` (art. 777 §1 pkt 1 KPC, UNCONFIRMED).
* 1 000,00 zł paid 6.01.2027: interest of instalment 1 first (art. 451 §1 KC): 4 243,50 zł
  x 9,25 % (odsetki ustawowe za opóźnienie: reference rate 3,75 % + 5,5 pp, art. 481 §2 KC;
  polish_law.md 5.1 and 0b K9, assumed unchanged after April 2026) x 22/365 (16.12.2026 -
  6.01.2027) = 23,66 zł; 976,34 zł to its amount, so 8 487,00 - 976,34 = 7 510,66 zł left.
* On 8.01.2027: instalment 1's 3 267,16 zł x 9,25 % x 2/365 (7-8.01) = 1,66 zł; instalment 2
  (due 30.12.2026 after the acceleration) 4 243,50 zł x 9,25 % x 9/365 (31.12-8.01) =
  9,68 zł: interest 11,34 zł, in all 7 522,00 zł.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlmodel import Session, col, select

from casework import Refused
from casework.enforcement import (
    CLAUSE_KIND,
    ClauseDrafting,
    request_clause,
    start_enforcement,
    wniosek_document,
)
from casework.payments import PaymentIn, record_payment
from casework.settlements import check_plans
from config import SAMPLE_FIRM
from documents.firm import load_firm_profile
from documents.render import undeclared_variables
from documents.settlement_clause_docx import TEMPLATE, SettlementTitle, ugoda_klauzula_context
from law.pl.enforcement import Way
from store.cases import load_case_files
from store.db import session_scope
from store.tables import CaseFinding, CaseStep, Deadline, GeneratedDocument, Settlement
from tests.casework.cli_helpers import ok
from tests.documents.cases import docx_text

from .conftest import EPU, NAKAZOWE, Firm

SIGNATURE = "I C 123/26"
COURT_PLAN = (
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
)


def _drafting(firm: Firm) -> ClauseDrafting:
    return ClauseDrafting(load_firm_profile(SAMPLE_FIRM), firm.home / "documents")


def _court_settled(firm: Firm, *file_args: str) -> None:
    firm.approve(NAKAZOWE)
    ok("cases", "file", NAKAZOWE, "--on", "2026-11-25", *file_args)
    ok("settlements", "add", NAKAZOWE, *COURT_PLAN, "--on", "2026-11-27")


def _clause_documents(firm: Firm, ref: str) -> list[GeneratedDocument]:
    with Session(firm.engine) as s:
        return list(
            s.exec(
                select(GeneratedDocument).where(
                    GeneratedDocument.case_id == firm.ids[ref],
                    GeneratedDocument.kind == CLAUSE_KIND,
                )
            ).all()
        )


def _filing_court(firm: Firm) -> str:
    with Session(firm.engine) as s:
        step = s.exec(
            select(CaseStep).where(
                CaseStep.case_id == firm.ids[NAKAZOWE], CaseStep.trigger == "lawsuit-filed"
            )
        ).one()
        return step.court


def test_the_broken_court_settlement_drafts_its_clause_and_is_enforced_by_its_plan(
    firm: Firm,
) -> None:
    _court_settled(firm, "--signature", SIGNATURE)
    court = _filing_court(firm)
    assert court
    result = check_plans(firm.engine, today=date(2027, 1, 5), clause=_drafting(firm))
    assert result.broken == [NAKAZOWE] and firm.stage(NAKAZOWE) == "final"
    (note,) = result.notes
    assert "Wniosek o nadanie klauzuli wykonalności sporządzony." in note

    (doc,) = _clause_documents(firm, NAKAZOWE)
    text = docx_text(Path(doc.path).read_bytes())
    assert "WNIOSEK O NADANIE KLAUZULI WYKONALNOŚCI UGODZIE SĄDOWEJ" in text
    assert (
        f"klauzuli wykonalności ugodzie zawartej przed {court} dnia 27.11.2026 r., sygn. akt "
        f"{SIGNATURE}" in text
    )
    assert "raty nr 1 przypadającej na dzień 15.12.2026 r." in text
    assert "8 487,00 zł" in text and "z dniem 30.12.2026 r." in text
    assert "art." not in text  # nothing UNCONFIRMED is cited to the court
    assert "{{" not in text and "prawomocn" not in text and "wyrok" not in text.lower()
    with Session(firm.engine) as s:
        step = s.exec(
            select(CaseStep)
            .where(
                CaseStep.case_id == firm.ids[NAKAZOWE],
                CaseStep.trigger == "enforcement-clause-requested",
            )
            .order_by(col(CaseStep.id))
        ).one()
        assert step.occurred_on == date(2027, 1, 5)
        assert "ugoda sądowa zawarta przed" in step.cause and SIGNATURE in step.cause
        finding = s.exec(
            select(CaseFinding).where(
                CaseFinding.case_id == firm.ids[NAKAZOWE],
                CaseFinding.code == "clause_application_review",
            )
        ).one()
        assert "ugodzie sądowej" in finding.message
        assert "KPC art. 781" in finding.cite and "UNCONFIRMED" in finding.cite
        watched = s.exec(
            select(Deadline).where(
                Deadline.case_id == firm.ids[NAKAZOWE],
                col(Deadline.rule_key).startswith("clause-court:"),
            )
        ).all()
        assert [d.due_on for d in watched] == [date(2027, 1, 8)]  # Tue 5.01 + 3 days

    # the template's variables are all given (docxtpl's static check)
    with Session(firm.engine) as s:
        case_file = load_case_files(s, [firm.ids[NAKAZOWE]])[firm.ids[NAKAZOWE]]
    title = SettlementTitle(
        court, date(2026, 11, 27), SIGNATURE, 1, date(2026, 12, 15), date(2026, 12, 30), Decimal(1)
    )
    firm_profile = load_firm_profile(SAMPLE_FIRM)
    context = ugoda_klauzula_context(case_file, firm_profile, title, date(2027, 1, 5))
    assert undeclared_variables(TEMPLATE, context) == set()

    # a payment after the break counts under the plan: interest first (art. 451 §1 KC)
    with session_scope(firm.engine) as s:
        record_payment(
            s,
            NAKAZOWE,
            PaymentIn(date(2027, 1, 6), Decimal("1000.00")),
            today=date(2027, 1, 6),
            actor="test",
        )
    with session_scope(firm.engine) as s:
        outcome = start_enforcement(
            s,
            NAKAZOWE,
            komornik="Jan Kowalski, Komornik Sądowy przy Sądzie Rejonowym w Lublinie",
            ways=frozenset({Way.BANK}),
            on=date(2027, 1, 8),
            today=date(2027, 1, 8),
            clause_on=date(2027, 1, 7),
            actor="test",
        )
        amounts = outcome.details["amounts"]
        assert amounts["source"] == "settlement"
        assert (amounts["principal"], amounts["interest"]) == ("7510.66", "11.34")
        assert (amounts["compensation"], amounts["costs_awarded"]) == ("0.00", "0.00")
        assert amounts["total"] == "7522.00"
        plan = amounts["settlement"]
        assert (plan["paid"], plan["accelerated_on"], plan["status"]) == (
            "1000.00",
            "2026-12-30",
            "broken",
        )
        assert outcome.details["title"]["kind"] == "ugoda sądowa"
        assert outcome.details["title"]["final_on"] == "2026-12-30"  # the break's day
        assert any("ugoda sądowa z 27.11.2026 r." in line for line in outcome.lines)
        try:  # the paper wniosek template describes a final judgment, not a settlement
            wniosek_document(s, outcome, load_firm_profile(SAMPLE_FIRM))
        except Refused as exc:
            assert "z ugody sądowej" in str(exc)
        else:  # pragma: no cover - the failure
            raise AssertionError("wniosek_document drafted a settlement as a judgment")


def test_without_drafting_settings_the_note_names_the_command_which_then_drafts_it(
    firm: Firm,
) -> None:
    """No signature stored: the application names the court and the day only."""
    _court_settled(firm)
    result = check_plans(firm.engine, today=date(2027, 1, 5))
    assert result.broken == [NAKAZOWE]
    assert f"handoff enforcement clause {NAKAZOWE}" in result.notes[0]
    assert _clause_documents(firm, NAKAZOWE) == []
    with session_scope(firm.engine) as s:
        outcome = request_clause(
            s,
            NAKAZOWE,
            date(2027, 1, 6),
            today=date(2027, 1, 6),
            firm=load_firm_profile(SAMPLE_FIRM),
            documents_dir=firm.home / "documents",
            actor="test",
        )
    assert outcome.recorded and outcome.details["title"]["signature"] == ""
    assert outcome.details["outstanding"] != "0"
    with Session(firm.engine) as s:
        row = s.exec(select(Settlement)).one()
        assert outcome.details["title"]["settlement_id"] == row.id
    (doc,) = _clause_documents(firm, NAKAZOWE)
    text = docx_text(Path(doc.path).read_bytes())
    assert f"ugodzie zawartej przed {_filing_court(firm)} dnia 27.11.2026 r., oraz" in text
    assert "Sygn. akt: —" in text


def test_a_court_settlement_before_suit_names_no_court_and_is_not_drafted(firm: Firm) -> None:
    """Concluded before filing (after a zawezwanie do próby ugodowej): the store names no
    court, so the application is not drafted and the note says why; the case is final."""
    firm.approve(EPU)
    ok(
        "settlements",
        "add",
        EPU,
        "--amount",
        "3000,00",
        "--instalments",
        "3",
        "--first-due",
        "2026-12-10",
        "--kind",
        "sadowa",
        "--on",
        "2026-11-25",
    )
    result = check_plans(firm.engine, today=date(2027, 1, 5), clause=_drafting(firm))
    assert result.broken == [EPU] and firm.stage(EPU) == "final"
    assert "Wniosku o nadanie klauzuli wykonalności nie sporządzono" in result.notes[0]
    assert "nie wiadomo, przed jakim sądem zawarto ugodę z 25.11.2026 r." in result.notes[0]
    assert _clause_documents(firm, EPU) == []


def test_an_epu_case_settled_in_the_general_court_names_neither_e_sad_nor_its_signature(
    firm: Firm,
) -> None:
    """After a sprzeciw the EPU case is before a court of general jurisdiction the store
    does not name (law.lifecycle, UNCONFIRMED): neither the ugoda draft nor the clause
    application may name e-Sąd's court or its Nc-e signature; the draft is blocked by
    itself and the application is not drafted."""
    from casework.settlement_review import own_blockers

    firm.epu_after_sprzeciw()
    ok(
        "settlements", "add", EPU, "--amount", "3000,00", "--instalments", "3",
        "--first-due", "2026-12-10", "--kind", "sadowa", "--on", "2026-12-01",
    )  # fmt: skip
    with Session(firm.engine) as s:
        row = s.exec(select(Settlement)).one()
        assert row.stage_before == "ordinary"
        blockers = own_blockers(s, row)
    assert any("nie wiadomo, przed jakim sądem" in b for b in blockers)
    assert any("sygnatura akt nieznana" in b for b in blockers)
    result = check_plans(firm.engine, today=date(2027, 1, 5), clause=_drafting(firm))
    assert result.broken == [EPU] and firm.stage(EPU) == "final"
    assert "nie wiadomo, przed jakim sądem zawarto ugodę z 01.12.2026 r." in result.notes[0]
    assert _clause_documents(firm, EPU) == []
