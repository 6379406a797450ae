import { randomBytes } from "node:crypto";
import { generate, generateSecret } from "otplib";
import { afterEach, describe, expect, it, vi } from "vitest";
import { LOCKOUT_AFTER, SIGN_IN_LIMITS, verifyStaffCredentials } from "@/server/auth/credentials";
import { testPrisma } from "../support/database";
import { createStaff, TEST_PASSWORD } from "../support/staff";

// Staff sign-in checks (src/server/auth/credentials.ts) against this file's own database: each test has its
// own account and its own client address, so lockouts and rate limits never spill from one test into another.

const uniqueIp = () => `10.${[1, 2, 3].map(() => randomBytes(1)[0]!).join(".")}`;
const signIn = (email: string, password: string, code?: string, ip = uniqueIp()) => verifyStaffCredentials({ email, password, code }, ip);
const account = (id: string) => testPrisma().staffUser.findUniqueOrThrow({ where: { id } });

afterEach(() => {
  vi.useRealTimers();
});

describe("email and password", () => {
  it("accepts the right password, reports who signed in and clears earlier failures", async () => {
    const staff = await createStaff("EDITOR");
    expect(await signIn(staff.email, "not the password")).toEqual({ ok: false, reason: "signInFailed" });
    expect((await account(staff.id)).failedSignIns).toBe(1);

    const result = await signIn(staff.email, TEST_PASSWORD);
    expect(result).toEqual({ ok: true, staff: { id: staff.id, email: staff.email, name: staff.name, role: "EDITOR", sessionVersion: 0 } });
    const after = await account(staff.id);
    expect(after.failedSignIns).toBe(0);
    expect(after.lastSignInAt).not.toBeNull();
  });

  it("gives a wrong password and an unknown email the same answer", async () => {
    const staff = await createStaff("VIEWER");
    const wrongPassword = await signIn(staff.email, "wrong password entirely");
    const unknownEmail = await signIn(`nobody-${randomBytes(4).toString("hex")}@staff.test`, TEST_PASSWORD);
    expect(wrongPassword).toEqual({ ok: false, reason: "signInFailed" });
    expect(unknownEmail).toEqual(wrongPassword);
  });

  it("refuses a disabled account even with the right password", async () => {
    const staff = await createStaff("ADMIN");
    await testPrisma().staffUser.update({ where: { id: staff.id }, data: { disabledAt: new Date() } });
    expect(await signIn(staff.email, TEST_PASSWORD)).toEqual({ ok: false, reason: "signInFailed" });
    expect((await account(staff.id)).lastSignInAt).toBeNull();
  });
});

describe("lockout", () => {
  it(`locks the account after ${LOCKOUT_AFTER} wrong passwords in a row, refusing the right one too`, async () => {
    const staff = await createStaff("EDITOR");
    const reasons = [];
    for (let i = 0; i < LOCKOUT_AFTER; i++) reasons.push((await signIn(staff.email, `wrong-${i}`)) as { reason: string });
    expect(reasons.map((r) => r.reason)).toEqual([...Array(LOCKOUT_AFTER - 1).fill("signInFailed"), "signInLocked"]);
    const locked = await account(staff.id);
    expect(locked.failedSignIns).toBe(LOCKOUT_AFTER);
    expect(locked.lockedUntil!.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);

    expect(await signIn(staff.email, TEST_PASSWORD)).toEqual({ ok: false, reason: "signInLocked" });
  });

  it("lets the right password in once the lock has expired, and a wrong one then starts a new count", async () => {
    const staff = await createStaff("REVIEWER");
    for (let i = 0; i < LOCKOUT_AFTER; i++) await signIn(staff.email, `wrong-${i}`);
    expect(await signIn(staff.email, TEST_PASSWORD)).toEqual({ ok: false, reason: "signInLocked" });

    await testPrisma().staffUser.update({ where: { id: staff.id }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    expect(await signIn(staff.email, "still wrong")).toEqual({ ok: false, reason: "signInFailed" });
    expect(await account(staff.id)).toMatchObject({ failedSignIns: 1, lockedUntil: null });
    expect(await signIn(staff.email, TEST_PASSWORD)).toMatchObject({ ok: true });
    expect(await account(staff.id)).toMatchObject({ failedSignIns: 0, lockedUntil: null });
  });
});

describe("rate limits", () => {
  // Frozen clock: the attempts fall in one window whatever the time of day.
  const freezeClock = () => vi.useFakeTimers({ toFake: ["Date"], now: new Date() });

  it("refuses an email after its limit of attempts, from any address, even with the right password", async () => {
    freezeClock();
    const staff = await createStaff("VIEWER");
    for (let i = 0; i < SIGN_IN_LIMITS.perEmail.limit; i++) expect(await signIn(staff.email, TEST_PASSWORD)).toMatchObject({ ok: true });
    expect(await signIn(staff.email, TEST_PASSWORD)).toEqual({ ok: false, reason: "signInRateLimited" });
    // Another account is not affected.
    const other = await createStaff("VIEWER");
    expect(await signIn(other.email, TEST_PASSWORD)).toMatchObject({ ok: true });
  });

  it("refuses an address after its limit of attempts, whichever emails it tries", async () => {
    freezeClock();
    const ip = uniqueIp();
    for (let i = 0; i < SIGN_IN_LIMITS.perIp.limit; i++) {
      expect(await signIn(`guess-${i}-${randomBytes(3).toString("hex")}@staff.test`, "guess", undefined, ip)).toEqual({ ok: false, reason: "signInFailed" });
    }
    const staff = await createStaff("EDITOR");
    expect(await signIn(staff.email, TEST_PASSWORD, undefined, ip)).toEqual({ ok: false, reason: "signInRateLimited" });
    expect(await signIn(staff.email, TEST_PASSWORD)).toMatchObject({ ok: true });
  });
});

describe("two-step verification", () => {
  async function staffWithTotp() {
    const staff = await createStaff("ADMIN");
    const secret = generateSecret();
    await testPrisma().staffUser.update({ where: { id: staff.id }, data: { totpSecret: secret, totpEnabledAt: new Date() } });
    return { staff, secret };
  }

  it("asks for the code once the password is right", async () => {
    const { staff } = await staffWithTotp();
    expect(await signIn(staff.email, TEST_PASSWORD)).toEqual({ ok: false, reason: "totpRequired" });
    // A wrong password is still only "not right": the code is not mentioned before the password passes.
    expect(await signIn(staff.email, "wrong password")).toEqual({ ok: false, reason: "signInFailed" });
  });

  it("refuses a wrong code, counting it toward the lockout, and accepts the current one", async () => {
    const { staff, secret } = await staffWithTotp();
    const right = await generate({ secret });
    const wrong = String((Number(right) + 500_000) % 1_000_000).padStart(6, "0");
    expect(await signIn(staff.email, TEST_PASSWORD, wrong)).toEqual({ ok: false, reason: "totpInvalid" });
    expect((await account(staff.id)).failedSignIns).toBe(1);
    expect(await signIn(staff.email, TEST_PASSWORD, right)).toMatchObject({ ok: true, staff: { id: staff.id } });
    expect((await account(staff.id)).failedSignIns).toBe(0);
  });

  it("ignores a pending secret that was never confirmed", async () => {
    const staff = await createStaff("VIEWER");
    await testPrisma().staffUser.update({ where: { id: staff.id }, data: { totpSecret: generateSecret() } });
    expect(await signIn(staff.email, TEST_PASSWORD)).toMatchObject({ ok: true });
  });
});
