"""Which letter the court needs when the debtor pays (or settles) after the pozew was filed.

A payment before filing changes the draft (the case is drafted again, ``casework.payments``);
after filing the claim in court is too high and the plaintiff tells the court so:

* a payment that leaves part of the claim owed, after filing and before a judgment:
  **cofnięcie pozwu w części ze zrzeczeniem się roszczenia** (the withdrawal of the part the
  payment covered, which is the ograniczenie powództwa of practice) with a motion to
  discontinue the proceedings in that part. The zrzeczenie makes the withdrawal effective
  without the defendant's consent until the judgment (art. 203 §1 KPC), and keeps the paid
  part from being sued for again;
* the whole debt paid, or a settlement: **cofnięcie pozwu w całości ze zrzeczeniem się
  roszczenia** with a **wniosek o umorzenie postępowania** (art. 355 §1 KPC);
* in EPU (filed in e-Sąd, no order final yet) the same pleading goes to SR Lublin-Zachód
  through e-Sąd as an electronic pismo, not on paper; after a sprzeciw the case is in the
  court of general jurisdiction and the letter goes there;
* after a judgment, once a title is final (enforcement instead) or when nothing is pending
  (the pozew returned, the EPU case discontinued, the case closed): no letter, with the
  reason.

Which amounts: the payment as allocated under art. 451 KC (``law.pl.payments``, stored per
payment): the letter withdraws the principal the payment covered and names the interest it
covered (accrued to the payment day). The pozew claims interest "od dnia ... do dnia
zapłaty", not as a sum, so where the payment covered all the interest of one period on one
principal (``withdrawal_terms``) the letter names that period and base ("odsetek ... od kwoty
8 487,00 zł za okres od dnia 16 września 2026 r. do dnia 26 listopada 2026 r. w kwocie
230,20 zł") and restates what the pozew still claims of that invoice (the principal left with
interest from the day after the payment); otherwise (interest paid only in part, or interest
left unpaid by an earlier payment) it names the interest by its amount; a part that paid
awarded costs is stated, not withdrawn (costs are no part of the claim), and a part
allocated to an invoice the pozew does not claim (left out as time-barred, K4) changes
nothing in court: it is named for the partner only.

What goes into the court letter: a rule the reference (polish_law.md) does not confirm is
marked UNCONFIRMED here and is **not asserted in the letter** (``Rule.in_letter``): the letter
makes the plaintiff's declarations (withdrawal, zrzeczenie, the motions) without citing
such a provision, and the partner reads the rules with their status beside the letter.

References (polish_law.md; status as graded there, section 0b read first):
    * KC art. 451 §1, §3 (allocation of the payment): CONFIRMED (5.1; law.pl.payments).
    * EPU court SR Lublin-Zachód, VI Wydział Cywilny: 0b K10, CONFIRMED.
    * KPC art. 203 §1 (withdrawal without consent until the hearing starts; with zrzeczenie
      until the judgment), §2 (costs on withdrawal), §4 (the court may find it
      inadmissible); art. 193 (ograniczenie powództwa); art. 355 §1 (umorzenie): not in the
      reference, UNCONFIRMED (law.lifecycle grades art. 203 the same).
    * Costs when the defendant paid after the pozew was filed (the defendant bears them, as
      the losing party; case law): not in the reference, UNCONFIRMED.
    * u.k.s.c. art. 79 ust. 1 pkt 3 lit. a (half the fee returned when the pozew is
      withdrawn before the first hearing starts): not in the reference (section 3 lists no
      refunds), UNCONFIRMED: not asked for in the letter; the partner is told.
    * EPU pleadings only through e-Sąd (KPC art. 505^31 §1, article number from memory):
      UNCONFIRMED.
    * Withdrawal while a nakaz zapłaty is issued and not final (read as "before the
      judgment"): DERIVED, contested; UNCONFIRMED.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from law.citation import Cite, money
from law.pl.payments import (
    ANCILLARY_FIRST,
    DESIGNATED,
    OLDEST_FIRST,
    Allocation,
    AllocationResult,
)
from law.pl.rates import InterestKind
from law.pl.text import pl_date, pl_money
from law.stages import PRE_FILING, STAGE_LABELS, Stage

CONFIRMED, UNCONFIRMED = "CONFIRMED", "UNCONFIRMED"
KPC = "KPC"
UKSC = "u.k.s.c."
EPU = "epu"


class Reason(StrEnum):
    """Why a letter is drafted (``handoff letters draft --reason``)."""

    PAYMENT = "payment"  # a payment recorded after filing
    SETTLEMENT = "settlement"  # the parties settled (ugoda pozasądowa)
    PAID = "paid"  # the whole debt is paid


class LetterKind(StrEnum):
    PARTIAL = "partial"  # cofnięcie pozwu w części ze zrzeczeniem się roszczenia
    FULL = "full"  # cofnięcie pozwu w całości ze zrzeczeniem się roszczenia + umorzenie


class Channel(StrEnum):
    COURT = "court"  # a pismo procesowe to the court (paper or the court's portal)
    ESAD = "e-sad"  # EPU: an electronic pismo through e-Sąd


LETTER_TITLES: dict[LetterKind, str] = {
    LetterKind.PARTIAL: "COFNIĘCIE POZWU W CZĘŚCI ZE ZRZECZENIEM SIĘ ROSZCZENIA",
    LetterKind.FULL: "COFNIĘCIE POZWU W CAŁOŚCI ZE ZRZECZENIEM SIĘ ROSZCZENIA",
}


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule the letter rests on, with the reference's grade of it."""

    cite: Cite
    status: str
    text: str  # Polish, for the partner

    @property
    def in_letter(self) -> bool:
        """Only a rule the reference confirms is cited in the court letter."""
        return self.status == CONFIRMED


