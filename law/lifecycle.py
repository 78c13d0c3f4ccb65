"""Which recorded event moves a case to which stage, with its article (the event table).

``MOVES`` is the one table: for each trigger (a court event kind of
``law.pl.deadlines.EventKind``, or the filing of the pozew) the stages in which it fits,
the stage it leads to (``None``: the case stays, the event only opens deadlines), the cause
in Polish and the provisions. Which deadlines a move opens is the deadline engine's own
table (``law.pl.deadlines.STEPS``), named here by :func:`opened_deadlines`; a move that
takes the case out of court (withdrawn, settled, paid, closed) ends its open procedural
deadlines. :func:`plan_event` and :func:`plan_filing` check an event against the case
(stage, procedure, filing day, service of the order) and return the :class:`Step` to
apply, or raise :class:`DoesNotFit` with one Polish line; they change nothing.

References (polish_law.md; status as graded there):
    * KPC art. 165 §2 (posting at Poczta Polska = filing) [S32]; art. 187 §1 (pozew) [S78]:
      CONFIRMED.
    * KPC art. 502 §1, 505 (sprzeciw in 2 weeks, upominawcze) [S37]; art. 493 (zarzuty,
      nakazowe) [S38]; art. 485 (nakazowe) [S80]: CONFIRMED. EPU applies the upominawcze
      rules (art. 505^28 referral not read: DERIVED/UNCONFIRMED, §2.2).
    * EPU: after a sprzeciw the case goes to the general court (§6.2, CONFIRMED [S81][S52]);
      the article (art. 505^36 KPC) and "the court the plaintiff indicates" are not in the
      reference: UNCONFIRMED.
    * EPU discontinued: the reference names only art. 505^37 §2 KPC (the EPU fee credited
      when the case is re-filed, §3.2 [S50]); art. 505^33 KPC and the 3-month re-filing
      term are not in it: UNCONFIRMED (the deadline engine's own note says the same).
    * KPC art. 130^2 §3 (fee paid within a week of the return: the pleading takes effect
      from its filing day): 0b K5, CONFIRMED (secondary). Return for formal defects
      (art. 130 §2 KPC), withdrawal (art. 203 KPC), settlement (art. 917 KC), finality of a
      judgment (art. 363 §1 KPC): not in the reference, UNCONFIRMED.
    * Attorney costs after an effective sprzeciw / zarzuty: § 3 ust. 2 of the regulation
      of 22.10.2015 (§ 2 rates apply), §4 [S56][S57]: CONFIRMED.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from law.citation import Cite
from law.pl.deadlines import EVENT_LABELS, STEPS, EventKind, deadlines_for
from law.pl.enforcement import ENFORCEMENT_TRIGGERS
from law.pl.settlements import SETTLEMENT_TRIGGERS
from law.stages import (
    FILEABLE,
    PENDING_IN_COURT,
    PRE_FILING,
    STAGE_LABELS,
    TRANSITIONS,
    IllegalTransition,
    Stage,
)

FILING = "lawsuit-filed"  # the trigger of approved -> filed (recorded by `handoff cases file`)
CORRECTION = "correction"  # a backwards correction (law.stages.correction), never in MOVES
TRIGGER_LABELS: dict[str, str] = {
    FILING: "wniesienie pozwu",
    CORRECTION: "korekta etapu",
    **{k.value: v for k, v in EVENT_LABELS.items()},
    **ENFORCEMENT_TRIGGERS,  # issue #19: steps recorded by handoff enforcement
    **SETTLEMENT_TRIGGERS,  # issue #18: a broken instalment plan (handoff settlements)
}

EPU = "epu"
NAKAZOWE = "nakazowe"
CONFIRMED, UNCONFIRMED = "CONFIRMED", "UNCONFIRMED"


class DoesNotFit(IllegalTransition):
    """The event (or filing) does not fit the case as it stands; ``str()`` is Polish."""


@dataclass(frozen=True, slots=True)
class Move:
    """One row of the event table."""

    trigger: str  # an EventKind value or FILING
    sources: frozenset[Stage]  # stages in which the event fits
    target: Stage | None  # None: the case stays where it is
    cause: str  # Polish: what happened and what follows from it
    cites: tuple[Cite, ...]
    status: str = CONFIRMED  # the reference's grade of the rule (UNCONFIRMED: see note)
    note: str = ""
    procedures: frozenset[str] = frozenset()  # empty: any procedure
    leaves_court: bool = False  # open procedural deadlines end with this move


_COURT = PENDING_IN_COURT
_AFTER = PENDING_IN_COURT | {Stage.FINAL, Stage.RETURNED, Stage.EPU_DISCONTINUED}
_AFTER |= {Stage.ENFORCEMENT, Stage.ENFORCEMENT_ENDED}  # issue #19: paid / settled in enforcement
_ORDER = frozenset({Stage.FILED, Stage.IN_COURT, Stage.ORDER_ISSUED})
_OBJECTABLE = frozenset({Stage.ORDER_ISSUED, Stage.ORDER_SERVED, Stage.IN_COURT})
_KPC = "KPC"
_K = EventKind

MOVES: tuple[Move, ...] = (
    # --- filing ---------------------------------------------------------------------------
    Move(
        FILING,
        FILEABLE,
        Stage.FILED,
        "wniesienie pozwu do sądu",
        (Cite(_KPC, "art. 187 §1"), Cite(_KPC, "art. 165 §2")),
        note="nadanie w placówce Poczty Polskiej jest wniesieniem do sądu (art. 165 §2 KPC)",
    ),
    # --- the payment order ----------------------------------------------------------------
    Move(
        _K.PAYMENT_ORDER_ISSUED,
        frozenset({Stage.FILED, Stage.IN_COURT}),
        Stage.ORDER_ISSUED,
        "sąd wydał nakaz zapłaty w postępowaniu nakazowym",
        (Cite(_KPC, "art. 485"),),
        procedures=frozenset({NAKAZOWE}),
    ),
    Move(
        _K.PAYMENT_ORDER_ISSUED,
        frozenset({Stage.FILED, Stage.IN_COURT}),
        Stage.ORDER_ISSUED,
        "sąd wydał nakaz zapłaty w elektronicznym postępowaniu upominawczym",
        (Cite(_KPC, "art. 505^28"), Cite(_KPC, "art. 502 §1")),
        UNCONFIRMED,
        "EPU stosuje przepisy o postępowaniu upominawczym; odesłanie art. 505^28 KPC "
        "nieodczytane (UNCONFIRMED)",
        procedures=frozenset({EPU}),
    ),
    Move(
        _K.PAYMENT_ORDER_ISSUED,
        frozenset({Stage.FILED, Stage.IN_COURT}),
        Stage.ORDER_ISSUED,
        "sąd wydał nakaz zapłaty w postępowaniu upominawczym",
        (Cite(_KPC, "art. 502 §1"),),
    ),
    Move(
        _K.PAYMENT_ORDER_SERVED,
        _ORDER,
        Stage.ORDER_SERVED,
        "nakaz zapłaty doręczony pozwanemu: biegnie 2-tygodniowy termin na sprzeciw / zarzuty",
        (Cite(_KPC, "art. 502 §1"), Cite(_KPC, "art. 505"), Cite(_KPC, "art. 493")),
    ),
    Move(
        _K.OBJECTION_FILED,
        _OBJECTABLE,
        Stage.ORDINARY,
        "pozwany wniósł sprzeciw w EPU: nakaz traci moc, sprawa przechodzi do sądu "
        "właściwości ogólnej (postępowanie zwykłe); koszty zastępstwa wg § 2 "
        "(§ 3 ust. 2 rozporządzenia)",
        (Cite(_KPC, "art. 505^36"), Cite("rozporządzenie MS z 22.10.2015", "§ 3 ust. 2")),
        UNCONFIRMED,
        "przekazanie do sądu właściwości ogólnej CONFIRMED (§6.2); numer art. 505^36 KPC i "
        "sąd wskazany przez powoda spoza referencji - UNCONFIRMED",
        procedures=frozenset({EPU}),
    ),
    Move(
        _K.OBJECTION_FILED,
        _OBJECTABLE,
        Stage.ORDINARY,
        "pozwany wniósł zarzuty od nakazu zapłaty: sprawa w postępowaniu zwykłym; koszty "
        "zastępstwa wg § 2 (§ 3 ust. 2 rozporządzenia)",
        (Cite(_KPC, "art. 493"), Cite("rozporządzenie MS z 22.10.2015", "§ 3 ust. 2")),
        procedures=frozenset({NAKAZOWE}),
    ),
    Move(
        _K.OBJECTION_FILED,
        _OBJECTABLE,
        Stage.ORDINARY,
        "pozwany wniósł sprzeciw od nakazu zapłaty: nakaz traci moc, sprawa w postępowaniu "
        "zwykłym; koszty zastępstwa wg § 2 (§ 3 ust. 2 rozporządzenia)",
        (
            Cite(_KPC, "art. 502 §1"),
            Cite(_KPC, "art. 505"),
            Cite("rozporządzenie MS z 22.10.2015", "§ 3 ust. 2"),
        ),
    ),
    Move(
        _K.PAYMENT_ORDER_FINAL,
        frozenset({Stage.ORDER_SERVED, Stage.IN_COURT}),
        Stage.FINAL,
        "brak sprzeciwu / zarzutów w terminie: nakaz zapłaty prawomocny",
        (Cite(_KPC, "art. 502 §1"), Cite(_KPC, "art. 505"), Cite(_KPC, "art. 493")),
    ),
    # --- ordinary proceedings and the judgment --------------------------------------------
    Move(
        _K.STATEMENT_OF_CLAIM_SERVED,
        frozenset({Stage.FILED}),
        Stage.ORDINARY,
        "pozew doręczony pozwanemu z wezwaniem do odpowiedzi: postępowanie zwykłe",
        (Cite(_KPC, "art. 205^1 §1"),),
    ),
    Move(
        _K.JUDGMENT_ANNOUNCED,
        frozenset({Stage.FILED, Stage.IN_COURT, Stage.ORDINARY}),
        Stage.JUDGMENT,
        "sąd ogłosił wyrok (nieprawomocny)",
        (Cite(_KPC, "art. 328 §1"),),
    ),
    Move(
        _K.JUDGMENT_REASONS_SERVED,
        frozenset({Stage.IN_COURT, Stage.ORDINARY}),
        Stage.JUDGMENT,
        "doręczono wyrok z uzasadnieniem (wydany na posiedzeniu niejawnym lub doręczany z urzędu)",
        (Cite(_KPC, "art. 328 §2"), Cite(_KPC, "art. 369 §1")),
    ),
    Move(
        _K.JUDGMENT_FINAL,
        frozenset({Stage.JUDGMENT, Stage.IN_COURT}),
        Stage.FINAL,
        "wyrok prawomocny",
        (Cite(_KPC, "art. 363 §1"),),
        UNCONFIRMED,
        "art. 363 §1 KPC spoza referencji - UNCONFIRMED",
    ),
    # --- side exits -----------------------------------------------------------------------
    Move(
        _K.EPU_DISCONTINUED,
        frozenset({Stage.FILED, Stage.IN_COURT, Stage.ORDER_ISSUED, Stage.ORDER_SERVED}),
        Stage.EPU_DISCONTINUED,
        "postępowanie w EPU umorzone: pozew trzeba wnieść ponownie do sądu właściwości "
        "ogólnej; opłata z EPU zaliczana przy ponownym wniesieniu",
        (Cite(_KPC, "art. 505^33"), Cite(_KPC, "art. 505^37 §2")),
        UNCONFIRMED,
        "referencja: art. 505^37 §2 - zaliczenie opłaty (§3.2); art. 505^33 KPC i termin "
        "3 miesięcy na ponowne wniesienie spoza referencji - UNCONFIRMED",
        procedures=frozenset({EPU}),
    ),
    Move(
        _K.RETURNED_UNPAID_FEE,
        frozenset({Stage.FILED}),
        Stage.RETURNED,
        "pozew zwrócony bez wezwania z powodu nieopłacenia; opłatę można uiścić w ciągu "
        "tygodnia od doręczenia zarządzenia o zwrocie",
        (Cite(_KPC, "art. 130^2 §3"),),
        note="0b K5",
    ),
    Move(
        _K.RETURNED_UNPAID_FEE,
        _COURT - {Stage.FILED},
        None,
        "zwrot pisma (nie pozwu) z powodu nieopłacenia: sprawa pozostaje na etapie",
        (Cite(_KPC, "art. 130^2 §3"),),
        note="0b K5",
    ),
    Move(
        _K.LAWSUIT_RETURNED,
        frozenset({Stage.FILED, Stage.IN_COURT}),
        Stage.RETURNED,
        "pozew zwrócony (nieusunięte braki formalne); pozew zwrócony nie wywołuje skutków",
        (Cite(_KPC, "art. 130 §2"),),
        UNCONFIRMED,
        "art. 130 §2 KPC spoza referencji - UNCONFIRMED",
    ),
    Move(
        _K.FEE_PAID_AFTER_RETURN,
        frozenset({Stage.RETURNED}),
        Stage.FILED,
        "opłata uiszczona w terminie tygodnia od doręczenia zarządzenia o zwrocie: pozew "
        "wywołuje skutki od dnia pierwotnego wniesienia",
        (Cite(_KPC, "art. 130^2 §3"),),
        note="0b K5",
    ),
    Move(
        _K.LAWSUIT_WITHDRAWN,
        _COURT,
        Stage.WITHDRAWN,
        "powód cofnął pozew",
        (Cite(_KPC, "art. 203"),),
        UNCONFIRMED,
        "art. 203 KPC spoza referencji - UNCONFIRMED",
        leaves_court=True,
    ),
    Move(
        _K.SETTLED,
        _AFTER | {Stage.APPROVED},
        Stage.SETTLED,
        "strony zawarły ugodę",
        (Cite("KC", "art. 917"),),
        UNCONFIRMED,
        "art. 917 KC spoza referencji - UNCONFIRMED",
        leaves_court=True,
    ),
    Move(
        _K.PAID_IN_FULL,
        _AFTER | {Stage.APPROVED, Stage.SETTLED},
        Stage.PAID,
        "dłużnik zapłacił całą należność",
        (),
        note="zdarzenie faktyczne, nie czynność procesowa",
        leaves_court=True,
    ),
    Move(
        _K.CASE_CLOSED,
        frozenset(s for s, targets in TRANSITIONS.items() if Stage.CLOSED in targets),
        Stage.CLOSED,
        "kancelaria zamknęła sprawę",
        (),
        note="decyzja kancelarii",
        leaves_court=True,
    ),
)

# Events that only open deadlines: they fit any stage in which a lawsuit is pending.
DEADLINE_ONLY: frozenset[EventKind] = frozenset(
    {
        _K.DECISION_SERVED,
        _K.CALL_SERVED,
        _K.SERVICE_FAILED_NOTICE,
        _K.CAUSE_OF_DELAY_CEASED,
        _K.NEW_EVIDENCE_POSSIBLE,
        _K.STATEMENT_OF_CLAIM_SERVED,
        _K.JUDGMENT_REASONS_SERVED,
        _K.APPEAL_JUDGMENT_REASONS_SERVED,
    }
)
_STAYS = "zdarzenie otwiera terminy; etap sprawy bez zmian"


def _lawsuit_exists(stage: Stage, facts: CourtFacts) -> bool:
    """A pozew was filed and the case is not closed: court letters may still come."""
    if stage in _AFTER:
        return True
    return stage in (Stage.WITHDRAWN, Stage.SETTLED, Stage.PAID) and facts.filed_on is not None


def _engine_cites(kind: EventKind) -> tuple[Cite, ...]:
    """The provisions of the deadlines an event opens (its own article in the timeline)."""
    return tuple(dict.fromkeys(c for step in STEPS[kind] for c in step.cites))


def opened_deadlines(trigger: str) -> tuple[str, ...]:
    """Polish names of the deadlines the engine opens for ``trigger`` (none for a filing)."""
    if trigger == FILING:
        return ()
    return tuple(step.action for step in STEPS[EventKind(trigger)])


@dataclass(frozen=True, slots=True)
class CourtFacts:
    """What the store knows about a case that decides whether an event fits."""

    procedure: str | None  # law.pl.fees.Procedure value of the approved draft
    filed_on: date | None = None  # the effective filing (None: not filed)
    last_step_on: date | None = None  # the day of the case's last stage change
    order_served_on: date | None = None  # service of the payment order on the defendant
    returned_by: str | None = None  # the event kind that returned the pozew
    returned_on: date | None = None  # its day (service of the return order)
    approved_on: date | None = None  # the partner's approval (Warsaw day)


@dataclass(frozen=True, slots=True)
class Step:
    """What applying an event does: move (or not), why, under which provisions."""

    trigger: str
    on: date
    source: Stage
    target: Stage  # == source when the case stays
    cause: str
    cites: tuple[Cite, ...]
    status: str
    note: str
    opens: tuple[str, ...]  # deadlines the engine opens (law.pl.deadlines.STEPS)
    leaves_court: bool = False

    @property
    def moves(self) -> bool:
        return self.target is not self.source

    @property
    def article(self) -> str:
        return "; ".join(str(c) for c in self.cites)


def _label(stage: Stage) -> str:
    return STAGE_LABELS[stage]


def _move_for(trigger: str, stage: Stage, procedure: str | None) -> Move | None:
    for move in MOVES:
        if move.trigger != trigger or stage not in move.sources:
            continue
        if move.procedures and procedure not in move.procedures:
            continue
        return move
    return None


def _not_fitting(kind: EventKind, stage: Stage, facts: CourtFacts) -> DoesNotFit:
    label = EVENT_LABELS[kind]
    if stage is Stage.CLOSED:
        return DoesNotFit(
            f"sprawa jest zamknięta; nie można zapisać zdarzenia {label!r} (najpierw "
            "otwórz ją korektą etapu: handoff cases correct)"
        )
    if kind in (_K.PAID_IN_FULL, _K.SETTLED) and stage in PRE_FILING - FILEABLE:
        return DoesNotFit(
            f"{label!r}: sprawa przed zatwierdzeniem (etap: {_label(stage)}) - zamknij ją "
            "zdarzeniem 'zamknięcie sprawy' (--kind case-closed)"
        )
    if stage in PRE_FILING - {Stage.RETURNED, Stage.EPU_DISCONTINUED}:
        return DoesNotFit(
            f"pozew w tej sprawie nie został jeszcze wniesiony (etap: {_label(stage)}); "
            f"{label!r} wymaga złożenia pozwu - zapisz je najpierw: handoff cases file"
        )
    if any(m.trigger == kind.value and stage in m.sources for m in MOVES):
        return DoesNotFit(
            f"{label!r} dotyczy tylko elektronicznego postępowania upominawczego (EPU); "
            f"ta sprawa jest w trybie {facts.procedure or 'nieustalonym'}"
        )
    if kind in (_K.OBJECTION_FILED, _K.PAYMENT_ORDER_FINAL, _K.PAYMENT_ORDER_SERVED):
        return DoesNotFit(
            f"{label!r} nie pasuje do etapu {_label(stage)!r}: wymaga wydanego nakazu "
            "zapłaty, który nie jest jeszcze zaskarżony ani prawomocny"
        )
    return DoesNotFit(f"{label!r} nie pasuje do etapu sprawy {_label(stage)!r}")


def plan_event(stage: Stage, kind: EventKind, on: date, facts: CourtFacts) -> Step:
    """The step recording event ``kind`` of day ``on`` takes in a case at ``stage``.

    Raises :class:`DoesNotFit` (one Polish line) when the event does not fit: no lawsuit
    filed yet, a closed case, an order-related event without an order, an EPU-only event
    in another procedure, an event dated before the filing or (for a stage change) before
    the case's last step, a nakaz final before the objection window ended, a fee paid
    after the week of art. 130^2 §3 KPC.
    """
    kind = EventKind(kind)
    move = _move_for(kind.value, stage, facts.procedure)
    if move is None and not (kind in DEADLINE_ONLY and _lawsuit_exists(stage, facts)):
        raise _not_fitting(kind, stage, facts)
    label = EVENT_LABELS[kind]
    if facts.filed_on is not None and on < facts.filed_on:
        raise DoesNotFit(
            f"{label!r} z dnia {on.isoformat()} jest wcześniejsze niż wniesienie pozwu "
            f"({facts.filed_on.isoformat()})"
        )
    if move is not None and move.target is not None:
        if facts.last_step_on is not None and on < facts.last_step_on:
            raise DoesNotFit(
                f"{label!r} z dnia {on.isoformat()} jest wcześniejsze niż ostatni krok sprawy "
                f"({facts.last_step_on.isoformat()}, {_label(stage)}); popraw datę"
            )
        _check_dates(kind, on, facts)
    if move is None or move.target is None:
        cause = move.cause if move is not None else _STAYS
        return Step(
            kind.value,
            on,
            stage,
            stage,
            cause,
            move.cites if move is not None else _engine_cites(kind),
            move.status if move is not None else CONFIRMED,
            move.note if move is not None else "",
            opened_deadlines(kind.value),
        )
    return Step(
        kind.value,
        on,
        stage,
        move.target,
        move.cause,
        move.cites,
        move.status,
        move.note,
        opened_deadlines(kind.value),
        move.leaves_court,
    )


def objection_window_end(served_on: date) -> date:
    """Last day of the defendant's sprzeciw / zarzuty (2 weeks from service, art. 115 KC)."""
    return deadlines_for(_K.PAYMENT_ORDER_SERVED, served_on)[0].due_on


