"""``handoff epu submit``: file the approved EPU cases through the e-Sąd web service
(``casework.epu_submission``; registered on ``handoff epu`` by ``cli.epu``).

With ``HANDOFF_ESAD_LOGIN``, ``HANDOFF_ESAD_PASSWORD`` and ``HANDOFF_ESAD_API_KEY`` the
package is sent and each lawsuit settled by the court's answer; without them it is written
for manual upload and the filing is recorded by hand. ``--poll`` looks up the lawsuits of
earlier submissions whose fate is unknown or whose court signature is missing, and records
the payment orders the court lists for them (MojeNakazy) as court events;
``--release REF --reason TEXT`` lets a case whose fate stays unknown (a person checked the
portal: the court never got it) go in the next package.

Exit status: 0 the court answered (or the package was exported); 1 nothing to send, or
the court rejected every lawsuit; 2 bad input or a service failure (one Polish line;
nothing marked filed).
"""

from __future__ import annotations

import getpass
import json
from pathlib import Path
from typing import Annotated

import typer

from cli.errors import day_option, output_file_option, refuse, say
from config import Settings, firm_today

ESAD_VARIABLES = ("HANDOFF_ESAD_LOGIN", "HANDOFF_ESAD_PASSWORD", "HANDOFF_ESAD_API_KEY")


def lawsuits_count(n: int) -> str:
    """``1 pozew``, ``3 pozwy``, ``5 pozwów``, ``22 pozwy`` (Polish plural).

    >>> [lawsuits_count(n) for n in (1, 3, 5, 12, 22)]
    ['1 pozew', '3 pozwy', '5 pozwów', '12 pozwów', '22 pozwy']
    """
    if n == 1:
        return "1 pozew"
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return f"{n} pozwy"
    return f"{n} pozwów"


def _credentials(settings: Settings) -> object | None:
    """The account, None when no credential is set; refused when only some are."""
    from integrations.esad import Credentials

    values = (settings.esad_login, settings.esad_password, settings.esad_api_key)
    if not any(values):
        return None
    missing = [name for name, value in zip(ESAD_VARIABLES, values, strict=True) if not value]
    if missing:
        refuse(f"brak {', '.join(missing)}: e-Sąd wymaga loginu, hasła i klucza API")
    login, password, key = values
    assert login and password and key
    return Credentials(login, password, key)


