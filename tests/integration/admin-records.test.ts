import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { initialFormState, type FormState } from "@/lib/form-state";
import { verifyStaffCredentials } from "@/server/auth/credentials";
import { verifyPassword } from "@/server/auth/passwords";
import { SIGN_IN_THROTTLE } from "@/server/auth/throttle";
import type { StaffSession } from "@/server/authz";
import {
  createStaffAction,
  resetStaffPasswordAction,
  resetStaffTotpAction,
  setStaffDisabledAction,
  unlockStaffAction,
  updateStaffAction,
} from "@/server/actions/admin/staff";
import { auditChanges, listAuditEntries, parseAuditQuery } from "@/server/queries/admin/audit";
import { getStaffDetail, listStaff } from "@/server/staff/list";
import { parseListQuery } from "@/lib/admin-list";
import { staffListSpec } from "@/lib/validation/admin/staff";
import { setStaffDisabled, updateStaffDetails } from "@/server/staff/service";
import { GET as exportAudit } from "@/app/api/admin/exports/audit/route";
import { GET as exportStaff } from "@/app/api/admin/exports/staff/route";
import { createAuditEntry, uniqueId } from "../factories/records";
import { applyMigrations } from "../../prisma/migrate";
import { createScratchDatabase, testPrisma } from "../support/database";
import { actAs, createStaff, refusalOf, signOutTestStaff, TEST_PASSWORD } from "../support/staff";

// The audit trail and staff management, as an administrator uses them, against this file's own database.

const NEW_PASSWORD = "a brand new passphrase for testing";

let admin: StaffSession;

beforeEach(async () => {
  admin = await createStaff("ADMIN");
  actAs(admin);
});
afterAll(() => signOutTestStaff());

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  data.set("locale", "en");
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

type FormAction = (prev: FormState, data: FormData) => Promise<FormState>;
const submit = (action: FormAction, fields: Record<string, string>) => action(initialFormState, form(fields));

/** Where a redirecting action sent the browser. */
async function redirectOf(call: Promise<unknown>): Promise<string> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  const digest = (error as { digest?: string } | undefined)?.digest ?? "";
  if (!digest.startsWith("NEXT_REDIRECT")) throw new Error(`expected a redirect, got ${String(error)}`);
  return digest.split(";")[2]!;
}

const account = (id: string) => testPrisma().staffUser.findUniqueOrThrow({ where: { id } });
const auditOf = (entityId: string) => testPrisma().auditEntry.findMany({ where: { entity: "StaffUser", entityId }, orderBy: { at: "asc" } });
const updatedAtOf = async (id: string) => (await account(id)).updatedAt.toISOString();
const csvRequest = (path: string) => new NextRequest(`http://localhost${path}`);

describe("the audit trail is append-only", () => {
  it("refuses UPDATE and DELETE of an entry through the app's own client, raw SQL included", async () => {
    const entry = await createAuditEntry({ summary: "original" });
    await expect(testPrisma().$executeRawUnsafe(`UPDATE "AuditEntry" SET summary = 'changed' WHERE id = $1`, entry.id)).rejects.toThrow();
    await expect(testPrisma().$executeRawUnsafe(`DELETE FROM "AuditEntry" WHERE id = $1`, entry.id)).rejects.toThrow();
    await expect(testPrisma().auditEntry.updateMany({ where: { id: entry.id }, data: { summary: "changed" } })).rejects.toThrow();
    await expect(testPrisma().auditEntry.deleteMany({ where: { id: entry.id } })).rejects.toThrow();
    expect(await testPrisma().auditEntry.findUnique({ where: { id: entry.id } })).toMatchObject({ summary: "original" });
  });

  it("refuses them on a plain database connection, with the trigger's own reason", async () => {
    const scratch = await createScratchDatabase();
    try {
      await applyMigrations(scratch.runner);
      await scratch.runner.exec(`INSERT INTO "AuditEntry" (id, "actorEmail", action, entity, "entityId", summary) VALUES ('e1', 'a@b.test', 'create', 'Mission', 'm1', 'original')`);
      await expect(scratch.runner.exec(`UPDATE "AuditEntry" SET summary = 'changed' WHERE id = 'e1'`)).rejects.toThrow(/AuditEntry is append-only/);
      await expect(scratch.runner.exec(`DELETE FROM "AuditEntry" WHERE id = 'e1'`)).rejects.toThrow(/AuditEntry is append-only/);
      expect(await scratch.runner.query(`SELECT summary FROM "AuditEntry"`)).toEqual([{ summary: "original" }]);
      // Appending still works.
      await scratch.runner.exec(`INSERT INTO "AuditEntry" (id, "actorEmail", action, entity, "entityId") VALUES ('e2', 'a@b.test', 'update', 'Mission', 'm1')`);
      expect(await scratch.runner.query(`SELECT id FROM "AuditEntry" ORDER BY id`)).toEqual([{ id: "e1" }, { id: "e2" }]);
    } finally {
      await scratch.close();
    }
  });
});

