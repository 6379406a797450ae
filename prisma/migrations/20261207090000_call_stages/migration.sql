-- A call has stages, each with its own window as instants in UTC, and the zone it announces them in. The first
-- Chang'e-5 round and the Tianwen-3 first round get the stages their announcements give; sources that named an
-- internal file become the announcement they stand for.
ALTER TYPE "OpportunityKind" ADD VALUE 'PAYLOAD_PARTICIPATION';

CREATE TYPE "StageEntry" AS ENUM ('ANYONE', 'INVITED');

ALTER TABLE "Opportunity"
  ADD COLUMN "timeZone" TEXT NOT NULL DEFAULT 'Asia/Shanghai',
  ADD COLUMN "contactEmail" TEXT,
  ADD COLUMN "referencePrefix" TEXT,
  ADD COLUMN "demonstration" BOOLEAN NOT NULL DEFAULT false;
CREATE UNIQUE INDEX "Opportunity_referencePrefix_key" ON "Opportunity"("referencePrefix");

CREATE TABLE "CallStage" (
    "id" TEXT NOT NULL,
    "opportunityId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "titleEn" TEXT NOT NULL,
    "titleZh" TEXT NOT NULL,
    "opensAt" TIMESTAMP(3),
    "opensPrecision" "DatePrecision",
    "closesAt" TIMESTAMP(3),
    "closesPrecision" "DatePrecision",
    "graceMinutes" INTEGER NOT NULL DEFAULT 0,
    "entry" "StageEntry" NOT NULL DEFAULT 'ANYONE',
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CallStage_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "CallStage_graceMinutes_check" CHECK ("graceMinutes" BETWEEN 0 AND 15)
);
CREATE UNIQUE INDEX "CallStage_opportunityId_position_key" ON "CallStage"("opportunityId", "position");
ALTER TABLE "CallStage" ADD CONSTRAINT "CallStage_opportunityId_fkey" FOREIGN KEY ("opportunityId") REFERENCES "Opportunity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "Application" ADD COLUMN "stageId" TEXT, ADD COLUMN "deadlineExtendedTo" TIMESTAMP(3);
ALTER TABLE "Application" ADD CONSTRAINT "Application_stageId_fkey" FOREIGN KEY ("stageId") REFERENCES "CallStage"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Existing calls, as their announcements give them (a database seeded before this migration).
UPDATE "Opportunity" SET "referencePrefix" = 'TW3', "contactEmail" = NULL WHERE "slug" = 'tianwen-3-payload-offer';
UPDATE "Opportunity" SET "contactEmail" = 'clep@cnsa.gov.cn' WHERE "slug" = 'chang-e-5-sample-loans';
INSERT INTO "CallStage" ("id", "opportunityId", "position", "titleEn", "titleZh", "opensAt", "opensPrecision", "closesAt", "closesPrecision", "entry", "updatedAt")
SELECT 'stage_' || md5(o."id" || '-0'), o."id", 0, 'Application', '申请', TIMESTAMP '2023-10-31 16:00:00', 'MONTH'::"DatePrecision", TIMESTAMP '2023-12-22 16:00:00', NULL::"DatePrecision", 'ANYONE'::"StageEntry", CURRENT_TIMESTAMP
FROM "Opportunity" o WHERE o."slug" = 'chang-e-5-sample-loans';
INSERT INTO "CallStage" ("id", "opportunityId", "position", "titleEn", "titleZh", "opensAt", "opensPrecision", "closesAt", "closesPrecision", "entry", "updatedAt")
SELECT 'stage_' || md5(o."id" || '-0'), o."id", 0, 'Letter of intent', '意向书', TIMESTAMP '2025-03-10 16:00:00', 'DAY'::"DatePrecision", TIMESTAMP '2025-06-30 16:00:00', 'DAY'::"DatePrecision", 'ANYONE'::"StageEntry", CURRENT_TIMESTAMP
FROM "Opportunity" o WHERE o."slug" = 'tianwen-3-payload-offer'
UNION ALL
SELECT 'stage_' || md5(o."id" || '-1'), o."id", 1, 'Full proposal', '正式方案', NULL::timestamp(3), NULL::"DatePrecision", TIMESTAMP '2025-09-30 16:00:00', 'DAY'::"DatePrecision", 'INVITED'::"StageEntry", CURRENT_TIMESTAMP
FROM "Opportunity" o WHERE o."slug" = 'tianwen-3-payload-offer';
UPDATE "Opportunity" SET "status" = 'CLOSED' WHERE "slug" = 'tianwen-3-payload-offer' AND "status" = 'OPEN';
UPDATE "Application" a SET "stageId" = s."id" FROM "CallStage" s WHERE s."opportunityId" = a."opportunityId" AND s."position" = 0;
DELETE FROM "OpportunityFact" WHERE "textEn" LIKE 'A first round set proposals due at the end of June 2025%';

UPDATE "Source" SET "reference" = 'CNSA announcement at the opening ceremony of China''s Space Day, Shanghai, 24 April 2025',
  "label" = 'CNSA announcement at the opening ceremony of China''s Space Day, Shanghai, 24 April 2025', "url" = NULL
WHERE "reference" LIKE 'seed:%' AND NOT EXISTS (SELECT 1 FROM "Source" WHERE "reference" LIKE 'CNSA announcement at the opening ceremony%');
UPDATE "Milestone" SET "sourceRef" = 'CNSA announcement at the opening ceremony of China''s Space Day, Shanghai, 24 April 2025' WHERE "sourceRef" LIKE 'seed:%';
-- The Tianwen-3 first round's deadlines are its stages now; the revised sources no longer state a hardware delivery year.
DELETE FROM "Milestone" WHERE "slug" IN ('tianwen-3-first-round-proposals-due', 'tianwen-3-payload-hardware-delivery');
