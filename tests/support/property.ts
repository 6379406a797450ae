import fc from "fast-check";
import { expect } from "vitest";
import { Prisma } from "@/generated/prisma/client";
import { CONTENT_KIND_SLUGS, type ContentKind } from "@/lib/content-kinds";
import { formDataToObject, initialFormState, type FormState } from "@/lib/form-state";
import { isKnownCountryCode } from "@/lib/localize";
import { STAFF_ROLES, type StaffRoleName } from "@/lib/permissions";
import type { StaffSession } from "@/server/authz";
import { ACTION_ACCESS, allows, discover, findAdminActionModules, HTTP_METHODS, isKindAccess, ROUTE_ACCESS } from "./admin-access";
import { testPrisma } from "./database";
import { actAs, createStaff } from "./staff";

// Shared by the property-based tests: generators of bad input, snapshots of the tables that show whether a
// refused request wrote anything, and what a refusal must look like.

/** Whether this integration pass runs on PostgreSQL: its database URL is set then (tests/support/database.ts). */
const onPostgres = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "");
const runsOverride = Number(process.env.PROPERTY_RUNS);

/**
 * Runs per property: 1,000 generated bad inputs on embedded PGlite, 200 on the PostgreSQL pass, which repeats the same
 * properties to show the two databases answer alike and so need not explore as far (PROPERTY_RUNS sets both).
 */
export const RUNS = Number.isInteger(runsOverride) && runsOverride > 0 ? runsOverride : onPostgres ? 200 : 1000;
/** A thousand runs take seconds alone, minutes on a busy two-core machine: longer than the integration default. */
export const PROPERTY_TIMEOUT = 600_000;

// One fixed seed by default, so that a failure in CI is the same failure on any machine; PROPERTY_SEED=random
// (or another number) explores other inputs, and a failure prints the seed that reproduces it.
const seed = process.env.PROPERTY_SEED;
fc.configureGlobal(seed === "random" ? {} : { seed: Number.isInteger(Number(seed)) && seed ? Number(seed) : 20261125 });

// ------------------------------------------------------------------ nothing written

/** Every model of prisma/schema.prisma (models keep their names as table names). */
export const TABLES = Object.values(Prisma.ModelName);
/** A table: a model's, or one Prisma keeps for an implicit many-to-many relation ("_MissionToSource"). */
export type Table = (typeof TABLES)[number] | `_${string}`;

let databaseTables: Promise<string[]> | undefined;
/** Every table of the test database, the relation tables no model names included; the migrations' own left out. */
export function allTables(): Promise<string[]> {
  databaseTables ??= testPrisma()
    .$queryRawUnsafe<{ name: string }[]>(
      `SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations' ORDER BY 1`,
    )
    .then((rows) => rows.map((r) => r.name));
  return databaseTables;
}

/** Columns too large to hash on every run: the stored file's bytes are hashed once as md5 instead. */
const rowText: Partial<Record<string, string>> = { StoredFile: `(x."key", md5(x."content"), x."createdAt")::text` };

const snapshotSql = (tables: readonly string[]) =>
  tables
    .map(
      (table) =>
        `SELECT '${table}' AS t, count(*)::int AS n, coalesce(sum(hashtext(${rowText[table] ?? "x::text"})::bigint), 0)::text AS h FROM "${table}" x`,
    )
    .join(" UNION ALL ");

export type TableSnapshot = Record<string, string>;

/** Each table's row count and a digest of every row's content, so an update shows as well as an insert or delete. */
export async function snapshotTables(tables?: readonly string[]): Promise<TableSnapshot> {
  const names = tables ?? (await allTables());
  if (names.length === 0) return {};
  const rows = await testPrisma().$queryRawUnsafe<{ t: string; n: number; h: string }[]>(snapshotSql(names));
  return Object.fromEntries(rows.map((r) => [r.t, `${r.n} rows, digest ${r.h}`]));
}

/** The tables a refusal may write by design, each with the reason; every other table must stay as it was. */
export type WriteAllowance = Partial<Record<Table, string>>;

/**
 * Compares the tables (all of them unless `only` names some) with the state after the previous run, so each run is
 * checked on its own and a counterexample shrinks to the input that wrote. Call `check()` after each run.
 */