describe("reading the audit trail", () => {
  it("shows only the fields that changed, nested ones by path, long values as indented JSON", () => {
    expect(auditChanges({ name: "Ada", role: "EDITOR", sessionVersion: 0 }, { name: "Ada", role: "VIEWER", sessionVersion: 1 })).toEqual([
      { field: "role", before: "EDITOR", after: "VIEWER" },
      { field: "sessionVersion", before: "0", after: "1" },
    ]);
    expect(auditChanges(null, { id: "x", role: "ADMIN" })).toEqual([
      { field: "id", before: undefined, after: "x" },
      { field: "role", before: undefined, after: "ADMIN" },
    ]);
    expect(auditChanges({ answers: { lead: { name: "A", country: "FR" } } }, { answers: { lead: { name: "B", country: "FR" } } })).toEqual([
      { field: "answers.lead.name", before: "A", after: "B" },
    ]);
    expect(auditChanges({ tags: ["a"] }, { tags: ["a", "b"] })).toEqual([{ field: "tags", before: '[\n  "a"\n]', after: '[\n  "a",\n  "b"\n]' }]);
    expect(auditChanges({ same: 1 }, { same: 1 })).toEqual([]);
    expect(auditChanges("DRAFT", "SUBMITTED")).toEqual([{ field: "value", before: "DRAFT", after: "SUBMITTED" }]);
  });

  it("lists newest first and filters by record type, action, actor, dates and search", async () => {
    const entityId = uniqueId("mission");
    const actor = `${uniqueId("auditor")}@staff.test`;
    const older = await createAuditEntry({ entityId, actorEmail: actor, action: "create", at: new Date("2026-03-01T10:00:00Z"), summary: "made it" });
    const newer = await createAuditEntry({ entityId, actorEmail: actor, action: "publish", at: new Date("2026-03-05T23:59:00Z") });
    const other = await createAuditEntry({ entityId, entity: "Institution", action: "publish", at: new Date("2026-03-03T12:00:00Z") });

    const ids = async (raw: Record<string, string>) => (await listAuditEntries(parseAuditQuery({ q: entityId, ...raw }))).rows.map((r) => r.id);
    expect(await ids({})).toEqual([newer.id, other.id, older.id]);
    expect(await ids({ dir: "asc" })).toEqual([older.id, other.id, newer.id]);
    expect(await ids({ entity: "Mission" })).toEqual([newer.id, older.id]);
    expect(await ids({ action: "publish" })).toEqual([newer.id, other.id]);
    expect(await ids({ actor: actor.toUpperCase() })).toEqual([newer.id, older.id]);
    // Whole days, both ends included: the 5th runs to 23:59:59.
    expect(await ids({ from: "2026-03-03", to: "2026-03-05" })).toEqual([newer.id, other.id]);
    expect(await ids({ to: "2026-03-02" })).toEqual([older.id]);
    const bySummary = await listAuditEntries(parseAuditQuery({ q: "made it", actor }));
    expect(bySummary.rows.map((r) => r.id)).toEqual([older.id]);
    // Nonsense in the query string is ignored rather than failing the page.
    expect(await ids({ entity: "Mission; DROP TABLE", from: "yesterday", action: "<b>" })).toEqual([newer.id, other.id, older.id]);
  });

  it("pages through long results, 25 at a time", async () => {
    const entityId = uniqueId("bulk");
    for (let i = 0; i < 27; i++) await createAuditEntry({ entityId, at: new Date(Date.UTC(2026, 0, 1, 0, i)) });
    const first = await listAuditEntries(parseAuditQuery({ q: entityId }));
    const second = await listAuditEntries(parseAuditQuery({ q: entityId, page: "2" }));
    expect(first.total).toBe(27);
    expect(first.rows).toHaveLength(25);
    expect(second.rows).toHaveLength(2);
    expect(second.rows.at(-1)!.at.toISOString()).toBe("2026-01-01T00:00:00.000Z");
  });

  it("exports exactly what the filters select, to administrators only", async () => {
    const entityId = uniqueId("export");
    await createAuditEntry({ entityId, summary: "=HYPERLINK(\"http://evil.example\")", after: { role: "VIEWER" } });
    await createAuditEntry({ entityId, entity: "Institution" });
    const response = await exportAudit(csvRequest(`/api/admin/exports/audit?q=${entityId}&entity=Mission`));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
    const lines = (await response.text()).replace(/^\uFEFF/, "").trim().split(/\r?\n/);
    expect(lines[0]).toBe("at,actor,action,entity,entityId,summary,before,after");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(entityId);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    expect(lines[1]).toContain(`"{""role"":""VIEWER""}"`);

    actAs(await createStaff("EDITOR")); // may download, may not read the trail
    expect((await exportAudit(csvRequest("/api/admin/exports/audit"))).status).toBe(403);
    actAs(await createStaff("REVIEWER"));
    expect((await exportAudit(csvRequest("/api/admin/exports/audit"))).status).toBe(403);
    actAs(null);
    expect((await exportAudit(csvRequest("/api/admin/exports/audit"))).status).toBe(401);
  });
});

