"""Enforcement: a case with a final title goes to the komornik; its steps are recorded.

``start_enforcement``: load the case (locked) and its final title (the effective step into
``final``); ask the legal core whether it may be enforced (``law.pl.enforcement``: a final
title, nothing paid in full, no enforcement pending), what the title is worth on the day
(principal, interest from the title's dates, costs awarded, costs of the clause), what the
next step after the title is (paper: the clause must be granted first; EPU: the electronic
title) and what a person must confirm about the choice of komornik; save the step
``final -> enforcement`` (``store.timeline.apply_step``) in the caller's transaction.

``record_enforcement``: the komornik's case number, a payment through the komornik (the
payments use case allocates it under art. 451 KC and closes a case paid in full), the
komornik's costs, and the end: umorzenie z powodu bezskuteczności (limitation runs anew:
an open ``title-limitation`` deadline with the articles), full recovery, or discontinuance at
the creditor's request. A refused step changes nothing. The komornik's costs are stored per
item (``EnforcementCost``): those the creditor paid are owed by the debtor and covered first
by the next payment (``casework.payments`` reads them, art. 451 §1 KC); a komornik's act the
creditor did or was told of opens the skarga deadline (``law.pl.deadlines``, UNCONFIRMED).

``request_clause``: in paper proceedings, the wniosek o nadanie klauzuli wykonalności for a
final title, drafted from the ``wniosek_klauzula`` Word template into the case's drafts
folder as a new document version (``GeneratedDocument`` kind ``wniosek_klauzula``), left
for the assigned partner's review (a finding on the case), with the court's instructional
three days as a watched deadline and the observation date of the clause ended. Its fee is
not computed (UNCONFIRMED): the partner is told to check it.

``clause_after_final``: the next step of a title that has just become final, called by
``casework.court_events.record_court_event`` in the event's transaction: in paper
proceedings, unless the debt is paid in full or the application was already made after this
title, ``request_clause`` drafts the application that day (the entry point passes
:class:`ClauseDrafting`; without it the outcome names the command that drafts it). In EPU
nothing is drafted: the court issues the electronic title. A refusal of the draft (e.g. no
signature known) leaves the event recorded and says why.

A broken court settlement (ugoda sądowa) is itself the title (``law.pl.settlements.
return_after_breach``, art. 777 §1 pkt 1 KPC - UNCONFIRMED): ``casework.settlements`` moves
the case to ``final`` and calls :func:`clause_after_final` the same way. Then the
application names the settlement (the court it was concluded before, its day, the sygnatura
akt when stored; template ``wniosek_klauzula_ugoda``), in any procedure (its clause is the
court's on paper), and ``start_enforcement`` takes the amounts from the settlement: what is
left under its plan (amount + costs - paid, the whole rest due after the acceleration) with
interest on the settlement's terms (``law.pl.settlements.plan_state`` through
``casework.settlements.plan_of``), not from the invoices.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from casework import Refused, UnknownCase
from casework.output import DocumentOutput
from casework.payments import PaymentIn, claimed_costs, payments_of, record_payment
from law.citation import money
from law.lifecycle import Step
from law.pl.case_claim import claim_input
from law.pl.claim import compute_claim
from law.pl.deadlines import EnforcementAct, enforcement_deadlines
from law.pl.enforcement import (
    COST_LABELS,
    CostKind,
    CostPayer,
    DoesNotFit,
    EndKind,
    RecordKind,
    Title,
    Way,
    clause_application,
    eligibility,
    komornik_competence,
    limitation_after_enforcement,
    next_step,
    plan_record,
    title_amounts,
)
from law.pl.rates import InterestKind
from law.pl.text import pl_date, pl_money
from law.stages import STAGE_LABELS, Stage
from store import timeline
from store.cases import load_case_files
from store.deadlines import AmbiguousCaseRef, CaseNotFound, find_case
from store.deadlines import rule_key as event_rule_key
from store.drafting import DocumentNotWritten, audit, replace_findings, store_version
from store.enforcement import komornik_costs_owed_of
from store.tables import (
    Case,
    CaseStep,
    Deadline,
    EnforcementCost,
    GeneratedDocument,
    Settlement,
    utcnow,
)

if TYPE_CHECKING:
    from documents.firm import FirmProfile
    from documents.render import Rendered

RECORDS_TRIGGER_CLAUSE = "enforcement-clause-requested"
TITLE_LIMITATION = "title-limitation"  # not a "limitation" key: the pre-filing sync leaves it
TITLE_LIMITATION_ACTION = "ponowny wniosek egzekucyjny przed przedawnieniem roszczenia z tytułu"
MAX_KOMORNIK = 200
MAX_SIGNATURE = 100
CLAUSE_KIND = "wniosek_klauzula"  # GeneratedDocument.kind of the clause application
CLAUSE_COURT_RULE = "clause-court"  # Deadline.rule_key prefix: the court's three days
KOMORNIK_ACT_RULE = "komornik-act"  # Deadline.rule_key prefix: the skarga on an act
FINDINGS_SOURCE = "enforcement"  # CaseFinding.source of the clause draft's review finding


@dataclass(frozen=True)
class EnforcementOutcome:
    case_ref: str
    kind: RecordKind
    on: date
    recorded: bool  # False: the same step was already recorded; nothing changed
    stage_before: str
    stage_after: str
    step: CaseStep | None
    lines: tuple[str, ...] = ()  # Polish: what the person must know
    details: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> str:
        if not self.recorded:
            return "Ten krok jest już zapisany; nic nie zmieniono."
        head = f"Sprawa {self.case_ref}: {self.step.cause if self.step else self.kind.value}."
        if self.stage_before != self.stage_after:
            head += (
                f" Etap: {STAGE_LABELS[Stage(self.stage_before)]} -> "
                f"{STAGE_LABELS[Stage(self.stage_after)]}."
            )
        return " ".join([head, *self.lines])

    def as_json(self) -> dict[str, Any]:
        return {
            "case": self.case_ref,
            "kind": self.kind.value,
            "on": self.on.isoformat(),
            "recorded": self.recorded,
            "stage_before": self.stage_before,
            "stage_after": self.stage_after,
            "cites": self.step.cites if self.step else "",
            "status": self.step.status if self.step else "",
            "messages": list(self.lines),
            **self.details,
        }


def _locked(session: Session, ref: str) -> Case:
    try:
        found = find_case(session, ref)
    except CaseNotFound:
        raise UnknownCase(f"nie ma sprawy {ref!r}") from None
    except AmbiguousCaseRef:
        raise UnknownCase(
            f"sygnatura {ref!r} pasuje do kilku spraw - podaj numer sprawy jako #<id>"
        ) from None
    case = session.get(Case, found.id, with_for_update=True, populate_existing=True)
    assert case is not None and case.id is not None
    return case


def _final_step(session: Session, case_id: int) -> CaseStep | None:
    kept = timeline.effective_steps(timeline.steps_of(session, case_id))
    finals = [s for s in kept if s.to_stage == Stage.FINAL.value and s.from_stage != s.to_stage]
    return finals[0] if finals else None


def _settlement_final(session: Session, case_id: int) -> CaseStep | None:
    """The step that made the broken court settlement the title (the latest into final)."""
    kept = timeline.effective_steps(timeline.steps_of(session, case_id))
    finals = [s for s in kept if s.to_stage == Stage.FINAL.value and s.from_stage != s.to_stage]
    return finals[-1] if finals else None


def settlement_title(session: Session, case_id: int) -> Settlement | None:
    """The broken court settlement that is the case's title: the latest step into ``final``
    is the broken plan's (``law.pl.settlements.BROKEN_TRIGGER``); else None."""
    from law.pl.settlements import BROKEN_TRIGGER, SettlementKind

    last = _settlement_final(session, case_id)
    if last is None or last.trigger != BROKEN_TRIGGER:
        return None
    return session.exec(
        select(Settlement)
        .where(
            Settlement.case_id == case_id,
            Settlement.kind == SettlementKind.COURT.value,
            Settlement.status == "broken",
        )
        .order_by(col(Settlement.concluded_on).desc(), col(Settlement.id).desc())
    ).first()