export async function watchTables(allowed: WriteAllowance = {}, only?: readonly Table[]) {
  const watched = (only ?? (await allTables())).filter((t) => !(t in allowed));
  let last = await snapshotTables(watched);
  return {
    async check(label: string) {
      const now = await snapshotTables(watched);
      const before = last;
      last = now;
      expect(now, `${label} wrote to the database`).toEqual(before);
    },
    /** After a deliberate write between runs (a fixture), start comparing from here. */
    async reset() {
      last = await snapshotTables(watched);
    },
  };
}

/**
 * For a property that snapshots only the tables it can write after each run: every other table, compared once at the
 * end, so that a write the list did not foresee still fails (without shrinking to the input that made it).
 */
export async function watchOtherTables(watched: readonly string[], allowed: WriteAllowance = {}) {
  const others = (await allTables()).filter((t) => !watched.includes(t) && !(t in allowed));
  const before = await snapshotTables(others);
  return {
    async check(label: string) {
      expect(await snapshotTables(others), `${label} wrote to a table outside the ones it lists (${watched.join(", ")}): list it`).toEqual(before);
    },
  };
}

// ------------------------------------------------------------------ bad values

const zeroWidthAndDirection = ["\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u202E", "\u202D", "\u200F", "\u061C"];
const loneSurrogates = ["\uD800", "\uDBFF", "\uDC00", "\uDFFF"];
const controls = ["\u0000", "\u0001", "\u0007", "\u0008", "\u001B", "\u007F", "\u0085", "\r\n", "\t"];
const payloads = [
  "' OR '1'='1",
  "'; DROP TABLE \"Application\"; --",
  "1; SELECT pg_sleep(5)--",
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "javascript:alert(1)",
  "{{7*7}}",
  "${7*7}",
  "=HYPERLINK(\"http://evil.example\")",
  "../../etc/passwd",
  "..\\..\\windows\\win.ini",
  "%00",
  "%2e%2e%2f",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "𝕏𝕐ℤ",
  "👩‍🚀🛰️",
  "مرحبا",
  "中文",
  "e\u0301",
  "Ω≈ç√∫",
];

/** One awkward fragment: control characters, lone surrogates, direction marks, zero-width, injections. */
export const nastyFragment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...zeroWidthAndDirection, ...loneSurrogates, ...controls, ...payloads),
  fc.string({ unit: "binary", maxLength: 8 }),
  fc.string({ unit: "grapheme", maxLength: 6 }),
);

/** A short string made of awkward fragments. */
export const nastyString: fc.Arbitrary<string> = fc.array(nastyFragment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(""));

/** A string whose trimmed length is certainly more than `max`: awkward fragments padded with letters. */
export const tooLong = (max: number): fc.Arbitrary<string> =>
  fc
    .tuple(nastyString, fc.integer({ min: 1, max: 200 }), fc.constantFrom("x", "é", "中", "\u00A0x"))
    .map(([nasty, extra, pad]) => `a${nasty}${pad.repeat(max + extra)}a`);

/** Numbers as a form or query sends them, none of which is a valid count or mass. */
export const badNumberText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("NaN", "Infinity", "-Infinity", "1e309", "-1e309", "abc", "1,5", "1.2.3", "--1", "+-1", "½", "١٢", "Ⅻ", "0x", "1_000"),
  fc.integer({ min: -1_000_000_000, max: -1 }).map(String),
  fc.double({ min: 1e12, max: 1e300, noNaN: true }).map(String),
);

/** Strings that are not an email address. */
export const badEmail: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("plainaddress", "@example.org", "a@", "a@@example.org", "a b@example.org", "a@exa mple.org", "a@.org", "<a@example.org>", "a@example..org", "a\n@example.org"),
  nastyString.filter((s) => !s.includes("@")),
  fc.integer({ min: 255, max: 400 }).map((n) => `${"x".repeat(n)}@example.org`),
);

/** Strings that are not a two-letter ISO 3166-1 code the portal knows. */
export const badCountry: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("ZZ", "XX", "QQ", "AA", "EU", "UK", "FRA", "F", "1", "12", "F1", "ＦＲ", "fr-", "__proto__"),
  nastyString,
);

/** Country fields' bad values that are not blank (blank is "no country", which some forms allow). */
export const unknownCountry: fc.Arbitrary<string> = badCountry.filter((c) => c.trim() !== "" && !isKnownCountryCode(c.trim().toUpperCase()));

