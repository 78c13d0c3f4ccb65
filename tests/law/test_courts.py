"""District-court placement (law.pl.courts), table-driven.

Every expected court comes from the area wording of the Minister of Justice's regulation on
the areas of the common courts, as transcribed in shared/domain/courts/district_courts.json
(copied into law/pl/data/district_courts.py); the quoted words are in each row's comment.
"""

from __future__ import annotations

import doctest
import json
from collections import Counter
from pathlib import Path

import pytest

from law.case import Address
from law.findings import Severity
from law.pl import courts
from law.pl.courts import (
    BY_NAME,
    COURTS,
    NotPlaced,
    Place,
    UnitKind,
    court_dative,
    court_genitive,
    district_court,
    place_of,
    pozew_court,
)
from law.pl.data.district_courts import DISTRICT_COURTS

SHARED_JSON = (
    Path(__file__).resolve().parents[3] / "shared" / "domain" / "courts" / "district_courts.json"
)


def test_doctests() -> None:
    result = doctest.testmod(courts)
    assert result.attempted >= 4 and result.failed == 0


# --- the data and its parse -----------------------------------------------------------------


def test_318_courts_each_with_a_unit() -> None:
    # shared/domain/courts/README.md: "the 318 sądy rejonowe"
    assert len(COURTS) == 318
    assert len(BY_NAME) == 318  # names are unique
    assert all(c.units for c in COURTS)


@pytest.mark.skipif(not SHARED_JSON.exists(), reason="shared/ not beside the repository")
def test_data_module_matches_the_shared_json() -> None:
    rows = json.loads(SHARED_JSON.read_text(encoding="utf-8"))
    assert tuple((r["court"], r["area"]) for r in rows) == DISTRICT_COURTS


def test_unit_counts() -> None:
    kinds = Counter(u.kind for c in COURTS for u in c.units)
    # Warszawa 18 dzielnice (Ochota ... Targówek, 7 courts), Kraków 4 (Krowodrza, Nowa Huta,
    # Podgórze, Śródmieście), Łódź 5, Poznań 5, Wrocław 5 "dzielnic ustalonych tradycyjnie"
    assert kinds[UnitKind.DZIELNICA] == 18 + 4 + 5 + 5 + 5
    # Gdańsk-Południe 16 + Gdańsk-Północ 19 "jednostek pomocniczych"
    assert kinds[UnitKind.JEDNOSTKA] == 16 + 19
    # street-bounded parts: Katowice-Wschód/-Zachód, Lublin-Wschód/-Zachód, Szczecin x2
    assert kinds[UnitKind.CZESC_MIASTA] == 6
    for c in COURTS:
        for u in c.units:
            if u.kind is not UnitKind.CZESC_MIASTA:
                assert u.name[0].isupper(), (c.name, u.name)
                assert not {",", ":", " oraz ", " i "} & {s for s in (",", ":") if s in u.name}
                assert " i " not in u.name and " oraz " not in u.name, (c.name, u.name)


