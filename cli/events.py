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

from cli.errors import day_option, refuse
from config import Settings, firm_today
from law.pl.deadlines import EventKind
from store.db import open_store, session_scope
from store.deadlines import (
    DeadlineStoreError,
    events_of_case,
)
from store.tables import CourtEvent, Deadline

events_app = typer.Typer(no_args_is_help=True, help="Court events (zdarzenia procesowe).")

KINDS = ", ".join(k.value for k in EventKind)
T = TypeVar("T")
Actor = Annotated[str | None, typer.Option("--as", help="Who acts (default: $USER).")]


MAX_SIGNATURE = 100  # as the review page keeps
MAX_COURT = 200  # a court with its division: "Sąd Rejonowy ..., VI Wydział Gospodarczy"
MAX_NOTE = 2000


def _kind(value: str) -> EventKind:
    try:
        return EventKind(value)
    except ValueError:
        refuse(f"--kind: nieznany rodzaj zdarzenia {value!r}; dozwolone: {KINDS}")


def _day(session: Session, value: str, case_id: int) -> date:
    """The event's day: not in the future (as on the review page), not before the claim."""
    import sqlalchemy as sa

    from store.tables import Invoice

    earliest = session.exec(
        sa.select(sa.func.min(Invoice.issue_date)).where(Invoice.case_id == case_id)
    ).one()[0]
    today = firm_today()
    return day_option(
        value,
        "--on",
        earliest=(earliest, f"przed najwcześniejszą fakturą w sprawie ({earliest})")
        if earliest is not None
        else None,
        latest=(today, f"data zdarzenia nie może być w przyszłości (dziś jest {today})"),
    )


def _texts(signature: str | None, note: str | None) -> None:
    if signature is not None and len(signature) > MAX_SIGNATURE:
        refuse(f"--signature: najwyżej {MAX_SIGNATURE} znaków (jest {len(signature)})")
    if note is not None and len(note) > MAX_NOTE:
        refuse(f"--note: najwyżej {MAX_NOTE} znaków (jest {len(note)})")


def _actor(value: str | None) -> str:
    return value or getpass.getuser()


def _show(title: str, deadlines: list[Deadline]) -> None:
    table = Table(title=title)
    for col in ("ID", "termin", "czynność", "strona", "status", "podstawa"):
        table.add_column(col)
    for d in deadlines:
        table.add_row(str(d.id), d.due_on.isoformat(), d.action, d.side, d.status, d.cites)
    Console().print(table)


def store_refusal(exc: DeadlineStoreError) -> str:
    """The Polish line for a refused change (the error's name kept for scripts)."""
    from store.deadlines import AmbiguousCaseRef, CaseNotFound, DeadlineNotFound, EventNotFound

    if isinstance(exc, CaseNotFound):
        text = f"nie ma sprawy o sygnaturze {str(exc)!r}"
    elif isinstance(exc, AmbiguousCaseRef):
        text = f"sygnatura należy do kilku spraw ({exc}); podaj numer sprawy jako #<id>"
    elif isinstance(exc, EventNotFound):
        text = f"nie ma zdarzenia nr {exc}"
    elif isinstance(exc, DeadlineNotFound):
        text = f"nie ma terminu nr {exc}"
    else:
        text = str(exc)
    return f"{text} ({type(exc).__name__})"


