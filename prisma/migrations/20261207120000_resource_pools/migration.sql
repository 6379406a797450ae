-- A call's pools are kept by key in the unit its definition names: the carriers' kilograms become pools
-- "orbiter", "service-module" and "lander", with what was reserved on them.
ALTER TABLE "PayloadCapacity" RENAME TO "ResourcePool";
ALTER TABLE "ResourcePool" RENAME CONSTRAINT "PayloadCapacity_pkey" TO "ResourcePool_pkey";
ALTER TABLE "ResourcePool" RENAME CONSTRAINT "PayloadCapacity_opportunityId_fkey" TO "ResourcePool_opportunityId_fkey";
DROP INDEX "PayloadCapacity_opportunityId_carrier_key";

ALTER TABLE "ResourcePool" ADD COLUMN "key" TEXT;
UPDATE "ResourcePool" SET "key" = lower(replace("carrier"::text, '_', '-'));
ALTER TABLE "ResourcePool" ALTER COLUMN "key" SET NOT NULL;
ALTER TABLE "ResourcePool" DROP COLUMN "carrier";

ALTER TABLE "ResourcePool" RENAME COLUMN "massKg" TO "capacity";
ALTER TABLE "ResourcePool" RENAME COLUMN "reservedKg" TO "reserved";
ALTER TABLE "ResourcePool" RENAME COLUMN "maxPerPayloadKg" TO "maxPerRequest";
ALTER TABLE "ResourcePool" ALTER COLUMN "capacity" SET DATA TYPE DECIMAL(14,3);
ALTER TABLE "ResourcePool" ALTER COLUMN "reserved" SET DATA TYPE DECIMAL(14,3);
ALTER TABLE "ResourcePool" ALTER COLUMN "maxPerRequest" SET DATA TYPE DECIMAL(14,3);

-- Nothing can ever reserve more than a pool holds, whatever writes to it.
ALTER TABLE "ResourcePool" ADD CONSTRAINT "ResourcePool_reserved_within_capacity" CHECK ("reserved" >= 0 AND "reserved" <= "capacity");

CREATE UNIQUE INDEX "ResourcePool_opportunityId_key_key" ON "ResourcePool"("opportunityId", "key");
