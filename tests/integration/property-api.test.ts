import fc from "fast-check";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { isKnownCountryCode } from "@/lib/localize";
import { institutionListQuerySchema, noQuerySchema, paginationQuerySchema, projectListQuerySchema } from "@/lib/validation/api";
import type { z } from "zod";
import {
  badCountry,
  badNumberText,
  expectApiError,
  expectNoPollution,
  findPublicRouteFiles,
  nastyString,
  pathSegment,
  pollutionKey,
  PUBLIC_ROUTE_TESTS,
  PROPERTY_TIMEOUT,
  RUNS,
  tooLong,
  unknownEnumValue,
  watchTables,
} from "../support/property";
import * as catchAllRoute from "@/app/api/[...path]/route";
import { GET as getHealth } from "@/app/api/health/route";
import { GET as getHealthLive } from "@/app/api/health/live/route";
import { GET as getHealthReady } from "@/app/api/health/ready/route";
import { POST as postInternalCache } from "@/app/api/internal/cache/route";
import { EXPIRE_SECRET_HEADER } from "@/server/cache";
import { instanceIdentity } from "../../runtime/bridge.mjs";
import { GET as getInstitutions } from "@/app/api/v1/institutions/route";
import { GET as getMissions } from "@/app/api/v1/missions/route";
import { GET as getMission } from "@/app/api/v1/missions/[slug]/route";
import { GET as getOpenApi } from "@/app/api/v1/openapi.json/route";
import { GET as getOpportunities } from "@/app/api/v1/opportunities/route";
import { GET as getCalls } from "@/app/api/v1/calls/route";
import { GET as getCall } from "@/app/api/v1/calls/[slug]/route";
import { GET as getCallOpenApi } from "@/app/api/v1/calls/[slug]/openapi.json/route";
import { callListQuerySchema } from "@/server/api/calls";
import { GET as getOpportunity } from "@/app/api/v1/opportunities/[slug]/route";
import { GET as getProjects } from "@/app/api/v1/projects/route";
import { listMissions } from "@/server/queries/missions";
import { listOpportunities } from "@/server/queries/opportunities";

// The public JSON API's reads driven with generated bad requests: every answer is a 4xx in the documented error
// shape (never a 5xx), and nothing is written. The two endpoints that write are in property-api-submissions.

const BASE = "http://localhost:3000";
const noParams = { params: Promise.resolve({}) };
const covered = new Set<string>();

function urlWith(path: string, params: [string, string][]): URL {
  const url = new URL(path, BASE);
  for (const [name, value] of params) url.searchParams.append(name, value);
  return url;
}

/** Junk a client may add to any request; none of it may matter. */
const junkHeaders = fc.dictionary(
  fc.constantFrom("accept", "accept-language", "if-none-match", "x-forwarded-for", "cookie", "referer", "user-agent", "x-http-method-override"),
  nastyString.map((s) => s.replace(/[^\x20-\x7E]/g, "?")),
  { maxKeys: 3 },
);

// ------------------------------------------------------------------ query strings

const numberParam = fc.oneof(badNumberText, fc.constantFrom("0", "00", "1e1", " 2", "2 ", "1.5", "+1", "0x10", "1234567890", "101", ""));
const sizeParam = fc.oneof(numberParam, fc.integer({ min: 101, max: 1_000_000 }).map(String));

/** The query as an object whose own keys are exactly the names sent, "__proto__" included. */
function asQueryObject(params: URLSearchParams): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const name of new Set(params.keys())) {
    const values = params.getAll(name);
    Object.defineProperty(result, name, { value: values.length === 1 ? values[0] : values, enumerable: true, writable: true, configurable: true });
  }
  return result;
}