def _settlement_amounts(
    session: Session, row: Settlement, on: date, costs: Decimal, clause: Decimal
) -> dict[str, Any]:
    """The title's amounts on ``on`` when the title is a broken court settlement: what is
    left under its plan (instalment amounts, the settled costs included) and the interest
    its terms give, accrued to ``on`` (``law.pl.settlements.plan_state``)."""
    from casework.settlements import plan_of

    state = plan_of(session, row, on)
    total = money(state.rest + state.interest_due + costs + clause)
    return {
        "as_of": on.isoformat(),
        "principal": str(money(state.rest)),
        "interest": str(money(state.interest_due)),
        "compensation": "0.00",
        "costs_awarded": str(money(costs)),
        "clause_costs": str(money(clause)),
        "total": str(total),
        "source": "settlement",
        "settlement": {
            "id": row.id,
            "amount": str(row.amount),
            "costs": str(row.costs),
            "paid": str(state.paid),
            "rest": str(state.rest),
            "interest_due": str(state.interest_due),
            "interest": row.interest_mode,
            "interest_rate": None if row.interest_rate is None else str(row.interest_rate),
            "accelerated_on": state.accelerated_on.isoformat() if state.accelerated_on else None,
            "status": state.status.value,
            "reason": state.reason,
            "cites": [str(c) for c in state.cites],
        },
    }


def _step(record_kind: RecordKind, stage: Stage, on: date, cause: str) -> Step:
    record = plan_record(record_kind, stage)
    target = record.target or stage
    return Step(
        record.trigger, on, stage, target, cause, record.cites, record.status, record.note, ()
    )


def _amounts(
    session: Session, case: Case, final_on: date, on: date, costs: Decimal, clause: Decimal
) -> dict[str, Any]:
    """The title's amounts on ``on`` from the case's claim (recorded payments included)."""
    assert case.id is not None
    case_file = load_case_files(session, [case.id])[case.id]
    claim = compute_claim(claim_input(case_file, on))
    principal = interest = compensation = Decimal(0)
    for inv in claim.invoices:
        if not inv.claimed:
            continue
        if inv.principal.value > 0:
            part = title_amounts(
                Title(
                    case.procedure,
                    final_on,
                    inv.principal.value,
                    inv.interest_from,
                    inv.interest_kind,
                ),
                on,
            )
            principal += part.principal.value
            interest += part.interest.value
        if inv.capitalised_interest is not None:
            interest += inv.capitalised_interest.value
        if inv.compensation is not None and inv.compensation.value > 0:
            part = title_amounts(
                Title(
                    case.procedure,
                    final_on,
                    inv.compensation.value,
                    inv.compensation_interest_from,
                    InterestKind.STATUTORY,
                ),
                on,
            )
            compensation += part.principal.value
            interest += part.interest.value
    total = money(principal + interest + compensation + costs + clause)
    return {
        "as_of": on.isoformat(),
        "principal": str(money(principal)),
        "interest": str(money(interest)),
        "compensation": str(money(compensation)),
        "costs_awarded": str(money(costs)),
        "clause_costs": str(money(clause)),
        "total": str(total),
        "source": "invoices",
    }


