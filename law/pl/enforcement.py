"""Enforcement (egzekucja): from a final title to the komornik, and limitation after it.

What the legal core decides, given the case's stage and the title's data:

* :func:`eligibility` - may the case go to the komornik? Only with a final title (stage
  ``final``, or again after an enforcement that ended); never a case paid in full, settled,
  withdrawn or closed, never a case still before or in court.
* :func:`next_step` - the step after a final title: in paper proceedings the creditor
  applies for the klauzula wykonalności; in EPU the court's electronic title is recorded
  and no application is drafted.
* :func:`title_amounts` - the amounts as of the title: principal, interest from the title's
  day to a given day, the costs awarded and the costs of the clause (as entered).
* :func:`komornik_competence` - the creditor's choice of komornik, as a finding a person
  confirms (the rule is not in the reference).
* :func:`limitation_after_enforcement` - when the claim confirmed by the title becomes
  time-barred after the enforcement ended (art. 123 §1 pkt 1, 124 KC, 125 §1 KC).
* :func:`clause_application` - the wniosek o nadanie klauzuli wykonalności of paper
  proceedings: may it be drafted, its fee (not computed: UNCONFIRMED) and the court's term
  (``law.pl.deadlines.ENFORCEMENT_STEPS``).
* :func:`komornik_costs_owed` - the komornik's costs the creditor paid (zaliczka, opłaty,
  wydatki), owed by the debtor and covered first by a payment (art. 451 §1 KC).

References (polish_law.md; status as graded there):
    * KC art. 123 §1 pkt 1: a wniosek egzekucyjny interrupts limitation [S10][S16];
      art. 124 §1 (runs anew) and §2 (not until the proceedings end) [S14]: CONFIRMED.
    * KC art. 125 §1: a claim confirmed by a final judgment / court settlement expires
      after 6 years from finality: CONFIRMED; the year-end rule of art. 118 sent. 2 applies
      to it (SN resolution of 23.10.2025 [S18], signature UNCONFIRMED; older commentary
      [S17] says the opposite): both readings, the earlier one conservative (0b K4).
    * Whether the day the enforcement "ends" is the day of the umorzenie decision or of its
      finality is not in the reference: UNCONFIRMED; the earlier day (the decision) is used,
      which is conservative.
    * The effect on the interruption of a wniosek egzekucyjny withdrawn by the creditor
      (umorzenie na wniosek wierzyciela) is not in the reference: UNCONFIRMED; the
      conservative reading (no interruption: the 6 years run from the title's finality) is
      the one alerted on, the other shown as the alternative.
    * Klauzula wykonalności (KPC art. 776, 781, 783), its court fee and any deadline for
      granting it, the EPU title issued with the clause electronically, and art. 8 / art. 10
      ustawy o komornikach sądowych (area of competence, the creditor's choice of komornik)
      are NOT in the reference: every rule here that names them is UNCONFIRMED, computes no
      fee and no deadline, and says that a person must confirm it (the deadline engine opens
      only an observation date for the clause application on the day of finality, with the
      same grade: ``law.pl.deadlines``). Deadlines of the komornik stage (e.g. skarga na
      czynności komornika) are not in the reference: ``law.pl.deadlines.ENFORCEMENT_STEPS``
      opens them (skarga 7 days, art. 767^4 §1 KPC; the court's 3 days for the clause,
      art. 781^1 KPC, instructional) graded UNCONFIRMED.
    * The fee of the clause application (art. 71 pkt 6 u.k.s.c.: 6 zł per page of the
      title, as commonly stated) is not in the reference: UNCONFIRMED; no amount is
      computed or printed in the application, the partner is told to check it.
    * A court settlement (ugoda sądowa) is itself an enforcement title (art. 777 §1 pkt 1
      KPC) and gets its clause from the court before which it was concluded, on paper,
      whatever the procedure of the claim (so also after EPU): NOT in the reference,
      UNCONFIRMED (:func:`clause_application` with ``court_settlement=True``); what is
      enforced is what is left under its plan (``law.pl.settlements.plan_state``), with
      interest on the settlement's terms.
    * The debtor bears the costs of the enforcement (art. 770 KPC) and the creditor's
      advances are recoverable from it: not in the reference, UNCONFIRMED; only costs the
      creditor paid are added to what the debtor owes the creditor.
    * Interest after the title: KC art. 481 (statutory delay interest) or art. 7 ust. 1 /
      art. 11b u.p.n.o.t.h. (commercial) as awarded, computed by ``law.pl.interest``
      (polish_law.md 5.1-5.3): CONFIRMED rates, convention DERIVED.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from law.citation import Cite, Figure, money
from law.pl.interest import interest
from law.pl.limitation import Basis, limitation
from law.pl.rates import InterestKind
from law.pl.text import pl_date
from law.stages import STAGE_LABELS, Stage

CONFIRMED, UNCONFIRMED = "CONFIRMED", "UNCONFIRMED"
KPC, KC, UKS = "KPC", "KC", "ustawa o komornikach sądowych"

INTERRUPTION = Cite(KC, "art. 123 §1 pkt 1")
RUNS_ANEW = Cite(KC, "art. 124 §1")
NOT_UNTIL_END = Cite(KC, "art. 124 §2")
JUDGMENT_TERM = Cite(KC, "art. 125 §1")
CLAUSE = Cite(KPC, "art. 781")  # UNCONFIRMED: not in the reference
CLAUSE_EPU = Cite(KPC, "art. 783")  # UNCONFIRMED: not in the reference
KOMORNIK_AREA = Cite(UKS, "art. 8")  # UNCONFIRMED: not in the reference
KOMORNIK_CHOICE = Cite(UKS, "art. 10")  # UNCONFIRMED: not in the reference
CLAUSE_TERM = Cite(KPC, "art. 781^1")  # UNCONFIRMED: not in the reference
CLAUSE_FEE = Cite("u.k.s.c.", "art. 71 pkt 6")  # UNCONFIRMED: not in the reference
SETTLEMENT_TITLE = Cite(KPC, "art. 777 §1 pkt 1")  # UNCONFIRMED: not in the reference
SKARGA = Cite(KPC, "art. 767^4 §1")  # UNCONFIRMED: not in the reference
DEBTOR_BEARS_COSTS = Cite(KPC, "art. 770")  # UNCONFIRMED: not in the reference

# Stages from which a case may go to the komornik (a final title, no enforcement pending).
ENFORCEABLE: frozenset[Stage] = frozenset({Stage.FINAL, Stage.ENFORCEMENT_ENDED})
# Stages in which nothing is left to enforce.
NOTHING_TO_ENFORCE: frozenset[Stage] = frozenset(
    {Stage.PAID, Stage.SETTLED, Stage.WITHDRAWN, Stage.CLOSED}
)


class Way(StrEnum):
    """Sposoby egzekucji the creditor asks for."""

    BANK = "bank"  # z rachunku bankowego
    WYNAGRODZENIE = "wynagrodzenie"  # z wynagrodzenia za pracę
    RUCHOMOSCI = "ruchomosci"  # z ruchomości
    NIERUCHOMOSCI = "nieruchomosci"  # z nieruchomości
    WIERZYTELNOSCI = "wierzytelnosci"  # z innych wierzytelności


WAY_LABELS: dict[Way, str] = {
    Way.BANK: "egzekucja z rachunku bankowego",
    Way.WYNAGRODZENIE: "egzekucja z wynagrodzenia za pracę",
    Way.RUCHOMOSCI: "egzekucja z ruchomości",
    Way.NIERUCHOMOSCI: "egzekucja z nieruchomości",
    Way.WIERZYTELNOSCI: "egzekucja z innych wierzytelności",
}


class RecordKind(StrEnum):
    """What ``handoff enforcement`` records (the trigger of the step is ``enforcement-<kind>``)."""

    STARTED = "started"  # wniosek egzekucyjny lodged with the komornik
    KOMORNIK_CASE = "komornik-case"  # the komornik's case number (sygnatura Km)
    PAYMENT = "payment"  # money received through the komornik
    COSTS = "costs"  # the komornik's costs (koszty egzekucyjne) advanced or charged
    DISCONTINUED_INEFFECTIVE = "discontinued-ineffective"  # umorzenie z powodu bezskuteczności
    RECOVERED = "recovered"  # recovered in full
    DISCONTINUED_BY_CREDITOR = "discontinued-by-creditor"  # umorzenie na wniosek wierzyciela
    CLAUSE_REQUESTED = "clause-requested"  # wniosek o nadanie klauzuli wykonalności drafted
    KOMORNIK_ACT = "komornik-act"  # a komornik's act the creditor did or was told of


# Kinds recorded by their own command (``enforcement start`` / ``enforcement clause``).
OWN_COMMAND: frozenset[RecordKind] = frozenset({RecordKind.STARTED, RecordKind.CLAUSE_REQUESTED})

TRIGGER_PREFIX = "enforcement-"


@dataclass(frozen=True, slots=True)
class Record:
    """One row of the enforcement step table."""

    kind: RecordKind
    sources: frozenset[Stage]
    target: Stage | None  # None: the case stays in enforcement
    label: str  # Polish name of the step
    cause: str  # Polish
    cites: tuple[Cite, ...] = ()
    status: str = CONFIRMED
    note: str = ""

    @property
    def trigger(self) -> str:
        return TRIGGER_PREFIX + self.kind.value


_IN = frozenset({Stage.ENFORCEMENT})
RECORDS: dict[RecordKind, Record] = {
    r.kind: r
    for r in (
        Record(
            RecordKind.STARTED,
            ENFORCEABLE,
            Stage.ENFORCEMENT,
            "wniosek egzekucyjny",
            "wniosek egzekucyjny złożony u komornika; przerywa bieg przedawnienia",
            (INTERRUPTION, NOT_UNTIL_END),
        ),
        Record(
            RecordKind.KOMORNIK_CASE,
            _IN,
            None,
            "sygnatura sprawy komorniczej",
            "komornik nadał sprawie sygnaturę",
        ),
        Record(RecordKind.PAYMENT, _IN, None, "wpłata od komornika", "wpłata wyegzekwowana"),
        Record(
            RecordKind.COSTS,
            _IN | {Stage.ENFORCEMENT_ENDED},
            None,
            "koszty egzekucyjne",
            "koszty komornika",
            (DEBTOR_BEARS_COSTS,),
            UNCONFIRMED,
            "UNCONFIRMED: obciążenie dłużnika kosztami egzekucji (art. 770 KPC) nie jest w "
            "referencji",
        ),
        Record(
            RecordKind.KOMORNIK_ACT,
            _IN | {Stage.ENFORCEMENT_ENDED},
            None,
            "czynność komornika",
            "czynność komornika (dokonana lub doręczona wierzycielowi); termin na skargę",
            (SKARGA,),
            UNCONFIRMED,
            "UNCONFIRMED: art. 767^4 §1 KPC (7 dni na skargę) nie jest w referencji",
        ),
        Record(
            RecordKind.CLAUSE_REQUESTED,
            ENFORCEABLE,
            None,
            "wniosek o nadanie klauzuli wykonalności",
            "sporządzono wniosek o nadanie klauzuli wykonalności",
            (CLAUSE, CLAUSE_TERM),
            UNCONFIRMED,
            "UNCONFIRMED: art. 781 i 781^1 KPC oraz opłata od wniosku nie są w referencji",
        ),
        Record(
            RecordKind.DISCONTINUED_INEFFECTIVE,
            _IN,
            Stage.ENFORCEMENT_ENDED,
            "umorzenie egzekucji (bezskuteczność)",
            "komornik umorzył egzekucję z powodu bezskuteczności; przedawnienie biegnie na nowo",
            (RUNS_ANEW, NOT_UNTIL_END, JUDGMENT_TERM),
            note="dzień zakończenia: postanowienie o umorzeniu (UNCONFIRMED, ostrożnie)",
        ),
        Record(
            RecordKind.RECOVERED,
            _IN,
            Stage.PAID,
            "wyegzekwowano w całości",
            "należność wyegzekwowana w całości",
        ),
        Record(
            RecordKind.DISCONTINUED_BY_CREDITOR,
            _IN,
            Stage.FINAL,
            "umorzenie egzekucji na wniosek wierzyciela",
            "egzekucja umorzona na wniosek wierzyciela; tytuł pozostaje",
            (JUDGMENT_TERM,),
            UNCONFIRMED,
            "UNCONFIRMED: skutek cofniętego wniosku dla przerwania przedawnienia nie jest w "
            "referencji - ostrożnie od uprawomocnienia tytułu",
        ),
    )
}
ENFORCEMENT_TRIGGERS: dict[str, str] = {r.trigger: r.label for r in RECORDS.values()}


class DoesNotFit(ValueError):
    """The enforcement step does not fit the case; ``str()`` is one Polish line."""


def plan_record(kind: RecordKind, stage: Stage, *, outstanding: Decimal | None = None) -> Record:
    """The row for recording ``kind`` in a case at ``stage``; raises :class:`DoesNotFit`."""
    record = RECORDS[RecordKind(kind)]
    if record.kind in OWN_COMMAND:
        verdict = eligibility(stage, outstanding=outstanding)
        if not verdict.allowed:
            raise DoesNotFit(verdict.reason)
        return record
    if stage not in record.sources:
        raise DoesNotFit(
            f"{record.label!r} wymaga trwającej egzekucji (etap: {STAGE_LABELS[stage]}); "
            "najpierw: handoff enforcement start"
        )
    return record


class EndKind(StrEnum):
    """How enforcement proceedings ended."""

    INEFFECTIVE = "discontinued-ineffective"  # umorzenie z powodu bezskuteczności
    BY_CREDITOR = "discontinued-by-creditor"  # umorzenie na wniosek wierzyciela
    RECOVERED = "recovered"  # wyegzekwowano w całości


@dataclass(frozen=True, slots=True)
class Eligibility:
    allowed: bool
    reason: str  # Polish, one line


def eligibility(stage: Stage, *, outstanding: Decimal | None = None) -> Eligibility:
    """May a case at ``stage`` (with ``outstanding`` still owed, if known) go to the komornik?"""
    label = STAGE_LABELS[stage]
    if stage in NOTHING_TO_ENFORCE:
        return Eligibility(False, f"sprawa nie podlega egzekucji (etap: {label})")
    if outstanding is not None and outstanding <= 0:
        return Eligibility(False, "dług jest spłacony w całości; nie ma czego egzekwować")
    if stage is Stage.ENFORCEMENT:
        return Eligibility(False, "egzekucja w tej sprawie już trwa (etap: egzekucja)")
    if stage not in ENFORCEABLE:
        return Eligibility(
            False,
            f"brak prawomocnego tytułu (etap: {label}); egzekucja wymaga prawomocnego nakazu "
            "zapłaty lub wyroku (zapisz: handoff event add --kind payment-order-final)",
        )
    return Eligibility(True, f"prawomocny tytuł (etap: {label})")


@dataclass(frozen=True, slots=True)
class NextStep:
    """What follows a final title."""

    action: str  # Polish
    draft_clause_application: bool
    cites: tuple[Cite, ...]
    status: str
    note: str  # Polish: what a person must confirm


def next_step(procedure: str | None) -> NextStep:
    """The step after a final title in ``procedure`` (``law.pl.fees.Procedure`` value)."""
    if procedure == "epu":
        return NextStep(
            "zapisz tytuł wykonawczy wydany w EPU (nakaz zapłaty z klauzulą wykonalności "
            "nadaną w systemie teleinformatycznym); wniosku o klauzulę nie sporządza się",
            False,
            (CLAUSE_EPU,),
            UNCONFIRMED,
            "UNCONFIRMED: nadanie klauzuli w EPU (art. 783 KPC) nie jest w referencji - "
            "potwierdź w historii sprawy w e-Sądzie",
        )
    return NextStep(
        "złóż wniosek o nadanie klauzuli wykonalności do sądu, który wydał tytuł",
        True,
        (CLAUSE,),
        UNCONFIRMED,
        "UNCONFIRMED: art. 781 KPC, opłata od wniosku i termin rozpoznania nie są w "
        "referencji - opłatę i termin potwierdza osoba; produkt ich nie wylicza",
    )


@dataclass(frozen=True, slots=True)
class Title:
    """The enforcement title as the court gave it (the amounts it awards)."""

    procedure: str | None
    final_on: date
    principal: Decimal
    interest_from: date | None  # first day of interest awarded (None: none awarded)
    interest_kind: InterestKind = InterestKind.STATUTORY
    costs_awarded: Decimal = Decimal(0)
    clause_costs: Decimal = Decimal(0)  # costs of the clause, as paid / awarded
    signature: str = ""
    court: str = ""


@dataclass(frozen=True, slots=True)
class TitleAmounts:
    principal: Figure[Decimal]
    interest: Figure[Decimal]
    costs_awarded: Figure[Decimal]
    clause_costs: Figure[Decimal]
    as_of: date

    @property
    def total(self) -> Decimal:
        return money(
            self.principal.value
            + self.interest.value
            + self.costs_awarded.value
            + self.clause_costs.value
        )


def title_amounts(title: Title, as_of: date) -> TitleAmounts:
    """The amounts of ``title`` on ``as_of``: interest from its day through ``as_of``."""
    if title.principal < 0 or title.costs_awarded < 0 or title.clause_costs < 0:
        raise ValueError("kwoty tytułu nie mogą być ujemne")
    principal = Figure(money(title.principal), (), "należność główna według tytułu")
    if title.interest_from is None:
        interest_figure: Figure[Decimal] = Figure(Decimal("0.00"), (), "tytuł nie zasądza odsetek")
    else:
        result = interest(title.principal, title.interest_from, as_of, title.interest_kind)
        interest_figure = Figure(
            result.amount,
            result.figure.cites,
            f"odsetki od {pl_date(title.interest_from)} do {pl_date(as_of)} według tytułu",
        )
    costs = Figure(money(title.costs_awarded), (), "koszty zasądzone w tytule")
    clause = Figure(
        money(title.clause_costs),
        (),
        "koszty klauzuli wykonalności (wpisane przez osobę; referencja ich nie podaje)",
        notes=("UNCONFIRMED: opłata od wniosku o klauzulę nie jest w referencji",),
    )
    return TitleAmounts(principal, interest_figure, costs, clause, as_of)


@dataclass(frozen=True, slots=True)
class Competence:
    komornik: str
    status: str
    cites: tuple[Cite, ...]
    message: str  # Polish: the finding a person confirms


def komornik_competence(komornik: str, ways: frozenset[Way]) -> Competence:
    """The creditor's choice of ``komornik`` for ``ways``: a finding for a person.

    The reference does not state art. 8 / art. 10 ustawy o komornikach sądowych, so the
    product neither accepts nor refuses a choice: it records it and asks for confirmation.
    """
    name = komornik.strip()
    if not name:
        raise ValueError("podaj komornika (imię, nazwisko i sąd, przy którym działa)")
    message = (
        f"Wybór komornika ({name}): właściwość (rewir, art. 8) i wybór przez wierzyciela "
        "(art. 10 ustawy o komornikach sądowych) do potwierdzenia przez osobę - reguła "
        "nie jest w referencji (UNCONFIRMED)"
    )
    if Way.NIERUCHOMOSCI in ways:
        message += (
            "; egzekucja z nieruchomości: sprawdź, czy komornik jest właściwy dla miejsca "
            "położenia nieruchomości"
        )
    return Competence(name, UNCONFIRMED, (KOMORNIK_AREA, KOMORNIK_CHOICE), message)


@dataclass(frozen=True, slots=True)
class LimitationAfter:
    """When the claim confirmed by the title expires after the enforcement ended."""

    runs_from: date
    expires_on: date  # conservative (alerted on)
    alternative_expires_on: date | None
    cites: tuple[Cite, ...]
    status: str
    reason: str  # Polish


def limitation_after_enforcement(
    end: EndKind, ended_on: date, *, title_final_on: date
) -> LimitationAfter | None:
    """Limitation after the enforcement ended on ``ended_on`` (None: fully recovered).

    Umorzenie z powodu bezskuteczności: the interruption by the wniosek egzekucyjny (art.
    123 §1 pkt 1 KC) ends with the proceedings and the period runs anew (art. 124 §1-2 KC),
    for a claim confirmed by the title 6 years (art. 125 §1 KC); with the year-end rule of
    the SN resolution of 23.10.2025 as the alternative reading.
    """
    if end is EndKind.RECOVERED:
        return None
    if ended_on < title_final_on:
        raise ValueError("egzekucja nie mogła się zakończyć przed uprawomocnieniem tytułu")
    anew = limitation(Basis.JUDGMENT, ended_on)
    assert anew.expires_on is not None
    cites = (INTERRUPTION, RUNS_ANEW, NOT_UNTIL_END, JUDGMENT_TERM)
    if end is EndKind.INEFFECTIVE:
        return LimitationAfter(
            ended_on,
            anew.expires_on,
            anew.alternative_expires_on,
            cites,
            CONFIRMED,
            f"umorzenie egzekucji z powodu bezskuteczności {pl_date(ended_on)}: przedawnienie "
            f"biegnie na nowo (art. 124 §1-2 KC), 6 lat (art. 125 §1 KC) - upływa "
            f"{pl_date(anew.expires_on)}"
            + (
                f" (wg uchwały SN z 23.10.2025: {pl_date(anew.alternative_expires_on)})"
                if anew.alternative_expires_on
                else ""
            ),
        )
    # discontinued at the creditor's request: whether the interruption stands is not in the
    # reference (UNCONFIRMED) - alert on the reading without it (from the title's finality)
    original = limitation(Basis.JUDGMENT, title_final_on)
    assert original.expires_on is not None
    latest = anew.latest_expires_on
    return LimitationAfter(
        ended_on,
        original.expires_on,
        latest if latest != original.expires_on else None,
        cites,
        UNCONFIRMED,
        f"umorzenie egzekucji na wniosek wierzyciela {pl_date(ended_on)}: skutek przerwania "
        "nieustalony w referencji (UNCONFIRMED) - ostrożnie od uprawomocnienia tytułu "
        f"({pl_date(title_final_on)}): upływa {pl_date(original.expires_on)}",
    )


def outstanding_after(total: Decimal, recovered: Decimal) -> Decimal:
    """What is still owed after ``recovered`` came in through the komornik."""
    return money(max(total - recovered, Decimal(0)))


@dataclass(frozen=True, slots=True)
class ClauseFee:
    """The fee of the clause application: never computed (the rule is not in the reference)."""

    amount: Decimal | None
    cites: tuple[Cite, ...]
    status: str
    note: str  # Polish: what the partner checks


@dataclass(frozen=True, slots=True)
class ClauseApplication:
    """The wniosek o nadanie klauzuli wykonalności of paper proceedings."""

    final_on: date
    requested_on: date
    fee: ClauseFee
    cites: tuple[Cite, ...]
    status: str
    note: str  # Polish


def clause_application(
    procedure: str | None,
    stage: Stage,
    final_on: date,
    requested_on: date,
    *,
    court_settlement: bool = False,
) -> ClauseApplication:
    """May the clause application be drafted on ``requested_on``? Raises :class:`DoesNotFit`.

    Only after a final title (:func:`eligibility`), in paper proceedings (in EPU the court
    grants the clause electronically: :func:`next_step`), not before the title's finality.
    ``court_settlement``: the title is a broken court settlement (``final_on``: the day its
    rest fell due), whose clause the court it was concluded before grants on paper in any
    procedure (art. 777 §1 pkt 1 KPC - UNCONFIRMED).
    """
    verdict = eligibility(stage)
    if not verdict.allowed:
        raise DoesNotFit(verdict.reason)
    after = next_step(None if court_settlement else procedure)
    if not after.draft_clause_application:
        raise DoesNotFit(
            "w EPU wniosku o klauzulę nie sporządza się: tytuł wykonawczy wydaje e-Sąd "
            "(zapisz go: handoff enforcement epu-xml)"
        )
    if requested_on < final_on:
        raise DoesNotFit(
            f"data wniosku {requested_on.isoformat()} jest wcześniejsza niż uprawomocnienie "
            f"tytułu ({final_on.isoformat()})"
        )
    fee = ClauseFee(
        None,
        (CLAUSE_FEE,),
        UNCONFIRMED,
        "opłata od wniosku o klauzulę (art. 71 pkt 6 u.k.s.c.: zwykle podawane 6 zł za każdą "
        "stronę tytułu) nie jest w referencji - kwotę ustala i uiszcza osoba; we wniosku "
        "nie podano kwoty (UNCONFIRMED)",
    )
    return ClauseApplication(
        final_on,
        requested_on,
        fee,
        (CLAUSE, CLAUSE_TERM, *((SETTLEMENT_TITLE,) if court_settlement else ())),
        UNCONFIRMED,
        after.note
        + (
            "; ugoda sądowa jako tytuł egzekucyjny (art. 777 §1 pkt 1 KPC) - UNCONFIRMED"
            if court_settlement
            else ""
        ),
    )


class CostKind(StrEnum):
    """The komornik's costs as the creditor records them."""

    ZALICZKA = "zaliczka"  # an advance the komornik asked of the creditor
    OPLATA = "oplata"  # opłata egzekucyjna
    WYDATKI = "wydatki"  # the komornik's expenses (wydatki)


