import { exec, execSync } from "node:child_process";
import { createPublicKey, verify } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { env } from "@/env";
import {
  DATA_FORMATS,
  dataFileName,
  datasetItemSchemas,
  DATASETS,
  SIGNING_KEY_PATH,
  verificationCommands,
  type DatasetName,
} from "@/lib/validation/open-data";
import { GET as getSigningKeyFile } from "@/app/.well-known/cooperation-portal-signing-key/route";
import { GET as getCalendar } from "@/app/calendar.ics/route";
import { GET as getDataFile } from "@/app/data/[file]/route";
import { GET as getFeed } from "@/app/[locale]/feed.xml/route";
import { setClock } from "@/server/platform/clock";
import { createAward, createInstitution, createMission, createOpportunity, createProject, uniqueName } from "../factories";
import { csvRecords } from "../factories/open-data-csv";
import { PRACTICE_CALL_SLUG } from "../../prisma/practice-call";
import { testPrisma } from "../support/database";


// The open-data files served by their route handlers over real HTTP, so that the commands the open-data
// page shows (curl, openssl, sha256sum) run exactly as a partner would run them.

const work = mkdtempSync(path.join(tmpdir(), "open-data-"));
// The development key goes to this test's directory, not the working tree's .data/.
env.OPEN_DATA_DEV_KEY_FILE = path.join(work, "keys", "signing-key.pem");
delete (globalThis as Record<symbol, unknown>)[Symbol.for("space-cooperation-portal.open-data-signing-key")];

let server: Server;
let origin = "";

const noParams = { params: Promise.resolve({}) };

async function route(url: URL, headers: Headers): Promise<Response> {
  const request = new NextRequest(url, { headers });
  const feed = /^\/([^/]+)\/feed\.xml$/.exec(url.pathname);
  if (url.pathname.startsWith("/data/")) return getDataFile(request, { params: Promise.resolve({ file: url.pathname.slice("/data/".length) }) });
  if (url.pathname === SIGNING_KEY_PATH) return getSigningKeyFile(request, noParams);
  if (url.pathname === "/calendar.ics") return getCalendar(request, noParams);
  if (feed) return getFeed(request, { params: Promise.resolve({ locale: feed[1]! }) });
  return new Response("not found", { status: 404 });
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    route(new URL(req.url ?? "/", origin), headers)
      .then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      })
      .catch((error: unknown) => {
        res.writeHead(500);
        res.end(String(error));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(() => setClock(null));

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(work, { recursive: true, force: true });
});

const fetchBytes = async (pathname: string, init?: RequestInit) => {
  const response = await fetch(`${origin}${pathname}`, init);
  return { response, bytes: Buffer.from(await response.arrayBuffer()) };
};

async function dataset(name: DatasetName) {
  const json = await fetchBytes(`/data/${name}.json`);
  const csv = await fetchBytes(`/data/${name}.csv`);
  expect(json.response.status).toBe(200);
  expect(csv.response.status).toBe(200);
  const items = (JSON.parse(json.bytes.toString("utf8")) as { data: unknown[] }).data;
  return { items, records: csvRecords(csv.bytes.toString("utf8")) };
}

// Asynchronous: the server answering curl runs in this very process.
const sh = async (command: string, cwd: string) => (await promisify(exec)(command, { cwd, encoding: "utf8" })).stdout;

