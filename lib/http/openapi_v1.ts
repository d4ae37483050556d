/**
 * The OpenAPI 3.1 description of the citizen's JSON API (obligations, payments, paying with an
 * idempotency key), served at `/api/v1/openapi.json` (routes/api/v1/openapi.json.ts).
 */
import { SESSION_COOKIE } from "../session.ts";
import { CSRF_HEADER } from "./csrf.ts";
import { type OpenDataName, openDataSchema } from "../../domain/spending_opendata.ts";

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const problemResponse = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ref("Problem") } },
});
const uuid = { type: "string", format: "uuid" };
const date = { type: "string", format: "date" };
const halere = { type: "integer", minimum: 0, description: "Haléře (1/100 Kč)." };
const symbol = { type: ["string", "null"], pattern: "^[0-9]{1,10}$" };

/**
 * The town's open data (issue 12, domain/spending_opendata.ts): public JSON outside `/api/v1`
 * (a path-level server), no session; each answer's JSON Schema is also at its own URL.
 */
function openDataPaths(origin: string) {
  const year = {
    name: "rok",
    in: "path",
    required: true,
    schema: { type: "integer", minimum: 1990, maximum: 2100 },
  };
  const get = (name: OpenDataName, summary: string, description: string, withYear: boolean) => ({
    servers: [{ url: origin }],
    get: {
      operationId: `openData_${name}`,
      summary,
      description: `${description} Schéma: ${origin}/opendata/schema/${name}.json. Částky jsou ` +
        "čísla v Kč se dvěma desetinnými místy. Fyzické osoby bez IČO se nejmenují.",
      tags: ["Otevřená data"],
      security: [],
      ...(withYear ? { parameters: [year] } : {}),
      responses: {
        "200": {
          description: "Data sady.",
          content: { "application/json": { schema: openDataSchema(name, origin) } },
        },
        ...(withYear
          ? {
            "400": { description: "Rok není platný (česká chybová stránka)." },
            "404": { description: "Za tento rok obec žádná data nemá." },
          }
          : {}),
      },
    },
  });
  return {
    "/opendata/faktury/{rok}.json": get(
      "faktury",
      "Faktury obce za rok",
      "Přijaté a vydané faktury z účetnictví s rozpočtovou skladbou a dodavatelem.",
      true,
    ),
    "/opendata/smlouvy.json": get("smlouvy", "Smlouvy obce", "Smlouvy z registru smluv.", false),
    "/opendata/objednavky.json": get("objednavky", "Objednávky obce", "Objednávky.", false),
    "/opendata/rozpocet/{rok}.json": get(
      "rozpocet",
      "Rozpočet obce za rok",
      "Rozpočtové řádky s paragrafem, položkou, ORJ, ORG a organizací: schválený, po změnách, " +
        "skutečnost.",
      true,
    ),
  };
}

