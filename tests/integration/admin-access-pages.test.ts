import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { STAFF_ROLES, type StaffRoleName } from "@/lib/permissions";
import { allows, describeAccess, discover, paramsOf, SRC, staffEntries } from "../support/admin-access";
import { actAs, createStaff, refusalOf, signOutTestStaff } from "../support/staff";

// Every staff page, called in-process by every role and by nobody: each page asks for its own permission (the panel's
// layout only asks for a session), so a role the table refuses is sent to sign-in or answered 403 before anything
// renders. The browser test repeats this over HTTP against the build.

// Outside a request next-intl has no locale to read; only what runs before the permission check matters here.
vi.mock("next-intl/server", () => {
  const t = Object.assign((key: string) => key, { rich: (key: string) => key, markup: (key: string) => key, raw: (key: string) => key, has: () => true });
  return {
    setRequestLocale: () => {},
    getLocale: async () => "en",
    getTranslations: async () => t,
    getFormatter: async () => ({ dateTime: String, number: String, relativeTime: String, list: String }),
    getMessages: async () => ({}),
    getNow: async () => new Date(),
    getTimeZone: async () => "UTC",
  };
});

const pages = staffEntries("page", discover());

const staffByRole = new Map<StaffRoleName, Awaited<ReturnType<typeof createStaff>>>();
for (const role of STAFF_ROLES) staffByRole.set(role, await createStaff(role));
afterAll(() => signOutTestStaff());

/** What calling the page did: refused (sign-in or forbidden), or anything else (rendered, 404, a mock's limit). */
async function visit(file: string, url: string): Promise<"sign-in" | "forbidden" | null> {
  const { default: Page } = (await import(/* @vite-ignore */ path.join(SRC, file))) as { default: (props: unknown) => Promise<unknown> };
  try {
    await Page({ params: Promise.resolve(paramsOf(url)), searchParams: Promise.resolve({}) });
    return null;
  } catch (error) {
    return refusalOf(error);
  }
}

describe("the staff page matrix", () => {
  it("covers the staff panel", () => {
    expect(pages.length).toBeGreaterThan(40);
  });

  for (const role of [...STAFF_ROLES, null] as const) {
    it(`refuses ${role ?? "a signed-out visitor"} exactly where the role table says`, async () => {
      for (const { key, file, url, access } of pages) {
        actAs(role ? staffByRole.get(role)! : null);
        const refusal = await visit(file, url!);
        const expected = allows(access, role) ? null : role ? "forbidden" : "sign-in";
        expect(refusal, `${key} (${describeAccess(access)}) as ${role ?? "nobody"}`).toBe(expected);
      }
    });
  }
});
