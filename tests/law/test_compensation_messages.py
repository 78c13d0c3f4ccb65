"""Rekompensata without a known EUR rate (polish_law.md 0b K8): the Polish message names the
missing NBP Table A day and both ways to supply it; the reasons a partner reads are Polish."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from law.pl.compensation import EurRateUnavailable, compensation, missing_rate_message


@pytest.mark.parametrize(
    ("due", "rate_day"),
    [
        # the last business day of the month before the deadline's month (art. 10 ust. 1)
        (date(2026, 4, 15), date(2026, 3, 31)),  # Tue 31.03.2026
        (date(2026, 3, 10), date(2026, 2, 27)),  # 28.02.2026 is a Saturday -> Fri 27.02
        (date(2026, 1, 20), date(2025, 12, 31)),  # Wed 31.12.2025
    ],
)
def test_missing_rate_names_the_day_and_both_ways_to_supply_it(due: date, rate_day: date) -> None:
    with pytest.raises(EurRateUnavailable) as caught:
        compensation(Decimal(1000), due)
    err = caught.value
    assert (err.rate_day, err.due) == (rate_day, due)
    message = str(err)
    assert message == missing_rate_message(rate_day, due)
    assert f"z dnia {rate_day:%d.%m.%Y}" in message
    assert f"termin płatności {due:%d.%m.%Y}" in message
    assert "handoff rates refresh" in message
    assert f"handoff rates set EUR {rate_day.isoformat()} <kurs>" in message
    assert "pass a rate" not in message and "no NBP" not in message


def test_missing_rate_is_still_a_lookup_error() -> None:
    # the exception class stays what callers catch
    assert issubclass(EurRateUnavailable, LookupError)


def test_reason_and_alternative_note_are_polish() -> None:
    # R9 / R10 (polish_law.md 7.6): 3 000 zł due 31.03.2023
    result = compensation(Decimal(3000), date(2023, 3, 31))
    assert result.figure.reason == (
        "40 EUR × 4,7170 zł (średni kurs EUR NBP, tabela A, z 28.02.2023 r.); świadczenie "
        "3 000,00 zł, termin płatności 31.03.2023 r."
    )
    assert result.figure.notes == (
        "odczyt alternatywny (wymagalność od dnia następnego po terminie, miesiąc 04.2023): "
        "kurs z 31.03.2023 r. 4,6755 zł = 187,02 zł",
    )


def test_before_the_act_message_is_polish() -> None:
    with pytest.raises(ValueError, match=r"stosuje się do terminów płatności od 28\.04\.2013"):
        compensation(Decimal(1000), date(2013, 4, 27))
