"""A local fake of the e-Sąd web service, built from the court's WSDL (tests only).

A real HTTP server on 127.0.0.1 speaking SOAP 1.1 like ``EpuService``: it checks the
``SOAPAction`` header, validates every request's operation element against the schemas
embedded in ``fixtures/esad/EpuService.wsdl`` (a copy of shared/epu/ws), checks the
credentials in the body, and validates every answer it writes against the same schemas,
so client and fake cannot drift from the published interface together.

Operations: ZlozPozwy, MojeSprawy, HistoriaSprawyPrzezSygnaturaWgPowoda, MojeNakazy,
MojeDoreczeniaVer2, ListaTresciNakazowPDFVer2, WersjaAPI. A package is also checked against
the official EPU schemas (``documents.epu.validate_epu``). Accepted lawsuits are registered
as the account's cases with a court signature (``VI Nc-e 100001/26``, ...), which
``MojeSprawy`` then lists.

Scenarios (``FakeEsad.scenario``):

    accept      every lawsuit accepted, except those in ``reject`` (a regular answer:
                a package half accepted)
    validation  a SOAP fault carrying ZlozPozwyOutputData: the lawsuits in ``reject``
                (or, for a package failing the schemas, every one) with their errors
    answer-validation  the same ZlozPozwyOutputData as a regular answer (HTTP 200)
    fault       a SOAP fault InternalServerError without per-lawsuit results
    timeout     the answer comes after ``delay`` seconds; with ``register_on_timeout``
                the court took the package all the same
    http500     an HTML error page with HTTP 500

Wrong credentials are a fault ``AuthenticationError`` whatever the scenario.

The court stage of a registered case is played by the helpers :meth:`FakeEsad.issue_order`,
:meth:`~FakeEsad.serve_order`, :meth:`~FakeEsad.objection`, :meth:`~FakeEsad.order_final`,
:meth:`~FakeEsad.clause`, :meth:`~FakeEsad.discontinue` and :meth:`~FakeEsad.add_history`
(any entry, e.g. one no mapping knows); each writes what the read operations then list.
``read_faults`` makes a read operation fail ("fault": a SOAP fault InternalServerError,
"timeout": the answer after ``delay`` seconds, "http500", "notfound": a fault NotFound);
``pdfs`` holds the PDFs
``ListaTresciNakazowPDFVer2`` answers (by the request's ids string), packed as ``pdf_packing``
says ("", "zip" or "gzip").
"""

from __future__ import annotations

import base64
import copy
import gzip
import io
import threading
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from lxml import etree

from documents.epu import NS as EPU_NS
from documents.epu import validate_epu
from intake.synthetic import minimal_pdf
from integrations.esad import ACTION_PREFIX, DATA_NS, SOAP_ENV, TNS, XSI, Credentials

WSDL = Path(__file__).parent / "fixtures" / "esad" / "EpuService.wsdl"
XS = "http://www.w3.org/2001/XMLSchema"
WSDL_NS = "http://schemas.xmlsoap.org/wsdl/"
CREDENTIALS = Credentials("kancelaria-test", "haslo-testowe-123", "KLUCZ-API-TEST-0001")


@cache
def wsdl_schema() -> etree.XMLSchema:
    """The three schemas of the WSDL's ``types``, composed (each imports the others)."""
    tree = etree.parse(str(WSDL))
    types = tree.getroot().find(f"{{{WSDL_NS}}}types")
    assert types is not None
    schemas = types.findall(f"{{{XS}}}schema")
    namespaces = [s.get("targetNamespace") for s in schemas]
    files: dict[str, bytes] = {}
    for i, schema in enumerate(schemas):
        schema = copy.deepcopy(schema)
        for j, ns in enumerate(namespaces):
            if j != i:
                schema.insert(
                    0, etree.Element(f"{{{XS}}}import", namespace=ns, schemaLocation=f"s{j}.xsd")
                )
        files[f"s{i}.xsd"] = etree.tostring(schema)

    class Resolver(etree.Resolver):
        def resolve(self, system_url: str, public_id: str, context: Any) -> Any:
            name = system_url.rsplit("/", 1)[-1]
            if name in files:
                return self.resolve_string(files[name], context, base_url=name)
            return None

    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(Resolver())
    root = etree.Element(f"{{{XS}}}schema")
    for j, ns in enumerate(namespaces):
        etree.SubElement(root, f"{{{XS}}}import", namespace=ns, schemaLocation=f"s{j}.xsd")
    return etree.XMLSchema(etree.fromstring(etree.tostring(root), parser, base_url="root.xsd"))