/** The document: the same for every origin but the server URL. */
export function openApiDocument(origin: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Portál občana – API osobního účtu",
      version: "1.0.0",
      description:
        "Předpisy a platby přihlášené osoby a těch, za které platí (domácnost), a placení QR " +
        "platbou nebo kartou. Ověření: cookie relace jako na stránkách (`" + SESSION_COOKIE +
        "`); nepřihlášený požadavek dostane 401. POST navíc potřebuje CSRF token v hlavičce `" +
        CSRF_HEADER + "` (každá odpověď GET tohoto API ho vrací v hlavičce `X-CSRF-Token`) a " +
        "`Content-Type: application/json`. Částky jsou celé haléře. Chyby jsou " +
        "`application/problem+json` (RFC 9457) s českým `title` a `detail`.",
    },
    servers: [{ url: `${origin}/api/v1` }],
    security: [{ sessionCookie: [] }],
    paths: {
      ...openDataPaths(origin),
      "/me/obligations": {
        get: {
          operationId: "listObligations",
          summary: "Předpisy osoby a její domácnosti",
          description:
            "Všechny předpisy přihlášené osoby a osob, za které platí; u nezaplacených řetězec " +
            "QR Platby (SPAYD 1.0) na zbývající částku.",
          responses: {
            "200": {
              description: "Předpisy, nejdříve splatné první.",
              headers: { "X-CSRF-Token": { $ref: "#/components/headers/CsrfToken" } },
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    required: ["obligations"],
                    properties: { obligations: { type: "array", items: ref("Obligation") } },
                  },
                },
              },
            },
            "401": { $ref: "#/components/responses/Unauthorized" },
          },
        },
      },
      "/me/payments": {
        get: {
          operationId: "listPayments",
          summary: "Přijaté platby",
          description: "Platby přijaté od osoby a za osoby, za které platí, nejnovější první.",
          responses: {
            "200": {
              description: "Platby.",
              headers: { "X-CSRF-Token": { $ref: "#/components/headers/CsrfToken" } },
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    required: ["payments"],
                    properties: { payments: { type: "array", items: ref("Payment") } },
                  },
                },
              },
            },
            "401": { $ref: "#/components/responses/Unauthorized" },
          },
        },
        post: {
          operationId: "pay",
          summary: "Zaplatit vybrané předpisy",
          description:
            "`qr`: vytvoří platební příkaz s vlastním variabilním symbolem a jedním QR kódem na " +
            "součet; přijatá platba se rozdělí zpět na předpisy. `card`: zahájí platbu kartou na " +
            "platební bráně a vrátí adresu, kam osobu poslat (nebo null, dokud brána platbu " +
            "nezaložila). Stejný `Idempotency-Key` se stejným tělem vrátí stejný výsledek (200), " +
            "s jiným tělem 409.",
          security: [{ sessionCookie: [], csrfHeader: [] }],
          parameters: [{ $ref: "#/components/parameters/IdempotencyKey" }],
          requestBody: {
            required: true,
            content: { "application/json": { schema: ref("PaymentRequest") } },
          },
          responses: {
            "201": {
              description: "Vytvořeno.",
              headers: { Location: { schema: { type: "string" } } },
              content: { "application/json": { schema: ref("PaymentResult") } },
            },
            "200": {
              description: "Opakovaný požadavek se stejným klíčem a tělem: týž výsledek.",
              headers: { "Idempotent-Replayed": { schema: { type: "string", const: "true" } } },
              content: { "application/json": { schema: ref("PaymentResult") } },
            },
            "400": problemResponse(
              "Chybí nebo je neplatný Idempotency-Key, nebo tělo není platné.",
            ),
            "401": { $ref: "#/components/responses/Unauthorized" },
            "403": {
              description: "Chybí nebo nesouhlasí CSRF token, nebo cizí Origin (stránka chyby).",
            },
            "409": problemResponse("Klíč už byl použit s jiným tělem požadavku."),
            "415": problemResponse("Tělo není application/json."),
            "422": problemResponse(
              "Předpisy nelze zaplatit: nic nevybráno (`none`), neznámý předpis (`notFound`), vše " +
                "zaplaceno (`nothingToPay`), různé účty (`mixedAccounts`).",
            ),
            "503": problemResponse("Platba kartou teď není k dispozici."),
          },
        },
      },
    },
    components: {
      securitySchemes: {
        sessionCookie: {
          type: "apiKey",
          in: "cookie",
          name: SESSION_COOKIE,
          description: "Relace z přihlášení do portálu (/prihlaseni).",
        },
        csrfHeader: {
          type: "apiKey",
          in: "header",
          name: "X-CSRF-Token",
          description: "CSRF token z hlavičky X-CSRF-Token odpovědi GET tohoto API.",
        },
      },
      headers: {
        CsrfToken: {
          description: "CSRF token pro následující POST (spolu s cookie __Host-csrf).",
          schema: { type: "string" },
        },
      },
      parameters: {
        IdempotencyKey: {
          name: "Idempotency-Key",
          in: "header",
          required: true,
          description: "Klíč jednoho pokusu o platbu, např. UUID.",
          schema: { type: "string", pattern: "^[\\x21-\\x7e]{1,200}$" },
        },
      },
      responses: {
        Unauthorized: {
          description: "Nepřihlášený požadavek.",
          headers: { "WWW-Authenticate": { schema: { type: "string" } } },
          content: { "application/problem+json": { schema: ref("Problem") } },
        },
      },
      schemas: {
        Account: {
          type: "object",
          required: ["iban", "czech"],
          properties: {
            iban: { type: "string", examples: ["CZ0801000000192000145399"] },
            czech: { type: ["string", "null"], examples: ["19-2000145399/0100"] },
          },
        },
        Obligation: {
          type: "object",
          required: [
            "id",
            "personId",
            "personName",
            "kind",
            "name",
            "year",
            "currency",
            "amountHalere",
            "paidHalere",
            "outstandingHalere",
            "state",
            "dueDate",
            "overdue",
            "variableSymbol",
            "account",
            "spayd",
          ],
          properties: {
            id: uuid,
            personId: uuid,
            personName: { type: "string" },
            kind: {
              type: "string",
              enum: ["waste_fee", "dog_fee", "admin_fee", "fine", "rent", "water"],
            },
            name: { type: "string", examples: ["Poplatek ze psů 2026"] },
            title: { type: ["string", "null"] },
            year: { type: "integer" },
            currency: { type: "string", const: "CZK" },
            amountHalere: halere,
            paidHalere: { type: "integer" },
            outstandingHalere: halere,
            state: {
              type: "string",
              enum: ["unpaid", "partly_paid", "paid", "overpaid", "written_off"],
            },
            dueDate: date,
            overdue: { type: "boolean" },
            variableSymbol: { type: "string", pattern: "^[0-9]{1,10}$" },
            specificSymbol: symbol,
            constantSymbol: symbol,
            account: ref("Account"),
            billing: {
              type: ["object", "null"],
              description: "Vodné a stočné: období a stavy vodoměru (m³).",
              properties: {
                from: date,
                to: date,
                meterNumber: { type: ["string", "null"] },
                meterStart: { type: ["number", "null"] },
                meterEnd: { type: ["number", "null"] },
                consumption: { type: ["number", "null"] },
              },
            },
            spayd: {
              type: ["string", "null"],
              description: "QR Platba (SPAYD 1.0) na zbývající částku; null, když není co platit.",
              examples: ["SPD*1.0*ACC:CZ0801000000192000145399*AM:500.00*CC:CZK*X-VS:2026000042"],
            },
            url: { type: "string" },
          },
        },
        Payment: {
          type: "object",
          required: ["id", "kind", "currency", "amountHalere", "receivedOn", "allocations"],
          properties: {
            id: uuid,
            kind: { type: "string", enum: ["bank", "card", "cash"] },
            currency: { type: "string", const: "CZK" },
            amountHalere: halere,
            receivedOn: date,
            variableSymbol: symbol,
            paymentOrderId: { type: ["string", "null"], format: "uuid" },
            allocations: {
              type: "array",
              items: {
                type: "object",
                required: ["obligationId", "amountHalere", "kind"],
                properties: {
                  obligationId: uuid,
                  name: { type: "string" },
                  personName: { type: "string" },
                  amountHalere: { type: "integer" },
                  kind: { type: "string", enum: ["payment", "credit_out", "credit_in"] },
                },
              },
            },
            receiptUrl: { type: "string", description: "Potvrzení o platbě (PDF)." },
          },
        },
        PaymentRequest: {
          type: "object",
          required: ["obligations", "method"],
          properties: {
            obligations: { type: "array", items: uuid, minItems: 1, maxItems: 100 },
            method: { type: "string", enum: ["qr", "card"] },
          },
        },
        PaymentOrder: {
          type: "object",
          required: ["id", "variableSymbol", "amountHalere", "dueDate", "account", "items"],
          properties: {
            id: uuid,
            variableSymbol: { type: "string", pattern: "^[0-9]{1,10}$" },
            currency: { type: "string", const: "CZK" },
            amountHalere: halere,
            dueDate: date,
            account: ref("Account"),
            items: {
              type: "array",
              items: {
                type: "object",
                required: ["obligationId", "amountHalere"],
                properties: { obligationId: uuid, amountHalere: halere },
              },
            },
            createdAt: { type: "string", format: "date-time" },
            spayd: { type: ["string", "null"] },
            url: { type: "string" },
          },
        },
        PaymentResult: {
          oneOf: [
            {
              type: "object",
              required: ["method", "paymentOrder"],
              properties: {
                method: { const: "qr" },
                paymentOrder: ref("PaymentOrder"),
              },
            },
            {
              type: "object",
              required: ["method", "cardPayment"],
              properties: {
                method: { const: "card" },
                cardPayment: {
                  type: "object",
                  required: ["id", "redirectUrl"],
                  properties: {
                    id: uuid,
                    redirectUrl: { type: ["string", "null"], format: "uri" },
                  },
                },
              },
            },
          ],
        },
        Problem: {
          type: "object",
          required: ["type", "title", "status"],
          properties: {
            type: { type: "string", format: "uri" },
            title: { type: "string" },
            status: { type: "integer" },
            detail: { type: "string" },
            code: { type: "string" },
          },
        },
      },
    },
  };
}
