import { z } from "zod";
import type { ListSpec } from "../../admin-list";
import { STAFF_ROLES } from "../../permissions";
import { newPasswordSchema, updateStaffSchema } from "../staff";

// The staff-management forms beyond account creation (which uses createStaffSchema).

const staffId = z.string({ error: "invalidRequest" }).min(1, "invalidRequest").max(64, "invalidRequest");

export const staffIdSchema = z.object({ id: staffId });

/** Name and role; updatedAt is the version the form was opened on, so that a concurrent change is not overwritten. */
export const staffDetailsSchema = updateStaffSchema.pick({ name: true, role: true }).extend({
  id: staffId,
  updatedAt: z.iso.datetime({ error: "invalidRequest" }),
});
export type StaffDetailsInput = z.infer<typeof staffDetailsSchema>;

export const staffAccessSchema = z.object({
  id: staffId,
  disabled: z.enum(["true", "false"], { error: "invalidRequest" }).transform((v) => v === "true"),
});

export const staffPasswordResetSchema = z.object({ id: staffId, password: newPasswordSchema });

export const STAFF_STATUSES = ["active", "disabled"] as const;
export type StaffStatus = (typeof STAFF_STATUSES)[number];

export const STAFF_SORTS = ["name", "email", "role", "lastSignInAt", "createdAt"] as const;

/** The staff list's query string, shared by the page and its CSV export. */
export const staffListSpec = {
  sorts: STAFF_SORTS,
  defaultSort: "name",
  filters: { role: STAFF_ROLES, status: STAFF_STATUSES },
} satisfies ListSpec<(typeof STAFF_SORTS)[number], "role" | "status">;
