"""The EPU wniosek egzekucyjny from a stored case, and its filing through e-Sąd.

``epu_application``: a case whose EPU nakaz zapłaty is final (stage ``final``, or again
after an enforcement ended; procedure ``epu``) and not paid in full gets its
``WnioskiEgzekucyjneEPU`` XML (``documents.enforcement_epu``): the parties from the case,
the claims the nakaz awarded (the pozew's claims as filed: ``claims_from_pozew`` with the
claim recomputed for the filing day of the timeline) and the costs claimed, the nakaz's
signature and day from the timeline, and the court's own identifiers of the nakaz and of
its electronic clause (IDNakazu, KodDecyzji, IDKlauzuli, KodKlauzuli) and the komornik's
e-Sąd ID as a person read them in the portal (:class:`CourtIds`: never guessed). The XML
is validated against the official schema (WnioskiEgzekucyjneEPU.xsd) before anything is
written, then stored as the case's draft (``GeneratedDocument`` kind
``epu_enforcement``, a new version when it changed) for ``handoff enforcement submit``.

The court's identifiers a person did not give (:class:`GivenIds`, None) are taken from what
``handoff epu sync`` stored for the case (:func:`stored_court_ids`, the sync's audit rows
``esad_import``): IDNakazu from the payment order MojeNakazy listed (the one in force, final
first; several: none is chosen) and DataKlauzuli as the day of the klauzula entry of the case
history (UNCONFIRMED: that day is taken as the clause's date). The sync does not store
KodDecyzji (MojeNakazy gives it, the sync reports it only), IDKlauzuli or KodKlauzuli (given
by MojeOrzeczenia, which the sync does not read): those, and the komornik's e-Sąd ID, come
from the person. What is given by hand wins; what neither gives is one Polish line naming the
options.

``submit_applications`` (``handoff enforcement submit``): every stored application of a
case still in ``final`` / ``enforcement_ended`` whose file is intact, in one package, sent
once with ``ZlozWnioskiEgzekucyjne`` (``integrations.esad_enforcement``):

    accepted   the wniosek is lodged: ``casework.enforcement.start_enforcement`` records
               it that day (final -> enforcement), with the komornik and ways of the XML
    rejected   the court's words as a finding on the case; nothing else changes
    not_sent   a fault or a refused package: nothing changed, the next run sends it again
    unknown    no answer in time: nothing recorded; a finding tells a person to look in
               the portal before sending again (the case is held back until then)

Without credentials nothing is sent: the package is written for manual upload.

Assumption (UNCONFIRMED against the live service, as for ``ZlozPozwy``): a regular answer
with per-application ``status`` lodges the applications whose status is true; a fault
lodges none.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import secrets
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from lxml import etree
from sqlmodel import Session, col, select

from casework import CaseworkError, Refused
from casework.enforcement import _drafts_folder, _final_step, _locked, start_enforcement
from casework.payments import claimed_costs, payments_of
from documents.enforcement_epu import (
    WAY_KIND,
    EpuEnforcement,
    EpuTitle,
    build_enforcement_package,
    claims_from_pozew,
    validate_enforcement,
)
from documents.epu import NS, EpuDataError, EpuFiling
from documents.firm import FirmProfile
from integrations.esad import EsadAuthError, EsadError, EsadFault, EsadMalformed, EsadUnavailable
from integrations.esad_enforcement import EnforcementValidationError, EsadEnforcementClient
from law.findings import Finding, Severity
from law.pl.enforcement import ENFORCEABLE, Way, eligibility, next_step
from law.stages import Stage
from store import timeline
from store.cases import load_case_files
from store.db import session_scope
from store.drafting import audit, replace_findings
from store.tables import AuditLog, Case, GeneratedDocument

KIND = "epu_enforcement"  # GeneratedDocument.kind of a stored EPU enforcement application
SOURCE = "enforcement-epu"  # CaseFinding.source of the submission's findings
LABEL_PREFIX = "egz"
HELD_CODE = "epu_enforcement_unknown"  # fate unknown: held back until a person looks
REJECTED_CODE = "epu_enforcement_rejected"  # the court's reason: corrected, then drafted again


@dataclass(frozen=True, slots=True)
class CourtIds:
    """The court's identifiers a person reads in the e-Sąd portal (never guessed)."""

    order_id: int  # IDNakazu
    decision_code: int  # KodDecyzji
    clause_id: int  # IDKlauzuli
    clause_code: str  # KodKlauzuli
    clause_on: date  # DataKlauzuli
    komornik_id: int  # the komornik's ID in e-Sąd
    clause_signature: str = ""  # default: the nakaz's signature


