"""Court-facing Polish phrases built from structured case data, never from free text.

A pleading quotes nothing the creditor typed for its own use: a letter's ``summary`` ("Monit
(nie przerywa biegu przedawnienia)") or an evidence file's description is an internal note,
so the pozew names letters and exhibits by their kind, number and date. Only exhibits of a
kind the software cannot name (``other``, registry extracts) keep the creditor's title, with
any parenthetical remark removed. Every generated sentence is written to agree in gender and
case whatever the data holds: the contract's subject is quoted after a colon (``przedmiot
umowy: roboty instalacyjne``), never inflected into a sentence.

EPU (art. 505^32 § 1 KPC): evidence is indicated, not attached, so references read
``dowód nr 2`` instead of ``załącznik nr 2``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from documents.format import format_date, format_date_or
from law.case import CaseFile, EvidenceKind, Letter, LetterKind
from law.evidence import Exhibit, performance_proofs
from law.pl.ksef import is_ksef_description
from law.pl.rates import InterestKind

INTEREST_INSTRUMENTAL = {
    InterestKind.STATUTORY: "odsetkami ustawowymi za opóźnienie",
    InterestKind.COMMERCIAL: "odsetkami ustawowymi za opóźnienie w transakcjach handlowych",
    InterestKind.COMMERCIAL_HEALTHCARE: (
        "odsetkami ustawowymi za opóźnienie w transakcjach handlowych"
    ),
}
INTEREST_NOMINATIVE = {
    InterestKind.STATUTORY: "odsetki ustawowe za opóźnienie",
    InterestKind.COMMERCIAL: "odsetki ustawowe za opóźnienie w transakcjach handlowych",
    InterestKind.COMMERCIAL_HEALTHCARE: "odsetki ustawowe za opóźnienie w transakcjach handlowych",
}
INTEREST_GENITIVE = {
    InterestKind.STATUTORY: "odsetek ustawowych za opóźnienie",
    InterestKind.COMMERCIAL: "odsetek ustawowych za opóźnienie w transakcjach handlowych",
    InterestKind.COMMERCIAL_HEALTHCARE: (
        "odsetek ustawowych za opóźnienie w transakcjach handlowych"
    ),
}
# Court-facing names of letters (the creditor's own summary is never quoted).
LETTER_TITLE = {
    LetterKind.REMINDER: "Wezwanie do zapłaty",
    LetterKind.FINAL_DEMAND: "Ostateczne przedsądowe wezwanie do zapłaty",
    LetterKind.DEBTOR_REPLY: "Pismo pozwanego",
    LetterKind.EMAIL: "Korespondencja e-mail stron",
    LetterKind.PHONE_NOTE: "Notatka z rozmowy telefonicznej z pozwanym",
}
LETTER_GENITIVE = {
    LetterKind.REMINDER: "wezwania do zapłaty",
    LetterKind.FINAL_DEMAND: "ostatecznego przedsądowego wezwania do zapłaty",
    LetterKind.DEBTOR_REPLY: "pisma pozwanego",
    LetterKind.EMAIL: "wiadomości e-mail",
    LetterKind.PHONE_NOTE: "rozmowy telefonicznej",
}
EXHIBIT_PROVES = {
    EvidenceKind.CONTRACT: "zawarcie umowy, jej przedmiot, wynagrodzenie i termin zapłaty",
    EvidenceKind.INVOICE: "wysokość należności i termin zapłaty",
    EvidenceKind.REGISTRY_EXTRACT: "dane i sposób reprezentacji stron",
}
LETTER_PROVES = {
    LetterKind.REMINDER: "wezwanie pozwanego do zapłaty",
    LetterKind.FINAL_DEMAND: (
        "wezwanie pozwanego do zapłaty przed wniesieniem pozwu, próba polubownego rozwiązania sporu"
    ),
    LetterKind.DEBTOR_REPLY: "stanowisko pozwanego co do należności",
    LetterKind.EMAIL: "przebieg korespondencji stron w przedmiocie zapłaty",
    LetterKind.PHONE_NOTE: "przebieg rozmów stron w przedmiocie zapłaty",
}
_PARENTHESIS = re.compile(r"\s*\([^()]*\)")


def clean_title(text: str) -> str:
    """A creditor's document title without parenthetical remarks or trailing punctuation."""
    previous = None
    while previous != text:
        previous, text = text, _PARENTHESIS.sub("", text)
    return text.strip(" .;,-") or "Dokument"


