"""``deadline_check``: tell each responsible person, once, what is due, soon due or overdue.

Scheduled on working days at 07:00 Europe/Warsaw (the deployment lives in prefect.yaml).
One run: keep the limitation deadlines in step with the cases, read open deadlines with one
indexed query, decide the warning level of each (pure code below), claim the levels in the
database, send one Polish digest per person by e-mail and/or a signed webhook, and publish a
table artifact ``deadline-check``.

Levels (the stored level is ``<name>@<due date>/<channel>``):

    upcoming      due within ``within_working_days`` working days       -> responsible person
    due_today     due today                                              -> responsible person
    overdue       past due and still open                               -> responsible person
    escalated     an overdue deadline of ours (side "ours")              -> the case's partner
    limitation-Nd limitation date within N calendar days, N from
                  ``limitation_days`` (default 60 and 14; the tightest
                  one that applies)                                      -> responsible person

Delivery semantics (see ``store.deadlines`` for the mechanism): each level of each deadline
is sent **at most once per channel**. The claim (a row under the unique key
deadline_id + level, inserted with ON CONFLICT DO NOTHING) is committed before sending, so
two concurrent runs and a re-run never send the same level twice. If sending raises, the
claims of that digest are released and the next run retries them. If the process dies
after the claim commits and before the relay accepts the mail, that warning is **lost**:
its row keeps ``delivered_at`` NULL and the artifact of later runs lists it under
"niepotwierdzone" so that a person can check. A deadline moved by an edited event gets new
levels (the due date is part of the level). Digests carry case references, signatures,
actions, dates and citations only: never a PESEL, a name of a consumer or an address.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import httpx
import sqlalchemy as sa
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NONE

from config import Settings, firm_today
from flows.notify_review import smtp_settings
from integrations.smtp import SmtpSettings, send_email
from integrations.webhook import WebhookClient
from law.pl.calendar import is_working_day
from store.db import open_store, session_scope
from store.deadlines import (
    Claim,
    DueItem,
    claim_warnings,
    mark_delivered,
    release_claims,
    scan_open_deadlines,
    sync_limitation_deadlines,
    undelivered_claims,
)

ARTIFACT_KEY = "deadline-check"
DEFAULT_LIMITATION_DAYS = (60, 14)

SECTION_TITLES = {
    "overdue": "PO TERMINIE",
    "due_today": "DZIŚ",
    "upcoming": "W CIĄGU {n} DNI ROBOCZYCH",
    "limitation": "PRZEDAWNIENIE — POZEW DO WNIESIENIA",
    "escalated": "ESKALACJA — TERMINY PO UPŁYWIE W SPRAWACH POD TWOIM NADZOREM",
}
SECTION_ORDER = ("escalated", "overdue", "due_today", "upcoming", "limitation")
WEEKDAYS_PL = ("poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota", "niedziela")


# --- pure: levels, digests ----------------------------------------------------------------


def working_days_ahead(today: date, n: int) -> date:
    """The ``n``-th working day after ``today`` (``today`` itself for n = 0)."""
    day = today
    while n > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


@dataclass(frozen=True, slots=True)
class Planned:
    """A warning to send: the deadline, its level name and the person to tell."""

    item: DueItem
    name: str  # upcoming | due_today | overdue | escalated | limitation-60d ...
    username: str
    email: str | None

    @property
    def section(self) -> str:
        return "limitation" if self.name.startswith("limitation-") else self.name

    def level(self, channel: str) -> str:
        return f"{self.name}@{self.item.due_on.isoformat()}/{channel}"


def plan_warnings(
    items: Sequence[DueItem],
    *,
    today: date,
    upcoming_until: date,
    limitation_days: Sequence[int] = DEFAULT_LIMITATION_DAYS,
) -> list[Planned]:
    """Which level each scanned deadline has reached today, and whom it goes to."""
    out: list[Planned] = []
    for item in items:
        if item.responsible is None:
            continue
        left = (item.due_on - today).days
        name: str | None = None
        if left < 0:
            name = "overdue"
        elif left == 0:
            name = "due_today"
        elif item.is_limitation:
            hit = [n for n in sorted(limitation_days) if left <= n]
            name = f"limitation-{hit[0]}d" if hit else None
        elif item.due_on <= upcoming_until:
            name = "upcoming"
        if name is None:
            continue
        out.append(Planned(item, name, item.responsible, item.responsible_email))
        if name == "overdue" and item.side == "ours" and item.partner:
            out.append(Planned(item, "escalated", item.partner, item.partner_email))
    return out


def _line(p: Planned, today: date) -> str:
    it = p.item
    left = (it.due_on - today).days
    when = "dziś" if left == 0 else (f"za {left} dni" if left > 0 else f"{-left} dni po terminie")
    sig = f"sygn. {it.signature}" if it.signature else "bez sygnatury"
    who = "termin drugiej strony: " if it.side == "theirs" else ""
    head = f"- {it.case_ref} | {sig} | {who}{it.action} | termin: {it.due_on.isoformat()} ({when})"
    extra = [f"  podstawa: {it.cites}"] if it.cites else []
    if it.reason:
        extra.append(f"  {it.reason}")
    if p.name == "escalated" and it.responsible:
        extra.append(f"  odpowiedzialny: {it.responsible}")
    return "\n".join([head, *extra])


def compose_digest(
    username: str, planned: Sequence[Planned], *, today: date, within_working_days: int
) -> tuple[str, str]:
    """Subject and plain-text body of one person's digest, in Polish."""
    by_section: dict[str, list[Planned]] = defaultdict(list)
    for p in sorted(planned, key=lambda p: (p.item.due_on, p.item.case_ref)):
        by_section[p.section].append(p)
    overdue = len(by_section["overdue"]) + len(by_section["escalated"])
    subject = (
        f"Terminy na {today.isoformat()}: {len(by_section['due_today'])} dziś, "
        f"{len(by_section['upcoming'])} w ciągu {within_working_days} dni roboczych, "
        f"{overdue} po terminie"
    )
    if by_section["limitation"]:
        subject += f", {len(by_section['limitation'])} przedawnienie"
    lines = [
        "Dzień dobry,",
        "",
        f"zestawienie terminów na {today.isoformat()} ({WEEKDAYS_PL[today.weekday()]}) "
        f"dla: {username}.",
    ]
    for section in SECTION_ORDER:
        rows = by_section.get(section)
        if not rows:
            continue
        title = SECTION_TITLES[section].format(n=within_working_days)
        lines += ["", f"{title} ({len(rows)})", *(_line(p, today) for p in rows)]
    lines += [
        "",
        "Każdy poziom ostrzeżenia wysyłany jest raz. Wykonany termin oznacz: "
        "handoff deadlines done <ID>.",
        "",
        "-- kancelaria-handoff",
    ]
    return subject, "\n".join(lines) + "\n"