@dataclass(frozen=True, slots=True)
class GivenIds:
    """The identifiers as given by hand (None: not given, taken from the store if known)."""

    order_id: int | None = None
    decision_code: int | None = None
    clause_id: int | None = None
    clause_code: str | None = None
    clause_on: date | None = None
    komornik_id: int | None = None
    clause_signature: str = ""


@dataclass(frozen=True, slots=True)
class StoredIds:
    """What ``handoff epu sync`` stored for a case (None: not stored or not certain)."""

    order_id: int | None = None
    clause_on: date | None = None
    orders: tuple[int, ...] = ()  # the orders in force the court listed (several: no choice)


# option -> (CourtIds field, what the person reads in the portal); the order of the line
OPTIONS = (
    ("--order-id", "order_id", "IDNakazu"),
    ("--decision-code", "decision_code", "KodDecyzji"),
    ("--clause-id", "clause_id", "IDKlauzuli"),
    ("--clause-code", "clause_code", "KodKlauzuli"),
    ("--clause-on", "clause_on", "DataKlauzuli"),
    ("--komornik-id", "komornik_id", "ID komornika w e-Sądzie"),
)
_ORDER_KEY = re.compile(r"^nakaz:(\d+):(wydany|prawomocny|status:.*)$")


def stored_court_ids(session: Session, case_id: int) -> StoredIds:
    """The order's identifiers the sync stored for ``case_id`` (module doc)."""
    from casework.esad_sync import AUDIT_ACTION, CLAUSE

    issued: set[int] = set()
    final: set[int] = set()
    lapsed: set[int] = set()
    clause_days: list[date] = []
    for detail in session.exec(
        select(AuditLog.detail).where(AuditLog.case_id == case_id, AuditLog.action == AUDIT_ACTION)
    ).all():
        try:
            data = json.loads(detail)
        except ValueError:
            continue
        if not isinstance(data, dict):
            continue
        if data.get("kind") == CLAUSE and isinstance(data.get("on"), str):
            with contextlib.suppress(ValueError):
                clause_days.append(date.fromisoformat(data["on"]))
            continue
        found = (
            _ORDER_KEY.match(str(data.get("key", ""))) if data.get("source") == "nakaz" else None
        )
        if found is None:
            continue
        number, what = int(found.group(1)), found.group(2)
        {"wydany": issued, "prawomocny": final}.get(what, lapsed).add(number)
    in_force = sorted((issued | final) - lapsed)
    finals = sorted(final - lapsed)
    chosen = finals if finals else in_force
    return StoredIds(
        chosen[0] if len(chosen) == 1 else None,
        max(clause_days) if clause_days else None,
        tuple(in_force),
    )


def court_ids(given: GivenIds, stored: StoredIds) -> tuple[CourtIds, dict[str, dict[str, Any]]]:
    """The identifiers to use (given first, then stored) and where each came from; raises
    :class:`Refused` with one line naming what neither gives."""
    values: dict[str, Any] = {}
    sources: dict[str, dict[str, Any]] = {}
    missing = []
    for option, name, label in OPTIONS:
        value = getattr(given, name)
        source = "option"
        if value is None:
            value, source = getattr(stored, name, None), "epu-sync"
        if value is None:
            missing.append(f"{option} ({label})")
            continue
        values[name] = value
        sources[name] = {
            "value": value.isoformat() if isinstance(value, date) else value,
            "source": source,
        }
    if missing:
        several = (
            f"; e-Sąd podał kilka nakazów ({', '.join(map(str, stored.orders))}) - wskaż --order-id"
            if given.order_id is None and stored.order_id is None and len(stored.orders) > 1
            else ""
        )
        raise Refused(
            "brak identyfikatorów e-Sądu (nie podano ich i nie zapisał ich handoff epu sync): "
            + ", ".join(missing)
            + " - podaj je z portalu e-Sąd"
            + several
        )
    return CourtIds(**values, clause_signature=given.clause_signature), sources


