import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { PDFDocument } from "pdf-lib";
import { GET as getFeed } from "@/app/[locale]/feed.xml/route";
import { GET as exportApplications } from "@/app/api/admin/exports/applications/route";
import { GET as exportContent } from "@/app/api/admin/exports/[kind]/route";
import { GET as listInstitutions } from "@/app/api/v1/institutions/route";
import { GET as getMission } from "@/app/api/v1/missions/[slug]/route";
import { GET as getDataFile } from "@/app/data/[file]/route";
import { slugify } from "@/lib/slug";
import { decisionEmail } from "@/server/mail/decision-templates";
import { addAttachment, saveApplicationStep, startApplication, submitApplication, getApplicantView } from "@/server/applications/service";
import { createInstitution, createMission, createOpportunity, FACTORY_COUNTRY } from "../factories";
import { leadAnswers, payloadAnswers, scienceAnswers, uniqueEmail, uniqueIp } from "../factories/application-answers";
import { csvRecords } from "../factories/open-data-csv";
import { testPrisma } from "../support/database";
import { signInAs, signOutTestStaff } from "../support/staff";
import { PRACTICE_CALL_SLUG } from "../../prisma/practice-call";

// Text that staff or applicants typed, holding markup and a spreadsheet formula, must come out as text wherever
// the portal shows it again: JSON, the Atom feed, open-data and staff CSV files, and emails.
// (Pages, which only a browser can judge, are checked in tests/e2e/inert-content.spec.ts.)

const MARKUP = `<script>alert(1)</script><img src=x onerror=alert(1)>`;
const FORMULA = `=HYPERLINK("http://evil.example","open")`;
/** Starts with the formula, so spreadsheet guards are tested, and carries the markup, so escaping is. */
const hostile = (tag: string) => `${FORMULA}${MARKUP} ${tag}`;

const institutionName = hostile(`institution ${randomUUID().slice(0, 8)}`);
const missionName = hostile(`mission ${randomUUID().slice(0, 8)}`);
const landingSite = hostile("landing site");
const opportunityTitle = hostile(`opportunity ${randomUUID().slice(0, 8)}`);
const payloadName = hostile("payload");
const leadInstitution = hostile("lead");
const contactName = hostile("contact");
let missionSlug = "";
let applicantEmail = "";

const noParams = { params: Promise.resolve({}) };
const get = (path: string) => new NextRequest(`http://localhost${path}`);
/** The body as sent, byte-order mark included (Response.text() drops it). */
const textOf = async (response: Response) => new TextDecoder("utf-8", { ignoreBOM: true }).decode(await response.arrayBuffer());

/** No live element: neither tag survives as markup, so no reader or browser would run or load anything. */
function expectNoLiveMarkup(text: string) {
  expect(text).not.toMatch(/<script/i);
  expect(text).not.toMatch(/<img/i);
}

beforeAll(async () => {
  await createInstitution({ nameEn: institutionName, slug: slugify(`hostile institution ${randomUUID()}`), countryCode: FACTORY_COUNTRY, published: true });
  const mission = await createMission({ nameEn: missionName, slug: slugify(`hostile mission ${randomUUID()}`), landingSiteEn: landingSite, published: true });
  missionSlug = mission.slug;
  await createOpportunity({ titleEn: opportunityTitle, slug: slugify(`hostile opportunity ${randomUUID()}`), missionId: mission.id, published: true });

  // An application whose applicant typed markup and formulas, submitted as the form does.
  applicantEmail = uniqueEmail("hostile");
  const started = await startApplication({ slug: PRACTICE_CALL_SLUG, email: applicantEmail, locale: "en", clientIp: uniqueIp() });
  if (!started.ok) throw new Error("could not start");
  for (const [step, answers] of [
    ["lead", leadAnswers({ institutionName: leadInstitution, contactName })],
    ["payload", payloadAnswers({ payloadName, heritage: MARKUP })],
    ["science", scienceAnswers({ expectedResults: `${FORMULA} ${MARKUP}` })],
  ] as const) {
    const saved = await saveApplicationStep(started.token, step, answers);
    if (!saved.ok) throw new Error(`could not save ${step}: ${JSON.stringify(saved)}`);
  }
  const doc = await PDFDocument.create();
  doc.addPage();
  const attached = await addAttachment(started.token, { kind: "TECHNICAL_DESCRIPTION", fileName: "<b>bold<b>.pdf", bytes: await doc.save() });
  if (!attached.ok) throw new Error(`could not attach: ${JSON.stringify(attached)}`);
  const submitted = await submitApplication(started.token, randomUUID());
  if (!submitted.ok) throw new Error(`could not submit: ${JSON.stringify(submitted)}`);
});

afterAll(() => signOutTestStaff());