def _fail(exc: DeadlineStoreError) -> typer.Exit:
    typer.echo(f"Błąd: {store_refusal(exc)}", err=True)
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
    court: Annotated[
        str,
        typer.Option(
            "--court",
            help="The court the event happened in, when it is not the one the pozew went to "
            "(after a sprzeciw in EPU: the court of general jurisdiction), as it names itself.",
        ),
    ] = "",
    actor: Actor = None,
) -> None:
    """Record a court event and compute the deadlines it starts."""
    from store.deadlines import find_case

    event_kind = _kind(kind)
    _texts(signature, note)
    if len(court) > MAX_COURT:
        refuse(f"--court: najwyżej {MAX_COURT} znaków (jest {len(court)})")
    if court and not court.strip():
        refuse("--court: podaj nazwę sądu")

    from casework import Refused
    from casework.court_events import EventOutcome, record_court_event
    from casework.enforcement import ClauseDrafting

    # issue #19: a paper title this event makes final gets its clause application drafted
    # at once; with an unreadable firm profile the outcome names the command instead.
    try:
        clause: ClauseDrafting | None = ClauseDrafting.from_settings(Settings.from_env())
    except Refused:
        clause = None

    def work(s: Session) -> EventOutcome:
        case = find_case(s, case_ref)
        assert case.id is not None
        day = _day(s, on, case.id)
        # issue #17: the case moves along the lifecycle (casework.court_events)
        return record_court_event(
            s,
            case_ref,
            event_kind,
            day,
            today=firm_today(),
            signature=signature,
            note=note,
            actor=_actor(actor),
            clause=clause,
            court=court.strip(),
        )

    try:
        outcome = _in_transaction(work)
    except Refused as exc:
        refuse(str(exc))
    event, rows = outcome.event, outcome.deadlines
    _show(f"Zdarzenie #{event.id}: {event.kind} {event.occurred_on}", rows)
    typer.echo(outcome.summary())


@events_app.command("edit")
def edit(
    event_id: Annotated[int, typer.Argument(help="Event id.")],
    kind: Annotated[str | None, typer.Option("--kind")] = None,
    on: Annotated[str | None, typer.Option("--on")] = None,
    signature: Annotated[str | None, typer.Option("--signature")] = None,
    note: Annotated[str | None, typer.Option("--note")] = None,
    court: Annotated[
        str | None,
        typer.Option(
            "--court",
            help='The court the event happened in (as at "event add"); "" clears it (the '
            "court the pozew went to).",
        ),
    ] = None,
    actor: Actor = None,
) -> None:
    """Correct an event; its deadlines are recomputed (done ones stay done), and a clause
    application made after the final title is drafted again when its words change."""
    event_kind = _kind(kind) if kind else None
    _texts(signature, note)
    if court is not None and len(court) > MAX_COURT:
        refuse(f"--court: najwyżej {MAX_COURT} znaków (jest {len(court)})")
    if court and not court.strip():
        refuse('--court: podaj nazwę sądu (albo --court "", żeby ją usunąć)')

    from casework import Refused
    from casework.court_events import EditOutcome, edit_court_event
    from casework.enforcement import ClauseDrafting

    try:  # as at "event add": the clause application follows the corrected title
        clause: ClauseDrafting | None = ClauseDrafting.from_settings(Settings.from_env())
    except Refused:
        clause = None

    def work(s: Session) -> EditOutcome:
        found = s.get(CourtEvent, event_id)
        day = _day(s, on, found.case_id) if on and found is not None else None
        return edit_court_event(
            s,
            event_id,
            kind=event_kind,
            on=day,
            signature=signature,
            note=note,
            court=court,
            actor=_actor(actor),
            clause=clause,
        )

    try:
        outcome = _in_transaction(work)
    except Refused as exc:
        refuse(str(exc))
    event = outcome.event
    _show(f"Zdarzenie #{event.id}: {event.kind} {event.occurred_on}", outcome.deadlines)
    for line in outcome.lines:
        typer.echo(line)


@events_app.command("delete")
def delete(event_id: Annotated[int, typer.Argument()], actor: Actor = None) -> None:
    """Delete an event (kept in the record); its open deadlines are cancelled; a stage it
    moved the case to is undone (issue #17)."""
    from casework import Refused
    from casework.court_events import delete_court_event

    try:
        rows = _in_transaction(
            lambda s: delete_court_event(s, event_id, today=firm_today(), actor=_actor(actor))
        )
    except Refused as exc:
        refuse(str(exc))
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
