"""Drafting one case: load -> check -> compute -> render -> save, in one transaction.

Plain Python, no Prefect: the handoff flow calls ``draft_cases`` once per chunk inside a
single Prefect task, so the orchestration cost is paid per chunk, not per case.

Idempotency and crash safety: every document is keyed by (case, kind, input hash), where the
input hash covers everything it is rendered from (the case file, the computed claim, the
registry result, the template bytes). Files are written under a name carrying the version
before the transaction commits; if the process dies in between, the next run computes the
same version and overwrites the same file, so the store never holds a document twice and
never loses one. A case whose inputs did not change is reported "unchanged" and nothing is
written.
"""

from __future__ import annotations

import hashlib
import json
import logging
import traceback
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from documents.claim_summary import claim_summary, earliest_limitation
from documents.context import DocumentInputs
from documents.drafts import render_drafts, template_fingerprint
from documents.firm import FirmProfile
from documents.packet import file_hashes
from flows.registry_step import QuotaExhausted, Verifier, cached_verification, quota_finding
from law.case import CaseFile
from law.evidence import evidence_findings, exhibits
from law.pl.case_claim import claim_input
from law.pl.claim import compute_claim
from law.pl.fees import Procedure
from law.stages import Stage, next_stage
from store import drafting
from store.cases import load_case_file
from store.db import session_scope
from store.tables import Case

log = logging.getLogger(__name__)

DRAFTABLE = frozenset({Stage.INTAKE, Stage.SENT_BACK, Stage.READY_FOR_REVIEW})
STEP = "draft"


@dataclass(frozen=True)
class CaseOutcome:
    case_id: int
    case_ref: str
    outcome: str  # drafted | unchanged | skipped | failed
    reason: str = ""
    procedure: str = ""
    total: str = ""
    documents: tuple[str, ...] = field(default=())
    blockers: int = 0

    def row(self) -> dict[str, Any]:
        data = asdict(self)
        data["documents"] = ", ".join(self.documents)
        return data


@dataclass(frozen=True)
class DraftingContext:
    documents_dir: Path
    firm: FirmProfile
    reference_date: date
    verifier: Verifier | None = None
    extra_eur_rates: dict[date, Decimal] = field(default_factory=dict)
    # Who drafted: "host ppid N pid N" of the process (flows.handoff.worker_identity); it goes
    # into StepRun.detail so an operator can tell which worker machine drafted a case.
    worker: str = ""


def _case_digest(case: CaseFile) -> str:
    # The stage is not an input of the drafts: a run that started while another one drafted
    # the same case must compute the same hash and find the work done.
    return hashlib.sha256(
        json.dumps(asdict(replace(case, stage="")), sort_keys=True, default=str).encode()
    ).hexdigest()


def _slug(ref: str) -> str:
    keep = [c if c.isalnum() or c in "-_" else "_" for c in ref]
    return "".join(keep)[:80] or "case"


