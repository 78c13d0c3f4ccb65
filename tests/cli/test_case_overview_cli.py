"""handoff cases show REF after approval (issues #18-#20): the payments with their art. 451
allocation, what was recovered and what is left; the latest e-Sąd submission (accepted with
the court's signature, rejected with the court's reason); the enforcement (komornik, Km,
ways, recovered through the komornik, end). JSON keys added, never renamed; the plain text
in Polish. Real SQLite and PostgreSQL stores, the real CLI, the local fake e-Sąd
(``tests/cli/case_story.py`` tells the story).

Expected figures: each payment's allocation lines add up to the payment (art. 451 KC, the
lines ``handoff payments list --json`` shows); recovered = the payments' sum; left = what
``payments list`` shows for today. After umorzenie z powodu bezskuteczności on 1.12.2026
the title's limitation runs anew, 6 years -> 1.12.2032 (art. 123 §1 pkt 1, 124 §1-2,
125 §1 KC; polish_law.md 1.2, 1.4, as tests/casework/test_enforcement.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from tests.casework.cli_helpers import ok
from tests.cli.case_story import (
    DEBTOR_PAID,
    DEBTOR_TITLE,
    ENFORCED,
    KM,
    KOMORNIK,
    KOMORNIK_PAID,
    REJECTED,
    REJECTION,
    SETTLED,
    Story,
    settle,
    stored_story,
)
from tests.conftest import REPO, StoreTemplates
from tests.integrations.fake_esad import running_fake

NEVER_SENT = "TT/WIND/2026/0152"  # nakazowe: not an EPU case, never approved here
OLD_KEYS = {
    "external_ref",
    "debtor",
    "stage",
    "review_comment",
    "claim",
    "findings",
    "documents",
    "timeline",
}


@pytest.fixture
def story(
    store_url: str, store_templates: StoreTemplates, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Story]:
    with running_fake() as fake:  # the story is told once per session (stored_story)
        told = stored_story(store_templates, store_url, fake, monkeypatch)
        yield told
        assert fake.errors == []
    told.engine.dispose()


def _show(ref: str) -> dict:
    return json.loads(ok("cases", "show", ref, "--json"))


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_cases_show_json_after_approval(story: Story) -> None:
    shown = _show(ENFORCED)
    assert OLD_KEYS | {"payments", "submission", "enforcement"} <= set(shown)

    # payments: the PaymentsView JSON of `payments list --json`, plus what was recovered
    pay = shown["payments"]
    listed = json.loads(ok("payments", "list", ENFORCED, "--json"))
    assert {k: v for k, v in pay.items() if k != "recovered"} == listed
    assert [(p["paid_on"], p["amount"], p["source"]) for p in pay["payments"]] == [
        ("2026-11-28", DEBTOR_PAID, "manual"),
        ("2026-12-01", KOMORNIK_PAID, "komornik"),
    ]
    assert pay["payments"][0]["title"] == DEBTOR_TITLE
    parts = {"to_costs": Decimal(0), "to_interest": Decimal(0), "to_principal": Decimal(0)}
    for p in pay["payments"]:
        assert p["allocation"], p
        paid = sum(
            Decimal(line[k]) for line in p["allocation"] for k in parts
        )  # art. 451: every grosz goes somewhere
        assert paid == Decimal(p["amount"])
        assert all(line["cites"].startswith("KC art. 451") for line in p["allocation"])
        for line in p["allocation"]:
            for k in parts:
                parts[k] += Decimal(line[k])
    got = pay["recovered"]
    assert got["total"] == "3500.00" and got["last_paid_on"] == "2026-12-01"
    assert {k: Decimal(got[k]) for k in parts} == parts
    left = pay["left"]
    assert left["on"] == "2026-12-01"
    assert Decimal(left["total"]) == sum(
        Decimal(left[k]) for k in ("principal", "interest", "costs")
    )
    assert Decimal(left["principal"]) > 0

    # the latest e-Sąd submission: accepted, with the court's signature from --poll
    sub = shown["submission"]
    assert sub["status"] == "accepted" and sub["status_label"] == "przyjęty przez sąd"
    assert sub["court_signature"] == story.signature and story.signature.startswith("VI Nc-e ")
    assert sub["reason"] is None and sub["filing_date"] == "2026-11-24"
    assert sub["package"].startswith("handoff-2026-11-24") and sub["attempts"] == 1
    for moment in ("sent_at", "answered_at", "updated_at"):  # with the offset on every store
        assert sub[moment].endswith("+00:00"), sub[moment]

    # enforcement: komornik, Km, ways, recovered through the komornik, not ended
    enf = shown["enforcement"]
    assert enf["komornik"] == KOMORNIK and enf["komornik_case"] == KM
    assert enf["started_on"] == "2026-12-01"
    assert enf["ways"] == ["bank", "wynagrodzenie"]
    assert enf["way_labels"] == [
        "egzekucja z rachunku bankowego",
        "egzekucja z wynagrodzenia za pracę",
    ]
    assert enf["recovered"] == KOMORNIK_PAID and enf["komornik_payments"] == 1
    assert enf["end"] is None and enf["title_limitation"] is None

    # issue #19: each enforcement step appears in the case's timeline
    kinds = [t["event_kind"] for t in shown["timeline"]]
    assert kinds[-3:] == ["enforcement-started", "enforcement-komornik-case", "enforcement-payment"]
    assert {t["stage"] for t in shown["timeline"][-3:]} == {"enforcement"}

    # the rejected lawsuit: the court's reason, no signature; nothing paid, no enforcement
    rejected = _show(REJECTED)
    assert rejected["submission"]["status"] == "rejected"
    assert REJECTION in rejected["submission"]["reason"]
    assert rejected["submission"]["court_signature"] is None
    assert rejected["payments"]["payments"] == []
    assert rejected["payments"]["recovered"]["total"] == "0.00"
    assert rejected["enforcement"] is None

    never = _show(NEVER_SENT)
    assert never["submission"] is None and never["enforcement"] is None
    assert never["payments"]["payments"] == [] and Decimal(never["payments"]["left"]["total"]) > 0


PROBE = """
import sys
sys.argv = ["handoff", "cases", "show", sys.argv[1], "--json"]
from cli.main import main
try:
    main()
