/**
 * Demo grant committees (issue 14): three clerks per town who sit on the evaluation committee of
 * the town's open call (a chair and two members), without the `grants` role — what a committee
 * member sees is exactly the calls they sit on (`/urad/dotace/hodnoceni`). They sign in like any
 * clerk: password, then the SMS code (MailDev). Idempotent: a clerk by username, a seat by
 * (call, clerk).
 */
import type { Kysely } from "kysely";
import type { Database } from "../schema.ts";
import { hashPassword } from "../../lib/password.ts";

export interface CommitteeClerk {
  username: string;
  password: string;
  displayName: string;
  phone: string;
  role: "chair" | "member";
}

/** Lipnice nad Hájem: the committee of "Podpora spolkové činnosti 2027". */
export const LIPNICE_COMMITTEE: readonly CommitteeClerk[] = [
  {
    username: "komise.predseda",
    password: "Lipnice-Komise-2026",
    displayName: "Alena Benešová",
    phone: "+420777000411",
    role: "chair",
  },
  {
    username: "komise.clen1",
    password: "Lipnice-Komise-2026",
    displayName: "Martin Kučera",
    phone: "+420777000412",
    role: "member",
  },
  {
    username: "komise.clen2",
    password: "Lipnice-Komise-2026",
    displayName: "Hana Marešová",
    phone: "+420777000413",
    role: "member",
  },
];

/** Dubová Lhota: the committee of "Drobné památky – jaro". */
export const DUBOVA_COMMITTEE: readonly CommitteeClerk[] = [
  {
    username: "komise.predseda",
    password: "Dubova-Komise-2026",
    displayName: "Josef Pospíšil",
    phone: "+420777000421",
    role: "chair",
  },
  {
    username: "komise.clen1",
    password: "Dubova-Komise-2026",
    displayName: "Lenka Horáková",
    phone: "+420777000422",
    role: "member",
  },
  {
    username: "komise.clen2",
    password: "Dubova-Komise-2026",
    displayName: "Pavel Němec",
    phone: "+420777000423",
    role: "member",
  },
];

async function seedCommittee(
  db: Kysely<Database>,
  tenantId: string,
  emailDomain: string,
  callKey: string,
  clerks: readonly CommitteeClerk[],
): Promise<void> {
  const call = await db.selectFrom("grant_calls").select("id")
    .where("tenant_id", "=", tenantId).where("idempotency_key", "=", callKey)
    .executeTakeFirst();
  for (const c of clerks) {
    let clerk = await db.selectFrom("clerks").select("id")
      .where("tenant_id", "=", tenantId).where("username", "=", c.username).executeTakeFirst();
    if (!clerk) {
      clerk = await db.insertInto("clerks").values({
        tenant_id: tenantId,
        username: c.username,
        display_name: c.displayName,
        email: `${c.username}@${emailDomain}`,
        phone: c.phone,
        password_hash: await hashPassword(c.password),
        roles: [],
      }).onConflict((oc) => oc.columns(["tenant_id", "username"]).doNothing())
        .returning("id").executeTakeFirst() ??
        await db.selectFrom("clerks").select("id")
          .where("tenant_id", "=", tenantId).where("username", "=", c.username)
          .executeTakeFirstOrThrow();
    }
    if (!call) continue;
    await db.insertInto("grant_committee_members").values({
      tenant_id: tenantId,
      call_id: call.id,
      clerk_id: clerk.id,
      role: c.role,
    }).onConflict((oc) => oc.columns(["call_id", "clerk_id"]).doNothing()).execute();
  }
}

export async function seedGrantCommittees(
  db: Kysely<Database>,
  towns: { lipnice: string; dubova: string },
): Promise<void> {
  await seedCommittee(
    db,
    towns.lipnice,
    "lipnice-nad-hajem.example",
    "seed-spolky-2027",
    LIPNICE_COMMITTEE,
  );
  await seedCommittee(db, towns.dubova, "dubova-lhota.example", "seed-pamatky-1", DUBOVA_COMMITTEE);
}
