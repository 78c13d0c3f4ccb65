"""``handoff deadlines``: list, complete, export and check court and limitation deadlines."""

from __future__ import annotations

import getpass
import json
from dataclasses import asdict
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from cli.errors import (
    day_option,
    output_file_option,
    probe_store,
    refuse,
    tracebacks_to_log,
    whole_number_option,
    write_failed,
)
from config import Settings, firm_today
from integrations.calendar_feed import to_ics
from store.db import open_store, session_scope
from store.deadlines import DeadlineStoreError, list_deadlines, mark_done

deadlines_app = typer.Typer(no_args_is_help=True, help="Deadlines (terminy) and warnings.")


MAX_WORKING_DAYS = 750  # about three years of working days
MAX_LIMITATION_DAYS = 3650


def _fail(exc: DeadlineStoreError) -> typer.Exit:
    from cli.events import store_refusal

    typer.echo(f"Błąd: {store_refusal(exc)}", err=True)
    return typer.Exit(code=2)


@deadlines_app.command("list")
def list_cmd(
    person: Annotated[str | None, typer.Option("--person", help="Responsible username.")] = None,
    case_ref: Annotated[str | None, typer.Option("--case", help="Case reference.")] = None,
    within: Annotated[
        int | None, typer.Option("--within", help="Only due within N working days.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False,
) -> None:
    """Open deadlines, earliest first (overdue ones included)."""
    # the n-th working day ahead, as flows.deadline_check.working_days_ahead (which would
    # import Prefect into this read-only command)
    from law.pl.calendar import next_working_day

    until = None
    if within is not None:
        whole_number_option(within, "--within", 0, MAX_WORKING_DAYS)
        until = firm_today()
        for _ in range(within):
            until = next_working_day(until + timedelta(days=1))
    engine = open_store(Settings.from_env().database_url)
    try:
        with session_scope(engine) as s:
            rows = list_deadlines(s, person=person, case_ref=case_ref, until=until)
    except DeadlineStoreError as exc:
        raise _fail(exc) from None
    if as_json:
        typer.echo(json.dumps([asdict(r) for r in rows], ensure_ascii=False, default=str))
        return
    table = Table(title="Terminy")
    for col in ("ID", "termin", "sprawa", "sygnatura", "czynność", "strona", "kto", "podstawa"):
        table.add_column(col)
    for r in rows:
        table.add_row(
            str(r.id),
            r.due_on.isoformat(),
            escape(r.case_ref),
            escape(r.signature),
            escape(r.action),
            r.side,
            r.responsible or "",
            r.cites,
        )
    Console().print(table)


@deadlines_app.command("done")
def done(
    deadline_id: Annotated[int, typer.Argument()],
    actor: Annotated[str | None, typer.Option("--as", help="Who acts (default: $USER).")] = None,
) -> None:
    """Mark a deadline done; it stays done when its event changes."""
    engine = open_store(Settings.from_env().database_url)
    try:
        with session_scope(engine) as s:
            row = mark_done(s, deadline_id, actor=actor or getpass.getuser())
    except DeadlineStoreError as exc:
        raise _fail(exc) from None
    typer.echo(f"#{row.id} {row.action} ({row.due_on}): wykonany")


@deadlines_app.command("ics")
def ics(
    output: Annotated[Path, typer.Option("-o", "--output", help="The .ics file to write.")],
    person: Annotated[str | None, typer.Option("--person")] = None,
    case_ref: Annotated[str | None, typer.Option("--case")] = None,
) -> None:
    """Write an iCalendar feed of open deadlines for one person or one case."""
    if (person is None) == (case_ref is None):
        refuse("podaj dokładnie jedną z opcji --person, --case")
    output_file_option(output, "-o/--output")
    engine = open_store(Settings.from_env().database_url)
    try:
        with session_scope(engine) as s:
            rows = list_deadlines(s, person=person, case_ref=case_ref)
    except DeadlineStoreError as exc:
        raise _fail(exc) from None
    name = f"Terminy: {person or case_ref}"
    try:
        output.write_bytes(to_ics(rows, name=name))
    except OSError as exc:
        write_failed(output, exc)
    typer.echo(f"{output}: {len(rows)} terminów")


@deadlines_app.command("check")
def check(
    today: Annotated[str | None, typer.Option("--today", help="YYYY-MM-DD (tests)")] = None,
    within: Annotated[int, typer.Option("--within", help="Working days ahead.")] = 5,
    limitation_days: Annotated[
        list[int] | None, typer.Option("--limitation-days", help="Repeatable; default 60, 14.")
    ] = None,
) -> None:
    """Run the deadline_check flow now (sends each warning level once)."""
    from cli.server import local_prefect

    now = firm_today()
    day = (
        day_option(
            today,
            "--today",
            earliest=(date(2016, 1, 1), "wcześniej niż 2016-01-01"),
            latest=(date(now.year + 1, 12, 31), f"później niż koniec {now.year + 1} r."),
        )
        if today
        else None
    )
    whole_number_option(within, "--within", 0, MAX_WORKING_DAYS)
    for days in limitation_days or ():
        whole_number_option(days, "--limitation-days", 1, MAX_LIMITATION_DAYS)
    local_prefect()  # the local Prefect server, unless a server is configured
    from flows.deadline_check import deadline_check
    from flows.embedded import embedded_prefect

    probe_store(Settings.from_env().database_url)
    with embedded_prefect(), tracebacks_to_log():
        summary = deadline_check(
            today=day, within_working_days=within, limitation_days=limitation_days or None
        )
    typer.echo(json.dumps(summary, ensure_ascii=False))
