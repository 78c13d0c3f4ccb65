"""The ``handoff`` flow: a creditor's batch from intake to drafts waiting for partner review.

Reads like a table of contents:

1. ``intake``       import the batch (case folders or CSV); bad cases are rejected with
                    their reasons, good ones stored;
2. ``draft-chunk``  per chunk of cases (one Prefect task per chunk, not per case): registry
                    check, evidence check, claim computation, drafts rendered and stored;
3. report           a table artifact (case, outcome, reason) and a markdown summary;
4. review           optionally wait for the partners' decisions (pause / resume with input).

Two ways to run step 2:

- in-process (laptop, demo, tests; the default outside a deployment): every chunk is a
  ``draft-chunk`` task in this flow run;
- fan-out (the default when this flow run belongs to a deployment): every chunk becomes its
  own ``handoff-chunk`` deployment run (``run_deployment(timeout=0)``), so all workers of the
  pool take chunks in parallel and a failed chunk is retried alone (flow ``retries``). This
  run waits for them, then reads every case's outcome back from the case store, which is
  the source of truth (results are not shipped between machines).

Every drafting step is idempotent (flows/case_pipeline.py), so re-running a batch after a
crash drafts what is left and nothing twice.

Settings come from the environment at this entry point (``config.Settings.from_env``).
"""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
import sqlalchemy as sa
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
from prefect.client.schemas.objects import FlowRun, StateType
from prefect.deployments import run_deployment
from prefect.runtime import deployment as current_deployment
from prefect.runtime import flow_run as current_flow_run
from sqlmodel import Session, select

from config import Settings, firm_today
from documents.firm import load_firm_profile
from flows import heap, progress
from flows.case_pipeline import CaseOutcome, DraftingContext, draft_cases
from flows.notify_review import notify_review_requests
from flows.registry_step import live_verifier
from flows.reverify import metered
from intake.importer import Outcome, import_batch
from store.db import make_engine, open_store, session_scope
from store.drafting import case_states, draftable_case_ids
from store.rates import cases_to_redraft_for_rates, eur_rates
from store.review import apply_pending_decisions
from store.tables import AuditLog, Case, CaseFinding, GeneratedDocument, StepRun

CHUNK_DEPLOYMENT = "handoff-chunk/handoff-chunk"


def worker_identity() -> str:
    """Who runs this code: host (or HANDOFF_WORKER_NAME), parent pid and pid.

    A process worker starts every flow run as its child process, so in a chunk flow run the
    parent pid is the worker's and the pid is the flow-run process's.
    """
    name = os.environ.get("HANDOFF_WORKER_NAME") or socket.gethostname()
    return f"{name} ppid {os.getppid()} pid {os.getpid()}"


def chunked(ids: list[int], size: int) -> Iterator[list[int]]:
    step = max(1, size)  # a size below 1 never yields empty chunks (every case is drafted)
    for start in range(0, len(ids), step):
        yield ids[start : start + step]


class BadFlowParameter(ValueError):
    """A flow run's parameter (a deployment run's, or a HANDOFF_* setting) that cannot work;
    the message is the Polish line the run fails with, before anything is imported."""


