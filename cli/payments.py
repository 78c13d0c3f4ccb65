"""``handoff payments``: record a payment after the handoff, list a case's payments, import a
bank statement (MT940, camt.053, CSV), list the credits no case was matched to and assign
one to a case by hand, and draft the creditor's final statement (rozliczenie końcowe; also
drafted by itself when a payment closes a case as paid).

Each command runs in one transaction (``casework.payments`` / ``casework.statements``): a
refusal prints one Polish line, exits with status 2 and writes nothing. ``--as`` names the
person acting (default: $USER).

A payment on a case in court leaves the letter the court needs (``casework.court_letters``:
cofnięcie pozwu w części / w całości) stored ``to_render``; once the payments are committed,
``add``, ``import`` and ``assign`` write its .docx at once (``cli.payment_letters``: batches
of cases a transaction, a statement's thousands of letters shared among processes). A letter
that cannot be written (firm profile unreadable, template broken) stays ``to_render``, the
payment stays recorded, and one Polish line per case says why and that ``handoff letters
draft`` retries.
"""

from __future__ import annotations

import getpass
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli.casework_run import Actor, in_transaction
from cli.errors import day_option, input_bytes, output_file_option, refuse, write_failed
from cli.payment_letters import court_letters_after
from config import firm_today

if TYPE_CHECKING:
    from datetime import date

    from sqlmodel import Session

    from casework.final_statement import StatementDrafting
    from casework.payments import PaymentOutcome

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
    instalment: Annotated[
        str | None,
        typer.Option(
            "--instalment",
            help="Instalment (number) of the case's active settlement the debtor named.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    actor: Actor = None,
) -> None:
    """Record a payment on a case, allocate it (art. 451 KC) and update what depends on it."""
    from casework import Refused
    from casework.payments import PaymentIn, parse_amount, parse_instalment, record_payment

    today = firm_today()
    try:
        value = parse_amount(amount)
        number = parse_instalment(instalment) if instalment is not None else None
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
        instalment=number,
    )
    who = actor or getpass.getuser()

    def work(s: Session) -> tuple[PaymentOutcome, list[str]]:
        done = record_payment(
            s, case_ref, pay, today=today, actor=who, allow_overpayment=allow_overpayment
        )
        return done, _closing(s, [done], today, who)

    outcome, drafted = in_transaction(work)
    letters = court_letters_after([outcome], who)
    if as_json:
        typer.echo(json.dumps(_outcome_json(outcome) | letters.to_json(), ensure_ascii=False))
        return
    typer.echo(outcome.summary())
    for line in [*drafted, *letters.lines()]:
        typer.echo(line)


def _drafting() -> StatementDrafting:
    from casework.final_statement import StatementDrafting
    from config import Settings
    from documents.firm import load_firm_profile

    settings = Settings.from_env()
    return StatementDrafting(
        settings.documents_dir, load_firm_profile(settings.firm_file), settings.templates_dir
    )


def _closing(
    session: Session, outcomes: list[PaymentOutcome], today: date, actor: str
) -> list[str]:
    """The final statement (rozliczenie końcowe) of every case these payments closed. An
    unreadable firm profile leaves it undrafted (one line; the payments are recorded)."""
    from casework.final_statement import draft_for_closed
    from documents.firm import FirmProfileError

    closed = [o.case_ref for o in outcomes if o.stage_after == "paid" and o.stage_before != "paid"]
    if not closed:
        return []
    try:
        drafting = _drafting()
    except FirmProfileError:
        return [
            f"Rozliczenie końcowe ({ref}) nie zostało sporządzone: profil kancelarii "
            "(HANDOFF_FIRM_FILE) nie istnieje albo jest niepoprawny - wpłata jest zapisana; "
            f"sporządź: handoff payments statement {ref}"
            for ref in closed
        ]
    done = draft_for_closed(session, outcomes, drafting, today=today, actor=actor)
    return [f"Rozliczenie końcowe dla wierzyciela ({d.case_ref}): {d.path}" for d in done]


