import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { env } from "@/env";
import { LOCALES } from "@/i18n/locales";
import { DATA_FORMATS, DATASETS, parseDataFileName } from "@/lib/validation/open-data";
import { newAccessToken } from "@/server/applications/tokens";
import { GET as getSigningKey } from "@/app/.well-known/cooperation-portal-signing-key/route";
import { GET as getFeed } from "@/app/[locale]/feed.xml/route";
import { GET as getAttachment } from "@/app/api/applications/[token]/attachments/[id]/route";
import { GET as getReceipt } from "@/app/api/applications/[token]/receipt/route";
import { GET as getCalendar } from "@/app/calendar.ics/route";
import { GET as getDataFile } from "@/app/data/[file]/route";
import { createApplication } from "../factories/review";
import { testPrisma } from "../support/database";
import { expectApiError, nastyString, pathSegment, pollutionKey, PROPERTY_TIMEOUT, PUBLIC_ROUTE_TESTS, RUNS, tooLong, watchTables } from "../support/property";

// Built once, as the data cache keeps it in the app: what varies here is the request, not the calendar's rows.
vi.mock("@/server/open-data/files", async (importOriginal) => {
  const files = await importOriginal<typeof import("@/server/open-data/files")>();
  let calendar: ReturnType<typeof files.buildCalendar> | undefined;
  return { ...files, buildCalendar: () => (calendar ??= files.buildCalendar()) };
});

// The open-data files, feed, calendar, signing key and the applicant's private downloads, driven with generated
// bad names, tokens and headers: a 404 (in the API's error shape where the OpenAPI document describes the path,
// the applicant downloads' plain "Not found" otherwise), or the file itself for requests that only carry junk;
// never a 5xx, never a write.

const work = mkdtempSync(path.join(tmpdir(), "property-files-"));
// The development key goes to this test's directory, not the working tree's .data/.
env.OPEN_DATA_DEV_KEY_FILE = path.join(work, "keys", "signing-key.pem");
delete (globalThis as Record<symbol, unknown>)[Symbol.for("space-cooperation-portal.open-data-signing-key")];
afterAll(() => rmSync(work, { recursive: true, force: true }));

const BASE = "http://localhost:3000";
const noParams = { params: Promise.resolve({}) };
const covered = new Set<string>();

/** Junk a client may add to any request: none of it may matter but a matching If-None-Match. */
const junkRequest = fc.record({
  query: fc.array(fc.tuple(fc.oneof(nastyString, pollutionKey), nastyString), { maxLength: 3 }),
  headers: fc.dictionary(
    fc.constantFrom("if-none-match", "range", "accept", "accept-encoding", "accept-language", "if-modified-since", "cookie"),
    fc.oneof(nastyString, fc.constantFrom("*", "W/\"x\"", "\"\"", ",,,", "bytes=0-0", "bytes=-1")).map((s) => s.replace(/[^\x20-\x7E]/g, "?")),
    { maxKeys: 3 },
  ),
});

function requestFor(pathname: string, junk: { query: [string, string][]; headers: Record<string, string> }): NextRequest {
  const url = new URL(pathname, BASE);
  for (const [name, value] of junk.query) url.searchParams.append(name, value);
  return new NextRequest(url, { headers: junk.headers });
}

/** A file answer: the bytes, or 304 for a matching If-None-Match; cacheable and never a 5xx. */
function expectFile(response: Response, label: string, contentType: RegExp) {
  expect([200, 304], `${label} answered ${response.status}`).toContain(response.status);
  expect(response.headers.get("content-type"), label).toMatch(contentType);
  expect(response.headers.get("etag"), label).toMatch(/^"[0-9a-f]{64}"$/);
}

describe("open-data files, feed and calendar under generated bad requests", { timeout: PROPERTY_TIMEOUT }, () => {
  it(`/data/[file]: ${RUNS} names that are no open-data file answer 404 in the error shape and write nothing`, async () => {
    covered.add("/data/[file]");
    const near = fc.tuple(fc.constantFrom(...DATASETS), fc.constantFrom(...DATA_FORMATS)).chain(([dataset, format]) =>
      fc.constantFrom(
        `${dataset}.${format.toUpperCase()}`,
        `${dataset}.xml`,
        `${dataset}.${format}.md5`,
        `${dataset}.${format}.sig.sig`,
        `../${dataset}.${format}`,
        `${dataset}.${format}/`,
        `${dataset}.${format}\u0000`,
        ` ${dataset}.${format}`,
        `${dataset}`,
        `${dataset}.${format}%00.sig`,
        `${dataset.toUpperCase()}.${format}`,
      ),
    );
    const badName = fc.oneof(near, nastyString, pollutionKey, tooLong(200)).filter((name) => parseDataFileName(name) === null);
    const tables = await watchTables();
    await fc.assert(
      fc.asyncProperty(badName, junkRequest, async (file, junk) => {
        const response = await getDataFile(requestFor(`/data/${pathSegment(file)}`, junk), { params: Promise.resolve({ file }) });
        expect((await expectApiError(response, `GET /data/${JSON.stringify(file)}`, [404])).code).toBe("not_found");
        await tables.check(file);
      }),
      { numRuns: RUNS },
    );
  });

  it(`/[locale]/feed.xml: ${RUNS} languages the portal does not have answer 404 in the error shape and write nothing`, async () => {
    covered.add("/[locale]/feed.xml");
    const badLocale = fc
      .oneof(nastyString, pollutionKey, tooLong(10), fc.constantFrom(...LOCALES).map((l) => l.toUpperCase()), fc.constantFrom("en-GB", "zh-CN", "zh-Hans", "de", "xx", "", "en ", "_next", "api"))
      .filter((locale) => !(LOCALES as readonly string[]).includes(locale));
    const tables = await watchTables();
    await fc.assert(
      fc.asyncProperty(badLocale, junkRequest, async (locale, junk) => {
        const response = await getFeed(requestFor(`/${pathSegment(locale)}/feed.xml`, junk), { params: Promise.resolve({ locale }) });
        expect((await expectApiError(response, `GET /${JSON.stringify(locale)}/feed.xml`, [404])).code).toBe("not_found");
        await tables.check(locale);
      }),
      { numRuns: RUNS },
    );
  });

  it(`/calendar.ics: ${RUNS} requests with junk queries and headers get the calendar (or 304) and write nothing`, async () => {
    covered.add("/calendar.ics");
    const tables = await watchTables();
    await fc.assert(
      fc.asyncProperty(junkRequest, async (junk) => {
        expectFile(await getCalendar(requestFor("/calendar.ics", junk), noParams), `calendar ${JSON.stringify(junk)}`, /^text\/calendar/);
        await tables.check("calendar");
      }),
      { numRuns: RUNS },
    );
  });

  it(`/.well-known/cooperation-portal-signing-key: ${RUNS} requests with junk queries and headers get the key (or 304) and write nothing`, async () => {
    covered.add("/.well-known/cooperation-portal-signing-key");
    const tables = await watchTables();
    await fc.assert(
      fc.asyncProperty(junkRequest, async (junk) => {
        const response = await getSigningKey(requestFor("/.well-known/cooperation-portal-signing-key", junk), noParams);
        expectFile(response, `signing key ${JSON.stringify(junk)}`, /^text\/plain/);
        if (response.status === 200) expect(await response.text()).toMatch(/^-----BEGIN PUBLIC KEY-----/);
        await tables.check("signing key");
      }),
      { numRuns: RUNS },
    );
  });
});