@dataclass(frozen=True)
class Application:
    case_ref: str
    case_id: int
    xml: bytes
    document: GeneratedDocument
    created: bool  # False: the same application was already stored
    # each identifier with its source: "option" (given by hand) or "epu-sync" (stored)
    court_ids: dict[str, dict[str, Any]] = field(default_factory=dict)

    def stored_line(self) -> str:
        """Polish: the identifiers taken from what the sync stored ("" when none)."""
        synced = [n for _, n, _ in OPTIONS if self.court_ids.get(n, {}).get("source") == "epu-sync"]
        if not synced:
            return ""
        labels = {n: label for _, n, label in OPTIONS}
        taken = ", ".join(f"{labels[n]} {self.court_ids[n]['value']}" for n in synced)
        day = (
            " (DataKlauzuli: dzień wpisu o klauzuli w historii sprawy w e-Sądzie - sprawdź w "
            "portalu)"
            if "clause_on" in synced
            else ""
        )
        return f"Z danych zapisanych przez handoff epu sync: {taken}{day}."

    def as_json(self) -> dict[str, Any]:
        return {
            "case": self.case_ref,
            "document": {
                "id": self.document.id,
                "kind": KIND,
                "version": self.document.version,
                "path": self.document.path,
                "sha256": self.document.sha256,
            },
            "created": self.created,
            "valid": True,
            "court_ids": self.court_ids,
        }


def _timeline_title(session: Session, case_id: int) -> tuple[str, date, date]:
    """(the nakaz's signature, its day, the filing day) from the case's timeline."""
    kept = timeline.effective_steps(timeline.steps_of(session, case_id))
    filed = [s for s in kept if s.trigger == "lawsuit-filed"]
    orders = [s for s in kept if s.to_stage == Stage.ORDER_ISSUED.value]
    if not filed:
        raise Refused("brak zapisanego wniesienia pozwu w historii sprawy")
    if not orders:
        raise Refused("brak zapisanego wydania nakazu zapłaty w historii sprawy")
    signature = orders[-1].signature or next(
        (s.signature for s in reversed(kept) if s.signature), ""
    )
    if not signature.strip():
        raise Refused("brak sygnatury nakazu (zapisz: handoff event add ... --signature)")
    return signature.strip(), orders[-1].occurred_on, filed[-1].occurred_on


