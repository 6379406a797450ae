import { describe, expect, it } from "vitest";
import { Prisma } from "@/generated/prisma/client";
import { latest, partialDate, toCapacity } from "@/server/queries/mappers";

const capacity = (massKg: number, reservedKg: number, maxPerPayloadKg: number | null = null) => ({
  id: "c1",
  opportunityId: "o1",
  carrier: "ORBITER" as const,
  massKg: new Prisma.Decimal(massKg),
  reservedKg: new Prisma.Decimal(reservedKg),
  maxPerPayloadKg: maxPerPayloadKg === null ? null : new Prisma.Decimal(maxPerPayloadKg),
  updatedAt: new Date("2025-04-24T00:00:00Z"),
});

describe("toCapacity", () => {
  it("leaves the whole offer when nothing is reserved", () => {
    expect(toCapacity(capacity(15, 0))).toEqual({ carrier: "ORBITER", massKg: 15, reservedKg: 0, remainingKg: 15, maxPerPayloadKg: null });
  });

  it("subtracts reservations without floating-point residue", () => {
    expect(toCapacity(capacity(15, 3.3)).remainingKg).toBe(11.7);
    expect(toCapacity(capacity(5, 4.9, 2.5))).toMatchObject({ remainingKg: 0.1, maxPerPayloadKg: 2.5 });
  });

  it("never shows negative capacity when reservations exceed the offer", () => {
    expect(toCapacity(capacity(5, 6)).remainingKg).toBe(0);
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
