"""Filing the approved EPU cases through the e-Sąd web service (``handoff epu submit``).

Build the package exactly as ``handoff epu package`` does (:func:`assemble_package`: every
approved EPU case, the claim recomputed for the filing day, a case with a blocker the
approval did not override or an altered draft left out and recorded), leaving out the
cases already in a live submission; record the submission before it goes out
(``store.esad.start_submission``); send it once; then settle each lawsuit by the court's
answer:

    accepted   the case is filed that day, electronically (``casework.filing.file_case``)
    rejected   back to the paralegals with the court's words (a finding; approved ->
               intake, to be corrected, drafted and approved again)
    not_sent   the court refused the whole package (a SOAP fault): the case stays
               approved and goes in the next package
    unknown    no answer (a timeout, a crash, an answer we cannot read): nothing is marked
               filed and the case is not sent again until :func:`poll_lawsuits` finds it
               in the court's list of cases (``MojeSprawy``) or a person decides

:func:`poll_lawsuits` also fetches the court's signature (*sygnatura sprawy*) of accepted
lawsuits once the court registered them and writes it on the filing step.

Without credentials nothing is sent: the package is written for manual upload in the
portal and the filing is recorded by hand (``handoff cases file REF --on DATE``).

Assumption (UNCONFIRMED against the live service): a regular ``ZlozPozwy`` answer with
per-lawsuit ``status`` files the lawsuits whose status is true; a fault files nothing.
A regular answer whose ``kod`` is ValidationError is treated as "fate unknown" for the
lawsuits it calls valid, so they are neither marked filed nor sent twice.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from casework import CaseworkError, Refused
from config import FIRM_TZ
from documents.epu import EpuError, EpuFiling, build_epu_package, validate_epu
from documents.firm import FirmProfile
from integrations.esad import (
    EsadAuthError,
    EsadClient,
    EsadError,
    EsadFault,
    EsadMalformed,
    EsadUnavailable,
    EsadValidationError,
    LawsuitResult,
    PackageResult,
)
from store import esad as esad_store
from store.db import session_scope
from store.drafting import audit
from store.tables import EsadLawsuit

LABEL_PREFIX = "handoff"


class SubmissionFailed(CaseworkError):
    """The service failed (fault, wrong credentials, timeout): the message is one Polish
    line; ``report`` says what became of each lawsuit (nothing was marked filed)."""

    def __init__(self, message: str, report: SubmissionReport | None = None) -> None:
        super().__init__(message)
        self.report = report


@dataclass
class Assembled:
    """The package's cases and those left out, with the reasons (Polish lines)."""

    filings: list[EpuFiling] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # no longer EPU on the filing day
    excluded: list[str] = field(default_factory=list)  # blockers, altered drafts
    in_flight: list[str] = field(default_factory=list)  # already in a live submission


@dataclass(frozen=True)
class LawsuitOutcome:
    case_ref: str
    case_id: int
    ordinal: int
    status: str  # accepted | rejected | not_sent | unknown | pending
    reason: str = ""  # the court's words, or why the fate is unknown
    signature: str = ""  # the court's sygnatura sprawy, once known
    filed_on: date | None = None  # the filing recorded on the case
    note: str = ""  # what the firm must do (Polish), e.g. a filing that could not be recorded

    def line(self) -> str:
        """One Polish line for the command line."""
        where = f"{self.case_ref} (poz. {self.ordinal})"
        sig = f", sygn. {self.signature}" if self.signature else ""
        if self.status == "accepted":
            text = f"przyjęto: {where}{sig}"
            if self.filed_on is not None:
                text += f" - zapisano wniesienie pozwu {self.filed_on.isoformat()}"
        elif self.status == "rejected":
            text = f"odrzucono: {where}: {self.reason} - sprawa wraca do asystenta do poprawy"
        elif self.status == "not_sent":
            text = f"nie złożono: {where} - sprawa pozostaje zatwierdzona (następna paczka)"
            if self.reason:
                text += f"; {self.reason}"
        else:
            text = (
                f"wynik nieznany: {where} - nie oznaczono jako złożone; sprawdź "
                "'handoff epu submit --poll'"
            )
        return text + (f" ({self.note})" if self.note else "")

    def as_json(self) -> dict[str, Any]:
        return {
            "case": self.case_ref,
            "ordinal": self.ordinal,
            "status": self.status,
            "reason": self.reason,
            "signature": self.signature,
            "filed_on": self.filed_on.isoformat() if self.filed_on else None,
            "note": self.note,
        }