def epu_application(
    session: Session,
    case_ref: str,
    *,
    ids: CourtIds | GivenIds,
    komornik: str,
    ways: frozenset[Way],
    on: date,
    today: date,
    firm: FirmProfile,
    documents_dir: Path,
    asset_search: bool = False,
    actor: str = "",
) -> Application:
    """Build, validate and store the EPU application of ``case_ref`` (module doc); the
    identifiers ``ids`` leaves out (:class:`GivenIds`) come from the sync's store."""
    from law.evidence import exhibits
    from law.pl.case_claim import claim_input
    from law.pl.claim import compute_claim

    if on > today:
        raise Refused(
            f"data wniosku nie może być w przyszłości ({on.isoformat()}; dziś {today.isoformat()})"
        )
    if not ways:
        raise Refused("--ways: wskaż co najmniej jeden sposób egzekucji")
    if not komornik.strip():
        raise Refused("--komornik: podaj komornika (imię, nazwisko i sąd, przy którym działa)")
    case = _locked(session, case_ref)
    assert case.id is not None
    stage = Stage(case.stage)
    verdict = eligibility(stage)
    if not verdict.allowed:
        raise Refused(verdict.reason)
    if next_step(case.procedure).draft_clause_application:
        raise Refused(
            "sprawa nie jest z EPU: w postępowaniu papierowym wniosek egzekucyjny sporządza "
            "handoff enforcement start -o PLIK.docx"
        )
    final = _final_step(session, case.id)
    if final is None:
        raise Refused("brak zapisanego uprawomocnienia tytułu w historii sprawy")
    if final.trigger != "payment-order-final":  # after a sprzeciw: the general court's title
        raise Refused(
            "tytułem jest wyrok sądu właściwości ogólnej wydany po sprzeciwie, nie nakaz z EPU "
            "(nakaz stracił moc): wniosku egzekucyjnego EPU nie sporządza się"
        )
    if isinstance(ids, GivenIds):
        ids, sources = court_ids(ids, stored_court_ids(session, case.id))
    else:
        sources = {
            name: {"value": v.isoformat() if isinstance(v, date) else v, "source": "option"}
            for _, name, _ in OPTIONS
            for v in [getattr(ids, name)]
        }
    if not (final.occurred_on <= ids.clause_on <= on):
        source = " (z handoff epu sync)" if sources["clause_on"]["source"] == "epu-sync" else ""
        raise Refused(
            f"--clause-on {ids.clause_on.isoformat()}{source} musi przypadać między "
            f"uprawomocnieniem ({final.occurred_on.isoformat()}) a wnioskiem ({on.isoformat()})"
        )
    if payments_of(session, f"#{case.id}", today=max(on, today)).left.total <= 0:
        raise Refused("dług jest spłacony w całości; nie ma czego egzekwować")
    signature, issued_on, filed_on = _timeline_title(session, case.id)
    case_file = load_case_files(session, [case.id])[case.id]
    claim = compute_claim(claim_input(case_file, filed_on))
    filing = EpuFiling(case_file, claim, exhibits(case_file))
    title = EpuTitle(
        ids.order_id,
        signature,
        issued_on,
        ids.decision_code,
        ids.clause_id,
        ids.clause_signature.strip() or signature,
        ids.clause_on,
        ids.clause_code,
    )
    request = EpuEnforcement(
        case_file,
        title,
        claims_from_pozew(filing, firm, filed_on),
        claimed_costs(case),
        ways,
        ids.komornik_id,
        komornik.strip(),
        asset_search,
    )
    try:
        xml = build_enforcement_package([request], firm, f"{LABEL_PREFIX}-{case.id}", on)
    except EpuDataError as exc:
        raise Refused(f"wniosek EPU: {exc}") from None
    problems = validate_enforcement(xml)
    if problems:
        raise Refused(f"wniosek EPU niezgodny ze schematem e-Sądu: {problems[0]}")
    digest = hashlib.sha256(xml).hexdigest()
    existing = session.exec(
        select(GeneratedDocument).where(
            GeneratedDocument.case_id == case.id,
            GeneratedDocument.kind == KIND,
            GeneratedDocument.input_hash == digest,
        )
    ).first()
    if existing is not None and Path(existing.path).is_file():
        return Application(case.external_ref, case.id, xml, existing, False, sources)
    versions = session.exec(
        select(GeneratedDocument.version).where(
            GeneratedDocument.case_id == case.id, GeneratedDocument.kind == KIND
        )
    ).all()
    version = max(versions, default=0) + 1
    path = _drafts_folder(session, case, documents_dir) / f"{KIND}_v{version}.xml"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(xml)
    except OSError as exc:
        raise Refused(f"nie można zapisać wniosku {path}: {exc.strerror or exc}") from None
    document = existing or GeneratedDocument(
        case_id=case.id, kind=KIND, version=version, path="", sha256="", input_hash=digest
    )
    document.path, document.sha256 = str(path), digest
    session.add(document)
    session.flush()
    _clear(session, case.id)  # a person drafted it again: no longer held or rejected
    audit(
        session,
        actor or "system",
        "enforcement.epu_application",
        case.id,
        json.dumps({"document_id": document.id, "version": document.version}),
    )
    return Application(case.external_ref, case.id, xml, document, True, sources)


