import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as exportApplicationsCsv } from "@/app/api/admin/exports/applications/route";
import { parseListQuery } from "@/lib/admin-list";
import type { CallDefinitionInput } from "@/lib/calls/definition";
import { tianwen3Definition } from "@/lib/calls/tianwen-3";
import { type FormState, initialFormState } from "@/lib/form-state";
import { applicationListSpec } from "@/lib/validation/admin/review";
import type { StaffSession } from "@/server/authz";
import { saveScoresAction } from "@/server/actions/admin/review";
import { currentDefinition, saveCallDefinition } from "@/server/calls/definitions";
import { saveScores } from "@/server/review/assignments";
import { getDecisionBatch } from "@/server/review/decisions";
import { getApplicationDetail, listApplications } from "@/server/review/queries";
import { listMigrations } from "../../prisma/migrate";
import { createOpportunity, uniqueName } from "../factories";
import { createApplication, createAssignment } from "../factories/review";
import { createScratchDatabase, type ScratchDatabase, testPrisma } from "../support/database";
import { actAs, createStaff, signOutTestStaff } from "../support/staff";

// Reviews score each application on the rubric of the version of the call it answered, whatever that rubric is:
// here a call whose first version scores two criteria weighted 2 and 1 from 0 to 5, and whose later version has gone
// back to Tianwen-3's three criteria. Its applications are scored on the two, and staff read and sort on the
// weighted average.

const ACTOR = { id: null, email: "rubric-scores@test" };

const TWO_CRITERIA = {
  criteria: [
    { key: "novelty", label: { en: "Novelty", zh: "新颖性" }, help: { en: "What nobody has measured before.", zh: "前所未有的测量。" }, weight: 2 },
    { key: "reach", label: { en: "Reach", zh: "影响范围" }, weight: 1 },
  ],
  scale: { min: 0, max: 5 },
  instructions: { en: "0 is absent, 5 is outstanding.", zh: "0分为没有，5分为杰出。" },
};

let admin: StaffSession;
const call = {} as { id: string; rubricVersionId: string; tag: string };

/** Saves a version of the call's definition as staff do, through the meta-schema. */
async function saveDefinition(opportunityId: string, definition: CallDefinitionInput) {
  const saved = await testPrisma().$transaction((tx) => saveCallDefinition(tx, ACTOR, opportunityId, definition));
  if (!saved.ok) throw new Error(`definition refused: ${JSON.stringify(saved.fieldErrors)}`);
  return saved;
}

beforeAll(async () => {
  admin = await createStaff("ADMIN");
  const opportunity = await createOpportunity({ titleEn: uniqueName("Two-criteria call") });
  await saveDefinition(opportunity.id, { ...structuredClone(tianwen3Definition), rubric: TWO_CRITERIA });
  const first = (await currentDefinition(opportunity.id))!;
  Object.assign(call, { id: opportunity.id, rubricVersionId: first.id, tag: uniqueName("Rubric").split(" ")[1]! });
});
afterAll(() => signOutTestStaff());

/** A shortlisted application that answered the call's two-criteria version. */
const applicationOnTwoCriteria = (payloadName: string) =>
  createApplication({ opportunityId: call.id, definitionId: call.rubricVersionId, status: "SHORTLISTED", payloadName: `${call.tag} ${payloadName}` });

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  data.set("locale", "en");
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
}
const scoreAs = (reviewer: StaffSession, fields: Record<string, string>): Promise<FormState> => {
  actAs(reviewer);
  return saveScoresAction(initialFormState, form(fields));
};

async function detailAs(staff: StaffSession, id: string) {
  const found = await getApplicationDetail(staff, id);
  if (found.kind !== "ok") throw new Error(`expected to see ${id}, got ${found.kind}`);
  return found.detail;
}

