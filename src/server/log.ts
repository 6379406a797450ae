import "server-only";
import { logger } from "../../runtime/log.mjs";

/**
 * The portal's logger (runtime/log.mjs): JSON lines in production, each with the id of the request being answered,
 * readable lines in development and tests. Write `log.warn({ applicationId }, "what happened")`, errors as `{ err }`.
 */
export const log = logger();
