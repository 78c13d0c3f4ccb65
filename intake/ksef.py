"""KSeF structured invoices (FA(3)) handed over with a case: read, validate, cross-check.

The XML is validated against the FA(3) schema that ``ksef-client`` ships
(``ksef_client/documents/fa3/schemas``: schemat_FA(3)_v1-0E.xsd and the three MF type
libraries it includes), compiled once with lxml and a resolver that reads only those bundled
files (never the network), and read into a model by ``ksef_client.documents.fa3
.parse_invoice_xml`` (which refuses DTDs and entities). The declared gross total is the
schema's ``Fa/P_15``. The XML is the source of truth for the figures: where the case document
says something else, that is an error naming both values.

The KSeF number itself is checked in ``law.pl.ksef`` (format, CRC-8, calendar).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path
from typing import Any

import httpx
from ksef_client.documents.fa3 import FA3ParseError, parse_invoice_xml
from ksef_client.documents.fa3.domain import PartyIdentifierKind
from lxml import etree

from intake import formats
from intake.files import HashedFile
from intake.ksef_upo import UpoError, read_upo, upo_errors
from intake.validation import normalized_account, normalized_id
from integrations.ksef import TOKEN_ENV as TOKEN_ENV  # re-exported
from integrations.ksef import KsefFetchError, missing_token_message
from law.pl.ksef import KsefNumber, KsefNumberError, parse_ksef_number
from law.pl.text import pl_date, pl_money

FA3_NS = "http://crd.gov.pl/wzor/2025/06/25/13775/"
_SCHEMA_PACKAGE = "ksef_client.documents.fa3.schemas"
_SCHEMA_MAIN = "schemat_FA(3)_v1-0E.xsd"
_BUNDLED = frozenset(
    {
        _SCHEMA_MAIN,
        "StrukturyDanych_v10-0E.xsd",
        "ElementarneTypyDanych_v10-0E.xsd",
        "KodyKrajow_v10-0E.xsd",
    }
)
MAX_XML_BYTES = 10 * 1024 * 1024


class KsefXmlError(ValueError):
    """The XML is not a valid FA(3) invoice; the message is one Polish line."""


@dataclass(frozen=True, slots=True)
class Fa3Line:
    description: str
    quantity: Decimal | None
    unit: str
    unit_net_price: Decimal | None
    net: Decimal | None
    vat_rate: str


@dataclass(frozen=True, slots=True)
class Fa3Invoice:
    """What a collections case needs from an FA(3) invoice."""

    number: str  # P_2
    issue_date: date  # P_1
    sale_date: date | None  # P_6
    currency: str  # KodWaluty
    gross: Decimal  # P_15
    seller_nip: str | None
    seller_name: str
    seller_address: str
    buyer_nip: str | None
    buyer_name: str
    buyer_address: str
    due_dates: tuple[date, ...]
    bank_accounts: tuple[str, ...]  # digits only
    lines: tuple[Fa3Line, ...]


class _BundledOnly(etree.Resolver):
    """Resolve schema includes to the files ksef-client ships; refuse everything else."""

    def resolve(self, url: str, pubid: str | None, context: Any) -> Any:
        name = Path(url).name
        if name not in _BUNDLED:
            raise KsefXmlError(f"schemat {url} nie należy do schematu FA(3)")
        with resources.as_file(resources.files(_SCHEMA_PACKAGE) / name) as path:
            return self.resolve_filename(str(path), context)


@functools.cache
def fa3_schema() -> etree.XMLSchema:
    """The FA(3) schema shipped with ksef-client, compiled once per process."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(_BundledOnly())
    with resources.as_file(resources.files(_SCHEMA_PACKAGE) / _SCHEMA_MAIN) as path:
        return etree.XMLSchema(etree.parse(str(path), parser))


_SAFE = etree.XMLParser(
    no_network=True, resolve_entities=False, load_dtd=False, huge_tree=False, remove_comments=True
)


