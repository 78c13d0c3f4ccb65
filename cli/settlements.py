"""``handoff settlements``: conclude a settlement (ugoda) with an instalment plan on a case,
show a case's settlements and their plans, and run the instalment check.

``add`` and ``show`` run in one transaction (``casework.settlements``): a refusal prints one
Polish line, exits with status 2 and writes nothing. ``check`` is the scheduled
``instalment-check`` deployment's work run directly (``casework.instalment_check``), without
Prefect. ``--as`` / ``--by`` names the person acting (default: $USER).
"""

from __future__ import annotations

import getpass
import json
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import typer

from cli.casework_run import in_transaction
from cli.errors import day_option, refuse
from config import Settings, firm_today

if TYPE_CHECKING:
    from casework.enforcement import ClauseDrafting

settlements_app = typer.Typer(
    no_args_is_help=True, help="Settlements (ugody) and instalment plans (raty)."
)

By = Annotated[str | None, typer.Option("--by", "--as", help="Who acts (default: $USER).")]
KINDS = ("pozasadowa", "sadowa")


def _amount(text: str, option: str, *, zero: bool = False) -> Decimal:
    from casework import Refused
    from casework.payments import parse_amount

    if zero and text.strip() in ("0", "0,00", "0.00"):
        return Decimal(0)
    try:
        return parse_amount(text)
    except Refused as exc:
        refuse(str(exc).replace("--amount", option).replace("wpłaty", "").replace("  ", " "))


@settlements_app.command("add")
def add(
    case_ref: Annotated[str, typer.Argument(help="Case reference (or #<case id>).")],
    amount: Annotated[str, typer.Option("--amount", help="The settled sum in PLN.")],
    instalments: Annotated[
        int | None, typer.Option("--instalments", help="Number of equal instalments.")
    ] = None,
    first_due: Annotated[
        str | None, typer.Option("--first-due", help="Day of the first instalment, YYYY-MM-DD.")
    ] = None,
    every_months: Annotated[
        int, typer.Option("--every-months", help="Months between instalments.")
    ] = 1,
    schedule: Annotated[
        str | None,
        typer.Option(
            "--schedule", help="The agreed list instead: YYYY-MM-DD=AMOUNT;YYYY-MM-DD=AMOUNT"
        ),
    ] = None,
    grace_days: Annotated[
        int, typer.Option("--grace-days", help="Grace period after a missed instalment, days.")
    ] = 14,
    interest: Annotated[
        str, typer.Option("--interest", help="none | statutory | an annual rate in %.")
    ] = "none",
    costs: Annotated[
        str, typer.Option("--costs", help="Costs the debtor takes over, PLN (in the plan).")
    ] = "0",
    kind: Annotated[str, typer.Option("--kind", help="pozasadowa | sadowa.")] = "pozasadowa",
    on: Annotated[
        str | None, typer.Option("--on", help="Day the settlement was concluded (default today).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    by: By = None,
) -> None:
    """Conclude a settlement on a case: the plan, the step to 'ugoda', the limitation watch
    (acknowledgement, art. 123 §1 pkt 2 KC) and the settlement drafted for the partner."""
    from casework import Refused
    from casework.settlements import (
        Documents,
        SettlementIn,
        conclude_settlement,
        parse_schedule,
        plan_json,
        plan_of,
    )
    from law.pl.settlements import SettlementError, SettlementKind, parse_interest

    today = firm_today()
    if kind not in KINDS:
        refuse(f"--kind: {kind!r} - dozwolone: {', '.join(KINDS)}")
    value = _amount(amount, "--amount")
    cost = _amount(costs, "--costs", zero=True)
    day = (
        day_option(
            on,
            "--on",
            latest=(today, f"dzień zawarcia ugody nie może być w przyszłości (dziś jest {today})"),
        )
        if on is not None
        else today
    )
    first = day_option(first_due, "--first-due") if first_due is not None else None
    if schedule is not None and (instalments is not None or first is not None):
        refuse("--schedule wyklucza --instalments i --first-due")
    if schedule is None and (instalments is None or first is None):
        refuse("podaj --instalments N i --first-due RRRR-MM-DD (albo --schedule)")
    try:
        terms_interest = parse_interest(interest)
        listed = parse_schedule(schedule) if schedule is not None else ()
    except (SettlementError, Refused) as exc:
        refuse(str(exc))
    data = SettlementIn(
        kind=SettlementKind(kind),
        concluded_on=day,
        amount=value,
        instalments=instalments,
        first_due=first,
        every_months=every_months,
        schedule=listed,
        grace_days=grace_days,
        interest=terms_interest,
        costs=cost,
    )
    try:
        docs = Documents.from_settings(Settings.from_env())
    except Refused as exc:
        refuse(str(exc))

    def work(s):  # type: ignore[no-untyped-def]
        outcome = conclude_settlement(
            s, case_ref, data, today=today, actor=by or getpass.getuser(), docs=docs
        )
        return outcome, plan_json(
            outcome.case_ref, outcome.settlement, plan_of(s, outcome.settlement, today)
        )

    outcome, plan = in_transaction(work)
    if as_json:
        doc = outcome.document
        typer.echo(
            json.dumps(
                plan
                | {
                    "recorded": outcome.recorded,
                    "stage_before": outcome.stage_before,
                    "stage": outcome.stage_after,
                    "document": None
                    if doc is None
                    else {"id": doc.id, "version": doc.version, "path": doc.path},
                    "court_letter": outcome.court_letter,
                },
                ensure_ascii=False,
            )
        )
        return
    typer.echo(outcome.summary())


@settlements_app.command("request")
def request(
    case_ref: Annotated[str, typer.Argument(help="Case reference (or #<case id>).")],
    on: Annotated[str, typer.Option("--on", help="Day the debtor asked, YYYY-MM-DD.")],
    note: Annotated[str, typer.Option("--note", help="What the debtor wrote (short).")] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    by: By = None,
) -> None:
    """Record the debtor's request for instalments (no settlement yet): an acknowledgement of
    the claim (art. 123 §1 pkt 2 KC); the limitation watch is replanned."""
    from casework.settlements import record_instalment_request

    today = firm_today()
    day = day_option(
        on, "--on", latest=(today, f"dzień wniosku nie może być w przyszłości (dziś jest {today})")
    )
    outcome = in_transaction(
        lambda s: record_instalment_request(
            s, case_ref, day, today=today, actor=by or getpass.getuser(), note=note.strip()
        )
    )
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "case": outcome.case_ref,
                    "id": outcome.request.id,
                    "requested_on": outcome.request.requested_on.isoformat(),
                    "recorded": outcome.recorded,
                    "limitation_watch": {
                        number: day.isoformat() for number, day in sorted(outcome.watch.items())
                    },
                },
                ensure_ascii=False,
            )
        )
        return
    typer.echo(outcome.summary())


