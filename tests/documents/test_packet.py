"""Evidence packet: ZIP bundle with manifest.json and the index, hash checks on real files."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from documents.context import evidence_index_context
from documents.packet import (
    MANIFEST,
    EvidenceChanged,
    build_packet,
    file_hashes,
    manifest,
    write_bundle,
)
from documents.render import TemplateName, render
from law.case import CaseFile
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
