import { z } from "zod";
import { withoutNul } from "../form-state";

// Field schemas for HTML forms, shared by every form's schema. Messages are keys under "Errors".

/** Form fields arrive as strings; an empty one means "not answered". */
export const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
export const trimmed = (value: unknown) => (typeof value === "string" ? withoutNul(value).trim() : value);

export const text = (min: number, max: number) =>
  z.preprocess(
    blankToUndefined,
    z.preprocess(trimmed, z.string({ error: "required" }).min(min, "tooShort").max(max, "tooLong")),
  );
export const optionalText = (max: number) =>
  z.preprocess(blankToUndefined, z.preprocess(trimmed, z.string().max(max, "tooLong")).optional());

export const number = (opts: { min?: number; max: number; int?: boolean; positive?: boolean }) =>
  z.preprocess(blankToUndefined, z.unknown()).transform((value, ctx): number => {
    const fail = (message: string) => {
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    };
    if (value === undefined || value === null) return fail("required");
    const n = typeof value === "number" ? value : typeof value === "string" ? Number(value.trim()) : Number.NaN;
    if (!Number.isFinite(n)) return fail("number");
    if (opts.int && !Number.isInteger(n)) return fail("wholeNumber");
    if (opts.positive && n <= 0) return fail("positive");
    if (opts.min !== undefined && n < opts.min) return fail("tooSmall");
    if (n > opts.max) return fail("tooLarge");
    return n;
  });


/** A yyyy-mm-dd date from a date input; blank means unknown. */
export const optionalDate = z.preprocess(
  blankToUndefined,
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "date")
    .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), "date")
    .transform((v) => new Date(`${v}T00:00:00Z`))
    .optional(),
);

/** A checkbox: present ("on") or absent. */
export const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());
