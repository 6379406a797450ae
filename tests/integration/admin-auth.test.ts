import { randomBytes } from "node:crypto";
import * as argon2 from "@node-rs/argon2";
import { NextRequest } from "next/server";
import { generate, generateSecret } from "otplib";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { env } from "@/env";
import { verifyStaffCredentials } from "@/server/auth/credentials";
import { SIGN_IN_THROTTLE } from "@/server/auth/throttle";
import { testPrisma } from "../support/database";
import { createStaff, redirectTarget, TEST_PASSWORD } from "../support/staff";

// Staff sign-in (src/server/auth/credentials.ts, throttle.ts) and sessions (sessions.ts, config.ts) against this
// file's own database: each test has its own accounts and its own client addresses, so delays never spill over.

// Counts argon2 verifications, to show that an unknown email costs one just as a real account does.
vi.mock("@node-rs/argon2", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@node-rs/argon2")>();
  return { ...actual, verify: vi.fn(actual.verify) };
});

// What next-auth reads and writes through next/headers, as a browser's request would carry it.
const browser = vi.hoisted(() => ({ headers: new Headers(), jar: new Map<string, string>() }));
vi.mock("next/headers", () => ({
  headers: async () => browser.headers,
  cookies: async () => ({
    get: (name: string) => (browser.jar.has(name) ? { name, value: browser.jar.get(name) } : undefined),
    getAll: () => [...browser.jar].map(([name, value]) => ({ name, value })),
    has: (name: string) => browser.jar.has(name),
    set: (name: string, value: string, options?: { maxAge?: number; expires?: Date }) => {
      const expired = options?.maxAge === 0 || (options?.expires !== undefined && options.expires.getTime() <= Date.now());
      if (expired || value === "") browser.jar.delete(name);
      else browser.jar.set(name, value);
    },
    delete: (name: string) => browser.jar.delete(name),
  }),
}));

// A public origin unlike the address the server binds to, so that a redirect built from the request would show.
const SITE = "https://portal.example.org";
env.SITE_URL = SITE;
const { auth, handlers } = await import("@/server/auth/config");
const { signInAction, signOutAction } = await import("@/server/actions/admin/auth");
const { endAllSessions } = await import("@/server/staff/account");

const uniqueIp = () => `10.${[1, 2, 3].map(() => randomBytes(1)[0]!).join(".")}`;
const unknownEmail = () => `nobody-${randomBytes(4).toString("hex")}@staff.test`;
const signIn = (email: string, password: string, code?: string, ip = uniqueIp()) => verifyStaffCredentials({ email, password, code }, ip);
const account = (id: string) => testPrisma().staffUser.findUniqueOrThrow({ where: { id } });
const throttleOf = (email: string, address: string) => testPrisma().signInThrottle.findUnique({ where: { email_address: { email, address } } });
const argon2Verifications = () => vi.mocked(argon2.verify).mock.calls.length;

// Frozen clock: waits are exact and nothing expires while a slow machine works; tests move it on themselves.
const freezeClock = () => vi.useFakeTimers({ toFake: ["Date"], now: new Date() });
const advanceClock = (seconds: number) => vi.setSystemTime(Date.now() + seconds * 1000);

afterEach(() => {
  vi.useRealTimers();
});

describe("email and password", () => {
  it("accepts the right password, reports who signed in and clears that address's earlier failures", async () => {
    const staff = await createStaff("EDITOR");
    const ip = uniqueIp();
    expect(await signIn(staff.email, "not the password", undefined, ip)).toEqual({ ok: false, reason: "signInFailed" });
    expect(await throttleOf(staff.email, ip)).toMatchObject({ failures: 1 });

    const result = await signIn(staff.email, TEST_PASSWORD, undefined, ip);
    expect(result).toEqual({ ok: true, staff: { id: staff.id, email: staff.email, name: staff.name, role: "EDITOR", sessionVersion: 0 } });
    expect(await throttleOf(staff.email, ip)).toBeNull();
    expect((await account(staff.id)).lastSignInAt).not.toBeNull();
  });

  it("gives a wrong password and an unknown email the same answer, each after one argon2 verification", async () => {
    const staff = await createStaff("VIEWER");
    const before = argon2Verifications();
    const wrongPassword = await signIn(staff.email, "wrong password entirely");
    expect(argon2Verifications()).toBe(before + 1);
    const unknown = await signIn(unknownEmail(), TEST_PASSWORD);
    expect(argon2Verifications()).toBe(before + 2);
    expect(wrongPassword).toEqual({ ok: false, reason: "signInFailed" });
    expect(unknown).toEqual(wrongPassword);
  });

  it("refuses a disabled account even with the right password", async () => {
    const staff = await createStaff("ADMIN");
    await testPrisma().staffUser.update({ where: { id: staff.id }, data: { disabledAt: new Date() } });
    expect(await signIn(staff.email, TEST_PASSWORD)).toEqual({ ok: false, reason: "signInFailed" });
    expect((await account(staff.id)).lastSignInAt).toBeNull();
  });
});