@dataclass
class SubmissionReport:
    label: str
    file: str
    sent: bool  # False: exported for manual upload (or nothing to send)
    submission_id: int | None = None
    status: str = ""  # EsadSubmission.status
    message: str = ""  # the court's words about the package
    lawsuits: list[LawsuitOutcome] = field(default_factory=list)
    assembled: Assembled = field(default_factory=Assembled)

    def as_json(self) -> dict[str, Any]:
        return {
            "submission": self.submission_id,
            "label": self.label,
            "file": self.file,
            "sent": self.sent,
            "status": self.status,
            "message": self.message,
            "cases": [f.case.external_ref for f in self.assembled.filings],
            "lawsuits": [o.as_json() for o in self.lawsuits],
            "skipped": self.assembled.skipped,
            "excluded": self.assembled.excluded,
            "in_flight": self.assembled.in_flight,
        }


def assemble_package(
    engine: sa.Engine, on: date, roots: Iterable[Path], *, actor: str, purpose: str
) -> Assembled:
    """The approved EPU cases for a package filed on ``on``, as ``handoff epu package``
    selects them, without the cases already in a live e-Sąd submission."""
    from law.evidence import exhibits
    from law.pl.case_claim import claim_input
    from law.pl.claim import compute_claim
    from law.pl.fees import Procedure
    from store.queries import approved_case_files
    from store.rates import eur_rates
    from store.review import filing_refusals

    roots = list(roots)
    with session_scope(engine) as session:
        rates = eur_rates(session)
    cases = approved_case_files(engine, Procedure.EPU.value)
    with Session(engine) as session:
        live = {row.case_id: row for row in esad_store.live_lawsuits(session)}
    out = Assembled()
    for case in cases:
        if case.case_id in live:
            row = live[case.case_id]
            out.in_flight.append(
                f"{case.external_ref}: już w wysyłce e-Sąd nr {row.submission_id} "
                f"(poz. {row.ordinal}, stan: {row.status})"
            )
            continue
        claim = compute_claim(claim_input(case, on), extra_eur_rates=rates or None)
        if claim.procedure is not Procedure.EPU:  # e.g. a claim now older than 3 years
            out.skipped.append(f"{case.external_ref}: {claim.procedure_reason}")
            continue
        reasons = filing_refusals(
            engine, case.case_id, claim.findings, roots, actor=actor, purpose=purpose
        )
        if reasons:
            out.excluded.append(f"{case.external_ref}: {'; '.join(reasons)}")
            with session_scope(engine) as session:
                detail = json.dumps({"reasons": reasons}, ensure_ascii=False)
                audit(session, actor, "epu_package_excluded", case.case_id, detail)
            continue
        left_out = [i.number for i in claim.excluded_invoices]  # not claimed (K4)
        out.filings.append(EpuFiling(case, claim, exhibits(case, left_out)))
    return out


def new_label(on: date) -> str:
    """A unique OznaczeniePaczki (at most 60 characters): ``handoff-2026-11-24-3f9a1c``."""
    return f"{LABEL_PREFIX}-{on.isoformat()}-{secrets.token_hex(3)}"


def build_package(assembled: Assembled, firm: FirmProfile, label: str, on: date) -> bytes:
    """The package XML, validated against the official schemas (Refused otherwise)."""
    try:
        xml = build_epu_package(assembled.filings, firm, label, on)
    except EpuError as exc:
        raise Refused(f"nie można zbudować paczki EPU: {exc}") from exc
    errors = validate_epu(xml)
    if errors:
        more = f" (i {len(errors) - 1} innych)" if len(errors) > 1 else ""
        raise Refused(f"paczka nie spełnia schematów e-Sądu: {errors[0]}{more}")
    return xml


