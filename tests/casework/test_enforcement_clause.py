"""handoff enforcement clause / record --kind costs / komornik-act through the real command
line on SQLite and PostgreSQL.

Expected values and their source:
* The court's term for the clause application, 3 days (art. 781^1 KPC, instructional) and
  the skarga na czynności komornika, 7 days (art. 767^4 §1 KPC): not in polish_law.md, so
  opened graded UNCONFIRMED. Counting: art. 111 §2 KC (the day of the act not counted), art.
  115 KC (Saturday / holiday -> next working day), polish_law.md 2.1 [S29][S30] CONFIRMED:
  Tue 1.12.2026 + 3 days = Fri 4.12.2026; Tue 1.12.2026 + 7 days = Tue 8.12.2026.
* The fee of the clause application (art. 71 pkt 6 u.k.s.c.) is not in the reference: no
  amount is computed (JSON ``fee.amount`` null) and the application states none.
* The komornik's costs the creditor paid are owed by the debtor (art. 770 KPC UNCONFIRMED)
  and a payment covers costs first (art. 451 §1 zd. 2 KC, polish_law.md via law.pl.payments).
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlmodel import Session, select

from store.tables import (
    CaseFinding,
    Deadline,
    EnforcementCost,
    GeneratedDocument,
    PaymentAllocation,
)
from tests.casework.cli_helpers import ok, refused
from tests.casework.test_enforcement import KOMORNIK, ON, _final

from .conftest import EPU, NAKAZOWE, Firm


def _deadlines(firm: Firm, prefix: str) -> list[Deadline]:
    with Session(firm.engine) as s:
        rows = s.exec(select(Deadline).where(Deadline.case_id == firm.ids[NAKAZOWE])).all()
        return [r for r in rows if r.rule_key.startswith(prefix)]


def test_clause_application_is_drafted_for_review(
    firm: Firm, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The paralegal's own command. ``handoff event add`` drafts the application itself when
    it makes a paper title final (test_enforcement_clause_auto); here the firm profile is
    unreadable while the title becomes final, so that step only names this command."""
    from tests.documents.cases import docx_text

    before = firm.counts()
    assert "brak prawomocnego tytułu" in refused("enforcement", "clause", NAKAZOWE, "--on", ON)
    assert firm.counts() == before

    broken = tmp_path / "firm.json"
    broken.write_text("{", encoding="utf-8")
    with monkeypatch.context() as mp:
        mp.setenv("HANDOFF_FIRM_FILE", str(broken))
        _final(firm)
    assert _deadlines(firm, "clause-court:") == []  # nothing drafted yet
    (observation,) = _deadlines(firm, "judgment-final:")
    assert observation.status == "open"
    assert "przyszłości" in refused("enforcement", "clause", NAKAZOWE, "--on", "2099-01-01")
    assert "wcześniejsza niż uprawomocnienie" in refused(
        "enforcement", "clause", NAKAZOWE, "--on", "2026-11-30"
    )
    out = json.loads(
        ok("enforcement", "clause", NAKAZOWE, "--on", ON, "--by", "asystent1", "--json")
    )
    assert out["recorded"] is True and out["kind"] == "clause-requested"
    assert out["stage_before"] == out["stage_after"] == "final"
    assert out["status"] == "UNCONFIRMED" and out["cites"] == "KPC art. 781; KPC art. 781^1"
    assert out["fee"]["amount"] is None and out["fee"]["status"] == "UNCONFIRMED"
    assert out["fee"]["cites"] == ["u.k.s.c. art. 71 pkt 6"]
    assert out["title"]["kind"] == "wyrok" and out["title"]["signature"] == "V GNc 7/26"
    assert out["review"]["status"] == "pending"
    (court_term,) = out["deadlines"]
    assert court_term["due_on"] == "2026-12-04" and court_term["side"] == "theirs"
    assert "KPC art. 781^1" in court_term["cites"]

    path = Path(out["document"]["path"])
    assert path.is_file() and out["document"]["version"] == 1
    text = docx_text(path.read_bytes())
    assert "WNIOSEK O NADANIE KLAUZULI WYKONALNOŚCI" in text
    assert "wyrokowi wydanemu przez" in text and "sygn. akt V GNc 7/26" in text
    assert "prawomocnemu z dniem 01.12.2026" in text
    # no unconfirmed figure or rule in a court document, no template tags left
    assert "zł" not in text and "UNCONFIRMED" not in text and "art." not in text
    assert "{{" not in text and "{%" not in text

    with Session(firm.engine) as s:
        (doc,) = s.exec(
            select(GeneratedDocument).where(GeneratedDocument.kind == "wniosek_klauzula")
        ).all()
        assert doc.case_id == firm.ids[NAKAZOWE] and doc.path == str(path)
        (finding,) = s.exec(
            select(CaseFinding).where(CaseFinding.code == "clause_application_review")
        ).all()
        assert "czeka na akceptację partnera" in finding.message
        assert "UNCONFIRMED" in finding.message  # the fee is the partner's to check
    (court_row,) = _deadlines(firm, "clause-court:")
    assert court_row.due_on == date(2026, 12, 4) and court_row.side == "theirs"
    assert "UNCONFIRMED" in court_row.reason
    (observation,) = _deadlines(firm, "judgment-final:")
    assert observation.status == "done"  # the clause application was made
    assert [a.actor for a in firm.audit("enforcement.clause_drafted")] == ["asystent1"]

    before = firm.counts()
    assert "nic nie zmieniono" in ok("enforcement", "clause", NAKAZOWE, "--on", ON)
    assert firm.counts() == before

    detail = json.loads(ok("cases", "show", NAKAZOWE, "--json"))
    assert detail["timeline"][-1]["event_kind"] == "enforcement-clause-requested"

    # the clause granted, the wniosek egzekucyjny lodged: the review finding is done with
    ok("enforcement", "start", NAKAZOWE, "--komornik", KOMORNIK, "--on", ON, "--clause-on", ON)
    with Session(firm.engine) as s:
        assert s.exec(select(CaseFinding).where(CaseFinding.source == "enforcement")).all() == []


