"""``handoff server``: the local Prefect server the command line reuses on the embedded default.

Without a configured Prefect server (no ``PREFECT_API_URL``) the commands that run flows
(``run batch``, ``demo``, ``deadlines check``) start a local Prefect server under
``$HANDOFF_HOME/prefect`` on first use and reuse it afterwards, so only the first command
pays Prefect's start-up (flows/embedded.py). It stops itself after an hour without
requests; ``handoff server stop`` stops it now. Nothing here imports Prefect.
"""

from __future__ import annotations

import json
import time
from typing import Annotated

import typer

from config import Settings

server_app = typer.Typer(
    no_args_is_help=True, help="The local Prefect server of the embedded default."
)


def _describe(pid: int, url: str, started_at: float) -> str:
    minutes = max(0, int((time.time() - started_at) // 60))
    return f"{url} (pid {pid}, działa od {minutes} min)"


@server_app.command("status")
def status(
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Whether the local Prefect server of this HANDOFF_HOME runs (exit 1 when it does not)."""
    from flows.embedded import running_server, server_dir

    home = Settings.from_env().home
    state = running_server(home)
    if as_json:
        payload = {"running": state is not None, "directory": str(server_dir(home))}
        if state is not None:
            payload.update(url=state.url, pid=state.pid, prefect_version=state.prefect_version)
        typer.echo(json.dumps(payload, ensure_ascii=False))
    elif state is None:
        typer.echo(f"Lokalny serwer Prefect nie działa ({server_dir(home)}).")
    else:
        typer.echo(f"Lokalny serwer Prefect: {_describe(state.pid, state.url, state.started_at)}")
    if state is None:
        raise typer.Exit(code=1)


@server_app.command("start")
def start() -> None:
    """Start the local Prefect server now (the first flow command would start it anyway)."""
    from flows.embedded import LocalServerError, start_local_server

    try:
        state = start_local_server(Settings.from_env().home)
    except LocalServerError as exc:
        typer.echo(f"Błąd: {exc}", err=True)
        raise typer.Exit(code=1) from None
    typer.echo(f"Lokalny serwer Prefect: {_describe(state.pid, state.url, state.started_at)}")


@server_app.command("stop")
def stop() -> None:
    """Stop the local Prefect server of this HANDOFF_HOME (nothing to do when none runs)."""
    from flows.embedded import stop_local_server

    state = stop_local_server(Settings.from_env().home)
    if state is None:
        typer.echo("Lokalny serwer Prefect nie działał.")
    else:
        typer.echo(f"Zatrzymano lokalny serwer Prefect (pid {state.pid}).")


def local_prefect() -> None:
    """Before a command runs a flow: use the local server (started if needed) unless a
    Prefect server is configured; a server that cannot start is one line, exit 1."""
    from flows.embedded import LocalServerError, use_local_server

    try:
        use_local_server(Settings.from_env().home)
    except LocalServerError as exc:
        typer.echo(f"Błąd: {exc}", err=True)
        raise typer.Exit(code=1) from None
