import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { teamMaxMembers, type Bilingual, type Page } from "@/lib/calls/definition";
import type { TeamRole } from "@/lib/validation/team";
import { prisma } from "../db";
import { now } from "../platform/clock";
import { consumeRateLimit } from "../platform/rate-limit";
import { definitionOf } from "../calls/definitions";
import { hashToken, looksLikeToken, newAccessToken } from "./tokens";
import { enqueueMail } from "../mail/outbox";
import { applicationLink } from "./notifications";
import { invitationMessage } from "./team-notifications";
import type { ApplicantView } from "./service";

// A team shares one application: the lead applicant's link and each co-investigator's own link open it, and every
// change is recorded with the person who made it.

/** Who opened the application: its lead applicant, or a member with their role. */
export interface Actor {
  role: "lead" | TeamRole;
  email: string;
  memberId: string | null;
}

const ACTIVE = { leftAt: null, removedAt: null } as const;

/**
 * The application a token opens: the lead applicant's own link, else the link of a member still on the team. Two
 * lookups by unique index, where one query with OR would read every application.
 */
export async function openedBy<T>(hash: string, find: (where: Prisma.ApplicationWhereUniqueInput) => Promise<T | null>): Promise<T | null> {
  const own = await find({ accessTokenHash: hash });
  if (own) return own;
  const member = await prisma.applicationMember.findUnique({ where: { tokenHash: hash }, select: { applicationId: true, leftAt: true, removedAt: true } });
  return member && !member.leftAt && !member.removedAt ? find({ id: member.applicationId }) : null;
}

type ApplicationRef = { id: string; email: string; accessTokenHash: string };

/** Who a token belongs to, on the application it opened; null when it is no longer anyone's. */
export async function actorOf(row: ApplicationRef, token: string): Promise<Actor | null> {
  const hash = hashToken(token);
  if (row.accessTokenHash === hash) return { role: "lead", email: row.email, memberId: null };
  const member = await prisma.applicationMember.findFirst({ where: { tokenHash: hash, applicationId: row.id, ...ACTIVE }, select: { id: true, email: true, role: true } });
  return member ? { role: member.role === "edit" ? "edit" : "read", email: member.email, memberId: member.id } : null;
}

/** The view as this person may use it: a read-only member gets no forms, and only the lead may withdraw. */
export function viewFor(view: ApplicantView, actor: Actor | null): ApplicantView {
  if (actor?.role === "lead") return view;
  return { ...view, editable: actor?.role === "edit" && view.editable, withdrawable: false };
}

/** Whether this token may change the draft (save, upload, remove a file, submit): the lead and editing members. */
export async function mayChange(row: ApplicationRef, token: string): Promise<boolean> {
  const actor = await actorOf(row, token);
  return actor !== null && actor.role !== "read";
}

/** Withdrawing a submitted application is the lead applicant's alone. */
export const mayWithdraw = async (row: ApplicationRef, token: string) => (await actorOf(row, token))?.role === "lead";

export type ChangeAction = "save" | "upload" | "removeFile" | "submit" | "withdraw" | "invite" | "removeMember" | "role" | "leave";

/** Records one change with the person who made it; the labels are read later from the application's own form version. */
export async function recordChange(row: ApplicationRef, token: string, change: Change): Promise<void> {
  const actor = await actorOf(row, token);
  if (actor) await writeChange(prisma, row.id, actor.email, change);
}

type Change = { action: ChangeAction; pageKey?: string; questionKeys?: string[]; subject?: string };

function writeChange(db: Prisma.TransactionClient, applicationId: string, actorEmail: string, change: Change) {
  return db.applicationChange.create({
    data: { applicationId, actorEmail, action: change.action, pageKey: change.pageKey ?? null, questionKeys: change.questionKeys ?? [], subject: change.subject ?? null, at: now() },
  });
}

