"""A case's life after approval, for real: the sample cases imported and drafted, the four
EPU cases approved and sent through ``handoff epu submit`` to the local fake e-Sąd (one
rejected with the court's reason), then for one accepted case the court events up to a
final judgment (after a sprzeciw: a paper title, its klauzula granted on 2026-12-01), a
payment by the debtor, the komornik, the komornik's case number and a payment through the
komornik. Everything through the real command line (in process) on the store the caller's
environment names; only the court is faked.

The firm's clock: the cases are drafted on 2026-11-22, approved on 2026-11-23 and sent
"today" = 2026-11-24 (``cli.epu_submit.firm_today``); every later step is dated up to the
real today, 2026-12-01 (as tests/casework).

``stored_story`` gives a test a copy of the story built once per session and backend
(``tests.conftest.StoreTemplates``); ``live_story`` builds it in the caller's store.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session, col, select

from config import SAMPLE_FIRM
from documents.firm import load_firm_profile
from flows.case_pipeline import DraftingContext, draft_cases
from intake.importer import import_batch
from store.db import open_store, session_scope
from store.drafting import draftable_case_ids
from store.review import create_user, record_decision
from store.tables import Case, ReviewDecision
from tests.casework.cli_helpers import ok
from tests.conftest import SAMPLES, StoreTemplates
from tests.integrations.fake_esad import CREDENTIALS, FakeEsad, running_fake

SENT_ON = date(2026, 11, 24)
ENFORCED = "TT/WIND/2025/0087"  # accepted, then to judgment and the komornik
REJECTED = "TT/WIND/2026/0163"
REJECTION = "Niepoprawny kod pocztowy pozwanego"
KOMORNIK = "Jan Kowalski, Komornik Sądowy przy Sądzie Rejonowym w Katowicach"
KM = "Km 321/26"
DEBTOR_PAID = "1500.00"  # on 2026-11-28, by the debtor, title below
DEBTOR_TITLE = "wpłata dłużnika - częściowa spłata"
KOMORNIK_PAID = "2000.00"  # on 2026-12-01, through the komornik


@dataclass
class Story:
    engine: sa.Engine
    ids: dict[str, int]  # external_ref -> case id
    signature: str  # the court's signature of the enforced case (from --poll)
    home: Path  # the HANDOFF_HOME the story was told with


def live_story(
    engine: sa.Engine, home: Path, tmp_path: Path, fake: FakeEsad, mp: pytest.MonkeyPatch
) -> Story:
    """Build the story (module docstring) with ``HANDOFF_HOME`` = ``home`` and the
    caller's ``HANDOFF_DATABASE_URL`` (set by the caller to the store of ``engine``)."""
    _connect(mp, home, fake)
    import_batch(engine, shutil.copytree(SAMPLES / "cases", tmp_path / "cases"))
    ctx = DraftingContext(
        documents_dir=home / "documents",
        firm=load_firm_profile(SAMPLE_FIRM),
        reference_date=date(2026, 11, 22),
    )
    draft_cases(engine, draftable_case_ids(engine), ctx)
    with Session(engine) as s:
        ids = {c.external_ref: c.id for c in s.exec(select(Case)).all() if c.id is not None}
        epu = s.exec(select(Case.id).where(Case.procedure == "epu").order_by(col(Case.id))).all()
    with session_scope(engine) as s:
        create_user(s, "pawel", "partner", "haslo-partnera-1")
        for case_id in epu:
            record_decision(s, case_id, "pawel", "approve")
    with session_scope(engine) as s:
        for decision in s.exec(select(ReviewDecision)).all():
            decision.decided_at = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
            s.add(decision)

    fake.reject = {REJECTED: REJECTION}
    sent = json.loads(ok("epu", "submit", "--as", "asystent", "--json"))
    fate = {o["case"]: o["status"] for o in sent["lawsuits"]}
    assert fate[REJECTED] == "rejected" and fate[ENFORCED] == "accepted", fate
    polled = json.loads(ok("epu", "submit", "--as", "asystent", "--poll", "--json"))
    signature = {o["case"]: o["signature"] for o in polled["polled"]}[ENFORCED]

    ref = ENFORCED
    for kind, on in (
        ("payment-order-issued", "2026-11-25"),
        ("payment-order-served", "2026-11-26"),
        ("objection-filed", "2026-11-27"),
    ):
        ok("event", "add", ref, "--kind", kind, "--on", on)
    ok(
        "payments",
        "add",
        ref,
        "--amount",
        DEBTOR_PAID,
        "--on",
        "2026-11-28",
        "--title",
        DEBTOR_TITLE,
    )
    ok("event", "add", ref, "--kind", "judgment-announced", "--on", "2026-11-30")
    ok("event", "add", ref, "--kind", "judgment-final", "--on", "2026-12-01")
    ok(
        "enforcement",
        "start",
        ref,
        "--komornik",
        KOMORNIK,
        "--ways",
        "bank,wynagrodzenie",
        "--on",
        "2026-12-01",
        "--clause-on",  # judged after the sprzeciw: a paper title, with the court's clause
        "2026-12-01",
    )
    ok(
        "enforcement",
        "record",
        ref,
        "--kind",
        "komornik-case",
        "--signature",
        KM,
        "--on",
        "2026-12-01",
    )
    ok(
        "enforcement",
        "record",
        ref,
        "--kind",
        "payment",
        "--amount",
        KOMORNIK_PAID,
        "--on",
        "2026-12-01",
    )
    return Story(engine, ids, signature, home)


