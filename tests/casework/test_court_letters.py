"""The letters to the court after filing (``handoff letters draft / list``, casework.court_letters)
on the sample cases imported and drafted for real, on SQLite and PostgreSQL; the .docx read
back with python-docx.

Expected figures:

* TT/WIND/2026/0152 (nakazowe, SR Zakopane): FV/2026/09/021, 8 487,00 zł, deadline
  15.09.2026, commercial interest H2 2026 13,75 % (polish_law.md 0b K9). Filed 25.11.2026;
  1 000,00 zł paid on 26.11.2026: interest 16.09-26.11.2026 = 72 days x 13,75 % x 8 487 /
  365 = 230,20 zł, principal 769,80 zł (art. 451 §1 zd. 2, §3 KC). The letter withdraws
  769,80 zł of principal and 230,20 zł of interest.
* TT/WIND/2025/0087 (EPU): SR Lublin-Zachód w Lublinie, VI Wydział Cywilny (0b K10).
"""

from __future__ import annotations

import io
import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from sqlmodel import Session, col, select

from casework.court_letters import decide_letter, draft_court_letter
from store.db import session_scope
from store.review import Blocked, InvalidDecision, NotAllowed, create_user
from store.tables import AuditLog, CaseFinding, CourtLetter, GeneratedDocument
from tests.casework.cli_helpers import ok, refused

from .conftest import EPU, NAKAZOWE, Firm

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
DOT_DECIMAL = re.compile(r"\b\d+\.\d{2}(?![\d.])")
INTEREST = (Decimal(8487) * Decimal("0.1375") * 72 / 365).quantize(Decimal("0.01"))


def _text(path: str) -> str:
    doc = Document(io.BytesIO(Path(path).read_bytes()))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return "\n".join(parts)


def _court_ready(text: str) -> None:
    """The court-facing rules (tests/documents/test_court_ready.py) and no unconfirmed rule."""
    assert not ISO_DATE.search(text), ISO_DATE.findall(text)
    assert not DOT_DECIMAL.search(text), DOT_DECIMAL.findall(text)
    for word in ("UNCONFIRMED", "->", "art. 203", "art. 193", "art. 355", "art. 79", "u.k.s.c."):
        assert word not in text, word
    assert "zwrot" not in text.lower()  # no fee refund asked (not in the reference)
    assert "{{" not in text and "{%" not in text


def _filed(firm: Firm, ref: str, *args: str) -> None:
    firm.approve(ref)
    ok("cases", "file", ref, "--on", "2026-11-25", *args)


