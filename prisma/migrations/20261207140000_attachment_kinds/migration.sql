-- A file question's kind is the call's own (TECHNICAL_DESCRIPTION, SAMPLE_PLAN…), no longer a fixed list.
ALTER TABLE "Attachment" ALTER COLUMN "kind" SET DATA TYPE TEXT USING "kind"::text;
DROP TYPE "AttachmentKind";
