"""The e-Sąd (EPU) bulk-filing package: ``Pozwy`` holding ``PozewEPU`` version 2.0 elements.

Built from the same ``CaseFile`` + ``ClaimComputation`` + exhibits as the paper pozew, for
cases whose chosen procedure is EPU. Evidence is described (``Dowod``), never attached
(art. 505^32 § 1 KPC). Per claimed invoice (principal due, not time-barred under every
reading: ``documents.context.claimed_invoices``) one ``Roszczenie`` for the remaining
principal with interest "do dnia zapłaty" from the legal core's interest start
(``czyUstawowe`` 15 = odsetki ustawowe za opóźnienie w transakcjach handlowych, 8 = odsetki
ustawowe za opóźnienie, TypyDanych.xsd), and one for its rekompensata (no interest).
``dataWymagalnosci`` is the day after the payment deadline as moved by art. 115 KC (K3) - a
partial payment does not change it. ``WartoscSporu`` is, per the XSD, the sum of the claims
listed; the court fee (full złoty, rounded up) and the attorney fee are the legal core's
figures. Texts are the court-facing ones of the paper pozew: Polish dates, evidence named by
kind and number (``dowód nr N``), never the creditor's notes.

Validation uses the official schemas shipped unchanged in ``documents/epu_schemas`` (release
2.2.2). They do not compose as published: TypyDanych.xsd declares the namespace
``http://www.e-sad.gov.pl/epu`` while the rest use ``http://www.currenda.pl/epu``, and
Pozwy.xsd fixes PozewEPU/@version to "1.0". So, in memory only: TypyDanych.xsd is loaded with
its namespace rewritten, and the package schema is Pozwy.xsd with its own PozewEPU type
replaced by an include of Pozew_EPU.xsd (the 2.0 definition).

Exceptions::

    EpuError
     +-- NotEpu             the case's procedure is not EPU
     +-- EpuDataError       data the court requires is missing or does not fit the format
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

from lxml import etree

from documents import phrases
from documents.context import (
    EPU_COURT,
    EPU_DIVISION,
    DocumentInputs,
    claimed_invoices,
    facts_context,
    falls_due,
)
from documents.firm import FirmProfile
from documents.format import format_date
from law.case import Address, CaseFile, EvidenceKind, Party, PartyKind
from law.citation import money
from law.evidence import Exhibit
from law.pl.claim import ClaimComputation
from law.pl.fees import Procedure
from law.pl.rates import InterestKind

SCHEMAS = Path(__file__).resolve().parent / "epu_schemas"
NS = "http://www.currenda.pl/epu"
TYPES_NS = "http://www.e-sad.gov.pl/epu"
XSD_NS = "http://www.w3.org/2001/XMLSchema"
VERSION = "2.0"
LABEL_MAX = 60
TEXT_MAX = 32000
INTEREST_CODE = {
    InterestKind.STATUTORY: "8",  # z odsetkami ustawowymi za opóźnienie
    InterestKind.COMMERCIAL: "15",  # ... za opóźnienie w transakcjach handlowych
    InterestKind.COMMERCIAL_HEALTHCARE: "15",
}
PARTY_KIND_CODE = {
    PartyKind.CONSUMER: "0",  # osoba fizyczna
    PartyKind.SOLE_TRADER: "1",  # osoba fizyczna prowadząca działalność
    PartyKind.COMPANY: "2",  # osoba prawna
    PartyKind.PUBLIC_HEALTHCARE: "2",
}
EVIDENCE_TYPE = {EvidenceKind.CONTRACT: "umowa", EvidenceKind.INVOICE: "faktura"}
EPU_COURT_ADDRESS = {
    "ulica": "ul. Boczna Lubomelskiej",
    "nr_domu": "13",
    "kod": "20-070",
    "miejscowosc": "Lublin",
}
_STREET_RE = re.compile(
    r"^(?P<street>.*?)\s*(?P<number>\d+[A-Za-z]?(?:/\d+[A-Za-z]?)?)"
    r"(?:\s*(?:m\.|lok\.|lokal)\s*(?P<unit>\w+))?$"
)


class EpuError(Exception):
    pass


class NotEpu(EpuError):
    pass


class EpuDataError(EpuError):
    pass


@dataclass(frozen=True, slots=True)
class EpuFiling:
    """One case to file: the same inputs the paper documents use."""

    case: CaseFile
    claim: ClaimComputation
    exhibits: tuple[Exhibit, ...]


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


def _sub(
    parent: etree._Element, name: str, text: str | None = None, **attrs: str
) -> etree._Element:
    el = etree.SubElement(parent, _q(name), {k: v for k, v in attrs.items() if v != ""})
    if text is not None:
        el.text = text
    return el


def _amount(value: Decimal) -> str:
    return f"{money(value):.2f}"


def split_street(address: Address) -> dict[str, str]:
    """``ul. Lipowa 5 m. 7`` -> ulica ``ul. Lipowa``, nr_domu ``5``, nr_mieszkania ``7``."""
    street = address.street.strip()
    match = _STREET_RE.match(street)
    if not match or not match["number"]:
        raise EpuDataError(f"nie znaleziono numeru domu w adresie {street!r}")
    number, unit = match["number"], match["unit"] or ""
    if not unit and "/" in number:
        number, unit = number.split("/", 1)
    ulica = match["street"].strip(" ,") or address.city
    return {"ulica": ulica, "nr_domu": number, "nr_mieszkania": unit}


def _address(parent: etree._Element, address: Address, name: str = "Adres") -> None:
    if not address.postcode or not address.city:
        raise EpuDataError(f"adres bez kodu pocztowego lub miejscowości: {address.one_line()!r}")
    parts = split_street(address)
    _sub(
        parent,
        name,
        ulica=parts["ulica"][:100],
        nr_domu=parts["nr_domu"],
        nr_mieszkania=parts["nr_mieszkania"],
        kod=address.postcode,
        miejscowosc=address.city[:60],
    )


def person_names(party: Party) -> tuple[str, str]:
    """First name and surname of a natural person (sole trader: before "prowadząc...")."""
    person = re.split(r"\s+prowadząc", party.name, maxsplit=1)[0].strip()
    words = person.split()
    if len(words) < 2:
        raise EpuDataError(f"nie można rozdzielić imienia i nazwiska: {party.name!r}")
    return words[0], " ".join(words[1:])


def party_identity(el: etree._Element, party: Party) -> None:
    """A party's identity in the EPU types (TypyDanych.xsd): a natural person's names and
    PESEL or an institution's name, seat, REGON and KRS, then NIP and address. Shared by the
    pozew package and the enforcement application (documents.enforcement_epu)."""
    if party.kind in (PartyKind.CONSUMER, PartyKind.SOLE_TRADER):
        first, last = person_names(party)
        person = _sub(el, "OsobaFizyczna")
        _sub(person, "Imie", first[:30])
        _sub(person, "Nazwisko", last[:60])
        if party.kind is PartyKind.SOLE_TRADER:
            _sub(person, "Nazwa", party.name[:200])
        if party.pesel:
            _sub(person, "PESEL", party.pesel)
    else:
        inst = _sub(el, "Instytucja")
        _sub(inst, "Nazwa", party.name[:200])
        _sub(inst, "Siedziba", party.address.city[:60])
        if party.regon:
            _sub(inst, "REGON", party.regon)
        _sub(inst, "czyRejestr", "1" if party.krs else "0")
        if party.krs:
            _sub(inst, "KRS", party.krs)
    if party.nip:
        _sub(el, "NIP", party.nip)
    _address(el, party.address)


def _party(parent: etree._Element, tag: str, party: Party, party_id: int) -> None:
    el = _sub(parent, tag, ID=str(party_id))
    _sub(el, "ObcokrajowiecString", "" if party.address.country == "PL" else party.address.country)
    _sub(el, "Obcokrajowiec", "false" if party.address.country == "PL" else "true")
    has_ids = any((party.nip, party.pesel, party.krs, party.regon))
    _sub(el, "BrakNumerowIdentyfikacyjnych", "false" if has_ids else "true")
    _sub(el, "reprezentacja", "1")
    _sub(el, "rodzajStrony", PARTY_KIND_CODE[party.kind])
    party_identity(el, party)


def _attorney(parent: etree._Element, firm: FirmProfile, tag: str = "Osoba") -> None:
    if not firm.attorney_pesel:
        raise EpuDataError(
            "e-Sąd wymaga numeru PESEL pełnomocnika (profil kancelarii: attorney_pesel)"
        )
    osoba = _sub(parent, tag)
    _sub(osoba, "Imie", firm.attorney_first_name[:30])
    _sub(osoba, "Nazwisko", firm.attorney_last_name[:60])
    _sub(osoba, "PESEL", firm.attorney_pesel)
    _sub(osoba, "stanowisko", firm.attorney_title[:60])


def _exhibit_type(e: Exhibit) -> str:
    return EVIDENCE_TYPE.get(e.kind, "inny")


def pozew_element(
    filing: EpuFiling,
    firm: FirmProfile,
    filed_on: date,
    pozew_id: int,
    power_of_attorney: str = "",
) -> etree._Element:
    """One ``PozewEPU`` (version 2.0) for ``filing``."""
    case, claim, exhibits = filing.case, filing.claim, filing.exhibits
    if claim.procedure is not Procedure.EPU:
        raise NotEpu(f"sprawa {case.external_ref}: tryb {claim.procedure.value}, nie EPU")
    if len(exhibits) > 127:
        raise EpuDataError("e-Sąd przyjmuje najwyżej 127 dowodów w jednym pozwie")
    root = etree.Element(_q("PozewEPU"), nsmap={"curr": NS})
    root.set("ID", str(pozew_id))
    root.set("version", VERSION)
    root.set("dataZlozenia", filed_on.isoformat())

    adresat = _sub(root, "Adresat", ID="0")
    _sub(adresat, "Nazwa", EPU_COURT)
    _sub(adresat, "Wydzial", EPU_DIVISION)
    _sub(adresat, "Adres", **EPU_COURT_ADDRESS)

    podstawa = power_of_attorney or (
        f"pełnomocnictwo udzielone przez {case.creditor.name} - "
        f"{firm.attorney_title} {firm.attorney_name}"
        + (f", nr wpisu {firm.bar_number}" if firm.bar_number else "")
    )
    skladajacy = _sub(root, "OsobaSkladajaca", pelnomocnik="1", podstawa=podstawa)
    _attorney(skladajacy, firm)
    _sub(skladajacy, "Nazwa", firm.firm_name[:200])
    _address(skladajacy, firm.address)

    _party(_sub(root, "ListaPowodow"), "Powod", case.creditor, 1)
    _party(_sub(root, "ListaPozwanych"), "Pozwany", case.debtor, 2)
    _sub(root, "SprawaWgPowoda", case.external_ref[:60])

    inputs = DocumentInputs(case, claim, firm, exhibits, filed_on)
    claimed = claimed_invoices(inputs)
    listed = sum((i.principal.value for i in claimed), Decimal(0))
    listed += sum((i.compensation.value for i in claimed if i.compensation), Decimal(0))
    listed += sum(
        (i.capitalised_interest.value for i in claimed if i.capitalised_interest), Decimal(0)
    )
    _sub(root, "WartoscSporu", _amount(listed))
    _sub(
        root, "OplataSadowa", wartosc=_amount(claim.court_fee.value), zwolnienie="0", zasadzenie="1"
    )
    _sub(
        root,
        "KosztyZastepstwa",
        wartosc=_amount(claim.attorney_fee.value),
        zasadzenie="1",
        wgNorm="1",
    )
    _sub(
        root,
        "InneKoszty",
        wartosc=_amount(claim.stamp_duty.value),
        zasadzenie="1",
        wgNorm="0",
        opis="opłata skarbowa od pełnomocnictwa",
    )
    if len(firm.account_digits) != 26:
        raise EpuDataError(
            "rachunek do zwrotu opłat musi mieć 26 cyfr NRB (profil kancelarii: bank_account)"
        )
    rachunek = _sub(root, "RachunekDoZwrotuOplat")
    _sub(rachunek, "NumerRachunkuDoZwrotuOplat", firm.account_digits)
    _sub(rachunek, "WlascicielRachunku", firm.firm_name[:150])

    roszczenia = _sub(root, "ListaRoszczen")
    typ = "1" if claim.gospodarcze else "0"
    issue = {i.number: i.issue_date for i in case.invoices}
    number = 0
    for inv in claimed:
        proofs = [e.number for e in exhibits if e.invoice_number == inv.number]
        due = falls_due(inv).isoformat()
        if inv.principal.value > 0:
            number += 1
            r = _sub(
                roszczenia,
                "Roszczenie",
                numer=str(number),
                wartosc=_amount(inv.principal.value),
                waluta="PLN",
                opis=(
                    f"należność z faktury VAT nr {inv.number} z dnia "
                    f"{format_date(issue[inv.number])}"
                ),
                odsetki="1",
                solidarnie="1",
                typ=typ,
                dataWymagalnosci=due,
            )
            odsetki = _sub(r, "Odsetki")
            _sub(
                odsetki,
                "OkresOdsetkowy",
                dataOd=inv.interest_from.isoformat(),
                czyUstawowe=INTEREST_CODE[inv.interest_kind],
                doZaplaty="1",
            )
            _refs(r, proofs)
        capitalised = inv.capitalised_interest
        if capitalised is not None and capitalised.value > 0:
            # interest accrued before a payment and not paid by it: its own claim, with
            # interest from the filing day (art. 482 § 1 KC)
            number += 1
            until = max(
                (a.paid_on for a in claim.allocations if a.invoice_number == inv.number),
                default=filed_on,
            )
            r = _sub(
                roszczenia,
                "Roszczenie",
                numer=str(number),
                wartosc=_amount(capitalised.value),
                waluta="PLN",
                opis=(
                    f"skapitalizowane {phrases.INTEREST_NOMINATIVE[inv.interest_kind]} od "
                    f"należności z faktury VAT nr {inv.number} za okres od dnia "
                    f"{format_date(falls_due(inv))} do dnia {format_date(until)} "
                    "(art. 482 § 1 KC)"
                ),
                odsetki="1",
                solidarnie="1",
                typ=typ,
                dataWymagalnosci=until.isoformat(),  # accrued and due by the period's end
            )
            _sub(
                _sub(r, "Odsetki"),
                "OkresOdsetkowy",
                dataOd=(inv.capitalised_interest_from or filed_on).isoformat(),
                czyUstawowe=INTEREST_CODE[InterestKind.STATUTORY],
                doZaplaty="1",
            )
            _refs(r, proofs)
        if inv.compensation is not None:
            number += 1
            since = inv.compensation_interest_from
            r = _sub(
                roszczenia,
                "Roszczenie",
                numer=str(number),
                wartosc=_amount(inv.compensation.value),
                waluta="PLN",
                opis=(
                    f"rekompensata za koszty odzyskiwania należności z faktury VAT nr "
                    f"{inv.number} (równowartość {inv.compensation_eur} EUR, art. 10 ust. 1 "
                    "u.p.n.o.t.h.)"
                ),
                odsetki="1" if since else "0",
                solidarnie="1",
                typ=typ,
                dataWymagalnosci=(inv.compensation_due_on or falls_due(inv)).isoformat(),
            )
            if since:  # art. 481 KC: delay interest from the day after it fell due (K8)
                _sub(
                    _sub(r, "Odsetki"),
                    "OkresOdsetkowy",
                    dataOd=since.isoformat(),
                    czyUstawowe=INTEREST_CODE[InterestKind.STATUTORY],
                    doZaplaty="1",
                )
            _refs(r, proofs)

    dowody = _sub(root, "ListaDowodow")
    for e in exhibits:
        title = phrases.exhibit_title(e, case)
        d = _sub(
            dowody,
            "Dowod",
            numer=str(e.number),
            typDowodu=_exhibit_type(e),
            oznaczenie=(
                e.invoice_number if e.invoice_number and e.kind is EvidenceKind.INVOICE else title
            )[:120],
            dataDowodu=e.doc_date.isoformat() if e.doc_date else "",
        )
        _sub(d, "FaktStwierdzany", phrases.exhibit_proves(e, case))
        day = f" z dnia {format_date(e.doc_date)}" if e.doc_date else ""
        _sub(d, "Opis", f"{title}{day}")

    text = "\n".join(facts_context(inputs))
    _sub(root, "Uzasadnienie", text[:TEXT_MAX])
    _attorney(_sub(root, "ListaPodpisow"), firm, "Podpis")
    return root


def _refs(parent: etree._Element, numbers: Sequence[int]) -> None:
    if numbers:
        refs = _sub(parent, "Dowody")
        for n in numbers:
            _sub(refs, "Dowod", str(n))


def build_epu_package(
    filings: Sequence[EpuFiling],
    firm: FirmProfile,
    label: str,
    filed_on: date,
    power_of_attorney: str = "",
) -> bytes:
    """The ``Pozwy`` package (UTF-8 XML bytes) for ``filings``; IDs are 1..n in order."""
    if not filings:
        raise EpuDataError("paczka EPU musi zawierać co najmniej jeden pozew")
    if not label or len(label) > LABEL_MAX:
        raise EpuDataError(
            f"oznaczenie paczki (OznaczeniePaczki) musi mieć od 1 do {LABEL_MAX} znaków"
        )
    root = etree.Element(_q("Pozwy"), nsmap={"curr": NS})
    root.set("OznaczeniePaczki", label)
    for n, filing in enumerate(filings, start=1):
        root.append(pozew_element(filing, firm, filed_on, n, power_of_attorney))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# --- validation ---------------------------------------------------------------------------


class _SchemaResolver(etree.Resolver):
    """Serves TypyDanych.xsd (namespace rewritten) and Pozew_EPU.xsd from memory."""

    def __init__(self, files: dict[str, bytes]) -> None:
        super().__init__()
        self.files = files

    def resolve(self, system_url: str, public_id: str, context: object) -> object:
        name = system_url.replace("\\", "/").rsplit("/", 1)[-1]
        if name in self.files:
            return self.resolve_string(self.files[name], context, base_url=name)
        return None


def _read(name: str) -> bytes:
    data = (SCHEMAS / name).read_bytes()
    return data.removeprefix(b"\xef\xbb\xbf")


@cache
def package_schema() -> etree.XMLSchema:
    """Pozwy (package root) whose PozewEPU children follow Pozew_EPU.xsd version 2.0."""
    types = _read("TypyDanych.xsd").replace(TYPES_NS.encode(), NS.encode())
    pozew = _read("Pozew_EPU.xsd")
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    parser.resolvers.add(_SchemaResolver({"TypyDanych.xsd": types, "Pozew_EPU.xsd": pozew}))
    package = etree.fromstring(_read("Pozwy.xsd"), parser, base_url="Pozwy.xsd")
    package = copy.deepcopy(package)
    for el in package.findall(f"{{{XSD_NS}}}complexType"):
        if el.get("name") == "PozewEPU":
            package.remove(el)
    include = etree.Element(f"{{{XSD_NS}}}include", schemaLocation="Pozew_EPU.xsd")
    package.insert(0, include)
    doc = etree.fromstring(etree.tostring(package), parser, base_url="Pozwy.xsd")
    return etree.XMLSchema(doc)


def validate_epu(xml: bytes) -> list[str]:
    """Errors of an EPU package against the official schemas; empty when it is valid."""
    try:
        doc = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        return [f"XML nieprawidłowy: {exc}"]
    schema = package_schema()
    errors = []
    if not schema.validate(doc):
        errors = [f"linia {e.line}: {e.message}" for e in schema.error_log]  # type: ignore[attr-defined]
    ids = []
    for pozew in doc.iter(_q("PozewEPU")):
        ids.append(pozew.get("ID"))
        if pozew.get("version") != VERSION:
            errors.append(
                f"linia {pozew.sourceline}: PozewEPU/@version musi być {VERSION}, "
                f"jest {pozew.get('version')!r}"
            )
    if len(ids) != len(set(ids)):
        errors.append("PozewEPU/@ID musi być unikalne w paczce")
    return errors
