"""The case page after approval in headless Chromium (issues #18-#20): "Złożenie w e-Sąd"
(status, the court's signature or its reason), "Wpłaty" (date, amount, title, what each
payment paid under art. 451 KC: costs, interest, principal; recovered and left) and
"Egzekucja" (komornik, Km, ways, recovered through the komornik, end) and "Ugoda / raty"
(the schedule, each instalment's status), in Polish with
Polish numbers and dates; the enforcement steps in the timeline; nothing scrolls sideways at
1366 px. The story is real (``tests/cli/case_story.py``: the sample cases, the fake e-Sąd,
the real command line); screenshots go to ``$HANDOFF_SCREENSHOT_DIR`` when set."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from config import Settings
from store.db import open_store
from tests.cli.case_story import (
    DEBTOR_TITLE,
    ENFORCED,
    KM,
    KOMORNIK,
    REJECTED,
    REJECTION,
    SETTLED,
    live_story,
    settle,
)
from tests.integrations.fake_esad import running_fake
from tests.review.test_browser import CHROMIUM, CHROMIUM_ARGS, LiveServer

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is not installed"),
]


def test_case_page_payments_submission_enforcement_on_a_laptop_screen(
    tmp_path: Path, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from playwright.sync_api import expect, sync_playwright

    home = tmp_path / "var"
    monkeypatch.setenv("HANDOFF_DATABASE_URL", sqlite_url)
    engine = open_store(sqlite_url)
    with running_fake() as fake:
        story = live_story(engine, home, tmp_path, fake, monkeypatch)
    settle(story)
    shots = Path(os.environ.get("HANDOFF_SCREENSHOT_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    settings = Settings(home=home, database_url=sqlite_url, review_secret="browser-test")
    try:
        with LiveServer(settings, engine) as server, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                page = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
                # each page's first view renders the sample drafts (.docx through mammoth):
                # 8-11 s apiece on this 2-core machine under load, uncached
                page.set_default_navigation_timeout(120_000)
                page.set_default_timeout(60_000)
                page.goto(f"{server.url}/login")
                page.get_by_label("Nazwa użytkownika").fill("pawel")
                page.get_by_label("Hasło").fill("haslo-partnera-1")
                page.get_by_role("button", name="Zaloguj").click()
                expect(page.get_by_role("heading", name="Kolejka do akceptacji")).to_be_visible()

                page.goto(f"{server.url}/cases/{story.ids[ENFORCED]}")
                expect(page.locator("strong.stage")).to_have_text("egzekucja komornicza")

                submission = page.locator("#submission")
                expect(submission.get_by_role("heading")).to_have_text("Złożenie w e-Sąd")
                expect(submission).to_contain_text("przyjęty przez sąd")
                expect(submission).to_contain_text(story.signature)
                expect(submission).to_contain_text("24.11.2026")

                payments = page.locator("#payments")
                expect(payments.get_by_role("heading")).to_have_text("Wpłaty")
                rows = payments.locator("table.payments tbody tr")
                expect(rows).to_have_count(2)
                nbsp = "\u00a0"
                first, second = rows.nth(0), rows.nth(1)
                expect(first.locator("td").nth(0)).to_have_text("28.11.2026")
                expect(first.locator("td").nth(1)).to_have_text(f"1{nbsp}500,00{nbsp}zł")
                expect(first).to_contain_text(DEBTOR_TITLE)
                expect(second.locator("td").nth(0)).to_have_text("01.12.2026")
                expect(second.locator("td").nth(1)).to_have_text(f"2{nbsp}000,00{nbsp}zł")
                expect(second).to_contain_text("przez komornika")
                expect(payments.locator("thead")).to_contain_text("Należność główna")
                for row in (first, second):  # costs + interest + principal = the payment
                    cells = [row.locator("td").nth(i).inner_text() for i in range(1, 6) if i != 2]
                    amount, *parts = (
                        float(re.sub(r"[^\d,]", "", c.split("\n")[0]).replace(",", "."))
                        for c in cells
                    )
                    assert sum(parts) == pytest.approx(amount)
                    expect(row).to_contain_text("KC art. 451")
                recovered = payments.locator("tfoot tr.recovered")
                expect(recovered).to_contain_text("Odzyskano")
                expect(recovered.locator("td").first).to_have_text(f"3{nbsp}500,00{nbsp}zł")
                expect(payments.locator("p.left")).to_contain_text("Pozostało na 01.12.2026")

                enforcement = page.locator("#enforcement")
                expect(enforcement.get_by_role("heading")).to_have_text("Egzekucja")
                expect(enforcement).to_contain_text(KOMORNIK)
                expect(enforcement).to_contain_text(KM)
                expect(enforcement).to_contain_text("egzekucja z rachunku bankowego")
                expect(enforcement).to_contain_text("egzekucja z wynagrodzenia za pracę")
                expect(enforcement).to_contain_text(f"2{nbsp}000,00{nbsp}zł")
                expect(enforcement).to_contain_text("trwa")

                timeline = page.locator("table.timeline")  # each enforcement step is there
                for label in (
                    "wniosek egzekucyjny",
                    "sygnatura sprawy komorniczej",
                    "wpłata od komornika",
                ):
                    expect(timeline).to_contain_text(label)
                assert page.evaluate("document.documentElement.scrollWidth") <= 1366
                page.screenshot(path=str(shots / "case-after-approval.png"), full_page=True)
                for section in ("#submission", "#payments", "#enforcement"):
                    page.locator(section).screenshot(path=str(shots / f"case-{section[1:]}.png"))

                # the rejected lawsuit: the court's reason on the page, nothing paid
                page.goto(f"{server.url}/cases/{story.ids[REJECTED]}")
                submission = page.locator("#submission")
                expect(submission).to_contain_text("odrzucony przez sąd")
                expect(submission.locator("p.reason")).to_contain_text(REJECTION)
                expect(page.locator("#payments")).to_contain_text(
                    "Brak wpłat zapisanych po przekazaniu sprawy."
                )
                expect(page.locator("#enforcement")).to_have_count(0)
                expect(page.locator("#settlements")).to_have_count(0)
                assert page.evaluate("document.documentElement.scrollWidth") <= 1366

                # the settled case: "Ugoda / raty" with each instalment's status
                page.goto(f"{server.url}/cases/{story.ids[SETTLED]}")
                plan = page.locator("#settlements")
                expect(plan.get_by_role("heading")).to_have_text("Ugoda / raty")
                expect(plan.locator("p.plan")).to_contain_text("Ugoda pozasądowa z 26.11.2026")
                expect(plan.locator("p.plan")).to_contain_text("rata zaległa")
                instalments = plan.locator("table.instalments tbody tr")
                expect(instalments).to_have_count(3)
                for n, (due, status) in enumerate(
                    (
                        ("27.11.2026", "zapłacona 27.11.2026"),
                        ("30.11.2026", "zaległa"),
                        ("28.12.2026", "do zapłaty"),
                    )
                ):
                    expect(instalments.nth(n).locator("td").nth(1)).to_contain_text(due)
                    expect(instalments.nth(n).locator("td").nth(5)).to_contain_text(status)
                expect(instalments.nth(1)).to_contain_text("karencja do")
                expect(page.locator("#payments p.left")).to_contain_text("według ugody")
                assert page.evaluate("document.documentElement.scrollWidth") <= 1366
                plan.screenshot(path=str(shots / "case-settlements.png"))
            finally:
                browser.close()
    finally:
        engine.dispose()