describe("creating a staff account", () => {
  it("creates it with a hashed password, audited without any secret, and opens its page", async () => {
    const email = `${uniqueId("new")}@agency.test`;
    const target = await redirectOf(submit(createStaffAction, { email: ` ${email.toUpperCase()} `, name: "Grace Hopper", role: "EDITOR", password: NEW_PASSWORD }));
    const created = await testPrisma().staffUser.findUniqueOrThrow({ where: { email } });
    expect(target).toBe(`/en/admin/staff/${created.id}?created=1`);
    expect(created).toMatchObject({ name: "Grace Hopper", role: "EDITOR", disabledAt: null, totpEnabledAt: null });
    expect(await verifyPassword(created.passwordHash, NEW_PASSWORD)).toBe(true);
    const [entry] = await auditOf(created.id);
    expect(entry).toMatchObject({ action: "create", actorId: admin.id, actorEmail: admin.email, after: { email, role: "EDITOR" } });
    expect(JSON.stringify(entry)).not.toContain("$argon2");
    expect(JSON.stringify(entry)).not.toContain(NEW_PASSWORD);
  });

  it("reports every problem at once, never echoes the password, and refuses an email already in use", async () => {
    const invalid = await submit(createStaffAction, { email: "not an email", name: "", role: "WIZARD", password: "short" });
    expect(invalid.fieldErrors).toEqual({ email: "email", name: "required", role: "chooseOne", password: "passwordTooShort" });
    expect(invalid.values).toMatchObject({ email: "not an email" });
    expect(invalid.values).not.toHaveProperty("password");

    const taken = await submit(createStaffAction, { email: admin.email, name: "Someone Else", role: "VIEWER", password: NEW_PASSWORD });
    expect(taken.fieldErrors).toEqual({ email: "taken" });
    expect(await testPrisma().staffUser.count({ where: { email: admin.email } })).toBe(1);
  });

  it("is refused to anyone but an administrator, with nothing written", async () => {
    const email = `${uniqueId("sneaky")}@agency.test`;
    for (const role of ["EDITOR", "VIEWER", "REVIEWER"] as const) {
      actAs(await createStaff(role));
      const error = await submit(createStaffAction, { email, name: "Sneaky", role: "ADMIN", password: NEW_PASSWORD }).catch((e: unknown) => e);
      expect(refusalOf(error)).toBe("forbidden");
    }
    expect(await testPrisma().staffUser.findUnique({ where: { email } })).toBeNull();
  });
});