def start_enforcement(
    session: Session,
    case_ref: str,
    *,
    komornik: str,
    ways: frozenset[Way],
    on: date,
    today: date,
    clause_on: date | None = None,
    costs_awarded: Decimal | None = None,
    clause_costs: Decimal = Decimal(0),
    actor: str = "",
) -> EnforcementOutcome:
    """Record the wniosek egzekucyjny of day ``on`` (module doc); raises :class:`Refused`."""
    if on > today:
        raise Refused(
            f"data wniosku nie może być w przyszłości ({on.isoformat()}; dziś {today.isoformat()})"
        )
    if not ways:
        raise Refused("--ways: wskaż co najmniej jeden sposób egzekucji")
    if len(komornik.strip()) > MAX_KOMORNIK:
        raise Refused(f"--komornik: najwyżej {MAX_KOMORNIK} znaków")
    try:
        competence = komornik_competence(komornik, ways)
    except ValueError as exc:
        raise Refused(f"--komornik: {exc}") from None
    if clause_costs < 0 or (costs_awarded is not None and costs_awarded < 0):
        raise Refused("koszty nie mogą być ujemne")
    case = _locked(session, case_ref)
    assert case.id is not None
    stage = Stage(case.stage)
    try:
        plan_record(RecordKind.STARTED, stage)
    except DoesNotFit as exc:
        raise Refused(str(exc)) from None
    final = _final_step(session, case.id)
    if final is None:
        raise Refused("brak zapisanego uprawomocnienia tytułu w historii sprawy")
    settled = settlement_title(session, case.id)
    if settled is not None:
        final = _settlement_final(session, case.id) or final
    if on < final.occurred_on:
        raise Refused(
            f"data wniosku {on.isoformat()} jest wcześniejsza niż uprawomocnienie tytułu "
            f"({final.occurred_on.isoformat()})"
        )
    after = next_step(_title_procedure(case, final, settled))
    if after.draft_clause_application and clause_on is None:
        raise Refused(
            "brak klauzuli wykonalności: najpierw złóż wniosek o nadanie klauzuli wykonalności "
            "(art. 781 KPC - UNCONFIRMED) i podaj --clause-on RRRR-MM-DD"
        )
    if clause_on is not None and not (final.occurred_on <= clause_on <= on):
        raise Refused(
            f"--clause-on {clause_on.isoformat()} musi przypadać między uprawomocnieniem "
            f"({final.occurred_on.isoformat()}) a wnioskiem ({on.isoformat()})"
        )
    if settled is not None:  # the settled costs are in its plan; none awarded beside it
        costs = Decimal(0) if costs_awarded is None else costs_awarded
        amounts = _settlement_amounts(session, settled, on, costs, clause_costs)
    else:
        costs = claimed_costs(case) if costs_awarded is None else costs_awarded
        amounts = _amounts(session, case, final.occurred_on, on, costs, clause_costs)
    if Decimal(amounts["principal"]) + Decimal(amounts["compensation"]) <= 0 and costs <= 0:
        raise Refused("dług jest spłacony w całości; nie ma czego egzekwować")
    ordered = [w for w in Way if w in ways]
    cause = (
        f"wniosek egzekucyjny do komornika: {competence.komornik}; sposoby: "
        + ", ".join(w.value for w in ordered)
        + f"; do wyegzekwowania {pl_money(Decimal(amounts['total']))} na {pl_date(on)}"
    )
    step = _step(RecordKind.STARTED, stage, on, cause)
    row = timeline.apply_step(session, case, step, actor=actor, court=competence.komornik[:200])
    _cancel_title_limitation(session, case.id)  # interrupted again (art. 123 §1 pkt 1 KC)
    replace_findings(session, case.id, {FINDINGS_SOURCE: []})  # the clause is no longer awaited
    lines = [competence.message + "."]
    if settled is not None:
        lines.append(
            f"Tytuł: ugoda sądowa z {pl_date(settled.concluded_on)} (niewykonana); kwoty według "
            "ugody: pozostałe raty i odsetki na jej warunkach (art. 777 §1 pkt 1 KPC - "
            "UNCONFIRMED)."
        )
    if after.draft_clause_application:
        lines.append(f"Klauzula wykonalności nadana {pl_date(clause_on)}." if clause_on else "")
    else:
        lines.append("Tytuł wykonawczy z EPU (klauzula w systemie e-Sąd); " + after.note + ".")
    return EnforcementOutcome(
        case.external_ref,
        RecordKind.STARTED,
        on,
        True,
        stage.value,
        case.stage,
        row,
        tuple(line for line in lines if line),
        {
            "komornik": competence.komornik,
            "komornik_status": competence.status,
            "komornik_cites": [str(c) for c in competence.cites],
            "ways": [w.value for w in ordered],
            "title": {
                "procedure": case.procedure,
                "final_on": final.occurred_on.isoformat(),
                "clause_on": clause_on.isoformat() if clause_on else None,
                "kind": "ugoda sądowa" if settled is not None else None,
                "settlement_id": settled.id if settled is not None else None,
            },
            "next_step": {
                "action": after.action,
                "status": after.status,
                "note": after.note,
                "cites": [str(c) for c in after.cites],
            },
            "amounts": amounts,
        },
    )


def _cancel_title_limitation(session: Session, case_id: int) -> None:
    for row in session.exec(
        select(Deadline).where(
            Deadline.case_id == case_id,
            Deadline.rule_key == TITLE_LIMITATION,
            col(Deadline.event_id).is_(None),
            Deadline.status == "open",
        )
    ).all():
        row.status = "cancelled"
        row.updated_at = utcnow()
        session.add(row)


def _plan_title_limitation(
    session: Session, case: Case, end: EndKind, on: date, final_on: date
) -> list[str]:
    """Open (or move) the case's title-limitation deadline after the enforcement ended."""
    assert case.id is not None
    after = limitation_after_enforcement(end, on, title_final_on=final_on)
    if after is None:
        _cancel_title_limitation(session, case.id)
        return []
    cites = "; ".join(str(c) for c in after.cites)
    existing = session.exec(
        select(Deadline).where(
            Deadline.case_id == case.id,
            Deadline.rule_key == TITLE_LIMITATION,
            col(Deadline.event_id).is_(None),
        )
    ).first()
    row = existing or Deadline(
        case_id=case.id,
        rule_key=TITLE_LIMITATION,
        action=TITLE_LIMITATION_ACTION,
        side="ours",
        due_on=after.expires_on,
    )
    row.due_on = after.expires_on
    row.cites = cites
    row.reason = f"{after.reason} [{after.status}]"
    row.responsible = case.paralegal
    row.status = "open"
    row.updated_at = utcnow()
    session.add(row)
    session.flush()
    line = f"Przedawnienie roszczenia z tytułu: {pl_date(after.expires_on)} ({cites})"
    if after.alternative_expires_on:
        line += f"; inne stanowisko: {pl_date(after.alternative_expires_on)}"
    return [line + "."]


def _twin(
    session: Session, case_id: int, trigger: str, on: date, signature: str
) -> CaseStep | None:
    for s in timeline.effective_steps(timeline.steps_of(session, case_id)):
        if s.trigger == trigger and s.occurred_on == on and s.signature == signature:
            return s
    return None


