"""Importing what e-Sąd knows of our filed EPU cases (``handoff epu sync``).

For every EPU case we filed that is still before the court (a lawsuit e-Sąd accepted, or an
EPU case filed by hand), read what the court's web service says and record it through the
existing lifecycle (``casework.court_events.record_court_event``: ``law.lifecycle`` decides
whether it fits and where the case goes; the deadline engine opens the deadlines):

    MojeSprawy          the court's signature and the day the case became final
                        (``dataPrawomocnosci`` -> payment-order-final)
    MojeNakazy          each payment order: issued (``dataOrzeczenia`` -> payment-order-issued),
                        final (``dataPrawomocnosci``), and its document (``dokumentXml``, the
                        court's XML of the nakaz) kept as a case document with its SHA-256
    MojeDoreczeniaVer2  a delivery of the order to the defendant (payment-order-served: the
                        two weeks for the sprzeciw start, art. 502 §1, 505 KPC)
    HistoriaSprawy...   every history entry, read by :func:`read_entry`: order issued,
    WgPowoda            served on the defendant, sprzeciw (the case moves to ordinary
                        proceedings before the court of general jurisdiction), final,
                        umorzenie (epu-discontinued), zwrot pozwu, klauzula wykonalności

The EPU title for enforcement is the final order: the step into ``final`` by
payment-order-final (``casework.enforcement`` reads it). A klauzula entry therefore records
payment-order-final on the day the court gives as ``dataPrawomocnosci``; without that day
nothing is guessed and the entry waits ("unresolved") until the court states it or a person
records the event by hand.

Nothing is guessed: an entry :func:`read_entry` does not know is kept (``unknown``: stored,
listed, never mapped), and so is a delivery that does not say it went to the defendant.
Every entry read is written once to the audit log (action :data:`AUDIT_ACTION`, keyed by
the court's identity of the entry) in the transaction that records its event, so a second
sync records nothing twice and a sync that crashed half-way re-runs cleanly (what was
committed is "seen", the rest is done now). A court event already recorded by hand on the
same day is not recorded again (``store.timeline.same_event``); one recorded on another day
is left as it is and the difference is reported.

Assumptions (UNCONFIRMED against the live service): the wording of history entries and
delivery descriptions (the WSDL types ``opis`` as free text; :data:`READINGS` is written
from the e-Sąd portal's usual phrases and matched conservatively: any negation such as
"odmowa", "odrzucono", "uchylono" makes an entry unknown); that MojeDoreczenia lists the
letters of the account's cases, the defendant's among them, named in ``opis``.
``OznaczSprawyJakoPobrane`` marks enforcement applications as downloaded (the WSDL: "Wynik
ustawienia wniosków egzekucyjnych jako pobrane", input ``idWnioskowEgzekucyjnych``): a
komornik's operation, so the sync does not call it. ``ListaTresciNakazowPDFVer2`` answers
order PDFs by enforcement application ids: :func:`import_order_pdfs` keeps them as case
documents for a caller that has those ids (the enforcement filing).

Law: after an effective sprzeciw in EPU the case goes to the court of general jurisdiction
(polish_law.md §6.2, CONFIRMED; the article and "the court the plaintiff indicated":
UNCONFIRMED, law.lifecycle). The plaintiff's duty to supplement the pozew there (art. 505^37
KPC) and its term are not in the team reference: UNCONFIRMED, so no deadline is planned;
the outcome tells the firm to watch for the court's call.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from casework import CaseworkError, Refused
from config import FIRM_TZ
from integrations.esad import (
    CourtCase,
    Delivery,
    EsadAuthError,
    EsadClient,
    EsadError,
    EsadFault,
    EsadUnavailable,
    HistoryEntry,
    PaymentOrder,
)
from law.pl.deadlines import EVENT_LABELS, EventKind
from law.stages import PENDING_IN_COURT, STAGE_LABELS, Stage
from store import esad as esad_store
from store.db import session_scope
from store.tables import AuditLog, Case, CaseStep, CourtEvent, GeneratedDocument

AUDIT_ACTION = "esad_import"
DOCUMENT_ACTION = "esad_document"
ORDER_DOCUMENT = "nakaz_epu"  # GeneratedDocument.kind of the order's XML (MojeNakazy)
ORDER_PDF = "nakaz_epu_pdf"  # GeneratedDocument.kind of an order PDF (ListaTresciNakazowPDF)
# StatusDokumentu of an order that is not (or no longer) in force
ORDER_NOT_IN_FORCE = frozenset({"odrzucono", "odrzucono_prawomocnie", "uchylono", "umorzono"})
SYNC_STAGES = PENDING_IN_COURT | {Stage.FINAL}
PAGE_SIZE = 100

# markers: entries that are understood but record no event
CLAUSE = "clause"  # klauzula wykonalności: the final title (see the module docstring)
REFERRAL = "referral"  # przekazanie sprawy do sądu właściwości ogólnej (after a sprzeciw)
FILING = "filing"  # wpływ pozwu: the filing, recorded when the court accepted the lawsuit
SERVED_ON_US = "served-on-us"  # a letter delivered to the plaintiff: no term of ours runs
LAPSED = "order-not-in-force"  # MojeNakazy: the order's status says it is not in force
Reading = EventKind | str | None
MARKER_LABELS = {
    CLAUSE: "klauzula wykonalności",
    REFERRAL: "przekazanie sprawy do sądu właściwości ogólnej",
    FILING: "wpływ pozwu",
    SERVED_ON_US: "doręczenie powodowi",
    LAPSED: "nakaz nie w mocy",
}


def reading_label(kind: str) -> str:
    """The Polish name of what an entry was read as ("" when not understood)."""
    if kind in {k.value for k in EventKind}:
        return EVENT_LABELS[EventKind(kind)]
    return MARKER_LABELS.get(kind, "")


SUPPLEMENT_NOTE = (
    "po sprzeciwie sprawa trafia do sądu właściwości ogólnej: czekaj na wezwanie tego sądu "
    "do uzupełnienia pozwu i zapisz je (handoff event add --kind call-served); obowiązek i "
    "termin uzupełnienia (art. 505^37 KPC) spoza referencji - UNCONFIRMED, terminu nie "
    "zaplanowano"
)

# The reading of a court text, first match wins (words are matched without Polish
# diacritics, lower case). UNCONFIRMED wording: see the module docstring.
_NEGATIONS = ("odmow", "odrzuc", "uchyl", "oddal", "zazalen", "skarg", "wniosek o")
READINGS: tuple[tuple[tuple[str, ...], str | None, Reading], ...] = (
    # (every word that must occur, the category it must have or None, the reading)
    (("klauzul",), None, CLAUSE),
    (("sprzeciw",), None, EventKind.OBJECTION_FILED),
    (("przekazan", "sad"), None, REFERRAL),
    (("umorz",), None, EventKind.EPU_DISCONTINUED),
    (("zwrot", "pozwu"), None, EventKind.LAWSUIT_RETURNED),
    (("zwrot", "pozew"), None, EventKind.LAWSUIT_RETURNED),
    (("zwroc", "pozwu"), None, EventKind.LAWSUIT_RETURNED),
    (("zwroc", "pozew"), None, EventKind.LAWSUIT_RETURNED),
    (("nakaz", "prawomoc"), None, EventKind.PAYMENT_ORDER_FINAL),
    (("nakaz", "pozwan"), "doreczenie", EventKind.PAYMENT_ORDER_SERVED),
    (("nakaz", "doreczon", "pozwan"), None, EventKind.PAYMENT_ORDER_SERVED),
    (("nakaz", "powod"), "doreczenie", SERVED_ON_US),
    (("nakaz", "pelnomocnik"), "doreczenie", SERVED_ON_US),
    (("nakaz", "wydan"), None, EventKind.PAYMENT_ORDER_ISSUED),
    (("nakaz", "wydal"), None, EventKind.PAYMENT_ORDER_ISSUED),
    (("wplyw", "pozw"), None, FILING),
)
# words that keep a reading from applying: a return for an unpaid fee (art. 130^2 KPC) is
# another event than a return for formal defects, and which one e-Sąd means is not known
_UNLESS: dict[Reading, tuple[str, ...]] = {EventKind.LAWSUIT_RETURNED: ("oplat", "oplac")}
# the order in which same-day events are applied (the lifecycle's order)
_RANK = {
    EventKind.PAYMENT_ORDER_ISSUED: 0,
    EventKind.PAYMENT_ORDER_SERVED: 1,
    EventKind.OBJECTION_FILED: 2,
    EventKind.LAWSUIT_RETURNED: 2,
    EventKind.EPU_DISCONTINUED: 2,
    EventKind.PAYMENT_ORDER_FINAL: 3,
}
# kinds a case has at most once per filing: a second one on another day is reported
_ONCE = frozenset(_RANK)


def _plain(text: str) -> str:
    """Lower case without Polish diacritics: ``Doręczono`` -> ``doreczono``.

    >>> _plain("Nadano KLAUZULĘ wykonalności, przekazano do Sądu Łódź")
    'nadano klauzule wykonalnosci, przekazano do sadu lodz'
    """
    text = text.lower().replace("ł", "l")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def read_entry(category: str, text: str) -> Reading:
    """What a history entry (or a delivery's description) says: an EventKind, one of the
    markers (:data:`CLAUSE`, :data:`REFERRAL`, :data:`FILING`, :data:`SERVED_ON_US`), or
    None when it is not understood (kept as unknown, never guessed).

    >>> read_entry("orzeczenie", "Wydano nakaz zapłaty")
    <EventKind.PAYMENT_ORDER_ISSUED: 'payment-order-issued'>
    >>> read_entry("orzeczenie", "Odmowa nadania klauzuli wykonalności") is None
    True
    """
    words = _plain(text)
    if not words or any(n in words for n in _NEGATIONS):
        return None
    for needed, in_category, reading in READINGS:
        if in_category is not None and category != in_category:
            continue
        if all(w in words for w in needed):
            if any(w in words for w in _UNLESS.get(reading, ())):
                return None
            return reading
    return None


def _referral_court(text: str) -> str:
    """The court a referral names (``Przekazano sprawę do Sądu Rejonowego w Kielcach``)."""
    match = re.search(r"\bdo\s+(s[ąa]d\w*\b.*)$", " ".join(text.split()), re.IGNORECASE)
    return match.group(1).strip(" .") if match else ""


# --- outcomes ------------------------------------------------------------------------------


class SyncFailed(CaseworkError):
    """e-Sąd failed during the sync (one Polish line); ``report`` holds what was done
    before (committed: a re-run goes on from there)."""

    def __init__(self, message: str, report: SyncReport) -> None:
        super().__init__(message)
        self.report = report


@dataclass(frozen=True)
class EntryOutcome:
    """One thing e-Sąd said about a case, and what the sync made of it."""

    source: str  # historia | nakaz | doreczenie | sprawa
    key: str  # the court's identity of the entry (the idempotency key)
    on: date
    text: str  # the court's words (or what the structured field means, Polish)
    kind: str  # the EventKind value or marker it was read as; "" not understood
    status: str  # recorded | already | refused | unknown | noted | unresolved | seen
    new: bool  # False: read in an earlier sync (``status`` is what it became then)
    note: str = ""
    stage_after: str = ""
    was: str = ""  # seen: the status it got when it was first read

    def line(self, case_ref: str) -> str:
        label = reading_label(self.kind)
        what = f"{self.on.isoformat()} {self.text!r}" + (f" ({label})" if label else "")
        text = {
            "recorded": "zapisano",
            "already": "już zapisane",
            "refused": "nie zapisano",
            "unknown": "nierozpoznany wpis - zachowano, wymaga oceny osoby",
            "noted": "odnotowano",
            "unresolved": "nie zapisano jeszcze",
            "seen": "wczytane wcześniej",
        }[self.status]
        if self.status == "recorded" and self.stage_after:
            text += f", etap: {STAGE_LABELS[Stage(self.stage_after)]}"
        tail = f": {self.note}" if self.note else ""
        return f"{case_ref}: {what} - {text}{tail}"

    def as_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "key": self.key,
            "on": self.on.isoformat(),
            "text": self.text,
            "kind": self.kind,
            "label": reading_label(self.kind),
            "status": self.status,
            "new": self.new,
            "note": self.note,
            "stage_after": self.stage_after,
            "was": self.was,
        }


@dataclass(frozen=True)
class DocumentOutcome:
    kind: str  # nakaz_epu | nakaz_epu_pdf
    path: str
    sha256: str
    version: int
    stored: bool  # False: the same content was kept already

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "path": self.path,
            "sha256": self.sha256,
            "version": self.version,
            "stored": self.stored,
        }


@dataclass
class CaseSync:
    case_ref: str
    case_id: int
    our_ref: str
    signature: str = ""
    state: str = ""  # the court's stanSprawy
    note: str = ""
    entries: list[EntryOutcome] = field(default_factory=list)
    documents: list[DocumentOutcome] = field(default_factory=list)
    # the court's identifiers of each payment order (MojeNakazy: id, kodDecyzji), which the
    # EPU wniosek egzekucyjny names (``handoff enforcement epu-xml --order-id --decision-code``)
    orders: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "case": self.case_ref,
            "our_ref": self.our_ref,
            "signature": self.signature,
            "state": self.state,
            "note": self.note,
            "entries": [e.as_json() for e in self.entries],
            "documents": [d.as_json() for d in self.documents],
            "orders": self.orders,
        }


@dataclass
class SyncReport:
    cases: list[CaseSync] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # Polish lines

    def entries(self, *statuses: str) -> list[tuple[str, EntryOutcome]]:
        return [(c.case_ref, e) for c in self.cases for e in c.entries if e.status in statuses]

    def as_json(self) -> dict[str, Any]:
        return {
            "cases": [c.as_json() for c in self.cases],
            "recorded": len(self.entries("recorded")),
            "unknown": [
                {"case": ref, **e.as_json()} for ref, e in self.entries("unknown") if e.new
            ],
            "documents_stored": sum(d.stored for c in self.cases for d in c.documents),
            "skipped": self.skipped,
        }


# --- the sync ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Target:
    case_id: int
    case_ref: str
    our_ref: str  # SprawaWgPowoda
    signature: str  # the court's, when known
    filed_on: date | None


@dataclass(frozen=True)
class _Item:
    source: str
    key: str
    on: date
    text: str
    reading: Reading
    signature: str
    note: str = ""


def _court_day(at: datetime) -> date:
    """The court's day of a timestamp (naive: the court's Warsaw time)."""
    return at.astimezone(FIRM_TZ).date() if at.tzinfo is not None else at.date()


def _targets(engine: sa.Engine) -> tuple[list[_Target], list[str]]:
    """Our filed EPU cases still before the court (see the module docstring)."""
    skipped: list[str] = []
    with Session(engine) as session:
        accepted = {
            r.case_id: r for r in esad_store.live_lawsuits(session) if r.status == "accepted"
        }
        rows = session.exec(
            select(Case)
            .where(
                sa.or_(
                    col(Case.id).in_(list(accepted)),
                    sa.and_(
                        col(Case.procedure) == "epu",
                        col(Case.stage).in_([s.value for s in SYNC_STAGES]),
                    ),
                )
            )
            .order_by(col(Case.id))
        ).all()
        out = []
        for case in rows:
            assert case.id is not None
            if Stage(case.stage) not in SYNC_STAGES:  # past the court (enforcement, paid...)
                if Stage(case.stage) is Stage.APPROVED:  # or never marked filed: say so
                    skipped.append(
                        f"{case.external_ref}: e-Sąd przyjął pozew, ale wniesienia nie "
                        f"zapisano - zapisz je: handoff cases file {case.external_ref} --on "
                        "DATA --mode portal"
                    )
                continue
            lawsuit = accepted.get(case.id)
            filings = session.exec(
                select(CaseStep)
                .where(CaseStep.case_id == case.id, CaseStep.trigger == "lawsuit-filed")
                .order_by(col(CaseStep.id))
            ).all()
            out.append(
                _Target(
                    case.id,
                    case.external_ref,
                    lawsuit.our_ref if lawsuit is not None else case.external_ref,
                    (lawsuit.court_signature if lawsuit is not None else "")
                    or (filings[-1].signature if filings else ""),
                    filings[-1].occurred_on if filings else None,
                )
            )
    return out, skipped


def _all_orders(client: EsadClient, since: datetime | None) -> dict[str, list[PaymentOrder]]:
    by_ref: dict[str, list[PaymentOrder]] = {}
    page = 1
    while True:
        found = client.my_orders(page=page, page_size=PAGE_SIZE, date_from=since)
        for order in found.orders:
            by_ref.setdefault(order.our_ref, []).append(order)
        if page >= found.pages:
            return by_ref
        page += 1


def _all_deliveries(client: EsadClient, since: datetime | None) -> dict[str, list[Delivery]]:
    by_ref: dict[str, list[Delivery]] = {}
    page = 1
    while True:
        found = client.my_deliveries(
            page=page,
            page_size=PAGE_SIZE,
            date_kind=1 if since is not None else 0,  # by the day sent
            date_from=since,
            status=1,  # delivered only: an undelivered letter starts nothing
        )
        for delivery in found.deliveries:
            by_ref.setdefault(delivery.our_ref, []).append(delivery)
        if page >= found.pages:
            return by_ref
        page += 1


def _history(client: EsadClient, our_ref: str) -> list[HistoryEntry]:
    entries: list[HistoryEntry] = []
    page = 1
    while True:
        found = client.case_history(our_ref, page=page, page_size=PAGE_SIZE)
        entries.extend(found.entries)
        if page >= found.pages:
            return entries
        page += 1


def _history_key(entry: HistoryEntry) -> str:
    at = entry.at.isoformat() if entry.at else ""
    raw = f"{at}|{entry.category}|{entry.description}".encode()
    return "historia:" + hashlib.sha256(raw).hexdigest()[:32]


def _items(
    target: _Target,
    court: CourtCase,
    orders: list[PaymentOrder],
    deliveries: list[Delivery],
    history: list[HistoryEntry],
) -> list[_Item]:
    """Everything the court says about one case, in the order the lifecycle takes it."""
    signature = court.signature or target.signature
    items: list[_Item] = []
    final_on = court.final_on
    ours = [o for o in orders if not o.signature or not signature or o.signature == signature]
    for order in ours:
        if order.issued_at is None:
            continue
        if order.status in ORDER_NOT_IN_FORCE:
            items.append(
                _Item(
                    "nakaz",
                    f"nakaz:{order.id}:status:{order.status}",
                    _court_day(order.issued_at),
                    f"nakaz zapłaty nr {order.id}, status {order.status}",
                    LAPSED,
                    signature,
                    "nakaz nie jest w mocy według e-Sądu (statusDokumentu)",
                )
            )
            continue
        items.append(
            _Item(
                "nakaz",
                f"nakaz:{order.id}:wydany",
                _court_day(order.issued_at),
                f"wydano nakaz zapłaty nr {order.id}",
                EventKind.PAYMENT_ORDER_ISSUED,
                signature,
                f"e-Sąd (MojeNakazy), nakaz nr {order.id}",
            )
        )
        if order.final_at is not None:
            final_on = final_on or _court_day(order.final_at)
            items.append(
                _Item(
                    "nakaz",
                    f"nakaz:{order.id}:prawomocny",
                    _court_day(order.final_at),
                    f"nakaz zapłaty nr {order.id} prawomocny",
                    EventKind.PAYMENT_ORDER_FINAL,
                    signature,
                    f"e-Sąd (MojeNakazy), nakaz nr {order.id}",
                )
            )
    if court.final_on is not None:
        items.append(
            _Item(
                "sprawa",
                f"sprawa:{signature or target.our_ref}:prawomocna",
                court.final_on,
                "data prawomocności sprawy",
                EventKind.PAYMENT_ORDER_FINAL,
                signature,
                "e-Sąd (MojeSprawy: dataPrawomocnosci)",
            )
        )
    for delivery in deliveries:
        if delivery.served_at is None:
            continue
        reading = read_entry("doreczenie", delivery.description)
        items.append(
            _Item(
                "doreczenie",
                f"doreczenie:{delivery.id}",
                _court_day(delivery.served_at),
                delivery.description,
                reading,
                signature,
                f"e-Sąd (MojeDoreczenia), doręczenie nr {delivery.id}",
            )
        )
    referral = ""
    for entry in history:
        if entry.at is None:
            continue
        reading = read_entry(entry.category, entry.description)
        if reading == REFERRAL:
            referral = _referral_court(entry.description)
        items.append(
            _Item(
                "historia",
                _history_key(entry),
                _court_day(entry.at),
                entry.description,
                reading,
                signature,
                "e-Sąd (HistoriaSprawy)",
            )
        )
    out = []
    for item in items:
        note = item.note
        if item.reading == EventKind.OBJECTION_FILED and referral:
            note += f"; sprawa przekazana do: {referral}"
        if item.reading == CLAUSE and final_on is not None:
            note = f"klauzula wykonalności nadana {item.on.isoformat()}; nakaz prawomocny " + (
                f"{final_on.isoformat()} (tytuł wykonawczy w e-Sądzie)"
            )
        out.append(_Item(item.source, item.key, item.on, item.text, item.reading, signature, note))
    return sorted(out, key=lambda i: (i.on, _RANK.get(i.reading, 9), i.key))  # type: ignore[arg-type]


def _seen(session: Session, case_id: int) -> dict[str, dict[str, Any]]:
    """The entries of the case read in earlier syncs, by key."""
    seen: dict[str, dict[str, Any]] = {}
    for detail in session.exec(
        select(AuditLog.detail).where(AuditLog.case_id == case_id, AuditLog.action == AUDIT_ACTION)
    ).all():
        try:
            data = json.loads(detail)
        except ValueError:
            continue
        if isinstance(data, dict) and isinstance(data.get("key"), str):
            seen[data["key"]] = data
    return seen


def _live_events(session: Session, case_id: int, kind: EventKind) -> list[CourtEvent]:
    return list(
        session.exec(
            select(CourtEvent).where(
                CourtEvent.case_id == case_id,
                CourtEvent.kind == kind.value,
                col(CourtEvent.deleted_at).is_(None),
            )
        ).all()
    )


def _apply(
    engine: sa.Engine,
    target: _Target,
    item: _Item,
    *,
    final_on: date | None,
    today: date,
    actor: str,
) -> EntryOutcome:
    """Record one item in its own transaction (the case row locked first), with its audit
    row; an item read in an earlier sync is only reported."""
    from casework.court_events import record_court_event

    kind_text = item.reading.value if isinstance(item.reading, EventKind) else (item.reading or "")
    with session_scope(engine) as session:
        case = session.get(Case, target.case_id, with_for_update=True)
        assert case is not None
        session.refresh(case)
        previous = _seen(session, target.case_id).get(item.key)
        if previous is not None:
            return EntryOutcome(
                item.source,
                item.key,
                item.on,
                item.text,
                kind_text,
                "seen",
                False,
                str(previous.get("note", "")),
                was=str(previous.get("status", "")),
            )
        status, note, stage_after, event_id = "noted", item.note, "", None
        reading = item.reading
        if reading == CLAUSE:
            if final_on is None:
                return EntryOutcome(  # not stored: looked at again at the next sync
                    item.source,
                    item.key,
                    item.on,
                    item.text,
                    kind_text,
                    "unresolved",
                    True,
                    "e-Sąd nie podał daty prawomocności nakazu; zapisz ją ręcznie: handoff "
                    f"event add {target.case_ref} --kind payment-order-final --on DATA",
                )
        elif reading is None:
            status = "unknown"
            note = (item.note + "; " if item.note else "") + "wpis nierozpoznany"
        elif isinstance(reading, EventKind):
            earlier = [e for e in _live_events(session, target.case_id, reading)]
            if reading in _ONCE and earlier and all(e.occurred_on != item.on for e in earlier):
                days = ", ".join(sorted(e.occurred_on.isoformat() for e in earlier))
                status = "already"
                note = f"zapisane wcześniej z datą {days}; e-Sąd podaje {item.on.isoformat()}"
                if reading is EventKind.PAYMENT_ORDER_FINAL or item.source != "historia":
                    note += " - sprawdź datę"
            else:
                try:
                    outcome = record_court_event(
                        session,
                        f"#{target.case_id}",
                        reading,
                        item.on,
                        today=today,
                        signature=item.signature,
                        note=item.note[:500],
                        actor=actor,
                    )
                except Refused as exc:
                    status, note = "refused", str(exc)
                else:
                    event_id = outcome.event.id
                    status = "recorded" if outcome.recorded else "already"
                    stage_after = outcome.stage_after if outcome.moved else ""
                    if reading is EventKind.OBJECTION_FILED and outcome.recorded:
                        note = (item.note + "; " if item.note else "") + SUPPLEMENT_NOTE
        session.add(
            AuditLog(
                actor=actor,
                action=AUDIT_ACTION,
                case_id=target.case_id,
                detail=json.dumps(
                    {
                        "key": item.key,
                        "source": item.source,
                        "on": item.on.isoformat(),
                        "text": item.text,
                        "kind": kind_text,
                        "status": status,
                        "note": note,
                        "event_id": event_id,
                    },
                    ensure_ascii=False,
                ),
            )
        )
        return EntryOutcome(
            item.source, item.key, item.on, item.text, kind_text, status, True, note, stage_after
        )


def _failure(exc: EsadError, url: str) -> str:
    if isinstance(exc, EsadAuthError):
        return (
            "e-Sąd odrzucił logowanie (HANDOFF_ESAD_LOGIN / HANDOFF_ESAD_PASSWORD / "
            "HANDOFF_ESAD_API_KEY)"
        )
    if isinstance(exc, EsadUnavailable):
        return f"e-Sąd ({url}) nie odpowiada"
    if isinstance(exc, EsadFault):
        return f"e-Sąd zwrócił błąd {exc.code or exc.fault_code}: {exc.description or 'bez opisu'}"
    return "odpowiedzi e-Sądu nie da się odczytać"


def sync_cases(
    engine: sa.Engine,
    client: EsadClient,
    *,
    today: date,
    actor: str,
    documents_dir: Path,
) -> SyncReport:
    """Read e-Sąd for every filed EPU case and record what it says (module docstring).

    Raises :class:`SyncFailed` when the service fails; what was recorded before stays
    recorded (each entry commits on its own) and the next sync goes on from there.
    """
    report = SyncReport()
    targets, report.skipped = _targets(engine)
    if not targets:
        return report
    filed = [t.filed_on for t in targets if t.filed_on is not None]
    since = datetime.combine(min(filed), time(0, 0)) if filed else None
    try:
        orders = _all_orders(client, since)
        deliveries = _all_deliveries(client, since)
    except EsadError as exc:
        raise SyncFailed(f"{_failure(exc, client.url)}; nic nie zapisano", report) from exc
    for target in targets:
        synced = CaseSync(target.case_ref, target.case_id, target.our_ref, target.signature)
        report.cases.append(synced)
        try:
            court = client.find_case(target.our_ref)
            if court is None:
                synced.note = "e-Sąd nie zarejestrował jeszcze tej sprawy"
                continue
            history = _history(client, target.our_ref)
        except EsadFault as exc:
            if exc.code != "NotFound":
                raise SyncFailed(
                    f"{_failure(exc, client.url)} przy sprawie {target.case_ref}; zapisane "
                    "wcześniej zostaje - uruchom 'handoff epu sync' ponownie",
                    report,
                ) from exc
            synced.note = "e-Sąd nie zwrócił historii tej sprawy (NotFound)"
            continue
        except EsadError as exc:
            raise SyncFailed(
                f"{_failure(exc, client.url)} przy sprawie {target.case_ref}; zapisane "
                "wcześniej zostaje - uruchom 'handoff epu sync' ponownie",
                report,
            ) from exc
        synced.signature, synced.state = court.signature or target.signature, court.state
        if court.signature and court.signature != target.signature:
            _remember_signature(engine, target, court.signature, actor=actor)
        mine = orders.get(target.our_ref, [])
        synced.orders = [
            {
                "id": o.id,
                "decision_code": o.decision_code,
                "signature": o.signature,
                "issued_on": _court_day(o.issued_at).isoformat() if o.issued_at else None,
                "final_on": _court_day(o.final_at).isoformat() if o.final_at else None,
                "status": o.status,
            }
            for o in mine
        ]
        items = _items(target, court, mine, deliveries.get(target.our_ref, []), history)
        final_on = court.final_on or next(
            (_court_day(o.final_at) for o in mine if o.final_at is not None), None
        )
        for item in items:
            synced.entries.append(
                _apply(engine, target, item, final_on=final_on, today=today, actor=actor)
            )
        for order in mine:
            if order.document_xml:
                synced.documents.append(
                    keep_court_document(
                        engine,
                        target.case_id,
                        ORDER_DOCUMENT,
                        f"nakaz-epu-{order.id}.xml",
                        order.document_xml.encode("utf-8"),
                        documents_dir=documents_dir,
                        actor=actor,
                    )
                )
    return report


def _remember_signature(engine: sa.Engine, target: _Target, signature: str, *, actor: str) -> None:
    """The court's signature onto the accepted lawsuit and its filing step (as --poll)."""
    with session_scope(engine) as session:
        live = esad_store.live_lawsuits(session, [target.case_id])
        for row in live:
            if row.status == "accepted" and not row.court_signature:
                esad_store.settle_lawsuit(
                    session, row, "accepted", actor=actor, signature=signature
                )
                if row.filing_step_id is not None:
                    esad_store.set_filing_signature(
                        session, row.filing_step_id, signature, actor=actor
                    )


