"""``handoff letters``: the letters to the court a payment or a settlement after filing needs
(cofnięcie pozwu w części / w całości ze zrzeczeniem się roszczenia), ``casework.court_letters``.

``draft`` decides the letter, writes its .docx from the Word template and queues it for the
partner's review (the review page); it also writes the .docx of any letter a payment left
to be drafted (``payments add`` / ``payments import`` store the letter without the file).
The same cause twice gives the same letter. ``list`` shows the case's letters and their
review status. Each command runs in one transaction; a refusal is one Polish line, exit 2.
"""

from __future__ import annotations

import getpass
import json
from typing import Annotated

import typer

from cli.casework_run import in_transaction
from cli.errors import day_option, refuse
from config import Settings, firm_today

letters_app = typer.Typer(
    no_args_is_help=True,
    help="Letters to the court after a payment or a settlement (pisma do sądu).",
)

Ref = Annotated[str, typer.Argument(help="Case reference (or #<case id>).")]


@letters_app.command("draft")
def draft(
    case_ref: Ref,
    reason: Annotated[
        str, typer.Option("--reason", help="payment | settlement | paid (the whole debt paid).")
    ],
    on: Annotated[
        str | None, typer.Option("--on", help="Day written on the letter, YYYY-MM-DD (today).")
    ] = None,
    by: Annotated[str | None, typer.Option("--by", help="Who drafts (default: $USER).")] = None,
    payment: Annotated[
        int | None, typer.Option("--payment", help="The payment (id; default: the newest).")
    ] = None,
    settlement: Annotated[
        int | None, typer.Option("--settlement", help="The settlement (id; default: newest).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Draft the letter to the court (.docx) and queue it for the partner's review."""
    if reason not in ("payment", "settlement", "paid"):
        refuse(f"--reason: {reason!r} - podaj payment, settlement albo paid")
    today = firm_today()
    day = (
        day_option(
            on, "--on", latest=(today, f"pismo nie może mieć daty z przyszłości (dziś {today})")
        )
        if on is not None
        else today
    )
    from casework.court_letters import LetterOutput, draft_court_letter, render_pending

    settings = Settings.from_env()
    actor = by or getpass.getuser()

    def work(s):  # type: ignore[no-untyped-def]
        output = LetterOutput.from_settings(settings)
        earlier = render_pending(s, case_ref, actor=actor, output=output)
        outcome = draft_court_letter(
            s,
            case_ref,
            reason=reason,
            on=day,
            actor=actor,
            settlement_id=settlement,
            output=output,
            payment_id=payment,
        )
        return earlier, outcome

    earlier, outcome = in_transaction(work)
    others = [
        o
        for o in earlier
        if o.letter is not None and (outcome.letter is None or o.letter.id != outcome.letter.id)
    ]
    if as_json:
        data = outcome.to_json()
        data["also_drafted"] = [o.to_json() for o in others]
        typer.echo(json.dumps(data, ensure_ascii=False))
        return
    for o in others:
        typer.echo(o.summary())
    typer.echo(outcome.summary())


@letters_app.command("list")
def list_letters(
    case_ref: Ref,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """The case's letters to the court and their review status."""
    from casework.court_letters import letter_json, letter_line, letters_of

    ref, rows = in_transaction(lambda s: letters_of(s, case_ref))
    if as_json:
        typer.echo(
            json.dumps({"case": ref, "letters": [letter_json(r) for r in rows]}, ensure_ascii=False)
        )
        return
    typer.echo(f"Sprawa {ref}: pisma do sądu ({len(rows)})")
    for row in rows:
        typer.echo(f"  {letter_line(row)}")
