"""Running `handoff` in process for the casework tests: a command that must succeed, and one
that must be refused with exactly one Polish ``Błąd: ...`` line, exit 2 and no traceback."""

from __future__ import annotations

from typer.testing import CliRunner

from cli.main import app

runner = CliRunner()


def ok(*args: str) -> str:
    """stdout of ``handoff ARGS``, which must exit 0."""
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def refused(*args: str) -> str:
    """The one error line of ``handoff ARGS``, which must be refused (exit 2)."""
    result = runner.invoke(app, list(args))
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Błąd: "), result.stderr
    assert "Traceback" not in result.output
    return lines[0]
