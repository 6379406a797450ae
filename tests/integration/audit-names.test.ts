import { describe, expect, it } from "vitest";
import { auditChanges } from "@/server/queries/admin/audit";
import { auditNames, readableChange, readableSummary } from "@/server/queries/admin/audit-names";
import { createInstitution } from "../factories";
import { testPrisma } from "../support/database";
import { createStaff } from "../support/staff";

// The audit trail shows who and what by name: the actor's name and the record's title, looked up per page.

describe("audit names", () => {
  it("names the actor and the record, links the record's page, and keeps the id of a record that is gone", async () => {
    const admin = await createStaff("ADMIN", { name: "Ada Example" });
    const other = await createStaff("EDITOR", { name: "Bo Example" });
    const institution = await createInstitution();
    const rows = [
      { actorId: admin.id, entity: "StaffUser", entityId: other.id },
      { actorId: admin.id, entity: "Institution", entityId: institution.id },
      { actorId: null, entity: "Mission", entityId: "no-such-mission" },
      // Names that are not kinds of record, whatever a stored entry holds.
      { actorId: "no-such-staff", entity: "constructor", entityId: "x" },
      { actorId: null, entity: "__proto__", entityId: "y" },
    ];
    const names = await auditNames(rows);
    expect(names.actors).toEqual({ [admin.id]: "Ada Example" });
    expect(names.records[`StaffUser:${other.id}`]).toEqual({ en: `Bo Example (${other.email})`, zh: null });
    expect(names.links[`StaffUser:${other.id}`]).toBe(`/admin/staff/${other.id}`);
    const row = await testPrisma().institution.findUniqueOrThrow({ where: { id: institution.id }, select: { nameEn: true } });
    expect(names.records[`Institution:${institution.id}`]?.en).toBe(row.nameEn);
    expect(names.links[`Institution:${institution.id}`]).toBe(`/admin/institutions/${institution.id}`);
    expect(names.records["Mission:no-such-mission"]).toBeUndefined();
    expect(Object.keys(names.records)).toHaveLength(2);
  });

  it("names the staff a change holds by id, and shows statuses by their labels in the changes and the summary", async () => {
    const admin = await createStaff("ADMIN", { name: "Ada Example" });
    const releaser = await createStaff("REVIEWER", { name: "Cy Example" });
    const release = auditChanges({ releasedAt: null, releasedById: null }, { releasedAt: "2026-12-07T12:30:00.000Z", releasedById: releaser.id });
    const status = auditChanges({ status: "SHORTLISTED" }, { status: "ACCEPTED" });
    const names = await auditNames([
      { actorId: admin.id, entity: "OutboxEmail", entityId: "gone", changes: release },
      { actorId: admin.id, entity: "Application", entityId: "gone", changes: status },
    ]);
    expect(names.staff).toEqual({ [releaser.id]: `Cy Example (${releaser.email})` });
    const label = (code: string) => ({ SHORTLISTED: "Shortlisted", ACCEPTED: "Accepted" })[code] ?? `?${code}`;
    expect(release.map((c) => readableChange(c, names, label))).toContainEqual({ field: "releasedById", before: "null", after: `Cy Example (${releaser.email})` });
    expect(status.map((c) => readableChange(c, names, label))).toEqual([{ field: "status", before: "Shortlisted", after: "Accepted" }]);
    expect(readableSummary("ABC-2026-0001: SHORTLISTED → ACCEPTED", label)).toBe("ABC-2026-0001: Shortlisted → Accepted");
    // Only statuses are relabelled: a role change keeps its words, and an id no account has stays as it is.
    expect(readableSummary("a@b.example: role EDITOR → ADMIN", label)).toBe("a@b.example: role EDITOR → ADMIN");
    expect(readableChange({ field: "releasedById", after: "no-such-staff" }, names, label).after).toBe("no-such-staff");
  });
});
