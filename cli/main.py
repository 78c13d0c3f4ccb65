"""The ``handoff`` command line."""

import typer

from cli.batch import demo, import_cases, run_app
from cli.calc import calc_app
from cli.cases import cases_app
from cli.deadlines import deadlines_app
from cli.events import events_app
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
app.add_typer(events_app, name="event")
