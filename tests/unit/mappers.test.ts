import { describe, expect, it } from "vitest";
import { Prisma } from "@/generated/prisma/client";
import { latest, partialDate, toCapacities, toPool } from "@/server/queries/mappers";

const pool = (key: string, capacity: number | string, reserved: number | string, maxPerRequest: number | null = null) => ({
  id: `pool-${key}`,
  opportunityId: "o1",
  key,
  capacity: new Prisma.Decimal(capacity),
  reserved: new Prisma.Decimal(reserved),
  maxPerRequest: maxPerRequest === null ? null : new Prisma.Decimal(maxPerRequest),
  updatedAt: new Date("2025-04-24T00:00:00Z"),
});

describe("toPool", () => {
  it("leaves the whole pool when nothing is reserved", () => {
    expect(toPool(pool("orbiter", 15, 0))).toEqual({ key: "orbiter", capacity: 15, reserved: 0, remaining: 15, maxPerRequest: null });
  });

  it("subtracts reservations without floating-point residue, to the pool's thousandths", () => {
    expect(toPool(pool("orbiter", 15, 3.3)).remaining).toBe(11.7);
    expect(toPool(pool("service-module", 5, 4.9, 2.5))).toMatchObject({ remaining: 0.1, maxPerRequest: 2.5 });
    expect(toPool(pool("basalt-grams", "2.5", "0.125", 0.25))).toEqual({ key: "basalt-grams", capacity: 2.5, reserved: 0.125, remaining: 2.375, maxPerRequest: 0.25 });
    expect(toPool(pool("basalt-grams", "0.3", "0.1")).remaining).toBe(0.2);
  });

  it("never shows a negative remainder, even from a row reserved beyond its capacity", () => {
    expect(toPool(pool("orbiter", 5, 6)).remaining).toBe(0);
  });
});

describe("toCapacities", () => {
  it("gives the carriers' pools in kilograms per carrier, orbiter, service module then lander, whatever the rows' order", () => {
    expect(toCapacities([pool("lander", 200, 0, 100), pool("service-module", 5, 4.9, 2.5), pool("orbiter", 15, 3.3)])).toEqual([
      { carrier: "ORBITER", massKg: 15, reservedKg: 3.3, remainingKg: 11.7, maxPerPayloadKg: null },
      { carrier: "SERVICE_MODULE", massKg: 5, reservedKg: 4.9, remainingKg: 0.1, maxPerPayloadKg: 2.5 },
      { carrier: "LANDER", massKg: 200, reservedKg: 0, remainingKg: 200, maxPerPayloadKg: 100 },
    ]);
  });

  it("leaves out pools that are no carrier", () => {
    expect(toCapacities([pool("basalt-grams", 2.5, 0), pool("orbiter", 15, 0), pool("ORBITER", 1, 0)])).toEqual([
      { carrier: "ORBITER", massKg: 15, reservedKg: 0, remainingKg: 15, maxPerPayloadKg: null },
    ]);
    expect(toCapacities([])).toEqual([]);
  });
});

describe("partialDate", () => {
  it("keeps the published precision and treats a date without one as exact", () => {
    expect(partialDate(new Date("2023-11-01T00:00:00Z"), "MONTH")).toEqual({ date: "2023-11-01", precision: "MONTH" });
    expect(partialDate(new Date("2023-11-05T00:00:00Z"), null)).toEqual({ date: "2023-11-05", precision: "DAY" });
    expect(partialDate(null, "MONTH")).toBeNull();
  });
});

describe("latest", () => {
  it("returns the most recent of dates and ISO strings", () => {
    expect(latest(new Date("2025-01-01T00:00:00Z"), "2025-04-24T08:00:00.000Z", new Date("2024-12-31T00:00:00Z"))).toBe(
      "2025-04-24T08:00:00.000Z",
    );
  });
});