def submit_package(
    engine: sa.Engine,
    client: EsadClient | None,
    *,
    firm: FirmProfile,
    on: date,
    today: date,
    actor: str,
    roots: Iterable[Path],
    out_dir: Path,
    output: Path | None = None,
    label: str | None = None,
) -> SubmissionReport:
    """Build the package of the approved EPU cases and send it (``client``) or, without a
    client, write it for manual upload. See the module docstring.

    Raises :class:`casework.Refused` (nothing sent) and :class:`SubmissionFailed` (the
    service failed; nothing marked filed).
    """
    roots = list(roots)
    if client is not None and on != today:
        raise Refused(
            f"--date: pozew wysyłany dziś nosi dzisiejszą datę złożenia ({today.isoformat()}), "
            f"nie {on.isoformat()}"
        )
    purpose = "epu_submit" if client is not None else "epu_package"
    assembled = assemble_package(engine, on, roots, actor=actor, purpose=purpose)
    name = label or new_label(on)
    if not assembled.filings:
        return SubmissionReport(name, "", False, assembled=assembled)
    xml = build_package(assembled, firm, name, on)
    target = output or out_dir / f"{name}.xml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(xml)
    if client is None:
        with session_scope(engine) as session:
            for f in assembled.filings:
                detail = json.dumps({"package": name, "file": str(target), "manual": True})
                audit(session, actor, "epu_package", f.case.case_id, detail)
        return SubmissionReport(name, str(target), False, assembled=assembled)

    planned = [
        esad_store.PlannedLawsuit(f.case.case_id, n, f.case.external_ref)
        for n, f in enumerate(assembled.filings, start=1)
    ]
    try:
        submission_id = esad_store.start_submission(
            engine,
            label=name,
            filing_date=on,
            sha256=hashlib.sha256(xml).hexdigest(),
            file=str(target),
            actor=actor,
            lawsuits=planned,
        )
    except esad_store.AlreadySubmitted:
        raise Refused(
            "inna wysyłka do e-Sądu objęła w tej chwili te same sprawy; nic nie wysłano - "
            "uruchom polecenie ponownie"
        ) from None
    report = SubmissionReport(name, str(target), True, submission_id, assembled=assembled)
    try:
        result = client.file_lawsuits(xml)
    except EsadValidationError as exc:
        # a fault: nothing filed, the valid ones go in the next package; a regular answer
        # saying ValidationError: the ones it calls valid have an unknown fate
        valid = "not_sent" if exc.in_fault else "unknown"
        _settle(engine, report, exc.result, actor=actor, today=today, roots=roots, valid=valid)
        return report
    except EsadAuthError as exc:
        _fail(engine, report, "fault", exc.code, exc.description, actor=actor)
        raise SubmissionFailed(
            "e-Sąd odrzucił logowanie (HANDOFF_ESAD_LOGIN / HANDOFF_ESAD_PASSWORD / "
            f"HANDOFF_ESAD_API_KEY): {exc.description or exc.code}; nic nie złożono",
            report,
        ) from exc
    except EsadFault as exc:
        _fail(engine, report, "fault", exc.code, exc.description, actor=actor)
        raise SubmissionFailed(
            f"e-Sąd odrzucił paczkę {name} ({exc.code or exc.fault_code}: "
            f"{exc.description or 'bez opisu'}); nic nie złożono, sprawy pozostają zatwierdzone",
            report,
        ) from exc
    except EsadUnavailable as exc:
        if not exc.maybe_delivered:
            _fail(engine, report, "fault", "", "brak połączenia", actor=actor)
            raise SubmissionFailed(
                f"e-Sąd ({client.url}) nie odpowiada; paczki {name} nie wysłano, nic nie złożono",
                report,
            ) from exc
        _fail(engine, report, "unknown", "", "brak odpowiedzi", actor=actor)
        raise SubmissionFailed(
            f"e-Sąd nie odpowiedział na paczkę {name} w wyznaczonym czasie; nic nie oznaczono "
            "jako złożone, a sprawy nie zostaną wysłane ponownie, dopóki 'handoff epu submit "
            "--poll' nie sprawdzi ich w e-Sądzie",
            report,
        ) from exc
    except EsadMalformed as exc:
        _fail(engine, report, "unknown", "", "nieczytelna odpowiedź", actor=actor)
        raise SubmissionFailed(
            f"odpowiedzi e-Sądu na paczkę {name} nie da się odczytać; nic nie oznaczono jako "
            "złożone - sprawdź 'handoff epu submit --poll'",
            report,
        ) from exc
    _settle(engine, report, result, actor=actor, today=today, roots=roots, valid="accepted")
    return report


