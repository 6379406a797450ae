import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { addStageAction, moveStageAction, removeStageAction, saveContentAction, updateStageAction } from "@/server/actions/admin/content";
import { setClock } from "@/server/platform/clock";
import { listOpportunities } from "@/server/queries/opportunities";
import { createOpportunity, uniqueName } from "../factories";
import { auditOf, type FormFields, post, versionOf } from "../factories/content";
import { testPrisma } from "../support/database";
import { revalidatedTags } from "../support/next-cache";
import { actAs, createStaff, refusalOf, signOutTestStaff } from "../support/staff";

// Staff who may write content add, edit, reorder and remove a call's stages through the record page's forms: each
// write is refused at a stale version, audited, and moves the call's public status with the stages' windows.

const editor = await createStaff("EDITOR");
afterAll(() => signOutTestStaff());
beforeEach(() => {
  actAs(editor);
  revalidatedTags.length = 0;
});
afterEach(() => setClock(null));

/** A published call that takes applications here, recorded as closed, with no stages yet. */
async function newCall(overrides: Parameters<typeof createOpportunity>[0] = {}) {
  return createOpportunity({ status: "CLOSED", referencePrefix: `S${randomBytes(3).toString("hex").toUpperCase()}`, timeZone: "Asia/Shanghai", ...overrides });
}

const callRow = (id: string) => testPrisma().opportunity.findUniqueOrThrow({ where: { id } });
const stagesOf = (opportunityId: string) => testPrisma().callStage.findMany({ where: { opportunityId }, orderBy: { position: "asc" } });
/** The call's id and current version, as a form opened now carries them. */
const refOf = async (id: string) => ({ id, version: versionOf(await callRow(id)) });

const stageForm = (fields: FormFields = {}): FormFields => ({
  titleEn: uniqueName("Letter of intent"),
  titleZh: "意向书",
  opensPrecision: "",
  opens: "",
  closesPrecision: "DAY",
  closes: "2027-03-31",
  graceMinutes: "0",
  entry: "ANYONE",
  ...fields,
});

async function addStage(callId: string, fields: FormFields = {}) {
  const outcome = await post(addStageAction, { ...(await refOf(callId)), ...stageForm(fields) });
  expect(outcome.redirectedTo, JSON.stringify(outcome.state ?? outcome.error)).toBe(`/en/admin/opportunities/${callId}?done=created#stages`);
  const stages = await stagesOf(callId);
  return stages[stages.length - 1]!;
}

const statusOf = async (slug: string) => (await listOpportunities()).find((o) => o.slug === slug)?.status;

describe("adding a stage", () => {
  it("stores a closing day as the midnight that ends it in the call's zone, audited, and revalidates the calls", async () => {
    const call = await newCall();
    const stage = await addStage(call.id, { titleEn: "Letter of intent", opensPrecision: "EXACT", opens: "2027-01-10 09:00", graceMinutes: "5" });
    expect(stage).toMatchObject({
      position: 0,
      titleEn: "Letter of intent",
      titleZh: "意向书",
      opensPrecision: null,
      closesPrecision: "DAY",
      graceMinutes: 5,
      entry: "ANYONE",
    });
    expect(stage.opensAt?.toISOString()).toBe("2027-01-10T01:00:00.000Z");
    expect(stage.closesAt?.toISOString()).toBe("2027-03-31T16:00:00.000Z");

    const entries = await auditOf(stage.id);
    expect(entries.map((e) => [e.action, e.entity, e.actorEmail])).toEqual([["create", "CallStage", editor.email]]);
    expect(entries[0]!.after).toMatchObject({ titleEn: "Letter of intent", closesAt: "2027-03-31T16:00:00.000Z", position: 0 });
    expect(revalidatedTags).toEqual(expect.arrayContaining(["content", "opportunities"]));
  });

  it("reads the window in the call's own zone: a closing day in Paris summer time ends at 22:00 UTC", async () => {
    const call = await newCall({ timeZone: "Europe/Paris" });
    const stage = await addStage(call.id, { closes: "2027-07-14" });
    expect(stage.closesAt?.toISOString()).toBe("2027-07-14T22:00:00.000Z");
  });

  it("puts a new stage after the last one and refuses a first stage for those invited", async () => {
    const call = await newCall();
    const refused = await post(addStageAction, { ...(await refOf(call.id)), ...stageForm({ entry: "INVITED" }) });
    expect(refused.state).toMatchObject({ ok: false, fieldErrors: { entry: "firstStageInvited" } });
    expect(await stagesOf(call.id)).toEqual([]);

    await addStage(call.id);
    const second = await addStage(call.id, { entry: "INVITED", closes: "2027-06-30" });
    expect(second).toMatchObject({ position: 1, entry: "INVITED" });
  });

  it("answers a form with its field errors and writes nothing", async () => {
    const call = await newCall();
    const late = await post(addStageAction, { ...(await refOf(call.id)), ...stageForm({ opensPrecision: "DAY", opens: "2027-04-01" }) });
    expect(late.state).toMatchObject({ ok: false, fieldErrors: { closes: "closesNotAfterOpens" }, values: { opens: "2027-04-01" } });
    const long = await post(addStageAction, { ...(await refOf(call.id)), ...stageForm({ graceMinutes: "20", closes: "2027-02-30" }) });
    expect(long.state).toMatchObject({ ok: false, fieldErrors: { graceMinutes: "tooLarge", closes: "stageDay" } });
    expect(await stagesOf(call.id)).toEqual([]);
  });
});

