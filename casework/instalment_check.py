"""The instalment check: every active plan as of a day, and each warning sent once.

``run_check`` = ``casework.settlements.check_plans`` (broken plans marked, the case back on
its court track; fulfilled plans closed as paid) + one Polish digest per person and channel
(e-mail over SMTP, a signed webhook) of what the check found:

    missed       an instalment past its (moved) day and not paid in full -> the case's
                 paralegal (the partner when none is assigned)
    broken       a plan whose grace period ended unpaid: the whole rest due -> the
                 paralegal and the partner

Once-only delivery is the deadline warnings' protocol over ``store.notifications``: claim
the key with INSERT ... ON CONFLICT DO NOTHING, commit, send, confirm; a failed send
releases the claim and the next run retries. Keys:
``instalment_missed:plan=<id>:n=<number>:due=<day>:to=<user>:<channel>`` and
``settlement_broken:plan=<id>:to=<user>:<channel>``. A broken plan is warned of from every
later run until delivered (the key stops a second message). Messages carry the case
reference, instalment numbers, days and amounts: never the debtor's name, PESEL or address.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import httpx
import sqlalchemy as sa
from sqlmodel import select

from casework.settlements import BROKEN, Missed, PlanCheck, check_plans
from integrations.smtp import SmtpSettings, send_email
from integrations.webhook import WebhookClient
from law.pl.text import pl_date, pl_money
from store import notifications
from store.db import session_scope
from store.tables import Case, Settlement, User

if TYPE_CHECKING:
    from casework.enforcement import ClauseDrafting

KIND_MISSED = "instalment_missed"
KIND_BROKEN = "settlement_broken"
WEBHOOK_EVENT = "instalments.digest"


@dataclass(frozen=True, slots=True)
class Warning:
    item: Missed
    username: str
    email: str | None

    @property
    def kind(self) -> str:
        return KIND_BROKEN if self.item.number is None else KIND_MISSED

    def key(self, channel: str) -> str:
        i = self.item
        if i.number is None:
            return f"{KIND_BROKEN}:plan={i.settlement_id}:to={self.username}:{channel}"
        return (
            f"{KIND_MISSED}:plan={i.settlement_id}:n={i.number}:due={i.due_on.isoformat()}:"
            f"to={self.username}:{channel}"
        )


@dataclass
class InstalmentCheck:
    """What one run did: the plans checked and the warnings sent."""

    today: date
    plans: PlanCheck | None = None
    claimed: int = 0
    already_sent: int = 0
    emails_sent: int = 0
    webhooks_sent: int = 0
    failed: int = 0
    unroutable: int = 0
    rows: list[dict[str, str]] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        plans = self.plans or PlanCheck(self.today)
        return {
            "today": self.today.isoformat(),
            "checked": plans.checked,
            "missed": sum(1 for m in plans.missed if m.number is not None),
            "broken": plans.broken,
            "fulfilled": plans.fulfilled,
            "notes": plans.notes,
            "claimed": self.claimed,
            "already_sent": self.already_sent,
            "emails_sent": self.emails_sent,
            "webhooks_sent": self.webhooks_sent,
            "failed": self.failed,
            "unroutable": self.unroutable,
        }


def broken_plans(engine: sa.Engine) -> list[Missed]:
    """Every broken plan, as a warning item (sent once per person and channel)."""
    out: list[Missed] = []
    with session_scope(engine) as s:
        rows = s.exec(
            select(Settlement, Case)
            .join(Case, Case.id == Settlement.case_id)  # type: ignore[arg-type]
            .where(Settlement.status == BROKEN)
        ).all()
        for row, case in rows:
            assert row.id is not None and case.id is not None and row.broken_on is not None
            out.append(
                Missed(
                    row.id,
                    case.id,
                    case.external_ref,
                    None,
                    row.broken_on,
                    Decimal(0),
                    None,
                    case.paralegal or case.partner,
                    case.partner,
                )
            )
    return out


def plan_warnings(engine: sa.Engine, items: Sequence[Missed]) -> list[Warning]:
    """Whom each item goes to (active users only; an unknown user is unroutable)."""
    names = {n for m in items for n in (m.responsible, m.partner) if n}
    with session_scope(engine) as s:
        users = {
            u.username: u
            for u in s.exec(select(User).where(User.username.in_(sorted(names)))).all()  # type: ignore[attr-defined]
        }
    out: list[Warning] = []
    for m in items:
        people = [m.responsible] + ([m.partner] if m.number is None else [])
        for name in dict.fromkeys(p for p in people if p):
            user = users.get(name)
            email = user.email if user is not None and user.active else None
            out.append(Warning(m, name, email))
    return out


def _line(w: Warning) -> str:
    m = w.item
    if m.number is None:
        return (
            f"- {m.case_ref} | ugoda niewykonana: cała pozostała kwota wymagalna od "
            f"{pl_date(m.due_on)}; sprawa wraca do toru sądowego (handoff settlements show "
            f"{m.case_ref})"
        )
    grace = f", karencja do {pl_date(m.grace_end)}" if m.grace_end else ""
    return (
        f"- {m.case_ref} | rata {m.number} | termin {pl_date(m.due_on)} | niezapłacone "
        f"{pl_money(m.amount)}{grace}"
    )


def compose_digest(username: str, warnings: Sequence[Warning], *, today: date) -> tuple[str, str]:
    """Subject and plain-text body of one person's digest, in Polish."""
    missed = [w for w in warnings if w.item.number is not None]
    broken = [w for w in warnings if w.item.number is None]
    subject = f"Raty na {today.isoformat()}: {len(missed)} zaległe, {len(broken)} ugody niewykonane"
    lines = ["Dzień dobry,", "", f"zestawienie rat z ugód na {pl_date(today)} dla: {username}."]
    if broken:
        lines += ["", f"UGODY NIEWYKONANE ({len(broken)})", *(_line(w) for w in broken)]
    if missed:
        lines += ["", f"RATY ZALEGŁE ({len(missed)})", *(_line(w) for w in missed)]
    lines += [
        "",
        "Każde ostrzeżenie wysyłane jest raz. Stan ugody: handoff settlements show <sprawa>.",
        "",
        "-- kancelaria-handoff",
    ]
    return subject, "\n".join(lines) + "\n"


