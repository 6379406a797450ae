import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getAttachment } from "@/app/api/applications/[token]/attachments/[id]/route";
import { GET as getReceipt } from "@/app/api/applications/[token]/receipt/route";
import * as applicantActions from "@/server/actions/applications";
import * as teamActions from "@/server/actions/team";
import { addAttachment, getApplicantView, removeAttachment, saveApplicationStep, startApplication, submitApplication, withdrawApplication } from "@/server/applications/service";
import { getTeamForStaff, getTeamView, inviteMember, leaveTeam, removeMember, setMemberRole } from "@/server/applications/team";
import { newAccessToken } from "@/server/applications/tokens";
import { PRACTICE_CALL_SLUG } from "../../prisma/practice-call";
import { leadAnswers, payloadAnswers, pdfBytes, scienceAnswers, uniqueEmail, uniqueIp } from "../factories/application-answers";
import { testPrisma } from "../support/database";
import { callAction } from "../support/property";
import { SRC } from "../support/admin-access";

// A team shares one application: the lead's link and each member's own link open that application and no other, a
// read-only member changes nothing, and a member who left or was removed opens nothing at all.

vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-portal-client-ip": "10.9.9.9" }) }));
vi.mock("next-intl/server", () => import("../support/next-intl-server-stub"));

const APPLICANT_PAGES = ["page.tsx", "team/page.tsx", "check/page.tsx", "attachments/page.tsx", "confirmation/page.tsx", "[step]/page.tsx"];

/** Whether an applicant page opens for a token: "not found" for a link that opens nothing. */
async function openPage(file: string, token: string): Promise<"opened" | "not found"> {
  const { default: Page } = (await import(/* @vite-ignore */ path.join(SRC, "app/[locale]/(applicant)/applications/[token]", file))) as {
    default: (props: unknown) => Promise<unknown>;
  };
  try {
    await Page({ params: Promise.resolve({ locale: "en", token, step: "lead" }), searchParams: Promise.resolve({}) });
    return "opened";
  } catch (error) {
    const digest = (error as { digest?: unknown } | undefined)?.digest;
    if (digest === "NEXT_HTTP_ERROR_FALLBACK;404") return "not found";
    // A redirect (a draft's confirmation page, a read-only member's form page) still means the link opened the application.
    if (typeof digest === "string" && digest.startsWith("NEXT_REDIRECT")) return "opened";
    throw error;
  }
}

async function startDraft() {
  const started = await startApplication({ slug: PRACTICE_CALL_SLUG, email: uniqueEmail("lead"), locale: "en", clientIp: uniqueIp() });
  if (!started.ok) throw new Error(`could not start a draft: ${started.code}`);
  return started;
}

async function completeDraft(token: string) {
  for (const [step, answers] of [["lead", leadAnswers()], ["payload", payloadAnswers({ massKg: "1.5", carrier: "ORBITER" })], ["science", scienceAnswers()]] as const) {
    const saved = await saveApplicationStep(token, step, answers);
    if (!saved.ok) throw new Error(`could not save ${step}: ${JSON.stringify(saved)}`);
  }
  const attached = await addAttachment(token, { kind: "TECHNICAL_DESCRIPTION", fileName: "description.pdf", bytes: pdfBytes() });
  if (!attached.ok) throw new Error(`could not attach: ${attached.code}`);
  return attached.attachmentId;
}

async function invite(leadToken: string, role: "edit" | "read" = "edit") {
  const email = uniqueEmail("member");
  const invited = await inviteMember(leadToken, { email, role });
  if (!invited.ok) throw new Error(`could not invite: ${invited.code}`);
  return { email, token: invited.token };
}

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
};

/** A page's answers as its form posts them: rows of a list as "list.0.field". */
const posted = (answers: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(answers).flatMap(([key, value]) =>
      Array.isArray(value) ? value.flatMap((row, i) => Object.entries(row as object).map(([field, v]) => [`${key}.${i}.${field}`, String(v)])) : [[key, String(value)]],
    ),
  );

const answersOf = async (id: string) => (await testPrisma().application.findUniqueOrThrow({ where: { id }, select: { answers: true } })).answers as Record<string, Record<string, unknown>>;
const attachmentCount = (applicationId: string) => testPrisma().attachment.count({ where: { applicationId } });

