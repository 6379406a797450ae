-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "TargetBody" AS ENUM ('MOON', 'MARS');

-- CreateEnum
CREATE TYPE "MissionStatus" AS ENUM ('PLANNED', 'IN_PROGRESS', 'COMPLETED');

-- CreateEnum
CREATE TYPE "OpportunityKind" AS ENUM ('SAMPLE_LOAN', 'PAYLOAD_SELECTION', 'PAYLOAD_OFFER');

-- CreateEnum
CREATE TYPE "OpportunityStatus" AS ENUM ('OPEN', 'CLOSED', 'RESULTS_PUBLISHED');

-- CreateEnum
CREATE TYPE "DatePrecision" AS ENUM ('DAY', 'MONTH', 'YEAR');

-- CreateEnum
CREATE TYPE "FigureKey" AS ENUM ('APPLICATIONS_RECEIVED', 'PROPOSALS_RECEIVED', 'PROPOSALS_CONSOLIDATED', 'COUNTRIES_AND_ORGANISATIONS', 'COUNTRIES_AND_REGIONS', 'INTERNATIONAL_ORGANISATIONS', 'SAMPLE_SETS_REQUESTED', 'INSTITUTIONS_ACCEPTED', 'COUNTRIES_ACCEPTED', 'AGREEMENTS_SIGNED', 'PROJECTS_SELECTED', 'CAPACITY_OFFERED_KG', 'MAX_PAYLOAD_KG');

-- CreateEnum
CREATE TYPE "InstitutionType" AS ENUM ('UNIVERSITY', 'AGENCY', 'RESEARCH_INSTITUTE', 'INTERNATIONAL_ORGANISATION');

-- CreateEnum
CREATE TYPE "AgreementStatus" AS ENUM ('SIGNED', 'PENDING', 'UNCONFIRMED', 'EXPIRED');

-- CreateEnum
CREATE TYPE "ProjectKind" AS ENUM ('SCIENCE_INSTRUMENT', 'ROBOTICS_AND_MOBILITY');

-- CreateEnum
CREATE TYPE "PartnerRole" AS ENUM ('LEAD', 'PARTNER');

-- CreateEnum
CREATE TYPE "Carrier" AS ENUM ('ORBITER', 'SERVICE_MODULE', 'LANDER');

