-- Chang'e slugs were first written change-N..., which reads as the English word "change": rename them in place to
-- chang-e-N... (src/proxy.ts redirects the old addresses). Every slug that starts with change-<digit>, including any
-- staff made, so the proxy's rule and the data agree. updatedAt is left alone: the content did not change.
UPDATE "Mission" SET "slug" = 'chang-e-' || substr("slug", 8) WHERE "slug" ~ '^change-[0-9]';
UPDATE "Opportunity" SET "slug" = 'chang-e-' || substr("slug", 8) WHERE "slug" ~ '^change-[0-9]';
UPDATE "Milestone" SET "slug" = 'chang-e-' || substr("slug", 8) WHERE "slug" ~ '^change-[0-9]';
