"""Drafting cases: load -> check -> compute -> render -> store, a group of cases at a time.

Plain Python, no Prefect: the handoff flow calls ``draft_cases`` once per chunk inside a
single Prefect task, so the orchestration cost is paid per chunk, not per case.

The store work is paid per group (``GROUP`` cases), not per case: one read transaction
loads the group (case rows, case files, stored documents, the idempotency ledger: about a
dozen queries), each case is computed and rendered in memory (its own exception boundary:
one bad case never stops the others), and one write transaction stores every draft of the
group with multi-row INSERTs.

Idempotency and crash safety: every document is keyed by (case, kind, input hash), where the
input hash covers everything it is rendered from (the case file, the computed claim, the
registry result, the template bytes). A case whose inputs did not change is reported
"unchanged" and nothing is written. Concurrency is optimistic: the write updates each case
row only if its stage and intake hash are still what the read saw (the UPDATE also takes
the row's lock until commit); a case that moved meanwhile (another run drafted it, a
re-import changed it) is not stored from stale inputs but drafted again on its own, and the
unique keys on documents and the ledger turn any remaining race into a retry. Files are
written under a name carrying the version after the rows are in and before the commit; if
the process dies in between, the next run computes the same version and overwrites the same
file, so the store never holds a document twice and never loses one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import traceback
import uuid
from collections.abc import Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from documents.claim_summary import claim_summary, earliest_limitation
from documents.context import DocumentInputs
from documents.drafts import draft_templates, render_drafts, template_fingerprint
from documents.firm import FirmProfile
from documents.packet import file_hashes
from flows.registry_step import (
    OFFLINE_FINDING,
    QuotaExhausted,
    Verifier,
    cached_verification,
    quota_finding,
)
from law.case import CaseFile, plain_values
from law.evidence import evidence_findings, exhibits
from law.findings import Finding
from law.pl.case_claim import claim_input
from law.pl.claim import compute_claim, limitation_watch_rows
from law.pl.courts import court_for_case
from law.pl.fees import Procedure
from law.stages import Stage, next_stage
from store import drafting
from store.cases import load_case_files
from store.db import session_scope
from store.deadlines import replace_limitation_watch
from store.drafting import case_folder  # the case's drafts folder (used by casework too)
from store.tables import AuditLog, GeneratedDocument, StepRun

log = logging.getLogger(__name__)

DRAFTABLE = frozenset({Stage.INTAKE, Stage.SENT_BACK, Stage.READY_FOR_REVIEW})
STEP = "draft"
# Cases per read/write round trip. Rendered drafts wait in memory until their group is
# stored (about 60 KB per case), so this bounds memory as well as the write transaction.
GROUP = 50
PART = ".part"  # suffix of a document file being written


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
    # The firm's templates folder (Settings.templates_dir); None: the shipped templates.
    templates_dir: Path | None = None


def _case_digest(case: CaseFile) -> str:
    # The stage is not an input of the drafts: a run that started while another one drafted
    # the same case must compute the same hash and find the work done.
    return hashlib.sha256(
        json.dumps(plain_values(replace(case, stage="")), sort_keys=True, default=str).encode()
    ).hexdigest()


@dataclass(frozen=True)
class _PlannedDocument:
    kind: str
    version: int
    path: Path
    payload: bytes | None  # None: the document for these inputs is stored already


@dataclass(frozen=True)
class _Plan:
    """A drafted case waiting to be stored: everything the write phase needs."""

    head: drafting.CaseHead
    input_hash: str
    documents: tuple[_PlannedDocument, ...]
    findings: dict[str, tuple[Finding, ...]]
    claim: drafting.ClaimFields
    outcome: CaseOutcome
    # (invoice, limitation date, reason) of every live invoice: the limitation watch (K4)
    watch: tuple[tuple[str, date, str], ...] = ()


def _plan_case(
    engine: sa.Engine,
    head: drafting.CaseHead,
    case: CaseFile,
    documents: list[drafting.DocumentKey],
    done: set[tuple[int, str]],
    ctx: DraftingContext,
    tampered: bool = False,
) -> _Plan | CaseOutcome:
    """Check, compute and render one case in memory; no write to the store or the disk
    (except the registry cache in live mode). Returns an outcome when nothing is to store.

    ``tampered``: a stored draft of the case was refused for a SHA-256 mismatch; the case
    is drafted anew whatever its inputs, under an input hash of its own (salted with the
    number of stored drafts, so it is new for the unique keys), and the new drafts clear
    the refusal's finding. The next run computes the plain hash again and finds it done."""
    stage = Stage(head.stage)
    on = ctx.reference_date
    folder = case_folder(ctx.documents_dir, head.case_id, case.external_ref)
    claim = compute_claim(claim_input(case, on), extra_eur_rates=ctx.extra_eur_rates or None)
    if ctx.verifier is None:
        verification, registry_findings = None, (OFFLINE_FINDING,)
    else:
        try:
            with session_scope(engine) as session:  # the registry cache, its own transaction
                verification, registry_findings = cached_verification(
                    session, case, on, ctx.verifier
                )
        except QuotaExhausted as exc:  # drafted anyway; the reverify flow checks it tomorrow
            verification, registry_findings = None, (quota_finding(str(exc)),)
    # SHA-256 of every evidence file as it is on disk now (missing files are left out)
    hashes = file_hashes(head.evidence_root, (e.path for e in case.evidence))
    left_out = [i.number for i in claim.excluded_invoices]  # time-barred, not claimed (K4)
    evidence = evidence_findings(
        case, hashes, nakazowe=claim.procedure is Procedure.NAKAZOWE, leave_out=left_out
    )
    # the court the pozew names (K11): an address no court can be placed for is a blocker
    court = court_for_case(case, claim).findings
    summary = claim_summary(claim, on)
    all_findings = (*claim.findings, *evidence, *registry_findings, *court)
    input_hash = hashlib.sha256(
        "|".join(
            (
                _case_digest(case),
                json.dumps(summary, sort_keys=True),
                json.dumps(verification.to_dict() if verification else None, default=str),
                json.dumps(plain_values(all_findings), default=str),
                template_fingerprint(draft_templates(case), ctx.templates_dir),
            )
        ).encode()
    ).hexdigest()
    if tampered:
        input_hash = hashlib.sha256(f"{input_hash}|redraft|{len(documents)}".encode()).hexdigest()
    elif (head.case_id, input_hash) in done:
        _sweep(folder)  # what a killed run left
        reason = (
            "sent back by the partner; nothing corrected yet"
            if stage is Stage.SENT_BACK
            else "inputs unchanged since the last draft"
        )
        return CaseOutcome(
            head.case_id,
            case.external_ref,
            "unchanged",
            reason,
            claim.procedure.value,
            summary["total_claim"],
        )

    drafts = render_drafts(
        DocumentInputs(
            case=case,
            claim=claim,
            firm=ctx.firm,
            exhibits=exhibits(case, left_out),
            on=on,
            evidence_findings=(*evidence, *registry_findings, *court),
            registry=verification,
        ),
        ctx.templates_dir,
    )
    planned: list[_PlannedDocument] = []
    for kind, suffix, payload in drafts.documents:
        existing = drafting.document_for_inputs(documents, kind, input_hash)
        if existing is not None:  # stored by a run that died before its ledger entry
            planned.append(_PlannedDocument(kind, existing.version, Path(existing.path), None))
            continue
        version = drafting.next_version(documents, kind)
        planned.append(
            _PlannedDocument(kind, version, folder / f"{kind}-v{version}{suffix}", payload)
        )
    all_findings = (*all_findings, *drafts.findings)
    blockers = [f for f in all_findings if f.severity.value == "blocker"]
    new_stage = (
        stage if stage is Stage.READY_FOR_REVIEW else next_stage(stage, Stage.READY_FOR_REVIEW)
    )
    return _Plan(
        head=head,
        input_hash=input_hash,
        documents=tuple(planned),
        findings={
            "claim": claim.findings,
            "evidence": evidence,
            "registry": registry_findings,
            "court": court,
            "drafts": drafts.findings,
            drafting.INTEGRITY_SOURCE: (),  # new files: earlier refusals no longer apply
        },
        claim=drafting.ClaimFields(
            claim_json=json.dumps(summary, ensure_ascii=False),
            earliest_limitation=earliest_limitation(claim),
            procedure=claim.procedure.value,
            total_claim=claim.wps.value,
            stage=new_stage.value,
        ),
        outcome=CaseOutcome(
            head.case_id,
            case.external_ref,
            "drafted",
            "; ".join(f.message for f in blockers[:3]) or "ready for partner review",
            claim.procedure.value,
            summary["total_claim"],
            tuple(d.path.name for d in planned),
            len(blockers),
        ),
        watch=limitation_watch_rows(claim),
    )


