import { describe, expect, it, vi } from "vitest";
import { changedSince, pageRevision, TYPED_ANSWERS } from "@/lib/calls/answer-revision";
import { saveStepAction } from "@/server/actions/applications";
import { getApplicantView, missingSteps, saveApplicationStep, startApplication, submitApplication } from "@/server/applications/service";
import { PRACTICE_CALL_SLUG } from "../../prisma/practice-call";
import { leadAnswers, payloadAnswers, scienceAnswers, uniqueEmail, uniqueIp } from "../factories/application-answers";
import { callAction, toFormData } from "../support/property";
import { testPrisma } from "../support/database";

// What keeps an applicant's answers from being lost or reverted: a save from an older copy of a page is refused and
// names what changed; a step with one bad answer keeps the others; the draft stays incomplete until corrected.

vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-portal-client-ip": "10.9.9.9" }) }));

const PAYLOAD_KEYS = Object.keys(payloadAnswers());

async function startDraft() {
  const started = await startApplication({ slug: PRACTICE_CALL_SLUG, email: uniqueEmail("integrity"), locale: "en", clientIp: uniqueIp() });
  if (!started.ok) throw new Error(`could not start a draft: ${started.code}`);
  return started;
}

async function savedPayload(token: string) {
  const view = await getApplicantView(token);
  return view!.answers.payload as Record<string, unknown> | undefined;
}

const payloadForm = (token: string, values: Record<string, unknown>, extra: Record<string, string> = {}) =>
  toFormData({ token, step: "payload", locale: "en", ...Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)])), ...extra });

describe("a page's revision", () => {
  it("names exactly the questions whose saved answer changed, whatever the order of keys", () => {
    const before = pageRevision({ trl: 5, participants: [{ name: "A", country: "IT" }] }, ["trl", "participants", "heritage"]);
    expect(changedSince(before, { participants: [{ country: "IT", name: "A" }], trl: 5 }, ["trl", "participants", "heritage"])).toEqual([]);
    expect(changedSince(before, { trl: 6, participants: [{ name: "A", country: "IT" }], heritage: "x" }, ["trl", "participants", "heritage"])).toEqual([
      "trl",
      "heritage",
    ]);
    expect(changedSince("garbage,::,trl", { trl: 5 }, ["trl"])).toEqual(["trl"]);
  });
});

describe("saving a step from an older copy of the page", () => {
  it("is refused, writes nothing, and names each changed question with its saved answer", async () => {
    const draft = await startDraft();
    const loaded = pageRevision(undefined, PAYLOAD_KEYS);
    // Another tab saves TRL 5, then 6; this tab still holds the copy it loaded before either.
    expect((await saveApplicationStep(draft.token, "payload", payloadAnswers({ trl: 5 }), "en", { revision: loaded })).ok).toBe(true);
    const afterFive = pageRevision(await savedPayload(draft.token), PAYLOAD_KEYS);
    expect((await saveApplicationStep(draft.token, "payload", payloadAnswers({ trl: 6 }), "en", { revision: afterFive })).ok).toBe(true);
    const row = await testPrisma().application.findUniqueOrThrow({ where: { id: draft.id } });

    // The copy loaded when TRL was 5 sends 5 back: refused, TRL stays 6.
    const stale = await saveApplicationStep(draft.token, "payload", payloadAnswers({ trl: 5, heritage: "Typed in the old copy" }), "en", { revision: afterFive });
    expect(stale).toEqual({ ok: false, code: "stale", changed: ["trl"] });
    const unchanged = await testPrisma().application.findUniqueOrThrow({ where: { id: draft.id } });
    expect(unchanged.answers).toEqual(row.answers);
    expect(unchanged.updatedAt).toEqual(row.updatedAt);

    // Through the form's action: the message, the typed values kept, the question's label and the value saved now.
    const outcome = await callAction(saveStepAction, payloadForm(draft.token, payloadAnswers({ trl: 5, heritage: "Typed in the old copy" }), { revision: afterFive }));
    expect(outcome.kind).toBe("state");
    const state = (outcome as { state: { message?: string; values?: Record<string, unknown>; changed?: unknown } }).state;
    expect(state.message).toBe("staleSave");
    expect(state.changed).toEqual([{ key: "trl", label: "Technology readiness level (1 to 9)", value: "6" }]);
    expect(state.values).toMatchObject({ trl: "5", heritage: "Typed in the old copy" });
    // The refusal carries the revision saved now: saving again, having seen what changed, goes through.
    const current = pageRevision(await savedPayload(draft.token), PAYLOAD_KEYS);
    expect(state.values!.revision).toBe(current);
    expect((await savedPayload(draft.token))!.trl).toBe(6);
    const again = await callAction(saveStepAction, payloadForm(draft.token, payloadAnswers({ trl: 7 }), { revision: current }));
    expect(again).toMatchObject({ kind: "redirect", to: `/en/applications/${draft.token}/science` });
    expect((await savedPayload(draft.token))!.trl).toBe(7);
  });

  it("in Chinese, names the question in Chinese", async () => {
    const draft = await startDraft();
    const loaded = pageRevision(undefined, PAYLOAD_KEYS);
    await saveApplicationStep(draft.token, "payload", payloadAnswers({ carrier: "ORBITER" }));
    const outcome = await callAction(saveStepAction, payloadForm(draft.token, payloadAnswers(), { revision: loaded, locale: "zh" }));
    const state = (outcome as { state: { message?: string; changed?: { key: string; label: string; value: string }[] } }).state;
    expect(state.message).toBe("staleSave");
    expect(state.changed!.find((c) => c.key === "carrier")).toEqual({ key: "carrier", label: "搭载平台", value: "轨道器" });
    expect(state.changed!.find((c) => c.key === "trl")).toEqual({ key: "trl", label: "技术成熟度（1至9级）", value: "6" });
  });

  it("a save without a revision (the API, older clients) is not checked", async () => {
    const draft = await startDraft();
    await saveApplicationStep(draft.token, "payload", payloadAnswers({ trl: 5 }));
    expect((await saveApplicationStep(draft.token, "payload", payloadAnswers({ trl: 4 }))).ok).toBe(true);
  });
});

