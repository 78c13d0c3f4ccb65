"""The e-Sąd (EPU) wniosek egzekucyjny: ``WnioskiEgzekucyjneEPU`` holding ``WniosekEgzekucyjny``.

Built for a case whose EPU nakaz zapłaty is final and carries the electronic clause
(``law.pl.enforcement.next_step``: recorded, no clause application). The court's own
identifiers (IDNakazu, KodDecyzji, IDKlauzuli, KodKlauzuli, the komornik's ID in e-Sąd) come
from the court's history of the case and are never guessed: :class:`EpuTitle` takes them as
given. The claims are those the nakaz awarded, by default the pozew's claims
(:func:`claims_from_pozew`: per claimed invoice its principal with interest "do dnia
zapłaty" from the legal core's interest start, and its rekompensata) plus the costs awarded
(``typ`` 13 = koszty procesu, TypyDanych.xsd). The ways of enforcement are listed per
debtor (``ListaSposobow``, ``typRodzajSposobu``); the choice of komornik is the creditor's,
to be confirmed by a person (``law.pl.enforcement.komornik_competence``).

Validation: WnioskiEgzekucyjneEPU.xsd composed with TypyDanych.xsd (its namespace rewritten
in memory, as for the pozew package: ``documents.epu``); WniosekEgzekucyjny.xsd is not
loaded with it (both define the global type WniosekEgzekucyjny; shared/epu/README.md).
Errors raise ``documents.epu.EpuDataError``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache

from lxml import etree

from documents.context import DocumentInputs, claimed_invoices
from documents.epu import (
    EPU_COURT,
    EPU_DIVISION,
    INTEREST_CODE,
    LABEL_MAX,
    NS,
    TYPES_NS,
    EpuDataError,
    EpuFiling,
    _address,
    _amount,
    _attorney,
    _q,
    _read,
    _SchemaResolver,
    _sub,
    party_identity,
)
from documents.firm import FirmProfile
from documents.format import format_date
from law.case import CaseFile, Party, PartyKind
from law.pl.enforcement import Way
from law.pl.rates import InterestKind

PACKAGE_SCHEMA = "WnioskiEgzekucyjneEPU.xsd"
VERSION = "1.0"  # WniosekEgzekucyjny/@version is fixed to 1.0 by the schema
COSTS_TYPE = "13"  # typRoszczenieNakazTypRoszczenia: koszty procesu
WAY_KIND: dict[Way, str] = {  # typRodzajSposobu
    Way.BANK: "z rachunków bankowych",
    Way.WYNAGRODZENIE: "z wynagrodzenia za pracę",
    Way.RUCHOMOSCI: "z ruchomości",
    Way.NIERUCHOMOSCI: "z nieruchomości",
    Way.WIERZYTELNOSCI: "z wierzytelności",
}
WAY_ORDER = (Way.BANK, Way.WYNAGRODZENIE, Way.WIERZYTELNOSCI, Way.RUCHOMOSCI, Way.NIERUCHOMOSCI)
PARTY_KIND = {
    PartyKind.CONSUMER: "0",
    PartyKind.SOLE_TRADER: "1",
    PartyKind.COMPANY: "2",
    PartyKind.PUBLIC_HEALTHCARE: "2",
}


@dataclass(frozen=True, slots=True)
class EpuTitle:
    """The EPU nakaz with its electronic clause, as the court's history shows them."""

    order_id: int  # IDNakazu
    signature: str  # sygnatura of the nakaz (e.g. "VI Nc-e 1234567/25")
    issued_on: date  # DataNakazu
    decision_code: int  # KodDecyzji
    clause_id: int  # IDKlauzuli
    clause_signature: str
    clause_on: date  # DataKlauzuli
    clause_code: str  # KodKlauzuli


@dataclass(frozen=True, slots=True)
class TitleClaim:
    """One claim the nakaz awarded (``Roszczenie`` of ``typRoszczenieNakaz``)."""

    amount: Decimal
    description: str
    commercial: bool  # typ 1 (gospodarcze) or 0 (cywilne)
    interest_from: date | None = None
    interest_kind: InterestKind = InterestKind.STATUTORY


