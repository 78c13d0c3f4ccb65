"""The evidence bundle numbers its exhibits as the pozew does: an invoice left out of the
claim (time-barred under every reading, polish_law.md 0b K4) is no exhibit in either.

TT/WIND/2025/0087: FV/2023/08/077 barred since 31.12.2025; FV/2024/10/015 claimed, so it is
exhibit nr 1 in the pozew and 01_ in the bundle (before: the barred invoice was nr 1 in the
bundle and the numbers disagreed with the draft).
"""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from tests.conftest import SAMPLES

runner = CliRunner()


def test_bundle_leaves_out_the_barred_invoice(
    prefect_api: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HANDOFF_HOME", str(tmp_path / "var"))
    monkeypatch.setenv("HANDOFF_DATABASE_URL", f"sqlite:///{tmp_path / 'handoff.db'}")
    monkeypatch.setenv("HANDOFF_REGISTRIES", "offline")
    from flows.handoff import handoff

    handoff(
        source=str(SAMPLES / "cases" / "TT-0087-instal-serwis"), reference_date=date(2026, 12, 1)
    )
    out = tmp_path / "pakiet.zip"
    result = runner.invoke(app, ["cases", "bundle", "TT/WIND/2025/0087", "-o", str(out)])
    assert result.exit_code == 0, result.output
    names = [n for n in zipfile.ZipFile(out).namelist() if n.startswith("zalaczniki/")]
    assert names == ["zalaczniki/01_FV-2024-10-015.pdf", "zalaczniki/02_monit-2025-03-03.pdf"]
    assert "FV/2023/08/077" not in result.output  # no delivery-proof warning for it either
