"""What the partner reads: Polish labels, money and dates, invoice rows and the case history.

Pure functions over stored values (no request, no database): the page templates call the
filters, the case page builds :class:`InvoiceRow` and :class:`HistoryRow` lists with them.
Machine codes (stage names, audit actions, JSON details) never reach the page as they are.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from law.pl.deadlines import EVENT_LABELS as _EVENTS
from law.stages import STAGE_LABELS as _STAGES

# One source for the words of the lifecycle and the court events: the legal core.
STAGE_LABELS: dict[str, str] = {stage.value: label for stage, label in _STAGES.items()}
ROLE_LABELS = {"paralegal": "asystent", "partner": "partner", "admin": "administrator"}
DOC_KINDS = {
    "pozew": "Pozew",
    "wezwanie": "Wezwanie do zapłaty",
    "memo": "Notatka dla partnera",
    "evidence_index": "Wykaz dowodów",
    "evidence_bundle": "Pakiet dowodów",
    "epu_xml": "Pozew EPU (XML)",
    "court_letter": "Pismo do sądu (cofnięcie pozwu)",
    "nakaz_epu": "Nakaz zapłaty EPU (e-Sąd)",
    "nakaz_epu_pdf": "Nakaz zapłaty EPU (PDF z e-Sądu)",
    "wniosek_klauzula": "Wniosek o nadanie klauzuli wykonalności",
    "wniosek_egzekucyjny": "Wniosek egzekucyjny",
    "epu_enforcement": "Wniosek egzekucyjny EPU (XML)",
    "ugoda": "Ugoda",
    "final_statement": "Rozliczenie końcowe dla wierzyciela",
}
# The order documents are shown in: what the partner signs first.
DOC_ORDER = ("pozew", "memo", "wezwanie", "evidence_index", "evidence_bundle", "epu_xml")
EVIDENCE_KINDS = {
    "contract": "umowa",
    "invoice": "faktura",
    "delivery_proof": "dowód doręczenia",
    "correspondence": "korespondencja",
    "registry_extract": "odpis z rejestru",
    "other": "inny",
}
DECISION_LABELS = {"approve": "zatwierdzona", "send_back": "zwrócona do poprawy"}
LIMITATION_STATUS = {
    "ok": ("biegnie", "ok"),
    "running": ("biegnie", "ok"),
    "near": ("wkrótce upływa", "warning"),
    "expired": ("upłynęło", "blocker"),
    "interrupted": ("przerwane", "info"),
}
EVENT_LABELS: dict[str, str] = {kind.value: label for kind, label in _EVENTS.items()}
SEVERITY_LABELS = {"blocker": "blokuje", "warning": "ostrzeżenie", "info": "informacja"}
PROCEDURE_LABELS = {
    "epu": "EPU (elektroniczne postępowanie upominawcze)",
    "upominawcze": "postępowanie upominawcze",
    "nakazowe": "postępowanie nakazowe",
    "uproszczone": "postępowanie uproszczone",
    "zwykle": "postępowanie zwykłe",
}
ACTION_LABELS = {
    "review_approve": "Zatwierdzenie projektu",
    "review_send_back": "Zwrot do poprawy",
    "review_override": "Zatwierdzenie mimo przeszkód",
    "review_applied_approve": "Przepływ: sprawa zatwierdzona",
    "review_applied_send_back": "Przepływ: sprawa zwrócona do poprawy",
    "review_decision_seen": "Przepływ odebrał decyzję",
    "review_decision_stale": "Decyzja nieaktualna (nowszy projekt lub inny etap)",
    "case_taken_over": "Przejęcie sprawy",
    "drafted": "Przygotowano projekty dokumentów",
    "review_acknowledged": "Przepływ odebrał decyzję",
    "document_tampered": "Plik projektu zmieniony po wygenerowaniu",
    "draft_failed": "Błąd przygotowania projektu",
    "registry_reverified": "Ponowne sprawdzenie rejestrów",
    "epu_package": "Paczka EPU przygotowana",
    "epu_package_excluded": "Sprawa pominięta w paczce EPU",
    "event.add": "Zapisano zdarzenie w sądzie",
    "event.edit": "Poprawiono zdarzenie w sądzie",
    "event.delete": "Usunięto zdarzenie w sądzie",
    "event.court": "Poprawiono sąd przy zdarzeniu",
    "deadline.add": "Otwarto termin",
    "deadline.move": "Przesunięto termin",
    "deadline.cancel": "Anulowano termin",
    "deadline.done": "Termin wykonany",
    "intake.created": "Przyjęto sprawę",
    "intake.updated": "Zaktualizowano dane sprawy",
    "intake.unchanged": "Ponowny import bez zmian",
    "intake.rejected": "Odrzucono przy imporcie",
    "case.stage": "Zmiana etapu sprawy",
    "case.stage_correction": "Korekta etapu sprawy",
    "case.filed": "Wniesiono pozew",
    "settlement.concluded": "Zawarto ugodę",
    "settlement.approve": "Zatwierdzenie projektu ugody",
    "settlement.send_back": "Zwrot projektu ugody do poprawy",
    "settlement.override": "Zatwierdzenie ugody mimo przeszkód",
    "settlement.broken": "Ugoda niewykonana",
    "settlement.fulfilled": "Ugoda wykonana",
    "settlement.instalment_request": "Wniosek dłużnika o rozłożenie na raty",
    "intake.relocated": "Zmieniono folder sprawy",
    "intake.batch": "Import partii spraw",
    "case.signature": "Zapisano sygnaturę sądu",
    "esad.sending": "Wysyłanie pozwu do e-Sądu",
    "esad.pending": "Pozew w e-Sądzie: oczekuje na wynik",
    "esad.accepted": "Pozew przyjęty przez e-Sąd",
    "esad.rejected": "Pozew odrzucony przez e-Sąd",
    "esad.unknown": "Wynik wysyłki do e-Sądu nieznany",
    "esad.not_sent": "Pozew nie został wysłany do e-Sądu",
    "esad_import": "Odczytano wpis z e-Sądu",
    "esad_document": "Zapisano dokument z e-Sądu",
    "payment.recorded": "Zapisano wpłatę",
    "payment.assigned": "Przypisano wpłatę do sprawy",
    "final_statement.drafted": "Przygotowano rozliczenie końcowe",
    "court_letter.drafted": "Przygotowano pismo do sądu",
    "court_letter.approve": "Zatwierdzenie pisma do sądu",
    "court_letter.send_back": "Zwrot pisma do sądu do poprawy",
    "court_letter.override": "Zatwierdzenie pisma do sądu mimo przeszkód",
    "enforcement.clause_drafted": "Przygotowano wniosek o nadanie klauzuli wykonalności",
    "enforcement.clause_redrafted": "Ponownie przygotowano wniosek o klauzulę (poprawka zdarzenia)",
    "enforcement.epu_application": "Przygotowano wniosek egzekucyjny EPU",
    "enforcement.epu_sending": "Wysyłanie wniosku egzekucyjnego do e-Sądu",
    "enforcement.epu_lodged": "Wniosek egzekucyjny złożony w e-Sądzie",
}
DETAIL_LABELS = {
    "comment": "Komentarz",
    "reason": "Powód",
    "override_reason": "Powód",
    "from": "Od",
    "to": "Do",
    "kind": "Rodzaj",
    "on": "Data",
    "signature": "Sygnatura",
    "due_on": "Termin",
    "action": "Czynność",
    "status": "Status",
    "codes": "Kody",
    "blockers": "Przeszkody",
    "before": "Przed",
    "after": "Po",
    "stage": "Etap",
    "documents": "Dokumenty",
    "purpose": "Przy",
    "note": "Uwagi",
    "seconds": "Blokada (s)",
    "cites": "Podstawa",
    "court": "Sąd",
    "mode": "Sposób wniesienia",
}
# Keys whose values are internal ids or machine data: never shown.
HIDDEN_DETAIL_KEYS = frozenset(
    {
        "document_id",
        "decision_id",
        "event_id",
        "deadline_id",
        "step_id",
        "trigger",
        "rule_key",
        "batch_id",
        "previous",
        "rule",
        "source",
        "keys",
        "key",
        "address",
        "input_hash",
        "intake_hash",
        "external_ref",
        "expected",
        "actual",
    }
)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

try:
    WARSAW: ZoneInfo | None = ZoneInfo("Europe/Warsaw")
except ZoneInfoNotFoundError:  # no tz database: show UTC
    WARSAW = None


def fmt_money(value: object) -> str:
    if value is None or value == "":
        return "—"
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        return str(value)
    whole, _, cents = f"{abs(amount):,.2f}".partition(".")
    sign = "-" if amount < 0 else ""
    nbsp = "\u00a0"
    return f"{sign}{whole.replace(',', nbsp)},{cents}{nbsp}zł"


def fmt_date(value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        if WARSAW is not None:
            moment = moment.astimezone(WARSAW)
        return moment.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, str) and ISO_DATE.match(value):
        try:
            return date.fromisoformat(value).strftime("%d.%m.%Y")
        except ValueError:
            return value
    return str(value)


def fmt_cell(value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "tak" if value else "nie"
    if isinstance(value, list | tuple):
        return "; ".join(fmt_cell(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {fmt_cell(v)}" for k, v in value.items())
    if isinstance(value, str) and ISO_DATE.match(value):
        return fmt_date(value)
    return str(value)


def procedure_label(value: object) -> str:
    if not value:
        return "—"
    return PROCEDURE_LABELS.get(str(value).lower(), str(value))


def safe_next(target: str | None) -> str:
    """Only a local path may be a redirect target after sign-in."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/queue"


