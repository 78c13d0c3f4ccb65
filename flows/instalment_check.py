"""``instalment_check``: every working day, check each instalment plan and warn once.

Scheduled on working days at 07:00 Europe/Warsaw (deployment ``instalment-check`` in
prefect.yaml). A thin flow over ``casework.instalment_check``: check the plans (a broken
plan is marked and its case returned to its court track; a fulfilled one closed as paid),
then warn each person once per missed instalment and broken plan (``store.notifications``
keys, the deadline warnings' claim-then-send protocol), and publish a table artifact
``instalment-check``. ``handoff settlements check`` runs the same steps without Prefect.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NONE

from casework import Refused
from casework.enforcement import ClauseDrafting
from casework.instalment_check import (
    InstalmentCheck,
    Warning,
    broken_plans,
    plan_warnings,
    send_warnings,
)
from casework.settlements import PlanCheck, check_plans
from config import Settings, firm_today
from flows.deadline_check import Channels
from store.db import open_store

ARTIFACT_KEY = "instalment-check"


@task(cache_policy=NONE)
def check_task(engine: sa.Engine, today: date, clause: ClauseDrafting | None = None) -> PlanCheck:
    return check_plans(engine, today=today, actor="instalment-check", clause=clause)


@task(cache_policy=NONE)
def plan_task(engine: sa.Engine, plans: PlanCheck) -> list[Warning]:
    return plan_warnings(engine, [*plans.missed, *broken_plans(engine)])


@task(cache_policy=NONE)
def send_task(
    engine: sa.Engine, warnings: list[Warning], channels: Channels, result: InstalmentCheck
) -> InstalmentCheck:
    return send_warnings(
        engine,
        warnings,
        today=result.today,
        smtp=channels.smtp,
        webhook_url=channels.webhook_url,
        webhook_secret=channels.webhook_secret,
        result=result,
    )


@task(cache_policy=NONE)
def publish_task(result: InstalmentCheck) -> None:
    s = result.summary()
    create_table_artifact(
        key=ARTIFACT_KEY,
        table=result.rows,
        description=(
            f"# Raty na {result.today.isoformat()}\n"
            f"Ugód sprawdzono {s['checked']}, rat zaległych {s['missed']}, niewykonanych "
            f"{len(s['broken'])}, wykonanych {len(s['fulfilled'])}; wysłano e-maili "
            f"{s['emails_sent']}, webhooków {s['webhooks_sent']}, już wysłane "
            f"{s['already_sent']}, błędy {s['failed']}, bez adresu {s['unroutable']}."
        ),
    )


def _clause_drafting(settings: Settings) -> ClauseDrafting | None:
    """A broken court settlement's clause application is drafted with the firm's profile;
    unreadable, the check's note names the command instead."""
    try:
        return ClauseDrafting.from_settings(settings)
    except Refused:
        return None


@flow(name="instalment_check", log_prints=False)
def instalment_check(
    today: date | None = None, database_url: str | None = None
) -> dict[str, object]:
    """Check every plan and warn once; ``today`` defaults to the date in Europe/Warsaw."""
    settings = Settings.from_env()
    day = today or firm_today()
    engine = open_store(database_url or settings.database_url)
    try:
        result = InstalmentCheck(day)
        result.plans = check_task(engine, day, _clause_drafting(settings))
        warnings = plan_task(engine, result.plans)
        result = send_task(engine, warnings, Channels.from_settings(settings), result)
        publish_task(result)
        get_run_logger().info("instalment_check %s", result.summary())
        return result.summary()
    finally:
        engine.dispose()