describe("two applications, each with a member", () => {
  let a: Awaited<ReturnType<typeof startDraft>>;
  let b: Awaited<ReturnType<typeof startDraft>>;
  let memberA: { email: string; token: string };
  let attachmentA: string;
  let attachmentB: string;

  beforeAll(async () => {
    a = await startDraft();
    b = await startDraft();
    attachmentA = await completeDraft(a.token);
    attachmentB = await completeDraft(b.token);
    memberA = await invite(a.token);
    await invite(b.token);
  });

  it("opens exactly the member's own application, on every applicant page", async () => {
    const view = await getApplicantView(memberA.token);
    expect(view?.id).toBe(a.id);
    expect(view?.editable).toBe(true);
    for (const file of APPLICANT_PAGES) expect(await openPage(file, memberA.token), file).toBe("opened");
    const team = await getTeamView(memberA.token, view!.form!.pages);
    expect(team?.viewer).toMatchObject({ role: "edit", email: memberA.email });
  });

  it("never reaches the other application's files, answers or receipt through the member's link", async () => {
    expect((await getAttachment(new Request("http://test"), { params: Promise.resolve({ token: memberA.token, id: attachmentB }) })).status).toBe(404);
    expect((await getAttachment(new Request("http://test"), { params: Promise.resolve({ token: memberA.token, id: attachmentA }) })).status).toBe(200);

    expect(await removeAttachment(memberA.token, attachmentB)).toEqual({ ok: false, code: "not_found" });
    const removal = await callAction(applicantActions.removeAttachmentAction, form({ token: memberA.token, attachmentId: attachmentB, locale: "en" }));
    expect(removal.kind).toBe("redirect");
    expect(await attachmentCount(b.id)).toBe(1);

    const bBefore = await answersOf(b.id);
    const saved = await callAction(applicantActions.saveStepAction, form({ token: memberA.token, step: "lead", locale: "en", ...posted(leadAnswers({ institutionName: "Changed by A's member" })) }));
    expect(saved.kind).toBe("redirect");
    expect((await answersOf(a.id)).lead!.institutionName).toBe("Changed by A's member");
    expect(await answersOf(b.id)).toEqual(bBefore);

    // B is submitted: its receipt exists, but A's member only ever gets A's (none while A is a draft).
    const submittedB = await submitApplication(b.token, randomUUID());
    expect(submittedB.ok).toBe(true);
    expect((await getReceipt(new Request("http://test"), { params: Promise.resolve({ token: memberA.token }) })).status).toBe(404);
    const submittedA = await submitApplication(memberA.token, randomUUID());
    if (!submittedA.ok || !submittedB.ok) throw new Error("could not submit");
    const receipt = await getReceipt(new Request("http://test"), { params: Promise.resolve({ token: memberA.token }) });
    expect(receipt.status).toBe(200);
    expect(receipt.headers.get("Content-Disposition")).toContain(`${submittedA.reference}.pdf`);
    expect(receipt.headers.get("Content-Disposition")).not.toContain(submittedB.reference);
  });

  it("records who changed what, with the member's email and the questions changed", async () => {
    const view = await getApplicantView(a.token);
    const team = await getTeamView(a.token, view!.form!.pages);
    const memberSave = team!.changes.find((c) => c.actorEmail === memberA.email && c.action === "save");
    expect(memberSave?.page?.en).toBeTruthy();
    expect(memberSave?.questions.map((q) => q.en)).toEqual(["Lead institution name"]);
    expect(team!.changes.find((c) => c.action === "submit")?.actorEmail).toBe(memberA.email);
    expect(team!.changes.filter((c) => c.action === "upload").map((c) => c.actorEmail)).toEqual([view!.email]);
  });

  it("shows staff the same team and history, and only this application's", async () => {
    const team = await getTeamForStaff(a.id);
    expect(team.leadEmail).toBe((await getApplicantView(a.token))!.email);
    expect(team.members.map((m) => m.email)).toEqual([memberA.email]);
    expect(team.changes.find((c) => c.actorEmail === memberA.email && c.action === "save")?.questions.map((q) => q.en)).toEqual(["Lead institution name"]);
    expect((await getTeamForStaff(b.id)).members.map((m) => m.email)).not.toContain(memberA.email);
  });
});