def read_fa3(data: bytes) -> Fa3Invoice:
    """Validate ``data`` against FA(3) and read it; ``KsefXmlError`` in Polish otherwise."""
    if len(data) > MAX_XML_BYTES:
        raise KsefXmlError(f"plik XML ma {len(data)} bajtów, limit to {MAX_XML_BYTES}")
    try:
        root = etree.fromstring(data, _SAFE)
    except etree.XMLSyntaxError as exc:
        raise KsefXmlError(f"plik nie jest poprawnym XML (uszkodzony?): {exc}") from None
    if root.getroottree().docinfo.doctype:
        raise KsefXmlError("plik XML zawiera deklarację DOCTYPE (niedozwoloną w FA(3))")
    if root.tag != f"{{{FA3_NS}}}Faktura":
        name = etree.QName(root).localname
        raise KsefXmlError(f"to nie jest faktura ustrukturyzowana FA(3): element główny {name}")
    schema = fa3_schema()
    try:
        valid = schema.validate(root)
    except etree.XMLSchemaValidateError as exc:
        raise KsefXmlError(f"XML niezgodny ze schematem FA(3): {exc}") from None
    if not valid:
        err = schema.error_log.last_error
        where = f" (wiersz {err.line})" if err is not None else ""
        detail = err.message if err is not None else "nieznany błąd"
        raise KsefXmlError(f"XML niezgodny ze schematem FA(3){where}: {detail}")
    try:
        model = parse_invoice_xml(data)
    except FA3ParseError as exc:
        raise KsefXmlError(f"nie można odczytać faktury FA(3): {exc}") from None
    p15 = root.findtext(f"{{{FA3_NS}}}Fa/{{{FA3_NS}}}P_15")
    try:
        gross = Decimal(p15 or "")
    except InvalidOperation:
        raise KsefXmlError("brak kwoty należności ogółem (P_15) w fakturze FA(3)") from None
    terms = model.payment_terms
    return Fa3Invoice(
        number=model.invoice_number,
        issue_date=model.issue_date,
        sale_date=model.sale_date,
        currency=model.currency,
        gross=gross,
        seller_nip=_nip(model.seller.identifier),
        seller_name=model.seller.name,
        seller_address=_address(model.seller.address),
        buyer_nip=_nip(model.buyer.identifier),
        buyer_name=model.buyer.name,
        buyer_address=_address(model.buyer.address),
        due_dates=_due_dates(terms),
        bank_accounts=tuple(
            normalized_account(a.number) or "" for a in (terms.bank_accounts if terms else ())
        ),
        lines=tuple(
            Fa3Line(
                description=line.description,
                quantity=line.quantity,
                unit=line.unit,
                unit_net_price=line.unit_net_price,
                net=line.net_amount,
                vat_rate=line.tax.xml_rate or "",
            )
            for line in model.lines
        ),
    )


def _due_dates(terms: Any) -> tuple[date, ...]:
    if terms is None:
        return ()
    days = [*terms.due_dates, *(t.due_date for t in terms.due_terms if t.due_date is not None)]
    return tuple(sorted(set(days)))


def _nip(identifier: Any) -> str | None:
    if identifier is None or identifier.kind is not PartyIdentifierKind.NIP:
        return None
    return normalized_id(identifier.value)


def _address(address: Any) -> str:
    if address is None:
        return ""
    return ", ".join(x for x in (address.line1, address.line2) if x)


def number_errors(inv: formats.Invoice) -> Iterator[tuple[str, str, str]]:
    """(field, value, Polish message) for a KSeF number that is wrong on its own."""
    if inv.ksef_number is None:
        if inv.ksef_xml is not None or inv.ksef_upo is not None:
            yield (
                "ksef_number",
                "",
                f"faktura {inv.number}: podano plik KSeF bez numeru KSeF - dopisz ksef_number",
            )
        return
    try:
        parse_ksef_number(inv.ksef_number)
    except KsefNumberError as exc:
        yield "ksef_number", inv.ksef_number, f"faktura {inv.number}: {exc}"


