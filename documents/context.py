"""Template contexts: a case and its computed claim turned into the words of a pleading.

Pure functions, one per template (``pozew_context``, ``wezwanie_context``, ``memo_context``,
``evidence_index_context``). Every amount, date and rule comes from the legal core
(``law.pl.claim.ClaimComputation``, ``law.evidence``); this module only formats it in Polish
and arranges it the way the templates read it. Values are plain ``str``/``bool``/``list``/
``dict`` so a lawyer editing a template sees simple names (documented in
``documents/README.md``), and no value needs a filter.

Two sets of variables: the court-facing contexts (pozew, wezwanie, evidence index) carry
values and finished Polish sentences only - no computation trace, no "safer reading", no
note from the creditor's data, no ISO date or dot decimal, no file hash; the memo context
carries the same figures with every explanation (``uzasadnienie``), the invoices left out
of the petitum with the reason, and the evidence files with their SHA-256. The petitum asks
only for invoices with principal due that are not time-barred under every reading (K4).
EPU drafts attach nothing and cite evidence as ``dowód nr N`` (art. 505^32 § 1 KPC).

Court and division (polish_law.md 6.3): EPU is always Sąd Rejonowy Lublin-Zachód w Lublinie,
VI Wydział Cywilny. Otherwise the draft names the court of the defendant's seat or domicile
(art. 27, 30 KPC), rejonowy or okręgowy by WPS (art. 16, 17 pkt 4), Wydział Cywilny in a
civil case; between businesses no division (the data does not know which wydział gospodarczy
serves the area, K11), and the memo asks a person to confirm it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Protocol

from documents import phrases
from documents.firm import FirmProfile
from documents.format import (
    cite_text,
    court_cites,
    format_cite,
    format_cites,
    format_date,
    format_date_or,
    format_money,
    format_whole_zloty,
    money_in_words,
    polish_text,
)
from law.case import CaseFile, EvidenceKind, LetterKind, Party, PartyKind
from law.citation import Cite, Figure
from law.evidence import Exhibit, performance_proofs
from law.findings import Finding, Severity
from law.pl.claim import ClaimComputation, InvoiceComputation
from law.pl.courts import court_for_case
from law.pl.fees import Procedure
from law.pl.limitation import Status
from law.pl.procedure import CourtLevel
from law.pl.rates import InterestKind

Context = dict[str, Any]

EPU_COURT = "Sąd Rejonowy Lublin-Zachód w Lublinie"
EPU_DIVISION = "VI Wydział Cywilny"
EPU_COURT_ADDRESS = "ul. Boczna Lubomelskiej 13, 20-070 Lublin"
PAYMENT_DAYS = 7  # deadline in the final demand

INTEREST_PHRASE = phrases.INTEREST_INSTRUMENTAL
PROCEDURE_HEADING = {
    Procedure.EPU: "w elektronicznym postępowaniu upominawczym",
    Procedure.NAKAZOWE: "w postępowaniu nakazowym",
    Procedure.UPOMINAWCZE: "w postępowaniu upominawczym",
    Procedure.STANDARD: "",
}
PROCEDURE_NAME = {
    Procedure.EPU: "elektroniczne postępowanie upominawcze (EPU)",
    Procedure.NAKAZOWE: "postępowanie nakazowe",
    Procedure.UPOMINAWCZE: "postępowanie upominawcze",
    Procedure.STANDARD: "postępowanie zwykłe",
}
SEVERITY_PL = {
    Severity.BLOCKER: "BLOKUJĄCE",
    Severity.WARNING: "ostrzeżenie",
    Severity.INFO: "info",
}
STATUS_PL = {
    Status.OK: "w terminie",
    Status.NEAR: "zbliża się przedawnienie",
    Status.EXPIRED: "PRZEDAWNIONE",
    Status.INTERRUPTED: "przerwane wniesieniem pozwu",
}
CITE_187_3 = Cite("KPC", "art. 187 §1 pkt 3")
CITE_187_11 = Cite("KPC", "art. 187 §1 pkt 1^1")
CITE_458_3 = Cite("KPC", "art. 458^3")


class RegistryCheck(Protocol):
    """What the memo reads from ``integrations.verification.Verification`` (duck-typed)."""

    @property
    def status(self) -> str: ...
    @property
    def checked_on(self) -> date: ...
    @property
    def findings(self) -> tuple[Finding, ...]: ...
    @property
    def registry(self) -> str: ...
    @property
    def registry_name(self) -> str: ...


@dataclass(frozen=True, slots=True)
class DocumentInputs:
    """Everything the contexts need; assembled by the shell, passed whole to each builder."""

    case: CaseFile
    claim: ClaimComputation
    firm: FirmProfile
    exhibits: tuple[Exhibit, ...]
    on: date  # date of the document
    evidence_findings: tuple[Finding, ...] = ()
    registry: RegistryCheck | None = None
    extra_attachments: tuple[str, ...] = field(default=())


# --- parts ------------------------------------------------------------------------------


def party_context(party: Party) -> Context:
    ids = []
    if party.krs:
        ids.append(f"KRS: {party.krs}")
    if party.nip:
        ids.append(f"NIP: {party.nip}")
    if party.regon:
        ids.append(f"REGON: {party.regon}")
    if party.pesel and party.kind is not PartyKind.COMPANY:
        ids.append(f"PESEL: {party.pesel}")
    return {
        "nazwa": party.name,
        "adres": party.address.one_line(),
        "miejscowosc": party.address.city,
        "identyfikatory": ", ".join(ids) or "brak numerów identyfikacyjnych",
        "email": party.email or "",
        "rachunek": party.bank_account or "",
        "konsument": party.kind is PartyKind.CONSUMER,
        "przedsiebiorca": party.kind.is_business,
        "osoba_prawna": party.kind is PartyKind.COMPANY,
    }


def attorney_context(firm: FirmProfile) -> Context:
    return {
        "tytul": firm.attorney_title,
        "imie_nazwisko": firm.attorney_name,
        "kancelaria": firm.firm_name,
        "adres": firm.address.one_line(),
        "email": firm.email,
        "telefon": firm.phone,
        "nr_wpisu": firm.bar_number,
        "rachunek": firm.bank_account,
    }


# Printed where no court could be named: the case then has a blocker (court_not_placed or
# regional_court_not_named) and the draft is not ready; never a guessed court (K11).
COURT_UNNAMED = "SĄD DO USTALENIA - zob. braki blokujące w notatce dla partnera"
# The memo's word where the pozew names no division (a commercial case: the data does not know
# the wydział gospodarczy serving the area, K11); the pozew itself prints nothing there.
MEMO_NO_DIVISION = "wydział gospodarczy do potwierdzenia"


def court_context(case: CaseFile, claim: ClaimComputation) -> Context:
    """The court the pozew is addressed to (``law.pl.courts``): the sąd rejonowy serving the
    debtor's address under the regulation on court areas, or a marker and a blocker."""
    choice = court_for_case(case, claim)
    if claim.procedure is Procedure.EPU:
        reason = f"{choice.reason} ({format_cites(choice.cites)})"
    else:
        seat = "siedziby" if case.debtor.kind is PartyKind.COMPANY else "miejsca zamieszkania"
        level = "okręgowy" if claim.court_level is CourtLevel.OKREGOWY else "rejonowy"
        placed = choice.reason.rstrip(".")
        reason = (
            f"właściwość ogólna - sąd {seat} pozwanego ({format_cites(choice.cites[:1])}); sąd "
            f"{level} wg WPS ({format_cites(claim.procedure_cites[:2])}); {placed}"
        )
    return {
        "nazwa": choice.name or COURT_UNNAMED,
        "nazwa_dopelniacz": choice.genitive,
        "wydzial": choice.division,
        "adres": EPU_COURT_ADDRESS if claim.procedure is Procedure.EPU else "",
        "ustalony": choice.named,
        "do_weryfikacji": choice.verify,
        "uzasadnienie": reason,
    }