def record_enforcement(
    session: Session,
    case_ref: str,
    kind: RecordKind,
    on: date,
    *,
    today: date,
    amount: Decimal | None = None,
    signature: str = "",
    actor: str = "",
    cost_kind: CostKind = CostKind.ZALICZKA,
    paid_by: CostPayer = CostPayer.CREDITOR,
) -> EnforcementOutcome:
    """Record an enforcement step of day ``on`` (module doc); raises :class:`Refused`.

    ``cost_kind`` and ``paid_by`` describe a ``costs`` record (ignored otherwise).
    """
    kind = RecordKind(kind)
    if kind is RecordKind.STARTED:
        raise Refused("wniosek egzekucyjny zapisuje: handoff enforcement start")
    if kind is RecordKind.CLAUSE_REQUESTED:
        raise Refused("wniosek o nadanie klauzuli sporządza: handoff enforcement clause")
    if on > today:
        raise Refused(
            f"data nie może być w przyszłości ({on.isoformat()}; dziś {today.isoformat()})"
        )
    if kind in (RecordKind.PAYMENT, RecordKind.COSTS):
        if amount is None or amount <= 0:
            raise Refused(f"--amount: kwota musi być większa od zera dla --kind {kind.value}")
    elif amount is not None:
        raise Refused(f"--amount nie dotyczy --kind {kind.value}")
    if kind is RecordKind.KOMORNIK_CASE and not signature.strip():
        raise Refused("--signature: podaj sygnaturę sprawy komorniczej (np. Km 123/26)")
    if len(signature) > MAX_SIGNATURE:
        raise Refused(f"--signature: najwyżej {MAX_SIGNATURE} znaków (jest {len(signature)})")
    case = _locked(session, case_ref)
    assert case.id is not None
    stage = Stage(case.stage)
    try:
        plan_record(kind, stage)
    except DoesNotFit as exc:
        raise Refused(str(exc)) from None
    kept = timeline.effective_steps(timeline.steps_of(session, case.id))
    started = [s for s in kept if s.trigger == "enforcement-started"]
    if not started or on < started[-1].occurred_on:
        since = started[-1].occurred_on.isoformat() if started else "-"
        raise Refused(f"data {on.isoformat()} jest wcześniejsza niż wniosek egzekucyjny ({since})")
    trigger = plan_record(kind, stage).trigger
    if kind not in (RecordKind.PAYMENT, RecordKind.COSTS):
        twin = _twin(session, case.id, trigger, on, signature)
        if twin is not None:
            return EnforcementOutcome(
                case.external_ref, kind, on, False, stage.value, stage.value, twin
            )
    komornik = started[-1].court
    lines: list[str] = []
    details: dict[str, Any] = {}
    if kind is RecordKind.KOMORNIK_CASE:
        cause = f"sygnatura sprawy komorniczej {signature.strip()} ({komornik})"
    elif kind is RecordKind.PAYMENT:
        assert amount is not None
        cause = f"wpłata od komornika {pl_money(amount)} ({komornik})"
    elif kind is RecordKind.COSTS:
        assert amount is not None
        payer = "wierzyciel" if CostPayer(paid_by) is CostPayer.CREDITOR else "dłużnik"
        cause = (
            f"koszty egzekucyjne: {COST_LABELS[CostKind(cost_kind)]} {pl_money(amount)}, "
            f"ponosi {payer} ({komornik})"
        )
        details["costs"] = str(money(amount))
        details["cost_kind"] = CostKind(cost_kind).value
        details["paid_by"] = CostPayer(paid_by).value
    elif kind is RecordKind.KOMORNIK_ACT:
        cause = (
            "czynność komornika"
            + (f" {signature.strip()}" if signature.strip() else "")
            + f" z {pl_date(on)} (dokonana lub doręczona wierzycielowi; {komornik})"
        )
    else:
        cause = plan_record(kind, stage).cause + f" ({komornik}, {pl_date(on)})"
    step = _step(kind, stage, on, cause)
    row = timeline.apply_step(
        session, case, step, actor=actor, court=komornik, signature=signature.strip()
    )
    if kind is RecordKind.COSTS:
        assert amount is not None and row.id is not None
        session.add(
            EnforcementCost(
                case_id=case.id,
                step_id=row.id,
                incurred_on=on,
                kind=CostKind(cost_kind).value,
                payer=CostPayer(paid_by).value,
                amount=money(amount),
                komornik=komornik,
                recorded_by=actor,
            )
        )
        session.flush()
        owed = komornik_costs_owed_of(session, case.id)
        details["komornik_costs_owed"] = str(owed)
        lines.append(
            f"Koszty komornika poniesione przez wierzyciela razem: {pl_money(owed)} - należne "
            "od dłużnika, wpłaty pokrywają je najpierw (art. 451 §1 KC; art. 770 KPC "
            "UNCONFIRMED)."
            if CostPayer(paid_by) is CostPayer.CREDITOR
            else "Koszt ponosi dłużnik (pobiera go komornik): nie zwiększa należności wierzyciela."
        )
    if kind is RecordKind.KOMORNIK_ACT:
        assert row.id is not None
        opened = _open_deadlines(
            session, case, EnforcementAct.KOMORNIK_ACT, on, f"{KOMORNIK_ACT_RULE}:{row.id}"
        )
        details["deadlines"] = opened
        lines += [
            f"Termin: {d['action']} do {pl_date(date.fromisoformat(d['due_on']))} "
            f"({d['cites']}; UNCONFIRMED)."
            for d in opened
        ]
    if kind is RecordKind.PAYMENT:
        assert amount is not None
        paid = record_payment(
            session,
            f"#{case.id}",
            PaymentIn(
                on, amount, title=f"wpłata od komornika ({komornik})"[:500], source="komornik"
            ),
            today=today,
            actor=actor,
        )
        lines.append(paid.summary())
        details["payment_id"] = paid.payment_id
    final = _final_step(session, case.id)
    if kind is RecordKind.DISCONTINUED_INEFFECTIVE and final is not None:
        lines += _plan_title_limitation(session, case, EndKind.INEFFECTIVE, on, final.occurred_on)
    elif kind is RecordKind.DISCONTINUED_BY_CREDITOR and final is not None:
        lines += _plan_title_limitation(session, case, EndKind.BY_CREDITOR, on, final.occurred_on)
    elif kind is RecordKind.RECOVERED:
        _cancel_title_limitation(session, case.id)
    if row.status != "CONFIRMED" and row.cites:
        lines.append(f"Podstawa ({row.cites}) do potwierdzenia: {step.note}.")
    return EnforcementOutcome(
        case.external_ref, kind, on, True, stage.value, case.stage, row, tuple(lines), details
    )


def wniosek_document(
    session: Session,
    outcome: EnforcementOutcome,
    firm: FirmProfile,
    templates: Path | None = None,
) -> Rendered:
    """The paper wniosek egzekucyjny (.docx) for a started enforcement, from the template
    ``wniosek_egzekucyjny`` (``documents.enforcement_docx``); in the caller's transaction."""
    from documents.enforcement_docx import PaperTitle, render_wniosek, wniosek_context

    if outcome.kind is not RecordKind.STARTED or not outcome.recorded:
        raise Refused("wniosek egzekucyjny sporządza się przy: handoff enforcement start")
    title = outcome.details["title"]
    if title["clause_on"] is None:
        raise Refused("wniosek w formie papierowej wymaga klauzuli wykonalności (--clause-on)")
    assert outcome.step is not None
    case_id = outcome.step.case_id
    if title.get("settlement_id") is not None:
        raise Refused(
            "papierowy wniosek egzekucyjny z ugody sądowej: szablon wniosek_egzekucyjny opisuje "
            "prawomocne orzeczenie, nie ugodę - sporządź wniosek ręcznie (kwoty: --json, amounts)"
        )
    kind, court, issued_on, signature = _court_title(
        session,
        case_id,
        date.fromisoformat(title["final_on"]),
        epu=title.get("procedure") == "epu",
    )
    paper = PaperTitle(
        kind,
        court,
        issued_on,
        signature,
        date.fromisoformat(title["final_on"]),
        date.fromisoformat(title["clause_on"]),
    )
    case = load_case_files(session, [case_id])[case_id]
    ways = frozenset(Way(w) for w in outcome.details["ways"])
    finding = komornik_competence(outcome.details["komornik"], ways)
    context = wniosek_context(
        case,
        firm,
        paper,
        outcome.details["amounts"],
        ways,
        finding.komornik,
        outcome.on,
    )
    return render_wniosek(context, templates)