# ---------------------------------------------------------------- invoices


@dataclass(frozen=True)
class InvoiceRow:
    """One invoice of the claim, in the words of the page (every value already formatted)."""

    number: str
    due_date: str
    amount: str  # the invoice's gross amount
    principal: str  # what is still owed and claimed
    interest_kind: str
    interest_from: str
    interest_to_date: str
    compensation: str
    compensation_cites: str
    limitation: str
    limitation_alternative: str
    limitation_status: str
    limitation_class: str
    limitation_reason: str
    limitation_cites: str


def _text(row: dict[str, Any], key: str) -> str:
    value = row.get(key)
    return "" if value is None or value == "" else fmt_cell(value)


def invoice_rows(invoices: object) -> list[InvoiceRow]:
    """The claim summary's invoices (``documents.claim_summary``) as page rows."""
    if not isinstance(invoices, list):
        return []
    out = []
    for r in invoices:
        if not isinstance(r, dict):
            continue
        status_label, status_class = LIMITATION_STATUS.get(
            str(r.get("limitation_status") or ""), (_text(r, "limitation_status"), "info")
        )
        out.append(
            InvoiceRow(
                number=_text(r, "number") or "—",
                due_date=fmt_date(r.get("due_date")),
                amount=_text(r, "amount"),
                principal=_text(r, "principal") or "—",
                interest_kind=_text(r, "interest_kind"),
                interest_from=fmt_date(r.get("interest_from")) if r.get("interest_from") else "",
                interest_to_date=_text(r, "interest_to_date"),
                compensation=_text(r, "compensation"),
                compensation_cites=_text(r, "compensation_cites"),
                limitation=fmt_date(r.get("limitation_expires_on")),
                limitation_alternative=fmt_date(r.get("limitation_alternative"))
                if r.get("limitation_alternative")
                else "",
                limitation_status=status_label,
                limitation_class=status_class,
                limitation_reason=_text(r, "limitation_reason"),
                limitation_cites=_text(r, "limitation_cites"),
            )
        )
    return out


