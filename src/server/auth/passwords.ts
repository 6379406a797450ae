import "server-only";
import { hash, verify } from "@node-rs/argon2";

// argon2id with OWASP's minimum parameters (19 MiB, 2 passes, 1 lane): @node-rs/argon2's defaults.
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// Verified against when the email is unknown, so that a wrong email costs the same time as a wrong password.
const unknownUserHash = "$argon2id$v=19$m=19456,t=2,p=1$Ulw1BS+SWcUN/JKj11TS2Q$r8Il5Isknqd2VpZHiQcO8XSfvwxzb3p/tExQ7LLvwzI";

export async function verifyPassword(passwordHash: string | undefined, password: string): Promise<boolean> {
  try {
    const matches = await verify(passwordHash ?? unknownUserHash, password);
    return passwordHash !== undefined && matches;
  } catch {
    return false;
  }
}