def _judged_after_epu(case: Case, final: CaseStep) -> bool:
    """The title is the general court's judgment after a sprzeciw in EPU (not the nakaz)."""
    return case.procedure == "epu" and final.trigger != "payment-order-final"


def _title_procedure(case: Case, final: CaseStep, settled: Settlement | None) -> str | None:
    """The procedure of the title, for ``next_step`` / ``clause_application``: None (paper)
    for a broken court settlement or the general court's judgment after a sprzeciw in EPU,
    whose clause a court grants on paper; else the case's."""
    return None if settled is not None or _judged_after_epu(case, final) else case.procedure


def _court_title(
    session: Session, case_id: int, final_on: date, *, epu: bool = False
) -> tuple[str, str, date, str]:
    """The paper title as the case's timeline knows it: (kind, court, issued on, signature).

    The court: the latest one a court event named (``handoff event add --court``), else the
    one the pozew went to. After a sprzeciw in EPU the judgment is the general court's: only
    a court named after the sprzeciw counts ("" when none was: never e-Sąd's court)."""
    kept = timeline.effective_steps(timeline.steps_of(session, case_id))
    objection = [i for i, s in enumerate(kept) if s.trigger == "objection-filed"]
    after_epu = epu and bool(objection)
    named = [  # by a court event: not the filing, nor our own enforcement records
        s.court
        for s in (kept[objection[-1] :] if after_epu else kept)
        if s.court.strip()
        and s.trigger != "lawsuit-filed"
        and not s.trigger.startswith("enforcement-")
    ]
    filings = [s for s in kept if s.trigger == "lawsuit-filed"]
    decided = [
        s for s in kept if s.to_stage in ("order_issued", "judgment") and s.from_stage != s.to_stage
    ]
    # after a sprzeciw in EPU only a signature of the general court counts (not the Nc-e one)
    signature = next(
        (
            s.signature
            for s in reversed(kept[objection[-1] :] if after_epu else kept)
            if s.signature and not s.trigger.startswith("enforcement-")
        ),
        "",
    )
    by_order = any(s.trigger == "payment-order-final" for s in kept)
    court = named[-1] if named else ("" if after_epu else filings[-1].court if filings else "")
    return (
        "nakaz zapłaty" if by_order else "wyrok",
        court,
        decided[-1].occurred_on if decided else final_on,
        signature,
    )


def _open_deadlines(
    session: Session, case: Case, act: EnforcementAct, on: date, key: str
) -> list[dict[str, str]]:
    """Open the deadlines of an enforcement act as case-level rows keyed ``key[:i]``."""
    assert case.id is not None
    opened = []
    for i, d in enumerate(enforcement_deadlines(act, on)):
        cites = "; ".join(str(c) for c in d.cites)
        session.add(
            Deadline(
                case_id=case.id,
                rule_key=f"{key}:{i}",
                action=d.action,
                side=d.side.value,
                due_on=d.due_on,
                cites=cites,
                reason=f"{d.reason} [UNCONFIRMED]",
                responsible=case.paralegal,
            )
        )
        opened.append(
            {
                "action": d.action,
                "due_on": d.due_on.isoformat(),
                "side": d.side.value,
                "cites": cites,
                "status": "UNCONFIRMED",
            }
        )
    session.flush()
    return opened


def _end_clause_observation(session: Session, case_id: int) -> None:
    """The observation date "wniosek o nadanie klauzuli" of a final title is met."""
    from law.pl.deadlines import EventKind

    keys = [event_rule_key(k, 0) for k in (EventKind.PAYMENT_ORDER_FINAL, EventKind.JUDGMENT_FINAL)]
    for row in session.exec(
        select(Deadline).where(
            Deadline.case_id == case_id, col(Deadline.rule_key).in_(keys), Deadline.status == "open"
        )
    ).all():
        row.status = "done"
        row.done_at = row.updated_at = utcnow()
        session.add(row)


def _drafts_folder(session: Session, case: Case, documents_dir: Path) -> Path:
    """The case's drafts folder: where its pozew went, else ``<documents>/<case id>-clause``."""
    pozew = session.exec(
        select(GeneratedDocument)
        .where(GeneratedDocument.case_id == case.id, GeneratedDocument.kind == "pozew")
        .order_by(col(GeneratedDocument.version).desc())
    ).first()
    if pozew is not None:
        return Path(pozew.path).parent
    return documents_dir / f"{case.id}-enforcement"