def _exhibit_numbers(exhibits: Iterable[Exhibit], invoice: str) -> list[int]:
    return [e.number for e in exhibits if e.invoice_number == invoice]


def _is_epu(inputs: DocumentInputs) -> bool:
    return inputs.claim.procedure is Procedure.EPU


def falls_due(inv: InvoiceComputation) -> date:
    """Data wymagalności (art. 187 § 1 pkt 1^1 KPC) from the legal core: the day after the
    payment deadline as moved by art. 115 KC (K3); partial payments do not change it."""
    if inv.wymagalnosc is not None:
        return inv.wymagalnosc
    return (inv.due_moved_to or inv.due_date) + timedelta(days=1)


def claimed_invoices(inputs: DocumentInputs) -> list[InvoiceComputation]:
    """The invoices the pozew asks for (the legal core's claimed invoices, K4: never one
    time-barred under every reading) with principal or capitalised interest still due."""
    return [
        i
        for i in inputs.claim.invoices
        if i.claimed and (i.principal.value > 0 or i.capitalised_interest is not None)
    ]


def excluded_invoices(inputs: DocumentInputs) -> list[Context]:
    """Invoices left out of the petitum, each with the reason (memo only)."""
    out: list[Context] = []
    claimed = {i.number for i in claimed_invoices(inputs)}
    for inv in inputs.claim.all_invoices:
        if inv.number in claimed:
            continue
        reason = polish_text(inv.excluded_reason) or "należność zapłacona w całości"
        out.append(
            {
                "faktura": inv.number,
                "kwota_faktury": format_money(inv.amount),
                "kwota": format_money(inv.principal.value),
                "powod": reason,
            }
        )
    return out