@dataclass(frozen=True)
class _Staged:
    """A new document written under its temporary name, and its SHA-256."""

    tmp: Path
    sha256: str


def _stage_files(plans: list[_Plan], staged: dict[Path, _Staged]) -> None:
    """Write every new document under a temporary name unique to this write, recording
    final path -> staged file in ``staged`` as it goes. Done before the write transaction,
    so the (SQLite: whole database) write lock is not held during file I/O or hashing."""
    token = uuid.uuid4().hex[:12]
    for plan in plans:
        new = [doc for doc in plan.documents if doc.payload is not None]
        if new:
            new[0].path.parent.mkdir(parents=True, exist_ok=True)  # one folder per case
        for doc in new:
            assert doc.payload is not None
            tmp = doc.path.with_name(f".{doc.path.name}.{token}{PART}")
            staged[doc.path] = _Staged(tmp, hashlib.sha256(doc.payload).hexdigest())
            tmp.write_bytes(doc.payload)


def _sweep(folder: Path) -> None:
    """Remove temporary files a killed run left in a case's folder. A live run whose file
    this removes fails its write and drafts its cases again alone: slower, never wrong."""
    if folder.is_dir():
        for leftover in folder.glob(f".*{PART}"):
            leftover.unlink(missing_ok=True)


def _store_plans(
    session: Session, plans: list[_Plan], worker: str, staged: Mapping[Path, _Staged]
) -> list[_Plan]:
    """Store the group's drafts in the caller's transaction; returns the stale plans.

    Each case row is updated only if it did not change since it was read (conditional
    UPDATE, in case id order so two runs lock rows in the same order). The files, staged
    under temporary names before the transaction, are renamed to their versioned names
    after the rows are in and before the commit: a crash in between leaves a file the next
    run overwrites with the same version, never a row without its file; only the run that
    holds the case's row can give a file its versioned name.
    """
    stored: list[_Plan] = []
    stale: list[_Plan] = []
    for plan in sorted(plans, key=lambda p: p.head.case_id):
        fresh = drafting.save_claim_if_unchanged(session, plan.head, plan.claim)
        (stored if fresh else stale).append(plan)
    if not stored:
        return stale
    detail = json.dumps({"worker": worker}) if worker else ""
    drafting.add_rows(
        session,
        GeneratedDocument,
        [
            drafting.document_row(
                p.head.case_id,
                d.kind,
                d.version,
                str(d.path),
                staged[d.path].sha256,
                p.input_hash,
            )
            for p in stored
            for d in p.documents
            if d.payload is not None
        ],
    )
    drafting.replace_findings_of(session, {p.head.case_id: p.findings for p in stored})
    replace_limitation_watch(session, {p.head.case_id: p.watch for p in stored})
    drafting.add_rows(
        session,
        StepRun,
        [drafting.step_row(p.head.case_id, STEP, p.input_hash, "drafted", detail) for p in stored],
    )
    drafting.add_rows(
        session,
        AuditLog,
        [
            drafting.audit_row(
                "handoff",
                "drafted",
                p.head.case_id,
                json.dumps(
                    {"documents": list(p.outcome.documents), "input_hash": p.input_hash[:16]}
                ),
            )
            for p in stored
        ],
    )
    for plan in stored:  # the staged files take their versioned names
        for doc in plan.documents:
            if doc.payload is not None:
                staged[doc.path].tmp.replace(doc.path)
    return stale