def checked_chunk_size(chunk_size: int | None, default: int) -> int:
    """``chunk_size`` (the run's parameter) or ``default`` (HANDOFF_CHUNK_SIZE): at least 1."""
    if chunk_size is not None and chunk_size < 1:
        raise BadFlowParameter(
            f"parametr chunk_size musi być liczbą co najmniej 1 (jest {chunk_size}); "
            "nic nie zaimportowano"
        )
    if chunk_size is None and default < 1:
        raise BadFlowParameter(
            f"HANDOFF_CHUNK_SIZE musi być liczbą co najmniej 1 (jest {default}); "
            "nic nie zaimportowano"
        )
    return default if chunk_size is None else chunk_size


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
        # today's date enables the "in the future" checks (issue dates, payments, letters)
        report = import_batch(engine, source, creditor=creditor, progress=tick, today=firm_today())
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
    case_ids: list[int], reference_date: date, settings: Settings, worker: str = ""
) -> list[dict[str, Any]]:
    """Draft a chunk of cases in this process; returns one row per case."""
    engine = make_engine(settings.database_url)
    ctx_args: dict[str, Any] = {
        "documents_dir": settings.documents_dir,
        "firm": load_firm_profile(settings.firm_file),
        "reference_date": reference_date,
        "worker": worker,
        "templates_dir": settings.templates_dir,
    }
    try:
        with session_scope(engine) as session:  # NBP rates after the shipped table
            ctx_args["extra_eur_rates"] = eur_rates(session)
        if settings.registries == "live":
            with httpx.Client(timeout=15.0) as http:
                # White-list searches count against the daily quota and the shared Prefect
                # rate limit "vat-whitelist-search", like the reverify flow's.
                verifier = metered(live_verifier(settings, http), engine, reference_date)
                ctx = DraftingContext(**ctx_args, verifier=verifier)
                outcomes = draft_cases(engine, case_ids, ctx)
        else:
            outcomes = draft_cases(engine, case_ids, DraftingContext(**ctx_args))
    finally:
        engine.dispose()
    return [o.row() for o in outcomes]


@flow(name="handoff-chunk", retries=2, retry_delay_seconds=10)
def handoff_chunk(case_ids: list[int], reference_date: date | None = None) -> dict[str, Any]:
    """Draft one chunk of a batch (started by ``handoff`` fan-out, one flow run per chunk).

    Returns counts only; the parent reads the per-case outcomes from the store. A failure
    of the whole chunk (store unreachable, ...) is retried by Prefect (``retries=2``); cases
    already drafted are skipped by the idempotency ledger.
    """
    logger = get_run_logger()
    heap.settle()
    settings = Settings.from_env()
    worker = worker_identity()
    rows = draft_chunk(case_ids, reference_date or firm_today(), settings, worker)
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["outcome"]] = counts.get(r["outcome"], 0) + 1
    logger.info("chunk of %s cases on %s: %s", len(case_ids), worker, counts)
    return {"worker": worker, "cases": len(case_ids), "outcomes": counts}


@dataclass(frozen=True)
class Watermark:
    """Highest ledger ids before a fan-out: rows above them were written by this batch."""

    step_run: int
    audit: int


def _watermark(engine: sa.Engine) -> Watermark:
    with Session(engine) as session:
        step = session.exec(select(sa.func.max(StepRun.id))).one()
        audit = session.exec(select(sa.func.max(AuditLog.id))).one()
    return Watermark(int(step or 0), int(audit or 0))


def _submit_chunk(
    chunk: list[int], on: date, deployment: str, key: str, tags: list[str]
) -> FlowRun:
    return run_deployment(
        deployment,
        parameters={"case_ids": chunk, "reference_date": on.isoformat()},
        timeout=0,
        as_subflow=True,
        idempotency_key=key,
        tags=tags,
    )


def _poll_final(
    sizes: dict[UUID, int], deadline: float, poll_seconds: float, total: int
) -> dict[UUID, StateType | None]:
    """Wait until every flow run is final or the deadline passes; returns the state types.

    ``sizes``: cases per flow run, for the progress report (cases in finished chunks).
    """
    states: dict[UUID, StateType | None] = dict.fromkeys(sizes)
    pending = set(sizes)
    with get_client(sync_client=True) as client:
        while pending:
            runs = client.read_flow_runs(
                flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=list(pending))),
                limit=len(pending),
            )
            for run in runs:
                states[run.id] = run.state_type
                if run.state is not None and run.state.is_final():
                    pending.discard(run.id)
            progress.report("draft", total - sum(sizes[r] for r in pending), total)
            if not pending or time.monotonic() >= deadline:
                break
            time.sleep(poll_seconds)
    return states