def schema_errors(element: etree._Element) -> list[str]:
    """Errors of one message element (an operation, its response, a fault detail)."""
    schema = wsdl_schema()
    if schema.validate(etree.ElementTree(copy.deepcopy(element))):
        return []
    return [e.message for e in schema.error_log]  # type: ignore[attr-defined]


@dataclass
class Registered:
    """A case the fake court registered for the account."""

    id: int
    signature: str
    our_ref: str
    amount: Decimal | None
    received: datetime
    state: str = "wplyw"
    events: list[tuple[datetime, str, str]] = field(default_factory=list)
    order_on: datetime | None = None
    order_id: int | None = None
    final_on: datetime | None = None
    order_status: str = "przyjeto"
    # (id, sent, delivered or None, opis, order id)
    deliveries: list[tuple[int, datetime, datetime | None, str, int | None]] = field(
        default_factory=list
    )


@dataclass
class Call:
    operation: str
    params: dict[str, str]


class FakeEsad:
    """The fake service's state; :func:`running_fake` serves it on a free local port."""

    def __init__(self, credentials: Credentials = CREDENTIALS) -> None:
        self.credentials = credentials
        self.scenario = "accept"
        self.reject: dict[str, str] = {}  # our ref -> the court's reason
        self.delay = 0.0
        self.register_on_timeout = False
        self.calls: list[Call] = []
        self.packages: list[bytes] = []
        self.cases: dict[str, Registered] = {}
        self.errors: list[str] = []  # schema errors of requests or answers (should stay [])
        self.lock = threading.Lock()
        self.url = ""
        self._next = 100001
        self.read_faults: dict[str, str] = {}  # operation -> fault | timeout | http500
        self.pdfs: dict[str, list[tuple[int, bytes]]] = {}  # ids string -> (id wniosku, PDF)
        self.pdf_packing = ""
        self._next_id = 500001

    # -- helpers for tests --

    def register(self, our_ref: str, amount: Decimal | None = None) -> Registered:
        with self.lock:
            number = self._next
            self._next += 1
            now = datetime(2026, 11, 24, 10, 0, 0)
            case = Registered(number, f"VI Nc-e {number}/26", our_ref, amount, now)
            case.events.append((now, "zmiana_stanu", "Wpływ pozwu"))
            self.cases[our_ref] = case
            return case

    def issue_order(self, our_ref: str, on: datetime) -> None:
        case = self.cases[our_ref]
        case.state = "nakaz_wydany"
        case.order_on = on
        case.order_id = self._new_id()
        case.events.append((on, "orzeczenie", "Wydano nakaz zapłaty"))

    def _new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def serve_order(self, our_ref: str, on: datetime, *, to: str = "pozwanemu") -> None:
        """The order delivered (``to`` says to whom, as the court's opis would)."""
        case = self.cases[our_ref]
        text = f"Doręczenie nakazu zapłaty {to}"
        case.deliveries.append((self._new_id(), on, on, text, case.order_id))
        case.events.append((on, "doreczenie", f"Doręczono nakaz zapłaty {to}"))

    def objection(self, our_ref: str, on: datetime, court: str = "") -> None:
        case = self.cases[our_ref]
        case.state = "przekazano"
        case.order_status = "uchylono"
        case.events.append((on, "srodek_odwolawczy", "Wniesiono sprzeciw od nakazu zapłaty"))
        if court:
            case.events.append((on, "zmiana_stanu", f"Przekazano sprawę do {court}"))

    def order_final(self, our_ref: str, on: datetime) -> None:
        case = self.cases[our_ref]
        case.state = "prawomocny"
        case.final_on = on
        case.events.append((on, "zmiana_stanu", "Nakaz zapłaty uprawomocnił się"))

    def clause(self, our_ref: str, on: datetime) -> None:
        case = self.cases[our_ref]
        case.events.append((on, "orzeczenie", "Nadano klauzulę wykonalności nakazowi zapłaty"))

    def discontinue(self, our_ref: str, on: datetime) -> None:
        case = self.cases[our_ref]
        case.state = "umorzono"
        case.events.append((on, "orzeczenie", "Umorzono postępowanie"))

    def add_history(self, our_ref: str, on: datetime, category: str, text: str) -> None:
        self.cases[our_ref].events.append((on, category, text))

    def operations(self) -> list[str]:
        return [c.operation for c in self.calls]

    # -- the service --

    def answer(self, action: str, body: bytes) -> tuple[int, bytes, str]:
        """(HTTP status, body, content type) for one POST."""
        try:
            env = etree.fromstring(body, etree.XMLParser(resolve_entities=False))
        except etree.XMLSyntaxError:
            return 400, b"Bad Request", "text/plain"
        soap_body = env.find(f"{{{SOAP_ENV}}}Body")
        if env.tag != f"{{{SOAP_ENV}}}Envelope" or soap_body is None or not len(soap_body):
            return 400, b"Bad Request", "text/plain"
        op_el = soap_body[0]
        operation = etree.QName(op_el).localname
        if (
            action.strip('"') != f"{ACTION_PREFIX}{operation}"
            or etree.QName(op_el).namespace != TNS
        ):
            return 500, self._fault("a:ActionNotSupported", "SOAPAction mismatch"), _XML
        problems = schema_errors(op_el)
        if problems:
            self.errors += [f"request {operation}: {p}" for p in problems]
            return 500, self._fault("s:Client", "; ".join(problems)), _XML
        params = {etree.QName(c).localname: c.text or "" for c in op_el}
        with self.lock:
            self.calls.append(Call(operation, params))
        if (params.get("userName"), params.get("password"), params.get("apiKey")) != (
            self.credentials.login,
            self.credentials.password,
            self.credentials.api_key,
        ):
            data = _output("OutputData", "AuthenticationError", "Błędny login lub hasło")
            return 500, self._fault("s:Client", "Błąd autentykacji", data), _XML
        handler = getattr(self, f"_op_{operation}", None)
        if handler is None:
            return 500, self._fault("s:Client", f"operacja {operation} nieobsługiwana"), _XML
        failure = self.read_faults.get(operation)
        if (failed := self._server_failure(failure)) is not None:
            return failed
        if failure == "notfound":
            data = _output("OutputData", "NotFound", "Nie znaleziono sprawy")
            return 500, self._fault("s:Client", "Nie znaleziono sprawy", data), _XML
        if failure == "timeout":
            time.sleep(self.delay)
        return handler(params)

    def _server_failure(self, kind: str | None) -> tuple[int, bytes, str] | None:
        """A failing server's answer: ``fault`` (a SOAP fault InternalServerError) or
        ``http500`` (an HTML error page); None for any other ``kind``."""
        if kind == "fault":
            data = _output("OutputData", "InternalServerError", "Wewnętrzny błąd serwera")
            return 500, self._fault("s:Server", "Wewnętrzny błąd serwera", data), _XML
        if kind == "http500":
            return 500, b"<html><body>Service Unavailable</body></html>", "text/html"
        return None

    def _respond(self, operation: str, result: etree._Element) -> tuple[int, bytes, str]:
        response = etree.Element(f"{{{TNS}}}{operation}Response", nsmap={None: TNS})
        result.tag = f"{{{TNS}}}{operation}Result"
        response.append(result)
        self._check(response)
        return 200, _envelope(response), _XML

    def _fault(self, code: str, text: str, detail: etree._Element | None = None) -> bytes:
        fault = etree.Element(f"{{{SOAP_ENV}}}Fault")
        etree.SubElement(fault, "faultcode").text = code
        etree.SubElement(fault, "faultstring").text = text
        if detail is not None:
            self._check(detail)
            etree.SubElement(fault, "detail").append(detail)
        return _envelope(fault)

    def _check(self, element: etree._Element) -> None:
        self.errors += [f"answer: {p}" for p in schema_errors(element)]

    # ZlozPozwy

    def _op_ZlozPozwy(self, params: dict[str, str]) -> tuple[int, bytes, str]:
        xml = params.get("listaPozwowXML", "").encode("utf-8")
        self.packages.append(xml)
        if (failed := self._server_failure(self.scenario)) is not None:
            return failed
        schema_problems = validate_epu(xml)
        try:
            root = etree.fromstring(xml)
        except etree.XMLSyntaxError:
            root = None
        if root is None:
            data = _package_output("ValidationError", "Niepoprawny XML paczki", "", [])
            return 500, self._fault("s:Client", "Błąd walidacji", data), _XML
        label = root.get("OznaczeniePaczki", "")
        pozwy = [e for e in root if e.tag == f"{{{EPU_NS}}}PozewEPU"]
        rows = []
        for n, pozew in enumerate(pozwy, start=1):
            ref = (pozew.findtext(f"{{{EPU_NS}}}SprawaWgPowoda") or "").strip()
            value = _amount(pozew.findtext(f"{{{EPU_NS}}}WartoscSporu"))
            fee_el = pozew.find(f"{{{EPU_NS}}}OplataSadowa")
            fee = _amount(fee_el.get("wartosc") if fee_el is not None else None)
            reason = "; ".join(schema_problems) if schema_problems else self.reject.get(ref, "")
            rows.append((n, ref, not reason, reason, value, fee))
        if self.scenario == "timeout":
            if self.register_on_timeout:
                for _, ref, _, _, value, _ in rows:
                    self.register(ref, Decimal(value) if value else None)
            time.sleep(self.delay)
        failed = [r for r in rows if not r[2]]
        if self.scenario == "validation" or schema_problems:
            data = _package_output("ValidationError", "Błąd walidacji paczki", label, rows)
            return 500, self._fault("s:Client", "Błąd walidacji", data), _XML
        if self.scenario == "answer-validation":  # a regular answer whose kod says ValidationError
            data = _package_output("ValidationError", "Błąd walidacji paczki", label, rows)
            return self._respond("ZlozPozwy", data)
        for _, ref, ok, _, value, _ in rows:
            if ok and self.scenario != "timeout":
                self.register(ref, Decimal(value) if value else None)
        opis = "Paczka przyjęta" if not failed else "Paczka przyjęta częściowo"
        return self._respond("ZlozPozwy", _package_output("OK", opis, label, rows))

    # reads

    def _page(self, data: etree._Element, total: int, page: int, size: int) -> None:
        pages = max(1, -(-total // size))
        for name, value in (
            ("iloscStron", pages),
            ("liczbaWszystkichElementow", total),
            ("numerStrony", page),
            ("wielkoscStrony", size),
        ):
            _sub(data, name, str(value))

    def _op_MojeSprawy(self, params: dict[str, str]) -> tuple[int, bytes, str]:
        page, size = int(params.get("numerStrony") or 1), int(params.get("wielkoscStrony") or 10)
        found = self._filtered(params)
        data = _output("MojeSprawyOutputData", "OK", "")
        self._page(data, len(found), page, size)
        holder = _sub(data, "listaSpraw")
        for case in found[(page - 1) * size : page * size]:
            el = _sub(holder, "SprawaOutputElement")
            _opt(el, "dataPrawomocnosci", case.final_on.isoformat() if case.final_on else None)
            _sub(el, "dataWplywu", case.received.isoformat())
            _nil(el, "dataZakreslenia")
            _sub(el, "id", str(case.id))
            _opt(el, "kwotaSporu", None if case.amount is None else str(case.amount))
            _sub(el, "rolaWSprawie", "powód")
            _sub(el, "stanSprawy", case.state)
            _sub(el, "stronyWSprawie", "strony sprawy")
            _sub(el, "sygnaturaSprawy", case.signature)
            _sub(el, "sygnaturaWgPowoda", case.our_ref)
        return self._respond("MojeSprawy", data)

    def _filtered(self, params: dict[str, str]) -> list[Registered]:
        cases = sorted(self.cases.values(), key=lambda c: c.id)
        criterion, text = params.get("kryteriumFiltrowania", "0"), params.get("filtrSlowny", "")
        if criterion == "1":
            cases = [c for c in cases if text in c.our_ref]  # SQL LIKE %text%
        elif criterion == "2":
            cases = [c for c in cases if text in c.signature]
        return cases

    def _op_HistoriaSprawyPrzezSygnaturaWgPowoda(
        self, params: dict[str, str]
    ) -> tuple[int, bytes, str]:
        case = self.cases.get(params.get("sygnaturaWgPowoda", ""))
        if case is None:
            data = _output("OutputData", "NotFound", "Nie znaleziono sprawy")
            return 500, self._fault("s:Client", "Nie znaleziono sprawy", data), _XML
        page, size = int(params.get("numerStrony") or 1), int(params.get("wielkoscStrony") or 10)
        data = _output("HistoriaSprawyOutputData", "OK", "")
        self._page(data, len(case.events), page, size)
        holder = _sub(data, "historiaSprawy")
        for at, category, text in case.events[(page - 1) * size : page * size]:
            el = _sub(holder, "HistoriaSprawyOutputElement")
            _sub(el, "dataZdarzenia", at.isoformat())
            _sub(el, "kategoria", category)
            _sub(el, "opis", text)
        _sub(data, "statusSprawy", case.state)
        return self._respond("HistoriaSprawyPrzezSygnaturaWgPowoda", data)

    def _op_MojeNakazy(self, params: dict[str, str]) -> tuple[int, bytes, str]:
        page, size = int(params.get("numerStrony") or 1), int(params.get("wielkoscStrony") or 10)
        found = [c for c in self._filtered(params) if c.order_on is not None]
        data = _output("MojeNakazyOutputData", "OK", "")
        self._page(data, len(found), page, size)
        holder = _sub(data, "mojeNakazy")
        for case in found[(page - 1) * size : page * size]:
            assert case.order_on is not None
            el = _sub(holder, "NakazOutputElement")
            _sub(el, "dataOrzeczenia", case.order_on.isoformat())
            _opt(el, "dataPrawomocnosci", case.final_on.isoformat() if case.final_on else None)
            _sub(el, "dokumentXml", _order_xml(case))
            _sub(el, "id", str(case.order_id or case.id))
            _sub(el, "kodDecyzji", "1")
            _sub(el, "statusDokumentu", case.order_status)
            _sub(el, "sygnaturaSprawy", case.signature)
            _sub(el, "sygnaturaWgPowoda", case.our_ref)
        return self._respond("MojeNakazy", data)

    def _op_MojeDoreczeniaVer2(self, params: dict[str, str]) -> tuple[int, bytes, str]:
        page, size = int(params.get("numerStrony") or 1), int(params.get("wielkoscStrony") or 10)
        status = params.get("statusDoreczenia") or "0"
        rows = [
            (case, d)
            for case in self._filtered(params)
            for d in case.deliveries
            if status == "0" or (status == "1") == (d[2] is not None)
        ]
        data = _output("MojeDoreczeniaVer2OutputData", "OK", "")
        self._page(data, len(rows), page, size)
        holder = _sub(data, "mojeDoreczenia")
        for case, (number, sent, served, text, order_id) in rows[(page - 1) * size : page * size]:
            el = _sub(holder, "DoreczenieVer2OutputElement")
            _opt(el, "dataDoreczenia", served.isoformat() if served else None)
            _sub(el, "dataWyslania", sent.isoformat())
            _sub(el, "id", str(number))
            _sub(el, "opis", text)
            _sub(el, "sygnaturaSprawy", case.signature)
            _sub(el, "sygnaturaWgPowoda", case.our_ref)
            _opt(el, "idNakazu", str(order_id) if order_id else None)
            _nil(el, "idOrzeczenia")
        return self._respond("MojeDoreczeniaVer2", data)

    def _op_ListaTresciNakazowPDFVer2(self, params: dict[str, str]) -> tuple[int, bytes, str]:
        ids = params.get("idWnioskowEgzekucyjnych", "")
        data = _output("ListaTresciNakazowPDFOutputDataVer2", "OK", "")
        holder = _sub(data, "listaTresciNakazowPDFOutputElement")
        found = self.pdfs.get(ids)
        if found is None:
            el = _sub(holder, "TrescNakazuPDFOutputElementVer2")
            _sub(el, "czyBlad", "true")
            _nil(el, "dokumentPdfBase64")
            _sub(el, "idKlauzuli", "0")
            _sub(el, "idWniosku", "0")
            _nil(el, "nazwaPliku")
            _sub(el, "opisBledu", "Nie znaleziono wniosku egzekucyjnego")
            _sub(el, "wielkoscNiespakowanegoPliku", "0")
        for number, pdf in found or ():
            el = _sub(holder, "TrescNakazuPDFOutputElementVer2")
            _sub(el, "czyBlad", "false")
            _sub(el, "dokumentPdfBase64", base64.b64encode(_pack(pdf, self.pdf_packing)).decode())
            _sub(el, "idKlauzuli", str(number + 7))
            _sub(el, "idWniosku", str(number))
            _sub(el, "nazwaPliku", f"nakaz_{number}.pdf")
            _nil(el, "opisBledu")
            _sub(el, "wielkoscNiespakowanegoPliku", str(len(pdf)))
        return self._respond("ListaTresciNakazowPDFVer2", data)

    def _op_WersjaAPI(self, params: dict[str, str]) -> tuple[int, bytes, str]:
        result = etree.Element("result")
        result.text = "2.2.2-fake"
        return self._respond("WersjaAPI", result)


_XML = "text/xml; charset=utf-8"


def _order_xml(case: Registered) -> str:
    """The order as MojeNakazy's dokumentXml carries it (the court's XML of the nakaz)."""
    assert case.order_on is not None
    return (
        f'<NakazEPU sygnatura="{case.signature}" sprawaWgPowoda="{case.our_ref}" '
        f'dataWydania="{case.order_on.date().isoformat()}">'
        "<Tresc>Nakaz zapłaty w elektronicznym postępowaniu upominawczym</Tresc></NakazEPU>"
    )


def _pack(pdf: bytes, packing: str) -> bytes:
    if packing == "zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("nakaz.pdf", pdf)
        return buffer.getvalue()
    if packing == "gzip":
        return gzip.compress(pdf)
    return pdf


def sample_pdf(text: str = "Nakaz zapłaty") -> bytes:
    """A small, well-formed one-page PDF showing ``text`` (tests only)."""
    return minimal_pdf([text])


def _envelope(content: etree._Element) -> bytes:
    env = etree.Element(f"{{{SOAP_ENV}}}Envelope", nsmap={"s": SOAP_ENV})
    etree.SubElement(env, f"{{{SOAP_ENV}}}Body").append(content)
    return etree.tostring(env, xml_declaration=True, encoding="UTF-8")


def _sub(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
    el = etree.SubElement(parent, f"{{{DATA_NS}}}{name}")
    if text is not None:
        el.text = text
    return el


def _nil(parent: etree._Element, name: str) -> etree._Element:
    el = _sub(parent, name)
    el.set(f"{{{XSI}}}nil", "true")
    return el


def _amount(text: str | None) -> str | None:
    """A decimal amount as the package states it, None when absent or not a number."""
    try:
        return str(Decimal((text or "").strip())) if text else None
    except ArithmeticError:
        return None


def _opt(parent: etree._Element, name: str, text: str | None) -> etree._Element:
    return _sub(parent, name, text) if text else _nil(parent, name)


def _output(kind: str, code: str, opis: str) -> etree._Element:
    """An OutputData (or a type extending it) with its base fields in schema order."""
    data = etree.Element(f"{{{DATA_NS}}}{kind}", nsmap={"a": DATA_NS, "i": XSI})
    _sub(data, "opis", opis)
    _sub(data, "kod", code)
    _nil(data, "informacja")
    return data


def validation_item(
    holder: etree._Element, element: str, ordinal: int, ok: bool, reason: str, description: str
) -> etree._Element:
    """One ``wynikiWalidacji`` item with the fields every package operation's items have, in
    schema order (``reason``: the court's words for a refused one)."""
    el = _sub(holder, element)
    _sub(el, "informacjaWalidacji", "" if ok else reason)
    _sub(el, "kodWalidacji", "OK" if ok else "ValidationError")
    _sub(el, "liczbaPorzadkowa", str(ordinal))
    _sub(el, "opisWalidacji", description)
    _sub(el, "status", "true" if ok else "false")
    return el


def _package_output(code: str, opis: str, label: str, rows: list[Any]) -> etree._Element:
    data = _output("ZlozPozwyOutputData", code, opis)
    values = [Decimal(r[4]) for r in rows if r[4]]
    fees = [Decimal(r[5]) for r in rows if r[5] and r[2]]
    _sub(data, "lacznaWartoscPrzedmiotowSporu", str(sum(values, Decimal(0))))
    _sub(data, "liczbaPozow", str(len(rows)))
    _sub(data, "oznaczeniePaczki", label)
    _sub(data, "sumaOplatySadawej", str(sum(fees, Decimal(0))))
    holder = _sub(data, "wynikiWalidacji")
    for n, ref, ok, reason, value, fee in rows:
        description = "Pozew poprawny" if ok else "Błąd walidacji pozwu"
        el = validation_item(holder, "ZlozPozwyOutputElement", n, ok, reason, description)
        _sub(el, "kodWalidacjiPozwu", "200" if ok else "602")
        _opt(el, "oplataSadowa", fee)
        _sub(el, "sygnaturaWgPowoda", ref)
        _opt(el, "wartoscPrzedniotuSporu", value)
    return data


class _Handler(BaseHTTPRequestHandler):
    fake: FakeEsad

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        if "text/xml" not in (self.headers.get("Content-Type") or ""):
            status, answer, kind = 415, b"Unsupported Media Type", "text/plain"
        else:
            status, answer, kind = self.fake.answer(self.headers.get("SOAPAction") or "", body)
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
            pass

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        return


@contextmanager
def running_fake(fake: FakeEsad | None = None) -> Iterator[FakeEsad]:
    """Serve ``fake`` on 127.0.0.1 (a free port) for the duration of the block."""
    fake = fake or FakeEsad()
    handler = type("Handler", (_Handler,), {"fake": fake})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    server.block_on_close = False  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/api2/EpuWS.EpuService.svc"
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