def cross_check(
    inv: formats.Invoice,
    creditor: formats.Party,
    debtor: formats.Party,
    xml: Fa3Invoice,
    number: KsefNumber | None,
) -> list[tuple[str, str, str]]:
    """Mismatches between the FA(3) invoice and the case document, each (field, value, message).

    The XML is the source of truth for the figures: each message names both values.
    """
    out: list[tuple[str, str, str]] = []
    who = f"faktura {inv.number}"
    creditor_nip = normalized_id(creditor.nip)
    debtor_nip = normalized_id(debtor.nip)
    if xml.seller_nip != creditor_nip:
        out.append(
            (
                "ksef_xml",
                xml.seller_nip or "",
                f"{who}: XML KSeF jest fakturą innego sprzedawcy (NIP {xml.seller_nip or 'brak'},"
                f" wierzyciel ma NIP {creditor_nip or 'brak'})",
            )
        )
    if number is not None and xml.seller_nip is not None and number.seller_nip != xml.seller_nip:
        out.append(
            (
                "ksef_number",
                number.value,
                f"{who}: numer KSeF nadano sprzedawcy o NIP {number.seller_nip}, a XML wystawił "
                f"NIP {xml.seller_nip} - numer nie należy do tej faktury",
            )
        )
    if debtor_nip is not None and xml.buyer_nip != debtor_nip:
        out.append(
            (
                "ksef_xml",
                xml.buyer_nip or "",
                f"{who}: nabywca w XML KSeF ma NIP {xml.buyer_nip or 'brak'}, dłużnik NIP "
                f"{debtor_nip} - faktura nie trafiła do dłużnika w KSeF",
            )
        )
    if xml.number != inv.number:
        out.append(
            (
                "number",
                inv.number,
                f"{who}: XML KSeF to faktura nr {xml.number} - inny numer faktury",
            )
        )
    if xml.gross != inv.amount:
        out.append(
            (
                "amount",
                str(inv.amount),
                f"{who}: kwota brutto w XML KSeF {pl_money(xml.gross)}, w sprawie "
                f"{pl_money(inv.amount)} - obowiązuje XML, popraw kwotę",
            )
        )
    if xml.currency != inv.currency:
        out.append(
            (
                "currency",
                inv.currency,
                f"{who}: waluta w XML KSeF {xml.currency}, w sprawie {inv.currency}",
            )
        )
    if xml.issue_date != inv.issue_date:
        out.append(
            (
                "issue_date",
                inv.issue_date.isoformat(),
                f"{who}: data wystawienia w XML KSeF {pl_date(xml.issue_date)}, w sprawie "
                f"{pl_date(inv.issue_date)} - obowiązuje XML",
            )
        )
    if xml.due_dates and inv.due_date not in xml.due_dates:
        shown = ", ".join(pl_date(d) for d in xml.due_dates)
        out.append(
            (
                "due_date",
                inv.due_date.isoformat(),
                f"{who}: termin płatności w XML KSeF {shown}, w sprawie {pl_date(inv.due_date)}"
                " - obowiązuje XML",
            )
        )
    account = normalized_account(creditor.bank_account)
    accounts = xml.bank_accounts
    if account and accounts and not any(_same_account(account, a) for a in accounts):
        out.append(
            (
                "ksef_xml",
                ", ".join(xml.bank_accounts),
                f"{who}: rachunek do zapłaty w XML KSeF ({', '.join(xml.bank_accounts)}) inny niż "
                f"rachunek wierzyciela w sprawie ({account})",
            )
        )
    if number is not None and number.assigned_on < xml.issue_date:
        out.append(
            (
                "ksef_number",
                number.value,
                f"{who}: numer KSeF z {pl_date(number.assigned_on)} wcześniejszy niż data "
                f"wystawienia {pl_date(xml.issue_date)} - numer nie należy do tej faktury",
            )
        )
    return out


def _same_account(a: str, b: str) -> bool:
    """NRB and IBAN of the same account are the same (PL prefix and digits)."""
    return a.removeprefix("PL")[-26:] == b.removeprefix("PL")[-26:]


@dataclass(frozen=True, slots=True)
class Fa3Party:
    nip: str
    name: str
    street: str
    postcode_city: str


def fa3_xml(
    number: str,
    *,
    issued_on: date,
    seller: Fa3Party,
    buyer: Fa3Party,
    lines: list[tuple[str, Decimal, str, Decimal]],
    due_date: date,
    bank_account: str,
    place: str,
    created_at: str,
) -> bytes:
    """An FA(3) invoice built with ksef-client's builder (samples, tests, bench).

    ``lines``: (description, quantity, unit, unit net price), all at 23 % VAT;
    ``created_at`` is the header's DataWytworzeniaFa (``2026-09-01T09:12:00Z``), given so
    that the same input gives the same bytes. Validated against the schema before return.
    """
    from ksef_client.documents.fa3 import (
        Address,
        FA3Invoice,
        InvoiceParty,
        TaxCategory,
        invoice_to_xml,
    )

    def party(p: Fa3Party) -> InvoiceParty:
        address = Address.polish(p.street, p.postcode_city)
        return InvoiceParty.polish_company(nip=p.nip, name=p.name, address=address)

    builder = (
        FA3Invoice.basic(number)
        .issued_on(issued_on)
        .sale_date(issued_on)
        .issue_place(place)
        .seller(party(seller))
        .buyer(party(buyer))
    )
    for description, quantity, unit, price in lines:
        builder.add_service_line(
            description,
            quantity=quantity,
            unit_net_price=price,
            tax=TaxCategory.standard_23(),
            unit=unit,
        )
    builder.payment_due(due_date).bank_account(normalized_account(bank_account) or bank_account)
    root = etree.fromstring(invoice_to_xml(builder.build()), _SAFE)
    stamp = root.find(f"{{{FA3_NS}}}Naglowek/{{{FA3_NS}}}DataWytworzeniaFa")
    if stamp is not None:
        stamp.text = created_at
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    read_fa3(data)
    return data


