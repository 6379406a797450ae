import type { ServerResponse } from "node:http";
import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { GET as getCall } from "@/app/api/v1/calls/[slug]/route";
import { GET as getCalls } from "@/app/api/v1/calls/route";
import { GET as getMission } from "@/app/api/v1/missions/[slug]/route";
import { PUBLIC_CACHE_CONTROL, publicCacheControl } from "@/server/api/respond";
import { servePageFromCache } from "../../runtime/page-cache.mjs";
import { newNonce } from "../../runtime/security-headers.mjs";
import { createMission, createOpportunity, uniqueName } from "../factories";
import { post, saveContent, versionOf } from "../factories/content";
import { actAs, createStaff, signOutTestStaff } from "../support/staff";

// The public JSON API behind the server's cache (runtime/page-cache.mjs), request by request as runtime/server.mjs
// passes them: answered from the cache when it holds the address, else by the route handler, whose answer the cache
// records. A staff edit shows at once, and a call is never reported open from the cache after its deadline.

const BASE = "http://localhost:3000";
type Handler = (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const ROUTES: [RegExp, Handler][] = [
  [/^\/api\/v1\/calls$/, getCalls as Handler],
  [/^\/api\/v1\/calls\/(?<slug>[^/?]+)$/, getCall as Handler],
  [/^\/api\/v1\/missions\/(?<slug>[^/?]+)$/, getMission as Handler],
];

interface Answer {
  fromCache: boolean;
  status: number;
  cacheControl: string;
  body: { data: unknown };
}

/** GET `address` through the server's cache, with the request id and nonce the server gives each request. */
async function get(address: string): Promise<Answer> {
  const sent: { status?: number; headers?: Record<string, unknown>; body?: Buffer } = {};
  const res = {
    writeHead: (status: number, headers: Record<string, unknown>) => Object.assign(sent, { status, headers }),
    end: (body: Buffer) => Object.assign(sent, { body }),
  };
  const outcome = servePageFromCache({ method: "GET", url: address, headers: {} } as never, res as unknown as ServerResponse, newNonce());
  if (outcome === "served") {
    return { fromCache: true, status: sent.status!, cacheControl: String(sent.headers?.["cache-control"]), body: JSON.parse(sent.body!.toString()) };
  }
  const pathname = address.split("?")[0]!;
  const [, handler] = ROUTES.find(([route]) => route.test(pathname))!;
  const params = pathname.match(ROUTES.find(([route]) => route.test(pathname))![0])!.groups ?? {};
  const response = await handler(new NextRequest(`${BASE}${address}`), { params: Promise.resolve(params) });
  const body = Buffer.from(await response.arrayBuffer());
  const headers = Object.fromEntries(response.headers);
  if (outcome) {
    outcome.chunk(body);
    outcome.finish({ statusCode: response.status, getHeaders: () => headers } as never, { cacheControl: headers["cache-control"] ?? "", nextCache: "", placeholder: newNonce() });
  }
  return { fromCache: false, status: response.status, cacheControl: headers["cache-control"] ?? "", body: JSON.parse(body.toString()) };
}

type CallJson = { slug: string; status: string };

describe("a staff edit", () => {
  const editor = createStaff("EDITOR");
  beforeEach(async () => actAs(await editor));
  afterAll(() => signOutTestStaff());

  it("shows through the API at once, though the mission's answer was served from the cache before it", async () => {
    const mission = await createMission();
    const address = `/api/v1/missions/${mission.slug}`;
    expect((await get(address)).fromCache).toBe(false);
    const cached = await get(address);
    expect(cached).toMatchObject({ fromCache: true, status: 200, body: { data: { name: { en: mission.nameEn } } } });

    const renamed = uniqueName("Renamed mission");
    const outcome = await post(saveContent("missions"), {
      id: mission.id,
      version: versionOf(mission),
      nameEn: renamed,
      nameZh: mission.nameZh,
      slug: mission.slug,
      body: mission.body,
      status: mission.status,
    });
    expect(outcome.redirectedTo).toBe(`/en/admin/missions/${mission.id}?done=saved`);

    const after = await get(address);
    expect(after).toMatchObject({ fromCache: false, status: 200, body: { data: { name: { en: renamed } } } });
    expect((await get(address)).body).toMatchObject({ data: { name: { en: renamed } } });
  });
});

describe("a call's deadline", () => {
  // Date alone is faked, so that the portal's clock (src/server/platform/clock.ts) and the cache's agree.
  afterEach(() => vi.useRealTimers());

  it("ends every cached answer that reports the call open, to the millisecond", async () => {
    const closesAt = new Date(Math.ceil(Date.now() / 1000) * 1000 + 86_400_000);
    const mission = await createMission();
    const call = await createOpportunity({
      missionId: mission.id,
      referencePrefix: null,
      stages: { create: { position: 0, titleEn: "Proposals", titleZh: "提案", opensAt: new Date(closesAt.getTime() - 7 * 86_400_000), closesAt, graceMinutes: 0 } },
    });
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date(closesAt.getTime() - 30_000));

    const addresses = [`/api/v1/calls/${call.slug}`, "/api/v1/calls?pageSize=100", `/api/v1/missions/${mission.slug}`];
    const statusIn = (answer: Answer) => {
      const data = answer.body.data as CallJson | CallJson[] | { opportunities: CallJson[] };
      const calls = Array.isArray(data) ? data : "opportunities" in data ? data.opportunities : [data];
      return calls.find((c) => c.slug === call.slug)?.status;
    };
    for (const address of addresses) {
      const first = await get(address);
      expect([first.fromCache, first.status, statusIn(first)], address).toEqual([false, 200, "OPEN"]);
      // Kept until the call closes, never longer: 30 s from the request, rounded down.
      expect(first.cacheControl, address).toBe("public, max-age=30");
    }

    // A moment before the call closes: still open, and answered from the cache.
    vi.setSystemTime(new Date(closesAt.getTime() - 1));
    for (const address of addresses) {
      const cached = await get(address);
      expect([cached.fromCache, statusIn(cached)], address).toEqual([true, "OPEN"]);
    }

    // At its closing (no grace) no cached answer is left; a millisecond later the call reads closed.
    vi.setSystemTime(closesAt);
    for (const address of addresses) expect((await get(address)).fromCache, address).toBe(false);
    vi.setSystemTime(new Date(closesAt.getTime() + 1));
    for (const address of addresses) {
      const after = await get(address);
      expect([after.fromCache, after.status, statusIn(after)], address).toEqual([false, 200, "CLOSED"]);
    }
  });
});

describe("the Cache-Control of a public read", () => {
  const at = new Date("2026-12-07T12:00:00Z");
  const inSeconds = (s: number) => new Date(at.getTime() + s * 1000);

  it("is the usual one while no call opens or closes within it", () => {
    expect(publicCacheControl(null, at)).toBe(PUBLIC_CACHE_CONTROL);
    expect(publicCacheControl(inSeconds(360), at)).toBe(PUBLIC_CACHE_CONTROL);
  });

  it("lets no cache keep or serve the answer past the next opening or closing", () => {
    expect(publicCacheControl(inSeconds(359.9), at)).toBe("public, max-age=60, stale-while-revalidate=299");
    expect(publicCacheControl(inSeconds(61), at)).toBe("public, max-age=60, stale-while-revalidate=1");
    expect(publicCacheControl(inSeconds(60), at)).toBe("public, max-age=60");
    expect(publicCacheControl(inSeconds(12.7), at)).toBe("public, max-age=12");
    expect(publicCacheControl(inSeconds(0.5), at)).toBe("public, max-age=0");
  });
});
