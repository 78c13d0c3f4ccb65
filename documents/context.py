"""Template contexts: a case and its computed claim turned into the words of a pleading.

Pure functions, one per template (``pozew_context``, ``wezwanie_context``, ``memo_context``,
``evidence_index_context``). Every amount, date and rule comes from the legal core
(``law.pl.claim.ClaimComputation``, ``law.evidence``); this module only formats it in Polish
and arranges it the way the templates read it. Values are plain ``str``/``bool``/``list``/
``dict`` so a lawyer editing a template sees simple names (documented in
``documents/README.md``), and no value needs a filter.

Court and division (polish_law.md 6.3): EPU is always Sąd Rejonowy Lublin-Zachód w Lublinie,
VI Wydział Cywilny. Otherwise the draft names the court of the defendant's seat or domicile
(art. 27, 30 KPC), rejonowy or okręgowy by WPS (art. 16, 17 pkt 4), Wydział Gospodarczy
between businesses, otherwise Wydział Cywilny - the city is not always the seat of a court
and some cities have several, so the memo always asks to verify the exact court.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Protocol

from documents.firm import FirmProfile
from documents.format import (
    format_cite,
    format_cites,
    format_date,
    format_date_or,
    format_money,
    format_whole_zloty,
    money_in_words,
)
from law.case import CaseFile, Letter, LetterKind, Party, PartyKind
from law.citation import Cite
from law.evidence import Exhibit
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

INTEREST_PHRASE = {
    InterestKind.STATUTORY: "odsetkami ustawowymi za opóźnienie",
    InterestKind.COMMERCIAL: "odsetkami ustawowymi za opóźnienie w transakcjach handlowych",
    InterestKind.COMMERCIAL_HEALTHCARE: (
        "odsetkami ustawowymi za opóźnienie w transakcjach handlowych"
    ),
}
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
LETTER_PHRASE = {
    LetterKind.REMINDER: "wezwanie do zapłaty",
    LetterKind.FINAL_DEMAND: "ostateczne przedsądowe wezwanie do zapłaty",
    LetterKind.DEBTOR_REPLY: "pismo pozwanego",
    LetterKind.EMAIL: "korespondencja e-mail",
    LetterKind.PHONE_NOTE: "rozmowa telefoniczna",
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


def court_context(case: CaseFile, claim: ClaimComputation) -> Context:
    """The court the pozew is addressed to (``law.pl.courts``): the sąd rejonowy serving the
    debtor's address under the regulation on court areas, or a marker and a blocker."""
    choice = court_for_case(case, claim)
    if claim.procedure is Procedure.EPU:
        reason = f"{choice.reason} ({format_cites(choice.cites)})"
    else:
        seat = "siedziby" if case.debtor.kind is PartyKind.COMPANY else "miejsca zamieszkania"
        level = "okręgowy" if claim.court_level is CourtLevel.OKREGOWY else "rejonowy"
        reason = (
            f"właściwość ogólna - sąd {seat} pozwanego ({format_cites(choice.cites[:1])}); sąd "
            f"{level} wg WPS ({format_cites(claim.procedure_cites[:2])}); {choice.reason}"
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


def _interest_phrase(kind: InterestKind) -> str:
    return INTEREST_PHRASE[kind]


def _exhibit_numbers(exhibits: Iterable[Exhibit], invoice: str) -> str:
    nums = [str(e.number) for e in exhibits if e.invoice_number == invoice]
    return ", ".join(nums)


def claims_context(inputs: DocumentInputs) -> list[Context]:
    """One row per invoice with principal still due (the petitum points)."""
    by_number = {i.number: i for i in inputs.case.invoices}
    rows: list[Context] = []
    letters = "abcdefghijklmnopqrstuvwxyz"
    for inv in inputs.claim.invoices:
        if inv.principal.value <= 0:
            continue
        info = by_number[inv.number]
        rows.append(_claim_row(inv, info.issue_date, inputs.exhibits, letters[len(rows) % 26]))
    return rows


def _claim_row(
    inv: InvoiceComputation, issued: date, exhibits: Sequence[Exhibit], letter: str
) -> Context:
    return {
        "litera": letter,
        "faktura": inv.number,
        "data_wystawienia": format_date(issued),
        "termin_platnosci": format_date(inv.due_date),
        "kwota_faktury": format_money(inv.amount),
        "kwota": format_money(inv.principal.value),
        "kwota_slownie": money_in_words(inv.principal.value),
        "kwota_podstawa": format_cites(inv.principal.cites),
        "kwota_uzasadnienie": inv.principal.reason,
        "czesciowo_zaplacona": inv.principal.value < inv.amount,
        "odsetki_opis": _interest_phrase(inv.interest_kind),
        "odsetki_od": format_date(inv.interest_from),
        "odsetki_podstawa": format_cites(inv.interest_to_filing.cites),
        "odsetki_do_dnia_wniesienia": format_money(inv.interest_to_filing.value),
        "wymagalnosc": format_date(inv.interest_from),
        "zalaczniki": _exhibit_numbers(exhibits, inv.number) or "-",
    }


def compensation_context(inputs: DocumentInputs) -> list[Context]:
    out: list[Context] = []
    for inv in inputs.claim.invoices:
        if inv.compensation is None:
            continue
        fig = inv.compensation
        out.append(
            {
                "faktura": inv.number,
                "kwota": format_money(fig.value),
                "kwota_slownie": money_in_words(fig.value),
                "eur": f"{inv.compensation_eur} EUR" if inv.compensation_eur else "",
                "podstawa": format_cites(fig.cites[:1]),
                "uzasadnienie": fig.reason,
            }
        )
    return out


def costs_context(claim: ClaimComputation) -> Context:
    return {
        "oplata_sadowa": format_money(claim.court_fee.value),
        "oplata_podstawa": format_cites(claim.court_fee.cites),
        "oplata_uzasadnienie": claim.court_fee.reason,
        "zastepstwo": format_money(claim.attorney_fee.value),
        "zastepstwo_podstawa": format_cites(claim.attorney_fee.cites),
        "zastepstwo_uzasadnienie": claim.attorney_fee.reason,
        "skarbowa": format_money(claim.stamp_duty.value),
        "skarbowa_podstawa": format_cites(claim.stamp_duty.cites),
        "razem": format_money(claim.total_costs.value),
        "razem_podstawa": format_cites(claim.total_costs.cites),
    }


def totals_context(claim: ClaimComputation) -> Context:
    total = claim.principal_total.value + claim.compensation_total.value
    return {
        "kapital": format_money(claim.principal_total.value),
        "kapital_slownie": money_in_words(claim.principal_total.value),
        "rekompensaty": format_money(claim.compensation_total.value),
        "razem": format_money(total),
        "razem_slownie": money_in_words(total),
        "odsetki_do_dnia_wniesienia": format_money(claim.interest_to_filing_total.value),
        "odsetki_podstawa": format_cites(claim.interest_to_filing_total.cites),
    }


def wps_context(claim: ClaimComputation) -> Context:
    return {
        "kwota": format_whole_zloty(claim.wps.value),
        "kwota_dokladna": format_money(claim.wps.value),
        "podstawa": format_cites(claim.wps.cites),
        "uzasadnienie": claim.wps.reason,
        "sporna": claim.wps.contested,
        "alternatywa": format_money(claim.wps.alternative) if claim.wps.alternative else "",
    }


def procedure_context(claim: ClaimComputation) -> Context:
    nakaz_cites = [c for c in claim.procedure_cites if c.provision.startswith("art. 485")]
    return {
        "kod": claim.procedure.value,
        "nazwa": PROCEDURE_NAME[claim.procedure],
        "naglowek": PROCEDURE_HEADING[claim.procedure],
        "epu": claim.procedure is Procedure.EPU,
        "nakazowe": claim.procedure is Procedure.NAKAZOWE,
        "upominawcze": claim.procedure in (Procedure.UPOMINAWCZE, Procedure.EPU),
        "zwykle": claim.procedure is Procedure.STANDARD,
        "uproszczone": claim.simplified,
        "gospodarcze": claim.gospodarcze,
        "podstawy_nakazowe": format_cites(nakaz_cites),
        "uzasadnienie": claim.procedure_reason,
        "podstawa": format_cites(claim.procedure_cites),
    }


def amicable_context(case: CaseFile) -> list[str]:
    """Art. 187 § 1 pkt 3 KPC: the attempts at an amicable settlement, from the letters."""
    out = []
    for letter in sorted(case.letters, key=lambda x: x.sent_on):
        if letter.kind is LetterKind.DEBTOR_REPLY and not letter.acknowledges_debt:
            continue
        out.append(_letter_sentence(letter))
    return out


def _letter_sentence(letter: Letter) -> str:
    text = f"{format_date(letter.sent_on)} - {LETTER_PHRASE[letter.kind]}"
    if letter.summary:
        text += f" ({letter.summary})"
    if letter.delivered_on:
        text += f", doręczone pozwanemu {format_date(letter.delivered_on)}"
    if letter.acknowledges_debt:
        text += "; pozwany uznał dług"
    elif letter.requests_instalments:
        text += "; pozwany wniósł o rozłożenie należności na raty"
    return text


def facts_context(inputs: DocumentInputs, rows: Sequence[Context]) -> list[str]:
    """Paragraphs of the uzasadnienie (the facts), from the contract, invoices and letters."""
    case, claim = inputs.case, inputs.claim
    contract_ex = next((e for e in inputs.exhibits if e.kind.value == "contract"), None)
    out: list[str] = []
    if case.contract is not None:
        number = f" nr {case.contract.number}" if case.contract.number else ""
        signed = (
            f" z dnia {format_date(case.contract.signed_on)}" if case.contract.signed_on else ""
        )
        subject = (
            f", której przedmiotem była {case.contract.subject}" if case.contract.subject else ""
        )
        proof = f" (dowód: załącznik nr {contract_ex.number})" if contract_ex else ""
        out.append(f"Strony łączyła umowa{number}{signed}{subject}{proof}.")
    invoices = sorted(case.invoices, key=lambda i: i.issue_date)
    parts = []
    for inv in invoices:
        nums = _exhibit_numbers(inputs.exhibits, inv.number)
        proof = f" (dowód: załącznik nr {nums})" if nums else ""
        accepted = ", którą pozwany zaakceptował" if inv.accepted_by_debtor else ""
        parts.append(
            f"nr {inv.number} z dnia {format_date(inv.issue_date)} na kwotę "
            f"{format_money(inv.amount)} z terminem płatności do dnia "
            f"{format_date(inv.due_date)}{accepted}{proof}"
        )
    noun = "fakturę VAT" if len(parts) == 1 else "faktury VAT"
    out.append(
        f"Powód wykonał swoje świadczenie i z tego tytułu wystawił pozwanemu {noun}: "
        + "; ".join(parts)
        + "."
    )
    for p in sorted(case.payments, key=lambda x: x.paid_on):
        target = f" na poczet faktury nr {p.invoice_number}" if p.invoice_number else ""
        out.append(
            f"W dniu {format_date(p.paid_on)} pozwany wpłacił kwotę {format_money(p.amount)}"
            f"{target}. Wpłatę zaliczono zgodnie z art. 451 KC najpierw na odsetki zaległe, "
            "a w pozostałej części na należność główną."
        )
    out.append(
        "Pozwany nie zapłacił w terminie. Do dnia wniesienia pozwu pozostaje do zapłaty "
        f"należność główna w łącznej kwocie {format_money(claim.principal_total.value)}."
    )
    kind = claim.invoices[0].interest_kind
    if kind is InterestKind.STATUTORY:
        out.append(
            "Od dnia następującego po terminie płatności powodowi należą się odsetki ustawowe "
            f"za opóźnienie ({format_cites(claim.interest_to_filing_total.cites)})."
        )
    else:
        out.append(
            "Obie strony są przedsiębiorcami, a umowa dotyczyła dostarczenia towaru lub "
            "świadczenia usług za wynagrodzeniem, jest więc transakcją handlową. Powodowi "
            "należą się odsetki ustawowe za opóźnienie w transakcjach handlowych od dnia "
            "następującego po terminie płatności "
            f"({format_cites(claim.interest_to_filing_total.cites)})."
        )
    if claim.compensation_total.value > 0:
        out.append(
            "Z chwilą nabycia prawa do odsetek powód nabył również, bez wezwania, prawo do "
            "rekompensaty za koszty odzyskiwania należności, odrębnie od każdej faktury, "
            "w równowartości 40, 70 albo 100 EUR przeliczonej po średnim kursie NBP "
            "z ostatniego dnia roboczego miesiąca poprzedzającego miesiąc, w którym świadczenie "
            "stało się wymagalne (art. 10 ust. 1 u.p.n.o.t.h.), łącznie "
            f"{format_money(claim.compensation_total.value)}."
        )
    demand = case.final_demand
    if demand is not None:
        delivered = (
            f", doręczonym pozwanemu w dniu {format_date(demand.delivered_on)}"
            if demand.delivered_on
            else ""
        )
        ex = next((e for e in inputs.exhibits if e.letter_kind is LetterKind.FINAL_DEMAND), None)
        proof = f" (dowód: załącznik nr {ex.number})" if ex else ""
        out.append(
            f"Pismem z dnia {format_date(demand.sent_on)}{delivered}, powód wezwał pozwanego "
            f"do zapłaty{proof}. Wezwanie pozostało bezskuteczne."
        )
    if rows:
        first = min(case.invoices, key=lambda i: i.due_date)
        out.append(
            "Roszczenia stały się wymagalne z upływem terminów płatności faktur, najwcześniej "
            f"w dniu {format_date(first.due_date + timedelta(days=1))} "
            f"({format_cite(CITE_187_11)})."
        )
    return out


def exhibits_context(exhibits: Iterable[Exhibit]) -> list[Context]:
    return [
        {
            "nr": e.number,
            "oznaczenie": f"Załącznik nr {e.number}",
            "opis": e.description,
            "data": format_date_or(e.doc_date, "-"),
            "fakt": e.proves,
            "sha256": e.sha256,
            "plik": e.path,
        }
        for e in exhibits
    ]


def attachments_context(inputs: DocumentInputs) -> list[str]:
    proc = inputs.claim.procedure
    out = [
        "odpis pozwu wraz z załącznikami dla pozwanego",
        "pełnomocnictwo wraz z dowodem uiszczenia opłaty skarbowej od pełnomocnictwa",
        "dowód uiszczenia opłaty sądowej",
    ]
    if inputs.case.creditor.kind is PartyKind.COMPANY:
        out.append("informacja odpowiadająca odpisowi aktualnemu z KRS powoda")
    if proc is not Procedure.EPU:
        out += [f"{e.description} - załącznik nr {e.number}" for e in inputs.exhibits]
    return [*out, *inputs.extra_attachments]


def _case_context(inputs: DocumentInputs) -> Context:
    return {
        "sygnatura_powoda": inputs.case.external_ref,
        "numer": str(inputs.case.case_id),
        "partner": inputs.case.partner or "",
        "opiekun": inputs.case.paralegal or "",
    }


# --- templates ----------------------------------------------------------------------------


def pozew_context(inputs: DocumentInputs) -> Context:
    """Context of ``templates/pozew.docx``."""
    claim = inputs.claim
    rows = claims_context(inputs)
    creditor = party_context(inputs.case.creditor)
    creditor["email_oswiadczenie"] = (
        f"adres poczty elektronicznej powoda: {inputs.case.creditor.email}"
        if inputs.case.creditor.email
        else "powód oświadcza, że nie posiada adresu poczty elektronicznej"
    )
    creditor["email_podstawa"] = format_cite(CITE_458_3)
    return {
        "sprawa": _case_context(inputs),
        "miejscowosc": inputs.firm.signing_city,
        "data_pisma": format_date(inputs.on),
        "sad": court_context(inputs.case, claim),
        "tryb": procedure_context(claim),
        "powod": creditor,
        "pozwany": party_context(inputs.case.debtor),
        "pelnomocnik": attorney_context(inputs.firm),
        "wps": wps_context(claim),
        "roszczenia": rows,
        "rekompensaty": compensation_context(inputs),
        "suma": totals_context(claim),
        "koszty": costs_context(claim),
        "proby_polubowne": amicable_context(inputs.case),
        "proby_polubowne_podstawa": format_cite(CITE_187_3),
        "wymagalnosc_podstawa": format_cite(CITE_187_11),
        "fakty": facts_context(inputs, rows),
        "dowody": exhibits_context(inputs.exhibits),
        "zalaczniki": attachments_context(inputs),
    }


def wezwanie_context(inputs: DocumentInputs) -> Context:
    """Context of ``templates/wezwanie.docx`` (final demand before suing)."""
    claim = inputs.claim
    account = inputs.case.creditor.bank_account or inputs.firm.bank_account
    return {
        "sprawa": _case_context(inputs),
        "miejscowosc": inputs.firm.signing_city,
        "data_pisma": format_date(inputs.on),
        "wierzyciel": party_context(inputs.case.creditor),
        "dluznik": party_context(inputs.case.debtor),
        "pelnomocnik": attorney_context(inputs.firm),
        "roszczenia": claims_context(inputs),
        "rekompensaty": compensation_context(inputs),
        "suma": totals_context(claim),
        "termin_dni": str(PAYMENT_DAYS),
        "termin_data": format_date(inputs.on + timedelta(days=PAYMENT_DAYS)),
        "rachunek": account,
        "wlasciciel_rachunku": (
            inputs.case.creditor.name
            if inputs.case.creditor.bank_account
            else inputs.firm.firm_name
        ),
    }


def memo_context(inputs: DocumentInputs) -> Context:
    """Context of ``templates/memo.docx`` (one page for the partner)."""
    claim = inputs.claim
    figures = [
        ("Kapitał", claim.principal_total),
        ("Rekompensaty", claim.compensation_total),
        ("Odsetki do dnia wniesienia (informacyjnie)", claim.interest_to_filing_total),
        ("WPS", claim.wps),
        ("Opłata sądowa", claim.court_fee),
        ("Koszty zastępstwa", claim.attorney_fee),
        ("Opłata skarbowa", claim.stamp_duty),
        ("Koszty razem", claim.total_costs),
    ]
    figure_rows = [
        {
            "nazwa": name,
            "kwota": format_money(fig.value),
            "podstawa": format_cites(fig.cites),
            "uzasadnienie": fig.reason
            + (
                f" [sporne; alternatywnie {format_money(fig.alternative)}]"
                if fig.contested and fig.alternative is not None
                else ""
            ),
        }
        for name, fig in figures
    ]
    limitation_rows = []
    for inv in claim.invoices:
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
            }
        )
    findings = _dedupe([*inputs.evidence_findings, *claim.findings])
    gaps = [_finding_row(f) for f in findings]
    registry = _registry_context(inputs.registry)
    court = court_context(inputs.case, claim)
    risks = _risks(inputs, court)
    return {
        "sprawa": _case_context(inputs),
        "data": format_date(inputs.on),
        "powod": party_context(inputs.case.creditor),
        "pozwany": party_context(inputs.case.debtor),
        "figury": figure_rows,
        "przedawnienie": limitation_rows,
        "tryb": procedure_context(claim),
        "sad": court,
        "braki": gaps,
        "brak_brakow": not gaps,
        "rejestry": registry,
        "ryzyka": risks,
        "blokujace": any(f.severity is Severity.BLOCKER for f in findings),
    }


def evidence_index_context(inputs: DocumentInputs) -> Context:
    """Context of ``templates/evidence_index.docx``."""
    return {
        "sprawa": _case_context(inputs),
        "data": format_date(inputs.on),
        "powod": party_context(inputs.case.creditor),
        "pozwany": party_context(inputs.case.debtor),
        "zalaczniki": exhibits_context(inputs.exhibits),
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
        "opis": f.message,
        "dotyczy": f.subject,
        "podstawa": f.cite,
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
        out.append(
            f"Sąd i wydział ({court['nazwa']}, {court['wydzial']}) ustalone automatycznie - "
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
