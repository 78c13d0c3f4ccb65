"""Exhibit numbering order and the "enough to sue?" evidence rules (law.evidence)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from law.case import EvidenceKind, Letter, LetterKind
from law.evidence import evidence_findings, exhibits
from tests.documents import cases


def codes(findings: tuple) -> list[tuple[str, str]]:
    return [(f.code, f.subject) for f in findings]


def test_stable_court_order() -> None:
    ex = exhibits(cases.b2b_sale())
    assert [e.path for e in ex] == [
        "umowa/umowa-ramowa-7-2021.pdf",
        "faktury/FV-2022-01-014.pdf",
        "doreczenia/FV-2022-01-014-epo.pdf",
        "faktury/FV-2022-02-031.pdf",
        "doreczenia/FV-2022-02-031-epo.pdf",
        "faktury/FV-2022-03-007.pdf",
        "korespondencja/monit-2022-06-01.pdf",
        "korespondencja/email-2023-06-05.pdf",
        "korespondencja/wezwanie-2025-03-20.pdf",
        "korespondencja/wezwanie-2025-03-20-zpo.pdf",
        "rejestry/krs-0000123987.pdf",
    ]
    assert [e.number for e in ex] == list(range(1, 12))
    assert ex[1].invoice_number == ex[2].invoice_number == "FV/2022/01/014"
    assert ex[2].kind is EvidenceKind.DELIVERY_PROOF
    assert ex[0].doc_date == date(2021, 11, 8)


def test_order_does_not_depend_on_intake_order() -> None:
    case = cases.b2b_sale()
    shuffled = replace(
        case,
        evidence=tuple(reversed(case.evidence)),
        letters=tuple(reversed(case.letters)),
        invoices=tuple(reversed(case.invoices)),
    )
    assert exhibits(shuffled) == exhibits(case)


def test_b2b_findings() -> None:
    case = cases.b2b_sale()
    found = codes(evidence_findings(case, cases.current_hashes(case)))
    assert found == [
        ("invoice_without_delivery_proof", "FV/2022/03/007"),
        ("correspondence_not_polish", "korespondencja/email-2023-06-05.pdf"),
    ]


def test_missing_contract_and_no_final_demand() -> None:
    case = replace(cases.epu_small(), letters=(), evidence=cases.epu_small().evidence[:2])
    found = {c for c, _ in codes(evidence_findings(case, cases.current_hashes(case)))}
    assert {"missing_contract", "no_final_demand", "invoice_without_delivery_proof"} <= found


def test_final_demand_without_delivery_date() -> None:
    case = cases.consumer()
    letters = (
        Letter(LetterKind.FINAL_DEMAND, date(2025, 3, 14), file="korespondencja/wezwanie.pdf"),
    )
    case = replace(case, letters=letters)
    found = {c for c, _ in codes(evidence_findings(case, cases.current_hashes(case)))}
    assert "final_demand_not_delivered" in found


def test_nakazowe_needs_acceptance_or_acknowledgement() -> None:
    case = cases.epu_small()
    found = codes(evidence_findings(case, cases.current_hashes(case), nakazowe=True))
    assert ("nakazowe_no_acceptance", "FS/0311/2024") in found
    accepted = cases.nakazowe()
    found = codes(evidence_findings(accepted, cases.current_hashes(accepted), nakazowe=True))
    assert not [c for c, _ in found if c == "nakazowe_no_acceptance"]


def test_hash_changed_and_missing_file_block() -> None:
    case = cases.consumer()
    hashes = cases.current_hashes(case)
    hashes["faktury/12-01-2025.pdf"] = "0" * 64
    del hashes["umowa/zamowienie.pdf"]
    found = evidence_findings(case, hashes)
    by_code = {f.code: f for f in found}
    assert by_code["evidence_hash_changed"].subject == "faktury/12-01-2025.pdf"
    assert by_code["evidence_file_missing"].subject == "umowa/zamowienie.pdf"
    assert by_code["evidence_hash_changed"].severity.value == "blocker"


def test_referenced_file_not_registered() -> None:
    case = cases.nakazowe()
    case = replace(case, contract=replace(case.contract, file="umowa/brak.pdf"))
    found = codes(evidence_findings(case, cases.current_hashes(case)))
    assert ("evidence_not_registered", "umowa/brak.pdf") in found
    assert ("missing_contract", "umowa") in found


def test_clean_case_has_no_findings() -> None:
    case = cases.nakazowe()
    case = replace(
        case,
        evidence=(*case.evidence, cases.item(EvidenceKind.CONTRACT, "umowa/tr-12-2024.pdf")),
    )
    assert evidence_findings(case, cases.current_hashes(case)) == ()
