import { randomBytes } from "node:crypto";
import type { Prisma } from "@/generated/prisma/client";
import { testPrisma } from "../support/database";

// Audit entries written straight to the table, for reading the trail back: each carries a random entity id
// (or one the test gives), so filters in one test never meet another test's entries.

export const uniqueId = (prefix: string) => `${prefix}-${randomBytes(5).toString("hex")}`;

export function createAuditEntry(overrides: Partial<Prisma.AuditEntryUncheckedCreateInput> = {}) {
  return testPrisma().auditEntry.create({
    data: {
      actorId: null,
      actorEmail: "factory@staff.test",
      action: "update",
      entity: "Mission",
      entityId: uniqueId("entity"),
      ...overrides,
    },
  });
}