def _fail(
    engine: sa.Engine,
    report: SubmissionReport,
    status: str,
    code: str,
    message: str,
    *,
    actor: str,
) -> None:
    """The service failed: every lawsuit is ``not_sent`` (status "fault") or ``unknown``."""
    assert report.submission_id is not None
    lawsuit_status = "not_sent" if status == "fault" else "unknown"
    with session_scope(engine) as session:
        esad_store.record_answer(
            session, report.submission_id, status=status, code=code, message=message
        )
        for row in esad_store.lawsuits_of(session, report.submission_id):
            esad_store.settle_lawsuit(session, row, lawsuit_status, actor=actor, reason=message)
            report.lawsuits.append(_outcome(row))
    report.status, report.message = status, message


def _outcome(row: EsadLawsuit, **extra: Any) -> LawsuitOutcome:
    return LawsuitOutcome(
        row.our_ref,
        row.case_id,
        row.ordinal,
        row.status,
        row.reason,
        row.court_signature,
        **extra,
    )


def _settle(
    engine: sa.Engine,
    report: SubmissionReport,
    result: PackageResult,
    *,
    actor: str,
    today: date,
    roots: list[Path],
    valid: str,
) -> None:
    """Map the court's per-lawsuit answer onto the submission's lawsuits."""
    assert report.submission_id is not None
    by_ordinal: dict[int, LawsuitResult] = {r.ordinal: r for r in result.lawsuits}
    status = "answered" if valid == "accepted" else "rejected"
    message = "; ".join(p for p in (result.description, result.information) if p)
    with session_scope(engine) as session:
        esad_store.record_answer(
            session,
            report.submission_id,
            status=status,
            code=result.code,
            message=message,
            total_fee=result.total_fee,
        )
        rows = esad_store.lawsuits_of(session, report.submission_id)
    report.status, report.message = status, message
    for row in rows:
        answer = by_ordinal.get(row.ordinal)
        if answer is None or (answer.our_ref and answer.our_ref != row.our_ref):
            fate, reason = "unknown", "odpowiedź e-Sądu nie wymienia tego pozwu"
        elif answer.accepted:
            fate, reason = valid, ""
        else:
            fate, reason = "rejected", answer.reason
        fee = answer.fee if answer is not None else None
        if fate == "accepted":
            report.lawsuits.append(
                _accept(engine, row.id, actor=actor, on=today, today=today, roots=roots, fee=fee)
            )
            continue
        with session_scope(engine) as session:
            current = session.get(EsadLawsuit, row.id)
            assert current is not None
            esad_store.settle_lawsuit(session, current, fate, actor=actor, reason=reason, fee=fee)
            if fate == "rejected":
                esad_store.send_back_to_paralegal(
                    session,
                    current.case_id,
                    f"e-Sąd odrzucił pozew (paczka {report.label}, poz. {current.ordinal}): "
                    f"{reason}",
                    report.label,
                    actor=actor,
                )
            report.lawsuits.append(_outcome(current))


def _accept(
    engine: sa.Engine,
    lawsuit_id: int | None,
    *,
    actor: str,
    on: date,
    today: date,
    roots: list[Path],
    fee: Any = None,
    signature: str = "",
    state: str = "",
) -> LawsuitOutcome:
    """The court took the lawsuit: mark it accepted and record the filing on the case."""
    from casework.filing import file_case

    with session_scope(engine) as session:
        row = session.get(EsadLawsuit, lawsuit_id)
        assert row is not None
        esad_store.settle_lawsuit(
            session, row, "accepted", actor=actor, fee=fee, signature=signature, state=state
        )
        case_id, ref = row.case_id, row.our_ref
    note = ""
    filed_on: date | None = None
    try:
        outcome = file_case(
            engine,
            f"#{case_id}",
            on,
            today=today,
            actor=actor,
            signature=signature,
            mode="portal",
            roots=roots,
        )
    except Refused as exc:
        note = (
            f"e-Sąd przyjął pozew, ale wniesienia nie zapisano: {exc}; zapisz je ręcznie: "
            f"handoff cases file {ref} --on {on.isoformat()} --mode portal"
        )
    else:
        filed_on = outcome.step.occurred_on
        with session_scope(engine) as session:
            row = session.get(EsadLawsuit, lawsuit_id)
            assert row is not None
            row.filing_step_id = outcome.step.id
            session.add(row)
    with Session(engine) as session:
        row = session.get(EsadLawsuit, lawsuit_id)
        assert row is not None
        return _outcome(row, filed_on=filed_on, note=note)