def _outcomes_from_store(
    engine: sa.Engine, case_ids: list[int], mark: Watermark, lost: dict[int, str]
) -> list[dict[str, Any]]:
    """One row per case, as ``CaseOutcome.row()``, read from the store after a fan-out."""
    ids = list(case_ids)
    with Session(engine) as s:
        cases = {c.id: c for c in s.exec(select(Case).where(Case.id.in_(ids))).all()}  # type: ignore[union-attr]
        steps: dict[int, StepRun] = {}
        for step in s.exec(
            select(StepRun)
            .where(StepRun.case_id.in_(ids), StepRun.step == "draft")  # type: ignore[attr-defined]
            .order_by(StepRun.id)  # type: ignore[arg-type]
        ).all():
            steps[step.case_id] = step  # the latest wins
        failures: dict[int, str] = {}
        for audit in s.exec(
            select(AuditLog)
            .where(AuditLog.action == "draft_failed", AuditLog.id > mark.audit)  # type: ignore[operator]
            .where(AuditLog.case_id.in_(ids))  # type: ignore[union-attr]
            .order_by(AuditLog.id)  # type: ignore[arg-type]
        ).all():
            lines = [x for x in audit.detail.strip().splitlines() if x.strip()]
            failures[int(audit.case_id or 0)] = lines[-1].strip() if lines else "failed"
        docs: dict[tuple[int, str], list[str]] = {}
        for doc in s.exec(
            select(GeneratedDocument)
            .where(GeneratedDocument.case_id.in_(ids))  # type: ignore[attr-defined]
            .order_by(GeneratedDocument.id)  # type: ignore[arg-type]
        ).all():
            docs.setdefault((doc.case_id, doc.input_hash), []).append(Path(doc.path).name)
        blockers: dict[int, list[str]] = {}
        for f in s.exec(
            select(CaseFinding)
            .where(CaseFinding.case_id.in_(ids), CaseFinding.severity == "blocker")  # type: ignore[attr-defined]
            .order_by(CaseFinding.id)  # type: ignore[arg-type]
        ).all():
            blockers.setdefault(f.case_id, []).append(f.message)

    rows: list[dict[str, Any]] = []
    for case_id in ids:
        case = cases.get(case_id)
        if case is None:
            rows.append(CaseOutcome(case_id, "?", "failed", "case not found").row())
            continue
        step = steps.get(case_id)
        ref, procedure = case.external_ref, case.procedure or ""
        total = str(case.total_claim) if case.total_claim is not None else ""
        if step is not None and (step.id or 0) > mark.step_run:
            found = blockers.get(case_id, [])
            outcome = CaseOutcome(
                case_id,
                ref,
                "drafted",
                "; ".join(found[:3]) or "ready for partner review",
                procedure,
                total,
                tuple(docs.get((case_id, step.input_hash), [])),
                len(found),
            )
        elif case_id in failures:
            outcome = CaseOutcome(case_id, ref, "failed", failures[case_id], procedure, total)
        elif step is not None:
            reason = (
                "sent back by the partner; nothing corrected yet"
                if case.stage == "sent_back"
                else "inputs unchanged since the last draft"
            )
            outcome = CaseOutcome(case_id, ref, "unchanged", reason, procedure, total)
        else:
            why = lost.get(case_id, "not drafted")
            outcome = CaseOutcome(case_id, ref, "failed", f"{why}; re-run the batch")
        rows.append(outcome.row())
    return rows