# --- submission ---------------------------------------------------------------------------

_WAY_OF = {label: way for way, label in WAY_KIND.items()}


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


@dataclass(frozen=True)
class Stored:
    """One stored application ready to go: its case, its ``WniosekEgzekucyjny`` element."""

    case_ref: str
    case_id: int
    document_id: int
    element: etree._Element
    komornik: str
    ways: frozenset[Way]
    clause_on: date


def _read_stored(doc: GeneratedDocument) -> etree._Element | None:
    """The application's element, None when the file is gone or was altered."""
    try:
        content = Path(doc.path).read_bytes()
    except OSError:
        return None
    if hashlib.sha256(content).hexdigest() != doc.sha256:
        return None
    root = etree.fromstring(content, etree.XMLParser(resolve_entities=False, no_network=True))
    found = root.find(_q("WniosekEgzekucyjny"))
    return found


@dataclass
class Gathered:
    ready: list[Stored] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # Polish lines


def gather(session: Session) -> Gathered:
    """The latest stored application of every case still waiting for the komornik."""
    out = Gathered()
    docs = session.exec(
        select(GeneratedDocument)
        .where(GeneratedDocument.kind == KIND)
        .order_by(col(GeneratedDocument.case_id), col(GeneratedDocument.version).desc())
    ).all()
    latest: dict[int, GeneratedDocument] = {}
    for doc in docs:
        latest.setdefault(doc.case_id, doc)
    from store.tables import CaseFinding

    marks = {
        (f.case_id, f.code): f.message
        for f in session.exec(select(CaseFinding).where(CaseFinding.source == SOURCE)).all()
    }
    for case_id, doc in sorted(latest.items()):
        case = session.get(Case, case_id)
        assert case is not None and doc.id is not None
        if Stage(case.stage) not in ENFORCEABLE:
            continue  # already with the komornik, or nothing left to enforce
        if (case_id, REJECTED_CODE) in marks:
            out.skipped.append(f"{case.external_ref}: {marks[case_id, REJECTED_CODE]}")
            continue
        if (case_id, HELD_CODE) in marks:
            out.skipped.append(
                f"{case.external_ref}: wynik poprzedniej wysyłki nieznany - sprawdź w portalu "
                "e-Sąd (złożony: handoff enforcement start; nie: handoff enforcement epu-xml)"
            )
            continue
        element = _read_stored(doc)
        if element is None:
            out.skipped.append(
                f"{case.external_ref}: plik wniosku {doc.path} brak lub zmieniony - "
                "sporządź go ponownie (handoff enforcement epu-xml)"
            )
            continue
        komornik = element.findtext(f"{_q('Komornik')}/{_q('Nazwa')}") or ""
        ways = frozenset(
            _WAY_OF[r.text or ""] for r in element.iter(_q("Rodzaj")) if (r.text or "") in _WAY_OF
        )
        clause_on = date.fromisoformat(
            element.findtext(f"{_q('Klauzula')}/{_q('DataKlauzuli')}") or ""
        )
        out.ready.append(
            Stored(case.external_ref, case_id, doc.id, element, komornik, ways, clause_on)
        )
    return out


def package(ready: list[Stored], label: str) -> bytes:
    """The ``WnioskiEgzekucyjneEPU`` package of the stored applications (IDs 1..n)."""
    root = etree.Element(_q("WnioskiEgzekucyjneEPU"), nsmap={"curr": NS})
    root.set("OznaczeniePaczki", label)
    for n, item in enumerate(ready, start=1):
        element = etree.fromstring(etree.tostring(item.element))
        element.set("ID", str(n))
        root.append(element)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def new_label(on: date) -> str:
    """A unique OznaczeniePaczki (at most 60 characters): ``egz-2026-12-01-3f9a1c``."""
    return f"{LABEL_PREFIX}-{on.isoformat()}-{secrets.token_hex(3)}"


