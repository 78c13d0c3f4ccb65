"""The CLI contract (typer's CliRunner on the real app and store) and the ICS feed."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from icalendar import Calendar
from sqlmodel import select
from typer.testing import CliRunner

from cli.main import app
from store.db import session_scope
from store.tables import AuditLog

from .conftest import add_case

runner = CliRunner()


@pytest.fixture
def cli_env(people: sa.Engine, monkeypatch: pytest.MonkeyPatch) -> sa.Engine:
    monkeypatch.setenv("HANDOFF_DATABASE_URL", people.url.render_as_string(hide_password=False))
    return people


def invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_event_add_edit_delete_and_deadlines_list_done_ics(
    cli_env: sa.Engine, tmp_path: Path
) -> None:
    engine = cli_env
    add_case(engine, "ABC/9")
    out = invoke(
        "event",
        "add",
        "ABC/9",
        "--kind",
        "payment-order-served",
        "--on",
        "2025-12-10",
        "--signature",
        "I Nc 9/25",
        "--note",
        "awizo",
        "--as",
        "anna",
    )
    assert "2025-12-29" in out
    invoke(
        "event", "add", "ABC/9", "--kind", "decision-served", "--on", "2025-12-30", "--as", "anna"
    )
    rows = json.loads(invoke("deadlines", "list", "--person", "anna", "--json"))
    assert [(r["due_on"], r["signature"]) for r in rows] == [
        ("2025-12-29", "I Nc 9/25"),
        ("2026-01-07", ""),
    ]
    first_event = 1
    out = invoke("event", "edit", str(first_event), "--on", "2025-12-20", "--as", "ola")
    assert "2026-01-05" in out
    invoke("deadlines", "done", str(rows[1]["id"]), "--as", "anna")
    rows = json.loads(invoke("deadlines", "list", "--json"))
    assert [r["due_on"] for r in rows] == ["2026-01-05"]

    feed = tmp_path / "anna.ics"
    invoke("deadlines", "ics", "--person", "anna", "-o", str(feed))
    cal = Calendar.from_ical(feed.read_bytes())
    events = list(cal.walk("VEVENT"))
    assert len(events) == 1
    ev = events[0]
    assert ev.decoded("dtstart") == date(2026, 1, 5)
    assert ev.decoded("dtend") == date(2026, 1, 6)
    assert str(ev["summary"]) == "Termin drugiej strony: sprzeciw / zarzuty - ABC/9"
    assert "I Nc 9/25" in str(ev["description"]) and "KC art. 115" in str(ev["description"])
    assert str(ev["uid"]) == f"deadline-{rows[0]['id']}@kancelaria-handoff"
    assert "44051401359" not in feed.read_text() and "Tajna" not in feed.read_text()

    case_feed = tmp_path / "case.ics"
    invoke("deadlines", "ics", "--case", "ABC/9", "-o", str(case_feed))
    assert len(list(Calendar.from_ical(case_feed.read_bytes()).walk("VEVENT"))) == 1

    invoke("event", "delete", str(first_event), "--as", "ola")
    assert json.loads(invoke("deadlines", "list", "--json")) == []
    with session_scope(engine) as s:
        actors = {(a.actor, a.action) for a in s.exec(select(AuditLog)).all()}
    assert {
        ("anna", "event.add"),
        ("ola", "event.edit"),
        ("ola", "deadline.move"),
        ("anna", "deadline.done"),
        ("ola", "event.delete"),
    } <= actors


def test_cli_refuses_bad_input(cli_env: sa.Engine) -> None:
    add_case(cli_env, "ABC/8")
    bad_kind = runner.invoke(app, ["event", "add", "ABC/8", "--kind", "nope", "--on", "2025-01-02"])
    assert bad_kind.exit_code == 2 and "payment-order-served" in bad_kind.output
    no_case = runner.invoke(
        app, ["event", "add", "X/1", "--kind", "call-served", "--on", "2025-01-02"]
    )
    assert no_case.exit_code == 2 and "CaseNotFound" in no_case.output
    both = runner.invoke(app, ["deadlines", "ics", "-o", "x.ics"])
    assert both.exit_code == 2


def test_ics_feed_holds_limitation_date_unshifted(people: sa.Engine) -> None:
    from integrations.calendar_feed import to_ics
    from store.deadlines import list_deadlines, sync_limitation_deadlines

    add_case(people, "PRZ/9", stage="intake", limitation=date(2026, 3, 28))  # a Saturday
    with session_scope(people) as s:
        sync_limitation_deadlines(s)
        rows = list_deadlines(s, case_ref="PRZ/9")
    cal = Calendar.from_ical(to_ics(rows, name="PRZ/9"))
    (ev,) = cal.walk("VEVENT")
    assert ev.decoded("dtstart") == date(2026, 3, 28)  # no art. 115 shift for limitation