def _payload(username: str, warnings: Sequence[Warning], *, today: date, subject: str) -> dict:
    return {
        "type": WEBHOOK_EVENT,
        "date": today.isoformat(),
        "recipient": username,
        "subject": subject,
        "items": [
            {
                "kind": w.kind,
                "settlement_id": w.item.settlement_id,
                "case_ref": w.item.case_ref,
                "instalment": w.item.number,
                "due_on": w.item.due_on.isoformat(),
                "amount": None if w.item.number is None else str(w.item.amount),
                "grace_end": w.item.grace_end.isoformat() if w.item.grace_end else None,
            }
            for w in warnings
        ],
    }


def _row(w: Warning, channel: str, outcome: str) -> dict[str, str]:
    return {
        "sprawa": w.item.case_ref,
        "rata": str(w.item.number) if w.item.number is not None else "ugoda niewykonana",
        "termin": w.item.due_on.isoformat(),
        "odbiorca": w.username,
        "kanal": channel,
        "wynik": outcome,
    }


def send_warnings(
    engine: sa.Engine,
    warnings: Sequence[Warning],
    *,
    today: date,
    smtp: SmtpSettings | None,
    webhook_url: str | None,
    webhook_secret: str | None,
    result: InstalmentCheck,
    http_client: httpx.Client | None = None,
) -> InstalmentCheck:
    """Claim, send and confirm, per channel and person (the claim-then-send protocol)."""
    routes: list[tuple[str, Warning]] = []
    for w in warnings:
        before = len(routes)
        if smtp is not None and w.email:
            routes.append(("email", w))
        if webhook_url and webhook_secret:
            routes.append(("webhook", w))
        if len(routes) == before:
            result.unroutable += 1
            result.rows.append(_row(w, "-", "brak adresu / kanału"))
    with session_scope(engine) as s:
        won = notifications.claim(s, [(w.kind, w.key(ch), w.username) for ch, w in routes])
    by_key = {c.key: c for c in won}
    result.claimed += len(won)
    groups: dict[tuple[str, str], list[tuple[Warning, int]]] = defaultdict(list)
    for ch, w in routes:
        claimed = by_key.pop(w.key(ch), None)
        if claimed is None:
            result.already_sent += 1
            result.rows.append(_row(w, ch, "już wysłane"))
            continue
        groups[(ch, w.username)].append((w, claimed.id))
    webhook = None
    if webhook_url and webhook_secret:
        webhook = WebhookClient(http_client or httpx.Client(timeout=15.0), secret=webhook_secret)
    for (ch, username), pairs in sorted(groups.items()):
        people = [w for w, _ in pairs]
        ids = [i for _, i in pairs]
        subject, text = compose_digest(username, people, today=today)
        try:
            if ch == "email":
                assert smtp is not None and people[0].email
                send_email(smtp, to=[people[0].email], subject=subject, text=text)
                result.emails_sent += 1
            else:
                assert webhook is not None and webhook_url
                delivery = hashlib.sha256(",".join(map(str, sorted(ids))).encode()).hexdigest()
                webhook.post(
                    webhook_url,
                    _payload(username, people, today=today, subject=subject),
                    delivery_id=delivery[:32],
                )
                result.webhooks_sent += 1
        except Exception as exc:  # per-digest boundary: give the claims back, keep going
            with session_scope(engine) as s:
                notifications.release(s, ids)
            result.failed += len(people)
            result.rows += [_row(w, ch, f"błąd: {type(exc).__name__}") for w in people]
            continue
        with session_scope(engine) as s:
            notifications.mark_delivered(s, ids)
        result.rows += [_row(w, ch, "wysłane") for w in people]
    return result


def run_check(
    engine: sa.Engine,
    *,
    today: date,
    smtp: SmtpSettings | None = None,
    webhook_url: str | None = None,
    webhook_secret: str | None = None,
    actor: str = "system",
    http_client: httpx.Client | None = None,
    clause: ClauseDrafting | None = None,
) -> InstalmentCheck:
    """The whole check without Prefect (the flow calls these same steps as tasks);
    ``clause`` drafts a broken court settlement's clause application (check_plans)."""
    result = InstalmentCheck(today)
    result.plans = check_plans(engine, today=today, actor=actor, clause=clause)
    warnings = plan_warnings(engine, [*result.plans.missed, *broken_plans(engine)])
    return send_warnings(
        engine,
        warnings,
        today=today,
        smtp=smtp,
        webhook_url=webhook_url,
        webhook_secret=webhook_secret,
        result=result,
        http_client=http_client,
    )
