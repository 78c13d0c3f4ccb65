"""Which drafts a case gets, rendered to bytes: the handoff pipeline's one call.

Every case gets the pozew, the partner memo and the evidence index; a case without a final
demand also gets a wezwanie do zapłaty (the partner decides whether to send it first); a
claim the legal core routes to e-Sąd also gets its EPU filing XML (one PozewEPU in a Pozwy
package), validated against the official schemas. When the EPU XML cannot be built (e.g. the
firm profile lacks the attorney's PESEL), the case gets a finding instead of a failure.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cache

from documents.context import (
    DocumentInputs,
    evidence_index_context,
    memo_context,
    pozew_context,
    wezwanie_context,
)
from documents.epu import EpuError, EpuFiling, build_epu_package, validate_epu
from documents.render import TEMPLATES, render
from law.findings import Finding, Severity
from law.pl.fees import Procedure

DOCX = ".docx"


@dataclass(frozen=True)
class Drafts:
    documents: list[tuple[str, str, bytes]] = field(default_factory=list)  # kind, suffix, bytes
    findings: list[Finding] = field(default_factory=list)


def render_drafts(inputs: DocumentInputs) -> Drafts:
    """Every draft the case needs, plus findings about drafts that could not be made."""
    out = Drafts()
    out.documents.append(("pozew", DOCX, render("pozew", pozew_context(inputs)).content))
    out.documents.append(("memo", DOCX, render("memo", memo_context(inputs)).content))
    index = render("evidence_index", evidence_index_context(inputs)).content
    out.documents.append(("evidence_index", DOCX, index))
    if inputs.case.final_demand is None:
        wezwanie = render("wezwanie", wezwanie_context(inputs)).content
        out.documents.append(("wezwanie", DOCX, wezwanie))
    if inputs.claim.procedure is Procedure.EPU:
        _add_epu(inputs, out)
    return out


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


@cache
def template_fingerprint() -> str:
    """Hash of the template files: an edited template makes every draft re-render."""
    digest = hashlib.sha256()
    for path in sorted(TEMPLATES.glob("*.docx")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
