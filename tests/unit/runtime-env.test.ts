import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { parseEnv, runtimeEnvSchema } from "../../runtime/env.mjs";

// The production server validates its settings itself (plain Node, no TypeScript) with the part of src/env.ts's
// schema that runtime/env.mjs declares; both must agree on every value and say the same about a bad one.

const root = new URL("../../", import.meta.url);

/** `.env.example`'s variables, as a copy of it to .env would set them. */
const envExample = Object.fromEntries(
  readFileSync(new URL(".env.example", root), "utf8")
    .split("\n")
    .filter((line) => /^[A-Z_]+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
);

const serverSettings = (source: Record<string, string>) => parseEnv(runtimeEnvSchema, source);

/** src/env.ts as the app loads it, with these variables in place of the process's. */
async function loadAppEnv(source: Record<string, string>) {
  vi.resetModules();
  for (const [name, value] of Object.entries(source)) vi.stubEnv(name, value);
  return (await import("@/env")).env;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("the server's settings", () => {
  it("take their defaults when unset, and when left empty as in .env.example", () => {
    const defaults = { NODE_ENV: "development", SITE_URL: "http://localhost:3000", PORT: 3000, HOSTNAME: "0.0.0.0", TRUST_PROXY: false, SEARCH_CONCURRENCY: 2, LOG_LEVEL: "info" };
    expect(serverSettings({})).toEqual(defaults);
    expect(serverSettings({ PORT: "", HOSTNAME: "", TRUST_PROXY: "" })).toEqual(defaults);
    expect(serverSettings(envExample)).toEqual(defaults);
  });

  it("read a port, an address and a trusted proxy as the server uses them", () => {
    expect(serverSettings({ PORT: "8080", HOSTNAME: "127.0.0.1", TRUST_PROXY: "true", SEARCH_CONCURRENCY: "4", NODE_ENV: "production" })).toMatchObject({
      PORT: 8080,
      HOSTNAME: "127.0.0.1",
      TRUST_PROXY: true,
      SEARCH_CONCURRENCY: 4,
      NODE_ENV: "production",
    });
    for (const [value, trusted] of [["1", true], ["false", false], ["0", false]] as const) {
      expect(serverSettings({ TRUST_PROXY: value }).TRUST_PROXY, value).toBe(trusted);
    }
  });

  it("refuse a bad value, naming it, rather than guess", () => {
    expect(() => serverSettings({ PORT: "http" })).toThrow("Invalid environment:\n  PORT: PORT must be a port number");
    expect(() => serverSettings({ PORT: "70000" })).toThrow(/^Invalid environment:\n {2}PORT: /);
    // "yes" or "TRUE" once meant false without a word: a proxy's clients would all have counted as one.
    for (const value of ["yes", "TRUE", "on"]) {
      expect(() => serverSettings({ TRUST_PROXY: value }), value).toThrow("Invalid environment:\n  TRUST_PROXY: TRUST_PROXY must be true or false");
    }
    expect(() => serverSettings({ SITE_URL: "portal.example.org", SEARCH_CONCURRENCY: "0" })).toThrow(/SITE_URL: .*\n {2}SEARCH_CONCURRENCY: /);
  });
});

describe("src/env.ts", () => {
  it("holds the server's settings, parsed the same way", async () => {
    const source = { NODE_ENV: "production", PORT: "8080", HOSTNAME: "127.0.0.1", TRUST_PROXY: "1", SEARCH_CONCURRENCY: "4", SITE_URL: "https://portal.example.org" };
    expect(await loadAppEnv(source)).toMatchObject(serverSettings(source));
  });

  it("accepts .env.example as it stands", async () => {
    expect(await loadAppEnv(envExample)).toMatchObject({ PORT: 3000, TRUST_PROXY: false, DATABASE_URL: undefined, SITE_URL: "http://localhost:3000" });
  });

  it("refuses a bad server setting with the message the server gives", async () => {
    const message = (() => {
      try {
        serverSettings({ TRUST_PROXY: "yes" });
      } catch (error) {
        return (error as Error).message;
      }
    })();
    await expect(loadAppEnv({ TRUST_PROXY: "yes" })).rejects.toThrow(message);
  });
});

describe("runtime/server.mjs", () => {
  it("runs under plain Node and stops at once on a bad setting, saying which", () => {
    const run = spawnSync(process.execPath, ["runtime/server.mjs"], {
      cwd: root,
      env: { PATH: process.env.PATH, NODE_ENV: "production", PORT: "http" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    // Its log is JSON lines on stdout, the reason in the last one.
    const last = JSON.parse(run.stdout.trim().split("\n").at(-1)!);
    expect(last).toMatchObject({ level: "fatal" });
    expect(last.msg).toContain("Invalid environment:\n  PORT: PORT must be a port number");
  });
});
