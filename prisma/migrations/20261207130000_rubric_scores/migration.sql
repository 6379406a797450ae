-- Rubric scores as data: criterion key → whole number, for whatever rubric the answered version of the call's
-- definition declares. The three fixed columns were Tianwen-3's criteria; their scores move under its criterion keys.
ALTER TABLE "ReviewAssignment" ADD COLUMN "scores" JSONB;

UPDATE "ReviewAssignment"
SET "scores" = jsonb_strip_nulls(jsonb_build_object(
    'scientificValue', "scientificValue",
    'technicalFeasibility', "technicalFeasibility",
    'cooperationDiversity', "cooperationDiversity"
))
WHERE "scientificValue" IS NOT NULL OR "technicalFeasibility" IS NOT NULL OR "cooperationDiversity" IS NOT NULL;

ALTER TABLE "ReviewAssignment" DROP COLUMN "scientificValue",
DROP COLUMN "technicalFeasibility",
DROP COLUMN "cooperationDiversity";
