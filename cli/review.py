"""``handoff review serve`` and ``handoff users``: the partner review page and its accounts.

Both read the store from ``HANDOFF_DATABASE_URL`` (default: ``$HANDOFF_HOME/handoff.db``).
``serve`` signs sessions with ``HANDOFF_REVIEW_SECRET`` or, when it is unset, with a random
secret created once per installation in ``$HANDOFF_HOME/review-secret`` (mode 0600); it
listens on 127.0.0.1 unless told otherwise and answers only the host names in
``HANDOFF_REVIEW_HOSTS`` (default: loopback). ``users add|passwd|deactivate|list`` manage
the accounts; a password change or deactivation signs the user out everywhere at once.
"""

from __future__ import annotations

import ipaddress
import json
import re
import sys

import typer
from rich.markup import escape

from config import Settings
from store.review import ROLES

# one @, no spaces, a dot in the domain: enough to catch a typo before mail goes nowhere
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")

review_app = typer.Typer(no_args_is_help=True, help="The partner review web page.")
users_app = typer.Typer(no_args_is_help=True, help="Accounts for the review page.")


def _fail(message: str) -> typer.Exit:
    """Print one Polish line to stderr; the caller raises the returned exit (code 2)."""
    typer.echo(f"Błąd: {message}", err=True)
    return typer.Exit(code=2)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_listen(host: str, port: int) -> None:
    """Refuse (exit 2) an address this machine cannot listen on, before the app starts."""
    import socket

    from cli.errors import os_reason, refuse

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        refuse(f"--host: nie znam adresu {host!r}")
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            message = f"--host/--port: nie można nasłuchiwać na {host}:{port} ({os_reason(exc)})"
        else:
            return
    refuse(message)


@review_app.command("serve")
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8765, min=1, max=65535, help="Port to listen on."),
) -> None:
    """Start the review page (Ctrl+C stops it)."""
    _check_listen(host, port)  # bad --host/--port: one line, before any other output
    import uvicorn

    from review.app import create_app
    from review.secret import SecretError

    settings = Settings.from_env()
    if not _is_loopback(host) and not settings.review_hosts:
        typer.echo(
            "Uwaga: strona odpowiada tylko pod adresami 127.0.0.1/localhost; ustaw "
            "HANDOFF_REVIEW_HOSTS (np. review.kancelaria.local), aby otworzyć ją z sieci.",
            err=True,
        )
    try:
        app = create_app(settings)
    except SecretError as exc:
        raise _fail(str(exc)) from exc
    from sqlalchemy.engine import make_url

    store = make_url(settings.database_url).render_as_string(hide_password=True)
    typer.echo(f"Strona akceptacji: http://{host}:{port}/  (baza spraw: {store})")
    uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=False)


def _read_password(password: str | None, password_stdin: bool) -> str:
    if password is not None and password_stdin:
        raise _fail("podaj albo --password, albo --password-stdin, nie oba.")
    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if password is not None:
        return password
    if sys.stdin.isatty():
        return str(typer.prompt("Hasło", hide_input=True, confirmation_prompt=True))
    raise _fail("podaj --password-stdin albo --password.")


@users_app.command("add")
def add_user(
    username: str = typer.Argument(..., help="Sign-in name, e.g. jkowalski."),
    role: str = typer.Option(..., help="paralegal, partner or admin."),
    password: str | None = typer.Option(
        None, help="The password (visible in shell history: prefer --password-stdin)."
    ),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read it from stdin."),
    email: str | None = typer.Option(None, help="E-mail address for notifications."),
    name: str = typer.Option("", help="Full name shown on the page."),
) -> None:
    """Create a user who can sign in to the review page."""
    from store.accounts import AccountError, create_user
    from store.db import open_store, session_scope

    if role not in ROLES:
        raise _fail(f"nieznana rola {role!r}: użyj jednej z {', '.join(sorted(ROLES))}.")
    if email is not None and not EMAIL.fullmatch(email):
        raise _fail(f"--email: {email!r} nie jest adresem e-mail (np. anna@kancelaria.pl).")
    secret = _read_password(password, password_stdin)
    engine = open_store(Settings.from_env().database_url)
    try:
        with session_scope(engine) as session:
            create_user(session, username, role, secret, full_name=name, email=email)
    except AccountError as exc:
        raise _fail(str(exc)) from exc
    finally:
        engine.dispose()
    typer.echo(f"Utworzono użytkownika {username} ({role}).")


@users_app.command("passwd")
def change_password(
    username: str = typer.Argument(..., help="Whose password to change."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read it from stdin."),
) -> None:
    """Set a new password; every open session of the user ends at once."""
    from store.accounts import AccountError, set_password
    from store.db import open_store, session_scope

    secret = _read_password(None, password_stdin)
    engine = open_store(Settings.from_env().database_url)
    try:
        with session_scope(engine) as session:
            ended = set_password(session, username, secret)
    except AccountError as exc:
        raise _fail(str(exc)) from exc
    finally:
        engine.dispose()
    typer.echo(f"Zmieniono hasło użytkownika {username}; zakończone sesje: {ended}.")


@users_app.command("deactivate")
def deactivate(username: str = typer.Argument(..., help="Whose account to deactivate.")) -> None:
    """Deactivate an account: it can no longer sign in and its sessions end at once."""
    from store.accounts import AccountError, deactivate_user
    from store.db import open_store, session_scope

    engine = open_store(Settings.from_env().database_url)
    try:
        with session_scope(engine) as session:
            ended = deactivate_user(session, username)
    except AccountError as exc:
        raise _fail(str(exc)) from exc
    finally:
        engine.dispose()
    typer.echo(f"Konto {username} wyłączone; zakończone sesje: {ended}.")


@users_app.command("list")
def list_users_cmd(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List the review page's users (never their password hashes)."""
    from rich.console import Console
    from rich.table import Table

    from store.db import open_store
    from store.review import list_users

    engine = open_store(Settings.from_env().database_url)
    try:
        from sqlmodel import Session

        with Session(engine) as session:
            users = [
                {
                    "username": u.username,
                    "role": u.role,
                    "name": u.full_name,
                    "email": u.email,
                    "active": u.active,
                }
                for u in list_users(session)
            ]
    finally:
        engine.dispose()
    if as_json:
        typer.echo(json.dumps(users, ensure_ascii=False))
        return
    table = Table("użytkownik", "rola", "imię i nazwisko", "e-mail", "aktywne")
    for u in users:
        table.add_row(
            escape(u["username"]),
            u["role"],
            escape(u["name"]),
            escape(u["email"] or ""),
            "tak" if u["active"] else "nie",
        )
    Console().print(table)
