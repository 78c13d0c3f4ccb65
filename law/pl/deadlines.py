"""Procedural deadlines triggered by court events (terminy procesowe).

Each event kind maps to the steps it opens: the term (art. 111-112 KC via art. 165 §1 KPC),
shifted off Saturdays and statutory holidays (art. 115 KC), who acts ("ours": an act we must
file; "theirs": the other side's window we watch, after which we act) and the provision.

References:
    * polish_law.md 2.1-2.4: KPC art. 165 [S32]; KC art. 111-115 [S29][S30].
    * KPC art. 502 §1, 505 [S37]; 493 [S38]; 328 §1 [S39]; 369 §1 [S40]; 394 §2 [S41];
      398^5 §1 [S42]; 205^1 [S43]; 458^5 [S44]; 130 §1 [S46][S47]; 168-169 [S37].
    * KPC art. 130^2 §3 (fee defects of a professional's pleading: returned without a call,
      the fee may be paid within one week of service of the return order; the pleading then
      takes effect from its filing day, once per instance): polish_law.md 0b K5 (in force;
      the 2025 act, Dz.U. 2025 poz. 1172, repealed art. 130^1a only).
    * Art. 139^1 KPC and art. 505^37 KPC are not in the team reference: UNCONFIRMED.
    * Enforcement (issue #19, :data:`ENFORCEMENT_STEPS`): the court's term for a wniosek o
      nadanie klauzuli wykonalności (art. 781^1 KPC, 3 days, instructional: the court's,
      not ours) and the skarga na czynności komornika (art. 767^4 §1 KPC, 7 days from the
      act, or from the day the creditor was told of it) are not in the team reference:
      UNCONFIRMED, opened with that grade for a person to confirm.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from law.citation import Cite
from law.pl.calendar import (
    ART_111,
    ART_112,
    ART_115,
    KPC_165,
    Unit,
    procedural_term_end,
    term_end,
)
from law.pl.text import pl_date


class EventKind(StrEnum):
    PAYMENT_ORDER_SERVED = "payment-order-served"
    JUDGMENT_ANNOUNCED = "judgment-announced"
    JUDGMENT_REASONS_SERVED = "judgment-reasons-served"
    DECISION_SERVED = "decision-served"
    CALL_SERVED = "call-served"
    APPEAL_JUDGMENT_REASONS_SERVED = "appeal-judgment-reasons-served"
    SERVICE_FAILED_NOTICE = "service-failed-notice"
    EPU_DISCONTINUED = "epu-discontinued"
    STATEMENT_OF_CLAIM_SERVED = "statement-of-claim-served"
    PAYMENT_ORDER_FINAL = "payment-order-final"
    CAUSE_OF_DELAY_CEASED = "cause-of-delay-ceased"
    NEW_EVIDENCE_POSSIBLE = "new-evidence-possible"
    RETURNED_UNPAID_FEE = "returned-unpaid-fee"  # art. 130^2 KPC (K5)
    # the court stage as a lifecycle (issue #17; which stage each moves to: law.lifecycle)
    PAYMENT_ORDER_ISSUED = "payment-order-issued"
    OBJECTION_FILED = "objection-filed"
    JUDGMENT_FINAL = "judgment-final"
    LAWSUIT_RETURNED = "lawsuit-returned"
    FEE_PAID_AFTER_RETURN = "fee-paid-after-return"
    LAWSUIT_WITHDRAWN = "lawsuit-withdrawn"
    SETTLED = "settled"
    PAID_IN_FULL = "paid-in-full"
    CASE_CLOSED = "case-closed"


# Polish name of each event, as a paralegal records it.
EVENT_LABELS: dict[EventKind, str] = {
    EventKind.PAYMENT_ORDER_SERVED: "doręczenie nakazu zapłaty",
    EventKind.JUDGMENT_ANNOUNCED: "ogłoszenie wyroku",
    EventKind.JUDGMENT_REASONS_SERVED: "doręczenie wyroku z uzasadnieniem",
    EventKind.DECISION_SERVED: "doręczenie postanowienia",
    EventKind.CALL_SERVED: "doręczenie wezwania sądu",
    EventKind.APPEAL_JUDGMENT_REASONS_SERVED: "doręczenie wyroku II instancji z uzasadnieniem",
    EventKind.SERVICE_FAILED_NOTICE: "zawiadomienie o niedoręczeniu",
    EventKind.EPU_DISCONTINUED: "umorzenie postępowania w EPU",
    EventKind.STATEMENT_OF_CLAIM_SERVED: "doręczenie pozwu",
    EventKind.PAYMENT_ORDER_FINAL: "uprawomocnienie nakazu zapłaty",
    EventKind.CAUSE_OF_DELAY_CEASED: "ustanie przyczyny opóźnienia",
    EventKind.NEW_EVIDENCE_POSSIBLE: "możliwość powołania nowych dowodów",
    EventKind.RETURNED_UNPAID_FEE: "zwrot pisma z powodu nieopłacenia",
    EventKind.PAYMENT_ORDER_ISSUED: "wydanie nakazu zapłaty",
    EventKind.OBJECTION_FILED: "wniesienie sprzeciwu / zarzutów od nakazu",
    EventKind.JUDGMENT_FINAL: "uprawomocnienie wyroku",
    EventKind.LAWSUIT_RETURNED: "zwrot pozwu",
    EventKind.FEE_PAID_AFTER_RETURN: "uiszczenie opłaty po zwrocie pozwu",
    EventKind.LAWSUIT_WITHDRAWN: "cofnięcie pozwu",
    EventKind.SETTLED: "zawarcie ugody",
    EventKind.PAID_IN_FULL: "zapłata całości należności",
    EventKind.CASE_CLOSED: "zamknięcie sprawy",
}


class Side(StrEnum):
    OURS = "ours"  # an act we must take by due_on
    THEIRS = "theirs"  # the other side's window; we act after due_on


class EnforcementAct(StrEnum):
    """Acts of the enforcement stage that open deadlines (``casework.enforcement``)."""

    CLAUSE_REQUESTED = "clause-requested"  # wniosek o nadanie klauzuli wykonalności złożony
    KOMORNIK_ACT = "komornik-act"  # a komornik's act, done or made known to the creditor


@dataclass(frozen=True, slots=True)
class Deadline:
    kind: EventKind | EnforcementAct
    event_on: date
    due_on: date  # last day, after the art. 115 KC shift
    action: str  # Polish name of the act
    side: Side
    cites: tuple[Cite, ...]
    reason: str


@dataclass(frozen=True, slots=True)
class _Step:
    amount: int
    unit: Unit
    action: str
    side: Side
    cites: tuple[Cite, ...]
    note: str = ""


_UNIT_PL = {Unit.DAYS: "dni", Unit.WEEKS: "tyg.", Unit.MONTHS: "mies.", Unit.YEARS: "lat"}

STEPS: dict[EventKind, tuple[_Step, ...]] = {
    EventKind.PAYMENT_ORDER_SERVED: (
        _Step(
            2,
            Unit.WEEKS,
            "sprzeciw / zarzuty",
            Side.THEIRS,
            (Cite("KPC", "art. 502 §1"), Cite("KPC", "art. 505"), Cite("KPC", "art. 493")),
            "termin pozwanego; po jego upływie wniosek o klauzulę wykonalności",
        ),
    ),
    EventKind.JUDGMENT_ANNOUNCED: (
        _Step(
            1,
            Unit.WEEKS,
            "wniosek o uzasadnienie wyroku",
            Side.OURS,
            (Cite("KPC", "art. 328 §1"),),
            "opłata 100 zł",
        ),
    ),
    EventKind.JUDGMENT_REASONS_SERVED: (
        _Step(
            2,
            Unit.WEEKS,
            "apelacja",
            Side.OURS,
            (Cite("KPC", "art. 369 §1"),),
            "3 tygodnie, jeśli sąd przedłużył termin sporządzenia uzasadnienia (art. 369 §1^1)",
        ),
    ),
    EventKind.DECISION_SERVED: (
        _Step(1, Unit.WEEKS, "zażalenie", Side.OURS, (Cite("KPC", "art. 394 §2"),)),
    ),
    EventKind.CALL_SERVED: (
        _Step(
            7,
            Unit.DAYS,
            "uzupełnienie braków formalnych / opłata",
            Side.OURS,
            (Cite("KPC", "art. 130 §1"),),
            "brzmienie art. 130 §1 po 2025 UNCONFIRMED",
        ),
    ),
    EventKind.APPEAL_JUDGMENT_REASONS_SERVED: (
        _Step(2, Unit.MONTHS, "skarga kasacyjna", Side.OURS, (Cite("KPC", "art. 398^5 §1"),)),
    ),
    EventKind.SERVICE_FAILED_NOTICE: (
        _Step(
            2,
            Unit.MONTHS,
            "doręczenie przez komornika / wskazanie adresu",
            Side.OURS,
            (Cite("KPC", "art. 139^1"),),
            "art. 139^1 KPC spoza referencji - UNCONFIRMED",
        ),
    ),
    EventKind.EPU_DISCONTINUED: (
        _Step(
            3,
            Unit.MONTHS,
            "ponowne wniesienie pozwu do sądu właściwości ogólnej",
            Side.OURS,
            (Cite("KPC", "art. 505^37"),),
            "termin 3 mies. i numer przepisu UNCONFIRMED (referencja: art. 505^37 §2 - "
            "zaliczenie opłaty)",
        ),
    ),
    EventKind.STATEMENT_OF_CLAIM_SERVED: (
        _Step(
            2,
            Unit.WEEKS,
            "odpowiedź na pozew",
            Side.THEIRS,
            (Cite("KPC", "art. 205^1 §1"),),
            "termin wyznacza przewodniczący, nie krótszy niż 2 tygodnie - data minimalna",
        ),
    ),
    EventKind.PAYMENT_ORDER_FINAL: (
        _Step(
            0,
            Unit.DAYS,
            "wniosek o nadanie klauzuli wykonalności",
            Side.OURS,
            (Cite("KPC", "art. 781"),),
            "brak ustawowego terminu - data obserwacyjna; przepis UNCONFIRMED",
        ),
    ),
    EventKind.CAUSE_OF_DELAY_CEASED: (
        _Step(
            1,
            Unit.WEEKS,
            "wniosek o przywrócenie terminu",
            Side.OURS,
            (Cite("KPC", "art. 168"), Cite("KPC", "art. 169")),
            "numery artykułów UNCONFIRMED",
        ),
    ),
    EventKind.NEW_EVIDENCE_POSSIBLE: (
        _Step(
            2,
            Unit.WEEKS,
            "powołanie nowych twierdzeń i dowodów (gospodarcze)",
            Side.OURS,
            (Cite("KPC", "art. 458^5 §4"),),
        ),
    ),
    EventKind.RETURNED_UNPAID_FEE: (
        _Step(
            1,
            Unit.WEEKS,
            "uiszczenie brakującej opłaty po zwrocie pisma",
            Side.OURS,
            (Cite("KPC", "art. 130^2 §3"),),
            "termin biegnie od doręczenia zarządzenia o zwrocie; po uiszczeniu pismo wywołuje "
            "skutki od dnia pierwotnego wniesienia (raz w danej instancji)",
        ),
    ),
    EventKind.JUDGMENT_FINAL: (
        _Step(
            0,
            Unit.DAYS,
            "wniosek o nadanie klauzuli wykonalności",
            Side.OURS,
            (Cite("KPC", "art. 781"),),
            "brak ustawowego terminu - data obserwacyjna; przepis UNCONFIRMED",
        ),
    ),
    # the lifecycle events below move the case (law.lifecycle) and open no deadline
    EventKind.PAYMENT_ORDER_ISSUED: (),
    EventKind.OBJECTION_FILED: (),
    EventKind.LAWSUIT_RETURNED: (),
    EventKind.FEE_PAID_AFTER_RETURN: (),
    EventKind.LAWSUIT_WITHDRAWN: (),
    EventKind.SETTLED: (),
    EventKind.PAID_IN_FULL: (),
    EventKind.CASE_CLOSED: (),
}


# The enforcement stage (issue #19). Both rules are outside the team reference: UNCONFIRMED.
ENFORCEMENT_STEPS: dict[EnforcementAct, tuple[_Step, ...]] = {
    EnforcementAct.CLAUSE_REQUESTED: (
        _Step(
            3,
            Unit.DAYS,
            "rozpoznanie wniosku o nadanie klauzuli wykonalności przez sąd",
            Side.THEIRS,
            (Cite("KPC", "art. 781^1"),),
            "termin instrukcyjny sądu (po upływie: monit); przepis UNCONFIRMED",
        ),
    ),
    EnforcementAct.KOMORNIK_ACT: (
        _Step(
            7,
            Unit.DAYS,
            "skarga na czynność komornika",
            Side.OURS,
            (Cite("KPC", "art. 767^4 §1"),),
            "od dokonania czynności albo od zawiadomienia o niej; przepis UNCONFIRMED",
        ),
    ),
}


def enforcement_deadlines(act: EnforcementAct, on: date) -> list[Deadline]:
    """Deadlines opened by an enforcement act of ``act`` done (or made known) on ``on``."""
    return _opened(act, ENFORCEMENT_STEPS[EnforcementAct(act)], on)


def deadlines_for(kind: EventKind, on: date) -> list[Deadline]:
    """Deadlines opened by an event of ``kind`` that happened on ``on``."""
    return _opened(kind, STEPS[kind], on)


def _opened(kind: EventKind | EnforcementAct, steps: tuple[_Step, ...], on: date) -> list[Deadline]:
    out: list[Deadline] = []
    for step in steps:
        due = procedural_term_end(on, step.amount, step.unit)
        counting = ART_111 if step.unit is Unit.DAYS else ART_112
        reason = f"{step.amount} {_UNIT_PL[step.unit]} od {pl_date(on)}"
        raw = term_end(on, step.amount, step.unit)
        if raw != due:
            reason += f"; koniec {pl_date(raw)} przesunięty na dzień roboczy (art. 115 KC)"
        if step.note:
            reason += f"; {step.note}"
        out.append(
            Deadline(
                kind=kind,
                event_on=on,
                due_on=due,
                action=step.action,
                side=step.side,
                cites=(*step.cites, KPC_165, counting, ART_115),
                reason=reason,
            )
        )
    return out