describe("a call scored on a rubric of its own", () => {
  it("scores its applications on the rubric of the version they answered, even after the call's form changed", async () => {
    const app = await applicationOnTwoCriteria("Answered");
    // A submitted application freezes its version: the call's next form makes version 2, with Tianwen-3's rubric.
    expect(await saveDefinition(call.id, tianwen3Definition)).toMatchObject({ version: 2, newVersion: true });
    const reviewer = await createStaff("REVIEWER");
    await createAssignment(app.id, reviewer.id);

    const seen = await detailAs(reviewer, app.id);
    expect(seen.viewer.canScore).toBe(true);
    expect(seen.rubric).toEqual(TWO_CRITERIA);
    // A later application answers the later version, and is scored on Tianwen-3's criteria.
    const later = await createApplication({ opportunityId: call.id, definitionId: (await currentDefinition(call.id))!.id });
    expect((await detailAs(admin, later.id)).rubric?.criteria.map((c) => c.key)).toEqual(["scientificValue", "technicalFeasibility", "cooperationDiversity"]);

    expect(await scoreAs(reviewer, { applicationId: app.id, "scores.novelty": "5", "scores.reach": "0", comment: "A first of its kind." })).toMatchObject({
      ok: true,
      message: "scored",
    });
    const stored = await testPrisma().reviewAssignment.findFirstOrThrow({ where: { applicationId: app.id, reviewerId: reviewer.id } });
    expect(stored.scores).toEqual({ novelty: 5, reach: 0 });
    const [audit] = await testPrisma().auditEntry.findMany({ where: { entityId: stored.id, action: "score" } });
    expect(audit).toMatchObject({ summary: `${app.reference}: 5/0`, after: { scores: { novelty: 5, reach: 0 }, comment: "A first of its kind." } });
  });

  describe("refusals", () => {
    let app: Awaited<ReturnType<typeof applicationOnTwoCriteria>>;
    let reviewer: StaffSession;
    const comment = "Clear objectives.";
    beforeAll(async () => {
      app = await applicationOnTwoCriteria("Refused");
      reviewer = await createStaff("REVIEWER");
      await createAssignment(app.id, reviewer.id);
    });
    // Nothing refused may leave a score or an audit entry behind.
    afterEach(async () => {
      expect(await testPrisma().reviewAssignment.findFirstOrThrow({ where: { applicationId: app.id } })).toMatchObject({ scores: null, scoredAt: null });
      expect(await testPrisma().auditEntry.count({ where: { entity: "ReviewAssignment", action: "score", summary: { startsWith: `${app.reference}:` } } })).toBe(0);
    });

    it("asks again for scores off the scale, not whole, or missing, naming each criterion", async () => {
      const cases: [Record<string, string>, Record<string, string>][] = [
        [{ "scores.novelty": "6", "scores.reach": "-1" }, { "scores.novelty": "chooseOne", "scores.reach": "chooseOne" }],
        [{ "scores.novelty": "2.5", "scores.reach": "3" }, { "scores.novelty": "chooseOne" }],
        [{ "scores.novelty": "4" }, { "scores.reach": "chooseOne" }],
        [{ "scores.novelty": "five", "scores.reach": "" }, { "scores.novelty": "chooseOne", "scores.reach": "chooseOne" }],
      ];
      for (const [scores, fieldErrors] of cases) {
        const state = await scoreAs(reviewer, { applicationId: app.id, ...scores, comment });
        expect(state, JSON.stringify(scores)).toMatchObject({ ok: false, message: "summaryTitle", fieldErrors });
        expect(Object.keys(state.fieldErrors!).sort(), JSON.stringify(scores)).toEqual(Object.keys(fieldErrors).sort());
        // The form comes back with what was posted.
        expect(state.values).toMatchObject({ ...scores, comment });
      }
    });

    it("refuses a score for a criterion its rubric does not name as a tampered request", async () => {
      const tampered: Record<string, string>[] = [
        // The criteria of the call's later version, which this application did not answer.
        { "scores.scientificValue": "4", "scores.technicalFeasibility": "4", "scores.cooperationDiversity": "4" },
        { "scores.novelty": "4", "scores.reach": "4", "scores.scientificValue": "4" },
        { "scores.novelty": "4", "scores.reach": "4", "scores.__proto__": "4" },
        { "scores.novelty": "4", "scores.reach": "4", "scores.constructor": "4" },
        { scores: "4" },
      ];
      for (const scores of tampered) {
        expect(await scoreAs(reviewer, { applicationId: app.id, ...scores, comment }), JSON.stringify(scores)).toEqual({ ok: false, message: "invalidRequest" });
      }
    });

    it("refuses, in the service itself, scores its rubric does not take, whatever sent them", async () => {
      const offRubric: Record<string, number>[] = [{ novelty: 4, reach: 4, bogus: 1 }, { novelty: 9, reach: 1 }, { novelty: 4 }, { novelty: 1.5, reach: 1 }];
      for (const scores of offRubric) {
        expect(await saveScores(reviewer, { applicationId: app.id, scores, comment }), JSON.stringify(scores)).toEqual({ ok: false, error: "invalidRequest" });
      }
    });
  });

  it("lists and sorts by the average weighted by its criteria, on the application's page, the inbox, its export and the decisions page", async () => {
    const [a, b, c] = [await createStaff("REVIEWER"), await createStaff("REVIEWER"), await createStaff("REVIEWER")];
    // Weighted 2 to 1, Even comes out under Steady; unweighted, it would come out above.
    const even = await applicationOnTwoCriteria("Even");
    const steady = await applicationOnTwoCriteria("Steady");
    for (const reviewer of [a, b]) await createAssignment(even.id, reviewer.id);
    await createAssignment(steady.id, c.id);
    expect(await scoreAs(a, { applicationId: even.id, "scores.novelty": "5", "scores.reach": "2", comment: "Novel, narrow." })).toMatchObject({ ok: true });
    expect(await scoreAs(b, { applicationId: even.id, "scores.novelty": "0", "scores.reach": "5", comment: "Known, broad." })).toMatchObject({ ok: true });
    expect(await scoreAs(c, { applicationId: steady.id, "scores.novelty": "4", "scores.reach": "1", comment: "Novel enough." })).toMatchObject({ ok: true });

    // Novelty averages 2.5 and reach 3.5: (2 × 2.5 + 3.5) / 3, where the plain mean would be 3.
    const evenOverall = 17 / 6;
    const averages = (await detailAs(admin, even.id)).averages!;
    expect(averages).toMatchObject({ criteria: { novelty: 2.5, reach: 3.5 }, count: 2 });
    expect(averages.overall).toBeCloseTo(evenOverall, 10);
    // A reviewer who has scored sees the same.
    expect((await detailAs(a, even.id)).averages!.overall).toBeCloseTo(evenOverall, 10);

    const inbox = async (dir: "asc" | "desc") =>
      (await listApplications(admin, parseListQuery({ q: call.tag, sort: "score", dir }, applicationListSpec))).rows.filter((r) => [even.id, steady.id].includes(r.id));
    const [first, second] = await inbox("desc");
    expect([first!.id, second!.id]).toEqual([steady.id, even.id]);
    expect(first).toMatchObject({ averageScore: 3, scoredCount: 1 });
    expect(second!.averageScore).toBeCloseTo(evenOverall, 10);
    expect(second!.scoredCount).toBe(2);
    expect((await inbox("asc")).map((r) => r.id)).toEqual([even.id, steady.id]);

    actAs(admin);
    const csv = await (await exportApplicationsCsv(new NextRequest(`http://portal.test/api/admin/exports/applications?q=${encodeURIComponent(call.tag)}`))).text();
    const line = (name: string) => csv.split(/\r?\n/).find((l) => l.includes(`${call.tag} ${name}`)) ?? "";
    expect(line("Even")).toContain("2.83");
    expect(line("Steady")).toContain("3.00");

    const { candidates } = await getDecisionBatch();
    const shortlisted = candidates.filter((x) => [even.id, steady.id].includes(x.applicationId));
    expect(shortlisted.map((x) => x.applicationId)).toEqual([steady.id, even.id]);
    expect(shortlisted[0]!.averageScore).toBe(3);
    expect(shortlisted[1]!.averageScore).toBeCloseTo(evenOverall, 10);
  });
});