def _letters(start: int) -> Iterable[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    n = start
    while True:
        yield letters[n % 26] * (n // 26 + 1)
        n += 1


def claims_context(inputs: DocumentInputs) -> list[Context]:
    """One row per claimed invoice with principal due (the petitum points a, b, c...)."""
    by_number = {i.number: i for i in inputs.case.invoices}
    letters = _letters(0)
    return [
        _claim_row(inv, by_number[inv.number].issue_date, inputs, next(letters))
        for inv in claimed_invoices(inputs)
        if inv.principal.value > 0
    ]


def _count_principal(inputs: DocumentInputs) -> int:
    return sum(1 for i in claimed_invoices(inputs) if i.principal.value > 0)


def _count_capitalised(inputs: DocumentInputs) -> int:
    return sum(
        1
        for i in claimed_invoices(inputs)
        if i.capitalised_interest is not None and i.capitalised_interest.value > 0
    )


def _last_payment(inputs: DocumentInputs, invoice: str) -> date | None:
    days = [a.paid_on for a in inputs.claim.allocations if a.invoice_number == invoice]
    return max(days) if days else None


def capitalised_context(inputs: DocumentInputs) -> list[Context]:
    """Interest accrued before a partial payment and not paid by it, claimed as its own sum
    (art. 482 § 1 KC: interest on it from the filing day), lettered after the principal."""
    letters = _letters(_count_principal(inputs))
    out: list[Context] = []
    for inv in claimed_invoices(inputs):
        fig = inv.capitalised_interest
        if fig is None or fig.value <= 0:
            continue
        until = _last_payment(inputs, inv.number)
        out.append(
            {
                "litera": next(letters),
                "faktura": inv.number,
                "kwota": format_money(fig.value),
                "kwota_slownie": money_in_words(fig.value),
                "odsetki_dopelniacz": phrases.INTEREST_GENITIVE[inv.interest_kind],
                "okres_od": format_date(falls_due(inv)),
                "okres_do": format_date_or(until, format_date(inputs.on)),
                "podstawa": court_cites(fig.cites),
            }
        )
    return out


def _claim_row(
    inv: InvoiceComputation, issued: date, inputs: DocumentInputs, letter: str
) -> Context:
    nums = _exhibit_numbers(inputs.exhibits, inv.number)
    return {
        "litera": letter,
        "faktura": inv.number,
        "data_wystawienia": format_date(issued),
        "termin_platnosci": format_date(inv.due_date),
        "kwota_faktury": format_money(inv.amount),
        "kwota": format_money(inv.principal.value),
        "kwota_slownie": money_in_words(inv.principal.value),
        "czesciowo_zaplacona": inv.principal.value < inv.amount,
        "odsetki_opis": phrases.INTEREST_INSTRUMENTAL[inv.interest_kind],
        "odsetki_nazwa": phrases.INTEREST_NOMINATIVE[inv.interest_kind],
        "odsetki_od": format_date(inv.interest_from),
        "odsetki_podstawa": court_cites(inv.interest_cites or inv.interest_to_filing.cites),
        "odsetki_do_dnia_wniesienia": format_money(inv.interest_to_filing.value),
        "wymagalnosc": format_date(falls_due(inv)),
        "zalaczniki": ", ".join(str(n) for n in nums) or "-",
        "dowod": phrases.exhibit_ref(nums, _is_epu(inputs)).strip(" ()"),
    }


def _no_compensation(inputs: DocumentInputs) -> bool:
    """No rekompensata can be due (consumer debtor, no commercial transaction): no document
    says a word about one."""
    return not inputs.claim.compensation_applicable or inputs.case.debtor.kind is PartyKind.CONSUMER


def compensation_context(inputs: DocumentInputs) -> list[Context]:
    """Rekompensata rows of the petitum (court-facing: amount, EUR, basis), lettered after the
    invoices. Only for claimed invoices; none when the law gives none (e.g. a consumer)."""
    if _no_compensation(inputs):
        return []
    letters = _letters(_count_principal(inputs) + _count_capitalised(inputs))
    out: list[Context] = []
    for inv in claimed_invoices(inputs):
        if inv.compensation is None or inv.compensation.value <= 0:
            continue
        fig = inv.compensation
        since = inv.compensation_interest_from
        out.append(
            {
                "litera": next(letters),
                "faktura": inv.number,
                "kwota": format_money(fig.value),
                "kwota_slownie": money_in_words(fig.value),
                "eur": f"{inv.compensation_eur} EUR" if inv.compensation_eur else "",
                "podstawa": court_cites(fig.cites[:1]),
                "odsetki_od": format_date(since) if since else "",
            }
        )
    return out


def _fee_regulation(firm: FirmProfile) -> str:
    if "adwokat" in firm.attorney_title.lower():
        return " w sprawie opłat za czynności adwokackie"
    return " w sprawie opłat za czynności radców prawnych"


def costs_context(claim: ClaimComputation, firm: FirmProfile) -> Context:
    """Court-facing costs: amounts and their legal bases (the computation is in the memo)."""
    return {
        "oplata_sadowa": format_money(claim.court_fee.value),
        "oplata_podstawa": court_cites(claim.court_fee.cites),
        "zastepstwo": format_money(claim.attorney_fee.value),
        "zastepstwo_podstawa": court_cites(claim.attorney_fee.cites) + _fee_regulation(firm),
        "skarbowa": format_money(claim.stamp_duty.value),
        "skarbowa_podstawa": court_cites(claim.stamp_duty.cites),
        "razem": format_money(claim.total_costs.value),
    }


def totals_context(inputs: DocumentInputs) -> Context:
    """Sums of what the petitum asks for (claimed invoices and their rekompensata)."""
    claimed = claimed_invoices(inputs)
    principal = sum((i.principal.value for i in claimed), Decimal(0))
    consumer = _no_compensation(inputs)
    compensation = sum(
        (i.compensation.value for i in claimed if i.compensation is not None and not consumer),
        Decimal(0),
    )
    capitalised = sum(
        (i.capitalised_interest.value for i in claimed if i.capitalised_interest is not None),
        Decimal(0),
    )
    total = principal + capitalised + compensation
    return {
        "kapital": format_money(principal),
        "kapital_slownie": money_in_words(principal),
        "odsetki_skapitalizowane": format_money(capitalised),
        "sa_odsetki_skapitalizowane": capitalised > 0,
        "rekompensaty": format_money(compensation),
        "sa_rekompensaty": compensation > 0,
        "razem": format_money(total),
        "razem_slownie": money_in_words(total),
        "razem_kwota": total,
    }


def wps_context(inputs: DocumentInputs) -> Context:
    """Court-facing WPS: the amount, its bases and what it is made of (no computation)."""
    claim = inputs.claim
    sums = totals_context(inputs)
    parts = [f"należność główną w kwocie {sums['kapital']}"]
    if sums["sa_odsetki_skapitalizowane"]:
        parts.append(f"skapitalizowane odsetki w kwocie {sums['odsetki_skapitalizowane']}")
    if sums["sa_rekompensaty"]:
        parts.append(
            f"rekompensaty za koszty odzyskiwania należności w kwocie {sums['rekompensaty']}"
        )
    if len(parts) > 2:
        parts = [", ".join(parts[:-1]), parts[-1]]
    return {
        "kwota": format_whole_zloty(claim.wps.value),
        "kwota_dokladna": format_money(claim.wps.value),
        "podstawa": court_cites(claim.wps.cites),
        "sklad": " i ".join(parts),
    }


def procedure_context(claim: ClaimComputation) -> Context:
    """Court-facing procedure: names, flags and the statutory basis of the nakaz."""
    nakaz_cites = [c for c in claim.procedure_cites if c.provision.startswith("art. 485")]
    epu = claim.procedure is Procedure.EPU
    return {
        "kod": claim.procedure.value,
        "nazwa": PROCEDURE_NAME[claim.procedure],
        "naglowek": PROCEDURE_HEADING[claim.procedure],
        "epu": epu,
        "nakazowe": claim.procedure is Procedure.NAKAZOWE,
        "upominawcze": claim.procedure in (Procedure.UPOMINAWCZE, Procedure.EPU),
        "zwykle": claim.procedure is Procedure.STANDARD,
        # EPU has no simplified procedure: after a sprzeciw the competent court decides
        "uproszczone": claim.simplified and not epu,
        "gospodarcze": claim.gospodarcze,
        "podstawy_nakazowe": court_cites(nakaz_cites),
    }


def procedure_memo_context(claim: ClaimComputation) -> Context:
    """The memo's procedure: the court-facing fields plus why this procedure was chosen."""
    return {
        **procedure_context(claim),
        "uzasadnienie": polish_text(claim.procedure_reason),
        "podstawa": format_cites(claim.procedure_cites),
    }


def jurisdiction_sentence(case: CaseFile, claim: ClaimComputation) -> str:
    """Why this court (art. 16 / 17 pkt 4 KPC by value; art. 27 § 1 / 30 KPC by place)."""
    if claim.procedure is Procedure.EPU:
        return ""
    level = "art. 17 pkt 4 KPC" if claim.court_level is CourtLevel.OKREGOWY else "art. 16 § 1 KPC"
    if case.debtor.kind in (PartyKind.COMPANY, PartyKind.PUBLIC_HEALTHCARE):
        place = "art. 30 KPC (siedziba pozwanego)"
    else:
        place = "art. 27 § 1 KPC (miejsce zamieszkania pozwanego)"
    return f"Właściwość rzeczowa sądu wynika z {level}, a miejscowa - z {place}."


def amicable_context(case: CaseFile) -> list[str]:
    """Art. 187 § 1 pkt 3 KPC: the attempts at an amicable settlement, from the letters."""
    return phrases.amicable_sentences(case)


def _moved_deadline_sentence(inv: InvoiceComputation) -> str:
    moved = inv.due_moved_to
    if moved is None:
        return ""
    day = {5: "w sobotę", 6: "w niedzielę"}.get(
        inv.due_date.weekday(), "na dzień ustawowo wolny od pracy"
    )
    return (
        f"Termin płatności faktury nr {inv.number} ({format_date(inv.due_date)}) przypadał "
        f"{day}, upłynął zatem w dniu {format_date(moved)} (art. 115 KC), a roszczenie stało "
        f"się wymagalne w dniu {format_date(falls_due(inv))}"
    )


def _payment_sentences(inputs: DocumentInputs, claimed: Sequence[InvoiceComputation]) -> list[str]:
    """Partial payments exactly as the legal core allocated them (art. 451 § 1 KC)."""
    numbers = {i.number for i in claimed}
    out = []
    for a in sorted(inputs.claim.allocations, key=lambda x: (x.paid_on, x.invoice_number)):
        if a.invoice_number not in numbers:
            continue
        paid = a.to_interest + a.to_principal
        if a.to_interest > 0 and a.to_principal > 0:
            split = (
                f"w kwocie {format_money(a.to_interest)} na odsetki za opóźnienie, a w kwocie "
                f"{format_money(a.to_principal)} na należność główną"
            )
        elif a.to_interest > 0:
            split = "w całości na odsetki za opóźnienie"
        else:
            split = "w całości na należność główną"
        out.append(
            f"W dniu {format_date(a.paid_on)} pozwany zapłacił na poczet należności z faktury "
            f"nr {a.invoice_number} kwotę {format_money(paid)}, którą powód zaliczył {split} "
            "(art. 451 § 1 KC)."
        )
    for inv in claimed:
        fig = inv.capitalised_interest
        if fig is None or fig.value <= 0:
            continue
        until = _last_payment(inputs, inv.number)
        period = f" do dnia {format_date(until)}" if until else ""
        paid = [a for a in inputs.claim.allocations if a.invoice_number == inv.number]
        subject = "Wpłata nie pokryła" if len(paid) == 1 else "Wpłaty nie pokryły"
        out.append(
            f"{subject} odsetek za opóźnienie w zapłacie należności z faktury nr "
            f"{inv.number} naliczonych od dnia {format_date(falls_due(inv))}{period} w kwocie "
            f"{format_money(fig.value)}; powód dochodzi ich jako odrębnej kwoty, z odsetkami "
            "od dnia wniesienia pozwu (art. 482 § 1 KC)."
        )
    return out


def _performance_proof(inputs: DocumentInputs) -> str:
    """``, co potwierdza protokół odbioru ... z dnia ... (dowód nr 9),`` (K6 proofs on file)."""
    paths = {e.path for e in performance_proofs(inputs.case)}
    proofs = [e for e in inputs.exhibits if e.path in paths]
    if not proofs:
        return ""
    epu = _is_epu(inputs)
    named = []
    for e in proofs:
        day = f" z dnia {format_date(e.doc_date)}" if e.doc_date else ""
        title = phrases.quoted_subject(phrases.exhibit_title(e, inputs.case))
        named.append(f"{title}{day}{phrases.exhibit_ref([e.number], epu)}")
    verb = "potwierdza" if len(named) == 1 else "potwierdzają"
    return f", co {verb} " + " oraz ".join(named) + ","


def _basis_sentence(claim: ClaimComputation) -> str:
    """K12: the contract's article for the principal (never art. 451 KC)."""
    if not claim.principal_basis:
        return ""
    name = claim.principal_basis_name
    if name.startswith("umowa "):
        name = "umowy " + name.removeprefix("umowa ")
    source = f" z {name}" if name else ""
    return (
        f"Roszczenie o zapłatę należności głównej wynika{source} "
        f"({court_cites(claim.principal_basis)})."
    )


def facts_context(inputs: DocumentInputs) -> list[str]:
    """Paragraphs of the uzasadnienie (the facts), from the contract, the claimed invoices and
    the letters; court-facing (no computation, no creditor's notes)."""
    case = inputs.case
    epu = _is_epu(inputs)
    claimed = claimed_invoices(inputs)
    out: list[str] = []
    contract_nums = [e.number for e in inputs.exhibits if e.kind is EvidenceKind.CONTRACT]
    if sentence := phrases.contract_sentence(case, contract_nums[:1], epu):
        out.append(sentence)
    info = {i.number: i for i in case.invoices}
    parts = []
    for inv in claimed:
        invoice = info[inv.number]
        ref = phrases.exhibit_ref(_exhibit_numbers(inputs.exhibits, inv.number), epu)
        accepted = ", którą pozwany zaakceptował" if invoice.accepted_by_debtor else ""
        parts.append(
            f"nr {inv.number} z dnia {format_date(invoice.issue_date)} na kwotę "
            f"{format_money(inv.amount)} z terminem płatności do dnia "
            f"{format_date(inv.due_date)}{accepted}{ref}"
        )
    if parts:
        noun = "fakturę VAT" if len(parts) == 1 else "faktury VAT"
        out.append(
            f"Powód wykonał swoje świadczenie{_performance_proof(inputs)} i z tego tytułu "
            f"wystawił pozwanemu {noun}: " + "; ".join(parts) + "."
        )
    out += [s for inv in claimed if (s := _moved_deadline_sentence(inv))]
    if sentence := _basis_sentence(inputs.claim):
        out.append(sentence)
    out += _payment_sentences(inputs, claimed)
    sums = totals_context(inputs)
    out.append(
        "Pozwany nie zapłacił należności w terminie. Do zapłaty pozostaje należność główna "
        f"w łącznej kwocie {sums['kapital']}."
    )
    if claimed:
        kind = claimed[0].interest_kind
        basis = court_cites(claimed[0].interest_cites or claimed[0].interest_to_filing.cites)
        if kind is InterestKind.STATUTORY:
            out.append(
                "Za opóźnienie w zapłacie powodowi należą się odsetki ustawowe za opóźnienie "
                f"za okresy wskazane w żądaniu pozwu ({basis})."
            )
        else:
            out.append(
                "Obie strony są przedsiębiorcami, a umowa dotyczyła odpłatnego świadczenia "
                "powoda w związku z prowadzoną przez strony działalnością gospodarczą, jest więc "
                "transakcją handlową. Powodowi należą się odsetki ustawowe za opóźnienie "
                f"w transakcjach handlowych za okresy wskazane w żądaniu pozwu ({basis})."
            )
    if sums["sa_rekompensaty"]:
        out.append(
            "Z chwilą nabycia prawa do odsetek powód nabył również, bez wezwania, prawo do "
            "rekompensaty za koszty odzyskiwania należności, odrębnie od każdej faktury, "
            "w równowartości 40, 70 albo 100 euro przeliczonej według średniego kursu euro "
            "ogłoszonego przez Narodowy Bank Polski ostatniego dnia roboczego miesiąca "
            "poprzedzającego miesiąc, w którym świadczenie pieniężne stało się wymagalne "
            f"(art. 10 ust. 1 u.p.n.o.t.h.), łącznie {sums['rekompensaty']}."
        )
    demand = case.final_demand
    if demand is not None:
        delivered = (
            f", doręczonym pozwanemu w dniu {format_date(demand.delivered_on)},"
            if demand.delivered_on
            else ""
        )
        nums = [
            e.number
            for e in inputs.exhibits
            if e.letter_kind is LetterKind.FINAL_DEMAND
            and e.path in (demand.file, demand.delivery_proof_file)
        ]
        out.append(
            f"Pismem z dnia {format_date(demand.sent_on)}{delivered} powód wezwał pozwanego "
            f"do zapłaty{phrases.exhibit_ref(nums, epu)}. Wezwanie pozostało bezskuteczne."
        )
    return out


def exhibits_context(inputs: DocumentInputs) -> list[Context]:
    """The court's list of evidence: number, title, date, the fact it proves."""
    label = "Dowód nr" if _is_epu(inputs) else "Załącznik nr"
    return [
        {
            "nr": e.number,
            "oznaczenie": f"{label} {e.number}",
            "opis": phrases.exhibit_title(e, inputs.case),
            "data": phrases.document_date(e),
            "fakt": phrases.exhibit_proves(e, inputs.case),
        }
        for e in inputs.exhibits
    ]


def evidence_files_context(exhibits: Iterable[Exhibit]) -> list[Context]:
    """The memo's view of the evidence: the creditor's description, file and SHA-256."""
    return [
        {
            "nr": e.number,
            "opis": e.description,
            "data": format_date_or(e.doc_date, "-"),
            "plik": e.path,
            "sha256": e.sha256,
        }
        for e in exhibits
    ]


_DATED_TITLE = re.compile(r"\d{4} r\.")
_ACCEPTED = " zaakceptowana przez pozwanego"


def exhibit_name(e: Exhibit, case: CaseFile) -> str:
    """An exhibit as a court-facing list names it (the pozew's załączniki, the PDF bundle's
    bookmarks): ``phrases.exhibit_title`` and the document's date, given once (a title that
    already holds a date, ``... wezwania do zapłaty z dnia 12 października 2026 r.``, keeps
    that one) and next to the document (``Faktura VAT nr A z dnia ... zaakceptowana przez
    pozwanego``)."""
    title = phrases.exhibit_title(e, case)
    if e.doc_date is None or _DATED_TITLE.search(title):
        return title
    day = f" z dnia {format_date(e.doc_date)}"
    if title.endswith(_ACCEPTED):
        return f"{title.removesuffix(_ACCEPTED)}{day}{_ACCEPTED}"
    return f"{title}{day}"


def attachments_context(inputs: DocumentInputs) -> list[str]:
    """Załączniki of a paper pozew; none in EPU (evidence is indicated, art. 505^32 § 1 KPC)."""
    if _is_epu(inputs):
        return []
    out = [
        "odpis pozwu wraz z załącznikami dla pozwanego",
        "pełnomocnictwo wraz z dowodem uiszczenia opłaty skarbowej od pełnomocnictwa",
        "dowód uiszczenia opłaty sądowej",
    ]
    if inputs.case.creditor.kind is PartyKind.COMPANY:
        out.append("informacja odpowiadająca odpisowi aktualnemu z KRS powoda")
    for e in inputs.exhibits:
        out.append(f"{exhibit_name(e, inputs.case)} (załącznik nr {e.number})")
    return [*out, *inputs.extra_attachments]


def _case_context(inputs: DocumentInputs) -> Context:
    return {
        "sygnatura_powoda": inputs.case.external_ref,
        "numer": str(inputs.case.case_id),
        "partner": inputs.case.partner or "",
        "opiekun": inputs.case.paralegal or "",
    }


# --- templates ----------------------------------------------------------------------------
#
# Two sets of variables. The court-facing contexts (pozew, wezwanie, evidence index) hold
# values and finished Polish sentences only: no computation trace, no "safer reading", no
# creditor's note, no file hash. The memo context holds the same figures plus every
# explanation (``uzasadnienie``), the excluded invoices and the evidence files' hashes.


def _due_dates_text(inputs: DocumentInputs) -> str:
    """``z faktury nr A - 1 września 2026 r.; z faktury nr B - ...`` (art. 187 § 1 pkt 1^1)."""
    return "; ".join(
        f"z faktury nr {i.number} - {format_date(falls_due(i))}" for i in claimed_invoices(inputs)
    )


def pozew_context(inputs: DocumentInputs) -> Context:
    """Context of ``templates/pozew.docx`` (court-facing; in EPU a summary of the filing)."""
    claim = inputs.claim
    creditor = party_context(inputs.case.creditor)
    creditor["email_oswiadczenie"] = (
        f"adres poczty elektronicznej powoda: {inputs.case.creditor.email}"
        if inputs.case.creditor.email
        else "powód oświadcza, że nie posiada adresu poczty elektronicznej"
    )
    creditor["email_podstawa"] = format_cite(CITE_458_3)
    court = court_context(inputs.case, claim)
    return {
        "sprawa": _case_context(inputs),
        "miejscowosc": inputs.firm.signing_city,
        "data_pisma": format_date(inputs.on),
        "sad": {k: court[k] for k in ("nazwa", "wydzial", "adres")},
        "tryb": procedure_context(claim),
        "powod": creditor,
        "pozwany": party_context(inputs.case.debtor),
        "pelnomocnik": attorney_context(inputs.firm),
        "wps": wps_context(inputs),
        "roszczenia": claims_context(inputs),
        "odsetki_skapitalizowane": capitalised_context(inputs),
        "rekompensaty": compensation_context(inputs),
        "suma": totals_context(inputs),
        "wymagalnosci": _due_dates_text(inputs),
        "koszty": costs_context(claim, inputs.firm),
        "proby_polubowne": amicable_context(inputs.case),
        "proby_polubowne_podstawa": format_cite(CITE_187_3),
        "wymagalnosc_podstawa": format_cite(CITE_187_11),
        "wlasciwosc": jurisdiction_sentence(inputs.case, claim),
        "fakty": facts_context(inputs),
        "dowody": exhibits_context(inputs),
        "zalaczniki": attachments_context(inputs),
    }


def wezwanie_context(inputs: DocumentInputs) -> Context:
    """Context of ``templates/wezwanie.docx`` (final demand before suing; to the debtor)."""
    account = inputs.case.creditor.bank_account or inputs.firm.bank_account
    return {
        "sprawa": _case_context(inputs),
        "miejscowosc": inputs.firm.signing_city,
        "data_pisma": format_date(inputs.on),
        "wierzyciel": party_context(inputs.case.creditor),
        "dluznik": party_context(inputs.case.debtor),
        "pelnomocnik": attorney_context(inputs.firm),
        "roszczenia": claims_context(inputs),
        "odsetki_skapitalizowane": capitalised_context(inputs),
        "rekompensaty": compensation_context(inputs),
        "suma": totals_context(inputs),
        "termin_dni": str(PAYMENT_DAYS),
        "termin_data": format_date(inputs.on + timedelta(days=PAYMENT_DAYS)),
        "rachunek": account,
        "wlasciciel_rachunku": (
            inputs.case.creditor.name
            if inputs.case.creditor.bank_account
            else inputs.firm.firm_name
        ),
    }


def _figure_row(name: str, fig: Figure[Decimal], value: str = "") -> Context:
    explanation = polish_text(fig.reason)
    if fig.contested and fig.alternative is not None:
        explanation += f" [sporne; alternatywnie {format_money(fig.alternative)}]"
    return {
        "nazwa": name,
        "kwota": value or format_money(fig.value),
        "podstawa": format_cites(fig.cites),
        "uzasadnienie": explanation,
    }


def _compensation_row(inputs: DocumentInputs) -> Context | None:
    """The memo's rekompensata row: none for consumers; "nie dochodzone" with the missing NBP
    rate's day when no EUR rate is known (K8: never 0,00 zł, never "wliczona")."""
    claim = inputs.claim
    if _no_compensation(inputs):
        return None
    missing = [i for i in claimed_invoices(inputs) if i.compensation_rate_missing_on]
    gap = "; ".join(
        f"{i.number}: brak średniego kursu EUR NBP (tabela A) z dnia "
        f"{format_date(i.compensation_rate_missing_on)}"
        for i in missing
        if i.compensation_rate_missing_on
    )
    if claim.compensation_total.value > 0:
        row = _figure_row("Rekompensaty (art. 10 u.p.n.o.t.h.)", claim.compensation_total)
        if gap:
            row["uzasadnienie"] += f"; nie dochodzone dla faktur: {gap}"
        return row
    if gap:
        return {
            "nazwa": "Rekompensaty (art. 10 u.p.n.o.t.h.)",
            "kwota": "nie dochodzone",
            "podstawa": format_cites(claim.compensation_total.cites),
            "uzasadnienie": f"{gap} - uzupełnić kurs (handoff rates refresh albo handoff rates "
            "set EUR DZIEŃ KURS) i sporządzić projekt ponownie",
        }
    return None


def _invoice_explanations(inputs: DocumentInputs) -> list[Context]:
    """Per claimed invoice: how each figure came about (memo only)."""
    out = []
    for inv in claimed_invoices(inputs):
        comp = inv.compensation
        out.append(
            {
                "faktura": inv.number,
                "kapital": format_money(inv.principal.value),
                "kapital_uzasadnienie": polish_text(inv.principal.reason),
                "wymagalnosc": format_date(falls_due(inv)),
                "odsetki_od": format_date(inv.interest_from),
                "odsetki_do_dnia": format_money(inv.interest_to_filing.value),
                "odsetki_uzasadnienie": polish_text(inv.interest_to_filing.reason),
                "rekompensata": format_money(comp.value) if comp else "-",
                "rekompensata_uzasadnienie": (
                    polish_text(comp.reason)
                    + (
                        "; odsetki od rekompensaty od "
                        + format_date(inv.compensation_interest_from)
                        if inv.compensation_interest_from
                        else ""
                    )
                    if comp
                    else ""
                ),
                "odsetki_skapitalizowane": (
                    f"{format_money(inv.capitalised_interest.value)} - "
                    f"{polish_text(inv.capitalised_interest.reason)}"
                    if inv.capitalised_interest
                    else ""
                ),
                "alternatywa_odsetek": (
                    f"przy odczytaniu bez art. 115 KC odsetki od "
                    f"{format_date(inv.interest_from_unmoved)}"
                    if inv.interest_from_unmoved
                    else ""
                ),
                "termin_przesuniety": (
                    polish_text(_moved_deadline_sentence(inv))
                    if inv.limitation.deadline_moved_to
                    else ""
                ),
            }
        )
    return out


def memo_context(inputs: DocumentInputs) -> Context:
    """Context of ``templates/memo.docx`` (for the partner: every figure with its reasons)."""
    claim = inputs.claim
    findings = _dedupe([*inputs.evidence_findings, *claim.findings])
    figure_rows = [
        _figure_row("Należność główna (dochodzona)", claim.principal_total),
    ]
    if claim.capitalised_interest_total is not None and claim.capitalised_interest_total.value:
        figure_rows.append(_figure_row("Odsetki skapitalizowane", claim.capitalised_interest_total))
    if (row := _compensation_row(inputs)) is not None:
        figure_rows.append(row)
    figure_rows += [
        _figure_row("Odsetki do dnia sporządzenia (informacyjnie)", claim.interest_to_filing_total),
        _figure_row("WPS", claim.wps),
        _figure_row("Opłata sądowa", claim.court_fee),
        _figure_row("Koszty zastępstwa", claim.attorney_fee),
        _figure_row("Opłata skarbowa", claim.stamp_duty),
        _figure_row("Koszty razem", claim.total_costs),
    ]
    limitation_rows = []
    for inv in claim.all_invoices:
        lim = inv.limitation
        limitation_rows.append(
            {
                "faktura": inv.number,
                "bieg_od": format_date(lim.starts_on),
                "przedawnienie": format_date_or(lim.expires_on, "przerwane"),
                "alternatywa": format_date_or(lim.alternative_expires_on, "-")
                if lim.contested
                else "-",
                "status": STATUS_PL[lim.status(inputs.on)],
                "podstawa": format_cites(lim.cites),
                "uzasadnienie": polish_text(lim.reason),
            }
        )
    gaps = [_finding_row(f) for f in findings]
    court = court_context(inputs.case, claim)
    return {
        "sprawa": _case_context(inputs),
        "data": format_date(inputs.on),
        "powod": party_context(inputs.case.creditor),
        "pozwany": party_context(inputs.case.debtor),
        "figury": figure_rows,
        "podstawa_roszczenia": (
            f"{format_cites(claim.principal_basis)} ({claim.principal_basis_name})"
            if claim.principal_basis
            else "nieustalona - wskazać rodzaj umowy (K12)"
        ),
        "faktury": _invoice_explanations(inputs),
        "wylaczone": excluded_invoices(inputs),
        "przedawnienie": limitation_rows,
        "tryb": procedure_memo_context(claim),
        "sad": {**court, "wydzial": court["wydzial"] or MEMO_NO_DIVISION},
        "braki": gaps,
        "brak_brakow": not gaps,
        "rejestry": _registry_context(inputs.registry),
        "ryzyka": _risks(inputs, court),
        "blokujace": any(f.severity is Severity.BLOCKER for f in findings),
        "rekompensata_mozliwa": not _no_compensation(inputs),
        "dowody": evidence_files_context(inputs.exhibits),
    }


def evidence_index_context(inputs: DocumentInputs) -> Context:
    """Context of ``templates/evidence_index.docx`` (court-facing; in EPU the evidence the
    filing indicates, nothing attached)."""
    epu = _is_epu(inputs)
    return {
        "sprawa": _case_context(inputs),
        "data": format_date(inputs.on),
        "powod": party_context(inputs.case.creditor),
        "pozwany": party_context(inputs.case.debtor),
        "epu": epu,
        "zalaczniki": exhibits_context(inputs),
        "liczba": str(len(inputs.exhibits)),
    }


# --- memo helpers -------------------------------------------------------------------------


def _dedupe(findings: Iterable[Finding]) -> list[Finding]:
    seen: dict[str, Finding] = {}
    for f in findings:
        seen.setdefault(f.code if f.code == "no_final_demand" else f"{f.code}|{f.subject}", f)
    order = {Severity.BLOCKER: 0, Severity.WARNING: 1, Severity.INFO: 2}
    return sorted(seen.values(), key=lambda f: order[f.severity])


def _finding_row(f: Finding) -> Context:
    return {
        "waga": SEVERITY_PL[f.severity],
        "opis": polish_text(f.message),
        "dotyczy": f.subject,
        "podstawa": cite_text(f.cite),
    }


def _registry_context(check: RegistryCheck | None) -> Context:
    if check is None:
        return {
            "wykonana": False,
            "opis": "weryfikacja w rejestrach niewykonana",
            "ustalenia": [],
        }
    name = f" ({check.registry.upper()}: {check.registry_name})" if check.registry_name else ""
    return {
        "wykonana": True,
        "opis": f"status: {check.status}, sprawdzono {format_date(check.checked_on)}{name}",
        "ustalenia": [_finding_row(f) for f in check.findings],
    }


def _risks(inputs: DocumentInputs, court: Context) -> list[str]:
    claim = inputs.claim
    out = []
    if court["do_weryfikacji"]:
        named = ", ".join(p for p in (court["nazwa"], court["wydzial"] or MEMO_NO_DIVISION) if p)
        out.append(
            f"Sąd i wydział ({named}) ustalone automatycznie - "
            "zweryfikować właściwość miejscową (art. 27, 30, 34 KPC) i siedzibę sądu przed "
            "złożeniem."
        )
    if claim.wps.contested:
        out.append(
            "WPS obejmuje rekompensaty (stanowisko bezpieczniejsze, sporne) - bez nich "
            f"{format_money(claim.wps.alternative or Decimal(0))}."
        )
    for inv in claim.invoices:
        if inv.interest_covered > 0:
            out.append(
                f"Faktura {inv.number}: część wpłat ({format_money(inv.interest_covered)}) "
                "zaliczono na odsetki (art. 451 KC) - sprawdzić datę początkową odsetek od "
                "pozostałej należności."
            )
        if inv.limitation_urgent:
            out.append(
                f"Faktura {inv.number}: przy ostrożniejszym odczytaniu roszczenie jest już "
                f"przedawnione ({format_date_or(inv.limitation.expires_on)}), przy "
                f"przeważającym - z dniem {format_date_or(inv.limitation.latest_expires_on)}: "
                "złożyć pozew niezwłocznie i powołać się na przeważające stanowisko."
            )
        if inv.limitation.contested:
            out.append(
                f"Faktura {inv.number}: sporny dzień przedawnienia "
                f"({format_date_or(inv.limitation.expires_on)} albo "
                f"{format_date_or(inv.limitation.alternative_expires_on)})."
            )
    if claim.gospodarcze:
        out.append(
            "Sprawa gospodarcza: wszystkie twierdzenia i dowody muszą być powołane w pozwie "
            "(prekluzja, art. 458^5 KPC)."
        )
    if inputs.case.debtor.kind is PartyKind.CONSUMER:
        out.append("Pozwany konsument: sąd bada z urzędu przedawnienie i klauzule abuzywne.")
    return out