describe("growing delays per email and address", () => {
  const { freeFailures, maxDelaySeconds } = SIGN_IN_THROTTLE;

  it(`lets an address fail ${freeFailures} times, then makes it wait 1 s, 2 s, 4 s … up to ${maxDelaySeconds / 60} minutes`, async () => {
    freezeClock();
    const staff = await createStaff("EDITOR");
    const ip = uniqueIp();
    for (let i = 0; i < freeFailures; i++) expect(await signIn(staff.email, `wrong ${i}`, undefined, ip)).toEqual({ ok: false, reason: "signInFailed" });

    const waits: number[] = [];
    while (waits.at(-1) !== maxDelaySeconds || waits.length < 12) {
      const refused = await signIn(staff.email, TEST_PASSWORD, undefined, ip);
      expect(refused).toMatchObject({ ok: false, reason: "signInDelayed" });
      const wait = (refused as { retryAfterSeconds: number }).retryAfterSeconds;
      waits.push(wait);
      // A second before the wait is over the address is still refused, unanswered and uncounted.
      advanceClock(wait - 1);
      expect(await signIn(staff.email, TEST_PASSWORD, undefined, ip)).toMatchObject({ reason: "signInDelayed", retryAfterSeconds: 1 });
      advanceClock(1);
      expect(await signIn(staff.email, `wrong again ${waits.length}`, undefined, ip)).toEqual({ ok: false, reason: "signInFailed" });
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900]);
    expect(await throttleOf(staff.email, ip)).toMatchObject({ failures: freeFailures + waits.length });

    // The wait over, the right password gets in and the address starts again from nothing.
    advanceClock(maxDelaySeconds);
    expect(await signIn(staff.email, TEST_PASSWORD, undefined, ip)).toMatchObject({ ok: true });
    expect(await signIn(staff.email, "one slip", undefined, ip)).toEqual({ ok: false, reason: "signInFailed" });
    expect(await throttleOf(staff.email, ip)).toMatchObject({ failures: 1 });
  });

  it("does not let a stranger's 50 wrong attempts from one address stop the owner signing in from another", async () => {
    freezeClock();
    const staff = await createStaff("ADMIN");
    const stranger = uniqueIp();
    const answers = new Set<string>();
    let wait = 0;
    for (let i = 0; i < 50; i++) {
      // The stranger waits exactly as long as told each time, so that every attempt the policy allows is made.
      advanceClock(wait);
      const answer = await signIn(staff.email, `guess ${i}`, undefined, stranger);
      expect(answer.ok).toBe(false);
      answers.add((answer as { reason: string }).reason);
      wait = (answer as { retryAfterSeconds?: number }).retryAfterSeconds ?? 0;
    }
    expect([...answers].sort()).toEqual(["signInDelayed", "signInFailed"]);

    const owner = uniqueIp();
    expect(await signIn(staff.email, TEST_PASSWORD, undefined, owner)).toMatchObject({ ok: true, staff: { id: staff.id } });
    // Signing in from the owner's address clears that address only: the stranger's still waits.
    expect(await signIn(staff.email, TEST_PASSWORD, undefined, stranger)).toMatchObject({ ok: false, reason: "signInDelayed" });
    expect(await signIn(staff.email, TEST_PASSWORD, undefined, owner)).toMatchObject({ ok: true });
  });

  it("answers a stranger's wrong attempts for an unknown email and for a real one identically, attempt by attempt", async () => {
    freezeClock();
    const staff = await createStaff("EDITOR");
    const attempts = async (email: string) => {
      const ip = uniqueIp();
      const answers = [];
      const before = argon2Verifications();
      for (let i = 0; i < freeFailures + 4; i++) {
        answers.push(await signIn(email, `guess ${i}`, undefined, ip));
        if (i === freeFailures + 1) advanceClock(1);
      }
      return { answers, verifications: argon2Verifications() - before };
    };
    const known = await attempts(staff.email);
    const unknown = await attempts(unknownEmail());
    expect(unknown).toEqual(known);
    expect(known.answers.map((a) => (a as { reason: string }).reason)).toEqual([
      ...Array(freeFailures).fill("signInFailed"),
      "signInDelayed",
      "signInDelayed",
      "signInFailed",
      "signInDelayed",
    ]);
    expect(known.verifications).toBe(freeFailures + 1);
  });

  it("counts guesses sent all at once: no more get checked than the free ones", async () => {
    freezeClock();
    const staff = await createStaff("VIEWER");
    const ip = uniqueIp();
    const answers = await Promise.all(Array.from({ length: freeFailures + 5 }, (_, i) => signIn(staff.email, `burst ${i}`, undefined, ip)));
    const reasons = answers.map((a) => (a as { reason: string }).reason);
    expect(reasons.filter((r) => r === "signInFailed")).toHaveLength(freeFailures);
    expect(reasons.filter((r) => r === "signInDelayed")).toHaveLength(5);
  });

  it("forgets an address's failures after a day without one", async () => {
    freezeClock();
    const staff = await createStaff("REVIEWER");
    const ip = uniqueIp();
    for (let i = 0; i < freeFailures; i++) await signIn(staff.email, `wrong ${i}`, undefined, ip);
    advanceClock(SIGN_IN_THROTTLE.forgetAfterHours * 3600 + 1);
    expect(await signIn(staff.email, "wrong once more", undefined, ip)).toEqual({ ok: false, reason: "signInFailed" });
    expect(await throttleOf(staff.email, ip)).toMatchObject({ failures: 1 });
  });
});

