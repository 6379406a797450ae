import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { CONTENT_KIND_SLUGS } from "@/lib/content-kinds";
import { STAFF_ROLES, type StaffRoleName } from "@/lib/permissions";
import { allows, describeAccess, discover, isKindAccess, kindsToCall, paramsOf, SRC, staffEntries, UNKNOWN_KIND, unknownKindAnswer } from "../support/admin-access";
import { actAs, createStaff, refusalOf, signOutTestStaff } from "../support/staff";

// Every staff page, called in-process by every role and by nobody: each page asks for its own permission (the panel's
// layout only asks for a session), so a role the table refuses is sent to sign-in or answered 403 before anything
// renders. A page over the [kind] segment is called for every content kind, with what that kind's definition
// requires, and for a kind that does not exist: a 404 for those who may read, never an error. The browser test
// repeats this over HTTP against the build.

vi.mock("next-intl/server", () => import("../support/next-intl-server-stub"));

const pages = staffEntries("page", discover());
/** Each call the matrix makes: a page, with the content kind of its [kind] segment when it has one. */
const calls = pages.flatMap((page) => kindsToCall(page.access).map((kind) => ({ ...page, kind })));

const staffByRole = new Map<StaffRoleName, Awaited<ReturnType<typeof createStaff>>>();
for (const role of STAFF_ROLES) staffByRole.set(role, await createStaff(role));
afterAll(() => signOutTestStaff());

/** What calling the page did: refused (sign-in or forbidden), not found, or anything else (rendered, a mock's limit). */
async function visit(file: string, url: string, kind?: string): Promise<"sign-in" | "forbidden" | "not found" | null> {
  const { default: Page } = (await import(/* @vite-ignore */ path.join(SRC, file))) as { default: (props: unknown) => Promise<unknown> };
  try {
    await Page({ params: Promise.resolve(paramsOf(url, "en", kind)), searchParams: Promise.resolve({}) });
    return null;
  } catch (error) {
    return refusalOf(error) ?? ((error as { digest?: unknown } | undefined)?.digest === "NEXT_HTTP_ERROR_FALLBACK;404" ? "not found" : null);
  }
}

describe("the staff page matrix", () => {
  it("covers the staff panel, each page over [kind] for every content kind", () => {
    expect(calls.length).toBeGreaterThan(40);
    const kindPages = pages.filter((page) => isKindAccess(page.access));
    expect(kindPages.map((page) => page.key).sort()).toEqual([
        "/[locale]/admin/[kind]",
        "/[locale]/admin/[kind]/new",
        "/[locale]/admin/[kind]/[id]",
        "/[locale]/admin/[kind]/[id]/obligations/[obligationId]",
        "/[locale]/admin/[kind]/[id]/stages/[stageId]",
        "/[locale]/admin/[kind]/[id]/edit",
        "/[locale]/admin/[kind]/[id]/delete",
      ].sort());
    for (const { key } of kindPages) {
      expect(calls.filter((call) => call.key === key).map((call) => call.kind), key).toEqual([...CONTENT_KIND_SLUGS, UNKNOWN_KIND]);
    }
  });

  for (const role of [...STAFF_ROLES, null] as const) {
    it(`refuses ${role ?? "a signed-out visitor"} exactly where the role table says`, async () => {
      const refused = role ? "forbidden" : "sign-in";
      for (const { key, file, url, access, kind } of calls) {
        actAs(role ? staffByRole.get(role)! : null);
        const answer = await visit(file, url!, kind);
        const label = `${key}${kind ? ` for ${kind}` : ""} (${describeAccess(access, kind)}) as ${role ?? "nobody"}`;
        if (kind === UNKNOWN_KIND && isKindAccess(access)) {
          // Which permission a kind that does not exist would need is unknowable: it is not found, or refused.
          const expected = unknownKindAnswer(access, role);
          if (expected === "not found") expect(answer, label).toBe("not found");
          else expect(expected === "refused" ? [refused, "not found"] : ["forbidden", "sign-in", "not found"], label).toContain(answer);
        } else if (allows(access, role, kind)) {
          expect(["forbidden", "sign-in"], label).not.toContain(answer);
        } else {
          expect(answer, label).toBe(refused);
        }
      }
    });
  }
});
