"""The evidence packet: numbered exhibits, their index (.docx) and a ZIP bundle for the court.

``build_packet`` is pure (exhibit numbering and the evidence findings come from
``law.evidence``); ``file_hashes`` and ``write_bundle`` are the I/O edge: they read the case's
evidence files, check each against the SHA-256 recorded at intake and write
``zalaczniki/NN_<name>`` plus ``manifest.json`` (number, description, date, what it proves,
sha256, file name) and the index ``wykaz_zalacznikow.docx`` into one ZIP.

A single merged PDF with bookmarks is not produced (no PDF library in the dependencies);
``documents.pdf`` converts the index and the pleadings one by one.

Exceptions::

    PacketError
     +-- EvidenceChanged   a file is missing or its hash differs from intake
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from law.case import CaseFile
from law.evidence import Exhibit, evidence_findings, exhibits
from law.findings import Finding

MANIFEST = "manifest.json"
INDEX_NAME = "wykaz_zalacznikow.docx"


class PacketError(Exception):
    pass


class EvidenceChanged(PacketError):
    pass


@dataclass(frozen=True, slots=True)
class EvidencePacket:
    case_ref: str
    exhibits: tuple[Exhibit, ...]
    findings: tuple[Finding, ...]

    def exhibit_for(self, path: str) -> Exhibit | None:
        return next((e for e in self.exhibits if e.path == path), None)


def build_packet(
    case: CaseFile, current_hashes: Mapping[str, str], *, nakazowe: bool = False
) -> EvidencePacket:
    """Exhibits in court order plus the "enough to sue?" findings (pure)."""
    return EvidencePacket(
        case.external_ref,
        exhibits(case),
        evidence_findings(case, current_hashes, nakazowe=nakazowe),
    )


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def file_hashes(root: Path | str, paths: Iterable[str]) -> dict[str, str]:
    """SHA-256 of each existing ``root/path``; missing files are left out."""
    base = Path(root)
    return {p: sha256_file(base / p) for p in paths if (base / p).is_file()}


def bundle_name(exhibit: Exhibit) -> str:
    return f"zalaczniki/{exhibit.number:02d}_{PurePosixPath(exhibit.path).name}"


def manifest(packet: EvidencePacket) -> list[dict[str, Any]]:
    return [
        {
            "number": e.number,
            "description": e.description,
            "date": e.doc_date.isoformat() if e.doc_date else None,
            "proves": e.proves,
            "sha256": e.sha256,
            "file_name": bundle_name(e),
            "source_path": e.path,
        }
        for e in packet.exhibits
    ]


def write_bundle(
    packet: EvidencePacket,
    evidence_root: Path | str,
    out: Path | str,
    index_docx: bytes | None = None,
    extra: Mapping[str, bytes] | None = None,
) -> Path:
    """Write the ZIP bundle; raises ``EvidenceChanged`` if a file differs from intake.

    ``extra`` adds further files (e.g. the rendered pozew) under their given names.
    """
    root = Path(evidence_root)
    target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(target.suffix + ".part")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for e in packet.exhibits:
            source = root / e.path
            if not source.is_file():
                raise EvidenceChanged(f"missing evidence file: {e.path}")
            data = source.read_bytes()
            if hashlib.sha256(data).hexdigest() != e.sha256.lower():
                raise EvidenceChanged(f"evidence file changed since intake: {e.path}")
            zf.writestr(bundle_name(e), data)
        document = {"case": packet.case_ref, "exhibits": manifest(packet)}
        zf.writestr(MANIFEST, json.dumps(document, ensure_ascii=False, indent=2))
        if index_docx is not None:
            zf.writestr(INDEX_NAME, index_docx)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    tmp.replace(target)
    return target
