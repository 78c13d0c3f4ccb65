"""``esad_sync``: every working day, import the court stage of the filed EPU cases.

Deployment ``esad-sync`` in prefect.yaml (working days 06:45 Europe/Warsaw, shipped
inactive: activate it once the firm's e-Sąd account is in the workers' environment). A thin
flow over ``casework.esad_sync.sync_cases`` (``handoff epu sync`` runs the same without
Prefect): one task reads e-Sąd and records what is new, one publishes the new entries as the
table artifact ``esad-sync``. Without the three ``HANDOFF_ESAD_*`` variables the run does
nothing and says so (a warning, not a failure); when e-Sąd fails, what was recorded before
stays, the artifact shows it and the run fails with the Polish line.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NONE

from casework.esad_sync import SyncFailed, SyncReport, reading_label, sync_cases
from config import Settings, firm_today
from store.db import open_store

ARTIFACT_KEY = "esad-sync"
ACTOR = "esad-sync"
VARIABLES = ("HANDOFF_ESAD_LOGIN", "HANDOFF_ESAD_PASSWORD", "HANDOFF_ESAD_API_KEY")


@task(cache_policy=NONE)
def sync_task(engine: sa.Engine, settings: Settings, today: date) -> tuple[SyncReport, str]:
    """The sync's report and, when e-Sąd failed part-way, the Polish line ("" otherwise)."""
    import httpx

    from integrations.esad import Credentials, EsadClient
    from integrations.http import new_client

    assert settings.esad_login and settings.esad_password and settings.esad_api_key
    credentials = Credentials(settings.esad_login, settings.esad_password, settings.esad_api_key)
    http = new_client(timeout=httpx.Timeout(settings.esad_timeout, connect=10.0))
    try:
        client = EsadClient(http, credentials, url=settings.esad_url)
        report = sync_cases(
            engine, client, today=today, actor=ACTOR, documents_dir=settings.documents_dir
        )
    except SyncFailed as exc:  # a value, not an exception, across the task boundary
        return exc.report, str(exc)
    finally:
        http.close()
    return report, ""


@task(cache_policy=NONE)
def publish_task(report: SyncReport, today: date, failure: str = "") -> None:
    rows = [
        {
            "sprawa": ref,
            "dzień": entry.on.isoformat(),
            "wpis e-Sądu": entry.text,
            "odczytano jako": reading_label(entry.kind) or "-",
            "wynik": entry.status,
            "uwagi": entry.note,
        }
        for ref, entry in report.entries(
            "recorded", "already", "refused", "unknown", "noted", "unresolved"
        )
        if entry.new
    ]
    summary = report.as_json()
    create_table_artifact(
        key=ARTIFACT_KEY,
        table=rows,
        description=(
            f"# e-Sąd {today.isoformat()}\n"
            f"Spraw sprawdzono {len(report.cases)}, zapisano zdarzeń {summary['recorded']}, "
            f"nierozpoznanych wpisów {len(summary['unknown'])}, dokumentów sądu "
            f"{summary['documents_stored']}." + (f"\n\n**Błąd:** {failure}" if failure else "")
        ),
    )


@flow(name="esad_sync", log_prints=False)
def esad_sync(today: date | None = None, database_url: str | None = None) -> dict[str, object]:
    """Import the court stage of the filed EPU cases from e-Sąd (see the module docstring)."""
    settings = Settings.from_env()
    logger = get_run_logger()
    values = (settings.esad_login, settings.esad_password, settings.esad_api_key)
    missing = [name for name, value in zip(VARIABLES, values, strict=True) if not value]
    if missing:
        message = f"brak {', '.join(missing)}: e-Sądu nie sprawdzono"
        logger.warning("esad_sync: %s", message)
        return {"skipped": message}
    day = today or firm_today()
    engine = open_store(database_url or settings.database_url)
    try:
        report, failure = sync_task(engine, settings, day)
        publish_task(report, day, failure)
        if failure:
            raise RuntimeError(failure)  # the run fails; what was recorded stays
        summary = report.as_json()
        logger.info(
            "esad_sync: %d cases, %d events recorded, %d unknown entries",
            len(report.cases),
            summary["recorded"],
            len(summary["unknown"]),
        )
        return summary
    finally:
        engine.dispose()