describe("changing an account", () => {
  it("changes the role, ends the account's sessions and records role EDITOR → VIEWER", async () => {
    const editor = await createStaff("EDITOR");
    const before = await account(editor.id);
    const result = await submit(updateStaffAction, { id: editor.id, name: editor.name, role: "VIEWER", updatedAt: before.updatedAt.toISOString() });
    expect(result).toMatchObject({ ok: true, message: "saved" });
    const after = await account(editor.id);
    expect(after.role).toBe("VIEWER");
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    const [entry] = await auditOf(editor.id);
    expect(entry).toMatchObject({ action: "update", before: { role: "EDITOR" }, after: { role: "VIEWER" } });
    expect(auditChanges(entry!.before, entry!.after)).toEqual([
      { field: "role", before: "EDITOR", after: "VIEWER" },
      { field: "sessionVersion", before: String(before.sessionVersion), after: String(before.sessionVersion + 1) },
    ]);
  });

  it("renames without ending sessions, and refuses an edit made on a stale page", async () => {
    const viewer = await createStaff("VIEWER");
    const opened = await updatedAtOf(viewer.id);
    expect(await submit(updateStaffAction, { id: viewer.id, name: "Renamed Viewer", role: "VIEWER", updatedAt: opened })).toMatchObject({ ok: true });
    expect(await account(viewer.id)).toMatchObject({ name: "Renamed Viewer", sessionVersion: 0 });

    const stale = await submit(updateStaffAction, { id: viewer.id, name: "Second Rename", role: "ADMIN", updatedAt: opened });
    expect(stale).toMatchObject({ ok: false, message: "staleEdit" });
    expect(await account(viewer.id)).toMatchObject({ name: "Renamed Viewer", role: "VIEWER" });
  });

  it("keeps administrators from demoting or disabling themselves", async () => {
    const demote = await submit(updateStaffAction, { id: admin.id, name: admin.name, role: "EDITOR", updatedAt: await updatedAtOf(admin.id) });
    expect(demote).toMatchObject({ ok: false, message: "staffSelfDemote" });
    expect(await submit(setStaffDisabledAction, { id: admin.id, disabled: "true" })).toMatchObject({ ok: false, message: "staffSelfDisable" });
    expect(await account(admin.id)).toMatchObject({ role: "ADMIN", disabledAt: null, sessionVersion: 0 });
    expect(await auditOf(admin.id)).toEqual([]);
  });

  it("never lets the last active administrator go, even when two administrators demote each other at once", async () => {
    const other = await createStaff("ADMIN");
    // This file's other administrators step aside for the test, and come back after it.
    const bystanders = await testPrisma().staffUser.findMany({ where: { role: "ADMIN", disabledAt: null, id: { notIn: [admin.id, other.id] } }, select: { id: true } });
    await testPrisma().staffUser.updateMany({ where: { id: { in: bystanders.map((b) => b.id) } }, data: { disabledAt: new Date() } });
    try {
      const details = async (id: string) => ({ id, name: "Admin", role: "EDITOR" as const, updatedAt: await updatedAtOf(id) });
      const [first, second] = await Promise.all([updateStaffDetails(admin, await details(other.id)), updateStaffDetails(other, await details(admin.id))]);
      expect([first, second].filter((r) => r.ok)).toHaveLength(1);
      expect([first, second].filter((r) => !r.ok)).toEqual([{ ok: false, reason: "staffLastAdmin" }]);
      const remaining = await testPrisma().staffUser.findMany({ where: { id: { in: [admin.id, other.id] }, role: "ADMIN", disabledAt: null } });
      expect(remaining).toHaveLength(1);

      // The one who lost the admin role, acting on a session from before, cannot disable the last one either.
      const [survivor] = remaining;
      const loser = survivor!.id === admin.id ? other : admin;
      expect(await setStaffDisabled(loser, survivor!.id, true)).toEqual({ ok: false, reason: "staffLastAdmin" });
      expect(await account(survivor!.id)).toMatchObject({ role: "ADMIN", disabledAt: null });
    } finally {
      await testPrisma().staffUser.updateMany({ where: { id: { in: bystanders.map((b) => b.id) } }, data: { disabledAt: null } });
    }
  });

  it("disables an account so that it can no longer sign in and its sessions end, then enables it again", async () => {
    const reviewer = await createStaff("REVIEWER");
    expect(await submit(setStaffDisabledAction, { id: reviewer.id, disabled: "true" })).toMatchObject({ ok: true, message: "disabled" });
    const disabled = await account(reviewer.id);
    expect(disabled.disabledAt).not.toBeNull();
    expect(disabled.sessionVersion).toBe(1);
    expect(await verifyStaffCredentials({ email: reviewer.email, password: TEST_PASSWORD }, "10.9.0.1")).toEqual({ ok: false, reason: "signInFailed" });

    expect(await submit(setStaffDisabledAction, { id: reviewer.id, disabled: "false" })).toMatchObject({ ok: true, message: "enabled" });
    expect((await account(reviewer.id)).disabledAt).toBeNull();
    expect(await verifyStaffCredentials({ email: reviewer.email, password: TEST_PASSWORD }, "10.9.0.2")).toMatchObject({ ok: true });
    expect((await auditOf(reviewer.id)).map((e) => e.summary)).toEqual([`${reviewer.email}: disabled`, `${reviewer.email}: enabled`]);
  });

  it("sets a new password, ending the account's sessions, without recording the hash", async () => {
    const editor = await createStaff("EDITOR");
    expect(await submit(resetStaffPasswordAction, { id: editor.id, password: "short" })).toMatchObject({ ok: false, fieldErrors: { password: "passwordTooShort" } });
    expect(await submit(resetStaffPasswordAction, { id: editor.id, password: NEW_PASSWORD })).toMatchObject({ ok: true, message: "passwordReset" });
    const after = await account(editor.id);
    expect(await verifyPassword(after.passwordHash, NEW_PASSWORD)).toBe(true);
    expect(await verifyPassword(after.passwordHash, TEST_PASSWORD)).toBe(false);
    expect(after.sessionVersion).toBe(1);
    const entries = await auditOf(editor.id);
    expect(entries.map((e) => e.summary)).toEqual([`${editor.email}: password reset`]);
    expect(JSON.stringify(entries)).not.toContain("$argon2");
  });

  it("clears an account's failed sign-ins, so that an address kept waiting may try again at once", async () => {
    // Frozen clock: the address is still waiting when the right password comes, however slow the machine.
    vi.useFakeTimers({ toFake: ["Date"], now: new Date() });
    try {
      const viewer = await createStaff("VIEWER");
      const signIn = (password: string) => verifyStaffCredentials({ email: viewer.email, password }, "10.9.1.1");
      for (let i = 0; i < SIGN_IN_THROTTLE.freeFailures; i++) await signIn(`wrong ${i}`);
      expect(await signIn(TEST_PASSWORD)).toEqual({ ok: false, reason: "signInDelayed", retryAfterSeconds: 1 });
      expect((await getStaffDetail(viewer.id))!.signInFailures).toEqual({ failures: 5, addresses: 1, waitUntil: new Date(Date.now() + 1000) });

      expect(await submit(unlockStaffAction, { id: viewer.id })).toMatchObject({ ok: true, message: "unlocked" });
      expect((await getStaffDetail(viewer.id))!.signInFailures).toEqual({ failures: 0, addresses: 0, waitUntil: null });
      expect(await signIn(TEST_PASSWORD)).toMatchObject({ ok: true });
      const [entry] = await auditOf(viewer.id);
      expect(entry).toMatchObject({ summary: `${viewer.email}: failed sign-ins cleared`, before: { failedSignIns: 5 }, after: { failedSignIns: 0 } });
    } finally {
      vi.useRealTimers();
    }
  });

  it("turns off someone's two-step verification and ends their sessions, without recording the secret", async () => {
    const editor = await createStaff("EDITOR");
    await testPrisma().staffUser.update({ where: { id: editor.id }, data: { totpSecret: "JBSWY3DPEHPK3PXP", totpEnabledAt: new Date() } });
    expect(await submit(resetStaffTotpAction, { id: editor.id })).toMatchObject({ ok: true, message: "totpReset" });
    expect(await account(editor.id)).toMatchObject({ totpSecret: null, totpEnabledAt: null, sessionVersion: 1 });
    expect(await verifyStaffCredentials({ email: editor.email, password: TEST_PASSWORD }, "10.9.2.1")).toMatchObject({ ok: true });
    const entries = await auditOf(editor.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: "totp", after: { totpEnabledAt: null, sessionVersion: 1 } });
    expect(JSON.stringify(entries)).not.toContain("JBSWY3DPEHPK3PXP");
  });

  it("answers an id that does not exist with a message, not a crash", async () => {
    expect(await submit(unlockStaffAction, { id: "no-such-account" })).toMatchObject({ ok: false, message: "staffNotFound" });
    expect(await submit(setStaffDisabledAction, { id: "no-such-account", disabled: "true" })).toMatchObject({ ok: false, message: "staffNotFound" });
    expect(await submit(setStaffDisabledAction, { id: "", disabled: "maybe" })).toMatchObject({ ok: false, message: "invalidRequest" });
  });
});