@pytest.mark.parametrize(
    ("court", "units"),
    [
        # "dla miasta Zakopane oraz gmin: Biały Dunajec, Bukowina Tatrzańska, Kościelisko i
        # Poronin"
        (
            "Sąd Rejonowy w Zakopanem",
            [
                ("miasto", "Zakopane"),
                ("gmina", "Biały Dunajec"),
                ("gmina", "Bukowina Tatrzańska"),
                ("gmina", "Kościelisko"),
                ("gmina", "Poronin"),
            ],
        ),
        # "dla miasta Jastrzębie-Zdrój i gminy Pawłowice"
        (
            "Sąd Rejonowy w Jastrzębiu-Zdroju",
            [("miasto", "Jastrzębie-Zdrój"), ("gmina", "Pawłowice")],
        ),
        # "dla miast Chorzów i Świętochłowice"
        ("Sąd Rejonowy w Chorzowie", [("miasto", "Chorzów"), ("miasto", "Świętochłowice")]),
        # "dla miast: Łaziska Górne, Mikołów i Orzesze oraz gmin Ornontowice i Wyry"
        (
            "Sąd Rejonowy w Mikołowie",
            [
                ("miasto", "Łaziska Górne"),
                ("miasto", "Mikołów"),
                ("miasto", "Orzesze"),
                ("gmina", "Ornontowice"),
                ("gmina", "Wyry"),
            ],
        ),
        # "dla części miasta stołecznego Warszawy w granicach ustalonych dla dzielnicy
        # Śródmieście"
        ("Sąd Rejonowy dla Warszawy-Śródmieścia w Warszawie", [("dzielnica", "Śródmieście")]),
        # "dla części miasta w granicach ustalonych tradycyjnie dla dzielnic Fabryczna i Psie Pole"
        (
            "Sąd Rejonowy dla Wrocławia-Fabrycznej we Wrocławiu",
            [("dzielnica", "Fabryczna"), ("dzielnica", "Psie Pole")],
        ),
        # "... Krygiera, a także dla gmin: Dobra (Szczecińska), Kołbaskowo, Nowe Warpno i Police"
        (
            "Sąd Rejonowy Szczecin-Prawobrzeże i Zachód w Szczecinie",
            [
                ("część miasta", None),
                ("gmina", "Dobra"),
                ("gmina", "Kołbaskowo"),
                ("gmina", "Nowe Warpno"),
                ("gmina", "Police"),
            ],
        ),
        # "... z gminą Głusk oraz dla gmin Jastków i Konopnica"
        (
            "Sąd Rejonowy Lublin-Zachód w Lublinie",
            [("część miasta", None), ("gmina", "Jastków"), ("gmina", "Konopnica")],
        ),
    ],
)
def test_known_areas(court: str, units: list[tuple[str, str | None]]) -> None:
    got = [(u.kind.value, u.name) for u in BY_NAME[court].units]
    assert [k for k, _ in got] == [k for k, _ in units]
    assert [n for (_, n), (_, want) in zip(got, units, strict=True) if want] == [
        w for _, w in units if w
    ]


def test_gdansk_units_and_qualifier() -> None:
    south = BY_NAME["Sąd Rejonowy Gdańsk-Południe w Gdańsku"].units
    # "..., Wzgórze Mickiewicza, miasta Pruszcz Gdański oraz gmin: Cedry Wielkie, ..."
    assert [u.name for u in south if u.kind is UnitKind.JEDNOSTKA][-1] == "Wzgórze Mickiewicza"
    assert {u.city for u in south if u.kind is UnitKind.JEDNOSTKA} == {"Gdańsk"}
    assert ("miasto", "Pruszcz Gdański") in [(u.kind.value, u.name) for u in south]
    dobra = [u for u in BY_NAME["Sąd Rejonowy Szczecin-Prawobrzeże i Zachód w Szczecinie"].units]
    assert [u.qualifier for u in dobra if u.name == "Dobra"] == ["Szczecińska"]


def test_no_court_for_a_whole_split_city() -> None:
    # README: no "Sąd Rejonowy w Gdańsku", "w Krakowie", "we Wrocławiu", ... exists
    for city in (
        "w Gdańsku",
        "w Krakowie",
        "we Wrocławiu",
        "w Łodzi",
        "w Poznaniu",
        "w Katowicach",
        "w Lublinie",
        "w Szczecinie",
        "w Warszawie",
    ):
        assert f"Sąd Rejonowy {city}" not in BY_NAME


# --- placement ------------------------------------------------------------------------------