/** Strings that are not a yyyy-mm-dd day. */
export const badDate: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("2026-13-01", "2026-00-10", "2026-01-32", "26-01-01", "2026/01/01", "01-01-2026", "tomorrow", "2026-1-1", "+020260-01-01", "2026-01-01T00:00:00Z"),
  nastyString,
);

/** Strings no enum of the portal contains. */
export const unknownEnumValue = (known: readonly string[]): fc.Arbitrary<string> =>
  fc
    .oneof(
      fc.constantFrom("__proto__", "constructor", "toString", "null", "undefined", "0", "true", ...known.map((k) => k.toLowerCase()), ...known.map((k) => ` ${k}x`)),
      nastyString,
    )
    .filter((v) => !known.includes(v.trim()) && !known.includes(v));

/** Keys that have polluted prototypes elsewhere, as form field or query names. */
export const pollutionKey: fc.Arbitrary<string> = fc.constantFrom(
  "__proto__",
  "constructor",
  "prototype",
  "__proto__.0.polluted",
  "constructor.0.polluted",
  "prototype.0.polluted",
  "__proto__[polluted]",
  "constructor[prototype][polluted]",
);

/** Fails if anything generated reached Object.prototype or Array.prototype. */
export function expectNoPollution(): void {
  const proto = Object.prototype as Record<string, unknown>;
  const polluted = ["polluted", "0", "1"].filter((key) => key in proto || key in (Array.prototype as unknown as Record<string, unknown>));
  for (const key of polluted) {
    delete proto[key];
    delete (Array.prototype as unknown as Record<string, unknown>)[key];
  }
  expect(polluted, "a generated key reached Object.prototype").toEqual([]);
}

// ------------------------------------------------------------------ forms

export type FormValue = string | string[] | File | undefined;
export type Fields = Record<string, FormValue>;

/** Form data as a browser posts it; undefined leaves a field out, a list repeats it. */
export function toFormData(fields: Fields, extra: [string, string][] = []): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) form.append(name, item);
  }
  for (const [name, value] of extra) form.append(name, value);
  return form;
}

/** What a server action did: the state it answered the form with, where it redirected, or what it threw. */
export type Outcome =
  | { kind: "state"; state: FormState & { result?: unknown } }
  | { kind: "redirect"; to: string }
  | { kind: "interrupt"; status: number }
  | { kind: "threw"; error: unknown };

/** Calls an action as its form would: (previous state, form data) for useActionState forms, else (form data). */
export async function callAction(fn: (...args: never[]) => Promise<unknown>, form: FormData): Promise<Outcome> {
  const run = fn as (...args: unknown[]) => Promise<unknown>;
  try {
    const state = await (fn.length >= 2 ? run(initialFormState, form) : run(form));
    return { kind: "state", state: (state ?? { ok: true }) as FormState };
  } catch (error) {
    const digest = (error as { digest?: unknown } | undefined)?.digest;
    // NEXT_REDIRECT;<type>;<url>;<status>; where the url may itself hold semicolons.
    if (typeof digest === "string" && digest.startsWith("NEXT_REDIRECT")) return { kind: "redirect", to: digest.split(";").slice(2, -2).join(";") };
    if (typeof digest === "string" && digest.startsWith("NEXT_HTTP_ERROR_FALLBACK;")) return { kind: "interrupt", status: Number(digest.split(";")[1]) };
    return { kind: "threw", error };
  }
}

/** Adds the form's fields to a failure's message (fast-check cannot print FormData). */
function nameForm(error: unknown, form: FormData): unknown {
  const fields = [...form.entries()].map(([name, value]) => [name, typeof value === "string" ? value.slice(0, 120) : `File(${value.name}, ${value.size} bytes)`]);
  if (error instanceof Error) error.message = `${error.message}\n  form: ${JSON.stringify(fields)}`;
  return error;
}

/** Runs the checks, naming the form's fields in any failure. */
export function expectWithForm(form: FormData, check: () => void): void {
  try {
    check();
  } catch (error) {
    throw nameForm(error, form);
  }
}

/** A form's refusal: `{ ok: false }` with a message key and, when fields are at fault, message keys per field. */
export function expectRefusedState(outcome: Outcome, label: string): FormState {
  if (outcome.kind === "threw") throw new Error(`${label} threw ${String((outcome.error as Error)?.stack ?? outcome.error)}`);
  expect(outcome.kind, `${label} answered ${JSON.stringify(outcome)}`).toBe("state");
  const { state } = outcome as { state: FormState };
  expect(state.ok, `${label} accepted the input: ${JSON.stringify(state)}`).toBe(false);
  expect(typeof state.message === "string" && /^[a-zA-Z]+$/.test(state.message), `${label}: message key ${JSON.stringify(state.message)}`).toBe(true);
  for (const [field, key] of Object.entries(state.fieldErrors ?? {})) {
    expect(typeof key === "string" && /^[a-zA-Z]+$/.test(key), `${label}: field ${field} has message ${JSON.stringify(key)}`).toBe(true);
  }
  return state;
}

