"""``handoff users add|passwd|deactivate|list``: accounts, password rules, Polish errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from cli.main import app
from store.accounts import password_problem
from store.db import open_store
from store.review import authenticate
from store.tables import AuditLog

runner = CliRunner()


def env(tmp_path: Path) -> dict[str, str]:
    return {
        "HANDOFF_HOME": str(tmp_path),
        "HANDOFF_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
    }


def test_users_add_from_stdin_and_list(tmp_path: Path) -> None:
    e = env(tmp_path)
    result = runner.invoke(
        app,
        ["users", "add", "pawel", "--role", "partner", "--password-stdin", "--name", "Paweł N."],
        input="bardzo-tajne-1\n",
        env=e,
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        app, ["users", "add", "ania", "--role", "paralegal", "--password", "inne-haslo-2"], env=e
    )
    assert result.exit_code == 0, result.output
    listed = runner.invoke(app, ["users", "list", "--json"], env=e)
    assert listed.exit_code == 0
    users = json.loads(listed.stdout)
    assert [(u["username"], u["role"]) for u in users] == [
        ("ania", "paralegal"),
        ("pawel", "partner"),
    ]
    assert "hash" not in listed.stdout
    engine = open_store(e["HANDOFF_DATABASE_URL"])
    with Session(engine) as session:
        assert authenticate(session, "pawel", "bardzo-tajne-1") is not None
        assert authenticate(session, "pawel", "bardzo-tajne-1\n") is None
    engine.dispose()


def test_users_add_refuses_bad_input(tmp_path: Path) -> None:
    e = env(tmp_path)
    bad_role = runner.invoke(
        app, ["users", "add", "x", "--role", "boss", "--password", "dlugie-haslo-77"], env=e
    )
    assert bad_role.exit_code == 2 and "nieznana rola" in bad_role.output
    short = runner.invoke(
        app, ["users", "add", "x", "--role", "partner", "--password", "krotkie-1"], env=e
    )
    assert short.exit_code == 2 and "co najmniej 12 znaków" in short.output
    assert "Traceback" not in short.output
    ok = ["users", "add", "x", "--role", "partner", "--password", "dlugie-haslo-77"]
    assert runner.invoke(app, ok, env=e).exit_code == 0
    dup = runner.invoke(app, ok, env=e)
    assert dup.exit_code == 2 and "już istnieje" in dup.output


@pytest.mark.parametrize(
    ("username", "password", "expected"),
    [
        ("pawel", "krotkie-1", "co najmniej 12 znaków"),  # 9 characters
        ("pawel", "pawel-ma-dlugie-haslo", "nazwy użytkownika"),
        ("pawel", "Password1234", "zbyt popularne"),
        ("pawel", "qwerty123456", "zbyt popularne"),
        ("pawel", "aaaaaaaaaaaaaaaa", "zbyt popularne"),  # 16 characters, 1 distinct
    ],
)
def test_password_rules(username: str, password: str, expected: str) -> None:
    problem = password_problem(username, password)
    assert problem is not None and expected in problem
    assert password_problem(username, "Zielony-Kot-Skacze-7") is None


def test_users_passwd_deactivate_and_list(tmp_path: Path) -> None:
    e = env(tmp_path)
    add = ["users", "add", "pawel", "--role", "partner", "--password-stdin"]
    assert runner.invoke(app, add, input="stare-haslo-123\n", env=e).exit_code == 0
    passwd = ["users", "passwd", "pawel", "--password-stdin"]
    weak = runner.invoke(app, passwd, input="krotkie\n", env=e)
    assert weak.exit_code == 2 and "co najmniej 12 znaków" in weak.output
    changed = runner.invoke(app, passwd, input="nowe-haslo-456\n", env=e)
    assert changed.exit_code == 0, changed.output
    assert "Zmieniono hasło" in changed.output
    unknown = runner.invoke(
        app, ["users", "passwd", "nikt", "--password-stdin"], input="x\n", env=e
    )
    assert unknown.exit_code == 2 and "Nie ma użytkownika nikt" in unknown.output
    engine = open_store(e["HANDOFF_DATABASE_URL"])
    with Session(engine) as session:
        assert authenticate(session, "pawel", "stare-haslo-123") is None
        assert authenticate(session, "pawel", "nowe-haslo-456") is not None
    off = runner.invoke(app, ["users", "deactivate", "pawel"], env=e)
    assert off.exit_code == 0 and "wyłączone" in off.output
    with Session(engine) as session:
        assert authenticate(session, "pawel", "nowe-haslo-456") is None
        actions = [a.action for a in session.exec(select(AuditLog)).all()]
    engine.dispose()
    assert {"user_password_changed", "user_deactivated"} <= set(actions)
    assert runner.invoke(app, ["users", "deactivate", "nikt"], env=e).exit_code == 2
    listed = json.loads(runner.invoke(app, ["users", "list", "--json"], env=e).stdout)
    assert [(u["username"], u["active"]) for u in listed] == [("pawel", False)]
    table = runner.invoke(app, ["users", "list"], env=e)
    assert table.exit_code == 0 and "pawel" in table.output and "nie" in table.output