def poll_lawsuits(
    engine: sa.Engine, client: EsadClient, *, today: date, actor: str, roots: Iterable[Path]
) -> list[LawsuitOutcome]:
    """Look up in the court's list of cases every lawsuit whose fate is unknown, and every
    accepted one without the court's signature yet (see the module docstring)."""
    roots = list(roots)
    with Session(engine) as session:
        rows = [
            (row.id, row.status, row.submission_id)
            for row in esad_store.live_lawsuits(session)
            if row.status in esad_store.OPEN or not row.court_signature
        ]
    outcomes: list[LawsuitOutcome] = []
    for lawsuit_id, status, submission_id in rows:
        with Session(engine) as session:
            row = session.get(EsadLawsuit, lawsuit_id)
            submission = esad_store.submission_of(session, submission_id)
            assert row is not None and submission is not None
            ref, step_id = row.our_ref, row.filing_step_id
            sent_on = _firm_day(submission.sent_at)
        try:
            found = client.find_case(ref)
        except EsadError as exc:
            raise SubmissionFailed(_poll_failure(exc, client.url)) from exc
        if found is None:
            with Session(engine) as session:
                row = session.get(EsadLawsuit, lawsuit_id)
                assert row is not None
                note = (
                    "e-Sąd jeszcze nie zarejestrował sprawy"
                    if status == "accepted"
                    else (
                        "nie ma jej w e-Sądzie; jeśli po sprawdzeniu w portalu pozwu tam nie ma, "
                        "wymaga decyzji osoby"
                    )
                )
                outcomes.append(_outcome(row, note=note))
            continue
        if status in esad_store.OPEN:
            # filed the day the court received it (dataWplywu), else the day it was sent
            filed_on = min(found.received_on or sent_on, today)
            outcomes.append(
                _accept(
                    engine,
                    lawsuit_id,
                    actor=actor,
                    on=filed_on,
                    today=today,
                    roots=roots,
                    signature=found.signature,
                    state=found.state,
                )
            )
            continue
        with session_scope(engine) as session:
            row = session.get(EsadLawsuit, lawsuit_id)
            assert row is not None
            esad_store.settle_lawsuit(
                session, row, "accepted", actor=actor, signature=found.signature, state=found.state
            )
            if step_id is not None:
                esad_store.set_filing_signature(session, step_id, found.signature, actor=actor)
            outcomes.append(_outcome(row))
    return outcomes


def _firm_day(at: Any) -> date:
    from datetime import UTC

    if at.tzinfo is None:  # SQLite hands back naive UTC
        at = at.replace(tzinfo=UTC)
    return at.astimezone(FIRM_TZ).date()


def _poll_failure(exc: EsadError, url: str) -> str:
    if isinstance(exc, EsadAuthError):
        return "e-Sąd odrzucił logowanie przy sprawdzaniu statusu; nic nie zmieniono"
    if isinstance(exc, EsadUnavailable):
        return f"e-Sąd ({url}) nie odpowiada przy sprawdzaniu statusu; spróbuj później"
    return f"e-Sąd zwrócił błąd przy sprawdzaniu statusu: {exc}"


