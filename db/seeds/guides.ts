/**
 * The demo towns' guides to life situations and their dog-fee ordinances. Each town has its own
 * offices, contacts and rates; most guides exist in both towns, one in each only (so a guide of
 * one town is visibly a 404 in the other). Idempotent: a guide or ordinance already there is
 * left as the town edited it.
 */
import type { Kysely } from "kysely";
import type { Database } from "../schema.ts";
import type { DogFeeOrdinance } from "../../domain/dog_fee.ts";
import { saveDogFeeOrdinance } from "../repositories/dog_fee_ordinances.ts";

interface Town {
  key: "lipnice" | "dubova";
  name: string;
  /** 2nd case: "v Lipnici nad Hájem". */
  locative: string;
  office: string;
  clerks: {
    fees: Contact;
    registry: Contact;
    property: Contact;
    grants: Contact;
  };
  dogFee: DogFeeOrdinance;
  wasteFeeKc: number;
  occupationRateKc: number;
  hours: string;
}

interface Contact {
  department: string;
  name: string;
  email: string;
  phone: string;
}

export const DOG_FEE_ORDINANCES: Record<Town["key"], DogFeeOrdinance> = {
  lipnice: {
    title: "Obecně závazná vyhláška obce Lipnice nad Hájem č. 2/2026 o místním poplatku ze psů",
    validFrom: "2026-01-01",
    rates: { first: 60_000, further: 90_000, reducedFirst: 20_000, reducedFurther: 30_000 },
    townExemptions: ["assistanceDog", "rescueDog"],
    proofRequired: [
      "disabilityPension",
      "blind",
      "dependent",
      "ztpp",
      "assistanceDog",
      "rescueDog",
    ],
    dueMonthDay: "03-31",
  },
  dubova: {
    title: "Obecně závazná vyhláška obce Dubová Lhota č. 1/2025 o místním poplatku ze psů",
    validFrom: "2025-01-01",
    rates: { first: 40_000, further: 60_000, reducedFirst: 10_000, reducedFurther: 15_000 },
    townExemptions: ["assistanceDog", "shelterDog"],
    proofRequired: ["disabilityPension", "blind", "dependent", "ztpp", "shelterDog"],
    dueMonthDay: "05-31",
  },
};

const TOWNS: Town[] = [
  {
    key: "lipnice",
    name: "Lipnice nad Hájem",
    locative: "v Lipnici nad Hájem",
    office: "Obecní úřad Lipnice nad Hájem, Náměstí Míru 1",
    clerks: {
      fees: {
        department: "Obecní úřad – poplatky a pokladna",
        name: "Ing. Lenka Svobodová",
        email: "poplatky@lipnice-nad-hajem.example",
        phone: "+420 381 234 571",
      },
      registry: {
        department: "Obecní úřad – evidence obyvatel a ověřování",
        name: "Jana Dvořáková",
        email: "podatelna@lipnice-nad-hajem.example",
        phone: "+420 381 234 567",
      },
      property: {
        department: "Obecní úřad – majetek a životní prostředí",
        name: "Bc. Martin Král",
        email: "majetek@lipnice-nad-hajem.example",
        phone: "+420 381 234 575",
      },
      grants: {
        department: "Obecní úřad – starosta obce",
        name: "Petr Novotný",
        email: "starosta@lipnice-nad-hajem.example",
        phone: "+420 381 234 560",
      },
    },
    dogFee: DOG_FEE_ORDINANCES.lipnice,
    wasteFeeKc: 900,
    occupationRateKc: 10,
    hours: "pondělí a středa 8:00–17:00, úterý a čtvrtek 8:00–14:00",
  },
  {
    key: "dubova",
    name: "Dubová Lhota",
    locative: "v Dubové Lhotě",
    office: "Obecní úřad Dubová Lhota, Dubová Lhota 12",
    clerks: {
      fees: {
        department: "Obecní úřad – účetní obce",
        name: "Hana Marková",
        email: "ucetni@dubova-lhota.example",
        phone: "+420 317 765 433",
      },
      registry: {
        department: "Obecní úřad – matrika a ověřování",
        name: "Karel Veselý",
        email: "obec@dubova-lhota.example",
        phone: "+420 317 765 432",
      },
      property: {
        department: "Obecní úřad – místostarosta",
        name: "Ing. Pavel Černý",
        email: "mistostarosta@dubova-lhota.example",
        phone: "+420 317 765 435",
      },
      grants: {
        department: "Obecní úřad – starostka obce",
        name: "Mgr. Alena Horká",
        email: "starostka@dubova-lhota.example",
        phone: "+420 317 765 430",
      },
    },
    dogFee: DOG_FEE_ORDINANCES.dubova,
    wasteFeeKc: 780,
    occupationRateKc: 5,
    hours: "pondělí a středa 7:30–12:00 a 13:00–17:00",
  },
];