def _outcome_json(outcome: PaymentOutcome) -> dict[str, object]:
    return {
        "case": outcome.case_ref,
        "payment_id": outcome.payment_id,
        "amount": str(outcome.amount),
        "instalment": outcome.instalment,
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
    }


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
            + (f"  rata {p.instalment}" if p.instalment is not None else "")
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
    from casework.statements import FORMATS, ImportReport, import_transactions, parse_statement

    if fmt is not None and fmt not in FORMATS:
        refuse(f"--format: {fmt!r} - dozwolone: {', '.join(FORMATS)}")
    data = input_bytes(file, "wyciąg bankowy")
    try:
        statement = parse_statement(data, file.name, fmt, encoding=encoding)
    except Refused as exc:
        refuse(str(exc))
    today = firm_today()
    who = actor or getpass.getuser()

    def work(s: Session) -> tuple[ImportReport, list[str]]:
        report = import_transactions(s, statement, today=today, actor=who)
        return report, _closing(s, report.outcomes, today, who)

    report, drafted = in_transaction(work)
    letters = court_letters_after(list(report.outcomes), who)
    if as_json:
        typer.echo(json.dumps(report.to_json() | letters.to_json(), ensure_ascii=False))
        return
    typer.echo(report.summary())
    for line in [*drafted, *letters.lines()]:
        typer.echo(line)


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


@payments_app.command("assign")
def assign(
    txn_id: Annotated[
        str, typer.Argument(help="Unmatched credit: its id (handoff payments unmatched) or key.")
    ],
    case_ref: Annotated[str, typer.Argument(help="Case reference (or #<case id>).")],
    by: Annotated[str | None, typer.Option("--by", help="Who decided (default: $USER).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Record an unmatched statement credit as a payment on the case a person chose
    (allocated under art. 451 KC, audited, taken off the unmatched list)."""
    from casework.statements import assign_unmatched

    today = firm_today()
    who = (by or "").strip() or getpass.getuser()

    def work(s: Session) -> tuple[PaymentOutcome, list[str]]:
        done = assign_unmatched(s, txn_id, case_ref, today=today, actor=who)
        return done, _closing(s, [done], today, who)

    outcome, drafted = in_transaction(work)
    letters = court_letters_after([outcome], who)
    if as_json:
        typer.echo(
            json.dumps(
                _outcome_json(outcome)
                | {"transaction": txn_id, "assigned_by": who}
                | letters.to_json(),
                ensure_ascii=False,
            )
        )
        return
    typer.echo(f"Przypisano nierozpoznaną wpłatę {txn_id} ({who}). {outcome.summary()}")
    for line in [*drafted, *letters.lines()]:
        typer.echo(line)


@payments_app.command("statement")
def statement(
    case_ref: Annotated[str, typer.Argument(help="Case reference (or #<case id>).")],
    out: Annotated[
        Path | None, typer.Option("--out", help="Also write the .docx to this file.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    actor: Actor = None,
) -> None:
    """The creditor's final statement of a case (rozliczenie końcowe, .docx): every payment
    with its art. 451 KC allocation, what was claimed, recovered and left; stored as a
    generated document of the case."""
    import shutil

    from casework.final_statement import draft_final_statement
    from law.pl.text import pl_money

    if out is not None:
        output_file_option(out, "--out")
    today = firm_today()
    who = actor or getpass.getuser()
    drafting = _drafting()
    done = in_transaction(
        lambda s: draft_final_statement(s, case_ref, drafting, today=today, actor=who)
    )
    if out is not None:
        try:
            shutil.copyfile(done.path, out)
        except OSError as exc:
            write_failed(out, exc)
    st = done.statement
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "case": done.case_ref,
                    "path": str(done.path),
                    "out": str(out) if out is not None else None,
                    "version": done.version,
                    "sha256": done.sha256,
                    "created": done.created,
                    "payments": len(st.payments),
                    "recovered": str(st.recovered),
                    "left_on": st.left_on.isoformat(),
                    "left": str(st.left_total),
                },
                ensure_ascii=False,
            )
        )
        return
    typer.echo(
        f"Rozliczenie końcowe sprawy {done.case_ref} (wersja {done.version}): wpłat "
        f"{len(st.payments)}, odzyskano {pl_money(st.recovered)}, pozostało "
        f"{pl_money(st.left_total)}. Plik: {out or done.path}"
    )