@dataclass
class _Drafted:
    """What drafting some cases gave: outcomes, cases to draft again alone, failures."""

    outcomes: dict[int, CaseOutcome] = field(default_factory=dict)
    again: list[int] = field(default_factory=list)
    failures: dict[int, str] = field(default_factory=dict)  # case id -> traceback

    def add(self, other: _Drafted) -> None:
        self.outcomes.update(other.outcomes)
        self.again += other.again
        self.failures.update(other.failures)


def _plan_group(
    engine: sa.Engine, case_ids: list[int], ctx: DraftingContext
) -> tuple[_Drafted, list[_Plan]]:
    """One read for the group, then every case checked, computed and rendered in memory."""
    done = _Drafted()
    with Session(engine) as session:
        state = drafting.drafting_state(session, case_ids, STEP)
        wanted = [
            i for i in case_ids if i in state.heads and Stage(state.heads[i].stage) in DRAFTABLE
        ]
        cases = load_case_files(session, wanted)
    plans: list[_Plan] = []
    for case_id in case_ids:
        head = state.heads.get(case_id)
        if head is None:
            done.outcomes[case_id] = CaseOutcome(case_id, "?", "failed", "case not found")
            continue
        if Stage(head.stage) not in DRAFTABLE:
            done.outcomes[case_id] = CaseOutcome(
                case_id, head.external_ref, "skipped", f"stage {head.stage}"
            )
            continue
        try:
            planned = _plan_case(
                engine,
                head,
                cases[case_id],
                state.documents.get(case_id, []),
                state.done,
                ctx,
                case_id in state.tampered,
            )
        except Exception as exc:  # the per-case boundary of a batch: record and go on
            log.warning("case id %s failed: %s", case_id, type(exc).__name__)
            done.failures[case_id] = "".join(traceback.format_exception(exc))[-4000:]
            done.outcomes[case_id] = CaseOutcome(
                case_id, head.external_ref, "failed", f"{type(exc).__name__}: {exc}"
            )
            continue
        if isinstance(planned, CaseOutcome):
            done.outcomes[case_id] = planned
        else:
            plans.append(planned)
    return done, plans


