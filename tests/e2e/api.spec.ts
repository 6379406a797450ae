import { expect, test } from "@playwright/test";
import { DOWN_BASE_URL } from "../../playwright.config";
import { CALL_SLUG } from "./apply-helpers";

test.describe("public JSON API", () => {
  test("lists opportunities with pagination: the three rounds and the test server's practice call", async ({ request }) => {
    const res = await request.get("/api/v1/opportunities");
    expect(res.status()).toBe(200);
    const body = await res.json();
    expect(body.data.map((o: { slug: string; status: string }) => [o.slug, o.status]).sort()).toEqual([
      ["chang-e-5-sample-loans", "RESULTS_PUBLISHED"],
      ["chang-e-8-cooperation-projects", "RESULTS_PUBLISHED"],
      [CALL_SLUG, "OPEN"],
      ["tianwen-3-payload-offer", "CLOSED"],
    ]);
    expect(body.pagination).toMatchObject({ page: 1, total: 4 });
  });

  test("an opportunity in detail carries awards, figures and capacities", async ({ request }) => {
    const sampleLoans = (await (await request.get("/api/v1/opportunities/chang-e-5-sample-loans")).json()).data;
    expect(sampleLoans.awards).toHaveLength(7);
    expect(sampleLoans.figures).toContainEqual({ key: "AGREEMENTS_SIGNED", value: 5, outOf: 7 });
    const tianwen = (await (await request.get("/api/v1/opportunities/tianwen-3-payload-offer")).json()).data;
    expect(tianwen.capacities.map((c: { carrier: string; massKg: number }) => [c.carrier, c.massKg]).sort()).toEqual([
      ["ORBITER", 15],
      ["SERVICE_MODULE", 5],
    ]);
  });

  test("filters institutions and projects, and pages through them", async ({ request }) => {
    const hk = (await (await request.get("/api/v1/institutions?country=hk")).json()).data;
    expect(hk).toHaveLength(2);
    const thai = (await (await request.get("/api/v1/projects?country=TH")).json()).data;
    expect(thai.map((p: { slug: string }) => p.slug)).toEqual(["lunar-neutron-analyser"]);
    const page2 = await (await request.get("/api/v1/projects?page=2&pageSize=4")).json();
    expect(page2.data).toHaveLength(4);
    expect(page2.pagination).toMatchObject({ page: 2, pageSize: 4, total: 10, totalPages: 3 });
  });

  test("bad parameters get 400 and unknown ids 404, in one error shape", async ({ request }) => {
    const bad = await request.get("/api/v1/projects?pageSize=1000&kind=SPACESHIP");
    expect(bad.status()).toBe(400);
    const badBody = await bad.json();
    expect(badBody.error.code).toBe("invalid_parameters");
    expect(typeof badBody.error.message).toBe("string");
    expect(badBody.error.issues.length).toBeGreaterThanOrEqual(2);
    const missing = await request.get("/api/v1/opportunities/no-such-call");
    expect(missing.status()).toBe(404);
    expect((await missing.json()).error.code).toBe("not_found");
  });

  test("the OpenAPI document describes the API", async ({ request }) => {
    const doc = await (await request.get("/api/v1/openapi.json")).json();
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/v1/opportunities", "/api/v1/opportunities/{slug}", "/api/v1/projects"]));
  });

  test("health reports a database that answers", async ({ request }) => {
    const res = await request.get("/api/health");
    expect(res.status()).toBe(200);
    expect(await res.json()).toMatchObject({ database: "up" });
  });
});

test.describe("when the database is down", () => {
  test("pages answer 503 with a clear message in both languages and no stack trace", async ({ request }) => {
    const res = await request.get(`${DOWN_BASE_URL}/en/opportunities/chang-e-5-sample-loans`);
    expect(res.status()).toBe(503);
    const html = await res.text();
    expect(html).toContain("temporarily unavailable");
    expect(html).toMatch(/暂时/);
    expect(html).not.toMatch(/at .*\.js:\d+|ECONNREFUSED|prisma/i);
  });

  test("the API answers 503 in its error shape, and health says the database is down", async ({ request }) => {
    const res = await request.get(`${DOWN_BASE_URL}/api/v1/missions`);
    expect(res.status()).toBe(503);
    expect((await res.json()).error.code).toBe("service_unavailable");
    const health = await request.get(`${DOWN_BASE_URL}/api/health`);
    expect(health.status()).toBe(503);
    expect(await health.json()).toMatchObject({ database: "down" });
  });
});
