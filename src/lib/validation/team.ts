import { z } from "zod";
import { emailSchema } from "./application";

/** What a team member may do with the draft: change it, or only read it. */
export const TEAM_ROLES = ["edit", "read"] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];
export const teamRoleSchema = z.enum(TEAM_ROLES, { error: "chooseOne" });

/** The lead applicant's invitation of a co-investigator: the same shape for the form and the action. */
export const inviteMemberSchema = z.object({ email: emailSchema, role: teamRoleSchema });

/** A member the lead removes or gives another role: a row id, never more than a short opaque string. */
export const memberIdSchema = z.string().regex(/^[a-z0-9]{1,40}$/, "invalidRequest");
