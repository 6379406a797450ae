import { type APIRequestContext, expect, test } from "@playwright/test";
import { STAFF_ROLES, type StaffRoleName } from "../../src/lib/permissions";
import { type Access, allows, concretePath, discover, HTTP_METHODS, kindsToCall, ROUTE_ACCESS, staffEntries } from "../support/admin-access";
import { contextAs } from "./admin-helpers";

// Every staff page and staff route of tests/support/admin-access.ts (whose completeness the unit stage checks),
// requested over HTTP against the build by every role and by nobody: allowed where src/lib/permissions.ts says (200,
// or 404 for a record that does not exist), and otherwise sent to sign-in (pages) / 401 (API) without a session,
// and 403 with the wrong role. A sample of routes also meets every other method.

const discovery = discover();
const pages = staffEntries("page", discovery);
const routes = staffEntries("route", discovery);

// One route per kind of guard: a download needing two permissions, one needing the staff permission, and a file.
const METHOD_SAMPLE = ["/api/admin/exports/applications", "/api/admin/exports/staff", "/api/admin/applications/[id]/attachments/[attachmentId]"];

async function check(request: APIRequestContext, role: StaffRoleName | null, url: string, access: Access, kind: "page" | "route", method = "GET", contentKind?: string) {
  const response = await request.fetch(url, { method, maxRedirects: 0 });
  const status = response.status();
  const label = `${role ?? "nobody"} ${method} ${url} -> ${status}`;
  if (allows(access, role, contentKind)) {
    expect([200, 404], label).toContain(status);
    if (status === 200 && kind === "page") expect(await response.text(), label).not.toContain('name="email" type="email" autocomplete="username"');
  } else if (role === null) {
    if (kind === "page") {
      expect([303, 307], label).toContain(status);
      expect(response.headers().location ?? "", label).toMatch(/\/en\/admin\/sign-in/);
    } else {
      expect(status, label).toBe(401);
    }
  } else {
    expect(status, label).toBe(403);
  }
}

/** Methods a route does not export: HEAD runs GET's handler, OPTIONS only names the methods, the rest are 405. */
async function checkOtherMethods(request: APIRequestContext, role: StaffRoleName | null, pattern: string) {
  const url = concretePath(pattern);
  const exported = HTTP_METHODS.filter((m) => `${m} ${pattern}` in ROUTE_ACCESS);
  for (const method of HTTP_METHODS) {
    const listed = ROUTE_ACCESS[`${method} ${pattern}`];
    if (method === "GET") continue;
    if (listed) {
      await check(request, role, url, listed, "route", method);
    } else if (method === "HEAD") {
      await check(request, role, url, ROUTE_ACCESS[`GET ${pattern}`]!, "route", method);
    } else if (method === "OPTIONS") {
      const response = await request.fetch(url, { method, maxRedirects: 0 });
      const label = `${role ?? "nobody"} OPTIONS ${url}`;
      expect(response.status(), label).toBe(204);
      expect(await response.text(), label).toBe("");
      const allow = (response.headers().allow ?? "").split(/,\s*/).filter(Boolean).sort();
      expect(allow, label).toEqual([...new Set([...exported, "OPTIONS", ...(exported.includes("GET") ? ["HEAD"] : [])])].sort());
    } else {
      const response = await request.fetch(url, { method, maxRedirects: 0, data: method === "DELETE" ? undefined : "{}" });
      expect(response.status(), `${role ?? "nobody"} ${method} ${url}`).toBe(405);
    }
  }
}

test("the access table names staff pages and routes to request", () => {
  // Pages and routes that serve every content kind are requested once per kind (and for a kind that does not exist).
  expect(pages.flatMap(({ access }) => kindsToCall(access)).length).toBeGreaterThan(40);
  expect(routes.length).toBeGreaterThanOrEqual(5);
  for (const pattern of METHOD_SAMPLE) expect(routes.map((r) => r.url), pattern).toContain(pattern);
});

for (const role of [...STAFF_ROLES, null] as const) {
  test(`${role ?? "a signed-out visitor"} reaches exactly the pages and routes the role table allows`, async ({ browser, playwright }) => {
    test.setTimeout(180_000);
    const context = role ? await contextAs(browser, role) : undefined;
    const request = context ? context.request : await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
    try {
      for (const { url, access } of pages) {
        for (const kind of kindsToCall(access)) await check(request, role, concretePath(url!, "en", kind), access, "page", "GET", kind);
      }
      for (const { url, method, access } of routes) {
        for (const kind of kindsToCall(access)) await check(request, role, concretePath(url!, "en", kind), access, "route", method, kind);
      }
      for (const pattern of METHOD_SAMPLE) await checkOtherMethods(request, role, pattern);
    } finally {
      await context?.close();
      if (!context) await request.dispose();
    }
  });
}