describe("per client address", () => {
  it("refuses an address after its limit of failures, whichever emails it tries, and never counts a successful sign-in", async () => {
    freezeClock();
    const { limit } = SIGN_IN_THROTTLE.perAddress;
    const ip = uniqueIp();
    const staff = await createStaff("EDITOR");
    for (let i = 0; i < limit + 2; i++) expect(await signIn(staff.email, TEST_PASSWORD, undefined, ip)).toMatchObject({ ok: true });
    for (let i = 0; i < limit; i++) expect(await signIn(unknownEmail(), "guess", undefined, ip)).toEqual({ ok: false, reason: "signInFailed" });

    expect(await signIn(staff.email, TEST_PASSWORD, undefined, ip)).toMatchObject({ ok: false, reason: "signInRateLimited" });
    expect(await signIn(staff.email, TEST_PASSWORD, undefined, uniqueIp())).toMatchObject({ ok: true });
  });

  it("treats an IPv6 client's whole /64 network as one address", async () => {
    freezeClock();
    const staff = await createStaff("VIEWER");
    for (let i = 0; i < SIGN_IN_THROTTLE.freeFailures; i++) await signIn(staff.email, `wrong ${i}`, undefined, `2001:db8:7:1::${i + 1}`);
    expect(await signIn(staff.email, TEST_PASSWORD, undefined, "2001:db8:7:1:ffff::9")).toMatchObject({ reason: "signInDelayed" });
    expect(await signIn(staff.email, TEST_PASSWORD, undefined, "2001:db8:7:2::1")).toMatchObject({ ok: true });
  });
});

describe("two-step verification", () => {
  async function staffWithTotp() {
    const staff = await createStaff("ADMIN");
    const secret = generateSecret();
    await testPrisma().staffUser.update({ where: { id: staff.id }, data: { totpSecret: secret, totpEnabledAt: new Date() } });
    return { staff, secret };
  }

  it("asks for the code once the password is right, without counting that as a failure", async () => {
    freezeClock();
    const { staff } = await staffWithTotp();
    const ip = uniqueIp();
    for (let i = 0; i < SIGN_IN_THROTTLE.freeFailures + 2; i++) {
      expect(await signIn(staff.email, TEST_PASSWORD, undefined, ip)).toEqual({ ok: false, reason: "totpRequired" });
    }
    // A wrong password is still only "not right": the code is not mentioned before the password passes.
    expect(await signIn(staff.email, "wrong password", undefined, ip)).toEqual({ ok: false, reason: "signInFailed" });
    expect(await throttleOf(staff.email, ip)).toMatchObject({ failures: 1 });
  });

  it("counts a wrong code like a wrong password, and accepts the current one", async () => {
    freezeClock();
    const { staff, secret } = await staffWithTotp();
    const ip = uniqueIp();
    const right = await generate({ secret });
    const wrong = String((Number(right) + 500_000) % 1_000_000).padStart(6, "0");
    for (let i = 0; i < SIGN_IN_THROTTLE.freeFailures; i++) expect(await signIn(staff.email, TEST_PASSWORD, wrong, ip)).toEqual({ ok: false, reason: "totpInvalid" });
    expect(await signIn(staff.email, TEST_PASSWORD, right, ip)).toEqual({ ok: false, reason: "signInDelayed", retryAfterSeconds: 1 });
    advanceClock(1);
    expect(await signIn(staff.email, TEST_PASSWORD, await generate({ secret }), ip)).toMatchObject({ ok: true, staff: { id: staff.id } });
    expect(await throttleOf(staff.email, ip)).toBeNull();
  });

  it("ignores a pending secret that was never confirmed", async () => {
    const staff = await createStaff("VIEWER");
    await testPrisma().staffUser.update({ where: { id: staff.id }, data: { totpSecret: generateSecret() } });
    expect(await signIn(staff.email, TEST_PASSWORD)).toMatchObject({ ok: true });
  });
});