def digest_payload(
    username: str, planned: Sequence[Planned], *, today: date, subject: str
) -> dict[str, object]:
    """The webhook body of one person's digest (the same facts as the e-mail)."""
    return {
        "type": "deadline.digest",
        "date": today.isoformat(),
        "recipient": username,
        "subject": subject,
        "items": [
            {
                "deadline_id": p.item.deadline_id,
                "level": p.name,
                "case_ref": p.item.case_ref,
                "signature": p.item.signature,
                "action": p.item.action,
                "side": p.item.side,
                "due_on": p.item.due_on.isoformat(),
                "cites": p.item.cites,
            }
            for p in planned
        ],
    }


# --- the shell ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Channels:
    """Where digests go; either may be absent."""

    smtp: SmtpSettings | None = None
    webhook_url: str | None = None
    webhook_secret: str | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> Channels:
        webhook = settings.webhook_url if settings.webhook_secret else None
        return cls(
            smtp=smtp_settings(settings),
            webhook_url=webhook,
            webhook_secret=settings.webhook_secret,
        )


@dataclass
class CheckResult:
    today: date
    scanned: int = 0
    rows: list[dict[str, str]] = field(default_factory=list)
    emails_sent: int = 0
    webhooks_sent: int = 0
    claimed: int = 0
    already_sent: int = 0
    failed: int = 0
    unroutable: int = 0
    undelivered: int = 0

    def summary(self) -> dict[str, object]:
        return {
            "today": self.today.isoformat(),
            "scanned": self.scanned,
            "claimed": self.claimed,
            "already_sent": self.already_sent,
            "emails_sent": self.emails_sent,
            "webhooks_sent": self.webhooks_sent,
            "failed": self.failed,
            "unroutable": self.unroutable,
            "undelivered": self.undelivered,
        }


