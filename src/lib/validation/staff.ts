import { z } from "zod";
import { STAFF_ROLES } from "../permissions";
import { emailSchema } from "./application";
import { blankToUndefined, text } from "./fields";

export const staffRoleSchema = z.enum(STAFF_ROLES, { error: "chooseOne" });

// Long passphrases rather than composition rules (NIST SP 800-63B, OWASP ASVS 2.1).
export const newPasswordSchema = z.string({ error: "required" }).min(12, "passwordTooShort").max(256, "tooLong");

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string({ error: "required" }).min(1, "required").max(256, "tooLong"),
  code: z.preprocess(blankToUndefined, z.string().regex(/^\s*\d{3}\s?\d{3}\s*$/, "totpCode").optional()),
});
export type SignInInput = z.infer<typeof signInSchema>;

export const createStaffSchema = z.object({
  email: emailSchema,
  name: text(2, 120),
  role: staffRoleSchema,
  password: newPasswordSchema,
});
export type CreateStaffInput = z.infer<typeof createStaffSchema>;

export const updateStaffSchema = z.object({
  name: text(2, 120),
  role: staffRoleSchema,
  disabled: z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean()),
});

export const totpConfirmSchema = z.object({
  code: z.string({ error: "required" }).regex(/^\s*\d{3}\s?\d{3}\s*$/, "totpCode"),
});
