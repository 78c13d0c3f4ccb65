"""``plain_values`` must print exactly as ``dataclasses.asdict``: stored drafts' input hashes
are computed from that text, so a difference would redraft every case after an upgrade."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path

from intake.folder_import import iter_folder_cases
from intake.importer import prepare_case
from intake.synthetic import DEMO_TODAY, generate_cases
from law.case import plain_values
from law.findings import Finding, Severity
from law.pl.case_claim import claim_input
from law.pl.claim import compute_claim

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "cases"


def _text(value: object) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def test_sample_and_synthetic_cases_print_as_asdict(tmp_path: Path) -> None:
    batch = generate_cases(40, tmp_path / "batch", seed=5)
    cases = [
        prepared.case
        for source in (SAMPLES, batch)
        for raw in iter_folder_cases(source)
        if (prepared := prepare_case(raw)[0]) is not None
    ]
    assert len(cases) == 45
    for case in cases:
        blank = replace(case, stage="")
        assert _text(plain_values(blank)) == _text(asdict(blank))
        findings = compute_claim(claim_input(case, DEMO_TODAY)).findings
        assert json.dumps(plain_values(findings), default=str) == json.dumps(
            [asdict(f) for f in findings], default=str
        )


@dataclass(frozen=True)
class _Inner:
    amount: Decimal
    on: date | None
    tags: tuple[str, ...]


@dataclass(frozen=True)
class _Outer:
    name: str
    items: tuple[_Inner, ...]
    extra: dict[str, object]
    finding: Finding


def test_nested_values_print_as_asdict() -> None:
    value = _Outer(
        name="Zażółć {{ gęślą }}",
        items=(
            _Inner(Decimal("1234.50"), date(2024, 12, 31), ("a", "b")),
            _Inner(Decimal(0), None, ()),
        ),
        extra={"b": [1, (2, 3)], "a": {"x": Decimal("0.10")}},
        finding=Finding("code", Severity.BLOCKER, "wiadomość", "FV/1", "KC art. 118"),
    )
    assert _text(plain_values(value)) == _text(asdict(value))
    assert plain_values(value)["items"][0]["amount"] == Decimal("1234.50")
