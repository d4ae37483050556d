/**
 * Password hashing, in one place: Argon2id with the library's default cost (OWASP's minimum:
 * 19 MiB, two passes, one lane). Every stored password goes through `hashPassword`; every
 * check through `verifyPassword`, which spends the same time when there is no account.
 */
import { hash, verify } from "@node-rs/argon2";

/** Argon2id (`Algorithm.Argon2id`; the enum is a const enum, so its value is written out). */
const OPTIONS = { algorithm: 2 } as const;

/** A sign-in's password is cut here before verifying (no hashing of megabytes). */
export const PASSWORD_INPUT_MAX = 1024;

/** New passwords are validated first (domain/identity.ts: at most `PASSWORD_MAX`). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

// Compared against when the account is unknown or has no password, so both take the same time.
const DUMMY_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$s5pvDWgJ9hjmvZXFfDQ1iw$V1YnPnc4ZeaCvtwH4FVaP91IItsrkBS5LorTBAVKGBQ";

/** Does `password` match `stored`? False, after the same work, when nothing is stored. */
export async function verifyPassword(
  stored: string | null | undefined,
  password: string,
): Promise<boolean> {
  const ok = await verify(stored ?? DUMMY_HASH, password.slice(0, PASSWORD_INPUT_MAX))
    .catch(() => false);
  return ok && Boolean(stored);
}