/** One problem a query string can have for a list endpoint taking `known` parameters. */
function badQueryPart(known: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<[string, string][]> {
  const names = Object.keys(known);
  return fc.oneof(
    fc.tuple(fc.oneof(pollutionKey, nastyString, fc.constantFrom("Page", "page_size", "limit", "offset", "q")), nastyString).map(([n, v]) => [[n, v]] as [string, string][]),
    fc.constantFrom(...names).chain((name) => fc.tuple(fc.constant(name), known[name]!).map(([n, v]) => [[n, v]] as [string, string][])),
    // A repeated parameter is never guessed at.
    fc.constantFrom(...names).map((name) => [[name, "1"], [name, "2"]] as [string, string][]),
  );
}

/** A query string with at least one problem, shuffled among good parameters; the schema must reject it. */
function badQuery(schema: z.ZodType, known: Record<string, fc.Arbitrary<string>>, good: [string, string][] = []) {
  return fc
    .tuple(fc.array(badQueryPart(known), { minLength: 1, maxLength: 3 }), fc.subarray(good))
    .chain(([bad, kept]) => fc.shuffledSubarray([...bad.flat(), ...kept], { minLength: bad.flat().length + kept.length }))
    .filter((params) => !schema.safeParse(asQueryObject(urlWith("/", params).searchParams)).success);
}

const paging = { page: numberParam, pageSize: sizeParam };
const unknownCountry = badCountry.filter((c) => !/^[A-Za-z]{2}$/.test(c) || !isKnownCountryCode(c.toUpperCase()));

const listRoutes = [
  { route: "/api/v1/missions", handler: getMissions, schema: paginationQuerySchema, known: paging, good: [["page", "1"]] },
  { route: "/api/v1/opportunities", handler: getOpportunities, schema: paginationQuerySchema, known: paging, good: [["pageSize", "5"]] },
  {
    route: "/api/v1/calls",
    handler: getCalls,
    schema: callListQuerySchema,
    known: { ...paging, status: unknownEnumValue(["open", "upcoming", "closed", "results-published"]) },
    good: [["status", "open"]],
  },
  {
    route: "/api/v1/institutions",
    handler: getInstitutions,
    schema: institutionListQuerySchema,
    known: { ...paging, country: unknownCountry, type: unknownEnumValue(institutionListQuerySchema.shape.type.unwrap().options) },
    good: [["country", "FR"], ["type", "UNIVERSITY"]],
  },
  {
    route: "/api/v1/projects",
    handler: getProjects,
    schema: projectListQuerySchema,
    known: {
      ...paging,
      country: unknownCountry,
      kind: unknownEnumValue(projectListQuerySchema.shape.kind.unwrap().options),
      opportunity: fc.oneof(nastyString, tooLong(120), fc.constantFrom("UPPER", "-x", "x-", "a--b", "a b")),
    },
    good: [["kind", "PAYLOAD"], ["opportunity", "chang-e-8-payloads"]],
  },
] as const;

describe("the public JSON API under generated bad requests", { timeout: PROPERTY_TIMEOUT }, () => {
  it("drives every public route file: a new route without a property test fails here", () => {
    const routes = findPublicRouteFiles();
    expect(routes.filter((r) => !(r in PUBLIC_ROUTE_TESTS)), "public routes missing from PUBLIC_ROUTE_TESTS in tests/support/property.ts").toEqual([]);
    expect(Object.keys(PUBLIC_ROUTE_TESTS).filter((r) => !routes.includes(r)), "listed routes that no longer exist").toEqual([]);
  });

  for (const { route, handler, schema, known, good } of listRoutes) {
    it(`${route}: ${RUNS} bad query strings each answer 400 invalid_parameters and write nothing`, async () => {
      covered.add(route);
      const tables = await watchTables();
      await fc.assert(
        fc.asyncProperty(badQuery(schema, known, good as unknown as [string, string][]), junkHeaders, async (params, headers) => {
          const response = await handler(new NextRequest(urlWith(route, params), { headers }), noParams);
          const error = await expectApiError(response, `GET ${route}?${new URLSearchParams(params)}`, [400]);
          expect(error.code).toBe("invalid_parameters");
          expect(error.issues?.length).toBeGreaterThan(0);
          expectNoPollution();
          await tables.check(route);
        }),
        { numRuns: RUNS },
      );
    });
  }

  it(`/api/v1/openapi.json: ${RUNS} query strings, each with some parameter, answer 400 and write nothing`, async () => {
    covered.add("/api/v1/openapi.json");
    const tables = await watchTables();
    await fc.assert(
      fc.asyncProperty(badQuery(noQuerySchema, { format: nastyString, version: nastyString }), junkHeaders, async (params, headers) => {
        const response = await getOpenApi(new NextRequest(urlWith("/api/v1/openapi.json", params), { headers }), noParams);
        expect((await expectApiError(response, `GET openapi.json?${new URLSearchParams(params)}`, [400])).code).toBe("invalid_parameters");
        await tables.check("openapi.json");
      }),
      { numRuns: RUNS },
    );
  });

  const itemRoutes = [
    { route: "/api/v1/missions/[slug]", handler: getMission, list: listMissions },
    { route: "/api/v1/opportunities/[slug]", handler: getOpportunity, list: listOpportunities },
    { route: "/api/v1/calls/[slug]", handler: getCall, list: listOpportunities },
    // Only calls that take applications here have a document: the others' slugs answer 404 as unknown ones do.
    { route: "/api/v1/calls/[slug]/openapi.json", handler: getCallOpenApi, list: async () => (await listOpportunities()).filter((call) => call.acceptsApplications) },
  ] as const;

  for (const { route, handler, list } of itemRoutes) {
    it(`${route}: ${RUNS} unknown slugs answer 404 and bad queries 400, writing nothing`, async () => {
      covered.add(route);
      const slugs = (await list()).map((item) => item.slug);
      const badSlug = fc
        .oneof(
          nastyString,
          pollutionKey,
          tooLong(120),
          fc.constantFrom(...slugs).map((s) => s.toUpperCase()),
          fc.constantFrom(...slugs).map((s) => `${s}-`),
          fc.constantFrom(...slugs).map((s) => ` ${s}`),
          fc.stringMatching(/^[a-z0-9]{1,20}(-[a-z0-9]{1,20}){0,3}$/),
        )
        .filter((s) => !slugs.includes(s));
      const tables = await watchTables();
      const cases = fc.oneof(
        badSlug.map((slug) => ({ slug, params: [] as [string, string][], status: 404 })),
        fc.tuple(fc.constantFrom(...slugs), badQuery(noQuerySchema, { fields: nastyString })).map(([slug, params]) => ({ slug, params, status: 400 })),
      );
      await fc.assert(
        fc.asyncProperty(cases, junkHeaders, async ({ slug, params, status }, headers) => {
          const url = urlWith(route.replace("[slug]", pathSegment(slug)), params);
          const response = await handler(new NextRequest(url, { headers }), { params: Promise.resolve({ slug }) });
          await expectApiError(response, `GET ${route} slug=${JSON.stringify(slug)}`, [status]);
          await tables.check(route);
        }),
        { numRuns: RUNS },
      );
    });
  }

  it(`/api/[...path]: ${RUNS} requests to paths with no endpoint answer 404 in the API's shape, for every method`, async () => {
    covered.add("/api/[...path]");
    const methods = { ...catchAllRoute } as Record<string, (req: NextRequest, ctx: { params: Promise<{ path: string[] }> }) => Promise<Response>>;
    expect(Object.keys(methods).sort()).toEqual(["DELETE", "GET", "HEAD", "PATCH", "POST", "PUT"]);
    const tables = await watchTables();
    const segments = fc.array(fc.oneof(nastyString, pollutionKey, fc.constantFrom("v1", "v2", "admin", "..", ".", "missions", "%2e%2e")), { minLength: 1, maxLength: 5 });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(methods)), segments, fc.option(fc.uint8Array({ maxLength: 64 })), async (method, path, body) => {
        const url = new URL(`/api/${path.map(pathSegment).join("/")}`, BASE);
        const init = { method, ...(body && method !== "GET" && method !== "HEAD" ? { body } : {}) };
        const response = await methods[method]!(new NextRequest(url, init), { params: Promise.resolve({ path }) });
        expect((await expectApiError(response, `${method} ${url.pathname}`, [404])).code).toBe("not_found");
        await tables.check("catch-all");
      }),
      { numRuns: RUNS },
    );
  });

  it(`/api/health, /ready and /live: ${RUNS} requests with junk queries and headers answer 200 and write nothing`, async () => {
    for (const route of ["/api/health", "/api/health/ready", "/api/health/live"]) covered.add(route);
    const tables = await watchTables();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.oneof(nastyString, pollutionKey), nastyString), { maxLength: 3 }), junkHeaders, async (params, headers) => {
        void params;
        void headers;
        for (const get of [getHealth, getHealthReady]) {
          const response = await get();
          expect(response.status).toBe(200);
          expect(await response.json()).toEqual({ status: "ok", database: "up", migrations: "applied" });
        }
        const live = await getHealthLive();
        expect(live.status).toBe(200);
        expect(await live.json()).toEqual({ status: "ok" });
        await tables.check("health");
      }),
      { numRuns: RUNS },
    );
  });
});

