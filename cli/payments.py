"""``handoff payments``: record a payment after the handoff, list a case's payments, import a
bank statement (MT940, camt.053, CSV) and list the credits no case was matched to.

Each command runs in one transaction (``casework.payments`` / ``casework.statements``): a
refusal prints one Polish line, exits with status 2 and writes nothing. ``--as`` names the
person acting (default: $USER).
"""

from __future__ import annotations

import getpass
import json
from pathlib import Path
from typing import Annotated

import typer

from cli.casework_run import Actor, in_transaction
from cli.errors import day_option, input_bytes, refuse
from config import firm_today

payments_app = typer.Typer(
    no_args_is_help=True, help="Payments after the handoff (wpłaty, wyciągi bankowe)."
)


@payments_app.command("add")
def add(
    case_ref: Annotated[str, typer.Argument(help="Case reference (or #<case id>).")],
    amount: Annotated[str, typer.Option("--amount", help="Amount in PLN, e.g. 1234,50.")],
    on: Annotated[str, typer.Option("--on", help="Day of the payment, YYYY-MM-DD.")],
    title: Annotated[str, typer.Option("--title", help="Transfer title.")] = "",
    designated: Annotated[
        str | None,
        typer.Option("--designated", help="Invoice the debtor designated (art. 451 §1 KC)."),
    ] = None,
    allow_overpayment: Annotated[
        bool,
        typer.Option("--allow-overpayment", help="Record a payment larger than the whole debt."),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    actor: Actor = None,
) -> None:
    """Record a payment on a case, allocate it (art. 451 KC) and update what depends on it."""
    from casework import Refused
    from casework.payments import PaymentIn, parse_amount, record_payment

    today = firm_today()
    try:
        value = parse_amount(amount)
    except Refused as exc:
        refuse(str(exc))
    day = day_option(
        on, "--on", latest=(today, f"data wpłaty nie może być w przyszłości (dziś jest {today})")
    )
    pay = PaymentIn(
        paid_on=day,
        amount=value,
        title=title.strip(),
        invoice_number=designated.strip() if designated else None,
        designated=bool(designated),
    )
    outcome = in_transaction(
        lambda s: record_payment(
            s,
            case_ref,
            pay,
            today=today,
            actor=actor or getpass.getuser(),
            allow_overpayment=allow_overpayment,
        )
    )
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "case": outcome.case_ref,
                    "payment_id": outcome.payment_id,
                    "amount": str(outcome.amount),
                    "surplus": str(outcome.surplus),
                    "stage_before": outcome.stage_before,
                    "stage": outcome.stage_after,
                    "allocation": [
                        {
                            "invoice_number": line.invoice_number or None,
                            "to_costs": str(line.to_costs),
                            "to_interest": str(line.to_interest),
                            "to_principal": str(line.to_principal),
                            "cites": line.cites,
                        }
                        for line in outcome.lines
                    ],
                    "left": {
                        "on": outcome.left.on.isoformat(),
                        "principal": str(outcome.left.principal),
                        "interest": str(outcome.left.interest),
                        "costs": str(outcome.left.costs),
                        "total": str(outcome.left.total),
                    },
                },
                ensure_ascii=False,
            )
        )
        return
    typer.echo(outcome.summary())


@payments_app.command("list")
def list_payments(
    case_ref: Annotated[str, typer.Argument(help="Case reference (or #<case id>).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """A case's payments, how each was allocated and what is left today."""
    from casework.payments import payments_of
    from law.pl.text import pl_date, pl_money

    today = firm_today()
    view = in_transaction(lambda s: payments_of(s, case_ref, today=today))
    if as_json:
        typer.echo(json.dumps(view.to_json(), ensure_ascii=False))
        return
    typer.echo(f"Sprawa {view.case_ref}: wpłaty po przekazaniu ({len(view.payments)})")
    for p in view.payments:
        typer.echo(
            f"  {pl_date(p.paid_on)}  {pl_money(p.amount)}  [{p.source}]"
            + (f"  {p.title}" if p.title else "")
        )
        for line in view.lines.get(p.id or 0, ()):
            what = (
                f"koszty {pl_money(line.to_costs)}"
                if not line.invoice_number
                else f"{line.invoice_number}: odsetki {pl_money(line.to_interest)}, "
                f"kapitał {pl_money(line.to_principal)}"
            )
            typer.echo(f"      {what}  ({line.cites})")
    left = view.left
    typer.echo(
        f"Pozostało na {pl_date(left.on)}: kapitał {pl_money(left.principal)}, odsetki "
        f"{pl_money(left.interest)}, koszty {pl_money(left.costs)}; razem {pl_money(left.total)}"
    )


@payments_app.command("import")
def import_statement(
    file: Annotated[Path, typer.Argument(help="Bank statement: MT940, camt.053 or CSV.")],
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="mt940 | camt053 | csv (default: from the content)."),
    ] = None,
    encoding: Annotated[
        str, typer.Option("--encoding", help="Text encoding of the file (default UTF-8).")
    ] = "utf-8",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    actor: Actor = None,
) -> None:
    """Import a bank statement: each credit matched to a case for certain is recorded as a
    payment, the rest goes to the unmatched list. The same statement twice records nothing
    twice."""
    from casework import Refused
    from casework.statements import FORMATS, import_transactions, parse_statement

    if fmt is not None and fmt not in FORMATS:
        refuse(f"--format: {fmt!r} - dozwolone: {', '.join(FORMATS)}")
    data = input_bytes(file, "wyciąg bankowy")
    try:
        statement = parse_statement(data, file.name, fmt, encoding=encoding)
    except Refused as exc:
        refuse(str(exc))
    today = firm_today()
    report = in_transaction(
        lambda s: import_transactions(s, statement, today=today, actor=actor or getpass.getuser())
    )
    if as_json:
        typer.echo(json.dumps(report.to_json(), ensure_ascii=False))
        return
    typer.echo(report.summary())


@payments_app.command("unmatched")
def unmatched(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Statement credits not matched to any case for certain: for a person to decide."""
    from casework.statements import unmatched_json, unmatched_transactions
    from law.pl.text import pl_date, pl_money

    rows = in_transaction(unmatched_transactions)
    if as_json:
        typer.echo(json.dumps([unmatched_json(r) for r in rows], ensure_ascii=False))
        return
    if not rows:
        typer.echo("Brak nierozpoznanych wpłat.")
        return
    typer.echo(f"Nierozpoznane wpłaty ({len(rows)}):")
    for r in rows:
        typer.echo(
            f"  {pl_date(r.booked_on)}  {pl_money(r.amount)}  {r.counterparty}  {r.title}  "
            f"- {r.reason}" + (f" (sprawy: {r.candidates})" if r.candidates else "")
        )
