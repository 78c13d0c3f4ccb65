"""Which drafts a case gets, rendered to bytes: the handoff pipeline's one call.

Every case gets the pozew, the partner memo and the evidence index; a case without a final
demand also gets a wezwanie do zapłaty (the partner decides whether to send it first); a
claim the legal core routes to e-Sąd also gets its EPU filing XML (one PozewEPU in a Pozwy
package), validated against the official schemas. When the EPU XML cannot be built (e.g. the
firm profile lacks the attorney's PESEL), the case gets a finding instead of a failure.

Templates belong to the firm: ``templates`` is the firm's folder (``Settings.templates_dir``)
or None for the shipped ones; a name missing from the firm's folder falls back to the shipped
file. ``template_fingerprint`` hashes the content of exactly the templates a case uses, and
the pipeline puts it into the case's input hash: editing a template redrafts every case not
yet approved that uses it (approved cases are not drafted again).

A last check compares what the petitum asks for with the legal core's WPS: a difference is a
blocker finding (the pleading would state a value the claims do not add up to).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal
from pathlib import Path

from documents.context import (
    DocumentInputs,
    evidence_index_context,
    memo_context,
    pozew_context,
    totals_context,
    wezwanie_context,
)
from documents.epu import EpuError, EpuFiling, build_epu_package, validate_epu
from documents.format import format_money
from documents.render import TemplateName, render, template_digest
from law.case import CaseFile
from law.findings import Finding, Severity
from law.pl.fees import Procedure

DOCX = ".docx"


@dataclass(frozen=True)
class Drafts:
    documents: list[tuple[str, str, bytes]] = field(default_factory=list)  # kind, suffix, bytes
    findings: list[Finding] = field(default_factory=list)


def draft_templates(case: CaseFile) -> tuple[TemplateName, ...]:
    """The Word templates a case's drafts are rendered from, in drafting order."""
    names = (TemplateName.POZEW, TemplateName.MEMO, TemplateName.EVIDENCE_INDEX)
    if case.final_demand is None:
        names += (TemplateName.WEZWANIE,)
    return names


def template_fingerprint(
    names: tuple[TemplateName, ...] = tuple(TemplateName), templates: Path | None = None
) -> str:
    """Hash of the content of the templates ``names`` resolve to (the firm's or shipped)."""
    digest = hashlib.sha256()
    for name in names:
        digest.update(f"{name}={template_digest(name, templates)};".encode())
    return digest.hexdigest()


def render_drafts(inputs: DocumentInputs, templates: Path | None = None) -> Drafts:
    """Every draft the case needs, plus findings about drafts that could not be made."""
    out = Drafts()
    builders = {
        TemplateName.POZEW: pozew_context,
        TemplateName.MEMO: memo_context,
        TemplateName.EVIDENCE_INDEX: evidence_index_context,
        TemplateName.WEZWANIE: wezwanie_context,
    }
    for name in draft_templates(inputs.case):
        content = render(name, builders[name](inputs), templates).content
        out.documents.append((name.value, DOCX, content))
    if templates is not None and not templates.is_dir():
        out.findings.append(
            Finding(
                "templates_dir_missing",
                Severity.WARNING,
                f"Folder szablonów kancelarii {templates} nie istnieje - użyto szablonów "
                "dostarczonych z programem",
            )
        )
    out.findings.extend(_petitum_check(inputs))
    if inputs.claim.procedure is Procedure.EPU:
        _add_epu(inputs, out)
    return out


def _petitum_check(inputs: DocumentInputs) -> list[Finding]:
    """The sums the petitum asks for must add up to the WPS the legal core computed."""
    asked = totals_context(inputs)["razem_kwota"]
    if asked <= 0:
        return []
    wps = inputs.claim.wps.value
    if asked.quantize(Decimal(1), rounding=ROUND_CEILING) == wps.quantize(
        Decimal(1), rounding=ROUND_CEILING
    ):
        return []
    return [
        Finding(
            "petitum_wps_mismatch",
            Severity.BLOCKER,
            f"Suma żądań pozwu ({format_money(asked)}) nie odpowiada wartości przedmiotu "
            f"sporu ({format_money(wps)}) - sprawdzić wyliczenie przed złożeniem",
        )
    ]


def _add_epu(inputs: DocumentInputs, out: Drafts) -> None:
    filing = EpuFiling(inputs.case, inputs.claim, inputs.exhibits)
    label = inputs.case.external_ref[:60]
    try:
        xml = build_epu_package([filing], inputs.firm, label, inputs.on)
    except EpuError as exc:
        out.findings.append(
            Finding("epu_not_generated", Severity.WARNING, f"Nie utworzono pliku EPU: {exc}")
        )
        return
    errors = validate_epu(xml)
    if errors:
        out.findings.append(
            Finding(
                "epu_invalid",
                Severity.BLOCKER,
                "Plik EPU niezgodny ze schematem e-Sądu: " + "; ".join(errors[:3]),
            )
        )
        return
    out.documents.append(("epu_xml", ".xml", xml))