finally:
    heavy = ("prefect", "docxtpl", "uvicorn", "alembic", "fastapi")
    print(sorted(m for m in heavy if m in sys.modules), file=sys.stderr)
"""


def test_cases_show_stays_light(story: Story, store_url: str, tmp_path: Path) -> None:
    """The new sections keep `cases show` a read-only command's start-up: no Prefect, no
    document stack, no web server (tests/flows/test_embedded.py, on an empty store)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "HANDOFF_"))}
    env |= {"HANDOFF_HOME": str(story.home), "HANDOFF_DATABASE_URL": store_url}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, ENFORCED],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout)["enforcement"]["komornik_case"] == KM
    assert done.stderr.strip().splitlines()[-1] == "[]", done.stderr[-2000:]


def test_cases_show_text_in_polish(story: Story) -> None:
    text = _flat(ok("cases", "show", ENFORCED))
    assert "Wpłaty" in text and "28.11.2026 r." in text and "1 500,00 zł" in text
    assert "Odzyskano: 3 500,00 zł (koszty " in text
    assert "Pozostało na 01.12.2026 r.: " in text
    assert "Złożenie w e-Sąd: przyjęty przez sąd (paczka handoff-2026-11-24" in text
    assert "wysłana 24.11.2026 r." in text and f"sygnatura {story.signature}" in text
    assert f"Egzekucja: komornik {KOMORNIK}; wniosek 01.12.2026 r.; sygnatura {KM}" in text
    assert "Sposoby: egzekucja z rachunku bankowego, egzekucja z wynagrodzenia za pracę" in text
    assert "Odzyskano przez komornika: 2 000,00 zł (liczba wpłat: 1)" in text
    assert "Zakończenie: trwa" in text

    rejected = _flat(ok("cases", "show", REJECTED))
    assert "Złożenie w e-Sąd: odrzucony przez sąd" in rejected
    assert "Powód odrzucenia: " in rejected and REJECTION in rejected
    assert "Wpłaty: brak wpłat zapisanych po przekazaniu sprawy." in rejected
    assert "Egzekucja:" not in rejected

    # the komornik's costs: those the creditor paid are the debtor's to repay, those
    # charged to the debtor the komornik collects himself
    for cost, payer, amount in (("zaliczka", "creditor", "150"), ("oplata", "debtor", "40")):
        ok(
            "enforcement",
            "record",
            ENFORCED,
            "--kind",
            "costs",
            "--amount",
            amount,
            "--cost",
            cost,
            "--paid-by",
            payer,
            "--on",
            "2026-12-01",
        )
    costs = _show(ENFORCED)["enforcement"]["komornik_costs"]
    assert costs == {"paid_by_creditor": "150.00", "charged_to_debtor": "40.00"}
    assert (
        "Koszty komornika: zapłacone przez wierzyciela 150,00 zł (należne od dłużnika), "
        "pobrane od dłużnika 40,00 zł" in _flat(ok("cases", "show", ENFORCED))
    )

    # the komornik ends it: umorzenie z powodu bezskuteczności; the title's limitation anew
    ok(
        "enforcement",
        "record",
        ENFORCED,
        "--kind",
        "discontinued-ineffective",
        "--on",
        "2026-12-01",
    )
    enf = _show(ENFORCED)["enforcement"]
    assert enf["end"]["kind"] == "discontinued-ineffective" and enf["end"]["on"] == "2026-12-01"
    assert enf["end"]["label"] == "umorzenie egzekucji (bezskuteczność)"
    assert enf["title_limitation"]["due_on"] == "2032-12-01"
    assert "KC art. 123 §1 pkt 1" in enf["title_limitation"]["cites"]
    assert enf["recovered"] == KOMORNIK_PAID
    text = _flat(ok("cases", "show", ENFORCED))
    assert "Zakończenie: umorzenie egzekucji (bezskuteczność) (01.12.2026 r.)" in text
    assert "Przedawnienie roszczenia z tytułu: 01.12.2032 r. (KC art. 123 §1 pkt 1" in text