def _row(p: Planned, channel: str, outcome: str) -> dict[str, str]:
    return {
        "sprawa": p.item.case_ref,
        "sygnatura": p.item.signature,
        "czynnosc": p.item.action,
        "termin": p.item.due_on.isoformat(),
        "poziom": p.name,
        "odbiorca": p.username,
        "kanal": channel,
        "wynik": outcome,
    }


def send_digests(
    engine: sa.Engine,
    planned: Sequence[Planned],
    channels: Channels,
    *,
    today: date,
    within_working_days: int,
    result: CheckResult,
    http_client: httpx.Client | None = None,
) -> CheckResult:
    """Claim, send and confirm, per channel and per person (the claim-then-send protocol)."""
    routes: list[tuple[str, Planned]] = []
    for p in planned:
        if channels.smtp is not None and p.email:
            routes.append(("email", p))
        if channels.webhook_url:
            routes.append(("webhook", p))
        if not any(r[1] is p for r in routes):
            result.unroutable += 1
            result.rows.append(_row(p, "-", "brak adresu / kanału"))
    with session_scope(engine) as session:
        won = claim_warnings(
            session, [(p.item.deadline_id, p.level(ch), p.username) for ch, p in routes]
        )
    won_keys = {(c.deadline_id, c.level): c for c in won}
    groups: dict[tuple[str, str], list[tuple[Planned, Claim]]] = defaultdict(list)
    for ch, p in routes:
        claim = won_keys.pop((p.item.deadline_id, p.level(ch)), None)
        if claim is None:
            result.already_sent += 1
            result.rows.append(_row(p, ch, "już wysłane"))
            continue
        groups[(ch, p.username)].append((p, claim))
    result.claimed += len(won)
    webhook = None
    if channels.webhook_url and channels.webhook_secret:
        webhook = WebhookClient(
            http_client or httpx.Client(timeout=15.0), secret=channels.webhook_secret
        )
    for (ch, username), pairs in sorted(groups.items()):
        people = [p for p, _ in pairs]
        ids = [c.id for _, c in pairs]
        subject, text = compose_digest(
            username, people, today=today, within_working_days=within_working_days
        )
        try:
            if ch == "email":
                assert channels.smtp is not None and people[0].email
                send_email(channels.smtp, to=[people[0].email], subject=subject, text=text)
                result.emails_sent += 1
            else:
                assert webhook is not None and channels.webhook_url
                delivery = hashlib.sha256(",".join(map(str, sorted(ids))).encode()).hexdigest()
                webhook.post(
                    channels.webhook_url,
                    digest_payload(username, people, today=today, subject=subject),
                    delivery_id=delivery[:32],
                )
                result.webhooks_sent += 1
        except Exception as exc:  # per-digest boundary: give the claims back, keep going
            with session_scope(engine) as session:
                release_claims(session, ids)
            result.failed += len(people)
            result.rows += [_row(p, ch, f"błąd: {type(exc).__name__}") for p in people]
            continue
        with session_scope(engine) as session:
            mark_delivered(session, ids)
        result.rows += [_row(p, ch, "wysłane") for p in people]
    return result


def plan_scanned(
    items: Sequence[DueItem],
    result: CheckResult,
    today: date,
    within_working_days: int,
    limitation_days: Sequence[int],
) -> list[Planned]:
    """Count the scanned deadlines in ``result`` and plan today's warnings for them."""
    result.scanned = len(items)
    return plan_warnings(
        items,
        today=today,
        upcoming_until=working_days_ahead(today, within_working_days),
        limitation_days=limitation_days,
    )


