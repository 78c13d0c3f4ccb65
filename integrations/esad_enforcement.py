"""e-Sąd web service: file a package of enforcement applications (``ZlozWnioskiEgzekucyjne``).

The operation takes the ``WnioskiEgzekucyjneEPU`` XML (``documents.enforcement_epu``) as the
string ``listaWnioskowEgzekucyjnychXML`` and answers ``ZlozWnioskiEgzekucyjneOutputData``:
the package's ``kod`` / ``opis`` / ``oznaczeniePaczki`` and, per application,
``wynikiWalidacji`` (``liczbaPorzadkowa``, ``status``, ``kodWalidacji``, ``opisWalidacji``,
``informacjaWalidacji``: the WSDL's WynikWalidacjiOutputElement). A package the court
refuses comes back as a SOAP fault whose detail is the same OutputData (or a bare
OutputData without per-application results).

The transport, the envelope, the throttle, the credentials and the error tree are
``integrations.esad``'s (:class:`EsadEnforcementClient` extends its client); the errors
added here::

    EsadFault (integrations.esad)
     └── EnforcementValidationError   kod ValidationError: ``result`` holds the court's
                                      answer per application (``in_fault`` False when it
                                      came as a regular answer)

Like ``ZlozPozwy`` the call is sent once and never retried: after a timeout
(``EsadTimeout.maybe_delivered``) the caller must not send the package again before a
person looked in the portal. Logging names the operation, never the body.

References: EpuService.wsdl and EpuWS.DataTypes.xsd (shared/epu/ws).
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from integrations.esad import (
    DATA_NS,
    VALIDATION_CODE,
    EsadClient,
    EsadFault,
    check_code,
    field_bool,
    field_text,
    validation_reason,
    validation_results,
)

OPERATION = "ZlozWnioskiEgzekucyjne"
OUTPUT = "ZlozWnioskiEgzekucyjneOutputData"
ELEMENT = "ZlozWnioskiEgzekucyjneOutputElement"


@dataclass(frozen=True, slots=True)
class ApplicationResult:
    """The court's validation of one application of a package."""

    ordinal: int  # liczbaPorzadkowa, from 1 in package order
    accepted: bool  # status
    code: str = ""  # kodWalidacji
    description: str = ""  # opisWalidacji
    information: str = ""  # informacjaWalidacji

    @property
    def reason(self) -> str:
        """The court's words for this application, one line."""
        return validation_reason(self.description, self.information, self.code)


@dataclass(frozen=True, slots=True)
class EnforcementPackageResult:
    code: str  # kod
    description: str = ""  # opis
    information: str = ""  # informacja
    label: str = ""  # oznaczeniePaczki
    applications: tuple[ApplicationResult, ...] = ()


class EnforcementValidationError(EsadFault):
    """The package failed the court's validation; ``result`` says which application, why."""

    def __init__(
        self,
        message: str,
        *,
        result: EnforcementPackageResult,
        description: str = "",
        fault_code: str = "",
        in_fault: bool = True,
    ) -> None:
        super().__init__(
            message, code=VALIDATION_CODE, description=description, fault_code=fault_code
        )
        self.result = result
        self.in_fault = in_fault


def _d(name: str) -> str:
    return f"{{{DATA_NS}}}{name}"


def _application_result(ordinal: int, item: etree._Element) -> ApplicationResult:
    return ApplicationResult(
        ordinal=ordinal,
        accepted=field_bool(item, "status"),
        code=field_text(item, "kodWalidacji"),
        description=field_text(item, "opisWalidacji"),
        information=field_text(item, "informacjaWalidacji"),
    )


def enforcement_result(data: etree._Element) -> EnforcementPackageResult:
    """A ``ZlozWnioskiEgzekucyjneOutputData`` (a result or a fault's detail) as a value."""
    return EnforcementPackageResult(
        code=field_text(data, "kod"),
        description=field_text(data, "opis"),
        information=field_text(data, "informacja"),
        label=field_text(data, "oznaczeniePaczki"),
        applications=validation_results(data, ELEMENT, _application_result),
    )


class EsadEnforcementClient(EsadClient):
    """The e-Sąd client with the enforcement operations."""

    def file_enforcement_applications(self, package_xml: bytes) -> EnforcementPackageResult:
        """``ZlozWnioskiEgzekucyjne``: send one package (sent once, never retried).

        Returns the court's answer when the call succeeded (each application's ``accepted``
        says whether the court took it); raises EnforcementValidationError when the package
        failed validation (nothing lodged), EsadFault / EsadAuthError, EsadTimeout /
        EsadUnavailable (``maybe_delivered``) or EsadMalformed.
        """
        text = package_xml.decode("utf-8").removeprefix("\ufeff")
        try:
            result = self._call_once(OPERATION, [("listaWnioskowEgzekucyjnychXML", text)])
        except EsadFault as fault:
            data = fault.detail
            if fault.code == VALIDATION_CODE and data is not None and data.tag == _d(OUTPUT):
                raise EnforcementValidationError(
                    str(fault),
                    result=enforcement_result(data),
                    description=fault.description,
                    fault_code=fault.fault_code,
                ) from None
            raise
        if field_text(result, "kod") == VALIDATION_CODE:
            raise EnforcementValidationError(
                f"esad {OPERATION}: {VALIDATION_CODE}: {field_text(result, 'opis')}".rstrip(": "),
                result=enforcement_result(result),
                description=field_text(result, "opis"),
                in_fault=False,
            )
        check_code(result, OPERATION)
        return enforcement_result(result)
