"""``handoff epu sync``: import what e-Sąd says of our filed EPU cases
(``casework.esad_sync``; registered on ``handoff epu`` by ``cli.epu``).

Needs ``HANDOFF_ESAD_LOGIN``, ``HANDOFF_ESAD_PASSWORD`` and ``HANDOFF_ESAD_API_KEY`` (as
``handoff epu submit``); without them one Polish line names the missing ones. Each history
entry, payment order and delivery is recorded once as a court event through the lifecycle,
the order's document kept as a case document; an entry not understood is kept and listed.

Exit status: 0 the sync ran (the lines say what it recorded); 2 bad input or e-Sąd failed
(one Polish line; what was recorded before the failure stays, a re-run goes on).
"""

from __future__ import annotations

import getpass
import json
from typing import Annotated

import typer

from cli.epu_submit import ESAD_VARIABLES
from cli.errors import refuse, say
from config import Settings, firm_today


def sync(
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON summary.")] = False,
    actor: Annotated[str | None, typer.Option("--as", help="Who acts (default: $USER).")] = None,
) -> None:
    """Import the e-Sąd history, payment orders and deliveries of the filed EPU cases."""
    import httpx

    from casework.esad_sync import SyncFailed, sync_cases
    from integrations.esad import Credentials, EsadClient
    from integrations.http import new_client
    from store.db import open_store

    settings = Settings.from_env()
    values = (settings.esad_login, settings.esad_password, settings.esad_api_key)
    missing = [name for name, value in zip(ESAD_VARIABLES, values, strict=True) if not value]
    if missing:
        refuse(f"brak {', '.join(missing)}: bez dostępu do e-Sądu nie można pobrać historii spraw")
    login, password, key = values
    assert login and password and key
    today = firm_today()
    who = actor or getpass.getuser()
    engine = open_store(settings.database_url)
    http = new_client(timeout=httpx.Timeout(settings.esad_timeout, connect=10.0))
    client = EsadClient(http, Credentials(login, password, key), url=settings.esad_url)
    try:
        report = sync_cases(
            engine, client, today=today, actor=who, documents_dir=settings.documents_dir
        )
    except SyncFailed as exc:
        if as_json:
            typer.echo(json.dumps(exc.report.as_json(), ensure_ascii=False, indent=2))
        refuse(str(exc))
    finally:
        http.close()
        engine.dispose()

    if as_json:
        typer.echo(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
        return
    for line in report.skipped:
        say(f"pominięto: {line}")
    if not report.cases:
        typer.echo("Brak spraw EPU wniesionych przez e-Sąd do sprawdzenia.")
        return
    for case in report.cases:
        sig = f" (sygn. {case.signature})" if case.signature else ""
        head = f"{case.case_ref}{sig}"
        if case.note:
            typer.echo(f"{head}: {case.note}")
            continue
        fresh = [e for e in case.entries if e.new]
        if not fresh and not any(d.stored for d in case.documents):
            typer.echo(f"{head}: bez nowych wpisów")
        for entry in fresh:
            typer.echo(entry.line(case.case_ref))
        for doc in case.documents:
            if doc.stored:
                typer.echo(
                    f"{case.case_ref}: zachowano dokument sądu {doc.path} (SHA-256 {doc.sha256})"
                )
    recorded = len(report.entries("recorded"))
    unknown = [e for _, e in report.entries("unknown") if e.new]
    typer.echo(f"Zapisano zdarzeń: {recorded}; nierozpoznanych wpisów: {len(unknown)}.")