def request_clause(
    session: Session,
    case_ref: str,
    on: date,
    *,
    today: date,
    firm: FirmProfile,
    documents_dir: Path,
    templates: Path | None = None,
    actor: str = "",
) -> EnforcementOutcome:
    """Draft the wniosek o nadanie klauzuli wykonalności of day ``on`` (module doc).

    Raises :class:`Refused` (nothing written) for a case without a final title, one paid
    in full or in enforcement, an EPU case (the court grants the clause electronically), a
    day in the future or before the title's finality, or a title the timeline does not
    name (court, signature).
    """
    import json

    if on > today:
        raise Refused(
            f"data wniosku nie może być w przyszłości ({on.isoformat()}; dziś {today.isoformat()})"
        )
    case = _locked(session, case_ref)
    assert case.id is not None
    stage = Stage(case.stage)
    try:
        plan_record(RecordKind.CLAUSE_REQUESTED, stage)
    except DoesNotFit as exc:
        raise Refused(str(exc)) from None
    final = _final_step(session, case.id)
    if final is None:
        raise Refused("brak zapisanego uprawomocnienia tytułu w historii sprawy")
    settled = settlement_title(session, case.id)
    if settled is not None:
        final = _settlement_final(session, case.id) or final
    try:
        rule = clause_application(
            None if _judged_after_epu(case, final) else case.procedure,
            stage,
            final.occurred_on,
            on,
            court_settlement=settled is not None,
        )
    except DoesNotFit as exc:
        raise Refused(str(exc)) from None
    left_total = _left_total(session, case.id, settled, max(on, today))
    if left_total <= 0:
        raise Refused("dług jest spłacony w całości; nie ma czego egzekwować")
    trigger = RECORDS_TRIGGER_CLAUSE
    twin = _twin(session, case.id, trigger, on, "")
    if twin is not None:
        return EnforcementOutcome(
            case.external_ref,
            RecordKind.CLAUSE_REQUESTED,
            on,
            False,
            stage.value,
            stage.value,
            twin,
        )
    draft = _clause_draft(session, case, final, settled, on, firm, documents_dir, templates)
    document, described = draft.document, draft.described
    kind, court, issued_on, signature = draft.kind, draft.court, draft.issued_on, draft.signature
    cause = (
        f"wniosek o nadanie klauzuli wykonalności: {described} "
        f"(projekt v{document.version} do akceptacji)"
    )
    step = _step(RecordKind.CLAUSE_REQUESTED, stage, on, cause)
    row = timeline.apply_step(session, case, step, actor=actor, court=court[:200])
    opened = _open_deadlines(
        session, case, EnforcementAct.CLAUSE_REQUESTED, on, f"{CLAUSE_COURT_RULE}:{row.id}"
    )
    _end_clause_observation(session, case.id)
    partner = case.partner or ""
    _review_finding(session, case, document, on, settled, rule)
    audit(
        session,
        actor or "system",
        "enforcement.clause_drafted",
        case.id,
        json.dumps(
            {"document_id": document.id, "version": document.version, "on": on.isoformat()},
            ensure_ascii=False,
        ),
    )
    lines = [
        f"Projekt: {document.path} (wersja {document.version}) - do akceptacji partnera"
        + (f" {partner}" if partner else "")
        + ".",
        f"Opłata: {rule.fee.note}.",
    ]
    lines += [
        f"Termin sądu: {d['action']} do {pl_date(date.fromisoformat(d['due_on']))} "
        f"({d['cites']}; termin instrukcyjny, UNCONFIRMED)."
        for d in opened
    ]
    return EnforcementOutcome(
        case.external_ref,
        RecordKind.CLAUSE_REQUESTED,
        on,
        True,
        stage.value,
        case.stage,
        row,
        tuple(lines),
        {
            "title": {
                "kind": kind,
                "court": court,
                "issued_on": issued_on.isoformat(),
                "signature": signature,
                "final_on": final.occurred_on.isoformat(),
                "settlement_id": settled.id if settled is not None else None,
            },
            "document": {
                "id": document.id,
                "kind": CLAUSE_KIND,
                "version": document.version,
                "path": document.path,
                "sha256": document.sha256,
            },
            "review": {"partner": partner or None, "status": "pending"},
            "fee": {
                "amount": None,
                "status": rule.fee.status,
                "cites": [str(c) for c in rule.fee.cites],
                "note": rule.fee.note,
            },
            "deadlines": opened,
            "outstanding": str(left_total),
        },
    )


@dataclass(frozen=True)
class _ClauseDraft:
    """The clause application as drafted from the timeline (``request_clause``)."""

    document: GeneratedDocument
    kind: str  # nakaz zapłaty | wyrok | ugoda sądowa
    court: str
    issued_on: date
    signature: str
    described: str  # Polish, for the timeline step


def _clause_draft(
    session: Session,
    case: Case,
    final: CaseStep,
    settled: Settlement | None,
    on: date,
    firm: FirmProfile,
    documents_dir: Path,
    templates: Path | None,
) -> _ClauseDraft:
    """The wniosek o nadanie klauzuli wykonalności of day ``on`` rendered from what the
    timeline now says of the title (its court, day, signature, finality) and stored as the
    case's clause draft: the stored version when nothing it says changed, else the next
    one. Raises :class:`Refused` (nothing stored) when the timeline does not name the
    court or the signature, or the template or the file fails."""
    import hashlib
    import json

    from documents.enforcement_docx import CLAUSE_TEMPLATE, ClauseTitle, klauzula_context
    from documents.render import RenderError, render, template_digest

    case_id = case.id
    assert case_id is not None
    case_file = load_case_files(session, [case_id])[case_id]
    if settled is None:
        kind, court, issued_on, signature = _court_title(
            session, case_id, final.occurred_on, epu=case.procedure == "epu"
        )
        if not court.strip() and case.procedure == "epu":
            raise Refused(
                "brak sądu, który wydał wyrok po sprzeciwie w EPU (sądu właściwości ogólnej): "
                'zapisz go przy zdarzeniu tego sądu - handoff event add ... --court "Sąd ..."'
            )
        if not court.strip():
            raise Refused("brak sądu, który wydał tytuł (zapisz wniesienie: handoff cases file)")
        if not signature.strip():
            raise Refused(
                "brak sygnatury akt sprawy sądowej - zapisz ją przy zdarzeniu "
                "(handoff event add ... --signature)"
            )
        template = CLAUSE_TEMPLATE
        context = klauzula_context(
            case_file, firm, ClauseTitle(kind, court, issued_on, signature, final.occurred_on), on
        )
        described = f"{kind} {court}, sygn. {signature}, prawomocny {pl_date(final.occurred_on)}"
    else:
        kind, issued_on = "ugoda sądowa", settled.concluded_on
        template, context, court, signature = _settlement_clause_context(
            session, case_file, firm, settled, on
        )
        described = (
            f"ugoda sądowa zawarta przed {court} {pl_date(settled.concluded_on)}"
            + (f", sygn. {signature}" if signature else "")
            + f", niewykonana (cała reszta wymagalna od {pl_date(final.occurred_on)})"
        )
    try:
        digest = template_digest(template, templates)
        rendered = render(template, context, templates)
    except RenderError as exc:
        raise Refused(f"nie można sporządzić wniosku z szablonu {template}: {exc}") from None
    input_hash = hashlib.sha256(
        json.dumps([context, digest], ensure_ascii=False, sort_keys=True).encode()
    ).hexdigest()
    folder = _drafts_folder(session, case, documents_dir)
    try:
        document = store_version(
            session,
            case_id,
            CLAUSE_KIND,
            input_hash,
            rendered,
            lambda version: folder / f"{CLAUSE_KIND}_v{version}.docx",
        )
    except DocumentNotWritten as exc:
        raise Refused(f"nie można zapisać wniosku {exc.path}: {exc.reason}") from None
    return _ClauseDraft(document, kind, court, issued_on, signature, described)