describe("a save that keeps only the valid answers", () => {
  it("is recorded under the member who made it, with the questions it changed", async () => {
    const draft = await startDraft();
    const editor = await invite(draft.token);
    const partial = await saveApplicationStep(editor.token, "lead", leadAnswers({ institutionName: "Kept institute", contactEmail: "not an address" }), "en", { keepValid: true });
    expect(partial).toMatchObject({ ok: false, code: "invalid", kept: true });
    const view = await getApplicantView(draft.token);
    const team = await getTeamView(draft.token, view!.form!.pages);
    const save = team!.changes.find((c) => c.action === "save");
    expect(save?.actorEmail).toBe(editor.email);
    expect(save?.questions.map((q) => q.en)).toContain("Lead institution name");
    expect(save?.questions.map((q) => q.en)).not.toContain("Contact person's email address");
  });
});

describe("a member's link that no longer belongs to anyone", () => {
  it("stops opening anything once the member is removed, or leaves", async () => {
    const draft = await startDraft();
    const removed = await invite(draft.token);
    const leaving = await invite(draft.token);
    expect((await getApplicantView(removed.token))?.id).toBe(draft.id);

    const team = await getTeamView(draft.token, []);
    const removedId = team!.members.find((m) => m.email === removed.email)!.id;
    expect(await removeMember(draft.token, removedId)).toEqual({ ok: true });
    expect(await leaveTeam(leaving.token)).toEqual({ ok: true });

    for (const token of [removed.token, leaving.token]) {
      expect(await getApplicantView(token)).toBeNull();
      for (const file of APPLICANT_PAGES) expect(await openPage(file, token), file).toBe("not found");
      expect(await saveApplicationStep(token, "lead", leadAnswers())).toEqual({ ok: false, code: "not_found" });
      expect(await addAttachment(token, { kind: "TECHNICAL_DESCRIPTION", fileName: "x.pdf", bytes: pdfBytes() })).toEqual({ ok: false, code: "not_found" });
      expect(await getTeamView(token, [])).toBeNull();
      expect(await leaveTeam(token)).toEqual({ ok: false, code: "not_found" });
      expect((await getReceipt(new Request("http://test"), { params: Promise.resolve({ token }) })).status).toBe(404);
    }
    expect(await answersOf(draft.id)).toEqual({});
    // The lead's own link is untouched.
    expect((await getApplicantView(draft.token))?.id).toBe(draft.id);
  });

  it("refuses a member's attempt to manage the team: only the lead may", async () => {
    const draft = await startDraft();
    const editor = await invite(draft.token);
    const other = await invite(draft.token);
    const team = await getTeamView(draft.token, []);
    const otherId = team!.members.find((m) => m.email === other.email)!.id;
    expect(await inviteMember(editor.token, { email: uniqueEmail(), role: "edit" })).toEqual({ ok: false, code: "not_lead" });
    expect(await removeMember(editor.token, otherId)).toEqual({ ok: false, code: "not_lead" });
    expect(await setMemberRole(editor.token, otherId, "read")).toEqual({ ok: false, code: "not_lead" });
    expect((await getApplicantView(other.token))?.editable).toBe(true);
    // A member id of another application is nobody on this one.
    const elsewhere = await startDraft();
    expect(await removeMember(elsewhere.token, otherId)).toEqual({ ok: false, code: "not_member" });
  });
});

