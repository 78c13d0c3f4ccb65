"""handoff enforcement start / record through the real command line on SQLite and PostgreSQL:
a final title goes to the komornik, the steps appear in the timeline, umorzenie z powodu
bezskuteczności opens the title's limitation deadline, refusals change nothing.

Expected limitation: art. 123 §1 pkt 1, 124 §1-2, 125 §1 KC (polish_law.md 1.2, 1.4,
CONFIRMED): 6 years anew from the umorzenie on 1.12.2026 -> 1.12.2032 (conservative); the
year-end reading of the SN resolution of 23.10.2025 [S18] -> 31.12.2032.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from store.tables import Deadline, RecordedPayment
from tests.casework.cli_helpers import ok, refused

from .conftest import EPU, NAKAZOWE, Firm

runner = CliRunner()
ON = "2026-12-01"  # the firm's today in these tests (conftest.TODAY)
KOMORNIK = "Jan Kowalski, Komornik Sądowy przy Sądzie Rejonowym w Katowicach"


def _final(firm: Firm, ref: str = NAKAZOWE) -> None:
    """The nakazowe case through zarzuty to a final judgment (as in test_court_events)."""
    firm.approve(ref)
    ok("cases", "file", ref, "--on", "2026-11-25", "--signature", "V GNc 7/26")
    ok("event", "add", ref, "--kind", "payment-order-issued", "--on", "2026-11-26")
    ok("event", "add", ref, "--kind", "payment-order-served", "--on", "2026-11-27")
    ok("event", "add", ref, "--kind", "objection-filed", "--on", "2026-11-30")
    ok("event", "add", ref, "--kind", "judgment-announced", "--on", ON)
    ok("event", "add", ref, "--kind", "judgment-final", "--on", ON)
    assert firm.stage(ref) == "final"


def _title_limitation(firm: Firm) -> list[Deadline]:
    with Session(firm.engine) as s:
        return list(
            s.exec(
                select(Deadline).where(
                    Deadline.case_id == firm.ids[NAKAZOWE], Deadline.rule_key == "title-limitation"
                )
            ).all()
        )


def test_final_title_to_the_komornik_and_back(firm: Firm) -> None:
    _final(firm)
    # paper proceedings: the clause must be granted first (art. 781 KPC, UNCONFIRMED)
    before = firm.counts()
    line = refused("enforcement", "start", NAKAZOWE, "--komornik", KOMORNIK, "--on", ON)
    assert "klauzuli wykonalności" in line and "--clause-on" in line
    assert firm.counts() == before

    started = json.loads(
        ok(
            "enforcement",
            "start",
            NAKAZOWE,
            "--komornik",
            KOMORNIK,
            "--ways",
            "bank,wynagrodzenie,nieruchomosci",
            "--on",
            ON,
            "--clause-on",
            ON,
            "--clause-costs",
            "6",
            "--json",
        )
    )
    assert started["stage_before"] == "final" and started["stage_after"] == "enforcement"
    assert started["ways"] == ["bank", "wynagrodzenie", "nieruchomosci"]
    assert started["komornik_status"] == "UNCONFIRMED"
    assert started["komornik_cites"] == [
        "ustawa o komornikach sądowych art. 8",
        "ustawa o komornikach sądowych art. 10",
    ]
    assert started["next_step"]["cites"] == ["KPC art. 781"]
    assert started["cites"] == "KC art. 123 §1 pkt 1; KC art. 124 §2"
    amounts = {k: v for k, v in started["amounts"].items() if k != "as_of"}
    assert amounts["clause_costs"] == "6.00"
    # the case's WPS is 8 487,00 zł (test_cli: portfolio); the title adds interest and costs
    assert float(amounts["principal"]) + float(amounts["compensation"]) == pytest.approx(8487.00)
    assert float(amounts["total"]) > 8487.00 + float(amounts["costs_awarded"])
    assert any("nieruchomości" in m for m in started["messages"])

    again = refused(
        "enforcement", "start", NAKAZOWE, "--komornik", KOMORNIK, "--on", ON, "--clause-on", ON
    )
    assert "już trwa" in again

    out = ok(
        "enforcement",
        "record",
        NAKAZOWE,
        "--kind",
        "komornik-case",
        "--signature",
        "Km 123/26",
        "--on",
        ON,
    )
    assert "Km 123/26" in out
    assert "nic nie zmieniono" in ok(
        "enforcement",
        "record",
        NAKAZOWE,
        "--kind",
        "komornik-case",
        "--signature",
        "Km 123/26",
        "--on",
        ON,
    )
    ok("enforcement", "record", NAKAZOWE, "--kind", "costs", "--amount", "150,00", "--on", ON)
    paid = ok(
        "enforcement", "record", NAKAZOWE, "--kind", "payment", "--amount", "1000,00", "--on", ON
    )
    assert "Zapisano wpłatę 1 000,00 zł" in paid and "art. 451 KC" in paid
    with Session(firm.engine) as s:
        (payment,) = s.exec(
            select(RecordedPayment).where(RecordedPayment.source == "komornik")
        ).all()
        assert payment.amount == 1000 and payment.case_id == firm.ids[NAKAZOWE]

    ended = json.loads(
        ok(
            "enforcement",
            "record",
            NAKAZOWE,
            "--kind",
            "discontinued-ineffective",
            "--on",
            ON,
            "--json",
        )
    )
    assert ended["stage_after"] == "enforcement_ended"
    (deadline,) = _title_limitation(firm)
    assert deadline.due_on == date(2032, 12, 1) and deadline.status == "open"
    assert "KC art. 124 §1" in deadline.cites and "KC art. 125 §1" in deadline.cites
    assert "31.12.2032" in deadline.reason  # the year-end reading shown (SN 23.10.2025)

    detail = json.loads(ok("cases", "show", NAKAZOWE, "--json"))
    kinds = [(t["stage"], t["event_kind"]) for t in detail["timeline"]][-7:]
    assert kinds == [
        ("final", "judgment-final"),
        # handoff event add drafted the wniosek o nadanie klauzuli at once (issue #19)
        ("final", "enforcement-clause-requested"),
        ("enforcement", "enforcement-started"),
        ("enforcement", "enforcement-komornik-case"),
        ("enforcement", "enforcement-costs"),
        ("enforcement", "enforcement-payment"),
        ("enforcement_ended", "enforcement-discontinued-ineffective"),
    ]
    assert detail["timeline"][-4]["signature"] == "Km 123/26"
    labels = [
        t["event_label"] for t in detail["timeline"] if t["event_kind"].startswith("enforcement-")
    ]
    assert labels[:2] == ["wniosek o nadanie klauzuli wykonalności", "wniosek egzekucyjny"]

    # a new wniosek after the umorzenie interrupts again: the title-limitation deadline ends
    ok("enforcement", "start", NAKAZOWE, "--komornik", KOMORNIK, "--on", ON, "--clause-on", ON)
    assert [d.status for d in _title_limitation(firm)] == ["cancelled"]
    creditor = json.loads(
        ok(
            "enforcement",
            "record",
            NAKAZOWE,
            "--kind",
            "discontinued-by-creditor",
            "--on",
            ON,
            "--json",
        )
    )
    assert creditor["stage_after"] == "final" and creditor["status"] == "UNCONFIRMED"
    (deadline,) = _title_limitation(firm)
    # conservative: 6 years from the title's finality 1.12.2026 (art. 125 §1 KC)
    assert deadline.due_on == date(2032, 12, 1) and deadline.status == "open"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["start", NAKAZOWE, "--komornik", KOMORNIK], "brak prawomocnego tytułu"),
        (["start", EPU, "--komornik", KOMORNIK], "brak prawomocnego tytułu"),
        (["start", "NIE/MA/1", "--komornik", KOMORNIK], "nie ma sprawy"),
        (["start", NAKAZOWE, "--komornik", KOMORNIK, "--ways", "bank,auto"], "--ways"),
        (["start", NAKAZOWE, "--komornik", KOMORNIK, "--on", "2099-01-01"], "przyszłości"),
        (["start", NAKAZOWE, "--komornik", "  "], "--komornik"),
        (["record", NAKAZOWE, "--kind", "payment", "--amount", "10"], "trwającej egzekucji"),
        (["record", NAKAZOWE, "--kind", "lunch"], "--kind"),
        (["record", NAKAZOWE, "--kind", "started"], "handoff enforcement start"),
        (["record", NAKAZOWE, "--kind", "payment", "--amount", "-5"], "--amount"),
    ],
)
def test_refusals_change_nothing(firm: Firm, args: list[str], says: str) -> None:
    before = firm.counts()
    assert says in refused("enforcement", *args)
    assert firm.counts() == before


def test_paid_in_full_is_never_enforced(firm: Firm) -> None:
    _final(firm)
    ok("event", "add", NAKAZOWE, "--kind", "paid-in-full", "--on", ON)
    before = firm.counts()
    line = refused(
        "enforcement", "start", NAKAZOWE, "--komornik", KOMORNIK, "--on", ON, "--clause-on", ON
    )
    assert "nie podlega egzekucji" in line
    assert firm.counts() == before


def test_paid_in_full_through_the_komornik_and_recovered(firm: Firm) -> None:
    _final(firm)
    started = json.loads(
        ok(
            "enforcement",
            "start",
            NAKAZOWE,
            "--komornik",
            KOMORNIK,
            "--on",
            ON,
            "--clause-on",
            ON,
            "--json",
        )
    )
    # the whole debt on the day (what payments add would call "all") comes in through the
    # komornik: allocated under art. 451 KC and the case closes as paid (law.lifecycle)
    with Session(firm.engine) as s:
        from casework.payments import payments_of

        left = payments_of(s, NAKAZOWE, today=date(2026, 12, 1)).left.total
    assert left > 0 and float(started["amounts"]["principal"]) > 0
    out = ok(
        "enforcement",
        "record",
        NAKAZOWE,
        "--kind",
        "payment",
        "--amount",
        f"{left:.2f}",
        "--on",
        ON,
    )
    assert "zapłacona" in out
    assert firm.stage(NAKAZOWE) == "paid"
    line = refused("enforcement", "record", NAKAZOWE, "--kind", "recovered", "--on", ON)
    assert "trwającej egzekucji" in line


def test_recovered_closes_the_enforcement(firm: Firm) -> None:
    _final(firm)
    ok("enforcement", "start", NAKAZOWE, "--komornik", KOMORNIK, "--on", ON, "--clause-on", ON)
    out = json.loads(
        ok("enforcement", "record", NAKAZOWE, "--kind", "recovered", "--on", ON, "--json")
    )
    assert out["stage_after"] == "paid"
    assert _title_limitation(firm) == []


def test_the_installed_command_refuses_in_one_line(firm: Firm) -> None:
    # the lazy command table (cli.main.COMMANDS) runs only this group
    import os
    import subprocess
    import sys
    from pathlib import Path

    handoff = Path(sys.executable).with_name("handoff")
    done = subprocess.run(
        [str(handoff), "enforcement", "start", NAKAZOWE, "--komornik", KOMORNIK],
        capture_output=True,
        text=True,
        env=os.environ | {"PYTHONWARNINGS": "ignore"},
        timeout=120,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().startswith("Błąd: brak prawomocnego tytułu (etap: do akceptacji)")
    assert len(done.stderr.strip().splitlines()) == 1


def test_start_drafts_the_paper_wniosek(firm: Firm, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.documents.cases import docx_text

    _final(firm)
    before = firm.counts()
    missing = tmp_path / "nie-ma" / "w.docx"
    assert "nie istnieje" in refused(
        "enforcement",
        "start",
        NAKAZOWE,
        "--komornik",
        KOMORNIK,
        "--on",
        ON,
        "--clause-on",
        ON,
        "-o",
        str(missing),
    )
    assert firm.counts() == before
    out = tmp_path / "wniosek.docx"
    printed = ok(
        "enforcement",
        "start",
        NAKAZOWE,
        "--komornik",
        KOMORNIK,
        "--ways",
        "bank,ruchomosci",
        "--on",
        ON,
        "--clause-on",
        ON,
        "-o",
        str(out),
    )
    assert f"Wniosek egzekucyjny: {out}" in printed
    text = docx_text(out.read_bytes())
    assert "WNIOSEK EGZEKUCYJNY" in text and KOMORNIK in text
    assert "wyrok" in text and "V GNc 7/26" in text  # the judgment path of _final
    assert "klauzulę wykonalności z dnia 01.12.2026" in text
    assert "egzekucja z rachunku bankowego" in text and "egzekucja z ruchomości" in text
    assert "{{" not in text
