/**
 * The state's budget classification code lists (rozpočtová skladba, vyhláška č. 412/2021 Sb.,
 * o rozpočtové skladbě) with their Czech names, the same for every town:
 *
 * - odvětvové třídění (paragrafy, příloha č. 3): skupina (1 digit) → oddíl (2) → pododdíl (3) →
 *   paragraf (4): every skupina, oddíl and pododdíl, and the paragrafy a town uses;
 * - druhové třídění (položky, příloha č. 2): třída (1) → seskupení (2) → podseskupení (3) →
 *   položka (4): every třída, seskupení and podseskupení, and the položky a town uses.
 *
 * Source: it follows the Ministry of Finance's code lists (číselník paragrafů and číselník
 * položek rozpočtové skladby) as of 2026. It was written once, by hand, from the vyhláška and
 * its annexes, not generated, and not checked line by line against the official file (there
 * was no copy of it at hand): when the code lists change, or a name here differs from the
 * official one, regenerate the two lists below from the official CSV at
 * https://monitor.statnipokladna.gov.cz/data/ciselniky (číselníky „paragraf“ and „polozka“,
 * columns code and name), keeping the format: one `code name` pair a line.
 *
 * One addition of the portal, not in the vyhláška: paragraf 0000 (and its levels 0, 00, 000),
 * which the state treasury's data and the towns' accounting use for lines without an odvětvové
 * třídění (tax revenues, transfers, financing).
 *
 * Codes not listed here still import (the explorer then names them by their parent level);
 * `seedBudgetClassification` upserts, so a corrected name replaces the old one at the next
 * start.
 */
import { type Kysely, sql } from "kysely";
import type { BudgetClassificationKind, Database } from "../schema.ts";