PLACED = [
    # "dla miasta Opole oraz gmin: Chrząstowice, Dąbrowa, ..."
    (Place(city="Opole", postcode="45-001"), "Sąd Rejonowy w Opolu"),
    # case and diacritics: "RZESZÓW", "Rzeszow" (only one Rzeszów in the regulation)
    (Place(city="RZESZÓW"), "Sąd Rejonowy w Rzeszowie"),
    (Place(city="Rzeszow"), "Sąd Rejonowy w Rzeszowie"),
    (Place(city="Bielsko Biała"), "Sąd Rejonowy w Bielsku-Białej"),
    # a town inside an urban-rural gmina: "dla gmin: Góra Kalwaria, ..., Piaseczno i Prażmów"
    (Place(city="Piaseczno"), "Sąd Rejonowy w Piasecznie"),
    # a village with its gmina: Poronin in "... Kościelisko i Poronin" (SR Zakopane)
    (Place(city="Murzasichle", gmina="Poronin"), "Sąd Rejonowy w Zakopanem"),
    # the gmina decides over the post town: gmina Kolbudy is in the Gdańsk-Południe area
    (Place(city="Gdańsk", gmina="Kolbudy"), "Sąd Rejonowy Gdańsk-Południe w Gdańsku"),
    (Place(city="Zakopane"), "Sąd Rejonowy w Zakopanem"),
    # "dla miasta Świdnik" in the Lublin-Wschód area
    (Place(city="Świdnik"), "Sąd Rejonowy Lublin-Wschód w Lublinie z siedzibą w Świdniku"),
    # Gdańsk "jednostek pomocniczych: ... Oliwa ..." (Północ), "Śródmieście" (Południe)
    (Place(city="Gdańsk", district="Oliwa"), "Sąd Rejonowy Gdańsk-Północ w Gdańsku"),
    (Place(city="Gdańsk", district="śródmieście"), "Sąd Rejonowy Gdańsk-Południe w Gdańsku"),
    # "Zaspa" names Zaspa-Młyniec and Zaspa-Rozstaje, both Gdańsk-Północ
    (Place(city="Gdańsk", district="Zaspa"), "Sąd Rejonowy Gdańsk-Północ w Gdańsku"),
    (Place(city="Gdańsk Oliwa"), "Sąd Rejonowy Gdańsk-Północ w Gdańsku"),
    # Warszawa "dla dzielnic: Mokotów, Ursynów i Wilanów"; "dzielnic Bemowo i Wola"
    (Place(city="Warszawa", district="Ursynów"), "Sąd Rejonowy dla Warszawy-Mokotowa w Warszawie"),
    (Place(city="m. st. Warszawa", district="Wola"), "Sąd Rejonowy dla Warszawy-Woli w Warszawie"),
    (Place(city="Warszawa-Mokotów"), "Sąd Rejonowy dla Warszawy-Mokotowa w Warszawie"),
    # Łódź "dla dzielnic Górna i Widzew"; Kraków "dla dzielnicy Nowa Huta"
    (Place(city="Łódź", district="Górna"), "Sąd Rejonowy dla Łodzi-Widzewa w Łodzi"),
    (Place(city="Kraków", district="Nowa Huta"), "Sąd Rejonowy dla Krakowa-Nowej Huty w Krakowie"),
    # Poznań "dla dzielnic Grunwald i Jeżyce"
    (Place(city="Poznań", district="Jeżyce"), "Sąd Rejonowy Poznań-Grunwald i Jeżyce w Poznaniu"),
    # street-split city where the person named the court's part in the district field
    (
        Place(city="Katowice", district="Katowice-Wschód"),
        "Sąd Rejonowy Katowice-Wschód w Katowicach",
    ),
    (Place(city="Lublin", district="Zachód"), "Sąd Rejonowy Lublin-Zachód w Lublinie"),
    # gmina Police outside Szczecin: "a także dla gmin: Dobra (Szczecińska), ..., Police"
    (Place(city="Police"), "Sąd Rejonowy Szczecin-Prawobrzeże i Zachód w Szczecinie"),
    (Place(gmina="Dobra (Szczecińska)"), "Sąd Rejonowy Szczecin-Prawobrzeże i Zachód w Szczecinie"),
    # diacritics decide: "Rogoźno" (SR Oborniki) and "Rogóźno" (SR Grudziądz) are two gminas
    (Place(gmina="Rogoźno"), "Sąd Rejonowy w Obornikach"),
    (Place(gmina="Rogóźno"), "Sąd Rejonowy w Grudziądzu"),
    # a town and the rural gmina of the same name, one court: "miasta Kutno ... gmin: Kutno"
    (Place(city="Kutno"), "Sąd Rejonowy w Kutnie"),
    # "Olsztyn": miasto in SR Olsztyn, gmina in SR Częstochowa; powiat "Olsztyn" = the city
    (Place(city="Olsztyn", powiat="m. Olsztyn"), "Sąd Rejonowy w Olsztynie"),
]


