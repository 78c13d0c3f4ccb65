"""Evidence packet: ZIP bundle with manifest.json and the index, hash checks on real files."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from documents.context import (
    attachments_context,
    evidence_index_context,
    exhibit_name,
    exhibits_context,
)
from documents.packet import (
    MANIFEST,
    EvidenceChanged,
    build_packet,
    exhibit_bookmark,
    file_hashes,
    manifest,
    write_bundle,
)
from documents.render import TemplateName, render
from law.case import CaseFile
from law.pl.fees import Procedure
from tests.documents import cases


def materialise(case: CaseFile, root: Path) -> None:
    for e in case.evidence:
        path = root / e.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(cases.content(e.path))


def test_bundle_with_manifest_and_index(tmp_path: Path) -> None:
    case = cases.b2b_sale()
    materialise(case, tmp_path / "ev")
    hashes = file_hashes(tmp_path / "ev", [e.path for e in case.evidence])
    packet = build_packet(case, hashes)
    assert "evidence_hash_changed" not in {f.code for f in packet.findings}
    index = render(TemplateName.EVIDENCE_INDEX, evidence_index_context(cases.document_inputs(case)))
    out = write_bundle(packet, tmp_path / "ev", tmp_path / "out" / "packet.zip", index.content)
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        data = json.loads(zf.read(MANIFEST))
        first = zf.read("zalaczniki/01_umowa-ramowa-7-2021.pdf")
    assert "wykaz_zalacznikow.docx" in names
    assert data["case"] == "STAL/2025/0042"
    assert len(data["exhibits"]) == 11
    entry = data["exhibits"][0]
    assert set(entry) >= {"number", "description", "date", "proves", "sha256", "file_name"}
    assert data["archive"] == "zalaczniki_do_pozwu" and data["label"] == "Załączniki do pozwu"
    assert data["procedure"] is None
    assert entry["file_name"] in names
    assert entry["date"] == "2021-11-08"
    assert first == cases.content("umowa/umowa-ramowa-7-2021.pdf")
    assert manifest(packet)[2]["file_name"] == "zalaczniki/03_FV-2022-01-014-epo.pdf"


def test_changed_file_refused(tmp_path: Path) -> None:
    case = cases.consumer()
    materialise(case, tmp_path)
    (tmp_path / "faktury/12-01-2025.pdf").write_bytes(b"tampered")
    hashes = file_hashes(tmp_path, [e.path for e in case.evidence])
    packet = build_packet(case, hashes)
    assert "evidence_hash_changed" in {f.code for f in packet.findings}
    with pytest.raises(EvidenceChanged, match="12-01-2025"):
        write_bundle(packet, tmp_path, tmp_path / "p.zip")
    assert not (tmp_path / "p.zip").exists()


def test_missing_file_refused(tmp_path: Path) -> None:
    case = cases.consumer()
    packet = build_packet(case, {})
    assert {f.code for f in packet.findings} >= {"evidence_file_missing"}
    with pytest.raises(EvidenceChanged, match="missing"):
        write_bundle(packet, tmp_path, tmp_path / "p.zip")


@pytest.mark.parametrize("make", [cases.b2b_sale, cases.consumer, cases.nakazowe, cases.epu_small])
def test_bundle_names_each_exhibit_as_the_pozew_does(make: object) -> None:
    # issue #14 item 10: the court's bundle uses the pozew's words (kind, number, date from the
    # structured data), never the creditor's own description of a file
    case = make()  # type: ignore[operator]
    inputs = cases.document_inputs(case)
    packet = build_packet(case, cases.current_hashes(case))
    assert packet.exhibits == inputs.exhibits
    attachments = attachments_context(inputs)  # empty in EPU (K10)
    evidence = {row["nr"]: row for row in exhibits_context(inputs)}
    for e in packet.exhibits:
        assert packet.names[e.number] == exhibit_name(e, case)
        name, title = packet.names[e.number], evidence[e.number]["opis"]
        assert name == title or re.sub(r" z dnia \d{1,2} \w+ \d{4} r\.", "", name) == title
        assert packet.names[e.number].count(" z dnia ") <= 1
        if inputs.claim.procedure is not Procedure.EPU:
            assert f"{packet.names[e.number]} (załącznik nr {e.number})" in attachments
        assert exhibit_bookmark(packet, e) == f"Załącznik nr {e.number} - {packet.names[e.number]}"
        entry = next(m for m in manifest(packet) if m["number"] == e.number)
        assert entry["court_name"] == packet.names[e.number]
        assert entry["description"] == e.description  # the firm keeps its own note


def test_invoice_bookmark_is_kind_number_and_polish_date() -> None:
    case = cases.b2b_sale()
    packet = build_packet(case, cases.current_hashes(case))
    invoice = next(e for e in packet.exhibits if e.invoice_number == "FV/2022/01/014")
    assert exhibit_bookmark(packet, invoice) == (
        "Załącznik nr 2 - Faktura VAT nr FV/2022/01/014 z dnia 14 stycznia 2022 r."
    )


def test_epu_bundle_is_the_firms_archive(tmp_path: Path) -> None:
    # K10 (art. 505^32 § 1 KPC): an EPU pozew attaches nothing; the bundle is the firm's archive
    case = cases.epu_small()
    materialise(case, tmp_path / "ev")
    packet = build_packet(
        case, file_hashes(tmp_path / "ev", [e.path for e in case.evidence]), epu=True
    )
    assert packet.label == "Archiwum dowodów kancelarii"
    out = write_bundle(packet, tmp_path / "ev", tmp_path / "epu.zip", b"index")
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        data = json.loads(zf.read(MANIFEST))
    assert data["archive"] == "archiwum_kancelarii"
    assert data["label"] == "Archiwum dowodów kancelarii"
    assert data["procedure"] == "epu"
    assert "505^32 § 1 KPC" in data["note"] and "nie składać do sądu" in data["note"]
    assert "wykaz_zalacznikow.docx" in names  # the layout stays stable; the manifest labels it
    assert [m["file_name"] for m in data["exhibits"]] == [
        n for n in names if n.startswith("zalaczniki/")
    ]
    assert all(exhibit_bookmark(packet, e).startswith("Dowód nr ") for e in packet.exhibits)


def test_accepted_invoice_dated_before_acceptance_and_one_date_only() -> None:
    # the date is the invoice's, so it stands next to the invoice, not after "zaakceptowana";
    # a title that already names a day (a letter's delivery proof) gets no second date
    case = cases.nakazowe()
    packet = build_packet(case, cases.current_hashes(case))
    names = list(packet.names.values())
    accepted = [n for n in names if "zaakceptowana przez pozwanego" in n]
    assert accepted and all(n.endswith(" r. zaakceptowana przez pozwanego") for n in accepted)
    assert all(len(re.findall(r"\d{4} r\.", n)) <= 1 for n in names)