# ---------------------------------------------------------------- history


@dataclass(frozen=True)
class HistoryRow:
    at: datetime
    actor: str
    what: str
    details: list[tuple[str, str]]  # (label, text)


def _detail_value(key: str, value: object) -> str:
    if key == "kind" and isinstance(value, str):
        return EVENT_LABELS.get(value, value)
    if key == "stage" and isinstance(value, str):
        return " → ".join(STAGE_LABELS.get(v.strip(), v.strip()) for v in value.split("->"))
    if key == "blockers" and isinstance(value, list):
        return "; ".join(
            str(b.get("message") or b.get("code") or "") if isinstance(b, dict) else str(b)
            for b in value
        )
    if isinstance(value, dict):
        return ", ".join(
            f"{DETAIL_LABELS.get(k, k)}: {_detail_value(k, v)}"
            for k, v in value.items()
            if k not in HIDDEN_DETAIL_KEYS and v not in (None, "", [])
        )
    return fmt_cell(value)


def history_details(detail: str) -> list[tuple[str, str]]:
    """An audit row's detail (JSON or text) as labelled Polish text; ids are left out."""
    if not detail:
        return []
    try:
        data = json.loads(detail)
    except ValueError:
        return [("", detail)]
    if not isinstance(data, dict):
        return [("", fmt_cell(data))]
    return [
        (DETAIL_LABELS.get(k, k), _detail_value(k, v))
        for k, v in data.items()
        if k not in HIDDEN_DETAIL_KEYS and v not in (None, "", [])
    ]


def history_row(at: datetime, actor: str, action: str, detail: str) -> HistoryRow:
    what = ACTION_LABELS.get(action, "Czynność systemowa")
    details = history_details(detail)
    if action.startswith("review_applied") or action == "review_decision_stale":
        details = []  # the flow's technical note; the label says what happened
    return HistoryRow(at=at, actor=actor, what=what, details=details)
