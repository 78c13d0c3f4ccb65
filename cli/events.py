"""``handoff event``: record, correct and delete court events; their deadlines follow.

Each command runs in one transaction: the event, its recomputed deadlines and the audit
rows commit together or not at all. ``--as`` names the person acting (default: $USER).
"""

from __future__ import annotations

import getpass
from collections.abc import Callable
from datetime import date
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from sqlmodel import Session

from config import Settings
from law.pl.deadlines import EventKind
from store.db import open_store, session_scope
from store.deadlines import (
    DeadlineStoreError,
    delete_event,
    edit_event,
    events_of_case,
    record_event,
)
from store.tables import Deadline

events_app = typer.Typer(no_args_is_help=True, help="Court events (zdarzenia procesowe).")

KINDS = ", ".join(k.value for k in EventKind)
T = TypeVar("T")
Actor = Annotated[str | None, typer.Option("--as", help="Who acts (default: $USER).")]


def _kind(value: str) -> EventKind:
    try:
        return EventKind(value)
    except ValueError:
        raise typer.BadParameter(f"unknown kind {value!r}; one of: {KINDS}") from None


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"not a date (YYYY-MM-DD): {value!r}") from None


def _actor(value: str | None) -> str:
    return value or getpass.getuser()


def _show(title: str, deadlines: list[Deadline]) -> None:
    table = Table(title=title)
    for col in ("ID", "termin", "czynność", "strona", "status", "podstawa"):
        table.add_column(col)
    for d in deadlines:
        table.add_row(str(d.id), d.due_on.isoformat(), d.action, d.side, d.status, d.cites)
    Console().print(table)


def _fail(exc: DeadlineStoreError) -> typer.Exit:
    typer.echo(f"Error: {type(exc).__name__}: {exc}", err=True)
    return typer.Exit(code=2)


def _in_transaction(work: Callable[[Session], T]) -> T:
    """``work`` in one transaction on the configured store; a refused change exits with 2."""
    engine = open_store(Settings.from_env().database_url)
    try:
        with session_scope(engine) as s:
            return work(s)
    except DeadlineStoreError as exc:
        raise _fail(exc) from None


@events_app.command("add")
def add(
    case_ref: Annotated[str, typer.Argument(help="Case reference (or #<case id>).")],
    kind: Annotated[str, typer.Option("--kind", help=f"One of: {KINDS}.")],
    on: Annotated[str, typer.Option("--on", help="Date of the event, YYYY-MM-DD.")],
    signature: Annotated[str, typer.Option("--signature", help="Sygnatura akt.")] = "",
    note: Annotated[str, typer.Option("--note")] = "",
    actor: Actor = None,
) -> None:
    """Record a court event and compute the deadlines it starts."""
    event, rows = _in_transaction(
        lambda s: record_event(
            s,
            case_ref,
            _kind(kind),
            _day(on),
            signature=signature,
            note=note,
            actor=_actor(actor),
        )
    )
    _show(f"Zdarzenie #{event.id}: {event.kind} {event.occurred_on}", rows)


@events_app.command("edit")
def edit(
    event_id: Annotated[int, typer.Argument(help="Event id.")],
    kind: Annotated[str | None, typer.Option("--kind")] = None,
    on: Annotated[str | None, typer.Option("--on")] = None,
    signature: Annotated[str | None, typer.Option("--signature")] = None,
    note: Annotated[str | None, typer.Option("--note")] = None,
    actor: Actor = None,
) -> None:
    """Correct an event; its deadlines are recomputed (done ones stay done)."""
    event, rows = _in_transaction(
        lambda s: edit_event(
            s,
            event_id,
            kind=_kind(kind) if kind else None,
            on=_day(on) if on else None,
            signature=signature,
            note=note,
            actor=_actor(actor),
        )
    )
    _show(f"Zdarzenie #{event.id}: {event.kind} {event.occurred_on}", rows)


@events_app.command("delete")
def delete(event_id: Annotated[int, typer.Argument()], actor: Actor = None) -> None:
    """Delete an event (kept in the record); its open deadlines are cancelled."""
    rows = _in_transaction(lambda s: delete_event(s, event_id, actor=_actor(actor)))
    _show(f"Usunięto zdarzenie #{event_id}", rows)


@events_app.command("list")
def list_(case_ref: Annotated[str, typer.Argument()]) -> None:
    """The live events of a case."""
    events = _in_transaction(lambda s: events_of_case(s, case_ref))
    table = Table(title=f"Zdarzenia: {case_ref}")
    for col in ("ID", "data", "rodzaj", "sygnatura", "notatka"):
        table.add_column(col)
    for e in events:
        table.add_row(
            str(e.id), e.occurred_on.isoformat(), e.kind, escape(e.signature), escape(e.note)
        )
    Console().print(table)