# --- case documents from the court ---------------------------------------------------------


def _case_folder(session: Session, case_id: int, documents_dir: Path) -> Path:
    """The folder the case's drafts are kept in (that of its newest stored draft), else
    ``<documents>/<case id>``."""
    paths = session.exec(
        select(GeneratedDocument.path)
        .where(GeneratedDocument.case_id == case_id)
        .order_by(col(GeneratedDocument.id).desc())
    ).all()
    for stored in paths:
        path = Path(stored)
        if path.is_absolute():
            return path.parent
    return documents_dir / str(case_id)


def _safe_name(name: str) -> str:
    keep = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(name).name).strip("._")
    return keep[:120] or "dokument"


def keep_court_document(
    engine: sa.Engine,
    case_id: int,
    kind: str,
    name: str,
    payload: bytes,
    *,
    documents_dir: Path,
    actor: str,
) -> DocumentOutcome:
    """Keep a document the court sent (an order's XML or PDF) in the case's folder as a
    ``GeneratedDocument`` of ``kind`` with its SHA-256 (``store.integrity`` verifies it
    before it is served). The same content kept again stores nothing (its SHA-256 is the
    row's ``input_hash``); a file lost from disk is written again."""
    digest = hashlib.sha256(payload).hexdigest()
    with session_scope(engine) as session:
        case = session.get(Case, case_id, with_for_update=True)
        assert case is not None
        docs = session.exec(
            select(GeneratedDocument).where(
                GeneratedDocument.case_id == case_id, GeneratedDocument.kind == kind
            )
        ).all()
        same = next((d for d in docs if d.input_hash == digest), None)
        if same is not None:
            path = Path(same.path)
            if not path.is_file():
                _write(path, payload)
            return DocumentOutcome(kind, same.path, same.sha256, same.version, False)
        version = max((d.version for d in docs), default=0) + 1
        stem, suffix = os.path.splitext(_safe_name(name))
        path = _case_folder(session, case_id, documents_dir) / f"{stem}-v{version}{suffix}"
        _write(path, payload)
        session.add(
            GeneratedDocument(
                case_id=case_id,
                kind=kind,
                version=version,
                path=str(path),
                sha256=digest,
                input_hash=digest,
            )
        )
        session.add(
            AuditLog(
                actor=actor,
                action=DOCUMENT_ACTION,
                case_id=case_id,
                detail=json.dumps({"kind": kind, "file": str(path), "sha256": digest}),
            )
        )
        return DocumentOutcome(kind, str(path), digest, version, True)


