import "server-only";
import { env } from "@/env";
import type { Prisma } from "@/generated/prisma/client";
import { shareMetricsCollector, type MetricSample } from "../../runtime/bridge.mjs";
import { isDatabaseAvailable, prisma } from "./db";

// Mail the job runner still has to send: not sent, not given up on, and not held for review unless staff released it.
const UNSENT_MAIL = {
  sentAt: null,
  gaveUpAt: null,
  OR: [{ heldForReview: false }, { releasedAt: { not: null } }],
} satisfies Prisma.OutboxEmailWhereInput;

/** The readings of /metrics (runtime/metrics.mjs) that need the database, read at each scrape. */
export async function collectAppMetrics(): Promise<MetricSample[]> {
  // While the database is down the server says so (portal_database_up); these readings are then unknown, not zero.
  if (!isDatabaseAvailable()) throw new Error("the database is not answering");
  const [mail, givenUp] = await Promise.all([
    prisma.outboxEmail.aggregate({ where: UNSENT_MAIL, _count: true, _min: { createdAt: true } }),
    prisma.outboxEmail.count({ where: { sentAt: null, gaveUpAt: { not: null } } }),
  ]);
  // Measured as the upload store measures itself before each write (src/server/storage/file-storage.ts).
  const [store] = await prisma.$queryRaw<{ used: string }[]>`SELECT COALESCE(SUM(octet_length("content")), 0)::text AS "used" FROM "StoredFile"`;
  const samples: MetricSample[] = [
    // Messages waiting to be sent (OutboxEmail rows that are neither sent, given up on, nor held for review).
    { name: "portal_mail_queue_length", help: "Mail waiting to be sent", value: mail._count },
    // How long the oldest of them has waited, in seconds; 0 when none waits.
    {
      name: "portal_mail_oldest_unsent_age_seconds",
      help: "Age of the oldest mail waiting to be sent, in seconds (0 when none waits)",
      value: mail._min.createdAt ? Math.max(0, (Date.now() - mail._min.createdAt.getTime()) / 1000) : 0,
    },
    // Messages the runner stopped retrying: they stay unsent until staff send (or release) them again.
    { name: "portal_mail_given_up", help: "Mail the job runner gave up sending", value: givenUp },
    // Bytes of attachments in the upload store, the figure UPLOAD_STORE_LIMIT_BYTES bounds.
    { name: "portal_upload_store_bytes", help: "Bytes of attachments held in the upload store", value: Number(store?.used ?? 0) },
  ];
  if (env.UPLOAD_STORE_LIMIT_BYTES !== undefined) {
    // UPLOAD_STORE_LIMIT_BYTES itself, to alert before uploads are refused; absent when there is no limit.
    samples.push({ name: "portal_upload_store_limit_bytes", help: "The upload store's limit in bytes (UPLOAD_STORE_LIMIT_BYTES)", value: env.UPLOAD_STORE_LIMIT_BYTES });
  }
  return samples;
}

/** Lets the production server's /metrics read the app's database; called once at start-up (src/instrumentation.ts). */
export function shareAppMetrics(): void {
  shareMetricsCollector("app", collectAppMetrics);
}