WITHDRAWAL = Rule(
    Cite(KPC, "art. 203 §1"),
    UNCONFIRMED,
    "pozew można cofnąć bez zgody pozwanego do rozpoczęcia rozprawy, a ze zrzeczeniem się "
    "roszczenia - aż do wydania wyroku; pismo zawsze łączy cofnięcie ze zrzeczeniem",
)
ADMISSIBILITY = Rule(
    Cite(KPC, "art. 203 §4"),
    UNCONFIRMED,
    "sąd bada dopuszczalność cofnięcia (sprzeczność z prawem, zasadami współżycia "
    "społecznego, obejście prawa)",
)
REDUCTION = Rule(
    Cite(KPC, "art. 193"),
    UNCONFIRMED,
    "ograniczenie powództwa o zapłaconą część - w praktyce jako cofnięcie pozwu w tej części "
    "ze zrzeczeniem się roszczenia",
)
DISCONTINUANCE = Rule(
    Cite(KPC, "art. 355 §1"),
    UNCONFIRMED,
    "sąd umarza postępowanie (w cofniętej części), gdy powód skutecznie cofnął pozew",
)
COSTS = Rule(
    Cite(KPC, "art. 203 §2"),
    UNCONFIRMED,
    "przy cofnięciu pozwu powód zwraca pozwanemu koszty na jego żądanie; gdy pozwany zapłacił "
    "po wniesieniu pozwu, koszty ponosi pozwany (orzecznictwo, nieodczytane) - pismo wnosi o "
    "koszty od pozwanego, przepisu nie powołuje",
)
FEE_REFUND = Rule(
    Cite(UKSC, "art. 79 ust. 1 pkt 3 lit. a"),
    UNCONFIRMED,
    "zwrot połowy opłaty od pozwu cofniętego przed rozpoczęciem pierwszego posiedzenia - "
    "nie ma go w referencji: pismo o zwrot nie wnosi, partner decyduje",
)
ESAD_PISMO = Rule(
    Cite(KPC, "art. 505^31 §1"),
    UNCONFIRMED,
    "w EPU pisma wnosi się wyłącznie drogą elektroniczną przez e-Sąd (numer artykułu z "
    "pamięci, nieodczytany)",
)
ORDER_NOT_FINAL = Rule(
    Cite(KPC, "art. 203 §1"),
    UNCONFIRMED,
    "nakaz zapłaty wydany, nieprawomocny: cofnięcie ze zrzeczeniem czytane jako dopuszczalne "
    "do uprawomocnienia się nakazu (odczytanie sporne) - partner decyduje, czy pismo złożyć, "
    "czy wpłatę uwzględnić w egzekucji",
)
ALLOCATION_RULES = {str(c): c for c in (DESIGNATED, ANCILLARY_FIRST, OLDEST_FIRST)}