/** Odvětvové třídění: `code name`, one a line. */
const PARAGRAFY = `
0 Bez odvětvového třídění
00 Bez odvětvového třídění
000 Bez odvětvového třídění
0000 Bez odvětvového třídění (daňové příjmy, transfery a financování)
1 Zemědělství, lesní hospodářství a rybářství
10 Zemědělství, lesní hospodářství a rybářství
101 Zemědělská a potravinářská činnost a rozvoj
1012 Podnikání a restrukturalizace v zemědělství a potravinářství
1014 Ozdravování hospodářských zvířat, polních a speciálních plodin a zvláštní veterinární péče
1019 Ostatní zemědělská a potravinářská činnost a rozvoj
103 Lesní hospodářství
1031 Pěstební činnost
1032 Podpora ostatních produkčních činností
1036 Správa v lesním hospodářství
1037 Celospolečenské funkce lesů
1039 Ostatní záležitosti lesního hospodářství
107 Rybářství
1070 Rybářství
109 Ostatní záležitosti zemědělství, lesního hospodářství a rybářství
1098 Ostatní záležitosti zemědělství, lesního hospodářství a rybářství
2 Průmyslová a ostatní odvětví hospodářství
21 Průmysl, stavebnictví, obchod a služby
211 Průmysl a energetika
2115 Úspora energie a obnovitelné zdroje energie
214 Vnitřní obchod, služby a cestovní ruch
2141 Vnitřní obchod
2143 Cestovní ruch
2144 Ostatní služby
216 Správa v průmyslu, stavebnictví, obchodu a službách
2169 Ostatní správa v průmyslu, stavebnictví, obchodu a službách
219 Ostatní záležitosti průmyslu, stavebnictví, obchodu a služeb
2199 Ostatní záležitosti průmyslu, stavebnictví, obchodu a služeb
22 Doprava
221 Pozemní komunikace
2211 Dálnice
2212 Silnice
2219 Ostatní záležitosti pozemních komunikací
222 Silniční doprava
2221 Provoz veřejné silniční dopravy
2223 Bezpečnost silničního provozu
2229 Ostatní záležitosti v silniční dopravě
224 Železniční doprava
2242 Provozování veřejné železniční dopravy
2249 Ostatní záležitosti železniční dopravy
229 Ostatní záležitosti v dopravě
2292 Dopravní obslužnost veřejnými službami – linková
2299 Ostatní záležitosti v dopravě
23 Vodní hospodářství
231 Pitná voda
2310 Pitná voda
232 Odvádění a čištění odpadních vod a nakládání s kaly
2321 Odvádění a čištění odpadních vod a nakládání s kaly
2329 Odvádění a čištění odpadních vod jinde nezařazené
233 Vodní toky a vodohospodářská díla
2331 Vodní díla v zemědělské krajině
2333 Úpravy drobných vodních toků
2334 Revitalizace říčních systémů
2339 Záležitosti vodních toků a vodohospodářských děl jinde nezařazené
234 Vodní díla v zemědělské krajině
2341 Vodní díla v zemědělské krajině
239 Ostatní záležitosti vodního hospodářství
2399 Ostatní záležitosti vodního hospodářství
24 Spoje
241 Pošta a telekomunikace
2419 Ostatní záležitosti spojů
25 Všeobecné hospodářské záležitosti a ostatní ekonomické funkce
251 Podpora podnikání a inovací
2519 Ostatní podpora podnikání a inovací
259 Ostatní všeobecné hospodářské záležitosti
2599 Ostatní všeobecné hospodářské záležitosti
3 Služby pro obyvatelstvo
31 Vzdělávání a školské služby
311 Zařízení předškolní výchovy a základního vzdělávání
3111 Mateřské školy
3112 Mateřské školy pro děti se speciálními vzdělávacími potřebami
3113 Základní školy
3114 Základní školy pro žáky se speciálními vzdělávacími potřebami
3117 První stupeň základních škol
3119 Ostatní záležitosti základního vzdělávání
312 Střední vzdělávání
3121 Gymnázia
3122 Střední odborné školy
3123 Střední školy poskytující střední vzdělání s výučním listem
3124 Střední školy a konzervatoře pro žáky se speciálními vzdělávacími potřebami
313 Zařízení ústavní a ochranné výchovy
3133 Dětské domovy
314 Činnosti a zařízení související se vzděláváním
3141 Školní stravování při předškolním a základním vzdělávání
3143 Školní družiny a kluby
3146 Zařízení výchovného poradenství
3147 Domovy mládeže
315 Vyšší odborné vzdělávání
3150 Vyšší odborné školy
32 Ostatní vzdělávání a školské služby
323 Zájmové vzdělávání
3231 Základní umělecké školy
3233 Střediska volného času
329 Ostatní záležitosti vzdělávání
3299 Ostatní záležitosti vzdělávání
33 Kultura, církve a sdělovací prostředky
331 Kultura
3311 Divadelní činnost
3312 Hudební činnost
3313 Filmová tvorba, distribuce, kina a shromažďování audiovizuálních archiválií
3314 Činnosti knihovnické
3315 Činnosti muzeí a galerií
3316 Vydavatelská činnost
3317 Výstavní činnosti v kultuře
3319 Ostatní záležitosti kultury
332 Ochrana památek a péče o kulturní dědictví
3322 Zachování a obnova kulturních památek
3326 Pořízení, zachování a obnova hodnot místního kulturního, národního a historického povědomí
3329 Ostatní záležitosti ochrany památek a péče o kulturní dědictví
333 Činnosti registrovaných církví a náboženských společností
3330 Činnosti registrovaných církví a náboženských společností
334 Sdělovací prostředky
3341 Rozhlas a televize
3349 Ostatní záležitosti sdělovacích prostředků
339 Ostatní činnosti v záležitostech kultury, církví a sdělovacích prostředků
3392 Zájmová činnost v kultuře
3399 Ostatní záležitosti kultury, církví a sdělovacích prostředků
34 Tělovýchova a zájmová činnost
341 Tělovýchova
3412 Sportovní zařízení ve vlastnictví obce
3419 Ostatní sportovní činnost
342 Zájmová činnost a rekreace
3421 Využití volného času dětí a mládeže
3429 Ostatní zájmová činnost a rekreace
35 Zdravotnictví
351 Ambulantní péče
3511 Všeobecná ambulantní péče
3512 Stomatologická péče
352 Ústavní péče
3522 Ostatní nemocnice
3529 Ostatní ústavní péče
353 Zdravotnická záchranná služba
3533 Zdravotnická záchranná služba
354 Ostatní speciální zdravotnická péče
3541 Prevence před drogami, alkoholem, nikotinem a jinými návykovými látkami
3543 Pomoc zdravotně postiženým a chronicky nemocným
3549 Ostatní speciální zdravotnická péče
359 Ostatní činnost ve zdravotnictví
3599 Ostatní činnost ve zdravotnictví
36 Bydlení, komunální služby a územní rozvoj
361 Rozvoj bydlení a bytové hospodářství
3611 Podpora individuální bytové výstavby
3612 Bytové hospodářství
3613 Nebytové hospodářství
3619 Ostatní rozvoj bydlení a bytového hospodářství
363 Komunální služby a územní rozvoj
3631 Veřejné osvětlení
3632 Pohřebnictví
3633 Výstavba a údržba místních inženýrských sítí
3634 Lokální zásobování teplem
3635 Územní plánování
3636 Územní rozvoj
3639 Komunální služby a územní rozvoj jinde nezařazené
369 Ostatní činnosti pro bydlení, komunální služby a územní rozvoj
3699 Ostatní záležitosti bydlení, komunálních služeb a územního rozvoje
37 Ochrana životního prostředí
371 Ochrana ovzduší a klimatu
3713 Změny technologií vytápění
3716 Monitoring ochrany ovzduší
3719 Ostatní činnosti k ochraně ovzduší
372 Nakládání s odpady
3721 Sběr a odvoz nebezpečných odpadů
3722 Sběr a odvoz komunálních odpadů
3723 Sběr a odvoz ostatních odpadů (jiných než nebezpečných a komunálních)
3724 Využívání a zneškodňování nebezpečných odpadů
3725 Využívání a zneškodňování komunálních odpadů
3726 Využívání a zneškodňování ostatních odpadů
3727 Prevence vzniku odpadů
3728 Monitoring nakládání s odpady
3729 Ostatní nakládání s odpady
373 Ochrana a sanace půdy a podzemní vody
3733 Monitoring půdy a podzemní vody
3739 Ostatní ochrana půdy a podzemní vody
374 Ochrana přírody a krajiny
3741 Ochrana druhů a stanovišť
3742 Chráněné části přírody
3744 Protierozní, protilavinová a protipožární ochrana
3745 Péče o vzhled obcí a veřejnou zeleň
3749 Ostatní činnosti k ochraně přírody a krajiny
376 Správa v ochraně životního prostředí
3769 Ostatní správa v ochraně životního prostředí
379 Ostatní činnosti související s ochranou životního prostředí
3792 Ekologická výchova a osvěta
3799 Ostatní ekologické záležitosti
39 Ostatní činnosti související se službami pro obyvatelstvo
390 Ostatní činnosti související se službami pro obyvatelstvo
3900 Ostatní činnosti související se službami pro obyvatelstvo
4 Sociální věci a politika zaměstnanosti
41 Dávky a podpory v sociálním zabezpečení
417 Dávky pomoci v hmotné nouzi
4171 Příspěvek na živobytí
4172 Doplatek na bydlení
4173 Mimořádná okamžitá pomoc
419 Ostatní dávky sociální pomoci
4195 Příspěvek na péči
42 Politika zaměstnanosti
422 Aktivní politika zaměstnanosti
4221 Rekvalifikace
4229 Ostatní záležitosti aktivní politiky zaměstnanosti
43 Sociální služby a společné činnosti v sociálním zabezpečení a politice zaměstnanosti
433 Sociálně-právní ochrana dětí
4339 Ostatní sociální péče a pomoc rodině a manželství
434 Sociální rehabilitace a ostatní sociální péče a pomoc
4341 Sociální pomoc osobám v hmotné nouzi a občanům sociálně nepřizpůsobivým
4342 Sociální péče a pomoc přistěhovalcům a vybraným etnikům
4344 Sociální rehabilitace
4349 Ostatní sociální péče a pomoc ostatním skupinám obyvatelstva
435 Služby sociální péče
4350 Domovy pro seniory
4351 Osobní asistence, pečovatelská služba a podpora samostatného bydlení
4354 Chráněné bydlení
4356 Denní stacionáře a centra denních služeb
4357 Domovy pro osoby se zdravotním postižením a domovy se zvláštním režimem
4359 Ostatní služby a činnosti v oblasti sociální péče
437 Služby sociální prevence
4371 Raná péče a sociálně aktivizační služby pro rodiny s dětmi
4372 Krizová pomoc
4374 Azylové domy, nízkoprahová denní centra a noclehárny
4378 Terénní programy
4379 Ostatní služby a činnosti v oblasti sociální prevence
439 Ostatní záležitosti sociálních věcí a politiky zaměstnanosti
4399 Ostatní záležitosti sociálních věcí a politiky zaměstnanosti
5 Bezpečnost státu a právní ochrana
51 Obrana
511 Vojenská obrana
5119 Ostatní záležitosti vojenské obrany
52 Civilní připravenost na krizové stavy
521 Ochrana obyvatelstva a krizová opatření
5212 Ochrana obyvatelstva
5213 Krizová opatření
526 Správa v oblasti hospodářských opatření pro krizové stavy
5269 Ostatní správa v oblasti hospodářských opatření pro krizové stavy
527 Krizové řízení
5272 Činnost orgánů krizového řízení na územní úrovni
5273 Ostatní správa v oblasti krizového řízení
5279 Záležitosti krizového řízení jinde nezařazené
53 Bezpečnost a veřejný pořádek
531 Bezpečnost a veřejný pořádek
5311 Bezpečnost a veřejný pořádek
539 Ostatní záležitosti bezpečnosti a veřejného pořádku
5399 Ostatní záležitosti bezpečnosti, veřejného pořádku a právní ochrany
54 Právní ochrana
541 Právní ochrana
5410 Právní ochrana
55 Požární ochrana a integrovaný záchranný systém
551 Požární ochrana
5511 Požární ochrana – profesionální část
5512 Požární ochrana – dobrovolná část
6 Všeobecná veřejná správa a služby
61 Státní moc, státní správa, územní samospráva a politické strany
611 Zastupitelské orgány
6112 Zastupitelstva obcí
6113 Zastupitelstva krajů
6114 Volby do Parlamentu ČR
6115 Volby do zastupitelstev územních samosprávných celků
6117 Volby do Evropského parlamentu
6118 Volba prezidenta republiky
614 Všeobecná vnitřní správa
6149 Ostatní všeobecná vnitřní správa jinde nezařazená
617 Regionální a místní správa
6171 Činnost místní správy
6172 Činnost regionální správy
62 Jiné veřejné služby a činnosti
621 Archivní činnost
6211 Archivní činnost
622 Mezinárodní spolupráce
6221 Humanitární zahraniční pomoc přímá
6223 Mezinárodní spolupráce (jinde nezařazená)
63 Finanční operace
631 Obecné příjmy a výdaje z finančních operací
6310 Obecné příjmy a výdaje z finančních operací
632 Pojištění funkčně nespecifikované
6320 Pojištění funkčně nespecifikované
633 Převody vlastním fondům
6330 Převody vlastním fondům v rozpočtech územní úrovně
639 Ostatní finanční operace
6399 Ostatní finanční operace
64 Ostatní činnosti
640 Ostatní činnosti
6402 Finanční vypořádání minulých let
6409 Ostatní činnosti jinde nezařazené
`;

