"""``handoff enforcement``: send a case with a final title to the komornik, record the steps
of the enforcement (the komornik's case number, payments, costs, a komornik's act, the end),
draft the wniosek o nadanie klauzuli wykonalności of paper proceedings (``clause``).

Each command runs in one transaction (``casework.enforcement``): a refusal prints one Polish
line, exits with status 2 and writes nothing. ``--as`` names the person acting.
"""

from __future__ import annotations

import getpass
import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated

import typer
from sqlmodel import Session

from cli.casework_run import Actor, in_transaction
from cli.errors import day_option, output_file_option, refuse, write_failed
from config import Settings, firm_today
from law.pl.enforcement import OWN_COMMAND, CostKind, CostPayer, RecordKind, Way

enforcement_app = typer.Typer(
    no_args_is_help=True, help="Enforcement by a komornik (egzekucja komornicza)."
)

WAYS = ", ".join(w.value for w in Way)
KINDS = ", ".join(k.value for k in RecordKind if k not in OWN_COMMAND)
COSTS = ", ".join(k.value for k in CostKind)
PAYERS = ", ".join(k.value for k in CostPayer)


def _ways(text: str) -> frozenset[Way]:
    chosen: set[Way] = set()
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        try:
            chosen.add(Way(part))
        except ValueError:
            refuse(f"--ways: nieznany sposób egzekucji {part!r}; dozwolone: {WAYS}")
    if not chosen:
        refuse(f"--ways: wskaż co najmniej jeden sposób egzekucji ({WAYS})")
    return frozenset(chosen)


def _amount(text: str | None, option: str) -> Decimal | None:
    if text is None:
        return None
    from casework import Refused
    from casework.payments import parse_amount

    try:
        return parse_amount(text)
    except Refused as exc:
        refuse(str(exc).replace("--amount", option))


def _day(text: str | None, option: str) -> date:
    today = firm_today()
    if text is None:
        return today
    return day_option(
        text, option, latest=(today, f"data nie może być w przyszłości (dziś jest {today})")
    )


def _print(outcome: object, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(outcome.as_json(), ensure_ascii=False, indent=2))  # type: ignore[attr-defined]
    else:
        typer.echo(outcome.summary())  # type: ignore[attr-defined]


