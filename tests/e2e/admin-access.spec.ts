import { type APIRequestContext, expect, test } from "@playwright/test";
import { STAFF_ROLES, type StaffRoleName } from "../../src/lib/permissions";
import { type Access, allows, concretePath, findAdminPages, findAdminRoutes, PAGE_ACCESS, ROUTE_ACCESS } from "../support/admin-access";
import { contextAs } from "./admin-helpers";

// Every page of the staff panel and every admin API route, requested by every role and by nobody:
// allowed where src/lib/permissions.ts says (200, or 404 for a record that does not exist), and
// otherwise sent to sign-in (pages) / 401 (API) without a session, and 403 with the wrong role.

const pages = findAdminPages();
const routes = findAdminRoutes();

test("every staff page and admin route is in the access table", () => {
  expect(pages.length).toBeGreaterThan(2);
  expect(pages.filter((p) => !(p in PAGE_ACCESS)), "pages missing from tests/support/admin-access.ts").toEqual([]);
  expect(routes.filter((r) => !(r in ROUTE_ACCESS)), "routes missing from tests/support/admin-access.ts").toEqual([]);
});

async function check(request: APIRequestContext, role: StaffRoleName | null, url: string, access: Access, kind: "page" | "route") {
  const response = await request.get(url, { maxRedirects: 0 });
  const status = response.status();
  const label = `${role ?? "nobody"} GET ${url} -> ${status}`;
  if (allows(access, role)) {
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

for (const role of [...STAFF_ROLES, null] as const) {
  test(`${role ?? "a signed-out visitor"} reaches exactly the pages and routes the role table allows`, async ({ browser, playwright }) => {
    test.setTimeout(120_000);
    const context = role ? await contextAs(browser, role) : undefined;
    const request = context ? context.request : await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
    try {
      for (const page of pages) {
        const access = PAGE_ACCESS[page];
        if (!access || page === "/admin/sign-in") continue;
        await check(request, role, `/en${concretePath(page)}`, access, "page");
      }
      for (const route of routes) {
        const access = ROUTE_ACCESS[route];
        if (!access) continue;
        await check(request, role, concretePath(route), access, "route");
      }
    } finally {
      await context?.close();
      if (!context) await request.dispose();
    }
  });
}