/** Druhové třídění: `code name`, one a line. */
const POLOZKY = `
1 Daňové příjmy
11 Daně z příjmů, zisku a kapitálových výnosů
111 Daně z příjmů fyzických osob
1111 Daň z příjmů fyzických osob placená plátci
1112 Daň z příjmů fyzických osob placená poplatníky
1113 Daň z příjmů fyzických osob vybíraná srážkou
112 Daně z příjmů právnických osob
1121 Daň z příjmů právnických osob
1122 Daň z příjmů právnických osob v případech, kdy poplatníkem je obec
12 Daně ze zboží a služeb v tuzemsku
121 Obecné daně ze zboží a služeb
1211 Daň z přidané hodnoty
13 Daně a poplatky z vybraných činností a služeb
133 Poplatky a odvody v oblasti životního prostředí
1332 Poplatky za znečišťování ovzduší
1333 Poplatky za uložení odpadů
1334 Odvody za odnětí půdy ze zemědělského půdního fondu
1335 Poplatky za odnětí pozemků plnění funkcí lesa
1337 Poplatek za komunální odpad
134 Místní poplatky z vybraných činností a služeb
1340 Poplatek za provoz systému shromažďování, sběru, přepravy, třídění, využívání a odstraňování komunálních odpadů
1341 Poplatek ze psů
1342 Poplatek za pobyt
1343 Poplatek za užívání veřejného prostranství
1344 Poplatek ze vstupného
1345 Poplatek za obecní systém odpadového hospodářství a poplatek za odkládání komunálního odpadu z nemovité věci
135 Ostatní odvody z vybraných činností a služeb
1353 Příjmy za zkoušky z odborné způsobilosti od žadatelů o řidičské oprávnění
1356 Příjmy úhrad za dobývání nerostů a poplatků za geologické práce
1359 Ostatní odvody z vybraných činností a služeb jinde nezařazené
136 Správní poplatky
1361 Správní poplatky
138 Daň z hazardních her
1381 Daň z hazardních her s výjimkou dílčí daně z technických her
1382 Zrušený odvod z loterií a podobných her kromě výherních hracích přístrojů
1383 Dílčí daň z technických her
14 Daně z mezinárodního obchodu a transakcí
141 Cla
1411 Clo
15 Majetkové daně
151 Daně z majetku
1511 Daň z nemovitých věcí
16 Povinné pojistné
161 Povinné pojistné na sociální zabezpečení
1611 Pojistné na důchodové pojištění
2 Nedaňové příjmy
21 Příjmy z vlastní činnosti a odvody přebytků organizací s přímým vztahem
211 Příjmy z vlastní činnosti
2111 Příjmy z poskytování služeb a výrobků
2112 Příjmy z prodeje zboží (jinak nakoupeného za účelem prodeje)
2119 Ostatní příjmy z vlastní činnosti
212 Odvody přebytků organizací s přímým vztahem
2122 Odvody příspěvkových organizací
213 Příjmy z pronájmu majetku
2131 Příjmy z pronájmu pozemků
2132 Příjmy z pronájmu ostatních nemovitých věcí a jejich částí
2133 Příjmy z pronájmu movitých věcí
2139 Ostatní příjmy z pronájmu majetku
214 Výnosy z finančního majetku
2141 Příjmy z úroků (část)
2142 Příjmy z podílů na zisku a dividend
2143 Kurzové rozdíly v příjmech
2149 Ostatní příjmy z finančního majetku
22 Přijaté sankční platby a vratky transferů
221 Přijaté sankční platby
2211 Sankční platby přijaté od státu, obcí a krajů
2212 Sankční platby přijaté od jiných subjektů
222 Přijaté vratky transferů a ostatní příjmy z finančního vypořádání
2221 Přijaté vratky transferů od jiných veřejných rozpočtů
2222 Ostatní příjmy z finančního vypořádání předchozích let od jiných veřejných rozpočtů
2223 Příjmy z finančního vypořádání předchozích let od jiných veřejných rozpočtů
2229 Ostatní přijaté vratky transferů
23 Příjmy z prodeje neinvestičního majetku a ostatní nedaňové příjmy
231 Příjmy z prodeje neinvestičního majetku
2310 Příjmy z prodeje krátkodobého a drobného dlouhodobého majetku
232 Ostatní nedaňové příjmy
2321 Přijaté neinvestiční dary
2322 Přijaté pojistné náhrady
2324 Přijaté nekapitálové příspěvky a náhrady
2328 Neidentifikované příjmy
2329 Ostatní nedaňové příjmy jinde nezařazené
234 Příjmy z úhrad z dobývacího prostoru a z vydobytých nerostů
2343 Příjmy z úhrad z dobývacího prostoru a z vydobytých nerostů
24 Přijaté splátky půjčených prostředků
241 Splátky půjčených prostředků od podnikatelských subjektů
2411 Splátky půjčených prostředků od nefinančních podnikatelských subjektů – fyzických osob
242 Splátky půjčených prostředků od neziskových a podobných organizací
2420 Splátky půjčených prostředků od obecně prospěšných společností a podobných subjektů
246 Splátky půjčených prostředků od obyvatelstva
2460 Splátky půjčených prostředků od obyvatelstva
3 Kapitálové příjmy
31 Příjmy z prodeje dlouhodobého majetku a ostatní kapitálové příjmy
311 Příjmy z prodeje dlouhodobého majetku (kromě drobného)
3111 Příjmy z prodeje pozemků
3112 Příjmy z prodeje ostatních nemovitých věcí a jejich částí
3113 Příjmy z prodeje ostatního hmotného dlouhodobého majetku
312 Ostatní kapitálové příjmy
3121 Přijaté dary na pořízení dlouhodobého majetku
3122 Přijaté příspěvky na pořízení dlouhodobého majetku
3129 Ostatní investiční příjmy jinde nezařazené
32 Příjmy z prodeje akcií a majetkových podílů
320 Příjmy z prodeje akcií a majetkových podílů
3201 Příjmy z prodeje akcií
3202 Příjmy z prodeje majetkových podílů
4 Přijaté transfery
41 Neinvestiční přijaté transfery
411 Neinvestiční přijaté transfery od veřejných rozpočtů ústřední úrovně
4111 Neinvestiční přijaté transfery z všeobecné pokladní správy státního rozpočtu
4112 Neinvestiční přijaté transfery ze státního rozpočtu v rámci souhrnného dotačního vztahu
4113 Neinvestiční přijaté transfery ze státních fondů
4116 Ostatní neinvestiční přijaté transfery ze státního rozpočtu
4118 Neinvestiční převody z Národního fondu
412 Neinvestiční přijaté transfery od rozpočtů územní úrovně
4121 Neinvestiční přijaté transfery od obcí
4122 Neinvestiční přijaté transfery od krajů
4129 Ostatní neinvestiční přijaté transfery od rozpočtů územní úrovně
413 Převody z vlastních fondů
4131 Převody z vlastních fondů hospodářské (podnikatelské) činnosti
4132 Převody z ostatních vlastních fondů
4134 Převody z rozpočtových účtů
4139 Ostatní převody z vlastních fondů
415 Neinvestiční přijaté transfery ze zahraničí
4151 Neinvestiční přijaté transfery od cizích států
4152 Neinvestiční přijaté transfery od mezinárodních institucí
4153 Neinvestiční transfery přijaté od Evropské unie
42 Investiční přijaté transfery
421 Investiční přijaté transfery od veřejných rozpočtů ústřední úrovně
4213 Investiční přijaté transfery ze státních fondů
4216 Ostatní investiční přijaté transfery ze státního rozpočtu
4218 Investiční převody z Národního fondu
422 Investiční přijaté transfery od rozpočtů územní úrovně
4221 Investiční přijaté transfery od obcí
4222 Investiční přijaté transfery od krajů
423 Investiční přijaté transfery ze zahraničí
4232 Investiční přijaté transfery od mezinárodních institucí
4233 Investiční transfery přijaté od Evropské unie
5 Běžné výdaje
50 Výdaje na platy, ostatní platby za provedenou práci a povinné pojistné
501 Platy
5011 Platy zaměstnanců v pracovním poměru vyjma zaměstnanců na služebních místech
5019 Ostatní platy
502 Ostatní platby za provedenou práci
5021 Ostatní osobní výdaje
5023 Odměny členů zastupitelstev obcí a krajů
5024 Odstupné
5026 Odchodné
5029 Ostatní platby za provedenou práci jinde nezařazené
503 Povinné pojistné placené zaměstnavatelem
5031 Povinné pojistné na sociální zabezpečení a příspěvek na státní politiku zaměstnanosti
5032 Povinné pojistné na veřejné zdravotní pojištění
5038 Povinné pojistné na úrazové pojištění
5039 Ostatní povinné pojistné placené zaměstnavatelem
504 Odměny za užití duševního vlastnictví
5041 Odměny za užití duševního vlastnictví
51 Neinvestiční nákupy a související výdaje
513 Nákup materiálu
5131 Potraviny
5132 Ochranné pomůcky
5133 Léky a zdravotnický materiál
5134 Prádlo, oděv a obuv
5136 Knihy, učební pomůcky a tisk
5137 Drobný hmotný dlouhodobý majetek
5138 Nákup zboží (za účelem dalšího prodeje)
5139 Nákup materiálu jinde nezařazený
514 Úroky a ostatní finanční výdaje
5141 Úroky vlastní
5142 Kurzové rozdíly ve výdajích
5149 Ostatní úroky a ostatní finanční výdaje
515 Nákup vody, paliv a energie
5151 Studená voda
5152 Teplo
5153 Plyn
5154 Elektrická energie
5155 Pevná paliva
5156 Pohonné hmoty a maziva
5157 Teplá voda
5159 Nákup ostatních paliv a energie
516 Nákup služeb
5161 Poštovní služby
5162 Služby elektronických komunikací
5163 Služby peněžních ústavů
5164 Nájemné
5166 Konzultační, poradenské a právní služby
5167 Služby školení a vzdělávání
5168 Zpracování dat a služby související s informačními a komunikačními technologiemi
5169 Nákup ostatních služeb
517 Ostatní nákupy
5171 Opravy a udržování
5172 Programové vybavení
5173 Cestovné (tuzemské i zahraniční)
5175 Pohoštění
5176 Účastnické poplatky na konference
5178 Nájemné za nájem s právem koupě
5179 Ostatní nákupy jinde nezařazené
518 Poskytnuté zálohy, jistiny, zádržné a úhrady sankcí jiným rozpočtům
5182 Poskytované zálohy vlastní pokladně
5189 Ostatní poskytované zálohy a jistiny
519 Výdaje související s neinvestičními nákupy, příspěvky, náhrady a věcné dary
5191 Zaplacené sankce
5192 Poskytnuté neinvestiční příspěvky a náhrady (část)
5193 Výdaje na dopravní územní obslužnost
5194 Věcné dary
5195 Odvody za neplnění povinnosti zaměstnávat zdravotně postižené
52 Neinvestiční transfery soukromoprávním subjektům
521 Neinvestiční transfery podnikatelským subjektům
5212 Neinvestiční transfery nefinančním podnikatelským subjektům – fyzickým osobám
5213 Neinvestiční transfery nefinančním podnikatelským subjektům – právnickým osobám
522 Neinvestiční transfery neziskovým a podobným organizacím
5221 Neinvestiční transfery obecně prospěšným společnostem
5222 Neinvestiční transfery spolkům
5223 Neinvestiční transfery církvím a náboženským společnostem
5229 Ostatní neinvestiční transfery neziskovým a podobným organizacím
53 Neinvestiční transfery veřejnoprávním subjektům a mezi peněžními fondy téhož subjektu
532 Neinvestiční transfery veřejným rozpočtům územní úrovně
5321 Neinvestiční transfery obcím
5323 Neinvestiční transfery krajům
5329 Ostatní neinvestiční transfery veřejným rozpočtům územní úrovně
533 Neinvestiční transfery příspěvkovým a podobným organizacím
5331 Neinvestiční příspěvky zřízeným příspěvkovým organizacím
5336 Neinvestiční transfery zřízeným příspěvkovým organizacím
5339 Neinvestiční transfery cizím příspěvkovým organizacím
534 Převody vlastním fondům a ve vztahu k útvarům bez plné právní subjektivity
5342 Převody fondu kulturních a sociálních potřeb a sociálnímu fondu obcí a krajů
5345 Převody vlastním rozpočtovým účtům
5349 Ostatní převody vlastním fondům
536 Ostatní neinvestiční transfery jiným veřejným rozpočtům
5361 Nákup kolků
5362 Platby daní a poplatků státnímu rozpočtu
5363 Úhrady sankcí jiným rozpočtům
5364 Vratky veřejným rozpočtům ústřední úrovně transferů poskytnutých v minulých rozpočtových obdobích
5365 Platby daní a poplatků krajům, obcím a státním fondům
5366 Výdaje z finančního vypořádání minulých let mezi krajem a obcemi
54 Neinvestiční transfery obyvatelstvu
541 Sociální dávky
5410 Sociální dávky
549 Ostatní neinvestiční transfery obyvatelstvu
5492 Dary obyvatelstvu
5493 Účelové neinvestiční transfery fyzickým osobám
5494 Neinvestiční transfery obyvatelstvu nemající charakter daru
5499 Ostatní neinvestiční transfery obyvatelstvu
55 Neinvestiční transfery do zahraničí
551 Neinvestiční transfery mezinárodním organizacím
5511 Neinvestiční transfery mezinárodním organizacím
56 Neinvestiční půjčené prostředky
564 Neinvestiční půjčené prostředky obyvatelstvu
5640 Neinvestiční půjčené prostředky obyvatelstvu
59 Ostatní neinvestiční výdaje
590 Ostatní neinvestiční výdaje
5901 Nespecifikované rezervy
5903 Rezerva na krizová opatření
5909 Ostatní neinvestiční výdaje jinde nezařazené
6 Kapitálové výdaje
61 Investiční nákupy a související výdaje
611 Pořízení dlouhodobého nehmotného majetku
6111 Programové vybavení
6119 Ostatní nákupy dlouhodobého nehmotného majetku
612 Pořízení dlouhodobého hmotného majetku
6121 Budovy, haly a stavby
6122 Stroje, přístroje a zařízení
6123 Dopravní prostředky
6125 Výpočetní technika
6127 Kulturní předměty
6129 Nákup dlouhodobého hmotného majetku jinde nezařazený
613 Pozemky
6130 Pozemky
62 Nákup akcií a majetkových podílů
620 Nákup akcií a majetkových podílů
6201 Nákup akcií
6202 Nákup majetkových podílů
63 Investiční transfery
632 Investiční transfery neziskovým a podobným organizacím
6322 Investiční transfery spolkům
634 Investiční transfery veřejným rozpočtům územní úrovně
6341 Investiční transfery obcím
6342 Investiční transfery krajům
6349 Ostatní investiční transfery veřejným rozpočtům územní úrovně
635 Investiční transfery příspěvkovým a podobným organizacím
6351 Investiční příspěvky zřízeným příspěvkovým organizacím
6356 Jiné investiční transfery zřízeným příspěvkovým organizacím
637 Investiční transfery obyvatelstvu
6371 Účelové investiční transfery nepodnikajícím fyzickým osobám
69 Ostatní kapitálové výdaje
690 Ostatní kapitálové výdaje
6901 Rezervy kapitálových výdajů
6909 Ostatní kapitálové výdaje jinde nezařazené
8 Financování
81 Financování z tuzemska
811 Krátkodobé financování z tuzemska
8113 Krátkodobé přijaté půjčené prostředky
8114 Uhrazené splátky krátkodobých přijatých půjčených prostředků
8115 Změna stavu krátkodobých prostředků na bankovních účtech
8117 Aktivní krátkodobé operace řízení likvidity – příjmy
8118 Aktivní krátkodobé operace řízení likvidity – výdaje
812 Dlouhodobé financování z tuzemska
8121 Dlouhodobé vydané dluhopisy
8122 Uhrazené splátky dlouhodobých vydaných dluhopisů
8123 Dlouhodobé přijaté půjčené prostředky
8124 Uhrazené splátky dlouhodobých přijatých půjčených prostředků
8127 Aktivní dlouhodobé operace řízení likvidity – příjmy
8128 Aktivní dlouhodobé operace řízení likvidity – výdaje
82 Financování ze zahraničí
821 Krátkodobé financování ze zahraničí
8213 Krátkodobé přijaté půjčené prostředky ze zahraničí
822 Dlouhodobé financování ze zahraničí
8223 Dlouhodobé přijaté půjčené prostředky ze zahraničí
89 Opravné položky k peněžním operacím
890 Opravné položky k peněžním operacím
8901 Operace z peněžních účtů organizace nemající charakter příjmů a výdajů vládního sektoru
8902 Nerealizované kurzové rozdíly pohybů na devizových účtech
8905 Nepřevedené částky vyrovnávající schodek
`;

