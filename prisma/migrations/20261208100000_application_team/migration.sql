-- Co-investigators with their own private links, and the history of who changed what in an application.
CREATE TABLE "ApplicationMember" (
    "id" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "invitedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "joinedAt" TIMESTAMP(3),
    "leftAt" TIMESTAMP(3),
    "removedAt" TIMESTAMP(3),
    CONSTRAINT "ApplicationMember_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "ApplicationChange" (
    "id" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "actorEmail" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "pageKey" TEXT,
    "questionKeys" JSONB NOT NULL DEFAULT '[]',
    "subject" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ApplicationChange_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "ApplicationMember_tokenHash_key" ON "ApplicationMember"("tokenHash");
CREATE INDEX "ApplicationMember_applicationId_idx" ON "ApplicationMember"("applicationId");
CREATE INDEX "ApplicationChange_applicationId_at_idx" ON "ApplicationChange"("applicationId", "at");

ALTER TABLE "ApplicationMember" ADD CONSTRAINT "ApplicationMember_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ApplicationChange" ADD CONSTRAINT "ApplicationChange_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;
