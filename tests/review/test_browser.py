"""The real page in headless Chromium: a partner approves, a paralegal cannot."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from sqlmodel import Session, select

from config import Settings
from review.app import create_app
from store.db import open_store, session_scope
from store.review import create_user
from store.tables import AuditLog, CaseFinding, ReviewDecision
from tests.review.conftest import DRAFT_TEXT, PASSWORD, seed_case

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is not installed"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveServer:
    def __init__(self, settings: Settings, engine: object) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            create_app(settings, engine=engine),  # type: ignore[arg-type]
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *_: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def live(tmp_path: Path, sqlite_url: str) -> Iterator[tuple[LiveServer, int, int, object]]:
    engine = open_store(sqlite_url)
    with session_scope(engine) as session:
        create_user(session, "pawel", "partner", PASSWORD, full_name="Paweł Partner")
        create_user(session, "ania", "paralegal", PASSWORD, full_name="Anna Asystentka")
    first = seed_case(engine, tmp_path, ref="SPR/1")
    second = seed_case(engine, tmp_path, ref="SPR/2", draft_text="Drugi pozew do akceptacji.")
    settings = Settings(home=tmp_path, database_url=sqlite_url, review_secret="browser-test")
    with LiveServer(settings, engine) as server:
        yield server, first, second, engine
    engine.dispose()


def test_partner_approves_paralegal_cannot(live: tuple[LiveServer, int, int, object]) -> None:
    from playwright.sync_api import expect, sync_playwright

    server, first, second, engine = live
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            # --- the partner signs in, opens the case, reads the draft, approves
            page = browser.new_context().new_page()
            page.goto(f"{server.url}/queue")
            expect(page).to_have_url(f"{server.url}/login?next=/queue")
            page.get_by_label("Nazwa użytkownika").fill("pawel")
            page.get_by_label("Hasło").fill(PASSWORD)
            page.get_by_role("button", name="Zaloguj").click()
            expect(page.get_by_role("heading", name="Kolejka do akceptacji")).to_be_visible()
            page.get_by_role("link", name="SPR/1").click()
            expect(page.get_by_text(DRAFT_TEXT)).to_be_visible()
            expect(page.locator(".docbody h1")).to_have_text("Pozew o zapłatę")
            page.get_by_role("button", name="Zatwierdź").click()
            expect(page.get_by_text("Sprawa SPR/1 zatwierdzona")).to_be_visible()
            page.get_by_role("button", name="Wyloguj").click()
            expect(page.get_by_role("heading", name="Logowanie")).to_be_visible()
            page.context.close()

            # --- the paralegal sees the page but no approve button; the endpoint says 403
            page = browser.new_context().new_page()
            page.goto(f"{server.url}/login")
            page.get_by_label("Nazwa użytkownika").fill("ania")
            page.get_by_label("Hasło").fill(PASSWORD)
            page.get_by_role("button", name="Zaloguj").click()
            page.goto(f"{server.url}/cases/{second}")
            expect(page.get_by_text("Drugi pozew do akceptacji.")).to_be_visible()
            expect(page.get_by_role("button", name="Zatwierdź")).to_have_count(0)
            token = page.locator('input[name="csrf_token"]').first.input_value()
            response = page.request.post(
                f"{server.url}/cases/{second}/approve", form={"csrf_token": token}
            )
            assert response.status == 403
            page.context.close()
        finally:
            browser.close()

    with Session(engine) as session:  # type: ignore[arg-type]
        decisions = session.exec(select(ReviewDecision)).all()
    assert [(d.case_id, d.decision, d.decided_by) for d in decisions] == [
        (first, "approve", "pawel")
    ]


def _sign_in(page: object, url: str, username: str) -> None:
    page.goto(f"{url}/login")  # type: ignore[attr-defined]
    page.get_by_label("Nazwa użytkownika").fill(username)  # type: ignore[attr-defined]
    page.get_by_label("Hasło").fill(PASSWORD)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Zaloguj").click()  # type: ignore[attr-defined]


def test_blocked_case_on_a_laptop_screen(
    live: tuple[LiveServer, int, int, object], tmp_path: Path
) -> None:
    """1366 px wide: nothing scrolls sideways; blockers on top; approve off with the reason;
    the override needs a reason; after sign-out the old page's forms do nothing."""
    from playwright.sync_api import expect, sync_playwright

    server, first, second, engine = live
    with session_scope(engine) as session:  # type: ignore[arg-type]
        session.add(
            CaseFinding(
                case_id=second,
                source="evidence",
                code="no_delivery_proof",
                severity="blocker",
                message="Brak dowodu doręczenia wezwania do zapłaty",
            )
        )
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
            _sign_in(page, server.url, "pawel")
            expect(page.get_by_role("heading", name="Kolejka do akceptacji")).to_be_visible()
            expect(page.get_by_text("Przeszkody: 1")).to_be_visible()
            assert page.evaluate("document.documentElement.scrollWidth") <= 1366
            page.screenshot(path=str(tmp_path / "queue.png"), full_page=True)

            page.get_by_role("link", name="SPR/2").click()
            blockers = page.locator("#blockers")
            expect(blockers).to_contain_text("Brak dowodu doręczenia wezwania do zapłaty")
            assert blockers.bounding_box()["y"] < page.locator("#decision").bounding_box()["y"]  # type: ignore[index]
            approve = page.get_by_role("button", name="Zatwierdź", exact=True)
            expect(approve).to_be_disabled()
            expect(page.locator("#approve-why")).to_contain_text("Zatwierdzenie jest zablokowane")
            expect(page.locator(".paper")).to_contain_text("Drugi pozew do akceptacji.")
            assert page.evaluate("document.documentElement.scrollWidth") <= 1366
            page.screenshot(path=str(tmp_path / "case.png"), full_page=True)

            # the browser itself refuses an empty override reason (required field)
            page.get_by_role("button", name="Zatwierdź mimo przeszkód").click()
            expect(page).to_have_url(f"{server.url}/cases/{second}")
            page.get_by_label("Powód zatwierdzenia mimo przeszkód").fill("Doręczenie osobiste")
            page.get_by_role("button", name="Zatwierdź mimo przeszkód").click()
            expect(page.get_by_text("Sprawa SPR/2 zatwierdzona")).to_be_visible()

            # sign out in one tab; the other tab's forms are dead
            other = page.context.new_page()
            other.goto(f"{server.url}/cases/{first}")
            page.get_by_role("button", name="Wyloguj").click()
            expect(page.get_by_role("heading", name="Logowanie")).to_be_visible()
            other.get_by_role("button", name="Zatwierdź", exact=True).click()
            expect(other.locator("p.error")).to_contain_text(re.compile("Sesja wygasła|token CSRF"))
            page.context.close()
        finally:
            browser.close()

    with Session(engine) as session:  # type: ignore[arg-type]
        decisions = session.exec(select(ReviewDecision)).all()
        overrides = session.exec(select(AuditLog).where(AuditLog.action == "review_override")).all()
    assert [(d.case_id, d.decision) for d in decisions] == [(second, "approve")]
    assert len(overrides) == 1


