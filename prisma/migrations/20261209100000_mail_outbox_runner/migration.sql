-- Every message is written to OutboxEmail in the transaction of the change that causes it; the job runner
-- (src/server/jobs) sends it, retrying with backoff, and records the outcome.
ALTER TABLE "OutboxEmail" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'other';
ALTER TABLE "OutboxEmail" ADD COLUMN "dedupeKey" TEXT;
ALTER TABLE "OutboxEmail" ADD COLUMN "attempts" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "OutboxEmail" ADD COLUMN "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE "OutboxEmail" ADD COLUMN "claimedUntil" TIMESTAMP(3);
ALTER TABLE "OutboxEmail" ADD COLUMN "lastAttemptAt" TIMESTAMP(3);
ALTER TABLE "OutboxEmail" ADD COLUMN "gaveUpAt" TIMESTAMP(3);
ALTER TABLE "OutboxEmail" ADD COLUMN "purgedAt" TIMESTAMP(3);
-- Rows kept before: decision notices are the held ones; the others stay "other".
UPDATE "OutboxEmail" SET "kind" = 'decision-notice' WHERE "heldForReview" = true;

CREATE UNIQUE INDEX "OutboxEmail_dedupeKey_key" ON "OutboxEmail"("dedupeKey");
CREATE INDEX "OutboxEmail_nextAttemptAt_idx" ON "OutboxEmail"("nextAttemptAt");
CREATE INDEX "OutboxEmail_applicationId_idx" ON "OutboxEmail"("applicationId");

-- Periodic work (purges, reminders): one row per task, claimed by one instance at a time.
CREATE TABLE "JobSchedule" (
    "name" TEXT NOT NULL,
    "nextRunAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastRunAt" TIMESTAMP(3),
    "lastError" TEXT,
    CONSTRAINT "JobSchedule_pkey" PRIMARY KEY ("name")
);
