"""The ``intake`` flow: import a creditor's batch into the case store, draft nothing.

For a firm that takes batches in during the day and drafts them later (the ``handoff``
deployment with ``batch_id``, or the next full handoff run). Rejected cases are listed with
their reasons in a table artifact; the logs carry counts and case references only.
"""

from __future__ import annotations

from typing import Any

from prefect import flow, get_run_logger
from prefect.artifacts import create_table_artifact

from config import Settings
from flows.handoff import intake_task


@flow(name="intake")
def intake(source: str, creditor_file: str | None = None) -> dict[str, Any]:
    """Import ``source`` (a folder of case folders or a CSV export); returns the counts."""
    logger = get_run_logger()
    settings = Settings.from_env()
    report = intake_task(source, settings.database_url, creditor_file)
    logger.info(
        "intake batch %s: %s imported (%s new, %s changed, %s unchanged), %s rejected",
        report["batch_id"],
        report["imported"],
        report["created"],
        report["updated"],
        report["unchanged"],
        report["rejected"],
    )
    if report["rejections"]:
        create_table_artifact(
            key=f"intake-batch-{report['batch_id']}-rejected",
            table=[
                {"case": r["external_ref"] or r["source"], "reason": r["reason"]}
                for r in report["rejections"]
            ],
            description="Sprawy odrzucone przy imporcie",
        )
    return report
