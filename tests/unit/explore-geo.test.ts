import { describe, expect, it } from "vitest";
import { alpha2FromNumeric } from "@/lib/geo/country-codes";
import { aggregateInvolvement, hasCountryPage, INVOLVEMENT_LEVELS, involvementLevel } from "@/lib/geo/involvement";
import { worldMap } from "@/lib/geo/world-map";

describe("alpha2FromNumeric", () => {
  it("maps world-atlas ids, which are ISO 3166-1 numeric codes, to alpha-2", () => {
    expect(alpha2FromNumeric("586")).toBe("PK");
    expect(alpha2FromNumeric("156")).toBe("CN");
    expect(alpha2FromNumeric("826")).toBe("GB");
    expect(alpha2FromNumeric("840")).toBe("US");
    expect(alpha2FromNumeric("344")).toBe("HK");
  });

  it("accepts ids without their leading zeros", () => {
    expect(alpha2FromNumeric("48")).toBe("BH");
    expect(alpha2FromNumeric(48)).toBe("BH");
    expect(alpha2FromNumeric("048")).toBe("BH");
    expect(alpha2FromNumeric("036")).toBe("AU");
  });

  it("gives null for features without a code and for numbers no country has", () => {
    expect(alpha2FromNumeric(undefined)).toBeNull();
    expect(alpha2FromNumeric("")).toBeNull();
    expect(alpha2FromNumeric("999")).toBeNull();
    expect(alpha2FromNumeric("CN")).toBeNull();
    expect(alpha2FromNumeric("1234")).toBeNull();
  });
});

describe("aggregateInvolvement", () => {
  it("counts awards and projects per country, a project once however many of its partners share a country", () => {
    const result = aggregateInvolvement(
      [
        { kind: "sampleLoan", countryCode: "US", key: "award-brown" },
        { kind: "sampleLoan", countryCode: "US", key: "award-stony-brook" },
        { kind: "sampleLoan", countryCode: "PK", key: "award-suparco" },
        { kind: "project", countryCode: "PK", key: "pakistani-lunar-rover" },
        { kind: "project", countryCode: "TH", key: "lunar-neutron-analyser" },
        { kind: "project", countryCode: "TH", key: "lunar-neutron-analyser" },
        { kind: "project", countryCode: "RU", key: "plasma-dust" },
        { kind: "project", countryCode: "RU", key: "ion-analyser" },
      ],
      [],
    );
    expect(result).toEqual([
      { code: "PK", sampleLoans: 1, projects: 1, interest: 0, total: 2 },
      { code: "RU", sampleLoans: 0, projects: 2, interest: 0, total: 2 },
      { code: "TH", sampleLoans: 0, projects: 1, interest: 0, total: 1 },
      { code: "US", sampleLoans: 2, projects: 0, interest: 0, total: 2 },
    ]);
  });

  it("leaves international organisations (no country) off the map", () => {
    const result = aggregateInvolvement([{ kind: "project", countryCode: null, key: "pakistani-lunar-rover" }], []);
    expect(result).toEqual([]);
  });

  it("adds expressions of interest as counts, including countries with nothing else, and drops zero counts", () => {
    const result = aggregateInvolvement(
      [{ kind: "sampleLoan", countryCode: "FR", key: "award-ipgp" }],
      [
        { countryCode: "FR", count: 2 },
        { countryCode: "np", count: 1 },
        { countryCode: "BR", count: 0 },
      ],
    );
    expect(result).toEqual([
      { code: "FR", sampleLoans: 1, projects: 0, interest: 2, total: 3 },
      { code: "NP", sampleLoans: 0, projects: 0, interest: 1, total: 1 },
    ]);
    expect(result.map(hasCountryPage)).toEqual([true, false]);
  });
});

describe("involvementLevel", () => {
  it("puts every total in exactly one shading class", () => {
    expect([0, 1, 2, 3, 4, 5, 40].map(involvementLevel)).toEqual([0, 1, 2, 3, 3, 4, 4]);
    for (const band of INVOLVEMENT_LEVELS) {
      expect(involvementLevel(band.min)).toBe(band.level);
      if (band.max !== null) expect(involvementLevel(band.max)).toBe(band.level);
    }
  });
});

describe("worldMap", () => {
  const map = worldMap();

  it("draws one path per country, with alpha-2 codes, and no Antarctica", () => {
    const codes = map.shapes.map((s) => s.code).filter((c): c is string => c !== null);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of ["PK", "FR", "DE", "JP", "GB", "US", "TR", "ZA", "PE", "IT", "RU", "TH", "EG", "IR", "CN"]) expect(codes).toContain(code);
    expect(codes).not.toContain("AQ");
  });

  it("shows Taiwan within China's outline", () => {
    expect(map.shapes.map((s) => s.code)).not.toContain("TW");
  });

  it("keeps the picture small: whole-unit coordinates, about 40 kB of path data", () => {
    const total = map.shapes.reduce((n, s) => n + s.d.length, 0);
    expect(total).toBeLessThan(45_000);
    for (const s of map.shapes) expect(s.d).toMatch(/^M[-\d lmz]+$/);
    expect(map.width).toBe(2000);
    expect(map.height).toBeGreaterThan(700);
    expect(map.height).toBeLessThan(1000);
  });

  it("places markers for Hong Kong and Bahrain, which the 110m map lacks, and none for large countries", () => {
    const hk = map.markerAt("HK");
    const bh = map.markerAt("bh");
    expect(hk).not.toBeNull();
    expect(bh).not.toBeNull();
    // Hong Kong lies east of Bahrain and further south; both in the northern half.
    expect(hk![0]).toBeGreaterThan(bh![0]);
    expect(hk![1]).toBeGreaterThan(bh![1]);
    expect(hk![1]).toBeLessThan(map.height / 2);
    expect(map.markerAt("PK")).toBeNull();
    expect(map.markerAt("US")).toBeNull();
  });
});