def test_court_stage_timeline_and_portfolio_on_a_laptop_screen(
    live: tuple[LiveServer, int, int, object], tmp_path: Path
) -> None:
    """Issue #17 in the browser: events recorded on the case page move the stage and appear
    in the timeline; the portfolio (from the navigation) fits 1366 px and offers the CSV.
    Screenshots go to ``$HANDOFF_SCREENSHOT_DIR`` when set (for a human to look at)."""
    import os

    from playwright.sync_api import expect, sync_playwright

    from tests.review.conftest import approve_and_file

    server, first, _second, engine = live
    shots = Path(os.environ.get("HANDOFF_SCREENSHOT_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    filed = approve_and_file(engine, first)  # type: ignore[arg-type]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
            _sign_in(page, server.url, "ania")
            page.goto(f"{server.url}/cases/{first}")
            expect(page.locator("strong.stage")).to_have_text("pozew złożony")
            for kind in ("payment-order-issued", "payment-order-served"):
                page.locator("form.event select[name=kind]").select_option(kind)
                page.locator("form.event input[name=occurred_on]").fill(filed.isoformat())
                page.get_by_role("button", name="Zapisz zdarzenie").click()
                expect(page.locator("p.flash")).to_contain_text("Zapisano zdarzenie")
            expect(page.locator("strong.stage")).to_have_text("nakaz zapłaty doręczony")
            steps = page.locator("table.timeline tbody tr")
            expect(steps).to_have_count(4)  # approval, filing, order issued, order served
            expect(steps.nth(3)).to_contain_text("doręczenie nakazu zapłaty")
            # an event that does not fit the stage (no return to pay for): refused, nothing saved
            page.locator("form.event select[name=kind]").select_option("fee-paid-after-return")
            page.locator("form.event input[name=occurred_on]").fill(filed.isoformat())
            page.get_by_role("button", name="Zapisz zdarzenie").click()
            expect(page.locator("p.error")).to_contain_text("Nie zapisano zdarzenia")
            expect(page.locator("table.timeline tbody tr")).to_have_count(4)
            assert page.evaluate("document.documentElement.scrollWidth") <= 1366
            page.locator(
                "section", has=page.get_by_role("heading", name="Przebieg sprawy")
            ).screenshot(path=str(shots / "timeline.png"))

            page.get_by_role("link", name="Portfel spraw").click()
            expect(page.get_by_role("heading", name="Portfel spraw")).to_be_visible()
            expect(page.locator("table.stages").first).to_contain_text("nakaz zapłaty doręczony")
            expect(page.locator("table.deadlines").first).to_contain_text("sprzeciw")
            expect(page.get_by_role("link", name=re.compile("Pobierz CSV"))).to_have_attribute(
                "href", "/portfolio.csv"
            )
            assert page.evaluate("document.documentElement.scrollWidth") <= 1366
            page.screenshot(path=str(shots / "portfolio.png"), full_page=True)
            page.locator("details.cases summary").first.click()
            assert page.evaluate("document.documentElement.scrollWidth") <= 1366
            page.screenshot(path=str(shots / "portfolio-cases.png"), full_page=True)
        finally:
            browser.close()
