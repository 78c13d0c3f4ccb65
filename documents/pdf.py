"""Word -> PDF through LibreOffice (``soffice --headless --convert-to pdf``).

Each call runs soffice with its own throw-away user profile
(``-env:UserInstallation=file:///tmp/...``) so parallel conversions and a desktop
LibreOffice of the same user do not lock each other, and kills it after ``timeout`` seconds.

Exceptions::

    PdfError
     +-- SofficeMissing       no ``soffice`` on PATH (PDF is optional: callers may skip)
     +-- ConversionFailed     soffice failed, timed out or produced no file
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

DEFAULT_TIMEOUT = 120.0


class PdfError(Exception):
    pass


class SofficeMissing(PdfError):
    pass


class ConversionFailed(PdfError):
    pass


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(
    sources: Sequence[Path | str], out_dir: Path | str, timeout: float = DEFAULT_TIMEOUT
) -> list[Path]:
    """Convert each .docx in ``sources`` to ``out_dir/<stem>.pdf`` in one soffice run."""
    exe = soffice_path()
    if exe is None:
        raise SofficeMissing("LibreOffice (soffice) is not installed")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = [Path(s).resolve() for s in sources]
    with tempfile.TemporaryDirectory(prefix="soffice-profile-") as profile:
        cmd = [
            exe,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, paths),
        ]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise ConversionFailed(f"soffice timed out after {timeout:.0f} s") from exc
    results = [out / f"{p.stem}.pdf" for p in paths]
    missing = [r.name for r in results if not r.is_file()]
    if proc.returncode != 0 or missing:
        detail = proc.stderr.decode(errors="replace").strip()[-500:]
        raise ConversionFailed(f"soffice exit {proc.returncode}, missing {missing}: {detail}")
    return results


def docx_to_pdf(source: Path | str, out_dir: Path | str, timeout: float = DEFAULT_TIMEOUT) -> Path:
    """Convert one .docx; returns the PDF path."""
    return convert_to_pdf([source], out_dir, timeout)[0]


def pdf_bytes(docx: bytes, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """Convert .docx bytes to PDF bytes (temporary files)."""
    with tempfile.TemporaryDirectory(prefix="docx2pdf-") as tmp:
        src = Path(tmp) / "document.docx"
        src.write_bytes(docx)
        return docx_to_pdf(src, tmp, timeout).read_bytes()