describe("datasets", () => {
  it("each serves every published row in JSON (the API's shapes) and CSV alike, with the seeded counts", async () => {
    const seeded: Partial<Record<DatasetName, number>> = { missions: 4, opportunities: 3, "call-stages": 3, "sample-loan-awards": 7, projects: 10 };
    for (const name of DATASETS) {
      const { items, records } = await dataset(name);
      expect(records).toHaveLength(items.length);
      for (const item of items) expect(datasetItemSchemas[name].parse(item)).toEqual(item);
      if (seeded[name] !== undefined) expect(items.length).toBeGreaterThanOrEqual(seeded[name]);
    }
    const awards = await dataset("sample-loan-awards");
    const cologne = awards.records.find((r) => r.institution_slug === "university-of-cologne");
    expect(cologne).toMatchObject({ institution_name_zh: "科隆大学", country_code: "DE", agreement_status: "UNCONFIRMED", opportunity_slug: "chang-e-5-sample-loans" });
    const opportunities = await dataset("opportunities");
    expect(opportunities.records.find((r) => r.slug === "chang-e-5-sample-loans")).toMatchObject({
      figure_agreements_signed: "5",
      figure_agreements_signed_out_of: "7",
      opens_on: "2023-11-01",
      opens_precision: "MONTH",
    });
    // The offer's window runs from its first stage's opening to its last stage's closing.
    expect(opportunities.records.find((r) => r.slug === "tianwen-3-payload-offer")).toMatchObject({
      orbiter_capacity_kg: "15",
      service_module_capacity_kg: "5",
      opens_on: "2025-03-11",
      closes_on: "2025-09-30",
    });
  });

  it("list every stage of the seeded calls, with its instants in UTC and the precision announced", async () => {
    const { items, records } = await dataset("call-stages");
    const seededCalls = ["chang-e-5-sample-loans", "tianwen-3-payload-offer"];
    const rows = records.filter((r) => seededCalls.includes(r.call_slug!));
    expect(rows).toEqual([
      {
        call_slug: "chang-e-5-sample-loans",
        position: "0",
        title_en: "Application",
        title_zh: "申请",
        opens_at: "2023-10-31T16:00:00.000Z",
        opens_precision: "MONTH",
        // 24:00 Beijing time on 22 December 2023, exactly.
        closes_at: "2023-12-22T16:00:00.000Z",
        closes_precision: "",
        grace_minutes: "0",
        entry: "ANYONE",
        time_zone: "Asia/Shanghai",
      },
      {
        call_slug: "tianwen-3-payload-offer",
        position: "0",
        title_en: "Letter of intent",
        title_zh: "意向书",
        opens_at: "2025-03-10T16:00:00.000Z",
        opens_precision: "DAY",
        // The end of 30 June 2025 in Beijing: the next midnight.
        closes_at: "2025-06-30T16:00:00.000Z",
        closes_precision: "DAY",
        grace_minutes: "0",
        entry: "ANYONE",
        time_zone: "Asia/Shanghai",
      },
      {
        call_slug: "tianwen-3-payload-offer",
        position: "1",
        title_en: "Full proposal",
        title_zh: "正式方案",
        opens_at: "",
        opens_precision: "",
        closes_at: "2025-09-30T16:00:00.000Z",
        closes_precision: "DAY",
        grace_minutes: "0",
        entry: "INVITED",
        time_zone: "Asia/Shanghai",
      },
    ]);
    expect(items.find((i) => (i as { call: { slug: string } }).call.slug === "chang-e-5-sample-loans")).toEqual({
      call: { slug: "chang-e-5-sample-loans", title: { en: "Chang'e-5 lunar sample loans", zh: "嫦娥五号月球样品借用" }, timeZone: "Asia/Shanghai" },
      position: 0,
      title: { en: "Application", zh: "申请" },
      opensAt: "2023-10-31T16:00:00.000Z",
      opensPrecision: "MONTH",
      closesAt: "2023-12-22T16:00:00.000Z",
      closesPrecision: null,
      graceMinutes: 0,
      entry: "ANYONE",
    });
  });

  it("leave out the practice call and everything shown through a practice call", async () => {
    const prisma = testPrisma();
    expect(await prisma.opportunity.count({ where: { slug: PRACTICE_CALL_SLUG, demonstration: true } })).toBe(1);
    const word = uniqueName("Rehearsal").replace(" ", "-").toLowerCase();
    const rehearsal = await createOpportunity({
      titleEn: `${word} call`,
      demonstration: true,
      opensOn: new Date("2026-01-05"),
      opensPrecision: "DAY",
      stages: { create: [{ position: 0, titleEn: `${word} stage`, titleZh: "演示阶段", opensAt: new Date("2026-01-04T16:00:00Z"), opensPrecision: "DAY" }] },
    });
    const project = await createProject({ titleEn: `${word} project`, opportunityId: rehearsal.id });
    const award = await createAward({ opportunityId: rehearsal.id });
    await prisma.milestone.create({ data: { slug: `${word}-milestone`, labelEn: `${word} milestone`, labelZh: "演示节点", date: new Date("2027-03-01"), precision: "MONTH", opportunityId: rehearsal.id } });

    const texts = await Promise.all(
      DATASETS.flatMap((name) => DATA_FORMATS.map(async (format) => (await fetchBytes(`/data/${name}.${format}`)).bytes.toString("utf8"))),
    );
    for (const text of texts) {
      for (const hidden of [PRACTICE_CALL_SLUG, "Practice call", rehearsal.slug, word, project.slug]) expect(text).not.toContain(hidden);
    }
    const awards = await dataset("sample-loan-awards");
    expect(awards.records.some((r) => r.institution_slug === award.institution.slug)).toBe(false);
  });

  it("leave out drafts and everything shown through a draft", async () => {
    const prisma = testPrisma();
    const word = uniqueName("Opendatum").replace(" ", "-").toLowerCase();
    const draftMission = await createMission({ nameEn: `${word} draft mission`, published: false });
    const callOfDraftMission = await createOpportunity({ titleEn: `${word} call of draft mission`, missionId: draftMission.id, opensOn: new Date("2026-01-05"), opensPrecision: "DAY" });
    const draftCall = await createOpportunity({ titleEn: `${word} draft call`, kind: "SAMPLE_LOAN", published: false, closesOn: new Date("2026-02-01"), closesPrecision: "DAY" });
    const draftInstitution = await createInstitution({ nameEn: `${word} draft institute`, published: false });
    const shownInstitution = await createInstitution({ nameEn: `${word} published institute` });
    const projectOfDraftCall = await createProject({ titleEn: `${word} project of draft call`, opportunityId: draftCall.id });
    const draftProject = await createProject({ titleEn: `${word} draft project`, published: false });
    const shownProject = await createProject({
      titleEn: `${word} published project`,
      partners: [{ institutionId: shownInstitution.id, role: "LEAD" }, { institutionId: draftInstitution.id }],
    });
    const awardOfDraftCall = await createAward({ opportunityId: draftCall.id });
    const awardOfDraftInstitution = await createAward({ institutionId: draftInstitution.id });
    const draftAward = await createAward();
    await prisma.sampleLoanAward.update({ where: { id: draftAward.id }, data: { published: false } });
    const shownAward = await createAward({ institutionId: shownInstitution.id });
    const milestone = (slug: string, data: { missionId?: string; opportunityId?: string; published?: boolean }) =>
      prisma.milestone.create({ data: { slug: `${word}-${slug}`, labelEn: `${word} ${slug}`, labelZh: "测试里程碑", date: new Date("2027-03-01"), precision: "MONTH", ...data } });
    await milestone("of-draft-mission", { missionId: draftMission.id });
    await milestone("of-draft-call", { opportunityId: draftCall.id });
    await milestone("draft", { published: false });
    const shownMilestone = await milestone("published", { missionId: (await prisma.mission.findUniqueOrThrow({ where: { slug: "tianwen-3" } })).id });

    const all = Object.fromEntries(await Promise.all(DATASETS.map(async (name) => [name, await dataset(name)] as const)));
    const texts = await Promise.all(
      DATASETS.flatMap((name) => DATA_FORMATS.map(async (format) => (await fetchBytes(`/data/${name}.${format}`)).bytes.toString("utf8"))),
    );
    for (const slug of [draftMission.slug, callOfDraftMission.slug, draftCall.slug, draftInstitution.slug, projectOfDraftCall.slug, draftProject.slug]) {
      for (const text of texts) expect(text).not.toContain(slug);
    }
    for (const text of texts) {
      for (const hidden of ["of-draft-mission", "of-draft-call", `${word}-draft"`, `${word}-draft,`]) expect(text).not.toContain(hidden);
    }
    const slugs = (name: DatasetName) => all[name]!.records.map((r) => r.slug ?? r.institution_slug);
    expect(slugs("institutions")).toContain(shownInstitution.slug);
    expect(slugs("projects")).toContain(shownProject.slug);
    expect(all.projects!.records.find((r) => r.slug === shownProject.slug)).toMatchObject({ partner_slugs: shownInstitution.slug, partner_roles: "LEAD" });
    expect(all["sample-loan-awards"]!.records.map((r) => r.opportunity_slug)).toContain(shownAward.opportunity.slug);
    for (const hidden of [awardOfDraftCall, awardOfDraftInstitution, draftAward]) {
      expect(all["sample-loan-awards"]!.records.some((r) => r.institution_slug === hidden.institution.slug && r.opportunity_slug === hidden.opportunity.slug)).toBe(false);
    }
    expect(slugs("milestones").filter((slug) => slug!.startsWith(word))).toEqual([shownMilestone.slug]);
    expect(all.milestones!.items.find((m) => (m as { slug: string }).slug === shownMilestone.slug)).toMatchObject({ mission: { slug: "tianwen-3" }, date: { date: "2027-03-01", precision: "MONTH" }, approximate: false });
  });
});

