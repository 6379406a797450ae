-- A call's form as data: versions of its definition (stages' pages of typed questions, pools, eligibility, rubric).
-- A version is edited in place until an application has been submitted against it; then a change makes a new one,
-- and every application keeps the version it answered.
CREATE TABLE "CallDefinition" (
    "id" TEXT NOT NULL,
    "opportunityId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "definition" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "CallDefinition_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "CallDefinition_opportunityId_version_key" ON "CallDefinition"("opportunityId", "version");
ALTER TABLE "CallDefinition" ADD CONSTRAINT "CallDefinition_opportunityId_fkey" FOREIGN KEY ("opportunityId") REFERENCES "Opportunity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "Application" ADD COLUMN "definitionId" TEXT;
ALTER TABLE "Application" ADD CONSTRAINT "Application_definitionId_fkey" FOREIGN KEY ("definitionId") REFERENCES "CallDefinition"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
