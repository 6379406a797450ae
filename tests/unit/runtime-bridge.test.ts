import type { ServerResponse } from "node:http";
import { describe, expect, it, vi } from "vitest";
import * as bridge from "../../runtime/bridge.mjs";
import { pageCacheStats, servePageFromCache } from "../../runtime/page-cache.mjs";
import { newNonce } from "../../runtime/security-headers.mjs";
import { revalidateContent } from "@/server/cache";
import { clientIp } from "@/server/platform/client-address";

// The production server (runtime/) and the app (src/) meet only in runtime/bridge.mjs: these run both sides of it.

vi.mock("@/server/db", () => ({ noteDatabaseError: () => false }));
vi.mock("next/headers", async () => {
  const { CLIENT_IP_HEADER } = await import("../../runtime/bridge.mjs");
  return { headers: async () => new Headers({ [CLIENT_IP_HEADER]: " 203.0.113.7 " }) };
});

const request = (url: string) => ({ method: "GET", url, headers: {} }) as never;

/** A page as the server records it after Next.js served it from its cache. */
function recordPage(url: string) {
  const recorder = servePageFromCache(request(url), {} as ServerResponse, newNonce());
  if (!recorder || recorder === "served") throw new Error(`${url} was not recorded`);
  const placeholder = newNonce();
  recorder.chunk(Buffer.from(`<script nonce="${placeholder}"></script>`));
  const res = { statusCode: 200, getHeaders: () => ({ "content-type": "text/html; charset=utf-8" }) };
  recorder.finish(res as never, { cacheControl: "s-maxage=31536000", nextCache: "HIT", placeholder });
}

const isServedFromCache = (url: string) => {
  const res = { writeHead: () => res, end: () => res } as unknown as ServerResponse;
  return servePageFromCache(request(url), res, newNonce()) === "served";
};

describe("the runtime bridge", () => {
  it("lets a staff edit empty the server's page cache", () => {
    recordPage("/en/missions");
    expect(isServedFromCache("/en/missions")).toBe(true);
    revalidateContent(["missions"]);
    expect(pageCacheStats().entries).toBe(0);
    expect(isServedFromCache("/en/missions")).toBe(false);
  });

  it("has one state however many copies of it are loaded, as Next.js loads one per bundle", async () => {
    const copy = (await import(/* @vite-ignore */ `${"../../runtime/bridge.mjs"}?bundle=2`)) as typeof bridge;
    expect(copy).not.toBe(bridge);
    recordPage("/en/map");
    copy.clearPageCache();
    expect(isServedFromCache("/en/map")).toBe(false);

    const database = { available: true, checkedAt: 0, probe: async () => true, close: vi.fn(async () => {}) };
    expect(copy.shareDatabase(() => database)).toBe(database);
    expect(bridge.shareDatabase(() => ({ ...database }))).toBe(database);
    expect(bridge.sharedDatabase()).toBe(database);
    await copy.closeSharedDatabase();
    expect(database.close).toHaveBeenCalledOnce();
    expect(bridge.sharedDatabase()).toBeUndefined();
    await bridge.closeSharedDatabase();
    expect(database.close).toHaveBeenCalledOnce();
  });

  it("names the header the server writes the client's address into and the app reads it from", async () => {
    expect(bridge.CLIENT_IP_HEADER).toBe("x-portal-client-ip");
    expect(await clientIp()).toBe("203.0.113.7");
  });
});
