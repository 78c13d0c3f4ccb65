"""Which letter the court needs after a payment or a settlement (law.pl.court_letters).

Expected values and their source:

* the letter per stage follows the brief of issue #18 and KPC art. 203 §1 (with zrzeczenie
  the withdrawal is possible until the judgment), art. 355 §1 (umorzenie): not in
  polish_law.md, so graded UNCONFIRMED and never cited in the court letter;
* the amounts are the allocation lines of ``law.pl.payments`` (KC art. 451, polish_law.md
  5.1, CONFIRMED): 1 000,00 zł on 20.11.2026 against FV/2026/09/021 (8 487,00 zł, deadline
  15.09.2026, 13,75 %): interest 211,01 zł, principal 788,99 zł (tests/casework/
  test_payments.py derives the figure: 66 days x 13,75 % x 8 487 / 365);
* the EPU court and e-Sąd: 0b K10 (court CONFIRMED), the e-Sąd-only rule UNCONFIRMED;
* the fee refund (u.k.s.c. art. 79 ust. 1 pkt 3 lit. a): not in polish_law.md section 3,
  UNCONFIRMED, so not asserted in the letter.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from law.pl.court_letters import (
    CONFIRMED,
    FEE_REFUND,
    UNCONFIRMED,
    Channel,
    Covered,
    LetterKind,
    Reason,
    Situation,
    court_letter,
)
from law.stages import Stage

PAID_ON = date(2026, 11, 20)
LINE = Covered(
    PAID_ON,
    "FV/2026/09/021",
    Decimal("788.99"),
    Decimal("211.01"),
    cites=("KC art. 451 §3", "KC art. 451 §1 zd. 2"),
)
COSTS_LINE = Covered(
    PAID_ON, "", Decimal(0), Decimal(0), Decimal("1317.00"), ("KC art. 451 §1 zd. 2",)
)

# (stage, procedure, reason, settled) -> (kind, channel, contested)
TABLE = [
    (Stage.FILED, "nakazowe", Reason.PAYMENT, False, LetterKind.PARTIAL, Channel.COURT, False),
    (Stage.IN_COURT, None, Reason.PAYMENT, False, LetterKind.PARTIAL, Channel.COURT, False),
    (
        Stage.ORDINARY,
        "upominawcze",
        Reason.PAYMENT,
        False,
        LetterKind.PARTIAL,
        Channel.COURT,
        False,
    ),
    (
        Stage.ORDER_ISSUED,
        "nakazowe",
        Reason.PAYMENT,
        False,
        LetterKind.PARTIAL,
        Channel.COURT,
        True,
    ),
    (Stage.ORDER_SERVED, "epu", Reason.PAYMENT, False, LetterKind.PARTIAL, Channel.ESAD, True),
    (Stage.FILED, "epu", Reason.PAYMENT, False, LetterKind.PARTIAL, Channel.ESAD, False),
    # after a sprzeciw the EPU case is in the court of general jurisdiction (polish_law.md 6.2)
    (Stage.ORDINARY, "epu", Reason.PAYMENT, False, LetterKind.PARTIAL, Channel.COURT, False),
    (Stage.FILED, "epu", Reason.PAYMENT, True, LetterKind.FULL, Channel.ESAD, False),
    (Stage.FILED, "nakazowe", Reason.PAID, True, LetterKind.FULL, Channel.COURT, False),
    (Stage.ORDINARY, "nakazowe", Reason.SETTLEMENT, False, LetterKind.FULL, Channel.COURT, False),
]


@pytest.mark.parametrize(
    ("stage", "procedure", "reason", "settled", "kind", "channel", "contested"), TABLE
)
def test_which_letter(
    stage: Stage,
    procedure: str | None,
    reason: Reason,
    settled: bool,
    kind: LetterKind,
    channel: Channel,
    contested: bool,
) -> None:
    plan = court_letter(Situation(reason, stage, procedure, (LINE,), settled))
    assert (plan.kind, plan.channel, plan.contested) == (kind, channel, contested)
    cites = {str(r.cite): r.status for r in plan.rules}
    # the withdrawal and the umorzenie rest on KPC provisions the reference does not hold
    assert cites["KPC art. 203 §1"] == UNCONFIRMED
    assert cites["KPC art. 355 §1"] == UNCONFIRMED
    assert cites[str(FEE_REFUND.cite)] == UNCONFIRMED
    # ... so the court letter cites none of them, only the allocation rules (CONFIRMED)
    assert all(c.act == "KC" for c in plan.letter_cites)
    if kind is LetterKind.PARTIAL:
        assert cites["KPC art. 193"] == UNCONFIRMED
        assert plan.title == "COFNIĘCIE POZWU W CZĘŚCI ZE ZRZECZENIEM SIĘ ROSZCZENIA"
    else:
        assert plan.title == "COFNIĘCIE POZWU W CAŁOŚCI ZE ZRZECZENIEM SIĘ ROSZCZENIA"
    if channel is Channel.ESAD:
        assert cites["KPC art. 505^31 §1"] == UNCONFIRMED
        assert any("e-Sądzie" in n for n in plan.notes)
    else:
        assert "KPC art. 505^31 §1" not in cites
    assert any(
        "art. 79 ust. 1 pkt 3 lit. a u.k.s.c." in n and "UNCONFIRMED" in n for n in plan.notes
    )


def test_amounts_are_the_stored_allocation() -> None:
    plan = court_letter(Situation(Reason.PAYMENT, Stage.FILED, "nakazowe", (LINE,)))
    assert (plan.principal, plan.interest, plan.costs) == (
        Decimal("788.99"),
        Decimal("211.01"),
        Decimal("0.00"),
    )
    assert "788,99 zł należności głównej i 211,01 zł odsetek" in plan.reason_text
    allocation = {str(r.cite): r.status for r in plan.rules if r.cite.act == "KC"}
    assert allocation == {"KC art. 451 §3": CONFIRMED, "KC art. 451 §1 zd. 2": CONFIRMED}


def test_costs_covered_are_stated_not_withdrawn() -> None:
    """After a nakaz the awarded costs come first (art. 451 §1 zd. 2 KC with KPC art. 98):
    the letter withdraws only principal and interest."""
    both = court_letter(
        Situation(Reason.PAYMENT, Stage.ORDER_SERVED, "nakazowe", (COSTS_LINE, LINE))
    )
    assert (both.kind, both.principal, both.costs) == (
        LetterKind.PARTIAL,
        Decimal("788.99"),
        Decimal("1317.00"),
    )
    only_costs = court_letter(
        Situation(Reason.PAYMENT, Stage.ORDER_SERVED, "nakazowe", (COSTS_LINE,))
    )
    assert only_costs.kind is None and "wyłącznie koszty" in only_costs.reason_text


@pytest.mark.parametrize(
    ("stage", "says"),
    [
        (Stage.INTAKE, "projekt zostanie przeliczony"),
        (Stage.READY_FOR_REVIEW, "projekt zostanie przeliczony"),
        (Stage.APPROVED, "projekt zostanie przeliczony"),
        (Stage.RETURNED, "pozew zwrócony"),
        (Stage.EPU_DISCONTINUED, "EPU umorzone"),
        (Stage.JUDGMENT, "wyrok został wydany"),
        (Stage.FINAL, "uwzględnia się w egzekucji"),
        (Stage.ENFORCEMENT, "uwzględnia się w egzekucji"),
        (Stage.ENFORCEMENT_ENDED, "uwzględnia się w egzekucji"),
        (Stage.WITHDRAWN, "postępowanie zakończone"),
        (Stage.PAID, "postępowanie zakończone"),
        (Stage.CLOSED, "postępowanie zakończone"),
    ],
)
def test_no_letter_with_the_reason(stage: Stage, says: str) -> None:
    for reason in Reason:
        plan = court_letter(Situation(reason, stage, "epu", (LINE,), True))
        assert not plan.needed and plan.kind is None
        assert says in plan.reason_text, (stage, plan.reason_text)


def test_every_stage_has_an_answer() -> None:
    for stage in Stage:
        plan = court_letter(Situation(Reason.PAYMENT, stage, "nakazowe", (LINE,)))
        assert plan.needed or plan.reason_text


def test_costs_asked_after_payment_not_after_settlement() -> None:
    paid = court_letter(Situation(Reason.PAID, Stage.FILED, "nakazowe", (LINE,), True))
    assert paid.ask_costs and any(str(r.cite) == "KPC art. 203 §2" for r in paid.rules)
    settled = court_letter(
        Situation(Reason.SETTLEMENT, Stage.FILED, "nakazowe", settled_on=date(2026, 11, 30))
    )
    assert not settled.ask_costs
    assert "30.11.2026 r." in settled.reason_text
    assert any("Ugoda" in n and "zrzeczeniem" in n for n in settled.notes)


def test_payment_to_an_invoice_left_out_of_the_pozew_changes_nothing_in_court() -> None:
    """0087: FV/2023/08/077 is time-barred under every reading and left out of the pozew
    (K4); art. 451 §3 KC still allocates a payment to it (the debt due first)."""
    barred = Covered(
        PAID_ON, "FV/2023/08/077", Decimal(0), Decimal("300.00"), cites=("KC art. 451 §3",)
    )
    claimed = frozenset({"FV/2024/10/015"})
    plan = court_letter(Situation(Reason.PAYMENT, Stage.FILED, "epu", (barred,), claimed=claimed))
    assert plan.kind is None and "nieobjęte pozwem (FV/2023/08/077)" in plan.reason_text
    both = court_letter(
        Situation(
            Reason.PAYMENT,
            Stage.FILED,
            "epu",
            (barred, LINE),
            claimed=claimed | {LINE.invoice_number},
        )
    )
    assert both.kind is LetterKind.PARTIAL and both.interest == Decimal("211.01")
    assert any("FV/2023/08/077" in n for n in both.notes)


def test_principal_designated_by_the_debtor_keeps_its_interest_noted() -> None:
    """A payment the debtor designated for the invoice's principal (art. 451 §1 zd. 1 KC,
    the creditor not applying it to interest first) withdraws principal only: the interest on
    that principal up to the payment day is still claimed; the partner is told to check the
    letter says so (``withdrawal_terms``' ``Remainder.kept`` words it where no interest was
    left unpaid before). An ordinary line (interest first) gets no such note."""
    designated = Covered(
        PAID_ON, "FV/2026/09/021", Decimal("1000.00"), Decimal(0), cites=("KC art. 451 §1 zd. 1",)
    )
    plan = court_letter(Situation(Reason.PAYMENT, Stage.FILED, "nakazowe", (designated,)))
    assert plan.kind is LetterKind.PARTIAL
    (note,) = [n for n in plan.notes if "wskazaniem dłużnika" in n]
    assert note == (
        "Wpłata z dnia 20.11.2026 r. zaliczona zgodnie ze wskazaniem dłużnika "
        "(art. 451 § 1 zd. 1 KC) wyłącznie na należność główną z faktury nr FV/2026/09/021 "
        "(1 000,00 zł): pismo cofa tylko tę należność główną, odsetki od niej za czas do "
        "dnia zapłaty pozostają dochodzone - sprawdź, czy pismo to mówi (zdanie „Po zapłacie "
        "powód dochodzi…” podaje je, gdy przed tą wpłatą nie pozostały niezapłacone odsetki); "
        "jeśli nie, dopisz, że powód podtrzymuje żądanie odsetek od kwoty 1 000,00 zł za okres "
        "do dnia 20.11.2026 r."
    )
    ordinary = court_letter(Situation(Reason.PAYMENT, Stage.FILED, "nakazowe", (LINE,)))
    assert not [n for n in ordinary.notes if "wskazaniem dłużnika" in n]
    settled = court_letter(
        Situation(Reason.PAYMENT, Stage.FILED, "nakazowe", (designated,), settled=True)
    )
    assert settled.kind is LetterKind.FULL
    assert not [n for n in settled.notes if "wskazaniem dłużnika" in n]
