"""``handoff users add|list`` and ``handoff review serve`` argument checks."""

from __future__ import annotations

import json
from pathlib import Path

from sqlmodel import Session
from typer.testing import CliRunner

from cli.main import app
from store.db import open_store
from store.review import authenticate

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
        app, ["users", "add", "x", "--role", "boss", "--password", "12345678"], env=e
    )
    assert bad_role.exit_code == 2
    short = runner.invoke(
        app, ["users", "add", "x", "--role", "partner", "--password", "krotkie"], env=e
    )
    assert short.exit_code == 2 and "8 characters" in short.output
    runner.invoke(app, ["users", "add", "x", "--role", "partner", "--password", "12345678"], env=e)
    dup = runner.invoke(
        app, ["users", "add", "x", "--role", "partner", "--password", "12345678"], env=e
    )
    assert dup.exit_code == 2 and "already exists" in dup.output


def test_serve_refuses_public_address_with_default_secret(tmp_path: Path) -> None:
    result = runner.invoke(app, ["review", "serve", "--host", "0.0.0.0"], env=env(tmp_path))
    assert result.exit_code == 2
    assert "HANDOFF_REVIEW_SECRET" in result.output