describe("a read-only member", () => {
  it("reads the draft with no forms, and every write is refused on the server", async () => {
    const draft = await startDraft();
    const attachmentId = await completeDraft(draft.token);
    const reader = await invite(draft.token, "read");
    const before = await answersOf(draft.id);

    const view = await getApplicantView(reader.token);
    expect(view).toMatchObject({ id: draft.id, editable: false, withdrawable: false });
    expect(view?.answers).toEqual(before);

    expect(await saveApplicationStep(reader.token, "lead", leadAnswers({ institutionName: "Reader" }))).toEqual({ ok: false, code: "not_editable" });
    expect(await addAttachment(reader.token, { kind: "TECHNICAL_DESCRIPTION", fileName: "x.pdf", bytes: pdfBytes() })).toEqual({ ok: false, code: "not_editable" });
    expect(await removeAttachment(reader.token, attachmentId)).toEqual({ ok: false, code: "not_editable" });
    expect(await submitApplication(reader.token, randomUUID())).toEqual({ ok: false, code: "not_editable" });
    const saved = await callAction(applicantActions.saveStepAction, form({ token: reader.token, step: "lead", locale: "en", ...posted(leadAnswers({ institutionName: "Reader" })) }));
    expect(saved).toEqual({ kind: "state", state: { ok: false, message: "notEditable" } });
    const submitted = await callAction(applicantActions.submitApplicationAction, form({ token: reader.token, locale: "en", declaration: "on", idempotencyKey: randomUUID() }));
    expect(submitted).toEqual({ kind: "state", state: { ok: false, message: "notEditable" } });
    expect(await openPage("check/page.tsx", reader.token)).toBe("opened");

    expect(await answersOf(draft.id)).toEqual(before);
    expect(await attachmentCount(draft.id)).toBe(1);
    const row = await testPrisma().application.findUniqueOrThrow({ where: { id: draft.id }, select: { status: true } });
    expect(row.status).toBe("DRAFT");

    // Given the edit role, the same link may save.
    const team = await getTeamView(draft.token, []);
    expect(await setMemberRole(draft.token, team!.members[0]!.id, "edit")).toEqual({ ok: true });
    expect((await saveApplicationStep(reader.token, "lead", leadAnswers({ institutionName: "Now an editor" }))).ok).toBe(true);
  });

  it("may not withdraw, and neither may an editing member: only the lead", async () => {
    const draft = await startDraft();
    await completeDraft(draft.token);
    const editor = await invite(draft.token, "edit");
    expect((await submitApplication(editor.token, randomUUID())).ok).toBe(true);
    expect(await withdrawApplication(editor.token)).toEqual({ ok: false, code: "not_editable" });
    expect((await withdrawApplication(draft.token)).ok).toBe(true);
  });
});

describe("the team's limit and its lock", () => {
  let definitionId: string;
  let original: unknown;

  beforeAll(async () => {
    const row = await testPrisma().callDefinition.findFirstOrThrow({ where: { opportunity: { slug: PRACTICE_CALL_SLUG } }, orderBy: { version: "desc" } });
    definitionId = row.id;
    original = row.definition;
  });
  afterAll(async () => {
    await testPrisma().callDefinition.update({ where: { id: definitionId }, data: { definition: original as object } });
  });

  it("takes no more people than the call allows, the lead included, and says so on the team page", async () => {
    const draft = await startDraft();
    expect((await getTeamView(draft.token, []))).toMatchObject({ maxMembers: 10, limitFromCall: false });
    await testPrisma().callDefinition.update({ where: { id: definitionId }, data: { definition: { ...(original as object), team: { maxMembers: 3 } } } });
    expect((await getTeamView(draft.token, []))).toMatchObject({ maxMembers: 3, limitFromCall: true });
    await invite(draft.token);
    const second = await invite(draft.token);
    expect(await inviteMember(draft.token, { email: uniqueEmail(), role: "read" })).toEqual({ ok: false, code: "team_full" });
    const refused = await callAction(teamActions.inviteMemberAction, form({ token: draft.token, locale: "en", email: uniqueEmail(), role: "edit" }));
    expect(refused.kind === "state" && refused.state.message).toBe("teamFull");
    expect(await testPrisma().applicationMember.count({ where: { applicationId: draft.id } })).toBe(2);
    // Someone leaving frees a place; inviting the lead or a member twice does not take one.
    await leaveTeam(second.token);
    expect(await inviteMember(draft.token, { email: (await getApplicantView(draft.token))!.email, role: "edit" })).toEqual({ ok: false, code: "already_member" });
    expect((await inviteMember(draft.token, { email: uniqueEmail(), role: "edit" })).ok).toBe(true);
  });

  it("locks the team at submission and after withdrawal, while a member may still leave", async () => {
    await testPrisma().callDefinition.update({ where: { id: definitionId }, data: { definition: original as object } });
    const draft = await startDraft();
    await completeDraft(draft.token);
    const staying = await invite(draft.token);
    const leaving = await invite(draft.token);
    expect((await submitApplication(draft.token, randomUUID())).ok).toBe(true);
    const team = await getTeamView(draft.token, []);
    expect(team?.locked).toBe(true);
    const stayingId = team!.members.find((m) => m.email === staying.email)!.id;
    expect(await inviteMember(draft.token, { email: uniqueEmail(), role: "edit" })).toEqual({ ok: false, code: "locked" });
    expect(await removeMember(draft.token, stayingId)).toEqual({ ok: false, code: "locked" });
    expect(await setMemberRole(draft.token, stayingId, "read")).toEqual({ ok: false, code: "locked" });
    expect((await withdrawApplication(draft.token)).ok).toBe(true);
    expect(await inviteMember(draft.token, { email: uniqueEmail(), role: "edit" })).toEqual({ ok: false, code: "locked" });
    expect(await leaveTeam(leaving.token)).toEqual({ ok: true });
    expect((await getApplicantView(staying.token))?.status).toBe("WITHDRAWN");
  });
});