def _write_group(engine: sa.Engine, plans: list[_Plan], worker: str, alone: bool) -> _Drafted:
    """One write transaction for the group's plans; never raises for a case's sake.

    A group whose write fails (another run stored some of the same drafts first, or one
    case's rows were refused) is sent back to be drafted case by case; a case drafted
    ``alone`` whose write fails is reported failed.
    """
    done = _Drafted()
    if not plans:
        return done
    staged: dict[Path, _Staged] = {}
    try:
        _stage_files(plans, staged)
        with session_scope(engine) as session:
            stale = _store_plans(session, plans, worker, staged)
    except Exception as exc:
        if not alone:
            log.info("group write failed (%s); drafting its cases one by one", type(exc).__name__)
            done.again = [p.head.case_id for p in plans]
            return done
        for plan in plans:
            done.failures[plan.head.case_id] = "".join(traceback.format_exception(exc))[-4000:]
            done.outcomes[plan.head.case_id] = replace(
                plan.outcome, outcome="failed", reason=f"{type(exc).__name__}: {exc}", documents=()
            )
        return done
    finally:  # staged files not renamed (stale plans, a failed write) are dropped
        for file in staged.values():
            file.tmp.unlink(missing_ok=True)
    done.again = [p.head.case_id for p in stale]
    for plan in plans:
        if plan.head.case_id not in done.again:
            done.outcomes[plan.head.case_id] = plan.outcome
            # after the commit, outside the write lock: what a killed run left there
            for folder in {d.path.parent for d in plan.documents if d.payload is not None}:
                _sweep(folder)
    return done


def draft_cases(
    engine: sa.Engine, case_ids: Iterable[int], ctx: DraftingContext, group_size: int = GROUP
) -> list[CaseOutcome]:
    """Draft the cases group by group; one bad case never stops the others.

    Pipelined: while one thread stores a group (SQL and file writes, which release the GIL)
    this one reads and renders the next, so the store's I/O overlaps the rendering. At most
    one group is being written at a time, in order.

    A case whose stored state changed while its group was drafted (another run drafted it,
    a re-import changed it) or whose group write failed is drafted once more on its own; if
    that fails too it is reported failed, with the reason in the audit log.
    """
    ids = list(case_ids)
    result = _Drafted()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="draft-writer") as writer:
        writing: Future[_Drafted] | None = None
        for start in range(0, len(ids), max(1, group_size)):
            group = ids[start : start + group_size]
            done, plans = _plan_group(engine, group, ctx)
            result.add(done)
            if writing is not None:
                result.add(writing.result())
            writing = writer.submit(_write_group, engine, plans, ctx.worker, len(group) == 1)
        if writing is not None:
            result.add(writing.result())
    for case_id in result.again:
        done, plans = _plan_group(engine, [case_id], ctx)
        done.add(_write_group(engine, plans, ctx.worker, alone=True))
        result.outcomes.update(done.outcomes)
        result.failures.update(done.failures)
        if done.again:
            result.outcomes[case_id] = CaseOutcome(
                case_id,
                _ref_of(engine, case_id),
                "failed",
                "the case changed while it was drafted; re-run the batch",
            )
            result.failures[case_id] = result.outcomes[case_id].reason
    for case_id, detail in result.failures.items():
        _record_failure(engine, case_id, detail)
    return [result.outcomes[i] for i in ids]


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
