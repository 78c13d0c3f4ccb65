"""The ``handoff`` command line."""

import typer

from cli.batch import demo, import_cases, run_app
from cli.calc import calc_app
from cli.cases import cases_app
from cli.deadlines import deadlines_app
from cli.epu import epu_app
from cli.events import events_app
from cli.rates import rates_app
from cli.review import review_app, users_app

app = typer.Typer(no_args_is_help=True, help="Court-stage debt collection for Polish law firms.")
app.add_typer(calc_app, name="calc")
app.command("demo")(demo)
app.add_typer(run_app, name="run")
app.command("import")(import_cases)
app.add_typer(cases_app, name="cases")
app.add_typer(review_app, name="review")
app.add_typer(users_app, name="users")
app.add_typer(deadlines_app, name="deadlines")
app.add_typer(epu_app, name="epu")
app.add_typer(events_app, name="event")
app.add_typer(rates_app, name="rates")


def main() -> None:
    """Entry point: usage errors are one line on stderr with exit status 2 (no usage box)."""
    import sys

    # typer vendors click; its exception classes are reached through the public ones.
    usage_error = typer.BadParameter.__mro__[1]  # UsageError
    click_exception = typer.BadParameter.__mro__[2]  # ClickException

    from cli.errors import INTERRUPTED, INTERRUPTED_LINE, guard, say, usage_line

    def run() -> object:
        try:
            result = app(standalone_mode=False)
        except usage_error as exc:  # type: ignore[misc]
            say(usage_line(exc))
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