-- CreateTable
CREATE TABLE "Source" (
    "id" TEXT NOT NULL,
    "url" TEXT,
    "reference" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Source_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Mission" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "nameZh" TEXT NOT NULL,
    "body" "TargetBody" NOT NULL,
    "status" "MissionStatus" NOT NULL,
    "launchWindowEn" TEXT,
    "launchWindowZh" TEXT,
    "landingSiteEn" TEXT,
    "landingSiteZh" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Mission_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MissionFact" (
    "id" TEXT NOT NULL,
    "missionId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "textEn" TEXT NOT NULL,
    "textZh" TEXT,

    CONSTRAINT "MissionFact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Opportunity" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "missionId" TEXT NOT NULL,
    "kind" "OpportunityKind" NOT NULL,
    "status" "OpportunityStatus" NOT NULL,
    "titleEn" TEXT NOT NULL,
    "titleZh" TEXT NOT NULL,
    "opensOn" DATE,
    "opensPrecision" "DatePrecision",
    "closesOn" DATE,
    "closesPrecision" "DatePrecision",
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Opportunity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OpportunityFact" (
    "id" TEXT NOT NULL,
    "opportunityId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "textEn" TEXT NOT NULL,
    "textZh" TEXT,

    CONSTRAINT "OpportunityFact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OpportunityFigure" (
    "id" TEXT NOT NULL,
    "opportunityId" TEXT NOT NULL,
    "key" "FigureKey" NOT NULL,
    "value" INTEGER NOT NULL,
    "outOf" INTEGER,

    CONSTRAINT "OpportunityFigure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PayloadCapacity" (
    "id" TEXT NOT NULL,
    "opportunityId" TEXT NOT NULL,
    "carrier" "Carrier" NOT NULL,
    "massKg" DECIMAL(8,2) NOT NULL,
    "reservedKg" DECIMAL(8,2) NOT NULL DEFAULT 0,
    "maxPerPayloadKg" DECIMAL(8,2),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PayloadCapacity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Institution" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "nameZh" TEXT,
    "type" "InstitutionType" NOT NULL,
    "countryCode" CHAR(2),
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Institution_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SampleLoanAward" (
    "id" TEXT NOT NULL,
    "opportunityId" TEXT NOT NULL,
    "institutionId" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SampleLoanAward_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoanAgreement" (
    "id" TEXT NOT NULL,
    "awardId" TEXT NOT NULL,
    "status" "AgreementStatus" NOT NULL,
    "signedOn" DATE,
    "expiresOn" DATE,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LoanAgreement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CooperationProject" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "opportunityId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "titleEn" TEXT NOT NULL,
    "titleZh" TEXT NOT NULL,
    "kind" "ProjectKind" NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CooperationProject_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProjectPartner" (
    "projectId" TEXT NOT NULL,
    "institutionId" TEXT NOT NULL,
    "role" "PartnerRole" NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "ProjectPartner_pkey" PRIMARY KEY ("projectId","institutionId")
);

-- CreateTable
CREATE TABLE "_MissionToSource" (
    "A" TEXT NOT NULL,
    "B" TEXT NOT NULL,

    CONSTRAINT "_MissionToSource_AB_pkey" PRIMARY KEY ("A","B")
);

-- CreateTable
CREATE TABLE "_OpportunityToSource" (
    "A" TEXT NOT NULL,
    "B" TEXT NOT NULL,

    CONSTRAINT "_OpportunityToSource_AB_pkey" PRIMARY KEY ("A","B")
);

-- CreateIndex
CREATE UNIQUE INDEX "Source_reference_key" ON "Source"("reference");

-- CreateIndex
CREATE UNIQUE INDEX "Mission_slug_key" ON "Mission"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "MissionFact_missionId_position_key" ON "MissionFact"("missionId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "Opportunity_slug_key" ON "Opportunity"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "OpportunityFact_opportunityId_position_key" ON "OpportunityFact"("opportunityId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "OpportunityFigure_opportunityId_key_key" ON "OpportunityFigure"("opportunityId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "PayloadCapacity_opportunityId_carrier_key" ON "PayloadCapacity"("opportunityId", "carrier");

-- CreateIndex
CREATE UNIQUE INDEX "Institution_slug_key" ON "Institution"("slug");

-- CreateIndex
CREATE INDEX "Institution_countryCode_idx" ON "Institution"("countryCode");

-- CreateIndex
CREATE UNIQUE INDEX "SampleLoanAward_opportunityId_institutionId_key" ON "SampleLoanAward"("opportunityId", "institutionId");

-- CreateIndex
CREATE UNIQUE INDEX "LoanAgreement_awardId_key" ON "LoanAgreement"("awardId");

-- CreateIndex
CREATE UNIQUE INDEX "CooperationProject_slug_key" ON "CooperationProject"("slug");

-- CreateIndex
CREATE INDEX "ProjectPartner_institutionId_idx" ON "ProjectPartner"("institutionId");

-- CreateIndex
CREATE INDEX "_MissionToSource_B_index" ON "_MissionToSource"("B");

-- CreateIndex
CREATE INDEX "_OpportunityToSource_B_index" ON "_OpportunityToSource"("B");

-- AddForeignKey
ALTER TABLE "MissionFact" ADD CONSTRAINT "MissionFact_missionId_fkey" FOREIGN KEY ("missionId") REFERENCES "Mission"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Opportunity" ADD CONSTRAINT "Opportunity_missionId_fkey" FOREIGN KEY ("missionId") REFERENCES "Mission"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OpportunityFact" ADD CONSTRAINT "OpportunityFact_opportunityId_fkey" FOREIGN KEY ("opportunityId") REFERENCES "Opportunity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OpportunityFigure" ADD CONSTRAINT "OpportunityFigure_opportunityId_fkey" FOREIGN KEY ("opportunityId") REFERENCES "Opportunity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PayloadCapacity" ADD CONSTRAINT "PayloadCapacity_opportunityId_fkey" FOREIGN KEY ("opportunityId") REFERENCES "Opportunity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SampleLoanAward" ADD CONSTRAINT "SampleLoanAward_opportunityId_fkey" FOREIGN KEY ("opportunityId") REFERENCES "Opportunity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SampleLoanAward" ADD CONSTRAINT "SampleLoanAward_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LoanAgreement" ADD CONSTRAINT "LoanAgreement_awardId_fkey" FOREIGN KEY ("awardId") REFERENCES "SampleLoanAward"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CooperationProject" ADD CONSTRAINT "CooperationProject_opportunityId_fkey" FOREIGN KEY ("opportunityId") REFERENCES "Opportunity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProjectPartner" ADD CONSTRAINT "ProjectPartner_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "CooperationProject"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProjectPartner" ADD CONSTRAINT "ProjectPartner_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_MissionToSource" ADD CONSTRAINT "_MissionToSource_A_fkey" FOREIGN KEY ("A") REFERENCES "Mission"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_MissionToSource" ADD CONSTRAINT "_MissionToSource_B_fkey" FOREIGN KEY ("B") REFERENCES "Source"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_OpportunityToSource" ADD CONSTRAINT "_OpportunityToSource_A_fkey" FOREIGN KEY ("A") REFERENCES "Opportunity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_OpportunityToSource" ADD CONSTRAINT "_OpportunityToSource_B_fkey" FOREIGN KEY ("B") REFERENCES "Source"("id") ON DELETE CASCADE ON UPDATE CASCADE;

