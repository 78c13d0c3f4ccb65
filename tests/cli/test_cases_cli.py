"""The intake and case commands through the installed-style entry point (typer CliRunner)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from tests.conftest import SAMPLES

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HANDOFF_HOME", str(tmp_path / "var"))
    monkeypatch.delenv("HANDOFF_DATABASE_URL", raising=False)
    return tmp_path


def test_import_reports_each_case_and_markup_in_data_prints_literally(env: Path) -> None:
    batch = env / "batch"
    shutil.copytree(SAMPLES / "cases" / "TT-0163-zielinska", batch / "a")
    doc = json.loads((batch / "a" / "case.json").read_text("utf-8"))
    doc["external_ref"] = "REF [/] [bold]x"
    doc["debtor"]["name"] = "Joanna [/]Zielińska [red]"
    (batch / "a" / "case.json").write_text(json.dumps(doc, ensure_ascii=False), "utf-8")

    result = runner.invoke(app, ["import", str(batch)])
    assert result.exit_code == 0, result.output
    assert "REF [/] [bold]x" in result.output
    assert "created" in result.output

    listing = runner.invoke(app, ["cases", "list"])
    assert listing.exit_code == 0, listing.output
    assert "[/]" in listing.output

    shown = runner.invoke(app, ["cases", "show", "REF [/] [bold]x", "--json"])
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)["debtor"] == "Joanna [/]Zielińska [red]"


def test_import_of_a_bad_case_exits_1_with_the_field(env: Path) -> None:
    batch = env / "batch"
    shutil.copytree(SAMPLES / "cases" / "TT-0163-zielinska", batch / "a")
    doc = json.loads((batch / "a" / "case.json").read_text("utf-8"))
    doc["invoices"][0]["amount"] = "-5"
    (batch / "a" / "case.json").write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    result = runner.invoke(app, ["import", str(batch), "--json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    (case,) = report["cases"]
    assert case["outcome"] == "rejected"
    assert any(e["field"] == "invoices[0].amount" for e in case["errors"])


def test_show_unknown_case_is_exit_2(env: Path) -> None:
    result = runner.invoke(app, ["cases", "show", "NOPE"])
    assert result.exit_code == 2


def test_bundle_of_changed_evidence_is_refused_and_leaves_no_partial_file(env: Path) -> None:
    batch = env / "batch"
    shutil.copytree(SAMPLES / "cases" / "TT-0163-zielinska", batch / "a")
    assert runner.invoke(app, ["import", str(batch)]).exit_code == 0
    ref = json.loads((batch / "a" / "case.json").read_text("utf-8"))["external_ref"]
    for name in ("zpo-wezwanie-2026-09-15.pdf", "wezwanie-2026-09-15.pdf"):
        (batch / "a" / name).write_bytes(b"%PDF-1.4 podmieniony plik")  # after intake
    target = env / "teczka.zip"
    result = runner.invoke(app, ["cases", "bundle", ref, "-o", str(target)])
    assert result.exit_code == 1
    assert "dowody zmieniły się od przyjęcia sprawy" in result.stderr
    assert sorted(p.name for p in env.iterdir()) == ["batch", "var"]  # no .zip, no .zip.part