def test_clause_is_refused_for_epu_and_paid_cases(firm: Firm) -> None:
    _final(firm)
    ok("event", "add", NAKAZOWE, "--kind", "paid-in-full", "--on", ON)
    before = firm.counts()
    assert "nie podlega egzekucji" in refused("enforcement", "clause", NAKAZOWE, "--on", ON)
    assert "nie ma sprawy" in refused("enforcement", "clause", "NIE/MA/1")
    assert "brak prawomocnego tytułu" in refused("enforcement", "clause", EPU)
    assert firm.counts() == before


def test_komornik_costs_are_owed_and_paid_first(firm: Firm) -> None:
    _final(firm)
    ok("enforcement", "start", NAKAZOWE, "--komornik", KOMORNIK, "--on", ON, "--clause-on", ON)
    with Session(firm.engine) as s:
        from casework.payments import payments_of

        left_before = payments_of(s, NAKAZOWE, today=date(2026, 12, 1)).left
    costs = json.loads(
        ok(
            "enforcement",
            "record",
            NAKAZOWE,
            "--kind",
            "costs",
            "--amount",
            "150,00",
            "--cost",
            "zaliczka",
            "--on",
            ON,
            "--json",
        )
    )
    assert costs["cost_kind"] == "zaliczka" and costs["paid_by"] == "creditor"
    assert costs["komornik_costs_owed"] == "150.00" and costs["status"] == "UNCONFIRMED"
    # the komornik's own fee charged to the debtor is recorded, not owed to the creditor
    debtor = json.loads(
        ok(
            "enforcement",
            "record",
            NAKAZOWE,
            "--kind",
            "costs",
            "--amount",
            "80",
            "--cost",
            "oplata",
            "--paid-by",
            "debtor",
            "--on",
            ON,
            "--json",
        )
    )
    assert debtor["komornik_costs_owed"] == "150.00"
    with Session(firm.engine) as s:
        rows = s.exec(select(EnforcementCost).order_by(EnforcementCost.id)).all()
        assert [(r.kind, r.payer, r.amount) for r in rows] == [
            ("zaliczka", "creditor", Decimal("150.00")),
            ("oplata", "debtor", Decimal("80.00")),
        ]
        left = payments_of(s, NAKAZOWE, today=date(2026, 12, 1)).left
    assert left.costs == left_before.costs + Decimal("150.00")
    assert left.total == left_before.total + Decimal("150.00")

    # a payment through the komornik covers the costs (court costs and the advance) first
    paid = json.loads(
        ok(
            "enforcement",
            "record",
            NAKAZOWE,
            "--kind",
            "payment",
            "--amount",
            f"{left.costs:.2f}",
            "--on",
            ON,
            "--json",
        )
    )
    with Session(firm.engine) as s:
        lines = s.exec(
            select(PaymentAllocation).where(PaymentAllocation.payment_id == paid["payment_id"])
        ).all()
        assert sum(line.to_costs for line in lines) == left.costs
        assert sum(line.to_principal + line.to_interest for line in lines) == 0
        after = payments_of(s, NAKAZOWE, today=date(2026, 12, 1)).left
    assert after.costs == 0 and after.total == left.total - left.costs


def test_komornik_act_opens_the_skarga_deadline(firm: Firm) -> None:
    _final(firm)
    ok("enforcement", "start", NAKAZOWE, "--komornik", KOMORNIK, "--on", ON, "--clause-on", ON)
    out = json.loads(
        ok(
            "enforcement",
            "record",
            NAKAZOWE,
            "--kind",
            "komornik-act",
            "--signature",
            "Km 123/26",
            "--on",
            ON,
            "--json",
        )
    )
    assert out["stage_after"] == "enforcement" and out["status"] == "UNCONFIRMED"
    (term,) = out["deadlines"]
    assert term["due_on"] == "2026-12-08" and term["side"] == "ours"
    assert "KPC art. 767^4 §1" in term["cites"]
    (row,) = _deadlines(firm, "komornik-act:")
    assert row.due_on == date(2026, 12, 8) and row.status == "open"
    assert row.action == "skarga na czynność komornika"
    before = firm.counts()
    assert "nic nie zmieniono" in ok(
        "enforcement",
        "record",
        NAKAZOWE,
        "--kind",
        "komornik-act",
        "--signature",
        "Km 123/26",
        "--on",
        ON,
    )
    assert firm.counts() == before


def test_record_refusals_change_nothing(firm: Firm) -> None:
    _final(firm)
    ok("enforcement", "start", NAKAZOWE, "--komornik", KOMORNIK, "--on", ON, "--clause-on", ON)
    before = firm.counts()
    for args, says in (
        (["--kind", "costs", "--amount", "10", "--cost", "obiad"], "--cost"),
        (["--kind", "costs", "--amount", "10", "--paid-by", "sasiad"], "--paid-by"),
        (["--kind", "komornik-case", "--signature", "Km 1/26", "--cost", "oplata"], "--cost"),
        (["--kind", "clause-requested"], "handoff enforcement clause"),
    ):
        assert says in refused("enforcement", "record", NAKAZOWE, *args)
    assert firm.counts() == before