def quoted_subject(subject: str) -> str:
    """A contract subject as it reads after a colon: lower-case first letter unless it is an
    abbreviation (``Roboty instalacyjne`` -> ``roboty instalacyjne``, ``CNC ...`` stays)."""
    text = subject.strip().rstrip(".")
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first[:2].isupper():
        return text
    return text[:1].lower() + text[1:]


def exhibit_ref(numbers: Sequence[int], epu: bool) -> str:
    """``(dowód: załącznik nr 2)``, EPU ``(dowód nr 2)``; empty without numbers."""
    if not numbers:
        return ""
    nums = ", ".join(str(n) for n in numbers)
    if epu:
        return f" (dowód nr {nums})" if len(numbers) == 1 else f" (dowody nr {nums})"
    return f" (dowód: załącznik nr {nums})"


def letter_of(e: Exhibit, case: CaseFile) -> Letter | None:
    """The letter an exhibit is (or proves delivery of), matched by its file."""
    for letter in case.letters:
        if e.path in (letter.file, letter.delivery_proof_file):
            return letter
    return None


def _accepted(e: Exhibit, case: CaseFile) -> bool:
    """The invoice was accepted by the debtor (the nakaz basis of art. 485 § 1 pkt 2 KPC)."""
    return any(i.number == e.invoice_number and i.accepted_by_debtor for i in case.invoices)


def exhibit_title(e: Exhibit, case: CaseFile) -> str:
    """What the court reads in the list of evidence (the date has its own column)."""
    if is_ksef_description(e.description):  # KSeF structured invoice, art. 106na ust. 3 VAT
        return e.description
    if e.kind is EvidenceKind.CONTRACT:
        c = case.contract
        if c is not None and e.path == c.file and c.number:
            return f"Umowa nr {c.number}"
        return "Umowa"
    if e.kind is EvidenceKind.INVOICE and e.invoice_number:
        if _accepted(e, case):
            return f"Faktura VAT nr {e.invoice_number} zaakceptowana przez pozwanego"
        return f"Faktura VAT nr {e.invoice_number}"
    if e.kind is EvidenceKind.DELIVERY_PROOF:
        if e.invoice_number:
            return f"Dowód doręczenia faktury VAT nr {e.invoice_number}"
        letter = letter_of(e, case)
        if letter is not None:
            return f"Dowód doręczenia {LETTER_GENITIVE[letter.kind]} z dnia " + format_date(
                letter.sent_on
            )
        return "Dowód doręczenia"
    if e.kind is EvidenceKind.CORRESPONDENCE:
        letter = letter_of(e, case)
        if letter is not None:
            return LETTER_TITLE[letter.kind]
        return "Korespondencja stron"
    return clean_title(e.description)


def _ksef_proof_is_itself(e: Exhibit, case: CaseFile) -> bool:
    """A KSeF XML that is both the invoice and its proof of receipt (no UPO on file)."""
    return any(
        i.number == e.invoice_number and i.file == e.path == i.delivery_proof_file
        for i in case.invoices
    )