@enforcement_app.command("start")
def start(
    case_ref: Annotated[str, typer.Argument(help="Case reference (or #<case id>).")],
    komornik: Annotated[
        str, typer.Option("--komornik", help="The komornik chosen (name and court).")
    ],
    ways: Annotated[str, typer.Option("--ways", help=f"Comma-separated: {WAYS}.")] = "bank",
    on: Annotated[
        str | None, typer.Option("--on", help="Day of the wniosek (default: today).")
    ] = None,
    clause_on: Annotated[
        str | None,
        typer.Option("--clause-on", help="Day the klauzula wykonalności was granted (paper)."),
    ] = None,
    costs_awarded: Annotated[
        str | None,
        typer.Option("--costs-awarded", help="Costs the title awarded (default: as claimed)."),
    ] = None,
    clause_costs: Annotated[
        str | None, typer.Option("--clause-costs", help="Costs of the clause, PLN.")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Write the paper wniosek egzekucyjny (.docx)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    actor: Actor = None,
) -> None:
    """Send a case with a final title to the komornik (wniosek egzekucyjny)."""
    chosen = _ways(ways)
    day = _day(on, "--on")
    clause_day = _day(clause_on, "--clause-on") if clause_on is not None else None
    costs = _amount(costs_awarded, "--costs-awarded")
    clause = _amount(clause_costs, "--clause-costs") or Decimal(0)
    if output is not None:
        output_file_option(output, "-o/--output")  # checked before anything is written
        if clause_day is None:
            refuse("-o/--output: wniosek w formie papierowej wymaga klauzuli (--clause-on)")

    from casework.enforcement import start_enforcement, wniosek_document

    settings = Settings.from_env()

    def work(s: Session) -> tuple[object, bytes | None]:
        outcome = start_enforcement(
            s,
            case_ref,
            komornik=komornik,
            ways=chosen,
            on=day,
            today=firm_today(),
            clause_on=clause_day,
            costs_awarded=costs,
            clause_costs=clause,
            actor=actor or getpass.getuser(),
        )
        if output is None:
            return outcome, None
        from documents.firm import load_firm_profile

        firm = load_firm_profile(settings.firm_file)
        return outcome, wniosek_document(s, outcome, firm, settings.templates_dir).content

    outcome, document = in_transaction(work)
    if output is not None and document is not None:
        try:
            output.write_bytes(document)
        except OSError as exc:
            write_failed(output, exc)
    _print(outcome, as_json)
    if output is not None and not as_json:
        typer.echo(f"Wniosek egzekucyjny: {output}")


@enforcement_app.command("record")
def record(
    case_ref: Annotated[str, typer.Argument(help="Case reference (or #<case id>).")],
    kind: Annotated[str, typer.Option("--kind", help=f"One of: {KINDS}.")],
    on: Annotated[str | None, typer.Option("--on", help="Day (default: today).")] = None,
    amount: Annotated[
        str | None, typer.Option("--amount", help="PLN, for payment and costs.")
    ] = None,
    signature: Annotated[
        str, typer.Option("--signature", help="The komornik's case number (Km ...).")
    ] = "",
    cost: Annotated[
        str | None, typer.Option("--cost", help=f"For costs: {COSTS} (default zaliczka).")
    ] = None,
    paid_by: Annotated[
        str | None,
        typer.Option("--paid-by", help=f"For costs: {PAYERS} (default creditor)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    actor: Actor = None,
) -> None:
    """Record a step of the enforcement: komornik-case, payment, costs, komornik-act (an act
    done or made known to the creditor: the skarga deadline), or its end."""
    try:
        record_kind = RecordKind(kind)
    except ValueError:
        refuse(f"--kind: nieznany rodzaj kroku {kind!r}; dozwolone: {KINDS}")
    if record_kind is RecordKind.STARTED:
        refuse("wniosek egzekucyjny zapisuje: handoff enforcement start")
    if record_kind is RecordKind.CLAUSE_REQUESTED:
        refuse("wniosek o nadanie klauzuli sporządza: handoff enforcement clause")
    if record_kind is not RecordKind.COSTS and (cost is not None or paid_by is not None):
        refuse("--cost i --paid-by dotyczą tylko --kind costs")
    try:
        cost_kind = CostKind(cost or CostKind.ZALICZKA.value)
    except ValueError:
        refuse(f"--cost: nieznany rodzaj kosztu {cost!r}; dozwolone: {COSTS}")
    try:
        payer = CostPayer(paid_by or CostPayer.CREDITOR.value)
    except ValueError:
        refuse(f"--paid-by: nieznana strona {paid_by!r}; dozwolone: {PAYERS}")
    day = _day(on, "--on")
    value = _amount(amount, "--amount")

    from casework.enforcement import record_enforcement

    outcome = in_transaction(
        lambda s: record_enforcement(
            s,
            case_ref,
            record_kind,
            day,
            today=firm_today(),
            amount=value,
            signature=signature,
            actor=actor or getpass.getuser(),
            cost_kind=cost_kind,
            paid_by=payer,
        )
    )
    _print(outcome, as_json)


@enforcement_app.command("clause")
def clause(
    case_ref: Annotated[str, typer.Argument(help="Case reference (or #<case id>).")],
    on: Annotated[
        str | None, typer.Option("--on", help="Day of the application (default: today).")
    ] = None,
    by: Annotated[
        str | None, typer.Option("--by", "--as", help="Who drafts it (default: $USER).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Draft the wniosek o nadanie klauzuli wykonalności for a final paper title (partner
    review; the fee is not computed: UNCONFIRMED)."""
    day = _day(on, "--on")
    if by is not None and not by.strip():
        refuse("--by: podaj osobę")

    from casework.enforcement import request_clause
    from documents.firm import load_firm_profile

    settings = Settings.from_env()
    firm = load_firm_profile(settings.firm_file)
    outcome = in_transaction(
        lambda s: request_clause(
            s,
            case_ref,
            day,
            today=firm_today(),
            firm=firm,
            documents_dir=settings.documents_dir,
            templates=settings.templates_dir,
            actor=(by or getpass.getuser()).strip(),
        )
    )
    _print(outcome, as_json)