@dataclass(frozen=True)
class Outcome:
    case_ref: str
    ordinal: int
    status: str  # accepted | rejected | not_sent | unknown | exported
    reason: str = ""
    note: str = ""

    def line(self) -> str:
        where = f"{self.case_ref} (poz. {self.ordinal})"
        text = {
            "accepted": f"przyjęto: {where} - zapisano wniosek egzekucyjny (etap: egzekucja)",
            "rejected": f"odrzucono: {where}: {self.reason}",
            "not_sent": f"nie złożono: {where} - pójdzie w następnej paczce",
            "unknown": f"wynik nieznany: {where} - sprawdź w portalu e-Sąd przed ponowną wysyłką",
            "exported": f"do ręcznego wysłania: {where}",
        }[self.status]
        if self.reason and self.status in ("not_sent", "unknown"):
            text += f"; {self.reason}"
        return text + (f" ({self.note})" if self.note else "")

    def as_json(self) -> dict[str, Any]:
        return {
            "case": self.case_ref,
            "ordinal": self.ordinal,
            "status": self.status,
            "reason": self.reason,
            "note": self.note,
        }


@dataclass
class Report:
    label: str
    file: Path | None
    sent: bool
    outcomes: list[Outcome] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    message: str = ""  # the court's words on the package

    def as_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "file": str(self.file) if self.file else None,
            "sent": self.sent,
            "message": self.message,
            "applications": [o.as_json() for o in self.outcomes],
            "skipped": self.skipped,
        }


def _reject(session: Session, case_id: int, reason: str) -> None:
    _set_finding(
        session,
        case_id,
        REJECTED_CODE,
        f"e-Sąd odrzucił wniosek egzekucyjny EPU: {reason} - popraw dane i sporządź go "
        "ponownie (handoff enforcement epu-xml)",
    )


def _set_finding(session: Session, case_id: int, code: str, message: str) -> None:
    replace_findings(session, case_id, {SOURCE: [Finding(code, Severity.WARNING, message)]})


class SubmissionFailed(CaseworkError):
    """The service failed (fault, wrong credentials, timeout): one Polish line; ``report``
    says what became of each application (nothing was recorded as lodged)."""

    def __init__(self, message: str, report: Report | None = None) -> None:
        super().__init__(message)
        self.report = report


def _clear(session: Session, case_id: int) -> None:
    replace_findings(session, case_id, {SOURCE: []})


def _failure(exc: EsadError, url: str) -> str:
    if isinstance(exc, EsadAuthError):
        return (
            "e-Sąd odrzucił logowanie (HANDOFF_ESAD_LOGIN / HANDOFF_ESAD_PASSWORD / "
            f"HANDOFF_ESAD_API_KEY): {exc.description or exc.code}; nic nie złożono"
        )
    if isinstance(exc, EsadUnavailable) and not exc.maybe_delivered:
        return f"e-Sąd niedostępny ({url}): nie wysłano paczki; spróbuj ponownie później"
    if isinstance(exc, EsadUnavailable | EsadMalformed):
        return (
            f"e-Sąd nie dał czytelnej odpowiedzi ({url}): wynik paczki nieznany - nic nie "
            "zapisano; sprawdź w portalu e-Sąd przed ponowną wysyłką"
        )
    words = exc.description if isinstance(exc, EsadFault) and exc.description else str(exc)
    return f"e-Sąd odrzucił paczkę: {words}; nic nie złożono"