describe("the applicant's private downloads under generated bad tokens and ids", { timeout: PROPERTY_TIMEOUT }, () => {
  let draft: { token: string };
  let submitted: { token: string; attachmentId: string };

  beforeAll(async () => {
    const submittedToken = newAccessToken();
    const app = await createApplication({ status: "SUBMITTED", withAttachment: true });
    await testPrisma().application.update({ where: { id: app.id }, data: { accessTokenHash: submittedToken.hash } });
    const draftToken = newAccessToken();
    const draftApp = await createApplication({ status: "DRAFT" });
    await testPrisma().application.update({ where: { id: draftApp.id }, data: { accessTokenHash: draftToken.hash } });
    submitted = { token: submittedToken.token, attachmentId: (app as { attachmentId: string }).attachmentId };
    draft = { token: draftToken.token };
  });

  /** Tokens that open nothing: malformed, well-formed but unknown, or a real one with one character changed. */
  const badToken = () =>
    fc.oneof(
      nastyString,
      pollutionKey,
      tooLong(43),
      fc.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      fc.integer({ min: 0, max: 42 }).map((i) => submitted.token.slice(0, i) + (submitted.token[i] === "A" ? "B" : "A") + submitted.token.slice(i + 1)),
      fc.constant(submitted.token.slice(0, 42)),
      fc.constant(`${submitted.token}=`),
    ).filter((t) => t !== submitted.token && t !== draft.token);

  function expectNotFound(response: Response, label: string) {
    expect(response.status, label).toBe(404);
    expect(response.headers.get("cache-control"), label).toBe("no-store");
    expect(response.headers.get("content-disposition"), label).toBeNull();
  }

  it(`/api/applications/[token]/attachments/[id]: ${RUNS} wrong tokens or ids answer 404 and write nothing`, async () => {
    covered.add("/api/applications/[token]/attachments/[id]");
    const badId = fc.oneof(nastyString, pollutionKey, fc.stringMatching(/^c[a-z0-9]{24}$/), tooLong(64)).filter((id) => id !== submitted.attachmentId);
    const cases = fc.oneof(
      fc.tuple(badToken(), fc.oneof(badId, fc.constant(submitted.attachmentId))),
      fc.tuple(fc.constantFrom(submitted.token, draft.token), badId),
      // The draft's token does not open another application's file.
      fc.constant([draft.token, submitted.attachmentId] as [string, string]),
    );
    const tables = await watchTables();
    await fc.assert(
      fc.asyncProperty(cases, async ([token, id]) => {
        const url = `${BASE}/api/applications/${pathSegment(token)}/attachments/${pathSegment(id)}`;
        const response = await getAttachment(new Request(url), { params: Promise.resolve({ token, id }) });
        expectNotFound(response, `attachment ${JSON.stringify([token, id])}`);
        expect(await response.text()).toBe("Not found");
        await tables.check("attachment");
      }),
      { numRuns: RUNS },
    );
  });

  it(`/api/applications/[token]/receipt: ${RUNS} wrong tokens, and a draft's, answer 404 and write nothing`, async () => {
    covered.add("/api/applications/[token]/receipt");
    const tables = await watchTables();
    await fc.assert(
      fc.asyncProperty(fc.oneof(badToken(), fc.constant(draft.token)), async (token) => {
        const response = await getReceipt(new Request(`${BASE}/api/applications/${pathSegment(token)}/receipt`), { params: Promise.resolve({ token }) });
        expectNotFound(response, `receipt ${JSON.stringify(token)}`);
        expect(await response.text()).toBe("Not found");
        await tables.check("receipt");
      }),
      { numRuns: RUNS },
    );
  });

  it("covered every route this file is responsible for", () => {
    const mine = Object.entries(PUBLIC_ROUTE_TESTS).filter(([, file]) => file === "property-files").map(([route]) => route);
    expect([...covered].sort()).toEqual(mine.sort());
  });
});