def case_ksef_errors(
    doc: formats.CaseDocument, root: Path, hashed: Mapping[str, HashedFile]
) -> list[tuple[str, str, str]]:
    """Every KSeF problem of the case's invoices as (field path, value, Polish message).

    ``hashed``: the case's evidence files that passed the file checks (a missing or unsafe
    ``ksef_xml`` already has its own error and is not read here).
    """
    out: list[tuple[str, str, str]] = []
    for i, inv in enumerate(doc.invoices):
        at = f"invoices[{i}]"
        bad_number = list(number_errors(inv))
        out += [(f"{at}.{f}", v, m) for f, v, m in bad_number]
        number = None if bad_number else valid_ksef_number(inv)
        data: bytes | None = None
        if inv.ksef_xml is not None and inv.ksef_xml in hashed:
            try:
                data = _evidence_bytes(root, hashed[inv.ksef_xml])
                xml = read_fa3(data)
            except KsefXmlError as exc:
                out.append((f"{at}.ksef_xml", inv.ksef_xml, f"faktura {inv.number}: {exc}"))
                data = None
            else:
                found = cross_check(inv, doc.creditor, doc.debtor, xml, number)
                out += [(f"{at}.{f}", v, m) for f, v, m in found]
        # a UPO as XML is read and held against the invoice; a printout (PDF) is kept as is
        upo_file = hashed.get(inv.ksef_upo) if inv.ksef_upo is not None else None
        if upo_file is not None and upo_file.path.lower().endswith(".xml"):
            try:
                upo = read_upo(_evidence_bytes(root, upo_file))
            except (UpoError, KsefXmlError) as exc:
                out.append((f"{at}.ksef_upo", inv.ksef_upo, f"faktura {inv.number}: {exc}"))
                continue
            found_upo = upo_errors(
                upo,
                invoice_number=inv.number,
                ksef_number=number,
                seller_nip=normalized_id(doc.creditor.nip),
                xml=data,
            )
            out += [(f"{at}.ksef_upo", v, m) for v, m in found_upo]
    return out


def _evidence_bytes(root: Path, file: HashedFile) -> bytes:
    """The bytes of an evidence file that passed the file checks (``KsefXmlError`` if gone)."""
    try:
        return root.joinpath(*file.path.split("/")).read_bytes()
    except OSError as exc:
        raise KsefXmlError(f"nie można odczytać pliku XML ({exc.strerror})") from None


def valid_ksef_number(inv: formats.Invoice) -> KsefNumber | None:
    """The invoice's KSeF number when it is valid (the intake checks reported any other)."""
    if inv.ksef_number is None:
        return None
    try:
        return parse_ksef_number(inv.ksef_number)
    except KsefNumberError:
        return None


def fetch_invoice_xml(
    ksef_number: str,
    creditor_nip: str,
    *,
    token: str | None,
    environment: str = "prod",
    http: httpx.Client | None = None,
    transport: httpx.BaseTransport | None = None,
) -> bytes:
    """Download the FA(3) XML of ``ksef_number`` from KSeF API v2 with ksef-client.

    Authenticates with the creditor's KSeF token in the creditor's NIP context (challenge,
    token encrypted with the Ministry's public key, status, redeem), then GET
    /invoices/ksef/{number}; the XML is validated as at intake (:func:`fetched_fa3`).
    The seam for I/O is ``http`` (an ``httpx.Client``, which the caller keeps and closes)
    or ``transport`` (a client over it is made and closed here); without either, a client
    to the real KSeF. ``KsefFetchError`` in Polish for a missing token, a wrong number, or a
    KSeF failure.
    """
    from integrations.ksef import KsefApi

    if not token:
        raise KsefFetchError(missing_token_message(creditor_nip))
    try:
        number = parse_ksef_number(ksef_number)
    except KsefNumberError as exc:
        raise KsefFetchError(str(exc)) from None
    own = http is None
    client = http or httpx.Client(transport=transport, timeout=30.0)
    try:
        api = KsefApi(client, environment=environment)
        api.login(token, normalized_id(creditor_nip) or creditor_nip)
        data = api.invoice(number.value).xml
    finally:
        if own:
            client.close()
    fetched_fa3(data)
    return data


def fetched_fa3(data: bytes) -> Fa3Invoice:
    """An XML KSeF sent, read and validated as at intake (``KsefFetchError`` otherwise)."""
    try:
        return read_fa3(data)
    except KsefXmlError as exc:
        raise KsefFetchError(f"KSeF zwrócił plik, który nie jest fakturą FA(3): {exc}") from None
