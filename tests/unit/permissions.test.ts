import { describe, expect, it } from "vitest";
import { ALL_PERMISSIONS, PERMISSIONS, roleCan, roleCanAny, STAFF_ROLES } from "@/lib/permissions";

describe("the role table", () => {
  it("gives administrators every permission", () => {
    const reviewOnly = new Set(["applications.review"]);
    for (const permission of ALL_PERMISSIONS) expect(roleCan("ADMIN", permission) || reviewOnly.has(permission)).toBe(true);
  });

  it("lets viewers read and export, and change nothing", () => {
    const granted = ALL_PERMISSIONS.filter((p) => roleCan("VIEWER", p));
    expect(granted.sort()).toEqual(["applications.read", "content.read", "exports.download"]);
  });

  it("lets editors change public content but not applications, staff or the audit trail", () => {
    expect(roleCan("EDITOR", "content.write")).toBe(true);
    for (const p of ["applications.read", "applications.decide", "applications.assign", "staff.manage", "audit.read", "outbox.release"] as const) {
      expect(roleCan("EDITOR", p)).toBe(false);
    }
  });

  it("lets reviewers see only what they are assigned, nothing else", () => {
    expect(ALL_PERMISSIONS.filter((p) => roleCan("REVIEWER", p))).toEqual(["applications.review"]);
    expect(roleCanAny("REVIEWER", ["applications.read", "applications.review"])).toBe(true);
  });

  it("names only known roles", () => {
    for (const roles of Object.values(PERMISSIONS)) for (const role of roles) expect(STAFF_ROLES).toContain(role);
  });
});