def _review_finding(
    session: Session,
    case: Case,
    document: GeneratedDocument,
    on: date,
    settled: Settlement | None,
    rule: Any,
    note: str = "",
) -> None:
    """The case's enforcement finding: the clause draft ``document`` of day ``on`` waits for
    the partner (``rule``: ``law.pl.enforcement.clause_application``'s, its fee note and
    article); ``note`` says why it was drafted again."""
    from law.findings import Finding, Severity

    assert case.id is not None
    partner = case.partner or ""
    replace_findings(
        session,
        case.id,
        {
            FINDINGS_SOURCE: [
                Finding(
                    "clause_application_review",
                    Severity.WARNING,
                    "Wniosek o nadanie klauzuli wykonalności"
                    + (" ugodzie sądowej" if settled is not None else "")
                    + f" (v{document.version}, {pl_date(on)}) czeka na akceptację partnera"
                    + (f" ({partner})" if partner else "")
                    + f"; {rule.fee.note}"
                    + (f"; {note}" if note else ""),
                    cite=f"{rule.cites[0]} (UNCONFIRMED)",
                )
            ]
        },
    )


def clause_after_edit(
    session: Session,
    case_id: int,
    *,
    drafting: ClauseDrafting | None,
    actor: str = "",
) -> list[str]:
    """A court event of the case was corrected (``casework.court_events.edit_court_event``:
    its day, kind, signature or court). A clause application made after the final title
    rests on what the timeline said of the title (court, day, signature, finality): it is
    drafted again from the corrected timeline, as the next version waiting for the
    partner, when its words change (the same words: nothing). Where the correction makes
    it wrong (the title now final after the application's day) or it cannot be drafted
    again (no firm profile, no signature), a warning finding tells the partner not to file
    it as it is. Returns Polish lines (none when nothing was made or nothing changed)."""
    import json

    from law.findings import Finding, Severity

    case = session.get(Case, case_id)
    assert case is not None
    final = _final_step(session, case_id)
    if final is None or final.id is None or not eligibility(Stage(case.stage)).allowed:
        return []  # no final title, or past the application (enforcement, paid): a record
    kept = timeline.effective_steps(timeline.steps_of(session, case_id))
    made = [s for s in kept if s.trigger == RECORDS_TRIGGER_CLAUSE and (s.id or 0) > final.id]
    if not made:
        return []
    step = made[-1]
    on = step.occurred_on
    latest = max(
        session.exec(
            select(GeneratedDocument).where(
                GeneratedDocument.case_id == case_id, GeneratedDocument.kind == CLAUSE_KIND
            )
        ).all(),
        key=lambda d: d.version,
        default=None,
    )
    settled = settlement_title(session, case_id)
    if settled is not None:
        final = _settlement_final(session, case_id) or final

    def stale(why: str) -> list[str]:
        line = (
            f"Poprawiono zdarzenie, na którym opiera się wniosek o nadanie klauzuli "
            f"wykonalności z {pl_date(on)}"
            + (f" (v{latest.version})" if latest is not None else "")
            + f": {why} - nie składaj go w tej postaci"
        )
        replace_findings(
            session,
            case_id,
            {FINDINGS_SOURCE: [Finding("clause_application_outdated", Severity.WARNING, line)]},
        )
        return [line + "."]

    try:
        rule = clause_application(
            _title_procedure(case, final, settled),
            Stage(case.stage),
            final.occurred_on,
            on,
            court_settlement=settled is not None,
        )
    except DoesNotFit as exc:
        return stale(f"po poprawce {exc}")
    if drafting is None:
        return stale(
            "nie sporządzono go ponownie (brak profilu kancelarii) - handoff enforcement "
            f"clause {case.external_ref} po uzupełnieniu"
        )
    try:
        draft = _clause_draft(
            session,
            case,
            final,
            settled,
            on,
            drafting.firm,
            drafting.documents_dir,
            drafting.templates,
        )
    except Refused as exc:
        return stale(f"nie sporządzono go ponownie ({exc})")
    if latest is not None and draft.document.id == latest.id:
        return []  # the correction does not change what it says
    before = f"v{latest.version}" if latest is not None else "poprzednia wersja"
    note = (
        f"sporządzony ponownie po poprawce zdarzenia; jeśli {before} złożono już w sądzie, "
        "powiadom sąd o poprawce"
    )
    step.cause = (
        f"wniosek o nadanie klauzuli wykonalności: {draft.described} "
        f"(projekt v{draft.document.version} do akceptacji)"
    )
    step.court = draft.court[:200]  # the court it goes to
    session.add(step)
    _review_finding(session, case, draft.document, on, settled, rule, note)
    audit(
        session,
        actor or "system",
        "enforcement.clause_redrafted",
        case_id,
        json.dumps(
            {
                "document_id": draft.document.id,
                "version": draft.document.version,
                "replaces": latest.id if latest is not None else None,
                "on": on.isoformat(),
            },
            ensure_ascii=False,
        ),
    )
    return [
        f"Wniosek o nadanie klauzuli wykonalności z {pl_date(on)} sporządzony ponownie po "
        f"poprawce ({draft.described}): {draft.document.path} (wersja "
        f"{draft.document.version}) - do akceptacji partnera; jeśli {before} złożono już w "
        "sądzie, powiadom sąd o poprawce."
    ]


def _left_total(session: Session, case_id: int, settled: Settlement | None, on: date) -> Decimal:
    """What is left to enforce on ``on``: under the broken court settlement's plan when it
    is the title, else the claim after the payments (art. 451 KC)."""
    if settled is not None:
        from casework.settlements import plan_of

        return plan_of(session, settled, on).total_due
    return payments_of(session, f"#{case_id}", today=on).left.total


def _settlement_clause_context(
    session: Session, case_file: Any, firm: FirmProfile, settled: Settlement, on: date
) -> tuple[str, dict[str, Any], str, str]:
    """The template, its context, the court and the signature of the clause application for
    a broken court settlement; :class:`Refused` when the court it was concluded before is
    not known (before suit, after a zawezwanie do próby ugodowej, the store names none)."""
    from casework.settlements import court_of, plan_of
    from documents.settlement_clause_docx import (
        TEMPLATE,
        SettlementTitle,
        ugoda_klauzula_context,
    )

    assert settled.case_id is not None
    court, signature = court_of(session, settled.case_id, Stage(settled.stage_before))
    if not court.strip():
        raise Refused(
            f"nie wiadomo, przed jakim sądem zawarto ugodę z {pl_date(settled.concluded_on)} "
            "(w sprawie nie zapisano wniesienia) - wniosek o klauzulę sporządź ręcznie"
        )
    state = plan_of(session, settled, on)
    broken = next((i for i in state.instalments if i.number == settled.broken_by), None)
    title = SettlementTitle(
        court,
        settled.concluded_on,
        signature,
        settled.broken_by,
        broken.instalment.due if broken is not None else None,
        settled.broken_on or state.accelerated_on or on,
        state.rest,
    )
    return TEMPLATE, ugoda_klauzula_context(case_file, firm, title, on), court, signature


