import { describe, expect, it } from "vitest";
import { aggregateInvolvement, hasCountryPage, INVOLVEMENT_LEVELS, involvementLevel } from "@/lib/geo/involvement";
import { tileGrid } from "@/lib/geo/tile-grid";

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

describe("tileGrid", () => {
  const seeded = ["PK", "US", "FR", "DE", "JP", "GB", "HK", "TR", "ZA", "PE", "IT", "RU", "TH", "BH", "EG", "IR", "CN"];
  const grid = tileGrid(seeded);
  const at = (code: string) => grid.tiles.find((t) => t.code === code)!;

  it("gives every known country exactly one tile, no two in the same cell, all inside the grid", () => {
    expect(grid.tiles.map((t) => t.code).sort()).toEqual([...seeded].sort());
    expect(new Set(grid.tiles.map((t) => `${t.col},${t.row}`)).size).toBe(seeded.length);
    for (const t of grid.tiles) {
      expect(t.col).toBeGreaterThanOrEqual(0);
      expect(t.col).toBeLessThan(grid.cols);
      expect(t.row).toBeGreaterThanOrEqual(0);
      expect(t.row).toBeLessThan(grid.rows);
    }
    expect(grid.unplaced).toEqual([]);
  });

  it("keeps countries roughly where they lie: Americas west of Europe, Europe west of Asia, the north above the south", () => {
    expect(at("US").col).toBeLessThan(at("FR").col);
    expect(at("PE").col).toBeLessThan(at("EG").col);
    expect(at("FR").col).toBeLessThan(at("PK").col);
    expect(at("PK").col).toBeLessThan(at("CN").col);
    expect(at("CN").col).toBeLessThan(at("JP").col);
    expect(at("RU").row).toBeLessThan(at("PK").row);
    expect(at("GB").row).toBeLessThan(at("IT").row);
    expect(at("EG").row).toBeLessThan(at("ZA").row);
    expect(at("US").row).toBeLessThan(at("PE").row);
    // Hong Kong, China and Bahrain, too small for any drawn map, get a full tile like everyone else.
    expect(at("HK")).toBeDefined();
    expect(at("BH")).toBeDefined();
  });

  it("stays compact: far fewer columns than a 10-degree world grid, and the same picture whatever the input order", () => {
    expect(grid.cols).toBeLessThan(25);
    expect(grid.rows).toBeLessThan(12);
    expect(tileGrid([...seeded].reverse())).toEqual(grid);
    expect(tileGrid(seeded.map((c) => c.toLowerCase()))).toEqual(grid);
  });

  it("lists unknown codes as unplaced, and draws no tile for Taiwan apart from China", () => {
    const result = tileGrid(["CN", "TW", "XK"]);
    expect(result.tiles.map((t) => t.code)).toEqual(["CN"]);
    expect(result.unplaced).toEqual(["TW", "XK"]);
    expect(tileGrid([])).toEqual({ tiles: [], cols: 0, rows: 0, unplaced: [] });
  });
});