COST_LABELS: dict[CostKind, str] = {
    CostKind.ZALICZKA: "zaliczka na wydatki komornika",
    CostKind.OPLATA: "opłata egzekucyjna",
    CostKind.WYDATKI: "wydatki komornika",
}


class CostPayer(StrEnum):
    CREDITOR = "creditor"  # paid by the creditor: the debtor owes it to the creditor
    DEBTOR = "debtor"  # charged to the debtor and collected by the komornik himself


@dataclass(frozen=True, slots=True)
class KomornikCost:
    kind: CostKind
    payer: CostPayer
    amount: Decimal


def komornik_costs_owed(costs: tuple[KomornikCost, ...] | list[KomornikCost]) -> Figure[Decimal]:
    """What the debtor owes the creditor for the komornik's costs: those the creditor paid.

    Costs charged to the debtor are the komornik's to collect and are not the creditor's
    claim. Art. 770 KPC is not in the reference (UNCONFIRMED); the figure is a cost covered
    first by a payment (art. 451 §1 zd. 2 KC, CONFIRMED in ``law.pl.payments``).
    """
    if any(c.amount < 0 for c in costs):
        raise ValueError("koszty komornika nie mogą być ujemne")
    paid = money(sum((c.amount for c in costs if c.payer is CostPayer.CREDITOR), Decimal(0)))
    return Figure(
        paid,
        (DEBTOR_BEARS_COSTS,),
        "koszty egzekucji poniesione przez wierzyciela (zaliczki, opłaty, wydatki)",
        notes=("UNCONFIRMED: art. 770 KPC nie jest w referencji",),
    )
