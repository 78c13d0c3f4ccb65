"""Polish formatting of money, amounts in words, dates and citations for court documents.

* Money: ``12 345,67 zł`` - a plain space groups thousands, a comma separates grosze, as in
  a pozew. ``parse_money`` reads it back (the round trip is a tested property).
* Amount in words (``słownie``): ``dwanaście tysięcy trzysta czterdzieści pięć złotych
  67/100`` - the złoty noun declines with the number (1 złoty, 2-4 złote, 5+ złotych,
  12-14 złotych), grosze as a fraction, the usual form on bank transfers and in pleadings.
* Dates: ``3 marca 2025 r.`` (month in the genitive).
* Citations in court style: provision first, the act in the genitive where the act is named
  by its title (``art. 1 ust. 1 pkt 2 ustawy o opłacie skarbowej``).
* ``polish_text``: the legal core's explanations (written for engineers: ISO dates, dot
  decimals, ``->``) turned into Polish forms for the partner memo: ``31 sierpnia 2026 r.``,
  ``63 345,00 zł``. Court-facing documents never print those explanations at all.
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


# Acts cited by their title decline after the provision ("art. 1 ustawy o ...").
ACT_GENITIVE = {
    "ustawa o opłacie skarbowej": "ustawy o opłacie skarbowej",
    "rozp. MS 22.10.2015": "rozporządzenia Ministra Sprawiedliwości z dnia 22 października 2015 r.",
}


def format_cite(cite: Cite) -> str:
    """Court style puts the provision first: ``art. 481 § 2 KC``, ``§ 3 rozporządzenia ...``."""
    provision = re.sub(r"§(?=\S)", "§ ", cite.provision)
    return f"{provision} {ACT_GENITIVE.get(cite.act, cite.act)}"


def court_cites(cites: Iterable[Cite]) -> str:
    """Provisions of one act named once, as a pleading cites them: ``(art. 19 § 1 KPC, art.
    20 KPC)`` -> ``art. 19 § 1 i art. 20 KPC``; acts follow in the order first cited; case-law
    signatures (SN) are left out (a pleading cites statutes for its bases)."""
    by_act: dict[str, list[str]] = {}
    for cite in cites:
        if cite.act == "SN":
            continue
        provision = re.sub(r"§(?=\S)", "§ ", cite.provision)
        provisions = by_act.setdefault(cite.act, [])
        if provision not in provisions:
            provisions.append(provision)
    parts = []
    for act, provisions in by_act.items():
        shown = _same_article(provisions)
        joined = shown[0]
        if len(shown) > 1:
            joined = ", ".join(shown[:-1]) + " i " + shown[-1]
        parts.append(f"{joined} {ACT_GENITIVE.get(act, act)}")
    return "; ".join(parts)


_ARTICLE_PART = re.compile(r"^(art\. \S+) (§ .+)$")


def _same_article(provisions: list[str]) -> list[str]:
    """``art. 481 § 1``, ``art. 481 § 2`` -> ``art. 481 § 1``, ``§ 2`` (the article once)."""
    out: list[str] = []
    previous = ""
    for provision in provisions:
        match = _ARTICLE_PART.match(provision)
        if match and match.group(1) == previous:
            out.append(match.group(2))
        else:
            out.append(provision)
        previous = match.group(1) if match else provision
    return out


_ACT_FIRST = re.compile(r"^(KC|KPC|u\.k\.s\.c\.|u\.p\.n\.o\.t\.h\.) ((?:art\.|§) .+)$")


def cite_text(text: str) -> str:
    """A legal core's cite list (``KC art. 554; KC art. 120 §1; SN III CZP 21/23``) in the
    order a Polish lawyer writes it: ``art. 554 KC; art. 120 § 1 KC; SN III CZP 21/23``."""
    parts = []
    for part in text.split("; "):
        match = _ACT_FIRST.match(part.strip())
        if match:
            provision = re.sub(r"§(?=\S)", "§ ", match.group(2))
            part = f"{provision} {match.group(1)}"
        parts.append(part)
    return "; ".join(parts)


# law.pl.rates.InterestKind values as the legal core's explanations print them
_INTEREST_CODES = {
    "(commercial-healthcare)": "(w transakcjach handlowych, podmiot leczniczy)",
    "(commercial)": "(w transakcjach handlowych)",
    "(statutory)": "(ustawowe za opóźnienie)",
}
# ISO dates, except inside a command line the partner copies ("rates set EUR 2026-08-31 ...")
_ISO_DATE = re.compile(r"(?<![\d.-])(?<!EUR )(\d{4})-(\d{2})-(\d{2})(?![\d-])")
_DOT_DECIMAL = re.compile(r"(?<![\d.,])(-?\d+)\.(\d+)(?![\d.])")


def _decimal_text(match: re.Match[str]) -> str:
    whole, frac = match.group(1), match.group(2)
    sign, digits = ("-", whole[1:]) if whole.startswith("-") else ("", whole)
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return f"{sign}{' '.join(groups)},{frac}"


def _date_text(match: re.Match[str]) -> str:
    try:
        day = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return match.group(0)
    return format_date(day)


def polish_text(text: str) -> str:
    """An engineer's explanation in Polish forms: ``2026-08-31`` -> ``31 sierpnia 2026 r.``,
    ``63345.00 zł`` -> ``63 345,00 zł``, ``4.4135`` -> ``4,4135``, ``->`` -> ``→``, ``x`` between
    numbers -> ``×``. Dates such as ``22.10.2015`` are left alone."""
    for code, name in _INTEREST_CODES.items():
        text = text.replace(code, name)
    text = _ISO_DATE.sub(_date_text, text)
    text = _DOT_DECIMAL.sub(_decimal_text, text)
    text = text.replace(" -> ", " → ").replace("->", "→")
    return re.sub(r"(?<=\bEUR) x (?=\d)", " × ", text)
