"""The court a pozew is addressed to: the sąd rejonowy serving the defendant's address.

General venue is the defendant's domicile (natural person, art. 27 § 1 KPC) or seat (legal
person, art. 30 KPC). Which sąd rejonowy serves a place is set by the Minister of Justice's
regulation on the areas of the common courts: each court's area lists towns ("dla miasta X"),
gminas ("oraz gmin: A, B i C"; a town and the rural gmina of the same name are both meant),
districts of split cities (Warszawa, Kraków, Łódź, Poznań, Wrocław by dzielnica; Gdańsk by
jednostka pomocnicza) or a street-bounded part of a city (Katowice, Lublin, Szczecin). The
areas are parsed once, at import, from ``law.pl.data.district_courts`` (the regulation's
wording); every court yields at least one unit.

Placement never guesses. It returns no court, with a Polish reason telling the paralegal what
to add, when the place is unknown, when a name occurs in the areas of several courts (a gmina
name can exist in two voivodeships; the data carries no powiat or voivodeship, so a person
decides), when a split city is given without a district, and always for street-bounded cities
unless the district field names the court's part ("Katowice-Wschód").

Above the district level (``pozew_court``):

* WPS over 100 000 zł goes to the sąd okręgowy (art. 17 pkt 4 KPC). The stored data has no
  regional courts, so the sąd okręgowy is left for a person to name (a blocker finding), with
  the sąd rejonowy whose okręg it is.
* EPU is always Sąd Rejonowy Lublin-Zachód w Lublinie, VI Wydział Cywilny (art. 505^28 KPC;
  polish_law.md K10).
* A commercial case goes to the wydział gospodarczy serving the court's area (polish_law.md
  K11); the data does not list those divisions (a small court often has none: its area is
  served by another court's), so the pozew names the court without a division and the case
  carries a warning asking a person to confirm the wydział gospodarczy.

References:
    * Rozporządzenie Ministra Sprawiedliwości w sprawie utworzenia sądów apelacyjnych, sądów
      okręgowych i sądów rejonowych oraz ustalenia obszarów właściwości - area wording of the
      318 sądy rejonowe (shared/domain/courts/district_courts.json and its README).
    * KPC art. 16, 17 pkt 4 (since 1.07.2023, Dz.U. 2023 poz. 614), art. 27 § 1, art. 30,
      art. 505^28 (polish_law.md 6.2-6.3, C8, K10, K11).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from law.case import Address, PartyKind
from law.citation import Cite
from law.findings import Finding, Severity
from law.pl.data.district_courts import DISTRICT_COURTS
from law.pl.fees import Procedure
from law.pl.procedure import CourtLevel

if TYPE_CHECKING:
    from law.case import CaseFile
    from law.pl.claim import ClaimComputation

REGULATION = Cite("rozp. MS", "w sprawie obszarów właściwości sądów rejonowych")
ART_16 = Cite("KPC", "art. 16 § 1")
ART_17 = Cite("KPC", "art. 17 pkt 4")
ART_27 = Cite("KPC", "art. 27 § 1")
ART_30 = Cite("KPC", "art. 30")
ART_505_28 = Cite("KPC", "art. 505^28")

EPU_COURT = "Sąd Rejonowy Lublin-Zachód w Lublinie"
EPU_DIVISION = "VI Wydział Cywilny"
CIVIL_DIVISION = "Wydział Cywilny"
# The data holds no commercial divisions, and a small court often has none (the wydział
# gospodarczy serving its area sits in another court): a commercial case names the court
# without a division and carries ``commercial_division_unconfirmed`` (K11).
UNKNOWN_DIVISION = ""

# Cities split between several courts, by the court's seat as its name gives it (locative).
# The regulation's wording names the city in other cases or not at all ("dla części miasta").
SPLIT_CITIES = {
    "Gdańsku": "Gdańsk",
    "Katowicach": "Katowice",
    "Krakowie": "Kraków",
    "Lublinie": "Lublin",
    "Łodzi": "Łódź",
    "Poznaniu": "Poznań",
    "Szczecinie": "Szczecin",
    "Warszawie": "Warszawa",
    "Wrocławiu": "Wrocław",
}


class UnitKind(StrEnum):
    MIASTO = "miasto"  # a town named as such ("dla miasta X", "miast: A i B")
    GMINA = "gmina"  # a gmina; the town of the same name in it is meant too
    DZIELNICA = "dzielnica"  # a district of a split city (Warszawa, Kraków, Łódź, ...)
    JEDNOSTKA = "jednostka pomocnicza"  # Gdańsk's auxiliary units
    CZESC_MIASTA = "część miasta"  # a street-bounded part (Katowice, Lublin, Szczecin)


@dataclass(frozen=True, slots=True)
class AreaUnit:
    kind: UnitKind
    name: str  # "Kutno", "Oliwa"; for CZESC_MIASTA the regulation's boundary text
    qualifier: str = ""  # "Szczecińska" in "Dobra (Szczecińska)"
    city: str = ""  # the split city of a DZIELNICA / JEDNOSTKA / CZESC_MIASTA


@dataclass(frozen=True, slots=True)
class DistrictCourt:
    name: str  # "Sąd Rejonowy w Opolu", "Sąd Rejonowy Gdańsk-Północ w Gdańsku"
    area: str  # the regulation's wording
    units: tuple[AreaUnit, ...]
    seat: str  # the locative of the name: "Opolu", "Gdańsku"
    label: str = ""  # the part between "Sąd Rejonowy" and the seat: "Gdańsk-Północ"

    @property
    def genitive(self) -> str:
        return court_genitive(self.name)

    @property
    def dative(self) -> str:
        return court_dative(self.name)


@dataclass(frozen=True, slots=True)
class Place:
    """Where the defendant is, as the case data gives it (empty strings when unknown)."""

    city: str = ""
    postcode: str = ""
    street: str = ""
    gmina: str = ""
    powiat: str = ""
    voivodeship: str = ""
    district: str = ""  # dzielnica / jednostka pomocnicza / the court's part of the city


class NotPlaced(StrEnum):
    NO_PLACE = "no_place"  # no town or gmina in the address
    UNKNOWN_PLACE = "unknown_place"  # not in any court's area as written
    AMBIGUOUS_NAME = "ambiguous_name"  # the name is in the areas of several courts
    DISTRICT_NEEDED = "district_needed"  # a city split by district, no district given
    UNKNOWN_DISTRICT = "unknown_district"  # a district the regulation does not name
    STREET_SPLIT = "street_split"  # a city split by a street-bounded line


@dataclass(frozen=True, slots=True)
class Placement:
    court: DistrictCourt | None
    reason: str  # Polish: how the court follows from the address, or what to add
    not_placed: NotPlaced | None = None
    candidates: tuple[str, ...] = ()  # court names the place could belong to
    cites: tuple[Cite, ...] = (REGULATION,)

    @property
    def placed(self) -> bool:
        return self.court is not None


@dataclass(frozen=True, slots=True)
class CourtChoice:
    """The court and division a pozew is addressed to, or why no court can be named."""

    name: str  # nominative, as the pleading's heading prints it; "" when not named
    genitive: str  # "Sądu Rejonowego w Opolu"; "" when not named
    division: str
    reason: str  # Polish, for the memo: how the court follows from the case
    cites: tuple[Cite, ...]
    findings: tuple[Finding, ...]
    verify: bool  # a person must confirm the court or the division before filing
    placement: Placement | None = None  # None in EPU

    @property
    def named(self) -> bool:
        return bool(self.name)


# --- names ----------------------------------------------------------------------------------


def fold(text: str) -> str:
    """Case, diacritics, hyphens and spacing do not matter: "Bielsko Biała" = "bielsko-biała"."""
    text = text.casefold().replace("ł", "l")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def name_key(text: str) -> str:
    """Case, hyphens and spacing do not matter, diacritics do: "Rogoźno" and "Rogóźno" are two
    gminas (SR Oborniki, SR Grudziądz), as are "Miedźna"/"Miedzna" and "Brojce"/"Brójce"."""
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


_CITY_PREFIX = re.compile(r"^(?:m\.\s*st\.|miasto\s+stołeczne|miasto|m\.|gmina|gm\.)\s+", re.I)


def _clean(name: str) -> str:
    return _CITY_PREFIX.sub("", " ".join(name.split())).strip()


_POWIAT = re.compile(r"^(?:powiat\s+)?(?:m\.\s*|miasto\s+|grodzki\s+)?", re.I)
_SAD = {"Sąd Rejonowy": ("Sądu Rejonowego", "Sądowi Rejonowemu")}
_SAD["Sąd Okręgowy"] = ("Sądu Okręgowego", "Sądowi Okręgowemu")


def court_genitive(name: str) -> str:
    """``"Sąd Rejonowy w Opolu"`` -> ``"Sądu Rejonowego w Opolu"`` (the rest is unchanged)."""
    return _declined(name, 0)


def court_dative(name: str) -> str:
    """``"Sąd Rejonowy w Opolu"`` -> ``"Sądowi Rejonowemu w Opolu"``."""
    return _declined(name, 1)


def _declined(name: str, case: int) -> str:
    for head, forms in _SAD.items():
        if name.startswith(head + " "):
            return forms[case] + name[len(head) :]
    raise ValueError(f"not a court name: {name!r}")


# --- parsing the regulation's wording -------------------------------------------------------

_COURT_NAME = re.compile(
    r"^Sąd Rejonowy(?: (?P<label>.+?))? (?:w|we) (?P<seat>[A-ZŁŚŻŹĆ][^,]*?)"
    r"(?: z siedzibą (?:w|we) (?P<sitting>.+))?$"
)
_GROUP = re.compile(
    r"(?:^dla |, dla |, a także dla | oraz dla |, | oraz | i )"
    r"(?P<kind>miasta|miast|gminy|gmin|dzielnicy|dzielnic|jednostek pomocniczych):? "
)
_KINDS = {
    "miasta": UnitKind.MIASTO,
    "miast": UnitKind.MIASTO,
    "gminy": UnitKind.GMINA,
    "gmin": UnitKind.GMINA,
    "dzielnicy": UnitKind.DZIELNICA,
    "dzielnic": UnitKind.DZIELNICA,
    "jednostek pomocniczych": UnitKind.JEDNOSTKA,
}
_HEAD_UNITS = re.compile(r"^dla części obszaru miasta \w+ ustalonego dla jednostek pomocniczych: ")
_HEAD_DISTRICTS = re.compile(
    r"^dla części miasta(?: stołecznego Warszawy| \w+)? w granicach ustalonych(?: tradycyjnie)? "
    r"dla (?P<kind>dzielnicy|dzielnic):? "
)
_HEAD_STREETS = re.compile(r"^dla części miasta .*?(?=, dla |, a także dla | oraz dla |$)")
_QUALIFIED = re.compile(r"^(?P<name>.+?) \((?P<qualifier>[^)]+)\)$")


def _names(text: str) -> list[str]:
    """``"A, B i C"`` -> ``["A", "B", "C"]``."""
    parts = text.strip().rstrip(",").split(", ")
    return [*parts[:-1], *parts[-1].rsplit(" i ", 1)]


def parse_area(area: str, city: str = "") -> tuple[AreaUnit, ...]:
    """The units of one court's area; ``city`` is the split city the court sits in, if any.

    >>> [u.name for u in parse_area("dla miasta Kutno oraz gmin: Bedlno, Kutno i Żychlin")]
    ['Kutno', 'Bedlno', 'Kutno', 'Żychlin']
    """
    units: list[AreaUnit] = []
    rest = area
    head = _HEAD_UNITS.match(area)
    if head:
        rest = "dla jednostek pomocniczych: " + area[head.end() :]
    elif head := _HEAD_DISTRICTS.match(area):
        rest = "dla dzielnic: " + area[head.end() :]
    elif area.startswith("dla części miasta") and (head := _HEAD_STREETS.match(area)):
        units.append(AreaUnit(UnitKind.CZESC_MIASTA, head.group(0), city=city))
        rest = re.sub(r"^(?:, dla |, a także dla | oraz dla )", "dla ", area[head.end() :])
        if not rest:
            return tuple(units)
    groups = list(_GROUP.finditer(rest))
    if not groups or groups[0].start() != 0:
        raise ValueError(f"unexpected area wording: {area[:80]!r}")
    for i, group in enumerate(groups):
        end = groups[i + 1].start() if i + 1 < len(groups) else len(rest)
        kind = _KINDS[group["kind"]]
        for raw in _names(rest[group.end() : end]):
            if not raw or not (raw[0].isupper() or raw[0].isdigit()):
                raise ValueError(f"unexpected name {raw!r} in {area[:80]!r}")
            qualified = _QUALIFIED.match(raw)
            name, qualifier = (
                (qualified["name"], qualified["qualifier"]) if qualified else (raw, "")
            )
            split = city if kind in (UnitKind.DZIELNICA, UnitKind.JEDNOSTKA) else ""
            units.append(AreaUnit(kind, name, qualifier, split))
    return tuple(units)


def _court(name: str, area: str) -> DistrictCourt:
    match = _COURT_NAME.match(name)
    if not match:
        raise ValueError(f"unexpected court name: {name!r}")
    seat = match["seat"]
    label = match["label"] or ""
    city = SPLIT_CITIES.get(seat, "") if label else ""
    return DistrictCourt(name, area, parse_area(area, city), seat, label)


COURTS: tuple[DistrictCourt, ...] = tuple(_court(name, area) for name, area in DISTRICT_COURTS)
BY_NAME: dict[str, DistrictCourt] = {c.name: c for c in COURTS}

_PLACES: dict[str, list[tuple[DistrictCourt, AreaUnit]]] = {}  # by name_key
_FOLDED: dict[str, list[tuple[DistrictCourt, AreaUnit]]] = {}  # by fold, without diacritics
_QUALIFIED_PLACES: dict[str, list[tuple[DistrictCourt, AreaUnit]]] = {}  # "dobra szczecinska"
_SPLIT_NAMES: dict[str, str] = {fold(city): city for city in SPLIT_CITIES.values()}
_DISTRICTS: dict[str, list[tuple[DistrictCourt, AreaUnit]]] = {}  # by split city
_STREET_SPLIT: dict[str, list[DistrictCourt]] = {}
for _c in COURTS:
    for _u in _c.units:
        if _u.kind in (UnitKind.MIASTO, UnitKind.GMINA):
            _PLACES.setdefault(name_key(_u.name), []).append((_c, _u))
            _FOLDED.setdefault(fold(_u.name), []).append((_c, _u))
            if _u.qualifier:
                _QUALIFIED_PLACES.setdefault(fold(f"{_u.name} {_u.qualifier}"), []).append((_c, _u))
        elif _u.kind is UnitKind.CZESC_MIASTA:
            _STREET_SPLIT.setdefault(fold(_u.city), []).append(_c)
        else:
            _DISTRICTS.setdefault(fold(_u.city), []).append((_c, _u))


def _courts(pairs: Iterable[tuple[DistrictCourt, AreaUnit]]) -> list[DistrictCourt]:
    return list(dict.fromkeys(c for c, _ in pairs))


def _names_pl(courts: Iterable[DistrictCourt | str]) -> str:
    return ", ".join(c if isinstance(c, str) else c.name for c in courts)


# --- placement ------------------------------------------------------------------------------


def district_court(place: Place) -> Placement:
    """The sąd rejonowy whose area holds ``place``, or no court with the reason.

    >>> district_court(Place(city="Opole")).court.name
    'Sąd Rejonowy w Opolu'
    >>> district_court(Place(city="Gdańsk", district="Oliwa")).court.name
    'Sąd Rejonowy Gdańsk-Północ w Gdańsku'
    >>> district_court(Place(city="Gdańsk")).not_placed
    <NotPlaced.DISTRICT_NEEDED: 'district_needed'>
    """
    city, gmina, district = _clean(place.city), _clean(place.gmina), place.district.strip()
    # The gmina, when given, decides: the town of the postal address may be a neighbouring
    # city ("Gdańsk" for a house in gmina Kolbudy).
    name = gmina or city
    key = fold(name)
    if key in _STREET_SPLIT:
        return _street_split(name, _STREET_SPLIT[key], district, place.street)
    if key in _DISTRICTS:
        return _by_district(name, _DISTRICTS[key], district)
    if not district and not gmina:  # "Warszawa-Mokotów", "Gdańsk Oliwa": city and district
        folded = fold(city)
        for split, split_city in _SPLIT_NAMES.items():
            if folded.startswith(split + " "):
                rest = city[len(split_city) :].strip(" -,")
                return district_court(
                    Place(**{**_fields(place), "city": split_city, "district": rest})
                )
    if not name:
        return Placement(
            None,
            "Adres pozwanego nie zawiera miejscowości ani gminy: podaj miejscowość i gminę.",
            NotPlaced.NO_PLACE,
        )
    what = "Gmina" if gmina else "Miejscowość"
    # Written as in the regulation first; without diacritics only when that finds nothing
    # (then two gminas differing only in diacritics are both candidates: a person decides).
    matches = (
        _QUALIFIED_PLACES.get(fold(name))
        or _PLACES.get(name_key(name))
        or _FOLDED.get(fold(name), [])
    )
    if not matches:
        hint = (
            "Podaj gminę, powiat i województwo pozwanego."
            if not gmina
            else "Sprawdź nazwę gminy (bez dopisków) i podaj powiat oraz województwo."
        )
        return Placement(
            None,
            f"Nie znaleziono {'gminy' if gmina else 'miejscowości'} „{name}” w obszarach "
            f"właściwości sądów rejonowych. {hint}",
            NotPlaced.UNKNOWN_PLACE,
        )
    courts = _courts(matches)
    towns = _courts((c, u) for c, u in matches if u.kind is UnitKind.MIASTO)
    if len(courts) > 1 and len(towns) == 1 and fold(_POWIAT.sub("", place.powiat)) == fold(name):
        # A powiat named as the town itself is a city with powiat rights (a gmina miejska),
        # which the regulation lists as "miasto": the same-named rural gminas are elsewhere.
        courts = towns
    if len(courts) > 1:
        known = ", ".join(p for p in (place.powiat, place.voivodeship) if p)
        given = f" (podano: {known})" if known else ""
        city_hint = (
            f" Jeśli to miasto na prawach powiatu, podaj powiat „{name}”."
            if len(towns) == 1
            else ""
        )
        return Placement(
            None,
            f"Nazwa „{name}” występuje w obszarach kilku sądów rejonowych: {_names_pl(courts)}. "
            f"Dane sądów nie zawierają powiatów ani województw{given}: ustal na podstawie "
            f"gminy, powiatu i województwa pozwanego, który z tych sądów jest właściwy.{city_hint}",
            NotPlaced.AMBIGUOUS_NAME,
            tuple(c.name for c in courts),
        )
    court = courts[0]
    listed = " i ".join(dict.fromkeys(f"{u.kind.value} {u.name}" for c, u in matches))
    return Placement(
        court,
        f"{what} {name} należy do obszaru właściwości {court.genitive} (w rozporządzeniu: "
        f"{listed}).",
    )


def _fields(place: Place) -> dict[str, str]:
    return {f: getattr(place, f) for f in Place.__dataclass_fields__}


def _by_district(
    city: str, pairs: list[tuple[DistrictCourt, AreaUnit]], district: str
) -> Placement:
    courts = _courts(pairs)
    known = ", ".join(dict.fromkeys(u.name for _, u in pairs))
    gdansk = pairs[0][1].kind is UnitKind.JEDNOSTKA
    unit = "jednostkę pomocniczą" if gdansk else "dzielnicę"
    if not district:
        return Placement(
            None,
            f"Miasto {city} jest podzielone między sądy rejonowe ({_names_pl(courts)}). Podaj "
            f"{unit} pozwanego (pole dzielnica) według rozporządzenia: {known}.",
            NotPlaced.DISTRICT_NEEDED,
            tuple(c.name for c in courts),
        )
    key = fold(district)
    exact = [(c, u) for c, u in pairs if fold(u.name) == key]
    partial = [(c, u) for c, u in pairs if key in _parts(u.name)]
    found = _courts(exact or partial)
    if len(found) == 1:
        names = ", ".join(dict.fromkeys(u.name for c, u in (exact or partial)))
        return Placement(
            found[0],
            f"{city}, {'jednostka pomocnicza' if gdansk else 'dzielnica'} {names}: obszar "
            f"właściwości {found[0].genitive}.",
        )
    if len(found) > 1:
        return Placement(
            None,
            f"Dzielnica „{district}” odpowiada częściom miasta {city} w obszarach kilku sądów "
            f"({_names_pl(found)}): podaj dokładną {unit} ({known}).",
            NotPlaced.UNKNOWN_DISTRICT,
            tuple(c.name for c in found),
        )
    return Placement(
        None,
        f"„{district}” nie jest {'jednostką pomocniczą' if gdansk else 'dzielnicą'} "
        f"wymienioną w rozporządzeniu dla miasta {city}: podaj jedną z nich ({known}).",
        NotPlaced.UNKNOWN_DISTRICT,
        tuple(c.name for c in courts),
    )


def _parts(name: str) -> set[str]:
    """Colloquial names of a unit: "Zaspa-Młyniec" -> {"zaspa", "mlyniec"}; "Wrzeszcz Górny"
    -> {"wrzeszcz", ...}: a district given as "Zaspa" matches every unit it names."""
    pieces = {fold(p) for p in name.split("-")}
    return pieces | {p.split()[0] for p in pieces if p}


def _street_split(city: str, courts: list[DistrictCourt], district: str, street: str) -> Placement:
    if district:
        key = fold(district)
        chosen = [
            c
            for c in courts
            if key in (fold(c.label), fold(c.label.split("-", 1)[-1]), fold(c.name))
        ]
        if len(chosen) == 1:
            return Placement(
                chosen[0],
                f"{city}: część miasta wskazana w danych sprawy ({district}) - obszar "
                f"właściwości {chosen[0].genitive} (granica ulic według rozporządzenia).",
            )
    parts = " albo ".join(c.label for c in courts)
    where = "według ulicy z adresu pozwanego" if street else "według adresu pozwanego (ulica)"
    return Placement(
        None,
        f"Miasto {city} jest podzielone między sądy rejonowe granicą ulic "
        f"({_names_pl(courts)}). Ustal sąd {where} i podaj w polu dzielnica część miasta: "
        f"{parts}.",
        NotPlaced.STREET_SPLIT,
        tuple(c.name for c in courts),
    )


# --- the court of a pozew -------------------------------------------------------------------


def place_of(address: Address) -> Place:
    return Place(
        city=address.city,
        postcode=address.postcode,
        street=address.street,
        gmina=address.gmina,
        powiat=address.powiat,
        voivodeship=address.voivodeship,
        district=address.district,
    )


def pozew_court(
    place: Place,
    *,
    epu: bool,
    okregowy: bool,
    commercial: bool,
    legal_person: bool = True,
) -> CourtChoice:
    """The court and division a pozew names, with findings for what a person must decide."""
    if epu:
        return CourtChoice(
            EPU_COURT,
            court_genitive(EPU_COURT),
            EPU_DIVISION,
            "EPU: sąd właściwy dla całego kraju",
            (ART_505_28,),
            (),
            False,
        )
    venue = ART_30 if legal_person else ART_27
    placement = district_court(place)
    if placement.court is None:
        return CourtChoice(
            "",
            "",
            UNKNOWN_DIVISION if commercial else CIVIL_DIVISION,
            placement.reason,
            (venue, *placement.cites),
            (
                Finding(
                    "court_not_placed",
                    Severity.BLOCKER,
                    f"Nie ustalono sądu właściwego dla adresu pozwanego. {placement.reason}",
                    "adres pozwanego",
                    str(REGULATION),
                ),
            ),
            True,
            placement,
        )
    court = placement.court
    if okregowy:
        return CourtChoice(
            "",
            "",
            UNKNOWN_DIVISION if commercial else CIVIL_DIVISION,
            f"{placement.reason} WPS przekracza 100 000 zł: sąd okręgowy.",
            (venue, ART_17, *placement.cites),
            (
                Finding(
                    "regional_court_not_named",
                    Severity.BLOCKER,
                    "WPS przekracza 100 000 zł, więc sprawa należy do sądu okręgowego (art. 17 "
                    f"pkt 4 KPC). Pozwany mieści się w obszarze {court.genitive}; dane nie "
                    "obejmują sądów okręgowych: wskaż sąd okręgowy, w którego okręgu leży ten "
                    "sąd, i jego wydział.",
                    "sąd",
                    str(ART_17),
                ),
            ),
            True,
            placement,
        )
    findings: tuple[Finding, ...] = ()
    if commercial:
        findings = (
            Finding(
                "commercial_division_unconfirmed",
                Severity.WARNING,
                f"Sprawa gospodarcza: wydziały gospodarcze nie są w danych sądów, więc pozew "
                f"wskazuje sąd bez wydziału ({court.name}). Potwierdź, który sąd rejonowy i "
                f"jego wydział gospodarczy obsługuje obszar {court.genitive}, i dopisz "
                "wydział (a jeśli to inny sąd - popraw oznaczenie sądu) przed złożeniem pozwu.",
                "sąd",
                str(REGULATION),
            ),
        )
    return CourtChoice(
        court.name,
        court.genitive,
        UNKNOWN_DIVISION if commercial else CIVIL_DIVISION,
        placement.reason,
        (venue, ART_16, *placement.cites),
        findings,
        commercial,
        placement,
    )


def court_for_case(case: CaseFile, claim: ClaimComputation) -> CourtChoice:
    """``pozew_court`` for a stored case and its computed claim."""
    return pozew_court(
        place_of(case.debtor.address),
        epu=claim.procedure is Procedure.EPU,
        okregowy=claim.court_level is CourtLevel.OKREGOWY,
        commercial=claim.gospodarcze,
        legal_person=case.debtor.kind not in (PartyKind.CONSUMER, PartyKind.SOLE_TRADER),
    )