def submit(
    filing_date: Annotated[
        str | None, typer.Option("--date", help="Filing day, ISO (default: today).")
    ] = None,
    poll: Annotated[
        bool,
        typer.Option(
            "--poll",
            help="Also look up earlier lawsuits whose fate or court signature is not known.",
        ),
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Where to keep the package (default: var/epu/)."),
    ] = None,
    label: Annotated[
        str | None, typer.Option(help="OznaczeniePaczki (at most 60 characters).")
    ] = None,
    release: Annotated[
        str | None,
        typer.Option(
            "--release",
            help="Case whose lawsuit's fate is unknown and which is not in the portal: "
            "send it again with the next package (needs --reason; nothing is sent now).",
        ),
    ] = None,
    reason: Annotated[
        str | None, typer.Option("--reason", help="What was checked in the portal.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON summary.")] = False,
    actor: Annotated[str | None, typer.Option("--as", help="Who acts (default: $USER).")] = None,
) -> None:
    """Send the approved EPU cases to e-Sąd (or export the package without credentials)."""
    from casework import Refused
    from casework.epu_submission import (
        SubmissionFailed,
        import_orders,
        poll_lawsuits,
        release_lawsuit,
        submit_package,
    )
    from documents.firm import load_firm_profile
    from integrations.esad import EsadClient
    from integrations.http import new_client
    from store.db import open_store

    today = firm_today()
    on = day_option(filing_date, "--date") if filing_date else today
    if label is not None and not 1 <= len(label) <= 60:
        refuse(f"--label: od 1 do 60 znaków (jest {len(label)})")
    if output is not None:
        output_file_option(output, "--output")
    settings = Settings.from_env()
    who = actor or getpass.getuser()
    if release is not None:
        if reason is None or not reason.strip():
            refuse("--release wymaga --reason: co sprawdzono w portalu e-Sąd")
        if len(reason) > 2000:
            refuse(f"--reason: najwyżej 2000 znaków (jest {len(reason)})")
        engine = open_store(settings.database_url)
        try:
            released = release_lawsuit(engine, release, reason, actor=who)
        except Refused as exc:
            refuse(str(exc))
        finally:
            engine.dispose()
        if as_json:
            typer.echo(json.dumps(released.as_json(), ensure_ascii=False, indent=2))
        else:
            typer.echo(
                f"Zwolniono: {released.case_ref} (wysyłka poz. {released.ordinal}) - pójdzie "
                "w następnej paczce"
            )
        return
    if reason is not None:
        refuse("--reason ma sens tylko z --release")
    credentials = _credentials(settings)
    roots = [settings.documents_dir, settings.home]
    engine = open_store(settings.database_url)
    http = None
    client = None
    if credentials is not None:
        import httpx

        http = new_client(timeout=httpx.Timeout(settings.esad_timeout, connect=10.0))
        client = EsadClient(http, credentials, url=settings.esad_url)  # type: ignore[arg-type]
    polled = []
    orders = []
    try:
        if poll:
            if client is None:
                refuse("--poll wymaga dostępu do e-Sądu: ustaw " + ", ".join(ESAD_VARIABLES))
            polled = poll_lawsuits(engine, client, today=today, actor=who, roots=roots)
            orders = import_orders(engine, client, today=today, actor=who)
        report = submit_package(
            engine,
            client,
            firm=load_firm_profile(settings.firm_file),
            on=on,
            today=today,
            actor=who,
            roots=roots,
            out_dir=settings.home / "epu",
            output=output,
            label=label,
        )
    except Refused as exc:
        refuse(str(exc))
    except SubmissionFailed as exc:
        if exc.report is not None and as_json:  # what became of each lawsuit, for machines
            summary = exc.report.as_json()
            summary["manual"] = False
            typer.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        refuse(str(exc))
    finally:
        if http is not None:
            http.close()
        engine.dispose()

    if as_json:
        summary = report.as_json()
        summary["manual"] = client is None
        summary["polled"] = [o.as_json() for o in polled]
        summary["orders"] = [o.as_json() for o in orders]
        typer.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        for outcome in polled:
            typer.echo(f"sprawdzono: {outcome.line()}")
        for order in orders:
            typer.echo(order.line())
        for line in report.assembled.in_flight:
            typer.echo(f"pominięto (już wysłane): {line}", err=True)
        for line in report.assembled.excluded:
            typer.echo(f"wykluczono: {line}", err=True)
        for line in report.assembled.skipped:
            typer.echo(f"pominięto: {line}", err=True)
        if report.file and not report.sent:
            typer.echo(
                f"Paczka EPU do ręcznego wysłania w portalu e-Sąd: {report.file} "
                f"({lawsuits_count(len(report.assembled.filings))}, oznaczenie {report.label})"
            )
            typer.echo(
                "Brak danych dostępu do e-Sądu (" + ", ".join(ESAD_VARIABLES) + "): po "
                "wysłaniu zapisz wniesienie każdej sprawy ręcznie: "
                "handoff cases file REF --on DATA"
            )
        elif report.sent:
            count = lawsuits_count(len(report.lawsuits))
            typer.echo(
                f"Wysłano do e-Sądu paczkę {report.label} ({count}); zachowano: {report.file}"
            )
            if report.message:
                typer.echo(f"e-Sąd: {report.message}")
            for outcome in report.lawsuits:
                typer.echo(outcome.line())
    if not report.assembled.filings:
        if not polled and not orders:
            say("żadna zatwierdzona sprawa nie kwalifikuje się do EPU w tym dniu")
            raise typer.Exit(1)
        return
    if report.sent and not any(o.status == "accepted" for o in report.lawsuits):
        raise typer.Exit(1)