def _fan_out(
    engine: sa.Engine,
    chunks: list[list[int]],
    on: date,
    deployment: str,
    chunk_timeout_minutes: float,
    tags: list[str],
) -> list[dict[str, Any]]:
    """Run every chunk as its own deployment run, wait for all, read outcomes from the store."""
    logger = get_run_logger()
    mark = _watermark(engine)
    parent = current_flow_run.id or "local"
    total = sum(len(c) for c in chunks)
    by_run: dict[UUID, list[int]] = {}
    for i, chunk in enumerate(chunks):
        run = _submit_chunk(chunk, on, deployment, f"{parent}-chunk-{i}", tags)
        by_run[run.id] = chunk
    logger.info("fan-out: %s cases in %s chunk flow runs of %s", total, len(chunks), deployment)
    progress.report("draft", 0, total)

    deadline = time.monotonic() + chunk_timeout_minutes * 60
    states = _poll_final({r: len(c) for r, c in by_run.items()}, deadline, 2.0, total)

    # A chunk whose process died (Crashed: out of memory, killed) is not retried by Prefect;
    # submit it once more: the ledger skips what it had already drafted.
    crashed = [rid for rid, st in states.items() if st is StateType.CRASHED]
    if crashed and time.monotonic() < deadline:
        logger.warning("re-submitting %s crashed chunk flow runs", len(crashed))
        again: dict[UUID, list[int]] = {}
        for i, rid in enumerate(crashed):
            run = _submit_chunk(by_run[rid], on, deployment, f"{parent}-again-{i}", tags)
            again[run.id] = by_run.pop(rid)
            states.pop(rid)
        by_run.update(again)
        states.update(_poll_final({r: len(c) for r, c in again.items()}, deadline, 2.0, total))

    lost: dict[int, str] = {}
    for rid, state in states.items():
        if state is not StateType.COMPLETED:
            name = state.value.lower() if state else "unknown"
            logger.warning("chunk flow run %s ended %s", rid, name)
            for case_id in by_run[rid]:
                lost[case_id] = f"chunk flow run {rid} {name}"
    return _outcomes_from_store(engine, [c for ch in chunks for c in ch], mark, lost)


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
    fan_out: bool | None = None,
    chunk_deployment: str = CHUNK_DEPLOYMENT,
    chunk_timeout_minutes: float = 120.0,
) -> dict[str, Any]:
    """Import ``source`` (or take cases already stored) and draft every draftable case.

    ``fan_out`` (default: on when this run belongs to a deployment) drafts every chunk in
    its own ``chunk_deployment`` flow run, on any worker of the pool; a batch of one chunk
    is drafted in this run either way.
    """
    logger = get_run_logger()
    heap.settle()
    settings = Settings.from_env()
    # checked before the import: a bad size fails the run with nothing done
    size = checked_chunk_size(chunk_size, settings.chunk_size)
    on = reference_date or firm_today()
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
    # Drafts under review whose rekompensata waited for an NBP rate that is known now, or
    # whose interest assumed an older rate table (K8, K9): computed again; the input hash
    # decides whether anything changed. Approved cases are never picked.
    with Session(engine) as session:
        for_rates = cases_to_redraft_for_rates(session, None if intake else batch_id, touched)
    case_ids = sorted({*case_ids, *for_rates})
    chunks = list(chunked(case_ids, size))
    if fan_out is None:
        fan_out = current_deployment.id is not None
    rows: list[dict[str, Any]] = []
    if fan_out and len(chunks) > 1:
        tags = [f"batch-{batch_id}"] if batch_id is not None else []
        rows = _fan_out(engine, chunks, on, chunk_deployment, chunk_timeout_minutes, tags)
    else:
        progress.report("draft", 0, len(case_ids))
        worker = worker_identity()
        for chunk in chunks:
            rows.extend(draft_chunk(chunk, on, settings, worker))
            progress.report("draft", len(rows), len(case_ids))
    if intake:
        # Cases the import touched that need no draft (already drafted, approved, filed...).
        waiting = set(touched or ()) - set(case_ids)
        rows.extend(
            CaseOutcome(
                s.case_id,
                s.external_ref,
                "unchanged",
                f"already drafted; stage {s.stage}",
                s.procedure or "",
                s.total,
            ).row()
            for s in case_states(engine, sorted(waiting))
        )
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
    # Partners hear about new drafts once per case and version (e-mail / signed webhook).
    if drafted and (settings.smtp_host or settings.webhook_url):
        sent = notify_review_requests(engine, settings, drafted)
        logger.info("review requests: %s", sent.summary())
    if wait_for_review and drafted:
        from flows.review_gate import await_decisions

        await_decisions(drafted, settings.database_url, int(review_timeout_hours * 3600))
    engine.dispose()
    return {"batch_id": batch_id, "intake": intake, "cases": rows}
