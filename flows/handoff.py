"""The ``handoff`` flow: a creditor's batch from intake to drafts waiting for partner review.

Reads like a table of contents:

1. ``intake``       import the batch (case folders or CSV); bad cases are rejected with
                    their reasons, good ones stored;
2. ``draft-chunk``  per chunk of cases (one Prefect task per chunk, not per case): registry
                    check, evidence check, claim computation, drafts rendered and stored;
3. report           a table artifact (case, outcome, reason) and a markdown summary;
4. review           optionally wait for the partners' decisions (pause / resume with input).

Settings come from the environment at this entry point (``config.Settings.from_env``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact

from config import Settings
from documents.firm import load_firm_profile
from flows import progress
from flows.case_pipeline import CaseOutcome, DraftingContext, draft_cases
from flows.registry_step import live_verifier
from intake.importer import Outcome, import_batch
from store.db import make_engine, open_store, session_scope
from store.drafting import draftable_case_ids
from store.review import apply_pending_decisions


def chunked(ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), max(1, size)):
        yield ids[start : start + size]


@task(name="intake")
def intake_task(source: str, database_url: str, creditor_file: str | None) -> dict[str, Any]:
    """Import the batch; returns counts, the batch id and every rejection with its reasons."""
    creditor = json.loads(Path(creditor_file).read_text("utf-8")) if creditor_file else None
    engine = open_store(database_url)
    seen = 0

    def tick(_outcome: object) -> None:
        nonlocal seen
        seen += 1
        progress.report("intake", seen, seen)

    try:
        report = import_batch(engine, source, creditor=creditor, progress=tick)
    finally:
        engine.dispose()
    return {
        "batch_id": report.batch_id,
        "imported": report.created + report.updated + report.unchanged,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "rejected": report.rejected,
        "case_ids": [o.case_id for o in report.outcomes if o.case_id is not None],
        "rejections": [
            {
                "source": o.source,
                "external_ref": o.external_ref,
                "reason": "; ".join(str(e) for e in o.errors),
            }
            for o in report.outcomes
            if o.outcome is Outcome.REJECTED
        ],
    }


@task(name="draft-chunk", retries=1, retry_delay_seconds=5)
def draft_chunk(
    case_ids: list[int], reference_date: date, settings: Settings
) -> list[dict[str, Any]]:
    """Draft a chunk of cases in this process; returns one row per case."""
    engine = make_engine(settings.database_url)
    ctx_args: dict[str, Any] = {
        "documents_dir": settings.documents_dir,
        "firm": load_firm_profile(settings.firm_file),
        "reference_date": reference_date,
    }
    try:
        if settings.registries == "live":
            with httpx.Client(timeout=15.0) as http:
                ctx = DraftingContext(**ctx_args, verifier=live_verifier(settings, http))
                outcomes = draft_cases(engine, case_ids, ctx)
        else:
            outcomes = draft_cases(engine, case_ids, DraftingContext(**ctx_args))
    finally:
        engine.dispose()
    return [o.row() for o in outcomes]


def _markdown(rows: list[dict[str, Any]], intake: dict[str, Any] | None) -> str:
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["outcome"]] = counts.get(r["outcome"], 0) + 1
    lines = ["# Handoff: wynik partii", ""]
    if intake:
        lines += [
            f"- przyjęte sprawy: {intake['imported']} (nowe {intake['created']}, "
            f"zmienione {intake['updated']}, bez zmian {intake['unchanged']})",
            f"- odrzucone przy imporcie: {intake['rejected']}",
        ]
    lines += [f"- {name}: {n}" for name, n in sorted(counts.items())]
    failed = [r for r in rows if r["outcome"] == "failed"]
    if failed:
        lines += ["", "## Błędy", ""]
        lines += [f"- {r['case_ref']}: {r['reason']}" for r in failed[:50]]
    return "\n".join(lines) + "\n"


@flow(name="handoff")
def handoff(
    source: str | None = None,
    batch_id: int | None = None,
    creditor_file: str | None = None,
    reference_date: date | None = None,
    chunk_size: int | None = None,
    wait_for_review: bool = False,
    review_timeout_hours: float = 72.0,
) -> dict[str, Any]:
    """Import ``source`` (or take cases already stored) and draft every draftable case."""
    logger = get_run_logger()
    settings = Settings.from_env()
    on = reference_date or date.today()
    engine = open_store(settings.database_url)

    intake: dict[str, Any] | None = None
    if source is not None:
        intake = intake_task(source, settings.database_url, creditor_file)
        batch_id = intake["batch_id"]
        logger.info("intake: %s imported, %s rejected", intake["imported"], intake["rejected"])

    # Decisions partners recorded while no run was waiting move their cases on first.
    with session_scope(engine) as session:
        applied = apply_pending_decisions(session)
    if applied:
        logger.info("applied %s pending review decisions", len(applied))

    # After an import: every case it touched, also unchanged ones a crashed run left undrafted.
    touched = intake["case_ids"] if intake else None
    case_ids = draftable_case_ids(engine, None if intake else batch_id, touched)
    size = chunk_size or settings.chunk_size
    rows: list[dict[str, Any]] = []
    progress.report("draft", 0, len(case_ids))
    for chunk in chunked(case_ids, size):
        rows.extend(draft_chunk(chunk, on, settings))
        progress.report("draft", len(rows), len(case_ids))
    if intake:
        rows.extend(
            CaseOutcome(0, r["external_ref"] or r["source"], "rejected", r["reason"]).row()
            for r in intake["rejections"]
        )

    key = f"handoff-batch-{batch_id}" if batch_id is not None else "handoff-stored-cases"
    create_table_artifact(
        key=key,
        table=[
            {k: r[k] for k in ("case_ref", "outcome", "reason", "procedure", "total")} for r in rows
        ],
        description="Wynik handoff: sprawa, wynik, powód",
    )
    create_markdown_artifact(key=f"{key}-summary", markdown=_markdown(rows, intake))

    drafted = [r["case_id"] for r in rows if r["outcome"] in {"drafted", "unchanged"}]
    if wait_for_review and drafted:
        from flows.review import await_decisions

        await_decisions(drafted, settings.database_url, int(review_timeout_hours * 3600))
    engine.dispose()
    return {"batch_id": batch_id, "intake": intake, "cases": rows}