# Stages in which a lawsuit is pending and a withdrawal still reaches the court before a
# judgment: filed, in court (step unknown), the order issued or served (not final), and
# ordinary proceedings (after a sprzeciw / zarzuty, or heard without an order).
LETTER_STAGES: frozenset[Stage] = frozenset(
    {Stage.FILED, Stage.IN_COURT, Stage.ORDER_ISSUED, Stage.ORDER_SERVED, Stage.ORDINARY}
)
ORDER_STAGES: frozenset[Stage] = frozenset({Stage.ORDER_ISSUED, Stage.ORDER_SERVED})
_TITLE_STAGES = frozenset({Stage.FINAL, Stage.ENFORCEMENT, Stage.ENFORCEMENT_ENDED})
_CLOSED = frozenset({Stage.WITHDRAWN, Stage.SETTLED, Stage.PAID, Stage.CLOSED})


@dataclass(frozen=True, slots=True)
class CourtRecord:
    """Where the pozew is: the court as the filing recorded it, its signature, the day."""

    court: str  # "Sąd Rejonowy w Opolu, V Wydział Gospodarczy" ("" when unknown)
    signature: str  # sygnatura akt ("" when unknown)
    filed_on: date | None
    filed_court: str = ""  # where the pozew was filed, when the case is now elsewhere (EPU)


@dataclass(frozen=True, slots=True)
class Covered:
    """What one payment covered of one invoice (an allocation line, art. 451 KC)."""

    paid_on: date
    invoice_number: str  # "" for the line that paid costs
    to_principal: Decimal
    to_interest: Decimal
    to_costs: Decimal = Decimal(0)
    cites: tuple[str, ...] = ()  # the allocation's provisions, as stored


@dataclass(frozen=True, slots=True)
class Situation:
    """What the letter depends on: why, where the case stands in court, what was paid."""

    reason: Reason
    stage: Stage  # the court stage when the payment / settlement came (before any close)
    procedure: str | None
    covered: tuple[Covered, ...] = ()  # the payment's allocation lines (reason payment)
    settled: bool = False  # nothing is left owed after the payment
    paid: tuple[tuple[date, Decimal], ...] = ()  # payments after filing (day, amount)
    settled_on: date | None = None  # the settlement's day (reason settlement)
    claimed: frozenset[str] | None = None  # invoices the pozew claims (None: every one)


@dataclass(frozen=True, slots=True)
class LetterPlan:
    """The letter a situation needs, or why none (``kind`` None, ``reason_text``)."""

    kind: LetterKind | None
    reason_text: str  # Polish: why this letter / why no letter
    channel: Channel = Channel.COURT
    covered: tuple[Covered, ...] = ()
    principal: Decimal = Decimal("0.00")  # principal withdrawn (PARTIAL)
    interest: Decimal = Decimal("0.00")  # interest covered and withdrawn (PARTIAL)
    costs: Decimal = Decimal("0.00")  # awarded costs the payment covered (stated only)
    ask_costs: bool = False  # the letter asks for the costs from the defendant
    rules: tuple[Rule, ...] = ()
    notes: tuple[str, ...] = field(default=())  # Polish, for the partner (UNCONFIRMED items)
    contested: bool = False  # a reading the partner must decide

    @property
    def needed(self) -> bool:
        return self.kind is not None

    @property
    def title(self) -> str:
        return LETTER_TITLES[self.kind] if self.kind else ""

    @property
    def letter_cites(self) -> tuple[Cite, ...]:
        """The provisions the court letter may cite (confirmed ones only)."""
        return tuple(r.cite for r in self.rules if r.in_letter)