def _check_dates(kind: EventKind, on: date, facts: CourtFacts) -> None:
    if kind is _K.PAYMENT_ORDER_FINAL and facts.order_served_on is not None:
        end = objection_window_end(facts.order_served_on)
        if on <= end:
            raise DoesNotFit(
                f"nakaz doręczony {facts.order_served_on.isoformat()} nie może być prawomocny "
                f"{on.isoformat()}: termin na sprzeciw / zarzuty upływa {end.isoformat()} "
                "(art. 502 §1, 505 KPC)"
            )
    if kind is _K.FEE_PAID_AFTER_RETURN:
        if facts.returned_by != _K.RETURNED_UNPAID_FEE.value or facts.returned_on is None:
            raise DoesNotFit(
                "uiszczenie opłaty po zwrocie przywraca skutki tylko pozwu zwróconego z powodu "
                "nieopłacenia (art. 130^2 §3 KPC); pozew zwrócony z innej przyczyny trzeba "
                "wnieść ponownie: handoff cases file"
            )
        due = deadlines_for(_K.RETURNED_UNPAID_FEE, facts.returned_on)[0].due_on
        if on > due:
            raise DoesNotFit(
                f"opłata uiszczona {on.isoformat()}, po terminie ({due.isoformat()}, art. 130^2 "
                "§3 KPC): pozew nie odzyskuje skutków - wnieś go ponownie: handoff cases file"
            )


