// How much each country or region takes part in the portal's cooperation, counted from published records.

export interface InvolvementRecord {
  kind: "sampleLoan" | "project";
  /** ISO 3166-1 alpha-2; null for an international organisation. */
  countryCode: string | null;
  /** What is counted once per country: the award, or the project (two partners of one country count once). */
  key: string;
}

export interface InterestCount {
  countryCode: string;
  count: number;
}

export interface CountryInvolvement {
  code: string;
  sampleLoans: number;
  projects: number;
  /** Expressions of interest submitted for a payload offer, as a count only. */
  interest: number;
  total: number;
}

/** Per country, in code order: sample loans, projects and expressions of interest; countries with none are left out. */
export function aggregateInvolvement(records: InvolvementRecord[], interest: InterestCount[]): CountryInvolvement[] {
  const loans = new Map<string, Set<string>>();
  const projects = new Map<string, Set<string>>();
  for (const record of records) {
    if (!record.countryCode) continue;
    const code = record.countryCode.toUpperCase();
    const counted = record.kind === "sampleLoan" ? loans : projects;
    const keys = counted.get(code) ?? new Set<string>();
    keys.add(record.key);
    counted.set(code, keys);
  }
  const interestBy = new Map<string, number>();
  for (const { countryCode, count } of interest) {
    const code = countryCode.toUpperCase();
    interestBy.set(code, (interestBy.get(code) ?? 0) + count);
  }
  const codes = new Set([...loans.keys(), ...projects.keys(), ...interestBy.keys()]);
  return [...codes]
    .map((code) => {
      const sampleLoans = loans.get(code)?.size ?? 0;
      const projectCount = projects.get(code)?.size ?? 0;
      const interestCount = interestBy.get(code) ?? 0;
      return { code, sampleLoans, projects: projectCount, interest: interestCount, total: sampleLoans + projectCount + interestCount };
    })
    .filter((c) => c.total > 0)
    .sort((a, b) => a.code.localeCompare(b.code));
}

/** The map's shading classes: each is the least number of records that puts a country in it. */
export const INVOLVEMENT_LEVELS = [
  { level: 1, min: 1, max: 1 },
  { level: 2, min: 2, max: 2 },
  { level: 3, min: 3, max: 4 },
  { level: 4, min: 5, max: null },
] as const;

export type InvolvementLevel = 0 | (typeof INVOLVEMENT_LEVELS)[number]["level"];

export function involvementLevel(total: number): InvolvementLevel {
  let level: InvolvementLevel = 0;
  for (const band of INVOLVEMENT_LEVELS) if (total >= band.min) level = band.level;
  return level;
}

/** A country page exists for a country with at least one published institution: one with a loan or a project. */
export const hasCountryPage = (c: CountryInvolvement) => c.sampleLoans + c.projects > 0;