def _no_letter(stage: Stage) -> str | None:
    """Why no court letter at ``stage`` (Polish), or None when a letter fits."""
    label = STAGE_LABELS[stage]
    if stage in LETTER_STAGES:
        return None
    if stage in PRE_FILING and stage not in (Stage.RETURNED, Stage.EPU_DISCONTINUED):
        return (
            f"pozew nie został wniesiony (etap: {label}) - pismo do sądu nie jest potrzebne, "
            "projekt zostanie przeliczony"
        )
    if stage is Stage.RETURNED:
        return (
            "pozew zwrócony - postępowanie się nie toczy; jeżeli opłata zostanie uiszczona "
            "i pozew znów wywoła skutki, pismo sporządzić wtedy"
        )
    if stage is Stage.EPU_DISCONTINUED:
        return (
            "postępowanie w EPU umorzone - nie toczy się; ponownie wniesiony pozew obejmie wpłatę"
        )
    if stage is Stage.JUDGMENT:
        return (
            "wyrok został wydany - cofnięcia pozwu ze zrzeczeniem nie składa się po wyroku "
            "(art. 203 § 1 KPC, UNCONFIRMED); wpłatę uwzględnić w egzekucji albo w "
            "postępowaniu apelacyjnym - decyzja partnera"
        )
    if stage in _TITLE_STAGES:
        return (
            f"tytuł jest prawomocny (etap: {label}) - pisma do sądu nie składa się, wpłatę "
            "uwzględnia się w egzekucji"
        )
    if stage in _CLOSED:
        return f"postępowanie zakończone (etap: {label}) - pismo do sądu nie jest potrzebne"
    return f"na etapie {label} pismo do sądu nie jest przewidziane"


def _sum(values: list[Decimal]) -> Decimal:
    return money(sum(values, Decimal(0)))


def court_letter(situation: Situation) -> LetterPlan:
    """The letter ``situation`` needs (the module docstring), with its rules and notes."""
    stage = situation.stage
    why_not = _no_letter(stage)
    if why_not is not None:
        return LetterPlan(None, why_not)
    # after a sprzeciw an EPU case goes to the court of general jurisdiction (6.2): a paper /
    # portal pismo to that court, no longer e-Sąd
    epu = situation.procedure == EPU and stage is not Stage.ORDINARY
    channel = Channel.ESAD if epu else Channel.COURT
    claimed = situation.claimed
    covered = tuple(
        c
        for c in situation.covered
        if not c.invoice_number or claimed is None or c.invoice_number in claimed
    )
    outside = sorted(
        {c.invoice_number for c in situation.covered if c.invoice_number and c not in covered}
    )
    outside_note = (
        f"Wpłata zaliczona także na faktury nieobjęte pozwem ({', '.join(outside)}) - ta część "
        "nie zmienia roszczenia w sądzie"
        if outside
        else ""
    )
    principal = _sum([c.to_principal for c in covered if c.invoice_number])
    interest = _sum([c.to_interest for c in covered if c.invoice_number])
    costs = _sum([c.to_costs for c in covered])
    full = situation.reason in (Reason.PAID, Reason.SETTLEMENT) or situation.settled
    if not full and principal + interest <= 0 and outside:
        return LetterPlan(
            None,
            f"wpłata zaliczona na faktury nieobjęte pozwem ({', '.join(outside)}) - roszczenie "
            "dochodzone w sądzie się nie zmienia, pismo nie jest potrzebne",
            channel,
            covered,
            costs=costs,
            notes=(outside_note,),
        )
    if not full and principal + interest <= 0:
        return LetterPlan(
            None,
            "wpłata pokryła wyłącznie koszty zasądzone w nakazie zapłaty "
            f"({pl_money(costs)}) - roszczenia z pozwu nie zmienia, pismo o cofnięcie nie jest "
            "potrzebne",
            channel,
            covered,
            costs=costs,
        )
    rules: list[Rule] = [WITHDRAWAL, ADMISSIBILITY, DISCONTINUANCE]
    notes: list[str] = [outside_note] if outside_note else []
    allocation = [
        ALLOCATION_RULES[c] for line in covered for c in line.cites if c in ALLOCATION_RULES
    ]
    for cite in dict.fromkeys(allocation):
        rules.append(Rule(cite, CONFIRMED, "zaliczenie wpłaty (art. 451 KC)"))
    if epu:
        rules.append(ESAD_PISMO)
        notes.append(
            "EPU: pismo składa się w e-Sądzie jako pismo procesowe w sprawie (forma "
            "elektroniczna); plik .docx to jego treść - UNCONFIRMED (art. 505^31 § 1 KPC)"
        )
    contested = stage in ORDER_STAGES
    if contested:
        rules.append(ORDER_NOT_FINAL)
        notes.append(f"{ORDER_NOT_FINAL.text} (UNCONFIRMED)")
    ask_costs = situation.reason is not Reason.SETTLEMENT
    if ask_costs:
        rules.append(COSTS)
        notes.append(
            "Koszty: pismo wnosi o zasądzenie kosztów od pozwanego, bo zapłacił po wniesieniu "
            "pozwu - zasada z orzecznictwa, nie z referencji (UNCONFIRMED)"
        )
    else:
        notes.append(
            "Ugoda: o kosztach pismo nie wnosi - koszty według ugody; sprawdzić, czy ugoda "
            "przewiduje cofnięcie pozwu ze zrzeczeniem się roszczenia (po umorzeniu roszczenia "
            "nie można dochodzić ponownie)"
        )
    rules.append(FEE_REFUND)
    notes.append(
        "Zwrot połowy opłaty od pozwu (art. 79 ust. 1 pkt 3 lit. a u.k.s.c.) - UNCONFIRMED, "
        "w piśmie nie wnioskowano; partner decyduje, czy dopisać wniosek"
    )
    if full:
        why = {
            Reason.SETTLEMENT: "strony zawarły ugodę"
            + (f" ({pl_date(situation.settled_on)})" if situation.settled_on else ""),
            Reason.PAID: "pozwany zapłacił całą należność",
            Reason.PAYMENT: "wpłata pokryła całą należność",
        }[situation.reason]
        kind = LetterKind.FULL
        summary = (
            f"{why} po wniesieniu pozwu - cofnięcie pozwu w całości ze zrzeczeniem się "
            "roszczenia i wniosek o umorzenie postępowania"
        )
    else:
        rules.insert(1, REDUCTION)
        kind = LetterKind.PARTIAL
        notes.extend(_interest_kept_notes(covered))
        summary = (
            f"wpłata po wniesieniu pozwu pokryła {pl_money(principal)} należności głównej i "
            f"{pl_money(interest)} odsetek - cofnięcie pozwu w tej części ze zrzeczeniem się "
            "roszczenia (ograniczenie powództwa) i wniosek o umorzenie postępowania w tej części"
        )
    return LetterPlan(
        kind,
        summary,
        channel,
        covered,
        principal,
        interest,
        costs,
        ask_costs,
        tuple(rules),
        tuple(notes),
        contested,
    )