def run_check(
    engine: sa.Engine,
    channels: Channels,
    *,
    today: date,
    within_working_days: int = 5,
    limitation_days: Sequence[int] = DEFAULT_LIMITATION_DAYS,
    http_client: httpx.Client | None = None,
) -> CheckResult:
    """The whole check without Prefect (the flow calls these same steps as tasks)."""
    result = CheckResult(today=today)
    with session_scope(engine) as session:
        sync_limitation_deadlines(session)
    items = scan(engine, today, within_working_days, limitation_days)
    planned = plan_scanned(items, result, today, within_working_days, limitation_days)
    send_digests(
        engine,
        planned,
        channels,
        today=today,
        within_working_days=within_working_days,
        result=result,
        http_client=http_client,
    )
    with session_scope(engine) as session:
        result.undelivered = len(undelivered_claims(session))
    return result


def scan(
    engine: sa.Engine, today: date, within_working_days: int, limitation_days: Sequence[int]
) -> list[DueItem]:
    with engine.connect() as conn:
        return scan_open_deadlines(
            conn,
            upcoming_until=working_days_ahead(today, within_working_days),
            limitation_until=today + timedelta(days=max(limitation_days, default=0)),
        )


# --- Prefect ------------------------------------------------------------------------------


@task(cache_policy=NONE)
def sync_limitation_task(engine: sa.Engine) -> int:
    with session_scope(engine) as session:
        return sync_limitation_deadlines(session)


@task(cache_policy=NONE)
def scan_task(
    engine: sa.Engine, today: date, within_working_days: int, limitation_days: list[int]
) -> list[DueItem]:
    return scan(engine, today, within_working_days, limitation_days)


@task(cache_policy=NONE)
def send_task(
    engine: sa.Engine,
    planned: list[Planned],
    channels: Channels,
    today: date,
    within_working_days: int,
    result: CheckResult,
) -> CheckResult:
    return send_digests(
        engine,
        planned,
        channels,
        today=today,
        within_working_days=within_working_days,
        result=result,
    )


@task(cache_policy=NONE)
def publish_task(engine: sa.Engine, result: CheckResult) -> None:
    with session_scope(engine) as session:
        lost = undelivered_claims(session)
    result.undelivered = len(lost)
    rows = result.rows + [
        {
            "sprawa": "",
            "sygnatura": "",
            "czynnosc": f"termin #{w.deadline_id}",
            "termin": "",
            "poziom": w.level,
            "odbiorca": w.recipient,
            "kanal": "",
            "wynik": "niepotwierdzone (przerwane wysyłanie) - sprawdź",
        }
        for w in lost
    ]
    s = result.summary()
    create_table_artifact(
        key=ARTIFACT_KEY,
        table=rows,
        description=(
            f"# Terminy na {result.today.isoformat()}\n"
            f"Przejrzano {s['scanned']}, wysłano e-maili {s['emails_sent']}, "
            f"webhooków {s['webhooks_sent']}, już wysłane {s['already_sent']}, "
            f"błędy {s['failed']}, bez adresu {s['unroutable']}, "
            f"niepotwierdzone {s['undelivered']}."
        ),
    )


@flow(name="deadline_check", log_prints=False)
def deadline_check(
    today: date | None = None,
    within_working_days: int = 5,
    limitation_days: list[int] | None = None,
    database_url: str | None = None,
) -> dict[str, object]:
    """Warn once per deadline and level; ``today`` defaults to the date in Europe/Warsaw."""
    settings = Settings.from_env()
    day = today or firm_today()
    thresholds = sorted(limitation_days or DEFAULT_LIMITATION_DAYS, reverse=True)
    engine = open_store(database_url or settings.database_url)
    try:
        channels = Channels.from_settings(settings)
        result = CheckResult(today=day)
        sync_limitation_task(engine)
        items = scan_task(engine, day, within_working_days, thresholds)
        planned = plan_scanned(items, result, day, within_working_days, thresholds)
        result = send_task(engine, planned, channels, day, within_working_days, result)
        publish_task(engine, result)
        get_run_logger().info("deadline_check %s", result.summary())
        return result.summary()
    finally:
        engine.dispose()
