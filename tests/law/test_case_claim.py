"""From a case file to the claim: the demo cases of issue #14 and the art. 485 § 2^1 evidence.

Expected values: polish_law.md 0b K3 (art. 115 KC on payment deadlines), K4 (per invoice,
contested readings never block alone), K6 (nakazowe documents), K12 (legal bases); dates
checked against the Polish calendar by hand (30.08.2026 is a Sunday, 19.09.2026 a Saturday).
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from intake.folder_import import iter_folder_cases
from intake.importer import prepare_case
from law.case import CaseFile, EvidenceItem, EvidenceKind
from law.evidence import handover_date, performance_proofs
from law.findings import Severity
from law.pl.case_claim import claim_input
from law.pl.claim import compute_claim
from law.pl.fees import Procedure

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "cases"
DEMO_DAY = date(2026, 12, 1)


def sample(folder: str) -> CaseFile:
    (raw,) = iter_folder_cases(SAMPLES / folder)
    prepared, errors = prepare_case(raw, today=DEMO_DAY)
    assert prepared is not None, errors
    return prepared.case


def test_jasminowe_interest_runs_after_the_moved_deadlines() -> None:
    # TT/WIND/2026/0171: FV/2026/07/140 due Sun 30.08.2026 -> Mon 31.08 (art. 115 KC), interest
    # from 1.09; FV/2026/08/160 due Sat 19.09.2026 -> Mon 21.09, interest from 22.09 (K3)
    claim = compute_claim(claim_input(sample("TT-0171-jasminowe"), DEMO_DAY))
    first, second = claim.invoices
    assert (first.interest_from, second.interest_from) == (date(2026, 9, 1), date(2026, 9, 22))
    assert (first.wymagalnosc, second.wymagalnosc) == (date(2026, 9, 1), date(2026, 9, 22))
    assert (first.due_moved_to, second.due_moved_to) == (date(2026, 8, 31), date(2026, 9, 21))
    # the unmoved reading stays visible for the memo
    assert (first.interest_from_unmoved, second.interest_from_unmoved) == (
        date(2026, 8, 31),
        date(2026, 9, 20),
    )
    # K12: work -> art. 627 KC; commercial interest art. 7 ust. 1 u.p.n.o.t.h.
    assert [str(c) for c in claim.principal_basis] == ["KC art. 627"]
    assert "u.p.n.o.t.h. art. 7 ust. 1" in [str(c) for c in first.interest_cites]


def test_jasminowe_nakazowe_needs_invoice_delivery_proof_not_the_demand_zpo() -> None:
    # K6: the ZPO of the final demand is not proof of performance; the protokół odbioru is.
    case = sample("TT-0171-jasminowe")
    given = claim_input(case, DEMO_DAY)
    assert given.has_proof_of_performance and given.has_contract
    assert [e.path.rsplit("/", 1)[-1] for e in performance_proofs(case)] == [
        "protokol-odbioru-2026-07-28.pdf"
    ]
    assert given.handed_over_on == date(2026, 7, 28)  # art. 646 KC: oddanie dzieła
    # invoices carry a delivery date but no delivery proof on file -> no § 2^1 basis
    assert not any(i.delivered for i in given.invoices)
    claim = compute_claim(given)
    assert claim.procedure is Procedure.EPU
    assert "dowodu doręczenia faktury FV/2026/07/140, FV/2026/08/160" in claim.procedure_reason
    # with the invoices' delivery proofs on file, § 2^1 holds: nakazowe
    proofs = tuple(
        EvidenceItem(EvidenceKind.DELIVERY_PROOF, f"epo-{n}.pdf", "0" * 64, 1) for n in (1, 2)
    )
    delivered = replace(
        case,
        invoices=tuple(
            replace(i, delivery_proof_file=f"epo-{n}.pdf")
            for n, i in enumerate(case.invoices, start=1)
        ),
        evidence=(*case.evidence, *proofs),
    )
    assert compute_claim(claim_input(delivered, DEMO_DAY)).procedure is Procedure.NAKAZOWE
    # ... but not when the only "performance proof" is the demand's ZPO (the old reading)
    no_protocol = replace(
        delivered, evidence=tuple(e for e in delivered.evidence if "protokol" not in e.path)
    )
    without = compute_claim(claim_input(no_protocol, DEMO_DAY))
    assert without.procedure is Procedure.EPU
    assert "dowodu wykonania świadczenia" in without.procedure_reason


@pytest.mark.parametrize(
    ("kind", "description", "name", "proves", "source"),
    [
        (EvidenceKind.OTHER, "Protokół odbioru końcowego robót", "p.pdf", True, "K6"),
        (EvidenceKind.OTHER, "Protokół częściowego odbioru", "p.pdf", True, "K6"),
        (EvidenceKind.OTHER, "", "WZ-2026-118.pdf", True, "K6: WZ"),
        (EvidenceKind.OTHER, "Dokument wydania zewnętrznego", "d.pdf", True, "K6: WZ"),
        (EvidenceKind.DELIVERY_PROOF, "Dowód dostawy towaru", "d.pdf", True, "K6"),
        (EvidenceKind.OTHER, "List przewozowy CMR", "l.pdf", True, "K6: consignment"),
        (EvidenceKind.DELIVERY_PROOF, "Potwierdzenie odbioru (ZPO)", "zpo.pdf", False, "K6"),
        (EvidenceKind.DELIVERY_PROOF, "Dowód doręczenia", "epo.pdf", False, "K6"),
        (EvidenceKind.OTHER, "Notatka służbowa", "n.pdf", False, "not a performance proof"),
        (EvidenceKind.CORRESPONDENCE, "Protokół odbioru", "p.pdf", False, "letters never"),
    ],
)
def test_performance_proof_classification(
    kind: EvidenceKind, description: str, name: str, proves: bool, source: str
) -> None:
    base = sample("TT-0087-instal-serwis")  # no contract, no performance proof
    item = EvidenceItem(kind, f"extra/{name}", "0" * 64, 1, description, date(2024, 10, 3))
    case = replace(base, evidence=(*base.evidence, item))
    assert (item in performance_proofs(case)) is proves, source


def test_demand_zpo_is_never_performance_proof() -> None:
    # TT/WIND/2026/0171's zpo-wezwanie is a letter's delivery proof: left out however named
    case = sample("TT-0171-jasminowe")
    zpo = next(e for e in case.evidence if "zpo" in e.path)
    renamed = replace(zpo, description="Protokół odbioru")
    other = replace(case, evidence=tuple(renamed if e is zpo else e for e in case.evidence))
    assert renamed not in performance_proofs(other)
    assert handover_date(other) == date(2026, 7, 28)


def test_instal_serwis_is_drafted_for_the_live_invoice_only() -> None:
    # TT/WIND/2025/0087: FV/2023/08/077 (sale, due 29.08.2023) barred 31.12.2025 under every
    # reading; FV/2024/10/015 (due 16.10.2024) alive until 31.12.2026 (art. 554, 118 KC)
    claim = compute_claim(claim_input(sample("TT-0087-instal-serwis"), DEMO_DAY))
    assert [i.number for i in claim.invoices] == ["FV/2024/10/015"]
    (barred,) = claim.excluded_invoices
    assert barred.number == "FV/2023/08/077" and "31.12.2025 r." in barred.excluded_reason
    assert claim.invoices[0].limitation.expires_on == date(2026, 12, 31)
    # totals over the claimed invoice only: 5 535,00 zł principal (+ rekompensata if a rate)
    assert claim.principal_total.value == Decimal("5535.00")
    codes = {(f.code, f.subject): f.severity for f in claim.findings}
    assert codes[("limitation_expired", "FV/2023/08/077")] is Severity.WARNING
    assert codes[("limitation_near", "FV/2024/10/015")] is Severity.WARNING
    assert not [f for f in claim.findings if f.severity is Severity.BLOCKER]
    assert claim.limitation_watch == (("FV/2024/10/015", date(2026, 12, 31)),)
    assert [str(c) for c in claim.principal_basis] == ["KC art. 535"]


def test_summary_lists_claimed_and_excluded_invoices() -> None:
    # what `handoff cases show REF --json` shows (Case.claim_json); earliest_limitation is the
    # earliest live invoice's date (before: 2025-12-31, the barred invoice's)
    from documents.claim_summary import claim_summary, earliest_limitation

    claim = compute_claim(claim_input(sample("TT-0087-instal-serwis"), DEMO_DAY))
    summary = claim_summary(claim, DEMO_DAY)
    assert [i["number"] for i in summary["invoices"]] == ["FV/2024/10/015"]
    (barred,) = summary["excluded_invoices"]
    assert barred["number"] == "FV/2023/08/077" and not barred["claimed"]
    assert barred["limitation_status"] == "expired"
    assert summary["limitation_watch"] == [{"invoice": "FV/2024/10/015", "date": "2026-12-31"}]
    assert earliest_limitation(claim) == date(2026, 12, 31)
    jasminowe = claim_summary(
        compute_claim(claim_input(sample("TT-0171-jasminowe"), DEMO_DAY)), DEMO_DAY
    )
    assert [i["interest_from_date"] for i in jasminowe["invoices"]] == ["2026-09-01", "2026-09-22"]
    assert [i["due_moved_to"] for i in jasminowe["invoices"]] == ["2026-08-31", "2026-09-21"]


def test_barred_invoice_is_no_exhibit_and_needs_no_delivery_proof() -> None:
    # TT/WIND/2025/0087: FV/2023/08/077 is left out of the claim (K4), so out of the
    # exhibits and of the evidence checks; FV/2024/10/015 becomes exhibit nr 1
    from law.evidence import evidence_findings, exhibits

    case = sample("TT-0087-instal-serwis")
    claim = compute_claim(claim_input(case, DEMO_DAY))
    left_out = [i.number for i in claim.excluded_invoices]
    numbered = exhibits(case, left_out)
    assert [(e.number, e.invoice_number) for e in numbered if e.invoice_number] == [
        (1, "FV/2024/10/015")
    ]
    assert all("FV-2023-08-077" not in e.path for e in numbered)
    assert len(exhibits(case)) == len(numbered) + 1  # without leave_out: as before
    hashes = {e.path: e.sha256 for e in case.evidence}
    subjects = {f.subject for f in evidence_findings(case, hashes, leave_out=left_out)}
    assert "FV/2023/08/077" not in subjects and "FV/2024/10/015" in subjects


def test_consumer_case_has_no_rekompensata_anywhere() -> None:
    # TT/WIND/2026/0163 (consumer, PESEL): art. 10 u.p.n.o.t.h. needs a commercial transaction
    from documents.claim_summary import claim_summary

    claim = compute_claim(claim_input(sample("TT-0163-zielinska"), DEMO_DAY))
    assert not claim.compensation_applicable
    assert all(i.compensation is None for i in claim.all_invoices)
    text = json.dumps(claim_summary(claim, DEMO_DAY), ensure_ascii=False).lower()
    assert "rekompensat" not in text
    assert "eur_rate_missing" not in {f.code for f in claim.findings}