def _interest_kept_notes(covered: tuple[Covered, ...]) -> list[str]:
    """A partner's note per line a payment put on an invoice's principal alone as the debtor
    designated it (art. 451 §1 zd. 1 KC, the creditor not applying it to the interest
    first): the letter withdraws that principal only, so the interest on it up to the
    payment day is still claimed, and the letter does not say so."""
    return [
        f"Wpłata z dnia {pl_date(c.paid_on)} zaliczona zgodnie ze wskazaniem dłużnika "
        f"(art. 451 § 1 zd. 1 KC) wyłącznie na należność główną z faktury nr "
        f"{c.invoice_number} ({pl_money(c.to_principal)}): pismo cofa tylko tę należność "
        "główną, odsetki od niej za czas do dnia zapłaty pozostają dochodzone - sprawdź, "
        "czy pismo to mówi (zdanie „Po zapłacie powód dochodzi…” podaje je, gdy przed tą "
        "wpłatą nie pozostały niezapłacone odsetki); jeśli nie, dopisz, że powód "
        f"podtrzymuje żądanie odsetek od kwoty {pl_money(c.to_principal)} za okres do dnia "
        f"{pl_date(c.paid_on)}"
        for c in covered
        if c.invoice_number
        and str(DESIGNATED) in c.cites
        and c.to_principal > 0
        and c.to_interest <= 0
    ]


# ---------------------------------------------------------------- the words of a withdrawal


@dataclass(frozen=True, slots=True)
class PaidPeriod:
    """Interest a payment covered in full: on ``base`` from ``start`` to ``end`` (the
    payment day, art. 451 §1 zd. 2 KC), ``amount`` in all, of invoice ``invoice_number``."""

    invoice_number: str
    kind: InterestKind
    base: Decimal
    start: date
    end: date
    amount: Decimal


@dataclass(frozen=True, slots=True)
class KeptInterest:
    """Interest still claimed on principal a payment paid: on ``base`` from ``start`` to
    ``end`` (the payment the debtor designated for that principal alone, art. 451 §1 zd. 1
    KC, paid no interest)."""

    base: Decimal
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class Remainder:
    """What the pozew still claims of one invoice the payment touched: ``principal`` with
    interest from ``interest_from`` until paid, and the interest ``kept`` on the principal
    a designated payment paid (``principal`` may then be nothing)."""

    invoice_number: str
    kind: InterestKind
    principal: Decimal
    interest_from: date
    kept: KeptInterest | None = None