export interface ClassificationEntry {
  kind: BudgetClassificationKind;
  code: string;
  name: string;
}

function parse(kind: BudgetClassificationKind, text: string): ClassificationEntry[] {
  const out: ClassificationEntry[] = [];
  for (const line of text.split("\n")) {
    const t = line.trim();
    if (!t) continue;
    const m = /^(\d{1,4}) (.+)$/.exec(t);
    if (!m) throw new Error(`budget classification: bad line ${JSON.stringify(t)}`);
    out.push({ kind, code: m[1], name: m[2] });
  }
  return out;
}

/** Both code lists, parents before children (as written above). */
export const BUDGET_CLASSIFICATION: readonly ClassificationEntry[] = [
  ...parse("paragraf", PARAGRAFY),
  ...parse("polozka", POLOZKY),
];

/** Upserts the code lists (idempotent: a corrected name replaces the stored one). */
export async function seedBudgetClassification(db: Kysely<Database>): Promise<void> {
  const rows = BUDGET_CLASSIFICATION.map((e) => ({ ...e }));
  for (let i = 0; i < rows.length; i += 1000) {
    await db.insertInto("budget_classification").values(rows.slice(i, i + 1000))
      .onConflict((oc) =>
        oc.columns(["kind", "code"]).doUpdateSet({ name: sql`excluded.name` }).where(
          sql<boolean>`budget_classification.name is distinct from excluded.name`,
        )
      )
      .execute();
  }
}