@pytest.mark.parametrize(("place", "court"), PLACED)
def test_placed(place: Place, court: str) -> None:
    placement = district_court(place)
    assert placement.placed, placement.reason
    assert placement.court is not None and placement.court.name == court
    assert placement.not_placed is None


NOT_PLACED = [
    (Place(), NotPlaced.NO_PLACE, "miejscowość"),
    # README: several courts, no "Sąd Rejonowy w Gdańsku": the district is needed
    (Place(city="Gdańsk", street="al. Grunwaldzka 211"), NotPlaced.DISTRICT_NEEDED, "Podaj"),
    (Place(city="Warszawa"), NotPlaced.DISTRICT_NEEDED, "dzielnicę"),
    (Place(city="Łódź", street="ul. Przemysłowa 21"), NotPlaced.DISTRICT_NEEDED, "dzielnicę"),
    # Kraków is split by the traditional districts; "Dębniki" is not one of them
    (Place(city="Kraków", district="Dębniki"), NotPlaced.UNKNOWN_DISTRICT, "Krowodrza"),
    # "Praga" names Praga-Południe and Praga-Północ: two courts
    (Place(city="Warszawa", district="Praga"), NotPlaced.UNKNOWN_DISTRICT, "Praga-Północ"),
    # README: Katowice, Lublin, Szczecin split by a street-bounded line
    (Place(city="Katowice", street="ul. Mariacka 1"), NotPlaced.STREET_SPLIT, "granicą ulic"),
    (Place(city="Lublin"), NotPlaced.STREET_SPLIT, "Lublin-Wschód"),
    (Place(city="Szczecin"), NotPlaced.STREET_SPLIT, "Szczecin-Centrum"),
    # README: "Dąbrowa, Osiek, Rudnik, Czarna, Świętajno" occur in two voivodeships
    (Place(gmina="Dąbrowa"), NotPlaced.AMBIGUOUS_NAME, "Sąd Rejonowy w Mogilnie"),
    (Place(gmina="Osiek", powiat="brodnicki"), NotPlaced.AMBIGUOUS_NAME, "podano: brodnicki"),
    (Place(city="Rudnik"), NotPlaced.AMBIGUOUS_NAME, "Sąd Rejonowy w Zamościu"),
    (Place(gmina="Czarna", voivodeship="podkarpackie"), NotPlaced.AMBIGUOUS_NAME, "Lesku"),
    (Place(gmina="Świętajno"), NotPlaced.AMBIGUOUS_NAME, "Sąd Rejonowy w Olecku"),
    # "Olsztyn" without a powiat: the city (SR Olsztyn) or gmina Olsztyn (SR Częstochowa)
    (Place(city="Olsztyn"), NotPlaced.AMBIGUOUS_NAME, "podaj powiat „Olsztyn”"),
    (Place(city="Olsztyn", powiat="częstochowski"), NotPlaced.AMBIGUOUS_NAME, "Częstochowie"),
    # without diacritics "Rogozno" may be either gmina
    (Place(gmina="Rogozno"), NotPlaced.AMBIGUOUS_NAME, "Obornikach"),
    # a village not named in the regulation, without its gmina
    (Place(city="Murzasichle"), NotPlaced.UNKNOWN_PLACE, "Podaj gminę"),
    (Place(city="Atlantyda", gmina="Atlantyda"), NotPlaced.UNKNOWN_PLACE, "gminy"),
]