def submit_applications(
    engine: sa.Engine,
    client: EsadEnforcementClient | None,
    *,
    on: date,
    today: date,
    actor: str,
    out_dir: Path,
    output: Path | None = None,
    label: str | None = None,
) -> Report:
    """Send the stored EPU enforcement applications (module doc); raises
    :class:`SubmissionFailed` when the service failed (the report says what became of
    each application) and :class:`casework.Refused` for bad input."""
    if on > today:
        raise Refused(f"--date nie może być w przyszłości ({on.isoformat()})")
    with Session(engine) as session:
        gathered = gather(session)
    label = label or new_label(on)
    report = Report(label, None, False, skipped=gathered.skipped)
    if not gathered.ready:
        return report
    xml = package(gathered.ready, label)
    problems = validate_enforcement(xml)
    if problems:  # the stored applications were valid one by one: a bug, not user input
        raise Refused(f"paczka wniosków niezgodna ze schematem e-Sądu: {problems[0]}")
    path = output or out_dir / f"{label}.xml"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(xml)
    except OSError as exc:
        raise Refused(f"nie można zapisać paczki {path}: {exc.strerror or exc}") from None
    report.file = path
    ready = gathered.ready
    if client is None:
        report.outcomes = [Outcome(r.case_ref, n, "exported") for n, r in enumerate(ready, 1)]
        return report
    with session_scope(engine) as session:  # held until the answer is known (a crash: held)
        for r in ready:
            _set_finding(
                session,
                r.case_id,
                HELD_CODE,
                f"Wniosek egzekucyjny EPU wysłany w paczce {label}: wynik nieznany - sprawdź "
                "w portalu e-Sąd przed ponowną wysyłką",
            )
            audit(
                session, actor, "enforcement.epu_sending", r.case_id, json.dumps({"label": label})
            )
    report.sent = True
    try:
        answer = client.file_enforcement_applications(xml)
    except EnforcementValidationError as exc:
        results = {a.ordinal: a for a in exc.result.applications}
        with session_scope(engine) as session:
            for n, r in enumerate(ready, 1):
                got = results.get(n)
                if got is not None and not got.accepted:
                    _reject(session, r.case_id, got.reason)
                    report.outcomes.append(Outcome(r.case_ref, n, "rejected", got.reason))
                elif exc.in_fault:
                    _clear(session, r.case_id)
                    report.outcomes.append(
                        Outcome(r.case_ref, n, "not_sent", "paczka odrzucona w całości")
                    )
                else:  # a regular answer saying ValidationError: fate unknown, held
                    report.outcomes.append(Outcome(r.case_ref, n, "unknown", exc.description))
        report.message = exc.result.description or exc.description
        return report
    except EsadError as exc:
        unknown = isinstance(exc, EsadUnavailable | EsadMalformed) and (
            not isinstance(exc, EsadUnavailable) or exc.maybe_delivered
        )
        with session_scope(engine) as session:
            for n, r in enumerate(ready, 1):
                if not unknown:
                    _clear(session, r.case_id)
                report.outcomes.append(Outcome(r.case_ref, n, "unknown" if unknown else "not_sent"))
        raise SubmissionFailed(_failure(exc, client.url), report) from exc
    report.message = answer.description
    results = {a.ordinal: a for a in answer.applications}
    for n, r in enumerate(ready, 1):
        got = results.get(n)
        with session_scope(engine) as session:
            if got is None:
                report.outcomes.append(
                    Outcome(r.case_ref, n, "unknown", "brak wyniku w odpowiedzi e-Sądu")
                )
                continue
            if not got.accepted:
                _reject(session, r.case_id, got.reason)
                report.outcomes.append(Outcome(r.case_ref, n, "rejected", got.reason))
                continue
            _clear(session, r.case_id)
        note = ""
        try:
            with session_scope(engine) as session:
                start_enforcement(
                    session,
                    f"#{r.case_id}",
                    komornik=r.komornik,
                    ways=r.ways,
                    on=on,
                    today=today,
                    clause_on=r.clause_on,
                    actor=actor,
                )
                audit(
                    session,
                    actor,
                    "enforcement.epu_lodged",
                    r.case_id,
                    json.dumps({"label": label, "ordinal": n}),
                )
        except Refused as exc:
            note = f"nie zapisano wniosku w sprawie: {exc}"
        report.outcomes.append(Outcome(r.case_ref, n, "accepted", note=note))
    return report
