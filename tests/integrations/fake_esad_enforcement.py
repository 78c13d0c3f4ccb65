"""The local e-Sąd fake with ZlozWnioskiEgzekucyjne (tests only), composed on ``fake_esad``.

:class:`FakeEsadEnforcement` is a :class:`tests.integrations.fake_esad.FakeEsad` (the same
server, SOAPAction and credential checks, and every request and answer validated against the
WSDL's schemas) that also answers ``ZlozWnioskiEgzekucyjne``: the package is checked
against the official WnioskiEgzekucyjneEPU.xsd (``documents.enforcement_epu``), each
application is identified by its nakaz's signature (``Nakaz/Sygnatura``) and the accepted
ones are kept in ``lodged``.

Scenarios (``enforcement_scenario``):

    accept             every application accepted, except the signatures in
                       ``enforcement_reject`` (a regular answer: a package half accepted)
    validation         a SOAP fault carrying ZlozWnioskiEgzekucyjneOutputData with the
                       applications in ``enforcement_reject`` (or, for a package failing
                       the schema, every one) and their errors
    answer-validation  the same OutputData as a regular answer (HTTP 200)
    fault              a SOAP fault InternalServerError without per-application results
    timeout            the answer comes after ``delay`` seconds; with
                       ``lodge_on_timeout`` the court took the package all the same
    http500            an HTML error page with HTTP 500
"""

from __future__ import annotations

import time

from lxml import etree

from documents.enforcement_epu import validate_enforcement
from documents.epu import NS as EPU_NS
from tests.integrations.fake_esad import (
    _XML,
    FakeEsad,
    _nil,
    _output,
    _sub,
    validation_item,
)


class FakeEsadEnforcement(FakeEsad):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.enforcement_scenario = "accept"
        self.enforcement_reject: dict[str, str] = {}  # nakaz signature -> the court's reason
        self.lodge_on_timeout = False
        self.enforcement_packages: list[bytes] = []
        self.lodged: list[str] = []  # nakaz signatures of the applications the court took

    def _op_ZlozWnioskiEgzekucyjne(self, params: dict[str, str]) -> tuple[int, bytes, str]:
        xml = params.get("listaWnioskowEgzekucyjnychXML", "").encode("utf-8")
        self.enforcement_packages.append(xml)
        scenario = self.enforcement_scenario
        if (failed := self._server_failure(scenario)) is not None:
            return failed
        problems = validate_enforcement(xml)
        try:
            root = etree.fromstring(xml)
        except etree.XMLSyntaxError:
            data = _result("ValidationError", "Niepoprawny XML paczki", "", [])
            return 500, self._fault("s:Client", "Błąd walidacji", data), _XML
        label = root.get("OznaczeniePaczki", "")
        rows = []
        for n, wniosek in enumerate(root.iter(f"{{{EPU_NS}}}WniosekEgzekucyjny"), start=1):
            signature = (wniosek.findtext(f"{{{EPU_NS}}}Nakaz/{{{EPU_NS}}}Sygnatura") or "").strip()
            reason = "; ".join(problems) if problems else self.enforcement_reject.get(signature, "")
            rows.append((n, signature, not reason, reason))
        if scenario == "timeout":
            if self.lodge_on_timeout:
                self.lodged += [sig for _, sig, ok, _ in rows if ok]
            time.sleep(self.delay)
        failed = [r for r in rows if not r[2]]
        if scenario == "validation" or problems:
            data = _result("ValidationError", "Błąd walidacji paczki", label, rows)
            return 500, self._fault("s:Client", "Błąd walidacji", data), _XML
        if scenario == "answer-validation":
            data = _result("ValidationError", "Błąd walidacji paczki", label, rows)
            return self._respond("ZlozWnioskiEgzekucyjne", data)
        if scenario != "timeout":
            self.lodged += [sig for _, sig, ok, _ in rows if ok]
        opis = "Paczka przyjęta" if not failed else "Paczka przyjęta częściowo"
        return self._respond("ZlozWnioskiEgzekucyjne", _result("OK", opis, label, rows))


def _result(code: str, opis: str, label: str, rows: list[tuple[int, str, bool, str]]):  # type: ignore[no-untyped-def]
    data = _output("ZlozWnioskiEgzekucyjneOutputData", code, opis)
    if label:
        _sub(data, "oznaczeniePaczki", label)
    else:
        _nil(data, "oznaczeniePaczki")
    holder = _sub(data, "wynikiWalidacji")
    for n, _signature, ok, reason in rows:
        description = "Wniosek poprawny" if ok else "Błąd walidacji wniosku"
        validation_item(holder, "ZlozWnioskiEgzekucyjneOutputElement", n, ok, reason, description)
    return data