def exhibit_proves(e: Exhibit, case: CaseFile) -> str:
    """The fact the exhibit proves, in court words (no limitation reasoning)."""
    if e.kind in EXHIBIT_PROVES and e.kind is not EvidenceKind.INVOICE:
        return EXHIBIT_PROVES[e.kind]
    if e.kind is EvidenceKind.INVOICE:
        accepted = ", akceptacja faktury przez pozwanego" if _accepted(e, case) else ""
        if is_ksef_description(e.description) and _ksef_proof_is_itself(e, case):
            accepted += f", doręczenie pozwanemu faktury VAT nr {e.invoice_number}"
        return "wykonanie świadczenia przez powoda, " + EXHIBIT_PROVES[e.kind] + accepted
    if e.kind is EvidenceKind.DELIVERY_PROOF:
        if e.invoice_number:
            return f"doręczenie pozwanemu faktury VAT nr {e.invoice_number}"
        letter = letter_of(e, case)
        return f"doręczenie pozwanemu {LETTER_GENITIVE[letter.kind]}" if letter else "doręczenie"
    if e.kind is EvidenceKind.CORRESPONDENCE:
        letter = letter_of(e, case)
        if letter is None:
            return "przebieg korespondencji stron"
        if letter.acknowledges_debt and letter.requests_instalments:
            return "uznanie długu przez pozwanego, prośba o rozłożenie należności na raty"
        if letter.acknowledges_debt:
            return "uznanie długu przez pozwanego"
        if letter.requests_instalments:
            return "prośba pozwanego o rozłożenie należności na raty"
        return LETTER_PROVES[letter.kind]
    if e.path in {p.path for p in performance_proofs(case)}:
        return "wykonanie świadczenia przez powoda i jego odbiór przez pozwanego"
    return "okoliczności wskazane w uzasadnieniu pozwu"


def amicable_sentences(case: CaseFile) -> list[str]:
    """Art. 187 § 1 pkt 3 KPC: the attempts at an amicable settlement, one item each; the
    last ends with a full stop, the others with a semicolon."""
    out = []
    for letter in sorted(case.letters, key=lambda x: x.sent_on):
        if letter.kind is LetterKind.DEBTOR_REPLY and not (
            letter.acknowledges_debt or letter.requests_instalments
        ):
            continue
        out.append(_letter_item(letter))
    return [f"{text}{'.' if n == len(out) - 1 else ';'}" for n, text in enumerate(out)]


def _letter_item(letter: Letter) -> str:
    day = format_date(letter.sent_on)
    delivered = (
        f", doręczonym pozwanemu w dniu {format_date(letter.delivered_on)},"
        if letter.delivered_on
        else ""
    )
    if letter.kind is LetterKind.FINAL_DEMAND:
        return (
            f"pismem z dnia {day}{delivered} powód wezwał pozwanego do zapłaty "
            "(ostateczne przedsądowe wezwanie do zapłaty)"
        )
    if letter.kind is LetterKind.REMINDER:
        return f"pismem z dnia {day}{delivered} powód wezwał pozwanego do zapłaty"
    if letter.kind is LetterKind.EMAIL:
        return f"w dniu {day} strony prowadziły korespondencję e-mail w przedmiocie zapłaty"
    if letter.kind is LetterKind.PHONE_NOTE:
        return f"w dniu {day} strony prowadziły rozmowę telefoniczną w przedmiocie zapłaty"
    parts = []
    if letter.acknowledges_debt:
        parts.append("uznał dług")
    if letter.requests_instalments:
        parts.append("wniósł o rozłożenie należności na raty")
    return f"pismem z dnia {day} pozwany " + " i ".join(parts) + ", lecz należności nie zapłacił"


def contract_sentence(case: CaseFile, numbers: Sequence[int], epu: bool) -> str:
    c = case.contract
    if c is None:
        return ""
    number = f" nr {c.number}" if c.number else ""
    signed = f" z dnia {format_date(c.signed_on)}" if c.signed_on else ""
    ref = exhibit_ref(numbers, epu).strip(" ()")
    notes = [f"przedmiot umowy: {quoted_subject(c.subject)}" if c.subject else "", ref]
    inner = "; ".join(n for n in notes if n)
    return f"Strony łączyła umowa{number}{signed}" + (f" ({inner})" if inner else "") + "."


def document_date(e: Exhibit) -> str:
    return format_date_or(e.doc_date, "-")