def test_payment_after_filing_drafts_a_partial_withdrawal(firm: Firm) -> None:
    _filed(firm, NAKAZOWE, "--signature", "I C 123/26")
    ok("payments", "add", NAKAZOWE, "--amount", "1000,00", "--on", "2026-11-26")
    assert Decimal("230.20") == INTEREST
    out = json.loads(ok("letters", "draft", NAKAZOWE, "--reason", "payment", "--json"))
    letter = out["letter"]
    assert out["letter_needed"] and letter["kind"] == "partial" and letter["channel"] == "court"
    assert (letter["principal"], letter["interest"]) == ("769.80", "230.20")
    assert letter["status"] == "ready_for_review" and letter["court_stage"] == "filed"
    statuses = {r["cite"]: (r["status"], r["in_letter"]) for r in letter["rules"]}
    assert statuses["KPC art. 203 §1"] == ("UNCONFIRMED", False)
    assert statuses["KPC art. 355 §1"] == ("UNCONFIRMED", False)
    assert statuses["u.k.s.c. art. 79 ust. 1 pkt 3 lit. a"] == ("UNCONFIRMED", False)
    assert statuses["KC art. 451 §3"] == ("CONFIRMED", True)

    text = _text(out["document"]["path"])
    _court_ready(text)
    assert "Sąd Rejonowy w Zakopanem" in text
    assert "Pozwem wniesionym do Sądu Rejonowego w Zakopanem w dniu 25 listopada 2026 r." in text
    assert "Sygn. akt: I C 123/26" in text
    assert "COFNIĘCIE POZWU W CZĘŚCI ZE ZRZECZENIEM SIĘ ROSZCZENIA" in text.upper()
    # the interest by its period and base, as the pozew claims it (od dnia ... do dnia
    # zapłaty), and what the pozew still claims after the payment
    assert (
        "cofam pozew ze zrzeczeniem się roszczenia co do kwoty 769,80 zł należności głównej "
        "oraz odsetek ustawowych za opóźnienie w transakcjach handlowych od kwoty 8 487,00 zł "
        "za okres od dnia 16 września 2026 r. do dnia 26 listopada 2026 r. w kwocie 230,20 zł "
        "z faktury nr FV/2026/09/021, zapłaconych przez pozwanego po wniesieniu pozwu;"
    ) in text
    assert (
        "Po zapłacie powód dochodzi z faktury nr FV/2026/09/021 kwoty 7 717,20 zł należności "
        "głównej wraz z odsetkami ustawowymi za opóźnienie w transakcjach handlowych od dnia 27 "
        "listopada 2026 r. do dnia zapłaty; pozostałe żądania pozwu nie ulegają zmianie."
    ) in text
    assert "wnoszę o umorzenie postępowania w tej części" in text
    assert "w dniu 26 listopada 2026 r. kwotę 1 000,00 zł" in text
    assert "26 listopada 2026 r. | FV/2026/09/021 | 769,80 zł | 230,20 zł" in text
    assert "art. 451 § 3 i § 1 zd. 2 KC" in text  # the allocation rule, CONFIRMED
    assert "radca prawny" in text and "Ewa Sadowska" in text  # samples/firm.json
    assert "Kancelaria Radcy Prawnego Ewa Sadowska" in text
    assert "podtrzymuje wniosek o zasądzenie od pozwanego kosztów postępowania" in text

    # the same payment again: the same letter, no second draft
    again = json.loads(ok("letters", "draft", NAKAZOWE, "--reason", "payment", "--json"))
    assert again["letter"]["id"] == letter["id"] and not again["created"]
    with Session(firm.engine) as s:
        docs = s.exec(
            select(GeneratedDocument).where(GeneratedDocument.kind == "court_letter")
        ).all()
        assert len(docs) == 1
    listed = json.loads(ok("letters", "list", NAKAZOWE, "--json"))
    assert [x["id"] for x in listed["letters"]] == [letter["id"]]
    assert "do akceptacji" in ok("letters", "list", NAKAZOWE)


def test_payment_in_full_drafts_a_full_withdrawal_with_costs(firm: Firm) -> None:
    _filed(firm, NAKAZOWE, "--signature", "I C 123/26")
    whole = json.loads(ok("payments", "list", NAKAZOWE, "--json"))["left"]["total"]
    ok("payments", "add", NAKAZOWE, "--amount", whole, "--on", "2026-12-01")
    assert firm.stage(NAKAZOWE) == "paid"
    out = json.loads(ok("letters", "draft", NAKAZOWE, "--reason", "paid", "--json"))
    assert out["letter"]["kind"] == "full" and out["letter"]["court_stage"] == "filed"
    text = _text(out["document"]["path"])
    _court_ready(text)
    assert "cofam pozew w całości ze zrzeczeniem się roszczenia" in text
    assert "wnoszę o umorzenie postępowania" in text
    assert "wnoszę o zasądzenie od pozwanego na rzecz powoda kosztów postępowania" in text
    assert "zapłacił powodowi całą dochodzoną należność: w dniu 1 grudnia 2026 r." in text
    # --reason payment on the same payment: that payment paid all, the same letter
    again = json.loads(ok("letters", "draft", NAKAZOWE, "--reason", "payment", "--json"))
    assert again["letter"]["id"] == out["letter"]["id"]