const kc = (halere: number) => `${(halere / 100).toLocaleString("cs-CZ")} Kč`;

interface SeedGuide {
  slug: string;
  topic: string;
  title: string;
  summary: string;
  who_for: string;
  requirements: string[];
  fees: string | null;
  deadlines: string | null;
  legal_basis: string | null;
  contact: Contact;
  form_slug: string | null;
  position: number;
  only?: Town["key"];
}

const TOPIC = {
  fees: "Poplatky",
  residence: "Bydlení a trvalý pobyt",
  office: "Úřad a ověřování",
  public: "Veřejné prostranství a životní prostředí",
  grants: "Dotace a spolky",
  reports: "Hlášení a podněty",
} as const;

function guidesOf(town: Town): SeedGuide[] {
  const { fees, registry, property, grants } = town.clerks;
  const dog = town.dogFee;
  const guides: SeedGuide[] = [
    {
      slug: "poplatek-ze-psa",
      topic: TOPIC.fees,
      title: "Přihlášení psa k místnímu poplatku",
      summary:
        `Kdo ${town.locative} chová psa staršího tří měsíců, přihlásí ho k poplatku ze psů a poplatek zaplatí. Odhlášení (úhyn, darování, přestěhování) ohlašuje stejně.`,
      who_for:
        `Držitel psa – fyzická nebo právnická osoba s trvalým pobytem nebo sídlem ${town.locative}, jejíž pes je starší tří měsíců.`,
      requirements: [
        "údaje o držiteli (jméno, adresa, rodné číslo nebo datum narození)",
        "údaje o každém psovi: jméno, plemeno, datum narození, číslo čipu a den, od kdy psa držíte",
        "doklad o nároku na snížení sazby nebo osvobození (např. rozhodnutí o invalidním důchodu, průkaz ZTP/P), pokud jej uplatňujete",
      ],
      fees: `Za kalendářní rok: první pes ${kc(dog.rates.first)}, druhý a každý další pes ${
        kc(dog.rates.further)
      }. Držitel starší 65 let nebo pobírající invalidní důchod: první pes ${
        kc(dog.rates.reducedFirst)
      }, další pes ${
        kc(dog.rates.reducedFurther)
      }. Vznikne-li nebo zanikne-li povinnost během roku, platíte za každý i započatý kalendářní měsíc.`,
      deadlines:
        `Přihlásit psa je třeba do 15 dnů od chvíle, kdy je mu 3 měsíce nebo kdy ho začnete držet. Poplatek je splatný do ${
          Number(dog.dueMonthDay.slice(3))
        }. ${Number(dog.dueMonthDay.slice(0, 2))}. daného roku.`,
      legal_basis: `zákon č. 565/1990 Sb., o místních poplatcích, § 2; ${dog.title}`,
      contact: fees,
      form_slug: "poplatek-ze-psa",
      position: 1,
    },
    {
      slug: "poplatek-za-odpad",
      topic: TOPIC.fees,
      title: "Poplatek za obecní systém odpadového hospodářství",
      summary:
        "Poplatek za svoz a likvidaci komunálního odpadu platí každý, kdo je v obci přihlášen, a vlastník stavby, ve které nikdo přihlášen není.",
      who_for:
        `Fyzické osoby přihlášené ${town.locative} a vlastníci bytů, rodinných domů a rekreačních staveb, ve kterých není nikdo přihlášen.`,
      requirements: [
        "jméno a adresa poplatníka, případně adresa nemovitosti",
        "při uplatnění osvobození doklad o důvodu (např. pobyt v zahraničí, umístění v zařízení sociálních služeb)",
      ],
      fees:
        `${town.wasteFeeKc} Kč za osobu a kalendářní rok. Děti do 3 let a osoby umístěné v zařízení sociálních služeb jsou osvobozeny.`,
      deadlines:
        "Splatný jednorázově do 30. června, nebo ve dvou splátkách do 30. června a do 30. listopadu. Změnu je třeba ohlásit do 15 dnů.",
      legal_basis: "zákon č. 565/1990 Sb., o místních poplatcích, § 10e–10o",
      contact: fees,
      form_slug: null,
      position: 2,
    },
    {
      slug: "trvaly-pobyt",
      topic: TOPIC.residence,
      title: "Přihlášení k trvalému pobytu",
      summary:
        "Změnu adresy trvalého pobytu ohlásíte osobně na obecním úřadě. Nový údaj se zapíše do registru obyvatel a nový občanský průkaz není třeba.",
      who_for: `Občan České republiky, který se stěhuje do obce ${town.name}.`,
      requirements: [
        "platný občanský průkaz (u dětí rodný list a doklad rodiče)",
        "doklad o oprávnění užívat byt nebo dům (nájemní smlouva, výpis z katastru nemovitostí); vlastnictví zapsané v katastru úřad ověří sám",
        "není-li vlastník přítomen: jeho písemný souhlas s úředně ověřeným podpisem",
      ],
      fees: "Správní poplatek 50 Kč za osobu staršího 15 let; děti do 15 let neplatí.",
      deadlines:
        "Vyřídíte na počkání. Změna se ohlašuje na úřadě v obci nové adresy, kdykoli po přestěhování.",
      legal_basis:
        "zákon č. 133/2000 Sb., o evidenci obyvatel a rodných číslech, § 10; zákon č. 634/2004 Sb., o správních poplatcích, položka 7",
      contact: registry,
      form_slug: null,
      position: 1,
    },
    {
      slug: "rezervace-terminu",
      topic: TOPIC.office,
      title: "Rezervace termínu na úřadě",
      summary:
        "Na ověření, přihlášení k pobytu nebo platbu poplatků se můžete objednat na konkrétní čas a nečekat ve frontě.",
      who_for: "Každý, kdo potřebuje vyřídit záležitost osobně na obecním úřadě.",
      requirements: [
        "jméno a telefon nebo e-mail pro potvrzení termínu",
        "k samotné návštěvě doklady podle vyřizované záležitosti",
      ],
      fees: "Rezervace je zdarma.",
      deadlines: `Termín si můžete rezervovat nejpozději den předem. Úřední hodiny: ${town.hours}.`,
      legal_basis: null,
      contact: registry,
      form_slug: null,
      position: 2,
    },
    {
      slug: "overeni-podpisu-a-listiny",
      topic: TOPIC.office,
      title: "Ověření podpisu a listiny (legalizace a vidimace)",
      summary:
        "Úřad ověří, že jste dokument podepsali před úředníkem (legalizace), nebo že kopie souhlasí s originálem (vidimace).",
      who_for: "Každý, kdo potřebuje úředně ověřený podpis nebo ověřenou kopii listiny.",
      requirements: [
        "platný občanský průkaz nebo cestovní pas",
        "k legalizaci dokument, který podepíšete až před úředníkem (nebo podpis uznáte za vlastní)",
        "k vidimaci originál listiny a její kopie; ověřit nelze např. občanský průkaz ani cestovní pas",
      ],
      fees: "Legalizace 50 Kč za každý podpis. Vidimace 30 Kč za každou i započatou stránku kopie.",
      deadlines: `Na počkání v úředních hodinách (${town.hours}).`,
      legal_basis:
        "zákon č. 21/2006 Sb., o ověřování shody opisu nebo kopie s listinou a o ověřování pravosti podpisu; zákon č. 634/2004 Sb., o správních poplatcích, položka 3",
      contact: registry,
      form_slug: null,
      position: 3,
    },
    {
      slug: "zabor-verejneho-prostranstvi",
      topic: TOPIC.public,
      title: "Zábor veřejného prostranství",
      summary:
        "Lešení, kontejner, stavební materiál, předzahrádka nebo prodejní stánek na chodníku či návsi: užívání veřejného prostranství je třeba předem ohlásit a zaplatit.",
      who_for: "Fyzické i právnické osoby, které chtějí dočasně užívat veřejné prostranství obce.",
      requirements: [
        "účel záboru, místo a výměra v m² (náčrt nebo snímek mapy)",
        "doba užívání (od – do)",
        "u zvláštního užívání silnice nebo chodníku také povolení silničního správního úřadu",
      ],
      fees:
        `Místní poplatek ${town.occupationRateKc} Kč za každý i započatý m² a den; reklamní zařízení a stánky podle vyhlášky obce.`,
      deadlines:
        "Ohlaste nejpozději 5 pracovních dnů před zahájením užívání. Poplatek je splatný v den zahájení užívání.",
      legal_basis:
        "zákon č. 565/1990 Sb., o místních poplatcích, § 4; obecně závazná vyhláška obce",
      contact: property,
      form_slug: null,
      position: 1,
    },
    {
      slug: "zadost-o-dotaci",
      topic: TOPIC.grants,
      title: "Žádost o dotaci z rozpočtu obce",
      summary:
        "Spolky, sportovní kluby a pořadatelé kulturních akcí mohou žádat o příspěvek z obecního rozpočtu na činnost nebo na jednotlivou akci.",
      who_for:
        `Spolky, sdružení a fyzické osoby, které pořádají veřejně prospěšnou činnost ${town.locative}.`,
      requirements: [
        "vyplněná žádost s popisem akce nebo činnosti, rozpočtem a požadovanou částkou",
        "doklad o právní osobnosti žadatele (výpis ze spolkového rejstříku) a číslo bankovního účtu",
        "po skončení vyúčtování s kopiemi dokladů",
      ],
      fees: "Žádost je zdarma.",
      deadlines:
        "Žádosti na celý rok se podávají od 1. do 31. ledna; o dotaci rozhoduje zastupitelstvo. Vyúčtování do 15. ledna následujícího roku.",
      legal_basis:
        "zákon č. 250/2000 Sb., o rozpočtových pravidlech územních rozpočtů, § 10a–10d; zásady obce pro poskytování dotací",
      contact: grants,
      form_slug: null,
      position: 1,
    },
    {
      slug: "hlaseni-zavady",
      topic: TOPIC.reports,
      title: "Nahlášení závady ve veřejném prostoru",
      summary:
        "Nesvítí lampa, je rozbitý chodník, přetéká koš nebo leží černá skládka? Nahlaste to obci i s fotografií a místem; o vyřízení vás budeme informovat.",
      who_for: "Kdokoli – obyvatel i návštěvník obce, i bez přihlášení.",
      requirements: [
        "popis závady a kategorie (osvětlení, komunikace, zeleň, odpady, jiné)",
        "místo: adresa nebo bod na mapě",
        "nejvýše tři fotografie (poloha z fotografie se neukládá, pokud ji sami nesdílíte)",
        "e-mail pro potvrzení hlášení a zprávu o vyřízení",
      ],
      fees: "Zdarma.",
      deadlines:
        "Hlášení převezme úředník nejpozději následující pracovní den. Do 30 dnů od vyřízení je můžete znovu otevřít.",
      legal_basis: null,
      contact: property,
      form_slug: "hlaseni-zavady",
      position: 1,
    },
    {
      slug: "kaceni-drevin",
      topic: TOPIC.public,
      title: "Povolení ke kácení dřevin rostoucích mimo les",
      summary:
        "Ke kácení stromu s obvodem kmene nad 80 cm (ve výšce 130 cm) mimo zahradu u domu je třeba povolení obecního úřadu.",
      who_for: "Vlastník pozemku, na kterém dřevina roste, nebo nájemce se souhlasem vlastníka.",
      requirements: [
        "žádost s označením pozemku (parcelní číslo, katastrální území)",
        "druh dřeviny, obvod kmene ve výšce 130 cm a zdůvodnění kácení",
        "situační zákres umístění dřeviny",
        "souhlas vlastníka pozemku, není-li žadatelem",
      ],
      fees: "Bez poplatku.",
      deadlines:
        "Úřad rozhodne do 30 dnů, ve složitých případech do 60 dnů. Kácí se zpravidla v období vegetačního klidu (1. října – 31. března).",
      legal_basis:
        "zákon č. 114/1992 Sb., o ochraně přírody a krajiny, § 8; vyhláška č. 189/2013 Sb.",
      contact: property,
      form_slug: null,
      position: 2,
      only: "lipnice",
    },
    {
      slug: "pronajem-kulturniho-domu",
      topic: TOPIC.grants,
      title: "Pronájem sálu kulturního domu",
      summary:
        "Sál kulturního domu pro 120 osob s kuchyňkou lze pronajmout na oslavy, plesy, schůze a kurzy.",
      who_for: "Občané obce, spolky i firmy.",
      requirements: [
        "termín a účel akce, předpokládaný počet osob",
        "jméno a kontakt odpovědné osoby",
        "podepsaná smlouva o pronájmu a vratná kauce",
      ],
      fees: "Občané a spolky obce 1 500 Kč za den, ostatní 3 000 Kč za den; vratná kauce 2 000 Kč.",
      deadlines: "Rezervujte nejméně 14 dní předem; smlouvu podepíšete nejpozději 7 dní před akcí.",
      legal_basis: null,
      contact: property,
      form_slug: null,
      position: 2,
      only: "dubova",
    },
  ];
  return guides.filter((g) => !g.only || g.only === town.key);
}

/** Seeds the guides and the dog-fee ordinance of each demo town. */
export async function seedGuides(
  db: Kysely<Database>,
  tenants: Record<Town["key"], string>,
): Promise<void> {
  for (const town of TOWNS) {
    const tenantId = tenants[town.key];
    for (const g of guidesOf(town)) {
      const { contact, only: _only, ...guide } = g;
      await db.insertInto("guides").values({
        ...guide,
        tenant_id: tenantId,
        requirements: JSON.stringify(g.requirements),
        department: contact.department,
        contact_name: contact.name,
        contact_email: contact.email,
        contact_phone: contact.phone,
        updated_at: new Date(),
      }).onConflict((oc) => oc.columns(["tenant_id", "slug"]).doNothing()).execute();
    }
    await saveDogFeeOrdinance(db, tenantId, town.dogFee);
  }
}
