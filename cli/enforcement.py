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
from cli.errors import day_option, output_file_option, refuse, say, write_failed
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
    """Record a step of the enforcement: komornik-case, payment, costs, komornik-act, the end.

    komornik-act: an act done or made known to the creditor (the skarga deadline).
    """
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
    """Draft the wniosek o nadanie klauzuli wykonalności for a final paper title.

    The draft waits for the partner's review; its fee is not computed (UNCONFIRMED).
    """
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


def _positive_int(value: int | None, option: str) -> int | None:
    """A given identifier must be positive; None: not given (taken from the store)."""
    if value is not None and value <= 0:
        refuse(f"{option}: identyfikator musi być liczbą dodatnią (jest {value})")
    return value


@enforcement_app.command("epu-xml")
def epu_xml(
    case_ref: Annotated[str, typer.Argument(help="Case reference (or #<case id>).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write the XML.")],
    komornik: Annotated[
        str, typer.Option("--komornik", help="The komornik chosen (name and court).")
    ],
    komornik_id: Annotated[
        int | None, typer.Option("--komornik-id", help="The komornik's ID in e-Sąd.")
    ] = None,
    order_id: Annotated[
        int | None, typer.Option("--order-id", help="IDNakazu (the e-Sąd portal).")
    ] = None,
    decision_code: Annotated[
        int | None, typer.Option("--decision-code", help="KodDecyzji of the nakaz.")
    ] = None,
    clause_id: Annotated[
        int | None, typer.Option("--clause-id", help="IDKlauzuli of the electronic clause.")
    ] = None,
    clause_code: Annotated[
        str | None, typer.Option("--clause-code", help="KodKlauzuli of the clause.")
    ] = None,
    clause_on: Annotated[
        str | None, typer.Option("--clause-on", help="DataKlauzuli, the day it was granted.")
    ] = None,
    clause_signature: Annotated[
        str, typer.Option("--clause-signature", help="Signature of the clause (default: nakaz's).")
    ] = "",
    ways: Annotated[str, typer.Option("--ways", help=f"Comma-separated: {WAYS}.")] = "bank",
    on: Annotated[
        str | None, typer.Option("--on", help="Day of the wniosek (default: today).")
    ] = None,
    asset_search: Annotated[
        bool, typer.Option("--asset-search", help="Ask the komornik to search for assets.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    actor: Actor = None,
) -> None:
    """Build the EPU wniosek egzekucyjny (XML) of a stored case with a final EPU nakaz.

    Validated against WnioskiEgzekucyjneEPU.xsd and stored for `enforcement submit`. The
    court's identifiers not given are taken from what `handoff epu sync` stored.
    """
    chosen = _ways(ways)
    day = _day(on, "--on")
    clause_day = _day(clause_on, "--clause-on") if clause_on is not None else None
    if clause_code is not None and (not clause_code.strip() or len(clause_code) > 20):
        refuse("--clause-code: podaj KodKlauzuli z portalu e-Sąd (do 20 znaków)")
    if len(clause_signature) > 120:
        refuse(f"--clause-signature: najwyżej 120 znaków (jest {len(clause_signature)})")
    if len(komornik.strip()) > 200:
        refuse("--komornik: najwyżej 200 znaków")
    output_file_option(out, "--out")  # checked before anything is written

    from casework.enforcement_epu import GivenIds, epu_application
    from documents.firm import load_firm_profile

    ids = GivenIds(
        order_id=_positive_int(order_id, "--order-id"),
        decision_code=_positive_int(decision_code, "--decision-code"),
        clause_id=_positive_int(clause_id, "--clause-id"),
        clause_code=clause_code.strip() if clause_code is not None else None,
        clause_on=clause_day,
        komornik_id=_positive_int(komornik_id, "--komornik-id"),
        clause_signature=clause_signature,
    )
    settings = Settings.from_env()
    firm = load_firm_profile(settings.firm_file)
    application = in_transaction(
        lambda s: epu_application(
            s,
            case_ref,
            ids=ids,
            komornik=komornik,
            ways=chosen,
            on=day,
            today=firm_today(),
            firm=firm,
            documents_dir=settings.documents_dir,
            asset_search=asset_search,
            actor=actor or getpass.getuser(),
        )
    )
    try:
        out.write_bytes(application.xml)
    except OSError as exc:
        write_failed(out, exc)
    if as_json:
        summary = application.as_json() | {"out": str(out)}
        typer.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        typer.echo(
            f"Wniosek egzekucyjny EPU sprawy {application.case_ref}: {out} (zgodny ze "
            f"schematem WnioskiEgzekucyjneEPU; wersja {application.document.version})"
        )
        if application.stored_line():
            typer.echo(application.stored_line())


@enforcement_app.command("submit")
def submit(
    filing_date: Annotated[
        str | None, typer.Option("--date", help="Day of the applications (default: today).")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Where to keep the package (default: var/epu/)."),
    ] = None,
    label: Annotated[
        str | None, typer.Option("--label", help="OznaczeniePaczki (at most 60 characters).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON summary.")] = False,
    actor: Actor = None,
) -> None:
    """Send the stored EPU enforcement applications to e-Sąd (ZlozWnioskiEgzekucyjne).

    Without credentials the package is exported for manual upload.
    """
    from casework import Refused
    from casework.enforcement_epu import SubmissionFailed, submit_applications
    from cli.epu_submit import ESAD_VARIABLES
    from integrations.esad import Credentials
    from integrations.esad_enforcement import EsadEnforcementClient
    from integrations.http import new_client
    from store.db import open_store

    today = firm_today()
    on = day_option(filing_date, "--date") if filing_date else today
    if label is not None and not 1 <= len(label) <= 60:
        refuse(f"--label: od 1 do 60 znaków (jest {len(label)})")
    if output is not None:
        output_file_option(output, "--output")
    settings = Settings.from_env()
    values = (settings.esad_login, settings.esad_password, settings.esad_api_key)
    missing = [n for n, v in zip(ESAD_VARIABLES, values, strict=True) if not v]
    if missing and len(missing) < len(values):
        refuse(f"brak {', '.join(missing)}: e-Sąd wymaga loginu, hasła i klucza API")
    engine = open_store(settings.database_url)
    http = None
    client = None
    if not missing:
        import httpx

        login, password, key = values
        assert login and password and key
        http = new_client(timeout=httpx.Timeout(settings.esad_timeout, connect=10.0))
        client = EsadEnforcementClient(
            http, Credentials(login, password, key), url=settings.esad_url
        )
    try:
        report = submit_applications(
            engine,
            client,
            on=on,
            today=today,
            actor=actor or getpass.getuser(),
            out_dir=settings.home / "epu",
            output=output,
            label=label,
        )
    except Refused as exc:
        refuse(str(exc))
    except SubmissionFailed as exc:
        if exc.report is not None and as_json:
            typer.echo(json.dumps(exc.report.as_json(), ensure_ascii=False, indent=2))
        refuse(str(exc))
    finally:
        if http is not None:
            http.close()
        engine.dispose()
    if as_json:
        typer.echo(
            json.dumps(report.as_json() | {"manual": client is None}, ensure_ascii=False, indent=2)
        )
    else:
        for line in report.skipped:
            typer.echo(f"pominięto: {line}", err=True)
        if client is None and report.file is not None:
            typer.echo(
                f"Brak {', '.join(ESAD_VARIABLES)}: nie wysłano - paczka wniosków "
                f"egzekucyjnych do ręcznego wysłania w portalu e-Sąd: {report.file} (oznaczenie "
                f"{report.label}); po wysłaniu zapisz każdy wniosek: handoff enforcement start"
            )
        elif report.sent:
            typer.echo(f"Wysłano do e-Sądu paczkę {report.label}; zachowano: {report.file}")
            if report.message:
                typer.echo(f"e-Sąd: {report.message}")
        for outcome in report.outcomes:
            if outcome.status != "exported":
                typer.echo(outcome.line())
    if not report.outcomes:
        say("brak wniosków egzekucyjnych EPU do wysłania (handoff enforcement epu-xml)")
        raise typer.Exit(1)
    if report.sent and not any(o.status == "accepted" for o in report.outcomes):
        raise typer.Exit(1)