describe("editing a stage", () => {
  it("changes its window and entry at the call's version, with the values before and after in the audit trail", async () => {
    const call = await newCall();
    await addStage(call.id);
    const stage = await addStage(call.id, { titleEn: "Full proposal", closes: "2027-06-30" });
    const outcome = await post(updateStageAction, {
      ...(await refOf(call.id)),
      stageId: stage.id,
      ...stageForm({ titleEn: "Full proposal", titleZh: "正式方案", closesPrecision: "MONTH", closes: "2027-07", graceMinutes: "15", entry: "INVITED" }),
    });
    expect(outcome.redirectedTo).toBe(`/en/admin/opportunities/${call.id}?done=saved#stages`);
    const after = await testPrisma().callStage.findUniqueOrThrow({ where: { id: stage.id } });
    expect(after).toMatchObject({ titleZh: "正式方案", closesPrecision: "MONTH", graceMinutes: 15, entry: "INVITED", position: 1 });
    expect(after.closesAt?.toISOString()).toBe("2027-07-31T16:00:00.000Z");
    const update = (await auditOf(stage.id)).find((e) => e.action === "update")!;
    expect(update.before).toMatchObject({ closesAt: "2027-06-30T16:00:00.000Z", closesPrecision: "DAY", entry: "ANYONE" });
    expect(update.after).toMatchObject({ closesAt: "2027-07-31T16:00:00.000Z", closesPrecision: "MONTH", entry: "INVITED" });
  });

  it("refuses a form opened before another change to the call, and changes nothing", async () => {
    const call = await newCall();
    const stage = await addStage(call.id);
    const stale = versionOf(call);
    const outcome = await post(updateStageAction, { id: call.id, version: stale, stageId: stage.id, ...stageForm({ titleEn: "Too late" }) });
    expect(outcome.state).toMatchObject({ ok: false, message: "staleEdit" });
    expect((await testPrisma().callStage.findUniqueOrThrow({ where: { id: stage.id } })).titleEn).toBe(stage.titleEn);
    expect((await auditOf(stage.id)).map((e) => e.action)).toEqual(["create"]);
  });

  it("refuses a stage of another call as gone", async () => {
    const call = await newCall();
    const other = await newCall();
    const foreign = await addStage(other.id);
    const outcome = await post(updateStageAction, { ...(await refOf(call.id)), stageId: foreign.id, ...stageForm() });
    expect(outcome.state).toMatchObject({ ok: false, message: "recordGone" });
  });
});