describe("malformed and unknown tokens", () => {
  const BAD = ["", "short", "x".repeat(43) + "x", "../../etc/passwd", "a b", "%00", "é".repeat(43), newAccessToken().token];

  it("open nothing and never throw, on every page, route, service and action", async () => {
    const draft = await startDraft();
    const before = await testPrisma().applicationMember.count();
    for (const token of BAD) {
      expect(await getApplicantView(token)).toBeNull();
      expect(await getTeamView(token, [])).toBeNull();
      for (const file of APPLICANT_PAGES) expect(await openPage(file, token), `${file} ${token}`).toBe("not found");
      expect((await getReceipt(new Request("http://test"), { params: Promise.resolve({ token }) })).status).toBe(404);
      expect((await getAttachment(new Request("http://test"), { params: Promise.resolve({ token, id: "x" }) })).status).toBe(404);
      expect(await inviteMember(token, { email: uniqueEmail(), role: "edit" })).toEqual({ ok: false, code: "not_found" });
      expect(await leaveTeam(token)).toEqual({ ok: false, code: "not_found" });
      const invited = await callAction(teamActions.inviteMemberAction, form({ token, locale: "en", email: uniqueEmail(), role: "edit" }));
      expect(invited).toEqual({ kind: "state", state: expect.objectContaining({ ok: false, message: "notFound" }) });
      for (const action of [teamActions.removeMemberAction, teamActions.setMemberRoleAction, teamActions.leaveTeamAction]) {
        const outcome = await callAction(action, form({ token, locale: "en", memberId: "abc", role: "read" }));
        expect(outcome.kind, `${action.name} ${token}`).toBe("redirect");
      }
    }
    // Hostile member ids and roles from the lead's own link change nothing either.
    for (const memberId of ["", "' OR 1=1 --", "x".repeat(500)]) {
      expect((await callAction(teamActions.removeMemberAction, form({ token: draft.token, locale: "en", memberId }))).kind).toBe("redirect");
      expect((await callAction(teamActions.setMemberRoleAction, form({ token: draft.token, locale: "en", memberId, role: "owner" }))).kind).toBe("redirect");
    }
    const badInvite = await callAction(teamActions.inviteMemberAction, form({ token: draft.token, locale: "en", email: "not an email", role: "owner" }));
    expect(badInvite).toMatchObject({ kind: "state", state: { ok: false, fieldErrors: { email: "email", role: "chooseOne" } } });
    expect(await testPrisma().applicationMember.count()).toBe(before);
  });
});

describe("the invitation limit", () => {
  it("tells the lead the real wait: the minutes left until the hour's window resets, rounded up", async () => {
    const draft = await startDraft();
    const hour = 3_600_000;
    // 44 min 30 s into the hour: 15 min 30 s are left, which reads as 16 minutes.
    const windowStart = Math.floor(Date.now() / hour) * hour;
    vi.useFakeTimers({ toFake: ["Date"], now: windowStart + 44 * 60_000 + 30_000 });
    try {
      await testPrisma().rateLimitBucket.create({ data: { key: `invite:${draft.id}`, windowStart: new Date(windowStart), count: 30 } });
      expect(await inviteMember(draft.token, { email: uniqueEmail(), role: "edit" })).toEqual({ ok: false, code: "rate_limited", retryAfterSeconds: 15 * 60 + 30 });
      const refused = await callAction(teamActions.inviteMemberAction, form({ token: draft.token, locale: "en", email: uniqueEmail(), role: "edit" }));
      expect(refused).toMatchObject({ kind: "state", state: { ok: false, message: "rateLimited", messageValues: { minutes: 16 } } });
      expect(await testPrisma().applicationMember.count({ where: { applicationId: draft.id } })).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
