import type { z } from "zod";

/** The server's settings once validated; runtime/env.mjs declares their rules and defaults. */
export interface RuntimeEnv {
  NODE_ENV: "development" | "test" | "production";
  SITE_URL: string;
  PORT: number;
  HOSTNAME: string;
  TRUST_PROXY: boolean;
  SEARCH_CONCURRENCY: number;
  LOG_LEVEL: "trace" | "debug" | "info" | "warn" | "error" | "fatal" | "silent";
  METRICS_TOKEN: string | undefined;
}
export const runtimeEnvSchema: z.ZodObject<{ [Name in keyof RuntimeEnv]: z.ZodType<RuntimeEnv[Name]> }>;
/** The schema, with an empty value (as `.env.example` leaves it) read as unset, so that its default applies. */
export function unsetWhenEmpty<Schema extends z.ZodType>(schema: Schema): z.ZodType<z.output<Schema>>;
export function parseEnv<Schema extends z.ZodType>(schema: Schema, source: Record<string, string | undefined>): z.output<Schema>;
/** Secrets that NAME_FILE may give instead of NAME. */
export const SECRET_FILE_VARIABLES: readonly string[];
/** The environment with every NAME_FILE read into NAME, and a line for each file that could not be. */
export function readSecretFiles(source: Record<string, string | undefined>): { values: Record<string, string | undefined>; problems: string[] };
/** Problems, one line each, with settings a production server must be given rather than defaulted. */
export function missingInProduction(settings: RuntimeEnv, source: Record<string, string | undefined>): string[];