/** A save that kept a page's valid answers and left out the rest is a change too: recorded with what it changed. */
export async function recordPartialSave<T extends { ok: false; code: string; kept?: boolean }>(
  row: ApplicationRef & { answers: unknown },
  token: string,
  step: string,
  outcome: T,
): Promise<T> {
  if (outcome.code !== "invalid" || !outcome.kept) return outcome;
  const saved = await prisma.application.findUnique({ where: { id: row.id }, select: { answers: true } });
  const before = (row.answers as Record<string, unknown> | null)?.[step];
  const after = ((saved?.answers ?? {}) as Record<string, unknown>)[step];
  await recordChange(row, token, { action: "save", pageKey: step, questionKeys: changedQuestions(before, (after ?? {}) as Record<string, unknown>) });
  return outcome;
}

/** The questions of a page whose saved answers differ between two saves. */
export function changedQuestions(before: unknown, after: Record<string, unknown>): string[] {
  const old = (before && typeof before === "object" ? before : {}) as Record<string, unknown>;
  const keys = new Set([...Object.keys(old), ...Object.keys(after)]);
  // A blank answer and one never given read the same: a first save lists only what was typed.
  const blank = (value: unknown) => (value === undefined || value === "" || (Array.isArray(value) && value.length === 0) ? null : value);
  return [...keys].filter((key) => JSON.stringify(blank(old[key])) !== JSON.stringify(blank(after[key])));
}

// ---------------------------------------------------------------- the team page

export interface TeamMemberView {
  id: string;
  email: string;
  role: TeamRole;
  invitedAt: string;
  joinedAt: string | null;
}

export interface TeamChangeView {
  id: string;
  at: string;
  actorEmail: string;
  action: ChangeAction;
  /** The page saved, in both languages; null when the page is no longer in the form (or for team changes). */
  page: Bilingual | null;
  questions: Bilingual[];
  /** The member concerned, or the file question's label. */
  subject: string | Bilingual | null;
}

export interface TeamView {
  viewer: Actor;
  leadEmail: string;
  members: TeamMemberView[];
  /** The team's size limit, the lead included, and whether the call set it (else the portal's default). */
  maxMembers: number;
  limitFromCall: boolean;
  /** After submission or withdrawal nobody joins, leaves the list by the lead's hand, or changes role. */
  locked: boolean;
  changes: TeamChangeView[];
}

async function openApplication(token: string) {
  if (!looksLikeToken(token)) return null;
  return openedBy(hashToken(token), (where) =>
    prisma.application.findUnique({ where, select: { id: true, email: true, accessTokenHash: true, status: true, opportunityId: true, definitionId: true } }),
  );
}

const labelOf = (text: unknown): Bilingual | null =>
  text && typeof text === "object" && "en" in text ? { en: String((text as Bilingual).en), zh: String((text as Bilingual).zh ?? (text as Bilingual).en) } : null;

type Labelled = { key: string; type: string; label: Bilingual; attachmentKind?: string };

/** The team, its limit and the history of changes, for anyone on the team. */
export async function getTeamView(token: string, pages: Page[]): Promise<TeamView | null> {
  const row = await openApplication(token);
  if (!row) return null;
  const viewer = await actorOf(row, token);
  if (!viewer) return null;
  return { viewer, ...(await teamOf(row, pages)) };
}

/** The team and its history as staff read them on the application's page (the caller checks their permission). */
export async function getTeamForStaff(applicationId: string): Promise<Omit<TeamView, "viewer">> {
  const row = await prisma.application.findUniqueOrThrow({
    where: { id: applicationId },
    select: { id: true, email: true, status: true, opportunityId: true, definitionId: true },
  });
  const stored = await definitionOf(row);
  return teamOf(row, stored?.definition.stages.flatMap((stage) => stage.form?.pages ?? []) ?? []);
}

