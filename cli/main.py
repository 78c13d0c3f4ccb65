"""The ``handoff`` command line."""

import typer

from cli.batch import demo, run_app
from cli.calc import calc_app
from cli.review import review_app, users_app

app = typer.Typer(no_args_is_help=True, help="Court-stage debt collection for Polish law firms.")
app.add_typer(calc_app, name="calc")
app.command("demo")(demo)
app.add_typer(run_app, name="run")
app.add_typer(review_app, name="review")
app.add_typer(users_app, name="users")