def draft_case(session: Session, case_id: int, ctx: DraftingContext) -> CaseOutcome:
    """Draft one case inside the caller's transaction.

    The case row is locked (SELECT ... FOR UPDATE on PostgreSQL) so two runs drafting the
    same case serialise: the second finds the first one's ledger entry and does nothing.
    SQLite serialises writers by itself; the unique (case, kind, input hash) key is the last
    guard there.
    """
    case_row = session.get(Case, case_id, with_for_update=True)
    if case_row is None:
        return CaseOutcome(case_id, "?", "failed", "case not found")
    stage = Stage(case_row.stage)
    if stage not in DRAFTABLE:
        return CaseOutcome(case_id, case_row.external_ref, "skipped", f"stage {stage.value}")

    case = load_case_file(session, case_id)
    on = ctx.reference_date
    claim = compute_claim(claim_input(case, on), extra_eur_rates=ctx.extra_eur_rates or None)
    try:
        verification, registry_findings = cached_verification(session, case, on, ctx.verifier)
    except QuotaExhausted as exc:  # drafted anyway; the reverify flow checks it tomorrow
        verification, registry_findings = None, (quota_finding(str(exc)),)
    # SHA-256 of every evidence file as it is on disk now (missing files are left out)
    hashes = file_hashes(case_row.evidence_root, (e.path for e in case.evidence))
    evidence = evidence_findings(case, hashes, nakazowe=claim.procedure is Procedure.NAKAZOWE)
    summary = claim_summary(claim, on)
    inputs = DocumentInputs(
        case=case,
        claim=claim,
        firm=ctx.firm,
        exhibits=exhibits(case),
        on=on,
        evidence_findings=(*evidence, *registry_findings),
        registry=verification,
    )
    all_findings = (*claim.findings, *evidence, *registry_findings)
    input_hash = hashlib.sha256(
        "|".join(
            (
                _case_digest(case),
                json.dumps(summary, sort_keys=True),
                json.dumps(verification.to_dict() if verification else None, default=str),
                json.dumps([asdict(f) for f in all_findings], default=str),
                template_fingerprint(),
            )
        ).encode()
    ).hexdigest()

    done = drafting.step_done(session, case_id, STEP, input_hash)
    if done:
        reason = (
            "sent back by the partner; nothing corrected yet"
            if stage is Stage.SENT_BACK
            else "inputs unchanged since the last draft"
        )
        return CaseOutcome(
            case_id,
            case.external_ref,
            "unchanged",
            reason,
            claim.procedure.value,
            summary["total_claim"],
        )

    folder = ctx.documents_dir / _slug(case.external_ref)
    written: list[str] = []
    drafts = render_drafts(inputs)
    all_findings = (*all_findings, *drafts.findings)
    for kind, suffix, payload in drafts.documents:
        existing = drafting.document_for_inputs(session, case_id, kind, input_hash)
        if existing is not None:
            written.append(Path(existing.path).name)
            continue
        version = drafting.next_version(session, case_id, kind)
        path = folder / f"{kind}-v{version}{suffix}"
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".part")
        tmp.write_bytes(payload)
        tmp.replace(path)
        digest = hashlib.sha256(payload).hexdigest()
        drafting.add_document(session, case_id, kind, version, str(path), digest, input_hash)
        written.append(path.name)

    drafting.replace_findings(
        session,
        case_id,
        {
            "claim": claim.findings,
            "evidence": evidence,
            "registry": registry_findings,
            "drafts": drafts.findings,
        },
    )
    new_stage = (
        stage if stage is Stage.READY_FOR_REVIEW else next_stage(stage, Stage.READY_FOR_REVIEW)
    )
    drafting.save_claim(
        session,
        case_row,
        summary,
        earliest_limitation(claim),
        claim.procedure.value,
        claim.wps.value,
        new_stage.value,
    )
    detail = json.dumps({"worker": ctx.worker}) if ctx.worker else ""
    drafting.record_step(session, case_id, STEP, input_hash, "drafted", detail)
    drafting.audit(
        session,
        "handoff",
        "drafted",
        case_id,
        json.dumps({"documents": written, "input_hash": input_hash[:16]}),
    )
    blockers = [f for f in all_findings if f.severity.value == "blocker"]
    return CaseOutcome(
        case_id,
        case.external_ref,
        "drafted",
        "; ".join(f.message for f in blockers[:3]) or "ready for partner review",
        claim.procedure.value,
        summary["total_claim"],
        tuple(written),
        len(blockers),
    )


def draft_cases(
    engine: sa.Engine, case_ids: Iterable[int], ctx: DraftingContext
) -> list[CaseOutcome]:
    """Draft each case in its own transaction; one bad case never stops the others."""
    outcomes: list[CaseOutcome] = []
    for case_id in case_ids:
        try:
            try:
                with session_scope(engine) as session:
                    outcomes.append(draft_case(session, case_id, ctx))
            except sa.exc.IntegrityError:
                # Another run stored the same drafts first; once more, it finds them done.
                with session_scope(engine) as session:
                    outcomes.append(draft_case(session, case_id, ctx))
        except Exception as exc:  # the per-case boundary of a batch: record and go on
            log.warning("case id %s failed: %s", case_id, type(exc).__name__)
            ref = _ref_of(engine, case_id)
            detail = "".join(traceback.format_exception(exc))[-4000:]
            _record_failure(engine, case_id, detail)
            outcomes.append(CaseOutcome(case_id, ref, "failed", f"{type(exc).__name__}: {exc}"))
    return outcomes


def _ref_of(engine: sa.Engine, case_id: int) -> str:
    try:
        with session_scope(engine) as session:
            return drafting.case_ref(session, case_id)
    except Exception:
        return "?"


def _record_failure(engine: sa.Engine, case_id: int, detail: str) -> None:
    try:
        with session_scope(engine) as session:
            drafting.audit(session, "handoff", "draft_failed", case_id, detail)
    except Exception:
        log.exception("could not record the failure of case id %s", case_id)
