"""Polish formatting of money, amounts in words, dates and citations for court documents.

* Money: ``12 345,67 zł`` - a plain space groups thousands, a comma separates grosze, as in
  a pozew. ``parse_money`` reads it back (the round trip is a tested property).
* Amount in words (``słownie``): ``dwanaście tysięcy trzysta czterdzieści pięć złotych
  67/100`` - the złoty noun declines with the number (1 złoty, 2-4 złote, 5+ złotych,
  12-14 złotych), grosze as a fraction, the usual form on bank transfers and in pleadings.
* Dates: ``3 marca 2025 r.`` (month in the genitive).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from num2words import num2words

from law.citation import Cite

MONTHS_GENITIVE = (
    "stycznia",
    "lutego",
    "marca",
    "kwietnia",
    "maja",
    "czerwca",
    "lipca",
    "sierpnia",
    "września",
    "października",
    "listopada",
    "grudnia",
)
_GROSZ = Decimal("0.01")
_MONEY_RE = re.compile(r"^(-?)(\d{1,3}(?: \d{3})*),(\d{2})(?: zł)?$")


def _grosze(value: Decimal | int | str) -> Decimal:
    return Decimal(value).quantize(_GROSZ, rounding=ROUND_HALF_UP)


def format_number(value: Decimal | int | str) -> str:
    """``12345.6`` -> ``12 345,60`` (plain-space thousands, comma decimals)."""
    amount = _grosze(value)
    sign = "-" if amount < 0 else ""
    whole, frac = f"{abs(amount):.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{sign}{' '.join(groups)},{frac}"


def format_money(value: Decimal | int | str) -> str:
    """``12345.67`` -> ``12 345,67 zł``."""
    return f"{format_number(value)} zł"


def format_whole_zloty(value: Decimal | int | str) -> str:
    """WPS style: ``12346`` -> ``12 346 zł`` (no grosze)."""
    amount = Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return format_money(amount)[: -len(",00 zł")] + " zł"


def parse_money(text: str) -> Decimal:
    """Inverse of ``format_money`` / ``format_number``; raises ``ValueError`` otherwise."""
    match = _MONEY_RE.match(text.strip())
    if not match:
        raise ValueError(f"not a Polish money amount: {text!r}")
    sign, whole, frac = match.groups()
    return Decimal(f"{sign}{whole.replace(' ', '')}.{frac}")


def zloty_noun(whole: int) -> str:
    """Declension of *złoty* after a number: 1 złoty, 2-4 złote, 5-21 złotych, 22 złote..."""
    if whole == 1:
        return "złoty"
    if whole % 10 in (2, 3, 4) and whole % 100 not in (12, 13, 14):
        return "złote"
    return "złotych"


def money_in_words(value: Decimal | int | str) -> str:
    """``12345.67`` -> ``dwanaście tysięcy trzysta czterdzieści pięć złotych 67/100``."""
    amount = _grosze(value)
    if amount < 0:
        raise ValueError("amount in words must not be negative")
    whole = int(amount)
    grosze = int((amount - whole) * 100)
    return f"{num2words(whole, lang='pl')} {zloty_noun(whole)} {grosze:02d}/100"


def format_date(day: date) -> str:
    """``date(2025, 3, 3)`` -> ``3 marca 2025 r.``"""
    return f"{day.day} {MONTHS_GENITIVE[day.month - 1]} {day.year} r."


def format_date_or(day: date | None, missing: str = "brak danych") -> str:
    return format_date(day) if day else missing


def format_cites(cites: Iterable[Cite]) -> str:
    """``(Cite("KC", "art. 481 §2"),)`` -> ``art. 481 § 2 KC`` joined with "; "."""
    return "; ".join(format_cite(c) for c in cites)


def format_cite(cite: Cite) -> str:
    """Court style puts the provision first: ``art. 481 § 2 KC``, ``§ 3 rozp. MS ...``."""
    provision = re.sub(r"§(?=\S)", "§ ", cite.provision)
    return f"{provision} {cite.act}"