describe("the staff list", () => {
  const marker = uniqueId("crew");
  const emails = { active: `${marker}-a@agency.test`, disabled: `${marker}-b@agency.test`, guessed: `${marker}-c@agency.test` };

  beforeEach(async () => {
    if (await testPrisma().staffUser.findUnique({ where: { email: emails.active } })) return;
    await createStaff("EDITOR", { email: emails.active, name: `Alpha ${marker}` });
    const disabled = await createStaff("VIEWER", { email: emails.disabled, name: `Bravo ${marker}` });
    await createStaff("EDITOR", { email: emails.guessed, name: `Charlie ${marker}` });
    await testPrisma().staffUser.update({ where: { id: disabled.id }, data: { disabledAt: new Date() } });
    // Failed sign-ins slow down the addresses they came from; the account itself stays active.
    for (let i = 0; i < 6; i++) await verifyStaffCredentials({ email: emails.guessed, password: `guess ${i}` }, "10.9.3.1");
  });

  const list = (raw: Record<string, string>) => listStaff(parseListQuery({ q: marker, ...raw }, staffListSpec));

  it("searches, filters by role and by status, and sorts", async () => {
    expect((await list({})).rows.map((r) => [r.email, r.status])).toEqual([
      [emails.active, "active"],
      [emails.disabled, "disabled"],
      [emails.guessed, "active"],
    ]);
    expect((await list({ role: "EDITOR" })).rows.map((r) => r.email)).toEqual([emails.active, emails.guessed]);
    expect((await list({ status: "active" })).rows.map((r) => r.email)).toEqual([emails.active, emails.guessed]);
    expect((await list({ status: "disabled" })).rows.map((r) => r.email)).toEqual([emails.disabled]);
    expect((await list({ sort: "email", dir: "desc" })).rows.map((r) => r.email)).toEqual([emails.guessed, emails.disabled, emails.active]);
    expect((await list({ role: "ADMIN" })).total).toBe(0);
  });

  it("exports the selected accounts as CSV without any secret, to administrators only", async () => {
    const response = await exportStaff(csvRequest(`/api/admin/exports/staff?q=${marker}&status=disabled`));
    expect(response.status).toBe(200);
    const text = (await response.text()).replace(/^\uFEFF/, "");
    const lines = text.trim().split(/\r?\n/);
    expect(lines[0]).toBe("email,name,role,status,twoStepVerification,lastSignInAt,createdAt");
    expect(lines.slice(1)).toHaveLength(1);
    expect(lines[1]).toMatch(new RegExp(`^${emails.disabled},Bravo ${marker},VIEWER,disabled,off,,`));
    expect(text).not.toMatch(/argon2|passwordHash|totpSecret|sessionVersion/);

    actAs(await createStaff("EDITOR"));
    expect((await exportStaff(csvRequest("/api/admin/exports/staff"))).status).toBe(403);
    actAs(null);
    expect((await exportStaff(csvRequest("/api/admin/exports/staff"))).status).toBe(401);
  });
});

afterEach(() => actAs(admin));
