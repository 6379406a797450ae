import "server-only";
import { randomBytes } from "node:crypto";
import { cache } from "react";
import { env } from "@/env";
import { prisma } from "../db";

// Each sign-in is a row that its session cookie names: signing out deletes the row, so a copy of the cookie stops
// working too. The row lasts STAFF_SESSION_HOURS from sign-in, however often the cookie is renewed.

/** Records a new session for the account and returns its id; sessions past their end are pruned on the way. */
export async function startStaffSession(staffId: string): Promise<string> {
  const id = randomBytes(32).toString("base64url");
  const now = new Date();
  await prisma.staffSession.deleteMany({ where: { expiresAt: { lte: now } } });
  await prisma.staffSession.create({ data: { id, staffId, createdAt: now, expiresAt: new Date(now.getTime() + env.STAFF_SESSION_HOURS * 3_600_000) } });
  return id;
}

export async function endStaffSession(id: string): Promise<void> {
  await prisma.staffSession.deleteMany({ where: { id } });
}

/**
 * The account behind a session, re-read on every request (one query, cached for the request), or null once the
 * session was ended or has expired.
 */
export const sessionAccount = cache(async (staffId: string, sessionId: string) =>
  prisma.staffUser.findFirst({
    where: { id: staffId, sessions: { some: { id: sessionId, expiresAt: { gt: new Date() } } } },
    select: { role: true, name: true, email: true, sessionVersion: true, disabledAt: true },
  }),
);
