"""Tell the partner on a case, once per document version, that drafts wait for review.

``notify_review_requests(engine, settings, case_ids)`` is called by the handoff flow with
the cases it drafted. For each case that is "ready for review" and has drafts, the latest
document version is the unit of notification: the partner gets one e-mail (when
``Settings.smtp_host`` is set and the partner has an address) and the firm's receiver one
signed webhook (when ``Settings.webhook_url`` and ``webhook_secret`` are set) per case and
version. A re-run, a concurrent run or an unchanged re-draft sends nothing; a new version
(the partner sent the draft back and it was corrected) is announced again.

Once-only delivery uses ``store.notifications`` (claim with INSERT ... ON CONFLICT DO
NOTHING, commit, send, confirm; on a failed send the claim is released so the next call
retries). Keys: ``review_request:case=<id>:v=<version>:<channel>``.

Messages carry the case reference, the creditor, procedure, claim value, the documents and
counts of findings, and a link to the review page; never the debtor's name, PESEL or
address (the debtor may be a consumer). Log lines carry case ids and counts only.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import httpx
import sqlalchemy as sa
from sqlmodel import select

from config import Settings
from integrations.smtp import SmtpSettings, send_email
from integrations.webhook import WebhookClient
from law.stages import Stage
from store import notifications
from store.db import session_scope
from store.tables import Case, CaseFinding, Creditor, GeneratedDocument, User

log = logging.getLogger(__name__)

KIND = "review_request"
WEBHOOK_EVENT = "review.requested"


@dataclass(frozen=True, slots=True)
class ReviewRequest:
    """What a partner is told about one case (no personal data of the debtor)."""

    case_id: int
    case_ref: str
    version: int
    creditor: str
    procedure: str
    total_claim: str
    documents: tuple[str, ...]
    blockers: int
    warnings: int
    partner: str
    partner_email: str | None
    url: str

    def key(self, channel: str) -> str:
        return f"{KIND}:case={self.case_id}:v={self.version}:{channel}"


@dataclass
class NotifyResult:
    emails_sent: int = 0
    webhooks_sent: int = 0
    already_sent: int = 0
    not_ready: int = 0  # not in ready_for_review or without drafts
    unroutable: int = 0  # no partner e-mail for an e-mail channel
    failed: int = 0
    rows: list[dict[str, str]] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        return {
            "emails_sent": self.emails_sent,
            "webhooks_sent": self.webhooks_sent,
            "already_sent": self.already_sent,
            "not_ready": self.not_ready,
            "unroutable": self.unroutable,
            "failed": self.failed,
        }


def smtp_settings(settings: Settings) -> SmtpSettings | None:
    if not settings.smtp_host:
        return None
    return SmtpSettings(
        host=settings.smtp_host,
        port=settings.smtp_port,
        sender=settings.mail_from,
        user=settings.smtp_user or "",
        password=settings.smtp_password or "",
        starttls=settings.smtp_starttls,
    )


def review_requests(
    engine: sa.Engine, case_ids: Iterable[int], base_url: str
) -> tuple[list[ReviewRequest], int]:
    """The cases among ``case_ids`` waiting for review with drafts, and how many were not."""
    ids = sorted(set(case_ids))
    if not ids:
        return [], 0
    out: list[ReviewRequest] = []
    with session_scope(engine) as s:
        cases = s.exec(
            select(Case).where(
                Case.id.in_(ids),  # type: ignore[union-attr]
                Case.stage == Stage.READY_FOR_REVIEW.value,
            )
        ).all()
        for case in cases:
            assert case.id is not None
            docs = s.exec(
                select(GeneratedDocument).where(GeneratedDocument.case_id == case.id)
            ).all()
            if not docs:
                continue
            version = max(d.version for d in docs)
            kinds = tuple(sorted({d.kind for d in docs if d.version == version}))
            severities = s.exec(
                select(CaseFinding.severity).where(CaseFinding.case_id == case.id)
            ).all()
            creditor = s.get(Creditor, case.creditor_id)
            partner = (
                s.exec(select(User).where(User.username == case.partner)).first()
                if case.partner
                else None
            )
            out.append(
                ReviewRequest(
                    case_id=case.id,
                    case_ref=case.external_ref,
                    version=version,
                    creditor=creditor.name if creditor else "",
                    procedure=case.procedure or "",
                    total_claim=str(case.total_claim) if case.total_claim is not None else "",
                    documents=kinds,
                    blockers=sum(1 for x in severities if x == "blocker"),
                    warnings=sum(1 for x in severities if x == "warning"),
                    partner=case.partner or "",
                    partner_email=(partner.email if partner and partner.active else None),
                    url=f"{base_url.rstrip('/')}/cases/{case.id}",
                )
            )
    return sorted(out, key=lambda r: r.case_id), len(ids) - len(out)


def compose_email(req: ReviewRequest) -> tuple[str, str]:
    """Subject and plain-text body in Polish."""
    subject = f"Do przeglądu: sprawa {req.case_ref} (wersja {req.version})"
    lines = [
        "Dzień dobry,",
        "",
        f"projekty pism w sprawie {req.case_ref} czekają na Twój przegląd.",
        "",
        f"Wierzyciel: {req.creditor}",
        f"Tryb: {req.procedure or '-'}",
        f"Wartość przedmiotu sporu: {req.total_claim or '-'} zł",
        f"Dokumenty (wersja {req.version}): {', '.join(req.documents)}",
        f"Ustalenia: blokujące {req.blockers}, ostrzeżenia {req.warnings}",
        "",
        f"Przegląd: {req.url}",
        "",
        "Powiadomienie wysyłane jest raz dla każdej wersji projektów.",
        "",
        "-- kancelaria-handoff",
    ]
    return subject, "\n".join(lines) + "\n"


def webhook_payload(req: ReviewRequest) -> dict[str, Any]:
    return {
        "type": WEBHOOK_EVENT,
        "case_id": req.case_id,
        "case_ref": req.case_ref,
        "version": req.version,
        "partner": req.partner,
        "creditor": req.creditor,
        "procedure": req.procedure,
        "total_claim": req.total_claim,
        "documents": list(req.documents),
        "blockers": req.blockers,
        "warnings": req.warnings,
        "url": req.url,
    }


def _row(req: ReviewRequest, channel: str, outcome: str) -> dict[str, str]:
    return {
        "sprawa": req.case_ref,
        "wersja": str(req.version),
        "partner": req.partner,
        "kanal": channel,
        "wynik": outcome,
    }


def notify_review_requests(
    engine: sa.Engine,
    settings: Settings,
    case_ids: Iterable[int],
    *,
    http_client: httpx.Client | None = None,
) -> NotifyResult:
    """Notify each case's partner once per document version; see the module docstring."""
    result = NotifyResult()
    smtp = smtp_settings(settings)
    webhook_url = settings.webhook_url if settings.webhook_secret else None
    if settings.webhook_url and not settings.webhook_secret:
        log.warning("HANDOFF_WEBHOOK_URL set without HANDOFF_WEBHOOK_SECRET: webhook not sent")
    requests, result.not_ready = review_requests(engine, case_ids, settings.review_base_url)

    routes: list[tuple[str, ReviewRequest]] = []
    for req in requests:
        if smtp is not None:
            if req.partner_email:
                routes.append(("email", req))
            else:
                result.unroutable += 1
                result.rows.append(_row(req, "email", "brak adresu e-mail partnera"))
        if webhook_url:
            routes.append(("webhook", req))
    if not routes:
        return result

    with session_scope(engine) as session:
        won = notifications.claim(
            session, [(KIND, req.key(ch), req.partner or "-") for ch, req in routes]
        )
    claims = {c.key: c for c in won}

    own_client = http_client is None and webhook_url is not None
    client = http_client or (httpx.Client(timeout=15.0) if webhook_url else None)
    try:
        webhook = (
            WebhookClient(client, secret=settings.webhook_secret or "")
            if client is not None and webhook_url
            else None
        )
        for channel, req in routes:
            claim = claims.get(req.key(channel))
            if claim is None:
                result.already_sent += 1
                result.rows.append(_row(req, channel, "już wysłane"))
                continue
            try:
                if channel == "email":
                    assert smtp is not None and req.partner_email
                    subject, text = compose_email(req)
                    send_email(smtp, to=[req.partner_email], subject=subject, text=text)
                    result.emails_sent += 1
                else:
                    assert webhook is not None and webhook_url
                    delivery = hashlib.sha256(claim.key.encode()).hexdigest()[:32]
                    webhook.post(webhook_url, webhook_payload(req), delivery_id=delivery)
                    result.webhooks_sent += 1
            except Exception as exc:  # per-message boundary: give the claim back, go on
                log.warning(
                    "review request case id %s %s failed: %s",
                    req.case_id,
                    channel,
                    type(exc).__name__,
                )
                with session_scope(engine) as session:
                    notifications.release(session, [claim.id])
                result.failed += 1
                result.rows.append(_row(req, channel, f"błąd: {type(exc).__name__}"))
                continue
            with session_scope(engine) as session:
                notifications.mark_delivered(session, [claim.id])
            result.rows.append(_row(req, channel, "wysłane"))
    finally:
        if own_client and client is not None:
            client.close()
    log.info("review requests: %s", result.summary())
    return result