describe("reordering stages", () => {
  it("swaps a stage with its neighbour, positions staying 0..n-1, each change audited", async () => {
    const call = await newCall();
    const first = await addStage(call.id, { titleEn: "First" });
    const second = await addStage(call.id, { titleEn: "Second" });
    const third = await addStage(call.id, { titleEn: "Third" });

    const moved = await post(moveStageAction, { ...(await refOf(call.id)), stageId: third.id, direction: "up" });
    expect(moved.redirectedTo).toBe(`/en/admin/opportunities/${call.id}?done=saved#stages`);
    expect((await stagesOf(call.id)).map((s) => [s.position, s.titleEn])).toEqual([
      [0, "First"],
      [1, "Third"],
      [2, "Second"],
    ]);
    expect((await auditOf(third.id)).at(-1)).toMatchObject({ action: "update", entity: "CallStage", summary: "moved up", before: { position: 2 }, after: { position: 1 } });
    expect((await auditOf(second.id)).at(-1)).toMatchObject({ action: "update", summary: "moved down", before: { position: 1 }, after: { position: 2 } });

    await post(moveStageAction, { ...(await refOf(call.id)), stageId: first.id, direction: "down" });
    expect((await stagesOf(call.id)).map((s) => s.titleEn)).toEqual(["Third", "First", "Second"]);
  });

  it("refuses a move past either end, one that puts a stage for those invited first, and a stale one", async () => {
    const call = await newCall();
    const open = await addStage(call.id);
    const invited = await addStage(call.id, { entry: "INVITED", closes: "2027-06-30" });
    const version = versionOf(await callRow(call.id));

    expect((await post(moveStageAction, { id: call.id, version, stageId: open.id, direction: "up" })).state).toMatchObject({ fieldErrors: { direction: "stageAtEnd" } });
    expect((await post(moveStageAction, { id: call.id, version, stageId: invited.id, direction: "down" })).state).toMatchObject({ fieldErrors: { direction: "stageAtEnd" } });
    expect((await post(moveStageAction, { id: call.id, version, stageId: invited.id, direction: "up" })).state).toMatchObject({ fieldErrors: { entry: "firstStageInvited" } });
    expect((await post(moveStageAction, { id: call.id, version: versionOf(call), stageId: open.id, direction: "down" })).state).toMatchObject({ message: "staleEdit" });
    expect((await stagesOf(call.id)).map((s) => s.id)).toEqual([open.id, invited.id]);
    expect(versionOf(await callRow(call.id))).toBe(version);
  });
});

describe("removing a stage", () => {
  it("removes it after the confirmation and closes the gap it leaves", async () => {
    const call = await newCall();
    const first = await addStage(call.id, { titleEn: "First" });
    await addStage(call.id, { titleEn: "Second" });
    const third = await addStage(call.id, { titleEn: "Third" });

    const unconfirmed = await post(removeStageAction, { ...(await refOf(call.id)), stageId: first.id });
    expect(unconfirmed.state).toMatchObject({ ok: false, fieldErrors: { confirm: "confirmRequired" } });

    const removed = await post(removeStageAction, { ...(await refOf(call.id)), stageId: first.id, confirm: "on" });
    expect(removed.redirectedTo).toBe(`/en/admin/opportunities/${call.id}?done=deleted#stages`);
    expect((await stagesOf(call.id)).map((s) => [s.position, s.titleEn])).toEqual([
      [0, "Second"],
      [1, "Third"],
    ]);
    expect((await auditOf(first.id)).at(-1)).toMatchObject({ action: "delete", entity: "CallStage", before: { titleEn: "First", position: 0 } });
    expect((await auditOf(third.id)).at(-1)).toMatchObject({ action: "update", summary: "renumbered", before: { position: 2 }, after: { position: 1 } });
  });

  it("refuses while an application is in the stage, and keeps it", async () => {
    const call = await newCall();
    const stage = await addStage(call.id);
    await testPrisma().application.create({
      data: { opportunityId: call.id, stageId: stage.id, email: `${uniqueName("applicant").replace(" ", "-")}@example.org`, accessTokenHash: randomBytes(32).toString("hex") },
    });
    const outcome = await post(removeStageAction, { ...(await refOf(call.id)), stageId: stage.id, confirm: "on" });
    expect(outcome.state).toMatchObject({ ok: false, message: "inUse" });
    expect((await stagesOf(call.id)).map((s) => s.id)).toEqual([stage.id]);
    expect((await auditOf(stage.id)).map((e) => e.action)).toEqual(["create"]);
  });

  it("refuses to leave a stage for those invited first", async () => {
    const call = await newCall();
    const open = await addStage(call.id);
    await addStage(call.id, { entry: "INVITED", closes: "2027-06-30" });
    const outcome = await post(removeStageAction, { ...(await refOf(call.id)), stageId: open.id, confirm: "on" });
    expect(outcome.state).toMatchObject({ ok: false, fieldErrors: { entry: "firstStageInvited" } });
    expect(await stagesOf(call.id)).toHaveLength(2);
  });
});

describe("who may change stages", () => {
  for (const role of ["REVIEWER", "VIEWER"] as const) {
    it(`refuses a ${role.toLowerCase()} every stage action, changing nothing`, async () => {
      const call = await newCall();
      const stage = await addStage(call.id);
      actAs(await createStaff(role));
      const ref = await refOf(call.id);
      for (const [action, fields] of [
        [addStageAction, stageForm()],
        [updateStageAction, { stageId: stage.id, ...stageForm({ titleEn: "Renamed" }) }],
        [moveStageAction, { stageId: stage.id, direction: "down" }],
        [removeStageAction, { stageId: stage.id, confirm: "on" }],
      ] as const) {
        const outcome = await post(action, { ...ref, ...fields });
        expect(refusalOf(outcome.error)).toBe("forbidden");
      }
      expect(await stagesOf(call.id)).toEqual([stage]);
    });
  }

  it("sends someone signed out to sign in", async () => {
    const call = await newCall();
    actAs(null);
    const outcome = await post(addStageAction, { ...(await refOf(call.id)), ...stageForm() });
    expect(refusalOf(outcome.error)).toBe("sign-in");
    expect(await stagesOf(call.id)).toEqual([]);
  });
});