describe("a step with invalid answers", () => {
  it("keeps the valid answers as a draft, leaves the bad ones out, and keeps the step incomplete", async () => {
    const draft = await startDraft();
    await saveApplicationStep(draft.token, "lead", leadAnswers());
    await saveApplicationStep(draft.token, "science", scienceAnswers());
    const outcome = await callAction(
      saveStepAction,
      payloadForm(draft.token, { ...payloadAnswers({ trl: "12", massKg: "lots" }), heritage: "Kept although the TRL is wrong" }, {
        revision: pageRevision(undefined, PAYLOAD_KEYS),
      }),
    );
    expect(outcome.kind).toBe("state");
    const state = (outcome as { state: { message?: string; fieldErrors?: Record<string, string>; values?: Record<string, string> } }).state;
    expect(state.message).toBe("invalidKept");
    expect(Object.keys(state.fieldErrors!).sort()).toEqual(["massKg", "trl"]);
    // What was typed comes back, the bad answers included.
    expect(state.values).toMatchObject({ trl: "12", massKg: "lots", heritage: "Kept although the TRL is wrong" });

    const saved = await savedPayload(draft.token);
    expect(saved).toMatchObject({ payloadName: "Martian Dust Counter", peakPowerW: 12, heritage: "Kept although the TRL is wrong" });
    expect(saved).not.toHaveProperty("trl");
    expect(saved).not.toHaveProperty("massKg");
    // What was typed into them is kept apart, to be shown again with its error.
    expect(saved![TYPED_ANSWERS]).toEqual({ trl: "12", massKg: "lots" });
    // The revision handed back matches what is saved now, so the corrected save is not taken for a stale one.
    expect(state.values!.revision).toBe(pageRevision(saved, PAYLOAD_KEYS));

    const view = await getApplicantView(draft.token);
    expect(view!.completedSteps).not.toContain("payload");
    expect(missingSteps(view!)).toContain("payload");
    expect(await submitApplication(draft.token, crypto.randomUUID())).toMatchObject({ ok: false, code: "incomplete" });

    // Corrected: the whole step is saved and complete.
    const fixed = await callAction(saveStepAction, payloadForm(draft.token, payloadAnswers({ trl: 6 }), { revision: String(state.values!.revision) }));
    expect(fixed.kind).toBe("redirect");
    expect((await getApplicantView(draft.token))!.completedSteps).toContain("payload");
    expect(await savedPayload(draft.token)).not.toHaveProperty(TYPED_ANSWERS);
  });

  it("an optional answer typed wrong keeps the step incomplete, although the step would pass without it", async () => {
    const draft = await startDraft();
    const form = toFormData({ token: draft.token, step: "lead", locale: "en", ...leadAnswers({ participants: undefined, contactPhone: "x".repeat(80) }), "participants.0.name": "Istituto Test di Roma", "participants.0.country": "IT" } as unknown as Record<string, string>);
    const outcome = await callAction(saveStepAction, form);
    expect((outcome as { state: { fieldErrors?: Record<string, string> } }).state.fieldErrors).toHaveProperty("contactPhone");
    const view = await getApplicantView(draft.token);
    expect(view!.answers.lead).toMatchObject({ institutionName: "Université Test de Lyon", [TYPED_ANSWERS]: { contactPhone: "x".repeat(80) } });
    expect(view!.completedSteps).not.toContain("lead");
  });

  it("leaves out a valid-looking mass the chosen carrier cannot take", async () => {
    const draft = await startDraft();
    const outcome = await callAction(saveStepAction, payloadForm(draft.token, payloadAnswers({ carrier: "SERVICE_MODULE", massKg: 5000, trl: "x" })));
    const state = (outcome as { state: { fieldErrors?: Record<string, string> } }).state;
    expect(state.fieldErrors).toMatchObject({ trl: expect.any(String) });
    expect(await savedPayload(draft.token)).not.toHaveProperty("massKg");
  });

  it("the service alone (the API's path) still saves nothing from an invalid step", async () => {
    const draft = await startDraft();
    const saved = await saveApplicationStep(draft.token, "payload", payloadAnswers({ trl: 10 }));
    expect(saved).toEqual({ ok: false, code: "invalid", fieldErrors: { trl: "tooLarge" } });
    expect(await savedPayload(draft.token)).toBeUndefined();
  });
});
