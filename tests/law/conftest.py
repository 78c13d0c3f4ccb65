"""Helpers for the law tests: golden cases live in tests/law/golden/*.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

GOLDEN = Path(__file__).parent / "golden"


def golden(name: str) -> list[Any]:
    """Cases of ``golden/<name>.json``; every case has an ``id`` and a ``source``."""
    cases = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    for case in cases:
        assert case["id"] and case["source"], case
    return cases