// ------------------------------------------------------------------ API responses

/** The OpenAPI document's Error shape: `{ error: { code, message, issues? } }`, 4xx, never cached. */
export async function expectApiError(response: Response, label: string, codes?: readonly number[]): Promise<{ code: string; message: string; issues?: unknown[] }> {
  const text = await response.text();
  expect(response.status, `${label} answered ${response.status}: ${text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(response.status, `${label} answered ${response.status}: ${text.slice(0, 300)}`).toBeLessThan(500);
  if (codes) expect(codes, `${label} answered ${response.status}`).toContain(response.status);
  expect(response.headers.get("content-type"), label).toMatch(/^application\/json/);
  expect(response.headers.get("cache-control"), label).toBe("no-store");
  const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown; issues?: unknown } };
  expect(Object.keys(body), `${label} body ${text.slice(0, 300)}`).toEqual(["error"]);
  const { error } = body as { error: { code: string; message: string; issues?: unknown[] } };
  expect(typeof error.code === "string" && /^[a-z_]+$/.test(error.code), `${label} code ${JSON.stringify(error.code)}`).toBe(true);
  expect(typeof error.message === "string" && error.message.length > 0, `${label} message`).toBe(true);
  if (error.issues !== undefined) {
    expect(Array.isArray(error.issues), label).toBe(true);
    for (const issue of error.issues as { path: unknown; message: unknown }[]) {
      expect(Array.isArray(issue.path) && typeof issue.message === "string", `${label} issue ${JSON.stringify(issue)}`).toBe(true);
    }
  }
  if (response.status === 429) expect(Number(response.headers.get("retry-after")), label).toBeGreaterThan(0);
  return error;
}

// ------------------------------------------------------------------ enumeration

/** Every route file under src/app as its URL pattern, e.g. "/api/v1/missions/[slug]" (from the access table's discovery). */
export function findRouteFiles(): string[] {
  const routes = discover().entries.filter((e) => e.kind === "route" && /(^|\/)route\.(ts|js)$/.test(e.file));
  return [...new Set(routes.map((e) => e.url!))].sort();
}

/** The routes anyone may call: those the access table makes public, but for next-auth's own endpoints. */
export const findPublicRouteFiles = () =>
  findRouteFiles().filter((url) => {
    const access = HTTP_METHODS.map((m) => ROUTE_ACCESS[`${m} ${url}`]).filter((a) => a !== undefined);
    return !url.startsWith("/api/auth/") && access.length > 0 && access.every((a) => a === "public");
  });

/** Which property-test file drives each public route; a route missing here fails every one of them. */
export const PUBLIC_ROUTE_TESTS: Record<string, "property-api" | "property-api-submissions" | "property-files"> = {
  "/.well-known/cooperation-portal-signing-key": "property-files",
  "/[locale]/feed.xml": "property-files",
  "/api/[...path]": "property-api",
  "/api/applications/[token]/attachments/[id]": "property-files",
  "/api/applications/[token]/receipt": "property-files",
  "/api/health": "property-api",
  "/api/health/live": "property-api",
  "/api/health/ready": "property-api",
  "/api/internal/cache": "property-api",
  "/api/v1/institutions": "property-api",
  "/api/v1/missions": "property-api",
  "/api/v1/missions/[slug]": "property-api",
  "/api/v1/openapi.json": "property-api",
  "/api/v1/opportunities": "property-api",
  "/api/v1/opportunities/[slug]": "property-api",
  "/api/v1/opportunities/[slug]/applications": "property-api-submissions",
  "/api/v1/calls": "property-api",
  "/api/v1/calls/[slug]": "property-api",
  "/api/v1/calls/[slug]/openapi.json": "property-api",
  "/api/v1/calls/[slug]/applications": "property-api-submissions",
  "/api/v1/projects": "property-api",
  "/api/v1/uploads": "property-api-submissions",
  "/calendar.ics": "property-files",
  "/data/[file]": "property-files",
};

/** A URL path segment as a browser would send it; lone surrogates become U+FFFD as they would on the wire. */
export const pathSegment = (segment: string) => encodeURIComponent(segment.toWellFormed());

// ------------------------------------------------------------------ bad form fields

const missing = fc.constantFrom<FormValue>(undefined, "", "   ", "\u00A0\t\uFEFF", new File(["x"], "x.txt"));

/** Bad values for a text field of min..max characters: too long, too short, or (when required) blank or absent. */
export function badText(min: number, max: number, required = true): fc.Arbitrary<FormValue> {
  const options: fc.Arbitrary<FormValue>[] = [tooLong(max)];
  if (min >= 2) options.push(fc.constantFrom("x", "中", "\u202E", "<").map((s) => s.repeat(min - 1)));
  if (required) options.push(missing);
  return fc.oneof(...options);
}

/** Bad values for a choice among `options`. */
export const badChoice = (options: readonly string[], required = true): fc.Arbitrary<FormValue> =>
  // Blank is "not chosen", which an optional choice allows.
  required ? fc.oneof(unknownEnumValue(options), missing) : unknownEnumValue(options).filter((v) => v.trim() !== "");

/** Bad values for a number field: not a number, out of range, or absent. */
export function badNumber(opts: { max: number; int?: boolean; required?: boolean }): fc.Arbitrary<FormValue> {
  const options: fc.Arbitrary<FormValue>[] = [badNumberText, fc.integer({ min: 1, max: 1000 }).map((n) => String(opts.max + n))];
  if (opts.int) options.push(fc.constantFrom("1.5", "2.25", "0.1"));
  if (opts.required !== false) options.push(missing);
  return fc.oneof(...options);
}

export const badEmailField: fc.Arbitrary<FormValue> = fc.oneof(badEmail, missing);

/** Fields a tampered form may add: prototype keys, runaway row indexes, framework-looking names. */
export const extraFields: fc.Arbitrary<[string, string][]> = fc.array(
  fc.tuple(
    fc.oneof(pollutionKey, fc.constantFrom("x.4294967294.y", "participants.99999999.name", "facts.1000.textEn", "$ACTION_ID_0", "$ACTION_KEY", "locale.0.x")),
    nastyString,
  ),
  { maxLength: 2 },
);

/**
 * A form that is valid but for one to three fields, each given a value from its bad-value arbitrary, plus any
 * extra fields; the schema of the form must refuse every one (checked by the property, so a generator that
 * lets a valid form through fails the test instead of writing).
 */
export function invalidForm(valid: Fields, bad: Record<string, fc.Arbitrary<FormValue>>): fc.Arbitrary<{ fields: Fields; extra: [string, string][]; chosen: string[] }> {
  const names = Object.keys(bad);
  return fc
    .tuple(fc.subarray(names, { minLength: 1, maxLength: Math.min(3, names.length) }), extraFields)
    .chain(([chosen, extra]) =>
      fc.tuple(...chosen.map((name) => bad[name]!)).map((values) => {
        const fields = { ...valid };
        chosen.forEach((name, i) => (fields[name] = values[i]));
        return { fields, extra, chosen };
      }),
    );
}

// ------------------------------------------------------------------ staff actions

/** Which property-test file drives each staff action module; a module missing here fails every one of them. */
export const STAFF_ACTION_TESTS: Record<
  string,
  "property-actions-auth" | "property-actions-calls" | "property-actions-content" | "property-actions-review" | "property-actions-staff"
> = {
  auth: "property-actions-auth",
  "call-form": "property-actions-calls",
  content: "property-actions-content",
  deadlines: "property-actions-review",
  mail: "property-actions-review",
  "review-decisions": "property-actions-review",
  "review-outbox": "property-actions-review",
  review: "property-actions-review",
  staff: "property-actions-staff",
};

/** One generated bad form for a staff action, who posts it (when not the test's acting staff member), and what its answer must be. */
export interface ActionCase {
  form: FormData;
  label: string;
  actor?: StaffSession | null;
  expect: (outcome: Outcome) => void;
}

export type AnswerCheck = (outcome: Outcome, label: string) => void;

/** A refusal with exactly this message key and these field errors (none when omitted). */
export const refusedWith =
  (message: string, fieldErrors?: Record<string, string>): AnswerCheck =>
  (outcome, label) => {
    const state = expectRefusedState(outcome, label);
    expect({ message: state.message, fieldErrors: state.fieldErrors }, `${label} answered ${JSON.stringify(state)}`).toEqual({ message, fieldErrors });
  };

/** requirePermission's answers: a role without the permission gets 403, nobody is sent to sign in. */
export const refusedAccess =
  (actor: StaffSession | null): AnswerCheck =>
  (outcome, label) => {
    if (actor) expect(outcome, `${label} as ${actor.role}`).toEqual({ kind: "interrupt", status: 403 });
    else expect(outcome.kind === "redirect" && /^\/en\/admin\/sign-in(\?|$)/.test(outcome.to), `${label} without a session: ${JSON.stringify(outcome)}`).toBe(true);
  };

/** How an invalid form's refusal must name its bad fields. */
export interface FieldNaming {
  /** Fields whose fault the action answers as "invalidRequest" with no field errors (hidden ids, versions, choices). */
  hidden?: string[];
  /** Other field-error keys a bad field may show under (a date checked against another, a list's rows). */
  related?: Record<string, string[]>;
  /** For answers that are not a FormState (the call builder's): checks the refusal's shape, returns its message and field errors. */
  readRefusal?: (outcome: Outcome, label: string) => { message?: string; fieldErrors: Record<string, unknown> };
}

const readFormRefusal = (outcome: Outcome, label: string) => {
  const state = expectRefusedState(outcome, label);
  return { message: state.message, fieldErrors: state.fieldErrors ?? {} };
};

/**
 * An invalid form's refusal names what was bad: "invalidRequest" only when a hidden field was bad, otherwise
 * "summaryTitle" with field errors on the bad fields (or on fields the tampered form added), and none elsewhere.
 */
export function expectNamesBadFields(outcome: Outcome, label: string, chosen: string[], extra: string[], naming: FieldNaming): void {
  const state = (naming.readRefusal ?? readFormRefusal)(outcome, label);
  const keys = Object.keys(state.fieldErrors);
  const root = (name: string) => name.split(".")[0];
  const explains = (field: string, key: string) => key === field || root(key) === root(field) || (naming.related?.[field] ?? []).includes(key);
  const detail = `${label} with bad ${JSON.stringify(chosen)}${extra.length ? ` and added ${JSON.stringify(extra)}` : ""} answered ${JSON.stringify({ message: state.message, fieldErrors: state.fieldErrors })}`;
  if (keys.length === 0) {
    expect(state.message, detail).toBe("invalidRequest");
    expect(chosen.some((field) => naming.hidden?.includes(field)), `${detail}: only a bad hidden field is answered as a bad request`).toBe(true);
    return;
  }
  expect(state.message, detail).toBe("summaryTitle");
  expect(keys.filter((key) => !chosen.some((f) => explains(f, key)) && !extra.some((f) => explains(f, key))), `${detail}: errors on fields that were fine`).toEqual([]);
  expect(keys.some((key) => chosen.some((f) => explains(f, key))) || chosen.some((f) => naming.hidden?.includes(f)), `${detail}: no bad field is named`).toBe(true);
}

/** A well-formed form refused for what it names or for the state of the records it names, and the answer it must get. */
export interface Refusal {
  fields: Fields;
  label: string;
  expect: AnswerCheck;
}

/**
 * A staff action's generated cases:
 * - invalid: `valid` with one to three fields given bad values (the schema must refuse them; checked run by run), with
 *   the answer naming the bad fields when `naming` is given;
 * - refusals: well-formed forms refused for what they name (a record that does not exist, a stale version, a
 *   conflicting state of the real records the test made), each with its own expected answer;
 * - unauthorised: `valid` itself, posted by each staff member (or nobody) the action's permission leaves out.
 * `valid` should name real records, so that a refusal that wrote would change them.
 */
export function staffActionCases(spec: {
  valid: Fields;
  bad: Record<string, fc.Arbitrary<FormValue>>;
  /** The schema the action parses the form with, and its list fields; omit only when `valid` names a missing record. */
  schema?: { safeParse: (value: unknown) => { success: boolean } };
  arrays?: string[];
  naming?: FieldNaming;
  /** Well-formed forms that name records that do not exist, answered by `expect` (or any refusal). */
  semantic?: fc.Arbitrary<Fields>;
  refusals?: fc.Arbitrary<Refusal>;
  /** How often a semantic or refusal case comes up against one invalid form (1 = as often); lower for costly refusals. */
  semanticWeight?: number;
  unauthorised?: (StaffSession | null)[];
  expect?: AnswerCheck;
}): fc.Arbitrary<ActionCase> {
  const check = spec.expect ?? ((outcome: Outcome, label: string) => void expectRefusedState(outcome, label));
  const invalid = (Object.keys(spec.bad).length > 0 ? invalidForm(spec.valid, spec.bad) : fc.constant({ fields: spec.valid, extra: [] as [string, string][], chosen: [] as string[] }))
    .map(({ fields, extra, chosen }) => ({ form: toFormData({ locale: "en", ...fields }, extra), chosen, extra, bare: toFormData({ locale: "en", ...fields }) }))
    // A bad value may come out valid once the form is read (a lone U+0000 is dropped): only forms the schema refuses
    // for the chosen fields alone are used, or whose bad hidden field the action checks itself.
    .filter(
      ({ bare, chosen }) =>
        !spec.schema || chosen.some((f) => spec.naming?.hidden?.includes(f)) || !spec.schema.safeParse(formDataToObject(bare, spec.arrays)).success,
    )
    .map(({ form, chosen, extra }): ActionCase => ({
      form,
      label: "invalid",
      expect: (outcome) =>
        spec.naming && !spec.expect
          ? expectNamesBadFields(outcome, "invalid", chosen, extra.map(([name]) => name), spec.naming)
          : check(outcome, "invalid"),
    }));
  const others: fc.Arbitrary<ActionCase>[] = [];
  if (spec.semantic) {
    others.push(spec.semantic.map((fields) => ({ form: toFormData({ locale: "en", ...fields }), label: "missing record", expect: (outcome: Outcome) => check(outcome, "missing record") })));
  }
  if (spec.refusals) {
    others.push(spec.refusals.map((r) => ({ form: toFormData({ locale: "en", ...r.fields }), label: r.label, expect: (outcome: Outcome) => r.expect(outcome, r.label) })));
  }
  const weight = spec.semanticWeight ?? 1;
  // An action whose only input is who posts it has no invalid forms.
  const arbitraries = [
    ...(Object.keys(spec.bad).length > 0 ? [{ arbitrary: invalid, weight: weight >= 1 ? 1 : Math.round(1 / weight) }] : []),
    ...others.map((arbitrary) => ({ arbitrary, weight: 1 })),
  ];
  if (spec.unauthorised?.length) {
    const actors = spec.unauthorised;
    arbitraries.push({
      arbitrary: fc.constantFrom(...actors).map((actor) => ({
        form: toFormData({ locale: "en", ...spec.valid }),
        label: `valid form as ${actor?.role ?? "nobody"}`,
        actor,
        expect: (outcome: Outcome) => refusedAccess(actor)(outcome, "valid form"),
      })),
      weight: 1,
    });
  }
  if (arbitraries.length === 0) throw new Error("staffActionCases: no bad fields, refusals or refused actors to generate");
  return arbitraries.length === 1 ? arbitraries[0]!.arbitrary : fc.oneof(...arbitraries);
}

export interface DriveOptions {
  /** The staff member the forms are posted as; cases that name another actor are posted as that one. */
  actor?: StaffSession;
  /**
   * The tables the action can write, snapshotted after every run (all tables when omitted); the others are
   * compared once, after the last run, so a write outside the list still fails.
   */
  tables?: readonly Table[];
  /** Fewer runs than RUNS, for properties about the harness itself. */
  runs?: number;
}

/** Drives one action with RUNS generated cases, checking each answer and that no table changed. */
export async function driveAction(
  name: string,
  fn: (...args: never[]) => Promise<unknown>,
  cases: fc.Arbitrary<ActionCase>,
  allowed: WriteAllowance = {},
  options: DriveOptions = {},
) {
  const tables = await watchTables(allowed, options.tables);
  const others = options.tables ? await watchOtherTables(options.tables, allowed) : undefined;
  await fc.assert(
    fc.asyncProperty(cases, async (c) => {
      let outcome: Outcome;
      if (c.actor === undefined) {
        outcome = await callAction(fn, c.form);
      } else {
        if (!options.actor) throw new Error(`${name}: a case posted by another actor needs options.actor to return to`);
        actAs(c.actor);
        try {
          outcome = await callAction(fn, c.form);
        } finally {
          actAs(options.actor);
        }
      }
      try {
        c.expect(outcome);
        expectNoPollution();
        await tables.check(`${name} (${c.label})`);
      } catch (error) {
        throw nameForm(error, c.form);
      }
    }),
    { numRuns: options.runs ?? RUNS },
  );
  await others?.check(name);
}

/**
 * Posts the form a property's cases start from, as a staff member allowed to: it must be accepted and change the
 * tables listed, or the property's "changes nothing" could not have failed.
 */
export async function expectAcceptedAndWritten(name: string, fn: (...args: never[]) => Promise<unknown>, fields: Fields, tables: readonly Table[]): Promise<void> {
  const before = await snapshotTables(tables);
  const outcome = await callAction(fn, toFormData({ locale: "en", ...fields }));
  const accepted = outcome.kind === "redirect" ? !outcome.to.includes("/admin/sign-in") : outcome.kind === "state" && outcome.state.ok;
  expect(accepted, `${name} refused its valid form: ${JSON.stringify(outcome)}`).toBe(true);
  expect(await snapshotTables(tables), `${name} accepted its valid form but wrote nothing`).not.toEqual(before);
}

/**
 * The staff members (and nobody) that tests/support/admin-access.ts refuses a staff action ("<module>#<export>"), one
 * per role; for an action that serves every content kind, "<module>#<export>:<kind>" names the kind posted.
 */
export async function refusedActors(key: string): Promise<(StaffSession | null)[]> {
  const [action, kind] = key.split(":");
  const [module, exportName] = action!.split("#");
  const access = ACTION_ACCESS[`server/actions/admin/${module}.ts#${exportName}`];
  if (!access) throw new Error(`${key} is not in tests/support/admin-access.ts`);
  if (isKindAccess(access) !== (kind !== undefined)) throw new Error(`${key}: name the content kind posted to an action that serves every kind, and only to one`);
  const actors: (StaffSession | null)[] = [null];
  for (const role of STAFF_ROLES.filter((r) => !allows(access, r, kind))) {
    refusedStaff[role] ??= createStaff(role);
    actors.push(await refusedStaff[role]);
  }
  return actors;
}
const refusedStaff: Partial<Record<StaffRoleName, Promise<StaffSession>>> = {};

/** Well-formed ids and versions of records that do not exist. */
export const missingId = fc.stringMatching(/^c[a-z0-9]{10,24}$/).map((id) => `missing-${id}`);
export const someVersion = fc.date({ min: new Date("2020-01-01"), max: new Date("2030-01-01"), noInvalidDate: true }).map((d) => d.toISOString());

/** The staff actions of the modules `file` drives, keyed "<module>#<export>" as tests/support/admin-access.ts keys them. */
export async function staffActionsOf(file: string): Promise<Record<string, (...args: never[]) => Promise<unknown>>> {
  const actions: Record<string, (...args: never[]) => Promise<unknown>> = {};
  for (const { name, file: source } of findAdminActionModules().filter((m) => STAFF_ACTION_TESTS[m.name] === file)) {
    for (const [exportName, fn] of Object.entries((await import(/* @vite-ignore */ source)) as Record<string, unknown>)) {
      if (typeof fn === "function") actions[`${name}#${exportName}`] = fn as (...args: never[]) => Promise<unknown>;
    }
  }
  return actions;
}

/** The content module's record forms, driven by property-actions-content; property-actions-content-parts drives every other content action. */
export const CONTENT_RECORD_ACTIONS = ["content#saveContentAction", "content#saveFactsAction"];

/** The property of the one save action for a content kind's record form, which posts the kind in the field "contentKind". */
export const contentFormKey = (kind: ContentKind) => `content#saveContentAction:${kind}`;

/** The properties property-actions-content must run: each content kind's record form, and the facts form. */
export const CONTENT_RECORD_FORMS = [...CONTENT_KIND_SLUGS.map(contentFormKey), "content#saveFactsAction"];

const nonBlank = (arb: fc.Arbitrary<string>) => arb.filter((s) => s.trim() !== "");
/** A date field's bad values that are not blank (blank means "no date", which is allowed). */
export const badDay = nonBlank(badDate);
/** Bad ids for hidden fields and selects: absent, blank or longer than any id. */
export const badIdField = fc.oneof(tooLong(64), fc.constantFrom<FormValue>(undefined, "", "  "));
/** A well-formed reference (id and version) to a record that does not exist. */
export const missingRef = fc.record({ id: missingId, version: someVersion });