def test_cases_show_settlement_and_instalments(story: Story) -> None:
    """The plan as ``handoff settlements show`` computes it, each instalment with a status:
    the first paid on its day, the second past its day (30.11.2026, a Monday) and unpaid
    within the 14-day grace period (the plan is late, not broken: law.pl.settlements), the
    third not yet due."""
    settle(story)
    (plan,) = _show(SETTLED)["settlements"]
    listed = json.loads(ok("settlements", "show", SETTLED, "--json"))["settlements"]
    # the plan of `settlements show --json`; cases show adds the kind's and statuses' words
    (same,) = listed
    assert {k: v for k, v in plan.items() if k not in ("kind_label", "instalments")} == {
        k: v for k, v in same.items() if k != "instalments"
    }
    assert [
        {k: v for k, v in i.items() if k not in ("status", "status_label")}
        for i in plan["instalments"]
    ] == same["instalments"]
    assert plan["kind"] == "pozasadowa" and plan["kind_label"] == "ugoda pozasądowa"
    assert (plan["concluded_on"], plan["amount"], plan["status"]) == (
        "2026-11-26",
        "3000.00",
        "late",
    )
    assert (plan["paid"], plan["rest"]) == ("1000.00", "2000.00")
    rows = [
        (i["number"], i["due_on"], i["amount"], i["left"], i["status"], i["paid_on"])
        for i in plan["instalments"]
    ]
    assert rows == [
        (1, "2026-11-27", "1000.00", "0.00", "paid", "2026-11-27"),
        (2, "2026-11-30", "1000.00", "1000.00", "late", None),
        (3, "2026-12-28", "1000.00", "1000.00", "open", None),
    ]
    assert [i["status_label"] for i in plan["instalments"]] == [
        "zapłacona",
        "zaległa",
        "do zapłaty",
    ]
    text = _flat(ok("cases", "show", SETTLED))
    assert (
        "Ugoda / raty: ugoda pozasądowa z 26.11.2026 r. na 3 000,00 zł; rata zaległa "
        "(w okresie karencji) (na 01.12.2026 r.: zapłacono 1 000,00 zł, pozostało 2 000,00 zł)"
        in text
    )
    for word in ("Raty", "30.11.2026 r.", "zapłacona", "zaległa", "do zapłaty"):
        assert word in text
    assert _show(ENFORCED)["settlements"] == []
