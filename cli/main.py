"""The ``handoff`` command line.

Each command group lives in its own module and is imported only when it runs: ``handoff
cases list`` imports the store, never Prefect or the document stack (start-up is most of a
read-only command's time). ``app`` (what tests and ``handoff --help`` use) is the whole tree.
"""

import importlib
import sys
from typing import Any

import typer

# name -> (module, attribute, "group" for a typer sub-app / "command"), in --help order
COMMANDS: dict[str, tuple[str, str, str]] = {
    "calc": ("cli.calc", "calc_app", "group"),
    "demo": ("cli.batch", "demo", "command"),
    "run": ("cli.batch", "run_app", "group"),
    "import": ("cli.batch", "import_cases", "command"),
    "cases": ("cli.cases", "cases_app", "group"),
    "review": ("cli.review", "review_app", "group"),
    "users": ("cli.review", "users_app", "group"),
    "deadlines": ("cli.deadlines", "deadlines_app", "group"),
    "epu": ("cli.epu", "epu_app", "group"),
    "event": ("cli.events", "events_app", "group"),
    "rates": ("cli.rates", "rates_app", "group"),
    "server": ("cli.server", "server_app", "group"),
    "portfolio": ("cli.portfolio", "portfolio", "command"),
    "payments": ("cli.payments", "payments_app", "group"),
    "letters": ("cli.letters", "letters_app", "group"),
    "enforcement": ("cli.enforcement", "enforcement_app", "group"),
    "ksef": ("cli.ksef", "ksef_app", "group"),
    "settlements": ("cli.settlements", "settlements_app", "group"),
}


def _root() -> None:
    """Court-stage debt collection for Polish law firms."""


def build_app(only: str | None = None) -> typer.Typer:
    """The command tree; with ``only``, just that command (the one being run)."""
    tree = typer.Typer(no_args_is_help=True, help=_root.__doc__)
    tree.callback()(_root)  # a group even when it holds one command
    for name, (module, attribute, kind) in COMMANDS.items():
        if only is not None and name != only:
            continue
        target = getattr(importlib.import_module(module), attribute)
        if kind == "group":
            tree.add_typer(target, name=name)
        else:
            tree.command(name)(target)
    return tree


def __getattr__(name: str) -> Any:
    if name == "app":  # the whole tree, built on first use
        value = build_app()
        globals()["app"] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Entry point: usage errors are one line on stderr with exit status 2 (no usage box)."""
    # typer vendors click; its exception classes are reached through the public ones.
    usage_error = typer.BadParameter.__mro__[1]  # UsageError
    click_exception = typer.BadParameter.__mro__[2]  # ClickException

    from cli.errors import INTERRUPTED, INTERRUPTED_LINE, guard, say, usage_line

    def run() -> object:
        try:
            first = sys.argv[1] if len(sys.argv) > 1 else None
            tree = build_app(first if first in COMMANDS else None)
            result = tree(standalone_mode=False)
        except usage_error as exc:  # type: ignore[misc]
            if line := usage_line(exc):  # empty: no arguments, the help was printed instead
                say(line)
            return 2
        except click_exception as exc:  # type: ignore[misc]
            say(exc.format_message())
            return exc.exit_code
        except typer.Abort:
            print("Przerwano.", file=sys.stderr)
            return 1
        if result == INTERRUPTED:  # typer turns Ctrl+C into exit status 130, silently
            print(INTERRUPTED_LINE, file=sys.stderr)
        return result

    # anything else (Ctrl+C outside typer, an unreachable store, a bug): one line, no traceback
    guard(run)
