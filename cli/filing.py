"""``handoff cases file`` and ``handoff cases correct``: the filing of the pozew and an
explicit backwards correction of a case's stage (both ``casework``; registered on
``handoff cases`` by ``cli.cases``). Refusals are one Polish line and exit status 2."""

from __future__ import annotations

import getpass
import json
from typing import Annotated

import typer

from cli.errors import day_option, refuse
from config import Settings, firm_today

MAX_SIGNATURE = 100
MAX_COURT = 200
MAX_REASON = 2000


def _actor(value: str | None) -> str:
    return value or getpass.getuser()


def file_case(
    ref: Annotated[str, typer.Argument(help="Case reference (or #<case id>).")],
    on: Annotated[str, typer.Option("--on", help="Filing day, YYYY-MM-DD.")],
    court: Annotated[
        str | None, typer.Option("--court", help="The court (default: the one the draft names).")
    ] = None,
    signature: Annotated[str, typer.Option("--signature", help="Sygnatura akt, if known.")] = "",
    mode: Annotated[
        str | None,
        typer.Option("--mode", help="paper | portal (default: portal for EPU, else paper)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    actor: Annotated[str | None, typer.Option("--as", help="Who acts (default: $USER).")] = None,
) -> None:
    """Record the filing of an approved case's pozew; the case moves to 'filed'."""
    from casework import Refused
    from casework.filing import MODES
    from casework.filing import file_case as record_filing
    from store.db import open_store

    today = firm_today()
    day = day_option(
        on, "--on", latest=(today, f"data wniesienia nie może być w przyszłości (dziś {today})")
    )
    if mode is not None and mode not in MODES:
        refuse(f"--mode: {mode!r} - dozwolone: {', '.join(MODES)}")
    if len(signature) > MAX_SIGNATURE:
        refuse(f"--signature: najwyżej {MAX_SIGNATURE} znaków (jest {len(signature)})")
    if court is not None and len(court) > MAX_COURT:
        refuse(f"--court: najwyżej {MAX_COURT} znaków (jest {len(court)})")
    settings = Settings.from_env()
    engine = open_store(settings.database_url)
    try:
        outcome = record_filing(
            engine,
            ref,
            day,
            today=today,
            actor=_actor(actor),
            court=court,
            signature=signature.strip(),
            mode=mode,
            roots=[settings.documents_dir, settings.home],
        )
    except Refused as exc:
        refuse(str(exc))
    finally:
        engine.dispose()
    if as_json:
        step = outcome.step
        typer.echo(
            json.dumps(
                {
                    "case": outcome.case_ref,
                    "recorded": outcome.recorded,
                    "stage_before": outcome.stage_before,
                    "stage": outcome.stage_after,
                    "filed_on": step.occurred_on.isoformat(),
                    "court": step.court,
                    "signature": step.signature,
                    "mode": step.mode,
                    "article": step.cites,
                    "limitation_deadlines_ended": outcome.limitation_changes,
                },
                ensure_ascii=False,
            )
        )
        return
    typer.echo(outcome.summary())


def correct_stage(
    ref: Annotated[str, typer.Argument(help="Case reference (or #<case id>).")],
    to: Annotated[str, typer.Option("--to", help="The earlier stage the case goes back to.")],
    reason: Annotated[str, typer.Option("--reason", help="Why (kept in the audit log).")],
    actor: Annotated[str | None, typer.Option("--as", help="Who acts (default: $USER).")] = None,
) -> None:
    """Move a case back to an earlier stage (a correction, with a reason; audited)."""
    from casework import Refused
    from casework.correction import correct_stage as correct
    from law.stages import Stage
    from store.db import open_store, session_scope
    from store.deadlines import DeadlineStoreError

    try:
        target = Stage(to)
    except ValueError:
        refuse(f"--to: {to!r} - dozwolone: {', '.join(s.value for s in Stage)}")
    if len(reason) > MAX_REASON:
        refuse(f"--reason: najwyżej {MAX_REASON} znaków (jest {len(reason)})")
    engine = open_store(Settings.from_env().database_url)
    try:
        with session_scope(engine) as session:
            outcome = correct(session, ref, target, reason, today=firm_today(), actor=_actor(actor))
    except Refused as exc:
        refuse(str(exc))
    except DeadlineStoreError as exc:
        from cli.events import store_refusal

        refuse(store_refusal(exc))
    finally:
        engine.dispose()
    typer.echo(outcome.summary())