describe("migration 20261207130000_rubric_scores", () => {
  let scratch: ScratchDatabase | undefined;
  afterAll(() => scratch?.close());

  it("moves the three fixed columns' scores under Tianwen-3's criterion keys and drops the columns", async () => {
    scratch = await createScratchDatabase();
    const { runner } = scratch;
    const [ours, ...after] = listMigrations().filter((m) => m.name >= "20261207130000");
    expect(ours!.name).toBe("20261207130000_rubric_scores");
    for (const m of listMigrations().filter((m) => m.name < ours!.name)) await runner.exec(m.sql);
    await runner.exec(`
      INSERT INTO "Mission" ("id", "slug", "nameEn", "nameZh", "body", "status", "updatedAt") VALUES ('m', 'm', 'M', 'M', 'MARS', 'PLANNED', now());
      INSERT INTO "Opportunity" ("id", "slug", "missionId", "kind", "status", "titleEn", "titleZh", "updatedAt") VALUES ('o', 'o', 'm', 'PAYLOAD_OFFER', 'OPEN', 'O', 'O', now());
      INSERT INTO "Application" ("id", "opportunityId", "email", "accessTokenHash", "updatedAt") VALUES ('app', 'o', 'a@example.org', 'hash', now());
      INSERT INTO "StaffUser" ("id", "email", "name", "role", "passwordHash", "updatedAt") VALUES
        ('r1', 'r1@example.org', 'R1', 'REVIEWER', 'x', now()), ('r2', 'r2@example.org', 'R2', 'REVIEWER', 'x', now()), ('r3', 'r3@example.org', 'R3', 'REVIEWER', 'x', now());
      INSERT INTO "ReviewAssignment" ("id", "applicationId", "reviewerId", "scientificValue", "technicalFeasibility", "cooperationDiversity", "scoredAt", "updatedAt") VALUES
        ('scored', 'app', 'r1', 4, 3, 5, now(), now()),
        ('unscored', 'app', 'r2', NULL, NULL, NULL, NULL, now()),
        ('partial', 'app', 'r3', 2, NULL, NULL, NULL, now());
    `);

    await runner.exec(ours!.sql);

    expect(await runner.query(`SELECT "id", "scores" FROM "ReviewAssignment" ORDER BY "id"`)).toEqual([
      { id: "partial", scores: { scientificValue: 2 } },
      { id: "scored", scores: { scientificValue: 4, technicalFeasibility: 3, cooperationDiversity: 5 } },
      { id: "unscored", scores: null },
    ]);
    expect(
      await runner.query(`SELECT "column_name" FROM information_schema.columns WHERE "table_name" = 'ReviewAssignment' AND "column_name" IN ('scientificValue', 'technicalFeasibility', 'cooperationDiversity')`),
    ).toEqual([]);
    // Any later migration still applies on top of it.
    for (const m of after) await runner.exec(m.sql);
  });
});