def _connect(mp: pytest.MonkeyPatch, home: Path, fake: FakeEsad) -> None:
    """The environment the story is told in (and a test after it runs in)."""
    mp.setenv("HANDOFF_HOME", str(home))
    mp.setattr("cli.epu_submit.firm_today", lambda: SENT_ON)
    mp.setenv("HANDOFF_ESAD_URL", fake.url)
    mp.setenv("HANDOFF_ESAD_LOGIN", CREDENTIALS.login)
    mp.setenv("HANDOFF_ESAD_PASSWORD", CREDENTIALS.password)
    mp.setenv("HANDOFF_ESAD_API_KEY", CREDENTIALS.api_key)


def stored_story(
    templates: StoreTemplates, store_url: str, fake: FakeEsad, mp: pytest.MonkeyPatch
) -> Story:
    """The story of ``live_story`` in the fresh store at ``store_url``: told once per session
    and backend against a fake e-Sąd of its own, then copied (store and files, at the same
    absolute paths). The caller's environment is then the one ``live_story`` leaves, with
    ``fake`` (a running fake e-Sąd) as the court and ``HANDOFF_DATABASE_URL`` = ``store_url``."""

    def build(url: str, folder: Path) -> None:
        with pytest.MonkeyPatch.context() as told:
            told.setenv("HANDOFF_DATABASE_URL", url)
            engine = open_store(url)
            try:
                with running_fake() as court:
                    story = live_story(engine, folder / "var", folder, court, told)
                    assert court.errors == []
            finally:
                engine.dispose()
        told_as = {"ids": story.ids, "signature": story.signature}
        (folder / "story.json").write_text(json.dumps(told_as), encoding="utf-8")

    folder = templates.restore("case-story", store_url, build)
    _connect(mp, folder / "var", fake)
    mp.setenv("HANDOFF_DATABASE_URL", store_url)
    told_as = json.loads((folder / "story.json").read_text(encoding="utf-8"))
    return Story(open_store(store_url), told_as["ids"], told_as["signature"], folder / "var")


SETTLED = "TT/WIND/2026/0141"  # accepted, then settled out of court in three instalments
SETTLEMENT_SCHEDULE = "2026-11-27=1000;2026-11-30=1000;2026-12-28=1000"


def settle(story: Story) -> None:
    """The settlement part of the story: concluded on 26.11.2026 in a filed case, the first
    instalment paid on its day, the second (30.11.2026) missed, the third not yet due."""
    ok(
        "settlements",
        "add",
        SETTLED,
        "--amount",
        "3000,00",
        "--schedule",
        SETTLEMENT_SCHEDULE,
        "--on",
        "2026-11-26",
    )
    ok("payments", "add", SETTLED, "--amount", "1000", "--on", "2026-11-27", "--title", "rata 1")
