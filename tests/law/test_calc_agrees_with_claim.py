"""``handoff calc`` and the claim aggregate agree (issue 14 leftovers).

* Art. 115 KC moves the payment deadline (polish_law.md 0b K3) inside the rekompensata rule,
  so the month of the NBP rate (art. 10 ust. 1 u.p.n.o.t.h.) follows the moved deadline in
  ``calc compensation`` exactly as in the claim.
* Commercial interest cites art. 7 ust. 1 u.p.n.o.t.h. with art. 4 pkt 3 and art. 11b (K12).
* The reasons and finding messages a partner reads are Polish, dates as ``31.07.2026 r.``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from cli.calc import calc_app
from law.pl.claim import ClaimInput, DebtorKind, InvoiceInput, compute_claim
from law.pl.compensation import EurRateUnavailable, compensation
from law.pl.interest import interest
from law.pl.limitation import Basis
from law.pl.rates import CITES, InterestKind
from law.pl.text import pl_date, pl_money, pl_number

D = Decimal
RUNNER = CliRunner()
ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def run_json(*args: str) -> dict[str, Any]:
    result = RUNNER.invoke(calc_app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# Sat 31.08.2024 -> Mon 2.09.2024 (art. 115 KC, K3): the rate is the last Table A of August
# (30.08.2024: 4,2798, NBP archive in law.pl.data.eur_mid_rates), not of July (31.07.2024:
# 4,2953). 10 000 zł -> 70 EUR (art. 10 ust. 1 pkt 2) -> 70 x 4,2798 = 299,59 zł.
MOVED_ACROSS_MONTH = (D("10000.00"), date(2024, 8, 31))


def test_compensation_rate_month_follows_the_moved_deadline() -> None:
    result = compensation(*MOVED_ACROSS_MONTH)
    assert result.due_moved_to == date(2024, 9, 2)
    assert result.deadline == date(2024, 9, 2)
    assert result.due_on == date(2024, 9, 3)  # falls due the day after the moved deadline
    assert (result.rate_date, result.eur_rate) == (date(2024, 8, 30), D("4.2798"))
    assert result.pln == D("299.59")
    assert "KC art. 115" in [str(c) for c in result.figure.cites]
    # the unmoved reading (31.07.2024: 70 x 4,2953 = 300,67) is shown as a note only
    assert any("300,67 zł" in n for n in result.figure.notes)


def test_an_unmoved_deadline_has_no_move() -> None:
    # Fri 15.03.2023: no move; R1 (polish_law.md 7.6): rate 28.02.2023
    result = compensation(D("4999.99"), date(2023, 3, 15))
    assert result.due_moved_to is None and result.deadline == date(2023, 3, 15)
    assert "KC art. 115" not in [str(c) for c in result.figure.cites]


def test_missing_rate_names_the_month_of_the_moved_deadline() -> None:
    # Sat 31.10.2026 -> Mon 2.11.2026 (brief of issue 14): the rate needed is the last Table A
    # of October (Fri 30.10.2026), not of September
    with pytest.raises(EurRateUnavailable) as caught:
        compensation(D(1000), date(2026, 10, 31))
    assert (caught.value.rate_day, caught.value.due) == (date(2026, 10, 30), date(2026, 11, 2))
    given = compensation(D(1000), date(2026, 10, 31), extra_rates={date(2026, 10, 30): D("4.25")})
    assert (given.rate_date, given.pln) == (date(2026, 10, 30), D("170.00"))  # 40 x 4,25


def test_calc_compensation_matches_the_claim() -> None:
    amount, due = MOVED_ACROSS_MONTH
    data = run_json("compensation", "--amount", str(amount), "--due", due.isoformat())
    claim = compute_claim(
        ClaimInput(
            creditor_is_business=True,
            debtor_kind=DebtorKind.BUSINESS,
            basis=Basis.SALE,
            invoices=(InvoiceInput("FV/8/2024", date(2024, 8, 1), due, amount),),
            has_final_demand=True,
            filing_date=date(2025, 3, 3),
        )
    )
    (inv,) = claim.invoices
    assert inv.compensation is not None
    assert data["pln"] == str(inv.compensation.value) == "299.59"
    assert data["rate_date"] == "2024-08-30"
    # the keys added for K3 (nothing renamed)
    assert data["due_moved_to"] == "2024-09-02" == (inv.due_moved_to or due).isoformat()
    assert data["falls_due_on"] == "2024-09-03" == str(inv.compensation_due_on)


def test_calc_compensation_unmoved_deadline_keys() -> None:
    data = run_json("compensation", "--amount", "4999.99", "--due", "2023-03-15")
    assert data["due_moved_to"] is None and data["falls_due_on"] == "2023-03-16"


@pytest.mark.parametrize("kind", [InterestKind.COMMERCIAL, InterestKind.COMMERCIAL_HEALTHCARE])
def test_commercial_interest_cites_art_7_with_art_4_and_11b(kind: InterestKind) -> None:
    # K12: art. 7 ust. 1 u.p.n.o.t.h. (entitlement) with art. 4 pkt 3 and art. 11b (rate)
    cites = [str(c) for c in CITES[kind]]
    assert cites[0] == "u.p.n.o.t.h. art. 7 ust. 1"
    assert any(c.startswith("u.p.n.o.t.h. art. 4 pkt 3") for c in cites)
    assert "u.p.n.o.t.h. art. 11b" in cites


def test_calc_interest_prints_art_7() -> None:
    data = run_json(
        "interest",
        "--principal",
        "1000",
        "--from",
        "2024-01-01",
        "--to",
        "2024-12-31",
        "--kind",
        "commercial",
    )
    assert data["cites"][0] == "u.p.n.o.t.h. art. 7 ust. 1"


def test_interest_reason_is_polish() -> None:
    # 1 000 zł, 1.01-31.12.2024 (366 days), commercial 15,75 % H1 / 15,75 % H2 2024 (ref 5,75)
    result = interest(D(1000), date(2024, 1, 1), date(2024, 12, 31), InterestKind.COMMERCIAL)
    reason = result.figure.reason
    assert reason.startswith("odsetki ustawowe za opóźnienie w transakcjach handlowych od ")
    assert "1 000,00 zł" in reason and "01.01.2024 r." in reason and "31.12.2024 r." in reason
    assert not ISO.search(reason)
    assert "interest" not in reason and "period" not in reason and "days" not in reason


def test_claim_reasons_and_findings_use_polish_dates() -> None:
    # an invoice not yet due and one whose EUR rate is missing: both findings name days
    claim = compute_claim(
        ClaimInput(
            creditor_is_business=True,
            debtor_kind=DebtorKind.BUSINESS,
            basis=Basis.SALE,
            invoices=(
                InvoiceInput("FV/1/2026", date(2026, 6, 1), date(2026, 7, 31), D("6000.00")),
                InvoiceInput("FV/2/2026", date(2026, 10, 1), date(2026, 12, 15), D("100.00")),
            ),
            has_final_demand=True,
            filing_date=date(2026, 12, 1),
        )
    )
    by_code = {(f.code, f.subject): f.message for f in claim.findings}
    assert "termin płatności 15.12.2026 r." in by_code["not_yet_due", "FV/2/2026"]
    missing = by_code["eur_rate_missing", "FV/1/2026"]
    assert "z dnia 30.06.2026 r." in missing and "termin płatności 31.07.2026 r." in missing
    # the command a partner types keeps the ISO day it accepts
    assert "handoff rates set EUR 2026-06-30 KURS" in missing
    for finding in claim.findings:
        text = re.sub(r"handoff rates set EUR \d{4}-\d{2}-\d{2}", "", finding.message)
        assert not ISO.search(text), finding
    for inv in claim.invoices:
        for figure in (inv.principal, inv.interest_to_filing):
            assert not ISO.search(figure.reason), figure.reason
        assert "statutory" not in inv.interest_to_filing.reason
        assert "commercial" not in inv.interest_to_filing.reason
    for figure in (claim.total_costs, claim.interest_to_filing_total, claim.wps):
        assert not ISO.search(figure.reason) and not re.search(r"\d\.\d\d zł", figure.reason)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(D("63345"), "63 345,00 zł"), (D("0.5"), "0,50 zł"), (D("1234567.891"), "1 234 567,89 zł")],
)
def test_pl_money(value: Decimal, expected: str) -> None:
    assert pl_money(value) == expected


def test_pl_date_and_number() -> None:
    assert pl_date(date(2026, 7, 31)) == "31.07.2026 r."
    assert pl_number(D("4.7170")) == "4,7170"


# --- handoff calc speaks Polish: help texts, error lines, reasons -------------------------

ENGLISH = re.compile(
    r"\b(the|of|and|or|is|on|for|by|with|day|days|from|to|file|print|payment|deadline|"
    r"amount|rate|claim|filing|inclusive|override|interest|limitation)\b",
    re.IGNORECASE,
)


def _calc_commands() -> list[Any]:
    group = typer.main.get_command(calc_app)
    return [group, *group.commands.values()]  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", _calc_commands(), ids=lambda c: c.name or "calc")
def test_calc_help_texts_are_polish(command: Any) -> None:
    texts = [command.help or ""]
    framework = {"help", "install_completion", "show_completion"}  # typer's own options
    texts += [p.help or "" for p in command.params if p.name not in framework]
    for text in texts:
        words = re.sub(r"\{[^}]*\}|--[a-z-]+|RRRR-MM-DD|Europe/Warsaw|JSON", "", text)
        assert not ENGLISH.search(words), text


def test_calc_deadline_for_an_event_without_a_deadline() -> None:
    # lodging an objection opens no deadline for the plaintiff (art. 505 KPC): no crash
    data = run_json("deadline", "--event", "objection-filed", "--on", "2026-10-30")
    assert data["due_on"] is None and data["deadlines"] == []
    assert "nie otwiera terminu" in data["reason"]


def test_missing_option_value_is_one_polish_line(tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "handoff"
    if not exe.exists():
        pytest.skip("handoff not installed (pip install -e '.[dev]')")
    done = subprocess.run(
        [str(exe), "calc", "court-fee", "--value"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "HANDOFF_HOME": str(tmp_path)},
    )
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("Błąd: opcja --value wymaga wartości"), line


@pytest.mark.parametrize(
    "args",
    [
        ["limitation", "--basis", "sale", "--due", "2026-10-31", "--filed", "2027-01-04"],
        ["limitation", "--basis", "work", "--due", "2024-05-10", "--handed-over", "2024-04-30"],
        ["deadline", "--event", "payment-order-served", "--on", "2026-10-16"],
        ["court-fee", "--value", "63345", "--procedure", "nakazowe", "--filed-on", "2026-12-01"],
        ["attorney-fee", "--value", "63345", "--procedure", "nakazowe"],
        [
            "interest",
            "--principal",
            "1000",
            "--due",
            "2026-10-31",
            "--to",
            "2026-11-30",
            "--kind",
            "commercial",
        ],
        ["compensation", "--amount", "10000", "--due", "2024-08-31"],
        ["procedure", "--value", "5000", "--due", "2026-05-31", "--filing", "2026-12-01"],
    ],
    ids=lambda a: a[0],
)
def test_calc_reasons_have_no_iso_dates_or_dot_decimals(args: list[str]) -> None:
    data = run_json(*args)
    texts = [data["reason"], *data.get("notes", []), data.get("procedure_reason", "")]
    for text in texts:
        assert not ISO.search(text), text
        assert not re.search(r"\d\.\d+ zł", text), text
        assert "->" not in text, text


def test_a_partial_table_never_lends_an_earlier_days_rate() -> None:
    # art. 10 ust. 1 u.p.n.o.t.h.: the rate of the last working day of the month before the
    # deadline's month (Mon 31.08.2026 for a deadline of 15.09.2026). A table that ends on
    # 25.08.2026 (a refresh run that day) does not have it: the rate is missing, not 25.08.
    with pytest.raises(EurRateUnavailable) as caught:
        compensation(D(1000), date(2026, 9, 15), extra_rates={date(2026, 8, 25): D("4.30")})
    assert caught.value.rate_day == date(2026, 8, 31)
    # a month ending on a weekend: Sat 31.10.2026 -> Fri 30.10.2026 is the day
    with pytest.raises(EurRateUnavailable) as caught:
        compensation(D(1000), date(2026, 11, 16), extra_rates={date(2026, 10, 29): D("4.30")})
    assert caught.value.rate_day == date(2026, 10, 30)


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (
            ["compensation", "--amount", "1000", "--due", "2024-08-31", "--eur-rate", "1e30"],
            "--eur-rate",
        ),
        (
            [
                "interest",
                "--principal",
                "100",
                "--from",
                "2020-01-01",
                "--to",
                "9999-01-01",
                "--kind",
                "statutory",
            ],
            "--to",
        ),
        (["court-fee", "--value", "1000000000000", "--procedure", "standard"], "--value"),
    ],
    ids=["eur-rate", "year", "amount"],
)
def test_far_out_values_are_refused_with_one_polish_line(args: list[str], option: str) -> None:
    # beyond these bounds Decimal quantizing or date arithmetic failed with exit 1
    result = RUNNER.invoke(calc_app, args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"Błąd: nieprawidłowa wartość opcji '{option}'"), line