describe("bytes, digests and caching", () => {
  it("serves the same bytes every time, with the digest line, the SHA-256 as ETag and 304 for a current copy", async () => {
    for (const name of DATASETS) {
      for (const format of DATA_FORMATS) {
        const file = dataFileName({ dataset: name, format, kind: "data" });
        const first = await fetchBytes(`/data/${file}`);
        const second = await fetchBytes(`/data/${file}`);
        expect(second.bytes.equals(first.bytes)).toBe(true);
        const digest = (await fetchBytes(`/data/${file}.sha256`)).bytes.toString("utf8");
        const hex = execSync("sha256sum", { input: first.bytes, encoding: "utf8" }).split(" ")[0]!;
        expect(digest).toBe(`${hex}  ${file}\n`);
        expect(first.response.headers.get("etag")).toBe(`"${hex}"`);
        expect(first.response.headers.get("cache-control")).toMatch(/^public, max-age=\d+/);
        expect(first.response.headers.get("content-type")).toBe(format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8");
        const cached = await fetchBytes(`/data/${file}`, { headers: { "If-None-Match": `"${hex}"` } });
        expect(cached.response.status).toBe(304);
        expect(cached.bytes).toHaveLength(0);
      }
    }
  });

  it("answers 404 in the API's error shape for any other file name", async () => {
    for (const file of ["staff.csv", "missions.xml", "missions.csv.md5", "missions"]) {
      const { response, bytes } = await fetchBytes(`/data/${file}`);
      expect(response.status).toBe(404);
      expect(JSON.parse(bytes.toString("utf8"))).toMatchObject({ error: { code: "not_found" } });
    }
  });
});

describe("signatures", () => {
  it("verify with the three commands the open-data page shows, run with the real curl and openssl", async () => {
    const dir = mkdtempSync(path.join(work, "verify-"));
    const commands = verificationCommands(origin);
    for (const command of commands.verify.slice(0, -1)) await sh(command, dir);
    expect(await sh(commands.verify.at(-1)!, dir)).toContain("Signature Verified Successfully");
    const key = await fetchBytes(SIGNING_KEY_PATH);
    expect(key.response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(readFileSync(path.join(dir, "key.pem"), "utf8")).toBe(key.bytes.toString("utf8"));
    const { getSigningKey } = await import("@/server/open-data/signing-key");
    expect(await sh(commands.fingerprint, dir)).toContain(getSigningKey().fingerprint);
    for (const command of commands.digest) await sh(command, dir);
    expect(await sh(commands.digest.at(-1)!, dir)).toBe("missions.csv: OK\n");

    // One changed byte, and openssl refuses the file.
    const csv = readFileSync(path.join(dir, "missions.csv"));
    csv.writeUInt8(csv.readUInt8(csv.length - 2) ^ 1, csv.length - 2);
    writeFileSync(path.join(dir, "missions.csv"), csv);
    await expect(sh(commands.verify.at(-1)!, dir)).rejects.toThrow(/Command failed/);
  });

  it("verify for every file with openssl and with node:crypto, against the key from /.well-known", async () => {
    const dir = mkdtempSync(path.join(work, "all-"));
    const pem = (await fetchBytes(SIGNING_KEY_PATH)).bytes;
    writeFileSync(path.join(dir, "key.pem"), pem);
    const publicKey = createPublicKey(pem);
    for (const name of DATASETS) {
      for (const format of DATA_FORMATS) {
        const file = dataFileName({ dataset: name, format, kind: "data" });
        const { bytes } = await fetchBytes(`/data/${file}`);
        const sig = await fetchBytes(`/data/${file}.sig`);
        expect(sig.response.headers.get("content-type")).toBe("application/octet-stream");
        expect(sig.bytes).toHaveLength(64);
        expect(verify(null, bytes, publicKey, sig.bytes)).toBe(true);
        writeFileSync(path.join(dir, file), bytes);
        writeFileSync(path.join(dir, `${file}.sig`), sig.bytes);
        expect(await sh(`openssl pkeyutl -verify -pubin -inkey key.pem -rawin -in ${file} -sigfile ${file}.sig`, dir)).toContain("Signature Verified Successfully");
      }
    }
  });
});

describe("feed", () => {
  it("is Atom in the requested language, with the published calls' stages and without drafts or the practice call", async () => {
    setClock(new Date("2026-01-15T00:00:00Z"));
    const draft = await createOpportunity({ titleEn: uniqueName("Unpublished call"), published: false });
    const en = await fetchBytes("/en/feed.xml");
    expect(en.response.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    const xml = en.bytes.toString("utf8");
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">');
    expect(xml).toContain("Tianwen-3 payload offer — Letter of intent closed on 30 June 2025 (Beijing time)");
    expect(xml).toContain(`<id>tag:${new URL(env.SITE_URL).hostname},2025:opportunity/tianwen-3-payload-offer/stage-0/closes</id>`);
    expect(xml).toContain("Chang'e-5 lunar sample loans — Application closed on 22 December 2023 at 24:00 (Beijing time)");
    expect(xml).toContain("Chang'e-5 lunar sample loans — Application opened in November 2023");
    expect(xml).toContain(`<link href="${env.SITE_URL}/en/opportunities/chang-e-8-cooperation-projects"/>`);
    expect(xml).not.toContain(draft.titleEn);
    expect(xml).not.toContain(PRACTICE_CALL_SLUG);
    expect(xml).not.toContain("Practice call");
    const zh = (await fetchBytes("/zh/feed.xml")).bytes.toString("utf8");
    expect(zh).toContain('xml:lang="zh-Hans"');
    expect(zh).toContain("天问三号载荷搭载机会 — 意向书已于北京时间2025年6月30日截止");
    expect(zh).not.toContain("练习征集");
    expect((await fetchBytes("/xx/feed.xml")).response.status).toBe(404);
  });

  it("says a stage still to come closes on its day", async () => {
    setClock(new Date("2025-05-01T00:00:00Z"));
    const xml = (await fetchBytes("/en/feed.xml")).bytes.toString("utf8");
    expect(xml).toContain("Tianwen-3 payload offer — Letter of intent closes on 30 June 2025 (Beijing time)");
    expect(xml).toContain("Tianwen-3 payload offer — Full proposal closes on 30 September 2025 (Beijing time)");
  });
});

describe("calendar", () => {
  // iCalendar folds long lines; a client joins them again.
  const eventOf = (ics: string, uid: string) => ics.replace(/\r\n[ \t]/g, "").split("BEGIN:VEVENT").find((e) => e.includes(`\r\nUID:${uid}@`));

  it("has each stage's opening and closing, the window of a call without stages and the milestones, and nothing of a draft or the practice call", async () => {
    const draft = await createOpportunity({ titleEn: uniqueName("Draft dated call"), published: false, closesOn: new Date("2026-10-01"), closesPrecision: "DAY" });
    const { response, bytes } = await fetchBytes("/calendar.ics");
    expect(response.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    const ics = bytes.toString("utf8");
    expect(ics.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);

    // The letter of intent closes at the end of 30 June 2025 in Beijing: an all-day event on that day.
    const intent = eventOf(ics, "opportunity-tianwen-3-payload-offer-stage-0-closes");
    expect(intent).toContain("\r\nDTSTART;VALUE=DATE:20250630\r\nDTEND;VALUE=DATE:20250701\r\n");
    expect(intent).toContain("\r\nSUMMARY:Tianwen-3 payload offer — Letter of intent closes / 天问三号载荷搭载机会 — 意向书截止\r\n");
    expect(eventOf(ics, "opportunity-tianwen-3-payload-offer-stage-0-opens")).toContain("\r\nDTSTART;VALUE=DATE:20250311\r\n");
    expect(eventOf(ics, "opportunity-tianwen-3-payload-offer-stage-1-closes")).toContain("\r\nDTSTART;VALUE=DATE:20250930\r\n");
    // Chang'e-5 closed at exactly 24:00 Beijing time: a timed event at that instant, in UTC.
    const loans = eventOf(ics, "opportunity-chang-e-5-sample-loans-stage-0-closes");
    expect(loans).toContain("\r\nDTSTART:20231222T160000Z\r\n");
    expect(loans).toContain("22 December 2023 at 24:00 (Beijing time)");
    expect(eventOf(ics, "opportunity-chang-e-5-sample-loans-stage-0-opens")).toContain("\r\nDTSTART;VALUE=DATE:20231101\r\nDTEND;VALUE=DATE:20231201\r\n");
    // Calls with stages have no window events of their own; a call without stages keeps them.
    expect(ics).not.toMatch(/UID:opportunity-(tianwen-3-payload-offer|chang-e-5-sample-loans)-(opens|closes)@/);
    expect(eventOf(ics, "opportunity-chang-e-8-cooperation-projects-opens")).toContain("\r\nDTSTART;VALUE=DATE:20231001\r\n");
    expect(eventOf(ics, "milestone-tianwen-3-launch")).toBeDefined();

    expect(ics).not.toContain(draft.slug);
    expect(ics).not.toContain(PRACTICE_CALL_SLUG);
    expect(ics).not.toContain("Practice call");
    expect((await fetchBytes("/calendar.ics")).bytes.equals(bytes)).toBe(true);
  });
});
