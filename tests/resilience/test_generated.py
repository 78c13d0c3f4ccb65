"""Hypothesis-generated bad input: a valid case document with one field made wrong.

The hand-written corpus covers the mistakes creditors make; here Hypothesis puts arbitrary
JSON values (and Polish-looking numbers and dates) into arbitrary fields of a valid document.
Whatever it produces, the checks return either a storable case or specific field errors:
never an exception, never an "(internal)" error, never an error without a field.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake import formats
from intake.importer import prepare_case
from intake.raw import RawCase
from tests.resilience import corpus

BASE = corpus.base_case()
TODAY = date(2026, 11, 23)


def _leaf_paths(value: Any, at: str = "") -> list[str]:
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _leaf_paths(v, f"{at}.{k}" if at else k)]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _leaf_paths(v, f"{at}[{i}]")]
    return [at]


PATHS = [*_leaf_paths(BASE), "debtor", "invoices", "payments[0]", "correspondence"]

polish_amounts = st.builds(
    lambda whole, cents, sep: f"{whole:,}".replace(",", sep) + f",{cents:02d}",
    st.integers(0, 10**12),
    st.integers(0, 99),
    st.sampled_from([" ", "\u00a0", ".", ""]),
)
polish_dates = st.builds(
    lambda d, fmt: d.strftime(fmt),
    st.dates(date(1990, 1, 1), date(2030, 12, 31)),
    st.sampled_from(["%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%m/%d/%Y", "%d.%m.%y"]),
)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
    | polish_amounts
    | polish_dates
    | st.sampled_from(["{{ 7*7 }}", "{% raw %}", "../../etc/passwd", "C:\\x", "", " ", "\x00"]),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=6,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=st.dictionaries(st.sampled_from(PATHS), json_values, min_size=1, max_size=3))
def test_a_wrong_field_gives_field_errors_never_an_exception(
    tmp_path_factory: Any, changes: dict[str, Any]
) -> None:
    folder: Path = tmp_path_factory.getbasetemp() / "generated"
    (folder / "evidence").mkdir(parents=True, exist_ok=True)
    for name in ("fv1.pdf", "wezwanie.pdf"):
        (folder / "evidence" / name).write_bytes(corpus.PDF)
    try:
        doc = corpus.apply_changes(BASE, {"set": changes})
    except (KeyError, IndexError, TypeError):  # an earlier change replaced a parent
        return
    raw = RawCase(source="generated/case.json", evidence_root=folder, data=doc)
    prepared, errors = prepare_case(raw, today=TODAY)
    assert (prepared is None) == bool(errors)
    for e in errors:
        assert e.field and e.field != "(internal)" and e.message, e


@settings(max_examples=300, deadline=None)
@given(whole=st.integers(0, 10**11), cents=st.integers(0, 99), sep=st.sampled_from(" \u00a0."))
def test_polish_amounts_read_exactly(whole: int, cents: int, sep: str) -> None:
    text = f"{whole:,}".replace(",", sep) + f",{cents:02d}"
    assert formats.parse_amount(text) == Decimal(f"{whole}.{cents:02d}")
    assert formats.parse_amount(text + " zł") == Decimal(f"{whole}.{cents:02d}")


@settings(max_examples=300, deadline=None)
@given(day=st.dates(date(1900, 1, 1), date(2100, 12, 31)))
def test_polish_dates_read_exactly(day: date) -> None:
    for fmt in ("%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"):
        assert formats.parse_day(day.strftime(fmt)) == day
    assert formats.parse_day(day.strftime("%d.%m.%Y") + " r.") == day