async function teamOf(
  row: { id: string; email: string; status: string; opportunityId: string; definitionId: string | null },
  pages: Page[],
): Promise<Omit<TeamView, "viewer">> {
  const [members, changes, stored] = await Promise.all([
    prisma.applicationMember.findMany({ where: { applicationId: row.id, ...ACTIVE }, orderBy: { invitedAt: "asc" } }),
    prisma.applicationChange.findMany({ where: { applicationId: row.id }, orderBy: [{ at: "desc" }, { id: "desc" }], take: 200 }),
    definitionOf(row),
  ]);
  const questions: Labelled[] = pages.flatMap((page) => page.questions.flatMap((q): Labelled[] => (q.type === "group" ? [q, ...q.questions] : [q])));
  const fileQuestion = (kind: string) => questions.find((q) => q.type === "attachment" && "attachmentKind" in q && q.attachmentKind === kind);
  return {
    leadEmail: row.email,
    members: members.map((m) => ({ id: m.id, email: m.email, role: m.role === "edit" ? "edit" : "read", invitedAt: m.invitedAt.toISOString(), joinedAt: m.joinedAt?.toISOString() ?? null })),
    maxMembers: teamMaxMembers(stored?.definition),
    limitFromCall: stored?.definition.team?.maxMembers !== undefined,
    locked: row.status !== "DRAFT",
    changes: changes.map((c) => {
      const page = pages.find((p) => p.key === c.pageKey);
      const keys = Array.isArray(c.questionKeys) ? (c.questionKeys as string[]) : [];
      const file = c.action === "upload" || c.action === "removeFile" ? fileQuestion(c.subject ?? "") : undefined;
      return {
        id: c.id,
        at: c.at.toISOString(),
        actorEmail: c.actorEmail,
        action: c.action as ChangeAction,
        page: page ? labelOf(page.title) : null,
        questions: keys.map((key) => labelOf(questions.find((q) => q.key === key)?.label)).filter((l): l is Bilingual => l !== null),
        subject: file ? labelOf(file.label) : c.action === "upload" || c.action === "removeFile" ? null : c.subject,
      };
    }),
  };
}

/** The first visit through a member's link marks them as joined. */
export async function markJoined(token: string): Promise<void> {
  if (!looksLikeToken(token)) return;
  await prisma.applicationMember.updateMany({ where: { tokenHash: hashToken(token), joinedAt: null, ...ACTIVE }, data: { joinedAt: now() } });
}

// ---------------------------------------------------------------- the lead's and members' changes to the team

export type TeamFailure = {
  ok: false;
  code: "not_found" | "not_lead" | "locked" | "team_full" | "already_member" | "not_member" | "rate_limited";
  /** With "rate_limited": how long until the limit's window resets. */
  retryAfterSeconds?: number;
};

const INVITES_PER_HOUR = { limit: 30, windowSeconds: 3600 };
type TeamResult<T> = ({ ok: true } & T) | TeamFailure;

/**
 * Runs a change of the team for the lead applicant only, with the application's row locked and still a draft
 * (PGlite runs one transaction at a time, so nothing inside reads outside the transaction).
 */
async function asLead<T>(token: string, change: (tx: Prisma.TransactionClient, row: NonNullable<Awaited<ReturnType<typeof openApplication>>>) => Promise<TeamResult<T>>): Promise<TeamResult<T>> {
  const row = await openApplication(token);
  if (!row) return { ok: false, code: "not_found" };
  if (row.accessTokenHash !== hashToken(token)) return { ok: false, code: "not_lead" };
  return prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Application" WHERE id = ${row.id} FOR UPDATE`;
    const current = await tx.application.findUniqueOrThrow({ where: { id: row.id }, select: { status: true } });
    if (current.status !== "DRAFT") return { ok: false as const, code: "locked" as const };
    return change(tx, row);
  });
}

/**
 * The lead invites a co-investigator by email, up to the call's limit, writing the invitation (with the member's own
 * link, in `locale`, the lead's page language) in the same transaction; only the link's hash is kept.
 */
