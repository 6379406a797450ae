import "server-only";
import { createHash, randomBytes } from "node:crypto";

/** A secret for an applicant's private link; only its hash is stored. */
export function newAccessToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Whether a string has the shape of a token, so malformed links are refused before any query. */
export const looksLikeToken = (value: string) => /^[A-Za-z0-9_-]{43}$/.test(value);