describe("the process's own cache expiry under generated requests", { timeout: PROPERTY_TIMEOUT }, () => {
  const post = (secret: string | null, body: string, headers: Record<string, string>) =>
    postInternalCache(
      new Request("http://localhost/api/internal/cache", {
        method: "POST",
        headers: { ...headers, "content-type": "application/json", ...(secret === null ? {} : { [EXPIRE_SECRET_HEADER]: secret }) },
        body,
      }),
    );
  const body = fc.oneof(
    nastyString,
    fc.array(fc.oneof(nastyString, fc.constantFrom("content", "missions")), { maxLength: 4 }).map((tags) => JSON.stringify({ tags })),
  );

  // Any header value a client can send: printable ASCII, the secret's own length included.
  it(`/api/internal/cache: ${RUNS} requests without the process's secret answer 404 as an unknown address and write nothing`, async () => {
    covered.add("/api/internal/cache");
    const secret = instanceIdentity().secret;
    const tables = await watchTables();
    await fc.assert(
      fc.asyncProperty(fc.option(fc.stringMatching(/^[\x21-\x7e]{0,64}$/).filter((s) => s !== secret)), body, junkHeaders, async (given, text, headers) => {
        const error = await expectApiError(await post(given, text, headers), `POST /api/internal/cache (secret ${JSON.stringify(given)})`, [404]);
        expect(error.code).toBe("not_found");
        await tables.check("internal cache");
      }),
      { numRuns: RUNS },
    );
  });

  it(`/api/internal/cache: ${RUNS} bodies that are not a list of known tags answer 400, even with the secret`, async () => {
    const secret = instanceIdentity().secret;
    const tables = await watchTables();
    const notTags = fc.oneof(
      nastyString.filter((s) => !/^\s*\{/.test(s)),
      fc.array(nastyString.filter((s) => !["content", "missions", "opportunities", "institutions", "projects"].includes(s)), { minLength: 1, maxLength: 3 }).map((tags) => JSON.stringify({ tags })),
    );
    await fc.assert(
      fc.asyncProperty(notTags, junkHeaders, async (text, headers) => {
        const error = await expectApiError(await post(secret, text, headers), `POST /api/internal/cache ${text.slice(0, 80)}`, [400]);
        expect(error.code).toBe("invalid_parameters");
        await tables.check("internal cache");
      }),
      { numRuns: RUNS },
    );
  });
});

describe("coverage", { timeout: PROPERTY_TIMEOUT }, () => {
  it("covered every route this file is responsible for", () => {
    const mine = Object.entries(PUBLIC_ROUTE_TESTS).filter(([, file]) => file === "property-api").map(([route]) => route);
    expect([...covered].sort()).toEqual(mine.sort());
  });
});
