"""The court-stage commands through the real command line (typer app and the installed
``handoff`` executable) on SQLite and PostgreSQL: cases file / correct, event add,
cases show --json timeline, cases list --stage, portfolio --csv."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.casework.cli_helpers import ok, refused

from .conftest import EPU, NAKAZOWE, Firm

runner = CliRunner()
FILED_ON = "2026-11-25"
HANDOFF = Path(sys.executable).with_name("handoff")


def test_file_and_follow_the_case_in_court(firm: Firm, tmp_path: Path) -> None:
    firm.approve(NAKAZOWE)
    out = ok("cases", "file", NAKAZOWE, "--on", FILED_ON, "--signature", "V GNc 7/26")
    assert "Zapisano wniesienie pozwu" in out and "zatwierdzona -> pozew złożony" in out
    again = json.loads(ok("cases", "file", NAKAZOWE, "--on", FILED_ON, "--json"))
    assert again["recorded"] is False and again["stage"] == "filed"

    line = refused("event", "add", NAKAZOWE, "--kind", "objection-filed", "--on", "2026-11-26")
    assert "wymaga wydanego nakazu zapłaty" in line
    out = ok("event", "add", NAKAZOWE, "--kind", "payment-order-issued", "--on", "2026-11-26")
    assert "pozew złożony -> nakaz zapłaty wydany (KPC art. 485)" in out
    out = ok("event", "add", NAKAZOWE, "--kind", "payment-order-served", "--on", "2026-11-27")
    assert "2026-12-11" in out  # sprzeciw / zarzuty: 2 weeks (art. 502 §1 / 493 KPC)
    out = ok("event", "add", NAKAZOWE, "--kind", "payment-order-served", "--on", "2026-11-27")
    assert "już zapisane" in out

    detail = json.loads(ok("cases", "show", NAKAZOWE, "--json"))
    for key in ("external_ref", "debtor", "stage", "review_comment", "claim", "findings"):
        assert key in detail  # the keys scripts read stay
    assert detail["stage"] == "order_served"
    assert [(t["date"], t["stage"], t["event_kind"]) for t in detail["timeline"]] == [
        ("2026-11-24", "approved", "approval"),
        ("2026-11-25", "filed", "lawsuit-filed"),
        ("2026-11-26", "order_issued", "payment-order-issued"),
        ("2026-11-27", "order_served", "payment-order-served"),
    ]
    assert detail["timeline"][3]["opens"] == ["sprzeciw / zarzuty"]
    filed = detail["timeline"][1]
    assert filed["signature"] == "V GNc 7/26" and filed["article"].startswith("KPC art. 187")
    assert "Przebieg sprawy" in ok("cases", "show", NAKAZOWE)

    listed = json.loads(ok("cases", "list", "--stage", "order_served", "--json"))
    assert [r["external_ref"] for r in listed] == [NAKAZOWE]
    assert "--stage" in refused("cases", "list", "--stage", "w_sadzie")

    out_csv = tmp_path / "portfel.csv"
    ok("portfolio", "--csv", str(out_csv))
    with open(out_csv, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    row = next(r for r in rows if r["Sygnatura wierzyciela"] == NAKAZOWE)
    assert row["Etap (kod)"] == "order_served" and row["Data wniesienia"] == FILED_ON
    assert row["Sygnatura akt"] == "V GNc 7/26"
    assert row["Najbliższy termin"] == "2026-12-11" and row["WPS (zł)"] == "8487,00"
    summary = json.loads(ok("portfolio", "--json"))
    (creditor,) = summary
    assert {s["stage"]: s["cases"] for s in creditor["stages"]} == {
        "ready_for_review": 4,
        "order_served": 1,
    }
    nip = creditor["nip"]
    assert json.loads(ok("portfolio", "--creditor", nip, "--json"))[0]["cases"] == 5
    assert "NIP" in refused("portfolio", "--creditor", "123")

    out = ok("cases", "correct", NAKAZOWE, "--to", "order_issued", "--reason", "pomyłka")
    assert "nakaz zapłaty doręczony -> nakaz zapłaty wydany" in out
    assert "powodu" in refused("cases", "correct", NAKAZOWE, "--to", "filed", "--reason", " ")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["cases", "file", "NIE/MA/1", "--on", FILED_ON], "nie ma sprawy o sygnaturze"),
        (["cases", "file", NAKAZOWE, "--on", "2099-01-01"], "nie może być w przyszłości"),
        (["cases", "file", NAKAZOWE, "--on", "25.11.2026"], "nie jest datą"),
        (["cases", "file", EPU, "--on", FILED_ON], "zatwierdzonej przez partnera"),
        (["cases", "file", NAKAZOWE, "--on", FILED_ON, "--mode", "fax"], "dozwolone: paper"),
        (["cases", "file", NAKAZOWE, "--on", "2026-11-20"], "wcześniejsza niż zatwierdzenie"),
    ],
)
def test_cases_file_refusals(firm: Firm, args: list[str], says: str) -> None:
    firm.approve(NAKAZOWE)
    before = firm.counts()
    assert says in refused(*args)
    assert firm.counts() == before


def test_the_installed_command_says_no_in_one_line(firm: Firm) -> None:
    env = os.environ | {"PYTHONWARNINGS": "ignore"}
    done = subprocess.run(
        [str(HANDOFF), "cases", "file", NAKAZOWE, "--on", FILED_ON],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip() == (
        "Błąd: pozew można wnieść tylko w sprawie zatwierdzonej przez partnera (etap: do "
        "akceptacji)"
    )


def _event_ids(firm: Firm) -> list[int]:
    from sqlmodel import Session, col, select

    from store.tables import CourtEvent

    with Session(firm.engine) as s:
        rows = s.exec(select(CourtEvent.id).order_by(col(CourtEvent.id))).all()
        return [r for r in rows if r is not None]


def test_event_edit_and_delete_keep_the_stage_consistent(firm: Firm) -> None:
    firm.approve(NAKAZOWE)
    ok("cases", "file", NAKAZOWE, "--on", FILED_ON)
    ok("event", "add", NAKAZOWE, "--kind", "payment-order-issued", "--on", "2026-11-26")
    ok("event", "add", NAKAZOWE, "--kind", "decision-served", "--on", "2026-11-27")
    issued, decision = _event_ids(firm)
    before = firm.counts()
    assert "rodzaju nie można zmienić" in refused(
        "event", "edit", str(issued), "--kind", "payment-order-served"
    )
    assert "zmieniłaby etap" in refused("event", "edit", str(decision), "--kind", "objection-filed")
    assert "wcześniejsza niż wniesienie" in refused(
        "event", "edit", str(decision), "--on", "2026-11-24"
    )
    assert "nie mieści się" in refused("event", "edit", str(issued), "--on", "2026-11-24")
    assert firm.counts() == before
    ok("event", "edit", str(issued), "--on", "2026-11-27")
    timeline = json.loads(ok("cases", "show", NAKAZOWE, "--json"))["timeline"]
    assert ("2026-11-27", "payment-order-issued") in [
        (t["date"], t["event_kind"]) for t in timeline
    ]
    ok("event", "delete", str(issued))
    assert firm.stage(NAKAZOWE) == "filed"