def _write(path: Path, payload: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    partial.write_bytes(payload)
    os.replace(partial, path)


def import_order_pdfs(
    engine: sa.Engine,
    client: EsadClient,
    case_id: int,
    application_ids: str,
    *,
    documents_dir: Path,
    actor: str,
) -> list[DocumentOutcome]:
    """The order PDFs e-Sąd gives for the enforcement applications ``application_ids``
    (``ListaTresciNakazowPDFVer2``), kept as case documents (:func:`keep_court_document`).
    Raises :class:`casework.Refused` (one Polish line) when the court reports an error for
    every one, or fails."""
    try:
        pdfs = client.order_pdfs(application_ids)
    except EsadError as exc:
        raise Refused(f"{_failure(exc, client.url)}; treści nakazów nie pobrano") from exc
    kept = [p for p in pdfs if p.content]
    if not kept:
        errors = "; ".join(p.error for p in pdfs if p.error) or "brak treści"
        raise Refused(f"e-Sąd nie wydał treści nakazu: {errors}")
    return [
        keep_court_document(
            engine,
            case_id,
            ORDER_PDF,
            pdf.name or f"nakaz-{pdf.application_id}.pdf",
            pdf.content,
            documents_dir=documents_dir,
            actor=actor,
        )
        for pdf in kept
    ]