/** The content export route for one kind, as Next calls it for /api/admin/exports/<kind>. */
const exportOf = (kind: string) => (request: NextRequest) => exportContent(request, { params: Promise.resolve({ kind }) });
const exportMissions = exportOf("missions");
const exportInstitutions = exportOf("institutions");

describe("stored markup and formulas stay text", () => {
  it("in the JSON API: the same characters, as a plain JSON string", async () => {
    const response = await listInstitutions(get(`/api/v1/institutions?country=${FACTORY_COUNTRY}&pageSize=100`), noParams);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const { data } = (await response.json()) as { data: { name: { en: string } | string }[] };
    const names = data.map((i) => (typeof i.name === "string" ? i.name : i.name.en));
    expect(names).toContain(institutionName);

    const mission = await getMission(get(`/api/v1/missions/${missionSlug}`), { params: Promise.resolve({ slug: missionSlug }) });
    const body = await mission.text();
    expect(JSON.stringify(JSON.parse(body))).toContain(JSON.stringify(landingSite).slice(1, -1));
  });

  it("in the Atom feed: escaped in the XML, so readers show the characters and run nothing", async () => {
    const response = await getFeed(get("/en/feed.xml"), { params: Promise.resolve({ locale: "en" }) });
    const xml = await response.text();
    expect(xml).toContain("open"); // the feed was rendered with our rows
    expectNoLiveMarkup(xml);
    // Titles are typed html: after XML decoding they must still be escaped HTML, i.e. text once more.
    const titles = [...xml.matchAll(/<title type="html">(?:<!\[CDATA\[([\s\S]*?)\]\]>|([\s\S]*?))<\/title>/g)].map((m) =>
      m[1] ?? m[2]!.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&"),
    );
    const ours = titles.filter((t) => t.includes("opportunity") && t.includes("HYPERLINK"));
    expect(ours.length).toBeGreaterThan(0);
    for (const title of ours) {
      expectNoLiveMarkup(title);
      expect(title).toContain("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;");
    }
  });

  it("in open-data CSV: a leading quote keeps the formula from running; JSON has the exact text", async () => {
    const csv = await getDataFile(get("/data/institutions.csv"), { params: Promise.resolve({ file: "institutions.csv" }) });
    const rows = csvRecords(await textOf(csv));
    const row = rows.find((r) => Object.values(r).some((v) => v.includes(institutionName)));
    expect(row, "the institution is in the open-data CSV").toBeDefined();
    const cell = Object.values(row!).find((v) => v.includes(institutionName))!;
    expect(cell).toBe(`'${institutionName}`);

    const json = await getDataFile(get("/data/institutions.json"), { params: Promise.resolve({ file: "institutions.json" }) });
    expect(await json.text()).toContain(JSON.stringify(institutionName));
  });

  it("in staff CSV exports: every hostile cell starts with a quote", async () => {
    await signInAs("ADMIN");
    const cellsOf = async (response: Response) => csvRecords(await textOf(response)).flatMap((r) => Object.values(r));
    const institutions = await cellsOf(await exportInstitutions(get(`/api/admin/exports/institutions?q=${encodeURIComponent("institution")}`)));
    const missions = await cellsOf(await exportMissions(get("/api/admin/exports/missions")));
    const applications = await cellsOf(await exportApplications(get("/api/admin/exports/applications")));
    for (const [cells, value] of [
      [institutions, institutionName],
      [missions, missionName],
      [applications, payloadName],
      [applications, leadInstitution],
    ] as const) {
      expect(cells).toContain(`'${value}`);
      expect(cells).not.toContain(value);
    }
  });

  it("in the confirmation email: escaped in the HTML part, as typed in the text part", async () => {
    const mail = await testPrisma().outboxEmail.findFirstOrThrow({ where: { to: applicantEmail, kind: "submission-confirmation" } });
    expectNoLiveMarkup(mail.html!);
    expect(mail.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;");
    expect(mail.text).toContain(payloadName);
    expect(mail.text).toContain(leadInstitution);
    expect(mail.subject).not.toMatch(/[<>\r\n]/);
  });

  it("in the decision notice: escaped in the HTML part, including the committee's note, as typed in the text part", async () => {
    for (const outcome of ["ACCEPTED", "DECLINED"] as const) {
      const note = `${MARKUP}\n</p><a href="javascript:alert(1)">x</a>`;
      const notice = await decisionEmail({ locale: "en", outcome, reference: "TW3-2026-000001", call: "Tianwen-3 payload offer", payloadName, leadInstitution, note });
      expectNoLiveMarkup(notice.html);
      expect(notice.html).not.toContain('<a href="javascript');
      expect(notice.html).toContain("&lt;img src=x onerror=alert(1)&gt;");
      expect(notice.text).toContain(payloadName);
      expect(notice.text).toContain(note);
    }
  });
});