describe("sessions", () => {
  const form = (fields: Record<string, string>) => {
    const data = new FormData();
    for (const [name, value] of Object.entries(fields)) data.set(name, value);
    return data;
  };
  const thrown = async (run: () => Promise<unknown>) => {
    try {
      return { returned: await run() };
    } catch (error) {
      return { redirect: redirectTarget(error), error };
    }
  };

  /** Signs in through the form's action as a browser at the bind address would, returning the Cookie header it then sends. */
  async function signInBrowser(email: string): Promise<string> {
    browser.jar.clear();
    const outcome = await thrown(() => signInAction({ ok: false }, form({ email, password: TEST_PASSWORD, locale: "en" })));
    expect(outcome.redirect, JSON.stringify(outcome)).toBe(`${SITE}/en/admin`);
    return cookieHeader();
  }
  const cookieHeader = () => [...browser.jar].map(([name, value]) => `${name}=${value}`).join("; ");
  /** The staff id a request carrying this Cookie header is signed in as, or null. */
  async function sessionFor(cookie: string): Promise<string | null> {
    browser.headers.set("cookie", cookie);
    const session = await auth();
    return session?.user?.id ?? null;
  }

  beforeEach(() => {
    // What Next.js hands to Auth.js behind runtime/server.mjs bound to 0.0.0.0.
    browser.headers = new Headers({ host: "0.0.0.0:3000", "x-forwarded-proto": "http", "x-portal-client-ip": uniqueIp() });
  });

  it("ends the session on the server at sign-out: a copy of the cookie no longer signs anyone in", async () => {
    const staff = await createStaff("EDITOR");
    const cookie = await signInBrowser(staff.email);
    expect(await sessionFor(cookie)).toBe(staff.id);
    const copied = cookie;
    expect(await testPrisma().staffSession.count({ where: { staffId: staff.id } })).toBe(1);

    browser.headers.set("cookie", cookie);
    const out = await thrown(() => signOutAction(form({ locale: "en" })));
    expect(out.redirect).toBe(`${SITE}/en/admin/sign-in?signedOut=1`);
    expect(cookieHeader()).not.toMatch(/session-token/);

    expect(await sessionFor(copied)).toBeNull();
    expect(await testPrisma().staffSession.count({ where: { staffId: staff.id } })).toBe(0);
  });

  it("ends only the session that signed out; 'sign out everywhere' ends them all", async () => {
    const staff = await createStaff("VIEWER");
    const [first, second, third] = [await signInBrowser(staff.email), await signInBrowser(staff.email), await signInBrowser(staff.email)];
    browser.headers.set("cookie", first);
    await thrown(() => signOutAction(form({ locale: "en" })));
    expect([await sessionFor(first), await sessionFor(second), await sessionFor(third)]).toEqual([null, staff.id, staff.id]);

    await endAllSessions(staff);
    expect([await sessionFor(second), await sessionFor(third)]).toEqual([null, null]);
    expect(await testPrisma().staffSession.count({ where: { staffId: staff.id } })).toBe(0);
  });

  it(`ends a session ${env.STAFF_SESSION_HOURS} hours after sign-in however active, and prunes ended ones at the next sign-in`, async () => {
    const staff = await createStaff("REVIEWER");
    const cookie = await signInBrowser(staff.email);
    const row = await testPrisma().staffSession.findFirstOrThrow({ where: { staffId: staff.id } });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(env.STAFF_SESSION_HOURS * 3_600_000);

    await testPrisma().staffSession.update({ where: { id: row.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await sessionFor(cookie)).toBeNull();
    await signInBrowser((await createStaff("VIEWER")).email);
    expect(await testPrisma().staffSession.findUnique({ where: { id: row.id } })).toBeNull();
  });

  it("refuses a session cookie whose row was never written (a token signed before sessions were recorded)", async () => {
    const staff = await createStaff("EDITOR");
    const cookie = await signInBrowser(staff.email);
    await testPrisma().staffSession.deleteMany({ where: { staffId: staff.id } });
    expect(await sessionFor(cookie)).toBeNull();
  });
});

describe("redirect addresses", () => {
  it("builds Auth.js's own redirects from SITE_URL, not from the bind address or a Host header", async () => {
    for (const url of ["http://0.0.0.0:3000/api/auth/signin", "http://evil.example/api/auth/signin"]) {
      const response = await handlers.GET(new NextRequest(url, { headers: { host: new URL(url).host, "x-forwarded-host": "evil.example" } }));
      const location = new URL(response.headers.get("location") ?? "", SITE);
      expect(location.origin).toBe(SITE);
      expect(location.pathname).toBe("/en/admin/sign-in");
      expect(new URL(location.searchParams.get("callbackUrl") ?? "").origin).toBe(SITE);
    }
  });
});