@settlements_app.command("show")
def show(
    case_ref: Annotated[str, typer.Argument(help="Case reference (or #<case id>).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """A case's settlements: the plan, what was paid, what is late and what is left today."""
    from casework.settlements import settlements_of
    from law.pl.settlements import KIND_LABELS, STATUS_LABELS, SettlementKind
    from law.pl.text import pl_date, pl_money

    today = firm_today()
    view = in_transaction(lambda s: settlements_of(s, case_ref, today=today))
    if as_json:
        typer.echo(json.dumps(view.to_json(), ensure_ascii=False))
        return
    if not view.plans:
        typer.echo(f"Sprawa {view.case_ref}: brak ugód.")
        return
    for row, st in view.plans:
        typer.echo(
            f"Sprawa {view.case_ref}: {KIND_LABELS[SettlementKind(row.kind)]} #{row.id} z "
            f"{pl_date(row.concluded_on)}, {pl_money(row.amount + row.costs)} - "
            f"{STATUS_LABELS[st.status]}"
        )
        for s in st.instalments:
            paid = f"zapłacono {pl_money(s.paid)}" + (
                f" ({pl_date(s.paid_on)})" if s.paid_on else ""
            )
            typer.echo(
                f"  rata {s.number}: {pl_date(s.instalment.due)}  {pl_money(s.instalment.amount)}"
                f"  {paid}"
            )
        typer.echo(f"  {st.reason}")
        typer.echo(
            f"  Pozostało na {pl_date(st.on)}: raty {pl_money(st.rest)}, odsetki "
            f"{pl_money(st.interest_due)}; razem {pl_money(st.total_due)}"
        )


def _clause_drafting(settings: Settings) -> ClauseDrafting | None:
    """How a broken court settlement's clause application is drafted (the firm's profile,
    documents and templates); None with an unreadable profile: the note names the command."""
    from casework import Refused
    from casework.enforcement import ClauseDrafting

    try:
        return ClauseDrafting.from_settings(settings)
    except Refused:
        return None


@settlements_app.command("check")
def check(
    on: Annotated[
        str | None, typer.Option("--on", help="Check as of this day (default today).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    by: By = None,
) -> None:
    """Check every plan now (the instalment-check deployment's work, without Prefect): warn
    once of missed instalments, mark broken plans, close fulfilled ones."""
    from casework.instalment_check import run_check
    from flows.notify_review import smtp_settings  # no Prefect import: a direct run
    from store.db import open_store

    today = firm_today()
    day = (
        day_option(on, "--on", latest=(today, f"nie można sprawdzać przyszłości (dziś {today})"))
        if on is not None
        else today
    )
    settings = Settings.from_env()
    clause = _clause_drafting(settings)
    engine = open_store(settings.database_url)
    try:
        result = run_check(
            engine,
            today=day,
            smtp=smtp_settings(settings),
            webhook_url=settings.webhook_url if settings.webhook_secret else None,
            webhook_secret=settings.webhook_secret,
            actor=by or getpass.getuser(),
            clause=clause,
        )
    finally:
        engine.dispose()
    s = result.summary()
    if as_json:
        typer.echo(json.dumps(s | {"rows": result.rows}, ensure_ascii=False))
        return
    typer.echo(
        f"Raty na {day.isoformat()}: ugód sprawdzono {s['checked']}, rat zaległych "
        f"{s['missed']}, niewykonanych {len(s['broken'])}, wykonanych {len(s['fulfilled'])}; "
        f"ostrzeżeń wysłanych: e-mail {s['emails_sent']}, webhook {s['webhooks_sent']}, już "
        f"wysłane {s['already_sent']}, bez adresu {s['unroutable']}, błędy {s['failed']}."
    )
    for note in s["notes"]:
        typer.echo(f"  {note}")