def release_lawsuit(engine: sa.Engine, ref: str, reason: str, *, actor: str) -> LawsuitOutcome:
    """A person checked the portal: the lawsuit of case ``ref`` whose fate is unknown never
    reached the court. Mark it ``not_sent`` (audited, with the reason), so the next
    submission sends the case again. Refused for a lawsuit the court accepted."""
    from store.deadlines import AmbiguousCaseRef, CaseNotFound, find_case

    reason = " ".join(reason.split())
    if not reason:
        raise Refused("--reason: podaj, co sprawdzono w portalu e-Sąd")
    with session_scope(engine) as session:
        try:
            case = find_case(session, ref)
        except CaseNotFound:
            raise Refused(f"nie ma sprawy o sygnaturze {ref!r}") from None
        except AmbiguousCaseRef:
            raise Refused(
                f"sygnatura {ref!r} należy do kilku spraw; podaj numer sprawy jako #<id>"
            ) from None
        assert case.id is not None
        live = esad_store.live_lawsuits(session, [case.id])
        if not live:
            raise Refused(f"sprawa {ref} nie czeka na wynik wysyłki do e-Sądu")
        (row,) = live
        if row.status not in esad_store.OPEN:
            raise Refused(
                f"e-Sąd przyjął pozew w sprawie {ref} (wysyłka nr {row.submission_id}); "
                "nie można go zwolnić do ponownej wysyłki"
            )
        esad_store.settle_lawsuit(
            session, row, "not_sent", actor=actor, reason=f"zwolniono ręcznie: {reason}"
        )
        return _outcome(row)


# StatusDokumentu values under which an order in MojeNakazy is not (or no longer) in force
ORDER_NOT_IN_FORCE = frozenset({"odrzucono", "odrzucono_prawomocnie", "uchylono", "umorzono"})


@dataclass(frozen=True)
class OrderOutcome:
    """A payment order the court lists (MojeNakazy) for a case we filed through e-Sąd."""

    case_ref: str
    issued_on: date
    signature: str
    recorded: bool  # False: already recorded, or refused (``note`` says why)
    note: str = ""

    def line(self) -> str:
        sig = f" (sygn. {self.signature})" if self.signature else ""
        done = "zapisano zdarzenie" if self.recorded else (self.note or "już zapisany")
        return f"nakaz zapłaty: {self.case_ref}, wydany {self.issued_on.isoformat()}{sig} - {done}"

    def as_json(self) -> dict[str, Any]:
        return {
            "case": self.case_ref,
            "issued_on": self.issued_on.isoformat(),
            "signature": self.signature,
            "recorded": self.recorded,
            "note": self.note,
        }


def import_orders(
    engine: sa.Engine, client: EsadClient, *, today: date, actor: str
) -> list[OrderOutcome]:
    """Record, as the court event "payment order issued" (``casework.court_events``), every
    payment order the court lists (``MojeNakazy``) for a lawsuit it accepted from us; the
    same order read again records nothing. An order whose ``statusDokumentu`` says it is not
    in force, or whose signature differs from the one the court gave the lawsuit, is left
    out. The rest of the court stage (served, sprzeciw, final, the order's document) is
    ``casework.esad_sync`` (``handoff epu sync``), which records nothing this did twice."""
    from casework.court_events import record_court_event
    from law.pl.deadlines import EventKind

    with Session(engine) as session:
        accepted = [r for r in esad_store.live_lawsuits(session) if r.status == "accepted"]
        sent = [
            _firm_day(s.sent_at)
            for s in (esad_store.submission_of(session, r.submission_id) for r in accepted)
            if s is not None
        ]
        by_ref = {r.our_ref: (r.case_id, r.court_signature) for r in accepted}
    if not by_ref:
        return []
    since = datetime.combine(min(sent), time(0, 0))
    outcomes: list[OrderOutcome] = []
    page = 1
    while True:
        try:
            found = client.my_orders(page=page, date_from=since)
        except EsadError as exc:
            raise SubmissionFailed(_poll_failure(exc, client.url)) from exc
        for order in found.orders:
            if order.our_ref not in by_ref or order.issued_at is None:
                continue
            case_id, signature = by_ref[order.our_ref]
            if order.status in ORDER_NOT_IN_FORCE:
                continue
            if signature and order.signature and signature != order.signature:
                continue
            on = order.issued_at.date()
            try:
                with session_scope(engine) as session:
                    outcome = record_court_event(
                        session,
                        f"#{case_id}",
                        EventKind.PAYMENT_ORDER_ISSUED,
                        on,
                        today=today,
                        signature=order.signature,
                        note=f"e-Sąd (MojeNakazy), nakaz nr {order.id}",
                        actor=actor,
                    )
                    recorded = outcome.recorded
                note = ""
            except Refused as exc:
                recorded, note = False, f"nie zapisano: {exc}"
            outcomes.append(OrderOutcome(order.our_ref, on, order.signature, recorded, note))
        if page >= found.pages:
            return outcomes
        page += 1