@dataclass(frozen=True, slots=True)
class EpuEnforcement:
    case: CaseFile
    title: EpuTitle
    claims: tuple[TitleClaim, ...]
    costs_awarded: Decimal
    ways: frozenset[Way]
    komornik_id: int
    komornik: str
    asset_search: bool = False  # ZleceniePoszukiwaniaMajatku


def claims_from_pozew(
    filing: EpuFiling, firm: FirmProfile, filed_on: date
) -> tuple[TitleClaim, ...]:
    """The claims of the pozew as filed, which a nakaz in full awards."""
    inputs = DocumentInputs(filing.case, filing.claim, firm, filing.exhibits, filed_on)
    issue = {i.number: i.issue_date for i in filing.case.invoices}
    commercial = filing.claim.gospodarcze
    lines: list[TitleClaim] = []
    for inv in claimed_invoices(inputs):
        if inv.principal.value > 0:
            lines.append(
                TitleClaim(
                    inv.principal.value,
                    f"należność z faktury VAT nr {inv.number} z dnia "
                    f"{format_date(issue[inv.number])}",
                    commercial,
                    inv.interest_from,
                    inv.interest_kind,
                )
            )
        if inv.compensation is not None and inv.compensation.value > 0:
            lines.append(
                TitleClaim(
                    inv.compensation.value,
                    f"rekompensata za koszty odzyskiwania należności z faktury nr {inv.number}",
                    commercial,
                )
            )
    return tuple(lines)


def _side(parent: etree._Element, tag: str, party: Party, party_id: int) -> etree._Element:
    el = _sub(parent, tag, ID=str(party_id))
    _sub(el, "rodzaj", PARTY_KIND[party.kind])
    party_identity(el, party)
    return el


def wniosek_element(
    request: EpuEnforcement, firm: FirmProfile, requested_on: date, wniosek_id: int
) -> etree._Element:
    """One ``WniosekEgzekucyjny`` (version 1.0) for ``request``."""
    if not request.ways:
        raise EpuDataError("wskaż co najmniej jeden sposób egzekucji")
    if not request.claims:
        raise EpuDataError("wniosek egzekucyjny bez roszczeń z nakazu")
    if requested_on < request.title.clause_on:
        raise EpuDataError(
            f"data wniosku {requested_on.isoformat()} jest wcześniejsza niż nadanie klauzuli "
            f"({request.title.clause_on.isoformat()})"
        )
    case, title = request.case, request.title
    root = etree.Element(_q("WniosekEgzekucyjny"), nsmap={"curr": NS})
    root.set("ID", str(wniosek_id))
    root.set("version", VERSION)
    root.set("dataWniosku", requested_on.isoformat())

    komornik = _sub(root, "Komornik", ID=str(request.komornik_id))
    _sub(komornik, "Nazwa", request.komornik.strip()[:200])
    sad = _sub(root, "Sad")
    _sub(sad, "Nazwa", EPU_COURT)
    _sub(sad, "Wydzial", EPU_DIVISION)
    nakaz = _sub(root, "Nakaz")
    _sub(nakaz, "IDNakazu", str(title.order_id))
    _sub(nakaz, "Sygnatura", title.signature[:30])
    _sub(nakaz, "DataNakazu", title.issued_on.isoformat())
    _sub(nakaz, "KodDecyzji", str(title.decision_code))
    klauzula = _sub(root, "Klauzula")
    _sub(klauzula, "IDNakazu", str(title.order_id))
    _sub(klauzula, "IDKlauzuli", str(title.clause_id))
    _sub(klauzula, "Sygnatura", title.clause_signature[:120])
    _sub(klauzula, "DataKlauzuli", title.clause_on.isoformat())
    _sub(klauzula, "KodKlauzuli", title.clause_code[:20])

    podstawa = (
        f"pełnomocnictwo udzielone przez {case.creditor.name} - "
        f"{firm.attorney_title} {firm.attorney_name}"
        + (f", nr wpisu {firm.bar_number}" if firm.bar_number else "")
    )
    skladajacy = _sub(root, "OsobaSkladajaca", pelnomocnik="1", podstawa=podstawa)
    _attorney(skladajacy, firm)
    _sub(skladajacy, "Nazwa", firm.firm_name[:200])
    _address(skladajacy, firm.address)

    wierzyciel = _side(_sub(root, "ListaWierzycieli"), "Wierzyciel", case.creditor, 1)
    account = "".join(ch for ch in (case.creditor.bank_account or "") if ch.isdigit())
    if account:
        _sub(wierzyciel, "KontoBankowe", account[:30])
    dluznik = _side(_sub(root, "ListaDluznikow"), "Dluznik", case.debtor, 2)
    sposoby = _sub(dluznik, "ListaSposobow")
    for way in WAY_ORDER:
        if way in request.ways:
            el = _sub(sposoby, "SposobEgzekucji")
            _sub(el, "Rodzaj", WAY_KIND[way])
            _sub(el, "Opis", f"egzekucja {WAY_KIND[way]} dłużnika")

    roszczenia = _sub(root, "ListaRoszczen")
    number = 0
    for line in request.claims:
        number += 1
        r = _sub(
            roszczenia,
            "Roszczenie",
            numer=str(number),
            wartosc=_amount(line.amount),
            waluta="PLN",
            opis=line.description,
            odsetki="1" if line.interest_from is not None else "0",
            solidarnie="1",
            typ="1" if line.commercial else "0",
        )
        if line.interest_from is not None:
            _sub(
                _sub(r, "Odsetki"),
                "OkresOdsetkowy",
                dataOd=line.interest_from.isoformat(),
                czyUstawowe=INTEREST_CODE[line.interest_kind],
                doZaplaty="1",
            )
    if request.costs_awarded > 0:
        number += 1
        _sub(
            roszczenia,
            "Roszczenie",
            numer=str(number),
            wartosc=_amount(request.costs_awarded),
            waluta="PLN",
            opis=f"koszty postępowania zasądzone nakazem {title.signature}",
            odsetki="0",
            solidarnie="1",
            typ=COSTS_TYPE,
        )
    _sub(
        root,
        "KosztyZastepstwa",
        wartosc=_amount(Decimal(0)),
        zasadzenie="1",
        wgNorm="1",
        opis="koszty zastępstwa w postępowaniu egzekucyjnym według norm przepisanych",
    )
    _sub(root, "ZleceniePoszukiwaniaMajatku", "1" if request.asset_search else "0")
    return root


