"""``reverify``: ask the public registries again about debtors whose check is due.

Scheduled on working days at 06:30 Europe/Warsaw (the deployment lives in prefect.yaml),
before the deadline check and before people open the review queue.

1. select   cases in an open pre-filing stage (intake, ready for review, sent back,
            approved) whose debtor's last combined verification is pending (a registry was
            down), older than ``older_than_days``, or missing (``include_unverified``);
            pending ones first, then never verified, then the oldest. Consumers are not
            selected: no register is asked about them.
2. verify   one Prefect task per chunk of cases; each case goes through
            ``flows.registry_step.cached_verification`` (one check per debtor identifier
            and day, stored as a RegistryCheck row), and its "registry" findings are
            replaced (store.drafting.replace_findings). A still-pending result keeps the
            findings of the last complete check next to ``verification_pending``.
3. report   a table artifact ``reverify`` with every selected case and what happened.

The VAT white list allows 100 searches a day per IP and blocks the IP until midnight when
exceeded. Two guards, both before each search (a debtor with a NIP, cache miss):

- our own counter in the database (``RegistryQuota``, service "vat-search", one row per
  Warsaw calendar day), incremented atomically with ``UPDATE ... WHERE used < limit``, so
  concurrent runs on PostgreSQL or SQLite never exceed
  ``integrations.vat_whitelist.SEARCH_LIMIT_PER_DAY``. When it is used up the remaining
  cases are left as they are (their last verification stays pending or old) and the
  artifact says so; the next day's run picks them up first.
- the Prefect global concurrency limit ``vat-whitelist-search`` as a rate limit
  (``prefect gcl create vat-whitelist-search --limit 1 --slot-decay-per-second 0.2``), taken
  with ``strict=False`` so the flow also runs where the limit was never created.

Nothing here logs or reports a PESEL, a name or an address: case references and counts only.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

import httpx
import sqlalchemy as sa
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NONE
from sqlmodel import select

from config import Settings, firm_today
from flows.registry_step import QuotaExhausted, Verifier, cached_verification, live_verifier
from integrations import http
from integrations.errors import InvalidIdentifier
from integrations.vat_whitelist import SEARCH_LIMIT_PER_DAY, normalise_nip
from integrations.verification import DebtorIdentity, Verification
from law.findings import Finding, Severity
from law.stages import PRE_FILING
from store import drafting
from store.cases import load_case_file
from store.db import open_store, session_scope
from store.notifications import dialect_insert
from store.tables import Case, CaseFinding, Debtor, RegistryCheck, RegistryQuota, utcnow

log = logging.getLogger(__name__)

ARTIFACT_KEY = "reverify"
RATE_LIMIT_NAME = "vat-whitelist-search"
QUOTA_SERVICE = "vat-search"
DEFAULT_OLDER_THAN_DAYS = 30
PENDING_CODES = frozenset({"verification_pending", "registry_error"})


def make_http_client() -> httpx.Client:
    """The HTTP client the chunks use (tests swap it for a MockTransport one)."""
    return http.new_client()


def prefect_rate_limit() -> None:
    """Take one slot of the ``vat-whitelist-search`` rate limit, if it exists."""
    from prefect.concurrency.sync import rate_limit

    rate_limit(RATE_LIMIT_NAME, occupy=1, strict=False)


# --- the daily white-list counter ---------------------------------------------------------


def reserve_search(
    engine: sa.Engine, day: date, *, limit: int = SEARCH_LIMIT_PER_DAY, service: str = QUOTA_SERVICE
) -> int | None:
    """Count one search for ``day``; the new count, or None when ``limit`` is reached.

    Commits at once: a search that is about to be sent is counted even if it then fails
    (the white list counts it too).
    """
    table: sa.Table = RegistryQuota.__table__  # type: ignore[assignment]
    with session_scope(engine) as session:
        session.execute(
            dialect_insert(session, table)
            .values(service=service, day=day, used=0, updated_at=utcnow())
            .on_conflict_do_nothing(index_elements=["service", "day"])
        )
        row = session.execute(
            sa.update(table)
            .where(table.c.service == service, table.c.day == day, table.c.used < limit)
            .values(used=table.c.used + 1, updated_at=utcnow())
            .returning(table.c.used)
        ).first()
    return int(row[0]) if row else None


def searches_used(engine: sa.Engine, day: date, service: str = QUOTA_SERVICE) -> int:
    with session_scope(engine) as session:
        used = session.exec(
            select(RegistryQuota.used).where(
                RegistryQuota.service == service, RegistryQuota.day == day
            )
        ).first()
    return int(used or 0)


def needs_search(identity: DebtorIdentity) -> bool:
    """Will ``verify_debtor`` search the white list for this debtor (a valid NIP)?"""
    if identity.kind == "consumer" or not identity.nip.strip():
        return False
    try:
        normalise_nip(identity.nip)
    except InvalidIdentifier:
        return False  # no request is made for an invalid NIP
    return True


def metered(
    verifier: Verifier,
    engine: sa.Engine,
    day: date,
    *,
    limit: int = SEARCH_LIMIT_PER_DAY,
    rate_limiter: Callable[[], None] = prefect_rate_limit,
) -> Verifier:
    """``verifier`` that counts each white-list search and refuses past the daily limit."""

    def verify(identity: DebtorIdentity, on: date) -> Verification:
        if needs_search(identity):
            if reserve_search(engine, day, limit=limit) is None:
                raise QuotaExhausted(f"{limit} white-list searches used on {day.isoformat()}")
            rate_limiter()
        return verifier(identity, on)

    return verify


# --- selection ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Candidate:
    case_id: int
    case_ref: str
    key: str  # the debtor identifier the verification cache uses (KRS, else NIP)
    last_status: str | None  # verified | pending | skipped | None (never checked)
    last_checked_on: date | None

    @property
    def priority(self) -> tuple[int, date, int]:
        rank = 0 if self.last_status == "pending" else (1 if self.last_status is None else 2)
        return (rank, self.last_checked_on or date.min, self.case_id)


def verification_key(case_id: int, krs: str | None, nip: str | None) -> str:
    """As ``flows.registry_step.cached_verification`` keys its cache."""
    return (krs or "") or (nip or "") or f"case-{case_id}"


def due_cases(
    engine: sa.Engine,
    on: date,
    *,
    older_than_days: int = DEFAULT_OLDER_THAN_DAYS,
    include_unverified: bool = True,
) -> list[Candidate]:
    """Cases whose debtor verification is pending, stale or (optionally) missing."""
    stages = sorted(s.value for s in PRE_FILING)
    cutoff = on - timedelta(days=older_than_days)
    with session_scope(engine) as session:
        rows = session.execute(
            sa.select(Case.id, Case.external_ref, Debtor.krs, Debtor.nip)
            .join(Debtor, Debtor.id == Case.debtor_id)  # type: ignore[arg-type]
            .where(Case.stage.in_(stages), Debtor.kind != "consumer")  # type: ignore[attr-defined]
            .order_by(Case.id)  # type: ignore[arg-type]
        ).all()
        keys = {verification_key(i, k, n) for i, _, k, n in rows}
        last: dict[str, tuple[str, date]] = {}
        key_list = sorted(keys)
        for start in range(0, len(key_list), 500):
            for identifier, status, checked_on in session.execute(
                sa.select(RegistryCheck.identifier, RegistryCheck.status, RegistryCheck.checked_on)
                .where(
                    RegistryCheck.service == "verification",
                    RegistryCheck.identifier.in_(key_list[start : start + 500]),  # type: ignore[attr-defined]
                )
                .order_by(RegistryCheck.checked_at, RegistryCheck.id)  # type: ignore[arg-type]
            ).all():
                last[identifier] = (status, checked_on)  # the latest wins
    out: list[Candidate] = []
    for case_id, ref, krs, nip in rows:
        key = verification_key(case_id, krs, nip)
        status, checked_on = last.get(key, (None, None))
        due = (
            (status is None and include_unverified)
            or status == "pending"
            or (checked_on is not None and checked_on <= cutoff)
        )
        if due:
            out.append(Candidate(case_id, ref, key, status, checked_on))
    return sorted(out, key=lambda c: c.priority)


# --- verifying ----------------------------------------------------------------------------


def _stored_findings(rows: Iterable[CaseFinding]) -> list[Finding]:
    return [Finding(r.code, Severity(r.severity), r.message, r.subject, r.cite) for r in rows]


def reverify_cases(
    engine: sa.Engine, case_ids: Iterable[int], on: date, verifier: Verifier
) -> list[dict[str, Any]]:
    """Verify each case (own transaction) and replace its registry findings; one row each."""
    rows: list[dict[str, Any]] = []
    for case_id in case_ids:
        try:
            with session_scope(engine) as session:
                case_row = session.get(Case, case_id)
                if case_row is None:
                    rows.append({"case_id": case_id, "case_ref": "?", "status": "failed"})
                    continue
                case = load_case_file(session, case_id)
                result, findings = cached_verification(session, case, on, verifier)
                new = list(findings)
                if result is not None and result.status == "pending":
                    # keep what the last complete check found (a bankruptcy stays visible)
                    before = session.exec(
                        select(CaseFinding).where(
                            CaseFinding.case_id == case_id, CaseFinding.source == "registry"
                        )
                    ).all()
                    seen = {(f.code, f.message) for f in new}
                    new += [
                        f
                        for f in _stored_findings(before)
                        if f.code not in PENDING_CODES and (f.code, f.message) not in seen
                    ]
                drafting.replace_findings(session, case_id, {"registry": new})
                status = result.status if result is not None else "skipped"
                drafting.audit(
                    session,
                    "reverify",
                    "registry_reverified",
                    case_id,
                    json.dumps({"status": status, "codes": [f.code for f in findings]}),
                )
                rows.append(
                    {
                        "case_id": case_id,
                        "case_ref": case_row.external_ref,
                        "status": status,
                        "findings": ", ".join(f.code for f in new),
                        "note": "",
                    }
                )
        except QuotaExhausted:
            rows.append(
                {
                    "case_id": case_id,
                    "case_ref": _ref(engine, case_id),
                    "status": "quota",
                    "findings": "",
                    "note": (
                        f"dzienny limit wyszukiwań na białej liście VAT "
                        f"({SEARCH_LIMIT_PER_DAY}) wyczerpany - weryfikacja pozostaje "
                        "oczekująca, ponowienie w następnym przebiegu"
                    ),
                }
            )
        except Exception as exc:  # per-case boundary: record and go on
            log.warning("reverify case id %s failed: %s", case_id, type(exc).__name__)
            rows.append(
                {
                    "case_id": case_id,
                    "case_ref": _ref(engine, case_id),
                    "status": "failed",
                    "findings": "",
                    "note": type(exc).__name__,
                }
            )
    return rows


def _ref(engine: sa.Engine, case_id: int) -> str:
    with session_scope(engine) as session:
        return drafting.case_ref(session, case_id)


def chunked(ids: list[int], size: int) -> Iterator[list[int]]:
    step = max(1, size)  # a size below 1 never yields empty chunks
    for start in range(0, len(ids), step):
        yield ids[start : start + step]


# --- Prefect ------------------------------------------------------------------------------


@task(name="reverify-chunk", cache_policy=NONE)
def reverify_chunk(case_ids: list[int], on: date, settings: Settings) -> list[dict[str, Any]]:
    """Re-verify one chunk of cases in this process."""
    engine = open_store(settings.database_url)
    try:
        with make_http_client() as client:
            verifier = metered(live_verifier(settings, client), engine, on)
            return reverify_cases(engine, case_ids, on, verifier)
    finally:
        engine.dispose()


def _summary(rows: list[dict[str, Any]], candidates: int, used: int, on: date) -> dict[str, Any]:
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    return {
        "on": on.isoformat(),
        "candidates": candidates,
        "statuses": counts,
        "vat_searches_used": used,
        "vat_searches_left": max(0, SEARCH_LIMIT_PER_DAY - used),
    }


@flow(name="reverify", log_prints=False)
def reverify(
    older_than_days: int = DEFAULT_OLDER_THAN_DAYS,
    chunk_size: int | None = None,
    include_unverified: bool = True,
    on: date | None = None,
    database_url: str | None = None,
) -> dict[str, Any]:
    """Re-run registry verification for due cases; ``on`` defaults to today in Warsaw."""
    logger = get_run_logger()
    settings = Settings.from_env()
    if database_url:
        settings = replace(settings, database_url=database_url)
    day = on or firm_today()
    engine = open_store(settings.database_url)
    try:
        if settings.registries != "live":
            logger.info("registries are offline (HANDOFF_REGISTRIES): nothing asked")
            create_table_artifact(
                key=ARTIFACT_KEY,
                table=[],
                description="Rejestry w trybie offline (HANDOFF_REGISTRIES): nic nie sprawdzono.",
            )
            return {**_summary([], 0, searches_used(engine, day), day), "offline": True}
        candidates = due_cases(
            engine, day, older_than_days=older_than_days, include_unverified=include_unverified
        )
        by_id = {c.case_id: c for c in candidates}
        rows: list[dict[str, Any]] = []
        for chunk in chunked([c.case_id for c in candidates], chunk_size or settings.chunk_size):
            rows.extend(reverify_chunk(chunk, day, settings))
        used = searches_used(engine, day)
    finally:
        engine.dispose()
    table = []
    for r in rows:
        before = by_id.get(r["case_id"])
        table.append(
            {
                "sprawa": r["case_ref"],
                "poprzednio": (
                    f"{before.last_status} {before.last_checked_on.isoformat()}"
                    if before and before.last_status and before.last_checked_on
                    else "brak weryfikacji"
                ),
                "wynik": r["status"],
                "ustalenia": r.get("findings", ""),
                "uwagi": r.get("note", ""),
            }
        )
    summary = _summary(rows, len(candidates), used, day)
    quota = summary["statuses"].get("quota", 0)
    create_table_artifact(
        key=ARTIFACT_KEY,
        table=table,
        description=(
            f"# Ponowna weryfikacja dłużników {day.isoformat()}\n"
            f"Spraw do sprawdzenia: {len(candidates)}; wyniki: {summary['statuses']}; "
            f"wyszukiwania na białej liście VAT dziś: {used}/{SEARCH_LIMIT_PER_DAY}."
            + (
                f"\n\n**Limit dzienny wyczerpany**: {quota} spraw czeka na kolejny przebieg."
                if quota
                else ""
            )
        ),
    )
    logger.info("reverify %s", summary)
    return summary