def test_epu_letter_goes_through_e_sad_and_needs_the_signature(firm: Firm) -> None:
    _filed(firm, EPU, "--mode", "portal")
    # art. 451 §3 KC puts an undesignated payment on the debt due first: FV/2023/08/077,
    # time-barred and left out of the pozew (K4) - the claim in court does not change
    ok("payments", "add", EPU, "--amount", "300", "--on", "2026-11-26")
    out = json.loads(ok("letters", "draft", EPU, "--reason", "payment", "--json"))
    assert not out["letter_needed"] and "nieobjęte pozwem (FV/2023/08/077)" in out["reason_text"]
    # designated for the invoice the pozew claims: 300,00 zł of its principal
    ok(
        "payments",
        "add",
        EPU,
        "--amount",
        "300",
        "--on",
        "2026-11-27",
        "--designated",
        "FV/2024/10/015",
    )
    out = json.loads(ok("letters", "draft", EPU, "--reason", "payment", "--json"))
    letter = out["letter"]
    assert letter["channel"] == "e-sad" and letter["principal"] == "300.00"
    assert any("sygnatura akt nieznana" in b for b in letter["blockers"])
    text = _text(out["document"]["path"])
    assert "PISMO PROCESOWE WNOSZONE W ELEKTRONICZNYM POSTĘPOWANIU UPOMINAWCZYM" in text
    assert "Sąd Rejonowy Lublin-Zachód w Lublinie" in text and "VI Wydział Cywilny" in text
    assert "Pozwem wniesionym do Sądu Rejonowego Lublin-Zachód w Lublinie" in text
    assert "załącznik" not in text.lower()  # EPU attaches nothing (K10)
    assert (
        "co do kwoty 300,00 zł należności głównej z faktury nr FV/2024/10/015, zapłaconych" in text
    )
    # principal first: the interest on the 300,00 zł up to the payment stays claimed, and
    # no interest was left unpaid before it (the 26.11 payment went to the other invoice),
    # so the letter says what is still claimed: the principal left with interest from the
    # day after the deadline (16.10.2024) and the interest on the 300,00 zł to 27.11.2026
    assert (
        "Po zapłacie powód dochodzi z faktury nr FV/2024/10/015 kwoty 5 235,00 zł należności "
        "głównej wraz z odsetkami ustawowymi za opóźnienie w transakcjach handlowych od dnia 17 "
        "października 2024 r. do dnia zapłaty oraz odsetek ustawowych za opóźnienie w "
        "transakcjach handlowych od kwoty 300,00 zł za okres od dnia 17 października 2024 r. do "
        "dnia 27 listopada 2026 r.; pozostałe żądania pozwu nie ulegają zmianie."
    ) in text
    # ... and the partner is told that the interest on those 300,00 zł is still claimed
    (kept,) = [n for n in letter["notes"] if "zgodnie ze wskazaniem dłużnika" in n]
    assert "z faktury nr FV/2024/10/015 (300,00 zł)" in kept
    assert "odsetek od kwoty 300,00 zł za okres do dnia 27.11.2026 r." in kept
    assert "(art. 451 § 1 zd. 1 KC)" in text  # the debtor named the invoice
    assert "FV/2023/08/077" not in text

    with session_scope(firm.engine) as s:
        create_user(s, "esadowska", "partner", "haslo-partnera-2")
    # the letter's own blocker keeps it from approval, as a case blocker does
    with pytest.raises(Blocked), session_scope(firm.engine) as s:
        decide_letter(s, letter["id"], "esadowska", "approve")
    with session_scope(firm.engine) as s:
        row = decide_letter(
            s, letter["id"], "esadowska", "approve", override_reason="sygnatura z e-Sądu w piśmie"
        )
        assert row.status == "approved"
    assert firm.audit("court_letter.override")