def plan_filing(stage: Stage, on: date, facts: CourtFacts, *, electronic: bool) -> Step:
    """The step of filing the pozew on ``on``: from approved (or again after a return or a
    discontinued EPU). Raises :class:`DoesNotFit` for any other stage, a day before the
    approval or before the step it follows, and a paper filing of an EPU case."""
    if stage not in FILEABLE:
        if stage in PENDING_IN_COURT or stage in (Stage.FINAL, Stage.WITHDRAWN, Stage.SETTLED):
            raise DoesNotFit(
                f"pozew w tej sprawie jest już wniesiony (etap: {_label(stage)})"
                + (f", {facts.filed_on.isoformat()}" if facts.filed_on else "")
            )
        raise DoesNotFit(
            f"pozew można wnieść tylko w sprawie zatwierdzonej przez partnera (etap: "
            f"{_label(stage)})"
        )
    if facts.approved_on is not None and on < facts.approved_on:
        raise DoesNotFit(
            f"data wniesienia {on.isoformat()} jest wcześniejsza niż zatwierdzenie projektu "
            f"({facts.approved_on.isoformat()})"
        )
    if stage is not Stage.APPROVED and facts.last_step_on is not None and on < facts.last_step_on:
        raise DoesNotFit(
            f"data ponownego wniesienia {on.isoformat()} jest wcześniejsza niż "
            f"{_label(stage)} ({facts.last_step_on.isoformat()})"
        )
    if facts.procedure == EPU and not electronic and stage is Stage.APPROVED:
        raise DoesNotFit(
            "pozew w EPU wnosi się wyłącznie drogą elektroniczną (e-Sąd): użyj --mode portal"
        )
    move = _move_for(FILING, stage, facts.procedure)
    assert move is not None and move.target is not None
    cause = move.cause
    if stage is Stage.EPU_DISCONTINUED:
        cause = "ponowne wniesienie pozwu po umorzeniu EPU (opłata z EPU do zaliczenia)"
    elif stage is Stage.RETURNED:
        cause = "ponowne wniesienie zwróconego pozwu"
    cites = move.cites if not electronic else move.cites[:1]
    note = "wniesienie drogą elektroniczną" if electronic else move.note
    if stage is Stage.EPU_DISCONTINUED:
        cites = (*cites, Cite(_KPC, "art. 505^37 §2"))
        note += "; art. 505^37 §2 KPC (zaliczenie opłaty): §3.2 referencji"
    return Step(FILING, on, stage, Stage.FILED, cause, cites, move.status, note, ())