@dataclass(frozen=True)
class ClauseDrafting(DocumentOutput):
    """Where and how the clause application is drafted: built at the entry point
    (``from_settings``; :class:`Refused` when the firm profile cannot be read)."""


DRAFTED, ALREADY, NOT_NEEDED, TO_DRAFT, NOT_DRAFTED = (
    "drafted",  # the application was drafted now
    "already",  # it was made after this title before: nothing drafted again
    "not_needed",  # EPU (the court's electronic title) or the debt paid in full
    "to_draft",  # no ClauseDrafting at the entry point: a person runs the command
    "not_drafted",  # request_clause refused (the reason is the line)
)


@dataclass(frozen=True)
class ClauseFollowUp:
    """What the final title's next step did (``EventOutcome.clause``)."""

    status: str  # one of DRAFTED, ALREADY, NOT_NEEDED, TO_DRAFT, NOT_DRAFTED
    lines: tuple[str, ...]  # Polish, for the person who recorded the event
    outcome: EnforcementOutcome | None = None  # request_clause's, when it ran

    def as_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "messages": list(self.lines),
            "document": (self.outcome.details.get("document") if self.outcome else None),
        }


def clause_after_final(
    session: Session,
    case_id: int,
    *,
    today: date,
    drafting: ClauseDrafting | None,
    actor: str = "",
) -> ClauseFollowUp:
    """The next step of the title that has just become final (module doc), in the caller's
    transaction; never raises :class:`Refused` (the event stays recorded)."""
    case = session.get(Case, case_id)
    assert case is not None
    final = _final_step(session, case_id)
    if final is None or final.id is None:
        return ClauseFollowUp(NOT_NEEDED, ())
    settled = settlement_title(session, case_id)
    if settled is not None:
        final = _settlement_final(session, case_id) or final
    after = next_step(None if settled is not None else case.procedure)
    if settled is None and _judged_after_epu(case, final):
        # after a sprzeciw in EPU the general court's judgment is the title (law.lifecycle):
        # a paper title, its clause from that court - drafted when the store names the court
        _, court, _, _ = _court_title(session, case_id, final.occurred_on, epu=True)
        if not court.strip():
            return ClauseFollowUp(
                NOT_DRAFTED,
                (
                    "Tytułem jest wyrok sądu właściwości ogólnej po sprzeciwie w EPU, nie nakaz "
                    "z e-Sądu: wniosek o nadanie klauzuli wykonalności do sądu, który wydał "
                    "wyrok (art. 781 KPC - UNCONFIRMED). Nie zapisano, który to sąd: zapisz go "
                    'przy zdarzeniu (handoff event add ... --court "Sąd ..."), potem '
                    f"handoff enforcement clause {case.external_ref}.",
                ),
            )
        after = next_step(None)
    if not after.draft_clause_application:
        return ClauseFollowUp(
            NOT_NEEDED,
            (
                "Tytuł z EPU: wniosku o klauzulę nie sporządza się - tytuł wykonawczy wydaje "
                "e-Sąd (handoff epu sync, potem handoff enforcement epu-xml).",
            ),
        )
    kept = timeline.effective_steps(timeline.steps_of(session, case_id))
    made = [s for s in kept if s.trigger == RECORDS_TRIGGER_CLAUSE and (s.id or 0) > final.id]
    if made:
        return ClauseFollowUp(
            ALREADY,
            (
                "Wniosek o nadanie klauzuli wykonalności już złożony "
                f"({pl_date(made[-1].occurred_on)}).",
            ),
        )
    if _left_total(session, case_id, settled, today) <= 0:
        return ClauseFollowUp(
            NOT_NEEDED, ("Dług spłacony w całości: wniosku o klauzulę nie sporządzono.",)
        )
    if drafting is None:
        return ClauseFollowUp(
            TO_DRAFT,
            (
                f"Następny krok: wniosek o nadanie klauzuli wykonalności - handoff enforcement "
                f"clause {case.external_ref}.",
            ),
        )
    try:
        outcome = request_clause(
            session,
            f"#{case_id}",
            today,
            today=today,
            firm=drafting.firm,
            documents_dir=drafting.documents_dir,
            templates=drafting.templates,
            actor=actor,
        )
    except Refused as exc:
        return ClauseFollowUp(
            NOT_DRAFTED,
            (
                f"Wniosku o nadanie klauzuli wykonalności nie sporządzono: {exc}; po uzupełnieniu: "
                f"handoff enforcement clause {case.external_ref}.",
            ),
        )
    if not outcome.recorded:
        return ClauseFollowUp(
            ALREADY, ("Wniosek o nadanie klauzuli wykonalności już sporządzony.",), outcome
        )
    return ClauseFollowUp(
        DRAFTED, ("Wniosek o nadanie klauzuli wykonalności sporządzony.", *outcome.lines), outcome
    )


def clause_after_undone_final(session: Session, case_id: int, final_step_id: int) -> list[str]:
    """The final title's event was deleted (``casework.court_events.delete_court_event``):
    a clause application made after it no longer has a final title behind it. The court's
    watched days end and the review finding tells the partner not to file it; the draft
    stays as a record. Returns Polish lines (none when nothing was made)."""
    kept = {s.id for s in timeline.effective_steps(timeline.steps_of(session, case_id))}
    undone = [
        s
        for s in timeline.steps_of(session, case_id)
        if s.trigger == RECORDS_TRIGGER_CLAUSE and (s.id or 0) > final_step_id and s.id not in kept
    ]
    if not undone:
        return []
    for step in undone:
        for row in session.exec(
            select(Deadline).where(
                Deadline.case_id == case_id,
                col(Deadline.rule_key).startswith(f"{CLAUSE_COURT_RULE}:{step.id}:"),
                Deadline.status == "open",
            )
        ).all():
            row.status = "cancelled"
            row.updated_at = utcnow()
            session.add(row)
    from law.findings import Finding, Severity

    line = (
        "Usunięto uprawomocnienie tytułu: wniosek o nadanie klauzuli wykonalności z "
        f"{pl_date(undone[-1].occurred_on)} nie dotyczy już prawomocnego tytułu - nie składaj go"
    )
    replace_findings(
        session,
        case_id,
        {FINDINGS_SOURCE: [Finding("clause_application_withdrawn", Severity.WARNING, line)]},
    )
    return [line + "."]