def build_enforcement_package(
    requests: Sequence[EpuEnforcement], firm: FirmProfile, label: str, requested_on: date
) -> bytes:
    """The ``WnioskiEgzekucyjneEPU`` package (UTF-8 XML bytes); IDs are 1..n in order."""
    if not requests:
        raise EpuDataError("paczka wniosków egzekucyjnych musi zawierać co najmniej jeden wniosek")
    if not label or len(label) > LABEL_MAX:
        raise EpuDataError(
            f"oznaczenie paczki (OznaczeniePaczki) musi mieć od 1 do {LABEL_MAX} znaków"
        )
    root = etree.Element(_q("WnioskiEgzekucyjneEPU"), nsmap={"curr": NS})
    root.set("OznaczeniePaczki", label)
    for n, request in enumerate(requests, start=1):
        root.append(wniosek_element(request, firm, requested_on, n))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


@cache
def enforcement_schema() -> etree.XMLSchema:
    """WnioskiEgzekucyjneEPU.xsd with TypyDanych.xsd in the currenda namespace."""
    types = _read("TypyDanych.xsd").replace(TYPES_NS.encode(), NS.encode())
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    parser.resolvers.add(_SchemaResolver({"TypyDanych.xsd": types}))
    package = etree.fromstring(_read(PACKAGE_SCHEMA), parser, base_url=PACKAGE_SCHEMA)
    if package.find("{http://www.w3.org/2001/XMLSchema}include") is None:
        include = etree.Element(
            "{http://www.w3.org/2001/XMLSchema}include", schemaLocation="TypyDanych.xsd"
        )
        package.insert(0, include)
        package = etree.fromstring(etree.tostring(package), parser, base_url=PACKAGE_SCHEMA)
    return etree.XMLSchema(package)


def validate_enforcement(xml: bytes) -> list[str]:
    """Errors of a package against the official schema; empty when it is valid."""
    try:
        doc = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        return [f"XML nieprawidłowy: {exc}"]
    schema = enforcement_schema()
    if schema.validate(doc):
        return []
    return [f"linia {e.line}: {e.message}" for e in schema.error_log]  # type: ignore[attr-defined]