@dataclass(frozen=True, slots=True)
class WithdrawalTerms:
    """A partial withdrawal in the words of the pozew's claim: the interest by period and
    base (the pozew claims interest "od dnia ... do dnia zapłaty", not a sum) and what is
    left claimed of each invoice the payment touched. ``periods`` is empty when some
    interest the payment covered is no single period (interest left unpaid by an earlier
    payment, or paid in part): the letter then names the interest by its amount."""

    periods: tuple[PaidPeriod, ...] = ()
    remainders: tuple[Remainder, ...] = ()


def withdrawal_terms(covered: tuple[Covered, ...], result: AllocationResult) -> WithdrawalTerms:
    """The periods of the interest ``covered`` paid and the claim left of the invoices it
    touched, read from ``result``: the art. 451 allocation of the case's payments up to the
    last of ``covered`` (``law.pl.payments.allocate``). Each interest line is matched to
    the allocation line of the same day, invoice and amounts; an interest line with no
    single period (``Allocation.interest_from`` None) or no match leaves ``periods``
    empty. A remainder is given only where the interest is paid up to the payment day (none
    left unpaid); an invoice paid in full has none."""
    lines = [c for c in covered if c.invoice_number]
    pool: list[Allocation] = list(result.allocations)
    periods: list[PaidPeriod] = []
    kinds = {d.number: d.kind for d in result.debts}
    whole = True
    for line in lines:
        if line.to_interest <= 0:
            continue
        match = next(
            (
                a
                for a in pool
                if a.paid_on == line.paid_on
                and a.invoice_number == line.invoice_number
                and money(a.to_interest) == money(line.to_interest)
                and money(a.to_principal) == money(line.to_principal)
            ),
            None,
        )
        if match is None or match.interest_from is None or match.interest_base is None:
            whole = False
            continue
        pool.remove(match)
        periods.append(
            PaidPeriod(
                line.invoice_number,
                kinds[line.invoice_number],
                money(match.interest_base),
                match.interest_from,
                line.paid_on,
                money(line.to_interest),
            )
        )
    last = max((c.paid_on for c in lines), default=None)
    kept = _kept(lines, result.allocations, last)
    remainders = tuple(
        Remainder(d.number, d.kind, money(d.principal), d.accrued_through + timedelta(days=1))
        for d in result.debts
        if d.number in {c.invoice_number for c in lines}
        and d.number not in kept
        and money(d.principal) > 0
        and d.interest_unpaid == 0
        and d.accrued_through == last
    ) + tuple(
        Remainder(d.number, d.kind, money(d.principal), kept[d.number].start, kept[d.number])
        for d in result.debts
        if d.number in kept and d.accrued_through == last
    )
    return WithdrawalTerms(tuple(periods) if whole else (), remainders)


def _kept(
    lines: list[Covered], allocations: Sequence[Allocation], last: date | None
) -> dict[str, KeptInterest]:
    """Per invoice, the interest left claimed on the principal a payment designated for it
    alone paid (art. 451 §1 zd. 1 KC): where that payment is the invoice's only line, made on
    ``last``, paid no interest, left none unpaid from before (``Allocation.kept_from``) and
    is the invoice's last allocation, the interest on the whole principal from that day is
    what the invoice has unpaid."""
    out: dict[str, KeptInterest] = {}
    for number in dict.fromkeys(c.invoice_number for c in lines):
        mine = [c for c in lines if c.invoice_number == number]
        if len(mine) != 1 or mine[0].paid_on != last or str(DESIGNATED) not in mine[0].cites:
            continue
        line = mine[0]
        latest = [a for a in allocations if a.invoice_number == number and a.paid_on >= last]
        if len(latest) != 1:  # another payment of that day went to this invoice too
            continue
        (match,) = latest
        if (
            match.kept_from is not None
            and match.to_interest == 0
            and line.to_interest <= 0
            and money(match.to_principal) == money(line.to_principal)
        ):
            out[number] = KeptInterest(money(line.to_principal), match.kept_from, line.paid_on)
    return out