def test_review_gate_partner_blockers_and_status(
    firm: Firm, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _filed(firm, NAKAZOWE, "--signature", "I C 123/26")
    # the firm profile unreadable: payments add cannot write the .docx, the letter waits
    monkeypatch.setenv("HANDOFF_FIRM_FILE", str(tmp_path / "brak.json"))
    ok("payments", "add", NAKAZOWE, "--amount", "500", "--on", "2026-11-26")
    monkeypatch.delenv("HANDOFF_FIRM_FILE")
    with session_scope(firm.engine) as s:
        create_user(s, "esadowska", "partner", "haslo-partnera-2")
        create_user(s, "ola", "paralegal", "haslo-asystentki-1")
        stored = draft_court_letter(
            s, NAKAZOWE, reason="payment", on=date(2026, 12, 1), actor="ola"
        )  # no output: decided and stored, the .docx still to write
        assert stored.letter is not None and stored.letter.status == "to_render"
        assert not stored.created  # the payment already stored it
        letter_id = stored.letter.id
    assert letter_id is not None
    with pytest.raises(InvalidDecision), session_scope(firm.engine) as s:
        decide_letter(s, letter_id, "esadowska", "approve")  # nothing to review yet
    out = json.loads(ok("letters", "draft", NAKAZOWE, "--reason", "payment", "--json"))
    assert out["letter"]["id"] == letter_id and out["letter"]["status"] == "ready_for_review"
    with pytest.raises(NotAllowed), session_scope(firm.engine) as s:
        decide_letter(s, letter_id, "ola", "approve")
    with pytest.raises(NotAllowed), session_scope(firm.engine) as s:
        decide_letter(s, letter_id, "pawel", "approve")  # not the case's partner
    with session_scope(firm.engine) as s:
        s.add(
            CaseFinding(
                case_id=firm.ids[NAKAZOWE],
                source="registry",
                code="bankruptcy",
                severity="blocker",
                message="Dłużnik w upadłości",
            )
        )
    with pytest.raises(Blocked), session_scope(firm.engine) as s:
        decide_letter(s, letter_id, "esadowska", "approve")
    with session_scope(firm.engine) as s:
        assert s.get(CourtLetter, letter_id).status == "ready_for_review"  # type: ignore[union-attr]
        row = decide_letter(s, letter_id, "esadowska", "send_back", "popraw kwotę odsetek")
        assert row.status == "sent_back"
    # sent back: drafted again (same inputs, same file), back in review
    again = json.loads(ok("letters", "draft", NAKAZOWE, "--reason", "payment", "--json"))
    assert again["letter"]["status"] == "ready_for_review"
    with Session(firm.engine) as s:
        actions = s.exec(
            select(AuditLog.action)
            .where(col(AuditLog.action).like("court_letter.%"))
            .order_by(col(AuditLog.id))
        ).all()
    assert actions == [
        "court_letter.drafted",  # with the payment (casework.payments' hook)
        "court_letter.drafted",  # draft_court_letter without output: the same letter
        "court_letter.drafted",  # handoff letters draft: the .docx
        "court_letter.send_back",
        "court_letter.drafted",  # drafted again after the send-back
    ]


def test_no_letter_before_filing_and_bad_input(
    firm: Firm, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    ok("payments", "add", NAKAZOWE, "--amount", "100", "--on", "2026-11-20")
    out = ok("letters", "draft", NAKAZOWE, "--reason", "payment")
    assert "pismo do sądu nie jest potrzebne" in out and "projekt zostanie przeliczony" in out
    before = firm.counts()
    assert "nie ma sprawy" in refused("letters", "draft", "NIE/MA/1", "--reason", "payment")
    assert "--reason" in refused("letters", "draft", NAKAZOWE, "--reason", "zaplata")
    assert "--on" in refused(
        "letters", "draft", NAKAZOWE, "--reason", "payment", "--on", "2099-01-01"
    )
    assert "nie jest zapłacona w całości" in refused(
        "letters", "draft", NAKAZOWE, "--reason", "paid"
    )
    assert "nie zapisano ugody" in refused("letters", "draft", NAKAZOWE, "--reason", "settlement")
    assert "nie zapisano wpłaty" in refused("letters", "draft", EPU, "--reason", "payment")
    monkeypatch.setenv("HANDOFF_FIRM_FILE", str(tmp_path / "brak.json"))
    assert "profil kancelarii" in refused("letters", "draft", NAKAZOWE, "--reason", "payment")
    assert firm.counts() == before
    with Session(firm.engine) as s:
        assert s.exec(select(CourtLetter)).all() == []


def test_settlement_letter_for_casework_settlements(firm: Firm) -> None:
    """``casework.settlements`` calls ``settlement_letter(session, case, settlement)``: an
    ugoda pozasądowa of a case in court -> cofnięcie pozwu w całości ze zrzeczeniem się
    roszczenia, no costs asked (the settlement decides them); an ugoda sądowa -> no letter."""
    from casework.court_letters import LetterOutput, settlement_letter
    from config import SAMPLE_FIRM
    from documents.firm import load_firm_profile
    from store.tables import Case, Settlement

    _filed(firm, NAKAZOWE, "--signature", "I C 123/26")
    output = LetterOutput(load_firm_profile(SAMPLE_FIRM), firm.home / "documents")
    with session_scope(firm.engine) as s:
        case = s.get(Case, firm.ids[NAKAZOWE])
        assert case is not None
        row = Settlement(
            case_id=firm.ids[NAKAZOWE],
            kind="pozasadowa",
            concluded_on=date(2026, 11, 28),
            amount=Decimal("8000.00"),
            stage_before="filed",
        )
        s.add(row)
        s.flush()
        line = settlement_letter(s, case, row, on=date(2026, 12, 1), actor="ola", output=output)
        assert "cofnięcie pozwu w całości" in line and "do akceptacji" in line
        again = settlement_letter(s, case, row, on=date(2026, 12, 1), actor="ola", output=output)
        assert "już było" in again
        court = Settlement(
            case_id=firm.ids[NAKAZOWE],
            kind="sadowa",
            concluded_on=date(2026, 11, 30),
            amount=Decimal("8000.00"),
            stage_before="filed",
        )
        s.add(court)
        s.flush()
        assert "nie jest potrzebne" in settlement_letter(s, case, court, actor="ola")
    listed = json.loads(ok("letters", "list", NAKAZOWE, "--json"))["letters"]
    assert [(x["reason"], x["kind"], x["ask_costs"]) for x in listed] == [
        ("settlement", "full", False)
    ]
    with Session(firm.engine) as s:
        doc = s.get(GeneratedDocument, listed[0]["document_id"])
        assert doc is not None
        text = _text(doc.path)
    _court_ready(text)
    assert "w dniu 28 listopada 2026 r., strony zawarły ugodę pozasądową" in text
    assert "cofam pozew w całości ze zrzeczeniem się roszczenia" in text
    assert "wnoszę o zasądzenie" not in text


def test_a_payment_in_court_stores_its_letter_at_once(
    firm: Firm, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """``record_payment`` (casework.payments) calls ``letters_for_payments``: the letter is
    decided and stored with the payment; record_payment gets no settings (the firm profile,
    templates and folder are the entry point's): ``payments add`` writes the .docx after it,
    and when it cannot (here: the firm profile unreadable) ``letters draft`` does."""
    _filed(firm, NAKAZOWE, "--signature", "I C 123/26")
    monkeypatch.setenv("HANDOFF_FIRM_FILE", str(tmp_path / "brak.json"))
    out = ok("payments", "add", NAKAZOWE, "--amount", "1000,00", "--on", "2026-11-26")
    monkeypatch.delenv("HANDOFF_FIRM_FILE")
    assert "Pismo do sądu (cofnięcie pozwu w części ze zrzeczeniem się roszczenia)" in out
    assert "handoff letters draft TT/WIND/2026/0152" in out
    (stored,) = json.loads(ok("letters", "list", NAKAZOWE, "--json"))["letters"]
    assert (stored["status"], stored["principal"], stored["interest"]) == (
        "to_render",
        "769.80",
        "230.20",
    )
    drafted = json.loads(ok("letters", "draft", NAKAZOWE, "--reason", "payment", "--json"))
    assert drafted["letter"]["id"] == stored["id"] and not drafted["created"]
    assert drafted["letter"]["status"] == "ready_for_review"
    assert "769,80 zł należności głównej" in _text(drafted["document"]["path"])
    # the rest paid: the whole debt -> one more letter, the full withdrawal
    left = json.loads(ok("payments", "list", NAKAZOWE, "--json"))["left"]["total"]
    ok("payments", "add", NAKAZOWE, "--amount", left, "--on", "2026-12-01")
    letters = json.loads(ok("letters", "list", NAKAZOWE, "--json"))["letters"]
    assert [(x["key"].split(":")[0], x["kind"]) for x in letters] == [
        ("payment", "partial"),
        ("paid", "full"),
    ]


def test_two_payments_stored_then_drafted_give_two_letters(firm: Firm) -> None:
    """Both payments recorded before any .docx is written: ``letters draft`` writes each
    stored letter as it was decided (the later payment does not turn the earlier one into
    the one that paid everything)."""
    _filed(firm, NAKAZOWE, "--signature", "I C 123/26")
    ok("payments", "add", NAKAZOWE, "--amount", "1000,00", "--on", "2026-11-26")
    left = json.loads(ok("payments", "list", NAKAZOWE, "--json"))["left"]["total"]
    ok("payments", "add", NAKAZOWE, "--amount", left, "--on", "2026-12-01")
    assert firm.stage(NAKAZOWE) == "paid"
    out = json.loads(ok("letters", "draft", NAKAZOWE, "--reason", "paid", "--json"))
    assert out["letter"]["kind"] == "full"
    letters = json.loads(ok("letters", "list", NAKAZOWE, "--json"))["letters"]
    assert [(x["kind"], x["status"]) for x in letters] == [
        ("partial", "ready_for_review"),
        ("full", "ready_for_review"),
    ]
    assert letters[0]["principal"] == "769.80"


def test_after_a_sprzeciw_in_epu_the_letter_goes_to_the_general_court(firm: Firm) -> None:
    """EPU filed 25.11.2026, nakaz 26.11, served 27.11, sprzeciw 30.11.2026: the case left
    e-Sąd for the court of general jurisdiction (polish_law.md 6.2), which the store does not
    name: the letter is a pismo to that court with blockers, never the EPU court's name.
    The nakaz stages themselves: a letter with the contested reading for the partner."""
    _filed(firm, EPU, "--mode", "portal")
    ok("event", "add", EPU, "--kind", "payment-order-issued", "--on", "2026-11-26")
    ok("event", "add", EPU, "--kind", "payment-order-served", "--on", "2026-11-27")
    ok(
        "payments",
        "add",
        EPU,
        "--amount",
        "200",
        "--on",
        "2026-11-28",
        "--designated",
        "FV/2024/10/015",
    )
    served = json.loads(ok("letters", "draft", EPU, "--reason", "payment", "--json"))["letter"]
    assert (served["court_stage"], served["channel"], served["contested"]) == (
        "order_served",
        "e-sad",
        True,
    )
    assert any("nakaz zapłaty wydany, nieprawomocny" in n for n in served["notes"])
    ok("event", "add", EPU, "--kind", "objection-filed", "--on", "2026-11-30")
    assert firm.stage(EPU) == "ordinary"
    ok(
        "payments",
        "add",
        EPU,
        "--amount",
        "100",
        "--on",
        "2026-11-30",
        "--designated",
        "FV/2024/10/015",
    )
    out = json.loads(ok("letters", "draft", EPU, "--reason", "payment", "--json"))
    letter = out["letter"]
    assert (letter["court_stage"], letter["channel"], letter["court"]) == ("ordinary", "court", "")
    assert any("do jakiego sądu" in b for b in letter["blockers"])
    text = _text(out["document"]["path"])
    assert "SĄD DO USTALENIA" in text.split("Powód:")[0]  # the heading names no court
    assert "Pozwem wniesionym do Sądu Rejonowego Lublin-Zachód w Lublinie w dniu" in text
    assert "ELEKTRONICZNYM POSTĘPOWANIU UPOMINAWCZYM" not in text

    # the paralegal names the general court on its call (handoff event add --court): the
    # next letter goes to that court with its signature, no court blocker
    general = "Sąd Rejonowy Gdańsk-Północ w Gdańsku, IX Wydział Gospodarczy"
    ok(
        "event", "add", EPU, "--kind", "call-served", "--on", "2026-12-01",
        "--court", general, "--signature", "IX GC 100/26",
    )  # fmt: skip
    ok(
        "payments", "add", EPU, "--amount", "50", "--on", "2026-12-01",
        "--designated", "FV/2024/10/015",
    )  # fmt: skip
    out = json.loads(ok("letters", "draft", EPU, "--reason", "payment", "--json"))
    letter = out["letter"]
    assert (letter["court"], letter["signature"]) == (general, "IX GC 100/26")
    assert not any("do jakiego sądu" in b for b in letter["blockers"])
    text = _text(out["document"]["path"])
    assert "Sąd Rejonowy Gdańsk-Północ w Gdańsku" in text and "IX GC 100/26" in text
    assert "Nc-e" not in text
