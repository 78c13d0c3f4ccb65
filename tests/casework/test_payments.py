"""Payments after the handoff through the real command (``handoff payments add / list``) on
the five sample cases, imported and drafted for real, on SQLite and PostgreSQL.

Expected figures:

* TT/WIND/2026/0152: invoice FV/2026/09/021, 8 487,00 zł, deadline 15.09.2026, commercial
  interest H2 2026 13,75 % (polish_law.md 0b K9). A payment of 1 000,00 zł on 20.11.2026:
  interest 16.09-20.11.2026 = 66 days x 13,75 % x 8 487 / 365 = 211,01 zł, the rest
  788,99 zł principal (art. 451 §1 zd. 2, §3 KC).
* TT/WIND/2025/0087: FV/2024/10/015 (sale, art. 554 KC: 2 years), deadline 16.10.2024,
  limitation 31.12.2026; a payment on it on 20.11.2026 acknowledges it (art. 123 §1 pkt 2
  KC) and the period runs anew: 20.11.2028 -> 31.12.2028 (art. 124 §1, 118 zd. 2 KC;
  polish_law.md 7.1 L9 method).
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlmodel import Session, col, select
from typer.testing import CliRunner

from casework.payments import PaymentIn, record_payment
from config import SAMPLE_FIRM
from documents.firm import load_firm_profile
from flows.case_pipeline import DraftingContext, draft_cases
from intake.importer import import_batch
from store.db import session_scope
from store.drafting import draftable_case_ids
from store.tables import (
    Case,
    CaseFinding,
    CaseStep,
    Deadline,
    LimitationWatch,
    PaymentAllocation,
    RecordedPayment,
)
from tests.casework.cli_helpers import ok, refused
from tests.conftest import SAMPLES

from .conftest import EPU, NAKAZOWE, TODAY, Firm

runner = CliRunner()


def _counts(firm: Firm) -> dict[str, object]:
    with Session(firm.engine) as s:
        return firm.counts() | {
            t.__name__: len(s.exec(select(t)).all())
            for t in (RecordedPayment, PaymentAllocation, CaseFinding, LimitationWatch)
        }


def _findings(firm: Firm, ref: str) -> dict[str, str]:
    with Session(firm.engine) as s:
        rows = s.exec(
            select(CaseFinding).where(
                CaseFinding.case_id == firm.ids[ref], CaseFinding.source == "payments"
            )
        ).all()
        return {r.code: r.message for r in rows}


def test_payment_before_filing_is_allocated_and_the_case_is_redrafted(firm: Firm) -> None:
    with Session(firm.engine) as s:
        case = s.get(Case, firm.ids[NAKAZOWE])
        assert case is not None
        claim_before = case.total_claim
    out = ok("payments", "add", NAKAZOWE, "--amount", "1000,00", "--on", "2026-11-20")
    assert "odsetki 211,01 zł, kapitał 788,99 zł" in out
    assert "do akceptacji -> przyjęcie" in out
    listed = json.loads(ok("payments", "list", NAKAZOWE, "--json"))
    (pay,) = listed["payments"]
    assert pay["amount"] == "1000.00" and pay["source"] == "manual"
    assert pay["allocation"] == [
        {
            "invoice_number": "FV/2026/09/021",
            "to_costs": "0.00",
            "to_interest": "211.01",
            "to_principal": "788.99",
            "cites": "KC art. 451 §3; KC art. 451 §1 zd. 2",
        }
    ]
    assert listed["left"]["principal"] == "7698.01" and listed["stage"] == "intake"
    assert "projekt zostanie przeliczony" in _findings(firm, NAKAZOWE)["payment_after_handoff"]

    # the next run drafts it again with the payment: the WPS falls to the principal left
    ctx = DraftingContext(
        documents_dir=firm.home / "documents",
        firm=load_firm_profile(SAMPLE_FIRM),
        reference_date=TODAY,
    )
    draft_cases(firm.engine, draftable_case_ids(firm.engine), ctx)
    with Session(firm.engine) as s:
        case = s.get(Case, firm.ids[NAKAZOWE])
        assert case is not None and case.stage == "ready_for_review"
        assert claim_before == Decimal("8487.00") and case.total_claim == Decimal("7699.00")


def test_payment_replans_the_limitation_watch(firm: Firm) -> None:
    def watched() -> date:
        with Session(firm.engine) as s:
            return s.exec(
                select(LimitationWatch.expires_on).where(
                    LimitationWatch.case_id == firm.ids[EPU],
                    LimitationWatch.invoice_number == "FV/2024/10/015",
                )
            ).one()

    assert watched() == date(2026, 12, 31)
    ok(
        "payments",
        "add",
        EPU,
        "--amount",
        "100",
        "--on",
        "2026-11-20",
        "--designated",
        "FV/2024/10/015",
    )
    assert watched() == date(2028, 12, 31)  # art. 123 §1 pkt 2, 124 §1 KC
    with Session(firm.engine) as s:  # and the deadline follows the watch
        row = s.exec(
            select(Deadline).where(
                Deadline.case_id == firm.ids[EPU],
                Deadline.rule_key == "limitation:FV/2024/10/015",
            )
        ).one()
        assert (row.due_on, row.status) == (date(2028, 12, 31), "open")


def test_approved_case_goes_back_to_review_and_a_filed_one_needs_a_court_letter(
    firm: Firm,
) -> None:
    firm.approve(NAKAZOWE)
    out = ok("payments", "add", NAKAZOWE, "--amount", "500", "--on", "2026-11-24")
    assert "zatwierdzona -> przyjęcie" in out
    assert "poprzednie zatwierdzenie" in _findings(firm, NAKAZOWE)["payment_after_handoff"]

    firm.approve(EPU)
    ok("cases", "file", EPU, "--on", "2026-11-25", "--mode", "portal")
    out = ok("payments", "add", EPU, "--amount", "300", "--on", "2026-11-26")
    # the payment went to FV/2023/08/077 (due first, art. 451 §3 KC), which the pozew leaves
    # out as time-barred: the output says why no letter is needed
    assert "Sprawa w sądzie: wpłata po wniesieniu pozwu." in out
    assert "Pismo do sądu nie jest potrzebne" in out and "nieobjęte pozwem" in out
    assert firm.stage(EPU) == "filed"
    assert "ograniczenie powództwa" in _findings(firm, EPU)["payment_in_court"]


def test_payment_of_the_whole_debt_closes_the_case_as_paid(firm: Firm) -> None:
    firm.approve(NAKAZOWE)
    ok("cases", "file", NAKAZOWE, "--on", "2026-11-25", "--signature", "V GNc 7/26")
    whole = json.loads(ok("payments", "list", NAKAZOWE, "--json"))["left"]
    assert whole["costs"] == "0.00"  # no order yet: no costs awarded (art. 98, 108 KPC)
    # the whole debt on 01.12.2026: 8 487 + interest 16.09-01.12.2026 (77 d x 13,75 %)
    assert whole["interest"] == str(
        (Decimal(8487) * Decimal("0.1375") * 77 / 365).quantize(Decimal("0.01"))
    )
    out = ok("payments", "add", NAKAZOWE, "--amount", whole["total"], "--on", "2026-12-01")
    assert "oznaczona jako zapłacona" in out and firm.stage(NAKAZOWE) == "paid"
    with Session(firm.engine) as s:
        step = s.exec(
            select(CaseStep)
            .where(CaseStep.case_id == firm.ids[NAKAZOWE])
            .order_by(col(CaseStep.id).desc())
        ).first()
        assert step is not None and step.trigger == "paid-in-full"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["NIE/MA/1", "--amount", "10", "--on", "2026-11-20"], "nie ma sprawy"),
        ([NAKAZOWE, "--amount", "0", "--on", "2026-11-20"], "większa od zera"),
        ([NAKAZOWE, "--amount", "-5", "--on", "2026-11-20"], "większa od zera"),
        ([NAKAZOWE, "--amount", "dużo", "--on", "2026-11-20"], "nie jest kwotą"),
        ([NAKAZOWE, "--amount", "10,001", "--on", "2026-11-20"], "dwa miejsca"),
        ([NAKAZOWE, "--amount", "10", "--on", "2099-01-01"], "w przyszłości"),
        ([NAKAZOWE, "--amount", "10", "--on", "20.11.2026"], "--on"),
        ([NAKAZOWE, "--amount", "10", "--on", "2020-01-01"], "przed najwcześniejszą fakturą"),
        ([NAKAZOWE, "--amount", "10", "--on", "2026-11-20", "--designated", "FV/X"], "FV/X"),
        ([NAKAZOWE, "--amount", "100000", "--on", "2026-11-20"], "przewyższa całą należność"),
    ],
)
def test_bad_input_is_one_polish_line_and_changes_nothing(
    firm: Firm, args: list[str], says: str
) -> None:
    before = _counts(firm)
    assert says in refused("payments", "add", *args)
    assert _counts(firm) == before
    assert "nie ma sprawy" in refused("payments", "list", "NIE/MA/1")


def test_overpayment_allowed_is_recorded_with_a_finding(firm: Firm) -> None:
    out = ok(
        "payments",
        "add",
        NAKAZOWE,
        "--amount",
        "10000",
        "--on",
        "2026-11-20",
        "--allow-overpayment",
        "--json",
    )
    done = json.loads(out)
    # whole debt on 20.11.2026: 8 487 + 211,01 interest (66 days, see above) = 8 698,01
    assert done["surplus"] == "1301.99"
    assert "Nadpłata 1 301,99 zł" in _findings(firm, NAKAZOWE)["overpayment"]
    # before approval the lifecycle has no paid step: a finding says to close it by hand
    assert "zamknąć ręcznie" in _findings(firm, NAKAZOWE)["paid_in_full"]


def test_backdated_payment_reallocates_the_later_one(firm: Firm) -> None:
    with session_scope(firm.engine) as s:
        record_payment(
            s, NAKAZOWE, PaymentIn(date(2026, 11, 20), Decimal(1000)), today=TODAY, actor="t"
        )
        record_payment(
            s, NAKAZOWE, PaymentIn(date(2026, 10, 15), Decimal(500)), today=TODAY, actor="t"
        )
    listed = json.loads(ok("payments", "list", NAKAZOWE, "--json"))
    first, second = listed["payments"]  # by payment day
    # 15.10.2026: 16.09-15.10 = 30 days x 13,75 % x 8 487 / 365 interest, the rest
    # principal; the 20.11 payment recorded first is allocated anew on the lower principal:
    # 16.10-20.11 = 36 days (art. 451 applies in date order)
    assert first["paid_on"] == "2026-10-15"
    assert first["allocation"][0]["to_interest"] == str(
        (Decimal(8487) * Decimal("0.1375") * 30 / 365).quantize(Decimal("0.01"))
    )
    principal_left = Decimal(8487) - Decimal(first["allocation"][0]["to_principal"])
    assert second["allocation"][0]["to_interest"] == str(
        (principal_left * Decimal("0.1375") * 36 / 365).quantize(Decimal("0.01"))
    )


def test_reimport_keeps_recorded_payments_and_does_not_call_them_removed(
    firm: Firm, tmp_path: Path
) -> None:
    ok("payments", "add", NAKAZOWE, "--amount", "1000", "--on", "2026-11-20")
    folder = tmp_path / "again"
    shutil.copytree(SAMPLES / "cases", folder)
    doc = folder / "TT-0152-zielona-dolina" / "case.json"
    doc.write_text(doc.read_text(encoding="utf-8").replace('"mkowal"', '"anowak"'), "utf-8")
    import_batch(firm.engine, folder)
    with Session(firm.engine) as s:
        assert len(s.exec(select(RecordedPayment)).all()) == 1
        changed = s.exec(
            select(CaseFinding).where(
                CaseFinding.case_id == firm.ids[NAKAZOWE], CaseFinding.source == "intake"
            )
        ).one()
    assert "asystent" in changed.message and "wpłata" not in changed.message
    listed = json.loads(ok("payments", "list", NAKAZOWE, "--json"))
    assert listed["left"]["principal"] == "7698.01"  # the payment still counts