describe("the public status follows the stages", () => {
  it("turns a call recorded as closed open while its new stage is, and closed after the stage's closing", async () => {
    const call = await newCall();
    setClock(new Date("2027-03-01T00:00:00Z"));
    expect(await statusOf(call.slug)).toBe("CLOSED");

    await addStage(call.id, { opensPrecision: "DAY", opens: "2027-02-01", closesPrecision: "DAY", closes: "2027-03-31" });
    expect(await statusOf(call.slug)).toBe("OPEN");

    setClock(new Date("2027-03-31T15:59:59Z"));
    expect(await statusOf(call.slug)).toBe("OPEN");
    setClock(new Date("2027-03-31T16:00:00.001Z"));
    expect(await statusOf(call.slug)).toBe("CLOSED");
  });

  it("makes a call upcoming when its only stage is moved later, and keeps the recorded status once it has none", async () => {
    const call = await newCall({ status: "OPEN" });
    setClock(new Date("2027-03-01T00:00:00Z"));
    const stage = await addStage(call.id, { opensPrecision: "MONTH", opens: "2027-05", closesPrecision: "MONTH", closes: "2027-06" });
    expect(await statusOf(call.slug)).toBe("UPCOMING");

    await post(removeStageAction, { ...(await refOf(call.id)), stageId: stage.id, confirm: "on" });
    expect(await statusOf(call.slug)).toBe("OPEN");
  });
});

describe("the call's time zone and contact address", () => {
  it("saves them with the opportunity's form, and refuses a zone that is not an IANA name", async () => {
    const call = await newCall();
    const form = (fields: FormFields) => {
      const save = (state: Parameters<typeof saveContentAction>[0], data: FormData) => {
        data.set("contentKind", "opportunities");
        return saveContentAction(state, data);
      };
      return post(save, {
        missionId: call.missionId,
        kind: call.kind,
        status: call.status,
        titleEn: call.titleEn,
        titleZh: call.titleZh,
        slug: call.slug,
        ...fields,
      });
    };
    const refused = await form({ ...(await refOf(call.id)), timeZone: "+08:00", contactEmail: "not an address" });
    expect(refused.state).toMatchObject({ ok: false, fieldErrors: { timeZone: "timeZone", contactEmail: "email" } });

    const saved = await form({ ...(await refOf(call.id)), timeZone: "europe/paris", contactEmail: "Calls@Agency.example" });
    expect(saved.redirectedTo).toBe(`/en/admin/opportunities/${call.id}?done=saved`);
    expect(await callRow(call.id)).toMatchObject({ timeZone: "Europe/Paris", contactEmail: "calls@agency.example" });

    await form({ ...(await refOf(call.id)), timeZone: "", contactEmail: "" });
    expect(await callRow(call.id)).toMatchObject({ timeZone: "Asia/Shanghai", contactEmail: null });
  });

  it("sets the reference prefix that lets a call take applications here, refusing one another call holds", async () => {
    const call = await newCall({ referencePrefix: null });
    const form = (fields: FormFields) => {
      const save = (state: Parameters<typeof saveContentAction>[0], data: FormData) => {
        data.set("contentKind", "opportunities");
        return saveContentAction(state, data);
      };
      return post(save, { missionId: call.missionId, kind: call.kind, status: call.status, titleEn: call.titleEn, titleZh: call.titleZh, slug: call.slug, ...fields });
    };
    const taken = await form({ ...(await refOf(call.id)), referencePrefix: "tw3" });
    expect(taken.state).toMatchObject({ ok: false, fieldErrors: { referencePrefix: "taken" } });
    const malformed = await form({ ...(await refOf(call.id)), referencePrefix: "TW-3" });
    expect(malformed.state).toMatchObject({ ok: false, fieldErrors: { referencePrefix: "referencePrefix" } });
    const prefix = `Q${randomBytes(2).toString("hex")}`;
    const saved = await form({ ...(await refOf(call.id)), referencePrefix: prefix.toLowerCase() });
    expect(saved.redirectedTo).toBe(`/en/admin/opportunities/${call.id}?done=saved`);
    expect(await callRow(call.id)).toMatchObject({ referencePrefix: prefix.toUpperCase() });
  });
});