@pytest.mark.parametrize(("place", "why", "hint"), NOT_PLACED)
def test_not_placed(place: Place, why: NotPlaced, hint: str) -> None:
    placement = district_court(place)
    assert placement.court is None
    assert placement.not_placed is why
    assert hint in placement.reason


def test_names_declined() -> None:
    assert court_genitive("Sąd Rejonowy w Opolu") == "Sądu Rejonowego w Opolu"
    assert court_dative("Sąd Rejonowy Gdańsk-Północ w Gdańsku") == (
        "Sądowi Rejonowemu Gdańsk-Północ w Gdańsku"
    )
    assert court_genitive("Sąd Okręgowy w Krakowie") == "Sądu Okręgowego w Krakowie"
    with pytest.raises(ValueError):
        court_genitive("Trybunał")


def test_place_of_a_case_address() -> None:
    address = Address("al. Jana Pawła II 80", "80-462", "Gdańsk", district="Zaspa")
    assert place_of(address) == Place("Gdańsk", "80-462", "al. Jana Pawła II 80", district="Zaspa")


# --- the court of a pozew -------------------------------------------------------------------


def test_epu_is_always_lublin_zachod() -> None:
    # polish_law.md K10: "the court is always SR Lublin-Zachód, VI Wydział Cywilny"
    choice = pozew_court(Place(city="Gdańsk"), epu=True, okregowy=False, commercial=True)
    assert (choice.name, choice.division) == (
        "Sąd Rejonowy Lublin-Zachód w Lublinie",
        "VI Wydział Cywilny",
    )
    assert choice.findings == () and not choice.verify


def test_civil_case_named_without_findings() -> None:
    choice = pozew_court(Place(city="Opole"), epu=False, okregowy=False, commercial=False)
    assert (choice.name, choice.genitive, choice.division) == (
        "Sąd Rejonowy w Opolu",
        "Sądu Rejonowego w Opolu",
        "Wydział Cywilny",
    )
    assert choice.findings == () and not choice.verify
    assert "art. 16 § 1" in {c.provision for c in choice.cites}


def test_commercial_case_warns_about_the_division() -> None:
    # K11: the wydział gospodarczy serving the area is not in the data -> a person confirms
    choice = pozew_court(Place(city="Zakopane"), epu=False, okregowy=False, commercial=True)
    assert choice.name == "Sąd Rejonowy w Zakopanem"
    # no division the data does not know: SR Zakopane may have no wydział gospodarczy at all
    assert choice.division == ""
    assert [(f.code, f.severity) for f in choice.findings] == [
        ("commercial_division_unconfirmed", Severity.WARNING)
    ]
    assert "Sądu Rejonowego w Zakopanem" in choice.findings[0].message and choice.verify
    assert "bez wydziału (Sąd Rejonowy w Zakopanem)" in choice.findings[0].message


def test_okregowy_must_be_named_by_a_person() -> None:
    # art. 17 pkt 4 KPC: WPS over 100 000 zł -> sąd okręgowy; the data has no regional courts
    choice = pozew_court(Place(city="Opole"), epu=False, okregowy=True, commercial=False)
    assert not choice.named
    (finding,) = choice.findings
    assert (finding.code, finding.severity) == ("regional_court_not_named", Severity.BLOCKER)
    assert "Sądu Rejonowego w Opolu" in finding.message and "art. 17" in finding.message


def test_unplaced_address_is_a_blocker_never_a_placeholder() -> None:
    # K11: "An unplaced address is a question for a person and blocks filing"
    choice = pozew_court(
        Place(city="Gdańsk", street="al. Grunwaldzka 211"),
        epu=False,
        okregowy=False,
        commercial=True,
    )
    assert choice.name == "" and choice.verify
    (finding,) = choice.findings
    assert (finding.code, finding.severity) == ("court_not_placed", Severity.BLOCKER)
    assert "Podaj jednostkę pomocniczą" in finding.message
    assert "[" not in finding.message
