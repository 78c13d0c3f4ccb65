# ruff: noqa: E501
"""District courts (sądy rejonowe) and their areas, generated - do not edit by hand.

Regenerate with ``python -m law.pl.data.generate_district_courts <district_courts.json>``.
``law.pl.courts`` parses each area into the towns, gminas and districts it lists.

References:
    * Rozporządzenie Ministra Sprawiedliwości w sprawie utworzenia sądów apelacyjnych, sądów
      okręgowych i sądów rejonowych oraz ustalenia obszarów właściwości (the area wording of
      each sąd rejonowy), transcribed in shared/domain/courts/district_courts.json
      (318 courts; checked for count, not for every line - verify before a release).
"""

from __future__ import annotations

# One "court | area" per line, in the order of the regulation.
_RAW = """
Sąd Rejonowy w Białymstoku | dla miasta Białystok oraz gmin: Choroszcz, Czarna Białostocka, Dobrzyniewo Duże, Gródek, Jasionówka, Jaświły, Juchnowiec Kościelny, Knyszyn, Krypno, Łapy, Michałowo, Mońki, Poświętne, Supraśl, Suraż, Turośń Kościelna, Tykocin, Wasilków i Zabłudów
Sąd Rejonowy w Bielsku Podlaskim | dla miast: Bielsk Podlaski, Brańsk, Hajnówka i Siemiatycze oraz gmin: Białowieża, Bielsk Podlaski, Boćki, Brańsk, Czeremcha, Czyże, Drohiczyn, Dubicze Cerkiewne, Dziadkowice, Grodzisk, Hajnówka, Kleszczele, Mielnik, Milejczyce, Narew, Narewka, Nurzec-Stacja, Orla, Perlejewo, Rudka, Siemiatycze i Wyszki
Sąd Rejonowy w Sokółce | dla gmin: Dąbrowa Białostocka, Janów, Korycin, Krynki, Kuźnica, Nowy Dwór, Sidra, Sokółka, Suchowola i Szudziałowo
Sąd Rejonowy w Grajewie | dla miasta Grajewo oraz gmin: Goniądz, Grajewo, Radziłów, Rajgród, Szczuczyn, Trzcianne i Wąsosz
Sąd Rejonowy w Łomży | dla miast Kolno i Łomża oraz gmin: Grabowo, Jedwabne, Kolno, Łomża, Mały Płock, Miastkowo, Nowogród, Piątnica, Przytuły, Stawiski, Śniadowo, Turośl, Wizna i Zbójna
Sąd Rejonowy w Wysokiem Mazowieckiem | dla miasta Wysokie Mazowieckie oraz gmin: Ciechanowiec, Czyżew, Klukowo, Kobylin-Borzymy, Kulesze Kościelne, Nowe Piekuty, Sokoły, Szepietowo i Wysokie Mazowieckie
Sąd Rejonowy w Zambrowie | dla miasta Zambrów oraz gmin: Kołaki Kościelne, Rutki, Szumowo, Zambrów i Zawady
Sąd Rejonowy w Bartoszycach | dla miast Bartoszyce i Górowo Iławeckie oraz gmin: Bartoszyce, Górowo Iławeckie i Sępopol
Sąd Rejonowy w Biskupcu | dla gmin: Biskupiec, Bisztynek, Jeziorany i Kolno
Sąd Rejonowy w Giżycku | dla miasta Giżycko oraz gmin: Budry, Giżycko, Kruklanki, Miłki, Pozezdrze, Ryn, Węgorzewo i Wydminy
Sąd Rejonowy w Kętrzynie | dla miasta Kętrzyn oraz gmin: Barciany, Kętrzyn, Korsze, Reszel i Srokowo
Sąd Rejonowy w Lidzbarku Warmińskim | dla miasta Lidzbark Warmiński oraz gmin: Kiwity, Lidzbark Warmiński, Lubomino i Orneta
Sąd Rejonowy w Mrągowie | dla miasta Mrągowo oraz gmin: Mikołajki, Mrągowo, Piecki i Sorkwity
Sąd Rejonowy w Nidzicy | dla gmin: Janowiec Kościelny, Janowo, Kozłowo i Nidzica
Sąd Rejonowy w Olsztynie | dla miasta Olsztyn oraz gmin: Barczewo, Dobre Miasto, Dywity, Gietrzwałd, Jonkowo, Olsztynek, Purda, Stawiguda i Świątki
Sąd Rejonowy w Piszu | dla gmin: Biała Piska, Orzysz, Pisz i Ruciane-Nida
Sąd Rejonowy w Szczytnie | dla miasta Szczytno oraz gmin: Dźwierzuty, Jedwabno, Pasym, Rozogi, Szczytno, Świętajno i Wielbark
Sąd Rejonowy w Ostrołęce | dla miasta Ostrołęka oraz gmin: Baranowo, Czarnia, Czerwin, Goworowo, Kadzidło, Lelis, Łyse, Myszyniec, Olszewo-Borki, Rzekuń i Troszyn
Sąd Rejonowy w Ostrowi Mazowieckiej | dla miasta Ostrów Mazowiecka oraz gmin: Andrzejewo, Boguty-Pianki, Brok, Małkinia Górna, Nur, Ostrów Mazowiecka, Stary Lubotyń, Szulborze Wielkie, Wąsewo i Zaręby Kościelne
Sąd Rejonowy w Przasnyszu | dla miast Maków Mazowiecki i Przasnysz oraz gmin: Chorzele, Czernice Borowe, Czerwonka, Jednorożec, Karniewo, Krasne, Krasnosielc, Krzynowłoga Mała, Młynarze, Płoniawy-Bramura, Przasnysz, Różan, Rzewnie, Sypniewo i Szelków
Sąd Rejonowy w Pułtusku | dla gmin: Gzy, Nasielsk, Obryte, Pokrzywnica, Pułtusk, Świercze, Winnica i Zatory
Sąd Rejonowy w Wyszkowie | dla gmin: Brańszczyk, Długosiodło, Rząśnik, Somianka, Wyszków i Zabrodzie
Sąd Rejonowy w Augustowie | dla miast Augustów i Sejny oraz gmin: Augustów, Bargłów Kościelny, Giby, Krasnopol, Lipsk, Nowinka, Płaska, Puńsk, Sejny i Sztabin
Sąd Rejonowy w Ełku | dla miasta Ełk oraz gmin: Ełk, Kalinowo, Prostki i Stare Juchy
Sąd Rejonowy w Olecku | dla gmin: Banie Mazurskie, Dubeninki, Gołdap, Kowale Oleckie, Olecko, Świętajno i Wieliczki
Sąd Rejonowy w Suwałkach | dla miasta Suwałki oraz gmin: Bakałarzewo, Filipów, Jeleniewo, Przerośl, Raczki, Rutka-Tartak, Suwałki, Szypliszki i Wiżajny
Sąd Rejonowy w Bydgoszczy | dla miasta Bydgoszcz oraz gmin: Białe Błota, Dąbrowa Chełmińska, Dobrcz, Koronowo, Nowa Wieś Wielka, Osielsko i Solec Kujawski
Sąd Rejonowy w Inowrocławiu | dla miasta Inowrocław oraz gmin: Dąbrowa Biskupia, Gniewkowo, Inowrocław, Janikowo, Kruszwica, Pakość, Rojewo i Złotniki Kujawskie
Sąd Rejonowy w Mogilnie | dla gmin: Dąbrowa, Jeziora Wielkie, Mogilno i Strzelno
Sąd Rejonowy w Nakle nad Notecią | dla gmin: Mrocza, Nakło nad Notecią, Sadki i Sicienko
Sąd Rejonowy w Szubinie | dla gmin: Barcin, Kcynia, Łabiszyn i Szubin
Sąd Rejonowy w Świeciu | dla gmin: Bukowiec, Dragacz, Drzycim, Jeżewo, Lniano, Nowe, Osie, Pruszcz, Świecie, Świekatowo i Warlubie
Sąd Rejonowy w Tucholi | dla gmin: Cekcyn, Gostycyn, Kamień Krajeński, Kęsowo, Lubiewo, Sępólno Krajeńskie, Sośno, Śliwice, Tuchola i Więcbork
Sąd Rejonowy w Żninie | dla gmin: Gąsawa, Janowiec Wielkopolski, Rogowo i Żnin
Sąd Rejonowy w Braniewie | dla miasta Braniewo oraz gmin: Braniewo, Frombork, Godkowo, Lelkowo, Młynary, Pieniężno, Płoskinia i Wilczęta
Sąd Rejonowy w Działdowie | dla miasta Działdowo oraz gmin: Działdowo, Iłowo-Osada, Lidzbark, Płośnica i Rybno
Sąd Rejonowy w Elblągu | dla miasta Elbląg oraz gmin: Elbląg, Gronowo Elbląskie, Markusy, Milejewo, Pasłęk, Rychliki i Tolkmicko
Sąd Rejonowy w Iławie | dla miast Iława i Lubawa oraz gmin: Iława, Kisielice, Lubawa, Susz i Zalewo
Sąd Rejonowy w Nowym Mieście Lubawskim | dla miasta Nowe Miasto Lubawskie oraz gmin: Biskupiec, Grodziczno, Kurzętnik i Nowe Miasto Lubawskie
Sąd Rejonowy w Ostródzie | dla miasta Ostróda oraz gmin: Dąbrówno, Grunwald, Łukta, Małdyty, Miłakowo, Miłomłyn, Morąg i Ostróda
Sąd Rejonowy Gdańsk-Południe w Gdańsku | dla części obszaru miasta Gdańsk ustalonego dla jednostek pomocniczych: Aniołki, Chełm, Jasień, Krakowiec-Górki Zachodnie, Olszynka, Orunia Górna-Gdańsk Południe, Orunia-Św. Wojciech-Lipce, Przeróbka, Rudniki, Siedlce, Stogi, Suchanino, Śródmieście, Ujeścisko-Łostowice, Wyspa Sobieszewska, Wzgórze Mickiewicza, miasta Pruszcz Gdański oraz gmin: Cedry Wielkie, Kolbudy, Pruszcz Gdański, Przywidz, Pszczółki, Suchy Dąb i Trąbki Wielkie
Sąd Rejonowy Gdańsk-Północ w Gdańsku | dla części obszaru miasta Gdańsk ustalonego dla jednostek pomocniczych: Brętowo, Brzeźno, Kokoszki, Letnica, Matarnia, Młyniska, Nowy Port, Oliwa, Osowa, Piecki-Migowo, Przymorze Małe, Przymorze Wielkie, VII Dwór, Strzyża, Wrzeszcz Dolny, Wrzeszcz Górny, Zaspa-Młyniec, Zaspa-Rozstaje i Żabianka-Wejhera-Jelitkowo-Tysiąclecia
Sąd Rejonowy w Gdyni | dla miasta Gdynia
Sąd Rejonowy w Kartuzach | dla gmin: Chmielno, Kartuzy, Przodkowo, Sierakowice, Somonino, Stężyca, Sulęczyno i Żukowo
Sąd Rejonowy w Kościerzynie | dla miasta Kościerzyna oraz gmin: Dziemiany, Karsin, Kościerzyna, Liniewo, Lipusz, Nowa Karczma i Stara Kiszewa
Sąd Rejonowy w Kwidzynie | dla miasta Kwidzyn oraz gmin: Dzierzgoń, Gardeja, Kwidzyn, Mikołajki Pomorskie, Prabuty, Ryjewo, Sadlinki, Stary Dzierzgoń, Stary Targ i Sztum
Sąd Rejonowy w Malborku | dla miast Krynica Morska i Malbork oraz gmin: Lichnowy, Malbork, Miłoradz, Nowy Dwór Gdański, Nowy Staw, Ostaszewo, Stare Pole, Stegna i Sztutowo
Sąd Rejonowy w Sopocie | dla miasta Sopot
Sąd Rejonowy w Starogardzie Gdańskim | dla miast Skórcz i Starogard Gdański oraz gmin: Bobowo, Czarna Woda, Kaliska, Lubichowo, Osieczna, Osiek, Skarszewy, Skórcz, Smętowo Graniczne, Starogard Gdański i Zblewo
Sąd Rejonowy w Tczewie | dla miasta Tczew oraz gmin: Gniew, Morzeszczyn, Pelplin, Subkowy i Tczew
Sąd Rejonowy w Wejherowie | dla miast: Hel, Puck, Reda, Rumia i Wejherowo oraz gmin: Choczewo, Gniewino, Jastarnia, Kosakowo, Krokowa, Linia, Luzino, Łęczyce, Puck, Szemud, Wejherowo i Władysławowo
Sąd Rejonowy w Bytowie | dla gmin: Borzytuchom, Bytów, Kołczygłowy, Lipnica, Parchowo, Studzienice i Tuchomie
Sąd Rejonowy w Chojnicach | dla miasta Chojnice oraz gmin: Brusy, Chojnice i Czersk
Sąd Rejonowy w Człuchowie | dla miasta Człuchów oraz gmin: Czarne, Człuchów, Debrzno, Konarzyny, Przechlewo i Rzeczenica
Sąd Rejonowy w Lęborku | dla miast Lębork i Łeba oraz gmin: Cewice, Czarna Dąbrówka, Nowa Wieś Lęborska, Potęgowo i Wicko
Sąd Rejonowy w Miastku | dla gmin: Kępice, Koczała, Miastko i Trzebielino
Sąd Rejonowy w Słupsku | dla miast Słupsk i Ustka oraz gmin: Damnica, Dębnica Kaszubska, Główczyce, Kobylnica, Słupsk, Smołdzino i Ustka
Sąd Rejonowy w Brodnicy | dla miasta Brodnica oraz gmin: Bartniczka, Bobrowo, Brodnica, Brzozie, Górzno, Jabłonowo Pomorskie, Osiek, Świedziebnia i Zbiczno
Sąd Rejonowy w Chełmnie | dla miasta Chełmno oraz gmin: Chełmno, Kijewo Królewskie, Lisewo, Papowo Biskupie, Stolno i Unisław
Sąd Rejonowy w Golubiu-Dobrzyniu | dla miasta Golub-Dobrzyń oraz gmin: Ciechocin, Golub-Dobrzyń, Kowalewo Pomorskie, Radomin i Zbójno
Sąd Rejonowy w Grudziądzu | dla miasta Grudziądz oraz gmin: Grudziądz, Gruta, Łasin, Rogóźno i Świecie nad Osą
Sąd Rejonowy w Toruniu | dla miast Chełmża i Toruń oraz gmin: Chełmża, Lubicz, Łubianka, Łysomice, Obrowo, Wielka Nieszawka i Zławieś Wielka
Sąd Rejonowy w Wąbrzeźnie | dla miasta Wąbrzeźno oraz gmin: Dębowa Łąka, Książki, Płużnica, Radzyń Chełmiński i Ryńsk
Sąd Rejonowy w Aleksandrowie Kujawskim | dla miast: Aleksandrów Kujawski, Ciechocinek i Nieszawa oraz gmin: Aleksandrów Kujawski, Bądkowo, Koneck, Raciążek, Waganiec i Zakrzewo
Sąd Rejonowy w Lipnie | dla miasta Lipno oraz gmin: Bobrowniki, Chrostkowo, Czernikowo, Dobrzyń nad Wisłą, Kikół, Lipno, Skępe, Tłuchowo i Wielgie
Sąd Rejonowy w Radziejowie | dla miasta Radziejów oraz gmin: Bytoń, Dobre, Izbica Kujawska, Osięciny, Piotrków Kujawski, Radziejów i Topólka
Sąd Rejonowy w Rypinie | dla miasta Rypin oraz gmin: Brzuze, Rogowo, Rypin, Skrwilno i Wąpielsk
Sąd Rejonowy we Włocławku | dla miast Kowal i Włocławek oraz gmin: Baruchowo, Boniewo, Brześć Kujawski, Choceń, Chodecz, Fabianki, Kowal, Lubanie, Lubień Kujawski, Lubraniec i Włocławek
Sąd Rejonowy w Bielsku-Białej | dla miast Bielsko-Biała i Szczyrk oraz gmin: Buczkowice, Jasienica, Jaworze, Kozy, Wilamowice i Wilkowice
Sąd Rejonowy w Cieszynie | dla miast: Cieszyn, Ustroń i Wisła oraz gmin: Brenna, Chybie, Dębowiec, Goleszów, Hażlach, Istebna, Skoczów, Strumień i Zebrzydowice
Sąd Rejonowy w Żywcu | dla miasta Żywiec oraz gmin: Czernichów, Gilowice, Jeleśnia, Koszarawa, Lipowa, Łękawica, Łodygowice, Milówka, Porąbka, Radziechowy-Wieprz, Rajcza, Ślemień, Świnna, Ujsoły i Węgierska Górka
Sąd Rejonowy w Częstochowie | dla miasta Częstochowa oraz gmin: Blachownia, Janów, Kamienica Polska, Kłobuck, Kłomnice, Konopiska, Kruszyna, Krzepice, Lipie, Miedźno, Mstów, Mykanów, Olsztyn, Opatów, Panki, Poczesna, Popów, Przystajń, Rędziny, Starcza i Wręczyca Wielka
Sąd Rejonowy w Lublińcu | dla miasta Lubliniec oraz gmin: Boronów, Ciasna, Herby, Kochanowice, Koszęcin, Pawonków i Woźniki
Sąd Rejonowy w Myszkowie | dla miasta Myszków oraz gmin: Dąbrowa Zielona, Irządze, Koniecpol, Koziegłowy, Kroczyce, Lelów, Niegowa, Poraj, Przyrów, Szczekociny, Włodowice i Żarki
Sąd Rejonowy w Gliwicach | dla miast: Gliwice, Knurów i Pyskowice oraz gmin: Gierałtowice, Pilchowice, Rudziniec, Sośnicowice, Toszek i Wielowieś
Sąd Rejonowy w Rudzie Śląskiej | dla miasta Ruda Śląska
Sąd Rejonowy w Tarnowskich Górach | dla miast: Kalety, Miasteczko Śląskie, Piekary Śląskie, Radzionków i Tarnowskie Góry oraz gmin: Krupski Młyn, Ożarowice, Świerklaniec, Tworóg i Zbrosławice
Sąd Rejonowy w Zabrzu | dla miasta Zabrze
Sąd Rejonowy w Bytomiu | dla miasta Bytom
Sąd Rejonowy w Chorzowie | dla miast Chorzów i Świętochłowice
Sąd Rejonowy Katowice-Wschód w Katowicach | dla części miasta Katowice-Wschód obejmującej obszar w granicach przebiegających od zbiegu ulicy Tadeusza Kościuszki i granic administracyjnych miasta Mikołów, a następnie wzdłuż granic administracyjnych miast: Mikołów, Tychy, Lędziny, Mysłowice, Sosnowiec, Czeladź i Siemianowice Śląskie do zbiegu z aleją Wojciecha Korfantego, dalej aleją Wojciecha Korfantego do Rynku miasta Katowice, wzdłuż ulicy Jana włącznie, i następnie ulicą Tadeusza Kościuszki włącznie do granic administracyjnych miasta Mikołów
Sąd Rejonowy Katowice-Zachód w Katowicach | dla części miasta Katowice-Zachód obejmującej obszar w granicach przebiegających od zbiegu ulicy Tadeusza Kościuszki i granic administracyjnych miasta Mikołów, a następnie wzdłuż granic administracyjnych miast: Mikołów, Ruda Śląska, Chorzów i Siemianowice Śląskie do zbiegu granic administracyjnych miasta Siemianowice Śląskie z aleją Wojciecha Korfantego, dalej aleją Wojciecha Korfantego do Rynku miasta Katowice włącznie, wzdłuż ulicy Jana do ulicy Tadeusza Kościuszki, a następnie wzdłuż ulicy Tadeusza Kościuszki do granic administracyjnych miasta Mikołów
Sąd Rejonowy w Mikołowie | dla miast: Łaziska Górne, Mikołów i Orzesze oraz gmin Ornontowice i Wyry
Sąd Rejonowy w Mysłowicach | dla miast Imielin i Mysłowice oraz gminy Chełm Śląski
Sąd Rejonowy w Pszczynie | dla gmin: Bestwina, Czechowice-Dziedzice, Goczałkowice-Zdrój, Miedźna, Pszczyna i Suszec
Sąd Rejonowy w Siemianowicach Śląskich | dla miasta Siemianowice Śląskie
Sąd Rejonowy w Tychach | dla miast: Bieruń, Lędziny i Tychy oraz gmin Bojszowy i Kobiór
Sąd Rejonowy w Jastrzębiu-Zdroju | dla miasta Jastrzębie-Zdrój i gminy Pawłowice
Sąd Rejonowy w Raciborzu | dla miasta Racibórz oraz gmin: Kornowac, Krzanowice, Krzyżanowice, Kuźnia Raciborska, Nędza, Pietrowice Wielkie i Rudnik
Sąd Rejonowy w Rybniku | dla miasta Rybnik oraz gmin: Czerwionka-Leszczyny, Gaszowice, Jejkowice, Lyski i Świerklany
Sąd Rejonowy w Wodzisławiu Śląskim | dla miast: Pszów, Radlin, Rydułtowy i Wodzisław Śląski oraz gmin: Godów, Gorzyce, Lubomia, Marklowice i Mszana
Sąd Rejonowy w Żorach | dla miasta Żory
Sąd Rejonowy w Będzinie | dla miast: Będzin, Czeladź i Wojkowice oraz gmin Bobrowniki i Psary
Sąd Rejonowy w Dąbrowie Górniczej | dla miast Dąbrowa Górnicza i Sławków
Sąd Rejonowy w Jaworznie | dla miasta Jaworzno
Sąd Rejonowy w Sosnowcu | dla miasta Sosnowiec
Sąd Rejonowy w Zawierciu | dla miast: Poręba i Zawiercie oraz gmin: Łazy, Mierzęcice, Ogrodzieniec, Pilica, Siewierz i Żarnowiec
Sąd Rejonowy w Busku-Zdroju | dla gmin: Bejsce, Busko-Zdrój, Chmielnik, Czarnocin, Gnojno, Kazimierza Wielka, Nowy Korczyn, Opatowiec, Pacanów, Pierzchnica, Skalbmierz, Solec-Zdrój, Stopnica, Tuczępy i Wiślica
Sąd Rejonowy w Jędrzejowie | dla gmin: Imielno, Jędrzejów, Małogoszcz, Nagłowice, Oksa, Sędziszów, Słupia, Sobków i Wodzisław
Sąd Rejonowy w Kielcach | dla miasta Kielce oraz gmin: Bieliny, Chęciny, Daleszyce, Górno, Łagów, Masłów, Miedziana Góra, Morawica, Nowiny, Piekoszów, Raków, Strawczyn i Zagnańsk
Sąd Rejonowy w Końskich | dla gmin: Fałków, Gowarczów, Końskie, Mniów, Radoszyce, Ruda Maleniecka, Smyków i Stąporków
Sąd Rejonowy w Opatowie | dla gmin: Baćkowice, Ćmielów, Iwaniska, Lipnik, Opatów, Ożarów, Sadowie, Tarłów i Wojciechowice
Sąd Rejonowy w Ostrowcu Świętokrzyskim | dla miasta Ostrowiec Świętokrzyski oraz gmin: Bałtów, Bodzechów, Kunów, Nowa Słupia i Waśniów
Sąd Rejonowy w Pińczowie | dla gmin: Działoszyce, Kije, Michałów, Pińczów i Złota
Sąd Rejonowy w Sandomierzu | dla miasta Sandomierz oraz gmin: Dwikozy, Klimontów, Koprzywnica, Łoniów, Obrazów, Samborzec, Wilczyce i Zawichost
Sąd Rejonowy w Skarżysku-Kamiennej | dla miasta Skarżysko-Kamienna oraz gmin: Bliżyn, Łączna, Skarżysko Kościelne i Suchedniów
Sąd Rejonowy w Starachowicach | dla miasta Starachowice oraz gmin: Bodzentyn, Brody, Mirzec, Pawłów i Wąchock
Sąd Rejonowy w Staszowie | dla gmin: Bogoria, Łubnice, Oleśnica, Osiek, Połaniec, Rytwiany, Staszów i Szydłów
Sąd Rejonowy we Włoszczowie | dla gmin: Kluczewsko, Krasocin, Łopuszno, Moskorzew, Radków, Secemin, Słupia Konecka i Włoszczowa
Sąd Rejonowy w Chrzanowie | dla gmin: Alwernia, Babice, Chrzanów, Libiąż i Trzebinia
Sąd Rejonowy dla Krakowa-Krowodrzy w Krakowie | dla części miasta w granicach ustalonych tradycyjnie dla dzielnicy Krowodrza oraz gmin: Czernichów, Jerzmanowice-Przeginia, Krzeszowice, Liszki, Wielka Wieś, Zabierzów i Zielonki
Sąd Rejonowy dla Krakowa-Nowej Huty w Krakowie | dla części miasta w granicach ustalonych tradycyjnie dla dzielnicy Nowa Huta oraz gmin: Igołomia-Wawrzeńczyce, Kocmyrzów-Luborzyca, Koniusza, Koszyce, Nowe Brzesko, Pałecznica, Proszowice i Radziemice
Sąd Rejonowy dla Krakowa-Podgórza w Krakowie | dla części miasta w granicach ustalonych tradycyjnie dla dzielnicy Podgórze
Sąd Rejonowy dla Krakowa-Śródmieścia w Krakowie | dla części miasta w granicach ustalonych tradycyjnie dla dzielnicy Śródmieście oraz gmin: Iwanowice, Michałowice, Skała i Sułoszowa
Sąd Rejonowy w Miechowie | dla gmin: Charsznica, Gołcza, Kozłów, Książ Wielki, Miechów, Racławice, Słaboszów i Słomniki
Sąd Rejonowy w Myślenicach | dla gmin: Dobczyce, Gdów, Lubień, Myślenice, Pcim, Raciechowice, Siepraw, Sułkowice, Tokarnia i Wiśniowa
Sąd Rejonowy w Olkuszu | dla miasta Bukowno oraz gmin: Bolesław, Klucze, Olkusz, Trzyciąż i Wolbrom
Sąd Rejonowy w Oświęcimiu | dla miasta Oświęcim oraz gmin: Brzeszcze, Chełmek, Kęty, Osiek, Oświęcim, Polanka Wielka, Przeciszów i Zator
Sąd Rejonowy w Suchej Beskidzkiej | dla miast Jordanów i Sucha Beskidzka oraz gmin: Budzów, Bystra-Sidzina, Jordanów, Maków Podhalański, Stryszawa, Zawoja i Zembrzyce
Sąd Rejonowy w Wadowicach | dla gmin: Andrychów, Brzeźnica, Kalwaria Zebrzydowska, Lanckorona, Mucharz, Spytkowice, Stryszów, Tomice, Wadowice i Wieprz
Sąd Rejonowy w Wieliczce | dla gmin: Biskupice, Kłaj, Mogilany, Niepołomice, Skawina, Świątniki Górne i Wieliczka
Sąd Rejonowy w Gorlicach | dla miast Gorlice i Grybów oraz gmin: Biecz, Bobowa, Gorlice, Grybów, Lipinki, Łużna, Moszczenica, Ropa, Sękowa i Uście Gorlickie
Sąd Rejonowy w Limanowej | dla miast Limanowa i Mszana Dolna oraz gmin: Dobra, Jodłownik, Kamienica, Laskowa, Limanowa, Łukowica, Mszana Dolna, Niedźwiedź, Słopnice i Tymbark
Sąd Rejonowy w Nowym Sączu | dla miasta Nowy Sącz oraz gmin: Chełmiec, Gródek nad Dunajcem, Kamionka Wielka, Korzenna, Krynica-Zdrój, Łabowa, Łącko, Łososina Dolna, Muszyna, Nawojowa, Piwniczna-Zdrój, Podegrodzie, Rytro i Stary Sącz
Sąd Rejonowy w Nowym Targu | dla miasta Nowy Targ oraz gmin: Czarny Dunajec, Czorsztyn, Jabłonka, Krościenko nad Dunajcem, Lipnica Wielka, Łapsze Niżne, Nowy Targ, Ochotnica Dolna, Raba Wyżna, Rabka-Zdrój, Spytkowice, Szaflary i Szczawnica
Sąd Rejonowy w Zakopanem | dla miasta Zakopane oraz gmin: Biały Dunajec, Bukowina Tatrzańska, Kościelisko i Poronin
Sąd Rejonowy w Bochni | dla miasta Bochnia oraz gmin: Bochnia, Drwinia, Lipnica Murowana, Łapanów, Nowy Wiśnicz, Rzezawa, Trzciana i Żegocina
Sąd Rejonowy w Brzesku | dla gmin: Borzęcin, Brzesko, Czchów, Dębno, Gnojnik, Iwkowa, Szczurowa i Zakliczyn
Sąd Rejonowy w Dąbrowie Tarnowskiej | dla gmin: Bolesław, Dąbrowa Tarnowska, Gręboszów, Mędrzechów, Olesno, Radgoszcz, Szczucin, Wietrzychowice i Żabno
Sąd Rejonowy w Tarnowie | dla miasta Tarnów oraz gmin: Ciężkowice, Gromnik, Lisia Góra, Pleśna, Radłów, Ryglice, Rzepiennik Strzyżewski, Skrzyszów, Szerzyny, Tarnów, Tuchów, Wierzchosławice i Wojnicz
Sąd Rejonowy w Białej Podlaskiej | dla miast Biała Podlaska i Terespol oraz gmin: Biała Podlaska, Janów Podlaski, Kodeń, Konstantynów, Leśna Podlaska, Łomazy, Piszczac, Rokitno, Rossosz, Sławatycze, Sosnówka, Terespol, Tuczna, Wisznice i Zalesie
Sąd Rejonowy w Chełmie | dla miasta Chełm oraz gmin: Białopole, Chełm, Dorohusk, Dubienka, Kamień, Ruda-Huta, Sawin, Siedliszcze, Wierzbica i Żmudź
Sąd Rejonowy w Kraśniku | dla miasta Kraśnik oraz gmin: Annopol, Borzechów, Dzierzkowice, Gościeradów, Kraśnik, Niedrzwica Duża, Szastarka, Trzydnik Duży, Urzędów, Wilkołaz i Zakrzówek
Sąd Rejonowy w Lubartowie | dla miasta Lubartów oraz gmin: Abramów, Firlej, Jeziorzany, Kamionka, Kock, Lubartów, Michów, Niedźwiada, Ostrówek, Ostrów Lubelski, Serniki i Uścimów
Sąd Rejonowy Lublin-Wschód w Lublinie z siedzibą w Świdniku | dla części miasta Lublin w granicach przebiegających od granicy miasta Lublin i gminy Wólka, na wschód od rzeki Bystrzycy, do al. Unii Lubelskiej oraz do skrzyżowania z ul. Fabryczną i na północ od ul. Fabrycznej i ul. Droga Męczenników Majdanka do granicy miasta Lublin z gminą Głusk, dla miasta Świdnik oraz gmin: Bychawa, Głusk, Jabłonna, Krzczonów, Ludwin, Łęczna, Mełgiew, Milejów, Niemce, Piaski, Puchaczów, Rybczewice, Spiczyn, Strzyżewice, Trawniki, Wólka i Wysokie
Sąd Rejonowy Lublin-Zachód w Lublinie | dla części miasta Lublin poza obszarem w granicach przebiegających od granicy miasta Lublin i gminy Wólka, na wschód od rzeki Bystrzycy, do al. Unii Lubelskiej oraz do skrzyżowania z ul. Fabryczną i na północ od ul. Fabrycznej i ul. Droga Męczenników Majdanka do granicy miasta Lublin z gminą Głusk oraz dla gmin Jastków i Konopnica
Sąd Rejonowy w Opolu Lubelskim | dla gmin: Bełżyce, Chodel, Józefów nad Wisłą, Karczmiska, Łaziska, Opole Lubelskie, Poniatowa, Wilków i Wojciechów
Sąd Rejonowy w Puławach | dla miasta Puławy oraz gmin: Baranów, Garbów, Janowiec, Kazimierz Dolny, Końskowola, Kurów, Markuszów, Nałęczów, Puławy, Wąwolnica i Żyrzyn
Sąd Rejonowy w Radzyniu Podlaskim | dla miast Międzyrzec Podlaski i Radzyń Podlaski oraz gmin: Borki, Czemierniki, Dębowa Kłoda, Drelów, Jabłoń, Kąkolewnica, Komarówka Podlaska, Międzyrzec Podlaski, Milanów, Parczew, Podedwórze, Radzyń Podlaski, Siemień, Ulan-Majorat i Wohyń
Sąd Rejonowy w Rykach | dla miasta Dęblin oraz gmin: Kłoczew, Nowodwór, Ryki, Stężyca i Ułęż
Sąd Rejonowy we Włodawie | dla miasta Włodawa oraz gmin: Cyców, Hanna, Hańsk, Sosnowica, Stary Brus, Urszulin, Włodawa, Wola Uhruska i Wyryki
Sąd Rejonowy w Grójcu | dla gmin: Belsk Duży, Białobrzegi, Błędów, Chynów, Goszczyn, Grójec, Jasieniec, Mogielnica, Nowe Miasto nad Pilicą, Pniewy, Promna, Radzanów, Stara Błotnica, Stromiec, Tarczyn, Warka i Wyśmierzyce
Sąd Rejonowy w Kozienicach | dla miasta Pionki oraz gmin: Garbatka-Letnisko, Głowaczów, Gniewoszów, Grabów nad Pilicą, Kozienice, Magnuszew, Pionki i Sieciechów
Sąd Rejonowy w Lipsku | dla gmin: Chotcza, Ciepielów, Iłża, Lipsko, Rzeczniów, Sienno i Solec nad Wisłą
Sąd Rejonowy w Przysusze | dla gmin: Borkowice, Gielniów, Klwów, Odrzywół, Potworów, Przysucha, Rusinów, Wieniawa i Wolanów
Sąd Rejonowy w Radomiu | dla miasta Radom oraz gmin: Jastrzębia, Jedlińsk, Jedlnia Letnisko, Kowala, Przytyk, Skaryszew i Zakrzew
Sąd Rejonowy w Szydłowcu | dla gmin: Chlewiska, Jastrząb, Mirów, Orońsko, Szydłowiec i Wierzbica
Sąd Rejonowy w Zwoleniu | dla gmin: Gózd, Kazanów, Policzna, Przyłęk, Tczów i Zwoleń
Sąd Rejonowy w Garwolinie | dla miast Garwolin i Łaskarzew oraz gmin: Borowie, Garwolin, Górzno, Łaskarzew, Maciejowice, Miastków Kościelny, Osieck, Parysów, Pilawa, Sobienie-Jeziory, Sobolew, Trojanów, Wilga i Żelechów
Sąd Rejonowy w Łukowie | dla miast Łuków i Stoczek Łukowski oraz gmin: Adamów, Krzywda, Łuków, Serokomla, Stanin, Stoczek Łukowski, Trzebieszów, Wojcieszków i Wola Mysłowska
Sąd Rejonowy w Mińsku Mazowieckim | dla miast Mińsk Mazowiecki i Sulejówek oraz gmin: Cegłów, Dębe Wielkie, Dobre, Halinów, Jakubów, Kałuszyn, Latowicz, Mińsk Mazowiecki, Mrozy, Siennica i Stanisławów
Sąd Rejonowy w Siedlcach | dla miasta Siedlce oraz gmin: Domanice, Huszlew, Korczew, Kotuń, Łosice, Mokobody, Mordy, Olszanka, Paprotnia, Platerów, Przesmyki, Sarnaki, Siedlce, Skórzec, Stara Kornica, Suchożebry, Wiśniew, Wodynie i Zbuczyn
Sąd Rejonowy w Sokołowie Podlaskim | dla miasta Sokołów Podlaski oraz gmin: Bielany, Ceranów, Jabłonna Lacka, Kosów Lacki, Repki, Sabnie, Sokołów Podlaski i Sterdyń
Sąd Rejonowy w Węgrowie | dla miasta Węgrów oraz gmin: Grębków, Korytnica, Liw, Łochów, Miedzna, Sadowne, Stoczek i Wierzbno
Sąd Rejonowy w Biłgoraju | dla miasta Biłgoraj oraz gmin: Aleksandrów, Biłgoraj, Biszcza, Frampol, Goraj, Józefów, Księżpol, Łukowa, Obsza, Potok Górny, Tarnogród, Tereszpol i Turobin
Sąd Rejonowy w Hrubieszowie | dla miasta Hrubieszów oraz gmin: Dołhobyczów, Grabowiec, Horodło, Hrubieszów, Miączyn, Mircze, Trzeszczany, Uchanie i Werbkowice
Sąd Rejonowy w Janowie Lubelskim | dla gmin: Batorz, Chrzanów, Dzwola, Godziszów, Janów Lubelski, Modliborzyce, Potok Wielki i Zakrzew
Sąd Rejonowy w Krasnymstawie | dla miast Krasnystaw i Rejowiec Fabryczny oraz gmin: Fajsławice, Krasnystaw, Kraśniczyn, Leśniowice, Łopiennik Górny, Rejowiec, Rejowiec Fabryczny, Siennica Różana i Wojsławice
Sąd Rejonowy w Tomaszowie Lubelskim | dla miasta Tomaszów Lubelski oraz gmin: Bełżec, Jarczów, Komarów-Osada, Krynice, Lubycza Królewska, Łaszczów, Rachanie, Susiec, Tarnawatka, Telatyn, Tomaszów Lubelski, Tyszowce i Ulhówek
Sąd Rejonowy w Zamościu | dla miasta Zamość oraz gmin: Adamów, Gorzków, Izbica, Krasnobród, Łabunie, Nielisz, Radecznica, Rudnik, Sitno, Skierbieszów, Stary Zamość, Sułów, Szczebrzeszyn, Zamość, Zwierzyniec i Żółkiewka
Sąd Rejonowy w Jarocinie | dla gmin: Jaraczewo, Jarocin, Kotlin i Żerków
Sąd Rejonowy w Kaliszu | dla miasta Kalisz oraz gmin: Blizanów, Brzeziny, Ceków-Kolonia, Godziesze Wielkie, Koźminek, Lisków, Mycielin, Opatówek, Stawiszyn, Szczytniki i Żelazków
Sąd Rejonowy w Kępnie | dla gmin: Baranów, Bralin, Kępno, Łęka Opatowska, Perzów, Rychtal i Trzcinica
Sąd Rejonowy w Krotoszynie | dla miasta Sulmierzyce oraz gmin: Kobylin, Koźmin Wielkopolski, Krotoszyn, Rozdrażew i Zduny
Sąd Rejonowy w Ostrowie Wielkopolskim | dla miasta Ostrów Wielkopolski oraz gmin: Nowe Skalmierzyce, Odolanów, Ostrów Wielkopolski, Przygodzice, Raszków, Sieroszewice i Sośnie
Sąd Rejonowy w Ostrzeszowie | dla gmin: Czajków, Doruchów, Grabów nad Prosną, Kobyla Góra, Kraszewice, Mikstat i Ostrzeszów
Sąd Rejonowy w Pleszewie | dla gmin: Chocz, Czermin, Dobrzyca, Gizałki, Gołuchów i Pleszew
Sąd Rejonowy w Brzezinach | dla miasta Brzeziny oraz gmin: Brzeziny, Dmosin, Jeżów, Koluszki, Lipce Reymontowskie, Rogów i Słupia
Sąd Rejonowy w Kutnie | dla miasta Kutno oraz gmin: Bedlno, Krzyżanów, Kutno, Łanięta, Oporów, Strzelce i Żychlin
Sąd Rejonowy w Łęczycy | dla miasta Łęczyca oraz gmin: Daszyna, Dąbrowice, Góra Świętej Małgorzaty, Grabów, Krośniewice, Łęczyca, Nowe Ostrowy, Piątek, Świnice Warckie i Witonia
Sąd Rejonowy dla Łodzi-Śródmieścia w Łodzi | dla części miasta Łódź w granicach ustalonych tradycyjnie dla dzielnic: Bałuty, Polesie i Śródmieście
Sąd Rejonowy dla Łodzi-Widzewa w Łodzi | dla części miasta Łódź w granicach ustalonych tradycyjnie dla dzielnic Górna i Widzew oraz gmin: Andrespol, Brójce i Nowosolna
Sąd Rejonowy w Łowiczu | dla miasta Łowicz oraz gmin: Bielawy, Chąśno, Domaniewice, Kiernozia, Kocierzew Południowy, Łowicz, Łyszkowice, Nieborów i Zduny
Sąd Rejonowy w Pabianicach | dla miast Konstantynów Łódzki i Pabianice oraz gmin: Dłutów, Ksawerów, Pabianice i Rzgów
Sąd Rejonowy w Rawie Mazowieckiej | dla miasta Rawa Mazowiecka oraz gmin: Biała Rawska, Cielądz, Głuchów, Kowiesy, Rawa Mazowiecka, Regnów i Sadkowice
Sąd Rejonowy w Skierniewicach | dla miasta Skierniewice oraz gmin: Bolimów, Godzianów, Maków, Nowy Kawęczyn i Skierniewice
Sąd Rejonowy w Zgierzu | dla miast: Głowno, Ozorków i Zgierz oraz gmin: Aleksandrów Łódzki, Głowno, Ozorków, Parzęczew, Stryków i Zgierz
Sąd Rejonowy w Bełchatowie | dla miasta Bełchatów oraz gmin: Bełchatów, Drużbice, Kleszczów, Kluki, Rusiec, Szczerców i Zelów
Sąd Rejonowy w Opocznie | dla gmin: Aleksandrów, Białaczów, Drzewica, Mniszków, Opoczno, Paradyż, Poświętne, Sławno i Żarnów
Sąd Rejonowy w Piotrkowie Trybunalskim | dla miasta Piotrków Trybunalski oraz gmin: Czarnocin, Gorzkowice, Grabica, Łęki Szlacheckie, Moszczenica, Ręczno, Rozprza, Sulejów, Tuszyn, Wola Krzysztoporska i Wolbórz
Sąd Rejonowy w Radomsku | dla miasta Radomsko oraz gmin: Dobryszyce, Gidle, Gomunice, Kamieńsk, Kobiele Wielkie, Kodrąb, Lgota Wielka, Ładzice, Masłowice, Przedbórz, Radomsko, Wielgomłyny i Żytno
Sąd Rejonowy w Tomaszowie Mazowieckim | dla miasta Tomaszów Mazowiecki oraz gmin: Będków, Budziszewice, Czerniewice, Inowłódz, Lubochnia, Rokiciny, Rzeczyca, Tomaszów Mazowiecki, Ujazd i Żelechlinek
Sąd Rejonowy w Ciechanowie | dla miasta Ciechanów oraz gmin: Ciechanów, Glinojeck, Gołymin-Ośrodek, Grudusk, Ojrzeń, Opinogóra Górna, Regimin i Sońsk
Sąd Rejonowy w Gostyninie | dla miasta Gostynin oraz gmin: Gąbin, Gostynin, Łąck, Nowy Duninów, Pacyna, Sanniki, Słubice i Szczawin Kościelny
Sąd Rejonowy w Mławie | dla miasta Mława oraz gmin: Bieżuń, Dzierzgowo, Kuczbork-Osada, Lipowiec Kościelny, Lubowidz, Lutocin, Radzanów, Siemiątkowo, Strzegowo, Stupsk, Szreńsk, Szydłowo, Wieczfnia Kościelna, Wiśniewo i Żuromin
Sąd Rejonowy w Płocku | dla miasta Płock oraz gmin: Bielsk, Bodzanów, Brudzeń Duży, Bulkowo, Mała Wieś, Radzanowo, Słupno, Stara Biała, Staroźreby i Wyszogród
Sąd Rejonowy w Płońsku | dla miast Płońsk i Raciąż oraz gmin: Baboszewo, Czerwińsk nad Wisłą, Dzierzążnia, Joniec, Naruszewo, Nowe Miasto, Płońsk, Raciąż, Sochocin i Załuski
Sąd Rejonowy w Sierpcu | dla miasta Sierpc oraz gmin: Drobin, Gozdowo, Mochowo, Rościszewo, Sierpc, Szczutowo i Zawidz
Sąd Rejonowy w Sochaczewie | dla miasta Sochaczew oraz gmin: Brochów, Iłów, Młodzieszyn, Nowa Sucha, Rybno, Sochaczew i Teresin
Sąd Rejonowy w Żyrardowie | dla miasta Żyrardów oraz gmin: Baranów, Jaktorów, Mszczonów, Puszcza Mariańska, Radziejowice, Wiskitki i Żabia Wola
Sąd Rejonowy w Łasku | dla gmin: Buczek, Dalików, Dobroń, Lutomiersk, Łask, Pęczniew, Poddębice, Sędziejowice, Uniejów, Wartkowice, Widawa, Wodzierady i Zadzim
Sąd Rejonowy w Sieradzu | dla miasta Sieradz oraz gmin: Błaszki, Brąszewice, Brzeźnio, Burzenin, Goszczanów, Klonowa, Sieradz, Warta, Wróblew i Złoczew
Sąd Rejonowy w Wieluniu | dla gmin: Biała, Bolesławiec, Czarnożyły, Czastary, Działoszyn, Galewice, Kiełczygłów, Konopnica, Lututów, Łubnice, Mokrsko, Nowa Brzeźnica, Osjaków, Ostrówek, Pajęczno, Pątnów, Rząśnia, Siemkowice, Skomlin, Sokolniki, Strzelce Wielkie, Sulmierzyce, Wieluń, Wieruszów i Wierzchlas
Sąd Rejonowy w Zduńskiej Woli | dla miasta Zduńska Wola oraz gmin: Szadek, Zapolice i Zduńska Wola
Sąd Rejonowy w Kole | dla miasta Koło oraz gmin: Babiak, Chodów, Dąbie, Grzegorzew, Kłodawa, Koło, Kościelec, Olszówka, Osiek Mały, Przedecz, Sompolno i Wierzbinek
Sąd Rejonowy w Koninie | dla miasta Konin oraz gmin: Golina, Grodziec, Kazimierz Biskupi, Kleczew, Kramsk, Krzymów, Rychwał, Rzgów, Skulsk, Stare Miasto, Ślesin i Wilczyn
Sąd Rejonowy w Słupcy | dla miasta Słupca oraz gmin: Lądek, Orchowo, Ostrowite, Powidz, Pyzdry, Słupca, Strzałkowo, Witkowo i Zagórów
Sąd Rejonowy w Turku | dla miasta Turek oraz gmin: Brudzew, Dobra, Kawęczyn, Malanów, Przykona, Tuliszków, Turek i Władysławów
Sąd Rejonowy w Chodzieży | dla miasta Chodzież oraz gmin: Białośliwie, Chodzież, Kaczory, Miasteczko Krajeńskie, Szamocin, Ujście, Wyrzysk i Wysoka
Sąd Rejonowy w Gnieźnie | dla miasta Gniezno oraz gmin: Czerniejewo, Gniezno, Kiszkowo, Kłecko, Łubowo, Mieleszyn, Niechanowo, Pobiedziska i Trzemeszno
Sąd Rejonowy w Gostyniu | dla gmin: Borek Wielkopolski, Gostyń, Krobia, Krzemieniewo, Pępowo, Piaski, Pogorzela i Poniec
Sąd Rejonowy w Grodzisku Wielkopolskim | dla gmin: Buk, Granowo, Grodzisk Wielkopolski, Kamieniec, Rakoniewice, Stęszew i Wielichowo
Sąd Rejonowy w Kościanie | dla miasta Kościan oraz gmin: Czempiń, Kościan, Krzywiń i Śmigiel
Sąd Rejonowy w Lesznie | dla miasta Leszno oraz gmin: Lipno, Osieczna, Rydzyna, Święciechowa, Wijewo i Włoszakowice
Sąd Rejonowy w Nowym Tomyślu | dla gmin: Kuślin, Lwówek, Miedzichowo, Nowy Tomyśl, Opalenica i Zbąszyń
Sąd Rejonowy w Obornikach | dla gmin: Oborniki, Rogoźno i Ryczywół
Sąd Rejonowy w Pile | dla miasta Piła oraz gminy Szydłowo
Sąd Rejonowy Poznań-Grunwald i Jeżyce w Poznaniu | dla części miasta Poznań w granicach ustalonych tradycyjnie dla dzielnic Grunwald i Jeżyce oraz gmin: Dopiewo, Komorniki i Tarnowo Podgórne
Sąd Rejonowy Poznań-Nowe Miasto i Wilda w Poznaniu | dla części miasta Poznań w granicach ustalonych tradycyjnie dla dzielnic Nowe Miasto i Wilda, miast Luboń i Puszczykowo oraz gmin Czerwonak i Swarzędz
Sąd Rejonowy Poznań-Stare Miasto w Poznaniu | dla części miasta Poznań w granicach ustalonych tradycyjnie dla dzielnicy Stare Miasto oraz gmin Murowana Goślina i Suchy Las
Sąd Rejonowy w Rawiczu | dla gmin: Bojanowo, Jutrosin, Miejska Górka, Pakosław i Rawicz
Sąd Rejonowy w Szamotułach | dla miasta Obrzycko oraz gmin: Chrzypsko Wielkie, Duszniki, Kaźmierz, Kwilcz, Międzychód, Obrzycko, Ostroróg, Pniewy, Rokietnica, Sieraków, Szamotuły i Wronki
Sąd Rejonowy w Śremie | dla gmin: Brodnica, Dolsk, Książ Wielkopolski, Mosina i Śrem
Sąd Rejonowy w Środzie Wielkopolskiej | dla gmin: Dominowo, Kleszczewo, Kórnik, Krzykosy, Nowe Miasto nad Wartą, Środa Wielkopolska i Zaniemyśl
Sąd Rejonowy w Trzciance | dla miasta Czarnków oraz gmin: Czarnków, Drawsko, Krzyż Wielkopolski, Lubasz, Połajewo, Trzcianka i Wieleń
Sąd Rejonowy w Wągrowcu | dla miasta Wągrowiec oraz gmin: Budzyń, Damasławek, Gołańcz, Margonin, Mieścisko, Skoki, Wapno i Wągrowiec
Sąd Rejonowy w Wolsztynie | dla gmin: Przemęt, Siedlec i Wolsztyn
Sąd Rejonowy we Wrześni | dla gmin: Kołaczkowo, Kostrzyn, Miłosław, Nekla i Września
Sąd Rejonowy w Złotowie | dla miasta Złotów oraz gmin: Jastrowie, Krajenka, Lipka, Łobżenica, Okonek, Tarnówka, Zakrzewo i Złotów
Sąd Rejonowy w Krośnie Odrzańskim | dla miasta Gubin oraz gmin: Bobrowice, Bytnica, Cybinka, Dąbie, Gubin, Krosno Odrzańskie i Maszewo
Sąd Rejonowy w Nowej Soli | dla miasta Nowa Sól oraz gmin: Bytom Odrzański, Kolsko, Kożuchów, Nowa Sól, Nowe Miasteczko, Otyń i Siedlisko
Sąd Rejonowy w Świebodzinie | dla gmin: Babimost, Bojadła, Kargowa, Lubrza, Łagów, Skąpe, Sulechów, Szczaniec, Świebodzin, Trzebiechów i Zbąszynek
Sąd Rejonowy we Wschowie | dla gmin: Sława, Szlichtyngowa i Wschowa
Sąd Rejonowy w Zielonej Górze | dla miasta Zielona Góra oraz gmin: Czerwieńsk, Nowogród Bobrzański, Świdnica i Zabór
Sąd Rejonowy w Żaganiu | dla miast Gozdnica i Żagań oraz gmin: Brzeźnica, Iłowa, Małomice, Niegosławice, Szprotawa, Wymiarki i Żagań
Sąd Rejonowy w Żarach | dla miast Łęknica i Żary oraz gmin: Brody, Jasień, Lipinki Łużyckie, Lubsko, Przewóz, Trzebiel, Tuplice i Żary
Sąd Rejonowy w Brzozowie | dla gmin: Brzozów, Domaradz, Dydnia, Haczów, Jasienica Rosielna i Nozdrzec
Sąd Rejonowy w Jaśle | dla miasta Jasło oraz gmin: Brzyska, Dębowiec, Jasło, Kołaczyce, Krempna, Nowy Żmigród, Osiek Jasielski, Skołyszyn i Tarnowiec
Sąd Rejonowy w Krośnie | dla miasta Krosno oraz gmin: Chorkówka, Dukla, Iwonicz-Zdrój, Jaśliska, Jedlicze, Korczyna, Krościenko Wyżne, Miejsce Piastowe, Rymanów i Wojaszówka
Sąd Rejonowy w Lesku | dla gmin: Baligród, Cisna, Czarna, Lesko, Lutowiska, Olszanica, Solina i Ustrzyki Dolne
Sąd Rejonowy w Sanoku | dla miasta Sanok oraz gmin: Besko, Bukowsko, Komańcza, Sanok, Tyrawa Wołoska, Zagórz i Zarszyn
Sąd Rejonowy w Jarosławiu | dla miast Jarosław i Radymno oraz gmin: Chłopice, Jarosław, Laszki, Pawłosiów, Pruchnik, Radymno, Rokietnica, Roźwienica i Wiązownica
Sąd Rejonowy w Lubaczowie | dla miasta Lubaczów oraz gmin: Cieszanów, Horyniec-Zdrój, Lubaczów, Narol, Oleszyce, Stary Dzików i Wielkie Oczy
Sąd Rejonowy w Przemyślu | dla miasta Przemyśl oraz gmin: Bircza, Dubiecko, Fredropol, Krasiczyn, Krzywcza, Medyka, Orły, Przemyśl, Stubno i Żurawica
Sąd Rejonowy w Przeworsku | dla miasta Przeworsk oraz gmin: Adamówka, Gać, Jawornik Polski, Kańczuga, Przeworsk, Sieniawa, Tryńcza i Zarzecze
Sąd Rejonowy w Dębicy | dla miasta Dębica oraz gmin: Brzostek, Czarna, Dębica, Jodłowa, Pilzno i Żyraków
Sąd Rejonowy w Leżajsku | dla miasta Leżajsk oraz gmin: Grodzisko Dolne, Kuryłówka, Leżajsk i Nowa Sarzyna
Sąd Rejonowy w Łańcucie | dla miasta Łańcut oraz gmin: Białobrzegi, Czarna, Łańcut, Markowa, Rakszawa i Żołynia
Sąd Rejonowy w Ropczycach | dla gmin: Iwierzyce, Ostrów, Ropczyce, Sędziszów Małopolski i Wielopole Skrzyńskie
Sąd Rejonowy w Rzeszowie | dla miast Dynów i Rzeszów oraz gmin: Błażowa, Boguchwała, Chmielnik, Dynów, Głogów Małopolski, Hyżne, Kamień, Krasne, Lubenia, Sokołów Małopolski, Świlcza, Trzebownisko i Tyczyn
Sąd Rejonowy w Strzyżowie | dla gmin: Czudec, Frysztak, Niebylec, Strzyżów i Wiśniowa
Sąd Rejonowy w Kolbuszowej | dla gmin: Cmolas, Dzikowiec, Kolbuszowa, Majdan Królewski, Niwiska i Raniżów
Sąd Rejonowy w Mielcu | dla miasta Mielec oraz gmin: Borowa, Czermin, Gawłuszowice, Mielec, Przecław, Radomyśl Wielki, Tuszów Narodowy i Wadowice Górne
Sąd Rejonowy w Nisku | dla gmin: Bojanów, Harasiuki, Jarocin, Jeżowe, Krzeszów, Nisko, Rudnik nad Sanem i Ulanów
Sąd Rejonowy w Stalowej Woli | dla miasta Stalowa Wola oraz gmin: Pysznica, Radomyśl nad Sanem, Zaklików i Zaleszany
Sąd Rejonowy w Tarnobrzegu | dla miasta Tarnobrzeg oraz gmin: Baranów Sandomierski, Gorzyce, Grębów, Nowa Dęba i Padew Narodowa
Sąd Rejonowy w Gorzowie Wielkopolskim | dla miasta Gorzów Wielkopolski oraz gmin: Bogdaniec, Deszczno, Kłodawa, Lubiszyn, Santok i Witnica
Sąd Rejonowy w Międzyrzeczu | dla gmin: Bledzew, Międzyrzecz, Przytoczna, Pszczew, Skwierzyna i Trzciel
Sąd Rejonowy w Słubicach | dla miasta Kostrzyn nad Odrą oraz gmin: Górzyca, Rzepin i Słubice
Sąd Rejonowy w Strzelcach Krajeńskich | dla gmin: Dobiegniew, Drezdenko, Stare Kurowo, Strzelce Krajeńskie i Zwierzyn
Sąd Rejonowy w Sulęcinie | dla gmin: Krzeszyce, Lubniewice, Ośno Lubuskie, Słońsk, Sulęcin i Torzym
Sąd Rejonowy w Białogardzie | dla miast Białogard i Świdwin oraz gmin: Białogard, Brzeżno, Karlino, Połczyn-Zdrój, Rąbino, Sławoborze, Świdwin i Tychowo
Sąd Rejonowy w Drawsku Pomorskim | dla gmin: Czaplinek, Drawsko Pomorskie, Kalisz Pomorski, Wierzchowo i Złocieniec
Sąd Rejonowy w Kołobrzegu | dla miasta Kołobrzeg oraz gmin: Dygowo, Gościno, Kołobrzeg, Rymań, Siemyśl i Ustronie Morskie
Sąd Rejonowy w Koszalinie | dla miasta Koszalin oraz gmin: Będzino, Biesiekierz, Bobolice, Manowo, Mielno, Polanów, Sianów i Świeszyno
Sąd Rejonowy w Sławnie | dla miast Darłowo i Sławno oraz gmin: Darłowo, Malechowo, Postomino i Sławno
Sąd Rejonowy w Szczecinku | dla miasta Szczecinek oraz gmin: Barwice, Biały Bór, Borne Sulinowo, Grzmiąca i Szczecinek
Sąd Rejonowy w Wałczu | dla miasta Wałcz oraz gmin: Człopa, Mirosławiec, Tuczno i Wałcz
Sąd Rejonowy w Choszcznie | dla gmin: Bierzwnik, Choszczno, Drawno, Krzęcin, Pełczyce i Recz
Sąd Rejonowy w Goleniowie | dla gmin: Goleniów, Maszewo, Nowogard, Osina, Przybiernów i Stepnica
Sąd Rejonowy w Gryficach | dla gmin: Brojce, Gryfice, Karnice, Płoty, Rewal i Trzebiatów
Sąd Rejonowy w Gryfinie | dla gmin: Banie, Cedynia, Chojna, Gryfino, Mieszkowice, Moryń, Stare Czarnowo, Trzcińsko-Zdrój i Widuchowa
Sąd Rejonowy w Kamieniu Pomorskim | dla gmin: Dziwnów, Golczewo, Kamień Pomorski, Świerzno i Wolin
Sąd Rejonowy w Łobzie | dla gmin: Dobra, Łobez, Radowo Małe, Resko i Węgorzyno
Sąd Rejonowy w Myśliborzu | dla gmin: Barlinek, Boleszkowice, Dębno, Myślibórz i Nowogródek Pomorski
Sąd Rejonowy w Stargardzie | dla miasta Stargard oraz gmin: Bielice, Chociwel, Dobrzany, Dolice, Ińsko, Kobylanka, Kozielice, Lipiany, Marianowo, Przelewice, Pyrzyce, Stara Dąbrowa, Stargard, Suchań i Warnice
Sąd Rejonowy Szczecin-Centrum w Szczecinie | dla części miasta Szczecin w granicach przebiegających od punktu przecięcia się obwodnicy kolejowej przy ul. Floriana Krygiera z lewym brzegiem Odry Zachodniej, wzdłuż zewnętrznego obrzeża nasypu torowiska obwodnicy kolejowej do ul. Jagiellońskiej, wewnętrznym obrzeżem nasypu torowiska obwodnicy kolejowej, wraz z dworcem PKP Niebuszewo, do wiaduktu kolejowego na ul. Sczanieckiej, osią jezdni ul. Sczanieckiej do ul. 1 Maja, osią jezdni ul. 1 Maja do ul. Nocznickiego, osiami jezdni ul. Nocznickiego, Firlika i Łady do ul. Szarotki, w linii prostej będącej przedłużeniem osi jezdni ul. Szarotki do lewego brzegu Odry Zachodniej i lewym brzegiem Odry Zachodniej do jego przecięcia z ul. Floriana Krygiera
Sąd Rejonowy Szczecin-Prawobrzeże i Zachód w Szczecinie | dla części miasta Szczecin poza obszarem w granicach przebiegających od punktu przecięcia się obwodnicy kolejowej przy ul. Floriana Krygiera z lewym brzegiem Odry Zachodniej, wzdłuż zewnętrznego obrzeża nasypu torowiska obwodnicy kolejowej do ul. Jagiellońskiej, wewnętrznym obrzeżem nasypu torowiska obwodnicy kolejowej, wraz z dworcem PKP Niebuszewo, do wiaduktu kolejowego na ul. Sczanieckiej, osią jezdni ul. Sczanieckiej do ul. 1 Maja, osią jezdni ul. 1 Maja do ul. Nocznickiego, osiami jezdni ul. Nocznickiego, Firlika i Łady do ul. Szarotki, w linii prostej będącej przedłużeniem osi jezdni ul. Szarotki do lewego brzegu Odry Zachodniej i lewym brzegiem Odry Zachodniej do jego przecięcia z ul. Floriana Krygiera, a także dla gmin: Dobra (Szczecińska), Kołbaskowo, Nowe Warpno i Police
Sąd Rejonowy w Świnoujściu | dla miasta Świnoujście oraz gminy Międzyzdroje
Sąd Rejonowy w Grodzisku Mazowieckim | dla miast Milanówek i Podkowa Leśna oraz gmin: Błonie, Grodzisk Mazowiecki, Kampinos i Leszno
Sąd Rejonowy w Piasecznie | dla gmin: Góra Kalwaria, Konstancin-Jeziorna, Lesznowola, Piaseczno i Prażmów
Sąd Rejonowy w Pruszkowie | dla miast Piastów i Pruszków oraz gmin: Brwinów, Michałowice, Nadarzyn, Ożarów Mazowiecki, Raszyn i Stare Babice
Sąd Rejonowy dla miasta stołecznego Warszawy w Warszawie | dla części miasta stołecznego Warszawy w granicach ustalonych dla dzielnic: Ochota, Ursus i Włochy
Sąd Rejonowy dla Warszawy-Mokotowa w Warszawie | dla części miasta stołecznego Warszawy w granicach ustalonych dla dzielnic: Mokotów, Ursynów i Wilanów
Sąd Rejonowy dla Warszawy-Śródmieścia w Warszawie | dla części miasta stołecznego Warszawy w granicach ustalonych dla dzielnicy Śródmieście
Sąd Rejonowy dla Warszawy-Woli w Warszawie | dla części miasta stołecznego Warszawy w granicach ustalonych dla dzielnic Bemowo i Wola
Sąd Rejonowy dla Warszawy-Żoliborza w Warszawie | dla części miasta stołecznego Warszawy w granicach ustalonych dla dzielnic Bielany i Żoliborz oraz gmin Izabelin i Łomianki
Sąd Rejonowy w Legionowie | dla miasta Legionowo oraz gmin: Jabłonna, Nieporęt, Serock i Wieliszew
Sąd Rejonowy w Nowym Dworze Mazowieckim | dla miasta Nowy Dwór Mazowiecki oraz gmin: Czosnów, Leoncin, Pomiechówek i Zakroczym
Sąd Rejonowy w Otwocku | dla miast Józefów i Otwock oraz gmin: Celestynów, Karczew, Kołbiel i Wiązowna
Sąd Rejonowy dla Warszawy Pragi-Południe w Warszawie | dla części miasta stołecznego Warszawy w granicach ustalonych dla dzielnic: Praga-Południe, Rembertów, Wawer i Wesoła
Sąd Rejonowy dla Warszawy Pragi-Północ w Warszawie | dla części miasta stołecznego Warszawy w granicach ustalonych dla dzielnic: Białołęka, Praga-Północ i Targówek
Sąd Rejonowy w Wołominie | dla miast: Kobyłka, Marki, Ząbki i Zielonka oraz gmin: Dąbrówka, Jadów, Klembów, Poświętne, Radzymin, Strachówka, Tłuszcz i Wołomin
Sąd Rejonowy w Bolesławcu | dla miasta Bolesławiec oraz gmin: Bolesławiec, Gromadka, Nowogrodziec, Osiecznica i Warta Bolesławiecka
Sąd Rejonowy w Jeleniej Górze | dla miast: Jelenia Góra, Karpacz, Kowary, Piechowice i Szklarska Poręba oraz gmin: Janowice Wielkie, Jeżów Sudecki, Mysłakowice, Podgórzyn i Stara Kamienica
Sąd Rejonowy w Kamiennej Górze | dla miasta Kamienna Góra oraz gmin: Bolków, Kamienna Góra, Lubawka i Marciszów
Sąd Rejonowy w Lubaniu | dla miasta Lubań oraz gmin: Leśna, Lubań, Olszyna, Platerówka i Siekierczyn
Sąd Rejonowy w Lwówku Śląskim | dla miasta Świeradów-Zdrój oraz gmin: Gryfów Śląski, Lubomierz, Lwówek Śląski, Mirsk i Wleń
Sąd Rejonowy w Zgorzelcu | dla miast Zawidów i Zgorzelec oraz gmin: Bogatynia, Pieńsk, Sulików, Węgliniec i Zgorzelec
Sąd Rejonowy w Głogowie | dla miasta Głogów oraz gmin: Gaworzyce, Głogów, Góra, Grębocice, Jemielno, Jerzmanowa, Kotła, Niechlów, Pęcław, Przemków, Radwanice, Wąsosz i Żukowice
Sąd Rejonowy w Jaworze | dla miasta Jawor oraz gmin: Męcinka, Mściwojów, Paszowice, Udanin i Wądroże Wielkie
Sąd Rejonowy w Legnicy | dla miasta Legnica oraz gmin: Krotoszyce, Kunice, Legnickie Pole, Miłkowice, Prochowice i Ruja
Sąd Rejonowy w Lubinie | dla miasta Lubin oraz gmin: Chocianów, Lubin, Polkowice, Rudna i Ścinawa
Sąd Rejonowy w Złotoryi | dla miast: Chojnów, Wojcieszów i Złotoryja oraz gmin: Chojnów, Pielgrzymka, Świerzawa, Zagrodno i Złotoryja
Sąd Rejonowy w Brzegu | dla miasta Brzeg oraz gmin: Lewin Brzeski, Lubsza, Olszanka, Popielów i Skarbimierz
Sąd Rejonowy w Głubczycach | dla gmin: Baborów, Branice, Głubczyce i Kietrz
Sąd Rejonowy w Kędzierzynie-Koźlu | dla miasta Kędzierzyn-Koźle oraz gmin: Bierawa, Cisek, Pawłowiczki, Polska Cerekiew, Reńska Wieś i Zdzieszowice
Sąd Rejonowy w Kluczborku | dla gmin: Byczyna, Domaszowice, Kluczbork, Lasowice Wielkie, Murów, Namysłów, Pokój, Świerczów, Wilków i Wołczyn
Sąd Rejonowy w Nysie | dla gmin: Grodków, Kamiennik, Korfantów, Łambinowice, Nysa, Otmuchów, Paczków, Pakosławice i Skoroszyce
Sąd Rejonowy w Oleśnie | dla gmin: Dobrodzień, Gorzów Śląski, Olesno, Praszka, Radłów, Rudniki i Zębowice
Sąd Rejonowy w Opolu | dla miasta Opole oraz gmin: Chrząstowice, Dąbrowa, Dobrzeń Wielki, Komprachcice, Łubniany, Niemodlin, Ozimek, Prószków, Tarnów Opolski, Tułowice i Turawa
Sąd Rejonowy w Prudniku | dla gmin: Biała, Głogówek, Głuchołazy, Lubrza i Prudnik
Sąd Rejonowy w Strzelcach Opolskich | dla gmin: Gogolin, Izbicko, Jemielnica, Kolonowskie, Krapkowice, Leśnica, Strzelce Opolskie, Strzeleczki, Ujazd, Walce i Zawadzkie
Sąd Rejonowy w Dzierżoniowie | dla miast: Bielawa, Dzierżoniów i Piława Górna oraz gmin: Dzierżoniów, Łagiewniki, Niemcza i Pieszyce
Sąd Rejonowy w Kłodzku | dla miast: Duszniki-Zdrój, Kłodzko, Kudowa-Zdrój, Nowa Ruda i Polanica-Zdrój oraz gmin: Bystrzyca Kłodzka, Kłodzko, Lądek-Zdrój, Lewin Kłodzki, Międzylesie, Nowa Ruda, Radków, Stronie Śląskie i Szczytna
Sąd Rejonowy w Świdnicy | dla miast Świdnica i Świebodzice oraz gmin: Dobromierz, Jaworzyna Śląska, Marcinowice, Strzegom, Świdnica i Żarów
Sąd Rejonowy w Wałbrzychu | dla miast: Boguszów-Gorce, Jedlina-Zdrój, Szczawno-Zdrój i Wałbrzych oraz gmin: Czarny Bór, Głuszyca, Mieroszów, Stare Bogaczowice i Walim
Sąd Rejonowy w Ząbkowicach Śląskich | dla gmin: Bardo, Ciepłowody, Kamieniec Ząbkowicki, Stoszowice, Ząbkowice Śląskie, Ziębice i Złoty Stok
Sąd Rejonowy w Miliczu | dla gmin: Cieszków, Krośnice i Milicz
Sąd Rejonowy w Oleśnicy | dla miasta Oleśnica oraz gmin: Bierutów, Długołęka, Dobroszyce, Dziadowa Kłoda, Międzybórz, Oleśnica, Syców i Twardogóra
Sąd Rejonowy w Oławie | dla miasta Oława oraz gmin: Czernica, Domaniów, Jelcz-Laskowice, Oława i Siechnice
Sąd Rejonowy w Strzelinie | dla gmin: Borów, Jordanów Śląski, Kondratowice, Przeworno, Strzelin i Wiązów
Sąd Rejonowy w Środzie Śląskiej | dla gmin: Kąty Wrocławskie, Kostomłoty, Malczyce, Mietków, Miękinia i Środa Śląska
Sąd Rejonowy w Trzebnicy | dla gmin: Oborniki Śląskie, Prusice, Trzebnica, Wisznia Mała, Zawonia i Żmigród
Sąd Rejonowy w Wołowie | dla gmin: Brzeg Dolny, Wińsko i Wołów
Sąd Rejonowy dla Wrocławia-Fabrycznej we Wrocławiu | dla części miasta w granicach ustalonych tradycyjnie dla dzielnic Fabryczna i Psie Pole
Sąd Rejonowy dla Wrocławia-Krzyków we Wrocławiu | dla części miasta w granicach ustalonych tradycyjnie dla dzielnicy Krzyki oraz gmin: Kobierzyce, Sobótka i Żórawina
Sąd Rejonowy dla Wrocławia-Śródmieścia we Wrocławiu | dla części miasta w granicach ustalonych tradycyjnie dla dzielnic Stare Miasto i Śródmieście
"""

DISTRICT_COURTS: tuple[tuple[str, str], ...] = tuple(
    (court, area)
    for court, _, area in (line.partition(" | ") for line in _RAW.strip().splitlines())
)