export async function inviteMember(
  token: string,
  input: { email: string; role: TeamRole },
  locale = "en",
): Promise<TeamResult<{ token: string; applicationId: string; mailId: string | null }>> {
  // Each invitation sends mail: a lead's link may send only so many an hour, whoever holds it.
  const row = await openApplication(token);
  if (row && row.accessTokenHash === hashToken(token)) {
    const limit = await consumeRateLimit(`invite:${row.id}`, INVITES_PER_HOUR);
    if (!limit.allowed) return { ok: false, code: "rate_limited", retryAfterSeconds: limit.retryAfterSeconds };
  }
  const secret = newAccessToken();
  const call = row && (await prisma.opportunity.findUnique({ where: { id: row.opportunityId }, select: { titleEn: true, titleZh: true } }));
  const invitation =
    row && call
      ? await invitationMessage({ email: input.email, locale, leadEmail: row.email, call: { en: call.titleEn, zh: call.titleZh }, link: applicationLink(secret.token, locale), role: input.role })
      : null;
  return asLead(token, async (tx, row): Promise<TeamResult<{ token: string; applicationId: string; mailId: string | null }>> => {
    const members = await tx.applicationMember.findMany({ where: { applicationId: row.id, ...ACTIVE }, select: { email: true } });
    if (input.email === row.email.toLowerCase() || members.some((m) => m.email === input.email)) return { ok: false, code: "already_member" };
    const stored = await definitionOf(row, tx);
    if (members.length + 1 >= teamMaxMembers(stored?.definition)) return { ok: false, code: "team_full" };
    await tx.applicationMember.create({ data: { applicationId: row.id, email: input.email, role: input.role, tokenHash: secret.hash, invitedAt: now() } });
    await writeChange(tx, row.id, row.email, { action: "invite", subject: input.email });
    const mailId = invitation && (await enqueueMail(tx, { ...invitation, applicationId: row.id }));
    return { ok: true, token: secret.token, applicationId: row.id, mailId };
  });
}

/** The lead removes a member: their link stops opening the application at once. */
export function removeMember(token: string, memberId: string): Promise<TeamResult<object>> {
  return asLead(token, async (tx, row): Promise<TeamResult<object>> => {
    const member = await tx.applicationMember.findFirst({ where: { id: memberId, applicationId: row.id, ...ACTIVE }, select: { email: true } });
    if (!member) return { ok: false, code: "not_member" };
    await tx.applicationMember.update({ where: { id: memberId }, data: { removedAt: now() } });
    await writeChange(tx, row.id, row.email, { action: "removeMember", subject: member.email });
    return { ok: true };
  });
}

/** The lead lets a member edit the draft, or only read it. */
export function setMemberRole(token: string, memberId: string, role: TeamRole): Promise<TeamResult<object>> {
  return asLead(token, async (tx, row): Promise<TeamResult<object>> => {
    const member = await tx.applicationMember.findFirst({ where: { id: memberId, applicationId: row.id, ...ACTIVE }, select: { email: true, role: true } });
    if (!member) return { ok: false, code: "not_member" };
    if (member.role === role) return { ok: true };
    await tx.applicationMember.update({ where: { id: memberId }, data: { role } });
    await writeChange(tx, row.id, row.email, { action: "role", subject: `${member.email}:${role}` });
    return { ok: true };
  });
}

/** A co-investigator leaves the team (at any time: it only ends their own access); their link stops working. */
export async function leaveTeam(token: string): Promise<TeamResult<object>> {
  const row = await openApplication(token);
  if (!row) return { ok: false, code: "not_found" };
  const actor = await actorOf(row, token);
  if (!actor?.memberId) return { ok: false, code: "not_member" };
  const memberId = actor.memberId;
  await prisma.$transaction(async (tx) => {
    await tx.applicationMember.update({ where: { id: memberId }, data: { leftAt: now() } });
    await writeChange(tx, row.id, actor.email, { action: "leave" });
  });
  return { ok: true };
}
